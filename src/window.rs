//! The time window of `--since` / `--until`: absolute dates and instants,
//! and relative periods (`today`, `last-week`, ...) evaluated in the
//! report zone against a clock that tests can fix (`--now`,
//! `CALLSTAT_NOW`). Every spec denotes a period `[start, end)`: `--since`
//! takes its start, `--until` its end. Weeks start on Monday. Local
//! midnights follow DST; a midnight that does not exist (clocks jump over
//! it) is the first local time after the gap. Filtering keeps calls whose
//! `arrived_at` lies in `[since, until)`. May not read files.

use chrono::{Datelike, Duration, NaiveDate, TimeZone};
use chrono_tz::Tz;

use crate::dataset::Calls;
use crate::schema::timestamp::{self, Parsed, US};

/// The relative periods, as documented in `--help`.
pub const RELATIVE: &[&str] =
    &["today", "yesterday", "this-week", "last-week", "this-month", "last-month", "last-7d", "last-24h"];

/// A half-open window of arrival instants (UTC microseconds).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub since: Option<i64>,
    pub until: Option<i64>,
}

impl Window {
    pub fn is_set(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    pub fn contains(&self, t: i64) -> bool {
        self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t < u)
    }
}

/// The instant of local midnight starting `day` in `tz`.
pub fn midnight(day: NaiveDate, tz: Tz) -> i64 {
    let mut t = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    for _ in 0..(4 * 24) {
        match tz.from_local_datetime(&t) {
            chrono::LocalResult::Single(dt) => return dt.timestamp() * US,
            chrono::LocalResult::Ambiguous(a, _) => return a.timestamp() * US,
            chrono::LocalResult::None => t += Duration::minutes(15),
        }
    }
    t.and_utc().timestamp() * US
}

/// The local calendar date of an instant.
pub fn local_date(instant_us: i64, tz: Tz) -> NaiveDate {
    let dt = chrono::DateTime::from_timestamp(instant_us.div_euclid(US), 0).unwrap_or_default();
    dt.with_timezone(&tz).date_naive()
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn next_month(first: NaiveDate) -> NaiveDate {
    first.checked_add_months(chrono::Months::new(1)).unwrap_or(first)
}

fn prev_month(first: NaiveDate) -> NaiveDate {
    first.checked_sub_months(chrono::Months::new(1)).unwrap_or(first)
}

/// The period `[start, end)` a spec denotes, in UTC microseconds.
pub fn period(spec: &str, tz: Tz, now_us: i64) -> Result<(i64, i64), String> {
    let s = spec.trim();
    let today = local_date(now_us, tz);
    let days = |d: NaiveDate, n: i64| d + Duration::days(n);
    let span = |a: NaiveDate, b: NaiveDate| (midnight(a, tz), midnight(b, tz));
    let monday = days(today, -i64::from(today.weekday().num_days_from_monday()));
    let month = first_of_month(today);
    Ok(match s.to_ascii_lowercase().as_str() {
        "today" => span(today, days(today, 1)),
        "yesterday" => span(days(today, -1), today),
        "this-week" => span(monday, days(monday, 7)),
        "last-week" => span(days(monday, -7), monday),
        "this-month" => span(month, next_month(month)),
        "last-month" => span(prev_month(month), month),
        "last-7d" => span(days(today, -7), today),
        "last-24h" => (now_us - 86_400 * US, now_us),
        _ => {
            if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                return Ok(span(d, days(d, 1)));
            }
            let t = match timestamp::parse(s) {
                Ok(Parsed::Instant(us)) => us,
                Ok(Parsed::Local(us)) => timestamp::local_to_instant(us, tz).map_err(|e| e.describe(s))?,
                Err(_) => {
                    return Err(format!(
                        "'{s}' is not a date or time; use YYYY-MM-DD, RFC 3339 (2026-03-02T09:00:00+01:00) or one of {}",
                        RELATIVE.join(", ")
                    ));
                }
            };
            (t, t)
        }
    })
}

