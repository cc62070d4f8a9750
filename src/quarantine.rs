//! `--on-error quarantine=PATH`: every rejected input row (invalid or
//! duplicate) written as CSV with where it came from and why:
//! `source,line,reason,message,row`. `row` is the input as read (a CSV
//! record in its own delimiter, a queue_log line, a JSON record); where a
//! reader rebuilt the row (queue_log calls, CDR legs, Parquet) it is the
//! row's values joined by commas.

use std::io::Write;
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::schema::reason::Rejection;
use crate::schema::{Field, RawRow};

/// What `--on-error` asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum OnError {
    /// Leave rejected rows out and summarize them on stderr (the default).
    #[default]
    Skip,
    /// Stop at the first invalid row with exit code 3 (as `--strict`).
    Fail,
    /// As skip, and write every rejected row to this file.
    Quarantine(PathBuf),
}

/// Parses `skip`, `fail` or `quarantine=PATH`.
pub fn parse_on_error(s: &str) -> std::result::Result<OnError, String> {
    match s {
        "skip" => Ok(OnError::Skip),
        "fail" => Ok(OnError::Fail),
        _ => match s.strip_prefix("quarantine=") {
            Some(p) if !p.is_empty() => Ok(OnError::Quarantine(PathBuf::from(p))),
            _ => Err(format!("'{s}' is not skip, fail or quarantine=PATH")),
        },
    }
}

/// The open quarantine file.
pub struct Quarantine {
    path: PathBuf,
    w: csv::Writer<Box<dyn Write>>,
}

impl std::fmt::Debug for Quarantine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Quarantine({})", self.path.display())
    }
}

fn werr(path: &std::path::Path, e: impl std::fmt::Display) -> Error {
    Error::Write { path: path.to_path_buf(), source: std::io::Error::other(e.to_string()) }
}

impl Quarantine {
    /// Creates the file (`config` has made sure it is not an input).
    pub fn create(path: PathBuf) -> Result<Quarantine> {
        let f = std::fs::File::create(&path).map_err(|e| Error::Write { path: path.clone(), source: e })?;
        let mut w = csv::Writer::from_writer(Box::new(std::io::BufWriter::new(f)) as Box<dyn Write>);
        w.write_record(["source", "line", "reason", "message", "row"]).map_err(|e| werr(&path, e))?;
        Ok(Quarantine { path, w })
    }

    pub fn write(&mut self, source: &str, line: u64, rej: &Rejection, row: &str) -> Result<()> {
        let line = line.to_string();
        self.w
            .write_record([source, &line, rej.reason.code(), &rej.message, row])
            .map_err(|e| werr(&self.path, e))
    }

    pub fn finish(mut self) -> Result<()> {
        self.w.flush().map_err(|e| Error::Write { path: self.path.clone(), source: e })
    }
}

/// A row's values joined by commas, for rows a reader built itself.
pub fn render(row: &RawRow<'_>) -> String {
    let cells: Vec<String> = row
        .fields
        .iter()
        .map(|f| match f {
            Field::Null => String::new(),
            Field::Text(t) => (*t).to_string(),
            Field::Int(i) => i.to_string(),
            Field::Bool(b) => b.to_string(),
            Field::Instant(us) => crate::schema::timestamp::format_in(*us, chrono_tz::UTC),
            Field::Local(us) => us.to_string(),
            Field::Other(x) => x.to_string(),
        })
        .collect();
    cells.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_error_values() {
        assert_eq!(parse_on_error("skip"), Ok(OnError::Skip));
        assert_eq!(parse_on_error("fail"), Ok(OnError::Fail));
        assert_eq!(parse_on_error("quarantine=bad.csv"), Ok(OnError::Quarantine("bad.csv".into())));
        assert!(parse_on_error("quarantine=").is_err());
        assert!(parse_on_error("drop").is_err());
    }
}
