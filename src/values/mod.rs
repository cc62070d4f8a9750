//! Clap-free value types for flags that need more than a closed list:
//! durations, report intervals, grouping dimensions, attribution, score
//! ranges and time zones. They parse inside clap (a bad value is a usage
//! error, exit 2) and are used by every layer below it.

mod attribution;
mod dims;
mod duration;

use std::str::FromStr;

pub use attribution::Attribution;
pub use dims::{DIMS, Dim, DimDef, Dims};
pub use duration::{Interval, MAX_SECONDS, Seconds, SecondsList};

/// Parses an IANA time-zone name (`UTC`, `Europe/Berlin`).
pub fn parse_tz(s: &str) -> Result<chrono_tz::Tz, String> {
    s.trim().parse::<chrono_tz::Tz>().map_err(|_| {
        format!("unknown time zone '{s}'; use an IANA name such as UTC, Europe/Berlin or America/New_York")
    })
}

/// Parses a fraction in 0..=1 (`0.05`).
pub fn parse_fraction(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("'{s}' is not a fraction between 0 and 1 (e.g. 0.02)")),
    }
}

/// An inclusive score range `min..max` (or a scale top `5` = 1..5, `10` = 0..10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreRange(pub i64, pub i64);

impl FromStr for ScoreRange {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let bad = || format!("'{s}' is not a score range; write min..max such as 1..5 or 0..10");
        let (lo, hi) = match t.split_once("..") {
            Some((a, b)) => (a.trim().parse().map_err(|_| bad())?, b.trim().parse().map_err(|_| bad())?),
            None => match t {
                "5" => (1, 5),
                "10" => (0, 10),
                _ => return Err(bad()),
            },
        };
        if lo > hi {
            return Err(bad());
        }
        Ok(ScoreRange(lo, hi))
    }
}

/// A share in 0..1, written as a percentage (`5%`) or a fraction (`0.05`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Share(pub f64);

impl FromStr for Share {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let v = match t.strip_suffix('%') {
            Some(p) => p.trim().parse::<f64>().map(|v| v / 100.0),
            None => t.parse::<f64>(),
        };
        v.ok()
            .filter(|v| (0.0..=1.0).contains(v))
            .map(Share)
            .ok_or_else(|| format!("'{s}' is not a share; write a percentage (5%) or a fraction (0.05)"))
    }
}

/// A limit on rejected rows (`--max-invalid`): a count (`100`) or a share
/// of the rows read (`1%`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    Rows(u64),
    Share(f64),
}

impl Limit {
    /// Whether `n` of `read` rows exceed it.
    pub fn exceeded(self, n: u64, read: u64) -> bool {
        match self {
            Limit::Rows(max) => n > max,
            Limit::Share(share) => read > 0 && n as f64 > share * read as f64,
        }
    }
}

impl FromStr for Limit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let bad = || format!("'{s}' is not a limit; write a number of rows (100) or a percentage (1%)");
        if t.ends_with('%') {
            return t.parse::<Share>().map(|x| Limit::Share(x.0)).map_err(|_| bad());
        }
        t.parse().map(Limit::Rows).map_err(|_| bad())
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Limit::Rows(n) => write!(f, "{n}"),
            Limit::Share(x) => write!(f, "{}%", x * 100.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares() {
        assert_eq!("5%".parse::<Share>().unwrap(), Share(0.05));
        assert_eq!("0.25".parse::<Share>().unwrap(), Share(0.25));
        assert!("120%".parse::<Share>().is_err() && "x".parse::<Share>().is_err());
    }

    #[test]
    fn limits() {
        assert_eq!("1%".parse::<Limit>().unwrap(), Limit::Share(0.01));
        assert_eq!("100".parse::<Limit>().unwrap(), Limit::Rows(100));
        assert!("x".parse::<Limit>().is_err() && "150%".parse::<Limit>().is_err());
        // 2 of 100 rows: over 1%, not over 2%, not over 2 rows.
        assert!(Limit::Share(0.01).exceeded(2, 100));
        assert!(!Limit::Share(0.02).exceeded(2, 100));
        assert!(!Limit::Rows(2).exceeded(2, 100) && Limit::Rows(1).exceeded(2, 100));
    }

    #[test]
    fn tz_names() {
        assert!(parse_tz("Europe/Berlin").is_ok());
        assert!(parse_tz("Mars/Olympus").is_err());
    }
}
