#!/usr/bin/env bash
# flowsim report and export on stores made by the real flowsim.
# Usage: report.sh FLOWSIM SRCDIR.  Exit 77 (skipped) only when gnuplot is
# missing, after every check that does not need it has passed.
set -u
flowsim=$1
src=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
# flowsim's own temporary folders (gnuplot's) go here too, so that the
# check below sees only this test's, not those of tests running beside it.
mkdir -p "$tmp/t"
export TMPDIR="$tmp/t"
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
not_ok() { echo "not ok - $1"; fail=$((fail + 1)); }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
py() { python3 "$here/check.py" "$@" && ok "check.py $1" || not_ok "check.py $1"; }
sql() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$@"; }
have_gnuplot=0
command -v "${FLOWSIM_GNUPLOT:-gnuplot}" >/dev/null 2>&1 && have_gnuplot=1
cd "$tmp" || exit 1

hospital=$src/scenarios/examples/hospital.yaml
base=$src/scenarios/stockport/baseline.yaml
alt=$src/scenarios/stockport/bramhall-manor-expiry.yaml
db=$tmp/r.db

# Errors: no store, not a store, no such study; nothing is created.
"$flowsim" report "$tmp/none.db" -o "$tmp/x.html" 2>"$tmp/err"
check "a missing store exits 2 and is not created" \
  '[ $? -eq 2 ] && [ ! -e "$tmp/none.db" ] && [ ! -e "$tmp/x.html" ]'
printf 'not a database' >"$tmp/junk.db"
"$flowsim" export "$tmp/junk.db" --what summary >/dev/null 2>"$tmp/err"
check "a file that is not a store exits 2" '[ $? -eq 2 ]'
"$flowsim" export "$tmp/junk.db" --what nonsense >/dev/null 2>"$tmp/err"
check "a bad --what exits 2" '[ $? -eq 2 ] && grep -q -- "--what" "$tmp/err"'

# A run of the health-system baseline (study 1).
"$flowsim" run "$base" --replications 3 --store "$db" -q >/dev/null ||
  not_ok "flowsim run baseline"
"$flowsim" run "$base" --replications 3 --store "$db" -q --format csv \
  >"$tmp/base.csv" || not_ok "flowsim run baseline --format csv (resumed)"
"$flowsim" report "$db" --study 1 -o "$tmp/run.html"
check "report of a run exits 0" '[ $? -eq 0 ] && [ -s "$tmp/run.html" ]'
check "no temporary files left beside the report" \
  '[ -z "$(ls "$tmp" | grep "tmp")" ] && [ -z "$(ls "$TMPDIR")" ]'
"$flowsim" report "$db" --study 99 -o "$tmp/x.html" 2>"$tmp/err"
check "an unknown study exits 2" '[ $? -eq 2 ] && grep -q "no study 99" "$tmp/err"'
if [ $have_gnuplot -eq 1 ]; then
  py html-run "$tmp/run.html" "$tmp/base.csv"
  check "run: occupancy, 4-hour and delayed-discharge plots" \
    'grep -q "id=\"fig-occupancy-0\"" "$tmp/run.html" && grep -q "id=\"fig-fourhour-0\"" "$tmp/run.html" && grep -q "id=\"fig-nctr-0\"" "$tmp/run.html"'
fi
check "header: scenario, seed, replications, version, hash" \
  'grep -q "stockport-baseline-2022-23" "$tmp/run.html" && grep -q "<th>Seed</th><td>20220401</td>" "$tmp/run.html" && grep -q "<th>Replications</th><td>3</td>" "$tmp/run.html" && grep -q "flowsim version" "$tmp/run.html" && grep -qE "<th>Scenario hash</th><td>[0-9a-f]{16}</td>" "$tmp/run.html"'

# Without gnuplot: the tables, and a plain note.
FLOWSIM_GNUPLOT=$tmp/no-such-gnuplot "$flowsim" report "$db" --study 1 -o "$tmp/noplot.html"
check "without gnuplot the report is still made, with a note" \
  '[ $? -eq 0 ] && grep -q "id=\"no-plots\"" "$tmp/noplot.html" && grep -q "gnuplot-nox" "$tmp/noplot.html" && ! grep -q "<svg" "$tmp/noplot.html"'
