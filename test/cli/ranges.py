#!/usr/bin/env python3
"""Every CI bound of `flowsim run --format json` output lies within its
KPI's natural range (models/kpis.h, kpi_kind_range): a share in [0, 1], a
percentage in [0, 100], anything else measured in patients, beds, days,
hours, weeks, spells or GBP not below zero.  Usage: ranges.py FILE.json...
Prints each bound out of range; exits 1 when there is one."""
import json
import math
import sys

RANGES = {"share": (0, 1), "percent": (0, 100)}
NON_NEGATIVE = {"patients", "beds", "day", "days", "hours", "weeks",
                "spells", "GBP", "ratio"}


def main(files):
    bad = 0
    for path in files:
        with open(path) as f:
            doc = json.load(f)
        for name, k in doc["kpis"].items():
            unit = k.get("unit")
            if unit in RANGES:
                lo, hi = RANGES[unit]
            elif unit in NON_NEGATIVE:
                lo, hi = 0, math.inf
            else:
                continue
            for b in k["ci95"]:
                if b is not None and not lo <= b <= hi:
                    print(f"{path}: {name}: {b} outside [{lo}, {hi}]")
                    bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
