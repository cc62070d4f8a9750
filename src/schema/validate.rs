//! Row validation: a raw row (text from CSV, or typed Parquet values) in,
//! a typed `Call` or a `Rejection` out. The rules are checked in the order
//! of `Reason`, so a row is counted under its first problem.

use crate::schema::columns::N_COLS;
use chrono_tz::Tz;

use super::columns::Col;
use super::reason::{Reason, Rejection};
use super::timestamp::{self, US};

/// One raw value of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Field<'a> {
    /// Absent column or empty cell.
    Null,
    Text(&'a str),
    Int(i64),
    Bool(bool),
    /// A typed timestamp with a zone: microseconds since the epoch, UTC.
    Instant(i64),
    /// A typed timestamp without a zone: wall-clock microseconds.
    Local(i64),
    /// A typed value of another kind (float, ...), shown in messages.
    Other(f64),
}

/// `str::trim`, with a fast path for the usual cell, which starts and ends
/// with a visible ASCII character and so has nothing to trim.
pub fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

impl<'a> Field<'a> {
    /// Empty text and whitespace count as null.
    fn normalized(self) -> Field<'a> {
        match self {
            Field::Text(t) => match trim(t) {
                "" => Field::Null,
                t => Field::Text(t),
            },
            f => f,
        }
    }

    /// The value as text, `None` when empty (for extra key columns).
    pub fn text(&self) -> Option<String> {
        match self.normalized() {
            Field::Null => None,
            f => Some(f.show()),
        }
    }

    fn show(&self) -> String {
        match self {
            Field::Null => String::new(),
            Field::Text(t) => (*t).to_string(),
            Field::Int(i) => i.to_string(),
            Field::Bool(b) => b.to_string(),
            Field::Instant(u) | Field::Local(u) => u.to_string(),
            Field::Other(f) => f.to_string(),
        }
    }
}

/// The values of one input row, indexed by canonical column.
#[derive(Debug, Clone)]
pub struct RawRow<'a> {
    pub fields: [Field<'a>; N_COLS],
}

impl<'a> RawRow<'a> {
    fn get(&self, c: Col) -> Field<'a> {
        self.fields[c as usize].normalized()
    }
}

/// Zone rules that apply while validating.
#[derive(Debug, Clone, Copy)]
pub struct TzRules {
    /// Zone for timestamps without an offset.
    pub input_tz: Tz,
    /// Valid csat scores, inclusive (`--csat-scale`, default 1..5).
    pub csat_scale: (i64, i64),
}

/// A valid call, borrowing its text from the raw row.
#[derive(Debug, Clone, PartialEq)]
pub struct Call<'a> {
    pub call_id: &'a str,
    pub queue: &'a str,
    pub agent: Option<&'a str>,
    pub caller: Option<&'a str>,
    pub outbound: bool,
    /// Microseconds since the epoch, UTC.
    pub arrived: i64,
    pub answered: Option<i64>,
    pub ended: i64,
    pub hold_s: Option<i64>,
    pub acw_s: Option<i64>,
    pub transferred: Option<bool>,
    pub csat: Option<i64>,
    pub disposition: Option<&'a str>,
    pub channel: Option<&'a str>,
}

fn text<'a>(row: &RawRow<'a>, c: Col) -> Option<&'a str> {
    match row.get(c) {
        Field::Text(t) => Some(t),
        _ => None,
    }
}

