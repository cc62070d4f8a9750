//! Amazon Connect contact trace records (CTRs): JSON lines, concatenated
//! JSON objects (as Kinesis Firehose writes them) or one JSON array.
//!
//! Records are delivered at least once, so every ContactId keeps only its
//! record with the latest LastUpdateTimestamp, across all CTR inputs; the
//! others are counted as duplicates. Fields map to canonical columns as
//! below; a mapping (`--map csat=Attributes.csat`) can name any dotted path
//! for a canonical column, e.g. a survey score in `Attributes`.

use crate::schema::columns::N_COLS;
use std::collections::HashMap;
use std::io::Read;

use serde_json::Value;

use super::mapping::{Mapping, Target};
use crate::dataset::{Loader, Location};
use crate::error::{Error, Result};
use crate::schema::reason::{Reason, Rejection};
use crate::schema::{COLUMNS, Col, Field, RawRow, timestamp};

/// Default CTR paths per canonical column (direction and transferred are derived).
const DEFAULT_PATHS: &[(Col, &str)] = &[
    (Col::CallId, "ContactId"),
    (Col::Queue, "Queue.Name"),
    (Col::Agent, "Agent.Username"),
    (Col::Caller, "CustomerEndpoint.Address"),
    (Col::ArrivedAt, "Queue.EnqueueTimestamp"),
    (Col::AnsweredAt, "Agent.ConnectedToAgentTimestamp"),
    (Col::EndedAt, "DisconnectTimestamp"),
    (Col::HoldS, "Agent.CustomerHoldDuration"),
    (Col::AcwS, "Agent.AfterContactWorkDuration"),
];

/// One record with where it came from.
struct Record {
    source: usize,
    line: u64,
    value: Value,
    /// The record's text as read (JSON lines / concatenated JSON).
    raw: Option<String>,
}

fn get<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    let mut cur = v;
    for part in path.split('.') {
        cur = cur.get(part)?;
    }
    (!cur.is_null()).then_some(cur)
}

