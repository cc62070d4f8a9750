//! The settings every command that reads CDRs shares: the resolved inputs,
//! what the readers need (mapping, delimiter, zones, queue_log options,
//! `--on-error`), and what the loader needs (report zone, attribution,
//! CSAT scale, `--strict`, `--quiet`). `commands::pipeline::load` takes them.

use chrono_tz::Tz;

use crate::cli::{InputArgs, RejectArgs};
use crate::error::Result;
use crate::input::mapping::Mapping;
use crate::input::settings::{InputSettings, QueueLogOptions};
use crate::input::{self, Input};
use crate::quarantine::OnError;
use crate::values::Attribution;

/// How the inputs are read and validated.
#[derive(Debug, Clone)]
pub struct LoadSettings {
    pub inputs: Vec<Input>,
    pub input: InputSettings,
    /// The report zone: the loader derives each call's local time in it.
    pub tz: Tz,
    pub attribution: Attribution,
    pub csat_scale: (i64, i64),
    /// Stop at the first invalid row (`--strict` or `--on-error fail`).
    pub strict: bool,
    /// No rejected-row summary and no spinner on stderr.
    pub quiet: bool,
    /// `--max-invalid`: more invalid rows than this fail the run.
    pub max_invalid: Option<crate::values::Limit>,
    /// The command lists the rejected rows itself (`inspect`): no summary
    /// or warnings about them on stderr.
    pub lists_rejects: bool,
}

impl LoadSettings {
    /// The part `callstat run` reports must share to share one read.
    pub fn same_read(&self, other: &LoadSettings) -> bool {
        self.tz == other.tz && self.attribution == other.attribution && self.csat_scale == other.csat_scale
    }
}

/// The reader settings from the input flags; reads the mapping file.
pub fn input_settings(a: &InputArgs, input_tz: Tz, on_error: OnError) -> Result<InputSettings> {
    let mapping = Mapping::build(&a.map, a.mapping.as_deref())?;
    Ok(InputSettings {
        delimiter: a.delimiter.or(mapping.delimiter),
        mapping,
        input_tz,
        queue_log: QueueLogOptions { abandon_events: a.abandon_events.clone(), stitch: a.stitch },
        on_error,
        extra: Vec::new(),
    })
}

/// The load settings of a reporting command.
pub fn load_settings(
    a: &InputArgs,
    reject: Option<&RejectArgs>,
    layers: &super::layers::Layers,
    tz: Tz,
    attribution: Attribution,
    csat_scale: (i64, i64),
    quiet: bool,
) -> Result<LoadSettings> {
    let inputs = input::resolve(&a.files, a.input_format)?;
    let on_error = reject.map_or(OnError::Skip, |r| r.on_error.clone());
    if let OnError::Quarantine(q) = &on_error
        && inputs.iter().any(|i| i.is_file(q))
    {
        return Err(crate::error::Error::Usage(format!(
            "--on-error quarantine={}: that file is also an input, and the quarantine file would overwrite it; name another file",
            q.display()
        )));
    }
    let input = input_settings(a, layers.input_tz(a.input_tz)?, on_error)?;
    let strict = reject.is_some_and(|r| r.strict) || input.fail_on_error();
    Ok(LoadSettings {
        inputs,
        input,
        tz,
        attribution,
        csat_scale,
        strict,
        quiet,
        max_invalid: reject.and_then(|r| r.max_invalid),
        lists_rejects: false,
    })
}
