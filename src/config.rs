//! Typed, validated settings per command, built once from the parsed
//! command line. Everything after this point takes these, never raw flags.
//! May not compute anything over data.

use std::path::PathBuf;

use chrono_tz::Tz;

use crate::cli::{GenerateArgs, InputFormat, MetricsArgs, MetricsFormat, ReportArgs};

/// How `callstat metrics` prints the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricsOutput {
    Table,
    Json,
    Markdown,
}
use crate::error::Result;
use crate::input::{self, Format, Input};
use crate::output::OutputFormat;
use crate::output::settings::{self, OutputSettings};
use crate::report::compute::Rules;
use crate::values::{Dim, Interval};

/// Settings of `callstat report`.
#[derive(Debug, Clone)]
pub struct ReportConfig {
    pub inputs: Vec<Input>,
    pub dims: Vec<Dim>,
    pub interval: Interval,
    pub rules: Rules,
    pub tz: Tz,
    pub input_tz: Tz,
    pub format: OutputFormat,
    pub output: Option<PathBuf>,
    pub totals: bool,
    pub strict: bool,
    pub out: OutputSettings,
}

impl ReportConfig {
    pub fn from_args(a: ReportArgs) -> Result<Self> {
        let forced = a.input_format.map(|f| match f {
            InputFormat::Csv => Format::Csv,
            InputFormat::Parquet => Format::Parquet,
        });
        let out = OutputSettings::from_args(&a)?;
        let inputs = input::resolve(&a.files, forced)?;
        Ok(ReportConfig {
            inputs,
            dims: a.by.0,
            interval: a.interval,
            rules: Rules {
                interval_s: (a.interval.0).0,
                short_abandon_s: a.short_abandon.0,
                sl_threshold_s: a.sl_threshold.0,
                fcr_window_s: a.fcr_window.0,
            },
            tz: a.tz,
            input_tz: a.input_tz,
            format: settings::format_of(a.format),
            output: out.output.clone(),
            totals: a.totals,
            strict: a.strict,
            out,
        })
    }
}

/// Settings of `callstat metrics`.
#[derive(Debug, Clone, Copy)]
pub struct MetricsConfig {
    pub format: MetricsOutput,
}

impl MetricsConfig {
    pub fn from_args(a: &MetricsArgs) -> Self {
        let format = match a.format {
            MetricsFormat::Table => MetricsOutput::Table,
            MetricsFormat::Json => MetricsOutput::Json,
            MetricsFormat::Markdown => MetricsOutput::Markdown,
        };
        MetricsConfig { format }
    }
}

/// Settings of `callstat generate`.
#[derive(Debug, Clone)]
pub struct GenerateConfig {
    pub spec: crate::generate::GenSpec,
    pub output: PathBuf,
    pub string_columns: bool,
}

impl GenerateConfig {
    pub fn from_args(a: GenerateArgs) -> Self {
        GenerateConfig {
            spec: crate::generate::GenSpec {
                rows: a.rows,
                days: a.days,
                seed: a.seed,
                start: a.start,
                tz: a.tz,
                dirty: a.dirty,
            },
            output: a.output,
            string_columns: a.string_columns,
        }
    }
}
