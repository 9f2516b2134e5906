#!/usr/bin/env python3
"""crn_paths.py -- how closely two scenarios' patients stay in step.

Runs BASE and ALT for one replication with --trace, joins the two event
logs patient by patient and says, for the patients an intervention should
not touch, how many keep their path, their stays and their discharge
pathway.  Patient ids are numbered in creation order, which differs
between scenarios (readmissions are created when their parents leave), so
the join is on a patient's first event: its time, unit and kind (arrive
or readmit) and its rank among the ties (the same arrivals, in the same
order, in both runs: common random numbers).  A readmission is joined
only when its parent left at the same time in both runs.

A leak is a random draw that differs for the same patient in the two
runs: a service time (admit to the end of the stay) that differs at a
unit where neither season nor ward round could change it is one.

Usage: crn_paths.py FLOWSIM BASE.yaml ALT.yaml [--replication R]
       [--seed S] [--set KEY=VALUE]... [--show N]
"""
import argparse
import collections
import csv
import os
import subprocess
import sys
import tempfile

ED = {"ed", "ed-minors", "ed-majors", "ed-boarding"}
ACUTE = {"medical", "surgical", "paeds"}
EPS = 0.002  # the trace's times have three decimals (minutes)


def trace(flowsim, scenario, rep, seed, sets, out):
    cmd = [flowsim, "run", scenario, "--replications", str(rep + 1),
           "--trace", out, "--trace-replications", str(rep), "--no-store",
           "-q", "--threads", "1", "--kpis", "ed.attendances"]
    if seed is not None:
        cmd += ["--seed", str(seed)]
    for s in sets:
        cmd += ["--set", s]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def load(path):
    pats = collections.OrderedDict()
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            pats.setdefault(row["patient"], []).append(
                (float(row["time_min"]), row["unit"], row["event"]))
    first = collections.defaultdict(list)
    for pid, ev in pats.items():
        t, u, e = ev[0]
        first[("%.3f" % t, u, e)].append(pid)
    keyed = {}
    for k, ids in first.items():
        for i, pid in enumerate(ids):  # ties: in creation order
            keyed[k + (i,)] = pats[pid]
    return keyed


def services(ev):
    """(unit, time from admit to the patient's next event, where it went
    next) for each stay."""
    out = []
    for i, (t, u, e) in enumerate(ev):
        if e == "admit" and i + 1 < len(ev):
            nxt = next(((v, f) for _, v, f in ev[i + 1:]
                        if (f == "arrive" and v != u) or f == "exit"), None)
            out.append((u, ev[i + 1][0] - t, nxt))
    return out


def route(ev):
    return tuple(u for t, u, e in ev if e == "admit")


def pathway(ev):
    """Where the patient went after its last acute stay, or None."""
    last = None
    for i, (t, u, e) in enumerate(ev):
        if e == "admit" and u in ACUTE:
            last = i
    if last is None:
        return None
    for t, u, e in ev[last + 1:]:
        if e == "arrive" and u not in ACUTE:
            return u
        if e == "exit":
            return "exit"
    return "(in system)"


def ed_time(ev):
    t0 = ev[0][0]
    for t, u, e in ev:
        if (e == "admit" and u not in ED) or e == "exit":
            return t - t0
    return None


def divergence(b, x):
    """Where two event lists part: the first (unit, event) that differs,
    or the first unit whose event comes at another time, or None."""
    for (tb, ub, eb), (ta, ua, ea) in zip(b, x):
        if (ub, eb) != (ua, ea):
            return "path: %s %s / %s %s" % (ub, eb, ua, ea)
    if len(b) != len(x):
        return "path: one run's events end (in the system at the horizon)"
    for (tb, ub, eb), (ta, ua, ea) in zip(b, x):
        if abs(tb - ta) > EPS:
            return "time: %s %s" % (ub, eb)
    return None


