#!/bin/sh
# finance_report.sh FLOWSIM SOURCE_ROOT -- `flowsim benefits --by-lever
# --store` keeps the savings by lever with its study, and `flowsim report`
# shows them: the two levers known by construction (levers.yaml: each
# deflects its own class, GBP 100 an ED attendance) with their exact
# savings alone, in sequence and by Shapley, the lines beside them, the
# waterfall; and the PSA's distribution, tornado and cost schedule.
set -u
exe=$1
src=$2
lev=$src/test/finance/levers.yaml
small=$src/test/finance/small.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else no "$1"; fi; }
sql() { sqlite3 "$1" "$2"; }

db=$tmp/lv.db
"$exe" benefits "$lev" "$lev" --base-set interventions=null --by-lever \
  --store "$db" -q > "$tmp/lv.txt" 2>&1
check "benefits --by-lever --store exits 0" "[ $? -eq 0 ]"
# class a: 8,759 + 8,760 attendances, class b: 4,379 + 4,380, GBP 100 each
check "stored: deflect-a's Shapley value over all years 1751900" \
  '[ "$(sql "$db" "SELECT mean FROM study_levers WHERE line = '"'deflect-a'"' AND measure = '"'shapley'"' AND year = '"'all'"'")" = 1751900.0 ]'
check "stored: deflect-b alone in 2022/23 437900" \
  '[ "$(sql "$db" "SELECT mean FROM study_levers WHERE line = '"'deflect-b'"' AND measure = '"'alone'"' AND year = '"'2022/23'"'")" = 437900.0 ]'
check "stored: 2 levers x 3 measures + 4 lines, each of 2 years and all" \
  '[ "$(sql "$db" "SELECT count(*) FROM study_levers")" = 30 ]'
check "stored: the method, exact over 4 subsets" \
  '[ "$(sql "$db" "SELECT method || levers || subsets || coalesce(orders, '"'-'"') FROM study_lever_method")" = exact24- ]'
check "the study keeps the base and the alternative only" \
  '[ "$(sql "$db" "SELECT count(*) FROM study_experiments")" = 2 ]'

"$exe" report "$db" -o "$tmp/lv.html" > "$tmp/r.txt" 2>&1
check "report exits 0" "[ $? -eq 0 ]"
row() {  # the data-v, -lo, -hi values of lever $1's row in page $2
  python3 -c '
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<tr data-lever=\"" + re.escape(sys.argv[2]) + r"\">(.*?)</tr>", t)
print(" ".join(re.findall(r"data-(?:v|lo|hi)=\"([^\"]*)\"", m.group(1))) if m else "none")' "$2" "$1"
}
check "report: deflect-a alone, in sequence, Shapley 1751.9 with zero-width CIs" \
  '[ "$(row deflect-a "$tmp/lv.html")" = "1751.9 1751.9 1751.9 1751.9 1751.9 1751.9 1751.9 1751.9 1751.9" ]'
check "report: deflect-b 875.9 each way" \
  '[ "$(row deflect-b "$tmp/lv.html")" = "875.9 875.9 875.9 875.9 875.9 875.9 875.9 875.9 875.9" ]'
check "report: they add up (together 2627800, interaction 0)" \
  'grep -q "<p id=\"fin-levers-check\" data-together=\"2627800\" data-alone=\"2627800\" data-interaction=\"0\" data-sequential=\"2627800\" data-shapley=\"2627800\">" "$tmp/lv.html"'
check "report: the waterfall and the years table" \
  'grep -q "<figure id=\"fig-finlevers\"><svg" "$tmp/lv.html" && grep -q "<table id=\"fin-levers-years\">" "$tmp/lv.html"'
check "report: no note that the levers are missing" \
  '! grep -q "id=\"fin-no-levers\"" "$tmp/lv.html"'
check "report: the cost schedule" \
  'grep -A3 "<div id=\"fin-schedule\">" "$tmp/lv.html" | grep -q "<h3>Cost schedule</h3>"'

# merged into a new store, and into one that has the same study without
# them, the study keeps its savings by lever
"$exe" benefits "$lev" "$lev" --base-set interventions=null \
  --store "$tmp/merged.db" -q > /dev/null 2>&1
"$exe" merge "$tmp/merged.db" "$db" > /dev/null 2>&1
check "merge exits 0" "[ $? -eq 0 ]"
check "merged: the lever rows under the merged study's id" \
  '[ "$(sql "$tmp/merged.db" "SELECT count(*) FROM study_levers l JOIN study_lever_method m USING (study_id) WHERE study_id = (SELECT max(id) FROM studies)")" = 30 ]'
