//! Timestamp parsing: RFC 3339 with `Z` or an offset, or a local time
//! without offset read in the input zone. Results are microseconds since
//! the Unix epoch, UTC.
//!
//! Accepted: `YYYY-MM-DD` then `T`, `t` or a space, then `HH:MM:SS`, an
//! optional fraction of 1..9 digits (truncated to microseconds), then `Z`,
//! `z`, `+HH:MM`, `+HHMM`, `+HH` (or `-`), or nothing.

use chrono::{NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// Microseconds per second.
pub const US: i64 = 1_000_000;

/// The first and last instants a call may have: years 0000 to 9999, what
/// RFC 3339 text can write. Typed Parquet timestamps are held to the same
/// range, so differences of two instants never overflow and no instant is
/// `i64::MIN` (the missing-value mark of `maybe::Maybe`).
pub const FIRST_US: i64 = -62_167_219_200 * US; // 0000-01-01T00:00:00Z
pub const LAST_US: i64 = 253_402_300_799 * US + (US - 1); // 9999-12-31T23:59:59.999999Z

/// A parsed timestamp before the zone is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parsed {
    /// An instant: microseconds since the epoch, UTC.
    Instant(i64),
    /// A wall-clock time with no offset, as if it were UTC (microseconds).
    Local(i64),
}

/// Why a timestamp did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TsError {
    Syntax,
    Range,
    /// The local time does not exist in the zone (spring-forward gap).
    Gap(Tz),
}

impl TsError {
    /// A sentence for the user, ending with the fix.
    pub fn describe(&self, value: &str) -> String {
        match self {
            TsError::Syntax => format!(
                "'{value}' is not a timestamp; write RFC 3339 like 2026-03-02T09:15:03Z or 2026-03-02 09:15:03"
            ),
            TsError::Range => format!("'{value}' has a date or time out of range (years 0000 to 9999)"),
            TsError::Gap(tz) => format!(
                "'{value}' does not exist in {tz} (clocks skipped it for daylight saving); give an offset or check --input-tz"
            ),
        }
    }
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let s = b.get(at..at + n)?;
    let mut v = 0u32;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// Parses the text form. No zone is applied.
pub fn parse(text: &str) -> Result<Parsed, TsError> {
    let b = text.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return Err(TsError::Syntax);
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return Err(TsError::Syntax);
    }
    let (y, mo, d) = (digits(b, 0, 4), digits(b, 5, 2), digits(b, 8, 2));
    let (h, mi, s) = (digits(b, 11, 2), digits(b, 14, 2), digits(b, 17, 2));
    let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) = (y, mo, d, h, mi, s) else {
        return Err(TsError::Syntax);
    };
    let mut i = 19;
    let mut micros: i64 = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let n = i - start;
        if n == 0 || n > 9 {
            return Err(TsError::Syntax);
        }
        let mut frac: i64 = 0;
        for &c in &b[start..start + n.min(6)] {
            frac = frac * 10 + i64::from(c - b'0');
        }
        for _ in n..6 {
            frac *= 10;
        }
        micros = frac;
    }
    let date = NaiveDate::from_ymd_opt(y as i32, mo, d).ok_or(TsError::Range)?;
    if h > 23 || mi > 59 || s > 59 {
        return Err(TsError::Range);
    }
    let days = i64::from(date.signed_duration_since(NaiveDate::default()).num_days() as i32);
    let base = (days * 86_400 + i64::from(h * 3600 + mi * 60 + s)) * US + micros;
    let rest = &b[i..];
    match rest {
        [] => Ok(Parsed::Local(base)),
        [b'Z' | b'z'] => Ok(Parsed::Instant(base)),
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let (oh, om) = match tail.len() {
                2 => (digits(tail, 0, 2), Some(0)),
                4 => (digits(tail, 0, 2), digits(tail, 2, 2)),
                5 if tail[2] == b':' => (digits(tail, 0, 2), digits(tail, 3, 2)),
                _ => return Err(TsError::Syntax),
            };
            let (Some(oh), Some(om)) = (oh, om) else {
                return Err(TsError::Syntax);
            };
            if oh > 23 || om > 59 {
                return Err(TsError::Range);
            }
            let off = i64::from(oh * 3600 + om * 60) * US;
            Ok(Parsed::Instant(if *sign == b'+' { base - off } else { base + off }))
        }
        _ => Err(TsError::Syntax),
    }
}

/// Turns a wall-clock time (microseconds, as if UTC) into an instant in
/// `tz`. An ambiguous time (the repeated hour when clocks go back) takes
/// the earlier instant; a time in the spring-forward gap is an error.
pub fn local_to_instant(local_us: i64, tz: Tz) -> Result<i64, TsError> {
    if tz == Tz::UTC {
        return Ok(local_us);
    }
    let secs = local_us.div_euclid(US);
    let sub = local_us.rem_euclid(US);
    let naive = NaiveDateTime::from_timestamp_opt_compat(secs).ok_or(TsError::Range)?;
    let dt = match tz.from_local_datetime(&naive) {
        chrono::LocalResult::Single(dt) => dt,
        chrono::LocalResult::Ambiguous(a, _) => a,
        chrono::LocalResult::None => return Err(TsError::Gap(tz)),
    };
    Ok(dt.timestamp() * US + sub)
}

