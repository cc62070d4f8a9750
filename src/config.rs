//! Typed, validated settings per command, built once from the parsed
//! command line. Everything after this point takes these, never raw flags.
//! May not compute anything over data.

use std::path::PathBuf;

use chrono_tz::Tz;

use crate::cli::{GenerateArgs, MetricsArgs, MetricsFormat, ReportArgs};

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
use crate::input::{self, Input};
use crate::metrics::preset::Preset;
use crate::metrics::select::{Selection, instances};
use crate::metrics::{AbandonFormula, Boundary, FcrScope, Instance, Rules};
use crate::output::OutputFormat;
use crate::output::settings::{self, OutputSettings};
use crate::report::compute::Grouping;
use crate::settings_file::{self, SettingsFile};
use crate::values::{Attribution, Dim, Interval};
use crate::values::{ScoreRange, Seconds, SecondsList};

/// Settings of `callstat report`.
#[derive(Debug, Clone)]
pub struct ReportConfig {
    pub inputs: Vec<Input>,
    pub input: input::settings::InputSettings,
    pub dims: Vec<Dim>,
    /// Input columns used as keys or as the FCR key, by `Dim::Extra` index.
    pub extra_names: Vec<String>,
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
    pub out: OutputSettings,
}

impl ReportConfig {
    pub fn from_args(a: ReportArgs) -> Result<Self> {
        let forced = input::settings::forced_format(a.input_format);
        let file = settings_file::load(a.rules.config.as_deref())?;
        let (mut rules, attribution) = rules_from(&a.rules, file.as_ref())?;
        rules.interval_s = (a.interval.0).0;
        let mut metrics = instances(&a.rules.metrics, &rules);
        if a.rules.metrics == Selection::default() {
            let outbound: Vec<Instance> =
                ["outbound_attempts", "outbound_connected", "outbound_talk_s", "outbound_aht_s"]
                    .iter()
                    .filter_map(|id| crate::metrics::find(id))
                    .map(|def| Instance {
                        def,
                        id: def.id.to_string(),
                        label: def.label.to_string(),
                        formula: (def.formula)(&rules),
                    })
                    .collect();
            if a.rules.direction == crate::cli::DirectionArg::Outbound {
                metrics = outbound;
            } else if a.by.0.contains(&Dim::Direction) {
                metrics.extend(outbound);
            }
        }
        let out = OutputSettings::from_args(&a)?;
        let inputs = input::resolve(&a.files, forced)?;
        let mut extra_names = a.by.1.clone();
        if let Some(key) = &a.rules.fcr_key
            && !key.eq_ignore_ascii_case("caller")
        {
            let k = match extra_names.iter().position(|e| e.eq_ignore_ascii_case(key)) {
                Some(k) => k,
                None => {
                    extra_names.push(key.clone());
                    extra_names.len() - 1
                }
            };
            rules.fcr_key = Some(k);
        }
        let mut input = input::settings::build(&a.input, a.input_tz)?;
        input.extra = extra_names.clone();
        Ok(ReportConfig {
            input,
            inputs,
            extra_names,
            dims: a.by.0,
            interval: a.interval,
            rules,
            attribution,
            preset: a.rules.preset,
            metrics,
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

impl ReportConfig {
    pub fn grouping(&self) -> Grouping {
        Grouping { dims: self.dims.clone(), interval_s: (self.interval.0).0 }
    }
}

fn enum_value<T>(file: &SettingsFile, key: &str, v: &str, options: &[(&str, T)]) -> Result<T>
where
    T: Copy,
{
    options.iter().find(|(n, _)| *n == v.trim()).map(|(_, t)| *t).ok_or_else(|| Error::BadFile {
        path: file.path.display().to_string(),
        message: format!(
            "{key}: unknown value '{v}'; use {}",
            options.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
        ),
    })
}

/// Builds the metric rules: defaults, then the preset, then the settings
/// file, then explicit flags.
pub fn rules_from(a: &RuleArgs, file: Option<&SettingsFile>) -> Result<(Rules, Attribution)> {
    let d = file.map(|f| f.defaults.clone()).unwrap_or_default();
    let empty = SettingsFile::default();
    let f = file.unwrap_or(&empty);
    let mut rules = Rules::default();
    let mut attribution = Attribution::Arrival;
    let preset = match (a.preset, &d.preset) {
        (Some(p), _) => Some(p),
        (None, Some(p)) => Some(settings_file::parse::<Preset>(f, "preset", p)?),
        (None, None) => None,
    };
    if let Some(p) = preset {
        attribution = p.apply(&mut rules);
    }
    let short = match (a.short_abandon, &d.short_abandon) {
        (Some(s), _) => Some(s),
        (None, Some(s)) => Some(settings_file::parse::<Seconds>(f, "short_abandon", s)?),
        _ => None,
    };
    if let Some(s) = short {
        rules.short_abandon_s = s.0;
    }
    let thresholds = match (&a.sl_threshold, &d.sl_threshold) {
        (Some(l), _) => Some(l.clone()),
        (None, Some(l)) => Some(settings_file::parse::<SecondsList>(f, "sl_threshold", &l.joined())?),
        _ => None,
    };
    if let Some(list) = thresholds {
        let mut ts: Vec<i64> = Vec::new();
        for t in &list.0 {
            if !ts.contains(&t.0) {
                ts.push(t.0);
            }
        }
        rules.sl_thresholds_s = ts;
    }
    if let Some(v) = a
        .sl_formula
        .map(Ok)
        .or_else(|| d.sl_formula.as_ref().map(|v| settings_file::parse(f, "sl_formula", v)))
    {
        rules.sl_formula = v?;
    }
    let boundary = match (a.sl_boundary, &d.sl_boundary) {
        (Some(SlBoundaryArg::Le), _) => Some(Boundary::Le),
        (Some(SlBoundaryArg::Lt), _) => Some(Boundary::Lt),
        (None, Some(v)) => {
            Some(enum_value(f, "sl_boundary", v, &[("le", Boundary::Le), ("lt", Boundary::Lt)])?)
        }
        _ => None,
    };
    if let Some(b) = boundary {
        rules.sl_boundary = b;
    }
    let abandon = match (a.abandon_formula, &d.abandon_formula) {
        (Some(AbandonFormulaArg::ExcludeShort), _) => Some(AbandonFormula::ExcludeShort),
        (Some(AbandonFormulaArg::All), _) => Some(AbandonFormula::All),
        (None, Some(v)) => Some(enum_value(
            f,
            "abandon_formula",
            v,
            &[("exclude-short", AbandonFormula::ExcludeShort), ("all", AbandonFormula::All)],
        )?),
        _ => None,
    };
    if let Some(x) = abandon {
        rules.abandon_formula = x;
    }
    if let Some(v) = a
        .attribute_by
        .map(Ok)
        .or_else(|| d.attribute_by.as_ref().map(|v| settings_file::parse(f, "attribute_by", v)))
    {
        attribution = v?;
    }
    if let Some(v) = a
        .fcr_window
        .map(Ok)
        .or_else(|| d.fcr_window.as_ref().map(|v| settings_file::parse::<Seconds>(f, "fcr_window", v)))
    {
        rules.fcr_window_s = v?.0;
    }
    if let Some(v) = a
        .fcr_min_gap
        .map(Ok)
        .or_else(|| d.fcr_min_gap.as_ref().map(|v| settings_file::parse::<Seconds>(f, "fcr_min_gap", v)))
    {
        rules.fcr_min_gap_s = v?.0;
    }
    let scope = match (a.fcr_scope, &d.fcr_scope) {
        (Some(FcrScopeArg::AnyQueue), _) => Some(FcrScope::AnyQueue),
        (Some(FcrScopeArg::SameQueue), _) => Some(FcrScope::SameQueue),
        (None, Some(v)) => Some(enum_value(
            f,
            "fcr_scope",
            v,
            &[("any-queue", FcrScope::AnyQueue), ("same-queue", FcrScope::SameQueue)],
        )?),
        _ => None,
    };
    if let Some(x) = scope {
        rules.fcr_scope = x;
    }
    let censored = match (a.fcr_censored, &d.fcr_censored) {
        (Some(c), _) => Some(c == FcrCensoredArg::Exclude),
        (None, Some(v)) => Some(enum_value(f, "fcr_censored", v, &[("include", false), ("exclude", true)])?),
        _ => None,
    };
    if let Some(x) = censored {
        rules.fcr_exclude_censored = x;
    }
    if let Some(v) = a
        .csat_scale
        .map(Ok)
        .or_else(|| d.csat_scale.as_ref().map(|v| settings_file::parse::<ScoreRange>(f, "csat_scale", v)))
    {
        let r = v?;
        rules.csat_scale = (r.0, r.1);
    }
    let top = match (a.csat_top_box, &d.csat_top_box) {
        (Some(r), _) => Some(r),
        (None, Some(v)) => Some(settings_file::parse::<ScoreRange>(f, "csat_top_box", v)?),
        _ => None,
    };
    rules.csat_top = match top {
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
    if let Some(list) = &d.outcome {
        for o in list.joined().split(',') {
            let rule: crate::metrics::OutcomeRule = settings_file::parse(f, "outcome", o)?;
            rules.outcomes.insert(rule.0, rule.1);
        }
    }
    for rule in &a.outcome {
        rules.outcomes.insert(rule.0.clone(), rule.1);
    }
    for (q, qs) in &f.queues {
        if let Some(t) = &qs.sl_threshold {
            let t = settings_file::parse::<Seconds>(f, &format!("queues.{q}.sl_threshold"), t)?;
            rules.queue_sl.insert(q.clone(), t.0);
        }
    }
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
    /// Mapping, delimiter and log-format options.
    pub input: input::settings::InputSettings,
    /// Per-queue targets from the settings file: (share, seconds).
    pub queue_targets: std::collections::BTreeMap<String, (f64, i64)>,
}

impl StaffingConfig {
    pub fn from_args(a: crate::cli::StaffingArgs) -> Result<Self> {
        let forced = input::settings::forced_format(a.input_format);
        let rules = Rules { sl_thresholds_s: vec![a.target.within.0], ..Rules::default() };
        let mut queue_targets = std::collections::BTreeMap::new();
        if let Some(f) = settings_file::load(a.config.as_deref())? {
            for (q, qs) in &f.queues {
                if let Some(t) = &qs.target {
                    let t = settings_file::parse::<crate::cli::Target>(&f, &format!("queues.{q}.target"), t)?;
                    queue_targets.insert(q.clone(), (t.share, t.within.0));
                }
            }
        }
        let mut rules = rules;
        for (q, (_, t)) in &queue_targets {
            rules.queue_sl.insert(q.clone(), *t);
        }
        Ok(StaffingConfig {
            input: input::settings::build(&a.input, a.input_tz)?,
            queue_targets,
            inputs: input::resolve(&a.files, forced)?,
            interval: a.interval,
            tz: a.tz,
            input_tz: a.input_tz,
            format: settings::format_of(a.format),
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
#[derive(Debug, Clone)]
pub struct MetricsConfig {
    pub format: MetricsOutput,
    pub preset: Option<Preset>,
    /// Effective rules when a settings file is in use.
    pub effective: Option<(Rules, Attribution, PathBuf)>,
}

impl MetricsConfig {
    pub fn from_args(a: &MetricsArgs) -> Result<Self> {
        let format = match a.format {
            MetricsFormat::Table => MetricsOutput::Table,
            MetricsFormat::Json => MetricsOutput::Json,
            MetricsFormat::Markdown => MetricsOutput::Markdown,
        };
        let effective = match settings_file::load(a.config.as_deref())? {
            Some(f) => {
                let args = RuleArgs::default();
                let (rules, attribution) = rules_from(&args, Some(&f))?;
                Some((rules, attribution, f.path.clone()))
            }
            None => None,
        };
        Ok(MetricsConfig { format, preset: a.preset, effective })
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
