//! Typed, validated settings per command, built once from the parsed
//! command line. Everything after this point takes these, never raw flags.
//! May not compute anything over data.

use std::path::PathBuf;

use chrono_tz::Tz;

use crate::cli::{GenerateArgs, InputFormat, MetricsArgs, MetricsFormat, ReportArgs, ReportFormat};

/// How `callstat metrics` prints the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricsOutput {
    Table,
    Json,
    Markdown,
}
use crate::cli::{AbandonFormulaArg, FcrCensoredArg, FcrScopeArg, RuleArgs, SlBoundaryArg};
use crate::error::Error;
use crate::error::Result;
use crate::input::{self, Format, Input};
use crate::metrics::preset::Preset;
use crate::metrics::select::{Selection, instances};
use crate::metrics::{AbandonFormula, Boundary, FcrScope, Instance, Rules};
use crate::output::OutputFormat;
use crate::report::compute::Grouping;
use crate::values::{Attribution, Dim, Interval};

/// Settings of `callstat report`.
#[derive(Debug, Clone)]
pub struct ReportConfig {
    pub inputs: Vec<Input>,
    pub dims: Vec<Dim>,
    pub interval: Interval,
    pub rules: Rules,
    pub attribution: Attribution,
    pub preset: Option<Preset>,
    /// The metric columns, in order.
    pub metrics: Vec<Instance>,
    pub tz: Tz,
    pub input_tz: Tz,
    pub format: OutputFormat,
    pub output: Option<PathBuf>,
    pub totals: bool,
    pub strict: bool,
}

impl ReportConfig {
    pub fn from_args(a: ReportArgs) -> Result<Self> {
        let forced = a.input_format.map(|f| match f {
            InputFormat::Csv => Format::Csv,
            InputFormat::Parquet => Format::Parquet,
        });
        let (rules, attribution) = rules_from(&a.rules)?;
        let metrics = instances(&a.rules.metrics, &rules);
        let inputs = input::resolve(&a.files, forced)?;
        Ok(ReportConfig {
            inputs,
            dims: a.by.0,
            interval: a.interval,
            rules,
            attribution,
            preset: a.rules.preset,
            metrics,
            tz: a.tz,
            input_tz: a.input_tz,
            format: match a.format {
                ReportFormat::Table => OutputFormat::Table,
                ReportFormat::Csv => OutputFormat::Csv,
                ReportFormat::Json => OutputFormat::Json,
            },
            output: a.output,
            totals: a.totals,
            strict: a.strict,
        })
    }
}

impl ReportConfig {
    pub fn grouping(&self) -> Grouping {
        Grouping { dims: self.dims.clone(), interval_s: (self.interval.0).0 }
    }
}

/// Builds the metric rules: defaults, then the preset, then explicit flags.
pub fn rules_from(a: &RuleArgs) -> Result<(Rules, Attribution)> {
    let mut rules = Rules::default();
    let mut attribution = Attribution::Arrival;
    if let Some(p) = a.preset {
        attribution = p.apply(&mut rules);
    }
    if let Some(s) = a.short_abandon {
        rules.short_abandon_s = s.0;
    }
    if let Some(list) = &a.sl_threshold {
        let mut ts: Vec<i64> = Vec::new();
        for t in &list.0 {
            if !ts.contains(&t.0) {
                ts.push(t.0);
            }
        }
        rules.sl_thresholds_s = ts;
    }
    if let Some(f) = a.sl_formula {
        rules.sl_formula = f;
    }
    if let Some(b) = a.sl_boundary {
        rules.sl_boundary = match b {
            SlBoundaryArg::Le => Boundary::Le,
            SlBoundaryArg::Lt => Boundary::Lt,
        };
    }
    if let Some(f) = a.abandon_formula {
        rules.abandon_formula = match f {
            AbandonFormulaArg::ExcludeShort => AbandonFormula::ExcludeShort,
            AbandonFormulaArg::All => AbandonFormula::All,
        };
    }
    if let Some(at) = a.attribute_by {
        attribution = at;
    }
    rules.fcr_window_s = a.fcr_window.0;
    rules.fcr_scope = match a.fcr_scope {
        FcrScopeArg::AnyQueue => FcrScope::AnyQueue,
        FcrScopeArg::SameQueue => FcrScope::SameQueue,
    };
    rules.fcr_exclude_censored = a.fcr_censored == FcrCensoredArg::Exclude;
    rules.csat_scale = (a.csat_scale.0, a.csat_scale.1);
    rules.csat_top = match a.csat_top_box {
        Some(r) => (r.0, r.1),
        None => match rules.csat_scale {
            (0, 10) => (9, 10),
            (lo, hi) => ((hi - 1).max(lo), hi),
        },
    };
    let (lo, hi) = rules.csat_scale;
    if rules.csat_top.0 < lo || rules.csat_top.1 > hi {
        return Err(Error::Usage(format!(
            "--csat-top-box {}..{} lies outside --csat-scale {lo}..{hi}",
            rules.csat_top.0, rules.csat_top.1
        )));
    }
    let _ = Selection::default();
    Ok((rules, attribution))
}

/// Settings of `callstat staffing`.
#[derive(Debug, Clone)]
pub struct StaffingConfig {
    pub inputs: Vec<Input>,
    pub interval: Interval,
    pub tz: Tz,
    pub input_tz: Tz,
    pub format: OutputFormat,
    pub output: Option<PathBuf>,
    pub strict: bool,
    /// Target share answered within `rules.sl_thresholds_s[0]`.
    pub target_share: f64,
    pub shrinkage: f64,
    pub max_occupancy: f64,
    pub rules: Rules,
}

impl StaffingConfig {
    pub fn from_args(a: crate::cli::StaffingArgs) -> Result<Self> {
        let forced = a.input_format.map(|f| match f {
            InputFormat::Csv => Format::Csv,
            InputFormat::Parquet => Format::Parquet,
        });
        let rules = Rules { sl_thresholds_s: vec![a.target.within.0], ..Rules::default() };
        Ok(StaffingConfig {
            inputs: input::resolve(&a.files, forced)?,
            interval: a.interval,
            tz: a.tz,
            input_tz: a.input_tz,
            format: match a.format {
                ReportFormat::Table => OutputFormat::Table,
                ReportFormat::Csv => OutputFormat::Csv,
                ReportFormat::Json => OutputFormat::Json,
            },
            output: a.output,
            strict: a.strict,
            target_share: a.target.share,
            shrinkage: a.shrinkage,
            max_occupancy: a.max_occupancy,
            rules,
        })
    }
}

/// Settings of `callstat metrics`.
#[derive(Debug, Clone, Copy)]
pub struct MetricsConfig {
    pub format: MetricsOutput,
    pub preset: Option<Preset>,
}

impl MetricsConfig {
    pub fn from_args(a: &MetricsArgs) -> Self {
        let format = match a.format {
            MetricsFormat::Table => MetricsOutput::Table,
            MetricsFormat::Json => MetricsOutput::Json,
            MetricsFormat::Markdown => MetricsOutput::Markdown,
        };
        MetricsConfig { format, preset: a.preset }
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
