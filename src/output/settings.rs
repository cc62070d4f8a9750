//! Typed output settings, built once from `cli::output_args::OutputArgs`
//! (`config` calls `OutputSettings::from_args`): render options, the
//! chosen metric columns. May not read data or write anything.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::{ReportArgs, ReportFormat};
use crate::error::{Error, Result};
use crate::metrics;

use super::{OutputFormat, RenderOptions};

/// The output format of a `--format` value.
pub fn format_of(f: ReportFormat) -> OutputFormat {
    match f {
        ReportFormat::Table => OutputFormat::Table,
        ReportFormat::Csv => OutputFormat::Csv,
        ReportFormat::Json => OutputFormat::Json,
        ReportFormat::Tsv => OutputFormat::Tsv,
        ReportFormat::Ndjson => OutputFormat::Ndjson,
        ReportFormat::Markdown => OutputFormat::Markdown,
        ReportFormat::Parquet => OutputFormat::Parquet,
        ReportFormat::Xlsx => OutputFormat::Xlsx,
    }
}

/// What `OutputArgs` asked for, validated.
#[derive(Debug, Clone)]
pub struct OutputSettings {
    pub precision: Option<usize>,
    pub header: bool,
    pub csv_safe: bool,
    /// Metric column ids to keep, in this order; `None` = all, registry order.
    pub columns: Option<Vec<&'static str>>,
    /// Where the report goes; `None` = stdout.
    pub output: Option<PathBuf>,
}

impl OutputSettings {
    /// Validates the output flags of `callstat report`.
    pub fn from_args(r: &ReportArgs) -> Result<Self> {
        let a = &r.out;
        let format = format_of(r.format);
        if format.is_binary() && r.output.is_none() && std::io::stdout().is_terminal() {
            return Err(Error::BinaryToTerminal { format: format.extension() });
        }
        let output = r.output.clone();
        let columns = a.columns.as_ref().map(|ids| metric_ids(ids)).transpose()?;
        Ok(OutputSettings {
            precision: a.precision.map(usize::from),
            header: !a.no_header,
            csv_safe: a.csv_safe,
            columns,
            output,
        })
    }

    /// The renderer options, with `--totals` from the report flags.
    pub fn render_options(&self, totals: bool) -> RenderOptions {
        RenderOptions { totals, precision: self.precision, header: self.header, csv_safe: self.csv_safe }
    }
}

/// All metric ids, comma-separated, for error messages.
pub fn valid_ids() -> String {
    metrics::ALL.iter().map(|m| m.id).collect::<Vec<_>>().join(", ")
}

/// Resolves `--columns` ids against the registry.
fn metric_ids(ids: &[String]) -> Result<Vec<&'static str>> {
    let mut out: Vec<&'static str> = Vec::new();
    for raw in ids {
        let id = raw.trim();
        let m = metrics::find(id)
            .ok_or_else(|| Error::UnknownColumn { id: id.to_string(), valid: valid_ids() })?;
        if out.contains(&m.id) {
            return Err(Error::Usage(format!("--columns: '{id}' is given twice")));
        }
        out.push(m.id);
    }
    if out.is_empty() {
        return Err(Error::Usage(format!("--columns: name at least one metric id: {}", valid_ids())));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_resolve_in_order() {
        let ids = vec!["service_level".to_string(), " offered".to_string()];
        assert_eq!(metric_ids(&ids).unwrap(), vec!["service_level", "offered"]);
        let err = metric_ids(&["sl".to_string()]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("service_level"), "{err}");
        assert!(metric_ids(&["offered".into(), "offered".into()]).is_err());
    }
}
