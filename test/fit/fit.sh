#!/usr/bin/env bash
# flowsim fit on the synthetic extracts (scenarios/examples/fit-*.csv,
# from test/fit/synth.c with known truths) and on hostile CSV.
# Usage: fit.sh FLOWSIM SRCDIR SYNTH
set -u
flowsim=$1
src=$2
synth=$3
ex=$src/scenarios/examples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pass=0
fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
not_ok() { echo "not ok - $1"; fail=$((fail + 1)); }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

# The extracts are the generator's, byte for byte.
"$synth" stays s.csv && "$synth" arrivals a.csv
check "fit-stays.csv is synth's output" 'cmp -s s.csv "$ex/fit-stays.csv"'
check "fit-arrivals.csv is synth's output" 'cmp -s a.csv "$ex/fit-arrivals.csv"'

# Stays by specialty: medicine is lognormal (mu = ln 4, sigma 0.9),
# surgery Weibull (shape 1.4, scale 5), ~8% censored.
"$flowsim" fit stays "$ex/fit-stays.csv" --column stay_days \
  --censored-column still_in --by specialty --plot plot.svg >st.txt 2>err
check "fit stays exits 0" '[ $? -eq 0 ] && [ ! -s err ]'
# within2 FAMILY PARAM TRUTH: the family's first table line gives PARAM
# within 2 standard errors of TRUTH
within2() {
  grep -m1 "^#   $1 " st.txt | sed -E "s/.* $2 ([0-9.e+-]+) \(([0-9.e+-]+)\).*/\1 \2/" |
    awk -v t="$3" '{z = ($1 - t) / $2; exit !(NF == 2 && z < 2 && z > -2)}'
}
check "medicine: lognormal ranked first" \
  'grep -A2 "specialty = medicine" st.txt | tail -1 | grep -q "^#   lognormal "'
check "medicine: mu within 2 se of ln 4" 'within2 lognormal mu 1.3862944'
check "medicine: sigma within 2 se of 0.9" 'within2 lognormal sigma 0.9'
check "surgery: weibull ranked first" \
  'grep -A2 "specialty = surgery" st.txt | tail -1 | grep -q "^#   weibull "'
sed -n '/specialty = surgery/,$p' st.txt >surg.txt
check "surgery: shape within 2 se of 1.4" \
  'grep -m1 "^#   weibull " surg.txt | sed -E "s/.* shape ([0-9.]+) \(([0-9.]+)\).*/\1 \2/" | awk "{z = (\$1 - 1.4) / \$2; exit !(z < 2 && z > -2)}"'
check "the stay: blocks are in the worked example" \
  '[ "$(grep -c "^stay:" st.txt)" = 2 ] && grep "^stay:" st.txt | sed "s/^stay: //" | while read -r l; do grep -qF "stay: $l" "$ex/fit-ward.yaml" || exit 1; done'
check "the worked example loads" '"$flowsim" check "$ex/fit-ward.yaml" >/dev/null'
check "the plot is well-formed SVG with the Kaplan-Meier curve" \
  'python3 -c "import sys, xml.etree.ElementTree as E; r = E.parse(\"plot.svg\").getroot(); sys.exit(not r.tag.endswith(\"svg\"))" && grep -q "Kaplan-Meier" plot.svg'
# Ignoring censoring shortens the medicine median (censored stays are the
# long ones): the naive fit's median is more than 5% below.
"$flowsim" fit stays "$ex/fit-stays.csv" --column stay_days --by specialty >naive.txt
cm=$(grep -m1 "lognormal: {median" st.txt | sed -E 's/.*median: ([0-9.]+).*/\1/')
nm=$(grep -m1 "lognormal: {median" naive.txt | sed -E 's/.*median: ([0-9.]+).*/\1/')
check "naive median $nm is > 5% below the censored fit's $cm" \
  'awk -v c="$cm" -v n="$nm" "BEGIN {exit !(n < 0.95 * c)}"'

# Step 2 of the worked example: calibrate the ED stay, then run.
"$flowsim" calibrate "$ex/fit-calibrate.yaml" -o calibrated.yaml >cal.txt 2>err
check "the worked example calibrates (exit 0, target met)" \
  '[ $? -eq 0 ] && grep -q "^# ed.stay.mean .* yes$" cal.txt'
