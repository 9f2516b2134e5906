#!/usr/bin/env python3
"""queue: {discipline: longest}: a unit fed by several lines (one per
unit its patients come from, and one from outside) gives a free place to
the first patient of the longest line, the earliest first among equally
long ones.

  * exact order: in a run's --trace, every admission to the unit from its
    line is the head of a longest line at that moment (lines rebuilt
    from the trace's wait and admit events); the same scenario with
    discipline fifo breaks the rule (the check can fail), and longest
    breaks FIFO order (it changes something);
  * symmetric totals: with fixed stays the number waiting does not depend
    on the order served (any rule that keeps beds busy), so admissions,
    mean occupancy, mean line and mean wait equal FIFO's exactly, while
    the order (the longest wait) differs.
Usage: longest_line.py FLOWSIM SRCDIR"""
import csv
import os
import sys
import tempfile

from tap import check, done, run_kpis

FLOWSIM = sys.argv[1]




def scenario(path, discipline, stay):
    with open(path, "w") as f:
        f.write(f"""name: longest-line
horizon: 20 days
seed: 11
replications: 1
arrivals:
  - {{name: to-a, rate: 10 per day, to: a}}
  - {{name: to-b, rate: 3 per day, to: b}}
  - {{name: direct, rate: 2 per day, to: ward}}
units:
  a:
    capacity: unlimited
    stay: {{exponential: {{mean: 1 hour}}}}
    next: ward
  b:
    capacity: unlimited
    stay: {{exponential: {{mean: 3 hours}}}}
    next: ward
  ward:
    capacity: 2
    stay: {stay}
    when_full: queue
    queue: {{discipline: {discipline}}}
    next: exit
""")


def run(path, *extra):
    return run_kpis(FLOWSIM, path, "--all", *extra)


def audit(trace):
    """(admissions from the line, of which not the head of a longest
    line, of which not the first of all in line)."""
    src, lines, n, not_longest, not_fifo = {}, {}, 0, 0, 0
    with open(trace) as f:
        for e in csv.DictReader(f):
            p, u, ev = e["patient"], e["unit"], e["event"]
            if u != "ward" and ev == "admit":
                src[p] = u
            elif u == "ward" and ev == "wait":
                lines.setdefault(src.get(p, "outside"), []).append(
                    (float(e["time_min"]), int(p), p))
            elif u == "ward" and ev == "admit":
                s = next((k for k, v in lines.items()
                          if v and v[0][2] == p), None)
                if s is None:
                    continue  # admitted at once, never in line
                n += 1
                most = max(len(v) for v in lines.values())
                heads = sorted(v[0] for v in lines.values()
                               if len(v) == most)
                not_longest += heads[0][2] != p
                not_fifo += min(v[0] for v in lines.values() if v)[2] != p
                lines[s].pop(0)
    return n, not_longest, not_fifo


with tempfile.TemporaryDirectory() as tmp:
    got = {}
    for d in ("longest", "fifo"):
        y = os.path.join(tmp, d + ".yaml")
        t = os.path.join(tmp, d + ".csv")
        scenario(y, d, "{exponential: {mean: 4 hours}}")
        run(y, "--trace", t)
        got[d] = audit(t)
    n, bad, unfifo = got["longest"]
    check(f"longest: {n} admissions from the line, each the head of a "
          f"longest line ({bad} not)", n > 100 and bad == 0)
    check(f"longest: {unfifo} of them out of FIFO order", unfifo > 10)
    n, bad, unfifo = got["fifo"]
    check(f"fifo: {bad} of {n} admissions not by the longest rule (the "
          f"audit can fail), {unfifo} out of FIFO order",
          bad > 10 and unfifo == 0)
    k = {}
    for d in ("longest", "fifo"):
        y = os.path.join(tmp, d + "-fixed.yaml")
        scenario(y, d, "4 hours")
        k[d] = run(y, "--replications", "3")
    # (not the mean wait: it counts the waits ended, and who is left
    # in line at the horizon differs)
    for key in ("ward.admitted", "ward.occupancy.mean", "ward.waiting.mean"):
        a, b = k["longest"][key]["mean"], k["fifo"][key]["mean"]
        check(f"fixed stays: {key} {a} == fifo's {b}",
              abs(a - b) <= 1e-9 * max(1, abs(b)))
    a, b = k["longest"]["ward.wait.p95"]["mean"], \
        k["fifo"]["ward.wait.p95"]["mean"]
    check(f"fixed stays: the 95th percentile wait differs ({a} vs fifo's {b})",
          a != b)
done()
