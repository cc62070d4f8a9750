//! Turns the FILES arguments into sources (paths, expanded globs, stdin),
//! decides each one's format, and feeds their rows to a `Loader`.
//!
//! Readers hand over raw values only; validation and typing belong to
//! `schema` and `dataset`. Gzip is undone transparently (by magic bytes);
//! files with an unknown extension and CSV files whose content is an
//! Asterisk queue_log are recognised from their first line.

pub mod aliases;
pub mod asterisk_cdr;
pub mod connect;
pub mod csv;
pub mod formats;
pub mod limits;
pub mod mapping;
pub mod parquet;
pub mod parquet_guard;
pub mod parquet_pages;
pub mod plan;
pub mod queue_log;
pub mod settings;
pub mod sniff;
pub mod staged;
pub mod stints;

use std::io::BufRead;

use std::path::PathBuf;

use crate::dataset::Loader;
use crate::error::{Error, Result};
pub use formats::Format;
use formats::{Reader, def};

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
    let lower = path.to_string_lossy().to_ascii_lowercase();
    let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
    let ext = std::path::Path::new(lower).extension().and_then(|e| e.to_str());
    ext.and_then(Format::of_extension)
        // A FIFO or `/dev/stdin` can be read once only: not sniffed here;
        // `load` recognises a queue_log, Master.csv or JSON by its content.
        .or_else(|| is_stream(path).then_some(Format::Csv))
        .or_else(|| sniff_path(path).and_then(Format::of_sniff))
        .ok_or_else(|| Error::UnknownFormat { path: path.display().to_string() })
}

/// A path that names a stream rather than a file: a FIFO or device, or
/// `/dev/stdin`, `/dev/fd/N`, `/proc/self/fd/N` (a `<(...)`).
fn is_stream(path: &std::path::Path) -> bool {
    let p = path.to_string_lossy();
    p == "/dev/stdin"
        || p.starts_with("/dev/fd/")
        || p.starts_with("/proc/self/fd/")
        || std::fs::metadata(path).is_ok_and(|m| !m.is_file())
}

fn sniff_path(path: &std::path::Path) -> Option<sniff::Sniffed> {
    let f = std::fs::File::open(path).ok()?;
    let mut r = sniff::decompressed(f).ok()?;
    sniff::sniff(&mut r).ok()
}

/// Opens a source as a buffered, un-gzipped byte stream whose lines are
/// held to `limits::MAX_LINE` (`MAX_JSON_LINE` for contact records).
pub fn open(input: &Input) -> Result<Box<dyn BufRead + Send>> {
    let name = input.name();
    let r = match &input.source {
        Source::Stdin => sniff::decompressed(std::io::stdin()),
        Source::Path(p) => {
            let f = std::fs::File::open(p).map_err(|e| Error::Read { path: name.clone(), source: e })?;
            sniff::decompressed(f)
        }
    };
    let max = if input.format == Format::AmazonConnect { limits::MAX_JSON_LINE } else { limits::MAX_LINE };
    r.map(|r| Box::new(limits::LineLimit::new(r, max)) as Box<dyn BufRead + Send>)
        .map_err(|e| Error::Read { path: name, source: e })
}