/// Builds the window from `--since` and `--until`.
pub fn window(since: Option<&str>, until: Option<&str>, tz: Tz, now_us: i64) -> Result<Window, String> {
    let since =
        since.map(|s| period(s, tz, now_us).map(|p| p.0)).transpose().map_err(|e| format!("--since: {e}"))?;
    let until =
        until.map(|s| period(s, tz, now_us).map(|p| p.1)).transpose().map_err(|e| format!("--until: {e}"))?;
    if let (Some(a), Some(b)) = (since, until)
        && a >= b
    {
        return Err(format!(
            "--since {} is not before --until {}; the window would be empty",
            timestamp::format_in(a, tz),
            timestamp::format_in(b, tz)
        ));
    }
    Ok(Window { since, until })
}

/// Keeps the calls that arrived inside the window; returns how many were left out.
pub fn retain(calls: &mut Calls, w: &Window) -> u64 {
    if !w.is_set() {
        return 0;
    }
    let keep: Vec<bool> = calls.arrived.iter().map(|t| w.contains(*t)).collect();
    let before = calls.len();
    calls.retain(&keep);
    (before - calls.len()) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> i64 {
        timestamp::parse_in(s, Tz::UTC).unwrap()
    }

    fn show(p: (i64, i64), tz: Tz) -> (String, String) {
        (timestamp::format_in(p.0, tz), timestamp::format_in(p.1, tz))
    }

    fn per(spec: &str, tz: Tz, now: &str) -> (String, String) {
        show(period(spec, tz, at(now)).unwrap(), tz)
    }

    fn p(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn relative_periods_in_utc() {
        let now = "2026-03-04T10:30:00Z"; // a Wednesday
        let u = Tz::UTC;
        assert_eq!(per("today", u, now), p("2026-03-04T00:00:00+00:00", "2026-03-05T00:00:00+00:00"));
        assert_eq!(per("yesterday", u, now), p("2026-03-03T00:00:00+00:00", "2026-03-04T00:00:00+00:00"));
        assert_eq!(per("this-week", u, now), p("2026-03-02T00:00:00+00:00", "2026-03-09T00:00:00+00:00"));
        assert_eq!(per("last-week", u, now), p("2026-02-23T00:00:00+00:00", "2026-03-02T00:00:00+00:00"));
        assert_eq!(per("this-month", u, now), p("2026-03-01T00:00:00+00:00", "2026-04-01T00:00:00+00:00"));
        assert_eq!(per("last-month", u, now), p("2026-02-01T00:00:00+00:00", "2026-03-01T00:00:00+00:00"));
        assert_eq!(per("last-7d", u, now), p("2026-02-25T00:00:00+00:00", "2026-03-04T00:00:00+00:00"));
        assert_eq!(per("last-24h", u, now), p("2026-03-03T10:30:00+00:00", "2026-03-04T10:30:00+00:00"));
        assert_eq!(per("2026-02-28", u, now), p("2026-02-28T00:00:00+00:00", "2026-03-01T00:00:00+00:00"));
    }

    #[test]
    fn month_ends_and_year_turn() {
        let u = Tz::UTC;
        // 1 March, just after midnight: yesterday is 28 Feb (not a leap year), last month February.
        let now = "2026-03-01T00:00:01Z";
        assert_eq!(per("yesterday", u, now), p("2026-02-28T00:00:00+00:00", "2026-03-01T00:00:00+00:00"));
        assert_eq!(per("last-month", u, now), p("2026-02-01T00:00:00+00:00", "2026-03-01T00:00:00+00:00"));
        // Leap year: 29 Feb 2028.
        let now = "2028-03-01T12:00:00Z";
        assert_eq!(per("yesterday", u, now), p("2028-02-29T00:00:00+00:00", "2028-03-01T00:00:00+00:00"));
        // January: last month is December of the year before; this week spans the new year.
        let now = "2027-01-01T08:00:00Z"; // a Friday
        assert_eq!(per("last-month", u, now), p("2026-12-01T00:00:00+00:00", "2027-01-01T00:00:00+00:00"));
        assert_eq!(per("this-week", u, now), p("2026-12-28T00:00:00+00:00", "2027-01-04T00:00:00+00:00"));
        // 31 March: this-month ends on 1 April, not 31 April.
        let now = "2026-03-31T23:59:59Z";
        assert_eq!(per("this-month", u, now), p("2026-03-01T00:00:00+00:00", "2026-04-01T00:00:00+00:00"));
    }

    #[test]
    fn the_zone_decides_the_day() {
        // 23:30 UTC on 1 March is already 2 March in Berlin.
        let now = "2026-03-01T23:30:00Z";
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        assert_eq!(per("today", berlin, now), p("2026-03-02T00:00:00+01:00", "2026-03-03T00:00:00+01:00"));
        assert_eq!(per("today", Tz::UTC, now).0, "2026-03-01T00:00:00+00:00");
        // Month end in New York while UTC is already in April.
        let ny: Tz = "America/New_York".parse().unwrap();
        let now = "2026-04-01T02:00:00Z"; // 31 March 22:00 in New York
        assert_eq!(per("this-month", ny, now), p("2026-03-01T00:00:00-05:00", "2026-04-01T00:00:00-04:00"));
    }

    #[test]
    fn dst_days_are_23_and_25_hours() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        // Spring forward on 29 March 2026: yesterday (seen on the 30th) has 23 hours.
        let (a, b) = period("yesterday", berlin, at("2026-03-30T09:00:00Z")).unwrap();
        assert_eq!(show((a, b), berlin), p("2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00"));
        assert_eq!((b - a) / US, 23 * 3600);
        // Fall back on 25 October 2026: 25 hours.
        let (a, b) = period("yesterday", berlin, at("2026-10-26T09:00:00Z")).unwrap();
        assert_eq!((b - a) / US, 25 * 3600);
        // last-24h is 24 real hours even across the change.
        let (a, b) = period("last-24h", berlin, at("2026-03-29T12:00:00Z")).unwrap();
        assert_eq!((b - a) / US, 24 * 3600);
        // A week with the change in it has 7*24-1 hours.
        let (a, b) = period("this-week", berlin, at("2026-03-27T12:00:00Z")).unwrap();
        assert_eq!((b - a) / US, 7 * 24 * 3600 - 3600);
    }

    #[test]
    fn missing_midnight_is_the_first_time_after_the_gap() {
        // America/Santiago springs forward at 24:00 on 5 Sep 2026 (00:00 does not exist on the 6th).
        let cl: Tz = "America/Santiago".parse().unwrap();
        let m = midnight(NaiveDate::from_ymd_opt(2026, 9, 6).unwrap(), cl);
        assert_eq!(timestamp::format_in(m, cl), "2026-09-06T01:00:00-03:00");
    }

    #[test]
    fn bounds_and_errors() {
        let now = at("2026-03-04T10:30:00Z");
        let w = window(Some("2026-03-02"), Some("2026-03-02"), Tz::UTC, now).unwrap();
        assert_eq!(w.until.unwrap() - w.since.unwrap(), 86_400 * US, "--until D includes day D");
        let w = window(Some("2026-03-02T09:00:00Z"), Some("2026-03-02T10:00:00Z"), Tz::UTC, now).unwrap();
        assert!(w.contains(at("2026-03-02T09:00:00Z")) && !w.contains(at("2026-03-02T10:00:00Z")));
        assert!(window(Some("tomorrow"), None, Tz::UTC, now).unwrap_err().contains("last-24h"));
        assert!(window(Some("today"), Some("yesterday"), Tz::UTC, now).unwrap_err().contains("not before"));
    }
}
