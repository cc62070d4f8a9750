"""callstat's report metrics written with polars (lazy, streaming engine),
as a user who does not pick callstat would: per (queue, 30-minute interval),
per agent and in total, the three group-bys collected together so the scan,
validation and FCR step are shared.

  --mode typed      typed read (timestamps, integers, booleans), no row
                    validation, no de-duplication
  --mode validated  every cell read as text and checked with callstat's
                    rules (README "Validity"); the first valid row of a
                    call_id wins; invalid rows are left out
  --mode scan       the floor: count rows with every column parsed

Usage: python polars_report.py FILE [--mode M] [--out DIR]
"""

import polars as pl

from common import FCR_WINDOW_S, INTERVAL_S, SHORT_ABANDON_S, SL_THRESHOLD_S, US, parse_args, write_grouping

COLS = ["call_id", "queue", "agent", "caller", "direction", "arrived_at", "answered_at", "ended_at",
        "hold_s", "acw_s", "transferred", "csat"]
TS_COLS = ["arrived_at", "answered_at", "ended_at"]
TYPED = {
    "call_id": pl.String, "queue": pl.String, "agent": pl.String, "caller": pl.String,
    "direction": pl.String,
    "arrived_at": pl.Datetime("us", "UTC"), "answered_at": pl.Datetime("us", "UTC"),
    "ended_at": pl.Datetime("us", "UTC"),
    "hold_s": pl.Int64, "acw_s": pl.Int64, "transferred": pl.Boolean, "csat": pl.Int64,
}
NO_NEXT = 2**63 - 1
MAX_SECONDS = (2**63 - 1) // US
# RFC 3339 as callstat accepts it: date, T/t/space, time, a fraction of 1..9
# digits (truncated to microseconds), then Z, +HH:MM, +HHMM, +HH or nothing
# (no offset = --input-tz, UTC by default).
TS_RE = (
    r"^(?P<d>\d{4}-\d{2}-\d{2})[Tt ](?P<t>(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d)(?:\.(?P<f>\d{1,9}))?"
    r"(?P<o>[Zz]|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?$"
)
INT_RE = r"^[+-]?[0-9]+$"


def typed_frame(path):
    if path.endswith(".csv"):
        # Timestamps read as text and parsed with the export's one fixed
        # format: polars' fast path, four times faster here than a Datetime
        # schema in scan_csv. Strict: another format is an error, not a null.
        schema = {c: (pl.String if c in TS_COLS else t) for c, t in TYPED.items()}
        return pl.scan_csv(path, schema=schema).with_columns(
            pl.col(c).str.to_datetime("%Y-%m-%dT%H:%M:%SZ", time_unit="us", time_zone="UTC") for c in TS_COLS)
    return pl.scan_parquet(path)


def calls_typed(path):
    lf = typed_frame(path)
    return lf.filter(pl.col("direction").str.to_lowercase().fill_null("") != "outbound").select(
        "queue", "agent", "caller",
        *[pl.col(c).dt.epoch("us").alias(n) for c, n in zip(TS_COLS, ["arr", "ans", "ended"])],
        "acw_s", "transferred", "csat",
    )


def cell(c):
    """A cell as callstat sees it: trimmed, and empty means missing."""
    s = pl.col(c).str.strip_chars()
    return pl.when(s != "").then(s)


def ts_us(c):
    """Text timestamp to microseconds since the epoch (UTC); null when it is
    not a timestamp callstat accepts."""
    m = cell(c).str.extract_groups(TS_RE)
    d, t, f, o = (m.struct.field(k) for k in "dtfo")
    naive = (d + " " + t).str.strptime(pl.Datetime("us"), "%Y-%m-%d %H:%M:%S", strict=False).dt.epoch("us")
    frac = f.str.slice(0, 6).str.pad_end(6, "0").cast(pl.Int64).fill_null(0)
    sign = pl.when(o.str.starts_with("-")).then(-1).otherwise(1)
    minutes = pl.when(o.str.len_bytes() > 3).then(o.str.slice(-2).cast(pl.Int64)).otherwise(0)
    offset = (pl.when(o.is_null() | o.is_in(["Z", "z"])).then(0)
              .otherwise(sign * (o.str.slice(1, 2).cast(pl.Int64, strict=False) * 3600 + minutes * 60) * US))
    return naive + frac - offset


