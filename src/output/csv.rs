//! CSV: one header line of column ids, raw numbers at fixed precision
//! (seconds 3 decimals, ratios and scores 6), empty cells for empty ratios,
//! and a TOTAL row only with `--totals`.

use std::io::Write;

use crate::report::Report;
use crate::report::format::machine;

use super::{Renderer, unit_of};

/// Unwraps the I/O error inside a csv error, so a closed pipe stays a
/// closed pipe.
pub fn io_error(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

pub struct Csv {
    pub totals: bool,
}

impl Renderer for Csv {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(report.columns.iter().map(|c| c.id.as_str())).map_err(io_error)?;
        for row in &report.rows {
            w.write_record(row.iter().zip(&report.columns).map(|(cell, c)| machine(cell, unit_of(c.kind))))
                .map_err(io_error)?;
        }
        if self.totals && report.key_count > 0 && report.has_total {
            let mut rec: Vec<String> = (0..report.key_count)
                .map(|i| if i == 0 { "TOTAL".to_string() } else { String::new() })
                .collect();
            let metric_cols = &report.columns[report.key_count..];
            rec.extend(report.total.iter().zip(metric_cols).map(|(cell, c)| machine(cell, unit_of(c.kind))));
            w.write_record(&rec).map_err(io_error)?;
        }
        w.flush()
    }
}
