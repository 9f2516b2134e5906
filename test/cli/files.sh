#!/usr/bin/env bash
# Output files and stdout, end to end: every command's stdout is checked
# (exit 4 when it cannot be written); a kill leaves no partial output, no
# temporary file and no report work folder; a new output file follows the
# umask and a replaced one keeps its mode and group; and the same with
# unnamed temporaries (O_TMPFILE) unavailable, through the LD_PRELOAD shim
# no_tmpfile.c.  Usage: files.sh FLOWSIM SRCDIR NO_TMPFILE.so
set -u
flowsim=$1
src=$2
shim=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
not_ok() { echo "not ok - $1"; fail=$((fail + 1)); }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

erlang=$src/scenarios/examples/erlang-loss.yaml
base=$src/scenarios/stockport/baseline.yaml
together=$src/scenarios/stockport/stockport-together.yaml
cd "$tmp" || exit 1
q=(--replications 2 --no-store -q)
"$flowsim" run "$erlang" --replications 2 --store "$tmp/s.db" -q >/dev/null

# ---- stdout: every command exits 4 when its output cannot be written ----
# full DESCRIPTION ARGS...: flowsim ARGS with stdout on /dev/full.
full() {
  local desc=$1
  shift
  "$flowsim" "$@" >/dev/full 2>"$tmp/err"
  st=$?
  check "$desc, stdout on /dev/full: exit 4 saying so ($st: $(head -c 120 "$tmp/err"))" \
    '[ $st -eq 4 ] && grep -q "stdout: cannot write" "$tmp/err"'
}
met='targets=[{kpi: ward.lost.fraction, value: 0.1, tolerance: 0.05}]'
missed='targets=[{kpi: ward.lost.fraction, value: 0.5, tolerance: 0.01}]'
printf 'name: two\nbase: %s\npoints: [{units.ward.capacity: 11}, {units.ward.capacity: 13}]\n' \
  "$erlang" >"$tmp/sweep.yaml"
full "run" run "$erlang" "${q[@]}"
full "run --format csv" run "$erlang" "${q[@]}" --format csv
full "check" check "$erlang"
full "validate (target met)" validate "$erlang" "${q[@]}" --set "$met"
full "validate (target missed)" validate "$erlang" "${q[@]}" --set "$missed"
full "warmup" warmup "$erlang" "${q[@]}"
full "compare" compare "$erlang" "$erlang" "${q[@]}"
full "sweep" sweep "$tmp/sweep.yaml" "${q[@]}"
full "export" export "$tmp/s.db" --what summary
full "report -o /dev/stdout" report "$tmp/s.db" -o /dev/stdout
full "report --help" report --help
full "export --help" export --help
full "merge --help" merge --help
full "benefits --static" benefits "$together" --static
full "benefits --help" benefits --help
full "--help" --help
full "--version" --version
"$flowsim" validate "$erlang" "${q[@]}" --set "$met" >/dev/null
check "validate with the target met still exits 0" '[ $? -eq 0 ]'
"$flowsim" validate "$erlang" "${q[@]}" --set "$missed" >/dev/null
check "validate with the target missed still exits 1" '[ $? -eq 1 ]'
# A command that writes nothing to stdout does not fail when it is closed;
# one that writes to it does.
"$flowsim" report "$tmp/s.db" -o "$tmp/closed.html" >&- 2>"$tmp/err"
check "report with stdout closed (it prints nothing there): exit 0" \
  '[ $? -eq 0 ] && [ -s "$tmp/closed.html" ]'
"$flowsim" check "$erlang" >&- 2>/dev/null
check "check with stdout closed: exit 4" '[ $? -eq 4 ]'

# ---- modes: the umask for a new file, the old mode for a replaced one ----
mkdir "$tmp/m"
m=$tmp/m
( umask 077; "$flowsim" run "$erlang" "${q[@]}" --format json -o "$m/u077.json" )
( umask 027; "$flowsim" run "$erlang" "${q[@]}" --format json -o "$m/u027.json" )
( umask 022; "$flowsim" run "$erlang" "${q[@]}" --format json -o "$m/u022.json" )
check "a new -o file under umask 077 is 600, 027 640, 022 644 ($(stat -c %a "$m/u077.json" "$m/u027.json" "$m/u022.json" | tr '\n' ' '))" \
  '[ "$(stat -c %a "$m/u077.json" "$m/u027.json" "$m/u022.json" | tr "\n" " ")" = "600 640 644 " ]'
