//! `callstat report`: load the inputs (`pipeline::load`), keep the
//! `--since`/`--until` window, aggregate, build the report, write it
//! (`pipeline::emit`) and then check the `--fail-if` rules.

use std::io::Write;

use super::pipeline;
use crate::config::ReportConfig;
use crate::dataset::{Accounting, Calls};
use crate::error::{Error, Result};
use crate::metrics::Agg;
use crate::report::check;
use crate::report::compute::compute;
use crate::report::model::{Report, Settings, WindowNote};
use crate::report::select::select_metrics;
use crate::schema::timestamp::format_in;
use crate::window::{self, Window};

pub fn run(cfg: &ReportConfig, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<()> {
    let loaded = pipeline::load(&cfg.load, stderr)?;
    produce(cfg, &loaded.calls, loaded.accounting, stdout, stderr)
}

/// One report from loaded calls, written; breaches come back as
/// `Error::Breach` after the write.
pub fn produce(
    cfg: &ReportConfig,
    calls: &Calls,
    accounting: Accounting,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<()> {
    let (report, breaches) = build(cfg, calls, accounting)?;
    pipeline::warn_empty_window(&report, stderr)?;
    pipeline::emit(&report, &cfg.out.emit, stdout)?;
    if breaches.is_empty() { Ok(()) } else { Err(Error::Breach(check::describe(&breaches))) }
}

/// The report of loaded calls (window, aggregation, `--compare`, `--sort`,
/// `--top`, `--columns`) and the `--fail-if` breaches, without writing
/// anything.
pub fn build(
    cfg: &ReportConfig,
    calls: &Calls,
    accounting: Accounting,
) -> Result<(Report, Vec<check::Breach>)> {
    let mut report = figures(cfg, calls, accounting.clone(), cfg.out.clock.window)?;
    let breaches = check::breaches(&report, &cfg.out.fail_if, &cfg.targets);
    if let Some(ids) = &cfg.out.columns {
        select_metrics(&mut report, ids);
    }
    if let Some(earlier) = cfg.out.compare {
        let mut previous = figures(cfg, calls, accounting, earlier)?;
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

/// The report's figures for the calls that arrived in window `w`.
fn figures(cfg: &ReportConfig, calls: &Calls, accounting: Accounting, w: Window) -> Result<Report> {
    // A window filters a copy; without one the loaded calls are used as
    // they are (`callstat run` shares them between reports).
    let mut calls = std::borrow::Cow::Borrowed(calls);
    let outside = if w.is_set() { window::retain(calls.to_mut(), &w) } else { 0 };
    let aggs: Vec<Agg> = cfg.metrics.iter().flat_map(|i| i.formula.aggs()).collect();
    let mut computed = compute(&calls, &cfg.grouping(), &cfg.rules, &aggs)?;
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
            outside,
        }),
        order: None,
        compare: None,
        title: cfg.out.title.clone(),
    };
    Ok(Report::build(&cfg.dims, cfg.metrics.clone(), &computed, settings, accounting))
}
