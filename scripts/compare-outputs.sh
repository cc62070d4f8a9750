#!/usr/bin/env bash
# Runs the same reports with two callstat binaries and diffs every output
# byte for byte (stdout, stderr and the exit code of each case).
#   scripts/compare-outputs.sh OLD_BIN NEW_BIN [DATA_FILE...]
# Default data: sample-data/calls.{csv,parquet}, plus bench/data/calls-1M.{csv,parquet}
# when they exist (make them with
#   callstat generate --seed 42 --days 28 --rows 1000000 -o bench/data/calls-1M.csv
# and the same with .parquet). Prints one line per difference and a count;
# exits 1 if any case differs.
set -uo pipefail
cd "$(dirname "$0")/.."
OLD=${1:?usage: scripts/compare-outputs.sh OLD_BIN NEW_BIN [DATA_FILE...]}
NEW=${2:?usage: scripts/compare-outputs.sh OLD_BIN NEW_BIN [DATA_FILE...]}
shift 2
DATA=("$@")
if [[ ${#DATA[@]} -eq 0 ]]; then
    DATA=(sample-data/calls.csv sample-data/calls.parquet)
    for f in bench/data/calls-1M.csv bench/data/calls-1M.parquet; do
        [[ -f $f ]] && DATA+=("$f")
    done
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# Both binaries run under the same name, as messages show it.
mkdir -p "$WORK/bin/old" "$WORK/bin/new"
cp "$OLD" "$WORK/bin/old/callstat"
cp "$NEW" "$WORK/bin/new/callstat"
OLD=$WORK/bin/old/callstat
NEW=$WORK/bin/new/callstat
NOW=(--now 2026-03-20T12:00:00Z)

# One case per line: the arguments after `callstat report FILE --precision 12`
# (`--format csv` unless the case names a format).
REPORTS=(
    "--by queue --metrics all"
    "--by agent --metrics all"
    "--by total --metrics all"
    "--by queue,interval --metrics all"
    "--by queue,interval --interval 15m --tz Asia/Kolkata --metrics all"
    "--by day,direction --metrics all"
    "--by week,channel --metrics all"
    "--by hour-of-day --metrics all --tz Europe/Berlin"
    "--by weekday --metrics all --tz America/New_York"
    "--by month,queue --metrics all"
    "--by queue --metrics service_level:all --sl-threshold 20s,30s,60s --sl-boundary lt"
    "--by queue --preset genesys"
    "--by queue,interval --preset amazon-connect"
    "--by agent --preset cisco-negative"
    "--by queue --preset avaya --metrics all"
    "--by queue,interval --attribute-by end --metrics all"
    "--by day --attribute-by answer --metrics all"
    "--by queue --outcome callback=flow-out,voicemail=not-offered --metrics all"
    "--by queue --fcr-window 2h --fcr-min-gap 10m --metrics all"
    "--by queue --fcr-scope same-queue --fcr-censored exclude --metrics all"
    "--by agent --fcr-censored exclude --metrics all"
    "--by queue --since 2026-03-05 --until 2026-03-12 --metrics all"
    "--by queue,interval --since last-week ${NOW[*]} --metrics all"
    "--by agent --since 2026-03-03T08:00:00+01:00 --until 2026-03-04 --fcr-window 1h --metrics all"
    "--by queue --direction outbound"
    "--by direction --metrics all"
    "--by queue --format json"
    "--by queue,interval --strict"
    "--by queue --fcr-key agent --metrics all"
    "--by queue,caller --metrics all"
)

# Compares the outputs of one case (a name and the arguments after the binary).
run_case() {
    local name=$1
    shift
    for side in old new; do
        local bin=$OLD
        [[ $side == new ]] && bin=$NEW
        local dir="$WORK/$side/$name"
        mkdir -p "$dir"
        (cd "$dir" && "$bin" "$@" >stdout 2>stderr; echo $? >rc)
    done
    if diff -r "$WORK/old/$name" "$WORK/new/$name" >/dev/null; then
        SAME=$((SAME + 1))
    else
        echo "DIFFERS: $name: $*"
        DIFF=$((DIFF + 1))
    fi
}

SAME=0
DIFF=0
for file in "${DATA[@]}"; do
    abs=$(realpath "$file")
    tag=$(basename "$file" | tr '.' '_')
    i=0
    for args in "${REPORTS[@]}"; do
        i=$((i + 1))
        format=(--format csv)
        [[ $args == *--format* ]] && format=()
        # shellcheck disable=SC2086
        run_case "$tag-report-$i" report "$abs" --precision 12 "${format[@]}" $args
    done
    # A reports file: three groupings from one read, one with its own window.
    runfile="$WORK/run-$tag.toml"
    cat >"$runfile" <<TOML
inputs = ["$abs"]
tz = "Europe/Berlin"

[[report]]
name = "intervals"
by = "queue,interval"
format = "csv"
precision = 12
output = "intervals.csv"

[[report]]
name = "agents"
by = "agent"
format = "csv"
precision = 12
fcr_window = "2h"
output = "agents.csv"

[[report]]
name = "total"
by = "total"
format = "csv"
precision = 12
since = "2026-03-09"
output = "total.csv"
TOML
    # Outputs go next to the reports file, so each side gets a copy in its folder.
    for side in old new; do
        mkdir -p "$WORK/$side/$tag-run"
        cp "$runfile" "$WORK/$side/$tag-run/reports.toml"
    done
    run_case "$tag-run" run reports.toml "${NOW[@]}"
    run_case "$tag-calls" calls "$abs" --format csv --precision 12 --queue support --repeat
    run_case "$tag-calls-all" calls "$abs" --format csv --precision 12
    run_case "$tag-staffing" staffing "$abs" --format csv
    run_case "$tag-inspect" inspect "$abs"
done
# Rejections: the 26-row file with invalid rows, with and without a quarantine file.
run_case tiny-report report "$(realpath sample-data/tiny.csv)" --precision 12 --format csv --by queue --metrics all
run_case tiny-strict report "$(realpath sample-data/tiny.csv)" --strict --by queue
run_case tiny-quarantine report "$(realpath sample-data/tiny.csv)" --by queue --format csv --on-error quarantine=q.csv

echo "compare-outputs: $SAME identical, $DIFF different"
[[ $DIFF -eq 0 ]]
