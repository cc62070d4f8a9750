"""Compares a peer's report files with callstat's CSV output, cell by cell.

Usage: python compare.py CALLSTAT_DIR PEER_DIR [--allow GROUPING:COLUMN]...

--allow names a column whose differences are a known callstat bug under
repair: they are printed as KNOWN DIFFERENCE and do not fail the check.

Both folders hold queue_interval.csv, agent.csv and total.csv (callstat's
`report --format csv` for --by queue,interval / agent / total). The peers
print at callstat's precision (seconds 3 decimals, ratios 6), so the cells
must be equal as text. Exits 1 with the first differences on a mismatch.
"""

import argparse
import csv
import os
import sys

NAMES = ["queue_interval", "agent", "total"]


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def compare(a_dir, b_dir, names, allowed=()):
    problems, known = [], []
    for name in names:
        ha, ra = load(os.path.join(a_dir, f"{name}.csv"))
        hb, rb = load(os.path.join(b_dir, f"{name}.csv"))
        if ha != hb:
            problems.append(f"{name}: header differs: {ha} vs {hb}")
            continue
        nkeys = {"queue_interval": 2, "agent": 1, "total": 0}[name]
        da = {tuple(r[:nkeys]): r for r in ra}
        db = {tuple(r[:nkeys]): r for r in rb}
        for k in sorted(set(da) - set(db)):
            problems.append(f"{name}: group {k} only in callstat's output")
        for k in sorted(set(db) - set(da)):
            problems.append(f"{name}: group {k} only in the peer's output")
        for k in sorted(set(da) & set(db)):
            for col, x, y in zip(ha, da[k], db[k]):
                if x != y:
                    diff = f"{name}: group {k} column {col}: callstat {x!r}, peer {y!r}"
                    (known if f"{name}:{col}" in allowed else problems).append(diff)
    return problems, known


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("callstat_dir")
    p.add_argument("peer_dir")
    p.add_argument("--allow", action="append", default=[], metavar="GROUPING:COLUMN")
    args = p.parse_args()
    a_dir, b_dir = args.callstat_dir, args.peer_dir
    problems, known = compare(a_dir, b_dir, NAMES, set(args.allow))
    if known:
        print(f"KNOWN DIFFERENCE between {a_dir} and {b_dir}: {len(known)} cells in "
              f"{', '.join(args.allow)} differ (allowed), e.g. {known[0]}", file=sys.stderr)
    if problems:
        print(f"MISMATCH between {a_dir} and {b_dir}: {len(problems)} differences", file=sys.stderr)
        for p in problems[:20]:
            print("  " + p, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
