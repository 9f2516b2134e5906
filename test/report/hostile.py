#!/usr/bin/env python3
"""Hostile text in a results store, and what flowsim makes of it (called
by hostile.sh).

usage: hostile.py craft STORE MARKS      every text field of every study
                                         replaced by a payload
       hostile.py html REPORT.html MARKS [PLOTS(0|1)]
       hostile.py csv FILE.csv MARKS
       hostile.py marks MARKS            nothing ran

The payload holds ' " \\ a newline, backquotes, system("touch ..."),
$(touch ...), a gnuplot macro, <script>, an entity, a terminal escape
(ESC ] 0 ; ... BEL sets the window title), C1 CSI, a bidirectional
override and two bytes of invalid UTF-8.  Each field gets its own tag, and
each command would touch a file MARKS/<kind>-<tag> (named relative to
gnuplot's folder, see REL): the marks folder must stay empty.  The units of per-unit means hold a payload that once ran
(they reached gnuplot's `set ylabel` unescaped).  Rendered text must equal the payload with each control
character and invalid byte replaced (U+FFFD in HTML, '?' in gnuplot's
SVG and in CSV); CSV cells never start with a formula character.
Prints one TAP-like line per check; exits 1 if any failed."""
import csv, html.parser, io, os, re, sqlite3, sys

failed = 0
def check(name, ok, detail=""):
    global failed
    print(("ok - " if ok else "not ok - ") + name + ("" if ok else "  " + detail))
    failed += not ok

BAD = b"\xff\x80"   # invalid UTF-8, appended as a BLOB cast to TEXT

# The commands name their marks relative to gnuplot's folder
# (TMPDIR/flowsim-report-XXXXXX, TMPDIR = the test's folder/t): short,
# so that whole payloads fit gnuplot's titles.
REL = "../../m"

def payload(marks, tag, start="a"):
    """The payload of field `tag` (str; BAD is appended in SQL)."""
    return (start + "'b\"c\\d\ne `touch %s/bq-%s` system(\"touch %s/sy-%s\")"
            " $(touch %s/sh-%s) @x <script>&amp; \x1b]0;t\x07 \u009b1m "
            "\u202e" % (REL, tag, REL, tag, REL, tag))

def controls(c):
    o = ord(c)
    return (o < 0x20 or 0x7f <= o <= 0x9f or o in (0x61c, 0x200e, 0x200f,
            0x2028, 0x2029) or 0x202a <= o <= 0x202e or 0x2066 <= o <= 0x2069)

def shown(s, repl, keep=""):
    """s as a writer shows it: controls (but those in keep) and the two
    invalid bytes (the U+FFFD pair that decoding with 'replace' gives)
    as repl."""
    return "".join(repl if controls(c) and c not in keep else c
                   for c in s).replace("\ufffd", repl)

def pattern(s):
    """A regex of s, where the tag "TAGX" stands for any tag."""
    return re.compile(re.escape(s).replace("TAGX", "[0-9a-z-]+"))

def craft(store, marks):
    db = sqlite3.connect(store)
    db.text_factory = bytes
    def set_text(table, col, where_cols, tagger, start="a"):
        rows = db.execute("SELECT %s, %s FROM %s" % (", ".join(where_cols),
                                                     col, table)).fetchall()
        for r in rows:
            keys, old = r[:-1], r[-1].decode("utf-8", "replace")
            new = tagger(keys, old)
            if new is None:
                continue
            # the invalid bytes go at the end, or before a kept suffix
            new, after = new if isinstance(new, tuple) else (new, "")
            cond = " AND ".join("%s = ?" % c for c in where_cols)
            db.execute("UPDATE %s SET %s = ? || CAST(? AS TEXT) || ? WHERE %s"
                       % (table, col, cond), (new, BAD, after) + tuple(keys))
    tag = lambda *p: "-".join(str(x) for x in p)
    P = lambda t, start="a": payload(marks, t, start)
    set_text("studies", "name", ["id"], lambda k, o: P(tag("sn", *k)))
    set_text("studies", "created", ["id"], lambda k, o: P(tag("sc", *k)))
    # the base's label starts with '=': a spreadsheet formula
    set_text("study_experiments", "label", ["study_id", "position"],
             lambda k, o: P(tag("lb", *k), "=cmd|' /C calc'!A0 " if k[1] == 0
                            else "a"))
    # params "k=v;k=v": keys and values hostile, without ';' and '='
    def params(k, o):
        if not o:
            return None
        items = []
        for i, kv in enumerate(o.split(";")):
            key, _, val = kv.partition("=")
            clean = lambda s: s.replace(";", ",").replace("=", ":")
            items.append(clean(P(tag("pk", i))) + "=" +
                         clean(P(tag("pv", i, val), "-")))
        return ";".join(items)
    set_text("study_experiments", "params", ["study_id", "position"], params)
    for col, t in (("scenario_name", "en"), ("scenario_hash", "eh"),
                   ("flowsim_version", "ev"), ("created", "ec")):
        set_text("experiments", col, ["id"], lambda k, o, t=t: P(tag(t, *k)))
    # KPIs: units all hostile; per-unit names hostile before their suffix
    # (they become plot labels); the others keep their names, so that
    # the headline KPIs and plots are still found.
    set_text("kpis", "unit", ["experiment_id", "idx"],
             lambda k, o: P(tag("ku", *k)))
    # The units of per-unit means reached gnuplot's ylabel of the bars by
    # unit raw (set ylabel '%s'): this payload ran there.
    for e, i in db.execute("SELECT experiment_id, idx FROM kpis WHERE name"
                           " LIKE '%.occupancy.mean' OR name LIKE"
                           " '%.wait.mean'").fetchall():
        unit = "u' . system(\"touch %s/ylabel-%d-%d\") . '" % (REL, e, i)
        db.execute("UPDATE kpis SET unit = ? WHERE experiment_id = ? AND"
                   " idx = ?", (unit, e, i))
    def kpi_name(k, o):
        for suffix in (".occupancy.mean", ".wait.mean"):
            if o.endswith(suffix) and not o.startswith("system."):
                return P(tag("kn", o[:-len(suffix)])), suffix
        # P(N = n) by level: the unit's name is the plot's title
        m = re.fullmatch(r"(.+)(\.occupancy\.(?:at|above)\.[0-9]+)", o)
        if m:
            return P(tag("kn", m.group(1))), m.group(2)
        return None
    set_text("kpis", "name", ["experiment_id", "idx"], kpi_name)
    def series_name(k, o):
        if o.endswith(".occupancy") and not o.startswith("acute."):
            return P(tag("se", o[:-len(".occupancy")])), ".occupancy"
        return None
    set_text("series", "name", ["experiment_id", "idx"], series_name)
    db.commit()
    db.close()

