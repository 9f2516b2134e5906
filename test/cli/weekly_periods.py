#!/usr/bin/env python3
"""Periods every week: {every: week, on: WEEKDAY} and {every: week,
from: WEEKDAY, to: WEEKDAY} (to included, over the weekend when before
from), from day 0's weekday (start_weekday or start_date).

  * exact: a factor 0 every Monday leaves no arrival on any Monday of a
    run's trace, and arrivals on every other day;
  * the same run as the periods written out by hand, dated from day 0
    (byte-identical output);
  * misuse: an unknown weekday, `on` with `from`, and `every: month` exit
    2 naming the key;
  * a weekly capacity_schedule by weekday ({on: monday, at: CLOCK,
    capacity: N}, repeat: 1 week): capacity 0 on Mondays leaves no
    admission on any Monday of a trace; the same output as the schedule
    written in time from day 0 (a Wednesday: the week's last change in
    force at day 0); misuse refused.
Usage: weekly_periods.py FLOWSIM SRCDIR"""
import csv
import json
import os
import subprocess
import sys
import tempfile

from tap import check, done

FLOWSIM = sys.argv[1]




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

def schedule(path, changes, repeat="1 week"):
    with open(path, "w") as f:
        f.write(f"""name: sched
horizon: 6 weeks
seed: 4
replications: 2
start_weekday: wednesday
arrivals:
  - {{name: admissions, rate: 10 per day, to: ward}}
units:
  ward:
    capacity: 5
    when_full: lose
    stay: 2 hours
    next: exit
    capacity_schedule:
      repeat: {repeat}
      changes:
{changes}
""")


BY_DAY = """        - {on: monday, capacity: 0}
        - {on: tuesday, capacity: 5}
        - {on: friday, at: "12:00", capacity: 2}"""
BY_TIME = """        - {at: 0 days, capacity: 5}
        - {at: 60 hours, capacity: 2}
        - {at: 5 days, capacity: 0}
        - {at: 6 days, capacity: 5}"""

with tempfile.TemporaryDirectory() as tmp:
    s1, s2 = os.path.join(tmp, "s.yaml"), os.path.join(tmp, "m.yaml")
    t = os.path.join(tmp, "t.csv")
    schedule(s1, BY_DAY)
    schedule(s2, BY_TIME)
    a = run(s1, "--trace", t).stdout
    admitted = {}
    with open(t) as f:
        for e in csv.DictReader(f):
            if e["event"] == "admit":
                wd = (int(e["day"]) + 2) % 7
                admitted[wd] = admitted.get(wd, 0) + 1
    check(f"schedule by weekday: no admission on a Monday, some every "
          f"other day ({sorted(admitted.items())})",
          0 not in admitted and len(admitted) == 6)
    check("schedule by weekday: the same output as by time from day 0",
          a == run(s2).stdout and '"sched"' in a)
    for changes, repeat, want in (
            (BY_DAY, "2 weeks", "needs repeat: 1 week"),
            (BY_DAY + "\n        - {at: 3 days, capacity: 1}", "1 week",
             "give every change an on: WEEKDAY, or none"),
            ("        - {on: tuesday, capacity: 0}\n"
             "        - {on: monday, capacity: 5}", "1 week",
             "list changes from Monday to Sunday"),
            ("        - {on: monday, at: 25:00, capacity: 0}", "1 week",
             ".at")):
        schedule(s1, changes, repeat)
        r = run(s1)
        check(f"schedule refused with exit 2 ({want})",
              r.returncode == 2 and want in r.stderr and
              "s.yaml:" in r.stderr)
done()
