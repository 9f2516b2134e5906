#!/usr/bin/env bash
# A crafted results store: every text field of every study (study,
# scenario and series names, labels, params, KPI names and units,
# versions, hashes, dates) replaced by a payload that tries to run
# commands through gnuplot (' " \ newline, backquotes, system(), $(...)),
# to inject HTML and CSV formulas and to drive the terminal.  report,
# export and merge (then report of the merged store) must run nothing and
# show the text literally.  See hostile.py.
# Usage: hostile.sh FLOWSIM SRCDIR.  Exit 77 (skipped) when gnuplot is
# missing, after every check that does not need it has passed.
set -u
flowsim=$1
src=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
mkdir -p "$tmp/t" "$tmp/m"
export TMPDIR="$tmp/t"
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
not_ok() { echo "not ok - $1"; fail=$((fail + 1)); }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
py() { python3 "$here/hostile.py" "$@" && ok "hostile.py $1 ${2##*/}" || not_ok "hostile.py $1 ${2##*/}"; }
have_gnuplot=0
command -v "${FLOWSIM_GNUPLOT:-gnuplot}" >/dev/null 2>&1 && have_gnuplot=1
# the payloads touch ../../m/* from gnuplot's folder $TMPDIR/flowsim-report-*
marks=$tmp/m
cd "$tmp" || exit 1

hospital=$src/scenarios/examples/hospital.yaml
db=$tmp/h.db
printf 'extends: %s\nname: alt\nunits:\n  ed: {capacity: 50}\n' "$hospital" \
  >"$tmp/alt.yaml"
printf 'name: one\nbase: %s\nreplications: 2\ngrid:\n  units.ed.capacity: [50, 60]\n' \
  "$hospital" >"$tmp/sw1.yaml"
printf 'name: two\nbase: %s\nreplications: 2\ngrid:\n  units.acute.capacity: [320, 340]\n  units.ed.capacity: [50, 60]\n' \
  "$hospital" >"$tmp/sw2.yaml"
run() { "$@" --store "$db" -q >/dev/null || not_ok "$*"; }
# study 1: a compare of unit-only scenarios (bars by unit, a plot a unit);
# 2: a sweep of one key (a line); 3: of two keys (a heat map); 4: a
# compare of the health-system scenarios (headline bars, four-hour and
# delayed-discharge plots).
run "$flowsim" compare "$hospital" "$tmp/alt.yaml" --replications 2 --set horizon=90days --set warmup=10days \
  --set distribution=all
run "$flowsim" sweep "$tmp/sw1.yaml" --set horizon=60days --set warmup=10days
run "$flowsim" sweep "$tmp/sw2.yaml" --set horizon=60days --set warmup=10days
run "$flowsim" compare "$src/scenarios/stockport/baseline.yaml" \
  "$src/scenarios/stockport/bramhall-manor-expiry.yaml" --replications 2 \
  --set horizon=120days
python3 "$here/hostile.py" craft "$db" "$marks" || not_ok "craft the store"

for s in 1 2 3 4; do
  # (sweeps plot their first unit's wait.mean: a hostile KPI name)
  "$flowsim" report "$db" --study $s -o "$tmp/r$s.html" 2>"$tmp/err"
  check "report of hostile study $s exits 0" '[ $? -eq 0 ] && [ -s "$tmp/r$s.html" ]'
  py html "$tmp/r$s.html" "$marks" $have_gnuplot
  for what in summary replications daily; do
    "$flowsim" export "$db" --study $s --what $what -o "$tmp/e$s-$what.csv"
    check "export $what of hostile study $s exits 0" '[ $? -eq 0 ]'
    py csv "$tmp/e$s-$what.csv" "$marks"
  done
done
if [ $have_gnuplot -eq 1 ]; then
  check "compare: bars by unit, a plot a unit" \
    'grep -q "id=\"fig-ubars-0\"" "$tmp/r1.html" && grep -q "id=\"fig-unit-0\"" "$tmp/r1.html"'
  check "compare: P(N = n) plots of hostile unit names" \
    'grep -q "id=\"fig-dist-0\"" "$tmp/r1.html"'
  check "sweeps: a line and a heat map" \
    'grep -q "id=\"fig-sweep-0\"" "$tmp/r2.html" && grep -q "id=\"fig-heat-0\"" "$tmp/r3.html"'
  check "health compare: headline bars" 'grep -q "id=\"fig-bars-0\"" "$tmp/r4.html"'
fi

# The payload survives merge: the merged store's report is as safe.
"$flowsim" merge "$tmp/m.db" "$db" >/dev/null 2>"$tmp/err"
check "merge of the hostile store exits 0" '[ $? -eq 0 ]'
"$flowsim" report "$tmp/m.db" --study 1 -o "$tmp/m1.html" 2>"$tmp/err"
check "report of the merged store exits 0" '[ $? -eq 0 ]'
py html "$tmp/m1.html" "$marks" $have_gnuplot
# merge refuses a store of other experiments, naming a hostile one: the
# message is one line with no control character (the escape that would
# set the terminal's title shown as '?').
"$flowsim" run "$hospital" --replications 1 --set horizon=20days \
  --set 'warmup=~' --store "$tmp/other.db" -q >/dev/null
"$flowsim" merge "$tmp/m2.db" "$db" "$tmp/other.db" >/dev/null 2>"$tmp/err"
check "merge of other experiments exits 2" '[ $? -eq 2 ]'
check "its message quotes the hostile name on one line, controls as ?" \
  '[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -qF "\`touch ../../m/bq-en-" "$tmp/err" && grep -qF "&amp; ?]0;t? ?1m ?" "$tmp/err" && ! LC_ALL=C grep -q "[[:cntrl:]]" "$tmp/err"'
py marks "$marks"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] || exit 1
if [ $have_gnuplot -eq 0 ]; then
  echo "SKIP: gnuplot is not installed (apt-get install gnuplot-nox): plots not checked"
  exit 77
fi
exit 0
