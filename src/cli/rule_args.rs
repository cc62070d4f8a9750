//! Report flags that set metric rules: thresholds, formula variants,
//! presets, attribution, FCR and CSAT options, and the metric selection.

use clap::{Args, ValueEnum};

use crate::metrics::SlFormula;
use crate::metrics::preset::Preset;
use crate::metrics::select::Selection;
use crate::values::{Attribution, ScoreRange, Seconds, SecondsList};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SlBoundaryArg {
    /// wait <= T counts as within T (default).
    Le,
    /// wait < T.
    Lt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AbandonFormulaArg {
    /// (abandoned - short) / (offered - short) (default).
    ExcludeShort,
    /// abandoned / offered.
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FcrScopeArg {
    /// A later contact in any queue breaks FCR (default).
    AnyQueue,
    /// Only a later contact in the same queue does.
    SameQueue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FcrCensoredArg {
    /// Right-censored calls count (as resolved unless a repeat is seen) (default).
    Include,
    /// Leave calls from the last FCR window of the data out of fcr_rate.
    Exclude,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum DirectionArg {
    /// Queue metrics over inbound calls (default).
    #[default]
    Inbound,
    /// The outbound set: attempts, connected, talk, AHT.
    Outbound,
}

#[derive(Debug, Default, Args)]
pub struct RuleArgs {
    /// Settings file with default rules and per-queue SL thresholds (default: ./callstat.toml
    /// when present). Flags override it.
    #[arg(long, value_name = "PATH")]
    pub config: Option<std::path::PathBuf>,

    /// Metric columns: `default`, `all`, `service_level:all` (every SL formula side by side) or
    /// a comma list of metric ids (see `callstat metrics`).
    #[arg(long, value_name = "LIST", default_value = "default")]
    pub metrics: Selection,

    /// Which calls the default columns describe: inbound queue metrics, or the outbound set
    /// (outbound_attempts, outbound_connected, outbound_talk_s, outbound_aht_s). `--by direction`
    /// shows both.
    #[arg(long, value_enum, default_value = "inbound")]
    pub direction: DirectionArg,

    /// Vendor preset for the SL formula, short abandons, abandon rate and interval attribution:
    /// amazon-connect, genesys, cisco-negative, cisco-positive, cisco-ignored, avaya, asterisk,
    /// talkdesk, callstat (see `callstat metrics --preset NAME`). Explicit flags override it.
    #[arg(long, value_name = "PRESET")]
    pub preset: Option<Preset>,

    /// Abandons with a wait shorter than this are short abandons [default: 5s; 0 = none].
    #[arg(long, value_name = "DURATION")]
    pub short_abandon: Option<Seconds>,

    /// Service-level threshold(s); several (20s,30s,60s) give one column each [default: 20s].
    #[arg(long, value_name = "DURATIONS")]
    pub sl_threshold: Option<SecondsList>,

    /// Service-level formula: answered, offered, ignore-abandons-within, positive-abandons,
    /// penalize-late-abandons, exclude-short [default: exclude-short].
    #[arg(long, value_name = "FORMULA")]
    pub sl_formula: Option<SlFormula>,

    /// Whether a wait of exactly T is within the service level.
    #[arg(long, value_enum, value_name = "le|lt")]
    pub sl_boundary: Option<SlBoundaryArg>,

    /// Abandon rate formula [default: exclude-short].
    #[arg(long, value_enum, value_name = "FORMULA")]
    pub abandon_formula: Option<AbandonFormulaArg>,

    /// Which timestamp puts a call in an interval or day: arrival, answer (unanswered calls:
    /// end), end [default: arrival].
    #[arg(long, value_name = "arrival|answer|end")]
    pub attribute_by: Option<Attribution>,

    /// FCR window: a call is resolved when its caller does not call again within it [default: 24h].
    #[arg(long, value_name = "DURATION")]
    pub fcr_window: Option<Seconds>,

    /// A later contact sooner than this is the same contact (a transfer or re-entry), not a
    /// repeat [default: 0s].
    #[arg(long, value_name = "DURATION")]
    pub fcr_min_gap: Option<Seconds>,

    /// How an unanswered call with a disposition counts: DISPOSITION=abandon|flow-out|not-offered
    /// (comma list or repeated, e.g. callback=flow-out,voicemail=flow-out). Unlisted ones are
    /// abandons.
    #[arg(long, value_name = "NAME=HOW", value_delimiter = ',')]
    pub outcome: Vec<crate::metrics::OutcomeRule>,

    /// The customer key of FCR: caller, or any input column (an account or customer id)
    /// [default: caller].
    #[arg(long, value_name = "COLUMN")]
    pub fcr_key: Option<String>,

    /// Which later contacts break first-contact resolution [default: any-queue].
    #[arg(long, value_enum)]
    pub fcr_scope: Option<FcrScopeArg>,

    /// Whether calls in the last FCR window of the data (right-censored) count in fcr_rate
    /// [default: include].
    #[arg(long, value_enum)]
    pub fcr_censored: Option<FcrCensoredArg>,

    /// CSAT scale: 5 (1..5), 10 (0..10) or min..max; scores outside it are invalid [default: 1..5].
    #[arg(long, value_name = "SCALE")]
    pub csat_scale: Option<ScoreRange>,

    /// Scores counted by csat_top2box [default: 4..5 on 1..5, 9..10 on 0..10, else the top two].
    #[arg(long, value_name = "MIN..MAX")]
    pub csat_top_box: Option<ScoreRange>,
}
