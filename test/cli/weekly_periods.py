#!/usr/bin/env python3
"""Periods every week: {every: week, on: WEEKDAY} and {every: week,
from: WEEKDAY, to: WEEKDAY} (to included, over the weekend when before
from), from day 0's weekday (start_weekday or start_date).

  * exact: a factor 0 every Monday leaves no arrival on any Monday of a
    run's trace, and arrivals on every other day;
  * the same run as the periods written out by hand, dated from day 0
    (byte-identical output);
  * misuse: an unknown weekday, `on` with `from`, and `every: month` exit
    2 naming the key.
Usage: weekly_periods.py FLOWSIM SRCDIR"""
import csv
import json
import os
import subprocess
import sys
import tempfile

FLOWSIM = sys.argv[1]
fails = 0


def check(name, ok):
    global fails
    print(("ok - " if ok else "not ok - ") + name)
    fails += 0 if ok else 1


def scenario(path, periods, start="start_weekday: wednesday"):
    with open(path, "w") as f:
        f.write(f"""name: weekly
horizon: 6 weeks
seed: 4
replications: 2
{start}
arrivals:
  - name: admissions
    rate: 10 per day
    to: ward
    periods:
{periods}
units:
  ward:
    capacity: unlimited
    stay: 2 days
    next: exit
""")


def run(path, *extra):
    return subprocess.run([FLOWSIM, "run", path, "--no-store", "-q",
                           "--format", "json", "--all", *extra],
                          capture_output=True, text=True)


WEEKLY = """      - {every: week, on: monday, factor: 0}
      - {every: week, from: saturday, to: monday, factor: 3}"""

with tempfile.TemporaryDirectory() as tmp:
    w = os.path.join(tmp, "w.yaml")
    scenario(w, WEEKLY)
    t = os.path.join(tmp, "t.csv")
    out = run(w, "--trace", t)
    days = set()
    with open(t) as f:
        for e in csv.DictReader(f):
            if e["event"] == "arrive":
                days.add(int(e["day"]))
    # day 0 is a Wednesday: Mondays are days 5, 12, ...
    mondays = {d for d in range(42) if (d + 2) % 7 == 0}
    check(f"no arrival on a Monday, some on each of the {42 - 6} other "
          f"days", not days & mondays and len(days) == 36)
    # By hand: Mondays factor 0, Saturday to Monday factor 3 (the
    # week before day 0's cut to the run), in the same order.
    rows = [f"      - {{from: {d} days, to: {d + 1} days, factor: 0}}"
            for d in sorted(mondays)]
    rows += [f"      - {{from: {d} days, to: {d + 3} days, factor: 3}}"
             for d in range(3, 42, 7)]
    h = os.path.join(tmp, "h.yaml")
    scenario(h, "\n".join(rows))
    a, b = run(w).stdout, run(h).stdout
    check("the same output as the periods written out by hand",
          a == b and '"weekly"' in a)
    d = os.path.join(tmp, "d.yaml")
    scenario(d, WEEKLY, "start_date: 2025-01-01")  # a Wednesday
    check("start_date's weekday the same as start_weekday's",
          json.loads(run(d).stdout)["kpis"] == json.loads(a)["kpis"])
    for text, want in (
            ("      - {every: week, on: funday, factor: 0}", ".on"),
            ("      - {every: week, on: monday, from: friday, factor: 0}",
             "give either on: WEEKDAY"),
            ("      - {every: month, on: monday, factor: 0}",
             "expected 'year' or 'week'")):
        scenario(w, text)
        r = run(w)
        check(f"refused with exit 2: {text.strip()}",
              r.returncode == 2 and want in r.stderr and
              "w.yaml:" in r.stderr)
print(f"{fails} failed")
sys.exit(1 if fails else 0)
