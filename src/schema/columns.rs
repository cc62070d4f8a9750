//! The canonical columns: name, type, whether required, and meaning. This
//! list feeds header matching, error messages and the docs.

/// One canonical CDR column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Col {
    CallId,
    Queue,
    Agent,
    Caller,
    Direction,
    ArrivedAt,
    AnsweredAt,
    EndedAt,
    HoldS,
    AcwS,
    Transferred,
    Csat,
    Disposition,
    Channel,
}

/// Number of canonical columns.
pub const N_COLS: usize = 14;

/// Definition of a canonical column for docs and header matching.
pub struct ColumnDef {
    pub col: Col,
    pub name: &'static str,
    pub kind: &'static str,
    pub required: bool,
    pub meaning: &'static str,
}

/// All canonical columns, in the documented order.
pub const COLUMNS: &[ColumnDef] = &[
    ColumnDef {
        col: Col::CallId,
        name: "call_id",
        kind: "text",
        required: true,
        meaning: "unique id of the contact; a later row with the same id is a duplicate",
    },
    ColumnDef {
        col: Col::Queue,
        name: "queue",
        kind: "text",
        required: true,
        meaning: "queue / skill / split the contact entered",
    },
    ColumnDef {
        col: Col::Agent,
        name: "agent",
        kind: "text",
        required: false,
        meaning: "agent who answered; empty when not answered",
    },
    ColumnDef {
        col: Col::Caller,
        name: "caller",
        kind: "text",
        required: false,
        meaning: "caller number (ANI) or customer id, the FCR key; empty = withheld",
    },
    ColumnDef {
        col: Col::Direction,
        name: "direction",
        kind: "`inbound` / `outbound`",
        required: false,
        meaning: "empty = inbound; outbound rows are valid but left out of queue metrics",
    },
    ColumnDef {
        col: Col::ArrivedAt,
        name: "arrived_at",
        kind: "timestamp",
        required: true,
        meaning: "entered the queue",
    },
    ColumnDef {
        col: Col::AnsweredAt,
        name: "answered_at",
        kind: "timestamp",
        required: false,
        meaning: "connected to an agent; empty = not answered (abandoned)",
    },
    ColumnDef {
        col: Col::EndedAt,
        name: "ended_at",
        kind: "timestamp",
        required: true,
        meaning: "hang-up; for an abandoned call, when the caller left",
    },
    ColumnDef {
        col: Col::HoldS,
        name: "hold_s",
        kind: "integer seconds >= 0",
        required: false,
        meaning: "customer hold time inside the call",
    },
    ColumnDef {
        col: Col::AcwS,
        name: "acw_s",
        kind: "integer seconds >= 0",
        required: false,
        meaning: "after-call work after hang-up",
    },
    ColumnDef {
        col: Col::Transferred,
        name: "transferred",
        kind: "`true` / `false`",
        required: false,
        meaning: "the agent transferred the call",
    },
    ColumnDef {
        col: Col::Csat,
        name: "csat",
        kind: "integer 1..5",
        required: false,
        meaning: "post-call survey score; empty = no response",
    },
    ColumnDef {
        col: Col::Disposition,
        name: "disposition",
        kind: "text",
        required: false,
        meaning: "outcome of an unanswered call (abandoned, timeout, callback, voicemail, overflow, ...); --outcome decides which count as abandons, flow-outs or not offered",
    },
    ColumnDef {
        col: Col::Channel,
        name: "channel",
        kind: "text",
        required: false,
        meaning: "voice, chat, email, ...: a grouping key (--by channel)",
    },
];

impl Col {
    /// The canonical column name.
    pub fn name(self) -> &'static str {
        COLUMNS[self as usize].name
    }
}

/// Finds the canonical column for a header cell: trimmed, case-insensitive,
/// a leading UTF-8 byte-order mark ignored.
pub fn match_header(cell: &str) -> Option<Col> {
    let h = cell.trim_start_matches('\u{feff}').trim();
    COLUMNS.iter().find(|c| c.name.eq_ignore_ascii_case(h)).map(|c| c.col)
}

/// The required columns as a comma list, for messages.
pub fn required_list() -> String {
    COLUMNS.iter().filter(|c| c.required).map(|c| c.name).collect::<Vec<_>>().join(", ")
}

/// Markdown table of the canonical columns (README and sample-data docs).
pub fn markdown_table() -> String {
    let mut s = String::from("| column | type | required | meaning |\n|---|---|---|---|\n");
    for c in COLUMNS {
        let req = if c.required { "yes" } else { "no" };
        s.push_str(&format!("| {} | {} | {} | {} |\n", c.name, c.kind, req, c.meaning));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_matches_enum() {
        for (i, c) in COLUMNS.iter().enumerate() {
            assert_eq!(c.col as usize, i, "{}", c.name);
        }
    }

    #[test]
    fn docs_list_every_column() {
        let table = markdown_table();
        assert!(include_str!("../../README.md").contains(&table), "README column table is stale");
        assert!(
            include_str!("../../sample-data/README.md").contains(&table),
            "sample-data/README.md column table is stale"
        );
    }

    #[test]
    fn headers_match_loosely() {
        assert_eq!(match_header("\u{feff}call_id"), Some(Col::CallId));
        assert_eq!(match_header(" Arrived_At "), Some(Col::ArrivedAt));
        assert_eq!(match_header("arrival"), None);
    }
}
