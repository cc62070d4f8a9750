#!/usr/bin/env bash
# Where callstat's report spends its time: a flat `perf` profile of one
# invocation, summed by area (CSV parsing, timestamps, validation and
# loading, allocation, polars). Needs perf; falls back to nothing else.
#   bench/profile.sh FILE [--by DIMS]      (default --by queue,interval)
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:?usage: bench/profile.sh FILE [--by DIMS]}
shift
BY=(--by queue,interval)
[[ $# -gt 0 ]] && BY=("$@")
BIN=${CALLSTAT_RELEASE_DIR:-$HOME/.cache/callstat-release}/release/callstat
OUT=bench/out/profile
mkdir -p "$OUT"

/usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KB" \
    perf record -F 499 -o "$OUT/perf.data" -- "$BIN" report "$FILE" "${BY[@]}" --format csv -o "$OUT/report.csv"
perf report -i "$OUT/perf.data" --stdio --no-children --sort symbol --percent-limit 0.5 2>/dev/null \
    | grep -E '^ +[0-9]' > "$OUT/symbols.txt"
head -40 "$OUT/symbols.txt"

echo
echo "by area (share of samples):"
awk '
{ pct = $1; sub(/%/, "", pct); sym = $0; sub(/^ +[0-9.]+% +\[[^]]*\] +/, "", sym)
  area = "other"
  if (sym ~ /csv_core|csv::/) area = "CSV parsing (csv crate)"
  else if (sym ~ /timestamp|chrono/) area = "timestamp parsing"
  else if (sym ~ /report::compute|report::fcr/) area = "aggregation and FCR"
  else if (sym ~ /validate|dataset|Loader|interned|callstat::input|hashbrown|Hash|sip|memchr/) area = "validation, de-duplication, loading"
  else if (sym ~ /malloc|free|realloc|memcpy|memmove|_int_|cfree|mi_|clear_page/) area = "allocation, page faults and copying"
  else if (sym ~ /polars|arrow|zstd|ZSTD|HUF_|snap/) area = "polars (Parquet decoding)"
  sum[area] += pct }
END { for (a in sum) printf "  %6.1f%%  %s\n", sum[a], a }' "$OUT/symbols.txt" | sort -rn
