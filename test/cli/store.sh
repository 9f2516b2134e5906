#!/usr/bin/env bash
# The results store's file and identity: outputs that would overwrite the
# store, concurrent runs of one experiment, another application's
# database, other schema versions, series after a --no-series run, paths
# that keep nothing, a read-only file system, a killed merge, and an
# experiment whose key matches another's.  Usage: store.sh FLOWSIM SRCDIR
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
q() { sqlite3 "$@" 2>&1; }

erlang=$src/scenarios/examples/erlang-loss.yaml
hosp=$src/scenarios/examples/hospital.yaml
short=(--set "horizon=30 days" --set "warmup=0 days")
cd "$tmp" || exit 1

# ---- An output naming the store is refused before anything is written.
"$flowsim" run "$erlang" --replications 2 -q --store s.db "${short[@]}" >/dev/null
cp s.db pristine.db   # for the later sections, whatever happens to s.db
sum=$(md5sum <s.db)
reps() { q "$1" "SELECT count(*) FROM replications"; }
for out in "-o s.db" "--trace s.db" "-o ./s.db" "-o $tmp/../$(basename "$tmp")/s.db" "-o s.db-wal"; do
  # shellcheck disable=SC2086
  "$flowsim" run "$erlang" --replications 2 -q --store s.db $out >/dev/null 2>err
  check "run $out with --store s.db exits 2 naming the store" \
    '[ $? -eq 2 ] && grep -q "is the results store s.db" err'
done
ln -s s.db link.db
"$flowsim" run "$erlang" --replications 2 -q --store s.db -o link.db >/dev/null 2>err
check "-o through a symbolic link to the store exits 2" '[ $? -eq 2 ]'
"$flowsim" compare "$erlang" "$erlang" --replications 2 -q --store s.db -o s.db >/dev/null 2>err
check "compare -o STORE exits 2" '[ $? -eq 2 ] && grep -q "results store" err'
printf 'name: sw\nbase: %s\nreplications: 2\ngrid:\n  units.ward.capacity: [10, 12]\n' "$erlang" >sw.yaml
"$flowsim" sweep sw.yaml -q --store s.db -o s.db >/dev/null 2>err
check "sweep -o STORE exits 2" '[ $? -eq 2 ] && grep -q "results store" err'
"$flowsim" benefits "$erlang" --store s.db -o s.db >/dev/null 2>err
check "benefits -o STORE exits 2" '[ $? -eq 2 ] && grep -q "results store" err'
"$flowsim" report s.db -o s.db 2>err
check "report -o STORE exits 2" '[ $? -eq 2 ] && grep -q "is the results store" err'
"$flowsim" export s.db --what summary -o ./s.db 2>err
check "export -o STORE exits 2" '[ $? -eq 2 ] && grep -q "is the results store" err'
cp pristine.db report.html
"$flowsim" report report.html 2>err
check "report of a store named report.html (the default page) exits 2" '[ $? -eq 2 ]'
check "the store is as it was after every refusal ($(reps s.db) replications)" \
  '[ "$(md5sum <s.db)" = "$sum" ] && [ "$(reps s.db)" = 2 ] && [ "$(q s.db "PRAGMA integrity_check")" = ok ]'
"$flowsim" run "$erlang" --replications 2 -q -o flowsim.db >/dev/null 2>err
check "-o flowsim.db with the default store exits 2" '[ $? -eq 2 ] && [ ! -e flowsim.db ]'
"$flowsim" run "$erlang" --replications 2 -q --store new.db -o ./new.db >/dev/null 2>err
check "-o naming a new store by another path exits 2 (resolved paths)" '[ $? -eq 2 ] && [ ! -e new.db ]'
"$flowsim" run "$erlang" --replications 2 -q --no-store -o s.db.json >/dev/null 2>err
check "-o beside the store (another file) is fine" '[ $? -eq 0 ] && [ -s s.db.json ]'

# ---- Paths that keep nothing or are no file.
for p in "" ":memory:"; do
  "$flowsim" run "$erlang" --replications 2 -q --store "$p" >/dev/null 2>err
  check "--store '$p' exits 2 saying to use --no-store" '[ $? -eq 2 ] && grep -q -- "--no-store" err'
done
had_journal=$([ -e /dev/null-journal ] && echo 1 || echo 0)
"$flowsim" run "$erlang" --replications 2 -q --store /dev/null >/dev/null 2>err
check "--store /dev/null exits 2 (not a regular file) and makes no /dev/null-journal" \
  '[ $? -eq 2 ] && grep -q "not a regular file" err && { [ "$had_journal" = 1 ] || [ ! -e /dev/null-journal ]; }'
