//! CSV: one header line of column ids, raw numbers at fixed precision
//! (seconds 3 decimals, ratios and scores 6, or `--precision`), empty cells
//! for empty ratios, and a TOTAL row only with `--totals`; `--decimal-comma`
//! writes `0,5` with `;` between fields. `records` is shared with TSV so
//! the two cannot drift apart.

use std::io::Write;

use crate::report::Report;
use crate::report::format::{machine_with, spreadsheet_safe};
use crate::report::model::Cell;

use super::{RenderOptions, Renderer, unit_of};

pub struct Csv {
    pub opts: RenderOptions,
}

/// Unwraps the I/O error inside a csv error, so a closed pipe stays a
/// closed pipe.
pub fn io_error(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// The header (unless `--no-header`), the rows and, with `--totals`, the
/// TOTAL row, as text cells: raw numbers, `--csv-safe` applied to text.
pub fn records(report: &Report, opts: &RenderOptions) -> Vec<Vec<String>> {
    let text = |cell: &Cell, unit| match cell {
        Cell::Text(s) if opts.csv_safe => spreadsheet_safe(s).into_owned(),
        Cell::Number(_) if opts.decimal_comma => {
            machine_with(cell, unit, opts.precision).replacen('.', ",", 1)
        }
        _ => machine_with(cell, unit, opts.precision),
    };
    let mut out = Vec::with_capacity(report.rows.len() + 2);
    if opts.header {
        out.push(report.columns.iter().map(|c| c.id.to_string()).collect());
    }
    for row in &report.rows {
        out.push(row.iter().zip(&report.columns).map(|(cell, c)| text(cell, unit_of(c.kind))).collect());
    }
    if opts.totals && report.key_count > 0 && report.has_total {
        let mut rec: Vec<String> =
            (0..report.key_count).map(|i| if i == 0 { "TOTAL".to_string() } else { String::new() }).collect();
        let metric_cols = &report.columns[report.key_count..];
        rec.extend(report.total.iter().zip(metric_cols).map(|(cell, c)| text(cell, unit_of(c.kind))));
        out.push(rec);
    }
    out
}

impl Renderer for Csv {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let delimiter = if self.opts.decimal_comma { b';' } else { b',' };
        let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(out);
        for rec in records(report, &self.opts) {
            w.write_record(&rec).map_err(io_error)?;
        }
        w.flush()
    }
}
