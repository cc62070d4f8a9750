//! What a reader needs besides the bytes: the mapping in force, the
//! delimiter, the zone of times without an offset, the queue_log options
//! and `--on-error`. Built by `config::load`.

use chrono_tz::Tz;

use super::mapping::Mapping;
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
