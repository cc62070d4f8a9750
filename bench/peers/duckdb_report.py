"""callstat's report metrics written in DuckDB SQL, as a user who does not
pick callstat would: per (queue, 30-minute interval), per agent and in total,
in one query with GROUPING SETS over one scan of the file.

  --mode typed      typed read (timestamps, integers, booleans), no row
                    validation, no de-duplication
  --mode validated  every cell read as text and checked with callstat's
                    rules (README "Validity"); the first valid row of a
                    call_id wins; invalid rows are left out
  --mode scan       the floor: count rows with every column parsed

Usage: python duckdb_report.py FILE [--mode M] [--out DIR]
"""

import duckdb

from common import FCR_WINDOW_S, INTERVAL_S, SHORT_ABANDON_S, SL_THRESHOLD_S, US, parse_args, write_grouping

TYPES = {
    "call_id": "VARCHAR",
    "queue": "VARCHAR",
    "agent": "VARCHAR",
    "caller": "VARCHAR",
    "direction": "VARCHAR",
    "arrived_at": "TIMESTAMPTZ",
    "answered_at": "TIMESTAMPTZ",
    "ended_at": "TIMESTAMPTZ",
    "hold_s": "BIGINT",
    "acw_s": "BIGINT",
    "transferred": "BOOLEAN",
    "csat": "BIGINT",
}
TS_COLS = ["arrived_at", "answered_at", "ended_at"]


def read_csv(path, types):
    cols = ", ".join(f"'{c}': '{t}'" for c, t in types.items())
    # Rows with another number of fields than the header are skipped
    # (ignore_errors): callstat counts them invalid (field_count).
    return (
        f"read_csv('{path}', header = true, delim = ',', quote = '\"', auto_detect = false, "
        f"columns = {{{cols}}}, ignore_errors = true)"
    )


def typed_source(path):
    """The canonical columns with their types, as a user would read them."""
    if path.endswith(".csv"):
        return read_csv(path, TYPES)
    return f"read_parquet('{path}')"


# RFC 3339 as callstat accepts it: date, T/t/space, time, a fraction of 1..9
# digits (truncated to microseconds), then Z, +HH:MM, +HHMM, +HH or nothing
# (no offset = --input-tz, UTC by default).
TS_RE = (
    r"^(\d{4}-\d{2}-\d{2})[Tt ]((?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d)(?:\.(\d{1,9}))?"
    r"([Zz]|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?$"
)
INT_RE = r"^[+-]?[0-9]+$"
MAX_SECONDS = (2**63 - 1) // US

MACROS = f"""
-- A cell as callstat sees it: trimmed, and empty means missing.
CREATE OR REPLACE MACRO cell(s) AS nullif(trim(s, E' \\t\\r\\n'), '');
-- Text timestamp to microseconds since the epoch (UTC); NULL if it is not a
-- timestamp callstat accepts. m is regexp_extract(cell, TS_RE, [...]).
CREATE OR REPLACE MACRO ts_us(m) AS
    epoch_us(try_cast(m.d || ' ' || m.t AS TIMESTAMP))
    + CASE WHEN m.f = '' THEN 0 ELSE CAST(rpad(left(m.f, 6), 6, '0') AS BIGINT) END
    - CASE WHEN m.o IN ('', 'Z', 'z') THEN 0
           ELSE (CASE WHEN left(m.o, 1) = '-' THEN -1 ELSE 1 END)
                * (CAST(substr(m.o, 2, 2) AS BIGINT) * 3600
                   + CASE WHEN length(m.o) > 3 THEN CAST(right(m.o, 2) AS BIGINT) ELSE 0 END * 60)
                * {US} END;
CREATE OR REPLACE MACRO whole(s, lo, hi) AS
    s IS NULL OR (regexp_full_match(s, '{INT_RE}') AND try_cast(s AS BIGINT) BETWEEN lo AND hi);
"""


