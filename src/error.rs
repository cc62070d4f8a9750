//! One error type for the whole program, its messages and its exit codes.
//!
//! Every variant names what the user needs to fix it (file, line, column,
//! flag) and `exit_code` maps it to the documented, stable exit codes:
//! 0 ok, 1 anything else, 2 usage (clap), 3 input rejected, 4 `--fail-if`
//! breached (the report was still written).

use std::path::PathBuf;

/// The longest message about an input, in characters: a message may quote
/// a value from the input, which could be a megabyte long.
const MESSAGE_CHARS: usize = 2000;

/// Exit code for input the program refuses (missing file or column, `--strict`).
pub const EXIT_INPUT: u8 = 3;
/// Exit code for any other failure (I/O on output, internal errors).
pub const EXIT_OTHER: u8 = 1;
/// Exit code when the report was written but a `--fail-if` rule was breached.
pub const EXIT_BREACH: u8 = 4;

/// The longest echo of an input value in a message, in characters.
pub const ECHO_CHARS: usize = 200;

/// `text` cut to `max` characters, with how much was left out.
pub fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((at, _)) => format!("{}... ({} more bytes)", &text[..at], text.len() - at),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: no such file; check the path, or quote a glob so callstat expands it")]
    MissingFile { path: String },

    #[error("{pattern}: the glob matched no files")]
    EmptyGlob { pattern: String },

    #[error("{pattern}: invalid glob pattern: {reason}")]
    BadGlob { pattern: String, reason: String },

    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "{path}: missing required column(s) {}; found: {}; expected the canonical \
         columns {expected} (see `callstat report --help`)",
        cut(missing, ECHO_CHARS),
        cut(found, ECHO_CHARS)
    )]
    MissingColumns { path: String, missing: String, found: String, expected: String },

    #[error("{path}: {}", cut(message, MESSAGE_CHARS))]
    BadFile { path: String, message: String },

    #[error(
        "{path}: cannot tell the input format from the extension or the content; pass --input-format csv (or parquet, asterisk-queue-log, asterisk-cdr, amazon-connect)"
    )]
    UnknownFormat { path: String },

    #[error(
        "{location}: {} (--strict rejects invalid rows; drop --strict to skip them and get a summary)",
        cut(message, MESSAGE_CHARS)
    )]
    Strict { location: String, message: String },

    #[error(
        "{invalid} of {read} rows are invalid, more than --max-invalid {limit} allows; nothing was written (the summary lists the reasons; drop --quiet to see it)"
    )]
    TooManyInvalid { invalid: String, read: String, limit: String },

    #[error("{0}")]
    Usage(String),

    #[error(
        "--format {format} is binary and stdout is a terminal; pass -o FILE.{format} (or pipe stdout to a file or program)"
    )]
    BinaryToTerminal { format: &'static str },

    #[error("{0}")]
    Breach(String),

    #[error("{path}: {message}")]
    Config { path: String, message: String },

    #[error("--columns: unknown metric id '{id}'; valid ids: {valid} (see `callstat metrics`)")]
    UnknownColumn { id: String, valid: String },

    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{0}")]
    Io(#[from] std::io::Error),

    #[error("internal error in the query engine: {0}")]
    Engine(String),
}

impl From<polars::error::PolarsError> for Error {
    fn from(e: polars::error::PolarsError) -> Self {
        Error::Engine(e.to_string())
    }
}

impl Error {
    /// The documented exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::MissingFile { .. }
            | Error::EmptyGlob { .. }
            | Error::BadGlob { .. }
            | Error::Read { .. }
            | Error::MissingColumns { .. }
            | Error::BadFile { .. }
            | Error::TooManyInvalid { .. }
            | Error::UnknownFormat { .. }
            | Error::Strict { .. } => EXIT_INPUT,
            Error::Usage(_)
            | Error::UnknownColumn { .. }
            | Error::BinaryToTerminal { .. }
            | Error::Config { .. } => 2,
            Error::Write { .. } | Error::Io(_) | Error::Engine(_) => EXIT_OTHER,
            Error::Breach(_) => EXIT_BREACH,
        }
    }

    /// True when the error is a closed pipe on stdout (`callstat ... | head`),
    /// which is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            Error::Io(e) => e.kind() == std::io::ErrorKind::BrokenPipe,
            Error::Write { source, path } => {
                path.as_os_str() == "-" && source.kind() == std::io::ErrorKind::BrokenPipe
            }
            _ => false,
        }
    }

    /// The message followed by its `source()` chain, joined with `: `.
    pub fn chain(&self) -> String {
        let mut out = self.to_string();
        let mut cur = std::error::Error::source(self);
        while let Some(src) = cur {
            let s = src.to_string();
            if !out.contains(&s) {
                out.push_str(": ");
                out.push_str(&s);
            }
            cur = src.source();
        }
        out
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
