//! The facts of one call that every metric and the call list are derived
//! from, said once: whether it was answered, its wait, whether it was
//! abandoned, a short abandon, a flow-out or not offered (by `--outcome`),
//! its talk and handle time, and its FCR standing. `compute` reduces them
//! into the metrics; `calls` lists them per call.

use rustc_hash::FxHashMap;

use crate::dataset::Calls;
use crate::maybe::Maybe;
use crate::metrics::{Outcome, PER_QUEUE, Rules};
use crate::schema::timestamp::US;

/// What the rules say, resolved once against the calls' name numbers.
pub struct Context<'a> {
    flowout: Vec<u32>,
    not_offered: Vec<u32>,
    /// Per-queue service-level thresholds (microseconds) by queue number.
    queue_sl: FxHashMap<u32, i64>,
    default_sl: i64,
    /// Calls arriving after this are right-censored for FCR.
    censored_after: Option<i64>,
    short_abandon_us: i64,
    /// The FCR key column.
    fcr_key: &'a Maybe<u32>,
}

impl<'a> Context<'a> {
    pub fn new(c: &'a Calls, r: &Rules) -> Context<'a> {
        let ids = |o: Outcome| r.outcomes_of(o).iter().filter_map(|n| c.names.get(n)).collect();
        let last_inbound = (0..c.len()).filter(|&i| !c.outbound[i]).map(|i| c.arrived[i]).max();
        Context {
            flowout: ids(Outcome::FlowOut),
            not_offered: ids(Outcome::NotOffered),
            queue_sl: r.queue_sl.iter().filter_map(|(q, s)| Some((c.names.get(q)?, s * US))).collect(),
            default_sl: r.sl_threshold_s() * US,
            censored_after: last_inbound.map(|t| t - r.fcr_window_s * US),
            short_abandon_us: r.short_abandon_s * US,
            fcr_key: match r.fcr_key {
                None => &c.caller,
                Some(k) => &c.extra[k],
            },
        }
    }

    /// The service-level threshold of a queue for threshold `t` (seconds,
    /// or `PER_QUEUE`), in microseconds.
    pub fn threshold_us(&self, t: i64, queue: u32) -> i64 {
        if t == PER_QUEUE { self.queue_sl.get(&queue).copied().unwrap_or(self.default_sl) } else { t * US }
    }

    /// The facts of call `i`; `repeat` says whether its FCR key calls again
    /// inside the window (`report::fcr`).
    pub fn facts(&self, c: &Calls, i: usize, repeat: bool) -> Facts {
        let answered = c.answered.get(i);
        let wait = answered.unwrap_or(c.ended[i]) - c.arrived[i];
        let disposition = c.disposition.get(i).filter(|_| answered.is_none());
        let flowout = disposition.is_some_and(|d| self.flowout.contains(&d));
        let abandoned = answered.is_none() && !flowout;
        // Timestamps are within years 0000-9999 (differences fit easily);
        // hold and acw are whole seconds up to i64::MAX / 1e6, so they
        // saturate rather than overflow.
        let (talk, handle) = match answered {
            Some(ans) => (
                (c.ended[i] - ans).saturating_sub(c.hold_s.get(i).unwrap_or(0) * US),
                (c.ended[i] - ans).saturating_add(c.acw_s.get(i).unwrap_or(0) * US),
            ),
            None => (0, 0),
        };
        Facts {
            outbound: c.outbound[i],
            answered,
            wait,
            abandoned,
            short: abandoned && wait < self.short_abandon_us,
            flowout,
            not_offered: disposition.is_some_and(|d| self.not_offered.contains(&d)),
            has_key: self.fcr_key.is_some(i),
            censored: self.censored_after.is_some_and(|t| c.arrived[i] > t),
            repeat,
            talk,
            handle,
        }
    }
}

/// The facts of one call (times in microseconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub outbound: bool,
    /// When it was answered, if it was.
    pub answered: Option<i64>,
    /// Arrival to answer, or to the end for an unanswered call.
    pub wait: i64,
    /// Unanswered and not a flow-out.
    pub abandoned: bool,
    /// Abandoned within `--short-abandon`.
    pub short: bool,
    /// Unanswered with a disposition `--outcome` counts as a flow-out.
    pub flowout: bool,
    /// Unanswered with a disposition `--outcome` counts as not offered.
    pub not_offered: bool,
    /// It has an FCR key (caller, or the `--fcr-key` column).
    pub has_key: bool,
    /// It arrived in the last FCR window of the data.
    pub censored: bool,
    /// Its key called again inside the FCR window.
    pub repeat: bool,
    /// Answer to end, less hold (0 when unanswered).
    pub talk: i64,
    /// Answer to end, plus after-call work (0 when unanswered).
    pub handle: i64,
}

impl Facts {
    /// Counted in FCR: answered, with a key, and not left out as censored.
    pub fn fcr_eligible(&self, r: &Rules) -> bool {
        self.answered.is_some() && self.has_key && !(r.fcr_exclude_censored && self.censored)
    }

    /// The outcome of an offered call, as the call list names it.
    pub fn outcome(&self) -> &'static str {
        match (self.answered.is_some(), self.flowout, self.short) {
            (true, _, _) => "answered",
            (false, true, _) => "flowed_out",
            (false, _, true) => "short_abandoned",
            _ => "abandoned",
        }
    }

    /// The FCR outcome: repeat, resolved, or not eligible.
    pub fn fcr(&self, r: &Rules) -> &'static str {
        match (self.fcr_eligible(r), self.repeat) {
            (true, true) => "repeat",
            (true, false) => "resolved",
            (false, _) => "not_eligible",
        }
    }
}
