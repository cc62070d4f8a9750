//! `callstat calls`: the individual calls behind a number. Loads the
//! inputs like `report` (`pipeline::load`, the same mapping, rules and
//! settings file), derives each inbound call's wait, talk, handle,
//! interval, outcome and FCR outcome from the same definitions as the
//! metrics (FCR sees all the data, not only the window), keeps the calls
//! that pass every filter, and writes them in any report format
//! (`pipeline::emit`), in input order.

use std::io::Write;

use super::pipeline;
use crate::config::CallsConfig;
use crate::error::Result;
use crate::report::callback::callbacks;
use crate::report::calls::{derive, list};
use crate::report::model::{Settings, WindowNote};
use crate::schema::timestamp;

pub fn run(cfg: &CallsConfig, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<()> {
    let pipeline::Loaded { calls, accounting, .. } = pipeline::load(&cfg.load, stderr)?;
    let derived = derive(&calls, &cfg.rules);
    let mut outside = 0;
    let window = cfg.clock.window;
    let picked: Vec<usize> = (0..calls.len())
        .filter(|&i| {
            let Some(d) = derived[i] else { return false };
            let inside = window.contains(calls.arrived[i]);
            outside += u64::from(!inside);
            inside
                && (!cfg.abandoned || d.answered.is_none())
                && (!cfg.answered || d.answered.is_some())
                && (cfg.queues.is_empty() || cfg.queues.iter().any(|q| **q == *calls.name(calls.queue[i])))
                && (cfg.agents.is_empty()
                    || calls.text(calls.agent.get(i)).is_some_and(|a| cfg.agents.iter().any(|x| x == a)))
                && cfg.wait_over_s.is_none_or(|w| d.wait > w * timestamp::US)
                && (!cfg.repeat || d.fcr(&cfg.rules) == "repeat")
        })
        .collect();
    let w = window;
    let settings = Settings {
        by: "call".into(),
        interval: cfg.interval.to_string(),
        tz: cfg.tz,
        input_tz: cfg.load.input.input_tz,
        rules: cfg.rules.clone(),
        attribution: cfg.attribution,
        preset: None,
        extra_names: cfg.extra_names.clone(),
        inputs: cfg.load.inputs.iter().map(|i| i.name()).collect(),
        window: w.is_set().then(|| WindowNote {
            since: w.since.map(|t| timestamp::format_in(t, cfg.tz)),
            until: w.until.map(|t| timestamp::format_in(t, cfg.tz)),
            outside,
        }),
        order: None,
        compare: None,
        title: None,
    };
    let report = if cfg.callback {
        let in_window = |i: usize| {
            window.contains(calls.arrived[i])
                && (cfg.queues.is_empty() || cfg.queues.iter().any(|q| **q == *calls.name(calls.queue[i])))
                && cfg.wait_over_s.is_none_or(|w| derived[i].is_some_and(|d| d.wait > w * timestamp::US))
        };
        callbacks(&calls, &derived, &in_window, &cfg.rules, cfg.tz, settings, accounting)
    } else {
        list(&calls, &derived, &picked, &cfg.rules, cfg.tz, settings, accounting)
    };
    pipeline::emit(&report, &cfg.emit, stdout)
}
