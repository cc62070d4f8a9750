//! The polars query: derives per-row quantities (wait, handle time, short
//! abandon, within-threshold flags, FCR outcome) from the accepted calls,
//! groups them by the requested keys and reduces every requested
//! `metrics::Agg`. One lazy plan, the group rows and the total row
//! concatenated, collected once with the streaming engine. The only module
//! that builds polars expressions over calls.

use polars::prelude::*;

use crate::dataset::Calls;
use crate::error::Result;
use crate::interned::Names;
use crate::maybe::Maybe;
use crate::metrics::{Agg, Boundary, Outcome, PER_QUEUE, Reduce, Rules};
use crate::schema::timestamp::US;
use crate::values::Dim;

pub const DAY_US: i64 = 86_400 * US;
/// The key shown for a missing channel or extra column value.
const NONE: &str = "(none)";
/// The key number of `NONE` when no input value is `(none)`.
const NO_NAME: u32 = u32::MAX;
pub const HOUR_US: i64 = 3600 * US;

/// How calls are grouped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grouping {
    pub dims: Vec<Dim>,
    /// Size of `interval` buckets in seconds.
    pub interval_s: i64,
}

/// A group key value as the query returns it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Text(String),
    /// Interval start (UTC microseconds); day, week or hour start (local
    /// wall-clock microseconds); month (`yyyymm`).
    Int(i64),
}

/// One group: its key values (in `dims` order) and the reduced value of
/// every requested agg (`None`: no value, e.g. the maximum of nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub keys: Vec<Key>,
    pub values: Vec<Option<i64>>,
}

/// What the query returns; `aggs` gives the order of `values`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Computed {
    pub aggs: Vec<Agg>,
    pub groups: Vec<Group>,
    pub total: Vec<Option<i64>>,
}

impl Computed {
    /// Looks an agg's value up in one group's values.
    pub fn get(&self, values: &[Option<i64>], agg: Agg) -> Option<i64> {
        self.aggs.iter().position(|a| *a == agg).and_then(|i| values[i])
    }
}

/// The columns a query reads, so the frame copies no others.
fn needed(g: &Grouping, r: &Rules, aggs: &[Agg]) -> Vec<&'static str> {
    let mut cols = vec!["outbound", "arrived", "answered", "ended"];
    let has = |a: &dyn Fn(&Agg) -> bool| aggs.iter().any(a);
    let dim = |d: Dim| g.dims.contains(&d);
    let local_key =
        [Dim::Interval, Dim::Day, Dim::Week, Dim::HourOfDay, Dim::Weekday].iter().any(|d| dim(*d));
    let wants = [
        ("queue", dim(Dim::Queue) || !r.queue_sl.is_empty()),
        ("agent", dim(Dim::Agent) || has(&|a| *a == Agg::AgentsSeen)),
        (
            "caller",
            r.fcr_key.is_none()
                && has(&|a| matches!(a, Agg::FcrEligible | Agg::FcrResolved | Agg::FcrCensored)),
        ),
        ("attr", dim(Dim::Interval)),
        ("attr_local", local_key),
        ("attr_month", dim(Dim::Month)),
        ("hold_s", has(&|a| matches!(a, Agg::TalkUs | Agg::HoldUs | Agg::OutTalkUs))),
        ("acw_s", has(&|a| matches!(a, Agg::HandleUs | Agg::AcwUs | Agg::OutHandleUs))),
        ("transferred", has(&|a| *a == Agg::TransferredAnswered)),
        ("csat", has(&|a| matches!(a, Agg::CsatSum | Agg::CsatResponses | Agg::CsatTop))),
        ("disposition", !r.outcomes.is_empty()),
        ("channel", dim(Dim::Channel)),
    ];
    cols.extend(wants.iter().filter(|w| w.1).map(|w| w.0));
    cols
}

/// The calls as a polars frame, with the columns in `cols` and every extra
/// column. Text columns are name numbers (`UInt32`): the query groups and
/// compares numbers, and `extract` turns the key numbers back into text.
fn frame(c: &Calls, cols: &[&str]) -> PolarsResult<DataFrame> {
    let mut columns: Vec<Column> = cols
        .iter()
        .map(|&name| match name {
            "queue" => Column::new(name.into(), &c.queue),
            "agent" => names_column(name, &c.agent),
            "caller" => names_column(name, &c.caller),
            "outbound" => Column::new(name.into(), &c.outbound),
            "arrived" => Column::new(name.into(), &c.arrived),
            "attr" => Column::new(name.into(), &c.attr),
            "attr_local" => Column::new(name.into(), &c.attr_local),
            "attr_month" => Column::new(name.into(), &c.attr_month),
            "answered" => ints_column(name, &c.answered),
            "ended" => Column::new(name.into(), &c.ended),
            "hold_s" => ints_column(name, &c.hold_s),
            "acw_s" => ints_column(name, &c.acw_s),
            "transferred" => Column::new(name.into(), &c.transferred),
            "csat" => ints_column(name, &c.csat),
            "disposition" => names_column(name, &c.disposition),
            "channel" => names_column(name, &c.channel),
            other => unreachable!("no column {other}"),
        })
        .collect();
    for (k, values) in c.extra.iter().enumerate() {
        columns.push(names_column(&format!("extra_{k}"), values));
    }
    DataFrame::new(c.len(), columns)
}

