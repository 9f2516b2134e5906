#!/usr/bin/env bash
# Runs the whole test suite twice: in a plain build (build/) and in a build
# with AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/).
# Installs missing packages first (tools/install.sh).  Ends with the line
# "N passed, N failed".  Usage: tools/test.sh
set -uo pipefail
cd "$(dirname "$0")/.."
tools/install.sh || exit 1

# Test-only packages: headless Chromium for the report's browser test,
# Open MPI for the cluster tests (test/mpi), valgrind for the leak check,
# the sqlite3 shell to inspect stores.
# The test-only packages not installed yet, into `need`.
find_need() {
  need=()
  command -v chromium >/dev/null || need+=(chromium)
  command -v valgrind >/dev/null || need+=(valgrind)
  command -v python3 >/dev/null || need+=(python3)
  command -v sqlite3 >/dev/null || need+=(sqlite3)
  # The schema test validates scenarios with Debian's JSON Schema validator.
  python3 -c 'import jsonschema, yaml' 2>/dev/null ||
    need+=(python3-jsonschema python3-yaml)
  { command -v mpirun >/dev/null &&
    dpkg-query -W -f='${Status}' libopenmpi-dev 2>/dev/null | grep -q "ok installed"; } ||
    need+=(openmpi-bin libopenmpi-dev)
}
find_need
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  # As in tools/install.sh: what is installed afterwards is the verdict,
  # not apt's status (it fails without a pseudo-terminal after the work).
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    --no-install-recommends "${need[@]}" >/dev/null || true
  find_need
  if [ ${#need[@]} -gt 0 ]; then
    echo "tools/test.sh: could not install: ${need[*]}" >&2
    exit 1
  fi
fi
# A build configured before Open MPI was installed finds it now.
for b in build build-asan; do
  if grep -qs "FLOWSIM_HAVE_MPI 0" "$b/flowsim_config.h"; then
    meson setup --reconfigure "$b" >/dev/null || exit 1
  fi
done

[ -f build-asan/build.ninja ] ||
  meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false \
    --buildtype=debug >/dev/null || exit 1
ninja -C build-asan >/dev/null || exit 1

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
rc=0
log=$(mktemp)
meson test -C build --print-errorlogs | tee "$log" || rc=1
meson test -C build-asan --print-errorlogs --timeout-multiplier 4 | tee -a "$log" || rc=1

# One closing line for both builds, from meson's summaries.
awk '/^Ok:/ {ok += $2} /^Expected Fail:/ {ok += $3}
     /^Fail:/ {bad += $2} /^Unexpected Pass:/ {bad += $3} /^Timeout:/ {bad += $2}
     /^Skipped:/ {skip += $2}
     END {printf "%d passed, %d failed, %d skipped\n", ok, bad, skip}' "$log"
rm -f "$log"
exit $rc
