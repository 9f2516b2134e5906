#!/usr/bin/env python3
"""Checks of a flowsim report and exports (called by report.sh).

usage: check.py html-run REPORT.html RUN.csv
       check.py html-compare REPORT.html
       check.py html-finance REPORT.html BENEFITS.csv PLOTS(0|1)
       check.py csv-count FILE.csv N
       check.py csv-summary SUMMARY.csv RUN.csv
Prints one TAP-like line per check; exits 1 if any failed."""
import csv
import math, html.parser, re, sys

failed = 0
def check(name, ok, detail=""):
    global failed
    print(("ok - " if ok else "not ok - ") + name + ("" if ok else "  " + detail))
    failed += not ok

class Rows(html.parser.HTMLParser):
    """Rows of the tables by id: [{attrs of tr, cells: [attrs of td]}]."""
    def __init__(self):
        super().__init__()
        self.tables, self.stack, self.row = {}, [], None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.stack.append(a.get("id", ""))
            self.tables.setdefault(self.stack[-1], [])
        elif tag == "tr" and self.stack and "data-kpi" in a:
            self.row = {"attrs": a, "cells": []}
            self.tables[self.stack[-1]].append(self.row)
        elif tag == "td" and self.row is not None:
            self.row["cells"].append(a)
    def handle_endtag(self, tag):
        if tag == "table" and self.stack:
            self.stack.pop()
        elif tag == "tr":
            self.row = None

def parse(path):
    text = open(path, encoding="utf-8").read()
    p = Rows()
    p.feed(text)
    return text, p.tables

def close(a, b):
    if a == "" or b == "":
        return a == b
    a, b = float(a), float(b)
    return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))

def run_csv(path):
    return {r["kpi"]: r for r in csv.DictReader(open(path, newline=""))}

def offline(text):
    for bad in ('src="http', "src='http", "<link", "<script", "url(http",
                "@import", "<iframe", "<img src=\"http"):
        check("no external reference " + bad, bad not in text)

def html_run(report, runcsv):
    text, tables = parse(report)
    ref = run_csv(runcsv)
    rows = tables.get("kpis", [])
    check("KPI table has one row per KPI (%d)" % len(ref), len(rows) == len(ref),
          "%d rows" % len(rows))
    bad = []
    for r in rows:
        k = r["attrs"]["data-kpi"]
        c = r["cells"]
        want = ref.get(k)
        if not want or len(c) < 7:
            bad.append(k)
            continue
        got = [c[2].get("data-v"), c[3].get("data-lo"), c[3].get("data-hi"),
               c[4].get("data-v"), c[5].get("data-v")]
        exp = [want[x] for x in ("mean", "ci95_lo", "ci95_hi", "p5", "p95")]
        if not all(close(g, e) for g, e in zip(got, exp)):
            bad.append(k)
    check("KPI table values equal flowsim run --format csv", not bad, str(bad[:5]))
    n = text.count("<svg")
    check("plots present (%d svg)" % n, n >= 3)
    check("plots have paths", text.count("<path") > 10)
    offline(text)

