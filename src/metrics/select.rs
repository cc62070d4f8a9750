//! `--metrics`: which metrics become columns, and the column instances they
//! expand to (one service-level column per threshold, or per formula and
//! threshold with `service_level:all`).

use std::str::FromStr;

use super::defs::sl_formula;
use super::{ALL, Formula, MetricDef, Rules, SlFormula, find};
use crate::choice::Choice;

/// One output column of a metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub def: &'static MetricDef,
    /// Column id (the metric id, or a variant id such as `service_level_30s`).
    pub id: String,
    pub label: String,
    pub formula: Formula,
}

/// One item of the `--metrics` list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// The default columns (callstat 0.1).
    Default,
    /// Every metric of the registry.
    All,
    Metric(&'static MetricDef),
    /// Every service-level formula at every threshold.
    SlAll,
}

/// Which calls the default columns describe (`--direction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    #[default]
    Inbound,
    Outbound,
}

impl crate::choice::Choice for Direction {
    const WHAT: &'static str = "direction";
    const CHOICES: &'static [(&'static str, Self, &'static str)] = &[
        ("inbound", Direction::Inbound, "queue metrics over inbound calls (default)"),
        ("outbound", Direction::Outbound, "the outbound set: attempts, connected, talk, AHT"),
    ];
}
crate::choice::choice_str!(Direction);

/// The parsed `--metrics` list.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection(pub Vec<Item>);

impl Default for Selection {
    fn default() -> Self {
        Selection(vec![Item::Default])
    }
}

impl FromStr for Selection {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let mut items = Vec::new();
        for tok in s.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let item = match tok {
                "default" => Item::Default,
                "all" => Item::All,
                "service_level:all" | "sl:all" => Item::SlAll,
                id => Item::Metric(find(id).ok_or_else(|| {
                    let ids: Vec<&str> = ALL.iter().map(|m| m.id).collect();
                    format!(
                        "unknown metric '{id}'; use default, all, service_level:all or a comma list of: {}",
                        ids.join(", ")
                    )
                })?),
            };
            items.push(item);
        }
        if items.is_empty() {
            return Err("--metrics needs at least one metric".into());
        }
        Ok(Selection(items))
    }
}

fn plain(def: &'static MetricDef, rules: &Rules) -> Vec<Instance> {
    if def.id != "service_level" {
        return vec![Instance {
            def,
            id: def.id.to_string(),
            label: def.label.to_string(),
            formula: (def.formula)(rules),
        }];
    }
    let ts = &rules.sl_thresholds_s;
    if ts.len() == 1 && !rules.queue_sl.is_empty() {
        // Per-queue thresholds from the settings file apply to the one SL column.
        return vec![Instance {
            def,
            id: def.id.to_string(),
            label: def.label.to_string(),
            formula: sl_formula(rules.sl_formula, super::PER_QUEUE),
        }];
    }
    ts.iter()
        .map(|&t| Instance {
            def,
            id: if ts.len() == 1 { def.id.to_string() } else { format!("service_level_{t}s") },
            label: if ts.len() == 1 { def.label.to_string() } else { format!("SL {t}s") },
            formula: sl_formula(rules.sl_formula, t),
        })
        .collect()
}

fn sl_all(rules: &Rules) -> Vec<Instance> {
    let def = find("service_level").expect("service_level is registered");
    let mut out = Vec::new();
    for f in SlFormula::all() {
        for &t in &rules.sl_thresholds_s {
            out.push(Instance {
                def,
                id: format!("sl_{}_{t}s", f.slug()),
                label: format!("SL {} {t}s", f.name()),
                formula: sl_formula(f, t),
            });
        }
    }
    out
}

/// The columns a selection expands to, in order, without repeats.
pub fn instances(sel: &Selection, rules: &Rules) -> Vec<Instance> {
    let mut out: Vec<Instance> = Vec::new();
    for item in &sel.0 {
        let add: Vec<Instance> = match item {
            Item::Default => ALL.iter().filter(|m| m.default).flat_map(|m| plain(m, rules)).collect(),
            Item::All => ALL.iter().flat_map(|m| plain(m, rules)).collect(),
            Item::Metric(m) => plain(m, rules),
            Item::SlAll => sl_all(rules),
        };
        for i in add {
            if !out.iter().any(|o| o.id == i.id) {
                out.push(i);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_the_foundation_columns() {
        let ids: Vec<String> =
            instances(&Selection::default(), &Rules::default()).into_iter().map(|i| i.id).collect();
        assert_eq!(
            ids,
            [
                "offered",
                "answered",
                "abandoned",
                "short_abandoned",
                "abandon_rate",
                "asa_s",
                "aht_s",
                "service_level",
                "fcr_rate",
                "csat_avg",
                "csat_top2box",
                "csat_responses",
                "transfer_rate"
            ]
        );
    }

    #[test]
    fn thresholds_and_variants_expand() {
        let rules = Rules { sl_thresholds_s: vec![20, 30], ..Rules::default() };
        let sel: Selection = "offered,service_level".parse().unwrap();
        let ids: Vec<String> = instances(&sel, &rules).into_iter().map(|i| i.id).collect();
        assert_eq!(ids, ["offered", "service_level_20s", "service_level_30s"]);
        let sel: Selection = "service_level:all".parse().unwrap();
        let ids: Vec<String> = instances(&sel, &Rules::default()).into_iter().map(|i| i.id).collect();
        assert_eq!(ids.len(), 6);
        assert_eq!(ids[0], "sl_answered_20s");
        assert_eq!(ids[5], "sl_exclude_short_20s");
        assert!("nope".parse::<Selection>().unwrap_err().contains("unknown metric 'nope'"));
    }
}
