//! The progress display for long inputs: a spinner with the rows read so
//! far, on stderr, only when stderr is a terminal, never with `--quiet`,
//! and without colour (so `NO_COLOR` holds by construction). It is drawn
//! from the loading thread itself (no ticker thread), so it never competes
//! with the stderr lock the command holds.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Rows between two updates.
pub const EVERY: u64 = 1 << 16;

/// A spinner when stderr is a terminal and the user did not ask for quiet.
pub fn rows_spinner(quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4));
    let style = ProgressStyle::with_template("{spinner} {human_pos} rows read ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    pb.set_style(style);
    Some(pb)
}
