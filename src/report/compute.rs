//! The aggregation: derives per-row quantities (wait, handle time, short
//! abandon, within-threshold flags, FCR outcome) from the accepted calls,
//! groups them by the requested keys and reduces every requested
//! `metrics::Agg`, for every group and for the total row, in one pass over
//! the calls. The only module that says what an `Agg` is of one row.
//!
//! It was a polars lazy query over a copy of every column; a pass over the
//! columns already in memory, with group keys that are numbers, gives the
//! same figures (36 report variants compared byte for byte on 1M rows)
//! with half the memory and less time (README "Performance").

use super::facts::Facts;
pub use super::facts::{One, Resolved, censored_after};
use crate::dataset::Calls;
use crate::error::Result;
use crate::interned::Names;
use crate::metrics::{Agg, Boundary, Outcome, Rules};
use crate::report::partial::Partial;
use crate::schema::timestamp::US;
use crate::values::Dim;

pub const DAY_US: i64 = 86_400 * US;
/// The key shown for a missing channel or extra column value.
pub const NONE: &str = "(none)";
/// The key number of a missing name (never a name's number).
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Computed {
    pub aggs: Vec<Agg>,
    pub groups: Vec<Group>,
    pub total: Vec<Option<i64>>,
    /// Accepted calls left out by the report's `--since`/`--until` window.
    pub outside: u64,
}

impl Computed {
    /// Looks an agg's value up in one group's values.
    pub fn get(&self, values: &[Option<i64>], agg: Agg) -> Option<i64> {
        self.aggs.iter().position(|a| *a == agg).and_then(|i| values[i])
    }
}

/// A number per (agent, local interval) pair, for counting the intervals
/// in which agents answered calls: the agent's name number in the high 32
/// bits, the interval's number in the low 32 (intervals are 15 minutes or
/// longer, so years 0000-9999 number fewer than 2^31 of them).
fn agent_slot(agent: Option<u32>, local: i64, interval_s: i64) -> Option<i64> {
    let slot = local.div_euclid(interval_s.max(1) * US) as u32;
    Some(((u64::from(agent?) << 32) | u64::from(slot)) as i64)
}

/// Aggregates the calls. A panic becomes an error (exit code 1) instead of
/// aborting with a backtrace.
pub fn compute(calls: &Calls, g: &Grouping, r: &Rules, aggs: &[Agg]) -> Result<Computed> {
    let uniq = distinct(aggs);
    caught(|| aggregate(calls, g, r, &uniq))
}

/// The aggs in their first order, each once.
pub fn distinct(aggs: &[Agg]) -> Vec<Agg> {
    let mut uniq: Vec<Agg> = Vec::new();
    for a in aggs {
        if !uniq.contains(a) {
            uniq.push(*a);
        }
    }
    uniq
}

/// Runs `f`; a panic becomes `Error::Engine` (exit code 1).
pub fn caught<T>(f: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        crate::error::Error::Engine(msg)
    })
}

/// The names that rules and keys look up (outcome dispositions, queues
/// with their own SL threshold, the missing-value key), so that a
/// dictionary filled while reading has them from the start.
pub fn names_of_rules(r: &Rules) -> Vec<String> {
    let mut v: Vec<String> = [Outcome::FlowOut, Outcome::NotOffered]
        .iter()
        .flat_map(|o| r.outcomes_of(*o).iter().map(|n| n.to_string()).collect::<Vec<_>>())
        .collect();
    v.extend(r.queue_sl.keys().map(|q| q.to_string()));
    v.push(NONE.to_string());
    v
}

/// The value of FCR agg `a` of an answered call with a key, or `None`
/// for an agg that is not an FCR one.
pub fn fcr_value(a: Agg, censored: bool, repeat: bool, r: &Rules) -> Option<i64> {
    let eligible = !(r.fcr_exclude_censored && censored);
    let n = |b: bool| Some(i64::from(b));
    match a {
        Agg::FcrEligible => n(eligible),
        Agg::FcrResolved => n(eligible && !repeat),
        Agg::FcrCensored => n(censored),
        _ => None,
    }
}

/// Whether `a` is counted by `fcr_value`.
pub fn is_fcr(a: Agg) -> bool {
    matches!(a, Agg::FcrEligible | Agg::FcrResolved | Agg::FcrCensored)
}

