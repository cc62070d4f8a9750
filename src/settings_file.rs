//! The optional settings file (`--config PATH`, or `./callstat.toml` when
//! present): defaults for the metric rules and per-queue service-level
//! thresholds and staffing targets. Command-line flags override it.
//!
//! ```toml
//! [defaults]
//! sl_threshold = "20s"        # or a list: ["20s", "60s"]
//! sl_formula = "exclude-short"
//! short_abandon = "5s"
//! preset = "genesys"
//!
//! [queues.vip]
//! sl_threshold = "10s"
//! target = "90/10"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// The default file name looked up in the working directory.
pub const DEFAULT_NAME: &str = "callstat.toml";

/// A duration or a list of durations, as text.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn joined(&self) -> String {
        match self {
            OneOrMany::One(s) => s.clone(),
            OneOrMany::Many(v) => v.join(","),
        }
    }
}

/// `[defaults]`: the same names as the flags, with `_` for `-`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub preset: Option<String>,
    pub short_abandon: Option<String>,
    pub sl_threshold: Option<OneOrMany>,
    pub sl_formula: Option<String>,
    pub sl_boundary: Option<String>,
    pub abandon_formula: Option<String>,
    pub attribute_by: Option<String>,
    pub fcr_window: Option<String>,
    pub fcr_min_gap: Option<String>,
    pub fcr_scope: Option<String>,
    pub fcr_censored: Option<String>,
    pub csat_scale: Option<String>,
    pub csat_top_box: Option<String>,
    pub outcome: Option<OneOrMany>,
}

/// `[queues.NAME]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct QueueSettings {
    /// Service-level threshold of this queue (one duration).
    pub sl_threshold: Option<String>,
    /// Staffing target of this queue (`80/20`).
    pub target: Option<String>,
}

/// The whole file.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SettingsFile {
    #[serde(skip)]
    pub path: PathBuf,
    #[serde(default)]
    pub defaults: Defaults,
    #[serde(default)]
    pub queues: BTreeMap<String, QueueSettings>,
}

/// Loads the file named by `--config`, or `./callstat.toml` if it exists.
pub fn load(explicit: Option<&Path>) -> Result<Option<SettingsFile>> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let p = PathBuf::from(DEFAULT_NAME);
            if !p.is_file() {
                return Ok(None);
            }
            p
        }
    };
    let name = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| Error::Read { path: name.clone(), source: e })?;
    let mut f: SettingsFile = toml::from_str(&text)
        .map_err(|e| Error::BadFile { path: name, message: format!("not a valid settings file: {e}") })?;
    f.path = path;
    Ok(Some(f))
}

/// Parses one setting with the flag's own parser, naming file and key on error.
pub fn parse<T: std::str::FromStr<Err = String>>(file: &SettingsFile, key: &str, value: &str) -> Result<T> {
    value
        .parse::<T>()
        .map_err(|e| Error::BadFile { path: file.path.display().to_string(), message: format!("{key}: {e}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_defaults_and_queues() {
        let f: SettingsFile = toml::from_str(
            "[defaults]\nsl_threshold = [\"20s\", \"60s\"]\npreset = \"genesys\"\n\n[queues.vip]\nsl_threshold = \"10s\"\ntarget = \"90/10\"\n",
        )
        .unwrap();
        assert_eq!(f.defaults.sl_threshold.unwrap().joined(), "20s,60s");
        assert_eq!(f.defaults.preset.as_deref(), Some("genesys"));
        assert_eq!(f.queues["vip"].target.as_deref(), Some("90/10"));
        assert!(toml::from_str::<SettingsFile>("[defaults]\nsl_treshold = \"1s\"\n").is_err());
    }
}