fn names_column(name: &str, values: &Maybe<u32>) -> Column {
    UInt32Chunked::from_iter_options(name.into(), values.iter()).into_column()
}

fn ints_column(name: &str, values: &Maybe<i64>) -> Column {
    Int64Chunked::from_iter_options(name.into(), values.iter()).into_column()
}

/// The column name of a key in the query.
fn key_name(d: Dim) -> String {
    match d {
        Dim::Extra(i) => format!("extra_{i}"),
        d => d.column().to_string(),
    }
}

fn count(e: Expr) -> Expr {
    e.cast(DataType::Int64)
}

/// The threshold in microseconds: a constant, or each queue's own.
fn threshold_us(t: i64, r: &Rules, names: &Names) -> Expr {
    if t != PER_QUEUE || r.queue_sl.is_empty() {
        let t = if t == PER_QUEUE { r.sl_threshold_s() } else { t };
        return lit(t * US);
    }
    // Queues of the settings file that have no calls here need no branch.
    r.queue_sl
        .iter()
        .filter_map(|(q, s)| Some((names.get(q)?, s)))
        .fold(lit(r.sl_threshold_s() * US), |rest, (q, s)| {
            when(col("queue").eq(lit(q))).then(lit(s * US)).otherwise(rest)
        })
}

fn within(t: i64, r: &Rules, names: &Names) -> Expr {
    match r.sl_boundary {
        Boundary::Le => col("wait").lt_eq(threshold_us(t, r, names)),
        Boundary::Lt => col("wait").lt(threshold_us(t, r, names)),
    }
}

fn answered_or_zero(e: Expr) -> Expr {
    when(col("answered").is_not_null()).then(e).otherwise(lit(0i64))
}

fn fcr_key(r: &Rules) -> Expr {
    match r.fcr_key {
        None => col("caller"),
        Some(k) => col(format!("extra_{k}")),
    }
}

fn fcr_eligible(r: &Rules) -> Expr {
    let e = col("answered").is_not_null().and(fcr_key(r).is_not_null());
    if r.fcr_exclude_censored { e.and(col("censored").not()) } else { e }
}

/// Unanswered rows whose disposition is one of `outcomes`.
fn outcome_is(outcomes: &[&str], names: &Names) -> Expr {
    let any = outcomes
        .iter()
        .filter_map(|n| names.get(n))
        .fold(lit(false), |acc, id| acc.or(col("disposition").eq(lit(id))));
    col("answered").is_null().and(any.fill_null(lit(false)))
}

