#!/usr/bin/env python3
"""Independent re-computation of callstat's default metrics per queue, for a
clean canonical CSV (no validation: every row must be valid). Standard
library only. Prints CSV in callstat's `--by queue --format csv --totals`
shape so the two can be diffed:

    python3 scripts/crosscheck.py sample-data/calls.csv > /tmp/py.csv
    callstat report sample-data/calls.csv --format csv --totals > /tmp/cs.csv
    diff /tmp/py.csv /tmp/cs.csv
"""
import csv
import sys
from bisect import bisect_right
from collections import defaultdict
from datetime import datetime, timezone


def ts(s):
    s = s.strip().replace(" ", "T")
    if s.endswith("Z") or s.endswith("z"):
        s = s[:-1] + "+00:00"
    d = datetime.fromisoformat(s)
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return d.timestamp()


def main(path, short_s=5, sl_s=20, window_s=86400):
    rows = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if (r.get("direction") or "").strip().lower() == "outbound":
                continue
            rows.append(r)
    arrivals = defaultdict(list)
    for r in rows:
        if r["caller"].strip():
            arrivals[r["caller"].strip()].append(ts(r["arrived_at"]))
    for v in arrivals.values():
        v.sort()
    groups = defaultdict(lambda: defaultdict(float))
    for r in rows:
        for key in (r["queue"].strip(), None):
            g = groups[key]
            arr, end = ts(r["arrived_at"]), ts(r["ended_at"])
            ans = ts(r["answered_at"]) if r["answered_at"].strip() else None
            wait = (ans if ans is not None else end) - arr
            g["offered"] += 1
            if ans is None:
                g["abandoned"] += 1
                if wait < short_s:
                    g["short"] += 1
            else:
                g["answered"] += 1
                g["wait"] += wait
                g["handle"] += (end - ans) + int(r["acw_s"] or 0)
                if wait <= sl_s:
                    g["in_sl"] += 1
                if (r["transferred"] or "").strip().lower() == "true":
                    g["transferred"] += 1
                caller = r["caller"].strip()
                if caller:
                    g["fcr_n"] += 1
                    a = arrivals[caller]
                    i = bisect_right(a, arr)
                    if i == len(a) or a[i] - arr > window_s:
                        g["fcr_ok"] += 1
            if r["csat"].strip():
                c = int(r["csat"])
                g["csat_n"] += 1
                g["csat_sum"] += c
                if c >= 4:
                    g["top2"] += 1

    def ratio(n, d, dp=6):
        return "" if d == 0 else f"{n / d:.{dp}f}"

    print("queue,offered,answered,abandoned,short_abandoned,abandon_rate,asa_s,aht_s,service_level,"
          "fcr_rate,csat_avg,csat_top2box,csat_responses,transfer_rate")
    keys = sorted(k for k in groups if k is not None) + [None]
    for k in keys:
        g = groups[k]
        print(",".join([
            "TOTAL" if k is None else k,
            str(int(g["offered"])), str(int(g["answered"])), str(int(g["abandoned"])), str(int(g["short"])),
            ratio(g["abandoned"] - g["short"], g["offered"] - g["short"]),
            ratio(g["wait"], g["answered"], 3), ratio(g["handle"], g["answered"], 3),
            ratio(g["in_sl"], g["offered"] - g["short"]), ratio(g["fcr_ok"], g["fcr_n"]),
            ratio(g["csat_sum"], g["csat_n"]), ratio(g["top2"], g["csat_n"]), str(int(g["csat_n"])),
            ratio(g["transferred"], g["answered"]),
        ]))


if __name__ == "__main__":
    main(sys.argv[1])
