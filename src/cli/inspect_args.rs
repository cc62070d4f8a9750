//! Flags of `callstat inspect`.

use clap::Args;

use super::InputFormat;
use super::input_args::InputArgs;
use crate::values;

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Files to look at: paths, quoted globs, or - for stdin.
    #[arg(required = true, value_name = "FILES")]
    pub files: Vec<String>,

    /// Input format; by default taken from the extension or the content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,

    /// Zone of input timestamps that carry no offset (IANA name).
    #[arg(long, default_value = "UTC", value_name = "TZ", value_parser = values::parse_tz)]
    pub input_tz: chrono_tz::Tz,

    /// Zone the time span is shown in (IANA name).
    #[arg(long, default_value = "UTC", value_name = "TZ", value_parser = values::parse_tz)]
    pub tz: chrono_tz::Tz,

    #[command(flatten)]
    pub input: InputArgs,
}
