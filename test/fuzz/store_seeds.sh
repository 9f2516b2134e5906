#!/bin/sh
# store_seeds.sh -- makes the seeds of fuzz_store: SQL dumps of small real
# results stores, one study kind each, into corpus/store/.
#
#   test/fuzz/store_seeds.sh FLOWSIM [OUTDIR]
#
# Run it again whenever the store's schema changes (fuzz-replay-store
# fails when a seed no longer makes a report).  Needs python3 (the dumps
# are made by dump_store.py) and the sqlite3 shell.
set -eu
flowsim=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${2:-$root/test/fuzz/corpus/store}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
ex=$root/scenarios/examples
short="--replications 2 --set horizon=21days --set warmup=7days -q"
dump() {
    python3 "$root/test/fuzz/dump_store.py" "$tmp/$1.db" >"$out/$1.sql"
    echo "$out/$1.sql"
}

# shellcheck disable=SC2086
"$flowsim" run "$ex/erlang-loss.yaml" --store "$tmp/run.db" $short >/dev/null
dump run
# shellcheck disable=SC2086
"$flowsim" compare "$ex/hospital.yaml" "$ex/hospital.yaml" \
  --store "$tmp/compare-units.db" --set units.ed.capacity=40 $short >/dev/null
dump compare-units
printf 'name: one\nbase: %s\nreplications: 2\ngrid:\n  units.ward.capacity: [10, 12]\n' \
  "$ex/erlang-loss.yaml" >"$tmp/sw1.yaml"
# shellcheck disable=SC2086
"$flowsim" sweep "$tmp/sw1.yaml" --store "$tmp/sweep-line.db" $short >/dev/null
dump sweep-line
printf 'name: two\nbase: %s\nreplications: 2\ngrid:\n  units.ward.capacity: [10, 12]\n  arrivals.0.rate: [8 per day, 9 per day]\n' \
  "$ex/erlang-loss.yaml" >"$tmp/sw2.yaml"
# shellcheck disable=SC2086
"$flowsim" sweep "$tmp/sw2.yaml" --store "$tmp/sweep-heat.db" $short >/dev/null
dump sweep-heat
# The health roles (headline bars, 4-hour and delayed-discharge plots),
# KPIs only: their daily series would make a large seed.
"$flowsim" compare "$root/scenarios/stockport/baseline.yaml" \
  "$root/scenarios/stockport/bramhall-manor-expiry.yaml" --replications 2 \
  --set horizon=21days --set warmup=7days --no-series \
  --store "$tmp/compare-health.db" -q \
  >/dev/null
dump compare-health
# A benefits study: the finance section reloads the stored scenarios.
small=$root/test/finance/small.yaml
"$flowsim" benefits "$small" "$small" --base-set interventions=null \
  --replications 2 \
  --store "$tmp/benefits.db" -q >/dev/null
# (its daily series, a year of them, are what the finance section costs;
# dropped but for the first week, to keep the seed small)
sqlite3 "$tmp/benefits.db" "DELETE FROM daily WHERE day >= 7"
dump benefits
ls -l "$out"
