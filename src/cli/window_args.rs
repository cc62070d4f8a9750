//! Flags about time: the report zone, and the `--since`/`--until` window
//! with the clock it is read against.

use clap::Args;

use crate::values;

/// The zone of interval and day boundaries and of displayed times.
#[derive(Debug, Clone, Args)]
pub struct ZoneArgs {
    /// Time zone for interval and day boundaries and displayed times (IANA name) [default: the
    /// settings file's `tz`, else the TZ environment variable when it is an IANA name, else UTC].
    #[arg(long, value_name = "TZ", value_parser = values::parse_tz)]
    pub tz: Option<chrono_tz::Tz>,
}

/// Which calls count, by arrival time.
#[derive(Debug, Clone, Default, Args)]
pub struct WindowArgs {
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
}

/// Rows for empty time buckets (`report`, `staffing`).
#[derive(Debug, Clone, Default, Args)]
pub struct FillArgs {
    /// A row for every interval, day, week, month, hour of day or weekday of the window (or from
    /// the first to the last seen), for every queue/agent seen, with zero counts and empty
    /// ratios: an outage shows as zeros instead of a missing line. One time dimension in --by.
    #[arg(long)]
    pub fill: bool,
}