python3 "$here/check.py" html-run "$tmp/noplot.html" "$tmp/base.csv" 2>&1 |
  grep -q "^ok - KPI table values equal" && ok "without gnuplot: KPI table complete" ||
  not_ok "without gnuplot: KPI table complete"

# Exports of the run: row counts equal the store's, means equal run's.
"$flowsim" export "$db" --study 1 --what summary -o "$tmp/sum.csv"
check "export summary exits 0" '[ $? -eq 0 ]'
py csv-summary "$tmp/sum.csv" "$tmp/base.csv"
"$flowsim" export "$db" --study 1 --what replications -o "$tmp/reps.csv"
py csv-count "$tmp/reps.csv" "$(sql "$db" "SELECT count(*) FROM replication_kpis WHERE experiment_id = (SELECT experiment_id FROM study_experiments WHERE study_id = 1) AND replication < 3")"
"$flowsim" export "$db" --study 1 --what daily -o "$tmp/daily.csv"
py csv-count "$tmp/daily.csv" "$(sql "$db" "SELECT count(*) FROM daily WHERE experiment_id = (SELECT experiment_id FROM study_experiments WHERE study_id = 1) AND replication < 3")"
"$flowsim" export "$db" --study 1 --what summary | tr -d '\r' | cmp -s - <(tr -d '\r' <"$tmp/sum.csv")
check "export without -o writes the same to stdout" '[ $? -eq 0 ] && [ -s "$tmp/sum.csv" ]'

# A compare (the newest study): paired differences with CIs, and bars.
"$flowsim" compare "$base" "$alt" --replications 3 --store "$db" -q >/dev/null ||
  not_ok "flowsim compare"
"$flowsim" report "$db" -o "$tmp/cmp.html"
check "report of the newest study (a compare) exits 0" '[ $? -eq 0 ] && grep -q "<th>Study kind</th><td>compare</td>" "$tmp/cmp.html"'
[ $have_gnuplot -eq 1 ] && py html-compare "$tmp/cmp.html"
"$flowsim" export "$db" --what replications -o "$tmp/creps.csv"
py csv-count "$tmp/creps.csv" "$(sql "$db" "SELECT count(*) FROM replication_kpis WHERE experiment_id IN (SELECT experiment_id FROM study_experiments WHERE study_id = (SELECT max(id) FROM studies)) AND replication < 3")"

# A unit-only scenario, and a sweep over two keys (a heat map).
"$flowsim" run "$hospital" --replications 3 --store "$db" -q --set 'name=a<b>&"c"' >/dev/null ||
  not_ok "flowsim run hospital"
"$flowsim" report "$db" -o "$tmp/h.html"
check "text from the store is escaped" \
  'grep -q "a&lt;b&gt;&amp;&quot;c&quot;" "$tmp/h.html" && ! grep -q "a<b>" "$tmp/h.html"'
[ $have_gnuplot -eq 1 ] && check "unit scenario: a plot per unit" \
  '[ "$(grep -c "id=\"fig-unit-" "$tmp/h.html")" -ge 3 ]'
[ $have_gnuplot -eq 1 ] && check "no distribution: asked, no P(N = n) plot" \
  '! grep -q "id=\"fig-dist-" "$tmp/h.html"'

# P(N = n): a compare of two Erlang loss wards with `distribution: all`
# gets a plot of the ward (capacity 12: levels 0 to 12), a bar a scenario.
erl=$src/scenarios/examples/erlang-loss.yaml
"$flowsim" compare "$erl" "$src/scenarios/examples/winter-erlang-loss.yaml" \
  --replications 3 --store "$db" -q --set distribution=all >/dev/null ||
  not_ok "flowsim compare with distribution: all"
