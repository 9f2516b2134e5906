#!/bin/sh
# build.sh -- builds the libFuzzer targets fuzz_load, fuzz_set, fuzz_sweep
# and fuzz_store with clang (-fsanitize=fuzzer,address,undefined), and
# fuzz_store's stand-in for gnuplot, script_check, outside the meson build.
#
#   test/fuzz/build.sh [OUTDIR]      (default: build-fuzz/ at the repo root)
#
# Needs clang and libclang-rt-14-dev (apt-get install -y clang
# libclang-rt-14-dev), plus the gsl, yaml-0.1 and sqlite3 development
# packages.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/build-fuzz}
CC=${CC:-clang}
mkdir -p "$out"
# flowsim_config.h, as meson writes it (the version from meson.build).
version=$(sed -n "s/^  version : '\(.*\)',$/\1/p" "$root/meson.build")
printf '#define FLOWSIM_VERSION "%s"\n#define FLOWSIM_HAVE_MPI 0\n' \
    "$version" >"$out/flowsim_config.h"
flags="-std=c17 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer
  -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
  -Wall -Wextra -Wpedantic -Wmissing-prototypes -Wstrict-prototypes -Wvla
  -Wshadow -Wcast-qual
  -I$root/sim -I$root/models -I$root/tools/write -I$root/tools/load
  -I$root/test/fuzz
  $(pkg-config --cflags gsl yaml-0.1 sqlite3)"
libs="$(pkg-config --libs gsl yaml-0.1) -lm"
# The layers as the meson build has them (tools/README.md): the model,
# the output layer and the scenario language for every target ...
srcs="$root/sim/*.c $root/models/*.c $root/tools/write/*.c $root/tools/load/*.c
  $root/test/fuzz/fuzz_common.c"
# ... and for the store reader's (report, export, merge) the layers above:
# experiments and the store, finance, reports.
store_srcs="$root/tools/exp/*.c $root/tools/finance/*.c $root/tools/report/*.c"
store_flags="-I$root/tools/exp -I$root/tools/finance -I$root/tools/report
  -I$out"

# The library code once, as objects shared by the targets.
compile() {   # compile OBJDIR EXTRA_FLAGS SOURCES...
    d=$1
    extra=$2
    shift 2
    rm -rf "$d"
    mkdir -p "$d"
    for f in "$@"; do
        o=$(echo "$f" | sed "s|^$root/||; s|/|_|g; s|\.c$|.o|")
        # shellcheck disable=SC2086
        $CC $flags $extra -c "$f" -o "$d/$o"
    done
}
# shellcheck disable=SC2086
compile "$out/obj" "" $srcs
# shellcheck disable=SC2086
compile "$out/obj-store" "$store_flags" $store_srcs
for t in fuzz_load fuzz_set fuzz_sweep; do
    # shellcheck disable=SC2086
    $CC $flags -fsanitize=fuzzer \
        -DFUZZ_BASE="\"$root/scenarios/examples/hospital.yaml\"" \
        -DFUZZ_EXAMPLES="\"$root/scenarios/examples\"" \
        "$root/test/fuzz/$t.c" "$out"/obj/*.o $libs -o "$out/$t"
    echo "built $out/$t"
done
$CC -std=c17 -D_POSIX_C_SOURCE=200809L -O1 -Wall -Wextra -Wpedantic \
    "$root/test/fuzz/script_check.c" -o "$out/script_check"
echo "built $out/script_check"
# shellcheck disable=SC2086
$CC $flags $store_flags -fsanitize=fuzzer \
    -DFUZZ_SCRIPT_CHECK="\"$out/script_check\"" \
    "$root/test/fuzz/fuzz_store.c" "$out"/obj/*.o "$out"/obj-store/*.o \
    $libs $(pkg-config --libs sqlite3) -lpthread -o "$out/fuzz_store"
echo "built $out/fuzz_store"
