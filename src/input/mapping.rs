//! Column mapping: which source column feeds each canonical column, and how
//! its values are spelled. Explicit `--map` pairs win over a `--mapping`
//! TOML file, which wins over the built-in aliases (`aliases.rs`).
//!
//! A mapping can also say how a vendor writes values: strftime timestamp
//! formats, the zone of times without an offset, duration units (seconds,
//! milliseconds, `hh:mm:ss`), boolean spellings, and wait/talk duration
//! columns from which answered_at/ended_at are derived. It converts values
//! into `Field`s; it never validates or drops a row.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDateTime};
use chrono_tz::Tz;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::schema::Col;
use crate::schema::timestamp::{self, US};

/// A mapping target: a canonical column, or a helper column used to derive one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Col(Col),
    /// Seconds waited in queue: answered_at = arrived_at + wait (answered calls).
    WaitS,
    /// Seconds connected: ended_at = arrived_at + wait + talk.
    TalkS,
    /// A boolean saying whether the call was answered (default: talk > 0).
    Answered,
}

impl Target {
    pub fn parse(name: &str) -> Option<Target> {
        let n = name.trim();
        match n {
            "wait_s" => Some(Target::WaitS),
            "talk_s" => Some(Target::TalkS),
            "answered" => Some(Target::Answered),
            _ => crate::schema::COLUMNS.iter().find(|c| c.name == n).map(|c| Target::Col(c.col)),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Target::Col(c) => c.name(),
            Target::WaitS => "wait_s",
            Target::TalkS => "talk_s",
            Target::Answered => "answered",
        }
    }
}

/// The names `--map` and `[columns]` accept, for messages.
pub fn target_names() -> String {
    let mut v: Vec<&str> = crate::schema::COLUMNS.iter().map(|c| c.name).collect();
    v.extend(["wait_s", "talk_s", "answered"]);
    v.join(", ")
}

/// How a duration column is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DurationUnit {
    #[default]
    Seconds,
    Milliseconds,
    #[serde(rename = "hh:mm:ss")]
    Hms,
}

/// How a timestamp column is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TsFormat {
    /// A chrono strftime pattern; with `%z` the text carries its offset.
    Strftime(String),
    /// Unix seconds (a fraction allowed).
    Epoch,
    /// Unix milliseconds.
    EpochMs,
}

/// The `--mapping` TOML file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    delimiter: Option<String>,
    time_zone: Option<String>,
    timestamp_format: Option<String>,
    duration_unit: Option<DurationUnit>,
    #[serde(default)]
    true_values: Vec<String>,
    #[serde(default)]
    false_values: Vec<String>,
    #[serde(default)]
    columns: BTreeMap<String, String>,
    #[serde(default)]
    timestamp_formats: BTreeMap<String, String>,
    #[serde(default)]
    duration_units: BTreeMap<String, DurationUnit>,
}

/// The mapping in force: `--map` pairs merged over the mapping file.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    /// Explicit column names (source header per target), `--map` first.
    pub columns: BTreeMap<Target, String>,
    pub delimiter: Option<u8>,
    /// Zone of timestamps without an offset, overriding `--input-tz`.
    pub tz: Option<Tz>,
    pub ts_format: BTreeMap<Col, TsFormat>,
    pub units: BTreeMap<Target, DurationUnit>,
    pub default_unit: DurationUnit,
    pub true_values: Vec<String>,
    pub false_values: Vec<String>,
    /// The mapping file, when one was given (for messages and `inspect`).
    pub file: Option<String>,
}

fn ts_format(s: &str) -> TsFormat {
    match s {
        "epoch" | "epoch_s" => TsFormat::Epoch,
        "epoch_ms" => TsFormat::EpochMs,
        f => TsFormat::Strftime(f.to_string()),
    }
}

/// Parses a delimiter spelling: one ASCII character, or `tab` / `\t`.
pub fn parse_delimiter(s: &str) -> std::result::Result<u8, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() && s != "\"" => Ok(s.as_bytes()[0]),
        _ => Err(format!("'{s}' is not a delimiter; give one character such as , ; | or the word tab")),
    }
}

/// Parses one `--map COLUMN=HEADER` pair.
pub fn parse_map_pair(s: &str) -> std::result::Result<(String, String), String> {
    let (k, v) =
        s.split_once('=').ok_or_else(|| format!("'{s}' is not COLUMN=HEADER, e.g. call_id=CallRef"))?;
    if Target::parse(k).is_none() {
        return Err(format!("'{k}' is not a canonical column; use one of {}", target_names()));
    }
    if v.trim().is_empty() {
        return Err(format!("'{s}': the header name after = is empty"));
    }
    Ok((k.trim().to_string(), v.trim().to_string()))
}

