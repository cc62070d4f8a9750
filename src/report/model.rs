//! The `Report`: column specs, typed cells, sorted rows, the total row and
//! the metadata (settings, definitions, row accounting) every renderer
//! reads. Built from the query's sums; renderers never compute.

use chrono_tz::Tz;

use crate::dataset::Accounting;
use crate::metrics::{self, MetricDef, Sums, Unit, Value};
use crate::schema::timestamp;
use crate::values::Dim;

use super::compute::{Computed, DAY_US, Key, Rules};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A group key (text, RFC 3339 interval start or day).
    Key,
    Metric(Unit),
}

/// One output column.
#[derive(Debug, Clone)]
pub struct Column {
    /// Stable id: CSV header, JSON key.
    pub id: &'static str,
    /// Table header.
    pub label: &'static str,
    pub kind: Kind,
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(i64),
    Number(f64),
    Empty,
}

/// The settings a report was made with, for `meta` and footers.
#[derive(Debug, Clone)]
pub struct Settings {
    pub by: String,
    pub interval: String,
    pub tz: Tz,
    pub input_tz: Tz,
    pub rules: Rules,
    pub inputs: Vec<String>,
    /// `--since`/`--until`, when given.
    pub window: Option<WindowNote>,
}

/// The time window a report covers and the accepted calls left outside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowNote {
    /// RFC 3339 in the report zone; `None` = open.
    pub since: Option<String>,
    pub until: Option<String>,
    pub outside: u64,
}

/// A finished report.
#[derive(Debug, Clone)]
pub struct Report {
    pub columns: Vec<Column>,
    /// Number of leading key columns.
    pub key_count: usize,
    pub rows: Vec<Vec<Cell>>,
    /// Metric cells of the total row (same order as the metric columns);
    /// empty for a call list, which has no TOTAL row.
    pub total: Vec<Cell>,
    pub settings: Settings,
    pub accounting: Accounting,
}

fn key_label(d: Dim) -> &'static str {
    match d {
        Dim::Queue => "Queue",
        Dim::Agent => "Agent",
        Dim::Interval => "Interval",
        Dim::Day => "Day",
    }
}

fn metric_cells(sums: &Sums) -> Vec<Cell> {
    metrics::ALL
        .iter()
        .map(|m: &MetricDef| match m.value(sums) {
            Value::Count(n) => Cell::Count(n),
            Value::Number(x) => Cell::Number(x),
            Value::Empty => Cell::Empty,
        })
        .collect()
}

fn key_cell(d: Dim, k: &Key, tz: Tz) -> Cell {
    match (d, k) {
        (Dim::Interval, Key::Int(us)) => Cell::Text(timestamp::format_in(*us, tz)),
        (Dim::Day, Key::Int(midnight)) => Cell::Text(timestamp::format_day(midnight.div_euclid(DAY_US))),
        (_, Key::Text(s)) => Cell::Text(s.clone()),
        (_, Key::Int(i)) => Cell::Text(i.to_string()),
    }
}

impl Report {
    /// Builds the report from the query result; rows keep the query's
    /// order (sorted by the raw keys).
    pub fn build(dims: &[Dim], computed: &Computed, settings: Settings, accounting: Accounting) -> Report {
        let mut columns: Vec<Column> =
            dims.iter().map(|d| Column { id: d.column(), label: key_label(*d), kind: Kind::Key }).collect();
        columns.extend(metrics::ALL.iter().map(|m| Column {
            id: m.id,
            label: m.label,
            kind: Kind::Metric(m.unit),
        }));
        let tz = settings.tz;
        let total = metric_cells(&computed.total);
        if dims.is_empty() {
            // `--by total`: the one row is the total.
            return Report { columns, key_count: 0, rows: vec![total.clone()], total, settings, accounting };
        }
        let rows = computed
            .groups
            .iter()
            .map(|g| {
                let mut cells: Vec<Cell> =
                    dims.iter().zip(&g.keys).map(|(d, k)| key_cell(*d, k, tz)).collect();
                cells.extend(metric_cells(&g.sums));
                cells
            })
            .collect();
        Report { columns, key_count: dims.len(), rows, total, settings, accounting }
    }
}
