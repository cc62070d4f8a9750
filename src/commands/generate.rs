//! `callstat generate`: synthetic CDRs in the canonical schema, written as
//! CSV or Parquet (typed columns, or strings with `--string-columns` or
//! `--dirty`, since invalid values have no typed form).

use std::io::Write;

use crate::config::GenerateConfig;
use crate::error::{Error, Result};
use crate::generate::{self, GenRow, Generator};
use crate::output::{atomic, cdr_parquet};

pub fn run(cfg: &GenerateConfig, stderr: &mut dyn Write) -> Result<()> {
    let path = &cfg.output;
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let werr = |e: std::io::Error| Error::Write { path: path.clone(), source: e };
    let rows = match ext.as_deref() {
        Some("csv") => {
            let mut n = 0;
            atomic::write_with(path, |w| {
                n = generate::write_csv(&cfg.spec, w)?;
                Ok(())
            })
            .map_err(werr)?;
            n
        }
        Some("parquet" | "pq") => {
            let mut cols = cdr_parquet::Columns::default();
            let mut g = Generator::new(&cfg.spec);
            let mut row = GenRow::default();
            while g.next_into(&mut row) {
                cols.push(row.record());
            }
            let typed = !cfg.string_columns && cfg.spec.dirty == 0.0;
            let n = cols.len() as u64;
            cdr_parquet::write(path, cols, typed)?;
            n
        }
        _ => {
            return Err(Error::Usage(format!("{}: the output must end in .csv or .parquet", path.display())));
        }
    };
    if !cfg.quiet {
        writeln!(
            stderr,
            "callstat: wrote {} rows to {}",
            crate::report::format::count(rows as i64),
            path.display()
        )?;
    }
    Ok(())
}
