//! The metric definitions, in column order. Each entry is the one place a
//! metric is defined; its unit test is in `metrics::tests`. Entries with
//! `default: true` are the report's columns unless `--metrics` says
//! otherwise.
//!
//! Terms used in the words below: a call's *wait* is answered_at −
//! arrived_at when answered, ended_at − arrived_at when not. S is
//! `--short-abandon` (default 5 s), T is `--sl-threshold` (default 20 s),
//! W is `--fcr-window` (default 24 h).

use super::{AbandonFormula, Agg, Formula, MetricDef, Rules, SlFormula, Unit};

const US: f64 = 1e6;

fn ratio(num: &[(i64, Agg)], den: &[(i64, Agg)]) -> Formula {
    Formula::Ratio { num: num.to_vec(), den: den.to_vec() }
}

fn mean_s(sum: Agg, count: Agg) -> Formula {
    Formula::Mean { sum, count, scale: US }
}

/// The service-level formula for one variant and threshold.
pub fn sl_formula(f: SlFormula, t: i64) -> Formula {
    use Agg::*;
    let (ans_t, ab_t) = (AnsweredWithin(t), AbandonedWithin(t));
    match f {
        SlFormula::Answered => ratio(&[(1, ans_t)], &[(1, Answered)]),
        SlFormula::Offered => ratio(&[(1, ans_t)], &[(1, Offered)]),
        SlFormula::IgnoreAbandonsWithin => ratio(&[(1, ans_t)], &[(1, Offered), (-1, ab_t)]),
        SlFormula::PositiveAbandons => ratio(&[(1, ans_t), (1, ab_t)], &[(1, Offered)]),
        SlFormula::PenalizeLateAbandons => ratio(&[(1, ans_t)], &[(1, Answered), (1, Abandoned), (-1, ab_t)]),
        SlFormula::ExcludeShort => ratio(&[(1, ans_t)], &[(1, Offered), (-1, ShortAbandoned)]),
    }
}

fn abandon_rate(r: &Rules) -> Formula {
    use Agg::*;
    match r.abandon_formula {
        AbandonFormula::ExcludeShort => {
            ratio(&[(1, Abandoned), (-1, ShortAbandoned)], &[(1, Offered), (-1, ShortAbandoned)])
        }
        AbandonFormula::All => ratio(&[(1, Abandoned)], &[(1, Offered)]),
    }
}

fn quantile(permille: u16, answered_only: bool) -> Formula {
    Formula::Stat { agg: Agg::WaitQuantileUs { permille, answered_only }, scale: US }
}

