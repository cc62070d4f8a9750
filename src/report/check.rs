//! `--fail-if` rules: `METRIC OP VALUE` checked on every row
//! (`service_level<0.80`) or on the total row only (`total.abandon_rate>5%`).
//! A value is a number, a percentage (`80%` = 0.8) or, for seconds, a
//! duration (`30s`, `2m`); a ratio's value above 1 must carry `%`. An empty
//! value (no calls to divide by) never breaches. May not print or write.

use std::fmt;
use std::str::FromStr;

use crate::metrics::{self, MetricDef};
use crate::values::Seconds;

use super::model::{Cell, Report};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Op::Lt => a < b,
            Op::Le => a <= b,
            Op::Gt => a > b,
            Op::Ge => a >= b,
        }
    }
}

/// One parsed `--fail-if` rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Only the total row (`total.` prefix) instead of every row.
    pub total: bool,
    pub metric: &'static MetricDef,
    pub op: Op,
    pub value: f64,
    /// `METRIC<target`: the value is each row's queue target (`Targets`).
    pub target: bool,
    /// The rule as the user wrote it, for messages.
    pub text: String,
}

/// Per-queue targets from the settings file (`[queues.NAME] target = "90/20"`,
/// `asa_target = "30s"`, `abandon_target = "5%"`), for `METRIC<target` rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Targets {
    /// Service-level share by queue.
    pub service_level: std::collections::BTreeMap<String, f64>,
    /// ASA seconds by queue.
    pub asa_s: std::collections::BTreeMap<String, f64>,
    /// Abandon rate by queue.
    pub abandon_rate: std::collections::BTreeMap<String, f64>,
    /// The service-level target of rows without their own (`--sl-target`).
    pub default_sl: f64,
}

impl Targets {
    /// The target of `metric` for a row of `queue` (`None`: the total row
    /// or a grouping without queues).
    pub fn of(&self, metric: &str, queue: Option<&str>) -> Option<f64> {
        let own = |m: &std::collections::BTreeMap<String, f64>| queue.and_then(|q| m.get(q).copied());
        match metric {
            "service_level" => Some(own(&self.service_level).unwrap_or(self.default_sl)),
            "asa_s" => own(&self.asa_s),
            "abandon_rate" => own(&self.abandon_rate),
            _ => None,
        }
    }
}

impl FromStr for Rule {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text: String = s.split_whitespace().collect();
        let at = text.find(['<', '>']).ok_or_else(|| {
            format!(
                "--fail-if '{s}': write METRIC<VALUE or METRIC>VALUE (also <=, >=), e.g. 'service_level<0.80'"
            )
        })?;
        let (name, rest) = text.split_at(at);
        let (op, num) = if let Some(n) = rest.strip_prefix("<=") {
            (Op::Le, n)
        } else if let Some(n) = rest.strip_prefix(">=") {
            (Op::Ge, n)
        } else if let Some(n) = rest.strip_prefix('<') {
            (Op::Lt, n)
        } else {
            (Op::Gt, &rest[1..])
        };
        let (total, id) = match name.strip_prefix("total.") {
            Some(id) => (true, id),
            None => (false, name),
        };
        let metric = metrics::find(id).ok_or_else(|| {
            let ids: Vec<&str> = metrics::ALL.iter().map(|m| m.id).collect();
            format!("--fail-if '{s}': unknown metric '{id}'; valid ids: {}", ids.join(", "))
        })?;
        if num == "target" {
            if !["service_level", "asa_s", "abandon_rate"].contains(&metric.id) {
                return Err(format!(
                    "--fail-if '{s}': only service_level, asa_s and abandon_rate have targets (the settings file's [queues.NAME] target, asa_target, abandon_target)"
                ));
            }
            return Ok(Rule { total, metric, op, value: f64::NAN, target: true, text });
        }
        let value = if let Some(p) = num.strip_suffix('%') {
            p.parse::<f64>().map(|v| v / 100.0).ok()
        } else {
            num.parse::<f64>().ok().or_else(|| num.parse::<Seconds>().ok().map(|d| d.0 as f64))
        }
        .filter(|v| v.is_finite())
        .ok_or_else(|| {
            format!("--fail-if '{s}': '{num}' is not a number, a percentage (80%) or a duration (30s)")
        })?;
        if metric.unit == metrics::Unit::Ratio && !num.ends_with('%') && value > 1.0 {
            return Err(format!(
                "--fail-if '{s}': {id} is a ratio from 0 to 1, so {num} is never reached; did you mean {name}{}{num}%?",
                &rest[..rest.len() - num.len()]
            ));
        }
        Ok(Rule { total, metric, op, value, target: false, text })
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn number(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Count(n) => Some(*n as f64),
        Cell::Number(x) => Some(*x),
        _ => None,
    }
}

