//! `callstat calls`: the individual calls behind a number. Loads the
//! inputs like `report`, derives wait, talk, handle, interval, outcome and
//! FCR outcome for every inbound call (FCR sees all the data, not only the
//! window), keeps the calls that pass every filter, and writes them in any
//! report format, in input order.

use std::io::Write;
use std::path::PathBuf;

use chrono_tz::Tz;

use crate::cli::calls_args::CallsArgs;
use crate::dataset::Loader;
use crate::error::{Error, Result};
use crate::input::{self, Input};
use crate::metrics::Rules;
use crate::output::{self, OutputFormat, RenderOptions, settings};
use crate::report::calls::{derive, list};
use crate::report::model::{Settings, WindowNote};
use crate::schema::timestamp::{self, US};
use crate::window::Window;

/// Validated settings of `callstat calls`.
#[derive(Debug, Clone)]
pub struct CallsConfig {
    pub inputs: Vec<Input>,
    pub tz: Tz,
    pub input_tz: Tz,
    pub interval: String,
    pub rules: Rules,
    pub window: Window,
    pub abandoned: bool,
    pub answered: bool,
    pub queues: Vec<String>,
    pub agents: Vec<String>,
    pub wait_over_s: Option<i64>,
    pub repeat: bool,
    pub format: OutputFormat,
    pub output: Option<PathBuf>,
    pub opts: RenderOptions,
    pub strict: bool,
    pub quiet: bool,
}

impl CallsConfig {
    pub fn from_args(a: CallsArgs) -> Result<Self> {
        let format = settings::format_of(a.format);
        settings::check_binary(format, a.output.as_deref())?;
        let (_, window) =
            settings::clock_and_window(a.now.as_deref(), a.since.as_deref(), a.until.as_deref(), a.tz)?;
        let forced = input::settings::forced_format(a.input_format);
        Ok(CallsConfig {
            inputs: input::resolve(&a.files, forced)?,
            tz: a.tz,
            input_tz: a.input_tz,
            interval: a.interval.to_string(),
            rules: Rules {
                interval_s: (a.interval.0).0,
                short_abandon_s: a.short_abandon.0,
                fcr_window_s: a.fcr_window.0,
                ..Rules::default()
            },
            window,
            abandoned: a.abandoned,
            answered: a.answered,
            queues: a.queue,
            agents: a.agent,
            wait_over_s: a.wait_over.map(|s| s.0),
            repeat: a.repeat,
            format,
            output: a.output,
            opts: RenderOptions {
                precision: a.precision.map(usize::from),
                header: !a.no_header,
                csv_safe: a.csv_safe,
                ..RenderOptions::default()
            },
            strict: a.strict,
            quiet: a.quiet,
        })
    }
}

pub fn run(cfg: &CallsConfig, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<()> {
    let tz_rules = crate::schema::TzRules { input_tz: cfg.input_tz, csat_scale: cfg.rules.csat_scale };
    let mut loader = Loader::new(tz_rules, cfg.tz, crate::values::Attribution::Arrival, cfg.strict);
    let input_settings = input::settings::InputSettings { input_tz: cfg.input_tz, ..Default::default() };
    input::load(&cfg.inputs, &input_settings, &mut loader)?;
    let (calls, accounting) = loader.finish();
    if let Some(summary) = accounting.summary().filter(|_| !cfg.quiet) {
        stderr.write_all(summary.as_bytes())?;
    }
    let derived = derive(&calls, &cfg.rules);
    let mut outside = 0;
    let picked: Vec<usize> = (0..calls.len())
        .filter(|&i| {
            let Some(d) = derived[i] else { return false };
            let inside = cfg.window.contains(calls.arrived[i]);
            outside += u64::from(!inside);
            inside
                && (!cfg.abandoned || !d.answered)
                && (!cfg.answered || d.answered)
                && (cfg.queues.is_empty() || cfg.queues.iter().any(|q| **q == *calls.name(calls.queue[i])))
                && (cfg.agents.is_empty()
                    || calls.text(calls.agent.get(i)).is_some_and(|a| cfg.agents.iter().any(|x| x == a)))
                && cfg.wait_over_s.is_none_or(|w| d.wait_us > w * US)
                && (!cfg.repeat || d.repeat == Some(true))
        })
        .collect();
    let w = cfg.window;
    let settings = Settings {
        by: "call".into(),
        interval: cfg.interval.clone(),
        tz: cfg.tz,
        input_tz: cfg.input_tz,
        rules: cfg.rules.clone(),
        attribution: crate::values::Attribution::Arrival,
        preset: None,
        extra_names: Vec::new(),
        inputs: cfg.inputs.iter().map(|i| i.name()).collect(),
        window: w.is_set().then(|| WindowNote {
            since: w.since.map(|t| timestamp::format_in(t, cfg.tz)),
            until: w.until.map(|t| timestamp::format_in(t, cfg.tz)),
            outside,
        }),
    };
    let report = list(&calls, &derived, &picked, &cfg.rules, cfg.tz, settings, accounting);
    if let Some(dir) = cfg.output.as_deref().and_then(|p| p.parent()).filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::Write { path: dir.to_path_buf(), source: e })?;
    }
    let renderer = output::renderer(cfg.format, cfg.opts);
    output::write(&report, renderer.as_ref(), cfg.output.as_deref(), stdout)
}
