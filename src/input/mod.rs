//! Turns the FILES arguments into sources (paths, expanded globs, stdin),
//! decides each one's format, and feeds their rows to a `Loader`.
//!
//! Readers hand over raw values only; validation and typing belong to
//! `schema` and `dataset`.

pub mod csv;
pub mod parquet;

use std::path::PathBuf;

use crate::dataset::Loader;
use crate::error::{Error, Result};

/// The format of one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
}

/// One input: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stdin,
    Path(PathBuf),
}

/// A source with its format decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub source: Source,
    pub format: Format,
}

impl Input {
    /// The name used in messages: the path as given, or `<stdin>`.
    pub fn name(&self) -> String {
        match &self.source {
            Source::Stdin => "<stdin>".to_string(),
            Source::Path(p) => p.display().to_string(),
        }
    }
}

fn format_of(path: &std::path::Path, forced: Option<Format>) -> Result<Format> {
    if let Some(f) = forced {
        return Ok(f);
    }
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => Ok(Format::Csv),
        Some("parquet" | "pq") => Ok(Format::Parquet),
        _ => Err(Error::UnknownFormat { path: path.display().to_string() }),
    }
}

/// Expands the FILES arguments in order: `-` is stdin (CSV), a pattern with
/// `*`, `?` or `[` is a glob (its matches sorted), anything else a path
/// that must exist.
pub fn resolve(args: &[String], forced: Option<Format>) -> Result<Vec<Input>> {
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            if forced == Some(Format::Parquet) {
                return Err(Error::Usage(
                    "stdin (-) is read as CSV only; write the Parquet data to a file and pass its path"
                        .into(),
                ));
            }
            out.push(Input { source: Source::Stdin, format: Format::Csv });
            continue;
        }
        let paths: Vec<PathBuf> = if arg.contains(['*', '?', '[']) {
            let matches = glob::glob(arg)
                .map_err(|e| Error::BadGlob { pattern: arg.clone(), reason: e.msg.to_string() })?;
            let mut v: Vec<PathBuf> = matches.filter_map(|m| m.ok()).filter(|p| p.is_file()).collect();
            v.sort();
            if v.is_empty() {
                return Err(Error::EmptyGlob { pattern: arg.clone() });
            }
            v
        } else {
            let p = PathBuf::from(arg);
            if !p.is_file() {
                return Err(Error::MissingFile { path: arg.clone() });
            }
            vec![p]
        };
        for p in paths {
            let format = format_of(&p, forced)?;
            out.push(Input { source: Source::Path(p), format });
        }
    }
    Ok(out)
}

/// Reads every input, in order, into the loader.
pub fn load(inputs: &[Input], loader: &mut Loader) -> Result<()> {
    for input in inputs {
        let name = input.name();
        match (&input.source, input.format) {
            (Source::Stdin, _) => {
                let stdin = std::io::stdin();
                csv::read(&name, stdin.lock(), loader)?;
            }
            (Source::Path(p), Format::Csv) => {
                let f = std::fs::File::open(p).map_err(|e| Error::Read { path: name.clone(), source: e })?;
                csv::read(&name, std::io::BufReader::with_capacity(1 << 20, f), loader)?;
            }
            (Source::Path(p), Format::Parquet) => parquet::read(&name, p, loader)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_extension() {
        assert_eq!(format_of("a/b.CSV".as_ref(), None).unwrap(), Format::Csv);
        assert_eq!(format_of("a/b.parquet".as_ref(), None).unwrap(), Format::Parquet);
        assert!(format_of("a/b.txt".as_ref(), None).is_err());
        assert_eq!(format_of("a/b.txt".as_ref(), Some(Format::Csv)).unwrap(), Format::Csv);
    }

    #[test]
    fn missing_paths_and_empty_globs_are_errors() {
        let e = resolve(&["/nonexistent/x.csv".into()], None).unwrap_err();
        assert_eq!(e.exit_code(), 3);
        assert!(e.to_string().contains("/nonexistent/x.csv: no such file"));
        let e = resolve(&["/nonexistent/*.csv".into()], None).unwrap_err();
        assert!(e.to_string().contains("matched no files"));
    }
}