"$flowsim" report "$db" -o "$tmp/dist.html"
if [ $have_gnuplot -eq 1 ]; then
  check "distribution: one P(N = n) plot, of the ward, levels 0 to 12" \
    '[ "$(grep -c "id=\"fig-dist-" "$tmp/dist.html")" -eq 1 ] && grep -q "<figcaption>The share of the measured time ward had exactly n places occupied (time-weighted, from the run&#39;s own record of every change), n = 0 to 12: the mean over replications with its 95% confidence interval.</figcaption>" "$tmp/dist.html"'
  check "distribution: both scenarios in its legend" \
    'python3 -c "import re,sys; h=open(sys.argv[1]).read(); f=h[h.index(\"id=\\\"fig-dist-0\"):]; f=f[:f.index(\"</figure>\")]; sys.exit(not (\"erlang-loss-example\" in f and \"winter-erlang-loss\" in f))" "$tmp/dist.html"'
fi

printf 'name: beds\nbase: %s\nreplications: 3\ngrid:\n  units.acute.capacity: [320, 340]\n  units.ed.capacity: [50, 60, 70]\n' "$hospital" >"$tmp/sw.yaml"
if "$flowsim" sweep "$tmp/sw.yaml" --store "$db" -q >/dev/null 2>&1; then
  "$flowsim" report "$db" -o "$tmp/sw.html" --kpi ed.wait.mean
  check "sweep report exits 0 with a row per point" \
    '[ $? -eq 0 ] && [ "$(grep -c "<tr data-point=" "$tmp/sw.html")" -eq 6 ]'
  [ $have_gnuplot -eq 1 ] && check "sweep: a heat map" 'grep -q "id=\"fig-heat-0\"" "$tmp/sw.html"'
  # What the pairing bought at each point: the report's last column is
  # the sweep's own vs_point_0 width ratio (JSON), from the store's
  # replications.
  "$flowsim" sweep "$tmp/sw.yaml" --no-store -q --format json >"$tmp/sw.json"
  check "sweep report: paired/independent width of ed.wait.mean at each point = sweep --format json's" \
    'python3 - "$tmp/sw.html" "$tmp/sw.json" <<"PY"
import json, re, sys
html, d = open(sys.argv[1]).read(), json.load(open(sys.argv[2]))
rows = re.findall(r"<tr data-point=\"(\d+)\">(.*?)</tr>", html)
got = {int(p): re.findall(r"data-v=\"([^\"]*)\"", r)[-1] for p, r in rows}
assert got[0] == "", got
for i, p in enumerate(d["points"][1:], 1):
    want = p["vs_point_0"]["ed.wait.mean"]["width_ratio"]
    assert abs(float(got[i]) - want) < 1e-6, (i, got[i], want)
PY'
  "$flowsim" report "$db" -o "$tmp/x.html" --kpi no.such.kpi 2>"$tmp/err"
  check "sweep: an unknown --kpi exits 2" '[ $? -eq 2 ] && grep -q "no.such.kpi" "$tmp/err"'
else
  not_ok "flowsim sweep"
fi

# A benefits study (flowsim benefits --store): the finance section, its
# figures equal to the command's own CSV of the same run.
small=$src/test/finance/small.yaml
los='business_case.lines.1={name: length-of-stay, full_year: 200, phasing: [50%, 100%], simulated_by: [acute_bed_day, delayed_bed_day, escalation_bed_day]}'
"$flowsim" benefits "$small" "$small" --base-set interventions=null \
  --set "$los" --replications 3 --store "$db" --format csv -o "$tmp/ben.csv"
check "benefits --store exits 0" '[ $? -eq 0 ] && [ -s "$tmp/ben.csv" ]'
check "benefits recorded as a study: base at 0, alternative at 1" \
  '[ "$(sql "$db" "SELECT kind || group_concat(position) FROM studies s JOIN study_experiments m ON m.study_id = s.id WHERE s.id = (SELECT max(id) FROM studies)")" = "benefits0,1" ]'
check "benefits stored the daily series of both" \
  '[ "$(sql "$db" "SELECT count(DISTINCT experiment_id) FROM daily WHERE experiment_id IN (SELECT experiment_id FROM study_experiments WHERE study_id = (SELECT max(id) FROM studies))")" = 2 ]'