check "the calibrated scenario runs and meets its target" \
  '"$flowsim" validate calibrated.yaml --no-store -q | grep -q "1 of 1 targets met"'

# Arrivals: 100 a day x factors of mean 1; Monday 1.15, Saturday 0.9;
# January 1.1, July 0.9 (relative to their mean over the days, 0.9997).
"$flowsim" fit arrivals "$ex/fit-arrivals.csv" >ar.txt 2>err
check "fit arrivals exits 0" '[ $? -eq 0 ] && [ ! -s err ]'
check "rate within 2% of 100 a day" \
  'grep -q "^    rate: " ar.txt && awk "/^    rate:/ {exit !(\$2 > 98 && \$2 < 102)}" ar.txt'
check "weekly: Monday and Saturday within 0.04 of 1.15 and 0.9" \
  'awk -F"[][, ]+" "/^    weekly:/ {exit !(\$3 > 1.11 && \$3 < 1.19 && \$8 > 0.86 && \$8 < 0.94)}" ar.txt'
cover=$(awk 'BEGIN {split("1.1 1.1 1.05 1 .95 .9 .9 .9 .95 1 1.05 1.1", t, " ")}
  /^#   2023-[0-9][0-9]  / {m = substr($2, 6, 2) + 0; gsub(/[][,]/, " ");
    split($0, f, " "); w = t[m] / 0.99973; if (f[4] <= w && w <= f[5]) c++}
  END {print c + 0}' ar.txt)
check "the 95% CIs of the monthly factors cover the truth ($cover of 12)" '[ "$cover" -ge 10 ]'
check "a Poisson stream fits the Poisson extract" \
  'grep -q "dispersion .*: a Poisson stream fits" ar.txt && grep -q "the profile is separable" ar.txt'
"$synth" overdispersed od.csv
"$flowsim" fit arrivals od.csv >od.txt
check "a gamma-mixed extract is over-dispersed" \
  'grep -qE "dispersion [1-9][0-9.]*, p = [0-9.e-]+: OVER-DISPERSED" od.txt'
{ echo "name: pasted"; echo "start_date: 2023-01-01"; echo "horizon: 30 days"
  sed -n '/^arrivals:/,$p' ar.txt
  echo "units: {ed: {capacity: unlimited, stay: 4 hours}}"; } >pasted.yaml
check "the arrivals: block loads as printed" '"$flowsim" check pasted.yaml >/dev/null'

# Hostile CSV: FILE:LINE:COL, the column's name, exit 2.
bad() { # NAME CONTENT EXPECTED-STDERR-REGEX [OPTIONS...]
  local name=$1 content=$2 want=$3
  shift 3
  printf "$content" >"$name.csv"
  "$flowsim" fit stays "$name.csv" "$@" >/dev/null 2>"$name.err"
  local rc=$?
  check "$name: exit 2, $want" '[ $rc -eq 2 ] && grep -qE -- "$want" "$name.err"'
}
bad nocolumn 'a,b\n1,2\n' "^nocolumn.csv:1:1: no column 'stay' \(--column\); the header has 'a', 'b'$"
bad word 'stay\n1.5\nabc\n' "^word.csv:3:1: stay: 'abc' is not a number"
bad third 'a,b,stay\nx,y,2\nx,y,1e400\n' "^third.csv:3:5: stay: '1e400' is not a number"
bad zero 'stay\n2\n0\n' "^zero.csv:3:1: stay: 0 is not > 0"
bad negative 'stay\n-1\n' "^negative.csv:2:1: stay: -1 is not > 0"
bad empty '' "^empty.csv:1:1: empty file"
bad header 'stay\n' "^header.csv:2:1: no stays"
bad short 'a,stay\n1\n' "^short.csv:2:1: this record has 1 fields; expected at least 2"
bad quote 'stay\n"1.5\n' "unclosed quote"
bad afterquote 'stay\n"1"x\n' "^afterquote.csv:2:5: text after a closing quote"
bad nul 'stay\n1\0\n' "^nul.csv:2:2: a NUL byte"
bad flag 'stay,c\n1,maybe\n' "^flag.csv:2:3: c: 'maybe' is not a flag" --censored-column c
bad bycol 'stay\n1\n' "no column 'ward' \(--by\)" --by ward
bad nan 'stay\n1\nnan\n' "^nan.csv:3:1: stay: 'nan' is not a number"
head -c 5000 /dev/zero | tr '\0' x | sed 's/^/stay\n/' >long.csv
"$flowsim" fit stays long.csv >/dev/null 2>long.err
check "a 5000-byte field: exit 2, longer than 4096 bytes" \
  '[ $? -eq 2 ] && grep -q "^long.csv:2:4097: a field longer than 4096 bytes" long.err'
