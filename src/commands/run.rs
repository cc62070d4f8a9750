//! `callstat run REPORTS.toml`: several named reports from one read of the
//! data, for one crontab line (`config::run` reads the file). Reports that
//! need the calls read the same way (zone, attribution, CSAT scale) share
//! one load. All reports are written even when one breaches its `fail_if`
//! rules; the exit code is 4 if any did.

use std::io::Write;
use std::path::PathBuf;

use super::{pipeline, report};
use crate::config::ReportConfig;
use crate::config::run::Reports;
use crate::error::{Error, Result};
use crate::output::OutputFormat;

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
    // One load per distinct way of reading, in the order reports need them.
    let mut loads: Vec<(usize, pipeline::Loaded)> = Vec::new();
    for (name, cfg) in cfgs {
        let first = cfgs.iter().position(|(_, c)| c.load.same_read(&cfg.load)).unwrap_or(0);
        if !loads.iter().any(|(i, _)| *i == first) {
            loads.push((first, pipeline::load(&cfgs[first].1.load, stderr)?));
        }
        let Some((_, loaded)) = loads.iter().find(|(i, _)| *i == first) else {
            return Err(Error::Engine("run: a load went missing".into()));
        };
        if shared(cfg) {
            let (rep, found) = report::build(cfg, &loaded.calls, loaded.accounting.clone())?;
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
        match report::produce(cfg, &loaded.calls, loaded.accounting.clone(), stdout, stderr) {
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
