//! Flags that say where a result goes and how it is written, shared by
//! `report`, `calls` and `staffing`; and the flags only `report` has
//! (`--columns`, `--totals`, `--fail-if`, `--sl-target`).

use std::path::PathBuf;

use clap::Args;

use crate::output::OutputFormat;

#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format [default: from the -o file's extension (.csv, .tsv, .json, .ndjson, .md,
    /// .parquet, .xlsx, .html), else table].
    #[arg(long, value_parser = super::choice::<OutputFormat>())]
    pub format: Option<OutputFormat>,

    /// Write to this file (atomically; parent folders created) instead of stdout; - is stdout.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Decimals of seconds, ratios and scores in csv, tsv, ndjson and json
    /// (default: seconds 3, ratios and scores 6).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=12))]
    pub precision: Option<u8>,

    /// Leave out the header line (csv, tsv).
    #[arg(long)]
    pub no_header: bool,

    /// Prefix text cells that start with = + - @ tab or CR with ' so spreadsheets do not run
    /// them as formulas (csv, tsv).
    #[arg(long)]
    pub csv_safe: bool,

    /// Widest line of the table, in characters; columns that do not fit are left out from the
    /// right and named below it; 0 = no limit [default: COLUMNS, else the terminal's width when
    /// stdout is a terminal, else no limit].
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,

    /// European spreadsheets: numbers with a decimal comma (0,5) and, in csv, fields
    /// separated by ; (csv, tsv).
    #[arg(long)]
    pub decimal_comma: bool,

    /// No warnings summary and no progress spinner on stderr (errors and --fail-if breaches
    /// still print). The spinner shows only when stderr is a terminal.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Output flags of `callstat report` only.
#[derive(Debug, Clone, Default, Args)]
pub struct ReportOutputArgs {
    /// Add the TOTAL row to csv, tsv and ndjson output (table and markdown always have one).
    #[arg(long)]
    pub totals: bool,

    /// Metric columns to print, in this order (comma list of ids, see `callstat metrics`);
    /// key columns always come first.
    #[arg(long, value_name = "IDS", value_delimiter = ',')]
    pub columns: Option<Vec<String>>,

    /// After writing the report, exit with code 4 if a row breaches this, e.g.
    /// 'service_level<0.80', 'abandon_rate>5%', 'total.asa_s>=30'. Repeatable.
    #[arg(long, value_name = "RULE")]
    pub fail_if: Vec<String>,

    /// Sort the rows by this column: a metric id (high to low) or a key column (low to high);
    /// add :asc or :desc to choose. The TOTAL row stays last and is the total of every row.
    #[arg(long, value_name = "ID[:asc|:desc]")]
    pub sort: Option<crate::report::order::Sort>,

    /// Add, after every metric, its value in an earlier window (ID_previous) and the change
    /// (ID_change = now - then): `previous` (the window of the same length just before
    /// --since..--until) or SINCE..UNTIL (as for --since/--until). --by may hold queue, agent,
    /// channel, direction, hour-of-day, weekday and input columns, not dates or intervals.
    #[arg(long, value_name = "previous|SINCE..UNTIL")]
    pub compare: Option<String>,

    /// Keep only the first N rows (after --sort); the TOTAL row is still the total of every row.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    /// The heading of the html page (default: "callstat report by GROUPING").
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// Service-level target drawn as a line in html charts (0..1).
    #[arg(long, default_value = "0.8", value_name = "FRACTION", value_parser = crate::values::parse_fraction)]
    pub sl_target: f64,
}
