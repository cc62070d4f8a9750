"""Converts a `callstat generate` CSV file to typed Parquet with polars'
streaming engine, in bounded memory: the column types of `callstat
generate -o X.parquet` (strings, UTC microsecond timestamps, integers, a
boolean), row groups of 262,144 rows. `callstat generate` builds a Parquet
file in memory (about 0.7 GB per million rows), so bench/run.sh makes the
opt-in 100M-row file this way.
    python bench/to_parquet.py IN.csv OUT.parquet
"""
import sys

import polars as pl

TS = pl.Datetime("us", "UTC")
SCHEMA = {
    "call_id": pl.String, "queue": pl.String, "agent": pl.String, "caller": pl.String,
    "direction": pl.String, "arrived_at": pl.String, "answered_at": pl.String, "ended_at": pl.String,
    "hold_s": pl.Int64, "acw_s": pl.Int64, "transferred": pl.Boolean, "csat": pl.Int64,
}


def main():
    src, dst = sys.argv[1], sys.argv[2]
    lf = pl.scan_csv(src, schema=SCHEMA).with_columns(
        pl.col(c).str.to_datetime(time_unit="us", time_zone="UTC") for c in ("arrived_at", "answered_at", "ended_at")
    )
    lf.sink_parquet(dst, row_group_size=262_144)


if __name__ == "__main__":
    main()
