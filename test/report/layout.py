#!/usr/bin/env python3
"""The report's pages as a planner sees them: headless Chromium renders
them at 1,280 px over the DevTools protocol (test/serve/cdp.py) and the
assertions read the laid-out page, not the HTML text:

- a compare of four Stockport scenarios: nothing wider than the window
  (no table or plot overflows 1,280 px), the forest plot of paired
  differences drawn with a row per alternative, the acute occupancy as
  small multiples (one plot a scenario, side by side), dates on the
  daily plots' axes and no day of the warm-up;
- a sweep: its response plot drawn, its table within the window;
- a benefits study with savings by lever and uncertain prices and
  effects: nothing wider than the window, the lever waterfall with a bar
  a lever, the other changes and the total, the tornado and the
  distribution of net savings drawn, the lever table and the cost
  schedule within the window.

Screenshots of both are written (to SCREENSHOT_DIR when given) and must
be real pictures.  Skipped (exit 77) without chromium or gnuplot.

usage: layout.py FLOWSIM SRCDIR [SCREENSHOT_DIR]"""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "serve"))
from cdp import Browser, find_browser  # noqa: E402

flowsim, src = sys.argv[1], sys.argv[2]
tmp = tempfile.mkdtemp(prefix="flowsim-layout-")
shots = sys.argv[3] if len(sys.argv) > 3 else tmp
path = find_browser()
if not path:
    print("SKIP: chromium is not installed (apt-get install chromium)")
    sys.exit(77)
if not shutil.which(os.environ.get("FLOWSIM_GNUPLOT", "gnuplot")):
    print("SKIP: gnuplot is not installed (apt-get install gnuplot-nox)")
    sys.exit(77)
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok - " + name)
    else:
        failed += 1
        print("not ok - %s %s" % (name, detail))


