#!/bin/sh
# finance_cli.sh FLOWSIM_BENEFITS SOURCE_ROOT -- the benefits command:
# the business case's table printed to the GBP k (--static and as the
# first table of a comparison), savings of a scenario against itself zero,
# JSON and HTML output, and bad input.
set -u
exe=$1
src=$2
st=$src/scenarios/stockport/stockport-together.yaml
small=$src/test/finance/small.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else no "$1"; fi; }

"$exe" "$st" --static > "$tmp/static.txt" 2>&1
check "--static exits 0" "[ $? -eq 0 ]"
check "static total row" "grep -Eq '^Total +4566 +19408 +29887 +35383 +37996  same$' '$tmp/static.txt'"
check "deflection row" "grep -Eq '^15% Intensive Support deflection +958 +5748 +8622 +9580 +9580  same$' '$tmp/static.txt'"
check "length of stay row" "grep -Eq '^15% Length of Stay +908 +1816 +2724 +3633 +4541  same$' '$tmp/static.txt'"
check "residential row" "grep -Eq '^15% Residential & Nursing +185 +1110 +1832 +2184 +2406  same$' '$tmp/static.txt'"
check "outpatients row" "grep -Eq '^Outpatients +2021 +7772 +11970 +14457 +15545  same$' '$tmp/static.txt'"
check "healthy communities row" "grep -Eq '^Healthy Communities +494 +2962 +4443 +4936 +4936  same$' '$tmp/static.txt'"
check "prescribing row" "grep -Eq '^Enhanced Primary Care Prescribing +0 +0 +296 +593 +988  same$' '$tmp/static.txt'"
check "reproduced" "grep -q 'every printed line and total reproduced to the GBP k' '$tmp/static.txt'"

# a comparison prints the same table first (small scenario for speed)
"$exe" "$small" "$small" --replications 3 > "$tmp/self.txt" 2>&1
check "self comparison exits 0" "[ $? -eq 0 ]"
check "self: gross saving 0 [0, 0] every year" "[ \$(grep -Ec '^  gross saving +0  \[ +0, +0\]' '$tmp/self.txt') -eq 3 ]"
check "self: net 0" "[ \$(grep -Ec '^  net saving +0  \[ +0, +0\]' '$tmp/self.txt') -eq 3 ]"
"$exe" "$small" "$small" --replications 3 --format json > "$tmp/self.json" 2>&1
check "json" "grep -q '\"mismatches\": 0}' '$tmp/self.json' && grep -q '\"gross\": {\"mean\": 0, \"ci95\": \[0, 0\]}' '$tmp/self.json'"
check "json has no nonzero mean" "! grep -Eq '\"mean\": -?[1-9]' '$tmp/self.json'"
# against itself the paired saving has no spread at all while each run's
# cost has some: common random numbers bought everything (ratio 0)
check "self: width_ratio of the total exactly 0" "grep -q '\"width_ratio\": {\"total\": 0, \"ed_attendance\": 0,' '$tmp/self.json'"
# and the two runs vary exactly alike, so the best any pairing could give
# is 0 too
check "self: width_floor of the total exactly 0" "grep -q '\"width_floor\": {\"total\": 0, \"ed_attendance\": 0,' '$tmp/self.json'"
check "self: the costs table's ratio column 0.00 for the total" "grep -Eq '^total +[0-9]+ \[.*\] +[0-9]+ \[.*\] +0.00$' '$tmp/self.txt'"
"$exe" "$small" "$small" --replications 2 --base-set interventions=null \
    --base-set business_case=null --format html -o "$tmp/f.html" 2>&1
