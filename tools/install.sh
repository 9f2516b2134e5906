#!/usr/bin/env bash
# Installs what flowsim needs from Debian (if missing) and builds it in
# build/.  Usage: tools/install.sh   (as root, or with sudo available)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential meson ninja-build pkg-config libgsl-dev libyaml-dev
          libsqlite3-dev gnuplot-nox libmicrohttpd-dev)
# The packages of the list not installed yet, into `missing`.
find_missing() {
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
      missing+=("$p")
  done
}
find_missing
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}" >&2
  $sudo apt-get update -qq
  # apt's status is not the verdict: without a pseudo-terminal (a chroot,
  # some containers) it fails to write its log after installing every
  # package.  What dpkg says is installed is.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null || true
  find_missing
  if [ ${#missing[@]} -gt 0 ]; then
    echo "tools/install.sh: could not install: ${missing[*]}" >&2
    exit 1
  fi
fi

[ -f build/build.ninja ] || meson setup build --buildtype=release >/dev/null
ninja -C build >/dev/null
echo "built build/tools/flowsim" >&2
