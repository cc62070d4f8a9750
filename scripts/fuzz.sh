#!/usr/bin/env bash
# Runs one fuzz target for a given time and keeps every crash, timeout or
# out-of-memory input it finds as a regression input (fuzz/regressions/),
# which `cargo test` then runs through the binary (tests/cli/fuzz_regressions.rs).
#
#   scripts/fuzz.sh TARGET SECONDS      e.g. scripts/fuzz.sh parquet 600
#   scripts/fuzz.sh list
#
# Targets: csv timestamp queue_log master_csv ctr_json mapping parquet.
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a C++ compiler; runs on
# the stable toolchain (`-s none`: libFuzzer's coverage-guided search
# without a sanitizer, which needs nightly). The seed corpus is taken from
# sample-data/ on every run; the growing corpus stays in fuzz/corpus/
# (not committed), and so does the run's log (fuzz/corpus/TARGET.log); the
# last line printed is the one for fuzz/RUNS.md.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

targets="csv timestamp queue_log master_csv ctr_json mapping parquet"
if [ "${1:-}" = list ] || [ $# -ne 2 ]; then
  echo "usage: scripts/fuzz.sh TARGET SECONDS; targets: $targets" >&2
  [ "${1:-}" = list ] && exit 0 || exit 2
fi
target=$1
seconds=$2
case " $targets " in *" $target "*) ;; *) echo "unknown target '$target'; targets: $targets" >&2; exit 2 ;; esac

seeds=corpus/$target.seeds
mkdir -p "corpus/$target" "$seeds" "artifacts/$target" "regressions/$target"
data=../sample-data
case $target in
  csv) cp "$data/tiny.csv" "$data/formats.csv" "$data/vendor_x.csv" "$seeds/"; head -60 "$data/calls.csv" > "$seeds/calls-head.csv" ;;
  timestamp) printf '%s' '2026-03-02T09:15:03Z' > "$seeds/rfc3339"; printf '%s' '2026-03-02 09:15:03' > "$seeds/local"
             printf '%s' '2026-03-29T02:30:00' > "$seeds/gap"; printf '%s' '2026-03-02T09:15:03.250+05:30' > "$seeds/offset"
             printf '%s' '1772442903' > "$seeds/epoch" ;;
  queue_log) cp "$data/formats.queue_log" "$seeds/" ;;
  master_csv) cp "$data/master.csv" "$seeds/" ;;
  ctr_json) cp "$data/formats.ctr.jsonl" "$seeds/"; { printf '['; head -3 "$data/formats.ctr.jsonl" | paste -sd, -; printf ']'; } > "$seeds/array.json"
            tr -d '\n' < "$data/formats.ctr.jsonl" > "$seeds/concatenated.json" ;;
  mapping) cp "$data/vendor_x.mapping.toml" "$seeds/" ;;
  parquet) cp "$data/calls.parquet" "$seeds/" ;;
esac

log=corpus/$target.log
# -timeout: a case taking longer is a hang; -rss_limit_mb: memory beyond
# this is unbounded growth; -max_len: room to grow past the largest seed.
status=0
cargo fuzz run -s none -O "$target" "corpus/$target" "$seeds" "regressions/$target" -- \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=262144 \
  -artifact_prefix="artifacts/$target/" -print_final_stats=1 2>&1 | tee "$log" | grep -E '^#[0-9]+ +(DONE|pulse)|ERROR|panicked|^stat::' || status=$?

kept=0
for f in artifacts/"$target"/crash-* artifacts/"$target"/timeout-* artifacts/"$target"/oom-* artifacts/"$target"/slow-unit-*; do
  [ -e "$f" ] || continue
  cp "$f" "regressions/$target/"
  kept=$((kept + 1))
done
runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1)
echo "fuzz $target: ${seconds}s, ${runs:-?} cases, $kept crash/timeout/oom inputs kept in fuzz/regressions/$target"
[ "$kept" -eq 0 ]
