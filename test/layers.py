#!/usr/bin/env python3
"""The layers of the code, checked from its #include lines.

usage: layers.py SRCDIR

Every folder of C code under sim/, models/ and tools/ is one node; an
#include "..." in a file of folder A that resolves to a file of folder B
(B != A) is an edge A -> B.  The graph must have no cycle, and every edge
must go down the layers below: a folder may include what it sits on, and
what that sits on, and so on (LAYERS; tools/README.md quotes it, and each
folder's meson.build gives its library the same dependencies, so that
the build refuses the same includes).  A folder of C code missing from
LAYERS, an include that resolves to no file of the tree, or to several,
fails too, and so does a table of layers in tools/README.md that is not
LAYERS.  Then the check itself is checked: copies of the tree with a
wrong include (up the layers, by a path, in a cycle) must fail it.
Prints one line per check, TAP-like; exits 1 if any failed.
"""
import os
import re
import shutil
import sys
import tempfile

# What each folder sits on (its library's dependencies in meson): it may
# include these and, through them, everything they sit on.
LAYERS = {
    "sim": [],                       # the engine
    "models": ["sim"],               # the health system
    "tools/write": [],                 # the output languages, atomic files
    "tools/load": ["models", "tools/write"],   # the scenario language
    "tools/exp": ["tools/load"],     # experiments, store, their outputs
    "tools/finance": ["tools/exp"],  # costs and benefits
    "tools/mpi": ["tools/exp"],      # the MPI executor
    "tools/report": ["tools/finance"],       # reports of the store
    "tools/serve": ["tools/exp"],    # the what-if page's web server
    "tools/fit": ["tools/exp"],      # inputs fitted to data, calibration
    "tools": ["tools/report", "tools/mpi", "tools/serve", "tools/fit"],  # flowsim
    "tools/bench": ["tools/exp"],    # flowsim-bench
}

# Headers the build generates (not in the tree): anyone may include them.
GENERATED = {"flowsim_config.h"}

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)


def closure(layers):
    """Every folder a folder may include, directly or through others."""
    below = {}

    def walk(f, seen):
        for g in layers.get(f, []):
            if g not in seen:
                seen.add(g)
                walk(g, seen)
        return seen

    for f in layers:
        below[f] = walk(f, set())
    return below


def sources(root):
    """The C files of sim/, models/ and tools/, by folder."""
    out = {}
    for top in ("sim", "models", "tools"):
        for d, dirs, files in os.walk(os.path.join(root, top)):
            dirs.sort()
            rel = os.path.relpath(d, root)
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    out.setdefault(rel, []).append(f)
    return out


def resolve(root, folder, name, by_base):
    """The folder of the file that `#include "name"` in folder names: the
    including file's own folder first (as the compiler looks), else the
    one file of the tree with that name.  (folder or None, why)."""
    own = os.path.normpath(os.path.join(root, folder, name))
    if os.path.isfile(own):
        return os.path.relpath(os.path.dirname(own), root), None
    if "/" in name:
        return None, "a path that names no file: " + name
    where = by_base.get(name, [])
    if len(where) == 1:
        return where[0], None
    if not where:
        return None, "no file of the tree is " + name
    return None, "%s is in several folders: %s" % (name, ", ".join(where))


