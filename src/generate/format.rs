//! The CSV form of generated calls: the header (the schema's first twelve
//! canonical columns), one call's fields, and a fast RFC 3339 formatter.

use std::io;

use chrono::{DateTime, Datelike};

use super::model::{Call, QUEUES};
use super::{GenRow, GenSpec, Generator};
use crate::schema::columns::Col;

/// The canonical columns `generate` writes, in output order.
pub const COLUMNS: [Col; 12] = [
    Col::CallId,
    Col::Queue,
    Col::Agent,
    Col::Caller,
    Col::Direction,
    Col::ArrivedAt,
    Col::AnsweredAt,
    Col::EndedAt,
    Col::HoldS,
    Col::AcwS,
    Col::Transferred,
    Col::Csat,
];

/// Their names: the header line.
pub fn header() -> [&'static str; 12] {
    COLUMNS.map(Col::name)
}

/// Writes the header and `spec.rows` rows; returns the number of rows written.
/// csv's own 256 KiB buffer does the buffering (no extra `BufWriter` needed);
/// `flexible` lets the short dirty row through.
pub fn write_csv<W: io::Write>(spec: &GenSpec, out: W) -> io::Result<u64> {
    let mut wtr = csv::WriterBuilder::new().flexible(true).buffer_capacity(1 << 18).from_writer(out);
    wtr.write_record(header())?;
    let mut generator = Generator::new(spec);
    let mut row = GenRow::default();
    let mut n = 0;
    while generator.next_into(&mut row) {
        wtr.write_record(row.record())?;
        n += 1;
    }
    wtr.flush()?;
    Ok(n)
}

pub(super) fn format_call(c: &Call, row: &mut GenRow, ts: &mut Stamp) {
    row.short = false;
    let f = &mut row.fields;
    f.iter_mut().for_each(String::clear);
    f[0].push('C');
    push_uint(&mut f[0], c.id, 8);
    f[1].push_str(QUEUES[c.queue].name);
    if let Some(n) = c.caller {
        f[3].push('+');
        push_uint(&mut f[3], n, 1);
    }
    f[4].push_str(if c.outbound { "outbound" } else { "inbound" });
    ts.push(&mut f[5], c.arrived);
    ts.push(&mut f[7], c.ended);
    let Some(a) = c.answer else { return };
    f[2].push_str("ag");
    push_uint(&mut f[2], a.agent, 3);
    ts.push(&mut f[6], a.at);
    for (field, v) in [(8, a.hold), (9, Some(a.acw)), (11, a.csat)] {
        if let Some(v) = v {
            push_uint(&mut f[field], v, 1);
        }
    }
    f[10].push_str(if a.transferred { "true" } else { "false" });
}

/// Appends `v` in decimal, zero-padded to at least `width` digits.
pub(super) fn push_uint(s: &mut String, mut v: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    while v > 0 || buf.len() - i < width.max(1) {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    s.push_str(std::str::from_utf8(&buf[i..]).expect("ASCII digits"));
}

/// RFC 3339 UTC formatter (`2026-03-02T08:15:03Z`) caching the date part.
pub(super) struct Stamp {
    pub(super) day: i64,
    pub(super) buf: [u8; 20],
}

impl Stamp {
    pub(super) fn new() -> Stamp {
        Stamp { day: i64::MIN, buf: *b"0000-00-00T00:00:00Z" }
    }

    /// Appends epoch seconds `t` to `s`.
    pub(super) fn push(&mut self, s: &mut String, t: i64) {
        let (day, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400) as u32);
        if day != self.day {
            let date = DateTime::from_timestamp(day * 86_400, 0).unwrap_or_default();
            self.day = day;
            put_digits(&mut self.buf[0..4], date.year() as u32);
            put_digits(&mut self.buf[5..7], date.month());
            put_digits(&mut self.buf[8..10], date.day());
        }
        put_digits(&mut self.buf[11..13], secs / 3600);
        put_digits(&mut self.buf[14..16], secs / 60 % 60);
        put_digits(&mut self.buf[17..19], secs % 60);
        s.push_str(std::str::from_utf8(&self.buf).expect("ASCII timestamp"));
    }
}

/// Writes the low `out.len()` decimal digits of `v`, zero-padded.
pub(super) fn put_digits(out: &mut [u8], mut v: u32) {
    for b in out.iter_mut().rev() {
        *b = b'0' + (v % 10) as u8;
        v /= 10;
    }
}
