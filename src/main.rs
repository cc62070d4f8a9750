//! The process boundary: parse the command line, run, print the error chain,
//! turn the outcome into an exit code. Nothing else lives here.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// True when stdout was closed when the process started (`>&-`). The Rust
/// runtime then opens /dev/null read-write in its place, so every write
/// would vanish; a shell's `>/dev/null` opens it write-only, which is not
/// taken for a closed stdout.
fn stdout_closed() -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: F_GETFL only reads the descriptor's flags.
    let flags = unsafe { libc::fcntl(1, libc::F_GETFL) };
    if flags == -1 {
        return true;
    }
    if flags & libc::O_ACCMODE != libc::O_RDWR {
        return false;
    }
    // SAFETY: fstat fills the struct it is given.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::fstat(1, &mut st) } != 0 {
        return false;
    }
    std::fs::metadata("/dev/null").is_ok_and(|m| m.rdev() == st.st_rdev && m.ino() == st.st_ino)
}

/// Prints to stderr, control characters escaped, without panicking when it
/// cannot be written (full, closed).
fn say(msg: &str) {
    let msg = callstat::output::escape::controls(msg);
    let _ = writeln!(std::io::stderr().lock(), "callstat: error: {msg}");
}

fn main() -> ExitCode {
    let cli = callstat::cli::Cli::parse();
    if stdout_closed() {
        say(
            "stdout is closed (>&-); callstat writes the report or its messages there: redirect it to a file or /dev/null",
        );
        return ExitCode::from(callstat::error::EXIT_OTHER);
    }
    match callstat::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            say(&err.chain());
            ExitCode::from(err.exit_code())
        }
    }
}
