//! The rules metrics are computed under: thresholds, the service-level and
//! abandon formulas, FCR and CSAT options. Every one has a stated default
//! (the callstat 0.1 definitions) and is listed by `callstat metrics` and in
//! the JSON `meta`.

use std::collections::BTreeMap;

/// The threshold value that means "each queue's own threshold".
pub const PER_QUEUE: i64 = -1;

/// A named service-level formula. T = threshold, `ans≤T` = answered with a
/// wait within T, `ab≤T` / `ab>T` = abandoned within / after T, S = short
/// abandons (wait < `--short-abandon`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SlFormula {
    Answered,
    Offered,
    IgnoreAbandonsWithin,
    PositiveAbandons,
    PenalizeLateAbandons,
    ExcludeShort,
}

impl crate::choice::Choice for SlFormula {
    const WHAT: &'static str = "service-level formula";
    const CHOICES: &'static [(&'static str, Self, &'static str)] = &[
        ("answered", SlFormula::Answered, "ans<=T / answered"),
        ("offered", SlFormula::Offered, "ans<=T / offered"),
        ("ignore-abandons-within", SlFormula::IgnoreAbandonsWithin, "ans<=T / (offered - ab<=T)"),
        ("positive-abandons", SlFormula::PositiveAbandons, "(ans<=T + ab<=T) / offered"),
        ("penalize-late-abandons", SlFormula::PenalizeLateAbandons, "ans<=T / (answered + ab>T)"),
        ("exclude-short", SlFormula::ExcludeShort, "ans<=T / (offered - short) (default)"),
    ];
}
crate::choice::choice_str!(SlFormula);

impl SlFormula {
    /// The name on the command line.
    pub fn name(self) -> &'static str {
        crate::choice::Choice::name(self)
    }

    /// The name in column ids (`sl_exclude_short_20s`).
    pub fn slug(self) -> String {
        self.name().replace('-', "_")
    }

    /// The formula in symbols.
    pub fn symbols(self) -> &'static str {
        match self {
            SlFormula::Answered => "ans<=T / answered",
            SlFormula::Offered => "ans<=T / offered",
            SlFormula::IgnoreAbandonsWithin => "ans<=T / (offered - ab<=T)",
            SlFormula::PositiveAbandons => "(ans<=T + ab<=T) / offered",
            SlFormula::PenalizeLateAbandons => "ans<=T / (answered + ab>T)",
            SlFormula::ExcludeShort => "ans<=T / (offered - short)",
        }
    }

    /// Who documents this formula.
    pub fn used_by(self) -> &'static str {
        match self {
            SlFormula::Answered => {
                "Asternic, Wazo, Asterisk ServiceLevelPerf, Cisco UCCX 'only handled', old Avaya CMS split report"
            }
            SlFormula::Offered => {
                "Cisco UCCE 'SL Aban Negative', UCCX 'negative abandon', Avaya BCMS VDN, Genesys default toggles"
            }
            SlFormula::IgnoreAbandonsWithin => "Cisco UCCE 'SL Aban Ignored', UCCX 'without abandon'",
            SlFormula::PositiveAbandons => {
                "Cisco UCCE 'SL Aban Positive', Amazon Connect 'Service level X', Asterisk ServiceLevelPerf2"
            }
            SlFormula::PenalizeLateAbandons => "xCALLY Motion",
            SlFormula::ExcludeShort => {
                "Talkdesk, Google CCAI (short abandons eliminated); callstat's default"
            }
        }
    }
}

/// What an unanswered call with a given disposition counts as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Offered and abandoned (the default for every unanswered call).
    Abandon,
    /// Offered but not abandoned: it left the queue another way
    /// (callback, voicemail, overflow), as Genesys' flow-outs.
    FlowOut,
    /// Not offered at all: left out of every queue metric.
    NotOffered,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Abandon => "abandon",
            Outcome::FlowOut => "flow-out",
            Outcome::NotOffered => "not-offered",
        }
    }
}

/// One `--outcome NAME=TREATMENT` pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeRule(pub String, pub Outcome);

impl std::str::FromStr for OutcomeRule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("'{s}': write DISPOSITION=abandon|flow-out|not-offered, e.g. callback=flow-out");
        let (name, how) = s.split_once('=').ok_or_else(bad)?;
        let how = match how.trim() {
            "abandon" => Outcome::Abandon,
            "flow-out" | "flowout" => Outcome::FlowOut,
            "not-offered" | "exclude" => Outcome::NotOffered,
            _ => return Err(bad()),
        };
        let name = name.trim().to_ascii_lowercase();
        if name.is_empty() {
            return Err(bad());
        }
        Ok(OutcomeRule(name, how))
    }
}

/// Whether a wait of exactly T is within T.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Boundary {
    /// wait <= T (the norm: Amazon, Avaya, Wazo, Asternic).
    Le,
    /// wait < T.
    Lt,
}

impl crate::choice::Choice for Boundary {
    const WHAT: &'static str = "service-level boundary";
    const CHOICES: &'static [(&'static str, Self, &'static str)] =
        &[("le", Boundary::Le, "wait <= T counts as within T (default)"), ("lt", Boundary::Lt, "wait < T")];
}
crate::choice::choice_str!(Boundary);

