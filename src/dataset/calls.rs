//! The accepted calls as plain columns: one entry per call in every
//! vector, text values as numbers into one dictionary (`interned`).

use crate::interned::{Names, Texts};
use crate::maybe::Maybe;
use crate::schema::timestamp::{self, US};
/// Accepted calls, one entry per call in every vector. Text values are
/// numbers into `names` (see `interned`).
#[derive(Debug, Default, Clone)]
pub struct Calls {
    /// The distinct text values of every text column.
    pub names: Names,
    pub call_id: Texts,
    pub queue: Vec<u32>,
    pub agent: Maybe<u32>,
    pub caller: Maybe<u32>,
    pub outbound: Vec<bool>,
    /// Microseconds since the epoch, UTC.
    pub arrived: Vec<i64>,
    /// The instant that places the call in an interval or day
    /// (`--attribute-by`: arrival by default), UTC microseconds.
    pub attr: Vec<i64>,
    /// `attr` as report-zone wall-clock microseconds, for interval, day,
    /// week, hour and weekday keys.
    pub attr_local: Vec<i64>,
    /// The report-zone month of `attr`, as `year * 100 + month`.
    pub attr_month: Vec<i32>,
    pub answered: Maybe<i64>,
    pub ended: Vec<i64>,
    pub hold_s: Maybe<i64>,
    pub acw_s: Maybe<i64>,
    pub transferred: Vec<Option<bool>>,
    pub csat: Maybe<i64>,
    /// Outcome of the call, lower case (`callback`, `voicemail`, ...).
    pub disposition: Maybe<u32>,
    pub channel: Maybe<u32>,
    /// Extra input columns (`--by NAME`, `--fcr-key NAME`), one vector
    /// each, in the order of `InputSettings::extra`.
    pub extra: Vec<Maybe<u32>>,
    months: Months,
}

/// The report-zone month (`year * 100 + month`) of local instants,
/// remembering the last day asked for, as calls mostly arrive in order.
#[derive(Debug, Default, Clone)]
pub struct Months(Option<(i64, i32)>);

impl Months {
    pub fn of(&mut self, local: i64) -> i32 {
        let day = local.div_euclid(86_400 * US);
        match self.0 {
            Some((d, m)) if d == day => m,
            _ => {
                let m = timestamp::month_of_local(local) as i32;
                self.0 = Some((day, m));
                m
            }
        }
    }
}

impl Calls {
    /// Keeps the calls whose flag is true, in every column.
    pub fn retain(&mut self, keep: &[bool]) {
        fn filter<T>(v: &mut Vec<T>, keep: &[bool]) {
            let mut i = 0;
            v.retain(|_| {
                i += 1;
                keep[i - 1]
            });
        }
        self.call_id.retain(keep);
        filter(&mut self.queue, keep);
        self.agent.retain(keep);
        self.caller.retain(keep);
        filter(&mut self.outbound, keep);
        filter(&mut self.arrived, keep);
        filter(&mut self.attr, keep);
        filter(&mut self.attr_local, keep);
        filter(&mut self.attr_month, keep);
        self.answered.retain(keep);
        filter(&mut self.ended, keep);
        self.hold_s.retain(keep);
        self.acw_s.retain(keep);
        filter(&mut self.transferred, keep);
        self.csat.retain(keep);
        self.disposition.retain(keep);
        self.channel.retain(keep);
        for col in &mut self.extra {
            col.retain(keep);
        }
    }

    /// Makes room for this many more calls in every column.
    /// (Not the ids: the loader keeps them while loading.)
    pub fn reserve(&mut self, n: usize) {
        self.queue.reserve(n);
        self.agent.reserve(n);
        self.caller.reserve(n);
        self.outbound.reserve(n);
        self.arrived.reserve(n);
        self.attr.reserve(n);
        self.attr_local.reserve(n);
        self.attr_month.reserve(n);
        self.answered.reserve(n);
        self.ended.reserve(n);
        self.hold_s.reserve(n);
        self.acw_s.reserve(n);
        self.transferred.reserve(n);
        self.csat.reserve(n);
        self.disposition.reserve(n);
        self.channel.reserve(n);
        for col in &mut self.extra {
            col.reserve(n);
        }
    }

    pub fn len(&self) -> usize {
        self.queue.len()
    }

    pub fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// The text of a name number.
    pub fn name(&self, id: u32) -> &str {
        self.names.name(id)
    }

    /// The text of an optional name number.
    pub fn text(&self, id: Option<u32>) -> Option<&str> {
        id.map(|id| self.names.name(id))
    }

    /// Appends one call (tests and readers that build calls directly).
    pub fn push(&mut self, call: &crate::schema::Call<'_>, attr: i64, local: i64, extra: &[Option<&str>]) {
        self.call_id.push(call.call_id);
        self.push_fields(call, attr, local, extra);
    }

    /// Appends one call's columns other than the id (the loader keeps the
    /// ids in its de-duplication table and hands them over at the end).
    pub(super) fn push_fields(
        &mut self,
        call: &crate::schema::Call<'_>,
        attr: i64,
        local: i64,
        extra: &[Option<&str>],
    ) {
        let queue = self.names.id(call.queue);
        let agent = call.agent.map(|a| self.names.id(a));
        let caller = call.caller.map(|a| self.names.id(a));
        let disposition = call.disposition.map(|d| {
            if d.bytes().any(|b| b.is_ascii_uppercase()) {
                self.names.id(&d.to_ascii_lowercase())
            } else {
                self.names.id(d)
            }
        });
        let channel = call.channel.map(|a| self.names.id(a));
        for (k, v) in extra.iter().enumerate() {
            let id = v.map(|v| self.names.id(v));
            self.extra[k].push(id);
        }
        self.queue.push(queue);
        self.agent.push(agent);
        self.caller.push(caller);
        self.outbound.push(call.outbound);
        self.arrived.push(call.arrived);
        self.attr.push(attr);
        self.attr_local.push(local);
        let month = self.months.of(local);
        self.attr_month.push(month);
        self.answered.push(call.answered);
        self.ended.push(call.ended);
        self.hold_s.push(call.hold_s);
        self.acw_s.push(call.acw_s);
        self.transferred.push(call.transferred);
        self.csat.push(call.csat);
        self.disposition.push(disposition);
        self.channel.push(channel);
    }
}