def html_compare(report):
    text, tables = parse(report)
    rows = tables.get("compare-1", [])
    check("compare table present", len(rows) > 50, "%d rows" % len(rows))
    ok = True
    for r in rows:
        c = r["cells"]
        d, lo, hi = c[6].get("data-v"), c[7].get("data-lo"), c[7].get("data-hi")
        b, a = c[2].get("data-v"), c[4].get("data-v")
        if "" in (d, lo, hi, a, b):
            continue
        d, lo, hi, a, b = map(float, (d, lo, hi, a, b))
        sig = c[8].get("data-sig") == "1"
        if not (lo <= d + 1e-9 * abs(d) and d <= hi + 1e-9 * abs(d)) or \
           abs((a - b) - d) > 1e-6 * max(1, abs(d), abs(a)) or \
           sig != (lo > 0 or hi < 0):
            ok = False
    check("differences lie in their CIs, equal alt - base, significance = CI excludes 0", ok)
    # What the pairing bought: the paired CI's width over that of two
    # independent runs, recomputed from the table's own CIs (where none is
    # shown clipped to its KPI's natural range).
    bad, seen = [], 0
    for r in rows:
        c = r["cells"]
        w = c[9].get("data-v") if len(c) > 9 else None
        v = [c[i].get(x) for i, x in ((3, "data-lo"), (3, "data-hi"),
             (5, "data-lo"), (5, "data-hi"), (7, "data-lo"), (7, "data-hi"))]
        if w is None:
            bad.append(r["attrs"]["data-kpi"])
            continue
        if w == "" or "" in v:
            continue
        bl, bh, al, ah, dl, dh = map(float, v)
        bm, am, dm = (float(c[i].get("data-v") or "nan") for i in (2, 4, 6))
        def symmetric(lo, m, hi):
            return abs((hi - m) - (m - lo)) <= 1e-9 * max(1, abs(hi), abs(lo))
        if not (symmetric(bl, bm, bh) and symmetric(al, am, ah) and
                symmetric(dl, dm, dh)):
            continue  # a CI shown clipped to the KPI's range
        indep = math.hypot(bh - bl, ah - al)
        seen += 1
        if indep <= 0 or abs(float(w) - (dh - dl) / indep) > 1e-6:
            bad.append(r["attrs"]["data-kpi"])
    check("paired/independent width column = CI width over hypot of the "
          "runs' widths (%d rows)" % seen, not bad and seen > 10, str(bad[:5]))
    check("some difference is significant", any(
        r["cells"][8].get("data-sig") == "1" for r in rows))
    check("comparison bars present", text.count('id="fig-bars-') >= 3)
    offline(text)

class Cells(html.parser.HTMLParser):
    """Rows of the finance tables by table id: [(row attrs, [cell attrs])]."""
    def __init__(self):
        super().__init__()
        self.tables, self.stack, self.row = {}, [], None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.stack.append(a.get("id", ""))
            self.tables.setdefault(self.stack[-1], [])
        elif tag == "tr" and self.stack:
            self.row = (a, [])
            self.tables[self.stack[-1]].append(self.row)
        elif tag in ("td", "th") and self.row is not None:
            self.row[1].append(a)
    def handle_endtag(self, tag):
        if tag == "table" and self.stack:
            self.stack.pop()
        elif tag == "tr":
            self.row = None