impl Mapping {
    /// Builds the mapping from `--map` pairs and an optional TOML file.
    pub fn build(pairs: &[(String, String)], file: Option<&Path>) -> Result<Mapping> {
        let mut m = Mapping::default();
        if let Some(path) = file {
            let name = path.display().to_string();
            let text =
                std::fs::read_to_string(path).map_err(|e| Error::Read { path: name.clone(), source: e })?;
            let bad = |message: String| Error::BadFile { path: name.clone(), message };
            let f: MappingFile =
                toml::from_str(&text).map_err(|e| bad(format!("not a valid mapping file: {e}")))?;
            m.file = Some(name.clone());
            if let Some(d) = &f.delimiter {
                m.delimiter = Some(parse_delimiter(d).map_err(bad)?);
            }
            if let Some(z) = &f.time_zone {
                m.tz = Some(
                    z.parse().map_err(|_| bad(format!("time_zone: unknown zone '{z}'; use an IANA name")))?,
                );
            }
            for (k, v) in &f.columns {
                let t = Target::parse(k).ok_or_else(|| {
                    bad(format!("[columns]: '{k}' is not a canonical column; use {}", target_names()))
                })?;
                m.columns.insert(t, v.clone());
            }
            for c in [Col::ArrivedAt, Col::AnsweredAt, Col::EndedAt] {
                if let Some(fmt) = f.timestamp_formats.get(c.name()).or(f.timestamp_format.as_ref()) {
                    m.ts_format.insert(c, ts_format(fmt));
                }
            }
            for k in f.timestamp_formats.keys() {
                if !matches!(k.as_str(), "arrived_at" | "answered_at" | "ended_at") {
                    return Err(bad(format!(
                        "[timestamp_formats]: '{k}' is not arrived_at, answered_at or ended_at"
                    )));
                }
            }
            m.default_unit = f.duration_unit.unwrap_or_default();
            for (k, u) in &f.duration_units {
                let t = Target::parse(k).filter(|t| {
                    matches!(
                        t,
                        Target::WaitS | Target::TalkS | Target::Col(Col::HoldS) | Target::Col(Col::AcwS)
                    )
                });
                let t = t.ok_or_else(|| {
                    bad(format!("[duration_units]: '{k}' is not hold_s, acw_s, wait_s or talk_s"))
                })?;
                m.units.insert(t, *u);
            }
            m.true_values = f.true_values.iter().map(|s| s.trim().to_ascii_lowercase()).collect();
            m.false_values = f.false_values.iter().map(|s| s.trim().to_ascii_lowercase()).collect();
        }
        for (k, v) in pairs {
            let t = Target::parse(k).ok_or_else(|| Error::Usage(format!("--map: unknown column '{k}'")))?;
            m.columns.insert(t, v.clone());
        }
        Ok(m)
    }

    /// The unit of a duration target.
    pub fn unit(&self, t: Target) -> DurationUnit {
        self.units.get(&t).copied().unwrap_or(self.default_unit)
    }

    /// A duration in whole seconds (milliseconds rounded half up), or None.
    pub fn duration(&self, t: Target, text: &str) -> Option<i64> {
        parse_duration(self.unit(t), text.trim())
    }

    /// A boolean in the mapping's spellings (plus true/false), or None.
    pub fn boolean(&self, text: &str) -> Option<bool> {
        let t = text.trim().to_ascii_lowercase();
        if t == "true" || self.true_values.contains(&t) {
            Some(true)
        } else if t == "false" || self.false_values.contains(&t) {
            Some(false)
        } else {
            None
        }
    }

    /// Whether values of `col` are converted by the mapping before validation.
    pub fn converts(&self, col: Col) -> bool {
        match col {
            Col::ArrivedAt | Col::AnsweredAt | Col::EndedAt => {
                self.ts_format.contains_key(&col) || self.tz.is_some()
            }
            Col::HoldS | Col::AcwS => self.unit(Target::Col(col)) != DurationUnit::Seconds,
            Col::Transferred => !self.true_values.is_empty() || !self.false_values.is_empty(),
            _ => false,
        }
    }

