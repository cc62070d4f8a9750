//! `--sort ID[:asc|:desc]` and `--top N`: reorder a finished report's rows
//! by one column and keep the first N. Metrics sort high to low unless
//! `:asc`, key columns low to high unless `:desc`; empty values come last;
//! ties keep the key order. The TOTAL row stays the total of every row.
//! May not compute.

use std::cmp::Ordering;
use std::str::FromStr;

use super::model::{Cell, Kind, Report};

/// A parsed `--sort`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub id: String,
    /// `None`: the column's natural direction (metrics descending, keys ascending).
    pub descending: Option<bool>,
}

impl FromStr for Sort {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let (id, dir) = match t.rsplit_once(':') {
            Some((id, "asc")) => (id, Some(false)),
            Some((id, "desc")) => (id, Some(true)),
            Some(_) => {
                return Err(format!("--sort '{s}': write ID, ID:asc or ID:desc, e.g. abandon_rate:desc"));
            }
            None => (t, None),
        };
        if id.is_empty() {
            return Err(format!("--sort '{s}': name a column, e.g. --sort abandon_rate"));
        }
        Ok(Sort { id: id.to_string(), descending: dir })
    }
}

fn cmp_cells(a: &Cell, b: &Cell) -> Ordering {
    let num = |c: &Cell| match c {
        Cell::Count(n) => Some(*n as f64),
        Cell::Number(x) => Some(*x),
        _ => None,
    };
    match (a, b) {
        (Cell::Text(x), Cell::Text(y)) => x.cmp(y),
        _ => match (num(a), num(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
    }
}

/// Sorts the rows by `sort` and keeps the first `top`; returns a note for
/// footers and meta ("top 3 of 5 rows by abandon_rate, high to low"), or an
/// error naming the columns when `sort` names none of the report's.
pub fn order(report: &mut Report, sort: Option<&Sort>, top: Option<usize>) -> Result<Option<String>, String> {
    let total_rows = report.rows.len();
    let mut note = String::new();
    if let Some(s) = sort {
        let Some(col) = report.columns.iter().position(|c| c.id == s.id) else {
            let ids: Vec<&str> = report.columns.iter().map(|c| c.id.as_str()).collect();
            return Err(format!(
                "--sort: the report has no column '{}'; use one of {}",
                s.id,
                ids.join(", ")
            ));
        };
        let descending = s.descending.unwrap_or(report.columns[col].kind != Kind::Key);
        report.rows.sort_by(|a, b| {
            let o = cmp_cells(&a[col], &b[col]);
            // Empty values last in both directions.
            let empty = |c: &Cell| matches!(c, Cell::Empty);
            match (empty(&a[col]), empty(&b[col])) {
                (false, false) if descending => o.reverse(),
                _ => o,
            }
        });
        note = format!("by {}, {}", s.id, if descending { "high to low" } else { "low to high" });
    }
    if let Some(n) = top.filter(|n| *n < total_rows) {
        report.rows.truncate(n);
        note = format!(
            "top {n} of {total_rows} rows{}",
            if note.is_empty() { String::new() } else { format!(" {note}") }
        );
    } else if !note.is_empty() {
        note = format!("rows {note}");
    }
    Ok((!note.is_empty()).then_some(note))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::Column;

    fn report() -> Report {
        let settings = crate::report::model::Settings {
            by: "queue".into(),
            interval: "30m".into(),
            tz: chrono_tz::Tz::UTC,
            input_tz: chrono_tz::Tz::UTC,
            rules: crate::metrics::Rules::default(),
            attribution: crate::values::Attribution::Arrival,
            preset: None,
            extra_names: Vec::new(),
            inputs: Vec::new(),
            window: None,
            order: None,
            compare: None,
            title: None,
        };
        let mut r = Report {
            columns: Vec::new(),
            key_count: 0,
            rows: Vec::new(),
            total: Vec::new(),
            has_total: true,
            instances: Vec::new(),
            settings,
            accounting: Default::default(),
        };
        r.columns = vec![
            Column { id: "queue".into(), label: "Queue".into(), kind: Kind::Key },
            Column {
                id: "abandon_rate".into(),
                label: "Abandon %".into(),
                kind: Kind::Metric(crate::metrics::Unit::Ratio),
            },
        ];
        r.key_count = 1;
        let row = |q: &str, v: Option<f64>| vec![Cell::Text(q.into()), v.map_or(Cell::Empty, Cell::Number)];
        r.rows = vec![
            row("a", Some(0.02)),
            row("b", None),
            row("c", Some(0.05)),
            row("d", Some(0.01)),
            row("e", Some(0.05)),
        ];
        r
    }

    fn queues(r: &Report) -> Vec<String> {
        r.rows
            .iter()
            .map(|row| match &row[0] {
                Cell::Text(s) => s.clone(),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn sorts_metrics_high_to_low_with_empty_last_and_keeps_ties_in_key_order() {
        let mut r = report();
        let note = order(&mut r, Some(&"abandon_rate".parse().unwrap()), Some(3)).unwrap();
        assert_eq!(queues(&r), ["c", "e", "a"]);
        assert_eq!(note.as_deref(), Some("top 3 of 5 rows by abandon_rate, high to low"));
        let mut r = report();
        order(&mut r, Some(&"abandon_rate:asc".parse().unwrap()), None).unwrap();
        assert_eq!(queues(&r), ["d", "a", "c", "e", "b"]);
        let mut r = report();
        order(&mut r, Some(&"queue".parse().unwrap()), Some(10)).unwrap();
        assert_eq!(queues(&r), ["a", "b", "c", "d", "e"]);
        assert!(
            order(&mut report(), Some(&"nope".parse().unwrap()), None).unwrap_err().contains("abandon_rate")
        );
        assert!("x:up".parse::<Sort>().is_err());
    }
}