fn text_like(f: Field<'_>) -> Option<std::borrow::Cow<'_, str>> {
    match f {
        Field::Null => None,
        Field::Text(t) => Some(t.into()),
        other => Some(other.show().into()),
    }
}

fn timestamp(row: &RawRow<'_>, c: Col, tz: Tz, reason: Reason) -> Result<Option<i64>, Rejection> {
    let f = row.get(c);
    let r = match f {
        Field::Null => return Ok(None),
        Field::Instant(us) => Ok(us),
        Field::Local(us) => timestamp::local_to_instant(us, tz),
        Field::Text(t) => timestamp::parse_in(t, tz),
        _ => Err(timestamp::TsError::Syntax),
    }
    .and_then(|us| {
        if (timestamp::FIRST_US..=timestamp::LAST_US).contains(&us) {
            Ok(us)
        } else {
            Err(timestamp::TsError::Range)
        }
    });
    r.map(Some).map_err(|e| Rejection::new(reason, format!("column {}: {}", c.name(), e.describe(&f.show()))))
}

fn required_ts(row: &RawRow<'_>, c: Col, tz: Tz, reason: Reason) -> Result<i64, Rejection> {
    timestamp(row, c, tz, reason)?
        .ok_or_else(|| Rejection::new(reason, format!("column {} is empty; every row needs it", c.name())))
}

fn count(
    row: &RawRow<'_>,
    c: Col,
    reason: Reason,
    lo: i64,
    hi: i64,
    what: impl FnOnce() -> String,
) -> Result<Option<i64>, Rejection> {
    let f = row.get(c);
    let v = match f {
        Field::Null => return Ok(None),
        Field::Int(i) => Some(i),
        Field::Text(t) => t.parse::<i64>().ok(),
        _ => None,
    };
    match v {
        Some(v) if (lo..=hi).contains(&v) => Ok(Some(v)),
        _ => Err(Rejection::new(reason, format!("column {}: '{}' is not {}", c.name(), f.show(), what()))),
    }
}

fn seconds() -> String {
    "a whole number of seconds >= 0".into()
}

/// Validates one row. On success every timestamp is an instant in UTC.
pub fn validate<'a>(row: &RawRow<'a>, rules: TzRules) -> Result<Call<'a>, Rejection> {
    let tz = rules.input_tz;
    let call_id = text(row, Col::CallId);
    let call_id = match (call_id, row.get(Col::CallId)) {
        (Some(t), _) => t,
        (None, Field::Null) => {
            return Err(Rejection::new(
                Reason::MissingCallId,
                "column call_id is empty; every row needs an id",
            ));
        }
        (None, f) => {
            // A typed id (integer) in Parquet is fine; keep its text form in the message only.
            return Err(Rejection::new(
                Reason::MissingCallId,
                format!("column call_id: '{}' is not text; store ids as strings", f.show()),
            ));
        }
    };
    let queue = text(row, Col::Queue).ok_or_else(|| {
        Rejection::new(Reason::MissingQueue, "column queue is empty; every row needs the queue it entered")
    })?;
    let outbound = match text_like(row.get(Col::Direction)) {
        None => false,
        Some(d) if d.eq_ignore_ascii_case("inbound") => false,
        Some(d) if d.eq_ignore_ascii_case("outbound") => true,
        Some(d) => {
            return Err(Rejection::new(
                Reason::BadDirection,
                format!("column direction: '{d}' is not inbound or outbound (empty means inbound)"),
            ));
        }
    };
    let arrived = required_ts(row, Col::ArrivedAt, tz, Reason::BadArrivedAt)?;
    let ended = required_ts(row, Col::EndedAt, tz, Reason::BadEndedAt)?;
    let answered = timestamp(row, Col::AnsweredAt, tz, Reason::BadAnsweredAt)?;
    if arrived > ended {
        return Err(Rejection::new(
            Reason::EndedBeforeArrived,
            format!("ended_at is {} before arrived_at", secs(arrived - ended)),
        ));
    }
    if let Some(a) = answered
        && (a < arrived || a > ended)
    {
        return Err(Rejection::new(
            Reason::AnsweredOutOfRange,
            "answered_at must lie between arrived_at and ended_at",
        ));
    }
    let hold_s = count(row, Col::HoldS, Reason::BadHoldS, 0, i64::MAX / US, seconds)?;
    let acw_s = count(row, Col::AcwS, Reason::BadAcwS, 0, i64::MAX / US, seconds)?;
    let transferred = match row.get(Col::Transferred) {
        Field::Null => None,
        Field::Bool(b) => Some(b),
        Field::Text(t) if t.eq_ignore_ascii_case("true") => Some(true),
        Field::Text(t) if t.eq_ignore_ascii_case("false") => Some(false),
        f => {
            return Err(Rejection::new(
                Reason::BadTransferred,
                format!("column transferred: '{}' is not true or false", f.show()),
            ));
        }
    };
    let (lo, hi) = rules.csat_scale;
    let csat = count(row, Col::Csat, Reason::BadCsat, lo, hi, || format!("a score from {lo} to {hi}"))?;
    Ok(Call {
        call_id,
        queue,
        agent: text(row, Col::Agent),
        caller: text(row, Col::Caller),
        outbound,
        arrived,
        answered,
        ended,
        hold_s,
        acw_s,
        transferred,
        csat,
        disposition: text(row, Col::Disposition),
        channel: text(row, Col::Channel),
    })
}

