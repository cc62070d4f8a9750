//! Which timestamp puts a call in an interval or day (`--attribute-by`).

/// Which timestamp puts a call in an interval or day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribution {
    /// arrived_at: when the call entered the queue (callstat's default).
    Arrival,
    /// answered_at; unanswered calls fall back to ended_at (when they left the queue).
    Answer,
    /// ended_at: the hang-up (Amazon Connect's contact-record metrics).
    End,
}

impl crate::choice::Choice for Attribution {
    const WHAT: &'static str = "attribution";
    const CHOICES: &'static [(&'static str, Self, &'static str)] = &[
        ("arrival", Attribution::Arrival, "arrived_at: when the call entered the queue (default)"),
        ("answer", Attribution::Answer, "answered_at; unanswered calls: ended_at"),
        ("end", Attribution::End, "ended_at: the hang-up"),
    ];
}
crate::choice::choice_str!(Attribution);

impl Attribution {
    pub fn name(self) -> &'static str {
        crate::choice::Choice::name(self)
    }
}
