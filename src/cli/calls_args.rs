//! Flags of `callstat calls`: the inputs, the filters that pick the calls
//! behind a number, and the output flags shared with `report`. Clap
//! structs only; `commands::calls` validates them.

use std::path::PathBuf;

use clap::Args;

use super::{InputFormat, ReportFormat};
use crate::values::{self, Seconds};

#[derive(Debug, Args)]
pub struct CallsArgs {
    /// CDR files: paths, globs (quoted), or - for CSV on stdin.
    #[arg(required = true, value_name = "FILES")]
    pub files: Vec<String>,

    /// Only unanswered calls (short abandons included).
    #[arg(long, conflicts_with = "answered")]
    pub abandoned: bool,

    /// Only answered calls.
    #[arg(long)]
    pub answered: bool,

    /// Only these queues (comma list or repeated).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub queue: Vec<String>,

    /// Only calls answered by these agents (comma list or repeated).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub agent: Vec<String>,

    /// Only calls that waited longer than this (e.g. 60s, 2m).
    #[arg(long, value_name = "DURATION")]
    pub wait_over: Option<Seconds>,

    /// Only calls that broke FCR: answered, and the caller called again within --fcr-window.
    #[arg(long)]
    pub repeat: bool,

    /// Only calls that arrived at or after this (as `report --since`).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,

    /// Only calls that arrived before this (as `report --until`).
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,

    /// The clock for relative --since/--until (RFC 3339); default: the system clock.
    #[arg(long, value_name = "RFC3339", env = "CALLSTAT_NOW")]
    pub now: Option<String>,

    /// Time zone of displayed times and interval starts (IANA name).
    #[arg(long, default_value = "UTC", value_name = "TZ", value_parser = values::parse_tz)]
    pub tz: chrono_tz::Tz,

    /// Zone of input timestamps that carry no offset (IANA name).
    #[arg(long, default_value = "UTC", value_name = "TZ", value_parser = values::parse_tz)]
    pub input_tz: chrono_tz::Tz,

    /// Input format; by default taken from each file's extension.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,

    /// Size of the interval_start column's buckets.
    #[arg(long, default_value = "30m", value_name = "15m|30m|1h")]
    pub interval: values::Interval,

    /// Abandons shorter than this are short abandons (outcome short_abandoned).
    #[arg(long, default_value = "5s", value_name = "DURATION")]
    pub short_abandon: Seconds,

    /// FCR window: a repeat within it makes an answered call's fcr "repeat".
    #[arg(long, default_value = "24h", value_name = "DURATION")]
    pub fcr_window: Seconds,

    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,

    /// Write the list there (atomically; parent folders created) instead of stdout.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Decimals of seconds in csv, tsv, ndjson and json (default 3).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=12))]
    pub precision: Option<u8>,

    /// Leave out the header line (csv, tsv).
    #[arg(long)]
    pub no_header: bool,

    /// Prefix text cells starting with = + - @ tab or CR with ' (csv, tsv).
    #[arg(long)]
    pub csv_safe: bool,

    /// Fail with exit code 3 on the first invalid row instead of skipping it.
    #[arg(long)]
    pub strict: bool,

    /// No warnings summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}
