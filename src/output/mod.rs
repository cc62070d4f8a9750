//! Output formats: one `Renderer` per format, each in its own file, each
//! writing a `Report` to the sink it is given. All formats read the same
//! column list, so none can drift from the others. `write` sends the bytes
//! to stdout or, atomically, to a file.

pub mod atomic;
pub mod cdr_parquet;
pub mod csv;
pub mod escape;
pub mod html;
pub mod json;
pub mod markdown;
pub mod ndjson;
pub mod parquet;
pub mod stderr;
pub mod table;
pub mod tsv;
pub mod xlsx;

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::metrics::Unit;
use crate::report::Report;
use crate::report::model::Kind;

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Csv,
    Json,
    Tsv,
    Ndjson,
    Markdown,
    Parquet,
    Xlsx,
    Html,
}

impl crate::choice::Choice for OutputFormat {
    const WHAT: &'static str = "output format";
    const CHOICES: &'static [(&'static str, Self, &'static str)] = &[
        ("table", OutputFormat::Table, "A human table with units (1:23, 87.5%) and a TOTAL row"),
        ("csv", OutputFormat::Csv, "Raw numbers: seconds with 3 decimals, ratios as 0..1 with 6 decimals"),
        (
            "json",
            OutputFormat::Json,
            "{\"meta\": settings, definitions and row accounting, \"rows\": [...], \"total\": {...}}",
        ),
        (
            "tsv",
            OutputFormat::Tsv,
            "Like csv, tab-separated; tabs and line breaks inside cells become spaces",
        ),
        ("ndjson", OutputFormat::Ndjson, "One JSON object per row and line, raw numbers as in json"),
        (
            "markdown",
            OutputFormat::Markdown,
            "A GitHub-flavoured Markdown table in human units, with the TOTAL row and footer",
        ),
        (
            "parquet",
            OutputFormat::Parquet,
            "Typed Parquet (UTC timestamps for instants, dates for days and weeks, String keys, Int64 counts, Float64 seconds and ratios); needs -o or a pipe",
        ),
        (
            "xlsx",
            OutputFormat::Xlsx,
            "An Excel workbook: typed, formatted cells and a sheet of definitions; needs -o or a pipe",
        ),
        (
            "html",
            OutputFormat::Html,
            "One self-contained HTML page: tables plus inline SVG charts, no scripts or network",
        ),
    ];
}
crate::choice::choice_str!(OutputFormat);

impl OutputFormat {
    /// Binary formats are never written to a terminal.
    pub fn is_binary(self) -> bool {
        matches!(self, OutputFormat::Parquet | OutputFormat::Xlsx)
    }

    /// The format a file extension stands for (`.txt` is the table).
    pub fn of_extension(ext: &str) -> Option<OutputFormat> {
        let ext = ext.to_ascii_lowercase();
        let all = <OutputFormat as crate::choice::Choice>::all();
        all.into_iter().find(|f| f.extension() == ext || (ext == "markdown" && *f == OutputFormat::Markdown))
    }

    /// The usual file extension, also `{format}` in `-o` templates.
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Table => "txt",
            OutputFormat::Csv => "csv",
            OutputFormat::Json => "json",
            OutputFormat::Tsv => "tsv",
            OutputFormat::Ndjson => "ndjson",
            OutputFormat::Markdown => "md",
            OutputFormat::Parquet => "parquet",
            OutputFormat::Xlsx => "xlsx",
            OutputFormat::Html => "html",
        }
    }
}

/// Writes a report in one format.
pub trait Renderer {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()>;
}

/// Options that change what renderers write.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// Add the TOTAL row to csv, tsv and ndjson.
    pub totals: bool,
    /// Decimals of non-count numbers in machine formats; `None` = the unit's default.
    pub precision: Option<usize>,
    /// Write the header line (csv, tsv); off with `--no-header`.
    pub header: bool,
    /// Prefix formula-like text cells with `'` (csv, tsv).
    pub csv_safe: bool,
    /// Service-level target drawn in html charts (0..1).
    pub sl_target: f64,
    /// Numbers with a decimal comma, csv fields separated by `;` (csv, tsv).
    pub decimal_comma: bool,
    /// Widest table line (table); `None` = no limit.
    pub width: Option<usize>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            totals: false,
            precision: None,
            header: true,
            csv_safe: false,
            sl_target: 0.8,
            decimal_comma: false,
            width: None,
        }
    }
}

/// The renderer for a format.
pub fn renderer(format: OutputFormat, opts: RenderOptions) -> Box<dyn Renderer> {
    match format {
        OutputFormat::Table => Box::new(table::Table { width: opts.width }),
        OutputFormat::Csv => Box::new(csv::Csv { opts }),
        OutputFormat::Json => Box::new(json::Json { opts }),
        OutputFormat::Tsv => Box::new(tsv::Tsv { opts }),
        OutputFormat::Ndjson => Box::new(ndjson::Ndjson { opts }),
        OutputFormat::Markdown => Box::new(markdown::Markdown),
        OutputFormat::Parquet => Box::new(parquet::Parquet { opts }),
        OutputFormat::Xlsx => Box::new(xlsx::Xlsx),
        OutputFormat::Html => Box::new(html::Html { opts }),
    }
}

/// The unit of a column, `None` for keys.
pub fn unit_of(kind: Kind) -> Option<Unit> {
    match kind {
        Kind::Key => None,
        Kind::Metric(u) => Some(u),
    }
}

/// Renders to `path` (atomically: a temporary file in the same folder,
/// then a rename) or to `stdout`.
pub fn write(report: &Report, r: &dyn Renderer, path: Option<&Path>, stdout: &mut dyn Write) -> Result<()> {
    match path {
        None => {
            r.render(report, stdout)?;
            stdout.flush()?;
            Ok(())
        }
        Some(p) => atomic::write_with(p, |w| r.render(report, w))
            .map_err(|e| Error::Write { path: p.to_path_buf(), source: e }),
    }
}
