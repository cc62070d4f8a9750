//! `callstat completions` and `callstat man`: print a text made by `config`.

use std::io::Write;

use crate::config::TextConfig;
use crate::error::Result;

pub fn run(cfg: &TextConfig, stdout: &mut dyn Write) -> Result<()> {
    stdout.write_all(&cfg.text)?;
    stdout.flush()?;
    Ok(())
}
