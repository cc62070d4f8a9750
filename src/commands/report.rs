//! `callstat report`: load the inputs, summarize rejected rows on stderr,
//! run the query, build the report and write it in the chosen format.

use std::io::Write;

use crate::config::ReportConfig;
use crate::dataset::Loader;
use crate::error::Result;
use crate::input;
use crate::metrics::Agg;
use crate::output::{self, RenderOptions};
use crate::report::compute::compute;
use crate::report::model::{Report, Settings};
use crate::schema::TzRules;
use crate::values::Dims;

pub fn run(cfg: &ReportConfig, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<()> {
    let tz_rules = TzRules { input_tz: cfg.input_tz, csat_scale: cfg.rules.csat_scale };
    let mut loader = Loader::new(tz_rules, cfg.tz, cfg.attribution, cfg.strict || cfg.input.fail_on_error());
    cfg.input.prepare(&mut loader)?;
    loader.keep_extra(cfg.input.extra.len());
    input::load(&cfg.inputs, &cfg.input, &mut loader)?;
    loader.close_quarantine()?;
    let (calls, accounting) = loader.finish();
    if let Some(summary) = accounting.summary() {
        stderr.write_all(summary.as_bytes())?;
    }
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
    };
    let report = Report::build(&cfg.dims, cfg.metrics.clone(), &computed, settings, accounting);
    let renderer = output::renderer(cfg.format, RenderOptions { totals: cfg.totals });
    output::write(&report, renderer.as_ref(), cfg.output.as_deref(), stdout)
}
