//! What FCR keeps of each call while the input streams by: the inbound
//! contacts with a key (key, arrival, queue when the scope is one queue),
//! and for every report that counts FCR the group each contact counts in.
//! Reports with the same window, key column and scope share one log. When
//! the input is read, each report's repeats are found over the log and its
//! FCR aggs are added to the groups (`Log::add_fcr`).

use crate::metrics::{Agg, FcrScope, Rules};
use crate::report::compute::{censored_after, fcr_value, is_fcr};
use crate::report::fcr::Contacts;
use crate::report::partial::Partial;
use crate::window::Window;

/// A contact that counts in no group of a report (unanswered, or left out
/// of the report).
pub const NOT_COUNTED: u32 = u32::MAX;

/// The contacts of the reports that share a window, FCR key and scope.
#[derive(Debug)]
pub struct Log {
    pub window: Window,
    /// The extra column of the key, or `None` for the caller.
    pub key_column: Option<usize>,
    pub scope: FcrScope,
    keys: Vec<u32>,
    arrived: Vec<i64>,
    /// Kept for `FcrScope::SameQueue` only.
    queues: Vec<u32>,
    /// The member reports' numbers, in column order.
    members: Vec<usize>,
    /// Per member report: the accumulator each contact counts in (0: the
    /// total row only), or `NOT_COUNTED`.
    groups: Vec<Vec<u32>>,
}

impl Log {
    pub fn new(window: Window, key_column: Option<usize>, scope: FcrScope) -> Log {
        Log {
            window,
            key_column,
            scope,
            keys: Vec::new(),
            arrived: Vec::new(),
            queues: Vec::new(),
            members: Vec::new(),
            groups: Vec::new(),
        }
    }

    /// Whether a report with these rules and window can share this log.
    pub fn fits(&self, r: &Rules, window: &Window) -> bool {
        self.window == *window && self.key_column == r.fcr_key && self.scope == r.fcr_scope
    }

    /// Adds report number `report` as a member; returns its column.
    pub fn join(&mut self, report: usize) -> usize {
        self.members.push(report);
        self.groups.push(Vec::new());
        self.groups.len() - 1
    }

    /// Records one inbound contact with a key; `counted(report)`: that
    /// member report's accumulator for it, or `NOT_COUNTED`.
    pub fn push(&mut self, key: u32, arrived: i64, queue: u32, counted: impl Fn(usize) -> u32) {
        self.keys.push(key);
        self.arrived.push(arrived);
        if self.scope == FcrScope::SameQueue {
            self.queues.push(queue);
        }
        for (report, col) in self.members.iter().zip(self.groups.iter_mut()) {
            col.push(counted(*report));
        }
    }

    /// Makes room for about this many more contacts.
    pub fn reserve(&mut self, n: usize) {
        self.keys.reserve(n);
        self.arrived.reserve(n);
        if self.scope == FcrScope::SameQueue {
            self.queues.reserve(n);
        }
        for col in &mut self.groups {
            col.reserve(n);
        }
    }

    /// `true` where the contact has a repeat within the rules' window
    /// (`names`: how many name numbers there are), on this many threads.
    pub fn repeats(&self, r: &Rules, names: usize, threads: usize) -> Vec<bool> {
        let contacts = Contacts {
            len: self.keys.len(),
            names,
            key: &|i| Some(self.keys[i]),
            queue: &|i| self.queues.get(i).copied().unwrap_or(0),
            arrived: &|i| self.arrived[i],
        };
        contacts.repeats_on(r, threads)
    }

    /// Adds member `m`'s FCR aggs (of `aggs`, in `part`'s order) for every
    /// contact it counts; `last_inbound`: the report's latest inbound
    /// arrival (censoring); `repeats`: from `repeats` (empty: none).
    pub fn add_fcr(
        &self,
        m: usize,
        part: &mut Partial,
        aggs: &[Agg],
        r: &Rules,
        last_inbound: Option<i64>,
        repeats: &[bool],
    ) {
        let after = censored_after(r, last_inbound);
        let fcr: Vec<(usize, Agg)> = aggs.iter().copied().enumerate().filter(|(_, a)| is_fcr(*a)).collect();
        for (i, &acc) in self.groups[m].iter().enumerate() {
            if acc == NOT_COUNTED {
                continue;
            }
            let censored = after.is_some_and(|t| self.arrived[i] > t);
            let repeat = repeats.get(i).copied().unwrap_or(false);
            for &(k, a) in &fcr {
                let Some(v) = fcr_value(a, censored, repeat, r) else { continue };
                part.add_value(0, k, v);
                if acc != 0 {
                    part.add_value(acc as usize, k, v);
                }
            }
        }
    }
}
