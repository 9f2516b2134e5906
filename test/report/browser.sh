#!/usr/bin/env bash
# The report in a real browser: headless Chromium renders it offline, and
# the rendered DOM must hold the plots (SVG with paths) and the KPI table;
# a screenshot must be a real picture.  Skipped (exit 77) without chromium
# or gnuplot (Debian packages chromium, gnuplot-nox).
# Usage: browser.sh FLOWSIM SRCDIR
set -u
flowsim=$1
src=$2
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "SKIP: chromium is not installed (apt-get install chromium)"
  exit 77
fi
if ! command -v "${FLOWSIM_GNUPLOT:-gnuplot}" >/dev/null 2>&1; then
  echo "SKIP: gnuplot is not installed (apt-get install gnuplot-nox)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
not_ok() { echo "not ok - $1"; fail=$((fail + 1)); }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
headless() {
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --user-data-dir="$(mktemp -d "$tmp/profile.XXXXXX")" "$@" 2>>"$tmp/browser.log"
}

"$flowsim" run "$src/scenarios/stockport/baseline.yaml" --replications 2 \
  --store "$tmp/r.db" -q >/dev/null || not_ok "flowsim run"
"$flowsim" report "$tmp/r.db" -o "$tmp/report.html"
check "report made" '[ $? -eq 0 ] && [ -s "$tmp/report.html" ]'

headless --dump-dom "file://$tmp/report.html" >"$tmp/dom.html"
check "chromium renders the page" '[ -s "$tmp/dom.html" ]'
svgs=$(grep -o "<svg" "$tmp/dom.html" | wc -l)
check "rendered DOM has the plots ($svgs svg)" '[ "$svgs" -ge 3 ]'
check "rendered plots have paths" '[ "$(grep -o "<path" "$tmp/dom.html" | wc -l)" -gt 20 ]'
rows=$(grep -o "<tr data-kpi=" "$tmp/dom.html" | wc -l)
check "rendered DOM has the KPI tables ($rows rows)" \
  'grep -q "<table id=\"kpis\">" "$tmp/dom.html" && [ "$rows" -gt 50 ]'

headless --hide-scrollbars --window-size=1280,2400 \
  --screenshot="$tmp/report.png" "file://$tmp/report.html" >/dev/null
size=$(stat -c %s "$tmp/report.png" 2>/dev/null || echo 0)
check "screenshot is a non-trivial PNG ($size bytes)" \
  '[ "$size" -gt 50000 ] && [ "$(head -c 8 "$tmp/report.png" | od -An -tx1 | tr -d " \n")" = "89504e470d0a1a0a" ]'

[ "$fail" -eq 0 ] || cat "$tmp/browser.log"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
