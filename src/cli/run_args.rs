//! Flags of `callstat run`: the reports file. The file's keys are the flags
//! of `callstat report` (see `config::run`).

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// The reports file (TOML): shared inputs and settings, then one [[report]] table per report.
    #[arg(value_name = "REPORTS.toml")]
    pub file: PathBuf,

    /// The clock for relative --since/--until and {date} (RFC 3339); default: the system clock.
    #[arg(long, value_name = "RFC3339", env = "CALLSTAT_NOW")]
    pub now: Option<String>,

    /// No warnings summary and no "written" lines on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}
