//! The loaded data set: the accepted calls (`calls`), the row accounting
//! (`accounting`) and the loader that fills both from the input readers
//! (`loader`).

mod accounting;
mod calls;
mod loader;

pub use accounting::{Accounting, EXAMPLES_PER_REASON, Example, Location};
pub use calls::{Calls, Months};
pub use loader::{CallSink, Loader};
