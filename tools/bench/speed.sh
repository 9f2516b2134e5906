#!/usr/bin/env bash
# speed.sh -- the speed figures of BENCHMARKS.md, side by side in one run.
#
#   tools/bench/speed.sh FLOWSIM FLOWSIM_BENCH [ROUNDS] [OLD_FLOWSIM]
#
# Each round runs, one after another: the minimal C M/M/1 (the calibration
# loop of flowsim-bench mm1-engine: a binary heap of (time, kind), GSL
# taus2, 10^6 customers), `flowsim run tools/bench/mm1.yaml` (the same
# M/M/1 through the whole command), and four replications of the Stockport
# baseline on one thread (and the same two runs with OLD_FLOWSIM, if
# given).  CPU is the user time of the command (/usr/bin/time) and the
# process CPU time of the calibration loop, which preemption by other jobs
# on a shared machine inflates less than wall time; the best of the rounds
# is kept for each.  With FULL=1 it then also runs 1,000 replication-years
# of the Stockport baseline (860 replications of 425 days) on two threads,
# and one replication at horizons of 425 and 3,710 days for peak memory
# (no daily series: --no-store).  Run from the source directory.
set -eu
fs=$1
bench=$2
rounds=${3:-5}
old=${4:-}
mm1=tools/bench/mm1.yaml
stockport=scenarios/stockport/baseline.yaml

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
cpu() { # the user CPU seconds of a command
  /usr/bin/time -o "$tmp" -f "%U" "$@" >/dev/null 2>/dev/null
  tail -1 "$tmp"
}
min() { python3 -c "import sys; print(min(float(x) for x in sys.argv[1:]))" "$@"; }
max() { python3 -c "import sys; print(max(float(x) for x in sys.argv[1:]))" "$@"; }

cal=() mm=() sp=() omm=() osp=() events=
for r in $(seq "$rounds"); do
  out=$("$bench" --best-of 1 mm1-engine)
  cal+=("$(echo "$out" | awk '/calibration: minimal C, CPU/ {print $(NF-1)}')")
  events=$(echo "$out" | awk '$2 == "events" && $1 == "mm1-engine" {print $3}')
  mm+=("$(cpu "$fs" run "$mm1" --no-store -q --threads 1)")
  sp+=("$(cpu "$fs" run "$stockport" --no-store -q --threads 1 --replications 4)")
  if [ -n "$old" ]; then
    omm+=("$(cpu "$old" run "$mm1" --no-store -q --threads 1)")
    osp+=("$(cpu "$old" run "$stockport" --no-store -q --threads 1 --replications 4)")
  fi
done
calib=$(min "${cal[@]}")
python3 - "$calib" "$events" "$(min "${mm[@]}")" "$(min "${sp[@]}")" \
  "$( [ -n "$old" ] && min "${omm[@]}" || echo nan)" \
  "$( [ -n "$old" ] && min "${osp[@]}" || echo nan)" "$rounds" <<'EOF'
import math, sys
calib, events, mm, sp, omm, osp, rounds = sys.argv[1:]
calib, events, mm, sp = float(calib), float(events), float(mm), float(sp)
omm, osp = float(omm), float(osp)  # calib: CPU seconds of the minimal loop
years = 4 * 425 / 365               # four replications of 425 days
print("best of %s rounds" % rounds)
print("calibration: minimal C M/M/1, %.3f s CPU for %.0f events (%.1f M "
      "events/s)" % (calib, events, events / calib / 1e6))
print("M/M/1 through flowsim run: %.3f s CPU = %.2f x the minimal loop"
      % (mm, mm / calib))
print("Stockport baseline, 4 replications: %.2f s CPU = %.3f s a "
      "replication-year" % (sp, sp / years))
if not math.isnan(omm):
    print("old build: M/M/1 %.3f s (%.2f x), Stockport %.3f s a "
          "replication-year" % (omm, omm / calib, osp / years))
EOF

if [ "${FULL:-0}" = 1 ]; then
  /usr/bin/time -o "$tmp" -f "%e %U" "$fs" run "$stockport" --replications 860 \
    --threads 2 --no-store -q --format csv >/dev/null
  read -r wall user <"$tmp"
  echo "1,000 Stockport replication-years (860 replications), 2 threads: $wall s wall, $user s CPU"
  for h in "425 days" "3710 days"; do
    /usr/bin/time -o "$tmp" -f "%M" "$fs" run "$stockport" --no-store -q \
      --threads 1 --replications 1 --set "horizon=$h" >/dev/null
    echo "peak RSS, one replication of $h: $(tail -1 "$tmp") KB"
  done
fi
