#!/usr/bin/env python3
"""flowsim serve --store: the settings run kept in the results store.

Checked: a setting run on a server with --store, the server stopped and
started again on the same store: the history lists the setting again
(read back, all its replications resumed from the store, none run), its
result is byte for byte the first server's, and asking for it again
answers with that run at once; the store holds one "serve" study with
the setting's levers as its parameters; a setting whose lever is no
longer declared is left out of the history; --store :memory: is refused.
"""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Server, Tap  # noqa: E402

flowsim, src = sys.argv[1], sys.argv[2]
scenario = os.path.join(src, "test/serve/levers.yaml")
OPEN = "units.ward.escalation.open_at"
CAP = "units.ward.capacity"
t = Tap()
tmp = tempfile.mkdtemp()
db = os.path.join(tmp, "serve.db")

r = subprocess.run([flowsim, "serve", scenario, "--store", ":memory:"],
                   capture_output=True, text=True, timeout=60)
t.check("--store :memory: -> status 2, and how to keep none (no "
        "--no-store: serve has none)", r.returncode == 2 and
        ":memory:" in r.stderr and "leave out --store" in r.stderr and
        "--no-store" not in r.stderr, (r.returncode, r.stderr))

srv = Server(flowsim, scenario, "--threads", "2", "--store", db)
base = srv.wait_done(1)
t.check("first server: the base ran (nothing to resume)",
        base["state"] == "done" and base["resumed"] == 0, base)
setting = {OPEN: 0.9, CAP: 16}
st, r = srv.submit(setting)
snap = srv.wait_done(r["id"])
st, hd, first = srv.request("GET", "/api/runs/%d/result" % r["id"])
t.check("first server: the setting ran", snap["state"] == "done" and
        snap["resumed"] == 0 and st == 200, snap)
t.check("first server stops cleanly", srv.stop() == 0, "")

con = sqlite3.connect(db)
rows = con.execute("SELECT s.kind, s.name, m.label, m.params FROM studies s"
                   " JOIN study_experiments m ON m.study_id = s.id"
                   " ORDER BY m.position").fetchall()
con.close()
t.check("the store: one serve study, its member the setting",
        rows == [("serve", "levers-example", "setting 1",
                  '{"units.ward.escalation.open_at": 0.9, '
                  '"units.ward.capacity": 16}')], rows)

srv = Server(flowsim, scenario, "--threads", "2", "--store", db)
srv.wait_done(1)
srv.wait_done(2)
st, hist = srv.json("GET", "/api/history")
want = {OPEN: 0.9, CAP: 16}
t.check("restarted: the history has the setting again",
        st == 200 and [h["levers"] for h in hist][:1] == [want], hist)
st, s2 = srv.json("GET", "/api/runs/2")
t.check("restarted: the setting's replications all read back, none run",
        s2["state"] == "done" and s2["resumed"] == 4 and s2["done"] == 4,
        s2)
st, hd, again = srv.request("GET", "/api/runs/2/result")
t.check("restarted: its result is byte for byte the first server's",
        st == 200 and again == first, again[:200])
st, r = srv.submit(setting)
t.check("restarted: asking for the setting answers with that run",
        st == 202 and r["id"] == 2, (st, r))
t.check("second server stops cleanly", srv.stop() == 0, "")
sys.exit(t.end())