fn secs(us: i64) -> String {
    let s = us as f64 / US as f64;
    format!("{s}s")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<'a>(cells: [&'a str; 12]) -> RawRow<'a> {
        let mut fields = [Field::Null; N_COLS];
        for (f, c) in fields.iter_mut().zip(cells) {
            *f = Field::Text(c);
        }
        RawRow { fields }
    }

    const OK: [&str; 12] = [
        "c1",
        "sales",
        "ann",
        "+4930",
        "",
        "2026-03-02T09:00:00Z",
        "2026-03-02T09:00:20Z",
        "2026-03-02T09:05:00Z",
        "10",
        "30",
        "false",
        "4",
    ];
    const UTC: TzRules = TzRules { input_tz: Tz::UTC, csat_scale: (1, 5) };

    fn reason_of(cells: [&str; 12]) -> Reason {
        validate(&row(cells), UTC).unwrap_err().reason
    }

    fn with(i: usize, v: &'static str) -> [&'static str; 12] {
        let mut c = OK;
        c[i] = v;
        c
    }

    #[test]
    fn a_good_row_is_typed() {
        let c = validate(&row(OK), UTC).unwrap();
        assert_eq!(c.call_id, "c1");
        assert!(!c.outbound);
        assert_eq!(c.answered.unwrap() - c.arrived, 20 * US);
        assert_eq!((c.hold_s, c.acw_s, c.transferred, c.csat), (Some(10), Some(30), Some(false), Some(4)));
    }

    #[test]
    fn each_rule_has_its_reason() {
        assert_eq!(reason_of(with(0, " ")), Reason::MissingCallId);
        assert_eq!(reason_of(with(1, "")), Reason::MissingQueue);
        assert_eq!(reason_of(with(4, "sideways")), Reason::BadDirection);
        assert_eq!(reason_of(with(5, "yesterday")), Reason::BadArrivedAt);
        assert_eq!(reason_of(with(5, "")), Reason::BadArrivedAt);
        assert_eq!(reason_of(with(7, "")), Reason::BadEndedAt);
        assert_eq!(reason_of(with(6, "soon")), Reason::BadAnsweredAt);
        assert_eq!(reason_of(with(7, "2026-03-02T08:00:00Z")), Reason::EndedBeforeArrived);
        assert_eq!(reason_of(with(6, "2026-03-02T09:06:00Z")), Reason::AnsweredOutOfRange);
        assert_eq!(reason_of(with(6, "2026-03-02T08:59:59Z")), Reason::AnsweredOutOfRange);
        assert_eq!(reason_of(with(8, "-5")), Reason::BadHoldS);
        assert_eq!(reason_of(with(8, "1.5")), Reason::BadHoldS);
        assert_eq!(reason_of(with(9, "abc")), Reason::BadAcwS);
        assert_eq!(reason_of(with(10, "maybe")), Reason::BadTransferred);
        assert_eq!(reason_of(with(11, "0")), Reason::BadCsat);
        assert_eq!(reason_of(with(11, "6")), Reason::BadCsat);
    }

    #[test]
    fn first_failing_rule_wins() {
        let mut c = with(1, "");
        c[11] = "9";
        assert_eq!(reason_of(c), Reason::MissingQueue);
    }

    #[test]
    fn lenient_spellings() {
        let c = validate(&row(with(4, "OUTBOUND")), UTC).unwrap();
        assert!(c.outbound);
        let c = validate(&row(with(10, "TRUE")), UTC).unwrap();
        assert_eq!(c.transferred, Some(true));
        let c = validate(&row(with(6, "")), UTC).unwrap();
        assert_eq!(c.answered, None);
    }

    #[test]
    fn messages_name_column_and_value() {
        let e = validate(&row(with(9, "abc")), UTC).unwrap_err();
        assert_eq!(e.message, "column acw_s: 'abc' is not a whole number of seconds >= 0");
    }

    #[test]
    fn typed_parquet_values() {
        let mut r = row(OK);
        r.fields[8] = Field::Int(3);
        r.fields[10] = Field::Bool(true);
        r.fields[11] = Field::Int(5);
        r.fields[5] = Field::Instant(1_772_442_000 * US);
        let c = validate(&r, UTC).unwrap();
        assert_eq!((c.hold_s, c.transferred, c.csat), (Some(3), Some(true), Some(5)));
        assert_eq!(c.arrived, 1_772_442_000 * US);
        r.fields[11] = Field::Int(7);
        assert_eq!(validate(&r, UTC).unwrap_err().reason, Reason::BadCsat);
    }

    #[test]
    fn typed_timestamps_outside_years_0_to_9999_are_rejected() {
        let mut r = row(OK);
        // i64::MIN is also the missing-value mark of the stored columns.
        r.fields[5] = Field::Instant(i64::MIN);
        r.fields[7] = Field::Instant(i64::MAX);
        let e = validate(&r, UTC).unwrap_err();
        assert_eq!(e.reason, Reason::BadArrivedAt);
        assert!(e.message.ends_with("out of range (years 0000 to 9999)"), "{}", e.message);
        r.fields[5] = Field::Instant(timestamp::FIRST_US);
        r.fields[6] = Field::Null;
        assert_eq!(validate(&r, UTC).unwrap_err().reason, Reason::BadEndedAt);
        r.fields[7] = Field::Instant(timestamp::LAST_US);
        assert!(validate(&r, UTC).is_ok());
    }
}