awk 'BEGIN {for (i = 0; i < 600; i++) printf "c%d,", i; print "stay"}' >wide.csv
"$flowsim" fit stays wide.csv >/dev/null 2>wide.err
check "600 fields: exit 2, more than 512" '[ $? -eq 2 ] && grep -q "more than 512 fields" wide.err'
printf 'stay\n\033[31mred\n' >esc.csv
"$flowsim" fit stays esc.csv >/dev/null 2>esc.err
check "an escape sequence is not echoed raw" \
  '[ $? -eq 2 ] && ! grep -q $'"'"'\033'"'"' esc.err && grep -q "?\[31mred" esc.err'
"$flowsim" fit stays missing.csv >/dev/null 2>err
check "a missing file: exit 2, named" '[ $? -eq 2 ] && grep -q "^missing.csv: No such file" err'
"$flowsim" fit stays "$ex/fit-stays.csv" --unit fortnights >/dev/null 2>err
check "a bad --unit: exit 2" '[ $? -eq 2 ] && grep -q "expected days, hours or minutes" err'
# A group name that is markup: escaped in the SVG, shown inert on the
# terminal.
{ echo 'g,stay'; awk 'BEGIN {srand(3); for (i = 0; i < 60; i++) printf "\"<script>x</script>\",%.3f\n", 1 + 5 * rand()}'; } >markup.csv
"$flowsim" fit stays markup.csv --by g --plot markup.svg >markup.txt 2>&1
check "markup in a group: escaped in the SVG" \
  'grep -q "&lt;script&gt;" markup.svg && ! grep -q "<script>" markup.svg'
# Arrivals: bad times.
printf 'arrival\n2023-01-01 10:00\n2023-02-30 10:00\n' >feb30.csv
"$flowsim" fit arrivals feb30.csv >/dev/null 2>err
check "arrivals: 30 February: exit 2 at 3:1" \
  '[ $? -eq 2 ] && grep -q "^feb30.csv:3:1: arrival: .2023-02-30 10:00. is not a time" err'
printf 'arrival\n0001-01-01 00:00\n9999-12-31 23:59\n' >span.csv
"$flowsim" fit arrivals span.csv >/dev/null 2>err
check "arrivals: a 10000-year span is refused" '[ $? -eq 2 ] && grep -q "at most 7305" err'
printf 'arrival\n2023-01-01 10:00\n2023-01-27 10:00\n' >short.csv
"$flowsim" fit arrivals short.csv >/dev/null 2>err
check "arrivals: 27 days are refused (four weeks needed)" \
  '[ $? -eq 2 ] && grep -q "^short.csv: the arrivals span 27 days; .* at least 28" err'
printf 'stay\n1\n1\n1\n1\n1\n1\n1\n1\n1\n1\n2\n' >same.csv
check "stays of two distinct values are not fitted, and say why" \
  '"$flowsim" fit stays same.csv | grep -q "take 2 distinct values; a fit needs 3" && ! "$flowsim" fit stays same.csv | grep -q "^stay:"'
printf 'stay,c\n1,0\n2,1\n3,1\n' >few.csv
check "3 stays, 1 ended: too few, counted" \
  '"$flowsim" fit stays few.csv --censored-column c | grep -q "too few ended stays to fit: 1 (fewest: 10)"'
"$flowsim" fit frobnicate >/dev/null 2>err
check "fit with no known subcommand: exit 2" '[ $? -eq 2 ] && grep -q "expected stays or arrivals" err'

echo "1..$((pass + fail))"
echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
