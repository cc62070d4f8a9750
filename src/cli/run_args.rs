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

    /// Check the file and print, per report, what it would write, where, and from which
    /// inputs; read no data and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `callstat run --help`'s list of keys, from the flags of `callstat report`.
pub fn keys_help() -> String {
    use clap::Args as _;
    let cmd = super::ReportArgs::augment_args(clap::Command::new("report"));
    let keys: Vec<String> = cmd
        .get_arguments()
        .filter(|a| a.get_id() != "files")
        .map(|a| a.get_id().as_str().to_string())
        .collect();
    let mut text = String::from(
        "The file: `inputs = [\"FILES or 'GLOBS'\"]`, then any key below as a default for every report, then one\n\
         [[report]] table per report with `name`, `output` and any key below. Keys are the flags of\n\
         `callstat report` with _ for - (a list for a repeatable flag; true for a switch); keys about\n\
         reading the inputs belong at the top. Relative paths are relative to the file's folder.\n\nKeys:",
    );
    let mut line = String::new();
    for k in keys {
        if line.len() + k.len() > 90 {
            text.push_str(&format!("\n  {}", line.trim_end()));
            line.clear();
        }
        line.push_str(&k);
        line.push_str(", ");
    }
    text.push_str(&format!("\n  {}", line.trim_end_matches(", ")));
    text.push_str(
        "\n\nExample: reports.example.toml in the source tree; `callstat run FILE --dry-run` checks one.",
    );
    text
}
