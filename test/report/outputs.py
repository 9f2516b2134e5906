#!/usr/bin/env python3
"""Hostile text from a scenario through every output of flowsim (run,
compare and sweep as table, CSV and JSON; the progress bar on a terminal;
the loader's error message; the store's report and export).

usage: outputs.py FLOWSIM SRCDIR

The scenario's name (and a sweep's swept description) holds a formula
start, ' " \\ a newline, a tab, backquotes, ',' ';', an escape sequence
that sets the terminal's title (ESC ] 0 ; t BEL), C1 CSI (U+009B), a
bidirectional override (U+202E) and HTML.  Checked: terminal outputs hold
no control character but LF (and the progress bar's CR) and show the
text with '?' for each control; JSON decodes to the exact text and holds
no raw control; CSV parses (RFC 4180) to the text with "'" before a
formula start and '?' for controls other than tab, CR and LF; HTML holds
no raw control and shows the text.  Prints one TAP-like line per check;
exits 1 if any failed."""
import csv, html, io, json, os, pty, re, select, subprocess, sys, tempfile

flowsim, src = sys.argv[1], sys.argv[2]
failed = passed = 0
def check(name, ok, detail=""):
    global failed, passed
    print(("ok - " if ok else "not ok - ") + name + ("" if ok else "  " + detail))
    failed += not ok
    passed += bool(ok)

def control(c):
    o = ord(c)
    return (o < 0x20 or 0x7f <= o <= 0x9f or o in (0x61c, 0x200e, 0x200f,
            0x2028, 0x2029) or 0x202a <= o <= 0x202e or 0x2066 <= o <= 0x2069)

def shown(s, repl="?", keep=""):
    return "".join(repl if control(c) and c not in keep else c for c in s)

NAME = ("=cmd|' /C calc'!A0 a'b\"c\\d\ne\t`touch x` ,; \x1b]0;t\x07 "
        "\u009b1m \u202e <s>&amp; end")
# (a swept value goes through --set, whose YAML takes no control
# characters: these are printable)
DESC = ["-1+1 \u202e red", "b,\"c\" 'd' =x"]

def yaml_str(s):
    """s as a YAML double-quoted scalar (escapes for every control)."""
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif control(c):
            out.append("\\u%04x" % ord(c))
        else:
            out.append(c)
    return '"' + "".join(out) + '"'

tmp = tempfile.mkdtemp()
os.environ["TMPDIR"] = tmp
erlang = os.path.join(src, "scenarios/examples/erlang-loss.yaml")
hostile = os.path.join(tmp, "hostile.yaml")
with open(hostile, "w") as f:
    f.write("extends: %s\nname: %s\nhorizon: 30 days\nwarmup: 5 days\n"
            % (erlang, yaml_str(NAME)))
sweep = os.path.join(tmp, "sweep.yaml")
with open(sweep, "w") as f:
    f.write("name: %s\nbase: %s\nreplications: 2\ngrid:\n  description: "
            "[%s]\n" % (yaml_str(NAME), hostile,
                        ", ".join(yaml_str(d) for d in DESC)))

def flow(*args):
    p = subprocess.run([flowsim] + list(args), capture_output=True, cwd=tmp)
    return p.returncode, p.stdout, p.stderr

def terminal_text(what, b, keep="\n"):
    try:
        t = b.decode("utf-8")
    except UnicodeDecodeError as e:
        check(what + ": valid UTF-8", False, str(e))
        return ""
    bad = sorted(set("U+%04X" % ord(c) for c in t if control(c) and c not in keep))
    check(what + ": no control character", not bad, " ".join(bad))
    return t

def json_text(what, b, want):
    try:
        doc = json.loads(b.decode("utf-8"))
    except ValueError as e:
        check(what + ": valid JSON", False, str(e))
        return None
    check(what + ": valid JSON", True)
    terminal_text(what + " (raw bytes)", b)
    return doc

def csv_rows(what, b):
    t = terminal_text(what, b, "\n\r\t")
    rows = list(csv.reader(io.StringIO(t, newline="")))
    check(what + ": RFC 4180 rows of equal width",
          len(rows) > 1 and all(len(r) == len(rows[0]) for r in rows),
          repr(sorted(set(len(r) for r in rows))))
    cells = [c for r in rows[1:] for c in r]
    bad = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or
           (c[:1] == "-" and not re.fullmatch(r"-[0-9.e+-]+", c))]
    check(what + ": no cell starts with a formula character", not bad,
          repr(bad[:2]))
    return rows

