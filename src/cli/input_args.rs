//! Flags about reading inputs, shared by every command that reads CDRs:
//! the files, their format and zone, the column mapping, the delimiter, the
//! Asterisk queue_log options, and what to do with rejected rows.

use std::path::PathBuf;

use clap::Args;

use crate::input::Format;
use crate::input::mapping::{parse_delimiter, parse_map_pair};
use crate::input::queue_log::parse_event;
use crate::quarantine::{OnError, parse_on_error};
use crate::values;

#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// CDR files: paths, globs (quoted, e.g. 'logs/*.csv'), or - for CSV on stdin.
    #[arg(required = true, value_name = "FILES")]
    pub files: Vec<String>,

    /// Input format; by default taken from each file's extension (.csv, .parquet, .json) or,
    /// for other names, its content (an Asterisk queue_log, JSON contact records).
    #[arg(long, value_name = "FORMAT", value_parser = super::choice::<Format>())]
    pub input_format: Option<Format>,

    /// Zone of input timestamps that carry no offset (IANA name) [default: the settings file's
    /// `input_tz`, else UTC; a mapping's time_zone wins for its files].
    #[arg(long, value_name = "TZ", value_parser = values::parse_tz)]
    pub input_tz: Option<chrono_tz::Tz>,

    /// Map a canonical column to a source column: --map call_id=CallRef (repeatable; wins over
    /// --mapping and the built-in aliases). wait_s, talk_s and answered derive answered_at/ended_at.
    #[arg(long = "map", value_name = "COLUMN=HEADER", value_parser = parse_map_pair)]
    pub map: Vec<(String, String)>,

    /// A TOML mapping file: column names, timestamp formats, time zone, duration units,
    /// boolean spellings (see README, "Input formats and column mapping").
    #[arg(long, value_name = "FILE.toml")]
    pub mapping: Option<PathBuf>,

    /// CSV field delimiter: , ; | or tab (default: detected from the header line).
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,

    /// queue_log: the exit events that count as abandoned calls; other exits leave the
    /// call out of the metrics (reason excluded_exit).
    #[arg(
        long,
        value_name = "EVENTS",
        value_delimiter = ',',
        default_value = "ABANDON,EXITWITHTIMEOUT,EXITWITHKEY,EXITEMPTY",
        value_parser = parse_event
    )]
    pub abandon_events: Vec<String>,

    /// queue_log: one row per call across queues (first queue, waits summed, answered if the
    /// last stint was) instead of one row per call and queue.
    #[arg(long)]
    pub stitch: bool,
}

/// What happens to rejected rows (commands that report; `inspect` lists them instead).
#[derive(Debug, Clone, Args)]
pub struct RejectArgs {
    /// What to do with rejected rows: skip (leave out and summarize on stderr), fail (exit 3 at
    /// the first invalid row, as --strict), or quarantine=PATH (skip, and write every rejected
    /// row with its source, line, reason and message to PATH as CSV).
    #[arg(long, value_name = "skip|fail|quarantine=PATH", default_value = "skip", value_parser = parse_on_error)]
    pub on_error: OnError,

    /// Fail with exit code 3 (writing nothing) when more rows than this are invalid: a number of
    /// rows (100) or a share of the rows read (1%).
    #[arg(long, value_name = "N|PCT%")]
    pub max_invalid: Option<crate::values::Limit>,

    /// Fail with exit code 3 on the first invalid row instead of skipping it.
    #[arg(long)]
    pub strict: bool,
}
