//! `Partial`: the running aggregates of one report over some of the calls
//! (a chunk, a thread's range, a file): the groups' key numbers and, per
//! group and agg, a sum, a maximum or the exact values (percentiles,
//! distinct counts). Two partials of the same report merge exactly
//! (`Partial::merge`): sums add, maxima take the larger, value lists are
//! joined and only sorted when the figures are read, so the result does
//! not depend on how the calls were split.

use hashbrown::HashTable;

use crate::metrics::{Agg, Reduce};

/// The running values of every agg of every group (group 0 is the total
/// row), in flat vectors: a sum or maximum per (group, agg), and the
/// values themselves for percentiles and distinct counts.
#[derive(Debug, Clone)]
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
            self.add_one(base + k, self.reduce[k], v);
        }
    }

    fn add_one(&mut self, at: usize, reduce: Reduce, v: i64) {
        match reduce {
            // Saturating: absurd durations (the schema allows hold and
            // acw up to ~292,000 years) cannot wrap a sum around.
            Reduce::Sum => self.sums[at] = self.sums[at].saturating_add(v),
            Reduce::Max => {
                let m = &mut self.maxes[at];
                *m = Some(m.map_or(v, |m| m.max(v)));
            }
            Reduce::Quantile(_) | Reduce::NUnique => self.lists[at].push(v),
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

/// The aggregates of one report over some calls: the groups' key numbers
/// (`nd` numbers each, in first-seen order), found by hash, and their
/// running values. Accumulator 0 is the total row; group `gi` (0..) has
/// accumulator `gi + 1`.
#[derive(Debug, Clone)]
pub struct Partial {
    nd: usize,
    keys: Vec<i64>,
    table: HashTable<u32>,
    accs: Accs,
}

impl Partial {
    /// An empty partial for groups of `nd` key numbers and these aggs.
    pub fn new(nd: usize, aggs: &[Agg]) -> Partial {
        Partial { nd, keys: Vec::new(), table: HashTable::new(), accs: Accs::new(aggs) }
    }

    /// The key numbers of group `gi`.
    pub fn key(&self, gi: usize) -> &[i64] {
        &self.keys[gi * self.nd..(gi + 1) * self.nd]
    }

    /// The accumulator number (1..) of the group with this key, added if new.
    pub fn group(&mut self, key: &[i64]) -> usize {
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

    /// The number of groups (the total row not counted).
    pub fn groups(&self) -> usize {
        self.keys.len() / self.nd.max(1)
    }

    /// Adds one call's values (in the order of the aggs) to accumulator `acc`.
    pub fn add(&mut self, acc: usize, values: &[Option<i64>]) {
        self.accs.add(acc, values);
    }

    /// Adds one value of agg number `k` to accumulator `acc`.
    pub fn add_value(&mut self, acc: usize, k: usize, v: i64) {
        let n = self.accs.reduce.len();
        self.accs.add_one(acc * n + k, self.accs.reduce[k], v);
    }

    /// Adds another partial of the same report (same dims and aggs) to this
    /// one, group by group.
    pub fn merge(&mut self, mut other: Partial) {
        self.accs.merge(0, &mut other.accs, 0);
        for gi in 0..other.groups() {
            let key = other.key(gi).to_vec();
            let to = self.group(&key);
            self.accs.merge(to, &mut other.accs, gi + 1);
        }
    }

    /// The reduced values of accumulator `acc` (sorts its value lists).
    pub fn finish(&mut self, acc: usize) -> Vec<Option<i64>> {
        self.accs.finish(acc)
    }
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

    /// Two halves merged give the figures of the whole: sums, maxima,
    /// a median (nearest rank) and a distinct count.
    #[test]
    fn halves_merge_to_the_whole() {
        let aggs = [
            Agg::Offered,
            Agg::MaxWaitUs,
            Agg::WaitQuantileUs { permille: 500, answered_only: false },
            Agg::AgentsSeen,
        ];
        // Group "1": waits 5, 1, 9; agents 7, 7, 8. Group "2": wait 4, agent 7.
        let rows: [(i64, [Option<i64>; 4]); 4] = [
            (1, [Some(1), Some(5), Some(5), Some(7)]),
            (2, [Some(1), Some(4), Some(4), Some(7)]),
            (1, [Some(1), Some(1), Some(1), Some(7)]),
            (1, [Some(1), Some(9), Some(9), Some(8)]),
        ];
        let mut a = Partial::new(1, &aggs);
        let mut b = Partial::new(1, &aggs);
        for (i, (k, v)) in rows.iter().enumerate() {
            let p = if i < 2 { &mut a } else { &mut b };
            let g = p.group(&[*k]);
            p.add(0, v);
            p.add(g, v);
        }
        a.merge(b);
        assert_eq!(a.groups(), 2);
        let one = a.group(&[1]);
        // 3 offered; max 9; median of 1, 5, 9 is 5 (rank ceil(1.5) = 2); agents 7, 8.
        assert_eq!(a.finish(one), [Some(3), Some(9), Some(5), Some(2)]);
        // Total: 4 offered; max 9; median of 1, 4, 5, 9 is 4 (rank 2); agents 7, 8.
        assert_eq!(a.finish(0), [Some(4), Some(9), Some(4), Some(2)]);
    }
}
