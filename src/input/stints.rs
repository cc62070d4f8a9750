//! Rebuilding calls from queue_log events. A stint is one pass of a call
//! through one queue: ENTERQUEUE, maybe CONNECT, then one end event.
//!
//! - arrived_at = ENTERQUEUE time; caller = ENTERQUEUE data2 (callerid).
//! - answered_at = arrived_at + CONNECT holdtime (data1), the queue wait.
//! - ended_at = answered_at + calltime of COMPLETEAGENT / COMPLETECALLER
//!   (data2) or TRANSFER / ATTENDEDTRANSFER / BLINDTRANSFER (data4);
//!   transferred = the stint ended with a transfer. AGENTDUMP / SYSCOMPAT
//!   end an answered stint at their own time.
//! - unanswered: ended_at = arrived_at + waittime of ABANDON / EXITEMPTY /
//!   EXITWITHTIMEOUT (data3) or EXITWITHKEY (data4); an exit not listed in
//!   `--abandon-events` leaves the stint out (`excluded_exit`).
//! - RINGNOANSWER (ringtime in ms), RINGCANCELED, DID and INFO belong to the
//!   call but change no column. Where a duration is missing the event's own
//!   time is used.
//!
//! One row per stint: call_id is the uniqueid for a call's first stint and
//! `uniqueid#2`, `#3`, ... for later ones. `--stitch`: one row per call
//! (QueueMetrics multi-stint): first queue, waits summed, answered (agent,
//! talk, transfer) as the last stint. Calls without ENTERQUEUE or without
//! an end are rejected (`incomplete_call`); calls with only DID/INFO lines
//! never entered a queue and are counted as not calls.

use crate::schema::columns::N_COLS;
use std::collections::HashMap;

use super::settings::QueueLogOptions;
use crate::dataset::{Loader, Location};
use crate::error::Result;
use crate::schema::reason::{Reason, Rejection};
use crate::schema::timestamp::US;
use crate::schema::{Field, RawRow};

/// One call event of the log.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub line: u64,
    /// Microseconds since the epoch, UTC.
    pub time: i64,
    pub callid: String,
    pub queue: String,
    pub agent: String,
    pub event: String,
    pub data: Vec<String>,
}

impl Event {
    /// Data field `n` (1-based), trimmed; empty when absent.
    pub fn data(&self, n: usize) -> &str {
        self.data.get(n - 1).map_or("", |s| s.trim())
    }

    /// Data field `n` as whole seconds.
    pub fn secs(&self, n: usize) -> Option<i64> {
        self.data(n).parse::<i64>().ok().filter(|v| *v >= 0)
    }
}

/// One finished pass through a queue.
#[derive(Debug, Clone, PartialEq)]
pub struct Stint {
    pub line: u64,
    pub queue: String,
    pub caller: String,
    pub arrived: i64,
    /// Seconds waited before CONNECT or before leaving.
    pub wait: i64,
    /// Answered: agent and talk seconds.
    pub answered: Option<(String, i64)>,
    pub transferred: bool,
    /// The end event.
    pub end: String,
}

/// A row or a rejection, at a line.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Row { call_id: String, stint: Stint },
    Reject(Rejection),
}

fn span_secs(from: i64, to: i64) -> i64 {
    (to - from).max(0).div_euclid(US)
}

struct Open {
    line: u64,
    queue: String,
    caller: String,
    arrived: i64,
    connect: Option<(String, i64)>,
}

/// Builds the stints of one call (events in file order), plus rejections.
fn call_stints(id: &str, events: &[Event], out: &mut Vec<(u64, Outcome)>) -> Vec<Stint> {
    let mut stints = Vec::new();
    let mut open: Option<Open> = None;
    let mut orphan: Option<u64> = None;
    for e in events {
        match e.event.as_str() {
            "ENTERQUEUE" => {
                if let Some(o) = open.take() {
                    out.push((o.line, incomplete(id, &o.queue, "entered again before any end event")));
                }
                open = Some(Open {
                    line: e.line,
                    queue: e.queue.clone(),
                    caller: e.data(2).to_string(),
                    arrived: e.time,
                    connect: None,
                });
            }
            "CONNECT" => match open.as_mut() {
                Some(o) => {
                    let wait = e.secs(1).unwrap_or_else(|| span_secs(o.arrived, e.time));
                    o.connect = Some((e.agent.clone(), wait));
                }
                None => {
                    orphan.get_or_insert(e.line);
                }
            },
            "COMPLETEAGENT" | "COMPLETECALLER" | "TRANSFER" | "ATTENDEDTRANSFER" | "BLINDTRANSFER"
            | "AGENTDUMP" | "SYSCOMPAT" | "ABANDON" | "EXITWITHTIMEOUT" | "EXITWITHKEY" | "EXITEMPTY" => {
                let Some(o) = open.take() else {
                    orphan.get_or_insert(e.line);
                    continue;
                };
                stints.push(close(o, e));
            }
            _ => {} // RINGNOANSWER, RINGCANCELED, DID, INFO
        }
    }
    if let Some(o) = open {
        out.push((o.line, incomplete(id, &o.queue, "has no end event (the log may end mid-call)")));
    }
    if let Some(line) = orphan {
        out.push((
            line,
            Outcome::Reject(Rejection::new(
                Reason::IncompleteCall,
                format!("call {id}: events without an ENTERQUEUE before them (the log may start mid-call)"),
            )),
        ));
    }
    stints
}

