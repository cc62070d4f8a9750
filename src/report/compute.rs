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

use hashbrown::HashTable;

use super::facts::{Context, Facts};
use crate::dataset::Calls;
use crate::error::Result;
use crate::metrics::{Agg, Boundary, Reduce, Rules};
use crate::schema::timestamp::US;
use crate::values::Dim;

pub const DAY_US: i64 = 86_400 * US;
/// The key shown for a missing channel or extra column value.
const NONE: &str = "(none)";
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
    let mut uniq: Vec<Agg> = Vec::new();
    for a in aggs {
        if !uniq.contains(a) {
            uniq.push(*a);
        }
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| aggregate(calls, g, r, &uniq))).map_err(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        crate::error::Error::Engine(msg)
    })
}

/// The running values of every agg of every group (group 0 is the total
/// row), in flat vectors: a sum or maximum per (group, agg), and the
/// values themselves for percentiles and distinct counts.
struct Accs {
    reduce: Vec<Reduce>,
    sums: Vec<i64>,
    maxes: Vec<Option<i64>>,
    lists: Vec<Vec<i64>>,
    keeps_lists: bool,
}

impl Accs {
    fn new(aggs: &[Agg]) -> Accs {
        let reduce: Vec<Reduce> = aggs.iter().map(|a| a.reduce()).collect();
        let keeps_lists = reduce.iter().any(|r| matches!(r, Reduce::Quantile(_) | Reduce::NUnique));
        let mut accs = Accs { reduce, sums: Vec::new(), maxes: Vec::new(), lists: Vec::new(), keeps_lists };
        accs.add_group();
        accs
    }

    fn add_group(&mut self) {
        let n = self.reduce.len();
        self.sums.resize(self.sums.len() + n, 0);
        self.maxes.resize(self.maxes.len() + n, None);
        if self.keeps_lists {
            self.lists.resize(self.lists.len() + n, Vec::new());
        }
    }

    /// Adds one row's values to a group; `None` (no value) is skipped, as
    /// SQL and polars skip nulls.
    fn add(&mut self, group: usize, values: &[Option<i64>]) {
        let base = group * self.reduce.len();
        for (k, v) in values.iter().enumerate() {
            let Some(v) = *v else { continue };
            match self.reduce[k] {
                // Saturating: absurd durations (the schema allows hold and
                // acw up to ~292,000 years) cannot wrap a sum around.
                Reduce::Sum => self.sums[base + k] = self.sums[base + k].saturating_add(v),
                Reduce::Max => {
                    let m = &mut self.maxes[base + k];
                    *m = Some(m.map_or(v, |m| m.max(v)));
                }
                Reduce::Quantile(_) | Reduce::NUnique => self.lists[base + k].push(v),
            }
        }
    }

    /// Adds group `from` of `other` to group `to` of these.
    fn merge(&mut self, to: usize, other: &mut Accs, from: usize) {
        let n = self.reduce.len();
        for k in 0..n {
            let (a, b) = (to * n + k, from * n + k);
            match self.reduce[k] {
                Reduce::Sum => self.sums[a] = self.sums[a].saturating_add(other.sums[b]),
                Reduce::Max => self.maxes[a] = self.maxes[a].max(other.maxes[b]),
                Reduce::Quantile(_) | Reduce::NUnique => {
                    let mut vs = std::mem::take(&mut other.lists[b]);
                    self.lists[a].append(&mut vs);
                }
            }
        }
    }

    /// A group's reduced values: a sum of nothing is 0; the maximum or a
    /// percentile of nothing has no value.
    fn finish(&mut self, group: usize) -> Vec<Option<i64>> {
        let base = group * self.reduce.len();
        (0..self.reduce.len())
            .map(|k| match self.reduce[k] {
                Reduce::Sum => Some(self.sums[base + k]),
                Reduce::Max => self.maxes[base + k],
                Reduce::Quantile(q) => {
                    let vs = &mut self.lists[base + k];
                    if vs.is_empty() {
                        return None;
                    }
                    vs.sort_unstable();
                    // Nearest rank: the value at ceil(n * q), counted from 1.
                    let rank = ((vs.len() as f64 * q).ceil() - 1.0).max(0.0) as usize;
                    Some(vs[rank.min(vs.len() - 1)])
                }
                Reduce::NUnique => {
                    let vs = &mut self.lists[base + k];
                    vs.sort_unstable();
                    vs.dedup();
                    Some(vs.len() as i64)
                }
            })
            .collect()
    }
}

