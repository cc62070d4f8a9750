//! `calls --callback`: the callers to call back. A caller (the FCR key:
//! the caller number, or `--fcr-key`'s column) is listed when an abandoned
//! call of theirs (abandoned or short abandoned; not a flow-out, which is a
//! callback already) arrived in the window and no answered inbound contact
//! and no outbound call to them followed within `--fcr-window`. One row per
//! caller: the attempts left open, the first and last of them, the longest
//! wait and the queue of the last one; oldest first. Calls without a key
//! cannot be called back and are counted in the footer only. May not write.

use chrono_tz::Tz;

use crate::dataset::{Accounting, Calls};
use crate::maybe::Maybe;
use crate::metrics::{Rules, Unit};
use crate::schema::timestamp::{US, format_in};

use super::facts::Facts;
use super::model::{Cell, Column, Kind, Report, Settings};

/// One caller's open attempts.
struct Open {
    key: u32,
    attempts: i64,
    first: i64,
    last: i64,
    longest_wait: i64,
    last_queue: u32,
}

/// The callback list. `facts` is `calls::derive`'s; `in_window` says which
/// calls arrived inside `--since`/`--until`.
pub fn callbacks(
    c: &Calls,
    facts: &[Option<Facts>],
    in_window: &dyn Fn(usize) -> bool,
    rules: &Rules,
    tz: Tz,
    settings: Settings,
    accounting: Accounting,
) -> Report {
    let keys: &Maybe<u32> = match rules.fcr_key {
        None => &c.caller,
        Some(k) => &c.extra[k],
    };
    let window = rules.fcr_window_s * US;
    // Per key: (arrival, call, is it an attempt) in arrival order; a contact
    // that is not an attempt (answered inbound, or outbound) closes the
    // attempts before it within the window.
    let mut events: Vec<(u32, i64, usize, bool)> = Vec::new();
    let mut withheld = 0u64;
    for (i, fact) in facts.iter().enumerate() {
        let Some(k) = keys.get(i) else {
            withheld += u64::from(fact.is_some_and(|f| f.answered.is_none() && !f.flowout) && in_window(i));
            continue;
        };
        match *fact {
            Some(f) if f.answered.is_some() => events.push((k, c.arrived[i], i, false)),
            Some(f) if !f.flowout => events.push((k, c.arrived[i], i, in_window(i))),
            Some(_) => {}
            None if c.outbound[i] => events.push((k, c.arrived[i], i, false)),
            None => {}
        }
    }
    events.sort_by_key(|e| (e.0, e.1, e.2));
    let mut open: Vec<Open> = Vec::new();
    let mut g = 0;
    while g < events.len() {
        let key = events[g].0;
        let end = g + events[g..].iter().take_while(|e| e.0 == key).count();
        let group = &events[g..end];
        let mut acc: Option<Open> = None;
        for (j, &(_, t, i, attempt)) in group.iter().enumerate() {
            if !attempt {
                continue;
            }
            let answered_later = group[j + 1..].iter().take_while(|e| e.1 <= t + window).any(|e| {
                let (_, later, li, _) = *e;
                later > t && (c.outbound[li] || facts[li].is_some_and(|f| f.answered.is_some()))
            });
            if answered_later {
                continue;
            }
            let wait = facts[i].map_or(0, |f| f.wait);
            let o = acc.get_or_insert(Open {
                key,
                attempts: 0,
                first: t,
                last: t,
                longest_wait: 0,
                last_queue: c.queue[i],
            });
            o.attempts += 1;
            o.last = t;
            o.last_queue = c.queue[i];
            o.longest_wait = o.longest_wait.max(wait);
        }
        open.extend(acc);
        g = end;
    }
    open.sort_by_key(|o| (o.first, o.key));
    let key_name = match rules.fcr_key {
        None => "caller".to_string(),
        Some(k) => settings.extra_names.get(k).cloned().unwrap_or_else(|| "key".into()),
    };
    let text = |id: &str, label: &str| Column { id: id.into(), label: label.into(), kind: Kind::Key };
    let mut columns = vec![
        text(&key_name, "Caller"),
        text("queue", "Last queue"),
        text("first_at", "First attempt"),
        text("last_at", "Last attempt"),
    ];
    columns.push(Column { id: "attempts".into(), label: "Attempts".into(), kind: Kind::Metric(Unit::Count) });
    columns.push(Column {
        id: "longest_wait_s".into(),
        label: "Longest wait".into(),
        kind: Kind::Metric(Unit::Seconds),
    });
    let rows = open
        .iter()
        .map(|o| {
            vec![
                Cell::Text(c.name(o.key).to_string()),
                Cell::Text(c.name(o.last_queue).to_string()),
                Cell::Text(format_in(o.first, tz)),
                Cell::Text(format_in(o.last, tz)),
                Cell::Count(o.attempts),
                Cell::Number(o.longest_wait as f64 / US as f64),
            ]
        })
        .collect();
    let mut settings = settings;
    settings.by = "caller".into();
    settings.order = Some(format!(
        "callers to call back: abandoned in the window, no answered or outbound contact within {} after; {} abandoned call(s) without a caller left out",
        crate::values::Seconds(rules.fcr_window_s),
        withheld
    ));
    Report::table(columns, 4, rows, settings, accounting)
}