impl Input {
    /// Whether `path` names the same file as this input (a quarantine file
    /// may not be one: it would be emptied before it is read).
    pub fn is_file(&self, path: &std::path::Path) -> bool {
        use std::os::unix::fs::MetadataExt;
        let Source::Path(p) = &self.source else { return false };
        match (std::fs::metadata(p), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
}

/// Expands the FILES arguments in order: `-` is stdin (CSV), a pattern with
/// `*`, `?` or `[` is a glob (its matches sorted; like the shell's, it does
/// not match names starting with `.`, such as `._name` resource forks, and
/// a folder it cannot read is an error), anything else a path that must
/// exist and is not a folder: a FIFO, `/dev/stdin` or a `<(...)` process
/// substitution is read as a stream.
pub fn resolve(args: &[String], forced: Option<Format>) -> Result<Vec<Input>> {
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            if let Some(f) = forced.filter(|f| matches!(def(*f).reader, Reader::Path(_))) {
                return Err(Error::Usage(format!(
                    "stdin (-) cannot be read as {}; write the data to a file and pass its path",
                    f.name()
                )));
            }
            out.push(Input { source: Source::Stdin, format: forced.unwrap_or(Format::Csv) });
            continue;
        }
        let paths: Vec<PathBuf> = if arg.contains(['*', '?', '[']) {
            let options = glob::MatchOptions { require_literal_leading_dot: true, ..Default::default() };
            let matches = glob::glob_with(arg, options)
                .map_err(|e| Error::BadGlob { pattern: arg.clone(), reason: e.msg.to_string() })?;
            let mut v = Vec::new();
            for m in matches {
                let p = m.map_err(|e| Error::Read {
                    path: format!("{} (matching {arg})", e.path().display()),
                    source: e.into(),
                })?;
                if p.is_file() {
                    v.push(p);
                }
            }
            v.sort();
            if v.is_empty() {
                return Err(Error::EmptyGlob { pattern: arg.clone() });
            }
            v
        } else {
            let p = PathBuf::from(arg);
            match std::fs::metadata(&p) {
                Ok(m) if !m.is_dir() => {}
                Ok(_) => {
                    return Err(Error::BadFile {
                        path: arg.clone(),
                        message: "is a folder; pass the files in it, or a quoted glob such as 'folder/*.csv'"
                            .into(),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                    return Err(Error::Read { path: arg.clone(), source: e });
                }
                Err(_) => return Err(Error::MissingFile { path: arg.clone() }),
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

/// What a reader found in one source, for `inspect`: the format and
/// `(what, detail)` lines such as the delimiter and the column plan.
#[derive(Debug, Clone)]
pub struct SourceInfo {
    pub name: String,
    pub format: Format,
    pub details: Vec<(&'static str, String)>,
    /// Rows read, accepted and rejected (invalid + duplicates) from this source.
    pub read: u64,
    pub accepted: u64,
    pub rejected: u64,
}

fn counts(l: &Loader) -> (u64, u64, u64) {
    let a = l.accounting();
    (a.read, a.accepted, a.invalid_total() + a.duplicates)
}

/// Reads every input, in order, into the loader, and says what it found.
pub fn load(
    inputs: &[Input],
    settings: &settings::InputSettings,
    loader: &mut Loader,
) -> Result<Vec<SourceInfo>> {
    let mut infos = Vec::new();
    let mut together_done: Vec<Format> = Vec::new();
    for input in inputs {
        let name = input.name();
        if let Source::Path(p) = &input.source
            && std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() == 0)
        {
            return Err(Error::BadFile {
                path: name,
                message: "the file is empty (0 bytes): no header, no rows; an export without calls still has its header line".into(),
            });
        }
        let mut format = input.format;
        let mut stream = None;
        if let Reader::Stream(_) = def(format).reader {
            let mut r = open(input)?;
            // A .csv file may hold a queue_log or a Master.csv.
            if format == Format::Csv {
                let sniffed =
                    sniff::sniff(&mut r).map_err(|e| Error::Read { path: name.clone(), source: e })?;
                format = Format::of_sniff(sniffed).unwrap_or(format);
            }
            stream = Some(r);
        }
        if !settings.extra.is_empty() && !def(format).extra_columns {
            return Err(Error::BadFile {
                path: name,
                message: format!(
                    "column '{}' (from --by or --fcr-key) exists only in CSV and Parquet inputs; this file is {}; map it with --map instead",
                    settings.extra[0],
                    format.name()
                ),
            });
        }
        let before = counts(loader);
        let details = match (def(format).reader, stream, &input.source) {
            (Reader::Stream(read), Some(r), _) => {
                if let (Source::Path(p), Format::Csv) = (&input.source, format)
                    && let Ok(meta) = std::fs::metadata(p)
                {
                    // Room for the rows up front (a canonical row is 60 to 130
                    // bytes, 117 on average in generated data).
                    loader.reserve((meta.len() / 100) as usize);
                }
                read(&name, r, settings, loader)?
            }
            (Reader::Path(read), _, Source::Path(p)) => read(&name, p, settings, loader)?,
            // JSON on stdin or a pipe, recognised by its content: read alone.
            (Reader::Together(read), Some(r), _) => {
                read(vec![(name.clone(), Box::new(r))], settings, loader)?
            }
            (Reader::Together(read), _, _) => {
                if together_done.contains(&format) {
                    continue;
                }
                together_done.push(format);
                let mut sources: Vec<(String, Box<dyn std::io::Read>)> = Vec::new();
                for i in inputs.iter().filter(|i| i.format == format) {
                    sources.push((i.name(), Box::new(open(i)?)));
                }
                read(sources, settings, loader)?
            }
            _ => {
                return Err(Error::Usage(format!(
                    "{name}: {} is read from a file, not from stdin; write it to a file and pass its path",
                    format.name()
                )));
            }
        };
        infos.push(info(name, format, details, before, counts(loader)));
    }
    Ok(infos)
}

fn info(
    name: String,
    format: Format,
    details: Vec<(&'static str, String)>,
    before: (u64, u64, u64),
    after: (u64, u64, u64),
) -> SourceInfo {
    SourceInfo {
        name,
        format,
        details,
        read: after.0 - before.0,
        accepted: after.1 - before.1,
        rejected: after.2 - before.2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_extension() {
        assert_eq!(format_of("a/b.CSV".as_ref(), None).unwrap(), Format::Csv);
        assert_eq!(format_of("a/b.parquet".as_ref(), None).unwrap(), Format::Parquet);
        assert_eq!(format_of("a/b.txt".as_ref(), None).unwrap(), Format::Csv);
        assert!(format_of("a/b.log".as_ref(), None).is_err());
        assert_eq!(format_of("a/b.log".as_ref(), Some(Format::Csv)).unwrap(), Format::Csv);
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
