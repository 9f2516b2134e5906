#!/usr/bin/env python3
"""flowsim serve's API on the Stockport baseline: its results equal
`flowsim run --set` byte for byte, and every bad request is refused with
a clear error while the server keeps serving.

usage: serve.py FLOWSIM SRCDIR

Checked: the levers of the scenario (keys, ranges, bases); a setting's
result and the base's against `flowsim run` with the same --set values;
a setting asked for again is the same run; the paired difference of more
escalation beds has the sign it must; the event stream of a run; the
history (JSON, CSV); a setting's YAML overlay, run, gives the same
bytes.  Refused: malformed JSON of many kinds (400), a
value out of range or not whole (400), an unknown lever or a file path
as a lever (400), a body too large (413, or the connection closed for a
body without a length), paths that are no route or try to climb out
(404), wrong methods (405 with Allow), another Content-Type (415),
another origin or Host (403), a client that sends its request slowly
(closed after --timeout), 100 connections held open, 50 concurrent
requests and 50 concurrent settings (202 or 429), a client that goes
away in the middle of an event stream.  Then SIGTERM stops it cleanly
(status 0, nothing else on stderr: under ASan, no leak).  Prints one TAP-like line per check;
exits 1 if any failed."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Server, Tap, flowsim_run_json  # noqa: E402

flowsim, src = sys.argv[1], sys.argv[2]
scenario = os.path.join(src, "scenarios/stockport/baseline.yaml")
REPS = "4"
ESC = "units.medical.escalation.beds"
t = Tap()

# --- the command line
def serve_cmd(*args):
    return subprocess.run([flowsim, "serve"] + list(args),
                          capture_output=True, text=True, timeout=60)


for args, word in [((), "which scenario file?"),
                   ((scenario, "--listen", "1.2.3:80"), "--listen"),
                   ((scenario, "--listen", "127.0.0.1:70000"), "--listen"),
                   ((scenario, "--replications", "1"), "--replications"),
                   ((scenario, "--stor", "x.db"), "unknown option"),
                   ((scenario, scenario), "unexpected argument")]:
    r = serve_cmd(*args)
    t.check("serve %s -> status 2, '%s'" % (" ".join(args[1:]), word),
            r.returncode == 2 and word in r.stderr, (r.returncode, r.stderr))
r = serve_cmd(os.path.join(src, "scenarios/nope.yaml"))
t.check("a missing scenario -> status 2 with its name", r.returncode == 2
        and "nope.yaml" in r.stderr, r.stderr)
taken = socket.socket()
taken.bind(("127.0.0.1", 0))
taken.listen()
r = serve_cmd(scenario, "--listen",
              "127.0.0.1:%d" % taken.getsockname()[1])
taken.close()
t.check("an address in use -> status 4, 'cannot listen'",
        r.returncode == 4 and "cannot listen" in r.stderr, r.stderr)
wide = Server(flowsim, scenario, "--replications", "2")
wide.stop()
t.check("loopback: no warning", "warning" not in wide.stderr, wide.stderr)
wide = subprocess.Popen([flowsim, "serve", scenario, "--listen",
                         "0.0.0.0:0", "--replications", "2"],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                        text=True)
wide.stdout.readline()
wide.send_signal(signal.SIGTERM)
out, err = wide.communicate(timeout=60)
t.check("--listen 0.0.0.0: a warning that anyone can run simulations",
        "warning: listening on 0.0.0.0" in err and wide.returncode == 0,
        err)

srv = Server(flowsim, scenario, "--replications", REPS, "--threads", "2",
             "--timeout", "2")

# --- the page and the levers
st, hd, body = srv.request("GET", "/")
t.check("GET / is the page", st == 200 and hd["content-type"].startswith(
    "text/html") and b'<script src="/app.js"' in body, (st, hd))
t.check("the page forbids anything from outside (CSP)",
        "default-src 'none'" in hd.get("content-security-policy", "") and
        hd.get("x-content-type-options") == "nosniff", hd)
st, hd, body = srv.request("GET", "/app.js")
t.check("GET /app.js", st == 200 and b"EventSource" in body, st)
st, lv = srv.json("GET", "/api/levers")
byk = {x["key"]: x for x in lv["levers"]}
t.check("levers: the scenario's name", lv["scenario"] ==
        "stockport-baseline-2022-23", lv.get("scenario"))
t.check("levers: as declared, medical escalation beds 0..100 by 1, base 40",
        (byk[ESC]["min"], byk[ESC]["max"], byk[ESC]["step"],
         byk[ESC]["base"], byk[ESC]["label"], byk[ESC]["group"],
         byk[ESC]["unit"]) == (0, 100, 1, 40, "Medical escalation beds",
                               "Hospital", "beds"), byk.get(ESC))
m = byk["units.p1.capacity"]
t.check("levers: P1 capacity 100..600, base 205",
        (m["min"], m["max"], m["base"]) == (100, 600, 205), m)
t.check("levers: the five the scenario declares, in its order",
        [x["key"] for x in lv["levers"]] == [
            ESC, "units.surgical.escalation.beds", "units.vw.capacity",
            "units.p1.capacity", "units.p2.capacity"], sorted(byk))

# --- good requests: the same bytes as flowsim run --set
base_json = flowsim_run_json(flowsim, scenario, {}, "--replications", REPS)
st, r = srv.json("GET", "/api/runs/1")
base = srv.wait_done(1)
st, hd, body = srv.request("GET", "/api/runs/1/result")
t.check("base result == flowsim run (byte for byte)", st == 200 and
        body == base_json, (st, len(body), len(base_json)))
setting = {ESC: 70, "units.p1.capacity": 230}
st, r = srv.submit(setting)
t.check("a setting is accepted (202)", st == 202 and r["id"] == 2, (st, r))
snap = srv.wait_done(2)
t.check("the setting ran all replications", snap["state"] == "done" and
        snap["done"] == 4, snap)
st, hd, body = srv.request("GET", "/api/runs/2/result")
want = flowsim_run_json(flowsim, scenario, setting, "--replications", REPS)
t.check("setting result == flowsim run --set (byte for byte)", st == 200 and
        body == want, (st, body[:200], want[:200]))
k4 = {k["name"]: k for k in snap["kpis"]}["ed.four_hour.performance"]
t.check("30 more escalation beds: 4-hour performance up (paired CI > 0)",
        k4["diff"]["ci95"][0] > 0, k4)
ser = {x["name"]: x for x in snap["series"]}
t.check("series: occupancy and 4-hour performance, 52 weeks after the "
        "60-day warm-up", sorted(ser) == ["acute.occupancy",
                                          "ed.four_hour.performance"] and
        all(len(x["mean"]) == 52 and len(x["lo"]) == 52 and
            x["first_day"] == 60 and x["step"] == 7 for x in ser.values()),
        [(x["name"], len(x["mean"]), x["first_day"]) for x in ser.values()])
bser = {x["name"]: x for x in base["series"]}
t.check("series: the base line of a setting is the base's own mean",
        all(ser[n]["base"] == bser[n]["mean"] for n in ser), "")
t.check("series: each week's CI holds its mean", all(
    x["lo"][k] <= x["mean"][k] <= x["hi"][k] for x in ser.values()
    for k in range(52)), "")
f4 = ser["ed.four_hour.performance"]
up = sum(m - b for m, b in zip(f4["mean"], f4["base"])) / 52
t.check("series: 4-hour performance above the base's, week by week on "
        "average (%+.2f points)" % up, up > 0, up)
fin = json.loads(body)["kpis"]["ed.four_hour.performance"]
t.check("the snapshot's mean is the result's", abs(k4["mean"] -
        fin["mean"]) < 1e-6 * abs(fin["mean"]), (k4["mean"], fin["mean"]))
st, hd, body = srv.request("GET", "/api/runs/2/overlay.yaml")
tmp = tempfile.mkdtemp()
os.symlink(scenario, os.path.join(tmp, "baseline.yaml"))
with open(os.path.join(tmp, "setting.yaml"), "wb") as f:
    f.write(body)
ran = subprocess.run([flowsim, "run", os.path.join(tmp, "setting.yaml"),
                      "--no-store", "-q", "--format", "json",
                      "--replications", REPS], capture_output=True)
t.check("the setting as a YAML overlay: extends the scenario, runs to the "
        "same bytes", st == 200 and body.startswith(b"# a setting") and
        b'"extends": "baseline.yaml"' in body and ran.returncode == 0 and
        ran.stdout == want, (st, body, ran.stderr[:300]))
shutil.rmtree(tmp)
kc = {k["name"]: k for k in snap["kpis"]}.get("cost.total")
res_cost = json.loads(want)["kpis"]["cost.total"]["mean"]
base_cost = json.loads(base_json)["kpis"]["cost.total"]["mean"]
t.check("the total cost and its difference from the base (the saving's "
        "opposite) are shown", kc is not None and
        abs(kc["mean"] - res_cost) < 1e-6 * res_cost and
        abs(kc["diff"]["mean"] - (res_cost - base_cost)) <
        1e-6 * res_cost, (kc, res_cost, base_cost))
st, r = srv.submit(setting)
t.check("the same setting again is the same run", st == 202 and
        r["id"] == 2, r)
st, r = srv.submit({})
t.check("the base setting is the base run", st == 202 and r["id"] == 1, r)

# the event stream of a finished run: its snapshot, then the end
sock = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
sock.sendall(("GET /api/runs/2/events HTTP/1.1\r\nHost: %s\r\n\r\n" %
              srv.host).encode())
data = b""
while True:
    d = sock.recv(65536)
    if not d:
        break
    data += d
sock.close()
events = [ln[6:] for ln in data.decode().split("\n")
          if ln.startswith("data: ")]
t.check("events: text/event-stream with the done snapshot, then the end",
        b"text/event-stream" in data and len(events) == 1 and
        json.loads(events[0])["state"] == "done", data[:300])
st, hist = srv.json("GET", "/api/history")
t.check("history: both settings, newest first", [h["id"] for h in hist] ==
        [2, 1], hist)
st, hd, body = srv.request("GET", "/api/history.csv")
rows = body.decode().splitlines()
t.check("history CSV: a header and two rows", st == 200 and
        rows[0].startswith("id,units.") and len(rows) == 3 and
        rows[1].startswith("2,"), rows[:3])

# --- malformed requests: 400 with a message, nothing run
BAD = [
    ("empty body", b""),
    ("not an object", b"[]"),
    ("unclosed object", b'{"levers": {"%s": 60}' % ESC.encode()),
    ("trailing bytes", b'{"levers": {}} x'),
    ("two objects", b'{} {}'),
    ("a fraction", b'{"levers": {"%s": 60.5}}' % ESC.encode()),
    ("an exponent without digits", b'{"levers": {"%s": 6e}}' %
     ESC.encode()),
    ("a fraction without digits", b'{"levers": {"%s": 6.}}' % ESC.encode()),
    ("a leading zero", b'{"levers": {"%s": 060}}' % ESC.encode()),
    ("a string value", b'{"levers": {"%s": "60"}}' % ESC.encode()),
    ("a huge number", b'{"levers": {"%s": 99999999999999999999}}' %
     ESC.encode()),
    ("a lone surrogate", b'{"levers": {"\\ud800": 1}}'),
    ("invalid UTF-8", b'{"levers": {"\xff\xfe": 1}}'),
    ("a control character", b'{"levers": {"a\x01b": 1}}'),
    ("a bad escape", b'{"levers": {"\\x41": 1}}'),
    ("a NUL escape", b'{"levers": {"\\u0000": 1}}'),
    ("a duplicate lever", b'{"levers": {"%s": 1, "%s": 2}}' %
     (ESC.encode(), ESC.encode())),
    ("an unknown key", b'{"yaml": "units: {}"}'),
    ("single quotes", b"{'levers': {}}"),
    ("a comment", b'{"levers": {} /* x */}'),
    ("nested too deep", b'{"levers": {"%s": [[[[1]]]]}}' % ESC.encode()),
    ("a trailing comma", b'{"levers": {"%s": 1,}}' % ESC.encode()),
]
for name, body in BAD:
    st, hd, data = srv.request("POST", "/api/runs", body)
    try:
        err = json.loads(data).get("error", "")
    except ValueError:
        err = ""
    t.check("malformed: %s -> 400 with a message" % name, st == 400 and
            err != "" and hd["content-type"] == "application/json",
            (st, data[:200]))
for name, lev, word in [
        ("above its range", {ESC: 101}, "outside its range 0 to 100"),
        ("a fraction of a whole lever", {ESC: 60.5},
         "outside its range 0 to 100, whole numbers"),
        ("below its range", {ESC: -1}, "outside its range"),
        ("capacity below its range", {"units.p1.capacity": 99},
         "outside its range 100 to 600"),
        ("a unit's capacity not declared", {"units.medical.capacity": 430},
         "unknown lever"),
        ("an unknown lever", {"units.nope.capacity": 3}, "unknown lever"),
        ("a file path as a lever", {"../../etc/passwd": 1},
         "unknown lever"),
        ("a key that is not a lever", {"seed": 1}, "unknown lever"),
        ("HTML in a key", {"<script>alert(1)</script>": 1},
         "unknown lever")]:
    st, r = srv.submit(lev)
    t.check("refused: %s -> 400 '%s'" % (name, word), st == 400 and
            word in r["error"], (st, r))

# --- sizes, paths, methods, types, origins
st, hd, body = srv.request("POST", "/api/runs", b"{" + b" " * 20000 + b"}")
t.check("a body over 16384 bytes -> 413", st == 413, st)
sock = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
sock.sendall(("POST /api/runs HTTP/1.1\r\nHost: %s\r\nContent-Type: "
              "application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
              % srv.host).encode())
closed = False
try:
    for _ in range(100):
        sock.sendall(b"4000\r\n" + b" " * 0x4000 + b"\r\n")
except OSError:
    closed = True
if not closed:
    sock.settimeout(10)
    try:
        closed = sock.recv(4096) in (b"",) or b" 413 " in sock.recv(4096)
    except OSError:
        closed = True
sock.close()
t.check("a chunked body growing past the limit: connection closed", closed)
big = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
got = b""
try:
    big.sendall(("GET /api/levers HTTP/1.1\r\nHost: %s\r\nX-Big: %s\r\n\r\n"
                 % (srv.host, "a" * 100000)).encode())
    got = big.recv(4096)
except OSError:
    pass
big.close()
t.check("a 100 kB header: refused or dropped, never served",
        not got.startswith(b"HTTP/1.1 200") and srv.alive(), got[:100])
st, hd, body = srv.request("POST", "/api/runs",
                           b'{"levers": {}}', {"Content-Length": "99999999999"})
t.check("an absurd Content-Length -> refused", st in (400, 413), st)
for path in ["/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
             "/api/runs/../../etc/passwd", "/api/runs/1/../../../etc",
             "/etc/passwd", "/api/levers/x", "/api/runs/abc",
             "/api/runs/-1", "/api/runs/1x", "/api/runs/12345678901",
             "/api/runs/1/result/x", "//api/levers", "/app.js/",
             "/style.css/../../etc/passwd", "/index.html", "/api/runs/999"]:
    st, hd, body = srv.request("GET", path)
    t.check("GET %s -> 404" % path, st == 404 and b"passwd" not in body
            and b"root:" not in body, (st, body[:100]))
for method, path, allow in [("DELETE", "/", "GET, HEAD"),
                            ("POST", "/", "GET, HEAD"),
                            ("PUT", "/api/runs", "POST"),
                            ("GET", "/api/runs", "POST"),
                            ("OPTIONS", "/api/runs", "POST"),
                            ("POST", "/api/runs/1", "GET, HEAD"),
                            ("PATCH", "/api/levers", "GET, HEAD")]:
    st, hd, body = srv.request(method, path)
    t.check("%s %s -> 405, Allow: %s" % (method, path, allow), st == 405
            and hd.get("allow") == allow, (st, hd.get("allow")))
st, hd, body = srv.request("POST", "/api/runs", b'{"levers": {}}',
                           {"Content-Type": "text/plain"})
t.check("POST as text/plain (a form's, no preflight) -> 415", st == 415, st)
for name, h in [("Origin of another site",
                 {"Origin": "http://evil.example"}),
                ("Origin of another port",
                 {"Origin": "http://127.0.0.1:1"}),
                ("Sec-Fetch-Site: cross-site",
                 {"Sec-Fetch-Site": "cross-site"}),
                ("a Host of another name (DNS rebinding)",
                 {"Host": "evil.example:%d" % srv.port})]:
    st, hd, body = srv.request("POST", "/api/runs", b'{"levers": {}}', h)
    st2, hd2, body2 = srv.request("GET", "/api/levers", None, h)
    t.check("refused: %s -> 403" % name, st == 403 and st2 == 403 and
            b"levers" not in body2, (st, st2))
st, hd, body = srv.request("GET", "/api/levers", None,
                           {"Origin": "http://%s" % srv.host})
t.check("the page's own Origin is served", st == 200, st)

# --- slow and many clients
slow = socket.create_connection(("127.0.0.1", srv.port), timeout=60)
slow.sendall(b"GET /api/levers HTTP/1.1\r\nHost: ")
t0 = time.time()
st, hd, body = srv.request("GET", "/api/levers")
t.check("served while a client sends its request slowly", st == 200, st)
try:
    got = slow.recv(4096)
except OSError:
    got = b""
waited = time.time() - t0
slow.close()
t.check("a partial request is dropped after --timeout 2 (%.1f s)" % waited,
        got == b"" and 1.0 < waited < 45, (got[:80], waited))
held = []
for _ in range(100):
    try:
        held.append(socket.create_connection(("127.0.0.1", srv.port),
                                             timeout=5))
    except OSError:
        break
st, hd, body = (0, {}, b"")
for s in held:
    s.close()
time.sleep(0.5)
st, hd, body = srv.request("GET", "/api/levers")
t.check("100 idle connections opened and closed, then served",
        st == 200 and srv.alive(), st)
results = []


def get_levers():
    try:
        results.append(srv.request("GET", "/api/levers")[0])
    except OSError as e:
        results.append(str(e))


ths = [threading.Thread(target=get_levers) for _ in range(50)]
for th in ths:
    th.start()
for th in ths:
    th.join()
t.check("50 concurrent requests: all 200", results == [200] * 50,
        results)
results = []


def post(v):
    try:
        results.append(srv.submit({ESC: v})[0])
    except OSError as e:
        results.append(str(e))


ths = [threading.Thread(target=post, args=(v,)) for v in range(50)]
for th in ths:
    th.start()
for th in ths:
    th.join()
t.check("50 concurrent settings: each 202 or 429, some of each kind",
        set(results) <= {202, 429} and 202 in results, results)
st, r = srv.submit({ESC: 55})
while st == 429:
    time.sleep(0.3)
    st, r = srv.submit({ESC: 55})
snap = srv.wait_done(r["id"])
t.check("after them a setting runs to the end", snap["state"] == "done",
        snap["state"])

# --- a client that goes away in the middle of a stream
st, r = srv.submit({ESC: 20})
while st == 429:
    time.sleep(0.3)
    st, r = srv.submit({ESC: 20})
sock = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
sock.sendall(("GET /api/runs/%d/events HTTP/1.1\r\nHost: %s\r\n\r\n" %
              (r["id"], srv.host)).encode())
first = b""
while b"event: snapshot" not in first:
    d = sock.recv(4096)
    if not d:
        break
    first += d
sock.close()
snap = srv.wait_done(r["id"])
t.check("a client gone mid-stream: the run finishes, the server serves",
        b"event: snapshot" in first and snap["state"] == "done" and
        srv.request("GET", "/api/levers")[0] == 200, first[:200])

# --- SIGTERM while a setting runs and a client follows its stream
st, r = srv.submit({ESC: 10})
while st == 429:
    time.sleep(0.3)
    st, r = srv.submit({ESC: 10})
follow = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
follow.sendall(("GET /api/runs/%d/events HTTP/1.1\r\nHost: %s\r\n\r\n" %
                (r["id"], srv.host)).encode())
follow.recv(4096)
t0 = time.time()
rc = srv.stop(signal.SIGTERM)
ended = False
try:
    while follow.recv(65536):
        pass
    ended = True
except OSError:
    ended = True
follow.close()
t.check("SIGTERM with a run and a stream open: the server ends (%.1f s) "
        "and the stream with it" % (time.time() - t0), ended, "")
t.check("SIGTERM: stops cleanly (status 0, 'stopped')",
        rc == 0 and "flowsim serve: stopped" in srv.stderr,
        (rc, getattr(srv, "stderr", "")))
t.check("nothing else on stderr (no sanitizer or leak report)",
        srv.stderr == "flowsim serve: stopped\n",
        getattr(srv, "stderr", ""))
sys.exit(t.end())
