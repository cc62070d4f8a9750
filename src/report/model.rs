//! The `Report`: column specs, typed cells, sorted rows, the total row and
//! the metadata (settings, definitions, row accounting) every renderer
//! reads. Built from the query's reduced values; renderers never compute.

use chrono_tz::Tz;

use crate::dataset::Accounting;
use crate::metrics::{Instance, Rules, Unit, Value};
use crate::schema::timestamp;
use crate::values::{Attribution, Dim};

use super::compute::{Computed, DAY_US, HOUR_US, Key};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A group key (text, RFC 3339 interval start, day, ...).
    Key,
    Metric(Unit),
}

/// One output column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Stable id: CSV header, JSON key.
    pub id: String,
    /// Table header.
    pub label: String,
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
    pub attribution: Attribution,
    pub preset: Option<&'static str>,
    /// Names of input columns used as keys (`Dim::Extra`).
    pub extra_names: Vec<String>,
    pub inputs: Vec<String>,
    /// `--since`/`--until`, when given.
    pub window: Option<WindowNote>,
    /// `--sort`/`--top`, when given: "top 10 of 57 rows by abandon_rate, high to low".
    pub order: Option<String>,
    /// `--compare`: "compared with 2026-02-23T00:00:00+01:00 .. 2026-03-02T00:00:00+01:00".
    pub compare: Option<String>,
    /// `--title`: the heading of html pages (and `meta.settings.title`).
    pub title: Option<String>,
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
    /// Whether a total row makes sense (not for staffing).
    pub has_total: bool,
    /// The metric instances behind the metric columns (for definitions).
    pub instances: Vec<Instance>,
    pub settings: Settings,
    pub accounting: Accounting,
}

fn key_label(d: Dim) -> &'static str {
    d.label()
}

/// A value as a cell.
pub fn cell(v: Value) -> Cell {
    match v {
        Value::Count(n) => Cell::Count(n),
        Value::Number(x) => Cell::Number(x),
        Value::Empty => Cell::Empty,
    }
}

fn metric_cells(instances: &[Instance], c: &Computed, values: &[Option<i64>]) -> Vec<Cell> {
    instances.iter().map(|i| cell(i.formula.value(&|a| c.get(values, a)))).collect()
}

const WEEKDAYS: [&str; 7] = ["1-Mon", "2-Tue", "3-Wed", "4-Thu", "5-Fri", "6-Sat", "7-Sun"];

/// Formats a key value for display and machine output.
pub fn key_text(d: Dim, k: &Key, tz: Tz) -> String {
    match (d, k) {
        (_, Key::Text(s)) => s.clone(),
        (Dim::Interval, Key::Int(us)) => timestamp::format_in(*us, tz),
        (Dim::Day | Dim::Week, Key::Int(midnight)) => timestamp::format_day(midnight.div_euclid(DAY_US)),
        (Dim::Month, Key::Int(m)) => format!("{:04}-{:02}", m / 100, m % 100),
        (Dim::HourOfDay, Key::Int(us)) => format!("{:02}", us / HOUR_US),
        (Dim::Weekday, Key::Int(us)) => WEEKDAYS[(us / DAY_US).clamp(0, 6) as usize].to_string(),
        (_, Key::Int(i)) => i.to_string(),
    }
}

impl Report {
    /// A table without a TOTAL row (a call list, a callback list, staffing).
    pub fn table(
        columns: Vec<Column>,
        key_count: usize,
        rows: Vec<Vec<Cell>>,
        settings: Settings,
        accounting: Accounting,
    ) -> Report {
        Report {
            columns,
            key_count,
            rows,
            total: Vec::new(),
            has_total: false,
            instances: Vec::new(),
            settings,
            accounting,
        }
    }

    /// Builds the report from the query result; rows keep the query's
    /// order (sorted by the raw keys).
    pub fn build(
        dims: &[Dim],
        instances: Vec<Instance>,
        computed: &Computed,
        settings: Settings,
        accounting: Accounting,
    ) -> Report {
        let mut columns: Vec<Column> = dims
            .iter()
            .map(|d| match d {
                Dim::Extra(i) => {
                    let name = settings.extra_names.get(*i as usize).cloned().unwrap_or_default();
                    Column { id: name.clone(), label: name, kind: Kind::Key }
                }
                d => Column { id: d.column().to_string(), label: key_label(*d).to_string(), kind: Kind::Key },
            })
            .collect();
        columns.extend(instances.iter().map(|i| Column {
            id: i.id.clone(),
            label: i.label.clone(),
            kind: Kind::Metric(i.def.unit),
        }));
        let tz = settings.tz;
        let total = metric_cells(&instances, computed, &computed.total);
        let rows = if dims.is_empty() {
            // `--by total`: the one row is the total.
            vec![total.clone()]
        } else {
            computed
                .groups
                .iter()
                .map(|g| {
                    let mut cells: Vec<Cell> =
                        dims.iter().zip(&g.keys).map(|(d, k)| Cell::Text(key_text(*d, k, tz))).collect();
                    cells.extend(metric_cells(&instances, computed, &g.values));
                    cells
                })
                .collect()
        };
        Report {
            columns,
            key_count: dims.len(),
            rows,
            total,
            has_total: true,
            instances,
            settings,
            accounting,
        }
    }
}