def same(a, b):
    return len(a) == len(b) and all(
        x[0] == y[0] and abs(x[1] - y[1]) <= EPS for x, y in zip(a, b))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("flowsim")
    ap.add_argument("base")
    ap.add_argument("alt")
    ap.add_argument("--replication", type=int, default=0)
    ap.add_argument("--seed")
    ap.add_argument("--set", action="append", default=[])
    ap.add_argument("--show", type=int, default=0,
                    help="print the events of N leaking patients")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fb, fa = os.path.join(tmp, "b.csv"), os.path.join(tmp, "a.csv")
        trace(a.flowsim, a.base, a.replication, a.seed, a.set, fb)
        trace(a.flowsim, a.alt, a.replication, a.seed, a.set, fa)
        B, A = load(fb), load(fa)
    keys = [k for k in B if k in A]
    print("patients: base %d, alt %d, joined %d" % (len(B), len(A), len(keys)))
    c = collections.Counter()
    moves = collections.Counter()
    leaks = collections.Counter()
    parts = collections.Counter()
    shown = 0
    for k in keys:
        b, x = B[k], A[k]
        rb, ra = route(b), route(x)
        acute = any(u in ACUTE for u in rb) or any(u in ACUTE for u in ra)
        grp = "acute" if acute else "ed-only"
        c[grp] += 1
        c[grp, "identical"] += b == x
        d = divergence(b, x)
        if d:
            parts[grp, d] += 1
        c[grp, "same route"] += rb == ra
        tb, ta = ed_time(b), ed_time(x)
        c[grp, "same ED time"] += tb is not None and ta is not None and \
            abs(tb - ta) <= EPS
        sb, sa = services(b), services(x)
        # the ED stays, as far as the two routes agree
        n = 0
        while n < min(len(sb), len(sa)) and sb[n][0] == sa[n][0] and \
                sb[n][0] in ED:
            n += 1
        if n and same(sb[:n], sa[:n]):
            c[grp, "same ED services"] += 1
        elif n:
            bad = next(i for i in range(n)
                       if abs(sb[i][1] - sa[i][1]) > EPS)
            if sb[bad][2] != sa[bad][2]:  # another destination, its stay
                c[grp, "ED stay by another destination"] += 1
            else:
                leaks["ED service at " + sb[bad][0]] += 1
            if sb[bad][2] == sa[bad][2] and shown < a.show:
                shown += 1
                print("ED service differs:", k, "\n base", b, "\n alt ", x)
        if acute:
            pb, pa = pathway(b), pathway(x)
            if pb is not None and pa is not None:
                c["acute both"] += 1
                c["acute both", "same pathway"] += pb == pa
                if pb != pa:
                    moves[pb, pa] += 1
            ab = [s for s in sb if s[0] in ACUTE]
            aa = [s for s in sa if s[0] in ACUTE]
            if ab and aa and ab[0][0] == aa[0][0]:
                c["acute same first ward"] += 1
                # the time from admission to the decision: the stay, then
                # the ward round (which follows the admission's time)
                c["acute same first ward", "same service"] += \
                    abs(ab[0][1] - aa[0][1]) <= EPS
    for grp in ("ed-only", "acute"):
        tot = c[grp]
        print("%s: %d patients" % (grp, tot))
        for what in ("identical", "same route", "same ED time",
                     "same ED services", "ED stay by another destination"):
            print("  %-18s %6d  %5.1f%%" % (what, c[grp, what],
                                           100.0 * c[grp, what] / max(tot, 1)))
    tot = c["acute both"]
    print("acute in both runs: %d, same pathway %d (%.1f%%)" % (
        tot, c["acute both", "same pathway"],
        100.0 * c["acute both", "same pathway"] / max(tot, 1)))
    tot = c["acute same first ward"]
    print("same first ward: %d, same time admission to decision %d (%.1f%%)"
          % (tot, c["acute same first ward", "same service"],
             100.0 * c["acute same first ward", "same service"] / max(tot, 1)))
    print("pathway moves base -> alt:")
    for (pb, pa), m in moves.most_common():
        print("  %-12s -> %-12s %6d" % (pb, pa, m))
    for grp in ("ed-only", "acute"):
        top = sorted(((m, w) for (g, w), m in parts.items() if g == grp),
                     reverse=True)[:12]
        print("%s: where the paths part (the first difference), top %d:"
              % (grp, len(top)))
        for m, w in top:
            print("  %-56s %6d" % (w, m))
    print("ED service times that differ with the same next unit (a leak):")
    for w, m in leaks.most_common():
        print("  %-28s %6d" % (w, m))
    if not leaks:
        print("  none")


if __name__ == "__main__":
    sys.exit(main())
