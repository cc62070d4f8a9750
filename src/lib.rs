//! callstat: contact-center metrics from call detail records.
//!
//! Data flows one way: `cli` (flags) → `config` (typed settings) →
//! `commands` → `input` + `schema` + `dataset` (rows to accepted calls) →
//! `report` (the aggregation and the `Report` model) → `output`
//! (renderers). `metrics` is the registry every layer reads definitions from.

pub mod cli;
pub mod commands;
pub mod config;
pub mod dataset;
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
pub mod settings_file;
pub mod values;
pub mod window;

pub use error::{Error, Result};

/// Runs one parsed command line.
pub fn run(cli: cli::Cli) -> Result<()> {
    let stdout = std::io::stdout();
    let stderr = output::stderr::Messages;
    match cli.command {
        cli::Command::Report(args) => {
            let cfg = config::ReportConfig::from_args(*args)?;
            commands::report::run(&cfg, &mut stdout.lock(), &mut stderr.lock())
        }
        cli::Command::Metrics(args) => {
            let cfg = config::MetricsConfig::from_args(&args)?;
            commands::metrics::run(&cfg, &mut stdout.lock())
        }
        cli::Command::Staffing(args) => {
            let cfg = config::StaffingConfig::from_args(args)?;
            commands::staffing::run(&cfg, &mut stdout.lock(), &mut stderr.lock())
        }
        cli::Command::Inspect(args) => {
            let cfg = input::settings::InspectConfig::from_args(args)?;
            commands::inspect::run(&cfg, &mut stdout.lock())
        }
        cli::Command::Calls(args) => {
            let cfg = commands::calls::CallsConfig::from_args(args)?;
            commands::calls::run(&cfg, &mut stdout.lock(), &mut stderr.lock())
        }
        cli::Command::Run(args) => commands::run::run(&args, &mut stdout.lock(), &mut stderr.lock()),
        cli::Command::Generate(args) => {
            let cfg = config::GenerateConfig::from_args(args);
            commands::generate::run(&cfg, &mut stderr.lock())
        }
    }
}
