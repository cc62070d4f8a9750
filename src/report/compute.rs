//! The polars query: derives per-row quantities (wait, handle time, short
//! abandon, in-SL, FCR outcome) from the accepted calls, groups them by the
//! requested keys and sums every `metrics::Base` quantity. One lazy plan,
//! the group rows and the total row concatenated, collected once with the
//! streaming engine. The only module that builds polars expressions.

use polars::prelude::*;

use crate::dataset::Calls;
use crate::error::Result;
use crate::metrics::{Base, Sums};
use crate::schema::timestamp::US;
use crate::values::Dim;

pub const DAY_US: i64 = 86_400 * US;
const NO_NEXT: i64 = i64::MAX;

/// The rules the row-level quantities depend on, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub interval_s: i64,
    pub short_abandon_s: i64,
    pub sl_threshold_s: i64,
    pub fcr_window_s: i64,
}

/// A group key value as the query returns it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Text(String),
    /// interval start (UTC microseconds) or day (local midnight, wall-clock microseconds).
    Int(i64),
}

/// One group: its key values (in `dims` order) and its sums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub keys: Vec<Key>,
    pub sums: Sums,
}

/// What the query returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Computed {
    pub groups: Vec<Group>,
    pub total: Sums,
}

fn frame(c: &Calls) -> PolarsResult<DataFrame> {
    DataFrame::new(
        c.len(),
        vec![
            Column::new("queue".into(), &c.queue),
            Column::new("agent".into(), &c.agent),
            Column::new("caller".into(), &c.caller),
            Column::new("outbound".into(), &c.outbound),
            Column::new("arrived".into(), &c.arrived),
            Column::new("arrived_local".into(), &c.arrived_local),
            Column::new("answered".into(), &c.answered),
            Column::new("ended".into(), &c.ended),
            Column::new("acw_s".into(), &c.acw_s),
            Column::new("transferred".into(), &c.transferred),
            Column::new("csat".into(), &c.csat),
        ],
    )
}

fn count(e: Expr) -> Expr {
    e.cast(DataType::Int64)
}

/// The per-row value of each base quantity, before summing.
fn base_expr(b: Base, r: &Rules) -> Expr {
    let answered = col("answered").is_not_null();
    let abandoned = col("answered").is_null();
    let short = abandoned.clone().and(col("wait").lt(lit(r.short_abandon_s * US)));
    let eligible = answered.clone().and(col("caller").is_not_null());
    match b {
        Base::Offered => count(col("arrived").is_not_null()),
        Base::Answered => count(answered),
        Base::Abandoned => count(abandoned),
        Base::ShortAbandoned => count(short),
        Base::LongAbandoned => count(abandoned.and(short.not())),
        Base::OfferedExShort => count(short.not()),
        Base::AnsweredInSl => count(answered.and(col("wait").lt_eq(lit(r.sl_threshold_s * US)))),
        Base::WaitAnsweredUs => when(answered).then(col("wait")).otherwise(lit(0i64)),
        Base::HandleUs => when(answered)
            .then(col("ended") - col("answered") + col("acw_s").fill_null(lit(0i64)) * lit(US))
            .otherwise(lit(0i64)),
        Base::FcrEligible => count(eligible),
        Base::FcrResolved => count(
            eligible.and(
                col("next_arrival")
                    .eq(lit(NO_NEXT))
                    .or((col("next_arrival") - col("arrived")).gt(lit(r.fcr_window_s * US))),
            ),
        ),
        Base::CsatSum => col("csat").fill_null(lit(0i64)),
        Base::CsatResponses => count(col("csat").is_not_null()),
        Base::CsatTop2 => count(col("csat").gt_eq(lit(4i64)).fill_null(lit(false))),
        Base::TransferredAnswered => count(answered.and(col("transferred").fill_null(lit(false)))),
    }
}

/// The next strictly later arrival of the same caller, on a frame sorted by
/// (caller, arrived): the following row's arrival when it is the same
/// caller and later; for ties, the value of the last row of the tie run
/// (filled backwards); `NO_NEXT` when the caller has no later contact.
fn next_arrival() -> Expr {
    let same = col("caller").shift(lit(-1)).eq(col("caller"));
    let later = col("arrived").shift(lit(-1)).gt(col("arrived"));
    when(same.clone().and(later))
        .then(col("arrived").shift(lit(-1)))
        .when(same)
        .then(lit(NULL).cast(DataType::Int64))
        .otherwise(lit(NO_NEXT))
        .fill_null_with_strategy(FillNullStrategy::Backward(None))
}