pub const ALL: &[MetricDef] = &[
    MetricDef {
        id: "offered",
        label: "Offered",
        unit: Unit::Count,
        default: true,
        numerator: "accepted inbound rows",
        denominator: "",
        exclusions: "outbound, invalid and duplicate rows",
        definition: "Contacts offered to the queue: every accepted inbound row of the group, answered or not.",
        formula: |_| Formula::Count(Agg::Offered),
    },
    MetricDef {
        id: "answered",
        label: "Answered",
        unit: Unit::Count,
        default: true,
        numerator: "offered rows with answered_at",
        denominator: "",
        exclusions: "rows without answered_at",
        definition: "Contacts connected to an agent: offered rows whose answered_at is set.",
        formula: |_| Formula::Count(Agg::Answered),
    },
    MetricDef {
        id: "abandoned",
        label: "Abandoned",
        unit: Unit::Count,
        default: true,
        numerator: "offered rows without answered_at",
        denominator: "",
        exclusions: "answered rows",
        definition: "Contacts that left the queue unanswered: offered rows with an empty answered_at. Short abandons are included in this count.",
        formula: |_| Formula::Count(Agg::Abandoned),
    },
    MetricDef {
        id: "short_abandoned",
        label: "Short ab.",
        unit: Unit::Count,
        default: true,
        numerator: "abandoned rows with wait < S (--short-abandon, default 5 s)",
        denominator: "",
        exclusions: "abandons that waited S or longer",
        definition: "Abandoned contacts whose wait (ended_at − arrived_at) was strictly shorter than S (--short-abandon, default 5 s): misdials and hang-ups before anyone could answer. By default they are left out of the abandon rate and of the service-level denominator.",
        formula: |_| Formula::Count(Agg::ShortAbandoned),
    },
    MetricDef {
        id: "abandon_rate",
        label: "Abandon %",
        unit: Unit::Ratio,
        default: true,
        numerator: "abandoned − short_abandoned (--abandon-formula exclude-short, the default); abandoned (all)",
        denominator: "offered − short_abandoned (exclude-short); offered (all)",
        exclusions: "short abandons, from both sides, unless --abandon-formula all",
        definition: "Share of contacts lost in the queue. Default (--abandon-formula exclude-short): (abandoned − short_abandoned) / (offered − short_abandoned), as Cisco, NICE and Ivanti leave short abandons out; --abandon-formula all gives abandoned / offered, as Amazon Connect and Genesys count it.",
        formula: abandon_rate,
    },
    MetricDef {
        id: "asa_s",
        label: "ASA",
        unit: Unit::Seconds,
        default: true,
        numerator: "sum of wait (answered_at − arrived_at) over answered calls",
        denominator: "answered",
        exclusions: "unanswered calls",
        definition: "Average speed of answer: mean wait of answered calls, answered_at − arrived_at, in seconds. Abandoned calls do not count.",
        formula: |_| mean_s(Agg::WaitAnsweredUs, Agg::Answered),
    },
    MetricDef {
        id: "aht_s",
        label: "AHT",
        unit: Unit::Seconds,
        default: true,
        numerator: "sum of (ended_at − answered_at) + acw_s over answered calls",
        denominator: "answered",
        exclusions: "unanswered calls",
        definition: "Average handle time of answered calls: connected time (ended_at − answered_at) plus after-call work (acw_s, empty = 0), in seconds. Hold time is part of the connected time, so hold_s is not added again.",
        formula: |_| mean_s(Agg::HandleUs, Agg::Answered),
    },
    MetricDef {
        id: "service_level",
        label: "SL",
        unit: Unit::Ratio,
        default: true,
        numerator: "answered calls with wait <= T (--sl-threshold, default 20 s; --sl-boundary lt for < T)",
        denominator: "offered − short_abandoned (the default --sl-formula exclude-short; see the formulas below)",
        exclusions: "short abandons leave the denominator (exclude-short)",
        definition: "Service level: answered calls with a wait at most T (--sl-threshold, default 20 s, boundary inclusive) over offered calls minus short abandons (--sl-formula exclude-short). Abandons after S count against it. --sl-formula picks another documented variant; several thresholds (--sl-threshold 20s,30s) give one column each (service_level_20s, ...), and --metrics service_level:all prints every variant side by side (sl_<formula>_<T>s).",
        formula: |r| sl_formula(r.sl_formula, r.sl_threshold_s()),
    },
    MetricDef {
        id: "fcr_rate",
        label: "FCR",
        unit: Unit::Ratio,
        default: true,
        numerator: "eligible calls whose caller has no further inbound contact with arrived_at in (t, t + W]",
        denominator: "answered calls with a non-empty caller",
        exclusions: "unanswered calls and calls with an empty (withheld) caller; right-censored calls too with --fcr-censored exclude",
        definition: "First-contact resolution: share of answered calls with a non-empty caller whose caller has no further accepted inbound contact (any queue by default, --fcr-scope same-queue for the same queue only; answered or not) arriving in (t, t + W], t = this call's arrived_at, W = --fcr-window (default 24 h). Calls arriving in the last W of the data are right-censored: a repeat after the data ends cannot be seen, so they look resolved; fcr_censored counts them and --fcr-censored exclude leaves them out.",
        formula: |_| ratio(&[(1, Agg::FcrResolved)], &[(1, Agg::FcrEligible)]),
    },
    MetricDef {
        id: "csat_avg",
        label: "CSAT avg",
        unit: Unit::Score,
        default: true,
        numerator: "sum of csat scores",
        denominator: "csat_responses",
        exclusions: "rows without a score",
        definition: "Mean post-call survey score over offered rows that have a score (scale --csat-scale, default 1..5).",
        formula: |_| Formula::Mean { sum: Agg::CsatSum, count: Agg::CsatResponses, scale: 1.0 },
    },
    MetricDef {
        id: "csat_top2box",
        label: "CSAT top-2",
        unit: Unit::Ratio,
        default: true,
        numerator: "scores in the top box (--csat-top-box, default 4..5 on 1..5, 9..10 on 0..10)",
        denominator: "csat_responses",
        exclusions: "rows without a score",
        definition: "CSAT as top-box share: survey responses in the top box (default 4 or 5 on the 1..5 scale) over all responses. A middle score counts against it.",
        formula: |_| ratio(&[(1, Agg::CsatTop)], &[(1, Agg::CsatResponses)]),
    },
    MetricDef {
        id: "csat_responses",
        label: "CSAT n",
        unit: Unit::Count,
        default: true,
        numerator: "offered rows with a csat score",
        denominator: "",
        exclusions: "rows without a score",
        definition: "Number of survey responses: offered rows with a csat score.",
        formula: |_| Formula::Count(Agg::CsatResponses),
    },
    MetricDef {
        id: "transfer_rate",
        label: "Transfer %",
        unit: Unit::Ratio,
        default: true,
        numerator: "answered calls with transferred = true",
        denominator: "answered",
        exclusions: "unanswered calls (a transferred flag on them is ignored)",
        definition: "Share of answered calls the agent transferred (transferred = true).",
        formula: |_| ratio(&[(1, Agg::TransferredAnswered)], &[(1, Agg::Answered)]),
    },
    MetricDef {
        id: "csat_response_rate",
        label: "CSAT resp. %",
        unit: Unit::Ratio,
        default: false,
        numerator: "csat_responses",
        denominator: "answered",
        exclusions: "unanswered calls from the denominator",
        definition: "Survey responses per answered call: csat_responses / answered.",
        formula: |_| ratio(&[(1, Agg::CsatResponses)], &[(1, Agg::Answered)]),
    },
    MetricDef {
        id: "talk_s",
        label: "Talk",
        unit: Unit::Seconds,
        default: false,
        numerator: "sum of (ended_at − answered_at) − hold_s over answered calls",
        denominator: "answered",
        exclusions: "unanswered calls",
        definition: "Average talk time of answered calls: connected time minus customer hold (hold_s, empty = 0), in seconds.",
        formula: |_| mean_s(Agg::TalkUs, Agg::Answered),
    },
    MetricDef {
        id: "hold_s",
        label: "Hold",
        unit: Unit::Seconds,
        default: false,
        numerator: "sum of hold_s over answered calls (empty = 0)",
        denominator: "answered",
        exclusions: "unanswered calls",
        definition: "Average customer hold time per answered call (calls without hold count as 0; Amazon Connect averages only over calls that were held).",
        formula: |_| mean_s(Agg::HoldUs, Agg::Answered),
    },
    MetricDef {
        id: "acw_s",
        label: "ACW",
        unit: Unit::Seconds,
        default: false,
        numerator: "sum of acw_s over answered calls (empty = 0)",
        denominator: "answered",
        exclusions: "unanswered calls",
        definition: "Average after-call work per answered call, in seconds.",
        formula: |_| mean_s(Agg::AcwUs, Agg::Answered),
    },
    MetricDef {
        id: "max_wait_s",
        label: "Max wait",
        unit: Unit::Seconds,
        default: false,
        numerator: "the longest wait of any offered call",
        denominator: "",
        exclusions: "none: answered and abandoned calls both count",
        definition: "Longest wait in queue of any offered call, answered or abandoned (Amazon Connect's 'Maximum queued time').",
        formula: |_| Formula::Stat { agg: Agg::MaxWaitUs, scale: US },
    },
    MetricDef {
        id: "asa_p50_s",
        label: "ASA p50",
        unit: Unit::Seconds,
        default: false,
        numerator: "the median wait of answered calls (exact, nearest rank)",
        denominator: "",
        exclusions: "unanswered calls",
        definition: "Median wait of answered calls: the smallest observed wait w with at least 50% of answered waits <= w (exact nearest-rank percentile, no interpolation).",
        formula: |_| quantile(500, true),
    },
    MetricDef {
        id: "asa_p90_s",
        label: "ASA p90",
        unit: Unit::Seconds,
        default: false,
        numerator: "the 90th percentile wait of answered calls (exact, nearest rank)",
        denominator: "",
        exclusions: "unanswered calls",
        definition: "90th percentile of the wait of answered calls: the smallest observed wait w with at least 90% of answered waits <= w.",
        formula: |_| quantile(900, true),
    },
    MetricDef {
        id: "wait_p95_s",
        label: "Wait p95",
        unit: Unit::Seconds,
        default: false,
        numerator: "the 95th percentile wait of all offered calls (exact, nearest rank)",
        denominator: "",
        exclusions: "none: answered and abandoned calls both count",
        definition: "95th percentile of the wait of every offered call, answered or abandoned: the smallest observed wait w with at least 95% of waits <= w.",
        formula: |_| quantile(950, false),
    },
    MetricDef {
        id: "abandon_time_s",
        label: "Ab. time",
        unit: Unit::Seconds,
        default: false,
        numerator: "sum of wait (ended_at − arrived_at) over abandoned calls",
        denominator: "abandoned",
        exclusions: "answered calls",
        definition: "Average time abandoned callers waited before leaving (Amazon Connect's 'Average queue abandon time'), short abandons included.",
        formula: |_| mean_s(Agg::WaitAbandonedUs, Agg::Abandoned),
    },
    MetricDef {
        id: "fcr_censored",
        label: "FCR cens.",
        unit: Unit::Count,
        default: false,
        numerator: "FCR-eligible calls arriving within the last W of the data",
        denominator: "",
        exclusions: "calls that are not FCR-eligible",
        definition: "Right-censored FCR calls: answered calls with a caller that arrived after the last arrival in the data minus W, so a repeat could fall after the data ends. They count as resolved unless --fcr-censored exclude.",
        formula: |_| Formula::Count(Agg::FcrCensored),
    },
    MetricDef {
        id: "agents_seen",
        label: "Agents",
        unit: Unit::Count,
        default: false,
        numerator: "distinct agents named on answered calls",
        denominator: "",
        exclusions: "unanswered calls",
        definition: "Number of distinct agents that answered at least one call in the group.",
        formula: |_| Formula::Count(Agg::AgentsSeen),
    },
    MetricDef {
        id: "calls_per_agent_hour",
        label: "Calls/agent-h",
        unit: Unit::Score,
        default: false,
        numerator: "answered calls",
        denominator: "agent-hours: (agent, interval) pairs with an answered call × the interval length in hours",
        exclusions: "unanswered calls; time an agent was logged in without answering is not seen in CDRs",
        definition: "Answered calls per agent-hour. CDRs carry no login or idle time, so an agent counts as present for each --interval (default 30 min) in which they answered at least one call; the figure is an upper bound on productivity per staffed hour.",
        formula: |r| Formula::Mean {
            sum: Agg::Answered,
            count: Agg::AgentSlots,
            scale: r.interval_s as f64 / 3600.0,
        },
    },
];
