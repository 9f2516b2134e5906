#!/usr/bin/env python3
"""crn_paths.py -- how closely two scenarios' patients stay in step.

Runs BASE and ALT for one replication with --trace, joins the two event
logs patient by patient and says how many patients keep their path,
their stays and their discharge pathway, and where the paths of the
others part.  Patient ids are numbered in creation order, which differs
between scenarios (readmissions are created when their parents leave), so
the join is on a patient's first event: its time, unit and kind (arrive
or readmit) and its rank among the ties (the same arrivals, in the same
order, in both runs: common random numbers).  A readmission is joined
only when its parent left at the same time in both runs.

A leak is a random draw that differs for the same patient in the two
runs.  The trace shows two kinds of draw directly, and the check counts
them (--tap prints them as TAP and sets the exit status):
  - a stay in the ED (admission to the end of the stay) where the patient
    went on to the same unit in both runs: its stay is its own draw (its
    route's stay when stays are by destination), the same unless the
    season's factor changed between the two admissions;
  - a stay at a unit without ward rounds or seasons (--fixed, by default
    Stockport's sdec, crisis-response, vw, p1, p2 and p3) of a patient on
    the same route in both runs: exactly its own draw.
Acute stays end at a ward round that follows the admission's time and,
under surge, the ward's line: those are state, and reported, not checked.

Usage: crn_paths.py FLOWSIM BASE.yaml ALT.yaml [--replication R]
       [--seed S] [--set KEY=VALUE]... [--fixed U,U...] [--tap] [--show N]
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
FIXED = "sdec,crisis-response,vw,p1,p2,p3"
EPS = 0.002  # the trace's times have three decimals (minutes)
LEAK_MAX = 0.001  # a season's edge between two admissions: rare


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
    """Each patient's events [(time, unit, event)], keyed by its first."""
    pats = collections.OrderedDict()
    names = {}  # one string per unit and event name: the logs are large
    with open(path, newline="") as f:
        rows = csv.reader(f)
        head = next(rows)
        it, ip, iu, ie = (head.index(c) for c in
                          ("time_min", "patient", "unit", "event"))
        for row in rows:
            u = names.setdefault(row[iu], row[iu])
            e = names.setdefault(row[ie], row[ie])
            pats.setdefault(int(row[ip]), []).append((float(row[it]), u, e))
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


def divergence(b, x):
    """Where two event lists part: the first (unit, event) that differs,
    or the first event that comes at another time, or None."""
    for (tb, ub, eb), (ta, ua, ea) in zip(b, x):
        if (ub, eb) != (ua, ea):
            return "path: %s %s / %s %s" % (ub, eb, ua, ea)
    if len(b) != len(x):
        return "path: one run's events end (in the system at the horizon)"
    for (tb, ub, eb), (ta, ua, ea) in zip(b, x):
        if abs(tb - ta) > EPS:
            return "time: %s %s" % (ub, eb)
    return None


def compare(B, A, fixed, show):
    c = collections.Counter()
    moves, leaks, parts = (collections.Counter() for _ in range(3))
    shown = 0
    for k in B:
        if k not in A:
            continue
        b, x = B[k], A[k]
        rb, ra = route(b), route(x)
        grp = "acute" if ACUTE & (set(rb) | set(ra)) else "ed-only"
        c[grp] += 1
        c[grp, "identical"] += b == x
        c[grp, "same route"] += rb == ra
        d = divergence(b, x)
        if d:
            parts[grp, d] += 1
        sb, sa = services(b), services(x)
        # the ED stays as far as the routes agree, each with the same next
        # unit in both runs
        for p, q in zip(sb, sa):
            if p[0] != q[0] or p[0] not in ED:
                break
            if p[2] != q[2]:
                c["ED stay, another next unit"] += 1
                break
            c["ED stays"] += 1
            if abs(p[1] - q[1]) > EPS:
                leaks["ED stay at " + p[0]] += 1
                if shown < show:
                    shown += 1
                    print("differs:", k, "\n base", b, "\n alt ", x)
        if rb == ra:
            for p, q in zip(sb, sa):
                if p[0] in fixed:
                    c["fixed stays"] += 1
                    if abs(p[1] - q[1]) > EPS:
                        leaks["stay at " + p[0]] += 1
        if grp == "acute":
            pb, pa = pathway(b), pathway(x)
            if pb is not None and pa is not None:
                c["acute both"] += 1
                c["acute both", "same pathway"] += pb == pa
                if pb != pa:
                    moves[pb, pa] += 1
            ab = [s for s in sb if s[0] in ACUTE]
            aa = [s for s in sa if s[0] in ACUTE]
            ib = next((t for t, u, e in b if e == "admit" and u in ACUTE), 0)
            ia = next((t for t, u, e in x if e == "admit" and u in ACUTE), 1)
            if ab and aa and ab[0][0] == aa[0][0] and abs(ib - ia) <= EPS:
                c["acute same admission"] += 1
                c["acute same admission", "same decision"] += \
                    abs(ab[0][1] - aa[0][1]) <= EPS
    return c, moves, leaks, parts


