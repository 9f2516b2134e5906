#!/usr/bin/env bash
# The planner's workbench: output people can read, intervals within each
# KPI's natural range, KPI selection, and flowsim size against Erlang's
# exact answers.  Usage: workbench.sh FLOWSIM SRCDIR
set -u
flowsim=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
not_ok() { echo "not ok - $1"; fail=$((fail + 1)); }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
cd "$tmp" || exit 1
opts=(--replications 2 --threads 2 --no-store -q)
st=$src/scenarios/stockport
ex=$src/scenarios/examples

# No bundled scenario prints a CI bound outside its KPI's range (with two
# replications the Student-t interval is at its widest: t = 12.7).
for s in "$ex"/*.yaml "$st"/*.yaml; do
  "$flowsim" run "$s" "${opts[@]}" --format json >"$tmp/$(basename "$s").json"
done
check "every CI bound of every bundled scenario within its KPI's range" \
  'python3 "$src/test/cli/ranges.py" "$tmp"/*.json'

# The default table: one screen, grouped by area, numbers people read.
"$flowsim" run "$st/baseline.yaml" "${opts[@]}" >"$tmp/base.txt"
check "the Stockport baseline's default table fits one screen ($(wc -l <"$tmp/base.txt") <= 45 lines)" \
  '[ "$(wc -l <"$tmp/base.txt")" -le 45 ]'
check "grouped by area" \
  'grep -qx "A&E and SDEC" "$tmp/base.txt" && grep -qx "Acute beds" "$tmp/base.txt" && grep -qx "Discharge" "$tmp/base.txt" && grep -qx "Community" "$tmp/base.txt"'
check "thousands separated, no exponents" \
  'grep -qE "^  ed.attendances +patients +[0-9]{3},[0-9]{3} " "$tmp/base.txt" && ! grep -qE "[0-9]e[+-][0-9]" "$tmp/base.txt"'
check "a percentage to one decimal" \
  'grep -qE "^  ed.four_hour.performance +% +[0-9]{2}\.[0-9] " "$tmp/base.txt"'
check "the last line says how to see more" \
  'tail -1 "$tmp/base.txt" | grep -qE "^[0-9]+ of [0-9]+ KPIs; --all shows every one"'
"$flowsim" run "$ex/erlang-loss.yaml" "${opts[@]}" --all >"$tmp/all.txt"
check "--all: every KPI of the Erlang example" 'tail -1 "$tmp/all.txt" | grep -qx "24 of 25 KPIs; 1 observed in no replication"'
check "a share as a percentage" 'grep -qE "^  ward.lost.fraction +% +[0-9]+\.[0-9] " "$tmp/all.txt"'
check "no row for a KPI observed in no replication" \
  'grep -q "^  ward.in_unit.end " "$tmp/all.txt" && ! grep -q "ward.jam.first_day" "$tmp/all.txt"'

# --kpis: globs, in every format; checked before anything runs.
"$flowsim" run "$ex/erlang-loss.yaml" "${opts[@]}" --kpis 'ward.lost*' \
  --format json >"$tmp/k.json"
check "--kpis 'ward.lost*' in JSON: exactly ward.lost and ward.lost.fraction" \
  'python3 -c "import json,sys; sys.exit(list(json.load(open(sys.argv[1]))[\"kpis\"]) != [\"ward.lost\", \"ward.lost.fraction\"])" "$tmp/k.json"'
"$flowsim" run "$ex/erlang-loss.yaml" "${opts[@]}" \
  --kpis 'ward.arrivals,system.*' --format csv >"$tmp/k.csv"
check "--kpis in CSV: the header and 7 rows" '[ "$(wc -l <"$tmp/k.csv")" -eq 8 ] && sed -n 2p "$tmp/k.csv" | grep -q "^ward.arrivals,"'
"$flowsim" run "$ex/erlang-loss.yaml" "${opts[@]}" --kpis 'ed.*' \
  >"$tmp/out" 2>"$tmp/err"
check "--kpis matching nothing: exit 2, said before running" \
  '[ $? -eq 2 ] && [ ! -s "$tmp/out" ] && grep -q "kpis .ed\.\*. matches none of this scenario.s KPIs" "$tmp/err"'
"$flowsim" run "$ex/erlang-loss.yaml" "${opts[@]}" --kpis 'ward.lost,,x' \
  >/dev/null 2>"$tmp/err"
check "--kpis with an empty pattern: exit 2" \
  '[ $? -eq 2 ] && grep -q "kpis: expected KPI names or patterns" "$tmp/err"'

# --precision: the KPIs that must be precise are the user's (--kpis); a
# run that stops short says so in every format and exits 5.
erl=$ex/erlang-loss.yaml
p=(--replications 4 --no-store -q --threads 2)
"$flowsim" run "$erl" "${p[@]}" --precision 2% --kpis ward.arrivals \
  --format json >"$tmp/p.json"
check "--precision 2% --kpis ward.arrivals: 7 replications, not the 101 the headline KPIs need" \
  'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (d[\"replications\"] == 7 and d[\"precision\"] == {\"target_percent\": 2, \"reached\": True, \"worst\": \"ward.arrivals\", \"half_width_ratio\": d[\"precision\"][\"half_width_ratio\"]} and d[\"precision\"][\"half_width_ratio\"] <= 1))" "$tmp/p.json"'
"$flowsim" run "$erl" "${p[@]}" --precision 0.1% --max-replications 6 \
  --format json >"$tmp/p.json" 2>"$tmp/err"
check "--precision missed: exit 5, JSON says reached false" \
  '[ $? -eq 5 ] && grep -q "\"reached\": false" "$tmp/p.json"'
check "--precision missed: said on stderr even with -q" \
  'grep -q "precision 0.1% NOT reached with 6 replications.*exit status 5" "$tmp/err"'
"$flowsim" run "$erl" "${p[@]}" --precision 0.1% --max-replications 6 \
  >"$tmp/p.txt" 2>/dev/null
check "--precision missed: exit 5, the table says so under its title" \
  '[ $? -eq 5 ] && sed -n 2p "$tmp/p.txt" | grep -q "^precision 0.1% NOT reached (worst: ward.lost.fraction"'
"$flowsim" run "$erl" "${p[@]}" --precision 0.1% --max-replications 6 \
  --format csv >/dev/null 2>"$tmp/err"
check "--precision missed in CSV: exit 5 and the notice on stderr" \
  '[ $? -eq 5 ] && grep -q "NOT reached" "$tmp/err"'

# flowsim size against Erlang's exact answers.  The Erlang example is
# M/M/c/c with offered load a = 9.5: Erlang B gives the blocking
# probability B(c) = 0.0687 (13), 0.0445 (14), 0.0274 (15), 0.0160 (16),
# and the mean occupancy a(1 - B(c)) = 9.077 (14), 9.239 (15).  Queueing
# instead (M/M/c), Erlang C gives P(wait > 0) = 0.1267 (14), 0.0714 (15)
# and P(wait > 4 h) = C e^(-(c - a) 4/24) = 0.120 (13), 0.0598 (14).
sz() { "$flowsim" size "$erl" --vary units.ward.capacity --no-store -q \
         --threads 2 "$@"; }
answer() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['answer'])" "$1"; }
sz --range 8:30 --target 'ward.lost.fraction <= 0.035' --on-mean \
  --format json >"$tmp/b.json"
check "size: Erlang B, smallest c with blocking <= 0.035 is 15" '[ "$(answer "$tmp/b.json")" = 15 ]'
check "size: bisection explores at most log2(22) + 2 = 7 values" \
  'python3 -c "import json,sys; sys.exit(len(json.load(open(sys.argv[1]))[\"points\"]) > 7)" "$tmp/b.json"'
check "size: every value explored agrees with Erlang B (within its 95% CI, widened by a half)" \
  'python3 - "$tmp/b.json" <<"PY"
import json, sys
d = json.load(open(sys.argv[1]))
a, ok = 9.5, True
for p in d["points"]:
    b = 1.0
    for c in range(1, p["value"] + 1):
        b = a * b / (c + a * b)
    lo, hi = p["ci95"]
    w = (hi - lo) / 4
    ok &= lo - w - 1e-6 <= b <= hi + w + 1e-6 and p["n"] == 20
sys.exit(not ok)
PY'
sz --range 8:30 --target 'ward.lost.fraction <= 0.035' --format json >"$tmp/b90.json"
check "size: in 90% of replications, also 15 (14 meets in 1 of 20)" \
  '[ "$(answer "$tmp/b90.json")" = 15 ] && grep -q "\"value\": 14, \"meets\": false, \"share\": 0.05," "$tmp/b90.json"'
sz --range 8:30 --target 'ward.occupancy.mean >= 9.15' --on-mean --format json >"$tmp/o.json"
check "size: a target from below (occupancy a(1-B) >= 9.15): 15" '[ "$(answer "$tmp/o.json")" = 15 ]'
sz --range 10:30 --set units.ward.when_full=queue \
  --target 'ward.delayed.fraction <= 0.1' --on-mean --format json >"$tmp/c.json"
check "size: Erlang C, P(wait > 0) <= 0.1: 15" '[ "$(answer "$tmp/c.json")" = 15 ]'
sz --range 10:30 --set units.ward.when_full=queue \
  --target 'ward.wait.over_threshold.fraction<=0.09' --on-mean --format json >"$tmp/c4.json"
check "size: Erlang C, P(wait > 4 h) <= 0.09: 14" '[ "$(answer "$tmp/c4.json")" = 14 ]'
sz --range 8:12 --target 'ward.lost.fraction <= 0.035' >"$tmp/none.txt"
check "size: no value in range meets it: exit 1, said" \
  '[ $? -eq 1 ] && grep -q "^answer: none: even 12 does not meet the target" "$tmp/none.txt"'
sz --range 8:30 --target 'ward.lost.fraction <= 0.035' --format csv >"$tmp/b.csv"
check "size CSV: one row a value, in order of value" \
  '[ "$(cut -d, -f1 "$tmp/b.csv" | tail -n +2 | tr "\n" " ")" = "8 13 14 15 16 19 30 " ]'
sz --range 8:30 --target 'ward.lost.fractoin <= 0.035' >/dev/null 2>"$tmp/err"
check "size: a target KPI the scenario lacks: exit 2 before running" \
  '[ $? -eq 2 ] && grep -q "ward.lost.fractoin. is not a KPI of this scenario" "$tmp/err"'
sz --range 8:30 --target 'ward.lost.fraction = 0.035' >/dev/null 2>"$tmp/err"
check "size: a target without a comparison: exit 2" \
  '[ $? -eq 2 ] && grep -q "expected .KPI OP VALUE." "$tmp/err"'
sz --range 30:8 --target 'ward.lost.fraction <= 0.035' >/dev/null 2>"$tmp/err"
check "size: --range HI:LO refused" '[ $? -eq 2 ] && grep -q "range: expected LO:HI" "$tmp/err"'
"$flowsim" run "$erl" --vary units.ward.capacity --no-store -q >/dev/null 2>"$tmp/err"
check "--vary is size's alone" '[ $? -eq 2 ] && grep -q "flowsim size.s options, not run.s" "$tmp/err"'
"$flowsim" size "$erl" --vary units.ward.capacity --range 8:30 -q \
  --replications 4 --target 'ward.lost.fraction <= 0.035' --store "$tmp/s.db" >/dev/null
check "size: the values explored are one sweep study in the store" \
  '[ "$("$flowsim" export "$tmp/s.db" --what summary | grep -c ",ward.lost.fraction,")" -eq 7 ]'
"$flowsim" report "$tmp/s.db" --kpi ward.lost.fraction -o "$tmp/r.html" 2>/dev/null
check "size: its report draws the curve explored" \
  'grep -q "by units.ward.capacity" "$tmp/r.html"'

# Guards: compare refuses different measured periods; a sweep loads every
# point before it runs any; a study keeps its own name.
"$flowsim" compare "$st/baseline.yaml" "$st/stockport-together.yaml" \
  "${opts[@]}" >"$tmp/out" 2>"$tmp/err"
check "compare: a year against five refused (exit 2), naming both periods" \
  '[ $? -eq 2 ] && [ ! -s "$tmp/out" ] && grep -q "stockport-together.yaml measures another period (start 2022-01-31, warm-up 60 days, horizon 1886 days) than the base .*baseline.yaml (start 2022-01-31, warm-up 60 days, horizon 425 days)" "$tmp/err"'
"$flowsim" compare "$st/baseline.yaml" "$st/stockport-together.yaml" \
  "${opts[@]}" --set horizon=90days --kpis ed.attendances >/dev/null 2>&1
check "compare: the same two aligned with --set run" '[ $? -eq 0 ]'
printf 'name: beds-typo\nbase: %s\nreplications: 2\npoints:\n  - {units.ward.capacity: 12}\n  - {units.ward.capacity: 13}\n  - {units.ward.capacity: 14x}\n' "$erl" >"$tmp/bad.yaml"
"$flowsim" sweep "$tmp/bad.yaml" -q --store "$tmp/sw.db" >/dev/null 2>"$tmp/err"
check "sweep: a bad last point fails before any point runs" \
  '[ $? -eq 2 ] && grep -q "sweep point 2: units.ward.capacity=14x" "$tmp/err" && [ ! -e "$tmp/sw.db" ]'
printf 'name: beds-ok\nbase: %s\nreplications: 2\npoints:\n  - {units.ward.capacity: 12}\n  - {units.ward.capacity: 13}\n' "$erl" >"$tmp/ok.yaml"
"$flowsim" sweep "$tmp/ok.yaml" -q --store "$tmp/sw.db" >/dev/null
check "sweep: the study keeps the sweep's name" \
  '[ "$(sqlite3 "$tmp/sw.db" "SELECT name FROM studies")" = beds-ok ]'
check "size: its study is named for the question" \
  '[ "$(sqlite3 "$tmp/s.db" "SELECT name FROM studies")" = "size erlang-loss-example: units.ward.capacity for ward.lost.fraction <= 0.035" ]'

# compare and sweep: the same table as run's, KPIs by scenario with
# several alternatives, --kpis in every format.
"$flowsim" compare "$erl" "$erl" "$erl" "${opts[@]}" --set units.ward.capacity=12 \
  >"$tmp/m.txt"
check "compare with two alternatives: one table, a column each" \
  'grep -qE "^  KPI +unit +base +1 \(alt - base\) +2 \(alt - base\)$" "$tmp/m.txt" && [ "$(grep -c "^  ward.lost.fraction " "$tmp/m.txt")" -eq 1 ]'
check "compare: a cell is the alternative's mean and its difference" \
  'grep -qE "^  ward.arrivals +patients +[0-9],[0-9]{3} +[0-9],[0-9]{3} \(0 \) +[0-9],[0-9]{3} \(0 \)$" "$tmp/m.txt"'
"$flowsim" compare "$erl" "$erl" "${opts[@]}" --kpis 'ward.occupancy.*' \
  --format json >"$tmp/m.json"
check "compare --kpis in JSON: exactly the three occupancy KPIs" \
  'python3 -c "import json,sys; sys.exit(list(json.load(open(sys.argv[1]))[\"comparisons\"][0][\"kpis\"]) != [\"ward.occupancy.mean\", \"ward.occupancy.p95\", \"ward.occupancy.max\"])" "$tmp/m.json"'
"$flowsim" sweep "$tmp/ok.yaml" --no-store -q --kpis ward.lost.fraction >"$tmp/sw.txt"
check "sweep --kpis: the table's one KPI, a share in %" \
  'grep -qE "^point +ward.lost.fraction \(%\)$" "$tmp/sw.txt" && grep -qE "^units.ward.capacity=12 +[0-9]+\.[0-9] \[[0-9]+\.[0-9], [0-9]+\.[0-9]\]$" "$tmp/sw.txt"'

# The report's daily plots: calendar dates when the scenario has a
# start_date (the baseline's: 2022-01-31, warm-up 60 days), the warm-up
# left out unless --show-warmup.
ticks() { python3 - "$1" "$2" "${3:-0}" <<"PY"
import re, sys
h = open(sys.argv[1]).read()
svg = re.search(r'id="fig-' + sys.argv[2] + '-' + sys.argv[3] + r'".*?</svg>', h, re.S)
svg = svg.group(0) if svg else ""
print("|".join(re.sub("<[^>]+>", "", t).strip()
               for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)))
PY
}
"$flowsim" run "$st/baseline.yaml" --replications 2 --threads 2 -q \
  --set horizon=150days --store "$tmp/d.db" >/dev/null
"$flowsim" report "$tmp/d.db" -o "$tmp/d.html"
"$flowsim" report "$tmp/d.db" -o "$tmp/dw.html" --show-warmup
check "report: the occupancy plot's axis is dates, from April 2022 (warm-up left out)" \
  'ticks "$tmp/d.html" occupancy | grep -qE "\|[0-9]{2} Apr 2022\|.*\|[0-9]{2} Jun 2022\|Occupied beds\|Date\|" && ! ticks "$tmp/d.html" occupancy | grep -qE "Feb 2022|Mar 2022|end of warm-up"'
check "report --show-warmup: from February 2022, the warm-up's end marked" \
  'ticks "$tmp/dw.html" occupancy | grep -qE "\|[0-9]{2} Feb 2022\|.*Apr 2022.*end of warm-up"'
check "report with health roles: a daily plot a unit too (medical, surgical, p1, ed...), dated" \
  'grep -q "medical: occupancy by day (patients)" "$tmp/d.html" && grep -q "surgical: occupancy by day (patients)" "$tmp/d.html" && grep -q "p1: occupancy by day (patients)" "$tmp/d.html" && ticks "$tmp/d.html" unit | grep -q "|Date|"'
check "report: the 4-hour and delayed-discharge plots dated too" \
  'ticks "$tmp/d.html" fourhour | grep -q "|Date|" && ticks "$tmp/d.html" nctr | grep -q "|Date|"'
"$flowsim" report "$tmp/d.db" --bogus >/dev/null 2>"$tmp/err"
check "report --bogus: an unknown option, not one missing its value" \
  '[ $? -eq 2 ] && grep -q "unknown option .--bogus." "$tmp/err"'

"$flowsim" run "$tmp/ok.yaml" --no-store -q >/dev/null 2>"$tmp/err"
check "run on a sweep file: exit 2, and says to use flowsim sweep" \
  '[ $? -eq 2 ] && grep -q "ok.yaml looks like a sweep file (base:, grid: or points:): run it with flowsim sweep" "$tmp/err"'

"$flowsim" export "$tmp/d.db" --what daily -o "$tmp/daily.csv"
check "export daily: a date column (day 149 from 2022-01-31 is 2022-06-29)" \
  'head -1 "$tmp/daily.csv" | grep -q ",day,series,value,date" && grep -qE "^1,0,[^,]*,,[^,]*,1,149,acute.admissions,[0-9.]+,2022-06-29" "$tmp/daily.csv"'
"$flowsim" export "$tmp/s.db" --what daily | sed -n 2p | tr -d "\r" >"$tmp/row"
check "export daily: no date without a start_date" 'grep -qE ",[0-9.e+-]+,$" "$tmp/row"'

"$flowsim" compare "$st/baseline.yaml" "$st/home-first.yaml" \
  "$st/virtual-wards-150.yaml" --replications 2 --threads 2 -q \
  --set horizon=120days --store "$tmp/c.db" >/dev/null
"$flowsim" report "$tmp/c.db" -o "$tmp/c.html"
check "report of a compare: the forest plot of paired differences, a row per alternative and headline KPI, none by month" \
  'ticks "$tmp/c.html" forest | grep -q "stockport-home-first: ED 4-hour performance|stockport-virtual-wards-150: ED 4-hour performance|" && ! ticks "$tmp/c.html" forest | grep -q "2022-0"'

check "report of a compare: legends name the scenarios, not alt 1, alt 2" \
  'ticks "$tmp/c.html" occupancy | grep -q "|stockport-home-first: mean occupied beds|stockport-virtual-wards-150: mean occupied beds|" && ! grep -q "alt 1: " "$tmp/c.html"'

"$flowsim" report "$tmp/sw.db" -o "$tmp/sw.html" --kpi ward.lost.fraction 2>/dev/null
check "report of a sweep: the response plot and the points' daily plots" \
  'grep -q "id=\"fig-sweep-0\"" "$tmp/sw.html" && grep -q "ward: occupancy by day (patients)" "$tmp/sw.html"'

"$flowsim" compare "$st/baseline.yaml" "$st/home-first.yaml" \
  "$st/virtual-wards-150.yaml" "$st/bramhall-manor-expiry.yaml" \
  --replications 2 --threads 2 -q --set horizon=120days \
  --store "$tmp/c4.db" >/dev/null
"$flowsim" report "$tmp/c4.db" -o "$tmp/c4.html"
yaxis() { ticks "$tmp/c4.html" occupancy "$1" | cut -d"|" -f1-4; }
check "report of four scenarios: acute occupancy as small multiples, one a scenario, on one scale" \
  'grep -q "id=\"fig-occupancy-3\"" "$tmp/c4.html" && ticks "$tmp/c4.html" occupancy 3 | grep -q "^.*stockport-bramhall-manor-expiry: acute beds occupied$" && [ "$(yaxis 0)" = "$(yaxis 3)" ] && [ -n "$(yaxis 0)" ]'

# Messages that said the wrong thing: each now names what is wrong.
ex=$src/scenarios/examples
"$flowsim" benefits "$st/finance.yaml" "$st/stockport-together.yaml" --bogus >/dev/null 2>"$tmp/err"
check "benefits --bogus: an unknown option, not one short of a value (exit 2)" \
  '[ $? -eq 2 ] && grep -q "^flowsim benefits: unknown option .--bogus.$" "$tmp/err"'
"$flowsim" check "$st/baseline.yaml" --set units.medicl.capacity=10 >/dev/null 2>"$tmp/err"
check "--set units.medicl.capacity=10: no such unit, did you mean medical" \
  '[ $? -eq 2 ] && grep -q "units.medicl: no unit .medicl. in the scenario; did you mean .medical.?" "$tmp/err"'
"$flowsim" check "$ex/erlang-loss.yaml" --set 'units.ward.stay={lognormal: {mean: 2 days}}' >/dev/null 2>"$tmp/err"
check "a lognormal without sd: the example is sd, not mean" \
  '[ $? -eq 2 ] && grep -q "missing required key .sd.; add e.g. .sd: 2 days.$" "$tmp/err"'
"$flowsim" run "$ex/erlang-loss.yaml" --store /nonexistent/x.db -q >/dev/null 2>"$tmp/err"
check "--store in a missing folder: one line, the path once, the folder named" \
  '[ $? -ne 0 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && [ "$(grep -o "/nonexistent/x.db" "$tmp/err" | wc -l)" -eq 1 ] && grep -q "no folder /nonexistent" "$tmp/err"'
"$flowsim" run "$src/test/golden/sweep.yaml" >/dev/null 2>"$tmp/err"
check "run on a sweep file: one line saying to use flowsim sweep, not the unknown key base" \
  '[ $? -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "looks like a sweep file" "$tmp/err"'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
