//! `callstat report`: load the inputs, summarize rejected rows on stderr,
//! run the query, build the report and write it in the chosen format.

use std::io::Write;

use crate::config::ReportConfig;
use crate::dataset::Loader;
use crate::error::Result;
use crate::input;
use crate::output;
use crate::report::compute::compute;
use crate::report::model::{Report, Settings};
use crate::report::select::select_metrics;
use crate::values::Dims;

pub fn run(cfg: &ReportConfig, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<()> {
    let mut loader = Loader::new(cfg.input_tz, cfg.tz, cfg.strict);
    input::load(&cfg.inputs, &mut loader)?;
    let (calls, accounting) = loader.finish();
    if let Some(summary) = accounting.summary() {
        stderr.write_all(summary.as_bytes())?;
    }
    let computed = compute(&calls, &cfg.dims, &cfg.rules)?;
    let settings = Settings {
        by: Dims(cfg.dims.clone()).to_string(),
        interval: cfg.interval.to_string(),
        tz: cfg.tz,
        input_tz: cfg.input_tz,
        rules: cfg.rules,
        inputs: cfg.inputs.iter().map(|i| i.name()).collect(),
    };
    let mut report = Report::build(&cfg.dims, &computed, settings, accounting);
    if let Some(ids) = &cfg.out.columns {
        select_metrics(&mut report, ids);
    }
    let renderer = output::renderer(cfg.format, cfg.out.render_options(cfg.totals));
    output::write(&report, renderer.as_ref(), cfg.output.as_deref(), stdout)
}
