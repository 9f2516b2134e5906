"""Starting and stopping `flowsim serve` for the tests, and plain HTTP
requests to it (the standard library only)."""
import http.client
import json
import os
import re
import signal
import subprocess
import time


class Server:
    """flowsim serve on a free loopback port; stop() ends it with SIGTERM
    and returns its exit status."""

    def __init__(self, flowsim, scenario, *args):
        self.proc = subprocess.Popen(
            [flowsim, "serve", scenario, "--listen", "127.0.0.1:0"] +
            list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.proc.kill()
            raise RuntimeError("serve did not start: %r %s" %
                               (line, self.proc.stderr.read()))
        self.port = int(m.group(1))
        self.host = "127.0.0.1:%d" % self.port

    def request(self, method, path, body=None, headers=None, timeout=20):
        """(status, headers dict with lower-case names, body bytes)."""
        c = http.client.HTTPConnection("127.0.0.1", self.port,
                                       timeout=timeout)
        h = {"Content-Type": "application/json"} if body is not None \
            else {}
        h.update(headers or {})
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        hd = {k.lower(): v for k, v in r.getheaders()}
        c.close()
        return r.status, hd, data

    def json(self, method, path, body=None, headers=None):
        st, hd, data = self.request(method, path, body, headers)
        return st, json.loads(data)

    def submit(self, levers):
        return self.json("POST", "/api/runs", json.dumps({"levers": levers}))

    def wait_done(self, run_id, limit=300):
        """The run's last snapshot once it will change no more."""
        end = time.time() + limit
        while time.time() < end:
            st, snap = self.json("GET", "/api/runs/%d" % run_id)
            if st == 200 and snap["state"] not in ("queued", "running"):
                return snap
            time.sleep(0.1)
        raise RuntimeError("run %d did not finish" % run_id)

    def alive(self):
        return self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=60):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None
        self.stderr = self.proc.stderr.read()
        return rc


class Tap:
    """One TAP-like line per check, and the closing count."""

    def __init__(self):
        self.passed = self.failed = 0

    def check(self, name, ok, detail=""):
        print(("ok - " if ok else "not ok - ") + name +
              ("" if ok else "  " + str(detail)[:800]), flush=True)
        if ok:
            self.passed += 1
        else:
            self.failed += 1

    def end(self):
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 1 if self.failed else 0


def flowsim_run_json(flowsim, scenario, sets, *args):
    """`flowsim run --format json` of the scenario with --set sets."""
    cmd = [flowsim, "run", scenario, "--no-store", "-q", "--format", "json"]
    for k, v in sets.items():
        cmd += ["--set", "%s=%s" % (k, v)]
    return subprocess.run(cmd + list(args), capture_output=True,
                          check=True, env=dict(os.environ)).stdout