check "html section written" "grep -q '<section class=\"finance\">' '$tmp/f.html' && grep -q '</svg>' '$tmp/f.html'"
"$exe" "$small" --replications 2 > "$tmp/costs.txt" 2>&1
check "costs of one scenario" "grep -Eq '^total ' '$tmp/costs.txt'"
"$exe" "$small" "$src/scenarios/stockport/baseline.yaml" --replications 1 > "$tmp/e.txt" 2>&1
check "different periods refused (exit 2)" "[ $? -eq 2 ] && grep -q 'differ' '$tmp/e.txt'"
"$exe" "$small" --set costs.price_base=2022 > "$tmp/e.txt" 2>&1
check "bad input exit 2" "[ $? -eq 2 ] && grep -q \"costs.price_base: '2022' is not a financial year\" '$tmp/e.txt'"
"$exe" > /dev/null 2>&1
check "no file: exit 2" "[ $? -eq 2 ]"
"$exe" "$small" "$small" --replications 1 --store "$tmp/no/such/dir/x.db" > "$tmp/e.txt" 2>&1
check "a store that cannot be opened: exit 4" "[ $? -eq 4 ] && grep -q 'no/such/dir' '$tmp/e.txt'"
"$exe" "$small" "$small" --replications 2 --base-set interventions=null --store "$tmp/b.db" --format csv -o "$tmp/b1.csv" 2>&1 &&
"$exe" "$small" "$small" --replications 2 --base-set interventions=null --store "$tmp/b.db" --format csv -o "$tmp/b2.csv" 2>&1
check "--store twice: same output, written over" "cmp -s '$tmp/b1.csv' '$tmp/b2.csv' && [ -s '$tmp/b1.csv' ]"
# the overrides each scenario was loaded with are in the heading
"$exe" "$small" "$small" --replications 2 --base-set interventions=null \
    --alt-set 'units.acute.capacity=70' > "$tmp/ov.txt" 2>&1
check "--alt-set recorded in the heading" "grep -q '^ALT  --set units.acute.capacity=70$' '$tmp/ov.txt' && grep -q '^BASE --set interventions=null$' '$tmp/ov.txt'"
"$exe" "$small" "$small" --replications 2 --base-set interventions=null \
    --alt-set 'units.acute.capacity=70' --format json > "$tmp/ov.json" 2>&1
check "--alt-set recorded in JSON" "grep -q '\"base_set\": \[\"interventions=null\"\], \"alt_set\": \[\"units.acute.capacity=70\"\]' '$tmp/ov.json'"
# the cost schedule: as given, uplifted, cash share
check "cost schedule: care-home week 729 at 2021/22 x 122.81/116.08" "grep -Eq '^  care-home weeks \(P3\) +729.00 2021/22 +1.0580 +771.27 +100%  -$' '$tmp/ov.txt'"
check "cost schedule: fixed cost a year" "grep -Eq '^  fixed: p2-contract +1000000 2015/16 +1.2281 +1228100 +100%  - \(a year\)$' '$tmp/ov.txt'"
check "cost schedule in JSON" "grep -q '{\"item\": \"reablement_day\", \"unit_cost\": 48, \"price_year\": \"2021/22\", \"uplift\": 1.05797' '$tmp/ov.json'"
"$exe" "$small" --replications 1 --format json > "$tmp/c1.json" 2>&1
check "cost schedule of one scenario" "grep -q '\"cost_schedule\": \[' '$tmp/c1.json'"
"$exe" "$small" "$small" --replications 1 --no-store > "$tmp/ns.txt" 2>&1
check "--no-store accepted" "[ $? -eq 0 ] && grep -q '^total ' '$tmp/ns.txt'"
"$exe" "$small" "$small" --replications 1 --set costs=null > "$tmp/e.txt" 2>&1
check "no costs: refused, exit 2, not zeros" "[ $? -eq 2 ] && grep -q 'no costs: section, so nothing to price' '$tmp/e.txt'"
# savings by lever (values: test_levers.c; year 1 of class a: 8,759
# attendances x GBP 100, half each by Shapley)
lev=$src/test/finance/levers.yaml
"$exe" "$lev" "$lev" --base-set interventions=null --by-lever > "$tmp/lv.txt" 2>&1
check "--by-lever exits 0" "[ $? -eq 0 ]"
check "--by-lever: deflect-a alone, in sequence, Shapley" "grep -Eq '^  deflect-a +1752 \[ +1752, +1752\] +1752 \[ +1752, +1752\] +1752 \[ +1752, +1752\]$' '$tmp/lv.txt'"
check "--by-lever: no interaction, total" "grep -Eq '^  interaction \(together - sum alone\) +0 ' '$tmp/lv.txt' && grep -Eq '^  total saving \(BASE - ALT\) +2628 ' '$tmp/lv.txt'"
check "--by-lever: exact over 4 subsets" "grep -q 'Shapley values exact over all 4 subsets of 2 levers' '$tmp/lv.txt'"
"$exe" "$lev" "$lev" --base-set interventions=null --alt-set interventions.1.classes=[a] --by-lever --format json > "$tmp/lv.json" 2>&1
check "--by-lever JSON: same cohort, Shapley half each" "grep -q '\"shapley\": {\"ed.attendance\": \[{\"mean\": 437950,' '$tmp/lv.json' && grep -q '\"method\": \"exact\", \"subsets\": 4' '$tmp/lv.json'"
"$exe" "$lev" "$lev" --alt-set interventions=null --by-lever > "$tmp/e.txt" 2>&1
check "--by-lever without levers: exit 2" "[ $? -eq 2 ] && grep -q 'needs 1 to 64' '$tmp/e.txt'"
"$exe" "$lev" --by-lever > "$tmp/e.txt" 2>&1
check "--by-lever with one file: exit 2" "[ $? -eq 2 ]"
"$exe" "$lev" "$lev" --base-set interventions=null --by-lever \
    --set costs.unit_costs.ed_attendance.sd=20 --replications 4 --format html \
    -o "$tmp/lv.html" 2>&1
