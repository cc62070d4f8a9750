//! Settings of the commands that read no CDRs: `metrics`, `generate`, and
//! `completions` and `man`, whose text is generated here from the clap
//! definitions (this layer is the one that may see them).

use std::path::PathBuf;

use super::layers::Layers;
use super::rules::rules_from;
use crate::cli::{CompletionsArgs, GenerateArgs, ManArgs, MetricsArgs, RuleArgs};
use crate::error::Result;
use crate::metrics::MetricsOutput;
use crate::metrics::Rules;
use crate::metrics::preset::Preset;
use crate::values::Attribution;

/// Settings of `callstat metrics`.
#[derive(Debug, Clone)]
pub struct MetricsConfig {
    pub format: MetricsOutput,
    pub preset: Option<Preset>,
    /// Effective rules when a settings file is in use.
    pub effective: Option<(Rules, Attribution, PathBuf)>,
}

impl MetricsConfig {
    pub fn from_args(a: &MetricsArgs) -> Result<Self> {
        let layers = Layers::load(a.config.as_deref())?;
        let effective = match &layers.file {
            Some(f) => {
                let r = rules_from(&RuleArgs::default(), &layers)?;
                Some((r.rules, r.attribution, f.path.clone()))
            }
            None => None,
        };
        Ok(MetricsConfig { format: a.format, preset: a.preset, effective })
    }
}

/// Settings of `callstat generate`.
#[derive(Debug, Clone)]
pub struct GenerateConfig {
    pub spec: crate::generate::GenSpec,
    pub output: PathBuf,
    pub string_columns: bool,
    pub quiet: bool,
}

impl GenerateConfig {
    pub fn from_args(a: GenerateArgs) -> Self {
        GenerateConfig {
            spec: crate::generate::GenSpec {
                rows: a.rows,
                days: a.days,
                seed: a.seed,
                start: a.start,
                tz: a.tz,
                dirty: a.dirty,
            },
            output: a.output,
            string_columns: a.string_columns,
            quiet: a.quiet,
        }
    }
}

/// A text to print as it is: a completion script or a manual page.
#[derive(Debug, Clone)]
pub struct TextConfig {
    pub text: Vec<u8>,
}

impl TextConfig {
    pub fn completions(a: &CompletionsArgs) -> TextConfig {
        let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
        let mut text = Vec::new();
        clap_complete::generate(a.shell, &mut cmd, "callstat", &mut text);
        TextConfig { text }
    }

    pub fn man(a: &ManArgs) -> Result<TextConfig> {
        let root = <crate::cli::Cli as clap::CommandFactory>::command();
        let cmd = match &a.command {
            None => root,
            Some(name) => {
                let names: Vec<String> = root.get_subcommands().map(|c| c.get_name().to_string()).collect();
                let sub = root.find_subcommand(name).cloned().ok_or_else(|| {
                    crate::error::Error::Usage(format!(
                        "man: no command '{name}'; use one of {}",
                        names.join(", ")
                    ))
                })?;
                // One page a process: leaking the name gives clap the static text it wants.
                sub.name(&*format!("callstat-{name}").leak())
            }
        };
        let mut text = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut text)?;
        Ok(TextConfig { text })
    }
}
