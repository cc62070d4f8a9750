//! The metrics registry: every metric callstat prints is one `MetricDef`
//! in `defs::ALL`, with its stable id, label, unit, definition in words and
//! a formula over `Agg` quantities. Help, `callstat metrics`, README and the
//! JSON `meta` all read from it.
//!
//! An `Agg` is a per-row quantity reduced over a group (a sum, a maximum, a
//! quantile, a distinct count) by `report::compute`. Ratios and means are
//! always sums over sums, never an average of ratios, so any grouping adds
//! up to the same totals. This module may not format values or know about
//! groups.

pub mod defs;
pub mod erlang;
pub mod preset;
pub mod rules;
pub mod select;
#[cfg(test)]
pub(crate) mod tests;

pub use defs::ALL;
pub use rules::{
    AbandonFormula, Boundary, FcrCensored, FcrScope, Outcome, OutcomeRule, PER_QUEUE, Rules, SlFormula,
};
pub use select::Instance;

/// What a metric's number measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A number of calls, responses or agents.
    Count,
    /// A duration in seconds.
    Seconds,
    /// A share between 0 and 1.
    Ratio,
    /// A survey score (mean).
    Score,
}

impl Unit {
    pub fn name(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Seconds => "seconds",
            Unit::Ratio => "ratio",
            Unit::Score => "score",
        }
    }
}

/// A per-row quantity and how it is reduced over a group. Thresholds are
/// in whole seconds; every quantity is over accepted inbound rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Agg {
    Offered,
    Answered,
    Abandoned,
    ShortAbandoned,
    /// Answered with wait within T (boundary from the rules).
    AnsweredWithin(i64),
    /// Abandoned with wait within T.
    AbandonedWithin(i64),
    WaitAnsweredUs,
    WaitAbandonedUs,
    HandleUs,
    TalkUs,
    HoldUs,
    AcwUs,
    /// Maximum wait of any offered call.
    MaxWaitUs,
    /// Exact nearest-rank quantile of the wait, in permille; over answered
    /// calls, or over all offered calls.
    WaitQuantileUs {
        permille: u16,
        answered_only: bool,
    },
    FcrEligible,
    FcrResolved,
    FcrCensored,
    CsatSum,
    CsatResponses,
    CsatTop,
    TransferredAnswered,
    /// Distinct agents that answered a call.
    AgentsSeen,
    /// Distinct (agent, interval) pairs with an answered call: agent
    /// presence in intervals, as far as CDRs show it.
    AgentSlots,
    /// Unanswered offered calls whose disposition is a flow-out.
    FlowedOut,
    /// Unanswered calls whose disposition leaves them out of offered.
    NotOffered,
    /// Outbound rows (dial attempts).
    OutAttempts,
    /// Outbound rows with answered_at (connected).
    OutConnected,
    /// Connected time minus hold of connected outbound rows.
    OutTalkUs,
    /// Connected time plus ACW of connected outbound rows.
    OutHandleUs,
}

/// How an `Agg` is reduced.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reduce {
    Sum,
    Max,
    Quantile(f64),
    NUnique,
}

impl Agg {
    /// Whether the quantity is over outbound rows (all others are over
    /// accepted inbound rows).
    pub fn outbound(self) -> bool {
        matches!(self, Agg::OutAttempts | Agg::OutConnected | Agg::OutTalkUs | Agg::OutHandleUs)
    }

    /// Column name of the reduced value in the query.
    pub fn id(self) -> String {
        match self {
            Agg::AnsweredWithin(rules::PER_QUEUE) => "n_answered_within_queue_t".to_string(),
            Agg::AbandonedWithin(rules::PER_QUEUE) => "n_abandoned_within_queue_t".to_string(),
            Agg::AnsweredWithin(t) => format!("n_answered_within_{t}"),
            Agg::AbandonedWithin(t) => format!("n_abandoned_within_{t}"),
            Agg::WaitQuantileUs { permille, answered_only } => {
                format!("q{permille}_wait_{}", if answered_only { "answered" } else { "all" })
            }
            other => format!("{other:?}").to_ascii_lowercase(),
        }
    }

