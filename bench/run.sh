#!/usr/bin/env bash
# callstat against DuckDB and polars on the same report. Run from anywhere:
#   bench/run.sh
# Settings (environment):
#   CALLSTAT_RELEASE_DIR  cargo target dir of the release build ($HOME/.cache/callstat-release)
#   BENCH_SIZES           row counts to generate and run ("1M 10M"; k and M suffixes)
#   BENCH_FORMATS         "csv parquet"
#   BENCH_REPS            rounds per file (3)
#   BENCH_ALLOW           GROUPING:COLUMN cells allowed to differ, space-separated, for a known
#                         callstat bug under repair (empty: every cell must match)
#   BENCH_NICE            nice level for the timed runs (0)
#   BENCH_100M            1: also generate a 100M-row Parquet file (about 3.5 GB, through a
#                         12 GB CSV) and time callstat alone on it, one round (long; off by default)
# See bench/README.md.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=$ROOT/bench
TARGET=${CALLSTAT_RELEASE_DIR:-$HOME/.cache/callstat-release}
SIZES=${BENCH_SIZES:-1M 10M}
FORMATS=${BENCH_FORMATS:-csv parquet}
REPS=${BENCH_REPS:-3}
ALLOW=${BENCH_ALLOW:-}
NICE=${BENCH_NICE:-0}
DUCKDB_VERSION=2.0.0
POLARS_VERSION=2.1.0

say() { printf '\n== %s\n' "$*"; }

say "1. release build of callstat (CARGO_TARGET_DIR=$TARGET)"
CARGO_TARGET_DIR=$TARGET cargo build --release
BIN=$TARGET/release/callstat
"$BIN" --version

say "2. virtualenv bench/.venv with duckdb $DUCKDB_VERSION and polars $POLARS_VERSION"
if [[ ! -x $BENCH/.venv/bin/python ]]; then
    python3 -m venv "$BENCH/.venv"
fi
PY=$BENCH/.venv/bin/python
if ! "$PY" -c "import duckdb, polars, sys; sys.exit(duckdb.__version__ != '$DUCKDB_VERSION' or polars.__version__ != '$POLARS_VERSION')" 2>/dev/null; then
    "$PY" -m pip install --quiet "duckdb==$DUCKDB_VERSION" "polars==$POLARS_VERSION"
fi

allow_args=()
for a in $ALLOW; do allow_args+=(--allow "$a"); done

say "3. the peers agree with callstat on sample-data/"
CHECK=$BENCH/out/sample-check
rm -rf "$CHECK"
for f in calls.csv calls.parquet tiny.csv; do
    cs=$CHECK/$f/callstat
    mkdir -p "$cs"
    for g in queue_interval:queue,interval agent:agent total:total; do
        "$BIN" report "sample-data/$f" --by "${g#*:}" --format csv -o "$cs/${g%%:*}.csv" 2>/dev/null
    done
    modes="typed validated"
    [[ $f == tiny.csv ]] && modes=validated   # tiny.csv has invalid rows: only validation matches
    for engine in duckdb polars; do
        for mode in $modes; do
            out=$CHECK/$f/$engine-$mode
            "$PY" "$BENCH/peers/${engine}_report.py" "sample-data/$f" --mode "$mode" --out "$out"
            "$PY" "$BENCH/compare.py" "$cs" "$out" "${allow_args[@]}"
            echo "ok: $engine $mode on $f"
        done
    done
done

say "4. inputs in bench/data (callstat generate --seed 42 --days 28)"
mkdir -p "$BENCH/data"
files=()
for size in $SIZES; do
    rows=${size/M/000000}
    rows=${rows/k/000}
    for fmt in $FORMATS; do
        f=$BENCH/data/calls-$size.$fmt
        if [[ ! -s $f ]]; then
            echo "generating $f"
            "$BIN" generate --seed 42 --days 28 --rows "$rows" -o "$BENCH/data/.partial-$size.$fmt"
            mv "$BENCH/data/.partial-$size.$fmt" "$f"
        fi
        files+=("$f")
    done
done
solo=()
if [[ ${BENCH_100M:-0} == 1 ]]; then
    f=$BENCH/data/calls-100M.parquet
    if [[ ! -s $f ]]; then
        # As CSV (generate streams it), then typed Parquet by polars' streaming engine:
        # generate would hold a 100M-row Parquet file in memory.
        echo "generating $f (through a CSV of about 12 GB, removed after)"
        "$BIN" generate --seed 42 --days 28 --rows 100000000 -o "$BENCH/data/.partial-100M.csv"
        "$PY" "$BENCH/to_parquet.py" "$BENCH/data/.partial-100M.csv" "$BENCH/data/.partial-100M.parquet"
        rm "$BENCH/data/.partial-100M.csv"
        mv "$BENCH/data/.partial-100M.parquet" "$f"
    fi
    solo+=("$f")
fi
SMALL=$BENCH/data/calls-1k.csv
[[ -s $SMALL ]] || "$BIN" generate --seed 42 --days 1 --rows 1000 -o "$SMALL"
ls -la "$BENCH/data"

say "5. timed runs, $REPS rounds per file"
nice -n "$NICE" "$PY" "$BENCH/bench.py" --callstat "$BIN" --python "$PY" --reps "$REPS" \
    --small "$SMALL" --files "${files[@]}" --solo "${solo[@]}" --out "$BENCH/out" --results "$BENCH/RESULTS.md" \
    "${allow_args[@]}"