def whole(c, lo, hi):
    s = cell(c)
    return s.is_null() | (s.str.contains(INT_RE) & s.cast(pl.Int64, strict=False).is_between(lo, hi)).fill_null(False)


def field_counts_ok(path):
    """polars' CSV reader pads short rows and (with truncate_ragged_lines)
    cuts long ones without saying so; callstat counts both invalid
    (field_count). So the lines are read a second time, quoted sections
    removed, and the commas counted: 11 for the 12 canonical columns."""
    lines = pl.scan_csv(path, has_header=False, separator="\x1f", quote_char=None,
                        schema={"line": pl.String}, skip_rows=1)
    return lines.select(
        (pl.col("line").str.replace_all(r'"[^"]*"', "").str.count_matches(",", literal=True) == 11)
        .alias("fields_ok"))


def calls_validated(path):
    if path.endswith(".csv"):
        text = pl.scan_csv(path, has_header=False, skip_rows=1, schema={c: pl.String for c in COLS},
                           truncate_ragged_lines=True, missing_columns="insert")
        text = pl.concat([text, field_counts_ok(path)], how="horizontal")
        typed = False
    else:
        text = pl.scan_parquet(path).with_columns(fields_ok=pl.lit(True))
        typed = text.collect_schema()["arrived_at"] != pl.String
    lf = text.with_row_index("rn")
    if typed:
        parsed = lf.with_columns(
            *[pl.col(c).dt.epoch("us").alias(n) for c, n in zip(TS_COLS, ["arr", "ans", "ended"])],
            ans_given=pl.col("answered_at").is_not_null(),
            hold_ok=pl.col("hold_s").is_null() | (pl.col("hold_s") >= 0),
            acw_ok=pl.col("acw_s").is_null() | (pl.col("acw_s") >= 0),
            transferred_ok=pl.lit(True),
            csat_ok=pl.col("csat").is_null() | pl.col("csat").is_between(1, 5),
        )
    else:
        tr = cell("transferred").str.to_lowercase()
        parsed = lf.with_columns(
            *[ts_us(c).alias(n) for c, n in zip(TS_COLS, ["arr", "ans", "ended"])],
            ans_given=cell("answered_at").is_not_null(),
            hold_ok=whole("hold_s", 0, MAX_SECONDS),
            acw_ok=whole("acw_s", 0, MAX_SECONDS),
            transferred_ok=tr.is_null() | tr.is_in(["true", "false"]),
            csat_ok=whole("csat", 1, 5),
            acw_s=cell("acw_s").cast(pl.Int64, strict=False),
            transferred=tr == "true",
            csat=cell("csat").cast(pl.Int64, strict=False),
        )
    direction = cell("direction").str.to_lowercase()
    valid = parsed.with_columns(
        call_id=cell("call_id"), queue=cell("queue"), agent=cell("agent"), caller=cell("caller"),
        direction=direction,
    ).filter(
        pl.col("fields_ok"),
        pl.col("call_id").is_not_null(), pl.col("queue").is_not_null(),
        pl.col("direction").is_null() | pl.col("direction").is_in(["inbound", "outbound"]),
        pl.col("arr").is_not_null(), pl.col("ended").is_not_null(), pl.col("arr") <= pl.col("ended"),
        ~pl.col("ans_given") | pl.col("ans").is_between(pl.col("arr"), pl.col("ended")).fill_null(False),
        pl.col("hold_ok"), pl.col("acw_ok"), pl.col("transferred_ok"), pl.col("csat_ok"),
    )
    # The first valid row of a call_id (in file order) is kept.
    return (valid.unique(subset="call_id", keep="first", maintain_order=False)
            .filter(pl.col("direction").fill_null("") != "outbound")
            .select("queue", "agent", "caller", "arr", "ans", "ended", "acw_s", "transferred", "csat"))


