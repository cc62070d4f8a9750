//! The metrics registry: every metric callstat prints is one `MetricDef`
//! in `defs::ALL`, with its stable id, label, unit, formula and definition
//! in words. Help, `callstat metrics`, README and the JSON `meta` all read
//! from it.
//!
//! A metric is a formula over `Base` sums (per-row quantities summed over a
//! group). Ratios and means are always sum over sum, never an average of
//! ratios, so any grouping adds up to the same totals. This module may not
//! format values or know about groups.

pub mod defs;
#[cfg(test)]
mod tests;

pub use defs::ALL;

/// What a metric's number measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A number of calls or responses.
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

/// Per-row quantities, summed over the rows of a group by the query in
/// `report::compute`. Every one is over accepted inbound rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    Offered,
    Answered,
    Abandoned,
    ShortAbandoned,
    LongAbandoned,
    OfferedExShort,
    AnsweredInSl,
    WaitAnsweredUs,
    HandleUs,
    FcrEligible,
    FcrResolved,
    CsatSum,
    CsatResponses,
    CsatTop2,
    TransferredAnswered,
}

impl Base {
    pub const ALL: [Base; 15] = [
        Base::Offered,
        Base::Answered,
        Base::Abandoned,
        Base::ShortAbandoned,
        Base::LongAbandoned,
        Base::OfferedExShort,
        Base::AnsweredInSl,
        Base::WaitAnsweredUs,
        Base::HandleUs,
        Base::FcrEligible,
        Base::FcrResolved,
        Base::CsatSum,
        Base::CsatResponses,
        Base::CsatTop2,
        Base::TransferredAnswered,
    ];

    /// Column name of the sum in the query.
    pub fn id(self) -> &'static str {
        match self {
            Base::Offered => "n_offered",
            Base::Answered => "n_answered",
            Base::Abandoned => "n_abandoned",
            Base::ShortAbandoned => "n_short_abandoned",
            Base::LongAbandoned => "n_long_abandoned",
            Base::OfferedExShort => "n_offered_ex_short",
            Base::AnsweredInSl => "n_answered_in_sl",
            Base::WaitAnsweredUs => "sum_wait_answered_us",
            Base::HandleUs => "sum_handle_us",
            Base::FcrEligible => "n_fcr_eligible",
            Base::FcrResolved => "n_fcr_resolved",
            Base::CsatSum => "sum_csat",
            Base::CsatResponses => "n_csat",
            Base::CsatTop2 => "n_csat_top2",
            Base::TransferredAnswered => "n_transferred_answered",
        }
    }
}

/// The sums of every `Base` quantity for one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums(pub [i64; 15]);

impl Sums {
    pub fn get(&self, b: Base) -> i64 {
        self.0[b as usize]
    }
}

/// How a metric is computed from the sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formula {
    /// A count.
    Count(Base),
    /// `num / den`; empty when `den` is 0.
    Ratio { num: Base, den: Base },
    /// `sum / count` where `sum` is in microseconds; result in seconds.
    MeanSeconds { sum: Base, count: Base },
    /// `sum / count`.
    Mean { sum: Base, count: Base },
}

/// One metric: the single place its meaning is defined.
#[derive(Debug, Clone, Copy)]
pub struct MetricDef {
    /// Stable id: CSV header and JSON key.
    pub id: &'static str,
    /// Table header.
    pub label: &'static str,
    pub unit: Unit,
    pub formula: Formula,
    /// What is counted or summed on top, in words.
    pub numerator: &'static str,
    /// What it is divided by, in words (empty for counts).
    pub denominator: &'static str,
    /// Rows or calls left out, in words.
    pub exclusions: &'static str,
    /// One paragraph: the definition and the choices behind it.
    pub definition: &'static str,
}

/// A metric's value for one group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Count(i64),
    Number(f64),
    /// The denominator was zero.
    Empty,
}

impl MetricDef {
    /// The value from a group's sums.
    pub fn value(&self, s: &Sums) -> Value {
        let div = |num: i64, den: i64, scale: f64| {
            if den == 0 { Value::Empty } else { Value::Number(num as f64 / den as f64 / scale) }
        };
        match self.formula {
            Formula::Count(b) => Value::Count(s.get(b)),
            Formula::Ratio { num, den } => div(s.get(num), s.get(den), 1.0),
            Formula::MeanSeconds { sum, count } => div(s.get(sum), s.get(count), 1e6),
            Formula::Mean { sum, count } => div(s.get(sum), s.get(count), 1.0),
        }
    }
}

/// Looks a metric up by id.
pub fn find(id: &str) -> Option<&'static MetricDef> {
    ALL.iter().find(|m| m.id == id)
}
