//! The one read path and the one emit path every command uses. Reading:
//! `aggregate` streams the inputs through the engine into the figures of
//! every report (`report`, `run`), `load` keeps the calls (`calls`,
//! `staffing`, `inspect`); both with quarantine, progress and `--quiet`,
//! and the same accounting on stderr. Emitting: parent folders created,
//! atomic write, the chosen format.

use std::io::Write;

use crate::config::{Emit, LoadSettings};
use crate::dataset::{Accounting, Calls, Loader};
use crate::engine::{self, LoadOptions, ReportSpec};
use crate::error::{Error, Result};
use crate::input::{self, SourceInfo};
use crate::output;
use crate::report::Report;
use crate::report::compute::Computed;
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
    account(s, &accounting, stderr)?;
    Ok(Loaded { calls, accounting, sources })
}

/// Reads the inputs once on the streaming engine and computes every spec
/// (no call is kept); the same summary and warnings as `load`.
pub fn aggregate(
    s: &LoadSettings,
    specs: &[ReportSpec],
    stderr: &mut dyn Write,
) -> Result<(Vec<Computed>, Accounting)> {
    let load = LoadOptions {
        tz_rules: TzRules { input_tz: s.input.input_tz, csat_scale: s.csat_scale },
        report_tz: s.tz,
        attribution: s.attribution,
        strict: s.strict,
        quiet: s.quiet,
    };
    let (computed, accounting) = engine::aggregate(&s.inputs, &s.input, load, specs)?;
    account(s, &accounting, stderr)?;
    Ok((computed, accounting))
}

/// Where the rows went, on stderr: the summary of rejected rows (unless
/// `--quiet`), `--max-invalid`, and what a cron job must see even under
/// `--quiet` (nothing read, rows left out).
fn account(s: &LoadSettings, accounting: &Accounting, stderr: &mut dyn Write) -> Result<()> {
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
        return Ok(());
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
    Ok(())
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