mkdir adir
"$flowsim" run "$erlang" --replications 2 -q --store adir >/dev/null 2>err
check "--store DIRECTORY exits 2" '[ $? -eq 2 ] && grep -q "not a regular file" err'
"$flowsim" run "$erlang" --replications 2 -q --store nodir/x.db >/dev/null 2>err
check "--store in a missing folder exits 4 naming it" '[ $? -eq 4 ] && grep -q "no folder nodir" err'
"$flowsim" run "$erlang" --replications 2 -q --store "file:u.db?mode=memory" "${short[@]}" >/dev/null 2>err
check "a store path that looks like an SQLite URI is a plain file" \
  '[ $? -eq 0 ] && [ "$(reps "./file:u.db?mode=memory")" = 2 ]'

# ---- Another application's database is refused and left alone.
q other.db "CREATE TABLE t(x); INSERT INTO t VALUES(1)" >/dev/null
sum=$(md5sum <other.db)
"$flowsim" run "$erlang" --replications 2 -q --store other.db >/dev/null 2>err
check "a database with tables of its own exits 4: not a flowsim results store" \
  '[ $? -eq 4 ] && grep -q "other.db: not a flowsim results store" err'
check "... and is left byte for byte as it was, without flowsim's tables" \
  '[ "$(md5sum <other.db)" = "$sum" ] && [ "$(q other.db ".tables")" = t ] && [ ! -e other.db-wal ]'
q app.db "PRAGMA application_id = 1234" >/dev/null
"$flowsim" run "$erlang" --replications 2 -q --store app.db >/dev/null 2>err
check "a database with another application_id exits 4 naming it" \
  '[ $? -eq 4 ] && grep -q "application_id 0x000004d2" err'
"$flowsim" report other.db -o o.html 2>err
check "report of another application's database exits 2" '[ $? -eq 2 ] && grep -q "not a flowsim results store" err'
check "a new store has flowsim's application_id and schema 1" \
  '[ "$(q pristine.db "PRAGMA application_id")" = 1181504365 ] && [ "$(q pristine.db "SELECT value FROM meta")" = 1 ]'
: >empty.db
"$flowsim" run "$erlang" --replications 2 -q --store empty.db "${short[@]}" >/dev/null 2>err
check "an empty file becomes a store" '[ $? -eq 0 ] && [ "$(reps empty.db)" = 2 ]'
cp pristine.db old.db
q old.db "PRAGMA application_id = 0" >/dev/null
"$flowsim" run "$erlang" --replications 2 --store old.db "${short[@]}" >/dev/null 2>err
check "a store of schema 1 without application_id (older flowsim) is used, then marked" \
  '[ $? -eq 0 ] && grep -q "resumed 2 of 2" err && [ "$(q old.db "PRAGMA application_id")" = 1181504365 ]'

# ---- Another schema version is refused before anything is written.
for v in 1abc abc 2 "" " 1"; do
  cp pristine.db v.db
  q v.db "UPDATE meta SET value = '$v'; PRAGMA journal_mode = DELETE" >/dev/null
  sum=$(md5sum <v.db)
  schema=$(q v.db .schema)
  "$flowsim" run "$erlang" --replications 2 -q --store v.db >/dev/null 2>err
  st=$?
  check "schema version '$v' is refused ($st: $(head -c 150 err))" \
    '[ $st -eq 4 ] && grep -q "schema version" err && ! grep -q "version 0" err'
  check "... and the store is unchanged (bytes, tables, journal mode, no -wal)" \
    '[ "$(md5sum <v.db)" = "$sum" ] && [ "$(q v.db .schema)" = "$schema" ] &&
     [ "$(q v.db "PRAGMA journal_mode")" = delete ] && [ ! -e v.db-wal ]'
  "$flowsim" export v.db --what summary >/dev/null 2>err
  st=$?
  check "export refuses schema version '$v' (exit 2: $(head -c 150 err))" \
    '[ $st -eq 2 ] && grep -q "schema version" err && ! grep -q "version 0" err'
done

# ---- Series of a run after a --no-series run of the same experiment.
"$flowsim" run "$erlang" --replications 2 -q --store ns.db --no-series >/dev/null
"$flowsim" run "$erlang" --replications 4 -q --store ns.db >/dev/null
check "the series names are stored by the later run" '[ "$(q ns.db "SELECT count(*) FROM series")" -gt 0 ]'
check "daily_values holds the later run's replications 2 and 3" \
  '[ "$(q ns.db "SELECT group_concat(r) FROM (SELECT DISTINCT replication AS r FROM daily_values WHERE series = '"'ward.occupancy'"' ORDER BY r)")" = "2,3" ]'
if command -v gnuplot >/dev/null; then
  "$flowsim" report ns.db -o ns.html 2>err
  check "the report then draws the ward's daily occupancy" '[ $? -eq 0 ] && grep -q "id=\"fig-unit-0\"" ns.html'
