//! `callstat run REPORTS.toml`: several named reports from one read of the
//! data, for one crontab line (`config::run` reads the file). Reports that
//! read the calls the same way (zone, attribution, CSAT scale) share one
//! pass of the streaming engine. All reports are written even when one breaches its `fail_if`
//! rules; the exit code is 4 if any did.

use std::io::Write;
use std::path::PathBuf;

use super::{pipeline, report};
use crate::config::ReportConfig;
use crate::config::run::Reports;
use crate::dataset::Accounting;
use crate::error::{Error, Result};
use crate::output::OutputFormat;
use crate::report::compute::Computed;

/// `--dry-run`: per report, what it would write and where, from which
/// inputs; nothing is read or written.
pub fn dry_run(cfgs: &Reports, stdout: &mut dyn Write) -> Result<()> {
    if let Some((_, first)) = cfgs.first() {
        let inputs: Vec<String> =
            first.load.inputs.iter().map(|i| format!("{} ({})", i.name(), i.format.name())).collect();
        writeln!(stdout, "inputs: {}", inputs.join(", "))?;
    }
    for (name, cfg) in cfgs {
        let to = cfg.out.emit.output.as_ref().map_or("stdout".into(), |p| p.display().to_string());
        let w = cfg.out.clock.window;
        let window = match (w.since, w.until) {
            (None, None) => String::new(),
            (s, u) => format!(
                ", window {} .. {}",
                s.map_or("(open)".into(), |t| crate::schema::timestamp::format_in(t, cfg.tz)),
                u.map_or("(open)".into(), |t| crate::schema::timestamp::format_in(t, cfg.tz))
            ),
        };
        writeln!(
            stdout,
            "report '{name}': {} by {} in {}{window} -> {to}",
            crate::choice::Choice::name(cfg.out.emit.format),
            cfg.by(),
            cfg.tz.name()
        )?;
    }
    stdout.flush()?;
    Ok(())
}

fn prefixed(name: &str, msg: &str) -> String {
    let prefix = format!("report '{name}': ");
    format!("{prefix}{}", msg.replace("\ncallstat: error: ", &format!("\ncallstat: error: {prefix}")))
}

pub fn run(cfgs: &Reports, quiet: bool, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<()> {
    let mut breaches = Vec::new();
    let shared = |cfg: &ReportConfig| {
        cfg.out.emit.format == OutputFormat::Xlsx
            && cfg.out.emit.output.is_some()
            && cfgs.iter().filter(|(_, c)| c.out.emit.output == cfg.out.emit.output).count() > 1
    };
    // Workbooks shared by several reports: path, then (sheet name, report).
    let mut books: Vec<(PathBuf, Vec<(String, crate::report::Report)>)> = Vec::new();
    // One read per distinct way of reading (zone, attribution, CSAT scale):
    // every report of a read gets its figures from it.
    let mut figures: Vec<Option<(Computed, Option<Computed>, Accounting)>> = vec![None; cfgs.len()];
    for (g, (_, lead)) in cfgs.iter().enumerate() {
        if cfgs[..g].iter().any(|(_, c)| c.load.same_read(&lead.load)) {
            continue;
        }
        let members: Vec<usize> = (g..cfgs.len()).filter(|&i| cfgs[i].1.load.same_read(&lead.load)).collect();
        let specs: Vec<Vec<crate::engine::ReportSpec>> =
            members.iter().map(|&i| report::specs(&cfgs[i].1)).collect();
        let all: Vec<crate::engine::ReportSpec> = specs.iter().flatten().cloned().collect();
        let (computed, accounting) = pipeline::aggregate(&lead.load, &all, stderr)?;
        let mut it = computed.into_iter();
        for (&i, s) in members.iter().zip(&specs) {
            let now = it.next().unwrap_or_default();
            let before = if s.len() > 1 { it.next() } else { None };
            figures[i] = Some((now, before, accounting.clone()));
        }
    }
    for ((name, cfg), fig) in cfgs.iter().zip(figures) {
        let Some((now, before, accounting)) = fig else {
            return Err(Error::Engine("run: a report got no figures".into()));
        };
        if shared(cfg) {
            let (rep, found) = report::build(cfg, now, before, accounting)?;
            pipeline::warn_empty_window(&rep, stderr)?;
            if !found.is_empty() {
                breaches.push(prefixed(name, &crate::report::check::describe(&found)));
            }
            let path = cfg.out.emit.output.clone().unwrap_or_default();
            match books.iter_mut().find(|(p, _)| *p == path) {
                Some((_, sheets)) => sheets.push((name.clone(), rep)),
                None => books.push((path, vec![(name.clone(), rep)])),
            }
            continue;
        }
        match report::produce(cfg, now, before, accounting, stdout, stderr) {
            Ok(()) => {}
            Err(Error::Breach(msg)) => breaches.push(prefixed(name, &msg)),
            Err(e) => return Err(e),
        }
        if !quiet {
            let to = cfg.out.emit.output.as_ref().map_or("stdout".into(), |p| p.display().to_string());
            writeln!(stderr, "callstat: report '{name}' written to {to}")?;
        }
    }
    for (path, sheets) in &books {
        pipeline::make_parent(path)?;
        let refs: Vec<(String, &crate::report::Report)> =
            sheets.iter().map(|(n, r)| (n.clone(), r)).collect();
        let bytes = crate::output::xlsx::workbook_many(&refs)
            .map_err(|e| Error::Write { path: path.clone(), source: std::io::Error::other(e.to_string()) })?;
        crate::output::atomic::write_with(path, |w| w.write_all(&bytes))
            .map_err(|e| Error::Write { path: path.clone(), source: e })?;
        if !quiet {
            let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
            writeln!(
                stderr,
                "callstat: reports {} written to {} (a sheet each)",
                names.join(", "),
                path.display()
            )?;
        }
    }
    if breaches.is_empty() { Ok(()) } else { Err(Error::Breach(breaches.join("\ncallstat: error: "))) }
}
