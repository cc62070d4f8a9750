//! TSV: the same records as CSV (ids, raw numbers, `--totals`,
//! `--no-header`, `--csv-safe`), separated by tabs. TSV has no quoting, so
//! a tab, CR or LF inside a cell becomes a space.

use std::io::Write;

use crate::report::Report;

use super::csv::records;
use super::{RenderOptions, Renderer};

pub struct Tsv {
    pub opts: RenderOptions,
}

fn clean(cell: &str) -> String {
    cell.replace(['\t', '\r', '\n'], " ")
}

impl Renderer for Tsv {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        for rec in records(report, &self.opts) {
            let line: Vec<String> = rec.iter().map(|c| clean(c)).collect();
            writeln!(out, "{}", line.join("\t"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn separators_inside_cells_become_spaces() {
        assert_eq!(clean("a\tb\r\nc"), "a b  c");
    }
}
