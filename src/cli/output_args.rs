//! Report flags that shape the output: precision, header, column choice,
//! spreadsheet-safe CSV. Flattened
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
}
