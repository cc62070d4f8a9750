//! The one load path and the one emit path every command uses: resolve
//! nothing (config did), load the inputs with quarantine, progress and
//! `--quiet`, print the accounting summary on stderr; and write a result
//! (parent folders created, atomic write, the chosen format).

use std::io::Write;

use crate::config::{Emit, LoadSettings};
use crate::dataset::{Accounting, Calls, Loader};
use crate::error::{Error, Result};
use crate::input::{self, SourceInfo};
use crate::output;
use crate::report::Report;
use crate::schema::TzRules;

/// The accepted calls, where every row went, and what each source held.
pub struct Loaded {
    pub calls: Calls,
    pub accounting: Accounting,
    pub sources: Vec<SourceInfo>,
}

/// Reads and validates the inputs; the rejected-row summary goes to
/// stderr unless `quiet`.
pub fn load(s: &LoadSettings, stderr: &mut dyn Write) -> Result<Loaded> {
    let tz_rules = TzRules { input_tz: s.input.input_tz, csat_scale: s.csat_scale };
    let mut loader = Loader::new(tz_rules, s.tz, s.attribution, s.strict);
    s.input.prepare(&mut loader)?;
    loader.show_progress(s.quiet);
    loader.keep_extra(s.input.extra.len());
    let sources = input::load(&s.inputs, &s.input, &mut loader)?;
    loader.close_quarantine()?;
    let (calls, accounting) = loader.finish();
    if let Some(summary) = accounting.summary().filter(|_| !s.quiet) {
        stderr.write_all(summary.as_bytes())?;
    }
    Ok(Loaded { calls, accounting, sources })
}

/// Creates the parent folder of an output file.
pub fn make_parent(path: &std::path::Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::Write { path: dir.to_path_buf(), source: e })?;
    }
    Ok(())
}

/// Writes a result where `e` says, in its format.
pub fn emit(report: &Report, e: &Emit, stdout: &mut dyn Write) -> Result<()> {
    if let Some(p) = e.output.as_deref() {
        make_parent(p)?;
    }
    let renderer = output::renderer(e.format, e.render);
    output::write(report, renderer.as_ref(), e.output.as_deref(), stdout)
}