def pct(n, tot):
    return "%6d  %5.1f%%" % (n, 100.0 * n / max(tot, 1))


def report(c, moves, leaks, parts, joined):
    for grp in ("ed-only", "acute"):
        print("%s: %d patients" % (grp, c[grp]))
        for what in ("identical", "same route"):
            print("  %-12s %s" % (what, pct(c[grp, what], c[grp])))
    tot = c["acute both"]
    print("acute in both runs: %d, same pathway %s" % (
        tot, pct(c["acute both", "same pathway"], tot)))
    tot = c["acute same admission"]
    print("admitted to the same ward at the same time: %d, decided on at "
          "the same time %s" % (tot, pct(c["acute same admission",
                                             "same decision"], tot)))
    print("pathway moves base -> alt:")
    for (pb, pa), m in moves.most_common():
        print("  %-12s -> %-12s %6d" % (pb, pa, m))
    for grp in ("ed-only", "acute"):
        top = sorted(((m, w) for (g, w), m in parts.items() if g == grp),
                     reverse=True)[:12]
        print("%s: where the paths part (the first difference), top %d:"
              % (grp, len(top)))
        for m, w in top:
            print("  %-60s %s" % (w, pct(m, c[grp])))
    print("ED stays with the same next unit: %d (%d more went on elsewhere)"
          % (c["ED stays"], c["ED stay, another next unit"]))
    print("stays at the fixed units on the same route: %d" % c["fixed stays"])
    print("stays that differ (leaks):")
    for w, m in leaks.most_common():
        print("  %-28s %6d" % (w, m))
    if not leaks:
        print("  none")


def tap(c, leaks, joined, name):
    ed = sum(m for w, m in leaks.items() if w.startswith("ED"))
    fx = sum(m for w, m in leaks.items() if not w.startswith("ED"))
    checks = [
        (c["ED stays"] > 10000 and ed <= LEAK_MAX * c["ED stays"],
         "%s: %d of %d ED stays with the same next unit differ (at most "
         "%.1f%%: a season's edge)" % (name, ed, c["ED stays"],
                                       100 * LEAK_MAX)),
        (c["fixed stays"] > 1000 and fx == 0,
         "%s: %d of %d stays at units without rounds or seasons differ on "
         "the same route" % (name, fx, c["fixed stays"])),
        (c["ed-only"] > 10000 and
         c["ed-only", "identical"] >= 0.98 * c["ed-only"],
         "%s: %d of %d patients who never reach an acute ward have the same "
         "events at the same times (at least 98%%)"
         % (name, c["ed-only", "identical"], c["ed-only"])),
    ]
    for ok, what in checks:
        print(("ok - " if ok else "not ok - ") + what)
    return 0 if all(ok for ok, _ in checks) else 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("flowsim")
    ap.add_argument("base")
    ap.add_argument("alt")
    ap.add_argument("--replication", type=int, default=0)
    ap.add_argument("--seed")
    ap.add_argument("--set", action="append", default=[])
    ap.add_argument("--fixed", default=FIXED,
                    help="units without ward rounds or seasons (%s)" % FIXED)
    ap.add_argument("--tap", action="store_true",
                    help="the checks as TAP lines; exit 1 when one fails")
    ap.add_argument("--show", type=int, default=0,
                    help="print the events of N leaking patients")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fb, fa = os.path.join(tmp, "b.csv"), os.path.join(tmp, "a.csv")
        trace(a.flowsim, a.base, a.replication, a.seed, a.set, fb)
        trace(a.flowsim, a.alt, a.replication, a.seed, a.set, fa)
        B, A = load(fb), load(fa)
    joined = sum(k in A for k in B)
    c, moves, leaks, parts = compare(B, A, set(a.fixed.split(",")), a.show)
    if a.tap:
        return tap(c, leaks, joined, os.path.basename(a.alt))
    print("patients: base %d, alt %d, joined %d" % (len(B), len(A), joined))
    report(c, moves, leaks, parts, joined)
    return 0


if __name__ == "__main__":
    sys.exit(main())
