//! Asterisk `cdr-csv/Master.csv`: headerless, in the column order of
//! `cdr_csv.c` (below), times as local wall-clock text without an offset
//! (read in the mapping's zone or `--input-tz`). One call can write several
//! legs; legs are grouped by linkedid (when `newcdrcolumns` wrote it), else
//! by uniqueid, else each line is its own call.
//!
//! Per call: arrived_at = earliest start; answered_at = `answer` of the
//! first ANSWERED leg bridged to a dstchannel (Asterisk's answer of that
//! leg, so the wait is only duration − billsec); ended_at = latest end; queue = dcontext
//! of the first leg (or `--map queue=<column name>`); agent = the answered
//! leg's dstchannel without its `-xxxx` suffix; caller = src. Direction,
//! hold, ACW, transfers and CSAT are not in the CDR.

use crate::schema::columns::N_COLS;
use std::collections::HashMap;
use std::io::BufRead;

use super::mapping::Target;
use super::settings::InputSettings;
use crate::dataset::{Loader, Location};
use crate::error::{Error, Result};
use crate::schema::reason::{Reason, Rejection};
use crate::schema::{Col, Field, RawRow, timestamp};

/// Column names of Master.csv, in order (usable in `--map queue=userfield`).
pub const COLUMNS: &[&str] = &[
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
    "peeraccount",
    "linkedid",
    "sequence",
];

fn idx(name: &str) -> usize {
    COLUMNS.iter().position(|c| *c == name).unwrap_or(usize::MAX)
}

struct Leg {
    line: u64,
    cells: Vec<String>,
}

impl Leg {
    fn get(&self, name: &str) -> &str {
        self.cells.get(idx(name)).map_or("", |s| s.trim())
    }
}

/// `SIP/1001-0000002a` → `SIP/1001`; `Local/1001@from-queue-0000;1` → `Local/1001@from-queue`.
pub fn channel_peer(ch: &str) -> &str {
    let base = ch.split(';').next().unwrap_or(ch);
    match base.rfind('-') {
        Some(i) if base[i + 1..].bytes().all(|b| b.is_ascii_hexdigit()) && i + 1 < base.len() => &base[..i],
        _ => base,
    }
}

/// Reads one Master.csv source into the loader.
pub fn read(
    name: &str,
    r: Box<dyn BufRead + '_>,
    s: &InputSettings,
    loader: &mut Loader,
) -> Result<Vec<(&'static str, String)>> {
    let bad = |e: csv::Error| Error::BadFile { path: name.to_string(), message: e.to_string() };
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(r);
    let mut order: Vec<String> = Vec::new();
    let mut calls: HashMap<String, Vec<Leg>> = HashMap::new();
    let mut record = csv::ByteRecord::new();
    while rdr.read_byte_record(&mut record).map_err(bad)? {
        let line = record.position().map_or(0, |p| p.line());
        let loc = Location { source: name, line };
        if record.len() < 16 {
            let msg = format!(
                "{} fields; Master.csv lines have 16 to 21 (accountcode .. amaflags [uniqueid ..])",
                record.len()
            );
            loader.reject(loc, Rejection::new(Reason::FieldCount, msg))?;
            continue;
        }
        let Ok(cells) =
            record.iter().map(|b| std::str::from_utf8(b).map(str::to_string)).collect::<Result<Vec<_>, _>>()
        else {
            loader.reject(loc, Rejection::new(Reason::BadEncoding, "the line is not valid UTF-8"))?;
            continue;
        };
        let leg = Leg { line, cells };
        let key = [leg.get("linkedid"), leg.get("uniqueid")]
            .into_iter()
            .find(|k| !k.is_empty())
            .map_or_else(|| format!("cdr-line-{line}"), str::to_string);
        if !calls.contains_key(&key) {
            order.push(key.clone());
        }
        calls.entry(key).or_default().push(leg);
    }
    let tz = s.mapping.tz.unwrap_or(s.input_tz);
    let inst = |t: &str| timestamp::parse_in(t, tz).ok();
    let mapped = |c: Col| s.mapping.columns.get(&Target::Col(c)).map(|n| idx(n.trim()));
    for id in order {
        let legs = &calls[&id];
        for _ in 1..legs.len() {
            loader.note("cdr legs merged into their call");
        }
        let first = &legs[0];
        let loc = Location { source: name, line: first.line };
        let starts: Vec<Option<i64>> = legs.iter().map(|l| inst(l.get("start"))).collect();
        let ends: Vec<Option<i64>> = legs.iter().map(|l| inst(l.get("end"))).collect();
        // Asterisk answers a queue call itself (music on hold), so ANSWERED alone is not an
        // agent answer: the leg must also have been bridged to a dstchannel.
        let answered = legs.iter().find(|l| {
            l.get("disposition").eq_ignore_ascii_case("ANSWERED")
                && !l.get("answer").is_empty()
                && !l.get("dstchannel").is_empty()
        });
        let arrived =
            if starts.iter().all(Option::is_some) { starts.iter().flatten().min().copied() } else { None };
        let ended =
            if ends.iter().all(Option::is_some) { ends.iter().flatten().max().copied() } else { None };
        let col_or = |c: Col, default: &str| -> String {
            let i = mapped(c).unwrap_or(idx(default));
            first.cells.get(i).map_or(String::new(), |v| v.trim().to_string())
        };
        let queue = col_or(Col::Queue, "dcontext");
        let caller = col_or(Col::Caller, "src");
        let agent = answered.map(|l| channel_peer(l.get("dstchannel")).to_string()).unwrap_or_default();
        let mut f = [Field::Null; N_COLS];
        f[Col::CallId as usize] = Field::Text(&id);
        f[Col::Queue as usize] = Field::Text(&queue);
        f[Col::Agent as usize] = Field::Text(&agent);
        f[Col::Caller as usize] = Field::Text(&caller);
        f[Col::ArrivedAt as usize] = arrived.map_or(Field::Text(first.get("start")), Field::Instant);
        f[Col::EndedAt as usize] = ended.map_or(Field::Text(first.get("end")), Field::Instant);
        if let Some(l) = answered {
            f[Col::AnsweredAt as usize] =
                inst(l.get("answer")).map_or(Field::Text(l.get("answer")), Field::Instant);
        }
        loader.push(loc, &RawRow { fields: f })?;
    }
    let queue = s.mapping.columns.get(&Target::Col(Col::Queue)).map_or("dcontext", |q| q.as_str());
    Ok(vec![
        ("legs", "grouped by linkedid, else uniqueid".to_string()),
        ("queue", format!("from column {queue}")),
        ("times", format!("local, read in {tz}")),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_suffix_is_dropped() {
        assert_eq!(channel_peer("SIP/1001-0000002a"), "SIP/1001");
        assert_eq!(channel_peer("PJSIP/alice-00000007"), "PJSIP/alice");
        assert_eq!(channel_peer("Local/1001@from-queue-00000003;1"), "Local/1001@from-queue");
        assert_eq!(channel_peer("DAHDI/1-1"), "DAHDI/1");
        assert_eq!(channel_peer("agent-bob"), "agent-bob");
    }
}
