//! The canonical CDR contract: the columns callstat reads, how a raw row is
//! validated into a typed call, and why a row is rejected.
//!
//! Everything downstream sees only `Call` values; this module may not
//! aggregate or know about output formats.

pub mod columns;
pub mod reason;
pub mod timestamp;
pub mod validate;

pub use columns::{COLUMNS, Col};
pub use reason::Reason;
pub use validate::{Call, Field, RawRow, TzRules};