def per_call(calls):
    """Per-row quantities; FCR: the caller's next strictly later inbound
    contact (any queue, answered or not), found on the rows sorted by
    (caller, arrival); a tie takes the value of the last row of its run."""
    same = pl.col("caller").shift(-1) == pl.col("caller")
    later = pl.col("arr").shift(-1) > pl.col("arr")
    next_arrival = (pl.when(same & later).then(pl.col("arr").shift(-1))
                    .when(same).then(None)
                    .otherwise(NO_NEXT)
                    .fill_null(strategy="backward"))
    answered = pl.col("ans").is_not_null()
    wait = pl.coalesce("ans", "ended") - pl.col("arr")
    ivl = INTERVAL_S * US
    return (calls.sort(["caller", "arr"], nulls_last=True)
            .with_columns(next_arrival=next_arrival, wait=wait)
            .with_columns(
                interval_start=pl.col("arr") // ivl * ivl,
                answered=answered,
                short=~answered & (pl.col("wait") < SHORT_ABANDON_S * US),
                eligible=answered & pl.col("caller").is_not_null(),
            )
            .with_columns(
                in_sl=pl.col("answered") & (pl.col("wait") <= SL_THRESHOLD_S * US),
                resolved=pl.col("eligible") & ((pl.col("next_arrival") == NO_NEXT)
                                               | (pl.col("next_arrival") - pl.col("arr") > FCR_WINDOW_S * US)),
                wait_answered=pl.when(answered).then(pl.col("wait")).otherwise(0),
                handle=pl.when(answered).then(pl.col("ended") - pl.col("ans") + pl.col("acw_s").fill_null(0) * US)
                .otherwise(0),
                transferred_answered=answered & pl.col("transferred").fill_null(False),
            ))


def ratio(n, d):
    return pl.when(d != 0).then(n.cast(pl.Float64) / d.cast(pl.Float64))


def metrics():
    c = pl.col
    offered = pl.len()
    answered = c("answered").sum()
    short = c("short").sum()
    abandoned = offered - answered
    csat_n = c("csat").count()
    return [
        offered.alias("offered"),
        answered.alias("answered"),
        abandoned.alias("abandoned"),
        short.alias("short_abandoned"),
        ratio(abandoned - short, offered - short).alias("abandon_rate"),
        # Means in microseconds; divided by 1e6 in Python (see main).
        ratio(c("wait_answered").sum(), answered).alias("asa_s"),
        ratio(c("handle").sum(), answered).alias("aht_s"),
        ratio(c("in_sl").sum(), offered - short).alias("service_level"),
        ratio(c("resolved").sum(), c("eligible").sum()).alias("fcr_rate"),
        ratio(c("csat").sum(), csat_n).alias("csat_avg"),
        ratio((c("csat") >= 4).sum(), csat_n).alias("csat_top2box"),
        csat_n.alias("csat_responses"),
        ratio(c("transferred_answered").sum(), answered).alias("transfer_rate"),
    ]


def main():
    args = parse_args("polars")
    if args.mode == "scan":
        lf = typed_frame(args.file)
        n = lf.select(pl.len(), *[pl.col(c).count() for c in COLS]).collect(engine="streaming")
        print(f"rows {n.item(0, 0)}")
        return
    calls = calls_typed(args.file) if args.mode == "typed" else calls_validated(args.file)
    rows = per_call(calls)
    queries = {
        "queue_interval": rows.group_by("queue", "interval_start").agg(metrics()),
        # --by agent uses only the calls that name an agent (after the FCR step).
        "agent": rows.filter(pl.col("agent").is_not_null()).group_by("agent").agg(metrics()),
        "total": rows.select(metrics()),
    }
    frames = pl.collect_all(list(queries.values()), engine="streaming")
    if args.out:
        for name, df in zip(queries, frames):
            rows = df.to_dicts()
            # polars' collect_all computed (n / d) / 1e6 one ulp off callstat's
            # (and DuckDB's) IEEE result in tie cases like 15.7375, which then
            # rounds the other way; dividing here gives the exact same double.
            for r in rows:
                for m in ("asa_s", "aht_s"):
                    if r[m] is not None:
                        r[m] = r[m] / 1e6
            write_grouping(args.out, name, rows)


if __name__ == "__main__":
    main()
