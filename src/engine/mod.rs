//! The streaming engine: reads every input once and folds each accepted
//! call straight into the partial aggregates of every report
//! (`report::partial::Partial`), so no call is held as a row. What a metric needs
//! across calls is kept in compact form only: the call ids for
//! de-duplication (first in file order wins, compared by text), and for
//! FCR each inbound call's key, arrival and the groups it counts in
//! (`contacts`). Entry point: `aggregate`.

pub mod contacts;
pub mod fold;

use chrono_tz::Tz;

use crate::dataset::{Accounting, Loader};
use crate::error::Result;
use crate::input::{self, Input, settings::InputSettings};
use crate::metrics::{Agg, Rules};
use crate::report::compute::{Computed, Grouping};
use crate::schema::TzRules;
use crate::values::Attribution;
use crate::window::Window;

/// How rows are read and checked, shared by every report of one read.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    pub tz_rules: TzRules,
    /// The zone of interval, day, week and hour keys.
    pub report_tz: Tz,
    pub attribution: Attribution,
    /// The first invalid row is an error.
    pub strict: bool,
    /// No rows-read spinner.
    pub quiet: bool,
}

/// One report to compute: how calls are grouped, the rules, the aggs to
/// reduce and the `--since`/`--until` window of arrivals.
#[derive(Debug, Clone)]
pub struct ReportSpec {
    pub grouping: Grouping,
    pub rules: Rules,
    pub aggs: Vec<Agg>,
    pub window: Window,
}

/// Reads the inputs once and computes every report: one `Computed` per
/// spec, in order, and the row accounting of the read. A panic in the
/// aggregation becomes an error (exit code 1).
pub fn aggregate(
    inputs: &[Input],
    input: &InputSettings,
    load: LoadOptions,
    reports: &[ReportSpec],
) -> Result<(Vec<Computed>, Accounting)> {
    let fold = fold::Fold::new(reports, input.extra.len());
    let mut loader =
        Loader::streaming(load.tz_rules, load.report_tz, load.attribution, load.strict, Box::new(fold));
    input.prepare(&mut loader)?;
    loader.show_progress(load.quiet);
    input::load(inputs, input, &mut loader)?;
    loader.close_quarantine()?;
    let (fold, accounting) = loader.finish_streaming();
    let fold = fold
        .and_then(|sink| sink.into_any().downcast::<fold::Fold>().ok())
        .ok_or_else(|| crate::error::Error::Engine("the loader kept no fold".into()))?;
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    let computed = crate::report::compute::caught(|| fold.finish(threads))?;
    Ok((computed, accounting))
}
