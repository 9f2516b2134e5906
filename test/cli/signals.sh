#!/usr/bin/env bash
# Signals and special inputs, end to end: a FIFO given as the scenario is
# refused at once; a signal while a scenario loads ends flowsim at once
# with 128 + N; during a run SIGINT, SIGTERM and SIGHUP let the running
# replications finish, keep them and exit 130, 143 and 129, and the rerun
# resumes; SIGHUP ignored at start (nohup) stays ignored; output to a
# closed pipe is exit status 4 with a message, not death by SIGPIPE.
# Nothing here waits a fixed time: processes are caught at known points
# (the signal watcher running, the store created) and frozen with SIGSTOP
# while signalled.  Usage: signals.sh FLOWSIM SRCDIR
set -u
flowsim=$1
src=$2
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
not_ok() { echo "not ok - $1"; fail=$((fail + 1)); }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
cd "$tmp" || exit 1
# flowsim keeps SIGHUP ignored when it starts ignored (nohup), so the
# checks that it stops on SIGHUP start it with SIGHUP at its default, in
# case this script itself runs under nohup (env execs flowsim: $! is its
# process).
dflt=(env --default-signal=HUP)

erlang=$src/scenarios/examples/erlang-loss.yaml
hosp=$src/scenarios/examples/hospital.yaml
declare -A status=([INT]=130 [TERM]=143 [HUP]=129)

# 1 if process $1 is gone or a zombie.
gone() {
  local st
  st=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
  [ -z "$st" ] || [ "$st" = Z ]
}
# Waits until process $1 has started its signal watcher (its second
# thread: the signals are blocked before it starts, so from then on any
# signal is the watcher's) or is gone.
await_watcher() {
  until [ "$(ls /proc/"$1"/task 2>/dev/null | wc -l)" -ge 2 ] || gone "$1"; do :; done
}

# A FIFO (or a device) is not read: before, check opened it and waited
# for a writer, and a single SIGINT or SIGTERM did not end the wait.
mkfifo "$tmp/scenario.fifo"
timeout -k 5 60 "$flowsim" check "$tmp/scenario.fifo" >/dev/null 2>"$tmp/err"
st=$?
check "check on a FIFO is refused at once with status 2 ($st)" \
  '[ $st -eq 2 ] && grep -q "scenario.fifo:1:1: (file): a pipe, not a regular file" "$tmp/err"'
timeout -k 5 60 "$flowsim" run /dev/zero --no-store >/dev/null 2>"$tmp/err"
st=$?
check "run on a character device is refused at once with status 2 ($st)" \
  '[ $st -eq 2 ] && grep -q "/dev/zero:1:1: (file): a character device, not a regular file" "$tmp/err"'

# A scenario that takes a while to load: a million nodes from aliases,
# refused only at the end (description must be text).
{
  printf 'name: slow\nseed: &a [1'
  for _ in $(seq 999); do printf ',1'; done
  printf ']\ndescription: [*a'
  for _ in $(seq 989); do printf ',*a'; done
  printf ']\n'
} >"$tmp/slow.yaml"
"$flowsim" check "$tmp/slow.yaml" >/dev/null 2>"$tmp/err"
check "the slow scenario loads to its error (exit 2)" \
  '[ $? -eq 2 ] && grep -q "slow.yaml:3:14: description: expected a non-empty text" "$tmp/err"'

# Signals it while it loads: freezes it once the watcher runs; if the
# loader has not reported yet (its message comes right after loading),
# sends the signal and lets it go on.  The status, or 255 when loading
# had already ended (then the caller tries again).
signal_loading() {
  "${dflt[@]}" "$flowsim" check "$tmp/slow.yaml" >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  await_watcher $pid
  kill -STOP $pid 2>/dev/null
  if gone $pid || [ -s "$tmp/err" ]; then
    kill -CONT $pid 2>/dev/null
    wait $pid 2>/dev/null
    pid=
    return 255
  fi
  kill -"$1" $pid
  kill -CONT $pid
  wait $pid 2>/dev/null
  local st=$?
  pid=
  return $st
}
for sig in INT TERM HUP; do
  for _ in 1 2 3 4 5; do
    signal_loading $sig
    st=$?
    [ $st -ne 255 ] && break
  done
  check "one SIG$sig while loading ends flowsim at once with ${status[$sig]} ($st), silently" \
    '[ $st -eq ${status[$sig]} ] && [ ! -s "$tmp/err" ] && [ ! -s "$tmp/out" ]'