/// The per-row value of an agg, before it is reduced.
fn row_expr(a: Agg, r: &Rules, names: &Names) -> Expr {
    let answered = col("answered").is_not_null();
    let flowout = outcome_is(&r.outcomes_of(Outcome::FlowOut), names);
    let abandoned = col("answered").is_null().and(flowout.clone().not());
    let short = abandoned.clone().and(col("wait").lt(lit(r.short_abandon_s * US)));
    match a {
        Agg::Offered => count(col("arrived").is_not_null()),
        Agg::Answered => count(answered),
        Agg::Abandoned => count(abandoned),
        Agg::ShortAbandoned => count(short),
        Agg::AnsweredWithin(t) => count(answered.and(within(t, r, names))),
        Agg::AbandonedWithin(t) => count(abandoned.and(within(t, r, names))),
        Agg::WaitAnsweredUs => answered_or_zero(col("wait")),
        Agg::WaitAbandonedUs => when(abandoned).then(col("wait")).otherwise(lit(0i64)),
        Agg::HandleUs => {
            answered_or_zero(col("ended") - col("answered") + col("acw_s").fill_null(lit(0i64)) * lit(US))
        }
        Agg::TalkUs => {
            answered_or_zero(col("ended") - col("answered") - col("hold_s").fill_null(lit(0i64)) * lit(US))
        }
        Agg::HoldUs => answered_or_zero(col("hold_s").fill_null(lit(0i64)) * lit(US)),
        Agg::AcwUs => answered_or_zero(col("acw_s").fill_null(lit(0i64)) * lit(US)),
        Agg::MaxWaitUs => col("wait"),
        Agg::WaitQuantileUs { answered_only: true, .. } => {
            when(answered).then(col("wait")).otherwise(lit(NULL).cast(DataType::Int64))
        }
        Agg::WaitQuantileUs { answered_only: false, .. } => col("wait"),
        Agg::FcrEligible => count(fcr_eligible(r)),
        Agg::FcrResolved => count(fcr_eligible(r).and(col("repeat").not())),
        Agg::FcrCensored => count(answered.and(fcr_key(r).is_not_null()).and(col("censored"))),
        Agg::CsatSum => col("csat").fill_null(lit(0i64)),
        Agg::CsatResponses => count(col("csat").is_not_null()),
        Agg::CsatTop => count(
            col("csat")
                .gt_eq(lit(r.csat_top.0))
                .and(col("csat").lt_eq(lit(r.csat_top.1)))
                .fill_null(lit(false)),
        ),
        Agg::TransferredAnswered => count(answered.and(col("transferred").fill_null(lit(false)))),
        Agg::AgentsSeen => when(answered).then(col("agent")).otherwise(lit(NULL).cast(DataType::UInt32)),
        Agg::AgentSlots => when(answered).then(col("agent_slot")).otherwise(lit(NULL).cast(DataType::Int64)),
        Agg::FlowedOut => count(flowout),
        Agg::NotOffered => count(outcome_is(&r.outcomes_of(Outcome::NotOffered), names)),
        Agg::OutAttempts => count(col("arrived").is_not_null()),
        Agg::OutConnected => count(answered),
        Agg::OutTalkUs => {
            answered_or_zero(col("ended") - col("answered") - col("hold_s").fill_null(lit(0i64)) * lit(US))
        }
        Agg::OutHandleUs => {
            answered_or_zero(col("ended") - col("answered") + col("acw_s").fill_null(lit(0i64)) * lit(US))
        }
    }
}

fn reduced(a: Agg, r: &Rules, names: &Names) -> Expr {
    // Inbound quantities ignore outbound rows and calls that were not
    // offered; outbound ones the other way round.
    let mine = if a.outbound() {
        col("outbound")
    } else if a == Agg::NotOffered {
        col("outbound").not()
    } else {
        col("outbound").not().and(outcome_is(&r.outcomes_of(Outcome::NotOffered), names).not())
    };
    let e = when(mine).then(row_expr(a, r, names)).otherwise(lit(NULL));
    let e = match a.reduce() {
        Reduce::Sum => e.sum(),
        Reduce::Max => e.max(),
        Reduce::Quantile(q) => e.quantile(lit(q), QuantileMethod::Equiprobable),
        Reduce::NUnique => e.drop_nulls().n_unique(),
    };
    e.cast(DataType::Int64).alias(a.id())
}

/// The key of a grouping dimension. Text keys are name numbers; a missing
/// channel or extra value is the name `(none)`.
fn key_expr(d: Dim, interval_s: i64, none: u32) -> Expr {
    let local = col("attr_local");
    let midnight = local.clone() - local.clone() % lit(DAY_US);
    match d {
        Dim::Queue => col("queue"),
        Dim::Channel => col("channel").fill_null(lit(none)).alias("channel"),
        Dim::Extra(i) => col(format!("extra_{i}")).fill_null(lit(none)).alias(format!("extra_{i}")),
        Dim::Direction => {
            when(col("outbound")).then(lit("outbound")).otherwise(lit("inbound")).alias("direction")
        }
        Dim::Agent => col("agent"),
        Dim::Interval => {
            let size = interval_s * US;
            // Local bucket start, shifted back by this row's offset: the
            // instant the local interval began (zone changes fall on
            // interval boundaries for 15-minute multiples).
            (local.clone() - local.clone() % lit(size) - (local - col("attr"))).alias("interval_start")
        }
        // Local midnight, as wall-clock microseconds.
        Dim::Day => midnight.alias("day"),
        // Monday 00:00 of the week (1970-01-01 was a Thursday).
        Dim::Week => (midnight.clone() - (midnight + lit(3 * DAY_US)) % lit(7 * DAY_US)).alias("week"),
        Dim::Month => col("attr_month").alias("month"),
        Dim::HourOfDay => ((local.clone() % lit(DAY_US)) - local % lit(HOUR_US)).alias("hour_of_day"),
        Dim::Weekday => ((midnight + lit(3 * DAY_US)) % lit(7 * DAY_US)).alias("weekday"),
    }
}

/// A number per (agent, local interval) pair, for counting the intervals
/// in which agents answered calls.
fn agent_slots(calls: &Calls, interval_s: i64) -> Vec<Option<i64>> {
    let size = interval_s.max(1) * US;
    calls
        .agent
        .iter()
        .zip(&calls.attr_local)
        .map(|(a, local)| Some(i64::from(a?) * (1 << 40) + local.div_euclid(size)))
        .collect()
}

