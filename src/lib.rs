//! callstat: contact-center metrics from call detail records.
//!
//! Data flows one way: `cli` (flags) → `config` (typed settings; the only
//! importer of `cli`) →
//! `commands` → `input` + `schema` + `dataset` (rows to accepted calls) →
//! `report` (the aggregation and the `Report` model) → `output`
//! (renderers). `metrics` is the registry every layer reads definitions from.

pub mod choice;
pub mod cli;
pub mod commands;
pub mod config;
pub mod dataset;
pub mod engine;
pub mod error;
pub mod generate;
pub mod input;
pub mod interned;
pub mod maybe;
pub mod metrics;
pub mod output;
pub mod progress;
pub mod quarantine;
pub mod report;
pub mod schema;
pub mod values;
pub mod window;

pub use error::{Error, Result};

/// Runs one parsed command line.
pub fn run(cli: cli::Cli) -> Result<()> {
    let stdout = std::io::stdout();
    let stderr = output::stderr::Messages;
    let (out, err) = (&mut stdout.lock(), &mut stderr.lock());
    match cli.command {
        cli::Command::Report(args) => {
            commands::report::run(&config::ReportConfig::from_args(*args)?, out, err)
        }
        cli::Command::Metrics(args) => commands::metrics::run(&config::MetricsConfig::from_args(&args)?, out),
        cli::Command::Staffing(args) => {
            commands::staffing::run(&config::StaffingConfig::from_args(args)?, out, err)
        }
        cli::Command::Inspect(args) => {
            commands::inspect::run(&config::InspectConfig::from_args(args)?, out, err)
        }
        cli::Command::Calls(args) => commands::calls::run(&config::CallsConfig::from_args(args)?, out, err),
        cli::Command::Run(args) => {
            let reports = config::run::reports(&args)?;
            if args.dry_run {
                return commands::run::dry_run(&reports, out);
            }
            commands::run::run(&reports, args.quiet, out, err)
        }
        cli::Command::Completions(args) => commands::text::run(&config::TextConfig::completions(&args), out),
        cli::Command::Man(args) => commands::text::run(&config::TextConfig::man(&args)?, out),
        cli::Command::Generate(args) => {
            commands::generate::run(&config::GenerateConfig::from_args(args), err)
        }
    }
}
