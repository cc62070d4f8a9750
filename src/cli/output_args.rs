//! Report flags that shape the output: precision, header, column choice,
//! spreadsheet-safe CSV, the time window (`--since`/`--until`, with the
//! clock from `--now`/`CALLSTAT_NOW`) and `--fail-if` thresholds. Flattened
//! into `ReportArgs`; `output::settings` turns them into typed settings.
//! May not open files or compute anything.

use clap::Args;

#[derive(Debug, Clone, Default, Args)]
pub struct OutputArgs {
    /// Decimals of seconds, ratios and scores in csv, tsv, ndjson and json
    /// (default: seconds 3, ratios and scores 6).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=12))]
    pub precision: Option<u8>,

    /// Leave out the header line (csv, tsv).
    #[arg(long)]
    pub no_header: bool,

    /// Metric columns to print, in this order (comma list of ids, see `callstat metrics`);
    /// key columns always come first.
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub columns: Option<Vec<String>>,

    /// Prefix text cells that start with = + - @ tab or CR with ' so spreadsheets do not run
    /// them as formulas (csv, tsv).
    #[arg(long)]
    pub csv_safe: bool,

    /// Only calls that arrived at or after this: YYYY-MM-DD (start of that day in --tz),
    /// RFC 3339, or today, yesterday, this-week, last-week, this-month, last-month, last-7d,
    /// last-24h (start of that period).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,

    /// Only calls that arrived before this: YYYY-MM-DD (that day included), RFC 3339
    /// (excluded), or a relative period as for --since (end of that period).
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,

    /// The clock for relative --since/--until and the {date} of -o templates (RFC 3339);
    /// default: the system clock.
    #[arg(long, value_name = "RFC3339", env = "CALLSTAT_NOW")]
    pub now: Option<String>,

    /// After writing the report, exit with code 4 if a row breaches this, e.g.
    /// 'service_level<0.80', 'abandon_rate>5%', 'total.asa_s>=30'. Repeatable.
    #[arg(long, value_name = "RULE")]
    pub fail_if: Vec<String>,

    /// Service-level target drawn as a line in html charts (0..1).
    #[arg(long, default_value = "0.8", value_name = "FRACTION", value_parser = crate::values::parse_fraction)]
    pub sl_target: f64,

    /// No warnings summary and no progress spinner on stderr (errors and --fail-if breaches
    /// still print). The spinner shows only when stderr is a terminal.
    #[arg(short, long)]
    pub quiet: bool,
}