"$exe" merge "$tmp/fresh.db" "$db" > /dev/null 2>&1
check "merged into a new store: the study with its lever rows" \
  '[ "$(sql "$tmp/fresh.db" "SELECT count(*) FROM study_levers WHERE study_id = (SELECT id FROM studies)")" = 30 ]'
"$exe" report "$tmp/merged.db" -o "$tmp/merged.html" > /dev/null 2>&1
check "report of the merged store: deflect-a's row" \
  '[ "$(row deflect-a "$tmp/merged.html")" = "$(row deflect-a "$tmp/lv.html")" ] && [ "$(row deflect-a "$tmp/lv.html")" != none ]'

# a store is read, not trusted: a hostile lever name is shown as text,
# rows that fit no lever, measure or year are left out, a lever count
# out of range shows no table
cp "$db" "$tmp/bad.db"
sql "$tmp/bad.db" "UPDATE study_levers SET line = '<b>&\"x' WHERE line = 'deflect-a'; INSERT INTO study_levers VALUES (1, 99, 'far', 'alone', 'all', 1, 1, 1, NULL), (1, 0, 'deflect-a', 'nope', 'all', 1, 1, 1, NULL), (1, 1, 'deflect-b', 'alone', '1999/00', 1, 1, 1, NULL)"
"$exe" report "$tmp/bad.db" -o "$tmp/bad.html" > /dev/null 2>&1
check "hostile rows: report exits 0, the name escaped, the stray rows ignored" \
  '[ $? -eq 0 ] && grep -q "<tr data-lever=\"&lt;b&gt;&amp;&quot;x\">" "$tmp/bad.html" && ! grep -q "<b>&" "$tmp/bad.html" && [ "$(row deflect-b "$tmp/bad.html")" = "$(row deflect-b "$tmp/lv.html")" ]'
sql "$tmp/bad.db" "UPDATE study_lever_method SET levers = 100000"
"$exe" report "$tmp/bad.db" -o "$tmp/bad2.html" > /dev/null 2>&1
check "hostile lever count: no lever table, the note" \
  '[ $? -eq 0 ] && ! grep -q "id=\"fin-levers\"" "$tmp/bad2.html" && grep -q "id=\"fin-no-levers\"" "$tmp/bad2.html"'

# the same cohort: together they save class a once, Shapley half each
"$exe" benefits "$lev" "$lev" --base-set interventions=null --by-lever \
  --alt-set interventions.1.classes=[a] --store "$tmp/same.db" -q \
  > /dev/null 2>&1
"$exe" report "$tmp/same.db" -o "$tmp/same.html" > /dev/null 2>&1
check "report, one cohort: alone 1751.9 each, Shapley 875.95 each" \
  '[ "$(row deflect-b "$tmp/same.html" | cut -d" " -f1,7)" = "1751.9 875.95" ]'
check "report, one cohort: interaction minus one cohort" \
  'grep -q "data-together=\"1751900\" data-alone=\"3503800\" data-interaction=\"-1751900\"" "$tmp/same.html"'

# 9 levers: sampled Shapley values, stored with their method and Monte
# Carlo errors; the report's table has the errors' column (deflect-b
# alone on its class: exact, error 0) and the values still add up
awk '{print} /name: deflect-b/ {print "  - {name: deflect-a2, deflect_arrivals: all, classes: [a], effect: 100%}"; for (i = 1; i <= 6; i++) print "  - {name: none-" i ", deflect_arrivals: all, classes: [b], effect: 0%}"}' "$lev" > "$tmp/l9.yaml"
"$exe" benefits "$tmp/l9.yaml" "$tmp/l9.yaml" --base-set interventions=null \
  --by-lever --store "$tmp/l9.db" -q > /dev/null 2>&1
"$exe" report "$tmp/l9.db" -o "$tmp/l9.html" > /dev/null 2>&1
check "9 levers stored as sampled, with their orders" \
  '[ "$(sql "$tmp/l9.db" "SELECT method || levers || (orders >= 2) FROM study_lever_method")" = sampled91 ]'
check "9 levers in the report: deflect-b 875.9 each way, MC error 0" \
  '[ "$(row deflect-b "$tmp/l9.html")" = "875.9 875.9 875.9 875.9 875.9 875.9 875.9 875.9 875.9 0" ]'
check "9 levers in the report: the sampled values add up to all together" \
  'python3 -c "