def graph(root):
    """The folder-level include graph: {A: {B: [file including B]}}, and
    the includes that resolved to nothing."""
    src = sources(root)
    by_base = {}
    for folder, files in src.items():
        for f in files:
            if f.endswith(".h"):
                by_base.setdefault(f, []).append(folder)
    edges, bad = {}, []
    for folder, files in src.items():
        edges.setdefault(folder, {})
        for f in files:
            path = os.path.join(root, folder, f)
            with open(path, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
            for name in INCLUDE.findall(text):
                if name in GENERATED:
                    continue
                to, why = resolve(root, folder, name, by_base)
                if to is None:
                    bad.append("%s/%s: #include \"%s\": %s" %
                               (folder, f, name, why))
                elif to != folder:
                    edges[folder].setdefault(to, []).append(f)
    return edges, bad


def find_cycle(edges):
    """A cycle of folders as a list (first == last), or None."""
    state = {}

    def dfs(a, path):
        state[a] = 1
        path.append(a)
        for b in sorted(edges.get(a, {})):
            if state.get(b) == 1:
                return path[path.index(b):] + [b]
            if not state.get(b):
                c = dfs(b, path)
                if c:
                    return c
        path.pop()
        state[a] = 2
        return None

    for a in sorted(edges):
        if not state.get(a):
            c = dfs(a, [])
            if c:
                return c
    return None


def documented(root):
    """The table of tools/README.md: {folder: [what it sits on]}."""
    rows = {}
    path = os.path.join(root, "tools", "README.md")
    if not os.path.isfile(path):
        return rows
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cells = [c.strip() for c in line.split("|")]
            if len(cells) < 5 or not cells[1].startswith("`"):
                continue
            folder = cells[1].strip("`").rstrip("/")
            rows[folder] = sorted(re.findall(r"`([^`]+)`", cells[3]))
    return rows


def check(root, say):
    """Checks the tree at root; say(ok, line) for each check.  Returns the
    number failed."""
    failed = 0

    def result(ok, line):
        nonlocal failed
        failed += not ok
        say(ok, line)

    edges, bad = graph(root)
    result(not bad, "every #include \"...\" names one file of the tree" +
           "".join("\n    " + b for b in bad))
    unknown = sorted(set(edges) - set(LAYERS))
    result(not unknown, "every folder of C code is a layer" +
           "".join("\n    %s is in no layer (LAYERS)" % u for u in unknown))
    gone = sorted(set(LAYERS) - set(edges))
    result(not gone, "every layer is a folder of C code" +
           "".join("\n    %s has no C files" % g for g in gone))
    cycle = find_cycle(edges)
    result(cycle is None, "the folders include each other in no cycle" +
           ("\n    " + " -> ".join(cycle) if cycle else ""))
    doc = documented(root)
    differ = sorted(f for f in set(doc) | set(LAYERS)
                    if doc.get(f) != sorted(LAYERS.get(f, [])))
    result(not differ, "tools/README.md's table of layers is LAYERS" +
           "".join("\n    %s: README %s, LAYERS %s" %
                   (f, doc.get(f), sorted(LAYERS.get(f, [])))
                   for f in differ))
    below = closure(LAYERS)
    wrong = []
    for a in sorted(edges):
        for b in sorted(edges[a]):
            if a in below and b not in below[a]:
                wrong.append("%s -> %s (%s)" %
                             (a, b, ", ".join(sorted(set(edges[a][b])))))
    result(not wrong, "every include goes down the layers" +
           "".join("\n    %s: not below it" % w for w in wrong))
    return failed


def say_tap(ok, line):
    print(("ok - " if ok else "not ok - ") + line)


def self_test(root):
    """A copy of the tree with a wrong include, once going up the layers
    and once making a cycle: each must fail the check."""
    failed = 0
    cases = [
        ("tools/load/load.c", '#include "runner.h"\n',
         "the scenario language including the experiment layer"),
        ("models/network.c", '#include "../tools/write/text.h"\n',
         "the model including a tool by its path"),
        ("sim/sim.c", '#include "network.h"\n',
         "the engine including the model (a cycle)"),
    ]
    for path, line, what in cases:
        with tempfile.TemporaryDirectory() as tmp:
            for top in ("sim", "models", "tools"):
                shutil.copytree(os.path.join(root, top),
                                os.path.join(tmp, top))
            with open(os.path.join(tmp, path), "a") as fh:
                fh.write(line)
            n = check(tmp, lambda ok, line: None)
            ok = n > 0
            failed += not ok
            say_tap(ok, "fails on %s (%s)" % (what, line.strip()))
    return failed


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.getcwd()
    failed = check(root, say_tap) + self_test(root)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
