//! `--fill`: every interval, day, week, month, hour of day or weekday of the
//! window (or, without one, from the first key to the last) gets a row,
//! for every value of the other keys seen, with zero counts and empty
//! ratios, so an outage shows as a zero instead of a missing line. One time
//! dimension at a time. May not read calls.

use chrono_tz::Tz;

use super::compute::{Computed, DAY_US, Group, HOUR_US, Key, interval_start};
use crate::metrics::Reduce;
use crate::schema::timestamp::{US, offset_at};
use crate::values::Dim;
use crate::window::Window;

/// The most keys one time dimension gets (a century of 15-minute intervals
/// is 3.5 million): a bound, not a limit anyone meets.
const MAX_KEYS: usize = 5_000_000;

/// The most rows `--fill` makes: a report a person or a spreadsheet can take.
const MAX_ROWS: usize = 1_000_000;

/// A time dimension's keys from `lo` to `hi` (both report keys, inclusive).
fn span(d: Dim, lo: i64, hi: i64, interval_s: i64, tz: Tz) -> Vec<i64> {
    let mut out = Vec::new();
    match d {
        Dim::Interval => {
            // Step in UTC and realign to local wall-clock buckets (zone changes).
            let mut t = lo;
            while t <= hi && out.len() < MAX_KEYS {
                let k = interval_start(t, t + offset_at(t, tz) * US, interval_s);
                if out.last() != Some(&k) {
                    out.push(k);
                }
                t += interval_s * US;
            }
        }
        Dim::Day | Dim::Week => {
            let step = if d == Dim::Day { DAY_US } else { 7 * DAY_US };
            let mut t = lo;
            while t <= hi && out.len() < MAX_KEYS {
                out.push(t);
                t += step;
            }
        }
        Dim::Month => {
            let mut m = lo;
            while m <= hi && out.len() < MAX_KEYS {
                out.push(m);
                m = if m % 100 == 12 { (m / 100 + 1) * 100 + 1 } else { m + 1 };
            }
        }
        Dim::HourOfDay => out.extend((0..24).map(|h| h * HOUR_US)),
        Dim::Weekday => out.extend((0..7).map(|w| w * DAY_US)),
        _ => {}
    }
    out
}

/// The key of a time dimension at an instant (as `compute` makes it).
fn key_at(d: Dim, t: i64, interval_s: i64, tz: Tz) -> i64 {
    let local = t + offset_at(t, tz) * US;
    let midnight = local - local.rem_euclid(DAY_US);
    match d {
        Dim::Interval => interval_start(t, local, interval_s),
        Dim::Day => midnight,
        Dim::Week => midnight - (midnight + 3 * DAY_US).rem_euclid(7 * DAY_US),
        Dim::Month => {
            let date = crate::window::local_date(t, tz);
            i64::from(chrono::Datelike::year(&date)) * 100 + i64::from(chrono::Datelike::month(&date))
        }
        _ => 0,
    }
}

fn is_time(d: Dim) -> bool {
    matches!(d, Dim::Interval | Dim::Day | Dim::Week | Dim::Month | Dim::HourOfDay | Dim::Weekday)
}

/// Adds the missing groups. Errors when the grouping has two time dimensions.
pub fn fill(c: &mut Computed, dims: &[Dim], interval_s: i64, tz: Tz, window: &Window) -> Result<(), String> {
    let times: Vec<usize> = (0..dims.len()).filter(|&i| is_time(dims[i])).collect();
    let [ti] = times[..] else {
        return Err(match times.len() {
            0 => "--fill needs a time dimension in --by (interval, day, week, month, hour-of-day, weekday)"
                .into(),
            _ => "--fill takes one time dimension in --by".into(),
        });
    };
    let d = dims[ti];
    let existing: Vec<i64> = c
        .groups
        .iter()
        .filter_map(|g| match g.keys[ti] {
            Key::Int(k) => Some(k),
            Key::Text(_) => None,
        })
        .collect();
    let lo = match window.since {
        Some(s) => key_at(d, s, interval_s, tz),
        None => match existing.iter().min() {
            Some(m) => *m,
            None => return Ok(()),
        },
    };
    let hi = match window.until {
        Some(u) => key_at(d, u - 1, interval_s, tz),
        None => existing.iter().copied().max().unwrap_or(lo),
    };
    let times = span(d, lo, hi, interval_s, tz);
    // The other keys: every combination seen.
    let mut others: Vec<Vec<Key>> = c
        .groups
        .iter()
        .map(|g| g.keys.iter().enumerate().filter(|(i, _)| *i != ti).map(|(_, k)| k.clone()).collect())
        .collect();
    others.sort();
    others.dedup();
    if others.is_empty() {
        others.push(Vec::new());
    }
    let rows = others.len().saturating_mul(times.len());
    if rows > MAX_ROWS || times.len() >= MAX_KEYS {
        return Err(format!(
            "--fill would make {} rows ({} keys x {} time buckets); narrow --since/--until or use a coarser --by",
            if times.len() >= MAX_KEYS { "millions of".to_string() } else { rows.to_string() },
            others.len(),
            times.len()
        ));
    }
    let zero: Vec<Option<i64>> = c
        .aggs
        .iter()
        .map(|a| match a.reduce() {
            Reduce::Sum | Reduce::NUnique => Some(0),
            Reduce::Max | Reduce::Quantile(_) => None,
        })
        .collect();
    let mut have: std::collections::BTreeSet<Vec<Key>> = c.groups.iter().map(|g| g.keys.clone()).collect();
    for o in &others {
        for t in &times {
            let mut keys = o.clone();
            keys.insert(ti, Key::Int(*t));
            if have.insert(keys.clone()) {
                c.groups.push(Group { keys, values: zero.clone() });
            }
        }
    }
    c.groups.sort_by(|a, b| a.keys.cmp(&b.keys));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_across_a_clock_change_and_months_across_a_year() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        // 2026-03-29 00:00..04:00 local: the clocks go from 02:00 to 03:00, so 3 hours of
        // hourly buckets: 00:00 (+01), 01:00 (+01), 03:00 (+02).
        let lo = crate::window::midnight(chrono::NaiveDate::from_ymd_opt(2026, 3, 29).unwrap(), berlin);
        let keys = span(Dim::Interval, lo, lo + 3 * HOUR_US - 1, 3600, berlin);
        assert_eq!(keys, vec![lo, lo + HOUR_US, lo + 2 * HOUR_US]);
        assert_eq!(span(Dim::Month, 202611, 202602 + 100, 0, Tz::UTC), vec![202611, 202612, 202701, 202702]);
        assert_eq!(span(Dim::Weekday, 0, 0, 0, Tz::UTC).len(), 7);
    }
}
