//! Durations on the command line (`5s`, `15m`, `24h`), in whole seconds;
//! report intervals (minutes that divide a day); lists of durations.

use std::fmt;
use std::str::FromStr;

/// A non-negative duration given on the command line, kept in whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seconds(pub i64);

impl FromStr for Seconds {
    type Err = String;

    /// `20`, `20s`, `15m`, `24h`, `7d` (a bare number means seconds).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (num, unit) = t.split_at(split);
        let n: i64 = num.parse().map_err(|_| {
            format!("'{s}' is not a duration; write a whole number with a unit, like 20s, 15m, 24h or 7d")
        })?;
        let mult = match unit {
            "" | "s" => 1,
            "m" => 60,
            "h" => 3600,
            "d" => 86_400,
            _ => {
                return Err(format!("'{s}': unknown unit '{unit}'; use s, m, h or d (e.g. 20s, 15m, 24h)"));
            }
        };
        n.checked_mul(mult)
            .filter(|&v| v <= MAX_SECONDS)
            .map(Seconds)
            .ok_or_else(|| format!("'{s}' is too large; at most 36500d (100 years)"))
    }
}

/// The longest duration a flag takes: 100 years, so a duration in
/// microseconds added to any instant stays far inside `i64`.
pub const MAX_SECONDS: i64 = 36_500 * 86_400;

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        if s != 0 && s % 86_400 == 0 && s > 172_800 {
            write!(f, "{}d", s / 86_400)
        } else if s != 0 && s % 3600 == 0 {
            write!(f, "{}h", s / 3600)
        } else if s != 0 && s % 60 == 0 {
            write!(f, "{}m", s / 60)
        } else {
            write!(f, "{s}s")
        }
    }
}

/// The size of `interval` buckets: a whole number of minutes dividing a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval(pub Seconds);

impl FromStr for Interval {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let d: Seconds = s.parse()?;
        if d.0 < 60 || d.0 % 60 != 0 || 86_400 % d.0 != 0 {
            return Err(format!(
                "'{s}' is not a usable interval; use a whole number of minutes that divides a day, such as 15m, 30m or 1h"
            ));
        }
        Ok(Interval(d))
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A comma list of durations (`20s,30s,60s`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondsList(pub Vec<Seconds>);

impl FromStr for SecondsList {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let v = s.split(',').map(|p| p.parse::<Seconds>()).collect::<Result<Vec<_>, _>>()?;
        if v.is_empty() {
            return Err("give at least one duration".into());
        }
        Ok(SecondsList(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_and_print() {
        assert_eq!("20".parse::<Seconds>().unwrap(), Seconds(20));
        assert_eq!("5s".parse::<Seconds>().unwrap(), Seconds(5));
        assert_eq!("15m".parse::<Seconds>().unwrap(), Seconds(900));
        assert_eq!("24h".parse::<Seconds>().unwrap(), Seconds(86_400));
        assert_eq!("7d".parse::<Seconds>().unwrap(), Seconds(604_800));
        assert!("5x".parse::<Seconds>().is_err());
        assert!("-5s".parse::<Seconds>().is_err());
        assert!("".parse::<Seconds>().is_err());
        assert_eq!("36500d".parse::<Seconds>().unwrap(), Seconds(MAX_SECONDS));
        assert!("36501d".parse::<Seconds>().unwrap_err().contains("at most 36500d"));
        assert_eq!(Seconds(86_400).to_string(), "24h");
        assert_eq!(Seconds(7 * 86_400).to_string(), "7d");
        assert_eq!(Seconds(5).to_string(), "5s");
        assert_eq!(Seconds(1800).to_string(), "30m");
        assert_eq!(Seconds(0).to_string(), "0s");
    }

    #[test]
    fn intervals_must_divide_a_day() {
        assert_eq!("30m".parse::<Interval>().unwrap().to_string(), "30m");
        assert_eq!("1h".parse::<Interval>().unwrap().0, Seconds(3600));
        assert!("7m".parse::<Interval>().is_err());
        assert!("30s".parse::<Interval>().is_err());
        assert!("2d".parse::<Interval>().is_err());
    }
}
