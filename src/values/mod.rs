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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tz_names() {
        assert!(parse_tz("Europe/Berlin").is_ok());
        assert!(parse_tz("Mars/Olympus").is_err());
    }
}