"$flowsim" report "$db" -o "$tmp/fin.html"
check "report of a benefits study exits 0" '[ $? -eq 0 ] && grep -q "<th>Study kind</th><td>benefits</td>" "$tmp/fin.html"'
py html-finance "$tmp/fin.html" "$tmp/ben.csv" "$have_gnuplot"
# what the pairing bought, as the command's JSON of the same run says
"$flowsim" benefits "$small" "$small" --base-set interventions=null \
  --set "$los" --replications 3 --no-store -q --format json -o "$tmp/ben.json"
w=$(python3 -c 'import json,sys; print("%.10g" % json.load(open(sys.argv[1]))["width_ratio"]["total"])' "$tmp/ben.json")
check "report's finance section: the total saving's width ratio $w as benefits --format json gives it" \
  'grep -q "<p id=\"fin-crn\" data-v=\"$w\">" "$tmp/fin.html"'
check "cost KPIs in the KPI table of a scenario with costs:" \
  'grep -q "data-kpi=\"cost.total\"" "$tmp/fin.html" && grep -q "data-kpi=\"cost.acute.bed_days\"" "$tmp/fin.html"'
# uncertain effect and unit cost: the report's appraisal, P(net > 0) and
# tornado equal the command's JSON of the same run
"$flowsim" benefits "$small" "$small" --base-set interventions=null \
  --alt-set 'interventions.0.effect={mean: 30%, sd: 5%}' \
  --set costs.unit_costs.ed_attendance.sd=50 --replications 3 \
  --store "$tmp/psa.db" -q --format json -o "$tmp/psa.json"
"$flowsim" report "$tmp/psa.db" -o "$tmp/psa.html"
check "report of a benefits study with PSA exits 0" '[ $? -eq 0 ]'
want=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); e=d["psa"]["effects"][0]; print("%.10g %.10g %.10g %.10g" % (d["psa"]["p_net_positive"], d["appraisal"]["npv"]["mean"] / 1000, e["net_at_low"] / 1000, e["net_at_high"] / 1000))' "$tmp/psa.json")
got=$(python3 -c '
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
p = re.search(r"<p id=\"fin-psa\" data-v=\"([^\"]*)\"", t).group(1)
n = re.search(r"<tr data-measure=\"npv\"><td>[^<]*</td><td class=\"n\" data-v=\"([^\"]*)\"", t).group(1)
e = re.search(r"data-kind=\"effect\" data-param=\"deflect-risk\">(.*?)</tr>", t).group(1)
v = re.findall(r"data-v=\"([^\"]*)\"", e)
print("%.10g %.10g %.10g %.10g" % (float(p), float(n), float(v[0]), float(v[1])))' "$tmp/psa.html" 2>&1)
check "report: P(net > 0), NPV and the effect's tornado row as benefits --format json ($got)" '[ -n "$want" ] && [ "$got" = "$want" ]'
check "report: the unit cost's tornado row, the payback year and why no levers" \
  'grep -q "data-kind=\"unit-cost\" data-param=\"A&amp;E attendances\"" "$tmp/psa.html" && grep -q "<tr data-measure=\"payback\"><td>payback year (discounted, mean)</td><td colspan=\"2\">2022/23</td>" "$tmp/psa.html" && grep -q "id=\"fin-no-levers\"" "$tmp/psa.html"'
FLOWSIM_GNUPLOT=$tmp/no-such-gnuplot "$flowsim" report "$db" -o "$tmp/fin-noplot.html"
check "finance without gnuplot: tables kept, a note" \
  '[ $? -eq 0 ] && grep -q "id=\"fin-years\"" "$tmp/fin-noplot.html" && grep -q "No finance plots" "$tmp/fin-noplot.html"'
"$flowsim" benefits "$small" --replications 2 --store "$db" -q >/dev/null
"$flowsim" report "$db" -o "$tmp/costs.html"
check "a one-scenario benefits study: its costs by year" \
  '[ $? -eq 0 ] && grep -q "id=\"fin-costs\"" "$tmp/costs.html"'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] || exit 1
if [ $have_gnuplot -eq 0 ]; then
  echo "SKIP: gnuplot is not installed (apt-get install gnuplot-nox): plots not checked"
  exit 77
fi
exit 0