/// Runs the query over the calls. A panic inside the query engine becomes
/// an error (exit code 1) instead of aborting with a backtrace.
pub fn compute(calls: &Calls, g: &Grouping, r: &Rules, aggs: &[Agg]) -> Result<Computed> {
    let mut uniq: Vec<Agg> = Vec::new();
    for a in aggs {
        if !uniq.contains(a) {
            uniq.push(*a);
        }
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| query(calls, g, r, &uniq))).unwrap_or_else(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        Err(crate::error::Error::Engine(msg))
    })
}

fn query(calls: &Calls, g: &Grouping, r: &Rules, aggs: &[Agg]) -> Result<Computed> {
    let dims = &g.dims;
    let mut df = frame(calls, &needed(g, r, aggs))?;
    if aggs.contains(&Agg::FcrResolved) {
        let repeat = super::fcr::repeats(calls, r);
        df.with_column(Column::new("repeat".into(), repeat))?;
    }
    if aggs.contains(&Agg::AgentSlots) {
        df.with_column(Column::new("agent_slot".into(), agent_slots(calls, r.interval_s)))?;
    }
    let mut lf = df.lazy();
    if !aggs.iter().any(|a| a.outbound()) {
        lf = lf.filter(col("outbound").not());
    }
    let wait = when(col("answered").is_not_null())
        .then(col("answered") - col("arrived"))
        .otherwise(col("ended") - col("arrived"));
    // Censoring looks at every inbound contact, so it is derived before the
    // agent filter below.
    lf = lf.with_column(wait.alias("wait")).with_column(
        col("arrived")
            .gt(col("arrived").filter(col("outbound").not()).max() - lit(r.fcr_window_s * US))
            .alias("censored"),
    );
    if dims.contains(&Dim::Agent) {
        lf = lf.filter(col("agent").is_not_null());
    }

    let names = &calls.names;
    let values: Vec<Expr> = aggs.iter().map(|a| reduced(*a, r, names)).collect();
    let none = names.get(NONE).unwrap_or(NO_NAME);
    let keys: Vec<Expr> = dims.iter().map(|d| key_expr(*d, g.interval_s, none)).collect();
    let key_names: Vec<String> = dims.iter().map(|d| key_name(*d)).collect();

    let mut total_cols: Vec<Expr> = dims
        .iter()
        .map(|d| {
            let dt = match d {
                Dim::Direction => DataType::String,
                Dim::Queue | Dim::Agent | Dim::Channel | Dim::Extra(_) => DataType::UInt32,
                _ => DataType::Int64,
            };
            lit(NULL).cast(dt).alias(key_name(*d))
        })
        .collect();
    total_cols.extend(values.iter().cloned());
    total_cols.push(lit(true).alias("is_total"));
    let total = lf.clone().select(total_cols);

    let plan = if dims.is_empty() {
        total
    } else {
        let grouped = lf.group_by(keys).agg(values).with_column(lit(false).alias("is_total"));
        concat([grouped, total], UnionArgs::default())?
    };
    let df = plan.collect_with_engine(Engine::Streaming)?.unwrap_single();
    extract(&df, &key_names, aggs, names)
}

fn extract(df: &DataFrame, key_names: &[String], aggs: &[Agg], names: &Names) -> Result<Computed> {
    let is_total = df.column("is_total")?.bool()?.clone();
    let value_cols: Vec<Int64Chunked> = aggs
        .iter()
        .map(|a| Ok(df.column(&a.id())?.cast(&DataType::Int64)?.i64()?.clone()))
        .collect::<PolarsResult<_>>()?;
    let key_cols: Vec<&Column> = key_names.iter().map(|k| df.column(k)).collect::<PolarsResult<_>>()?;
    let mut groups = Vec::new();
    let mut total = vec![None; aggs.len()];
    for i in 0..df.height() {
        let values: Vec<Option<i64>> = value_cols.iter().map(|ca| ca.get(i)).collect();
        if is_total.get(i).unwrap_or(false) {
            total = values;
            continue;
        }
        let mut keys = Vec::with_capacity(key_cols.len());
        for c in &key_cols {
            let k = match c.dtype() {
                DataType::String => Key::Text(c.str()?.get(i).unwrap_or_default().to_string()),
                DataType::UInt32 => Key::Text(match c.u32()?.get(i) {
                    Some(NO_NAME) => NONE.to_string(),
                    Some(id) => names.name(id).to_string(),
                    None => String::new(),
                }),
                _ => Key::Int(c.cast(&DataType::Int64)?.i64()?.get(i).unwrap_or_default()),
            };
            keys.push(k);
        }
        groups.push(Group { keys, values });
    }
    groups.sort_by(|a, b| a.keys.cmp(&b.keys));
    Ok(Computed { aggs: aggs.to_vec(), groups, total })
}
