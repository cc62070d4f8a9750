//! The metric rules of a command: the defaults, then the preset, then each
//! rule from the flags or the settings file (`Layers::get`), then the
//! per-queue thresholds of `[queues.NAME]`.

use super::layers::Layers;
use crate::cli::RuleArgs;
use crate::error::{Error, Result};
use crate::metrics::preset::Preset;
use crate::metrics::{FcrCensored, OutcomeRule, Rules};
use crate::values::{Attribution, Interval, ScoreRange, Seconds, SecondsList};

/// The rules, the attribution and the preset in force.
#[derive(Debug, Clone)]
pub struct RuleSettings {
    pub rules: Rules,
    pub attribution: Attribution,
    pub preset: Option<Preset>,
    pub interval: Interval,
}

pub fn rules_from(a: &RuleArgs, l: &Layers) -> Result<RuleSettings> {
    let mut rules = Rules::default();
    let mut attribution = Attribution::Arrival;
    let preset = l.get::<Preset>("preset", a.preset)?;
    if let Some(p) = preset {
        attribution = p.apply(&mut rules);
    }
    let interval = l.get::<Interval>("interval", a.interval)?.unwrap_or(Interval(Seconds(1800)));
    rules.interval_s = (interval.0).0;
    if let Some(s) = l.get::<Seconds>("short_abandon", a.short_abandon)? {
        rules.short_abandon_s = s.0;
    }
    if let Some(list) = l.get::<SecondsList>("sl_threshold", a.sl_threshold.clone())? {
        let mut ts: Vec<i64> = Vec::new();
        for t in &list.0 {
            if !ts.contains(&t.0) {
                ts.push(t.0);
            }
        }
        rules.sl_thresholds_s = ts;
    }
    if let Some(v) = l.get("sl_formula", a.sl_formula)? {
        rules.sl_formula = v;
    }
    if let Some(v) = l.get("sl_boundary", a.sl_boundary)? {
        rules.sl_boundary = v;
    }
    if let Some(v) = l.get("abandon_formula", a.abandon_formula)? {
        rules.abandon_formula = v;
    }
    if let Some(v) = l.get("attribute_by", a.attribute_by)? {
        attribution = v;
    }
    if let Some(v) = l.get::<Seconds>("fcr_window", a.fcr_window)? {
        rules.fcr_window_s = v.0;
    }
    if let Some(v) = l.get::<Seconds>("fcr_min_gap", a.fcr_min_gap)? {
        rules.fcr_min_gap_s = v.0;
    }
    if let Some(v) = l.get("fcr_scope", a.fcr_scope)? {
        rules.fcr_scope = v;
    }
    if let Some(v) = l.get::<FcrCensored>("fcr_censored", a.fcr_censored)? {
        rules.fcr_exclude_censored = v == FcrCensored::Exclude;
    }
    if let Some(r) = l.get::<ScoreRange>("csat_scale", a.validity.csat_scale)? {
        rules.csat_scale = (r.0, r.1);
    }
    rules.csat_top = match l.get::<ScoreRange>("csat_top_box", a.csat_top_box)? {
        Some(r) => (r.0, r.1),
        None => match rules.csat_scale {
            (0, 10) => (9, 10),
            (lo, hi) => ((hi - 1).max(lo), hi),
        },
    };
    let (lo, hi) = rules.csat_scale;
    if rules.csat_top.0 < lo || rules.csat_top.1 > hi {
        return Err(Error::Usage(format!(
            "--csat-top-box {}..{} lies outside --csat-scale {lo}..{hi}",
            rules.csat_top.0, rules.csat_top.1
        )));
    }
    for rule in l.list::<OutcomeRule>("outcome", &a.outcome)? {
        rules.outcomes.insert(rule.0, rule.1);
    }
    if let Some(f) = &l.file {
        for (q, qs) in &f.queues {
            if let Some(t) = &qs.sl_threshold {
                let t = f.parse::<Seconds>(&format!("queues.{q}.sl_threshold"), t)?;
                rules.queue_sl.insert(q.clone(), t.0);
            }
        }
    }
    Ok(RuleSettings { rules, attribution, preset, interval })
}

/// Only the CSAT scale (what `inspect` validates with).
pub fn csat_scale(a: &crate::cli::ValidityArgs, l: &Layers) -> Result<(i64, i64)> {
    Ok(l.get::<ScoreRange>("csat_scale", a.csat_scale)?.map_or(Rules::default().csat_scale, |r| (r.0, r.1)))
}
