//! The optional settings file (`--config PATH`, or `./callstat.toml` when
//! present): `[defaults]` for the rule flags and per-queue service-level
//! thresholds and staffing targets. Its `[defaults]` keys are the rule
//! flags' names with `_` for `-` (the list comes from `cli::RuleArgs`, so a
//! new rule flag is a new key without further code); command-line flags
//! override them.
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

/// `[queues.NAME]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct QueueSettings {
    /// Service-level threshold of this queue (one duration).
    pub sl_threshold: Option<String>,
    /// Service-level target of this queue (`80/20`): staffing plans for it, and
    /// `--fail-if 'service_level<target'` checks it.
    pub target: Option<String>,
    /// ASA target (`30s`) for `--fail-if 'asa_s>target'`.
    pub asa_target: Option<String>,
    /// Abandon-rate target (`5%`) for `--fail-if 'abandon_rate>target'`.
    pub abandon_target: Option<String>,
}

/// The whole file.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SettingsFile {
    #[serde(skip)]
    pub path: PathBuf,
    /// Rule flag name (`_` for `-`) to value, checked by `config::layers`.
    #[serde(default)]
    pub defaults: BTreeMap<String, toml::Value>,
    #[serde(default)]
    pub queues: BTreeMap<String, QueueSettings>,
}

/// A TOML value as the text a flag would get: strings as they are, lists
/// joined with commas, numbers and booleans written out.
pub fn flag_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Array(items) => items.iter().map(flag_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

impl SettingsFile {
    /// An error about this file.
    pub fn error(&self, message: String) -> Error {
        Error::BadFile { path: self.path.display().to_string(), message }
    }

    /// Parses one setting with the flag's own parser, naming file and key on error.
    pub fn parse<T: std::str::FromStr<Err: std::fmt::Display>>(&self, key: &str, value: &str) -> Result<T> {
        value.parse::<T>().map_err(|e| self.error(format!("{key}: {e}")))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_defaults_and_queues() {
        let f: SettingsFile = toml::from_str(
            "[defaults]\nsl_threshold = [\"20s\", \"60s\"]\npreset = \"genesys\"\n\n[queues.vip]\nsl_threshold = \"10s\"\ntarget = \"90/10\"\n",
        )
        .unwrap();
        assert_eq!(flag_text(&f.defaults["sl_threshold"]), "20s,60s");
        assert_eq!(flag_text(&f.defaults["preset"]), "genesys");
        assert_eq!(f.queues["vip"].target.as_deref(), Some("90/10"));
        assert!(toml::from_str::<SettingsFile>("[queue.vip]\nsl_threshold = \"1s\"\n").is_err());
    }
}
