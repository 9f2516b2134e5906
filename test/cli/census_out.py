#!/usr/bin/env python3
"""flowsim run --census-out: a run's state at its horizon written as a
census CSV that `initial: {from: FILE}` reads back.

  * the file against the same run's --trace: one row per patient in the
    system at the horizon, each stay so far equal to the horizon less its
    admission (fixed 5-day stays, so who is there follows from the trace);
    patients in the line as `waiting` rows;
  * read back with no further arrivals to the ward, the time-weighted
    occupancy over the next 10 days is exactly what the rows say: each bed
    patient leaves 5 days after admission, each waiting patient takes the
    first bed to free (a FIFO line), for 5 days;
  * read back with the arrivals going on (Poisson 4 a day, unlimited
    beds), the mean occupancy over the next 10 days over 400 replications
    matches the original run's continuation in expectation: the rows'
    part plus lambda * (D (H - D) + D^2 / 2) / H = 15, within 4 standard
    errors.
Usage: census_out.py FLOWSIM SRCDIR"""
import csv
import heapq
import math
import os
import sys
import tempfile

from tap import check, done, run_kpis

FLOWSIM = sys.argv[1]
D = 7200.0          # the fixed stay, minutes
T = 20 * 1440.0     # the first run's horizon
H = 10 * 1440.0     # the second run's




def run(path, *extra):
    return run_kpis(FLOWSIM, path, "--threads", "2", *extra)


def scenario(path, horizon, capacity, extra, rate="4 per day"):
    with open(path, "w") as f:
        f.write(f"""name: census-out
horizon: {horizon}
seed: 3
replications: 1
{extra}
arrivals:
  - name: admissions
    rate: {rate}
    to: ward
  - name: elsewhere
    rate: 1 per day
    to: other
units:
  ward:
    capacity: {capacity}
    stay: {{fixed: 5 days}}
    next: exit
  other:
    capacity: 10
    stay: 1 day
    next: exit
""")


def occupancy_integral(rows, capacity, horizon):
    """Bed-minutes over [0, horizon] of the rows with no arrivals: bed
    patients leave at D - so_far, the waiting take beds in turn."""
    frees = []
    total = 0.0
    for r in rows:
        if r["waiting"] == "no":
            end = D - float(r["stay_so_far"].split()[0])
            total += min(end, horizon)
            heapq.heappush(frees, end)
    while len(frees) < capacity:
        heapq.heappush(frees, 0.0)
    for r in rows:
        if r["waiting"] == "yes":
            start = heapq.heappop(frees)
            total += max(0.0, min(start + D, horizon) - min(start, horizon))
            heapq.heappush(frees, start + D)
    return total


def case(tmp, capacity, rate):
    a = os.path.join(tmp, f"a{capacity}.yaml")
    scenario(a, "20 days", capacity, "", rate)
    c = os.path.join(tmp, f"c{capacity}.csv")
    t = os.path.join(tmp, f"t{capacity}.csv")
    run(a, "--census-out", c, "--trace", t)
    with open(c) as f:
        head = f.readline().strip()
        rows = list(csv.DictReader([head] + f.read().splitlines()))
    check(f"capacity {capacity}: the header",
          head == "unit,class,stay_so_far,medically_fit,fit_for,awaiting,waiting")
    # From the trace: who is in the ward at T, and since when.
    admitted, waiting = {}, set()
    with open(t) as f:
        for e in csv.DictReader(f):
            if e["unit"] != "ward":
                continue
            p, ev, tm = e["patient"], e["event"], float(e["time_min"])
            if ev == "wait":
                waiting.add(p)
            elif ev == "admit":
                waiting.discard(p)
                admitted[p] = tm
            elif ev == "exit":
                del admitted[p]
    ward = [r for r in rows if r["unit"] == "ward"]
    beds = sorted(T - x for x in admitted.values())
    so_far = sorted(float(r["stay_so_far"].split()[0])
                    for r in ward if r["waiting"] == "no")
    check(f"capacity {capacity}: {len(so_far)} bed rows, stays so far "
          f"those of the trace (to its 0.001 minute)",
          len(so_far) == len(beds) > 0 and
          all(abs(x - y) < 0.002 for x, y in zip(so_far, beds)))
    nwait = sum(r["waiting"] == "yes" for r in ward)
    check(f"capacity {capacity}: {nwait} waiting rows, as in the trace",
          nwait == len(waiting) and (capacity > 100 or nwait > 0))
    # Read back with no ward arrivals: exact.
    b = os.path.join(tmp, f"b{capacity}.yaml")
    scenario(b, "10 days", capacity, f"initial: {{from: {c}}}",
             "0.000000001 per day")
    got = run(b, "--seed", "9")["ward.occupancy.mean"]["mean"]
    want = occupancy_integral(ward, capacity, H) / H
    check(f"capacity {capacity}: occupancy from the census {got:.6f} == "
          f"{want:.6f} (exact)", abs(got - want) < 1e-6 * max(1, want))
    return ward


with tempfile.TemporaryDirectory() as tmp:
    ward = case(tmp, 1000, "4 per day")
    case(tmp, 15, "4 per day")
    # With the arrivals going on: the conditional expectation.
    b = os.path.join(tmp, "b-arrivals.yaml")
    scenario(b, "10 days", 1000,
             f"initial: {{from: {os.path.join(tmp, 'c1000.csv')}}}")
    k = run(b, "--replications", "400")["ward.occupancy.mean"]
    mean = k["mean"]
    half = (k["ci95"][1] - k["ci95"][0]) / 2
    se = half / 1.966
    want = occupancy_integral(ward, 1000, H) / H \
        + 4 * (5 * (10 - 5) + 5 * 5 / 2) / 10
    check(f"with arrivals: occupancy {mean:.3f} +- {se:.3f} against the "
          f"continuation's expectation {want:.3f}",
          se > 0 and abs(mean - want) < 4 * se)
done()
