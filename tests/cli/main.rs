//! The one integration-test binary: runs the built `callstat` the way a
//! user does and checks stdout, stderr and the exit code.

mod harness;

mod analyst;
mod binary;
mod cron;
mod cron_safety;
mod drill;
mod entrance;
mod errors;
mod formats;
mod fuzz_regressions;
mod golden;
mod hostile;
mod html;
mod inputs;
mod inspect;
mod layers;
mod outputs;
mod run_file;
mod streaming;
mod tiny;
mod variants;
