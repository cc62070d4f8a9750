//! `callstat run REPORTS.toml`: several named reports from one read of the
//! data, for one crontab line. The file names the shared inputs and
//! settings and one `[[report]]` table per report; every report is turned
//! into the command line `callstat report` would get and parsed by the
//! same clap structs, so a report in the file means exactly what the same
//! flags mean. Relative paths (inputs, outputs) are relative to the
//! file's folder. All reports are written even when one breaches its
//! `fail_if` rules; the exit code is 4 if any did.

use crate::output::OutputFormat;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Parser;
use serde::Deserialize;

use crate::cli::run_args::RunArgs;
use crate::cli::{Cli, Command};
use crate::config::ReportConfig;
use crate::error::{Error, Result};

use super::report;

/// The reports file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    /// CDR files or quoted globs, read once for every report.
    pub inputs: Vec<String>,
    pub tz: Option<String>,
    pub input_tz: Option<String>,
    pub input_format: Option<String>,
    #[serde(default)]
    pub strict: bool,
    /// Defaults for every report.
    pub since: Option<String>,
    pub until: Option<String>,
    pub short_abandon: Option<String>,
    pub sl_threshold: Option<String>,
    pub fcr_window: Option<String>,
    #[serde(rename = "report")]
    pub reports: Vec<Entry>,
}

/// One `[[report]]`: the flags of `callstat report` as keys.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub name: String,
    /// Where to write it (required; `-o` placeholders allowed).
    pub output: String,
    pub by: Option<String>,
    pub interval: Option<String>,
    pub format: Option<String>,
    pub columns: Option<Vec<String>>,
    #[serde(default)]
    pub fail_if: Vec<String>,
    #[serde(default)]
    pub totals: bool,
    pub precision: Option<u8>,
    #[serde(default)]
    pub no_header: bool,
    #[serde(default)]
    pub csv_safe: bool,
    pub sl_target: Option<f64>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub short_abandon: Option<String>,
    pub sl_threshold: Option<String>,
    pub fcr_window: Option<String>,
}

fn relative_to(dir: &Path, p: &str) -> String {
    if p == "-" || Path::new(p).is_absolute() {
        p.to_string()
    } else {
        dir.join(p).to_string_lossy().into_owned()
    }
}

/// The `callstat report` command line of one entry.
pub fn argv(f: &File, e: &Entry, dir: &Path, a: &RunArgs) -> Vec<String> {
    let mut v: Vec<String> = vec!["callstat".into(), "report".into()];
    v.extend(f.inputs.iter().map(|i| relative_to(dir, i)));
    let mut opt = |flag: &str, val: Option<&String>| {
        if let Some(x) = val {
            v.push(format!("--{flag}"));
            v.push(x.clone());
        }
    };
    opt("tz", f.tz.as_ref());
    opt("input-tz", f.input_tz.as_ref());
    opt("input-format", f.input_format.as_ref());
    opt("by", e.by.as_ref());
    opt("interval", e.interval.as_ref());
    opt("format", e.format.as_ref());
    opt("since", e.since.as_ref().or(f.since.as_ref()));
    opt("until", e.until.as_ref().or(f.until.as_ref()));
    opt("short-abandon", e.short_abandon.as_ref().or(f.short_abandon.as_ref()));
    opt("sl-threshold", e.sl_threshold.as_ref().or(f.sl_threshold.as_ref()));
    opt("fcr-window", e.fcr_window.as_ref().or(f.fcr_window.as_ref()));
    opt("columns", e.columns.as_ref().map(|c| c.join(",")).as_ref());
    opt("precision", e.precision.map(|p| p.to_string()).as_ref());
    opt("sl-target", e.sl_target.map(|p| p.to_string()).as_ref());
    opt("now", a.now.as_ref());
    opt("output", Some(&relative_to(dir, &e.output)));
    for rule in &e.fail_if {
        opt("fail-if", Some(rule));
    }
    for (flag, on) in [
        ("--totals", e.totals),
        ("--no-header", e.no_header),
        ("--csv-safe", e.csv_safe),
        ("--strict", f.strict),
        ("--quiet", a.quiet),
    ] {
        if on {
            v.push(flag.into());
        }
    }
    v
}

