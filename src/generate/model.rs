//! The traffic model of `callstat generate`: queues and agent pools, the
//! daily and weekly arrival profile in local time (hour slots, DST gaps),
//! and the draws of waits, hold, CSAT and phone numbers.

use chrono::{DateTime, Datelike, Days, LocalResult, Offset, TimeZone};
use chrono_tz::Tz;

use super::GenSpec;
use super::rng::Rng;

pub(super) struct Queue {
    pub(super) name: &'static str,
    pub(super) share: u64,
    /// Inclusive agent number range; neighbouring queues overlap.
    pub(super) agents: (u64, u64),
    pub(super) congestion: f64,
    pub(super) patience_s: f64,
    pub(super) talk_median_s: f64,
}

#[rustfmt::skip]
pub(super) const QUEUES: [Queue; 5] = [
    Queue { name: "sales", share: 40, agents: (1, 24), congestion: 0.9, patience_s: 600.0, talk_median_s: 210.0 },
    Queue { name: "support", share: 30, agents: (21, 42), congestion: 1.1, patience_s: 600.0, talk_median_s: 260.0 },
    Queue { name: "billing", share: 15, agents: (40, 49), congestion: 0.8, patience_s: 540.0, talk_median_s: 180.0 },
    Queue { name: "retention", share: 10, agents: (48, 55), congestion: 0.6, patience_s: 720.0, talk_median_s: 300.0 },
    Queue { name: "vip", share: 5, agents: (55, 58), congestion: 0.3, patience_s: 900.0, talk_median_s: 240.0 },
];

/// Relative call volume per local hour (open ~07-20, peaks 10:00 and 14:00).
pub(super) const HOUR_W: [u64; 24] =
    [1, 1, 1, 1, 1, 1, 3, 35, 70, 100, 115, 105, 75, 90, 100, 90, 80, 65, 45, 30, 6, 3, 2, 1];
/// Relative call volume per weekday, Monday first.
pub(super) const DAY_W: [u64; 7] = [115, 105, 100, 100, 95, 35, 15];
pub(super) const MAX_W: f64 = 115.0 * 115.0;

/// (country code, area codes, subscriber digits, weight in %).
pub(super) const PHONE_PLANS: [(u64, &[u64], u32, u64); 6] = [
    (49, &[30, 40, 89, 69, 221, 711, 211, 351, 341, 511], 7, 72),
    (43, &[1, 316, 512, 662], 7, 10),
    (41, &[44, 22, 31, 61], 7, 8),
    (44, &[20, 161, 121], 8, 5),
    (33, &[1, 4, 6], 8, 3),
    (1, &[212, 415, 312], 7, 2),
];

pub(super) const WITHHELD_P: f64 = 0.03;
pub(super) const OUTBOUND_P: f64 = 0.02;
pub(super) const REPEAT_P: f64 = 0.17;
pub(super) const SHORT_ABANDON_P: f64 = 0.03;
pub(super) const CSAT_P: f64 = 0.17;
pub(super) const HISTORY_CAP: usize = 1 << 20;

/// One local hour: `local` is the local wall time at hh:00 as if it were UTC
/// epoch seconds; `fast` is the UTC offset valid for the whole hour, if one is.
pub(super) struct Slot {
    pub(super) local: i64,
    pub(super) fast: Option<i64>,
    pub(super) weight: u64,
    pub(super) count: u64,
}

