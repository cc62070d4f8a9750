//! Typed input settings for `report` (and `inspect`), built once from
//! `InputArgs`: the mapping in force, the delimiter, the zone of times
//! without an offset and the queue_log options. `config.rs` calls `build`.

use chrono_tz::Tz;

use super::Format;
use super::mapping::Mapping;
use crate::cli::InputFormat;
use crate::cli::input_args::InputArgs;
use crate::error::Result;

/// Options of the Asterisk queue_log reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueLogOptions {
    /// Exit events counted as abandons (upper case).
    pub abandon_events: Vec<String>,
    /// One row per call across queues.
    pub stitch: bool,
}

impl Default for QueueLogOptions {
    fn default() -> Self {
        QueueLogOptions {
            abandon_events: ["ABANDON", "EXITWITHTIMEOUT", "EXITWITHKEY", "EXITEMPTY"]
                .map(String::from)
                .to_vec(),
            stitch: false,
        }
    }
}

/// Everything a reader needs besides the bytes.
#[derive(Debug, Clone, Default)]
pub struct InputSettings {
    pub mapping: Mapping,
    /// `--delimiter`, else the mapping's, else detected per file.
    pub delimiter: Option<u8>,
    pub input_tz: Tz,
    pub queue_log: QueueLogOptions,
    /// `--on-error` (report only).
    pub on_error: crate::quarantine::OnError,
    /// Input columns kept beside the canonical ones (`--by NAME`,
    /// `--fcr-key NAME`); only CSV and Parquet files have them.
    pub extra: Vec<String>,
}

/// Builds the settings; reads the mapping file.
pub fn build(a: &InputArgs, input_tz: Tz) -> Result<InputSettings> {
    let mapping = Mapping::build(&a.map, a.mapping.as_deref())?;
    Ok(InputSettings {
        delimiter: a.delimiter.or(mapping.delimiter),
        mapping,
        input_tz,
        queue_log: QueueLogOptions { abandon_events: a.abandon_events.clone(), stitch: a.stitch },
        on_error: a.on_error.clone(),
        extra: Vec::new(),
    })
}

impl InputSettings {
    /// Opens the quarantine file and hands it to the loader, when asked for.
    pub fn prepare(&self, loader: &mut crate::dataset::Loader) -> Result<()> {
        if let crate::quarantine::OnError::Quarantine(p) = &self.on_error {
            loader.quarantine(crate::quarantine::Quarantine::create(p.clone())?);
        }
        Ok(())
    }

    /// Whether the first invalid row is an error (`--on-error fail`).
    pub fn fail_on_error(&self) -> bool {
        self.on_error == crate::quarantine::OnError::Fail
    }
}

/// Settings of `callstat inspect`.
#[derive(Debug, Clone)]
pub struct InspectConfig {
    pub inputs: Vec<super::Input>,
    pub input: InputSettings,
    pub tz: Tz,
}

impl InspectConfig {
    pub fn from_args(a: crate::cli::inspect_args::InspectArgs) -> Result<Self> {
        let inputs = super::resolve(&a.files, forced_format(a.input_format))?;
        Ok(InspectConfig { inputs, input: build(&a.input, a.input_tz)?, tz: a.tz })
    }
}

/// The reader format for an `--input-format` value.
pub fn forced_format(f: Option<InputFormat>) -> Option<Format> {
    f.map(|f| match f {
        InputFormat::Csv => Format::Csv,
        InputFormat::Parquet => Format::Parquet,
        InputFormat::AsteriskQueueLog => Format::QueueLog,
        InputFormat::AsteriskCdr => Format::AsteriskCdr,
        InputFormat::AmazonConnect => Format::AmazonConnect,
    })
}
