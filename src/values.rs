//! Clap-free value types for flags that need more than a closed list: durations
//! (`5s`, `15m`, `24h`), report intervals, grouping dimensions and time
//! zones. They parse inside clap (a bad value is a usage error, exit 2) and are used by every layer below it.

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

/// One grouping dimension of `--by`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dim {
    Queue,
    Agent,
    Interval,
    Day,
    Week,
    Month,
    HourOfDay,
    Weekday,
    Direction,
    Channel,
    /// An input column that is not canonical: the index into `Dims::extra`.
    Extra(u8),
}

impl Dim {
    /// The name of the key column this dimension produces.
    pub fn column(self) -> &'static str {
        match self {
            Dim::Queue => "queue",
            Dim::Agent => "agent",
            Dim::Interval => "interval_start",
            Dim::Day => "day",
            Dim::Week => "week",
            Dim::Month => "month",
            Dim::HourOfDay => "hour_of_day",
            Dim::Weekday => "weekday",
            Dim::Direction => "direction",
            Dim::Channel => "channel",
            Dim::Extra(_) => "extra",
        }
    }

    /// The name used on the command line.
    pub fn flag_name(self) -> &'static str {
        match self {
            Dim::Queue => "queue",
            Dim::Agent => "agent",
            Dim::Interval => "interval",
            Dim::Day => "day",
            Dim::Week => "week",
            Dim::Month => "month",
            Dim::HourOfDay => "hour-of-day",
            Dim::Weekday => "weekday",
            Dim::Direction => "direction",
            Dim::Channel => "channel",
            Dim::Extra(_) => "extra",
        }
    }
}

/// The parsed `--by` list: empty means the single grand-total row. Names
/// that are not built-in dimensions are input columns (`Dim::Extra`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dims(pub Vec<Dim>, pub Vec<String>);

impl FromStr for Dims {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut dims = Vec::new();
        let mut extra: Vec<String> = Vec::new();
        let parts: Vec<&str> = s.split(',').map(str::trim).collect();
        for p in &parts {
            let d = match p.to_ascii_lowercase().as_str() {
                "queue" => Dim::Queue,
                "agent" => Dim::Agent,
                "interval" => Dim::Interval,
                "day" => Dim::Day,
                "week" => Dim::Week,
                "month" => Dim::Month,
                "hour-of-day" | "hour_of_day" | "hour" => Dim::HourOfDay,
                "weekday" => Dim::Weekday,
                "direction" => Dim::Direction,
                "channel" => Dim::Channel,
                "total" if parts.len() == 1 => return Ok(Dims(Vec::new(), Vec::new())),
                "total" => {
                    return Err("'total' stands alone: use --by total for the grand-total row".into());
                }
                "" => return Err("empty dimension in --by; write e.g. queue,interval".into()),
                other => {
                    if extra.iter().any(|e| e.eq_ignore_ascii_case(other)) {
                        return Err(format!("dimension '{p}' is given twice"));
                    }
                    if extra.len() >= 8 {
                        return Err("at most 8 input columns in --by".into());
                    }
                    extra.push(p.to_string());
                    Dim::Extra((extra.len() - 1) as u8)
                }
            };
            if dims.contains(&d) {
                return Err(format!("dimension '{p}' is given twice"));
            }
            dims.push(d);
        }
        Ok(Dims(dims, extra))
    }
}

impl fmt::Display for Dims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("total");
        }
        let names: Vec<&str> = self
            .0
            .iter()
            .map(|d| match d {
                Dim::Extra(i) => self.1[*i as usize].as_str(),
                d => d.flag_name(),
            })
            .collect();
        f.write_str(&names.join(","))
    }
}

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

/// Which timestamp puts a call in an interval or day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribution {
    /// arrived_at: when the call entered the queue (callstat's default).
    Arrival,
    /// answered_at; unanswered calls fall back to ended_at (when they left the queue).
    Answer,
    /// ended_at: the hang-up (Amazon Connect's contact-record metrics).
    End,
}

impl Attribution {
    pub fn name(self) -> &'static str {
        match self {
            Attribution::Arrival => "arrival",
            Attribution::Answer => "answer",
            Attribution::End => "end",
        }
    }
}

impl FromStr for Attribution {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "arrival" => Ok(Attribution::Arrival),
            "answer" => Ok(Attribution::Answer),
            "end" => Ok(Attribution::End),
            _ => Err(format!("unknown attribution '{s}'; use arrival, answer or end")),
        }
    }
}

impl fmt::Display for Attribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
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

    #[test]
    fn dims_parse() {
        let d: Dims = "queue, interval".parse().unwrap();
        assert_eq!(d.0, vec![Dim::Queue, Dim::Interval]);
        assert_eq!(d.to_string(), "queue,interval");
        assert_eq!("total".parse::<Dims>().unwrap().0, vec![]);
        assert!("queue,total".parse::<Dims>().is_err());
        assert!("queue,queue".parse::<Dims>().is_err());
        let d: Dims = "queue,reason".parse().unwrap();
        assert_eq!(d.0, vec![Dim::Queue, Dim::Extra(0)]);
        assert_eq!(d.1, vec!["reason".to_string()]);
        assert_eq!(d.to_string(), "queue,reason");
    }

    #[test]
    fn tz_names() {
        assert!(parse_tz("Europe/Berlin").is_ok());
        assert!(parse_tz("Mars/Olympus").is_err());
    }
}
