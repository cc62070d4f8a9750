//! The reports file of `callstat run`: `inputs`, then any key of `callstat
//! report` as a default for every report, then one `[[report]]` table per
//! report with `name`, `output` and any key of `callstat report`. Keys are
//! the report flags' names with `_` for `-` (the list comes from
//! `cli::ReportArgs`, not from a copy of it): each report is turned into the
//! command line `callstat report` would get and parsed by the same clap
//! structs, so a key means exactly what the flag means. Keys about reading
//! the inputs belong at the top, since the inputs are read once. Relative
//! paths (inputs, output, mapping, config, a quarantine file) are relative
//! to the file's folder.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use clap::{ArgAction, Args, Parser};

use super::layers::closest;
use super::report::ReportConfig;
use super::settings_file::flag_text;
use crate::cli::run_args::RunArgs;
use crate::cli::{Cli, Command, InputArgs, RejectArgs, ReportArgs};
use crate::error::{Error, Result};
use crate::output::OutputFormat;

/// The reports of one file, in order, with their names.
pub type Reports = Vec<(String, ReportConfig)>;

fn ids_of(cmd: &clap::Command) -> Vec<String> {
    cmd.get_arguments().map(|a| a.get_id().as_str().to_string()).filter(|id| id != "files").collect()
}

fn relative_to(dir: &Path, p: &str) -> String {
    if p == "-" || Path::new(p).is_absolute() {
        p.to_string()
    } else {
        dir.join(p).to_string_lossy().into_owned()
    }
}

/// The value of a path-valued key, relative to the file's folder.
fn with_dir(key: &str, value: String, dir: &Path) -> String {
    match key {
        "output" | "mapping" | "config" => relative_to(dir, &value),
        "on_error" => match value.strip_prefix("quarantine=") {
            Some(p) => format!("quarantine={}", relative_to(dir, p)),
            None => value,
        },
        _ => value,
    }
}

/// The `callstat report` command line of one report: its keys over the
/// file's shared keys, then `--now`/`--quiet` from the command line.
fn argv(
    inputs: &[String],
    keys: &[(String, toml::Value)],
    dir: &Path,
    report_cmd: &clap::Command,
) -> Vec<String> {
    let mut v: Vec<String> = vec!["callstat".into(), "report".into()];
    v.extend(inputs.iter().map(|i| relative_to(dir, i)));
    for (key, value) in keys {
        let flag = format!("--{}", key.replace('_', "-"));
        let repeat = report_cmd
            .get_arguments()
            .find(|a| a.get_id().as_str() == key)
            .is_some_and(|a| matches!(a.get_action(), ArgAction::Append));
        match value {
            toml::Value::Boolean(true) => v.push(flag),
            toml::Value::Boolean(false) => {}
            toml::Value::Array(items) if repeat => {
                for item in items {
                    v.push(flag.clone());
                    v.push(with_dir(key, flag_text(item), dir));
                }
            }
            other => {
                v.push(flag);
                v.push(with_dir(key, flag_text(other), dir));
            }
        }
    }
    v
}

/// Reads the file and validates every report in it.
pub fn reports(a: &RunArgs) -> Result<Reports> {
    let path = a.file.display().to_string();
    let text = std::fs::read_to_string(&a.file).map_err(|e| Error::Read { path: path.clone(), source: e })?;
    let bad = |message: String| Error::Config { path: path.clone(), message };
    let mut top: toml::Table =
        toml::from_str(&text).map_err(|e| bad(e.to_string().trim_end().to_string()))?;
    let inputs: Vec<String> = match top.remove("inputs") {
        Some(toml::Value::Array(items)) => items.iter().map(flag_text).collect(),
        Some(toml::Value::String(s)) => vec![s],
        Some(_) => return Err(bad("inputs: write a list of files or quoted globs".into())),
        None => {
            return Err(bad("missing key 'inputs': the CDR files or quoted globs every report reads".into()));
        }
    };
    let entries = match top.remove("report") {
        Some(toml::Value::Array(items)) if !items.is_empty() => items,
        _ => return Err(bad("no [[report]] tables; add at least one with name and output".into())),
    };
    let report_cmd = ReportArgs::augment_args(clap::Command::new("report"));
    let known = ids_of(&report_cmd);
    let input_keys: Vec<String> = [
        ids_of(&InputArgs::augment_args(clap::Command::new("i"))),
        ids_of(&RejectArgs::augment_args(clap::Command::new("r"))),
    ]
    .concat();
    let check = |key: &str, place: &str| -> Result<()> {
        if known.iter().any(|k| k == key) {
            return Ok(());
        }
        let hint = closest(key, &known).map(|c| format!("did you mean '{c}'? ")).unwrap_or_default();
        Err(bad(format!(
            "{place}unknown key '{key}'; {hint}keys are the flags of `callstat report` with _ for -"
        )))
    };
    for key in top.keys() {
        check(key, "")?;
    }
    let dir = a.file.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut names = HashSet::new();
    let mut outputs: HashSet<PathBuf> = HashSet::new();
    let mut out: Reports = Vec::new();
    for entry in &entries {
        let Some(table) = entry.as_table() else {
            return Err(bad("[[report]]: each report is a table".into()));
        };
        let name = match table.get("name") {
            Some(toml::Value::String(s)) => s.clone(),
            _ => return Err(bad("a [[report]] has no name; add name = \"...\"".into())),
        };
        let place = format!("report '{name}': ");
        if !table.contains_key("output") {
            return Err(bad(format!("{place}missing key 'output': where to write the report")));
        }
        if !names.insert(name.clone()) {
            return Err(bad(format!("two reports are named '{name}'; names must be unique")));
        }
        let mut keys: Vec<(String, toml::Value)> = top
            .iter()
            .filter(|(k, _)| !table.contains_key(*k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (k, v) in table.iter().filter(|(k, _)| *k != "name") {
            check(k, &place)?;
            if input_keys.contains(k) {
                return Err(bad(format!(
                    "{place}key '{k}' is about reading the inputs, which `callstat run` reads once; set it at the top of the file"
                )));
            }
            keys.push((k.clone(), v.clone()));
        }
        keys.retain(|(k, _)| !(k == "now" && a.now.is_some() || k == "quiet" && a.quiet));
        if let Some(now) = &a.now {
            keys.push(("now".into(), toml::Value::String(now.clone())));
        }
        if a.quiet {
            keys.push(("quiet".into(), toml::Value::Boolean(true)));
        }
        let cli = Cli::try_parse_from(argv(&inputs, &keys, &dir, &report_cmd))
            .map_err(|err| bad(format!("{place}{}", err.render().to_string().trim_end())))?;
        let Command::Report(args) = cli.command else {
            return Err(bad(format!("{place}not a report")));
        };
        let cfg = ReportConfig::from_args(*args).map_err(|err| match err {
            Error::Usage(_) | Error::UnknownColumn { .. } => bad(format!("{place}{err}")),
            other => other,
        })?;
        // Several xlsx reports may share one workbook (a sheet each); any
        // other shared output would overwrite itself.
        if let Some(o) = &cfg.out.emit.output
            && !outputs.insert(o.clone())
            && !(cfg.out.emit.format == OutputFormat::Xlsx
                && out.iter().all(|(_, c)| {
                    c.out.emit.output.as_ref() != Some(o) || c.out.emit.format == OutputFormat::Xlsx
                }))
        {
            return Err(bad(format!("report '{name}' writes {}, like an earlier report", o.display())));
        }
        out.push((name, cfg));
    }
    Ok(out)
}
