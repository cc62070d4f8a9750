//! Row-level CDRs to Parquet (used by `generate`): canonical columns, typed
//! (UTC timestamps in microseconds, integers, booleans) or all strings.

use std::path::Path;

use polars::prelude::*;

use crate::error::{Error, Result};
use crate::schema::COLUMNS;
use crate::schema::timestamp::parse_in;

/// Canonical text cells by column; empty cells are nulls.
#[derive(Debug, Default)]
pub struct Columns {
    cells: [Vec<Option<String>>; 12],
}

impl Columns {
    /// Adds one record; missing trailing fields become nulls.
    pub fn push(&mut self, record: &[String]) {
        for (i, col) in self.cells.iter_mut().enumerate() {
            let v = record.get(i).filter(|s| !s.is_empty()).cloned();
            col.push(v);
        }
    }

    pub fn len(&self) -> usize {
        self.cells[0].len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn typed(name: &str, i: usize, v: &[Option<String>]) -> Column {
    let n: PlSmallStr = name.into();
    match i {
        5..=7 => {
            let us: Vec<Option<i64>> =
                v.iter().map(|c| c.as_deref().and_then(|s| parse_in(s, chrono_tz::Tz::UTC).ok())).collect();
            Series::new(n, us).into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC)).into()
        }
        8 | 9 | 11 => {
            let ints: Vec<Option<i64>> =
                v.iter().map(|c| c.as_deref().and_then(|s| s.parse().ok())).collect();
            Column::new(n, ints)
        }
        10 => {
            let b: Vec<Option<bool>> =
                v.iter().map(|c| c.as_deref().map(|s| s.eq_ignore_ascii_case("true"))).collect();
            Column::new(n, b)
        }
        _ => Column::new(n, v),
    }
}

/// Writes the columns to `path` atomically.
pub fn write(path: &Path, cols: Columns, typed_columns: bool) -> Result<()> {
    let height = cols.len();
    let columns: Vec<Column> = cols
        .cells
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let name = COLUMNS[i].name;
            if typed_columns { typed(name, i, v) } else { Column::new(name.into(), v) }
        })
        .collect();
    let mut df = DataFrame::new(height, columns)?;
    super::atomic::write_with(path, |w| {
        ParquetWriter::new(w).finish(&mut df).map(|_| ()).map_err(super::parquet::io_error)
    })
    .map_err(|e| Error::Write { path: path.to_path_buf(), source: e })
}