check "html: levers' waterfall, tornado, PSA distribution, cost schedule" "grep -q '<h3>Saving by lever, all years (Shapley values, exact over 4 subsets)</h3>' '$tmp/lv.html' && grep -q '<h3>One-way sensitivity' '$tmp/lv.html' && grep -q 'P(net saving &gt; 0) = 1.000 of 4 replications' '$tmp/lv.html' && grep -q '<h3>Cost schedule</h3>' '$tmp/lv.html' && [ \$(grep -c '</section>' '$tmp/lv.html') -eq 1 ]"
# static against dynamic by the levers a line names
lbc=$src/test/finance/levers-bc.yaml
"$exe" "$lbc" "$lbc" --base-set interventions=null --base-set business_case=null --by-lever > "$tmp/lbc.txt" 2>&1
check "by lever: a-line's static 2000 against deflect-a's 1752 (17,519 x GBP 100)" "grep -Eq '^ +all +2000 +1752  \[ +1752, +1752\] +88%$' '$tmp/lbc.txt'"
check "by lever: two levers' line is their sum" "grep -Eq '^ +all +3000 +2628  \[ +2628, +2628\] +88%$' '$tmp/lbc.txt'"
"$exe" "$lbc" "$lbc" --base-set interventions=null --by-lever --alt-set 'business_case.lines.a-line.levers=[nope]' > "$tmp/e.txt" 2>&1
check "a line's unknown lever: exit 2" "[ $? -eq 2 ] && grep -q \"business_case.lines.a-line.levers: 'nope' is not an intervention\" '$tmp/e.txt'"
# levers, uncertain prices and a ward rule: the same bytes on 1 and 2 threads
ls3=$src/test/finance/levers-small.yaml
for t in 1 2; do
  "$exe" "$ls3" "$ls3" --base-set interventions=null --by-lever --threads $t \
      --replications 3 --set costs.unit_costs.acute_bed_day.sd=50 \
      --set 'costs.capacity_release=[{name: w, unit: acute, item: acute_bed_day, beds: 2, sustained: 2 weeks}]' \
      --format json > "$tmp/t$t.json" 2>&1
done
check "--by-lever with PSA and a ward rule: identical JSON on 1 and 2 threads" "cmp -s '$tmp/t1.json' '$tmp/t2.json' && grep -q '\"subsets\": 8' '$tmp/t1.json' && grep -q '\"p_net_positive\"' '$tmp/t1.json'"
# an uncertain effect: drawn per replication, in the PSA output, the
# same on 1 and 2 threads; sd 0 is the fixed effect
lv=$src/test/finance/levers.yaml
for t in 1 2; do
    "$exe" "$lv" "$lv" --base-set interventions=null --replications 4 \
        --alt-set 'interventions.0.effect={mean: 0.5, sd: 0.1}' \
        --threads $t --format json > "$tmp/e$t.json" 2>&1
