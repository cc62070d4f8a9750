//! The row accounting that proves nothing was lost (read = accepted +
//! invalid + duplicates), the first examples of every rejection, and the
//! `file:line` a row came from.

use std::collections::BTreeMap;

use crate::schema::Reason;
/// Examples kept per rejection reason.
pub const EXAMPLES_PER_REASON: usize = 3;
/// One rejected row shown on stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub location: String,
    pub reason: Reason,
    pub message: String,
}

/// Where every row read went.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Accounting {
    pub read: u64,
    pub accepted: u64,
    /// Accepted rows with direction outbound (left out of queue metrics).
    pub outbound: u64,
    pub invalid: BTreeMap<Reason, u64>,
    pub duplicates: u64,
    pub examples: Vec<Example>,
    /// Input lines that are not call rows and are not errors, by kind
    /// (queue_log agent and system events, blank lines, calls that never
    /// entered a queue). Not part of `read`.
    pub not_calls: BTreeMap<&'static str, u64>,
}

impl Accounting {
    pub fn invalid_total(&self) -> u64 {
        self.invalid.values().sum()
    }

    /// The stderr summary, or `None` when every row was accepted and every
    /// line was a row.
    pub fn summary(&self) -> Option<String> {
        let mut notes = String::new();
        if !self.not_calls.is_empty() {
            let parts: Vec<String> = self.not_calls.iter().map(|(k, n)| format!("{k}: {n}")).collect();
            notes = format!(
                "callstat: note: input lines that are not calls, kept out of the rows: {}\n",
                parts.join(", ")
            );
        }
        let invalid = self.invalid_total();
        if invalid + self.duplicates == 0 {
            return (!notes.is_empty()).then_some(notes);
        }
        let mut s = notes;
        s.push_str(&format!(
            "callstat: warning: {} of {} rows left out of every metric ({} invalid, {} duplicate):\n",
            invalid + self.duplicates,
            self.read,
            invalid,
            self.duplicates
        ));
        for (reason, n) in &self.invalid {
            s.push_str(&format!("  {:<22} {n}\n", reason.code()));
        }
        if self.duplicates > 0 {
            s.push_str(&format!("  {:<22} {}\n", Reason::Duplicate.code(), self.duplicates));
        }
        s.push_str(&format!("first examples (up to {EXAMPLES_PER_REASON} per reason):\n"));
        for e in &self.examples {
            s.push_str(&format!("  {}: {}: {}\n", e.location, e.reason.code(), e.message));
        }
        Some(s)
    }
}

/// The place a row came from, shown as `file:line`.
#[derive(Debug, Clone, Copy)]
pub struct Location<'a> {
    pub source: &'a str,
    pub line: u64,
}

impl std::fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.source, self.line)
    }
}
