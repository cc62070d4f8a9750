//! NDJSON: one JSON object per row and line, keyed by column id, with the
//! same raw numbers as `json` (`null` for an empty ratio). With `--totals`
//! a last line holds the TOTAL row (first key column `"TOTAL"`, other key
//! columns `null`). No metadata: use `json` for settings and accounting.

use std::io::Write;

use serde_json::{Map, Value};

use crate::report::Report;

use super::json::{cell_value, row_object};
use super::{RenderOptions, Renderer};

pub struct Ndjson {
    pub opts: RenderOptions,
}

impl Renderer for Ndjson {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let p = self.opts.precision;
        for row in &report.rows {
            serde_json::to_writer(&mut *out, &row_object(report, row, p))?;
            out.write_all(b"\n")?;
        }
        if self.opts.totals && report.key_count > 0 {
            let mut m = Map::new();
            for (i, c) in report.columns[..report.key_count].iter().enumerate() {
                let v = if i == 0 { Value::String("TOTAL".into()) } else { Value::Null };
                m.insert(c.id.to_string(), v);
            }
            for (cell, c) in report.total.iter().zip(&report.columns[report.key_count..]) {
                m.insert(c.id.to_string(), cell_value(cell, c, p));
            }
            serde_json::to_writer(&mut *out, &Value::Object(m))?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}
