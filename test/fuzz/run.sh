#!/bin/sh
# run.sh -- runs a libFuzzer target for a given time on one core.
#
#   test/fuzz/run.sh SECONDS [TARGET] [OUTDIR]
#
# TARGET is fuzz_load, fuzz_set, fuzz_sweep or fuzz_store (default: all
# four, for SECONDS/3, SECONDS/4, SECONDS/12 and SECONDS/3); OUTDIR the
# build directory of
# build.sh (default build-fuzz/ at the repo root; built first when the
# target is missing).  The working corpus (OUTDIR/corpus-TARGET) starts
# from the seeds and keeps growing across runs.  libFuzzer runs in one
# forked worker (-fork=1) and goes on after a crash, timeout or OOM; those
# inputs land in OUTDIR/artifacts/, the log in OUTDIR/TARGET.log.  Seeds:
# fuzz_load, every YAML under scenarios/ and test/load/{good,bad};
# fuzz_set and fuzz_sweep, test/fuzz/corpus/set/ and corpus/sweep/;
# fuzz_store, corpus/store/ (with store.dict, inputs up to 256 KiB, its
# files in /dev/shm when there is one); all, test/fuzz/regressions/TARGET/.
# See test/fuzz/README.md.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:?usage: run.sh SECONDS [TARGET] [OUTDIR]}
target=${2:-all}
out=${3:-$root/build-fuzz}
if [ "$target" = all ]; then
    "$0" $((secs / 3)) fuzz_load "$out"
    "$0" $((secs / 4)) fuzz_set "$out"
    "$0" $((secs / 12)) fuzz_sweep "$out"
    "$0" $((secs - secs / 3 - secs / 4 - secs / 12)) fuzz_store "$out"
    exit
fi
dict=$root/test/fuzz/fuzz.dict
max_len=65536
case $target in
fuzz_load)
    seeds="$root/test/fuzz/regressions/load"
    seeds="$seeds $(find "$root/scenarios" "$root/test/load/good" \
        "$root/test/load/bad" -name '*.yaml' -exec dirname {} \; | sort -u)" ;;
fuzz_set)
    seeds="$root/test/fuzz/corpus/set $root/test/fuzz/regressions/set" ;;
fuzz_sweep)
    seeds="$root/test/fuzz/corpus/sweep $root/test/fuzz/regressions/sweep" ;;
fuzz_store)
    seeds="$root/test/fuzz/corpus/store $root/test/fuzz/regressions/store"
    dict=$root/test/fuzz/store.dict
    max_len=262144
    # Its stores, reports and plot folders: in memory when possible.
    if [ -d /dev/shm ] && [ -w /dev/shm ]; then
        TMPDIR=/dev/shm
        export TMPDIR
    fi ;;
*)
    echo "run.sh: unknown target '$target' (fuzz_load, fuzz_set, fuzz_sweep or fuzz_store)" >&2
    exit 2 ;;
esac
[ -x "$out/$target" ] || "$root/test/fuzz/build.sh" "$out"
mkdir -p "$out/corpus-$target" "$out/artifacts" "$out/work"
# The working directory: an `extends:` in an input resolves here.
cd "$out/work"
# shellcheck disable=SC2086
"$out/$target" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -max_len="$max_len" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 \
    -ignore_ooms=1 -dict="$dict" -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/$target-" \
    "$out/corpus-$target" $seeds 2>&1 | tee -a "$out/$target.log"