def marks_empty(marks):
    left = sorted(os.listdir(marks))
    check("nothing ran: %s is empty" % marks, not left, " ".join(left))

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text, self.svg_text = [], [], [], []
        self.in_svg_text = 0
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        if tag == "text":
            self.in_svg_text += 1
    def handle_endtag(self, tag):
        if tag == "text":
            self.in_svg_text -= 1
    def handle_data(self, d):
        self.text.append(d)
        if self.in_svg_text:
            self.svg_text.append(d)

def html(report, marks, plots="1"):
    raw = open(report, "rb").read()
    try:
        text = raw.decode("utf-8")
        check("the page is valid UTF-8", True)
    except UnicodeDecodeError as e:
        check("the page is valid UTF-8", False, str(e))
        text = raw.decode("utf-8", "replace")
    p = Page()
    p.feed(text)
    check("no script element", "script" not in p.tags and
          "<script" not in text.lower(), str(p.tags.count("script")))
    check("no event-handler attribute",
          not [a for a, v in p.attrs if a.lower().startswith("on")])
    check("no raw control character in the page",
          not [c for c in text if controls(c) and c not in "\t\n\r"])
    body = "".join(p.text)
    # The study name in HTML: controls and invalid bytes as U+FFFD.
    want = shown(payload(marks, "TAGX") + "\ufffd\ufffd", "\ufffd",
                 "\t\n\r")
    check("the study name and others are shown literally in the page",
          len(pattern(want).findall(body)) >= 3, repr(want[:80]))
    names = sorted(set(a for a, v in p.attrs))
    check("only the page's own attribute names",
          all(re.fullmatch(r"[a-z][a-z0-9:-]*", a) for a in names), repr(names))
    hostile = [(a, v) for a, v in p.attrs if v and "touch " in v]
    check("hostile text stays inside its attribute (data-kpi)",
          all(a == "data-kpi" and v.startswith("a'b\"c\\d\ne `touch")
              for a, v in hostile), repr(hostile[:1]))
    if 'id="compare-' in text:
        check("a compare's hostile KPI names are in data-kpi attributes",
              len(hostile) > 0)
    if plots == "1":
        svg = "".join(p.svg_text)
        check("plots drawn", "<svg" in text)
        # gnuplot's labels: controls and invalid bytes as '?'.
        gp = shown(payload(marks, "X"), "?")[:17]
        check("gnuplot labels show ' \" \\ newline ` literally", gp in svg,
              repr(gp))
        whole = shown(payload(marks, "TAGX"), "?")
        check("gnuplot shows a whole payload literally",
              pattern(whole).search(svg), repr(whole))
    marks_empty(marks)

def csvcheck(path, marks):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8")
        check("the CSV is valid UTF-8", True)
    except UnicodeDecodeError as e:
        check("the CSV is valid UTF-8", False, str(e))
        text = raw.decode("utf-8", "replace")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    check("the CSV parses, header and rows of equal width",
          len(rows) > 1 and all(len(r) == len(rows[0]) for r in rows),
          str(set(len(r) for r in rows)))
    cells = [c for r in rows[1:] for c in r]
    starts = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or
              (c[:1] == "-" and not re.match(r"^-[0-9.]", c))]
    check("no cell starts with a formula character", not starts,
          repr(starts[:2]))
    check("no control character but tab, CR and LF",
          not [c for c in text if controls(c) and c not in "\t\r\n"])
    head = rows[0]
    if "label" in head:
        labels = [r[head.index("label")] for r in rows[1:]]
        f = [l for l in labels if l.startswith("'=cmd|")]
        want = "'" + shown("=cmd|' /C calc'!A0 " + payload(marks, "lb-")[1:],
                           "?", "\t\r\n")
        check("a formula label is kept as text, prefixed with '",
              f and all(l.startswith(want[:30]) for l in f), repr(f[:1]))
        n = [l for l in labels if l.startswith("a'b")]
        want = pattern(shown(payload(marks, "TAGX") + "\ufffd\ufffd", "?",
                             "\t\r\n"))
        check("other labels round-trip (controls as '?')",
              n and all(want.fullmatch(l) for l in n), repr(n[:1]))
    marks_empty(marks)

cmd = sys.argv[1]
if cmd == "craft":
    craft(sys.argv[2], sys.argv[3])
elif cmd == "html":
    html(sys.argv[2], sys.argv[3], *sys.argv[4:5])
elif cmd == "csv":
    csvcheck(sys.argv[2], sys.argv[3])
elif cmd == "marks":
    marks_empty(sys.argv[2])
sys.exit(1 if failed else 0)