( umask 077
  "$flowsim" run "$erlang" --replications 1 --no-store -q --trace "$m/trace.csv" >/dev/null
  "$flowsim" export "$tmp/s.db" --what summary -o "$m/export.csv"
  "$flowsim" report "$tmp/s.db" -o "$m/report.html"
  "$flowsim" compare "$erlang" "$erlang" "${q[@]}" -o "$m/compare.txt" )
check "under umask 077, --trace, export -o, report -o and compare -o make 600 files" \
  '[ "$(stat -c %a "$m/trace.csv" "$m/export.csv" "$m/report.html" "$m/compare.txt" | sort -u)" = 600 ]'
echo old >"$m/p600.json"
chmod 600 "$m/p600.json"
ln "$m/p600.json" "$m/p600.link"
( umask 022; "$flowsim" run "$erlang" "${q[@]}" --format json -o "$m/p600.json" )
check "a replaced 0600 file stays 600 under umask 022, with the new content" \
  '[ "$(stat -c %a "$m/p600.json")" = 600 ] && cmp -s "$m/p600.json" "$m/u077.json"'
check "it was replaced, not rewritten in place (a hard link keeps the old)" \
  '[ "$(cat "$m/p600.link")" = old ]'
echo old >"$m/p640.json"
chmod 640 "$m/p640.json"
( umask 077; "$flowsim" run "$erlang" "${q[@]}" --format json -o "$m/p640.json" )
check "a replaced 0640 file stays 640 under umask 077" \
  '[ "$(stat -c %a "$m/p640.json")" = 640 ] && cmp -s "$m/p640.json" "$m/u077.json"'
# The group: any other group the file can be given (root: any).
other=""
for g in $(id -G) 1 100; do
  [ "$g" != "$(id -g)" ] && chgrp "$g" "$m/p640.json" 2>/dev/null && { other=$g; break; }
done
if [ -n "$other" ]; then
  "$flowsim" run "$erlang" "${q[@]}" --format json -o "$m/p640.json"
  check "a replaced file keeps its group ($other)" \
    '[ "$(stat -c %g "$m/p640.json")" = "$other" ] && [ "$(stat -c %a "$m/p640.json")" = 640 ]'
else
  echo "ok - a replaced file keeps its group # SKIP no other group to give it"
fi
check "no temporary file is left beside the outputs" \
  '[ -z "$(ls -A "$m" | grep -v -e "^u0[0-9]*\.json$" -e "^p6[04]0\.json$" -e "^p600\.link$" -e "^trace\.csv$" -e "^export\.csv$" -e "^report\.html$" -e "^compare\.txt$")" ]'

# ---- a kill while the trace is written leaves nothing partial ----
"$flowsim" run "$base" --replications 1 --no-store -q --trace "$tmp/ref.csv" >/dev/null
# wait_open PID DIR: until PID has a file in DIR open (at most 30 s).
wait_open() {
  for _ in $(seq 600); do
    ls -l "/proc/$1/fd" 2>/dev/null | grep -q -- "$2/" && return 0
    sleep 0.05
  done
  return 1
}
# kill_trace HOW DIR: starts a traced run writing DIR/trace.csv and ends
# it with HOW (a signal name, or INT2: SIGINT until it ends, the second
# one stopping it at once) while the trace is open.  Sets st, opened.
kill_trace() {
  local how=$1 dir=$2
  rm -rf "$dir"
  mkdir "$dir"
  # A background job starts with SIGINT ignored, and under nohup with
  # SIGHUP ignored too (flowsim keeps it so): env restores both.
  env --default-signal=INT,HUP "$flowsim" run "$base" --replications 2 --no-store -q \
    --trace "$dir/trace.csv" >/dev/null 2>&1 &
  local pid=$!
  wait_open $pid "$dir"
  opened=$?
  if [ "$how" = INT2 ]; then
    for _ in $(seq 600); do kill -INT $pid 2>/dev/null || break; sleep 0.05; done
  else
    kill -"$how" $pid
  fi
  wait $pid
  st=$?
}
for how in KILL HUP INT2; do
  kill_trace "$how" "$tmp/tr"
  left=$(ls -A "$tmp/tr")
  # Nothing, or (should the signal one day be taken as "finish") the
  # whole trace.
  check "--trace ended by $how while writing (status $st): nothing partial left (${left:-nothing})" \
    '[ $opened -eq 0 ] && { [ -z "$left" ] || { [ "$left" = trace.csv ] && cmp -s "$tmp/tr/trace.csv" "$tmp/ref.csv"; }; }'
