//! Asterisk queue_log reading: the pipe file (`epoch|uniqueid|queue|agent|
//! EVENT|data1|...`) and its database dump as CSV (`time, callid, queuename,
//! agent, event, data1..data5`). Lines become `stints::Event`s here; `stints.rs`
//! rebuilds one canonical row per call and queue (or per call, `--stitch`).
//!
//! Every line is accounted for: a call event is part of a rebuilt row or of
//! a rejected call; agent and system events, blank lines and calls that
//! never entered a queue are counted as `not_calls`; unreadable lines and
//! unknown events are rejected with their line number.

use std::collections::HashMap;
use std::io::BufRead;

use super::settings::InputSettings;
use super::sniff;
use super::stints::{self, Event};
use crate::dataset::{Loader, Location};
use crate::error::{Error, Result};
use crate::schema::reason::{Reason, Rejection};
use crate::schema::timestamp::{self, US};

/// Events that belong to a call (by uniqueid).
pub const CALL_EVENTS: &[&str] = &[
    "ENTERQUEUE",
    "CONNECT",
    "COMPLETEAGENT",
    "COMPLETECALLER",
    "ABANDON",
    "EXITWITHTIMEOUT",
    "EXITWITHKEY",
    "EXITEMPTY",
    "TRANSFER",
    "ATTENDEDTRANSFER",
    "BLINDTRANSFER",
    "RINGNOANSWER",
    "RINGCANCELED",
    "AGENTDUMP",
    "SYSCOMPAT",
    "DID",
    "INFO",
];

/// Agent events, kept as counts for later occupancy work.
pub const AGENT_EVENTS: &[&str] = &[
    "AGENTLOGIN",
    "AGENTLOGOFF",
    "AGENTCALLBACKLOGIN",
    "AGENTCALLBACKLOGOFF",
    "ADDMEMBER",
    "REMOVEMEMBER",
    "PAUSE",
    "UNPAUSE",
    "PAUSEALL",
    "UNPAUSEALL",
    "PENALTY",
];

/// Events about the queue system itself.
pub const SYSTEM_EVENTS: &[&str] = &["QUEUESTART", "CONFIGRELOAD"];

/// Exit events `--abandon-events` may name.
pub const EXIT_EVENTS: &[&str] = &["ABANDON", "EXITWITHTIMEOUT", "EXITWITHKEY", "EXITEMPTY"];

/// Parses one `--abandon-events` entry.
pub fn parse_event(s: &str) -> std::result::Result<String, String> {
    let e = s.trim().to_ascii_uppercase();
    if EXIT_EVENTS.contains(&e.as_str()) {
        Ok(e)
    } else {
        Err(format!("'{s}' is not a queue exit event; use {}", EXIT_EVENTS.join(", ")))
    }
}

fn parse_time(t: &str, s: &InputSettings) -> Option<i64> {
    let t = t.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        let v: f64 = t.parse().ok()?;
        return Some((v * US as f64).round() as i64);
    }
    timestamp::parse_in(t, s.mapping.tz.unwrap_or(s.input_tz)).ok()
}

