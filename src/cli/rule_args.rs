//! Flags that set metric rules, shared by `report`, `calls` and `staffing`
//! (and, for the settings file and the CSAT scale, `inspect`): thresholds,
//! formula variants, presets, attribution, the interval size, FCR and CSAT
//! options. Every flag here is also a `[defaults]` key of the settings file
//! and a key of a `callstat run` report, under its name with `_` for `-`.

use clap::Args;

use crate::metrics::preset::Preset;
use crate::metrics::{AbandonFormula, Boundary, FcrCensored, FcrScope, SlFormula};
use crate::values::{Attribution, Interval, ScoreRange, Seconds, SecondsList};

/// The settings file and the rule that decides which rows are valid.
#[derive(Debug, Clone, Default, Args)]
pub struct ValidityArgs {
    /// Settings file with default rules and per-queue SL thresholds (default: ./callstat.toml
    /// when present). Flags override it.
    #[arg(long, value_name = "PATH")]
    pub config: Option<std::path::PathBuf>,

    /// CSAT scale: 5 (1..5), 10 (0..10) or min..max; scores outside it are invalid [default: 1..5].
    #[arg(long, value_name = "SCALE")]
    pub csat_scale: Option<ScoreRange>,
}

#[derive(Debug, Clone, Default, Args)]
pub struct RuleArgs {
    #[command(flatten)]
    pub validity: ValidityArgs,

    /// Vendor preset for the SL formula, short abandons, abandon rate and interval attribution:
    /// amazon-connect, genesys, cisco-negative, cisco-positive, cisco-ignored, avaya, asterisk,
    /// talkdesk, callstat (see `callstat metrics --preset NAME`). Explicit flags override it.
    #[arg(long, value_name = "PRESET", value_parser = super::choice::<Preset>(), hide_possible_values = true)]
    pub preset: Option<Preset>,

    /// Size of interval buckets (aligned to local wall-clock time) [default: 30m].
    #[arg(long, value_name = "15m|30m|1h")]
    pub interval: Option<Interval>,

    /// Abandons with a wait shorter than this are short abandons [default: 5s; 0 = none].
    #[arg(long, value_name = "DURATION")]
    pub short_abandon: Option<Seconds>,

    /// Service-level threshold(s); several (20s,30s,60s) give one column each [default: 20s].
    #[arg(long, value_name = "DURATIONS")]
    pub sl_threshold: Option<SecondsList>,

    /// Service-level formula: answered, offered, ignore-abandons-within, positive-abandons,
    /// penalize-late-abandons, exclude-short [default: exclude-short].
    #[arg(long, value_name = "FORMULA", value_parser = super::choice::<SlFormula>(), hide_possible_values = true)]
    pub sl_formula: Option<SlFormula>,

    /// Whether a wait of exactly T is within the service level.
    #[arg(long, value_name = "le|lt", value_parser = super::choice::<Boundary>())]
    pub sl_boundary: Option<Boundary>,

    /// Abandon rate formula [default: exclude-short].
    #[arg(long, value_name = "FORMULA", value_parser = super::choice::<AbandonFormula>())]
    pub abandon_formula: Option<AbandonFormula>,

    /// Which timestamp puts a call in an interval or day: arrival, answer (unanswered calls:
    /// end), end [default: arrival].
    #[arg(long, value_name = "arrival|answer|end", value_parser = super::choice::<Attribution>(), hide_possible_values = true)]
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
    #[arg(long, value_name = "SCOPE", value_parser = super::choice::<FcrScope>())]
    pub fcr_scope: Option<FcrScope>,

    /// Whether calls in the last FCR window of the data (right-censored) count in fcr_rate
    /// [default: include].
    #[arg(long, value_name = "HOW", value_parser = super::choice::<FcrCensored>())]
    pub fcr_censored: Option<FcrCensored>,

    /// Scores counted by csat_top2box [default: 4..5 on 1..5, 9..10 on 0..10, else the top two].
    #[arg(long, value_name = "MIN..MAX")]
    pub csat_top_box: Option<ScoreRange>,
}
