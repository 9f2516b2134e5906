#!/usr/bin/env python3
"""Writes a results store as the SQL script that rebuilds it (a seed of
fuzz_store), like the sqlite3 shell's .dump but with every text that is
not plain printable UTF-8 written as CAST(X'..' AS TEXT), so that control
characters and invalid UTF-8 survive, and without PRAGMA (fuzz_store
refuses pragmas).

usage: dump_store.py STORE.db > STORE.sql"""
import math, sqlite3, sys

db = sqlite3.connect(sys.argv[1])
db.text_factory = bytes
out = sys.stdout

def text(b):
    try:
        s = b.decode("utf-8")
        if all(0x20 <= ord(c) < 0x7f or ord(c) > 0x9f for c in s):
            return "'" + s.replace("'", "''") + "'"
    except UnicodeDecodeError:
        pass
    return "CAST(X'%s' AS TEXT)" % b.hex()

def value(v, kind):
    if v is None:
        return "NULL"
    if kind == b"text":
        return text(v)
    if kind == b"blob":
        return "X'%s'" % v.hex()
    if kind == b"real":
        return repr(v) if math.isfinite(v) else ("1e999" if v > 0 else "-1e999")
    return str(v)

out.write("BEGIN TRANSACTION;\n")
tables = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite_%' ORDER BY rowid").fetchall()
for name, sql in tables:
    name = name.decode()
    out.write(sql.decode() + ";\n")
    cols = [r[1].decode() for r in db.execute("PRAGMA table_info(%s)" % name)]
    sel = ", ".join("%s, typeof(%s)" % (c, c) for c in cols)
    for row in db.execute("SELECT %s FROM %s" % (sel, name)):
        vals = [value(row[2 * i], row[2 * i + 1]) for i in range(len(cols))]
        out.write("INSERT INTO %s VALUES(%s);\n" % (name, ",".join(vals)))
for (sql,) in db.execute("SELECT sql FROM sqlite_master WHERE type IN"
                         " ('view', 'index') AND sql IS NOT NULL"):
    out.write(sql.decode() + ";\n")
out.write("COMMIT;\n")