fn text(v: &Value, path: &str) -> Option<String> {
    match get(v, path)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn line_of(text: &str, offset: usize) -> u64 {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

/// Splits one source into records; unreadable JSON is rejected by line.
fn parse_source(
    source: usize,
    name: &str,
    text: &str,
    loader: &mut Loader,
    out: &mut Vec<Record>,
) -> Result<()> {
    let trimmed = text.trim_start_matches('\u{feff}');
    let skip = text.len() - trimmed.len();
    if trimmed.trim_start().starts_with('[') {
        let arr: Vec<Value> = serde_json::from_str(trimmed).map_err(|e| Error::BadFile {
            path: name.to_string(),
            message: format!("not a JSON array of contact records: {e}"),
        })?;
        for (i, value) in arr.into_iter().enumerate() {
            out.push(Record { source, line: i as u64 + 1, value, raw: None });
        }
        return Ok(());
    }
    let mut pos = skip;
    while pos < text.len() {
        let rest = &text[pos..];
        let lead = rest.len() - rest.trim_start().len();
        if lead == rest.len() {
            break;
        }
        let start = pos + lead;
        let mut stream = serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
        match stream.next() {
            Some(Ok(value)) => {
                let end = start + stream.byte_offset();
                let raw = loader.wants_raw().then(|| text[start..end].to_string());
                out.push(Record { source, line: line_of(text, start), value, raw });
                pos = end;
            }
            Some(Err(e)) => {
                let why = e.to_string();
                let why = why.split(" at line ").next().unwrap_or_default();
                if loader.wants_raw() {
                    let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
                    loader.set_raw(text[start..end].to_string());
                }
                let rej = Rejection::new(
                    Reason::BadLine,
                    format!("not a JSON contact record ({why}); skipped to the next line"),
                );
                loader.reject(Location { source: name, line: line_of(text, start) }, rej)?;
                pos = text[start..].find('\n').map_or(text.len(), |n| start + n + 1);
            }
            None => break,
        }
    }
    Ok(())
}

/// Reads every CTR source together (dedupe spans files) into the loader.
pub fn read(
    sources: Vec<(String, Box<dyn Read + '_>)>,
    mapping: &Mapping,
    loader: &mut Loader,
) -> Result<()> {
    let mut records = Vec::new();
    let names: Vec<String> = sources.iter().map(|(n, _)| n.clone()).collect();
    for (i, (name, mut r)) in sources.into_iter().enumerate() {
        let mut text = String::new();
        r.read_to_string(&mut text).map_err(|e| Error::Read { path: name.clone(), source: e })?;
        parse_source(i, &name, &text, loader, &mut records)?;
    }
    // The latest LastUpdateTimestamp per ContactId wins; a tie keeps the later record.
    let stamp = |r: &Record| {
        text(&r.value, "LastUpdateTimestamp").and_then(|t| timestamp::parse_in(&t, chrono_tz::UTC).ok())
    };
    let mut best: HashMap<String, usize> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        let Some(id) = text(&r.value, "ContactId") else { continue };
        match best.get(&id) {
            Some(&j) if stamp(&records[j]) > stamp(r) => {}
            _ => {
                best.insert(id, i);
            }
        }
    }
    for (i, r) in records.iter().enumerate() {
        let loc = Location { source: &names[r.source], line: r.line };
        if loader.wants_raw() {
            loader.set_raw(r.raw.clone().unwrap_or_else(|| r.value.to_string()));
        }
        if let Some(id) = text(&r.value, "ContactId")
            && best[&id] != i
        {
            let k = &records[best[&id]];
            let msg = format!(
                "contact {id}: an older record; the one at {}:{} has a later LastUpdateTimestamp and is kept",
                names[k.source], k.line
            );
            loader.duplicate(loc, msg)?;
            continue;
        }
        push(&r.value, loc, mapping, loader)?;
    }
    Ok(())
}

fn push(v: &Value, loc: Location<'_>, mapping: &Mapping, loader: &mut Loader) -> Result<()> {
    let path = |c: Col| -> Option<String> {
        mapping
            .columns
            .get(&Target::Col(c))
            .cloned()
            .or_else(|| DEFAULT_PATHS.iter().find(|(d, _)| *d == c).map(|(_, p)| p.to_string()))
    };
    let id = text(v, "ContactId").unwrap_or_default();
    let method = text(v, "InitiationMethod").unwrap_or_default();
    let queue_path = path(Col::Queue).unwrap_or_default();
    if get(v, &queue_path).is_none() {
        let rej = Rejection::new(
            Reason::NotQueued,
            format!(
                "contact {id} ({method}) never reached a queue ({queue_path} is absent); not an offered call"
            ),
        );
        return loader.reject(loc, rej);
    }
    let mut cells: [Option<String>; N_COLS] = Default::default();
    for c in COLUMNS {
        if let Some(p) = path(c.col) {
            cells[c.col as usize] = text(v, &p);
        }
    }
    let outbound = method.eq_ignore_ascii_case("OUTBOUND");
    if !mapping.columns.contains_key(&Target::Col(Col::Direction)) {
        cells[Col::Direction as usize] = Some(if outbound { "outbound" } else { "inbound" }.into());
    }
    if cells[Col::ArrivedAt as usize].is_none() && outbound {
        cells[Col::ArrivedAt as usize] = text(v, "InitiationTimestamp");
    }
    if cells[Col::AnsweredAt as usize].is_none()
        && !mapping.columns.contains_key(&Target::Col(Col::EndedAt))
        && let Some(dq) = text(v, "Queue.DequeueTimestamp")
    {
        cells[Col::EndedAt as usize] = Some(dq); // an abandon ends when it leaves the queue
    }
    if !mapping.columns.contains_key(&Target::Col(Col::Transferred)) {
        let t = ["TransferCompletedTimestamp", "TransferredToEndpoint", "NextContactId"]
            .iter()
            .any(|p| get(v, p).is_some());
        cells[Col::Transferred as usize] = Some(t.to_string());
    }
    let fields: [Field<'_>; N_COLS] =
        std::array::from_fn(|i| cells[i].as_deref().map_or(Field::Null, Field::Text));
    loader.push(loc, &RawRow { fields })
}
