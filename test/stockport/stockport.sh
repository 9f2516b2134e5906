#!/usr/bin/env bash
# The Stockport scenarios: every one loads and runs, and the baseline meets
# its calibration targets (flowsim validate).  Usage: stockport.sh FLOWSIM SRCDIR
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
if cmp -s "$tmp/t1.json" "$tmp/t3.json"; then ok "baseline: identical JSON with 1 and 3 threads"
else not_ok "baseline: identical JSON with 1 and 3 threads"; fi

# The baseline's targets (10 replications, its own seed).
if "$flowsim" validate "$dir/baseline.yaml" --replications 10 --no-store -q >"$tmp/v.txt" 2>&1; then
  ok "baseline meets its targets ($(tail -1 "$tmp/v.txt"))"
else
  not_ok "baseline meets its targets"
  cat "$tmp/v.txt"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
