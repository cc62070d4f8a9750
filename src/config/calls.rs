//! Settings of `callstat calls`: the same input, zone, window, rule and
//! output settings as `report`, and the filters that pick calls.

use chrono_tz::Tz;

use super::emit::{Clock, Emit};
use super::layers::Layers;
use super::load::{LoadSettings, load_settings};
use super::rules::rules_from;
use crate::cli::calls_args::CallsArgs;
use crate::error::{Error, Result};
use crate::metrics::Rules;
use crate::values::{Attribution, Interval};

/// Validated settings of `callstat calls`.
#[derive(Debug, Clone)]
pub struct CallsConfig {
    pub load: LoadSettings,
    pub tz: Tz,
    pub interval: Interval,
    pub rules: Rules,
    pub attribution: Attribution,
    pub clock: Clock,
    pub abandoned: bool,
    pub answered: bool,
    pub queues: Vec<String>,
    pub agents: Vec<String>,
    pub wait_over_s: Option<i64>,
    pub repeat: bool,
    /// `--callback`: the callers to call back instead of the calls.
    pub callback: bool,
    /// Input columns kept as extra keys (the `--fcr-key` column).
    pub extra_names: Vec<String>,
    pub emit: Emit,
}

impl CallsConfig {
    pub fn from_args(a: CallsArgs) -> Result<Self> {
        let emit = Emit::plain(&a.out)?;
        let layers = Layers::load(a.rules.validity.config.as_deref())?;
        let tz = layers.tz(a.zone.tz)?;
        let clock = Clock::from_args(&a.window, tz)?;
        let r = rules_from(&a.rules, &layers)?;
        let mut rules = r.rules;
        let mut load = load_settings(
            &a.input,
            Some(&a.reject),
            &layers,
            tz,
            r.attribution,
            rules.csat_scale,
            a.out.quiet,
        )?;
        if let Some(key) = layers.get::<String>("fcr_key", a.rules.fcr_key.clone())?
            && !key.eq_ignore_ascii_case("caller")
        {
            load.input.extra = vec![key];
            rules.fcr_key = Some(0);
        }
        if a.abandoned && a.answered {
            return Err(Error::Usage("--abandoned and --answered exclude each other".into()));
        }
        let extra_names = load.input.extra.clone();
        Ok(CallsConfig {
            load,
            tz,
            interval: r.interval,
            rules,
            attribution: r.attribution,
            clock,
            abandoned: a.abandoned,
            answered: a.answered,
            queues: a.queue,
            agents: a.agent,
            wait_over_s: a.wait_over.map(|s| s.0),
            repeat: a.repeat,
            callback: a.callback,
            extra_names,
            emit,
        })
    }
}