def text_rows(source):
    """Validated rows from a source whose cells are text: rn (file order),
    the canonical columns typed, timestamps in UTC microseconds."""
    ts = ", ".join(
        f"regexp_extract(cell({c}), '{TS_RE}', ['d', 't', 'f', 'o']) AS m_{c}, cell({c}) AS raw_{c}"
        for c in TS_COLS
    )
    return f"""
    cells AS (
        SELECT row_number() OVER () AS rn,
               cell(call_id) AS call_id, cell(queue) AS queue, cell(agent) AS agent,
               cell(caller) AS caller, lower(cell(direction)) AS direction,
               {ts},
               cell(hold_s) AS hold_s, cell(acw_s) AS acw_s,
               lower(cell(transferred)) AS transferred, cell(csat) AS csat
        FROM {source}
    ),
    parsed AS (
        SELECT *, ts_us(m_arrived_at) AS arr, ts_us(m_answered_at) AS ans, ts_us(m_ended_at) AS ended
        FROM cells
    ),
    valid AS (
        SELECT rn, call_id, queue, agent, caller, direction, arr, ans, ended,
               CAST(acw_s AS BIGINT) AS acw_s, transferred = 'true' AS transferred,
               CAST(csat AS BIGINT) AS csat
        FROM parsed
        WHERE call_id IS NOT NULL AND queue IS NOT NULL
          AND (direction IS NULL OR direction IN ('inbound', 'outbound'))
          AND arr IS NOT NULL AND ended IS NOT NULL AND arr <= ended
          AND (raw_answered_at IS NULL OR (ans IS NOT NULL AND ans BETWEEN arr AND ended))
          AND whole(hold_s, 0, {MAX_SECONDS}) AND whole(acw_s, 0, {MAX_SECONDS})
          AND (transferred IS NULL OR transferred IN ('true', 'false'))
          AND whole(csat, 1, 5)
    ),"""


def typed_valid_rows(source):
    """Validated rows from typed Parquet columns (the types already hold)."""
    return f"""
    valid AS (
        SELECT file_row_number AS rn, cell(call_id) AS call_id, cell(queue) AS queue,
               cell(agent) AS agent, cell(caller) AS caller, lower(cell(direction)) AS direction,
               epoch_us(arrived_at) AS arr, epoch_us(answered_at) AS ans, epoch_us(ended_at) AS ended,
               acw_s, transferred, csat
        FROM read_parquet('{source}', file_row_number = true)
        WHERE cell(call_id) IS NOT NULL AND cell(queue) IS NOT NULL
          AND (cell(direction) IS NULL OR lower(cell(direction)) IN ('inbound', 'outbound'))
          AND arrived_at IS NOT NULL AND ended_at IS NOT NULL AND arrived_at <= ended_at
          AND (answered_at IS NULL OR answered_at BETWEEN arrived_at AND ended_at)
          AND (hold_s IS NULL OR hold_s >= 0) AND (acw_s IS NULL OR acw_s >= 0)
          AND (csat IS NULL OR csat BETWEEN 1 AND 5)
    ),"""