    /// A timestamp in the mapping's format and zone (`fallback_tz` when the
    /// mapping names none), as microseconds since the epoch, UTC.
    pub fn instant(&self, col: Col, text: &str, fallback_tz: Tz) -> Option<i64> {
        let tz = self.tz.unwrap_or(fallback_tz);
        let text = text.trim();
        match self.ts_format.get(&col) {
            None => timestamp::parse_in(text, tz).ok(),
            Some(TsFormat::Epoch) => {
                let v: f64 = text.parse().ok()?;
                v.is_finite().then(|| (v * US as f64).round() as i64)
            }
            Some(TsFormat::EpochMs) => text.parse::<i64>().ok().map(|ms| ms * 1000),
            Some(TsFormat::Strftime(f)) => {
                if f.contains("%z") || f.contains("%:z") || f.contains("%#z") {
                    DateTime::parse_from_str(text, f).ok().map(|d| d.timestamp_micros())
                } else {
                    let n = NaiveDateTime::parse_from_str(text, f).ok()?;
                    timestamp::local_to_instant(n.and_utc().timestamp_micros(), tz).ok()
                }
            }
        }
    }
}

/// Parses a duration in `unit` to whole seconds.
pub fn parse_duration(unit: DurationUnit, t: &str) -> Option<i64> {
    let v = match unit {
        DurationUnit::Seconds => t.parse::<i64>().ok().or_else(|| {
            let f: f64 = t.parse().ok()?;
            (f.is_finite() && f.fract() == 0.0).then_some(f as i64)
        })?,
        DurationUnit::Milliseconds => {
            let ms: i64 = t.parse().ok()?;
            (ms + 500).div_euclid(1000)
        }
        DurationUnit::Hms => {
            let parts: Vec<&str> = t.split(':').collect();
            if parts.is_empty() || parts.len() > 3 {
                return None;
            }
            let mut total = 0i64;
            for p in parts {
                if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                total = total * 60 + p.parse::<i64>().ok()?;
            }
            total
        }
    };
    (v >= 0).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_unit() {
        assert_eq!(parse_duration(DurationUnit::Seconds, "42"), Some(42));
        assert_eq!(parse_duration(DurationUnit::Seconds, "42.0"), Some(42));
        assert_eq!(parse_duration(DurationUnit::Seconds, "-1"), None);
        assert_eq!(parse_duration(DurationUnit::Milliseconds, "1499"), Some(1));
        assert_eq!(parse_duration(DurationUnit::Milliseconds, "1500"), Some(2));
        assert_eq!(parse_duration(DurationUnit::Hms, "01:02:03"), Some(3723));
        assert_eq!(parse_duration(DurationUnit::Hms, "4:05"), Some(245));
        assert_eq!(parse_duration(DurationUnit::Hms, "4:x5"), None);
    }

    #[test]
    fn mapping_file_and_map_pairs() {
        let dir = std::env::temp_dir().join(format!("callstat-mapping-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("m.toml");
        std::fs::write(
            &p,
            "delimiter = \";\"\ntime_zone = \"Europe/Berlin\"\ntimestamp_format = \"%d.%m.%Y %H:%M:%S\"\n\
             true_values = [\"Y\"]\nfalse_values = [\"N\"]\n[columns]\ncall_id = \"Ref\"\nwait_s = \"Wait\"\n\
             [duration_units]\nhold_s = \"hh:mm:ss\"\n",
        )
        .unwrap();
        let m = Mapping::build(&[("call_id".into(), "CallRef".into())], Some(&p)).unwrap();
        assert_eq!(m.columns[&Target::Col(Col::CallId)], "CallRef");
        assert_eq!(m.columns[&Target::WaitS], "Wait");
        assert_eq!(m.delimiter, Some(b';'));
        assert_eq!(m.boolean("y"), Some(true));
        assert_eq!(m.boolean("N"), Some(false));
        assert_eq!(m.duration(Target::Col(Col::HoldS), "0:30"), Some(30));
        // 02.03.2026 10:00:00 in Berlin is 09:00 UTC.
        let us = m.instant(Col::ArrivedAt, "02.03.2026 10:00:00", Tz::UTC).unwrap();
        assert_eq!(us, 1_772_442_000 * US);
        std::fs::write(&p, "[columns]\ncallid = \"x\"\n").unwrap();
        let e = Mapping::build(&[], Some(&p)).unwrap_err();
        assert!(e.to_string().contains("'callid' is not a canonical column"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn map_pairs_are_checked() {
        assert!(parse_map_pair("call_id=Ref").is_ok());
        assert!(parse_map_pair("callid=Ref").unwrap_err().contains("not a canonical column"));
        assert!(parse_map_pair("call_id").is_err());
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
    }
}