done

# During a run: the replications running finish and are kept, the run
# stops with 128 + N and says how to resume, and the rerun resumes to the
# same result as an uninterrupted run.  The store exists only once the
# run has started (after loading).
"$flowsim" run "$hosp" --replications 30 --format json --no-store >"$tmp/f.json"
for sig in INT TERM HUP; do
  rm -f "$tmp/s.db"*
  "${dflt[@]}" "$flowsim" run "$hosp" --replications 30 --threads 1 \
    --format json --store "$tmp/s.db" >/dev/null 2>"$tmp/err" &
  pid=$!
  until [ -e "$tmp/s.db" ] || gone $pid; do :; done
  kill -STOP $pid
  kill -"$sig" $pid
  kill -CONT $pid
  wait $pid 2>/dev/null
  st=$?
  pid=
  check "SIG$sig stops the run with status ${status[$sig]} ($st) and says how to resume" \
    '[ $st -eq ${status[$sig]} ] && grep -q "interrupted; every finished replication is kept" "$tmp/err"'
  "$flowsim" run "$hosp" --replications 30 --format json --store "$tmp/s.db" >"$tmp/s.json" 2>"$tmp/err"
  check "after SIG$sig the rerun resumes ($(cat "$tmp/err")) to the same result" \
    'grep -q "resumed [1-9][0-9]* of 30" "$tmp/err" && cmp -s "$tmp/s.json" "$tmp/f.json"'
done

# SIGHUP ignored when flowsim starts (nohup) stays ignored: the run ends
# normally.
rm -f "$tmp/s.db"*
(trap '' HUP; exec "$flowsim" run "$hosp" --replications 30 --threads 1 \
  --format json --store "$tmp/s.db" >"$tmp/s.json" 2>"$tmp/err") &
pid=$!
until [ -e "$tmp/s.db" ] || gone $pid; do :; done
kill -STOP $pid
kill -HUP $pid
kill -CONT $pid
wait $pid 2>/dev/null
st=$?
pid=
check "under nohup SIGHUP is ignored: the run completes ($st)" \
  '[ $st -eq 0 ] && cmp -s "$tmp/s.json" "$tmp/f.json"'

# stdout closed before anything is written (`| head` gone): SIGPIPE is
# ignored, the write fails with EPIPE and flowsim exits 4 saying so (it
# died of SIGPIPE, status 141, before).  A pipe whose reading end is
# already closed makes this exact.
if command -v python3 >/dev/null; then
  closed() {
    python3 - "$@" <<'EOF'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run(sys.argv[1:], stdout=w, stderr=open("err", "w"))
print(p.returncode)
EOF
  }
  st=$(closed "$flowsim" run "$erlang" --replications 2 --no-store -q)
  check "run into a closed pipe exits 4 ($st) naming the broken pipe" \
    '[ "$st" = 4 ] && grep -q "flowsim: stdout: cannot write: Broken pipe" err'
  st=$(closed "$flowsim" check "$erlang")
  check "check into a closed pipe exits 4 ($st)" \
    '[ "$st" = 4 ] && grep -q "flowsim: stdout: cannot write: Broken pipe" err'
  printf 'extends: %s\ntargets: [{kpi: system.arrivals, value: 1, tolerance: 1e9}]\n' \
    "$erlang" >"$tmp/target.yaml"
  st=$(closed "$flowsim" validate "$tmp/target.yaml" --replications 2 --no-store -q)
  check "validate into a closed pipe exits 4, not 0 or 1 ($st)" \
    '[ "$st" = 4 ]'
else
  echo "# python3 missing: closed-pipe checks skipped"
fi

echo "signals: $pass passed, $fail failed"
[ $fail -eq 0 ]