impl Boundary {
    pub fn name(self) -> &'static str {
        crate::choice::Choice::name(self)
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Boundary::Le => "<=",
            Boundary::Lt => "<",
        }
    }
}

/// How the abandon rate treats short abandons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbandonFormula {
    /// (abandoned − short) / (offered − short): callstat, Cisco, NICE, Ivanti.
    ExcludeShort,
    /// abandoned / offered: Amazon Connect, Genesys.
    All,
}

impl crate::choice::Choice for AbandonFormula {
    const WHAT: &'static str = "abandon formula";
    const CHOICES: &'static [(&'static str, Self, &'static str)] = &[
        ("exclude-short", AbandonFormula::ExcludeShort, "(abandoned - short) / (offered - short) (default)"),
        ("all", AbandonFormula::All, "abandoned / offered"),
    ];
}
crate::choice::choice_str!(AbandonFormula);

impl AbandonFormula {
    pub fn name(self) -> &'static str {
        crate::choice::Choice::name(self)
    }
}

/// Which later contacts break first-contact resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FcrScope {
    AnyQueue,
    SameQueue,
}

impl crate::choice::Choice for FcrScope {
    const WHAT: &'static str = "FCR scope";
    const CHOICES: &'static [(&'static str, Self, &'static str)] = &[
        ("any-queue", FcrScope::AnyQueue, "a later contact in any queue breaks FCR (default)"),
        ("same-queue", FcrScope::SameQueue, "only a later contact in the same queue does"),
    ];
}
crate::choice::choice_str!(FcrScope);

impl FcrScope {
    pub fn name(self) -> &'static str {
        crate::choice::Choice::name(self)
    }
}

/// Whether right-censored calls (in the last FCR window of the data) count in fcr_rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FcrCensored {
    Include,
    Exclude,
}

impl crate::choice::Choice for FcrCensored {
    const WHAT: &'static str = "FCR censoring rule";
    const CHOICES: &'static [(&'static str, Self, &'static str)] = &[
        (
            "include",
            FcrCensored::Include,
            "right-censored calls count (as resolved unless a repeat is seen) (default)",
        ),
        ("exclude", FcrCensored::Exclude, "leave calls from the last FCR window of the data out of fcr_rate"),
    ];
}
crate::choice::choice_str!(FcrCensored);

/// Every rule the metrics depend on.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// Abandons with a wait below this are short (seconds; 0 = none).
    pub short_abandon_s: i64,
    /// Service-level thresholds (seconds), at least one.
    pub sl_thresholds_s: Vec<i64>,
    pub sl_formula: SlFormula,
    pub sl_boundary: Boundary,
    pub abandon_formula: AbandonFormula,
    pub fcr_window_s: i64,
    /// A later contact within this many seconds is the same contact, not a repeat.
    pub fcr_min_gap_s: i64,
    pub fcr_scope: FcrScope,
    /// The FCR customer key: `None` = caller, `Some(i)` = extra input
    /// column i (`--fcr-key NAME`).
    pub fcr_key: Option<usize>,
    /// Leave right-censored calls (arrived within the last window of the
    /// data) out of the FCR numerator and denominator.
    pub fcr_exclude_censored: bool,
    /// Valid CSAT scores, inclusive.
    pub csat_scale: (i64, i64),
    /// Scores counted as top box, inclusive.
    pub csat_top: (i64, i64),
    /// Interval size in seconds (`--interval`), the unit of agent presence
    /// for `calls_per_agent_hour`.
    pub interval_s: i64,
    /// Per-queue service-level thresholds (seconds) from the settings
    /// file; other queues use the first of `sl_thresholds_s`.
    pub queue_sl: BTreeMap<String, i64>,
    /// Treatment of unanswered calls by disposition (lower case); a
    /// disposition not listed is an abandon.
    pub outcomes: BTreeMap<String, Outcome>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            short_abandon_s: 5,
            sl_thresholds_s: vec![20],
            sl_formula: SlFormula::ExcludeShort,
            sl_boundary: Boundary::Le,
            abandon_formula: AbandonFormula::ExcludeShort,
            fcr_window_s: 86_400,
            fcr_min_gap_s: 0,
            fcr_scope: FcrScope::AnyQueue,
            fcr_key: None,
            fcr_exclude_censored: false,
            csat_scale: (1, 5),
            csat_top: (4, 5),
            interval_s: 1800,
            queue_sl: BTreeMap::new(),
            outcomes: BTreeMap::new(),
        }
    }
}

impl Rules {
    /// The dispositions given a treatment.
    pub fn outcomes_of(&self, o: Outcome) -> Vec<&str> {
        self.outcomes.iter().filter(|(_, v)| **v == o).map(|(k, _)| k.as_str()).collect()
    }

    /// The first (primary) service-level threshold.
    pub fn sl_threshold_s(&self) -> i64 {
        self.sl_thresholds_s.first().copied().unwrap_or(20)
    }
}
