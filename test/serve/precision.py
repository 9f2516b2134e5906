#!/usr/bin/env python3
"""flowsim serve --precision P%: a setting's replications stop once its
headline KPIs are precise enough, --replications the cap.

Checked (test/serve/levers.yaml, cap 40): at 50% the base stops after
its first round of 4 replications, its result byte for byte `flowsim run
--replications 4`, its snapshot and its event stream saying it stopped
for precision; at 0.01% it runs to the cap and says so; a --precision
that is not a percentage is refused.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Server, Tap, flowsim_run_json  # noqa: E402

flowsim, src = sys.argv[1], sys.argv[2]
scenario = os.path.join(src, "test/serve/levers.yaml")
t = Tap()

for bad in ["5", "0%", "100%", "x%"]:
    r = subprocess.run([flowsim, "serve", scenario, "--precision", bad],
                       capture_output=True, text=True, timeout=60)
    t.check("--precision %s -> status 2" % bad, r.returncode == 2 and
            "--precision: expected a percentage" in r.stderr, r.stderr)

srv = Server(flowsim, scenario, "--replications", "40", "--precision", "50%",
             "--threads", "2")
b = srv.wait_done(1)
t.check("50%: the base stops after its first round, 4 of 40",
        b["state"] == "done" and b["done"] == 4 and b["replications"] == 40,
        b)
t.check("50%: the snapshot says precision was reached",
        (b["stopped"] or "").startswith("precision reached after 4 "
                                        "replications: the least precise "
                                        "headline KPI, ") and
        "(target 50%)" in b["stopped"], b["stopped"])
st, hd, body = srv.request("GET", "/api/runs/1/result")
t.check("50%: the result == flowsim run --replications 4 (byte for byte)",
        st == 200 and body == flowsim_run_json(flowsim, scenario, {},
                                               "--replications", "4"),
        body[:200])
st, hd, ev = srv.request("GET", "/api/runs/1/events")
t.check("50%: the event stream's last snapshot says why it stopped",
        st == 200 and b'"stopped": "precision reached after 4' in
        ev.split(b"event: snapshot")[-1], ev[-400:])
srv.stop()

srv = Server(flowsim, scenario, "--replications", "40", "--precision",
             "0.01%", "--threads", "2")
b = srv.wait_done(1)
t.check("0.01%: the base runs to the cap, 40, and says so",
        b["done"] == 40 and (b["stopped"] or "").startswith(
            "replication cap reached after 40 replications"), b)
srv.stop()
sys.exit(t.end())
