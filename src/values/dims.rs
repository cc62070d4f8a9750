//! The grouping dimensions of `--by`, described once: each built-in
//! dimension's spellings, key column and table label (`DIMS`), and the
//! parsed list (`Dims`) with input columns as extra keys.

use std::fmt;
use std::str::FromStr;

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

/// One built-in dimension's row.
pub struct DimDef {
    pub dim: Dim,
    /// The `--by` name, then other accepted spellings.
    pub names: &'static [&'static str],
    /// The key column it produces.
    pub column: &'static str,
    /// The key column's table header.
    pub label: &'static str,
}

pub const DIMS: &[DimDef] = &[
    DimDef { dim: Dim::Queue, names: &["queue"], column: "queue", label: "Queue" },
    DimDef { dim: Dim::Agent, names: &["agent"], column: "agent", label: "Agent" },
    DimDef { dim: Dim::Interval, names: &["interval"], column: "interval_start", label: "Interval" },
    DimDef { dim: Dim::Day, names: &["day"], column: "day", label: "Day" },
    DimDef { dim: Dim::Week, names: &["week"], column: "week", label: "Week" },
    DimDef { dim: Dim::Month, names: &["month"], column: "month", label: "Month" },
    DimDef {
        dim: Dim::HourOfDay,
        names: &["hour-of-day", "hour_of_day", "hour"],
        column: "hour_of_day",
        label: "Hour",
    },
    DimDef { dim: Dim::Weekday, names: &["weekday"], column: "weekday", label: "Weekday" },
    DimDef { dim: Dim::Direction, names: &["direction"], column: "direction", label: "Direction" },
    DimDef { dim: Dim::Channel, names: &["channel"], column: "channel", label: "Channel" },
];

impl Dim {
    fn def(self) -> Option<&'static DimDef> {
        DIMS.iter().find(|d| d.dim == self)
    }

    /// The name of the key column this dimension produces.
    pub fn column(self) -> &'static str {
        self.def().map_or("extra", |d| d.column)
    }

    /// The name used on the command line.
    pub fn flag_name(self) -> &'static str {
        self.def().map_or("extra", |d| d.names[0])
    }

    /// The key column's table header (an input column's is its name).
    pub fn label(self) -> &'static str {
        self.def().map_or("", |d| d.label)
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
            let lower = p.to_ascii_lowercase();
            let d = match lower.as_str() {
                "total" if parts.len() == 1 => return Ok(Dims(Vec::new(), Vec::new())),
                "total" => {
                    return Err("'total' stands alone: use --by total for the grand-total row".into());
                }
                "" => return Err("empty dimension in --by; write e.g. queue,interval".into()),
                name => match DIMS.iter().find(|d| d.names.contains(&name)) {
                    Some(def) => def.dim,
                    None => {
                        if extra.iter().any(|e| e.eq_ignore_ascii_case(name)) {
                            return Err(format!("dimension '{p}' is given twice"));
                        }
                        if extra.len() >= 8 {
                            return Err("at most 8 input columns in --by".into());
                        }
                        extra.push(p.to_string());
                        Dim::Extra((extra.len() - 1) as u8)
                    }
                },
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn every_dim_has_one_row() {
        for d in DIMS {
            assert_eq!(DIMS.iter().filter(|x| x.dim == d.dim).count(), 1);
            assert_eq!(d.names[0].parse::<Dims>().unwrap().0, vec![d.dim]);
        }
        assert_eq!("hour".parse::<Dims>().unwrap().0, vec![Dim::HourOfDay]);
        assert_eq!(Dim::HourOfDay.column(), "hour_of_day");
    }
}