done

# ---- a signal during a report removes its work folder ----
mkdir "$tmp/rt"
mkfifo "$tmp/never"
cat >"$tmp/slowplot" <<'EOF'
#!/bin/sh
# A gnuplot that says it started, then takes its time.  It runs confined
# like the real one (tools/report/sandbox.h): it may write only in its
# work folder (its current one) and start no program, so it leaves its
# mark there and waits with shell builtins alone, opening a pipe that no
# one writes.
echo $$ >mark
exec <"$NEVER"
EOF
chmod +x "$tmp/slowplot"
for sig in TERM INT HUP KILL; do
  NEVER=$tmp/never TMPDIR=$tmp/rt FLOWSIM_GNUPLOT=$tmp/slowplot \
    env --default-signal=INT,HUP "$flowsim" report "$tmp/s.db" -o "$tmp/r.html" 2>/dev/null &
  pid=$!
  mark=
  for _ in $(seq 600); do
    mark=$(cat "$tmp"/rt/*/mark 2>/dev/null) && [ -n "$mark" ] && break
    sleep 0.05
  done
  had=$(ls "$tmp/rt")
  kill -"$sig" $pid
  wait $pid
  st=$?
  # gnuplot ends too (a Ctrl-C reaches it; a lone SIGTERM does not, and
  # the folder then goes when it has finished).
  [ -n "$mark" ] && kill "$mark" 2>/dev/null
  for _ in $(seq 600); do [ -z "$(ls -A "$tmp/rt")" ] && break; sleep 0.05; done
  left=$(ls -A "$tmp/rt")
  check "report ended by SIG$sig while plotting (status $st): its work folder ${had:-(none seen)} is removed (${left:-nothing left})" \
    '[ -n "$mark" ] && [ -n "$had" ] && [ -z "$left" ]'
done
check "no report temporaries beside the page" '[ -z "$(ls -A "$tmp" | grep flowsim-tmp)" ]'

# ---- without O_TMPFILE: a named temporary, renamed into place ----
# LD_PRELOAD into an AddressSanitizer build needs its link-order check off.
noo() {
  LD_PRELOAD=$shim NO_TMPFILE_MARK=$tmp/refused \
    ASAN_OPTIONS=${ASAN_OPTIONS:-}:verify_asan_link_order=0 "$@"
}
mkdir "$tmp/f"
( umask 077; noo "$flowsim" run "$erlang" "${q[@]}" --format json -o "$tmp/f/new.json" )
check "without O_TMPFILE (it was refused): -o writes the file" \
  '[ -e "$tmp/refused" ] && cmp -s "$tmp/f/new.json" "$m/u077.json"'
check "... under umask 077 as 600" '[ "$(stat -c %a "$tmp/f/new.json")" = 600 ]'
echo old >"$tmp/f/old.json"
chmod 640 "$tmp/f/old.json"
( umask 077; noo "$flowsim" run "$erlang" "${q[@]}" --format json -o "$tmp/f/old.json" )
check "... a replaced 0640 file stays 640, with the new content" \
  '[ "$(stat -c %a "$tmp/f/old.json")" = 640 ] && cmp -s "$tmp/f/old.json" "$m/u077.json"'
check "... and no temporary is left" '[ "$(ls -A "$tmp/f" | tr "\n" " ")" = "new.json old.json " ]'
# A kill -9 can leave the named temporary: its name says whose it is.
rm -f "$tmp/refused"
noo kill_trace KILL "$tmp/tr"
left=$(ls -A "$tmp/tr")
check "... kill -9 during --trace leaves at most a flowsim-tmp-* file (${left:-nothing})" \
  '[ $opened -eq 0 ] && [ -e "$tmp/refused" ] && { [ -z "$left" ] || [[ $left =~ ^flowsim-tmp-[A-Za-z0-9]{8}$ ]]; }'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
