#!/usr/bin/env bash
# The outputs of every bundled scenario, compared byte for byte with the
# expected ones in test/golden/expected/: run (JSON, CSV and table),
# compare, sweep and benefits, with few replications and the scenarios'
# own seeds.  A change of behaviour shows here first; when it is meant,
# regenerate the expected files deliberately and review the diff:
#   test/golden/golden.sh build/tools/flowsim . --update
# Usage: golden.sh FLOWSIM SRCDIR [--update]
set -u
flowsim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
update=${3:-}
exp=$src/test/golden/expected
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
out=$tmp/out
mkdir -p "$out"
opts=(--replications 2 --threads 2 --no-store -q)

for s in "$src"/scenarios/examples/*.yaml "$src"/scenarios/stockport/*.yaml; do
  b=$(basename "$s" .yaml)
  case $b in finance*) continue ;; esac   # benefits pairs (below)
  "$flowsim" run "$s" "${opts[@]}" --format json >"$out/run-$b.json"
  "$flowsim" run "$s" "${opts[@]}" --format csv >"$out/run-$b.csv"
  "$flowsim" run "$s" "${opts[@]}" >"$out/run-$b.txt"
done
st=$src/scenarios/stockport
# The table with every KPI, and a choice of KPIs by globs.
"$flowsim" run "$st/baseline.yaml" "${opts[@]}" --all >"$out/run-baseline-all.txt"
"$flowsim" run "$st/winter-2021-22.yaml" "${opts[@]}" \
  --kpis 'ed.four_hour.*,acute.occupancy.*' >"$out/run-winter-kpis.txt"
# flowsim size on the Erlang example, in every format.
for f in table json csv; do
  "$flowsim" size "$src/scenarios/examples/erlang-loss.yaml" "${opts[@]}" \
    --vary units.ward.capacity --range 8:30 \
    --target 'ward.lost.fraction <= 0.035' --format "$f" >"$out/size.$f"
done
"$flowsim" compare "$st/baseline.yaml" "$st/home-first.yaml" \
  "$st/virtual-wards-150.yaml" "${opts[@]}" --format json >"$out/compare.json"
"$flowsim" compare "$st/baseline.yaml" "$st/bramhall-manor-expiry.yaml" \
  "${opts[@]}" >"$out/compare.txt"
# Several alternatives: a table of KPIs by scenario.
"$flowsim" compare "$st/baseline.yaml" "$st/home-first.yaml" \
  "$st/virtual-wards-150.yaml" "${opts[@]}" >"$out/compare-matrix.txt"
"$flowsim" sweep "$src/test/golden/sweep.yaml" "${opts[@]}" --format json \
  >"$out/sweep.json"
"$flowsim" sweep "$src/test/golden/sweep.yaml" "${opts[@]}" >"$out/sweep.txt"
"$flowsim" benefits "$st/finance.yaml" "$st/stockport-together.yaml" \
  --replications 2 --threads 2 -q --format json >"$out/benefits.json"
# Every format of benefits, and the costs of one scenario, on the finance
# tests' small system (its business case gives the static tables too).
small=$src/test/finance/small.yaml
for f in table json csv html; do
  "$flowsim" benefits "$small" "$small" --replications 2 --threads 2 -q \
    --base-set interventions=null --base-set business_case=null \
    --format "$f" >"$out/benefits-small.$f"
done
for f in table json; do
  "$flowsim" benefits "$small" --replications 2 --threads 2 -q \
    --format "$f" >"$out/costs-small.$f"
done
# CSV exports of a store holding a run, a compare and a sweep.
ex=$src/scenarios/examples
"$flowsim" run "$ex/hospital.yaml" --replications 2 --threads 2 -q \
  --store "$tmp/s.db" >/dev/null
"$flowsim" compare "$ex/hospital.yaml" "$ex/erlang-loss.yaml" \
  --set horizon=400days --set warmup=40days \
  --replications 2 --threads 2 -q --store "$tmp/s.db" >/dev/null
"$flowsim" sweep "$src/test/golden/sweep.yaml" --replications 2 \
  --threads 2 -q --store "$tmp/s.db" >/dev/null
for k in 1 2 3; do
  for w in summary replications; do
    "$flowsim" export "$tmp/s.db" --study "$k" --what "$w" \
      >"$out/export-$k-$w.csv"
  done
done

# The sweep names its base by path: make it the same on every machine.
for f in "$out"/sweep.*; do
  sed -i "s|$src/|SRC/|g" "$f"
done

if [ "$update" = --update ]; then
  rm -rf "$exp"
  cp -r "$out" "$exp"
  echo "expected outputs rewritten in $exp"
  exit 0
fi
pass=0
fail=0
for f in "$out"/*; do
  b=$(basename "$f")
  if cmp -s "$f" "$exp/$b"; then
    echo "ok - $b identical"
    pass=$((pass + 1))
  else
    echo "not ok - $b differs from test/golden/expected/$b"
    diff "$exp/$b" "$f" | head -20
    fail=$((fail + 1))
  fi
done
for f in "$exp"/*; do
  [ -e "$out/$(basename "$f")" ] ||
    { echo "not ok - $(basename "$f") no longer produced"; fail=$((fail + 1)); }
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