def html_finance(report, bencsv, plots):
    """The finance section of a benefits study against the benefits
    command's own CSV of the same run (GBP there, GBP k in the page)."""
    text = open(report, encoding="utf-8").read()
    p = Cells()
    p.feed(text)
    t = p.tables
    ref = {(r["year"], r["line"], r["measure"]): r
           for r in csv.DictReader(open(bencsv, newline=""))}
    def same(cell, key, col):
        want = ref.get(key)
        got = cell.get("data-v" if col == "mean" else
                       "data-lo" if col == "lo" else "data-hi")
        return want is not None and got not in (None, "") and \
            close(got, repr(float(want[col]) / 1000))
    check("finance section and nav link", 'id="finance"' in text and
          'href="#finance"' in text)
    years = [r for r in t.get("fin-years", []) if "data-year" in r[0]]
    check("savings by year: a row per year and all (%d)" % len(years),
          len(years) >= 2 and years[-1][0]["data-year"] == "all")
    bad = []
    for a, c in years:
        y = a["data-year"]
        for key, cell, col in ((("total", "gross"), c[1], "mean"),
                               (("total", "gross"), c[2], "lo"),
                               (("total", "gross"), c[2], "hi"),
                               (("total", "cash_releasing"), c[3], "mean"),
                               (("total", "after_optimism_bias"), c[5], "mean"),
                               (("total", "net"), c[7], "mean"),
                               (("total", "net"), c[8], "lo"),
                               (("total", "net"), c[8], "hi")):
            if not same(cell, (y,) + key, col):
                bad.append((y, key, col))
    check("savings by year (gross, CI, cash, after bias, net, CI) equal "
          "flowsim benefits --format csv", not bad, str(bad[:4]))
    lines = [r for r in t.get("fin-lines", []) if "data-line" in r[0]]
    bad = [a["data-line"] for a, c in lines
           if not (same(c[2], ("all", a["data-line"], "gross"), "mean") and
                   same(c[3], ("all", a["data-line"], "gross"), "lo") and
                   same(c[4], ("all", a["data-line"], "cash_releasing"),
                        "mean"))]
    check("savings by line (%d lines) equal the command's" % len(lines),
          len(lines) > 3 and not bad, str(bad[:4]))
    wf = {r[0].get("data-step"): r[1] for r in t.get("fin-waterfall", [])}
    ok = set(wf) >= {"gross", "benefit-bias", "investment",
                     "investment-bias", "net"}
    if ok:
        steps = sum(float(wf[k][1]["data-v"]) for k in
                    ("gross", "benefit-bias", "investment", "investment-bias"))
        ok = same(wf["gross"][1], ("all", "total", "gross"), "mean") and \
            same(wf["net"][1], ("all", "total", "net"), "mean") and \
            abs(steps - float(wf["net"][1]["data-v"])) <= 1e-6 * max(1, abs(steps))
    check("waterfall: gross - biases - investment = net, as the command", ok)
    st = {r[0].get("data-line"): r[1] for r in t.get("fin-static", [])}
    check("static table beside the dynamic one",
          "total" in st and "total" in {r[0].get("data-line")
                                        for r in t.get("fin-dynamic", [])})
    check("dynamic/static ratios", len(t.get("fin-ratio", [])) > 1)
    why = text[text.find('id="fin-why"'):]
    simulated = [r[0]["data-line"] for r in t.get("fin-ratio", [])
                 if "data-line" in r[0]]
    check("explanation: each simulated line's dynamic/static by year, the "
          "length-of-stay line (admissions, freed beds) and cash",
          'id="fin-why"' in text and simulated and
          all('<li data-line="%s">' % l in why for l in simulated) and
          ("Length-of-stay savings shrink" in why or
           "do not rise" in why or "does not fall" in why) and
          "releases no cash unless it is closed" in why and
          "<b>Cash.</b>" in why, str(simulated))
    if plots == "1":
        check("finance plots: savings by year (bands) and the waterfall",
              'id="fig-finyears-0"' in text and
              'id="fig-finwaterfall-0"' in text)
    offline(text)

def csv_count(path, n):
    rows = list(csv.reader(open(path, newline="")))
    n = int(n)
    check("%s: %d rows" % (path.rsplit("/", 1)[-1], n), len(rows) - 1 == n,
          "%d rows" % (len(rows) - 1))
    raw = open(path, "rb").read()
    check("%s: CRLF line ends" % path.rsplit("/", 1)[-1],
          raw.count(b"\r\n") == raw.count(b"\n") and raw.endswith(b"\r\n"))

def csv_summary(path, runcsv):
    ref = run_csv(runcsv)
    rows = list(csv.DictReader(open(path, newline="")))
    check("summary: one row per KPI", len(rows) == len(ref))
    bad = [r["kpi"] for r in rows
           if r["kpi"] not in ref or not all(close(r[x], ref[r["kpi"]][x])
              for x in ("mean", "ci95_lo", "ci95_hi", "p5", "p95", "n"))]
    check("summary means and CIs equal flowsim run --format csv", not bad, str(bad[:5]))

{"html-run": html_run, "html-compare": html_compare,
 "html-finance": html_finance, "csv-count": csv_count,
 "csv-summary": csv_summary}[sys.argv[1]](*sys.argv[2:])
sys.exit(1 if failed else 0)
