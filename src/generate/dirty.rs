//! The deliberately invalid rows of `generate --dirty`: one defect per
//! rejection reason a canonical CSV row can have, each built from an
//! answered inbound call so that it is the row's only fault.

use super::GenRow;
use super::format::Stamp;
use super::model::Call;
use crate::schema::Reason;

/// The defects, injected in this order, cycling: the rejection reason each
/// row gets. `Duplicate` is an exact copy of the most recent clean row.
pub const DEFECTS: [Reason; 12] = [
    Reason::MissingCallId,
    Reason::MissingQueue,
    Reason::BadDirection,
    Reason::BadArrivedAt,
    Reason::EndedBeforeArrived,
    Reason::AnsweredOutOfRange,
    Reason::BadHoldS,
    Reason::BadAcwS,
    Reason::BadTransferred,
    Reason::BadCsat,
    Reason::Duplicate,
    Reason::FieldCount,
];

/// Turns a freshly formatted answered inbound row into an invalid one.
pub(super) fn corrupt(kind: Reason, c: &Call, row: &mut GenRow, ts: &mut Stamp) {
    let f = &mut row.fields;
    let mut set = |i: usize, v: &str| {
        f[i].clear();
        f[i].push_str(v);
    };
    match kind {
        Reason::MissingCallId => set(0, ""),
        Reason::MissingQueue => set(1, ""),
        Reason::BadDirection => set(4, "sideways"),
        Reason::BadArrivedAt => set(5, "yesterday"),
        Reason::BadHoldS => set(8, "-5"),
        Reason::BadAcwS => set(9, "abc"),
        Reason::BadTransferred => set(10, "maybe"),
        Reason::BadCsat => set(11, "7"),
        Reason::EndedBeforeArrived => {
            // Shaped like an abandoned call so that this is its only fault.
            [2, 6, 7, 8, 9, 10, 11].into_iter().for_each(|i| set(i, ""));
            ts.push(&mut f[7], c.arrived - 42);
        }
        Reason::AnsweredOutOfRange => {
            set(6, "");
            ts.push(&mut f[6], c.ended + 30);
        }
        Reason::FieldCount => row.short = true,
        _ => {} // Duplicate: the clean copy as it is
    }
}
