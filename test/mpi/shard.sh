#!/usr/bin/env bash
# --shard K/N and flowsim merge (no MPI needed): the shards of a run and of
# a sweep, merged, equal the whole; merge refuses stores of other
# scenarios, seeds, versions or schema versions.  Usage: shard.sh FLOWSIM SRCDIR
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

hosp=$src/scenarios/examples/hospital.yaml
erlang=$src/scenarios/examples/erlang-loss.yaml
kpis="SELECT e.key, r.replication, r.idx, quote(r.value) FROM replication_kpis r JOIN experiments e ON e.id = r.experiment_id ORDER BY 1, 2, 3"
daily="SELECT e.key, d.replication, d.day, d.idx, quote(d.value) FROM daily d JOIN experiments e ON e.id = d.experiment_id ORDER BY 1, 2, 3, 4"
q() { sqlite3 "$1" "$2" | md5sum; }

# A run: three shards merged equal the whole.
"$flowsim" run "$hosp" --replications 9 --threads 2 --format json --store whole.db -q >whole.json
for k in 0 1 2; do
  "$flowsim" run "$hosp" --replications 9 --format json --store "s$k.db" --shard "$k/3" \
    >"s$k.json" 2>"s$k.err"
  check "shard $k/3 exits 0" '[ $? -eq 0 ]'
done
check "a shard says it is one" 'grep -q "shard 1/3: only replications r with r % 3 = 1 ran" s1.err'
check "shard 1/3 stored replications 1, 4, 7" \
  '[ "$(sqlite3 s1.db "SELECT group_concat(replication) FROM (SELECT replication FROM replications ORDER BY 1)")" = "1,4,7" ]'
"$flowsim" merge merged.db s0.db s1.db s2.db 2>merge.err
check "merge exits 0 ($(cat merge.err))" '[ $? -eq 0 ] && grep -q "9 new replications" merge.err'
check "merged KPI values equal the whole run's" '[ "$(q merged.db "$kpis")" = "$(q whole.db "$kpis")" ]'
check "merged daily series equal the whole run's" '[ "$(q merged.db "$daily")" = "$(q whole.db "$daily")" ]'
"$flowsim" run "$hosp" --replications 9 --format json --store merged.db >resumed.json 2>resumed.err
check "a run on the merged store has nothing left to run" 'grep -q "resumed 9 of 9" resumed.err'
check "and its output equals the whole run's" 'cmp -s resumed.json whole.json'
check "the shards' identical studies were copied once (then the resumed run's)" \
  '[ "$(sqlite3 merged.db "SELECT count(*) FROM studies WHERE kind = '"'run'"'")" -eq 2 ]'
"$flowsim" merge merged.db s0.db 2>again.err
check "merging a shard again adds nothing" 'grep -q " 0 new replications" again.err &&
  [ "$(sqlite3 merged.db "SELECT count(*) FROM studies")" -eq 2 ]'

# A sweep, sharded: the same JSON as the whole sweep.
printf 'name: beds\nbase: %s\nreplications: 6\ngrid:\n  units.ward.capacity: [10, 12]\n  arrivals.emergencies.rate: ["8 per day", "9.5 per day"]\n' "$erlang" >sw.yaml
"$flowsim" sweep sw.yaml --format json --store swhole.db -q >swhole.json
for k in 0 1; do
  "$flowsim" sweep sw.yaml --format json --store "sw$k.db" --shard "$k/2" -q >/dev/null 2>&1
done
"$flowsim" merge swmerged.db sw0.db sw1.db 2>/dev/null
check "merged sweep shards: KPI values equal the whole sweep's" '[ "$(q swmerged.db "$kpis")" = "$(q swhole.db "$kpis")" ]'
"$flowsim" sweep sw.yaml --format json --store swmerged.db >swres.json 2>swres.err
check "merged sweep shards: the resumed sweep runs nothing and equals the whole" \
  'cmp -s swres.json swhole.json && [ "$(grep -c "resumed 6 of 6" swres.err)" -eq 4 ]'
check "merged sweep shards: one sweep study of 4 points (and the resumed one)" \
  '[ "$(sqlite3 swmerged.db "SELECT count(*) FROM study_experiments m JOIN studies s ON s.id = m.study_id WHERE s.kind = '"'sweep'"'")" -eq 8 ] &&
   [ "$(sqlite3 swmerged.db "SELECT count(*) FROM studies")" -eq 2 ]'

# Refusals: nothing is written to OUT.
cp merged.db keep.db
before=$(md5sum <merged.db)
"$flowsim" run "$erlang" --replications 3 --store other.db -q >/dev/null
"$flowsim" merge merged.db other.db 2>err
check "merge refuses a store of another scenario" \
  '[ $? -eq 2 ] && grep -q "holds experiment .erlang-loss-example.* that merged.db lacks\|holds experiment .* that other.db lacks" err'
"$flowsim" merge fresh.db s0.db other.db 2>err
check "merge refuses inputs of different scenarios, naming them" \
  '[ $? -eq 2 ] && grep -q "only stores of the same experiments" err && [ ! -s fresh.db ] || [ ! -e fresh.db ]'
"$flowsim" run "$hosp" --replications 3 --seed 7 --store seed7.db -q >/dev/null
"$flowsim" merge fresh.db s0.db seed7.db 2>err
check "merge refuses another seed" '[ $? -eq 2 ] && grep -q "with seed" err'
cp s1.db oldver.db
sqlite3 oldver.db "UPDATE experiments SET flowsim_version = '0.0.1', key = 'feedfacefeedface'"
"$flowsim" merge fresh.db s0.db oldver.db 2>err
check "merge refuses another flowsim version" '[ $? -eq 2 ] && grep -q "flowsim 0.0.1" err'
cp s1.db schema9.db
sqlite3 schema9.db "UPDATE meta SET value = '9' WHERE key = 'schema'"
"$flowsim" merge fresh.db s0.db schema9.db 2>err
check "merge refuses another schema version" '[ $? -eq 2 ] && grep -q "schema version 9" err'
"$flowsim" merge merged.db merged.db 2>err
check "merge refuses OUT as an input" '[ $? -eq 2 ] && grep -q "both the output and an input" err'
"$flowsim" merge merged.db missing.db 2>err
check "merge refuses a missing input" '[ $? -eq 2 ] && grep -q "missing.db: no such store" err'
check "refused merges left OUT as it was" '[ "$(md5sum <merged.db)" = "$before" ]'

# Bad --shard options.
"$flowsim" run "$hosp" --shard 3/3 -q >/dev/null 2>err
check "--shard 3/3 exits 2" '[ $? -eq 2 ] && grep -q -- "--shard: expected K/N" err'
"$flowsim" run "$hosp" --shard 0/2 --no-store -q >/dev/null 2>err
check "--shard with --no-store exits 2" '[ $? -eq 2 ] && grep -q -- "--shard: needs a store" err'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
