//! Flags of `callstat inspect`.

use clap::Args;

use super::{InputArgs, ValidityArgs, ZoneArgs};

#[derive(Debug, Clone, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// The zone the time span is shown in.
    #[command(flatten)]
    pub zone: ZoneArgs,

    #[command(flatten)]
    pub validity: ValidityArgs,
}
