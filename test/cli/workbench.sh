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

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