    pub fn reduce(self) -> Reduce {
        match self {
            Agg::MaxWaitUs => Reduce::Max,
            Agg::WaitQuantileUs { permille, .. } => Reduce::Quantile(f64::from(permille) / 1000.0),
            Agg::AgentsSeen | Agg::AgentSlots => Reduce::NUnique,
            _ => Reduce::Sum,
        }
    }
}

/// A linear combination of sums: `Σ coef × agg`.
pub type Lin = Vec<(i64, Agg)>;

/// How a metric is computed from a group's reduced values.
#[derive(Debug, Clone, PartialEq)]
pub enum Formula {
    Count(Agg),
    /// `num / den`; empty when `den` is 0.
    Ratio {
        num: Lin,
        den: Lin,
    },
    /// `sum / count / scale` (scale 1e6 turns microseconds into seconds).
    Mean {
        sum: Agg,
        count: Agg,
        scale: f64,
    },
    /// A maximum or quantile divided by `scale`; empty for an empty group.
    Stat {
        agg: Agg,
        scale: f64,
    },
}

/// A metric's value for one group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Count(i64),
    Number(f64),
    /// The denominator was zero, or the group had no values.
    Empty,
}

impl Formula {
    /// Every `Agg` the formula reads.
    pub fn aggs(&self) -> Vec<Agg> {
        match self {
            Formula::Count(a) | Formula::Stat { agg: a, .. } => vec![*a],
            Formula::Ratio { num, den } => num.iter().chain(den).map(|(_, a)| *a).collect(),
            Formula::Mean { sum, count, .. } => vec![*sum, *count],
        }
    }

    /// The value, given each agg's reduced value (`None` = no value).
    pub fn value(&self, get: &dyn Fn(Agg) -> Option<i64>) -> Value {
        let lin = |l: &Lin| l.iter().map(|(c, a)| c * get(*a).unwrap_or(0)).sum::<i64>();
        let div = |num: i64, den: i64, scale: f64| {
            if den == 0 { Value::Empty } else { Value::Number(num as f64 / den as f64 / scale) }
        };
        match self {
            Formula::Count(a) => Value::Count(get(*a).unwrap_or(0)),
            Formula::Ratio { num, den } => div(lin(num), lin(den), 1.0),
            Formula::Mean { sum, count, scale } => {
                div(get(*sum).unwrap_or(0), get(*count).unwrap_or(0), *scale)
            }
            Formula::Stat { agg, scale } => {
                get(*agg).map_or(Value::Empty, |v| Value::Number(v as f64 / scale))
            }
        }
    }
}

/// One metric: the single place its meaning is defined.
#[derive(Debug, Clone, Copy)]
pub struct MetricDef {
    /// Stable id: CSV header and JSON key.
    pub id: &'static str,
    /// Table header.
    pub label: &'static str,
    pub unit: Unit,
    /// Part of the default report (the columns of callstat 0.1).
    pub default: bool,
    /// What is counted or summed on top, in words.
    pub numerator: &'static str,
    /// What it is divided by, in words (empty for counts).
    pub denominator: &'static str,
    /// Rows or calls left out, in words.
    pub exclusions: &'static str,
    /// One paragraph: the definition and the choices behind it.
    pub definition: &'static str,
    /// The formula under the given rules.
    pub formula: fn(&Rules) -> Formula,
}

impl PartialEq for MetricDef {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

/// Looks a metric up by id.
pub fn find(id: &str) -> Option<&'static MetricDef> {
    ALL.iter().find(|m| m.id == id)
}

/// How `callstat metrics` prints the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricsOutput {
    Table,
    Json,
    Markdown,
}

impl crate::choice::Choice for MetricsOutput {
    const WHAT: &'static str = "metrics format";
    const CHOICES: &'static [(&'static str, Self, &'static str)] = &[
        ("table", MetricsOutput::Table, "id, label, unit and definition, as a table"),
        ("json", MetricsOutput::Json, "the registry as JSON"),
        ("markdown", MetricsOutput::Markdown, "README's metric reference"),
    ];
}
