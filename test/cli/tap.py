"""tap.py -- what the Python end-to-end tests (test/cli/*.py) share: a
TAP line per check, the count of failed ones and the exit status from it,
and the KPIs of a `flowsim run` read back from its JSON."""
import json
import subprocess
import sys

_failed = 0


def check(name, ok):
    """Prints the check's TAP line; counts it when it failed."""
    global _failed
    print(("ok - " if ok else "not ok - ") + name)
    _failed += 0 if ok else 1


def done():
    """Says how many checks failed and exits 1 if any did, else 0."""
    print(f"{_failed} failed")
    sys.exit(1 if _failed else 0)


def run_kpis(flowsim, path, *extra):
    """The KPIs (name -> figures) of `flowsim run PATH --no-store -q
    --format json EXTRA...`; exits with flowsim's stderr if it fails."""
    out = subprocess.run([flowsim, "run", path, "--no-store", "-q",
                          "--format", "json", *extra],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("flowsim failed: " + out.stderr)
    return json.loads(out.stdout)["kpis"]
