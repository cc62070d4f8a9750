//! One module per subcommand, each with the same shape: a `run` that takes
//! the command's settings and the sinks it may write to; `pipeline` is the
//! load and emit path they share.

pub mod calls;
pub mod generate;
pub mod inspect;
pub mod metrics;
pub mod pipeline;
pub mod report;
pub mod run;
pub mod staffing;
pub mod text;