done
check "uncertain effect: identical JSON on 1 and 2 threads, in psa.effects" "cmp -s '$tmp/e1.json' '$tmp/e2.json' && grep -q '\"effects\": \[' '$tmp/e1.json' && grep -q '{\"intervention\": \"deflect-a\", \"mean\": 0.46' '$tmp/e1.json'"
"$exe" "$lv" "$lv" --base-set interventions=null --replications 4 \
    --alt-set 'interventions.0.effect={mean: 0.5, sd: 0.1}' --format html \
    -o "$tmp/e.html" 2>&1
check "uncertain effect: a tornado bar and the PSA histogram in the HTML" "grep -q '>deflect-a</text>' '$tmp/e.html' && grep -q 'P(net saving &gt; 0) = 1.000 of 4' '$tmp/e.html'"
mkdir -p "$tmp/u0" "$tmp/u1"
sed 's/classes: \[a\], effect: 100%/classes: [a], effect: 50%/' "$lv" > "$tmp/u0/l.yaml"
sed 's/classes: \[a\], effect: 100%/classes: [a], effect: {mean: 50%, sd: 0}/' "$lv" > "$tmp/u1/l.yaml"
(cd "$tmp/u0" && "$exe" l.yaml l.yaml --base-set interventions=null > out.txt 2>&1)
(cd "$tmp/u1" && "$exe" l.yaml l.yaml --base-set interventions=null > out.txt 2>&1)
check "effect sd 0: the fixed effect's output byte for byte" "cmp -s '$tmp/u0/out.txt' '$tmp/u1/out.txt' && grep -q 'gross saving' '$tmp/u0/out.txt' && ! grep -q 'Probabilistic' '$tmp/u0/out.txt'"
# 9 levers (more than every subset is run for): Shapley values sampled
# over orders.  deflect-a2 deflects class a as deflect-a does (each gets
# half of it in expectation, the two together exactly all of it),
# deflect-b class b alone (exact, error 0), six levers of effect 0 nothing
awk '{print} /name: deflect-b/ {print "  - {name: deflect-a2, deflect_arrivals: all, classes: [a], effect: 100%}"; for (i = 1; i <= 6; i++) print "  - {name: none-" i ", deflect_arrivals: all, classes: [b], effect: 0%}"}' "$lv" > "$tmp/l9.yaml"
for t in 1 2; do
    "$exe" "$tmp/l9.yaml" "$tmp/l9.yaml" --base-set interventions=null \
        --by-lever --threads $t --format json -o "$tmp/l9-$t.json" 2>&1
done
check "9 levers: sampled Shapley values, identical on 1 and 2 threads" "cmp -s '$tmp/l9-1.json' '$tmp/l9-2.json'"
check "9 levers: known values within their Monte Carlo errors" "python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))[\"levers\"]
v = {l[\"name\"]: (l[\"shapley\"][\"total\"][-1][\"mean\"], l[\"shapley_mc_se\"]) for l in d[\"levers\"]}
a, b, a2 = v[\"deflect-a\"], v[\"deflect-b\"], v[\"deflect-a2\"]
ok = d[\"method\"] == \"sampled\" and d[\"orders\"] >= 2 and b == (875900, 0) and abs(a[0] + a2[0] - 1751900) < 1e-6 and a[1] > 0 and abs(a[0] - 875950) < 4 * a[1] and all(v[\"none-%d\" % i] == (0, 0) for i in range(1, 7))
sys.exit(0 if ok else 1)' '$tmp/l9-1.json'"
"$exe" "$tmp/l9.yaml" "$tmp/l9.yaml" --base-set interventions=null --by-lever > "$tmp/l9.txt" 2>&1
check "9 levers: the table says sampled, with the errors" "grep -q 'Shapley values sampled over [0-9]* orders of 9 levers' '$tmp/l9.txt' && grep -Eq '^  deflect-b +0$' '$tmp/l9.txt'"
echo "1..$n"
[ $failed -eq 0 ]
