"""Shared by the peer reports: the metric list, the output format and the
command line. The engines compute every metric themselves (sums and
sum-over-sum ratios as IEEE doubles, the same operations as callstat); this
module only writes the few thousand result rows in callstat's CSV format:
counts as integers, seconds with 3 decimals, ratios and the CSAT mean with 6,
an empty cell for an empty ratio.

The three groupings callstat's benchmark runs are written as three files in
the output folder, named like callstat's invocations:
  queue_interval.csv  (--by queue,interval: queue, interval_start, metrics)
  agent.csv           (--by agent: agent, metrics)
  total.csv           (--by total: metrics)
"""

import argparse
import csv
import datetime as dt
import os

# Default rules of callstat (seconds).
INTERVAL_S = 30 * 60
SHORT_ABANDON_S = 5
SL_THRESHOLD_S = 20
FCR_WINDOW_S = 24 * 3600
US = 1_000_000

# (metric id, decimals or None for a count), in callstat's column order.
METRICS = [
    ("offered", None),
    ("answered", None),
    ("abandoned", None),
    ("short_abandoned", None),
    ("abandon_rate", 6),
    ("asa_s", 3),
    ("aht_s", 3),
    ("service_level", 6),
    ("fcr_rate", 6),
    ("csat_avg", 6),
    ("csat_top2box", 6),
    ("csat_responses", None),
    ("transfer_rate", 6),
]
METRIC_IDS = [m for m, _ in METRICS]

GROUPINGS = {
    "queue_interval": ["queue", "interval_start"],
    "agent": ["agent"],
    "total": [],
}


def parse_args(engine):
    p = argparse.ArgumentParser(description=f"callstat's report metrics in {engine}")
    p.add_argument("file", help="canonical CDR file, .csv or .parquet")
    p.add_argument(
        "--mode",
        choices=["typed", "validated", "scan"],
        default="validated",
        help="typed: typed read, no row validation; validated: callstat's row "
        "validation and de-duplication; scan: count rows with every column parsed",
    )
    p.add_argument("--out", help="folder for queue_interval.csv, agent.csv, total.csv")
    return p.parse_args()


def interval_text(start_us):
    """An interval start (UTC microseconds) as callstat prints it for --tz UTC."""
    t = dt.datetime.fromtimestamp(start_us // US, tz=dt.timezone.utc)
    return t.isoformat()  # 2026-03-02T09:30:00+00:00


def cell(value, decimals):
    if value is None:
        return ""
    if decimals is None:
        return str(int(value))
    return f"{value:.{decimals}f}"


def write_grouping(out_dir, name, rows):
    """rows: dicts with the key columns (interval_start in UTC microseconds)
    and every metric id; written sorted by key like callstat."""
    keys = GROUPINGS[name]
    rows = sorted(rows, key=lambda r: tuple("" if r[k] is None else r[k] for k in keys))
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, f"{name}.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(keys + METRIC_IDS)
        for r in rows:
            key_cells = [interval_text(r[k]) if k == "interval_start" else r[k] for k in keys]
            w.writerow(key_cells + [cell(r[m], d) for m, d in METRICS])
