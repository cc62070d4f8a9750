//! The process boundary: parse the command line, run, print the error chain,
//! turn the outcome into an exit code. Nothing else lives here.

use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = callstat::cli::Cli::parse();
    match callstat::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("callstat: error: {}", err.chain());
            ExitCode::from(err.exit_code())
        }
    }
}
