#!/usr/bin/env bash
# The Stockport scenarios: every one loads and runs; the baseline meets its
# calibration targets (flowsim validate, annual and monthly); and the
# model's mechanisms answer as a hospital does: more beds shorten the ED's
# waits, more P1 capacity cuts the patients waiting for P1, discharges
# leave in the day and fewer at weekends, no replication jams, December is
# among the worst months, winter is fuller than summer, and Stockport
# Together's care homes fall by about 3 admissions a month in year 5, and
# a wider cohort reaches more activity, less than in proportion.
# Usage: stockport.sh FLOWSIM SRCDIR
set -u
flowsim=$1
dir=$2/scenarios/stockport
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pass=0
fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
not_ok() { echo "not ok - $1"; fail=$((fail + 1)); }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

for f in "$dir"/*.yaml; do
  name=$(basename "$f")
  if "$flowsim" check "$f" >/dev/null 2>"$tmp/err"; then ok "$name loads"
  else not_ok "$name loads: $(cat "$tmp/err")"; fi
  if "$flowsim" run "$f" --replications 2 --no-store -q --format csv >"$tmp/out.csv" 2>"$tmp/err" &&
     grep -q "^ed.four_hour.performance,percent,[0-9]" "$tmp/out.csv"; then
    ok "$name runs and reports 4-hour performance"
  else
    not_ok "$name runs: $(cat "$tmp/err")"
  fi
done

# Byte-identical output for any thread count, on the full model.
"$flowsim" run "$dir/baseline.yaml" --replications 3 --threads 1 --no-store -q --format json >"$tmp/t1.json"
"$flowsim" run "$dir/baseline.yaml" --replications 3 --threads 3 --no-store -q --format json >"$tmp/t3.json"
check "baseline: identical JSON with 1 and 3 threads" 'cmp -s "$tmp/t1.json" "$tmp/t3.json"'

# The baseline's targets (10 replications, its own seed).
if "$flowsim" validate "$dir/baseline.yaml" --no-store -q >"$tmp/v.txt" 2>&1; then
  ok "baseline meets its targets ($(tail -1 "$tmp/v.txt"))"
else
  not_ok "baseline meets its targets"
  cat "$tmp/v.txt"
fi

# The mechanisms, on the baseline's 10 replications.
base=(run "$dir/baseline.yaml" --no-store -q --format json)
"$flowsim" "${base[@]}" >"$tmp/base.json"
"$flowsim" "${base[@]}" --set units.medical.capacity=unlimited \
  --set units.medical.escalation=null --set units.surgical.capacity=unlimited \
  --set units.surgical.escalation=null --set units.paeds.capacity=unlimited \
  >"$tmp/beds.json"
"$flowsim" "${base[@]}" --set units.p1.capacity=308 >"$tmp/p1.json"
"$flowsim" compare "$dir/finance.yaml" "$dir/stockport-together.yaml" \
  --no-store -q --format json --set warmup=1520days --replications 6 \
  >"$tmp/together.json"
"$flowsim" run "$dir/stockport-together.yaml" --no-store -q --format json \
  --set warmup=1520days --replications 6 --set cohort.reach=20% \
  >"$tmp/together20.json"

# One Python for the JSON arithmetic; each check prints one TAP line.
python3 - "$tmp" <<'EOF' >"$tmp/mech.tap"
import json, sys
t = sys.argv[1]
b = json.load(open(t + "/base.json"))["kpis"]
beds = json.load(open(t + "/beds.json"))["kpis"]
p1 = json.load(open(t + "/p1.json"))["kpis"]
tog = json.load(open(t + "/together.json"))
m = lambda d, k: d[k]["mean"]
def check(ok, what):
    print(("ok" if ok else "not ok") + " - " + what)

gain = m(beds, "ed.four_hour.performance") - m(b, "ed.four_hour.performance")
share = m(b, "ed.dta_4h.fraction")
check(gain >= 8, "unlimited acute beds raise 4-hour performance by %.1f "
      "points (>= 8; %.0f%% of ED admissions wait over 4 hours for a bed)"
      % (gain, 100 * share))
cut = 1 - m(p1, "acute.nctr.p1.mean") / m(b, "acute.nctr.p1.mean")
check(cut >= 0.25, "half as much P1 capacity again cuts acute.nctr.p1.mean "
      "by %.0f%% (>= 25%%)" % (100 * cut))
day = m(b, "acute.discharges.daytime.fraction")
check(day >= 0.70, "%.0f%% of acute discharges between 10:00 and 18:00 "
      "(>= 70%%)" % (100 * day))
we = m(b, "acute.discharges.weekend.ratio")
check(we < 1, "a weekend day has %.2f times a weekday's discharges (< 1)"
      % we)
fh = b["ed.four_hour.performance"]
check(fh["mean"] - fh["p5"] <= 6, "no replication jams: p5 of annual 4-hour "
      "performance %.1f within 6 points of the mean %.1f" % (fh["p5"],
                                                              fh["mean"]))
jams = [k for k, v in b.items() if k.endswith("jam.first_day") and v["n"] > 0]
check(not jams, "no unit jams in any replication (%s)" % (", ".join(jams)
                                                          or "none"))
months = ["2022-%02d" % i for i in range(4, 13)] + \
         ["2023-%02d" % i for i in range(1, 4)]
four = {mo: m(b, "ed.four_hour.performance." + mo) for mo in months}
worst = sorted(four, key=four.get)[:2]
check("2022-12" in worst, "December is among the two worst 4-hour months "
      "(%s)" % ", ".join(worst))
occ = lambda ms: sum(m(b, "acute.occupancy.snapshot_rate." + mo)
                     for mo in ms) / len(ms)
winter = occ(["2022-12", "2023-01", "2023-02", "2023-03"])
summer = occ(["2022-06", "2022-07", "2022-08", "2022-09"])
check(winter > summer, "December-March fuller than June-September "
      "(%.2f%% vs %.2f%%)" % (winter, summer))
ch = next(c for c in tog["comparisons"])["kpis"]["carehome.admissions"]
per_month = -ch["diff"]["mean"] / 12
check(1.5 <= per_month <= 5, "Stockport Together: %.1f fewer care-home "
      "admissions a month in year 5 (about 3)" % per_month)
# A cohort of 20% instead of 15% reaches (20/15)^0.18 = 1.053 times the
# activity: the people it adds are lower-risk ones.
tog20 = json.load(open(t + "/together20.json"))["kpis"]
d15 = next(c for c in tog["comparisons"])["kpis"]["deflected.attendances"]
ratio = m(tog20, "deflected.attendances") / d15["alt"]["mean"]
check(abs(ratio - (20 / 15) ** 0.18) <= 0.02, "Stockport Together with a "
      "cohort of 20%%: %.3f times the attendances avoided (1.053)" % ratio)
EOF
while read -r line; do
  case "$line" in
    "ok - "*) ok "${line#ok - }" ;;
    *) not_ok "${line#not ok - }" ;;
  esac
done <"$tmp/mech.tap"
[ -s "$tmp/mech.tap" ] || not_ok "the mechanism checks ran"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
