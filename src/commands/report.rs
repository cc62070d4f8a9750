//! `callstat report`: read the inputs once on the streaming engine (the
//! `--since`/`--until` window and the query applied as calls stream by),
//! summarize rejected rows on stderr, build the report, write it in the
//! chosen format and then check the `--fail-if` rules.

use std::io::Write;

use crate::config::ReportConfig;
use crate::dataset::Accounting;
use crate::engine::{self, LoadOptions, ReportSpec};
use crate::error::{Error, Result};
use crate::output;
use crate::report::check;
use crate::report::compute::Computed;
use crate::report::model::{Report, Settings, WindowNote};
use crate::report::select::select_metrics;
use crate::schema::TzRules;
use crate::schema::timestamp::format_in;
use crate::values::Dims;

pub fn run(cfg: &ReportConfig, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<()> {
    let (computed, accounting) = aggregate(&[cfg], stderr)?;
    let computed = computed.into_iter().next().unwrap_or_default();
    produce(cfg, computed, accounting, stdout)
}

/// Reads and validates the inputs once (with the first report's input
/// settings) and computes every report on the streaming engine; the
/// rejected-row summary goes to stderr.
pub fn aggregate(cfgs: &[&ReportConfig], stderr: &mut dyn Write) -> Result<(Vec<Computed>, Accounting)> {
    let Some(first) = cfgs.first() else { return Ok((Vec::new(), Accounting::default())) };
    let load = LoadOptions {
        tz_rules: TzRules { input_tz: first.input_tz, csat_scale: first.rules.csat_scale },
        report_tz: first.tz,
        attribution: first.attribution,
        strict: first.strict || first.input.fail_on_error(),
        quiet: first.out.quiet,
    };
    let specs: Vec<ReportSpec> = cfgs
        .iter()
        .map(|cfg| ReportSpec {
            grouping: cfg.grouping(),
            rules: cfg.rules.clone(),
            aggs: cfg.metrics.iter().flat_map(|i| i.formula.aggs()).collect(),
            window: cfg.out.window,
        })
        .collect();
    let (computed, accounting) = engine::aggregate(&first.inputs, &first.input, load, &specs)?;
    if let Some(summary) = accounting.summary().filter(|_| !first.out.quiet) {
        stderr.write_all(summary.as_bytes())?;
    }
    Ok((computed, accounting))
}

/// One report from loaded calls: window, query, `--fail-if`, `--columns`,
/// then the write. Breaches come back as `Error::Breach` after the write.
pub fn produce(
    cfg: &ReportConfig,
    computed: Computed,
    accounting: Accounting,
    stdout: &mut dyn Write,
) -> Result<()> {
    let (report, breaches) = build(cfg, computed, accounting)?;
    if let Some(dir) = cfg.output.as_deref().and_then(|p| p.parent()).filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::Write { path: dir.to_path_buf(), source: e })?;
    }
    let renderer = output::renderer(cfg.format, cfg.out.render_options(cfg.totals));
    output::write(&report, renderer.as_ref(), cfg.output.as_deref(), stdout)?;
    if breaches.is_empty() { Ok(()) } else { Err(Error::Breach(check::describe(&breaches))) }
}

/// The report of computed figures (`--columns`) and the `--fail-if`
/// breaches, without writing anything.
pub fn build(
    cfg: &ReportConfig,
    computed: Computed,
    accounting: Accounting,
) -> Result<(Report, Vec<check::Breach>)> {
    let w = cfg.out.window;
    let outside = computed.outside;
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