def as_csv(s):
    s = shown(s, "?", "\t\r\n")
    return "'" + s if s[:1] in "=+-@\t\r" and s else s

# run: table, JSON, CSV
rc, out, err = flow("run", hostile, "--replications", "2", "--no-store", "-q")
check("run exits 0", rc == 0, err.decode(errors="replace"))
t = terminal_text("run table", out)
check("run table: the name with '?' for controls",
      ("scenario " + shown(NAME) + ":") in t)
rc, out, err = flow("run", hostile, "--replications", "2", "--no-store",
                    "-q", "--format", "json")
doc = json_text("run json", out, NAME)
check("run json: the exact name", doc and doc["scenario"] == NAME)
rc, out, err = flow("run", hostile, "--replications", "2", "--no-store",
                    "-q", "--format", "csv")
csv_rows("run csv", out)

# compare: the hostile scenario as an alternative
for fmt in ("table", "csv", "json"):
    rc, out, err = flow("compare", erlang, hostile, "--replications", "2",
                        "--no-store", "-q", "--set", "horizon=30 days",
                        "--set", "warmup=5 days",
                        "--format", fmt)
    check("compare %s exits 0" % fmt, rc == 0, err.decode(errors="replace"))
    if fmt == "table":
        t = terminal_text("compare table", out)
        check("compare table: the name with '?'", shown(NAME) + " vs " in t)
    elif fmt == "csv":
        rows = csv_rows("compare csv", out)
        alts = set(r[0] for r in rows[1:])
        check("compare csv: the alt column is the name, as text",
              alts == {as_csv(NAME)}, repr(alts))
    else:
        doc = json_text("compare json", out, NAME)
        check("compare json: the exact name",
              doc and doc["comparisons"][0]["alt"] == NAME)

# sweep: a hostile name and swept description
for fmt in ("table", "csv", "json"):
    rc, out, err = flow("sweep", sweep, "--no-store", "-q", "--format", fmt)
    check("sweep %s exits 0" % fmt, rc == 0, err.decode(errors="replace"))
    if fmt == "table":
        t = terminal_text("sweep table", out)
        check("sweep table: name and values with '?'",
              ("sweep " + shown(NAME) + ":") in t and
              all(shown(d) in t for d in DESC))
    elif fmt == "csv":
        rows = csv_rows("sweep csv", out)
        vals = set(r[1] for r in rows[1:])
        check("sweep csv: the swept values, as text",
              vals == set(as_csv(d) for d in DESC), repr(vals))
    else:
        doc = json_text("sweep json", out, NAME)
        check("sweep json: the exact name and values",
              doc and doc["sweep"] == NAME and
              [p["params"]["description"] for p in doc["points"]] == DESC)

# The progress bar on a terminal: its label is the scenario's name.  (A
# system with no pseudo-terminals, as a bare chroot, cannot draw one:
# said, and the other checks still run.)
def progress_bar():
    try:
        master, slave = pty.openpty()
    except OSError as e:
        print("ok - # SKIP the progress bar: no pseudo-terminal (%s)" % e)
        return
    p = subprocess.Popen([flowsim, "run", hostile, "--replications", "40",
                          "--no-store", "--threads", "1", "--set",
                          "horizon=200 days"], stdout=subprocess.DEVNULL,
                         stderr=slave, cwd=tmp)
    os.close(slave)
    bar = b""
    while True:
        r, _, _ = select.select([master], [], [], 60)
        if not r:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        bar += chunk
    p.wait()
    os.close(master)
    check("the progress bar was drawn", b"replications" in bar, repr(bar[:80]))
    t = terminal_text("progress bar", bar, "\r\n")
    check("progress bar: the name with '?'", shown(NAME) in t)

progress_bar()

# A unit named with control characters: refused in one clean line.
bad = os.path.join(tmp, "badunit.yaml")
with open(bad, "w") as f:
    f.write("extends: %s\nunits:\n  %s: {capacity: 1, stay: {fixed: 1 day}}\n"
            % (erlang, yaml_str("w\x1b]0;t\x07\u009b")))