/// The value of agg `a` for call `i` (`None`: no value). Inbound aggs
/// ignore outbound calls and calls that were not offered; outbound aggs
/// the other way round.
fn value(a: Agg, c: &Calls, i: usize, row: &Facts, res: &Context<'_>, r: &Rules) -> Option<i64> {
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
        let limit = res.threshold_us(t, c.queue[i]);
        match r.sl_boundary {
            Boundary::Le => row.wait <= limit,
            Boundary::Lt => row.wait < limit,
        }
    };
    let eligible = row.fcr_eligible(r);
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
        Agg::HoldUs => if_answered(c.hold_s.get(i).unwrap_or(0) * US),
        Agg::AcwUs => if_answered(c.acw_s.get(i).unwrap_or(0) * US),
        Agg::MaxWaitUs => Some(row.wait),
        Agg::WaitQuantileUs { answered_only, .. } => (answered || !answered_only).then_some(row.wait),
        Agg::FcrEligible => n(eligible),
        Agg::FcrResolved => n(eligible && !row.repeat),
        Agg::FcrCensored => n(answered && row.has_key && row.censored),
        Agg::CsatSum => Some(c.csat.get(i).unwrap_or(0)),
        Agg::CsatResponses => n(c.csat.is_some(i)),
        Agg::CsatTop => n(c.csat.get(i).is_some_and(|s| (r.csat_top.0..=r.csat_top.1).contains(&s))),
        Agg::TransferredAnswered => n(answered && c.transferred[i].unwrap_or(false)),
        Agg::AgentsSeen => c.agent.get(i).filter(|_| answered).map(i64::from),
        Agg::AgentSlots => {
            if answered {
                agent_slot(c.agent.get(i), c.attr_local[i], r.interval_s)
            } else {
                None
            }
        }
        Agg::FlowedOut => n(row.flowout),
        Agg::NotOffered => n(row.not_offered),
    }
}