/// Parses text and applies `input_tz` to a time without offset.
pub fn parse_in(text: &str, input_tz: Tz) -> Result<i64, TsError> {
    match parse(text)? {
        Parsed::Instant(us) => Ok(us),
        Parsed::Local(us) => local_to_instant(us, input_tz),
    }
}

/// The offset of `tz` from UTC at an instant, in seconds.
pub fn offset_at(instant_us: i64, tz: Tz) -> i64 {
    if tz == Tz::UTC {
        return 0;
    }
    let secs = instant_us.div_euclid(US);
    match chrono::DateTime::from_timestamp(secs, 0) {
        Some(dt) => i64::from(tz.offset_from_utc_datetime(&dt.naive_utc()).fix().local_minus_utc()),
        None => 0,
    }
}

/// Formats an instant as RFC 3339 in `tz` with whole seconds and an
/// explicit offset (`2026-03-02T10:00:00+01:00`).
pub fn format_in(instant_us: i64, tz: Tz) -> String {
    let secs = instant_us.div_euclid(US);
    match chrono::DateTime::from_timestamp(secs, 0) {
        Some(dt) => dt.with_timezone(&tz).to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        None => instant_us.to_string(),
    }
}

/// The month of a wall-clock time (microseconds, as if UTC) as
/// `year * 100 + month`.
pub fn month_of_local(local_us: i64) -> i64 {
    use chrono::Datelike;
    chrono::DateTime::from_timestamp(local_us.div_euclid(US), 0)
        .map_or(0, |d| i64::from(d.year()) * 100 + i64::from(d.month()))
}

/// Formats a day number (days since 1970-01-01) as `YYYY-MM-DD`.
pub fn format_day(day: i64) -> String {
    NaiveDate::default()
        .checked_add_signed(chrono::TimeDelta::days(day))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| day.to_string())
}

trait FromTimestampCompat: Sized {
    fn from_timestamp_opt_compat(secs: i64) -> Option<Self>;
}

impl FromTimestampCompat for NaiveDateTime {
    fn from_timestamp_opt_compat(secs: i64) -> Option<Self> {
        chrono::DateTime::from_timestamp(secs, 0).map(|d| d.naive_utc())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_772_442_903; // 2026-03-02T09:15:03Z

    #[test]
    fn rfc3339_forms() {
        assert_eq!(parse("2026-03-02T09:15:03Z"), Ok(Parsed::Instant(T0 * US)));
        assert_eq!(parse("2026-03-02 09:15:03z"), Ok(Parsed::Instant(T0 * US)));
        assert_eq!(parse("2026-03-02T10:15:03+01:00"), Ok(Parsed::Instant(T0 * US)));
        assert_eq!(parse("2026-03-02T10:15:03+0100"), Ok(Parsed::Instant(T0 * US)));
        assert_eq!(parse("2026-03-02T04:15:03-05"), Ok(Parsed::Instant(T0 * US)));
        assert_eq!(parse("2026-03-02T09:15:03.25Z"), Ok(Parsed::Instant(T0 * US + 250_000)));
        assert_eq!(parse("2026-03-02T09:15:03.123456789Z"), Ok(Parsed::Instant(T0 * US + 123_456)));
        assert_eq!(parse("2026-03-02 09:15:03"), Ok(Parsed::Local(T0 * US)));
        assert_eq!(parse("2026-03-02T09:15:03"), Ok(Parsed::Local(T0 * US)));
    }

    #[test]
    fn rejects_bad_text() {
        for bad in [
            "",
            "yesterday",
            "2026-03-02",
            "2026/03/02 09:15:03",
            "2026-03-02T09:15:03.Z",
            "2026-03-02T09:15:03+1",
            "2026-03-02T09:15:03 UTC",
            "2026-03-02X09:15:03",
        ] {
            assert_eq!(parse(bad), Err(TsError::Syntax), "{bad}");
        }
        for bad in
            ["2026-02-30T00:00:00Z", "2026-03-02T24:00:00Z", "2026-13-01T00:00:00Z", "2026-03-02T09:60:00Z"]
        {
            assert_eq!(parse(bad), Err(TsError::Range), "{bad}");
        }
    }

    #[test]
    fn local_times_use_the_input_zone() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        assert_eq!(parse_in("2026-03-02 10:15:03", berlin), Ok(T0 * US));
        // 2026-03-29 02:30 does not exist in Berlin (clocks 02:00 -> 03:00).
        assert_eq!(parse_in("2026-03-29 02:30:00", berlin), Err(TsError::Gap(berlin)));
        // 2026-10-25 02:30 happens twice; the earlier (+02:00) is taken: 00:30Z.
        let t = parse_in("2026-10-25 02:30:00", berlin).unwrap();
        assert_eq!(format_in(t, Tz::UTC), "2026-10-25T00:30:00+00:00");
    }

    #[test]
    fn offsets_and_formatting() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        assert_eq!(offset_at(T0 * US, berlin), 3600);
        assert_eq!(format_in(T0 * US, berlin), "2026-03-02T10:15:03+01:00");
        assert_eq!(format_day(0), "1970-01-01");
        assert_eq!(format_day(20_514), "2026-03-02");
    }
}
