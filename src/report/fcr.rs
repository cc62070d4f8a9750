//! First-contact resolution: for every accepted inbound call, whether the
//! same customer (the FCR key, the caller by default; the same queue too
//! with `--fcr-scope same-queue`) made another inbound contact in
//! (t + min gap, t + W], t = its arrival. One hash pass groups the calls by
//! key, then each group's arrivals are sorted and swept once, so the cost
//! is linear apart from the small per-customer sorts.

use rustc_hash::FxHashMap;

use crate::dataset::Calls;
use crate::metrics::{FcrScope, Rules};
use crate::schema::timestamp::US;

/// `true` where the call has a repeat contact inside the window. Calls
/// without a key, and outbound rows, are `false` (they are never eligible).
pub fn repeats(calls: &Calls, rules: &Rules) -> Vec<bool> {
    let mut out = vec![false; calls.len()];
    let mut groups: FxHashMap<(Option<&str>, &str), Vec<u32>> = FxHashMap::default();
    for i in 0..calls.len() {
        if calls.outbound[i] {
            continue;
        }
        let key = match rules.fcr_key {
            None => calls.caller[i].as_deref(),
            Some(k) => calls.extra[k][i].as_deref(),
        };
        let Some(key) = key else { continue };
        let queue = match rules.fcr_scope {
            FcrScope::AnyQueue => None,
            FcrScope::SameQueue => Some(&*calls.queue[i]),
        };
        groups.entry((queue, key)).or_default().push(i as u32);
    }
    let gap = rules.fcr_min_gap_s * US;
    let window = rules.fcr_window_s * US;
    for idx in groups.values_mut() {
        if idx.len() < 2 {
            continue;
        }
        idx.sort_by_key(|&i| calls.arrived[i as usize]);
        let arr: Vec<i64> = idx.iter().map(|&i| calls.arrived[i as usize]).collect();
        // j: the first contact later than t + gap; it only moves forward.
        let mut j = 0;
        for (k, &t) in arr.iter().enumerate() {
            while j < arr.len() && arr[j] <= t + gap {
                j += 1;
            }
            out[idx[k] as usize] = j < arr.len() && arr[j] <= t + window;
        }
    }
    out
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
}
