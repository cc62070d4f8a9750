//! The one rule of precedence, written once for every setting of every
//! command: a flag given on the command line (or a key of a `callstat run`
//! report, which becomes that flag) > the settings file's `[defaults]` >
//! the preset > the built-in default. `Layers::get` is generic over the
//! value type and parses a file value with the flag's own parser, so a
//! value means the same wherever it is written.

use std::str::FromStr;

use clap::Args;

use super::settings_file::{self, SettingsFile, flag_text};
use crate::cli::RuleArgs;
use crate::error::Result;

/// The settings file in force (if any), checked against the rule flags.
#[derive(Debug, Clone, Default)]
pub struct Layers {
    pub file: Option<SettingsFile>,
}

/// The `[defaults]` keys: the ids of the rule flags (`config` excepted),
/// and the two zones.
pub fn default_keys() -> Vec<String> {
    let cmd = RuleArgs::augment_args(clap::Command::new("rules"));
    let mut keys: Vec<String> =
        cmd.get_arguments().map(|a| a.get_id().as_str().to_string()).filter(|id| id != "config").collect();
    keys.extend(["tz", "input_tz"].map(String::from));
    keys
}

/// A zone that `chrono_tz` names, for `[defaults]` values.
#[derive(Debug, Clone, Copy)]
pub struct Zone(pub chrono_tz::Tz);

impl FromStr for Zone {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        crate::values::parse_tz(s).map(Zone)
    }
}

impl Layers {
    /// The report zone: `--tz`, else the file's `tz`, else `$TZ` when it is
    /// an IANA name (a leading `:` allowed), else UTC.
    pub fn tz(&self, flag: Option<chrono_tz::Tz>) -> Result<chrono_tz::Tz> {
        if let Some(z) = self.get::<Zone>("tz", flag.map(Zone))? {
            return Ok(z.0);
        }
        let env = std::env::var("TZ").ok();
        Ok(env
            .and_then(|t| t.trim_start_matches(':').parse::<chrono_tz::Tz>().ok())
            .unwrap_or(chrono_tz::Tz::UTC))
    }

    /// The zone of times without an offset: `--input-tz`, else the file's `input_tz`, else UTC.
    pub fn input_tz(&self, flag: Option<chrono_tz::Tz>) -> Result<chrono_tz::Tz> {
        Ok(self.get::<Zone>("input_tz", flag.map(Zone))?.map_or(chrono_tz::Tz::UTC, |z| z.0))
    }
}

impl Layers {
    /// Loads `--config PATH`, or `./callstat.toml` when present, and checks its keys.
    pub fn load(explicit: Option<&std::path::Path>) -> Result<Layers> {
        let file = settings_file::load(explicit)?;
        if let Some(f) = &file {
            let keys = default_keys();
            for k in f.defaults.keys() {
                if !keys.contains(k) {
                    let hint = closest(k, &keys).map(|c| format!("did you mean '{c}'? ")).unwrap_or_default();
                    return Err(f.error(format!(
                        "[defaults]: unknown key '{k}'; {hint}keys are the rule flags with _ for -: {}",
                        keys.join(", ")
                    )));
                }
            }
        }
        Ok(Layers { file })
    }

    /// The flag when given, else the settings file's value of `key`.
    pub fn get<T: FromStr<Err: std::fmt::Display>>(&self, key: &str, flag: Option<T>) -> Result<Option<T>> {
        if flag.is_some() {
            return Ok(flag);
        }
        match self.file.as_ref().and_then(|f| f.defaults.get(key).map(|v| (f, v))) {
            Some((f, v)) => f.parse(key, &flag_text(v)).map(Some),
            None => Ok(None),
        }
    }

    /// A repeatable flag: the file's values first, then the flags', so a
    /// flag wins where they disagree.
    pub fn list<T: FromStr<Err: std::fmt::Display> + Clone>(&self, key: &str, flags: &[T]) -> Result<Vec<T>> {
        let mut out = Vec::new();
        if let Some((f, v)) = self.file.as_ref().and_then(|f| f.defaults.get(key).map(|v| (f, v))) {
            for part in flag_text(v).split(',').filter(|p| !p.trim().is_empty()) {
                out.push(f.parse::<T>(key, part)?);
            }
        }
        out.extend(flags.iter().cloned());
        Ok(out)
    }
}

/// The candidate nearest to `word` by edit distance, if it is close.
pub fn closest<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    let dist = |a: &str, b: &str| {
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut cur = vec![i + 1];
            for (j, cb) in b.iter().enumerate() {
                cur.push((prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
            }
            prev = cur;
        }
        prev[b.len()]
    };
    candidates
        .iter()
        .map(|c| (dist(word, c), c.as_str()))
        .filter(|(d, _)| *d <= 2.max(word.len() / 4))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Seconds;

    fn layers(toml_text: &str) -> Layers {
        let mut f: SettingsFile = toml::from_str(toml_text).unwrap();
        f.path = "callstat.toml".into();
        Layers { file: Some(f) }
    }

    #[test]
    fn flag_beats_file_beats_nothing() {
        let l = layers("[defaults]\nshort_abandon = \"8s\"\noutcome = [\"callback=flow-out\"]\n");
        assert_eq!(l.get::<Seconds>("short_abandon", None).unwrap(), Some(Seconds(8)));
        assert_eq!(l.get("short_abandon", Some(Seconds(3))).unwrap(), Some(Seconds(3)));
        assert_eq!(l.get::<Seconds>("fcr_window", None).unwrap(), None);
        let rules: Vec<crate::metrics::OutcomeRule> =
            l.list("outcome", &["callback=abandon".parse().unwrap()]).unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[1].1, crate::metrics::Outcome::Abandon);
        let err = l.get::<Seconds>("short_abandon", None).map(|_| ()).and(
            layers("[defaults]\nshort_abandon = \"x\"\n").get::<Seconds>("short_abandon", None).map(|_| ()),
        );
        assert!(err.unwrap_err().to_string().starts_with("callstat.toml: short_abandon: "));
    }

    #[test]
    fn keys_come_from_the_rule_flags() {
        let keys = default_keys();
        for k in ["preset", "sl_threshold", "csat_scale", "fcr_censored", "interval", "outcome"] {
            assert!(keys.iter().any(|x| x == k), "{k} in {keys:?}");
        }
        assert!(!keys.iter().any(|x| x == "config"));
        assert_eq!(closest("sl_treshold", &keys), Some("sl_threshold"));
    }
}
