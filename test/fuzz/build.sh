#!/bin/sh
# build.sh -- builds the libFuzzer targets fuzz_load, fuzz_set and fuzz_sweep with clang
# (-fsanitize=fuzzer,address,undefined), outside the meson build.
#
#   test/fuzz/build.sh [OUTDIR]      (default: build-fuzz/ at the repo root)
#
# Needs clang and libclang-rt-14-dev (apt-get install -y clang
# libclang-rt-14-dev), plus the gsl and yaml-0.1 development packages.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/build-fuzz}
CC=${CC:-clang}
mkdir -p "$out"
flags="-std=c17 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer
  -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
  -Wall -Wextra
  -I$root/sim -I$root/models -I$root/tools/load -I$root/test/fuzz
  $(pkg-config --cflags gsl yaml-0.1)"
libs="$(pkg-config --libs gsl yaml-0.1) -lm"
srcs="$root/sim/*.c $root/models/*.c $root/tools/load/*.c $root/test/fuzz/fuzz_common.c"

# The library code once, as objects shared by both targets.
rm -rf "$out/obj"
mkdir -p "$out/obj"
for f in $srcs; do
    o=$(echo "$f" | sed "s|^$root/||; s|/|_|g; s|\.c$|.o|")
    # shellcheck disable=SC2086
    $CC $flags -c "$f" -o "$out/obj/$o"
done
for t in fuzz_load fuzz_set fuzz_sweep; do
    # shellcheck disable=SC2086
    $CC $flags -fsanitize=fuzzer \
        -DFUZZ_BASE="\"$root/scenarios/examples/hospital.yaml\"" \
        -DFUZZ_EXAMPLES="\"$root/scenarios/examples\"" \
        "$root/test/fuzz/$t.c" "$out"/obj/*.o $libs -o "$out/$t"
    echo "built $out/$t"
done