fn incomplete(id: &str, queue: &str, what: &str) -> Outcome {
    Outcome::Reject(Rejection::new(Reason::IncompleteCall, format!("call {id} in queue {queue} {what}")))
}

fn close(o: Open, e: &Event) -> Stint {
    let mut s = Stint {
        line: o.line,
        queue: o.queue,
        caller: o.caller,
        arrived: o.arrived,
        wait: 0,
        answered: None,
        transferred: false,
        end: e.event.clone(),
    };
    match (o.connect, e.event.as_str()) {
        (Some((agent, wait)), ev) => {
            s.wait = wait;
            let answered_at = s.arrived + wait * US;
            let talk = match ev {
                "COMPLETEAGENT" | "COMPLETECALLER" => e.secs(2),
                "TRANSFER" | "ATTENDEDTRANSFER" | "BLINDTRANSFER" => e.secs(4),
                _ => None,
            };
            s.transferred = matches!(ev, "TRANSFER" | "ATTENDEDTRANSFER" | "BLINDTRANSFER");
            s.answered = Some((agent, talk.unwrap_or_else(|| span_secs(answered_at, e.time))));
        }
        (None, ev) => {
            let waited = if ev == "EXITWITHKEY" { e.secs(4) } else { e.secs(3) };
            s.wait = waited.unwrap_or_else(|| span_secs(s.arrived, e.time));
        }
    }
    s
}

/// The outcome of a finished stint on its own (or as the last of a
/// stitched call): a row, or left out as a non-abandon exit.
fn outcome(call_id: String, stint: Stint, opts: &QueueLogOptions) -> Outcome {
    if stint.answered.is_none() && !opts.abandon_events.contains(&stint.end) {
        return Outcome::Reject(Rejection::new(
            Reason::ExcludedExit,
            format!(
                "call {call_id} left queue {} by {}, which --abandon-events does not count as an abandon",
                stint.queue, stint.end
            ),
        ));
    }
    Outcome::Row { call_id, stint }
}

/// Turns the events of a whole log into rows and rejections, by line.
pub fn outcomes(events: Vec<Event>, opts: &QueueLogOptions, not_queued: &mut u64) -> Vec<(u64, Outcome)> {
    let mut order: Vec<String> = Vec::new();
    let mut by_call: HashMap<String, Vec<Event>> = HashMap::new();
    for e in events {
        if !by_call.contains_key(&e.callid) {
            order.push(e.callid.clone());
        }
        by_call.entry(e.callid.clone()).or_default().push(e);
    }
    let mut out = Vec::new();
    for id in order {
        let evs = &by_call[&id];
        if evs.iter().all(|e| matches!(e.event.as_str(), "DID" | "INFO")) {
            *not_queued += 1;
            continue;
        }
        let before = out.len();
        let stints = call_stints(&id, evs, &mut out);
        if opts.stitch {
            if out.len() > before {
                continue; // an incomplete part makes the whole call incomplete
            }
            if let Some(s) = stitch(stints) {
                let line = s.line;
                out.push((line, outcome(id.clone(), s, opts)));
            }
        } else {
            for (n, s) in stints.into_iter().enumerate() {
                let call_id = if n == 0 { id.clone() } else { format!("{id}#{}", n + 1) };
                out.push((s.line, outcome(call_id, s, opts)));
            }
        }
    }
    out.sort_by_key(|(line, _)| *line);
    out
}

/// One stint for a whole call: the first queue, arrival and caller; waits
/// summed; agent, talk, transfer and end event of the last stint.
pub fn stitch(stints: Vec<Stint>) -> Option<Stint> {
    let total_wait: i64 = stints.iter().map(|s| s.wait).sum();
    let mut it = stints.into_iter();
    let first = it.next()?;
    let last = it.last();
    let mut s = match last {
        None => first,
        Some(last) => Stint {
            line: first.line,
            queue: first.queue,
            caller: first.caller,
            arrived: first.arrived,
            ..last
        },
    };
    s.wait = total_wait;
    Some(s)
}