/// A generated contact before formatting; `answer` is None when abandoned.
#[derive(Debug, Clone, Copy)]
pub(super) struct Call {
    pub(super) id: u64,
    pub(super) queue: usize,
    pub(super) caller: Option<u64>,
    pub(super) outbound: bool,
    pub(super) arrived: i64,
    pub(super) ended: i64,
    pub(super) answer: Option<Answer>,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Answer {
    pub(super) at: i64,
    pub(super) agent: u64,
    pub(super) hold: Option<u64>,
    pub(super) acw: u64,
    pub(super) transferred: bool,
    pub(super) csat: Option<u64>,
}

/// Hour slots over all days, with `spec.rows` spread over them by weight
/// (cumulative rounding: exact total). Hours wholly in a DST gap get weight 0.
pub(super) fn build_slots(spec: &GenSpec) -> Vec<Slot> {
    let mut slots = Vec::new();
    for d in 0..spec.days.max(1) {
        let Some(date) = spec.start.checked_add_days(Days::new(d.into())) else {
            break;
        };
        let day_w = DAY_W[date.weekday().num_days_from_monday() as usize];
        let midnight = date.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
        for (h, hour_w) in HOUR_W.iter().enumerate() {
            let local = midnight + 3600 * h as i64;
            let a = pick_offset(spec.tz, local);
            let b = pick_offset(spec.tz, local + 3599);
            let weight = if a.or(b).is_some() { day_w * hour_w } else { 0 };
            let fast = if a == b { a } else { None };
            slots.push(Slot { local, fast, weight, count: 0 });
        }
    }
    let total: u128 = slots.iter().map(|s| s.weight as u128).sum();
    let mut cum = 0u128;
    let mut done = 0u64;
    for s in &mut slots {
        cum += s.weight as u128;
        let upto = (spec.rows as u128 * cum / total) as u64;
        s.count = upto - done;
        done = upto;
    }
    slots
}

/// UTC offset (s) for a local wall time; the earlier instant if ambiguous.
pub(super) fn pick_offset(tz: Tz, local: i64) -> Option<i64> {
    let naive = DateTime::from_timestamp(local, 0)?.naive_utc();
    let secs = |o: &<Tz as TimeZone>::Offset| o.fix().local_minus_utc() as i64;
    match tz.offset_from_local_datetime(&naive) {
        LocalResult::Single(o) => Some(secs(&o)),
        LocalResult::Ambiguous(a, b) => Some(secs(&a).max(secs(&b))),
        LocalResult::None => None,
    }
}

/// Local wall time to UTC when the hour holds a transition; times in a DST
/// gap are moved forward minute by minute to the first one that exists.
pub(super) fn resolve_slow(tz: Tz, local: i64) -> i64 {
    (0..2 * 1440)
        .find_map(|m| pick_offset(tz, local + 60 * m).map(|off| local + 60 * m - off))
        .unwrap_or(local)
}

/// Index of the bucket that `r` (uniform in 0..sum of weights) falls into.
pub(super) fn pick_weighted(r: u64, weights: impl IntoIterator<Item = u64>) -> usize {
    let mut acc = 0;
    for (i, w) in weights.into_iter().enumerate() {
        acc += w;
        if r < acc {
            return i;
        }
    }
    0
}

/// Wait in s: mostly within 20 s, else a tail growing with congestion `c`.
pub(super) fn draw_wait(rng: &mut Rng, c: f64) -> f64 {
    let c = c.clamp(0.0, 1.2);
    if rng.bernoulli(0.9 - 0.35 * c) {
        rng.uniform(0.0, 20.0)
    } else {
        (20.0 + rng.exponential(20.0 + 100.0 * c)).min(900.0)
    }
}

/// Hold: ~20% of calls have 1+ episodes (< 60% of talk); else 0 or empty.
pub(super) fn draw_hold(rng: &mut Rng, talk: f64) -> Option<u64> {
    let on_hold = rng.bernoulli(0.2);
    let blank = rng.bernoulli(0.25);
    if !on_hold {
        return if blank { None } else { Some(0) };
    }
    let episodes = 1 + rng.poisson(0.4);
    let total: f64 = (0..episodes).map(|_| 3.0 + rng.exponential(40.0)).sum();
    Some(total.min(talk * 0.6).floor() as u64)
}

/// CSAT on ~17% of calls, skewed to 4-5; one point lower after a bad experience.
pub(super) fn draw_csat(rng: &mut Rng, bad: bool) -> Option<u64> {
    let asked = rng.bernoulli(CSAT_P);
    let score = pick_weighted(rng.below(100), [6, 5, 11, 28, 50]) as u64 + 1;
    asked.then_some(if bad { score.max(2) - 1 } else { score })
}

/// A fresh E.164 number stored as its digits (e.g. 4930123456 for +4930123456).
pub(super) fn new_number(rng: &mut Rng) -> u64 {
    let plan = pick_weighted(rng.below(100), PHONE_PLANS.iter().map(|p| p.3));
    let (cc, areas, digits, _) = PHONE_PLANS[plan];
    let area = areas[rng.below(areas.len() as u64) as usize];
    let scale = 10u64.pow(digits - 1);
    let subscriber = scale + rng.below(9 * scale);
    let area_scale = 10u64.pow(area.ilog10() + 1);
    (cc * area_scale + area) * scale * 10 + subscriber
}
