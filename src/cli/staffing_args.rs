//! Flags of `callstat staffing`.

use std::path::PathBuf;

use clap::Args;

use super::{InputFormat, ReportFormat};
use crate::values::{self, Interval, Seconds};

/// A service-level target such as `80/20`: 80% answered within 20 s.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    pub share: f64,
    pub within: Seconds,
}

impl std::str::FromStr for Target {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("'{s}' is not a target; write PERCENT/SECONDS such as 80/20");
        let (p, t) = s.split_once('/').ok_or_else(bad)?;
        let share: f64 = p.trim().trim_end_matches('%').parse().map_err(|_| bad())?;
        if !(0.0..100.0).contains(&share) || share <= 0.0 {
            return Err(format!("'{s}': the percentage must be above 0 and below 100"));
        }
        let within: Seconds = t.parse()?;
        if within.0 <= 0 {
            return Err(bad());
        }
        Ok(Target { share: share / 100.0, within })
    }
}

#[derive(Debug, Args)]
pub struct StaffingArgs {
    /// CDR files: paths, globs, or - for CSV on stdin.
    #[arg(required = true, value_name = "FILES")]
    pub files: Vec<String>,

    /// Interval size.
    #[arg(long, default_value = "30m", value_name = "15m|30m|1h")]
    pub interval: Interval,

    /// Service-level target: PERCENT/SECONDS.
    #[arg(long, default_value = "80/20", value_name = "PCT/SECS")]
    pub target: Target,

    /// Share of paid time agents are not available (breaks, training): scheduled = required / (1 - shrinkage).
    #[arg(long, default_value = "0", value_name = "FRACTION", value_parser = parse_shrinkage)]
    pub shrinkage: f64,

    /// Highest occupancy (traffic / agents) the staffing may plan for.
    #[arg(long, default_value = "1", value_name = "FRACTION", value_parser = values::parse_fraction)]
    pub max_occupancy: f64,

    /// Time zone for interval boundaries (IANA name).
    #[arg(long, default_value = "UTC", value_name = "TZ", value_parser = values::parse_tz)]
    pub tz: chrono_tz::Tz,

    /// Zone of input timestamps without an offset.
    #[arg(long, default_value = "UTC", value_name = "TZ", value_parser = values::parse_tz)]
    pub input_tz: chrono_tz::Tz,

    /// Input format; by default from each file's extension.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,

    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,

    /// Write to this file (atomically) instead of stdout.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Fail with exit code 3 on the first invalid row.
    #[arg(long)]
    pub strict: bool,

    /// Column mapping, delimiter and log-format options, as for `report`.
    #[command(flatten)]
    pub input: super::input_args::InputArgs,

    /// Settings file with per-queue targets (`[queues.NAME] target = "90/10"`); default
    /// ./callstat.toml when present. --target is the target of the other queues.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
}

fn parse_shrinkage(s: &str) -> Result<f64, String> {
    let v = values::parse_fraction(s)?;
    if v >= 1.0 {
        return Err("shrinkage must be below 1".into());
    }
    Ok(v)
}
