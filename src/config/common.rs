//! What every command that reads calls resolves first, the same way: the
//! settings file, the report zone, the clock and window, and the rules;
//! then, on request, the load settings.

use chrono_tz::Tz;

use super::emit::Clock;
use super::layers::Layers;
use super::load::{LoadSettings, load_settings};
use super::rules::{RuleSettings, rules_from};
use crate::cli::{InputArgs, RejectArgs, RuleArgs, WindowArgs, ZoneArgs};
use crate::error::Result;

/// The resolved shared settings of `report`, `calls` and `staffing`.
pub struct Common {
    pub layers: Layers,
    pub tz: Tz,
    pub clock: Clock,
    pub rules: RuleSettings,
}

impl Common {
    pub fn from_args(zone: &ZoneArgs, window: &WindowArgs, rules: &RuleArgs) -> Result<Common> {
        let layers = Layers::load(rules.validity.config.as_deref())?;
        let tz = layers.tz(zone.tz)?;
        let clock = Clock::from_args(window, tz)?;
        let rules = rules_from(rules, &layers)?;
        Ok(Common { layers, tz, clock, rules })
    }

    /// The FCR key column, when it is not the caller (flag or settings file).
    pub fn fcr_column(&self, a: &RuleArgs) -> Result<Option<String>> {
        Ok(self
            .layers
            .get::<String>("fcr_key", a.fcr_key.clone())?
            .filter(|k| !k.eq_ignore_ascii_case("caller")))
    }

    /// The load settings (resolves the inputs, reads the mapping).
    pub fn load(&self, input: &InputArgs, reject: &RejectArgs, quiet: bool) -> Result<LoadSettings> {
        let r = &self.rules;
        load_settings(input, Some(reject), &self.layers, self.tz, r.attribution, r.rules.csat_scale, quiet)
    }
}
