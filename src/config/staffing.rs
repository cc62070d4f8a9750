//! Settings of `callstat staffing`: the shared input, zone, window, rule
//! and output settings, the target (`--target`, or a queue's own from the
//! settings file), shrinkage and maximum occupancy.

use std::collections::BTreeMap;

use chrono_tz::Tz;

use super::common::Common;
use super::emit::{Clock, Emit};
use super::load::LoadSettings;
use crate::cli::{StaffingArgs, Target};
use crate::error::{Error, Result};
use crate::metrics::Rules;
use crate::values::Interval;

/// Settings of `callstat staffing`.
#[derive(Debug, Clone)]
pub struct StaffingConfig {
    pub load: LoadSettings,
    pub interval: Interval,
    pub tz: Tz,
    pub clock: Clock,
    /// Target share answered within `rules.sl_thresholds_s[0]`.
    pub target_share: f64,
    pub model: Model,
    pub rules: Rules,
    /// Per-queue targets from the settings file: (share, seconds).
    pub queue_targets: BTreeMap<String, (f64, i64)>,
    pub emit: Emit,
    /// `--fill`: rows for intervals without calls.
    pub fill: bool,
    /// `--profile weekday`: the mean week instead of calendar intervals.
    pub profile: bool,
    /// `--pool`: queue name -> the name of its agent group.
    pub pools: BTreeMap<String, String>,
}

/// The staffing model's parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Model {
    pub interval_s: i64,
    /// Share of paid time agents are not available.
    pub shrinkage: f64,
    /// Highest occupancy the staffing may plan for.
    pub max_occupancy: f64,
    /// `--aht`: the handle time to plan with instead of each interval's.
    pub aht_s: Option<f64>,
    /// `--agents`: evaluate this many agents instead of the required ones.
    pub agents: Option<u32>,
}

impl StaffingConfig {
    pub fn from_args(a: StaffingArgs) -> Result<Self> {
        let emit = Emit::plain(&a.out)?;
        if a.rules.sl_threshold.is_some() {
            return Err(Error::Usage(
                "staffing: the service-level threshold is the seconds of --target (e.g. --target 80/20)"
                    .into(),
            ));
        }
        let common = Common::from_args(&a.zone, &a.window, &a.rules)?;
        let (tz, clock) = (common.tz, common.clock);
        let r = common.rules.clone();
        let mut rules = r.rules;
        // --target's seconds are the threshold; a queue's own target's seconds are its threshold.
        rules.sl_thresholds_s = vec![a.target.within.0];
        rules.queue_sl.clear();
        let mut queue_targets = BTreeMap::new();
        if let Some(f) = &common.layers.file {
            for (q, qs) in &f.queues {
                if let Some(t) = &qs.target {
                    let t = f.parse::<Target>(&format!("queues.{q}.target"), t)?;
                    queue_targets.insert(q.clone(), (t.share, t.within.0));
                    rules.queue_sl.insert(q.clone(), t.within.0);
                }
            }
        }
        Ok(StaffingConfig {
            load: common.load(&a.input, &a.reject, a.out.quiet)?,
            interval: r.interval,
            tz,
            clock,
            target_share: a.target.share,
            model: Model {
                interval_s: (r.interval.0).0,
                shrinkage: a.shrinkage,
                max_occupancy: a.max_occupancy,
                aht_s: a.aht.map(|s| s.0 as f64).filter(|s| *s > 0.0),
                agents: a.agents,
            },
            rules,
            queue_targets,
            emit,
            fill: a.fill.fill,
            profile: a.profile.is_some(),
            pools: pools(&a.pool)?,
        })
    }
}

/// The `--pool` groups: each queue to its group's name (the queues joined with +).
fn pools(flags: &[String]) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for flag in flags {
        let queues: Vec<&str> = flag.split(',').map(str::trim).filter(|q| !q.is_empty()).collect();
        if queues.len() < 2 {
            return Err(Error::Usage(format!(
                "--pool '{flag}': name two or more queues, e.g. --pool sales,support"
            )));
        }
        let name = queues.join("+");
        for q in queues {
            if out.insert(q.to_string(), name.clone()).is_some() {
                return Err(Error::Usage(format!("--pool: queue '{q}' is in two pools")));
            }
        }
    }
    Ok(out)
}
