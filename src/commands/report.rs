//! `callstat report`: read the inputs once on the streaming engine
//! (`pipeline::aggregate`: the `--since`/`--until` window, and the
//! `--compare` window, applied as calls stream by), build the report, write
//! it (`pipeline::emit`) and then check the `--fail-if` rules.

use std::io::Write;

use super::pipeline;
use crate::config::ReportConfig;
use crate::dataset::Accounting;
use crate::engine::ReportSpec;
use crate::error::{Error, Result};
use crate::metrics::Agg;
use crate::report::check;
use crate::report::compute::Computed;
use crate::report::model::{Report, Settings, WindowNote};
use crate::report::select::select_metrics;
use crate::schema::timestamp::format_in;
use crate::window::Window;

pub fn run(cfg: &ReportConfig, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<()> {
    let (computed, accounting) = pipeline::aggregate(&cfg.load, &specs(cfg), stderr)?;
    let mut figures = computed.into_iter();
    let now = figures.next().unwrap_or_default();
    produce(cfg, now, figures.next(), accounting, stdout, stderr)
}

/// What the engine computes for one report: its window's figures, then,
/// with `--compare`, the earlier window's.
pub fn specs(cfg: &ReportConfig) -> Vec<ReportSpec> {
    let aggs: Vec<Agg> = cfg.metrics.iter().flat_map(|i| i.formula.aggs()).collect();
    let spec = |window: Window| ReportSpec {
        grouping: cfg.grouping(),
        rules: cfg.rules.clone(),
        aggs: aggs.clone(),
        window,
    };
    let mut out = vec![spec(cfg.out.clock.window)];
    out.extend(cfg.out.compare.map(spec));
    out
}

/// One report from its figures, written; breaches come back as
/// `Error::Breach` after the write.
pub fn produce(
    cfg: &ReportConfig,
    computed: Computed,
    previous: Option<Computed>,
    accounting: Accounting,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<()> {
    let (report, breaches) = build(cfg, computed, previous, accounting)?;
    pipeline::warn_empty_window(&report, stderr)?;
    pipeline::emit(&report, &cfg.out.emit, stdout)?;
    if breaches.is_empty() { Ok(()) } else { Err(Error::Breach(check::describe(&breaches))) }
}

/// The report of computed figures (`--fill`, `--compare`, `--sort`,
/// `--top`, `--columns`) and the `--fail-if` breaches, without writing
/// anything.
pub fn build(
    cfg: &ReportConfig,
    computed: Computed,
    previous: Option<Computed>,
    accounting: Accounting,
) -> Result<(Report, Vec<check::Breach>)> {
    let mut report = figures(cfg, computed, accounting.clone(), cfg.out.clock.window)?;
    let breaches = check::breaches(&report, &cfg.out.fail_if, &cfg.targets);
    if let Some(ids) = &cfg.out.columns {
        select_metrics(&mut report, ids);
    }
    if let (Some(earlier), Some(before)) = (cfg.out.compare, previous) {
        let mut previous = figures(cfg, before, accounting, earlier)?;
        if let Some(ids) = &cfg.out.columns {
            select_metrics(&mut previous, ids);
        }
        let shown = |t: Option<i64>| t.map_or("(open)".to_string(), |t| format_in(t, cfg.tz));
        let note = format!("compared with {} .. {}", shown(earlier.since), shown(earlier.until));
        crate::report::compare::merge(&mut report, &previous, note);
    }
    report.settings.order =
        crate::report::order::order(&mut report, cfg.out.sort.as_ref(), cfg.out.top).map_err(Error::Usage)?;
    Ok((report, breaches))
}

/// The report of the figures of window `w`.
fn figures(cfg: &ReportConfig, mut computed: Computed, accounting: Accounting, w: Window) -> Result<Report> {
    if cfg.fill {
        crate::report::fill::fill(&mut computed, &cfg.dims, (cfg.interval.0).0, cfg.tz, &w)
            .map_err(Error::Usage)?;
    }
    let settings = Settings {
        by: cfg.by(),
        interval: cfg.interval.to_string(),
        tz: cfg.tz,
        input_tz: cfg.load.input.input_tz,
        rules: cfg.rules.clone(),
        attribution: cfg.attribution,
        preset: cfg.preset.map(|p| p.name()),
        extra_names: cfg.extra_names.clone(),
        inputs: cfg.load.inputs.iter().map(|i| i.name()).collect(),
        window: w.is_set().then(|| WindowNote {
            since: w.since.map(|t| format_in(t, cfg.tz)),
            until: w.until.map(|t| format_in(t, cfg.tz)),
            outside: computed.outside,
        }),
        order: None,
        compare: None,
        title: cfg.out.title.clone(),
    };
    Ok(Report::build(&cfg.dims, cfg.metrics.clone(), &computed, settings, accounting))
}