/// Pushes the rebuilt rows of one log into the loader.
pub fn rebuild(
    name: &str,
    events: Vec<Event>,
    opts: &QueueLogOptions,
    raw_lines: &HashMap<u64, String>,
    loader: &mut Loader,
) -> Result<()> {
    let mut not_queued = 0;
    let outs = outcomes(events, opts, &mut not_queued);
    for _ in 0..not_queued {
        loader.note("calls that never entered a queue");
    }
    for (line, o) in outs {
        let loc = Location { source: name, line };
        if let Some(raw) = raw_lines.get(&line) {
            loader.set_raw(raw.clone());
        }
        match o {
            Outcome::Reject(rej) => loader.reject(loc, rej)?,
            Outcome::Row { call_id, stint } => {
                let answered_at = stint.arrived + stint.wait * US;
                let (agent, ended) = match &stint.answered {
                    Some((agent, talk)) => (Field::Text(agent.as_str()), answered_at + talk * US),
                    None => (Field::Null, answered_at),
                };
                let mut f = [Field::Null; N_COLS];
                f[0] = Field::Text(&call_id);
                f[1] = Field::Text(&stint.queue);
                f[2] = agent;
                f[3] = Field::Text(&stint.caller);
                f[5] = Field::Instant(stint.arrived);
                f[6] = if stint.answered.is_some() { Field::Instant(answered_at) } else { Field::Null };
                f[7] = Field::Instant(ended);
                f[10] = Field::Bool(stint.transferred);
                loader.push(loc, &RawRow { fields: f })?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(line: u64, t: i64, id: &str, q: &str, agent: &str, event: &str, data: &[&str]) -> Event {
        Event {
            line,
            time: t * US,
            callid: id.into(),
            queue: q.into(),
            agent: agent.into(),
            event: event.into(),
            data: data.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn opts(stitch: bool) -> QueueLogOptions {
        QueueLogOptions { stitch, ..QueueLogOptions::default() }
    }

    /// QueueMetrics multi-stint example: timed out of A after 30 s, answered
    /// in B after 12 s more, talked 100 s.
    fn two_queues() -> Vec<Event> {
        vec![
            ev(1, 1000, "c1", "A", "NONE", "ENTERQUEUE", &["", "+49301", "1"]),
            ev(2, 1030, "c1", "A", "NONE", "EXITWITHTIMEOUT", &["1", "1", "30"]),
            ev(3, 1031, "c1", "B", "NONE", "ENTERQUEUE", &["", "+49301", "1"]),
            ev(4, 1043, "c1", "B", "ann", "CONNECT", &["12", "c1.2", "4"]),
            ev(5, 1143, "c1", "B", "ann", "COMPLETECALLER", &["12", "100", "1"]),
        ]
    }

    #[test]
    fn one_row_per_queue_by_default() {
        let mut nq = 0;
        let out = outcomes(two_queues(), &opts(false), &mut nq);
        assert_eq!(out.len(), 2);
        let Outcome::Row { call_id, stint } = &out[0].1 else { panic!("{out:?}") };
        assert_eq!(
            (call_id.as_str(), stint.queue.as_str(), stint.wait, stint.answered.is_none()),
            ("c1", "A", 30, true)
        );
        let Outcome::Row { call_id, stint } = &out[1].1 else { panic!("{out:?}") };
        assert_eq!((call_id.as_str(), stint.wait), ("c1#2", 12));
        assert_eq!(stint.answered, Some(("ann".into(), 100)));
    }

    #[test]
    fn stitch_gives_one_row_on_the_first_queue() {
        let mut nq = 0;
        let out = outcomes(two_queues(), &opts(true), &mut nq);
        assert_eq!(out.len(), 1);
        let Outcome::Row { call_id, stint } = &out[0].1 else { panic!("{out:?}") };
        assert_eq!(
            (call_id.as_str(), stint.queue.as_str(), stint.wait, stint.arrived),
            ("c1", "A", 42, 1000 * US)
        );
        assert_eq!(stint.answered, Some(("ann".into(), 100)));
    }

    #[test]
    fn incomplete_calls_and_excluded_exits() {
        let events = vec![
            ev(1, 10, "x", "A", "ann", "CONNECT", &["5"]),
            ev(2, 20, "y", "A", "NONE", "ENTERQUEUE", &["", "1"]),
            ev(3, 30, "z", "A", "NONE", "ENTERQUEUE", &["", "1"]),
            ev(4, 40, "z", "A", "NONE", "EXITEMPTY", &["1", "1", "10"]),
            ev(5, 41, "d", "", "NONE", "DID", &["+4930"]),
        ];
        let o = QueueLogOptions { abandon_events: vec!["ABANDON".into()], stitch: false };
        let mut nq = 0;
        let out = outcomes(events, &o, &mut nq);
        let reasons: Vec<Reason> = out
            .iter()
            .map(|(_, o)| match o {
                Outcome::Reject(r) => r.reason,
                Outcome::Row { .. } => Reason::Duplicate,
            })
            .collect();
        assert_eq!(reasons, vec![Reason::IncompleteCall, Reason::IncompleteCall, Reason::ExcludedExit]);
        assert_eq!(nq, 1);
    }
}