/// One row that broke a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Breach {
    pub rule: String,
    /// `queue=sales`, `queue=sales interval_start=...` or `TOTAL`.
    pub row: String,
    pub value: f64,
}

/// Checks every rule against the report (before `--columns` narrows it).
/// A `target` rule compares each row with its queue's target; a row
/// without one is not checked.
pub fn breaches(report: &Report, rules: &[Rule], targets: &Targets) -> Vec<Breach> {
    let k = report.key_count;
    let queue_col = report.columns[..k].iter().position(|c| c.id == "queue");
    let mut out = Vec::new();
    for rule in rules {
        let Some(m) = report.columns[k..].iter().position(|c| c.id == rule.metric.id) else {
            continue;
        };
        let mut check = |row: String, queue: Option<&str>, cell: &Cell| {
            let limit = if rule.target { targets.of(rule.metric.id, queue) } else { Some(rule.value) };
            let Some(limit) = limit else { return };
            if let Some(v) = number(cell).filter(|v| rule.op.holds(*v, limit)) {
                out.push(Breach { rule: rule.text.clone(), row, value: v });
            }
        };
        if rule.total || k == 0 {
            check("TOTAL".to_string(), None, &report.total[m]);
            continue;
        }
        for row in &report.rows {
            let name: Vec<String> = report.columns[..k]
                .iter()
                .zip(&row[..k])
                .map(|(c, v)| match v {
                    Cell::Text(s) => format!("{}={s}", c.id),
                    _ => format!("{}=", c.id),
                })
                .collect();
            let queue = queue_col.and_then(|q| match &row[q] {
                Cell::Text(s) => Some(s.as_str()),
                _ => None,
            });
            check(name.join(" "), queue, &row[k + m]);
        }
    }
    out
}

/// Rows listed per rule in the breach report; the rest are counted.
const ROWS_SHOWN: usize = 20;

/// The stderr text for breaches: a line per rule (the first gets its
/// `callstat: error: ` prefix from `main`), then one indented line per
/// breaching row with its value, at most `ROWS_SHOWN` per rule.
pub fn describe(breaches: &[Breach]) -> String {
    let mut rules: Vec<&str> = breaches.iter().map(|b| b.rule.as_str()).collect();
    rules.dedup();
    let blocks: Vec<String> = rules
        .iter()
        .map(|r| {
            let rows: Vec<&Breach> = breaches.iter().filter(|b| b.rule == *r).collect();
            let mut text = format!("--fail-if '{r}' breached by {} row(s):", rows.len());
            for b in rows.iter().take(ROWS_SHOWN) {
                text.push_str(&format!("\n  {}: {}", b.row, (b.value * 1e6).round() / 1e6));
            }
            if rows.len() > ROWS_SHOWN {
                text.push_str(&format!("\n  ... and {} more", rows.len() - ROWS_SHOWN));
            }
            text
        })
        .collect();
    blocks.join("\ncallstat: error: ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse() {
        let r: Rule = "service_level < 0.80".parse().unwrap();
        assert_eq!((r.total, r.metric.id, r.op, r.value), (false, "service_level", Op::Lt, 0.8));
        let r: Rule = "total.abandon_rate>=5%".parse().unwrap();
        assert_eq!((r.total, r.op, r.value), (true, Op::Ge, 0.05));
        let r: Rule = "asa_s>30s".parse().unwrap();
        assert_eq!(r.value, 30.0);
        let r: Rule = "aht_s<=5m".parse().unwrap();
        assert_eq!(r.value, 300.0);
        assert!("sl<0.8".parse::<Rule>().unwrap_err().contains("service_level"));
        assert!("service_level=0.8".parse::<Rule>().is_err());
        assert!("service_level<abc".parse::<Rule>().is_err());
        let e = "service_level<80".parse::<Rule>().unwrap_err();
        assert!(e.contains("did you mean service_level<80%?"), "{e}");
        assert_eq!("service_level<80%".parse::<Rule>().unwrap().value, 0.8);
        assert_eq!("offered<80".parse::<Rule>().unwrap().value, 80.0);
    }
}