/// The value of agg `a` for one call (`None`: no value). Inbound aggs
/// ignore outbound calls and calls that were not offered; outbound aggs
/// the other way round.
fn value(a: Agg, c: &One<'_>, row: &Facts, res: &Resolved, r: &Rules) -> Option<i64> {
    let mine = if a.outbound() {
        row.outbound
    } else if a == Agg::NotOffered {
        !row.outbound
    } else {
        !row.outbound && !row.not_offered
    };
    if !mine {
        return None;
    }
    let answered = row.answered.is_some();
    let if_answered = |v: i64| Some(if answered { v } else { 0 });
    let within = |t: i64| {
        let limit = res.threshold_us(t, c.queue);
        match r.sl_boundary {
            Boundary::Le => row.wait <= limit,
            Boundary::Lt => row.wait < limit,
        }
    };
    let n = |b: bool| Some(i64::from(b));
    match a {
        Agg::Offered | Agg::OutAttempts => Some(1),
        Agg::Answered | Agg::OutConnected => n(answered),
        Agg::Abandoned => n(row.abandoned),
        Agg::ShortAbandoned => n(row.short),
        Agg::AnsweredWithin(t) => n(answered && within(t)),
        Agg::AbandonedWithin(t) => n(row.abandoned && within(t)),
        Agg::WaitAnsweredUs => if_answered(row.wait),
        Agg::WaitAbandonedUs => Some(if row.abandoned { row.wait } else { 0 }),
        Agg::HandleUs | Agg::OutHandleUs => Some(row.handle),
        Agg::TalkUs | Agg::OutTalkUs => Some(row.talk),
        Agg::HoldUs => if_answered(c.hold_s.unwrap_or(0) * US),
        Agg::AcwUs => if_answered(c.acw_s.unwrap_or(0) * US),
        Agg::MaxWaitUs => Some(row.wait),
        Agg::WaitQuantileUs { answered_only, .. } => (answered || !answered_only).then_some(row.wait),
        Agg::FcrEligible | Agg::FcrResolved | Agg::FcrCensored => {
            if !(answered && row.has_key) {
                return n(false);
            }
            let (censored, repeat) = row.fcr?;
            fcr_value(a, censored, repeat, r)
        }
        Agg::CsatSum => Some(c.csat.unwrap_or(0)),
        Agg::CsatResponses => n(c.csat.is_some()),
        Agg::CsatTop => n(c.csat.is_some_and(|s| (r.csat_top.0..=r.csat_top.1).contains(&s))),
        Agg::TransferredAnswered => n(answered && c.transferred.unwrap_or(false)),
        Agg::AgentsSeen => c.agent.filter(|_| answered).map(i64::from),
        Agg::AgentSlots => {
            if answered {
                agent_slot(c.agent, c.attr_local, r.interval_s)
            } else {
                None
            }
        }
        Agg::FlowedOut => n(row.flowout),
        Agg::NotOffered => n(row.not_offered),
    }
}

/// The number standing for a call's key in dimension `d`: a name number
/// (queue, agent, channel, extra; `none` for a missing value), 0 or 1 for
/// direction, or the key's own value (times, month).
fn key_number(d: Dim, c: &One<'_>, interval_s: i64, none: u32) -> i64 {
    let local = c.attr_local;
    let midnight = local - local.rem_euclid(DAY_US);
    match d {
        Dim::Queue => i64::from(c.queue),
        Dim::Agent => i64::from(c.agent.unwrap_or(none)),
        Dim::Channel => i64::from(c.channel.unwrap_or(none)),
        Dim::Extra(k) => i64::from(c.extra.get(usize::from(k)).copied().flatten().unwrap_or(none)),
        Dim::Direction => i64::from(c.outbound),
        Dim::Interval => interval_start(c.attr, local, interval_s),
        // Local midnight, as wall-clock microseconds.
        Dim::Day => midnight,
        // Monday 00:00 of the week (1970-01-01 was a Thursday).
        Dim::Week => midnight - (midnight + 3 * DAY_US).rem_euclid(7 * DAY_US),
        Dim::Month => i64::from(c.attr_month),
        Dim::HourOfDay => local.rem_euclid(DAY_US) - local.rem_euclid(HOUR_US),
        Dim::Weekday => (midnight + 3 * DAY_US).rem_euclid(7 * DAY_US),
    }
}

/// The start (UTC microseconds) of the interval of `interval_s` seconds
/// that holds instant `attr`, whose report-zone wall-clock time is
/// `local`: the local bucket start, shifted back by this instant's offset
/// (zone changes fall on interval boundaries for 15-minute multiples).
pub fn interval_start(attr: i64, local: i64, interval_s: i64) -> i64 {
    attr - local.rem_euclid(interval_s * US)
}