import re, sys
t = open(sys.argv[1], encoding=\"utf-8\").read()
m = re.search(r\"data-together=.([^\\\"]*). data-alone=.([^\\\"]*). data-interaction=.([^\\\"]*). data-sequential=.([^\\\"]*). data-shapley=.([^\\\"]*).\", t)
v = [float(x) for x in m.groups()]
sys.exit(0 if abs(v[4] - v[0]) < 1e-6 and abs(v[3] - v[0]) < 1e-6 and abs(v[1] + v[2] - v[0]) < 1e-6 and v[0] == 2627800 else 1)
" "$tmp/l9.html"'

# who pays: the ED attendances the commissioner's, half of them cash
"$exe" benefits "$lev" "$lev" --base-set interventions=null \
  --set costs.unit_costs.ed_attendance.payer=commissioner \
  --set costs.unit_costs.ed_attendance.cash_releasing=50% \
  --store "$tmp/pay.db" -q > /dev/null 2>&1
"$exe" report "$tmp/pay.db" -o "$tmp/pay.html" > /dev/null 2>&1
payer() {  # the data-v, -lo, -hi values of payer $1's row in page $2
  python3 -c '
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<tr data-payer=\"" + re.escape(sys.argv[2]) + r"\">(.*?)</tr>", t)
print(" ".join(re.findall(r"data-(?:v|lo|hi)=\"([^\"]*)\"", m.group(1))) if m else "none")' "$2" "$1"
}
check "report: the commissioner saves 2627.8, 1313.9 of it cash" \
  '[ "$(payer commissioner "$tmp/pay.html")" = "2627.8 2627.8 2627.8 1313.9" ]'
check "report: nothing on the line of no payer" \
  '[ "$(payer "" "$tmp/pay.html")" = "0 0 0 0" ]'
check "report without payers: no payer table" \
  '! grep -q "id=\"fin-payers\"" "$tmp/lv.html"'

# one scenario's costs (benefits FILE --store): its schedule too
"$exe" benefits "$lev" --store "$tmp/one.db" -q > /dev/null 2>&1
"$exe" report "$tmp/one.db" -o "$tmp/one.html" > /dev/null 2>&1
check "report of one scenario's costs: the cost schedule, ED attendance at 100.00" \
  'grep -A8 "<div id=\"fin-schedule\">" "$tmp/one.html" | grep -q "<td>A&amp;E attendances</td><td>100.00</td><td>2022/23</td><td>1.0000</td><td>100.00</td>"'

# a store without --by-lever: the note, no table
"$exe" benefits "$lev" "$lev" --base-set interventions=null \
  --store "$tmp/plain.db" -q > /dev/null 2>&1
"$exe" report "$tmp/plain.db" -o "$tmp/plain.html" > /dev/null 2>&1
check "report without --by-lever: the note, no table" \
  'grep -q "id=\"fin-no-levers\"" "$tmp/plain.html" && ! grep -q "id=\"fin-levers\"" "$tmp/plain.html"'

# uncertain prices and effects: the tornado and the distribution
"$exe" benefits "$small" "$small" --base-set interventions=null \
  --alt-set 'interventions.0.effect={mean: 30%, sd: 5%}' \
  --set costs.unit_costs.ed_attendance.sd=50 --replications 5 \
  --store "$tmp/psa.db" -q > /dev/null 2>&1
"$exe" report "$tmp/psa.db" -o "$tmp/psa.html" > /dev/null 2>&1
check "report with PSA: the tornado plot, the distribution of net savings" \
  'grep -A2 "<div id=\"fin-tornado-plot\">" "$tmp/psa.html" | grep -q "One-way sensitivity" && grep -A2 "<div id=\"fin-psa-distribution\">" "$tmp/psa.html" | grep -q "of 5 replications"'

# an uncertain phase fraction: its row in the report's tornado, its
# entry in the command's JSON with the same figures
ph='interventions.0.phasing.0.fraction={mean: 50%, sd: 10%}'
"$exe" benefits "$small" "$small" --base-set interventions=null \
  --alt-set "$ph" --replications 5 --store "$tmp/ph.db" -q --format json \
  -o "$tmp/ph.json" > /dev/null 2>&1
"$exe" report "$tmp/ph.db" -o "$tmp/ph.html" > /dev/null 2>&1
want=$(python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["psa"]["effects"][0]; print("%s %d %.4g %.4g" % (e["intervention"], e["phase"], e["low"], e["high"]))' "$tmp/ph.json")
got=$(python3 -c '
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<tr data-kind=\"phasing\" data-param=\"deflect-risk phasing 0\"><td>[^<]*</td><td class=\"n\">([^<]*)</td><td class=\"n\">([^<]*)</td>", t)
print("deflect-risk 0 %s %s" % m.groups() if m else "none")' "$tmp/ph.html")
check "report: the uncertain phase in the tornado ($got), as the JSON ($want)" \
  '[ -n "$want" ] && [ "$got" = "$want" ]'

echo "1..$n"
[ "$failed" -eq 0 ]
