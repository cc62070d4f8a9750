//! The command-line surface: clap derive structs and nothing else.
//!
//! Doc comments here are the `--help` text. Values that need parsing go
//! through `values`, so mistakes are usage errors (exit 2). This module may
//! not open files or compute anything; `config` turns it into settings.

pub mod calls_args;
pub mod input_args;
pub mod inspect_args;
pub mod output_args;
pub mod report_args;
pub mod rule_args;
pub mod run_args;
pub mod staffing_args;
pub mod window_args;

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};

pub use input_args::{InputArgs, RejectArgs};
pub use output_args::{OutputArgs, ReportOutputArgs};
pub use report_args::ReportArgs;
pub use rule_args::{RuleArgs, ValidityArgs};
pub use staffing_args::{StaffingArgs, Target};
pub use window_args::{FillArgs, WindowArgs, ZoneArgs};

use crate::choice::Choice;
use crate::values;

/// The value parser of a `Choice` type: its spellings, with their help, as
/// clap's possible values.
pub fn choice<T: Choice + Clone>() -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(T::CHOICES.iter().map(|(name, _, help)| PossibleValue::new(*name).help(*help)))
        .try_map(|s| crate::choice::parse::<T>(&s))
}

/// `callstat --version`: the version and the git commit it was built from.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("CALLSTAT_COMMIT"), ")");

const ABOUT: &str = "Contact-center metrics from call detail records (CDRs)";

const LONG_ABOUT: &str = "\
callstat reads call detail records (CSV or Parquet, one row per contact offered to a queue) \
and prints the numbers a contact-center floor is run on: offered, answered, abandoned, \
abandon rate, ASA, AHT, service level, FCR, CSAT and transfer rate, per queue, agent, \
interval or day. Every metric is defined in words by `callstat metrics`.";

const AFTER_HELP: &str = "\
Examples:
  callstat report calls.csv                       # per queue, as a table
  callstat report calls.csv --by queue,interval --interval 15m --tz Europe/Berlin
  callstat report 'exports/*.csv' --by agent --format csv -o agents.csv
  callstat report calls.csv --metrics service_level:all --preset genesys
  callstat staffing calls.csv --target 80/20 --shrinkage 0.3
  callstat report vendor.csv --mapping vendor.toml  # other column names, local times
  callstat report /var/log/asterisk/queue_log     # also Master.csv, Amazon Connect CTRs
  callstat inspect 'exports/*.csv'                # what callstat makes of the files
  callstat calls calls.csv --abandoned --wait-over 60s   # the calls behind a number
  callstat calls calls.csv --callback --since yesterday  # whom to call back
  callstat run reports.toml --dry-run             # what a reports file would write
  callstat metrics                                # what each column means
  callstat generate --rows 5000 --days 7 --seed 1 -o calls.csv

Exit codes: 0 ok, 1 other failure, 2 usage error, 3 input rejected
(missing or empty file, missing column, an invalid row under --strict, more
invalid rows than --max-invalid), 4 a --fail-if rule was breached (the
report was still written).";

#[derive(Debug, Parser)]
#[command(
    name = "callstat",
    version = VERSION,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    max_term_width = 100,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute the metrics from CDR files, grouped by queue, agent, interval or day.
    #[command(after_help = REPORT_AFTER_HELP)]
    Report(Box<ReportArgs>),
    /// List the metrics: id, label, unit and definition in words.
    Metrics(MetricsArgs),
    /// Erlang C staffing per queue and interval: agents needed for a service-level target.
    #[command(after_help = STAFFING_AFTER_HELP)]
    Staffing(StaffingArgs),
    /// Show what callstat reads from files: format, columns, mapping, row accounting, span, queues.
    Inspect(inspect_args::InspectArgs),
    /// Write a realistic synthetic CDR file in the canonical schema.
    Generate(GenerateArgs),
    /// List the individual calls behind a number: abandoned, slow, repeats, per queue or agent.
    Calls(calls_args::CallsArgs),
    /// Write several named reports from one read of the data, as listed in a TOML file.
    #[command(after_help = run_args::keys_help())]
    Run(run_args::RunArgs),
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell.
    Completions(CompletionsArgs),
    /// Print the manual page (roff) generated from the command-line definitions.
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell, e.g. `callstat completions bash > /etc/bash_completion.d/callstat`.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A subcommand's page instead of the main one (e.g. report).
    pub command: Option<String>,
}

const REPORT_AFTER_HELP: &str = "\
Input: one row per contact offered to a queue, with a header naming the canonical columns
  call_id, queue, arrived_at, ended_at (required)
  agent, caller, direction, answered_at, hold_s, acw_s, transferred, csat (optional)
Timestamps are RFC 3339 (2026-03-02T09:15:03Z, ...+01:00, fractions allowed); a timestamp
without an offset is read in --input-tz. Invalid and duplicate rows are left out and summed
up on stderr (or rejected with exit code 3 under --strict).
Other column names: built-in aliases (uniqueid, ContactId, skill, ani, ...), --map, --mapping.
Other formats: Asterisk queue_log (detected), Master.csv (--input-format asterisk-cdr),
Amazon Connect contact records (.json/.jsonl). `callstat inspect` shows what is read.

Examples:
  callstat report calls.csv --by queue,interval
  callstat report jan.csv feb.parquet --by day --tz America/New_York --format json
  cat calls.csv | callstat report - --by total";

const STAFFING_AFTER_HELP: &str = "\
For each queue and interval: offered calls and AHT give the traffic (Erlangs), and the Erlang C
model gives the agents required for the target, its probability of wait, expected service
level, ASA and occupancy, next to the agents actually seen answering calls and the service
level actually achieved (answered within T / (offered - short abandons < 5s)). Erlang C assumes
Poisson arrivals and callers who never abandon.

Examples:
  callstat staffing calls.csv --interval 30m --target 80/20
  callstat staffing calls.csv --target 90/30 --shrinkage 0.3 --max-occupancy 0.85 --format csv";

#[derive(Debug, Args)]
pub struct MetricsArgs {
    /// Output format.
    #[arg(long, default_value = "table", value_parser = choice::<crate::metrics::MetricsOutput>())]
    pub format: crate::metrics::MetricsOutput,

    /// Show what a vendor preset sets (and list the presets).
    #[arg(long, value_name = "PRESET", value_parser = choice::<crate::metrics::preset::Preset>())]
    pub preset: Option<crate::metrics::preset::Preset>,

    /// Show the effective settings of this settings file (default: ./callstat.toml when present).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of rows to write.
    #[arg(long, default_value_t = 5000)]
    pub rows: u64,

    /// Number of days the calls span.
    #[arg(long, default_value_t = 7)]
    pub days: u32,

    /// Random seed; the same seed gives the same file.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// First day (local date in --tz).
    #[arg(long, default_value = "2026-03-02", value_name = "YYYY-MM-DD")]
    pub start: chrono::NaiveDate,

    /// Zone of the contact center's opening hours.
    #[arg(long, default_value = "Europe/Berlin", value_name = "TZ", value_parser = values::parse_tz)]
    pub tz: chrono_tz::Tz,

    /// Fraction of rows replaced by invalid ones, cycling through every kind.
    #[arg(long, default_value = "0", value_name = "FRACTION", value_parser = values::parse_fraction)]
    pub dirty: f64,

    /// Write Parquet columns as strings instead of typed timestamps, integers and booleans.
    #[arg(long)]
    pub string_columns: bool,

    /// Output file: .csv or .parquet.
    #[arg(short, long, value_name = "PATH")]
    pub output: PathBuf,

    /// No "wrote N rows" line on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
