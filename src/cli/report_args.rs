//! Flags of `callstat report`: the shared groups, the grouping and the
//! metric selection.

use clap::Args;

use super::{FillArgs, InputArgs, OutputArgs, RejectArgs, ReportOutputArgs, RuleArgs, WindowArgs, ZoneArgs};
use crate::metrics::select::{Direction, Selection};
use crate::values::Dims;

#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub reject: RejectArgs,

    /// Group rows by a comma list of queue, agent, interval, day, week, month, hour-of-day,
    /// weekday, direction; or `total` for one row.
    #[arg(long, default_value = "queue", value_name = "DIMS")]
    pub by: Dims,

    /// Metric columns: `default`, `all`, `service_level:all` (every SL formula side by side) or
    /// a comma list of metric ids (see `callstat metrics`).
    #[arg(long, value_name = "LIST", default_value = "default")]
    pub metrics: Selection,

    /// Which calls the default columns describe: inbound queue metrics, or the outbound set
    /// (outbound_attempts, outbound_connected, outbound_talk_s, outbound_aht_s). `--by direction`
    /// shows both.
    #[arg(long, default_value = "inbound", value_parser = super::choice::<Direction>())]
    pub direction: Direction,

    #[command(flatten)]
    pub zone: ZoneArgs,

    #[command(flatten)]
    pub window: WindowArgs,

    #[command(flatten)]
    pub fill: FillArgs,

    /// Metric definitions and their rules (thresholds, formulas, presets).
    #[command(flatten)]
    pub rules: RuleArgs,

    #[command(flatten)]
    pub out: OutputArgs,

    #[command(flatten)]
    pub report_out: ReportOutputArgs,
}
