#!/usr/bin/env python3
"""flowsim schema against the loader, with a real JSON Schema validator.

usage: schema.py FLOWSIM SRCDIR

1. `flowsim schema` is a valid draft 2020-12 schema.
2. Every YAML file of scenarios/ and test/ that `flowsim check` accepts
   validates against it (the schema refuses nothing the loader accepts).
3. A sample of the loader's bad-input corpus (test/load/bad) whose
   error the schema can express -- an unknown key, a wrong type, a name
   not in a list, a number out of range -- fails validation, at the
   key the loader names or a map above it.
Exits 77 (skipped) without python3-jsonschema or python3-yaml.
Prints TAP-like lines; exits 1 if any check failed.
"""
import json
import os
import subprocess
import sys

try:
    import jsonschema
    import yaml
except ImportError:
    print("1..0 # SKIP python3-jsonschema or python3-yaml missing")
    sys.exit(77)

# Bad inputs the schema can express: each must fail it.  (A capacity of
# 0 is not one: it is right for a unit whose places are all in a shared
# pool, which a schema of the unit alone cannot tell.)
EXPRESSIBLE = [
    "capcity.yaml", "iv_kind_typo.yaml", "unknown_top.yaml",
    "ambulance_bool.yaml", "capacity_float.yaml",
    "capacity_negative.yaml", "capacity_huge.yaml", "description_map.yaml",
    "unknown_dist.yaml", "weekly_len.yaml", "role_unknown.yaml",
    "when_full_typo.yaml", "horizon_no_unit.yaml", "rate_no_per.yaml",
    "replications_huge.yaml", "max_events_zero.yaml", "open_hours_day.yaml",
    "seed_negative.yaml", "initial_negative.yaml",
]


class Loader(yaml.SafeLoader):
    """YAML as the loader reads it: dates stay text (JSON has none)."""


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}

results = []


def check(ok, what):
    results.append(ok)
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), what))


def deep(errors):
    """The errors and, under an anyOf, the errors of each branch."""
    for e in errors:
        yield e
        yield from deep(e.context or [])


def main():
    flowsim, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    out = subprocess.run([flowsim, "schema"], capture_output=True, check=False)
    schema = json.loads(out.stdout)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
        check(out.returncode == 0, "flowsim schema is a draft 2020-12 schema")
    except jsonschema.SchemaError as e:
        check(False, "flowsim schema is a draft 2020-12 schema: %s" % e)
    v = jsonschema.Draft202012Validator(schema)
    files = []
    for top in ("scenarios", "test"):
        for d, dirs, names in os.walk(os.path.join(src, top)):
            dirs.sort()
            files += [os.path.join(d, n) for n in sorted(names)
                      if n.endswith(".yaml")]
    accepted = 0
    for f in files:
        if subprocess.run([flowsim, "check", f], capture_output=True,
                          cwd=os.path.dirname(f)).returncode != 0:
            continue
        accepted += 1
        with open(f, encoding="utf-8-sig") as fh:
            doc = yaml.load(fh, Loader=Loader)
        errs = ["%s: %s" % (".".join(map(str, e.absolute_path)), e.message)
                for e in v.iter_errors(doc)]
        check(not errs, "%s (accepted by the loader) validates%s" % (
            os.path.relpath(f, src), "" if not errs else ": " + errs[0][:300]))
    check(accepted >= 20, "%d files the loader accepts were checked" % accepted)
    bad = os.path.join(src, "test", "load", "bad")
    for name in EXPRESSIBLE:
        f = os.path.join(bad, name)
        with open(f, encoding="utf-8") as fh:
            text = fh.read()
        want = text.split("\n", 1)[0].split(": ", 3)[2]   # the key path
        rc = subprocess.run([flowsim, "check", f], capture_output=True,
                            cwd=src).returncode
        doc = yaml.load(text, Loader=Loader)
        paths = sorted({".".join(map(str, e.absolute_path))
                        for e in deep(v.iter_errors(doc))}, key=len)[::-1]
        # Arrivals and interventions are lists: the loader names them by
        # their name, the validator by their index.
        named = [p for p in paths if p == "" or want == p or
                 want.startswith(p + ".") or
                 (p.split(".")[0] in ("arrivals", "interventions") and
                  want.split(".")[0] == p.split(".")[0])]
        check(rc == 2 and named, "bad/%s: refused by the loader and the "
              "schema (loader: %s; schema: %s)" % (name, want, paths[:3]))
    print("1..%d" % len(results))
    return 0 if all(results) else 1


sys.exit(main())