/// A key number as the report shows it.
fn shown_key(d: Dim, number: i64, names: &Names) -> Key {
    let name = |n: i64| match u32::try_from(n) {
        Ok(NO_NAME) | Err(_) => NONE.to_string(),
        Ok(id) => names.name(id).to_string(),
    };
    match d {
        Dim::Queue | Dim::Agent | Dim::Channel | Dim::Extra(_) => Key::Text(name(number)),
        Dim::Direction => Key::Text(if number == 1 { "outbound" } else { "inbound" }.to_string()),
        _ => Key::Int(number),
    }
}

/// How one report folds calls into a `Partial`: its grouping, rules and
/// aggs, resolved once.
pub struct Folder {
    pub g: Grouping,
    pub r: Rules,
    pub aggs: Vec<Agg>,
    pub res: Resolved,
    /// The key number of a missing name.
    pub none: u32,
    any_outbound: bool,
    by_agent: bool,
    key: Vec<i64>,
    values: Vec<Option<i64>>,
}

impl Folder {
    /// `none`: the number of the name `(none)`, if it is a name.
    pub fn new(g: &Grouping, r: &Rules, aggs: &[Agg], res: Resolved, none: Option<u32>) -> Self {
        Folder {
            g: g.clone(),
            r: r.clone(),
            aggs: aggs.to_vec(),
            res,
            // A missing value groups with an input value "(none)", if there is one.
            none: none.unwrap_or(NO_NAME),
            any_outbound: aggs.iter().any(|a| a.outbound()),
            by_agent: g.dims.contains(&Dim::Agent),
            key: vec![0; g.dims.len()],
            values: vec![None; aggs.len()],
        }
    }

    /// Adds one call to `part`; returns the accumulator of its group (0:
    /// the total row only, `--by total`), or `None` when the report leaves
    /// the call out (outbound rows without outbound aggs; calls without an
    /// agent by agent). `fcr`: the call's (censored, repeat), or `None` to
    /// leave the FCR aggs for later.
    pub fn fold(&mut self, part: &mut Partial, c: &One<'_>, fcr: Option<(bool, bool)>) -> Option<usize> {
        if self.leaves_out(c) {
            return None;
        }
        self.compute_values(c, fcr);
        Some(self.add(part, c))
    }

    /// `fold` with the values another folder with the same rules and aggs
    /// computed for this call (`values()`), so they are not worked out twice.
    pub fn fold_with(&mut self, part: &mut Partial, c: &One<'_>, values: &[Option<i64>]) -> Option<usize> {
        if self.leaves_out(c) {
            return None;
        }
        self.values.copy_from_slice(values);
        Some(self.add(part, c))
    }

    /// The values of the last call folded, in the order of the aggs.
    pub fn values(&self) -> &[Option<i64>] {
        &self.values
    }

    fn leaves_out(&self, c: &One<'_>) -> bool {
        (c.outbound && !self.any_outbound) || (self.by_agent && c.agent.is_none())
    }

    fn compute_values(&mut self, c: &One<'_>, fcr: Option<(bool, bool)>) {
        let (r, res) = (&self.r, &self.res);
        let row = res.facts(c, r, fcr);
        for (v, a) in self.values.iter_mut().zip(self.aggs.iter()) {
            *v = value(*a, c, &row, res, r);
        }
    }

    /// Adds the values to the total row and the call's group.
    fn add(&mut self, part: &mut Partial, c: &One<'_>) -> usize {
        part.add(0, &self.values);
        if self.g.dims.is_empty() {
            return 0;
        }
        for (k, d) in self.key.iter_mut().zip(&self.g.dims) {
            *k = key_number(*d, c, self.g.interval_s, self.none);
        }
        let gi = part.group(&self.key);
        part.add(gi, &self.values);
        gi
    }

    /// The figures of a finished partial, groups sorted by their keys.
    pub fn computed(&self, mut part: Partial, names: &Names) -> Computed {
        let g = &self.g;
        let total = part.finish(0);
        let mut groups: Vec<Group> = (0..part.groups())
            .map(|gi| Group {
                keys: g.dims.iter().zip(part.key(gi)).map(|(d, n)| shown_key(*d, *n, names)).collect(),
                values: part.finish(gi + 1),
            })
            .collect();
        groups.sort_by(|a, b| a.keys.cmp(&b.keys));
        Computed { aggs: self.aggs.to_vec(), groups, total, outside: 0 }
    }
}