def validated_ctes(path, con):
    if path.endswith(".csv"):
        return text_rows(read_csv(path, {c: "VARCHAR" for c in TYPES}))
    types = dict(con.sql(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{path}'))").fetchall())
    if all(types[c] == "VARCHAR" for c in TS_COLS):
        src = f"(SELECT {', '.join(f'CAST({c} AS VARCHAR) AS {c}' for c in TYPES)} FROM read_parquet('{path}'))"
        return text_rows(src)
    return typed_valid_rows(path)


def report_sql(path, mode, con):
    if mode == "typed":
        rows = f"""
    calls AS (
        SELECT queue, agent, caller, epoch_us(arrived_at) AS arr, epoch_us(answered_at) AS ans,
               epoch_us(ended_at) AS ended, acw_s, transferred, csat
        FROM {typed_source(path)}
        WHERE coalesce(lower(direction), '') <> 'outbound'
    ),"""
    else:
        # The first valid row of a call_id (in file order) is kept.
        rows = validated_ctes(path, con) + """
    calls AS (
        SELECT * FROM valid
        WHERE direction IS DISTINCT FROM 'outbound'
        QUALIFY rn = min(rn) OVER (PARTITION BY call_id)
    ),"""
    s, t, w, ivl = SHORT_ABANDON_S * US, SL_THRESHOLD_S * US, FCR_WINDOW_S * US, INTERVAL_S * US
    return f"""
WITH {rows}
    per_call AS (
        SELECT queue, agent, caller, arr, ans, ended, acw_s, transferred, csat,
               arr // {ivl} * {ivl} AS interval_start,
               coalesce(ans, ended) - arr AS wait,
               -- FCR: further inbound contacts of this caller (any queue,
               -- answered or not) arriving in (t, t + W].
               count(*) OVER (PARTITION BY caller ORDER BY arr
                              RANGE BETWEEN 1 FOLLOWING AND {w} FOLLOWING) AS repeats
        FROM calls
    ),
    sums AS (
        SELECT GROUPING(queue, interval_start, agent) AS gid, queue, interval_start, agent,
               count(*) AS offered,
               count(ans) AS answered,
               count(*) FILTER (ans IS NULL) AS abandoned,
               count(*) FILTER (ans IS NULL AND wait < {s}) AS short_abandoned,
               count(*) FILTER (ans IS NOT NULL AND wait <= {t}) AS in_sl,
               sum(wait) FILTER (ans IS NOT NULL) AS wait_answered_us,
               sum(ended - ans + coalesce(acw_s, 0) * {US}) FILTER (ans IS NOT NULL) AS handle_us,
               count(*) FILTER (ans IS NOT NULL AND caller IS NOT NULL) AS fcr_eligible,
               count(*) FILTER (ans IS NOT NULL AND caller IS NOT NULL AND repeats = 0) AS fcr_resolved,
               sum(csat) AS csat_sum,
               count(csat) AS csat_responses,
               count(*) FILTER (csat >= 4) AS csat_top2,
               count(*) FILTER (ans IS NOT NULL AND transferred) AS transferred_answered
        FROM per_call
        GROUP BY GROUPING SETS ((queue, interval_start), (agent), ())
    )
SELECT gid, queue, interval_start, agent, offered, answered, abandoned, short_abandoned,
       ratio(abandoned - short_abandoned, offered - short_abandoned) AS abandon_rate,
       ratio(wait_answered_us, answered) / 1e6 AS asa_s,
       ratio(handle_us, answered) / 1e6 AS aht_s,
       ratio(in_sl, offered - short_abandoned) AS service_level,
       ratio(fcr_resolved, fcr_eligible) AS fcr_rate,
       ratio(csat_sum, csat_responses) AS csat_avg,
       ratio(csat_top2, csat_responses) AS csat_top2box,
       csat_responses,
       ratio(transferred_answered, answered) AS transfer_rate
FROM sums
"""


def main():
    args = parse_args("DuckDB")
    con = duckdb.connect()
    if args.mode == "scan":
        src = typed_source(args.file)
        n = con.sql(f"SELECT count(*), {', '.join(f'count({c})' for c in TYPES)} FROM {src}").fetchall()[0]
        print(f"rows {n[0]}")
        return
    con.execute(MACROS)
    con.execute("CREATE OR REPLACE MACRO ratio(n, d) AS CASE WHEN d = 0 THEN NULL ELSE CAST(n AS DOUBLE) / CAST(d AS DOUBLE) END")
    res = con.sql(report_sql(args.file, args.mode, con))
    names = res.columns
    out = {"queue_interval": [], "agent": [], "total": []}
    # GROUPING(queue, interval_start, agent): 1 = (queue, interval), 6 = (agent), 7 = ().
    for row in res.fetchall():
        r = dict(zip(names, row))
        if r["gid"] == 1:
            out["queue_interval"].append(r)
        elif r["gid"] == 6:
            if r["agent"] is not None:  # --by agent uses only calls that name an agent
                out["agent"].append(r)
        else:
            out["total"].append(r)
    if args.out:
        for name, rows in out.items():
            write_grouping(args.out, name, rows)


if __name__ == "__main__":
    main()
