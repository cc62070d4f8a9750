//! Typed, validated settings per command, built once from the parsed
//! command line: the only importer of `cli`. Everything after this layer
//! takes these settings, never clap structs. The precedence of a setting
//! (flag or `run` report key > settings file > preset > default) is
//! written once, in `layers`. May not compute anything over data.

pub mod calls;
pub mod common;
pub mod emit;
pub mod inspect;
pub mod layers;
pub mod load;
pub mod other;
pub mod report;
pub mod rules;
pub mod run;
pub mod settings_file;
pub mod staffing;

pub use calls::CallsConfig;
pub use emit::{Clock, Emit, OutputSettings};
pub use inspect::InspectConfig;
pub use load::LoadSettings;
pub use other::{GenerateConfig, MetricsConfig, TextConfig};
pub use report::ReportConfig;
pub use staffing::StaffingConfig;
