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
use crate::report::format::count;
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
    let invalid = accounting.invalid_total();
    if let Some(limit) = s.max_invalid.filter(|l| l.exceeded(invalid, accounting.read)) {
        return Err(Error::TooManyInvalid {
            invalid: count(invalid as i64),
            read: count(accounting.read as i64),
            limit: limit.to_string(),
        });
    }
    // What a cron job must see even under --quiet: nothing read, or rows left out.
    if s.lists_rejects {
        return Ok(Loaded { calls, accounting, sources });
    }
    if accounting.read == 0 {
        writeln!(stderr, "callstat: warning: the inputs hold no rows; every count is 0")?;
    } else if s.quiet && invalid > 0 {
        writeln!(
            stderr,
            "callstat: warning: {} of {} rows are invalid and left out (drop --quiet for the reasons; --max-invalid fails the run)",
            count(invalid as i64),
            count(accounting.read as i64)
        )?;
    }
    Ok(Loaded { calls, accounting, sources })
}

/// Says on stderr when a report's window holds no calls although the
/// inputs had some (yesterday's export missing, a wrong --since).
pub fn warn_empty_window(report: &Report, stderr: &mut dyn Write) -> Result<()> {
    if let Some(w) = &report.settings.window
        && report.accounting.accepted > 0
        && w.outside == report.accounting.accepted
    {
        writeln!(
            stderr,
            "callstat: warning: no calls in the window {} .. {}; all {} accepted calls are outside it",
            w.since.as_deref().unwrap_or("(open)"),
            w.until.as_deref().unwrap_or("(open)"),
            count(w.outside as i64)
        )?;
    }
    Ok(())
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