/// What one line is.
enum Line {
    Call(Event),
    NotCall(&'static str),
    Bad(Rejection),
}

fn classify(line: u64, cells: &[&str], s: &InputSettings) -> Line {
    if cells.iter().all(|c| c.trim().is_empty()) {
        return Line::NotCall("blank lines");
    }
    if cells.len() < 5 {
        return Line::Bad(Rejection::new(
            Reason::BadLine,
            format!("{} fields; a queue_log line has at least time|callid|queue|agent|event", cells.len()),
        ));
    }
    let Some(time) = parse_time(cells[0], s) else {
        return Line::Bad(Rejection::new(
            Reason::BadLine,
            format!("time '{}' is not a Unix time or a timestamp", cells[0].trim()),
        ));
    };
    let event = cells[4].trim().to_ascii_uppercase();
    if AGENT_EVENTS.contains(&event.as_str()) {
        return Line::NotCall("agent events");
    }
    if SYSTEM_EVENTS.contains(&event.as_str()) {
        return Line::NotCall("system events");
    }
    if !CALL_EVENTS.contains(&event.as_str()) {
        return Line::Bad(Rejection::new(
            Reason::UnknownEvent,
            format!(
                "event '{}' is not a queue_log event callstat knows; the line is skipped",
                cells[4].trim()
            ),
        ));
    }
    let mut data: Vec<String> = cells[5..].iter().map(|c| c.to_string()).collect();
    while data.last().is_some_and(|d| d.trim().is_empty()) {
        data.pop(); // a trailing `|` or empty data5
    }
    Line::Call(Event {
        line,
        time,
        callid: cells[1].trim().to_string(),
        queue: cells[2].trim().to_string(),
        agent: cells[3].trim().to_string(),
        event,
        data,
    })
}

/// Reads one queue_log source (pipe file or DB dump CSV) into the loader.
pub fn read(
    name: &str,
    mut r: Box<dyn BufRead + '_>,
    s: &InputSettings,
    loader: &mut Loader,
) -> Result<Vec<(&'static str, String)>> {
    let io = |e: std::io::Error| Error::Read { path: name.to_string(), source: e };
    let first = sniff::peek_line(&mut r).map_err(io)?;
    let mut events = Vec::new();
    // Input text of call events, kept only for the quarantine file.
    let mut raw_lines: HashMap<u64, String> = HashMap::new();
    let mut take = |line: u64, cells: &[&str], raw: &dyn Fn() -> String, loader: &mut Loader| -> Result<()> {
        match classify(line, cells, s) {
            Line::Call(e) => {
                if loader.wants_raw() {
                    raw_lines.insert(line, raw());
                }
                events.push(e)
            }
            Line::NotCall(kind) => loader.note(kind),
            Line::Bad(rej) => {
                if loader.wants_raw() {
                    loader.set_raw(raw());
                }
                loader.reject(Location { source: name, line }, rej)?
            }
        }
        Ok(())
    };
    let dump = sniff::is_queue_log_header(&first);
    if dump {
        read_dump(name, r, s, loader, &mut take)?;
    } else {
        let mut buf = Vec::new();
        let mut line = 0u64;
        loop {
            buf.clear();
            if r.read_until(b'\n', &mut buf).map_err(io)? == 0 {
                break;
            }
            line += 1;
            let Ok(text) = std::str::from_utf8(&buf) else {
                let rej = Rejection::new(Reason::BadEncoding, "the line is not valid UTF-8");
                loader.reject(Location { source: name, line }, rej)?;
                continue;
            };
            // A lone CR ends a line too (old Mac line ends), else such a
            // file would be one line.
            for (k, text) in text.trim_end_matches(['\n', '\r']).split('\r').enumerate() {
                line += u64::from(k > 0);
                let text = if line == 1 { text.trim_start_matches('\u{feff}') } else { text };
                let cells: Vec<&str> = text.split('|').collect();
                take(line, &cells, &|| text.to_string(), loader)?;
            }
        }
    }
    stints::rebuild(name, events, &s.queue_log, &raw_lines, loader)?;
    let variant = if dump { "database dump (CSV with a header)" } else { "pipe-delimited file" };
    let rows = if s.queue_log.stitch { "one row per call (--stitch)" } else { "one row per call and queue" };
    Ok(vec![
        ("variant", variant.to_string()),
        ("grouping", rows.to_string()),
        ("abandons", s.queue_log.abandon_events.join(", ")),
    ])
}

type Take<'a> = dyn FnMut(u64, &[&str], &dyn Fn() -> String, &mut Loader) -> Result<()> + 'a;

/// The database dump: a header naming time, callid, queuename, agent,
/// event and data1..data5 (or one `data` column with `|`-joined values).
fn read_dump(
    name: &str,
    r: Box<dyn BufRead + '_>,
    s: &InputSettings,
    loader: &mut Loader,
    take: &mut Take<'_>,
) -> Result<()> {
    let bad = |e: csv::Error| Error::BadFile { path: name.to_string(), message: e.to_string() };
    let mut r = r;
    let delimiter = match s.delimiter {
        Some(d) => d,
        None => sniff::delimiter(
            &sniff::peek_line(&mut r).map_err(|e| Error::Read { path: name.into(), source: e })?,
        ),
    };
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(true).flexible(true).delimiter(delimiter).from_reader(r);
    let header: Vec<String> = rdr
        .headers()
        .map_err(bad)?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase())
        .collect();
    let col = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let idx = [
        col(&["time", "timestamp"]),
        col(&["callid", "uniqueid"]),
        col(&["queuename", "queue"]),
        col(&["agent"]),
        col(&["event"]),
    ];
    let data_cols: Vec<usize> = (1..=9).filter_map(|n| col(&[format!("data{n}").as_str()])).collect();
    let joined = col(&["data"]);
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                if let csv::ErrorKind::Utf8 { pos: Some(p), .. } = e.kind() {
                    let rej = Rejection::new(Reason::BadEncoding, "the line is not valid UTF-8");
                    loader.reject(Location { source: name, line: p.line() }, rej)?;
                    continue;
                }
                return Err(bad(e));
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("");
        let mut cells: Vec<&str> = idx.iter().map(|i| get(*i)).collect();
        if let Some(j) = joined {
            cells.extend(get(Some(j)).split('|'));
        } else {
            cells.extend(data_cols.iter().map(|i| get(Some(*i))));
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            cells.clear();
        }
        let raw = || record.iter().collect::<Vec<_>>().join(&(delimiter as char).to_string());
        take(line, &cells, &raw, loader)?;
    }
    Ok(())
}