/// The number standing for call `i`'s key in dimension `d`: a name number
/// (queue, agent, channel, extra; `none` for a missing value), 0 or 1 for
/// direction, or the key's own value (times, month).
fn key_number(d: Dim, c: &Calls, i: usize, interval_s: i64, none: u32) -> i64 {
    let local = c.attr_local[i];
    let midnight = local - local.rem_euclid(DAY_US);
    match d {
        Dim::Queue => i64::from(c.queue[i]),
        Dim::Agent => i64::from(c.agent.get(i).unwrap_or(none)),
        Dim::Channel => i64::from(c.channel.get(i).unwrap_or(none)),
        Dim::Extra(k) => i64::from(c.extra[usize::from(k)].get(i).unwrap_or(none)),
        Dim::Direction => i64::from(c.outbound[i]),
        Dim::Interval => interval_start(c.attr[i], local, interval_s),
        // Local midnight, as wall-clock microseconds.
        Dim::Day => midnight,
        // Monday 00:00 of the week (1970-01-01 was a Thursday).
        Dim::Week => midnight - (midnight + 3 * DAY_US).rem_euclid(7 * DAY_US),
        Dim::Month => i64::from(c.attr_month[i]),
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
fn shown_key(d: Dim, number: i64, c: &Calls) -> Key {
    let name = |n: i64| match u32::try_from(n) {
        Ok(NO_NAME) | Err(_) => NONE.to_string(),
        Ok(id) => c.name(id).to_string(),
    };
    match d {
        Dim::Queue | Dim::Agent | Dim::Channel | Dim::Extra(_) => Key::Text(name(number)),
        Dim::Direction => Key::Text(if number == 1 { "outbound" } else { "inbound" }.to_string()),
        _ => Key::Int(number),
    }
}

/// Everything a part of the aggregation reads.
struct Input<'a> {
    c: &'a Calls,
    g: &'a Grouping,
    r: &'a Rules,
    aggs: &'a [Agg],
    res: Context<'a>,
    repeats: Vec<bool>,
    /// The key number of a missing name.
    none: u32,
}

/// The aggregation of a range of calls: the groups' key numbers (`dims`
/// numbers each, in first-seen order), found by hash, and their running
/// values (group 0 is the total row, groups 1.. are `keys`' groups).
struct Part {
    nd: usize,
    keys: Vec<i64>,
    table: HashTable<u32>,
    accs: Accs,
}

impl Part {
    fn new(nd: usize, aggs: &[Agg]) -> Part {
        Part { nd, keys: Vec::new(), table: HashTable::new(), accs: Accs::new(aggs) }
    }

    fn key(&self, gi: usize) -> &[i64] {
        &self.keys[gi * self.nd..(gi + 1) * self.nd]
    }

    /// The accumulator number (1..) of the group with this key, added if new.
    fn group(&mut self, key: &[i64]) -> usize {
        let h = key_hash(key);
        let nd = self.nd;
        let keys = &self.keys;
        if let Some(&gi) = self.table.find(h, |&gi| &keys[gi as usize * nd..(gi as usize + 1) * nd] == key) {
            return gi as usize + 1;
        }
        let gi = self.keys.len() / nd;
        self.keys.extend_from_slice(key);
        let keys = &self.keys;
        self.table
            .insert_unique(h, gi as u32, |&gi| key_hash(&keys[gi as usize * nd..(gi as usize + 1) * nd]));
        self.accs.add_group();
        gi + 1
    }

    fn groups(&self) -> usize {
        self.keys.len() / self.nd.max(1)
    }

    /// Adds another part's groups and values to this one.
    fn merge(&mut self, mut other: Part) {
        self.accs.merge(0, &mut other.accs, 0);
        for gi in 0..other.groups() {
            let key = other.key(gi).to_vec();
            let to = self.group(&key);
            self.accs.merge(to, &mut other.accs, gi + 1);
        }
    }
}

fn aggregate_range(inp: &Input<'_>, rows: std::ops::Range<usize>) -> Part {
    let Input { c, g, r, aggs, res, repeats, none } = inp;
    let any_outbound = aggs.iter().any(|a| a.outbound());
    let by_agent = g.dims.contains(&Dim::Agent);
    let nd = g.dims.len();
    let mut part = Part::new(nd, aggs);
    let mut key = vec![0i64; nd];
    let mut values: Vec<Option<i64>> = vec![None; aggs.len()];
    for i in rows {
        let outbound = c.outbound[i];
        if (outbound && !any_outbound) || (by_agent && !c.agent.is_some(i)) {
            continue;
        }
        let row = res.facts(c, i, repeats.get(i).copied().unwrap_or(false));
        for (v, a) in values.iter_mut().zip(aggs.iter()) {
            *v = value(*a, c, i, &row, res, r);
        }
        part.accs.add(0, &values);
        if nd == 0 {
            continue;
        }
        for (k, d) in key.iter_mut().zip(&g.dims) {
            *k = key_number(*d, c, i, g.interval_s, *none);
        }
        let gi = part.group(&key);
        part.accs.add(gi, &values);
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
    let inp = Input {
        c,
        g,
        r,
        aggs,
        res: Context::new(c, r),
        repeats: if aggs.contains(&Agg::FcrResolved) { super::fcr::repeats(c, r) } else { Vec::new() },
        // A missing value groups with an input value "(none)", if there is one.
        none: c.names.get(NONE).unwrap_or(NO_NAME),
    };
    // The calls in contiguous ranges, one per core, then the parts merged.
    let n = c.len();
    let chunk = n.div_ceil(threads).max(1);
    let mut parts: Vec<Part> = std::thread::scope(|scope| {
        let inp = &inp;
        let handles: Vec<_> = (0..threads)
            .map(|t| scope.spawn(move || aggregate_range(inp, t * chunk..((t + 1) * chunk).min(n))))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
    });
    let mut part = parts.remove(0);
    for other in parts {
        part.merge(other);
    }
    let total = part.accs.finish(0);
    let mut groups: Vec<Group> = (0..part.groups())
        .map(|gi| Group {
            keys: g.dims.iter().zip(part.key(gi)).map(|(d, n)| shown_key(*d, *n, c)).collect(),
            values: part.accs.finish(gi + 1),
        })
        .collect();
    groups.sort_by(|a, b| a.keys.cmp(&b.keys));
    Computed { aggs: aggs.to_vec(), groups, total }
}

fn key_hash(key: &[i64]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    key.hash(&mut h);
    h.finish()
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
