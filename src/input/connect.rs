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

/// Where a record that does not parse ends, to resume after it: the end of
/// its object when its braces close on its own line (one bad record of
/// concatenated JSON on one line costs only itself), else the end of the
/// line. Quotes and escapes are followed, so a brace in a string does not count.
fn resync(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let (mut in_str, mut escaped) = (false, false);
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        if b == b'\n' {
            return i + 1;
        }
        if in_str {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    bytes.len()
}

/// Counts line ends as the reading moves forward (linear in the file).
struct Lines<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
}

impl Lines<'_> {
    /// The line number of byte `offset` (never behind the last asked).
    fn of(&mut self, offset: usize) -> u64 {
        let offset = offset.min(self.bytes.len());
        if offset > self.at {
            self.line += self.bytes[self.at..offset].iter().filter(|&&b| b == b'\n').count() as u64;
            self.at = offset;
        }
        self.line
    }
}

/// Splits one source into records; unreadable JSON is rejected by line (or
/// by record, for concatenated records on one line), in time linear in the
/// source's length. Bytes that are not UTF-8 reject only their record.
fn parse_source(
    source: usize,
    name: &str,
    bytes: &[u8],
    loader: &mut Loader,
    out: &mut Vec<Record>,
) -> Result<()> {
    let skip = if bytes.starts_with("\u{feff}".as_bytes()) { 3 } else { 0 };
    let first = bytes[skip..].iter().position(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|i| bytes[skip + i] == b'[') {
        let arr: Vec<Value> = serde_json::from_slice(&bytes[skip..]).map_err(|e| Error::BadFile {
            path: name.to_string(),
            message: format!("not a JSON array of contact records: {e}"),
        })?;
        for (i, value) in arr.into_iter().enumerate() {
            out.push(Record { source, line: i as u64 + 1, value, raw: None });
        }
        return Ok(());
    }
    let mut lines = Lines { bytes, at: 0, line: 1 };
    let mut pos = skip;
    while pos < bytes.len() {
        let Some(lead) = bytes[pos..].iter().position(|b| !b.is_ascii_whitespace()) else { break };
        let start = pos + lead;
        let line = lines.of(start);
        let mut stream = serde_json::Deserializer::from_slice(&bytes[start..]).into_iter::<Value>();
        match stream.next() {
            Some(Ok(value)) => {
                let end = start + stream.byte_offset();
                let raw =
                    loader.wants_raw().then(|| String::from_utf8_lossy(&bytes[start..end]).into_owned());
                out.push(Record { source, line, value, raw });
                pos = end;
            }
            Some(Err(e)) => {
                let why = e.to_string();
                let why = why.split(" at line ").next().unwrap_or_default();
                let end = resync(bytes, start);
                if loader.wants_raw() {
                    let text = &bytes[start..end];
                    let text = text.strip_suffix(b"\n").unwrap_or(text);
                    loader.set_raw(String::from_utf8_lossy(text).into_owned());
                }
                let where_to = if bytes[..end].ends_with(b"\n") || end == bytes.len() {
                    "skipped to the next line"
                } else {
                    "skipped to the next record"
                };
                let rej =
                    Rejection::new(Reason::BadLine, format!("not a JSON contact record ({why}); {where_to}"));
                loader.reject(Location { source: name, line }, rej)?;
                pos = end;
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
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes).map_err(|e| Error::Read { path: name.clone(), source: e })?;
        parse_source(i, &name, &bytes, loader, &mut records)?;
    }
    // Each record's row, built once; whether it would be accepted.
    let rows: Vec<std::result::Result<Cells, Rejection>> =
        records.iter().map(|r| cells(&r.value, mapping)).collect();
    let rules = loader.rules();
    let valid: Vec<bool> = rows
        .iter()
        .map(|c| c.as_ref().is_ok_and(|c| crate::schema::validate::validate(&raw_row(c), rules).is_ok()))
        .collect();
    // Among the valid records of a ContactId the latest LastUpdateTimestamp
    // wins (a tie keeps the later record): an invalid record cannot claim
    // the id over a valid one.
    let stamps: Vec<_> = records
        .iter()
        .map(|r| {
            text(&r.value, "LastUpdateTimestamp").and_then(|t| timestamp::parse_in(&t, chrono_tz::UTC).ok())
        })
        .collect();
    let mut best: HashMap<String, usize> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        let Some(id) = text(&r.value, "ContactId").filter(|_| valid[i]) else { continue };
        match best.get(&id) {
            Some(&j) if stamps[j] > stamps[i] => {}
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
        // Older than the kept record (valid or not): a duplicate. An invalid
        // record newer than it is rejected for what is wrong with it.
        if let Some(id) = text(&r.value, "ContactId")
            && let Some(&k) = best.get(&id)
            && k != i
            && (stamps[i], i) < (stamps[k], k)
        {
            let k = &records[k];
            let msg = format!(
                "contact {id}: an older record; the one at {}:{} has a later LastUpdateTimestamp and is kept",
                names[k.source], k.line
            );
            loader.duplicate(loc, msg)?;
            continue;
        }
        match &rows[i] {
            Ok(c) => loader.push(loc, &raw_row(c))?,
            Err(rej) => loader.reject(loc, rej.clone())?,
        }
    }
    Ok(())
}

/// A record's values by canonical column.
type Cells = [Option<String>; N_COLS];

fn raw_row(cells: &Cells) -> RawRow<'_> {
    RawRow { fields: std::array::from_fn(|i| cells[i].as_deref().map_or(Field::Null, Field::Text)) }
}

/// The canonical cells of one record, or why it is not an offered call.
fn cells(v: &Value, mapping: &Mapping) -> std::result::Result<Cells, Rejection> {
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
        return Err(rej);
    }
    let mut cells: Cells = Default::default();
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
    Ok(cells)
}
