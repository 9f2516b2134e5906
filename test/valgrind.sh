#!/usr/bin/env bash
# valgrind --leak-check=full on a representative run: the Stockport
# baseline (every model feature) with a results store, a compare and a
# report.  Skipped (77) when valgrind is not installed.
# Usage: valgrind.sh FLOWSIM SRCDIR
set -u
flowsim=$1
src=$2
command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed"; exit 77; }
# valgrind cannot run a binary built with AddressSanitizer: the sanitizer
# build checks leaks itself (LeakSanitizer).
if ldd "$flowsim" 2>/dev/null | grep -q libasan; then
  echo "SKIP: $flowsim is built with AddressSanitizer (LeakSanitizer covers it)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
vg() { valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
         --errors-for-leak-kinds=definite,indirect --error-exitcode=99 "$@"; }
pass=0
fail=0
# run WANT_STATUS DESCRIPTION ARGS...: no leak or memory error, and the
# exit status expected.
run() {
  want=$1
  desc=$2
  shift 2
  vg "$flowsim" "$@" >/dev/null 2>"$tmp/vg.txt"
  st=$?
  if [ $st -eq "$want" ]; then echo "ok - $desc"; pass=$((pass + 1))
  else echo "not ok - $desc (status $st)"; cat "$tmp/vg.txt"; fail=$((fail + 1)); fi
}
base=$src/scenarios/stockport/baseline.yaml
run 0 "run of the Stockport baseline with a store" run "$base" --replications 2 --threads 2 --store v.db -q --set horizon=120days --set warmup=30days
run 0 "compare with paired differences" compare "$base" "$src/scenarios/stockport/bramhall-manor-expiry.yaml" --replications 2 --no-store -q --set horizon=90days --set warmup=30days
run 0 "report of the store" report v.db -o r.html
run 2 "a scenario error path" check "$src/test/load/bad/unknown_top.yaml"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
