#!/usr/bin/env python3
"""A census's fit_for and fit_since: patients medically fit before the
run starts leave first, longest fit first, and a pathway's wait counts
from when they were found fit.

Four acute patients fit for 2, 9, 5 and 7 days (in that file order, with
patients not fit between them, who go home) wait for a pathway-2 bed: one
bed, fixed stays of 1 day, so one is admitted at day 0, 1, 2, ...  With a
horizon of 2.5 days three are admitted; fit longest first, their waits are
9, 7 + 1 and 5 + 2 days: a mean of exactly 8 (in file order it would be
2, 9 + 1, 5 + 2: 6.33).  The same census written with fit_since dates
gives the same output byte for byte, and `run --census-out` writes each
decided patient's fit_for, which a run from that census continues.
Usage: census_fit.py FLOWSIM SRCDIR"""
import csv
import os
import subprocess
import sys
import tempfile

from tap import check, done

FLOWSIM = sys.argv[1]




SCENARIO = """name: fit-since
horizon: {horizon}
warmup: 0 days
replications: 1
start_date: 2024-01-08
initial: {{from: {census}}}
arrivals:
  - {{name: none, rate: 0.000001 per day, to: acute}}
units:
  acute: {{role: acute, capacity: 20, stay: {{fixed: 1 day}}, next: p2}}
  # blocked patients keep their acute beds (delayed discharges)
  p2: {{role: p2, capacity: 1, stay: {{fixed: 1 day}}, next: exit,
        when_full: block}}
"""


def run(tmp, name, census, horizon="2.5 days", *extra):
    c = os.path.join(tmp, name + ".csv")
    with open(c, "w") as f:
        f.write(census)
    s = os.path.join(tmp, name + ".yaml")
    with open(s, "w") as f:
        f.write(SCENARIO.format(census=name + ".csv", horizon=horizon))
    out = subprocess.run([FLOWSIM, "run", s, "--no-store", "-q",
                          "--format", "csv", *extra],
                         capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stderr)
    return out.stdout


def kpi(text, name):
    for row in csv.reader(text.splitlines()):
        if row and row[0] == name:
            return float(row[2])
    return None


with tempfile.TemporaryDirectory() as tmp:
    by_for = ("unit,stay_so_far,fit_for,awaiting\n"
              "acute,10,2,p2\nacute,0.5,,exit\nacute,10,9,p2\n"
              "acute,10,5,p2\nacute,0.2,,exit\nacute,10,7,p2\n")
    a = run(tmp, "for", by_for)
    w = kpi(a, "discharge.p2.wait.mean")
    check("fit longest first: the mean pathway-2 wait of the three "
          "admitted is 8 days (%s)" % w, w is not None and abs(w - 8) < 1e-9)
    # fit_since: the same days before 2024-01-08 00:00
    by_since = ("unit,admitted,fit_since,awaiting\n"
                "acute,2023-12-29,2024-01-06,p2\n"
                "acute,2024-01-07 12:00,,exit\n"
                "acute,2023-12-29,2023-12-30,p2\n"
                "acute,2023-12-29,2024-01-03,p2\n"
                "acute,2024-01-07 19:12,,exit\n"
                "acute,2023-12-29,2024-01-01,p2\n")
    b = run(tmp, "since", by_since)
    check("fit_since dates give the same output as fit_for, byte for byte",
          a == b and a != "")
    # without the times: waits from time 0, admitted in file order
    plain = by_for.replace(",2,p2", ",,p2").replace(",9,p2", ",,p2") \
                  .replace(",5,p2", ",,p2").replace(",7,p2", ",,p2") \
                  .replace("stay_so_far,fit_for", "stay_so_far,medically_fit")
    plain = plain.replace("10,,p2", "10,yes,p2").replace(",,exit", ",no,exit")
    w0 = kpi(run(tmp, "plain", plain), "discharge.p2.wait.mean")
    check("medically_fit alone: waits from time 0, 0 + 1 + 2 = mean 1 (%s)"
          % w0, w0 is not None and abs(w0 - 1) < 1e-9)
    # census-out writes fit_for of the patients still waiting at 2.5 days
    out = os.path.join(tmp, "out.csv")
    run(tmp, "for2", by_for, "2.5 days", "--census-out", out)
    with open(out) as f:
        rows = list(csv.DictReader(f))
    waits = sorted(float(r["fit_for"].split()[0]) / 1440
                   for r in rows if r["fit_for"])
    check("census-out: the one still waiting was fit 2 + 2.5 days (%s)"
          % waits, len(waits) == 1 and abs(waits[0] - 4.5) < 1e-9)

    # read back: the bed frees half a day later (the patient in it was
    # admitted at day 2 for a fixed day), so its wait is 4.5 + 0.5 days
    with open(out) as f:
        text = f.read()
    w2 = kpi(run(tmp, "back", text, "1 day"), "discharge.p2.wait.mean")
    check("read back: its pathway-2 wait continues, 4.5 + 0.5 days (%s)"
          % w2, w2 is not None and abs(w2 - 5) < 1e-9)

done()
