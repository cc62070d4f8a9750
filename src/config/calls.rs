//! Settings of `callstat calls`: the same input, zone, window, rule and
//! output settings as `report`, and the filters that pick calls.

use chrono_tz::Tz;

use super::common::Common;
use super::emit::{Clock, Emit};
use super::load::LoadSettings;
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
        let common = Common::from_args(&a.zone, &a.window, &a.rules)?;
        let (tz, clock) = (common.tz, common.clock);
        let mut load = common.load(&a.input, &a.reject, a.out.quiet)?;
        let fcr_column = common.fcr_column(&a.rules)?;
        let r = common.rules;
        let mut rules = r.rules;
        if let Some(key) = fcr_column {
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