def run(*args):
    p = subprocess.run([flowsim] + list(args), cwd=tmp,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode:
        print("# flowsim %s: %s" % (args[0], p.stderr.decode(errors="replace")))
    return p.returncode


st = os.path.join(src, "scenarios/stockport")
run("compare", *[os.path.join(st, f + ".yaml") for f in
                 ("baseline", "home-first", "virtual-wards-150",
                  "bramhall-manor-expiry")],
    "--replications", "2", "--threads", "2", "-q", "--set",
    "horizon=120days", "--store", "c.db")
run("report", "c.db", "-o", "c.html")
with open(os.path.join(tmp, "sw.yaml"), "w") as f:
    f.write("name: beds\nbase: %s\nreplications: 2\ngrid:\n"
            "  units.ward.capacity: [10, 12, 14]\n"
            % os.path.join(src, "scenarios/examples/erlang-loss.yaml"))
run("sweep", "sw.yaml", "-q", "--store", "sw.db")
run("report", "sw.db", "-o", "sw.html", "--kpi", "ward.lost.fraction")
lev = os.path.join(src, "test/finance/levers.yaml")
run("benefits", lev, lev, "--base-set", "interventions=null", "--by-lever",
    "--alt-set", "interventions.0.effect={mean: 90%, sd: 5%}",
    "--set", "costs.unit_costs.ed_attendance.sd=10", "--replications", "4",
    "-q", "--store", "f.db")
run("report", "f.db", "-o", "f.html")

# What the laid-out page shows: its width against the window's, the
# widest table, the figures by id with their boxes, and the text of the
# daily plots' axes.
LAYOUT = """(() => {
  const W = document.documentElement.clientWidth;
  const box = e => { const r = e.getBoundingClientRect();
                     return [r.left, r.top, r.right, r.bottom]; };
  const figs = {};
  document.querySelectorAll('figure[id]').forEach(f => {
    const s = f.querySelector('svg');
    figs[f.id] = {box: box(f), svg: !!s,
                  paths: s ? s.querySelectorAll('path').length : 0,
                  text: s ? Array.from(s.querySelectorAll('text')).map(
                            t => t.textContent) : []};
  });
  return {W: W, scroll: document.documentElement.scrollWidth,
          tables: Array.from(document.querySelectorAll('table')).map(
            t => [t.id, box(t)[2]]),
          figs: figs};
})()"""

br = Browser(path, 1280, 1400)
try:
    br.call("Page.navigate", url="file://" + os.path.join(tmp, "c.html"))
    br.eval("new Promise(r => document.readyState === 'complete' ? r() : "
            "window.addEventListener('load', r))")
    c = br.eval(LAYOUT)
    br.screenshot(os.path.join(shots, "report-compare.png"))
    br.call("Page.navigate", url="file://" + os.path.join(tmp, "sw.html"))
    br.eval("new Promise(r => document.readyState === 'complete' ? r() : "
            "window.addEventListener('load', r))")
    s = br.eval(LAYOUT)
    br.screenshot(os.path.join(shots, "report-sweep.png"))
    br.call("Page.navigate", url="file://" + os.path.join(tmp, "f.html"))
    br.eval("new Promise(r => document.readyState === 'complete' ? r() : "
            "window.addEventListener('load', r))")
    fin = br.eval(LAYOUT)
    fin["bars"] = br.eval("""(() => {
      const n = sel => { const e = document.querySelector(sel);
                         return e ? e.querySelectorAll('rect').length : -1; };
      const w = sel => { const e = document.querySelector(sel);
                         return e ? e.getBoundingClientRect().right : 1e9; };
      return {levers: n('#fig-finlevers svg'),
              tornado: n('#fin-tornado-plot svg'),
              dist: n('#fin-psa-distribution svg'),
              labels: Array.from(document.querySelectorAll(
                '#fig-finlevers svg text')).map(t => t.textContent),
              right: Math.max(w('#fin-levers'), w('#fin-schedule table'),
                              w('#fig-finlevers svg'))};
    })()""")
    br.screenshot(os.path.join(shots, "report-finance.png"))
finally:
    br.close()

check("compare: nothing wider than the window (%d px wide, %d scrolled)"
      % (c["W"], c["scroll"]), c["W"] >= 1250 and c["scroll"] <= c["W"])
wide = [t for t in c["tables"] if t[1] > c["W"]]
check("compare: every table within the window (%d tables)" % len(c["tables"]),
      c["tables"] and not wide, repr(wide[:3]))
forest = c["figs"].get("fig-forest-0", {})
labels = [t for t in forest.get("text", []) if "ED 4-hour performance" in t]
check("compare: the forest plot drawn, a row per alternative for 4-hour "
      "performance (%d)" % len(labels),
      forest.get("svg") and forest.get("paths", 0) > 3 and len(labels) == 3,
      repr(labels))
small = [c["figs"].get("fig-occupancy-%d" % i) for i in range(4)]
check("compare: acute occupancy as four small multiples",
      all(f and f["svg"] for f in small))
if all(small):
    tops = {round(f["box"][1]) for f in small[:2]}
    check("compare: small multiples side by side (two on a row)",
          len(tops) == 1 and small[0]["box"][2] <= small[1]["box"][0] + 1,
          repr([f["box"] for f in small[:2]]))
    dates = []
    for t in (t for f in small for t in f["text"]):
        try:  # gnuplot's time axis: "07 Apr 22"
            dates.append(datetime.datetime.strptime(t.strip(), "%d %b %y"))
        except ValueError:
            pass
    check("compare: dates on the daily plots' axes (%d ticks)" % len(dates),
          len(dates) >= 8)
    check("compare: no day of the warm-up (no tick before 1 April 2022)",
          dates and min(dates) >= datetime.datetime(2022, 4, 1),
          repr(min(dates) if dates else None))
check("sweep: nothing wider than the window (%d scrolled)" % s["scroll"],
      s["scroll"] <= s["W"])
resp = s["figs"].get("fig-sweep-0", {})
check("sweep: the response plot drawn", resp.get("svg") and
      resp.get("paths", 0) > 2)
check("finance: nothing wider than the window (%d scrolled)" % fin["scroll"],
      fin["scroll"] <= fin["W"])
fb = fin["bars"]
check("finance: the lever waterfall, a bar for each of 2 levers, the other "
      "changes and the total (%d)" % fb["levers"], fb["levers"] == 4 and
      "deflect-a" in fb["labels"] and "deflect-b" in fb["labels"],
      repr(fb["labels"]))
check("finance: the tornado (%d bars) and the distribution of net savings "
      "(%d bins) drawn" % (fb["tornado"], fb["dist"]),
      fb["tornado"] == 4 and fb["dist"] == 20)
check("finance: the lever table and the cost schedule within the window "
      "(right edge %d)" % fb["right"], fb["right"] <= fin["W"])
for name in ("report-compare.png", "report-sweep.png", "report-finance.png"):
    p = os.path.join(shots, name)
    head = open(p, "rb").read(8) if os.path.exists(p) else b""
    size = os.path.getsize(p) if os.path.exists(p) else 0
    check("%s is a real picture (%d bytes)" % (name, size),
          head == b"\x89PNG\r\n\x1a\n" and size > 50000)

if not os.environ.get("KEEP"):
    shutil.rmtree(tmp, ignore_errors=True)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
