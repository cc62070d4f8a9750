//! Parquet: the report as a typed table, the only renderer that uses
//! polars. Instant keys (`interval_start`, and the call list's
//! `arrived_at`, `answered_at`, `ended_at`) are timestamps in microseconds,
//! adjusted to UTC (the report zone is in the other formats' meta); `day`
//! and `week` (its Monday) are dates in the report zone; other keys are
//! String; counts Int64; seconds, ratios and scores Float64 at full
//! precision (not rounded); an empty value is null. The TOTAL row only with
//! `--totals`, as in csv. Binary: `commands::report` refuses to send it to a
//! terminal.

use std::io::Write;

use polars::prelude::*;

use crate::metrics::Unit;
use crate::report::Report;
use crate::report::model::{Cell, Kind};
use crate::schema::timestamp;

use super::{RenderOptions, Renderer};

pub struct Parquet {
    pub opts: RenderOptions,
}

/// Key columns holding instants: written as UTC timestamps.
const INSTANTS: [&str; 4] = ["interval_start", "arrived_at", "answered_at", "ended_at"];

/// Key columns holding local calendar dates: written as dates.
const DATES: [&str; 2] = ["day", "week"];

/// Days since 1970-01-01 of a `YYYY-MM-DD` text.
fn epoch_day(s: &str) -> Option<i32> {
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((d - epoch).num_days()).ok()
}

/// The report as a polars frame (also used by tests and `calls`).
pub fn frame(report: &Report, totals: bool) -> PolarsResult<DataFrame> {
    let mut rows: Vec<Vec<Cell>> = report.rows.clone();
    if totals && report.key_count > 0 {
        let mut t: Vec<Cell> = (0..report.key_count)
            .map(|i| if i == 0 { Cell::Text("TOTAL".into()) } else { Cell::Empty })
            .collect();
        t.extend(report.total.iter().cloned());
        rows.push(t);
    }
    let columns: Vec<Column> = report
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let name: PlSmallStr = c.id.as_str().into();
            let cells = rows.iter().map(|r| &r[i]);
            match c.kind {
                Kind::Key if INSTANTS.contains(&c.id.as_str()) => {
                    // The keys are RFC 3339 texts made from instants; TOTAL and empty cells are null.
                    let us: Vec<Option<i64>> = cells
                        .map(|x| match x {
                            Cell::Text(s) => timestamp::parse_in(s, chrono_tz::Tz::UTC).ok(),
                            _ => None,
                        })
                        .collect();
                    let ca: Int64Chunked = us.into_iter().collect();
                    Ok(ca
                        .with_name(name)
                        .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
                        .into_column())
                }
                Kind::Key if DATES.contains(&c.id.as_str()) => {
                    let days: Int32Chunked = cells
                        .map(|x| match x {
                            Cell::Text(s) => epoch_day(s),
                            _ => None,
                        })
                        .collect();
                    Ok(days.with_name(name).into_date().into_column())
                }
                Kind::Key => Ok(Column::new(
                    name,
                    cells
                        .map(|x| match x {
                            Cell::Text(s) => Some(s.clone()),
                            _ => None,
                        })
                        .collect::<Vec<_>>(),
                )),
                Kind::Metric(Unit::Count) => Ok(Column::new(
                    name,
                    cells
                        .map(|x| match x {
                            Cell::Count(n) => Some(*n),
                            _ => None,
                        })
                        .collect::<Vec<_>>(),
                )),
                Kind::Metric(_) => Ok(Column::new(
                    name,
                    cells
                        .map(|x| match x {
                            Cell::Number(v) => Some(*v),
                            Cell::Count(n) => Some(*n as f64),
                            _ => None,
                        })
                        .collect::<Vec<_>>(),
                )),
            }
        })
        .collect::<PolarsResult<Vec<Column>>>()?;
    DataFrame::new(rows.len(), columns)
}

/// A polars error as an I/O error that keeps the kind of an underlying
/// I/O failure, so a closed pipe (`| head -1`) is one as in every format.
pub fn io_error(e: PolarsError) -> std::io::Error {
    match &e {
        PolarsError::IO { error, .. } => std::io::Error::new(error.kind(), e.to_string()),
        // The Parquet writer reports a failed write as text only.
        _ if e.to_string().contains("Broken pipe") => {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, e.to_string())
        }
        _ => std::io::Error::other(e.to_string()),
    }
}

impl Renderer for Parquet {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let mut df = frame(report, self.opts.totals).map_err(io_error)?;
        ParquetWriter::new(out).finish(&mut df).map(|_| ()).map_err(io_error)
    }
}
