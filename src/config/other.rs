//! Settings of the commands that read no CDRs: `metrics` and `generate`.

use std::path::PathBuf;

use super::layers::Layers;
use super::rules::rules_from;
use crate::cli::{GenerateArgs, MetricsArgs, RuleArgs};
use crate::error::Result;
use crate::metrics::MetricsOutput;
use crate::metrics::Rules;
use crate::metrics::preset::Preset;
use crate::values::Attribution;

/// Settings of `callstat metrics`.
#[derive(Debug, Clone)]
pub struct MetricsConfig {
    pub format: MetricsOutput,
    pub preset: Option<Preset>,
    /// Effective rules when a settings file is in use.
    pub effective: Option<(Rules, Attribution, PathBuf)>,
}

impl MetricsConfig {
    pub fn from_args(a: &MetricsArgs) -> Result<Self> {
        let layers = Layers::load(a.config.as_deref())?;
        let effective = match &layers.file {
            Some(f) => {
                let r = rules_from(&RuleArgs::default(), &layers)?;
                Some((r.rules, r.attribution, f.path.clone()))
            }
            None => None,
        };
        Ok(MetricsConfig { format: a.format, preset: a.preset, effective })
    }
}

/// Settings of `callstat generate`.
#[derive(Debug, Clone)]
pub struct GenerateConfig {
    pub spec: crate::generate::GenSpec,
    pub output: PathBuf,
    pub string_columns: bool,
}

impl GenerateConfig {
    pub fn from_args(a: GenerateArgs) -> Self {
        GenerateConfig {
            spec: crate::generate::GenSpec {
                rows: a.rows,
                days: a.days,
                seed: a.seed,
                start: a.start,
                tz: a.tz,
                dirty: a.dirty,
            },
            output: a.output,
            string_columns: a.string_columns,
        }
    }
}