fn key_expr(d: Dim, r: &Rules) -> Expr {
    let local = col("arrived_local");
    match d {
        Dim::Queue => col("queue"),
        Dim::Agent => col("agent"),
        Dim::Interval => {
            let size = r.interval_s * US;
            // Local bucket start, shifted back by this row's offset: the
            // instant the local interval began (zone changes fall on
            // interval boundaries for 15-minute multiples).
            (local.clone() - local.clone() % lit(size) - (local - col("arrived"))).alias("interval_start")
        }
        // Local midnight, as wall-clock microseconds.
        Dim::Day => (local.clone() - local % lit(DAY_US)).alias("day"),
    }
}

/// Runs the query over the calls. A panic inside the query engine becomes
/// an error (exit code 1) instead of aborting with a backtrace.
pub fn compute(calls: &Calls, dims: &[Dim], r: &Rules) -> Result<Computed> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| query(calls, dims, r))).unwrap_or_else(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        Err(crate::error::Error::Engine(msg))
    })
}

fn query(calls: &Calls, dims: &[Dim], r: &Rules) -> Result<Computed> {
    let mut lf = frame(calls)?.lazy().filter(col("outbound").not());
    if dims.contains(&Dim::Agent) {
        lf = lf.filter(col("agent").is_not_null());
    }
    let wait = when(col("answered").is_not_null())
        .then(col("answered") - col("arrived"))
        .otherwise(col("ended") - col("arrived"));
    let lf = lf
        .with_column(wait.alias("wait"))
        .sort(["caller", "arrived"], SortMultipleOptions::default().with_nulls_last(true))
        .with_column(next_arrival().alias("next_arrival"));

    let sums: Vec<Expr> = Base::ALL.iter().map(|b| base_expr(*b, r).sum().alias(b.id())).collect();
    let keys: Vec<Expr> = dims.iter().map(|d| key_expr(*d, r)).collect();
    let key_names: Vec<&str> = dims.iter().map(|d| d.column()).collect();

    let mut total_cols: Vec<Expr> = dims
        .iter()
        .map(|d| {
            let dt = if matches!(d, Dim::Queue | Dim::Agent) { DataType::String } else { DataType::Int64 };
            lit(NULL).cast(dt).alias(d.column())
        })
        .collect();
    total_cols.extend(sums.iter().cloned());
    total_cols.push(lit(true).alias("is_total"));
    let total = lf.clone().select(total_cols);

    let plan = if dims.is_empty() {
        total
    } else {
        let grouped = lf.group_by(keys).agg(sums).with_column(lit(false).alias("is_total"));
        concat([grouped, total], UnionArgs::default())?
    };
    let df = plan.collect_with_engine(Engine::Streaming)?.unwrap_single();
    extract(&df, &key_names)
}

fn extract(df: &DataFrame, key_names: &[&str]) -> Result<Computed> {
    let is_total = df.column("is_total")?.bool()?.clone();
    let sums_cols: Vec<Int64Chunked> = Base::ALL
        .iter()
        .map(|b| Ok(df.column(b.id())?.cast(&DataType::Int64)?.i64()?.clone()))
        .collect::<PolarsResult<_>>()?;
    let key_cols: Vec<&Column> = key_names.iter().map(|k| df.column(k)).collect::<PolarsResult<_>>()?;
    let mut groups = Vec::new();
    let mut total = Sums::default();
    for i in 0..df.height() {
        let mut sums = Sums::default();
        for (j, ca) in sums_cols.iter().enumerate() {
            sums.0[j] = ca.get(i).unwrap_or(0);
        }
        if is_total.get(i).unwrap_or(false) {
            total = sums;
            continue;
        }
        let mut keys = Vec::with_capacity(key_cols.len());
        for c in &key_cols {
            let k = match c.dtype() {
                DataType::String => Key::Text(c.str()?.get(i).unwrap_or_default().to_string()),
                _ => Key::Int(c.cast(&DataType::Int64)?.i64()?.get(i).unwrap_or_default()),
            };
            keys.push(k);
        }
        groups.push(Group { keys, sums });
    }
    groups.sort_by(|a, b| a.keys.cmp(&b.keys));
    Ok(Computed { groups, total })
}