/// Reads the file and validates every report in it.
pub fn configs(a: &RunArgs) -> Result<Vec<(String, ReportConfig)>> {
    let path = a.file.display().to_string();
    let text = std::fs::read_to_string(&a.file).map_err(|e| Error::Read { path: path.clone(), source: e })?;
    let bad = |message: String| Error::Config { path: path.clone(), message };
    let f: File = toml::from_str(&text).map_err(|e| bad(e.to_string().trim_end().to_string()))?;
    if f.reports.is_empty() {
        return Err(bad("no [[report]] tables; add at least one with name and output".into()));
    }
    let dir = a.file.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut names = HashSet::new();
    let mut outputs: HashSet<PathBuf> = HashSet::new();
    let mut out = Vec::new();
    for e in &f.reports {
        if !names.insert(e.name.clone()) {
            return Err(bad(format!("two reports are named '{}'; names must be unique", e.name)));
        }
        let cli = Cli::try_parse_from(argv(&f, e, &dir, a))
            .map_err(|err| bad(format!("report '{}': {}", e.name, err.render().to_string().trim_end())))?;
        let Command::Report(args) = cli.command else {
            return Err(bad(format!("report '{}': not a report", e.name)));
        };
        let cfg = ReportConfig::from_args(*args).map_err(|err| match err {
            Error::Usage(_) | Error::UnknownColumn { .. } => bad(format!("report '{}': {err}", e.name)),
            other => other,
        })?;
        // Several xlsx reports may share one workbook (a sheet each); any
        // other shared output would overwrite itself.
        if let Some(o) = &cfg.output
            && !outputs.insert(o.clone())
            && !(cfg.format == OutputFormat::Xlsx
                && out.iter().all(|(_, c): &(String, ReportConfig)| {
                    c.output.as_ref() != Some(o) || c.format == OutputFormat::Xlsx
                }))
        {
            return Err(bad(format!("report '{}' writes {}, like an earlier report", e.name, o.display())));
        }
        out.push((e.name.clone(), cfg));
    }
    Ok(out)
}

/// Every report's figures from one read of the inputs, each with the
/// row accounting of that read.
fn aggregate(
    cfgs: &[(String, ReportConfig)],
    stderr: &mut dyn Write,
) -> Result<Vec<(crate::report::compute::Computed, crate::dataset::Accounting)>> {
    let refs: Vec<&ReportConfig> = cfgs.iter().map(|(_, c)| c).collect();
    let (computed, accounting) = report::aggregate(&refs, stderr)?;
    Ok(computed.into_iter().map(|c| (c, accounting.clone())).collect())
}

pub fn run(a: &RunArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<()> {
    let cfgs = configs(a)?;
    let mut computed = aggregate(&cfgs, stderr)?.into_iter();
    let mut breaches = Vec::new();
    let shared = |cfg: &ReportConfig| {
        cfg.format == OutputFormat::Xlsx
            && cfg.output.is_some()
            && cfgs.iter().filter(|(_, c)| c.output == cfg.output).count() > 1
    };
    // Workbooks shared by several reports: path, then (sheet name, report).
    let mut books: Vec<(PathBuf, Vec<(String, crate::report::Report)>)> = Vec::new();
    for (name, cfg) in &cfgs {
        let (figures, accounting) = computed.next().unwrap_or_default();
        if shared(cfg) {
            let (rep, found) = report::build(cfg, figures, accounting)?;
            if !found.is_empty() {
                let prefix = format!("report '{name}': ");
                let msg = crate::report::check::describe(&found);
                breaches.push(format!(
                    "{prefix}{}",
                    msg.replace("\ncallstat: error: ", &format!("\ncallstat: error: {prefix}"))
                ));
            }
            let path = cfg.output.clone().unwrap_or_default();
            match books.iter_mut().find(|(p, _)| *p == path) {
                Some((_, sheets)) => sheets.push((name.clone(), rep)),
                None => books.push((path, vec![(name.clone(), rep)])),
            }
            continue;
        }
        match report::produce(cfg, figures, accounting, stdout) {
            Ok(()) => {}
            Err(Error::Breach(msg)) => {
                let prefix = format!("report '{name}': ");
                breaches.push(format!(
                    "{prefix}{}",
                    msg.replace("\ncallstat: error: ", &format!("\ncallstat: error: {prefix}"))
                ));
            }
            Err(e) => return Err(e),
        }
        if !a.quiet {
            let to = cfg.output.as_ref().map_or("stdout".into(), |p| p.display().to_string());
            writeln!(stderr, "callstat: report '{name}' written to {to}")?;
        }
    }
    for (path, sheets) in &books {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::Write { path: dir.to_path_buf(), source: e })?;
        }
        let refs: Vec<(String, &crate::report::Report)> =
            sheets.iter().map(|(n, r)| (n.clone(), r)).collect();
        let bytes = crate::output::xlsx::workbook_many(&refs)
            .map_err(|e| Error::Write { path: path.clone(), source: std::io::Error::other(e.to_string()) })?;
        crate::output::atomic::write_with(path, |w| w.write_all(&bytes))
            .map_err(|e| Error::Write { path: path.clone(), source: e })?;
        if !a.quiet {
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
