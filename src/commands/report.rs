//! `callstat report`: load the inputs, summarize rejected rows on stderr,
//! keep the `--since`/`--until` window, run the query, build the report,
//! write it in the chosen format and then check the `--fail-if` rules.

use std::io::Write;

use crate::config::ReportConfig;
use crate::dataset::{Accounting, Calls, Loader};
use crate::error::{Error, Result};
use crate::input;
use crate::metrics::Agg;
use crate::output;
use crate::report::check;
use crate::report::compute::compute;
use crate::report::model::{Report, Settings, WindowNote};
use crate::report::select::select_metrics;
use crate::schema::TzRules;
use crate::schema::timestamp::format_in;
use crate::values::Dims;
use crate::window;

pub fn run(cfg: &ReportConfig, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<()> {
    let (calls, accounting) = load(cfg, stderr)?;
    produce(cfg, &calls, accounting, stdout)
}

/// Reads and validates the inputs; the rejected-row summary goes to stderr.
pub fn load(cfg: &ReportConfig, stderr: &mut dyn Write) -> Result<(Calls, Accounting)> {
    let tz_rules = TzRules { input_tz: cfg.input_tz, csat_scale: cfg.rules.csat_scale };
    let mut loader = Loader::new(tz_rules, cfg.tz, cfg.attribution, cfg.strict || cfg.input.fail_on_error());
    cfg.input.prepare(&mut loader)?;
    loader.show_progress(cfg.out.quiet);
    loader.keep_extra(cfg.input.extra.len());
    input::load(&cfg.inputs, &cfg.input, &mut loader)?;
    loader.close_quarantine()?;
    let (calls, accounting) = loader.finish();
    if let Some(summary) = accounting.summary().filter(|_| !cfg.out.quiet) {
        stderr.write_all(summary.as_bytes())?;
    }
    Ok((calls, accounting))
}

/// One report from loaded calls: window, query, `--fail-if`, `--columns`,
/// then the write. Breaches come back as `Error::Breach` after the write.
pub fn produce(
    cfg: &ReportConfig,
    calls: &Calls,
    accounting: Accounting,
    stdout: &mut dyn Write,
) -> Result<()> {
    let (report, breaches) = build(cfg, calls, accounting)?;
    if let Some(dir) = cfg.output.as_deref().and_then(|p| p.parent()).filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::Write { path: dir.to_path_buf(), source: e })?;
    }
    let renderer = output::renderer(cfg.format, cfg.out.render_options(cfg.totals));
    output::write(&report, renderer.as_ref(), cfg.output.as_deref(), stdout)?;
    if breaches.is_empty() { Ok(()) } else { Err(Error::Breach(check::describe(&breaches))) }
}

/// The report of loaded calls (window, query, `--columns`) and the
/// `--fail-if` breaches, without writing anything.
pub fn build(
    cfg: &ReportConfig,
    calls: &Calls,
    accounting: Accounting,
) -> Result<(Report, Vec<check::Breach>)> {
    let w = cfg.out.window;
    // A window filters a copy; without one the loaded calls are used as
    // they are (`callstat run` shares them between reports).
    let mut calls = std::borrow::Cow::Borrowed(calls);
    let outside = if w.is_set() { window::retain(calls.to_mut(), &w) } else { 0 };
    let aggs: Vec<Agg> = cfg.metrics.iter().flat_map(|i| i.formula.aggs()).collect();
    let computed = compute(&calls, &cfg.grouping(), &cfg.rules, &aggs)?;
    let settings = Settings {
        by: Dims(cfg.dims.clone(), cfg.extra_names.clone()).to_string(),
        interval: cfg.interval.to_string(),
        tz: cfg.tz,
        input_tz: cfg.input_tz,
        rules: cfg.rules.clone(),
        attribution: cfg.attribution,
        preset: cfg.preset.map(|p| p.name()),
        extra_names: cfg.extra_names.clone(),
        inputs: cfg.inputs.iter().map(|i| i.name()).collect(),
        window: w.is_set().then(|| WindowNote {
            since: w.since.map(|t| format_in(t, cfg.tz)),
            until: w.until.map(|t| format_in(t, cfg.tz)),
            outside,
        }),
    };
    let mut report = Report::build(&cfg.dims, cfg.metrics.clone(), &computed, settings, accounting);
    let breaches = check::breaches(&report, &cfg.out.fail_if);
    if let Some(ids) = &cfg.out.columns {
        select_metrics(&mut report, ids);
    }
    Ok((report, breaches))
}
