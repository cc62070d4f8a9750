//! Flags of `callstat staffing`: the shared groups and the staffing target.

use clap::Args;

use super::{FillArgs, InputArgs, OutputArgs, RejectArgs, RuleArgs, WindowArgs, ZoneArgs};
use crate::values::{self, Seconds};

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
        // 0 seconds is a P(wait) target: 80/0 = at most 20% of calls wait at all.
        let within: Seconds = t.parse()?;
        Ok(Target { share: share / 100.0, within })
    }
}

#[derive(Debug, Clone, Args)]
pub struct StaffingArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub reject: RejectArgs,

    /// Service-level target: PERCENT/SECONDS; its seconds are the service-level threshold.
    /// 0 seconds is a P(wait) target: 70/0 = at most 30% of calls wait at all.
    /// Queues with `[queues.NAME] target = "90/10"` in the settings file use their own.
    #[arg(long, default_value = "80/20", value_name = "PCT/SECS")]
    pub target: Target,

    /// Share of paid time agents are not available (breaks, training): scheduled = required / (1 - shrinkage).
    #[arg(long, default_value = "0", value_name = "FRACTION", value_parser = parse_shrinkage)]
    pub shrinkage: f64,

    /// Plan with this average handle time (e.g. 3m) instead of each interval's own AHT.
    #[arg(long, value_name = "DURATION")]
    pub aht: Option<Seconds>,

    /// Evaluate this many agents: p_wait, expected service level, ASA and occupancy are for N
    /// agents (required_agents still says how many the target needs).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub agents: Option<u32>,

    /// Plan these queues as one agent group, named with + (e.g. --pool sales,support gives
    /// "sales+support"); repeat for several groups.
    #[arg(long, value_name = "QUEUES")]
    pub pool: Vec<String>,

    /// One row per queue, weekday and time of day with the mean of the weeks in the window
    /// (offered and agents seen averaged over the weekday's occurrences; AHT and SL pooled),
    /// instead of one row per calendar interval.
    #[arg(long, value_name = "weekday", value_parser = ["weekday"])]
    pub profile: Option<String>,

    /// Highest occupancy (traffic / agents) the staffing may plan for.
    #[arg(long, default_value = "1", value_name = "FRACTION", value_parser = values::parse_fraction)]
    pub max_occupancy: f64,

    #[command(flatten)]
    pub zone: ZoneArgs,

    #[command(flatten)]
    pub window: WindowArgs,

    #[command(flatten)]
    pub fill: FillArgs,

    /// The rules of the achieved service level and of AHT, as for `report`.
    #[command(flatten)]
    pub rules: RuleArgs,

    #[command(flatten)]
    pub out: OutputArgs,
}

fn parse_shrinkage(s: &str) -> Result<f64, String> {
    let v = values::parse_fraction(s)?;
    if v >= 1.0 {
        return Err("shrinkage must be below 1".into());
    }
    Ok(v)
}