rc, out, err = flow("check", bad)
check("a unit name with controls is refused (exit 2)", rc == 2)
t = terminal_text("its message", err)
check("its message is one line", t.count("\n") == 1, repr(t))

# validate: a target's source is free text; a target naming no KPI is
# refused in a message that quotes it.
val = os.path.join(tmp, "validate.yaml")
with open(val, "w") as f:
    f.write("extends: %s\ntargets:\n  - kpi: ward.arrivals\n    value: 100\n"
            "    tolerance: 5%%\n    source: %s\n" % (hostile, yaml_str(NAME)))
rc, out, err = flow("validate", val, "--replications", "2", "--no-store",
                    "-q")
t = terminal_text("validate table", out)
check("validate: the name and the source with '?'",
      ("validate " + shown(NAME) + ":") in t and
      ("    source: " + shown(NAME)) in t, t[:200])
rc, out, err = flow("validate", val, "--replications", "2", "--no-store",
                    "-q", "--set", "targets.0.kpi=" + yaml_str(NAME))
check("validate of a target naming no KPI exits 2", rc == 2)
t = terminal_text("its message", err)
check("its message quotes the target with '?', on one line",
      shown(NAME) in t and t.count("\n") == 1, repr(t))

# warmup
rc, out, err = flow("warmup", hostile, "--replications", "2", "--no-store",
                    "-q", "--set", "horizon=120 days")
t = terminal_text("warmup", out)
check("warmup: the name with '?'", ("warm-up of " + shown(NAME) + ":") in t,
      t[:200] + err.decode(errors="replace"))

# benefits: scenario names and business-case labels, every format
small = os.path.join(src, "test/finance/small.yaml")
ben = ["benefits", small, small, "--base-set", "interventions=null",
       "--replications", "2", "--set", "name=" + yaml_str(NAME),
       "--set", "business_case.lines.0.label=" + yaml_str(NAME),
       "--set", "business_case.source=" + yaml_str(NAME)]
rc, out, err = flow(*ben, "-q")
check("benefits exits 0", rc == 0, err.decode(errors="replace"))
t = terminal_text("benefits table", out)
check("benefits table: names, labels and source with '?'",
      "flowsim benefits: " + shown(NAME) + " vs " in t and
      "source: " + shown(NAME) in t and shown(NAME)[:40] in t)
rc, out, err = flow(*ben, "-q", "--format", "csv")
csv_rows("benefits csv", out)   # (its lines are names: letters, digits)
rc, out, err = flow(*ben, "-q", "--format", "json")
doc = json_text("benefits json", out, NAME)
check("benefits json: the exact names",
      doc and doc["base"] == NAME and doc["alt"] == NAME and
      NAME in [l["label"] for l in doc["lines"]])
rc, out, err = flow(*ben, "-q", "--format", "html")
t = terminal_text("benefits html", out, "\n\r\t")
check("benefits html: no <s> element, the names shown",
      "<s>" not in t and shown(NAME, "\ufffd", "\t\n\r") in html.unescape(t))

# The store: report and export of the hostile run.
store = os.path.join(tmp, "s.db")
rc, out, err = flow("compare", erlang, hostile, "--replications", "2",
                    "--store", store, "-q", "--set", "horizon=30 days",
                    "--set", "warmup=5 days")
rc, out, err = flow("export", store, "--what", "summary")
check("export exits 0", rc == 0, err.decode(errors="replace"))
rows = csv_rows("export summary", out)
labels = set(r[rows[0].index("label")] for r in rows[1:])
check("export: the label is the name, as text", as_csv(NAME) in labels,
      repr(labels))
rc, out, err = flow("report", store, "-o", os.path.join(tmp, "r.html"))
check("report exits 0", rc == 0, err.decode(errors="replace"))
page = open(os.path.join(tmp, "r.html"), "rb").read()
t = terminal_text("report html", page, "\n\r\t")
check("report html: no <s> element, the name shown (controls as U+FFFD)",
      "<s>" not in t and
      shown(NAME, "\ufffd", "\t\n\r") in html.unescape(t))

if not os.environ.get("KEEP"):
    subprocess.run(["rm", "-rf", tmp])
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
