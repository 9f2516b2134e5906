#!/usr/bin/env bash
# cluster-bench.sh -- speed of flowsim on MPI ranks and of batches of
# experiments; the figures of BENCHMARKS.md, "MPI".
#
# Usage: tools/bench/cluster-bench.sh FLOWSIM [REPEATS [OLD_FLOWSIM]]
#   FLOWSIM  a release build with MPI (meson setup build-rel
#            --buildtype=release; ninja -C build-rel)
#   REPEATS  runs of each measurement, the best kept (default 3)
#
# Prints markdown table rows:
#  1. overhead per task: a one-day Erlang scenario (about 50 us of CPU a
#     replication) run 4,000 times, minus one replication (start-up),
#     divided by 4,000 -- on threads, and on 2 and 3 ranks;
#  2. speed-up against ranks: hospital.yaml, 96 replications, one thread
#     per rank (ranks beyond the cores share them: --oversubscribe), and
#     the same net of start-up (the same command with 1 replication);
#  3. batches: a sweep of 6 points x 3 replications on 2 threads, and a
#     sweep of 5 points x 3 replications whose first point is 5 times
#     slower than the others, on 2 ranks -- wall time, and how many of
#     the cores it kept busy (CPU / wall).
# CPU is user + sys of the command and all its processes (mpirun forks
# the ranks); wall is elapsed.  Run it on a quiet machine.
set -u
flowsim=${1:?usage: cluster-bench.sh FLOWSIM [REPEATS [OLD_FLOWSIM]]}
repeats=${2:-3}
old=${3:-}
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
cores=$(nproc)
erlang=$src/scenarios/examples/erlang-loss.yaml
hosp=$src/scenarios/examples/hospital.yaml
printf 'extends: %s\nname: tiny\nhorizon: 1 days\nwarmup: 0 days\n' \
  "$erlang" >"$tmp/tiny.yaml"

# best WALL CPU of REPEATS runs of a command (seconds)
measure() {
  local best_w= best_c=
  for _ in $(seq "$repeats"); do
    /usr/bin/time -f '%e %U %S' -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" ||
      { echo "failed: $*" >&2; cat "$tmp/err" >&2; return 1; }
    read -r w u s <"$tmp/t"
    local c
    c=$(echo "$u + $s" | bc -l)
    if [ -z "$best_w" ] || [ "$(echo "$w < $best_w" | bc -l)" = 1 ]; then
      best_w=$w
      best_c=$c
    fi
  done
  echo "$best_w $best_c"
}

# mpirun's prefix for N ranks (measure runs programs, not functions)
mpi() { echo "mpirun -np $1 --bind-to none $flowsim"; }

echo "machine: $cores cores; $(mpirun --version 2>/dev/null | head -1)"
echo
echo "| overhead per task | CPU per task | wall per task |"
echo "|---|---:|---:|"
for mode in threads 2 3; do
  if [ "$mode" = threads ]; then
    cmd="$flowsim"
    args="--threads $cores"
    label="threads (1 process, $cores threads)"
  else
    cmd=$(mpi "$mode")
    args="--threads 1"
    label="mpirun -np $mode, 1 thread per rank"
  fi
  # shellcheck disable=SC2086
  read -r w1 c1 < <(measure $cmd run "$tmp/tiny.yaml" $args --no-store -q --replications 1)
  # shellcheck disable=SC2086
  read -r wn cn < <(measure $cmd run "$tmp/tiny.yaml" $args --no-store -q --replications 4000)
  printf '| %s | %.0f us | %.0f us |\n' "$label" \
    "$(echo "($cn - $c1) / 4000 * 1000000" | bc -l)" \
    "$(echo "($wn - $w1) / 4000 * 1000000" | bc -l)"
done

echo
echo "| ranks (1 thread each) | wall | CPU | speed-up | start-up | speed-up net of start-up |"
echo "|---:|---:|---:|---:|---:|---:|"
read -r w1 c1 < <(measure "$flowsim" run "$hosp" --replications 96 --threads 1 --no-store -q)
read -r s1 _ < <(measure "$flowsim" run "$hosp" --replications 1 --threads 1 --no-store -q)
printf '| 1 (no MPI) | %.2f s | %.2f s | 1.00 | %.2f s | 1.00 |\n' "$w1" "$c1" "$s1"
for n in 2 3 4; do
  # shellcheck disable=SC2046
  read -r w c < <(measure $(mpi "$n") run "$hosp" --replications 96 --threads 1 --no-store -q)
  # shellcheck disable=SC2046
  read -r s0 _ < <(measure $(mpi "$n") run "$hosp" --replications 1 --threads 1 --no-store -q)
  printf '| %d | %.2f s | %.2f s | %.2f | %.2f s | %.2f |\n' "$n" "$w" "$c" \
    "$(echo "$w1 / $w" | bc -l)" "$s0" "$(echo "($w1 - $s1) / ($w - $s0)" | bc -l)"
done

echo
echo "| batch | build | wall | CPU | cores busy |"
echo "|---|---|---:|---:|---:|"
printf 'name: six\nbase: %s\nreplications: 3\ngrid:\n  units.intermediate.capacity: [100, 104, 108, 112, 116, 120]\n' "$hosp" >"$tmp/six.yaml"
printf 'name: slow\nbase: %s\nreplications: 3\npoints:\n  - {horizon: "1825 days"}\n  - {horizon: "365 days", units.intermediate.capacity: 100}\n  - {horizon: "365 days", units.intermediate.capacity: 104}\n  - {horizon: "365 days", units.intermediate.capacity: 112}\n  - {horizon: "365 days", units.intermediate.capacity: 116}\n' "$hosp" >"$tmp/slow.yaml"
for b in "$flowsim" $old; do
  name=this
  [ "$b" != "$flowsim" ] && name=old
  read -r w c < <(measure "$b" sweep "$tmp/six.yaml" --threads 2 --no-store -q)
  printf '| sweep 6 points x 3 replications, 2 threads | %s | %.2f s | %.2f s | %.2f |\n' "$name" "$w" "$c" "$(echo "$c / $w" | bc -l)"
  read -r w c < <(measure mpirun -np 2 --bind-to none "$b" sweep "$tmp/slow.yaml" --threads 1 --no-store -q)
  printf '| sweep 5 points x 3, first point 5x slower, 2 ranks x 1 thread | %s | %.2f s | %.2f s | %.2f |\n' "$name" "$w" "$c" "$(echo "$c / $w" | bc -l)"
done
