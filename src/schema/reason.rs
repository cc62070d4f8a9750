//! Why a row is left out of the metrics. Codes are stable: they appear in
//! the stderr summary and in the JSON `meta.rows.invalid` object.

/// A rejection reason. The order is the order rules are checked in: a row
/// with several problems is counted under the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    FieldCount,
    BadEncoding,
    MissingCallId,
    MissingQueue,
    BadDirection,
    BadArrivedAt,
    BadEndedAt,
    BadAnsweredAt,
    EndedBeforeArrived,
    AnsweredOutOfRange,
    BadHoldS,
    BadAcwS,
    BadTransferred,
    BadCsat,
    /// A queue_log / CDR line that cannot be read (too few fields, bad time).
    BadLine,
    /// A queue_log event callstat does not know (custom `QueueLog()` events).
    UnknownEvent,
    /// A call with no ENTERQUEUE, or no end event, in the log.
    IncompleteCall,
    /// A queue exit that `--abandon-events` does not count as an abandon.
    ExcludedExit,
    /// A contact record that never reached a queue (self-service, IVR only).
    NotQueued,
    Duplicate,
}

impl Reason {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Reason::FieldCount => "field_count",
            Reason::BadEncoding => "bad_encoding",
            Reason::MissingCallId => "missing_call_id",
            Reason::MissingQueue => "missing_queue",
            Reason::BadDirection => "bad_direction",
            Reason::BadArrivedAt => "bad_arrived_at",
            Reason::BadEndedAt => "bad_ended_at",
            Reason::BadAnsweredAt => "bad_answered_at",
            Reason::EndedBeforeArrived => "ended_before_arrived",
            Reason::AnsweredOutOfRange => "answered_out_of_range",
            Reason::BadHoldS => "bad_hold_s",
            Reason::BadAcwS => "bad_acw_s",
            Reason::BadTransferred => "bad_transferred",
            Reason::BadCsat => "bad_csat",
            Reason::BadLine => "bad_line",
            Reason::UnknownEvent => "unknown_event",
            Reason::IncompleteCall => "incomplete_call",
            Reason::ExcludedExit => "excluded_exit",
            Reason::NotQueued => "not_queued",
            Reason::Duplicate => "duplicate",
        }
    }
}

/// A rejected row: the reason and a message naming the column, the value
/// and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub reason: Reason,
    pub message: String,
}

impl Rejection {
    pub fn new(reason: Reason, message: impl Into<String>) -> Self {
        Rejection { reason, message: message.into() }
    }
}
