#!/usr/bin/env python3
"""flowsim serve with declared levers (a scenario's levers: section) and
with derived ones (a scenario without it).

Checked: /api/levers gives the declared levers exactly (keys, labels,
units, groups, ranges, steps, lists, defaults); a fractional value inside
a fractional range is accepted and runs to the bytes of flowsim run
--set; a value of a list lever that is not in its list, and a fraction
of a whole-number lever, are refused (400); the overlay of a setting
nests both levers and runs to the same bytes; a scenario without
levers: gets its units' capacities as before.
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Server, Tap, flowsim_run_json  # noqa: E402

flowsim, src = sys.argv[1], sys.argv[2]
scenario = os.path.join(src, "test/serve/levers.yaml")
OPEN = "units.ward.escalation.open_at"
CAP = "units.ward.capacity"
t = Tap()

srv = Server(flowsim, scenario, "--threads", "2")
st, lv = srv.json("GET", "/api/levers")
t.check("declared levers, exactly", st == 200 and lv["levers"] == [
    {"key": OPEN, "group": "Escalation", "label": "Escalation opens at",
     "unit": "", "min": 0.85, "max": 1, "step": 0.05, "base": 0.95},
    {"key": CAP, "group": "levers", "label": "Ward beds", "unit": "beds",
     "min": 8, "max": 16, "step": 0, "base": 12, "values": [8, 12, 16]}],
    lv)
srv.wait_done(1)
setting = {OPEN: 0.9, CAP: 16}
st, r = srv.submit(setting)
t.check("a fractional value and a listed value: accepted (202)",
        st == 202, (st, r))
snap = srv.wait_done(r["id"])
st, hd, body = srv.request("GET", "/api/runs/%d/result" % r["id"])
want = flowsim_run_json(flowsim, scenario, setting)
t.check("the setting's result == flowsim run --set (byte for byte)",
        snap["state"] == "done" and body == want, (snap["state"], body[:200]))
st, hd, ov = srv.request("GET", "/api/runs/%d/overlay.yaml" % r["id"])
t.check("the overlay nests both levers under the unit", ov == (
    b'# a setting of flowsim serve: run it with flowsim run FILE\n'
    b'{"extends": "levers.yaml",\n'
    b' "units": {"ward": {"capacity": 16,\n'
    b' "escalation": {"open_at": 0.9}}}}\n'), ov)
tmp = tempfile.mkdtemp()
os.symlink(scenario, os.path.join(tmp, "levers.yaml"))
with open(os.path.join(tmp, "setting.yaml"), "wb") as f:
    f.write(ov)
ran = subprocess.run([flowsim, "run", os.path.join(tmp, "setting.yaml"),
                      "--no-store", "-q", "--format", "json"],
                     capture_output=True)
t.check("the overlay runs to the same bytes", ran.returncode == 0 and
        ran.stdout == want, ran.stderr[:300])
for name, lev, word in [
        ("a value not in the list", {CAP: 10},
         "outside its values 8 to 16"),
        ("above a fractional range", {OPEN: 1.01},
         "outside its range 0.85 to 1"),
        ("not a lever of the declared ones", {"units.ward.escalation.beds": 5},
         "unknown lever")]:
    st, r = srv.submit(lev)
    t.check("refused: %s -> 400 '%s'" % (name, word), st == 400 and
            word in r["error"], (st, r))
t.check("stops cleanly", srv.stop() == 0, srv.proc.returncode)
ran = subprocess.run([flowsim, "run", scenario, "--no-store", "-q", "--set",
                      CAP + "=30"], capture_output=True, text=True)
t.check("a --set outside a lever's range still runs (levers never stop "
        "a run)", ran.returncode == 0, ran.stderr[:300])

plain = Server(flowsim, os.path.join(src, "test/load/good/erlang.yaml"),
               "--replications", "2")
st, lv = plain.json("GET", "/api/levers")
t.check("no levers: section: the unit's capacity, 6..24 by 1, base 12",
        [(x["key"], x["min"], x["max"], x["step"], x["base"])
         for x in lv["levers"]] == [(CAP, 6, 24, 1, 12)], lv)
plain.stop()
sys.exit(t.end())
