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
}

/// Builds the settings; reads the mapping file.
pub fn build(a: &InputArgs, input_tz: Tz) -> Result<InputSettings> {
    let mapping = Mapping::build(&a.map, a.mapping.as_deref())?;
    Ok(InputSettings {
        delimiter: a.delimiter.or(mapping.delimiter),
        mapping,
        input_tz,
        queue_log: QueueLogOptions { abandon_events: a.abandon_events.clone(), stitch: a.stitch },
    })
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
