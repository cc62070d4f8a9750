#!/usr/bin/env bash
# Runs every command (report formats written to files, run, calls, staffing,
# inspect, metrics) with two callstat binaries and compares their
# stdout, files written and exit codes byte for byte.
#
#   scripts/compare-commands.sh OLD_BIN NEW_BIN [ROWS]
# (scripts/compare-outputs.sh covers the report variants in depth.)
#
# Inputs: sample-data/ and ROWS (default 1M) generated rows in CSV and
# Parquet under bench/data/ (made with OLD_BIN generate when missing).
# Each case is one line below: a command and its arguments, with $CSV,
# $PQ (the generated files) and $OUT (a file to write) substituted.
# Prints one line per case (same / DIFFERENT) and exits 1 if any differ.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1"); new=$(realpath "$2"); rows=${3:-1M}
mkdir -p bench/data
CSV=bench/data/calls-$rows.csv; PQ=bench/data/calls-$rows.parquet
n=$(echo "$rows" | sed 's/k$/000/; s/M$/000000/')
[ -f "$CSV" ] || "$old" generate --rows "$n" --days 28 --seed 42 -o "$CSV"
[ -f "$PQ" ] || "$old" generate --rows "$n" --days 28 --seed 42 -o "$PQ"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export CALLSTAT_NOW=2026-03-20T12:00:00Z
S=sample-data/calls.csv; SP=sample-data/calls.parquet
cases=$(cat <<CASES
report $S --precision 12 --format csv
report $SP --precision 12 --format csv --by agent
report $S --by queue,interval --precision 12 --format csv --metrics all
report $S --by day,direction --precision 12 --format json
report $S --by week,channel --precision 12 --format csv
report $S --by hour-of-day --tz America/New_York --precision 12 --format csv
report $S --by weekday --tz Asia/Kolkata --interval 15m --precision 12 --format csv
report $S --by total --metrics service_level:all --sl-threshold 10s,20s,30s --sl-boundary lt --precision 12 --format csv
report $S --preset genesys --precision 12 --format csv
report $S --preset amazon-connect --precision 12 --format csv
report $S --preset cisco-negative --by queue,interval --precision 12 --format csv
report $S --attribute-by end --by queue,interval --precision 12 --format csv
report $S --attribute-by answer --by day --precision 12 --format csv
report $S --outcome callback=flow-out,voicemail=not-offered --precision 12 --format csv
report $S --fcr-window 2h --fcr-min-gap 10m --fcr-scope same-queue --fcr-censored exclude --precision 12 --format csv
report $S --since 2026-03-03 --until 2026-03-04 --tz Europe/Berlin --precision 12 --format csv
report $S --by queue
report $S --by agent --format markdown
report $S --by queue,interval --format html
report $S --by queue --format ndjson --totals
report $S --by queue --format tsv
report $S --format xlsx -o \$OUT.xlsx
report $S --format parquet -o \$OUT.parquet
report sample-data/tiny.csv --precision 12 --format json
report sample-data/vendor_x.csv --mapping sample-data/vendor_x.mapping.toml --format csv
report sample-data/formats.queue_log --format csv --by queue,agent
report sample-data/master.csv --format csv
report sample-data/formats.ctr.jsonl --format csv
report $CSV --by queue,interval --precision 12 --format csv --metrics all
report $PQ --by agent --precision 12 --format csv --metrics all
report $CSV --by total --preset genesys --precision 12 --format csv
report $PQ --by day,direction --attribute-by end --precision 12 --format csv
report $CSV --by queue --fcr-window 2h --fcr-scope same-queue --precision 12 --format csv
staffing $S --format csv
staffing $S --target 90/30 --shrinkage 0.3 --max-occupancy 0.85 --format csv
staffing $CSV --format csv
calls $S --abandoned --wait-over 60s --format csv
calls $S --format json --tz Europe/Berlin --repeat
calls sample-data/tiny.csv --format csv
inspect $S
inspect sample-data/tiny.csv
inspect sample-data/formats.queue_log
metrics
metrics --format json
metrics --preset genesys
CASES
)
status=0; i=0
while IFS= read -r line; do
  [ -z "$line" ] && continue
  i=$((i + 1))
  for side in old new; do
    bin=${!side}
    args=$(echo "$line" | sed "s|\$OUT|$work/$side-$i|g")
    # shellcheck disable=SC2086
    set +e; "$bin" $args >"$work/$side-$i.stdout" 2>"$work/$side-$i.stderr"; echo $? >"$work/$side-$i.code"; set -e
  done
  same=yes
  for ext in stdout code xlsx parquet; do
    a="$work/old-$i.$ext"; b="$work/new-$i.$ext"
    if [ -e "$a" ] || [ -e "$b" ]; then
      if [ "$ext" = xlsx ]; then
        # xlsx is a zip with timestamps: compare the unpacked parts.
        cmp -s <(unzip -p "$a" 2>/dev/null | md5sum) <(unzip -p "$b" 2>/dev/null | md5sum) || same=no
      else
        cmp -s "$a" "$b" || same=no
      fi
    fi
  done
  if [ $same = yes ]; then echo "same       $line"; else echo "DIFFERENT  $line"; status=1; fi
done <<<"$cases"

# callstat run: the same reports file, written into a folder per binary.
for side in old new; do
  mkdir -p "$work/run-$side"
  cat >"$work/run-$side/reports.toml" <<TOML
inputs = ["$PWD/$S", "$PWD/$CSV"]
tz = "Europe/Berlin"
[[report]]
name = "queues"
by = "queue"
format = "csv"
totals = true
precision = 12
output = "queues.csv"
fail_if = ["service_level<0.80"]
[[report]]
name = "intervals"
by = "queue,interval"
interval = "1h"
format = "json"
output = "intervals.json"
[[report]]
name = "agents"
by = "agent"
since = "2026-03-03"
until = "2026-03-05"
columns = ["answered", "aht_s", "fcr_rate"]
format = "markdown"
output = "agents.md"
TOML
  bin=$old; [ $side = new ] && bin=$new
  set +e; "$bin" run "$work/run-$side/reports.toml" >"$work/run-$side.stdout" 2>/dev/null; echo $? >"$work/run-$side.code"; set -e
  rm "$work/run-$side/reports.toml"
done
if diff -r "$work/run-old" "$work/run-new" >/dev/null && cmp -s "$work/run-old.code" "$work/run-new.code"; then
  echo "same       run (3 reports, csv/json/markdown)"
else
  echo "DIFFERENT  run (3 reports, csv/json/markdown)"; status=1
fi
exit $status
