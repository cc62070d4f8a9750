//! The facts of one call that every metric and the call list are derived
//! from, said once: whether it was answered, its wait, whether it was
//! abandoned, a short abandon, a flow-out or not offered (by `--outcome`),
//! its talk and handle time, and its FCR standing. `compute` reduces them
//! into the metrics (on the streaming engine and over loaded calls);
//! `calls` and `callback` list them per call.

use rustc_hash::FxHashMap;

use crate::dataset::Calls;
use crate::interned::Names;
use crate::metrics::{Outcome, PER_QUEUE, Rules};
use crate::schema::timestamp::US;

/// What the rules say, resolved once against the name numbers.
pub struct Resolved {
    flowout: Vec<u32>,
    not_offered: Vec<u32>,
    /// Per-queue service-level thresholds (microseconds) by queue number.
    queue_sl: FxHashMap<u32, i64>,
    default_sl: i64,
    /// Calls arriving after this are right-censored for FCR.
    censored_after: Option<i64>,
}

/// Calls arriving after this instant are right-censored for FCR: their
/// window reaches past the last inbound arrival of the data.
pub fn censored_after(r: &Rules, last_inbound: Option<i64>) -> Option<i64> {
    last_inbound.map(|t| t - r.fcr_window_s * US)
}

impl Resolved {
    /// `last_inbound`: the latest arrival of an inbound call (FCR censoring).
    pub fn new(names: &Names, r: &Rules, last_inbound: Option<i64>) -> Resolved {
        let ids = |o: Outcome| r.outcomes_of(o).iter().filter_map(|n| names.get(n)).collect();
        Resolved {
            flowout: ids(Outcome::FlowOut),
            not_offered: ids(Outcome::NotOffered),
            queue_sl: r.queue_sl.iter().filter_map(|(q, s)| Some((names.get(q)?, s * US))).collect(),
            default_sl: r.sl_threshold_s() * US,
            censored_after: censored_after(r, last_inbound),
        }
    }

    /// The service-level threshold of a queue for threshold `t` (seconds,
    /// or `PER_QUEUE`), in microseconds.
    pub fn threshold_us(&self, t: i64, queue: u32) -> i64 {
        if t == PER_QUEUE { self.queue_sl.get(&queue).copied().unwrap_or(self.default_sl) } else { t * US }
    }

    /// Whether a call arriving at `t` is right-censored for FCR.
    pub fn censored(&self, t: i64) -> bool {
        self.censored_after.is_some_and(|after| t > after)
    }

    /// The facts of one call. `fcr` is its (censored, repeat) standing when
    /// known (`None` while the streaming engine has not seen the rest).
    pub fn facts(&self, c: &One<'_>, r: &Rules, fcr: Option<(bool, bool)>) -> Facts {
        let answered = c.answered;
        let wait = answered.unwrap_or(c.ended) - c.arrived;
        let disposition = c.disposition.filter(|_| answered.is_none());
        let flowout = disposition.is_some_and(|d| self.flowout.contains(&d));
        let abandoned = answered.is_none() && !flowout;
        // Timestamps are within years 0000-9999 (differences fit easily);
        // hold and acw are whole seconds up to i64::MAX / 1e6, so they
        // saturate rather than overflow.
        let (talk, handle) = match answered {
            Some(ans) => (
                (c.ended - ans).saturating_sub(c.hold_s.unwrap_or(0) * US),
                (c.ended - ans).saturating_add(c.acw_s.unwrap_or(0) * US),
            ),
            None => (0, 0),
        };
        Facts {
            outbound: c.outbound,
            answered,
            wait,
            abandoned,
            short: abandoned && wait < r.short_abandon_s * US,
            flowout,
            not_offered: disposition.is_some_and(|d| self.not_offered.contains(&d)),
            has_key: c.fcr_key(r).is_some(),
            fcr,
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
    /// (censored: it arrived in the last FCR window of the data, repeat: its
    /// key called again inside the window), when known.
    pub fcr: Option<(bool, bool)>,
    /// Answer to end, less hold (0 when unanswered).
    pub talk: i64,
    /// Answer to end, plus after-call work (0 when unanswered).
    pub handle: i64,
}

impl Facts {
    /// Counted in FCR: answered, with a key, and not left out as censored.
    pub fn fcr_eligible(&self, r: &Rules) -> bool {
        let censored = self.fcr.is_some_and(|f| f.0);
        self.answered.is_some() && self.has_key && !(r.fcr_exclude_censored && censored)
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
        match (self.fcr_eligible(r), self.fcr.is_some_and(|f| f.1)) {
            (true, true) => "repeat",
            (true, false) => "resolved",
            (false, _) => "not_eligible",
        }
    }
}

/// One accepted call as the aggregation reads it: name numbers (see
/// `interned`) and UTC microseconds, as in `Calls`.
#[derive(Debug, Clone, Copy)]
pub struct One<'a> {
    pub queue: u32,
    pub agent: Option<u32>,
    pub caller: Option<u32>,
    pub outbound: bool,
    pub arrived: i64,
    pub attr: i64,
    pub attr_local: i64,
    pub attr_month: i32,
    pub answered: Option<i64>,
    pub ended: i64,
    pub hold_s: Option<i64>,
    pub acw_s: Option<i64>,
    pub transferred: Option<bool>,
    pub csat: Option<i64>,
    pub disposition: Option<u32>,
    pub channel: Option<u32>,
    /// Extra column values, in the order of `InputSettings::extra`.
    pub extra: &'a [Option<u32>],
}

impl<'a> One<'a> {
    /// Call `i` of the loaded calls; `extra` holds its extra values.
    pub fn of(c: &Calls, i: usize, extra: &'a mut Vec<Option<u32>>) -> One<'a> {
        extra.clear();
        extra.extend(c.extra.iter().map(|col| col.get(i)));
        One {
            queue: c.queue[i],
            agent: c.agent.get(i),
            caller: c.caller.get(i),
            outbound: c.outbound[i],
            arrived: c.arrived[i],
            attr: c.attr[i],
            attr_local: c.attr_local[i],
            attr_month: c.attr_month[i],
            answered: c.answered.get(i),
            ended: c.ended[i],
            hold_s: c.hold_s.get(i),
            acw_s: c.acw_s.get(i),
            transferred: c.transferred[i],
            csat: c.csat.get(i),
            disposition: c.disposition.get(i),
            channel: c.channel.get(i),
            extra,
        }
    }

    /// The call's FCR key (the caller, or an extra column).
    pub fn fcr_key(&self, r: &Rules) -> Option<u32> {
        match r.fcr_key {
            None => self.caller,
            Some(k) => self.extra.get(k).copied().flatten(),
        }
    }
}
