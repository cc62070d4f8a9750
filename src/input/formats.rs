//! Every input format, described once: its `--input-format` name and help,
//! the file extensions that select it, the content sniff that recognises
//! it, whether it carries extra columns (`--by NAME`), and its reader.
//! Adding a format is a reader file and a row here (plus its `mod` line).

use std::io::BufRead;
use std::path::Path;

use super::settings::InputSettings;
use super::sniff::Sniffed;
use crate::dataset::Loader;
use crate::error::Result;

/// What a reader says about a source, for `inspect` (label, text).
pub type Details = Vec<(&'static str, String)>;

/// Named sources, each an un-gzipped byte stream.
pub type Sources = Vec<(String, Box<dyn std::io::Read>)>;

/// How a format's reader takes its input.
#[derive(Clone, Copy)]
pub enum Reader {
    /// One byte stream (un-gzipped) at a time.
    Stream(fn(&str, Box<dyn BufRead + Send>, &InputSettings, &mut Loader) -> Result<Details>),
    /// A file path (random access; not stdin).
    Path(fn(&str, &Path, &InputSettings, &mut Loader) -> Result<Details>),
    /// Every input of the format at once, at the first one's place (a
    /// record's latest version may be in another file).
    Together(fn(Sources, &InputSettings, &mut Loader) -> Result<Details>),
}

/// The format of one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
    QueueLog,
    AsteriskCdr,
    AmazonConnect,
}

/// One format's row of the table.
pub struct FormatDef {
    pub format: Format,
    /// The `--input-format` spelling.
    pub name: &'static str,
    pub help: &'static str,
    /// Lower-case extensions (after an optional `.gz`) that select it.
    pub extensions: &'static [&'static str],
    /// The sniff result of a file's first bytes that selects it.
    pub sniffed: Option<Sniffed>,
    /// It has columns beyond the canonical ones (`--by NAME`, `--fcr-key NAME`).
    pub extra_columns: bool,
    pub reader: Reader,
}

pub const FORMATS: &[FormatDef] = &[
    FormatDef {
        format: Format::Csv,
        name: "csv",
        help: "CSV in the canonical schema (or mapped)",
        extensions: &["csv", "tsv", "txt"],
        sniffed: None,
        extra_columns: true,
        reader: Reader::Stream(super::csv::read),
    },
    FormatDef {
        format: Format::Parquet,
        name: "parquet",
        help: "Parquet in the canonical schema",
        extensions: &["parquet", "pq"],
        sniffed: None,
        extra_columns: true,
        reader: Reader::Path(|name, path, s, loader| {
            super::parquet::read(name, path, &s.mapping, &s.extra, loader)
        }),
    },
    FormatDef {
        format: Format::QueueLog,
        name: "asterisk-queue-log",
        help: "Asterisk queue_log: `epoch|uniqueid|queue|agent|EVENT|data...` or its DB dump CSV",
        extensions: &[],
        sniffed: Some(Sniffed::QueueLog),
        extra_columns: false,
        reader: Reader::Stream(|name, r, s, loader| super::queue_log::read(name, r, s, loader)),
    },
    FormatDef {
        format: Format::AsteriskCdr,
        name: "asterisk-cdr",
        help: "Asterisk cdr-csv Master.csv (headerless)",
        extensions: &[],
        sniffed: Some(Sniffed::MasterCsv),
        extra_columns: false,
        reader: Reader::Stream(|name, r, s, loader| super::asterisk_cdr::read(name, r, s, loader)),
    },
    FormatDef {
        format: Format::AmazonConnect,
        name: "amazon-connect",
        help: "Amazon Connect contact trace records: JSON lines or a JSON array",
        extensions: &["json", "jsonl", "ndjson"],
        sniffed: Some(Sniffed::Json),
        extra_columns: false,
        reader: Reader::Together(read_ctr),
    },
];

fn read_ctr(
    sources: Vec<(String, Box<dyn std::io::Read>)>,
    s: &InputSettings,
    loader: &mut Loader,
) -> Result<Details> {
    let several = sources.len() > 1;
    let names: Vec<String> = sources.iter().map(|(n, _)| n.clone()).collect();
    super::connect::read(sources, &s.mapping, loader)?;
    let mut details =
        vec![("records", "JSON contact records; latest LastUpdateTimestamp per ContactId".to_string())];
    if several {
        details.push(("read together", names.join(", ")));
    }
    Ok(details)
}

/// The table row of a format.
pub fn def(f: Format) -> &'static FormatDef {
    FORMATS.iter().find(|d| d.format == f).unwrap_or(&FORMATS[0])
}

const fn choices() -> [(&'static str, Format, &'static str); FORMATS.len()] {
    let mut out = [("", Format::Csv, ""); FORMATS.len()];
    let mut i = 0;
    while i < FORMATS.len() {
        out[i] = (FORMATS[i].name, FORMATS[i].format, FORMATS[i].help);
        i += 1;
    }
    out
}

impl crate::choice::Choice for Format {
    const WHAT: &'static str = "input format";
    const CHOICES: &'static [(&'static str, Self, &'static str)] = &choices();
}
crate::choice::choice_str!(Format);

impl Format {
    /// The `--input-format` spelling.
    pub fn name(self) -> &'static str {
        def(self).name
    }

    /// The format an extension selects (lower case, without a `.gz`).
    pub fn of_extension(ext: &str) -> Option<Format> {
        FORMATS.iter().find(|d| d.extensions.contains(&ext)).map(|d| d.format)
    }

    /// The format a content sniff selects.
    pub fn of_sniff(s: Sniffed) -> Option<Format> {
        FORMATS.iter().find(|d| d.sniffed == Some(s)).map(|d| d.format)
    }
}
