//! First-contact resolution: for every accepted inbound call, whether the
//! same customer (the FCR key, the caller by default; the same queue too
//! with `--fcr-scope same-queue`) made another inbound contact in
//! (t + min gap, t + W], t = its arrival. A counting sort groups the calls by
//! key number, then each group's arrivals are sorted and swept once, so
//! the cost is linear apart from the small per-customer sorts.

use crate::dataset::Calls;
use crate::maybe::Maybe;
use crate::metrics::{FcrScope, Rules};
use crate::schema::timestamp::US;

/// `true` where the call has a repeat contact inside the window. Calls
/// without a key, and outbound rows, are `false` (they are never eligible).
pub fn repeats(calls: &Calls, rules: &Rules) -> Vec<bool> {
    let keys: &Maybe<u32> = match rules.fcr_key {
        None => &calls.caller,
        Some(k) => &calls.extra[k],
    };
    let contacts = Contacts {
        len: calls.len(),
        names: calls.names.len(),
        key: &|i| if calls.outbound[i] { None } else { keys.get(i) },
        queue: &|i| calls.queue[i],
        arrived: &|i| calls.arrived[i],
    };
    contacts.repeats(rules)
}

/// The inbound contacts FCR looks at, by number `0..len`: each one's key
/// (a name number below `names`; `None`: no key, never a repeat nor
/// repeated), queue and arrival.
pub struct Contacts<'a> {
    pub len: usize,
    pub names: usize,
    pub key: &'a (dyn Fn(usize) -> Option<u32> + Sync),
    pub queue: &'a (dyn Fn(usize) -> u32 + Sync),
    pub arrived: &'a (dyn Fn(usize) -> i64 + Sync),
}

impl Contacts<'_> {
    /// `true` where the contact has a repeat inside the window.
    pub fn repeats(&self, rules: &Rules) -> Vec<bool> {
        self.repeats_of(rules, 1, 0)
    }

    /// `repeats` on this many threads: thread t takes the keys k with
    /// k % threads == t, so each key's contacts are swept by one thread
    /// and the result does not depend on the number of threads.
    pub fn repeats_on(&self, rules: &Rules, threads: usize) -> Vec<bool> {
        let threads = threads.clamp(1, 64);
        if threads == 1 {
            return self.repeats(rules);
        }
        let parts: Vec<Vec<bool>> = std::thread::scope(|scope| {
            let handles: Vec<_> =
                (0..threads).map(|t| scope.spawn(move || self.repeats_of(rules, threads, t))).collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
        });
        let mut out = vec![false; self.len];
        for part in parts {
            for (o, p) in out.iter_mut().zip(part) {
                *o |= p;
            }
        }
        out
    }

    /// The repeats of the contacts whose key k has k % of == mine.
    fn repeats_of(&self, rules: &Rules, of: usize, mine: usize) -> Vec<bool> {
        let n = self.len;
        let mut out = vec![false; n];
        let key = |i: usize| (self.key)(i).filter(|k| *k as usize % of == mine);
        // Counting sort of the contacts by key number: `start[k]..start[k + 1]`
        // of `order` holds key k's contacts, in input order.
        let mut start = vec![0u32; self.names + 2];
        for i in 0..n {
            if let Some(k) = key(i) {
                start[k as usize + 2] += 1;
            }
        }
        for k in 2..start.len() {
            start[k] += start[k - 1];
        }
        let mut order = vec![0u32; start[start.len() - 1] as usize];
        for i in 0..n {
            if let Some(k) = key(i) {
                let slot = &mut start[k as usize + 1];
                order[*slot as usize] = i as u32;
                *slot += 1;
            }
        }
        let gap = rules.fcr_min_gap_s * US;
        let window = rules.fcr_window_s * US;
        let mut arr: Vec<(u32, i64, u32)> = Vec::new();
        for k in 0..self.names {
            let group = &order[start[k] as usize..start[k + 1] as usize];
            if group.len() < 2 {
                continue;
            }
            // Sorted by (queue when scoped, arrival): each run of one queue is
            // swept on its own.
            arr.clear();
            arr.extend(group.iter().map(|&i| {
                let q = match rules.fcr_scope {
                    FcrScope::AnyQueue => 0,
                    FcrScope::SameQueue => (self.queue)(i as usize),
                };
                (q, (self.arrived)(i as usize), i)
            }));
            arr.sort_unstable();
            for run in arr.chunk_by(|a, b| a.0 == b.0) {
                // j: the first contact later than t + gap; it only moves forward.
                let mut j = 0;
                for &(_, t, i) in run {
                    while j < run.len() && run[j].1 <= t + gap {
                        j += 1;
                    }
                    out[i as usize] = j < run.len() && run[j].1 <= t + window;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::tests::{Row, calls};

    fn r(caller: &'static str, queue: &'static str, arr: i64) -> Row {
        Row { queue, caller: Some(caller), arr, ans: Some(arr), end: arr + 60, ..Row::default() }
    }

    #[test]
    fn window_edges_ties_gap_and_scope() {
        let rows = [
            r("A", "q", 0),
            r("A", "q", 86_400), // exactly W later: a repeat of the first
            r("B", "q", 100),
            r("B", "q", 100), // same instant: not later, so not a repeat
            r("C", "q", 0),
            r("C", "q", 600), // 10 min later
            r("D", "q", 0),
            r("D", "p", 60), // other queue
        ];
        let c = calls(&rows);
        let rules = Rules::default();
        assert_eq!(repeats(&c, &rules), [true, false, false, false, true, false, true, false]);
        // A 15-minute minimum gap: C's call 10 min later is the same contact.
        let gap = Rules { fcr_min_gap_s: 900, ..Rules::default() };
        assert_eq!(repeats(&c, &gap), [true, false, false, false, false, false, false, false]);
        let same = Rules { fcr_scope: FcrScope::SameQueue, ..Rules::default() };
        assert!(!repeats(&c, &same)[6]);
    }

    /// Split over threads by key, the repeats are those of one thread.
    #[test]
    fn threads_give_the_repeats_of_one() {
        // Keys 0..7, arrivals every 20 minutes: key i % 7 calls again
        // 140 minutes later, within 24 h, so all but each key's last
        // contact are repeats. Keyless every 5th.
        let n = 200usize;
        let key = |i: usize| (i % 5 != 4).then_some((i % 7) as u32);
        let contacts =
            Contacts { len: n, names: 7, key: &key, queue: &|_| 0, arrived: &|i| i as i64 * 1200 * US };
        let rules = Rules::default();
        let one = contacts.repeats(&rules);
        // Contact 0 (key 0) is repeated by contact 7 (key 0, 140 minutes later).
        assert!(one[0] && !one[4]);
        // The last contact with a key of each key number is not a repeat.
        for k in 0..7u32 {
            let last = (0..n).rev().find(|&i| key(i) == Some(k)).unwrap();
            assert!(!one[last], "key {k}");
        }
        for threads in [2, 5] {
            assert_eq!(contacts.repeats_on(&rules, threads), one, "{threads} threads");
        }
    }
}