/// The aggregation of a range of calls.
fn aggregate_range(c: &Calls, f: &mut Folder, repeats: &[bool], rows: std::ops::Range<usize>) -> Partial {
    let mut part = Partial::new(f.g.dims.len(), &f.aggs);
    let mut extra = Vec::new();
    for i in rows {
        let one = One::of(c, i, &mut extra);
        let censored = f.res.censored(one.arrived);
        let repeat = repeats.get(i).copied().unwrap_or(false);
        f.fold(&mut part, &one, Some((censored, repeat)));
    }
    part
}

/// Calls per thread below which one thread does all the work.
const ROWS_PER_THREAD: usize = 200_000;

fn aggregate(c: &Calls, g: &Grouping, r: &Rules, aggs: &[Agg]) -> Computed {
    let cores = std::thread::available_parallelism().map_or(1, |t| t.get());
    aggregate_on(c, g, r, aggs, cores.min(c.len() / ROWS_PER_THREAD).max(1))
}

/// `aggregate` on this many threads.
fn aggregate_on(c: &Calls, g: &Grouping, r: &Rules, aggs: &[Agg], threads: usize) -> Computed {
    let last_inbound = (0..c.len()).filter(|&i| !c.outbound[i]).map(|i| c.arrived[i]).max();
    let folder = || Folder::new(g, r, aggs, Resolved::new(&c.names, r, last_inbound), c.names.get(NONE));
    let repeats = if aggs.contains(&Agg::FcrResolved) { super::fcr::repeats(c, r) } else { Vec::new() };
    // The calls in contiguous ranges, one per core, then the parts merged.
    let n = c.len();
    let chunk = n.div_ceil(threads).max(1);
    let mut parts: Vec<Partial> = std::thread::scope(|scope| {
        let repeats = &repeats;
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let mut f = folder();
                scope.spawn(move || aggregate_range(c, &mut f, repeats, t * chunk..((t + 1) * chunk).min(n)))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
    });
    let mut part = parts.remove(0);
    for other in parts {
        part.merge(other);
    }
    folder().computed(part, &c.names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::select::{Selection, instances};
    use crate::metrics::tests::{Row as R, calls, reference};

    #[test]
    fn agent_slots_are_distinct_for_any_name_number() {
        // Callers share the name numbers, so an agent's number can be in the millions.
        let hour = 3600 * US;
        let slots = [
            agent_slot(Some(u32::MAX - 1), 0, 1800),
            agent_slot(Some(u32::MAX - 1), hour, 1800),
            agent_slot(Some(u32::MAX - 1), -hour, 1800),
            agent_slot(Some(9_000_000), 0, 1800),
            agent_slot(Some(0), 0, 1800),
            agent_slot(Some(0), hour, 1800),
        ];
        let mut distinct = slots.to_vec();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), slots.len());
        // Two calls of one agent in the same half hour share a slot.
        assert_eq!(agent_slot(Some(7), 60 * US, 1800), agent_slot(Some(7), 1700 * US, 1800));
        assert_eq!(agent_slot(None, 0, 1800), None);
    }

    /// Split over threads and merged, the figures are the ones of one
    /// thread: sums, maxima, percentiles and distinct counts.
    #[test]
    fn threads_merge_to_the_same_figures() {
        let mut rows: Vec<R> = Vec::new();
        for k in 0..7 {
            rows.extend(reference().into_iter().map(|r| R { arr: r.arr + k * 3600, ..r }));
        }
        let c = calls(&rows);
        let rules = Rules::default();
        let sel: Selection = "all,service_level:all".parse().unwrap();
        let aggs: Vec<Agg> = instances(&sel, &rules).iter().flat_map(|i| i.formula.aggs()).collect();
        for dims in
            [vec![], vec![Dim::Queue, Dim::Interval], vec![Dim::Agent], vec![Dim::Direction, Dim::Day]]
        {
            let g = Grouping { dims, interval_s: 1800 };
            let one = aggregate_on(&c, &g, &rules, &aggs, 1);
            for threads in [2, 3, 5] {
                assert_eq!(
                    aggregate_on(&c, &g, &rules, &aggs, threads),
                    one,
                    "{threads} threads, {:?}",
                    g.dims
                );
            }
            assert!(one.total.iter().any(|v| v.is_some_and(|v| v > 1)));
        }
    }
}
