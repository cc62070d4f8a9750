//! Settings of `callstat inspect`: the shared input and zone settings and
//! the CSAT scale (flag or settings file) that decides which scores are valid.

use super::layers::Layers;
use super::load::{LoadSettings, load_settings};
use super::rules::csat_scale;
use crate::cli::inspect_args::InspectArgs;
use crate::error::Result;
use crate::values::Attribution;

/// Settings of `callstat inspect`.
#[derive(Debug, Clone)]
pub struct InspectConfig {
    pub load: LoadSettings,
}

impl InspectConfig {
    pub fn from_args(a: InspectArgs) -> Result<Self> {
        let layers = Layers::load(a.validity.config.as_deref())?;
        let scale = csat_scale(&a.validity, &layers)?;
        // inspect lists rejected rows itself: no summary, never strict.
        let mut load =
            load_settings(&a.input, None, &layers, layers.tz(a.zone.tz)?, Attribution::Arrival, scale, true)?;
        load.lists_rejects = true;
        Ok(InspectConfig { load })
    }
}