fi

# ---- Concurrent runs of one experiment: on a new store, then on an
# existing one (a new experiment each round).
conc() { # store seed: 16 processes released at once; prints how many failed
  local pids=() bad=0 gate=()
  if command -v flock >/dev/null; then
    exec 9>gate
    flock -x 9
    gate=(flock -s gate)
  fi
  for i in $(seq 16); do
    "${gate[@]}" "$flowsim" run "$erlang" --replications 4 -q --store "$1" --seed "$2" "${short[@]}" >/dev/null 2>"ce$i.err" 9>&- &
    pids+=($!)
  done
  if [ ${#gate[@]} -gt 0 ]; then
    sleep 0.3   # every process waits at the gate; then all start together
    exec 9>&-
  fi
  for p in "${pids[@]}"; do wait "$p" || bad=$((bad + 1)); done
  cat ce*.err >>cerr.all
  echo "$bad"
}
: >cerr.all
badnew=0
for round in 1 2 3 4 5 6 7 8; do
  rm -f c.db c.db-wal c.db-shm
  badnew=$((badnew + $(conc c.db 1)))
  [ "$(q c.db "SELECT count(*) || '/' || (SELECT count(*) FROM replications) FROM experiments")" = 1/4 ] || badnew=$((badnew + 100))
  [ "$(q c.db "PRAGMA integrity_check")" = ok ] || badnew=$((badnew + 100))
done
check "8 x 16 processes on a new store: all exit 0, one experiment with 4 replications ($(sort -u cerr.all | head -c 200))" \
  '[ "$badnew" -eq 0 ]'
: >cerr.all
badold=0
cp pristine.db e.db
for round in 1 2 3 4 5; do
  badold=$((badold + $(conc e.db "7$round")))
  [ "$(q e.db "SELECT count(*) FROM experiments WHERE seed = 7$round")" = 1 ] || badold=$((badold + 100))
done
check "5 x 16 processes on an existing store: all exit 0 ($(sort -u cerr.all | head -c 200))" \
  '[ "$badold" -eq 0 ] && [ "$(q e.db "SELECT count(*) FROM replications r JOIN experiments e ON e.id = r.experiment_id WHERE e.seed BETWEEN 71 AND 75")" = 20 ] &&
   [ "$(q e.db "PRAGMA integrity_check")" = ok ]'

# ---- Full identity on resume: a forged row with the experiment's key and
# other scenario text is not resumed, and does not block the run.
"$flowsim" run "$erlang" --replications 2 -q --store f.db "${short[@]}" >/dev/null
key=$(q f.db "SELECT key FROM experiments")
q f.db "UPDATE experiments SET scenario_text = 'name: forged'" >/dev/null
"$flowsim" run "$erlang" --replications 3 --store f.db --format csv "${short[@]}" >f.csv 2>err
check "a key match with other scenario text is not resumed" '[ $? -eq 0 ] && ! grep -q resumed err'
exps=$(q f.db "SELECT group_concat(key || ':' || n, ' ') FROM (SELECT e.key, (SELECT count(*) FROM replications r WHERE r.experiment_id = e.id) AS n FROM experiments e ORDER BY e.id)")
check "... it is a new experiment under the key $key.1 ($exps)" '[ "$exps" = "$key:2 $key.1:3" ]'
"$flowsim" run "$erlang" --replications 3 --store f.db --format csv "${short[@]}" >f2.csv 2>err
check "... which the next run resumes, to the same result" 'grep -q "resumed 3 of 3" err && cmp -s f.csv f2.csv'
q f.db "UPDATE experiments SET seed = 99 WHERE key = '$key.1'" >/dev/null
"$flowsim" run "$erlang" --replications 3 --store f.db --format csv "${short[@]}" >f3.csv 2>err
check "a key match with another seed is not resumed either" \
  '[ $? -eq 0 ] && ! grep -q resumed err && [ "$(q f.db "SELECT key FROM experiments WHERE id = 3")" = "$key.2" ]'

# ---- Merge: matched on the full identity, and a merge killed at any
# moment leaves nothing that blocks the next one.
"$flowsim" run "$erlang" --replications 3 -q --store g.db "${short[@]}" >/dev/null
cp g.db rekeyed.db
q rekeyed.db "UPDATE experiments SET key = 'feedfacefeedface'" >/dev/null
"$flowsim" merge gr.db g.db rekeyed.db 2>err
check "merge matches experiments on their identity, not on the key" \
  '[ $? -eq 0 ] && [ "$(q gr.db "SELECT count(*) || '"'/'"' || (SELECT count(*) FROM replications) FROM experiments")" = 1/3 ]'
cp g.db retexted.db
q retexted.db "UPDATE experiments SET scenario_text = 'name: forged'" >/dev/null
"$flowsim" merge gt.db g.db retexted.db 2>err
check "merge refuses the same key with other scenario text" \
  '[ $? -eq 2 ] && grep -q "only stores of the same experiments" err && [ ! -e gt.db ]'
for k in 0 1 2; do
  "$flowsim" run "$hosp" --replications 6 --shard "$k/3" -q --store "sh$k.db" >/dev/null 2>&1
done
"$flowsim" merge ref.db sh0.db sh1.db sh2.db 2>/dev/null
dump() { q "$1" "SELECT count(*), sum(value) FROM daily; SELECT count(*), sum(value) FROM replication_kpis; SELECT count(*) FROM studies"; }
refdump=$(dump ref.db)
killed=0 bad=0
for i in $(seq 12); do
  rm -f m.db m.db.merge-*
  "$flowsim" merge m.db sh0.db sh1.db sh2.db 2>/dev/null &
  pid=$!
  sleep "0.$(printf %03d $((RANDOM % 350)))"
  kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
  wait "$pid" 2>/dev/null
  # Killed or not: m.db is absent or whole.
  if [ -e m.db ] && [ "$(dump m.db)" != "$refdump" ]; then bad=$((bad + 1)); fi
  "$flowsim" merge m.db sh0.db sh1.db sh2.db 2>merr || bad=$((bad + 1))
  [ "$(dump m.db)" = "$refdump" ] && [ "$(q m.db "PRAGMA integrity_check")" = ok ] || bad=$((bad + 1))
done
check "12 merges killed at random moments ($killed killed): the rerun works and equals an unbroken merge" \
  '[ "$bad" -eq 0 ]'
: >stale.db-wal
printf 'x' >stale.db-wal
"$flowsim" merge stale.db sh0.db 2>err
check "merge refuses a log left from a deleted OUT" '[ $? -eq 2 ] && grep -q "stale.db-wal" err && [ ! -e stale.db ]'

# ---- A read-only file system (a private read-only bind mount, where
# available): run says so; report and export read the store.
mkdir ro
"$flowsim" run "$erlang" --replications 2 -q --store ro/s.db "${short[@]}" >/dev/null
cp ro/s.db ro/w.db
cp ro/s.db roref.db
"$flowsim" export roref.db --what summary >ro.csv
ronly() { # runs "$@" in a mount namespace where ro/ is read-only
  local u
  for u in "unshare -rm" "unshare -m"; do
    if $u true 2>/dev/null; then
      $u sh -c 'mount --bind ro ro && mount -o remount,bind,ro ro && exec "$@"' sh "$@"
      return
    fi
  done
  return 99
}
ronly touch ro/x 2>/dev/null
st=$?
if [ $st -eq 99 ] || [ -e ro/x ] || ! ronly true 2>/dev/null; then
  echo "ok - read-only file system # SKIP no private read-only mount here"
else
  check "the store on the read-only file system has no -wal or -shm file" \
    '[ -z "$(ls ro | grep -e -wal -e -shm)" ]'
  ronly "$flowsim" run "$erlang" --replications 2 -q --store ro/s.db >/dev/null 2>err
  check "run on a read-only file system exits 4 saying so" \
    '[ $? -eq 4 ] && grep -q "ro/s.db: the store cannot be written (Read-only file system)" err'
  ronly "$flowsim" run "$erlang" --replications 2 -q --store ro/new.db >/dev/null 2>err
  check "a new store on a read-only file system: the same reason" \
    '[ $? -eq 4 ] && grep -q "Read-only file system" err'
  ronly "$flowsim" export ro/s.db --what summary >ro2.csv 2>err
  check "export reads a store on a read-only file system" '[ $? -eq 0 ] && cmp -s ro.csv ro2.csv'
  ronly "$flowsim" report ro/s.db -o ro.html 2>err
  check "report reads a store on a read-only file system" '[ $? -eq 0 ] && grep -q "erlang-loss-example" ro.html'
  # A write-ahead log left by a killed writer, without its -shm file.
  (echo "PRAGMA wal_autocheckpoint = 0; INSERT INTO studies(kind, name, created) VALUES('run', 'x', 'now');"; sleep 30) | sqlite3 ro/w.db >/dev/null &
  spid=$!
  sleep 1
  kill -9 $spid
  wait $spid 2>/dev/null
  rm -f ro/w.db-shm
  ronly "$flowsim" export ro/w.db --what summary >/dev/null 2>err
  st=$?
  check "a pending log on a read-only file system: the message says why ($(head -c 120 err))" \
    '[ $st -eq 2 ] && grep -q "write-ahead log ro/w.db-wal" err && grep -q "Read-only file system" err'
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
