//! Hand-computed checks of every metric in the registry, on a few rows
//! built here. Expected values are worked out in the comments, not taken
//! from the program's output.

use crate::dataset::Calls;
use crate::metrics::select::{Selection, instances};
use crate::metrics::{ALL, Agg, Instance, Rules, Value};
use crate::report::compute::{Computed, Grouping, compute};
use crate::schema::timestamp::US;
use crate::values::Dim;

/// 2026-03-02T09:00:00Z in seconds.
pub const T0: i64 = 1_772_442_000;

/// A compact call: seconds relative to `T0`.
#[derive(Clone, Copy, Default)]
pub struct Row {
    pub queue: &'static str,
    pub agent: Option<&'static str>,
    pub caller: Option<&'static str>,
    pub outbound: bool,
    pub arr: i64,
    pub ans: Option<i64>,
    pub end: i64,
    pub hold: Option<i64>,
    pub acw: Option<i64>,
    pub transferred: Option<bool>,
    pub csat: Option<i64>,
    pub disposition: Option<&'static str>,
    pub channel: Option<&'static str>,
}

/// Builds `Calls` (report zone UTC, so local = UTC).
pub fn calls(rows: &[Row]) -> Calls {
    let mut c = Calls::default();
    for (i, r) in rows.iter().enumerate() {
        let id = format!("r{i}");
        let call = crate::schema::Call {
            call_id: &id,
            queue: r.queue,
            agent: r.agent,
            caller: r.caller,
            outbound: r.outbound,
            arrived: (T0 + r.arr) * US,
            answered: r.ans.map(|a| (T0 + a) * US),
            ended: (T0 + r.end) * US,
            hold_s: r.hold,
            acw_s: r.acw,
            transferred: r.transferred,
            csat: r.csat,
            disposition: r.disposition,
            channel: r.channel,
        };
        c.push(&call, (T0 + r.arr) * US, (T0 + r.arr) * US, &[]);
    }
    c
}

/// The reference rows (queue q1: rows 1-5 and an outbound row; q2: row 7).
///
/// | # | queue | agent | caller | arr | ans | end | wait | handle | notes |
/// |---|---|---|---|---|---|---|---|---|---|
/// | 1 | q1 | a | X | 0 | 10 | 110 | 10 | 100 + acw 20 = 120 | hold 30, transferred, csat 5 |
/// | 2 | q1 | a | Y | 60 | 90 | 290 | 30 | 200 | csat 3 |
/// | 3 | q1 | - | Z | 120 | - | 123 | 3 | - | short abandon |
/// | 4 | q1 | - | X | 3600 | - | 3660 | 60 | - | X calls again 1 h after #1 |
/// | 5 | q1 | b | - | 200 | 220 | 520 | 20 | 300 + 30 = 330 | csat 4, withheld caller |
/// | 6 | q1 | a | Y | 100 | 100 | 200 | | | outbound: ignored everywhere |
/// | 7 | q2 | b | Y | 86460 | 86465 | 86525 | 5 | 60 | exactly 24 h after #2 |
pub fn reference() -> Vec<Row> {
    let r =
        |queue, agent, caller, arr, ans, end| Row { queue, agent, caller, arr, ans, end, ..Row::default() };
    vec![
        Row {
            hold: Some(30),
            acw: Some(20),
            transferred: Some(true),
            csat: Some(5),
            ..r("q1", Some("a"), Some("X"), 0, Some(10), 110)
        },
        Row { csat: Some(3), ..r("q1", Some("a"), Some("Y"), 60, Some(90), 290) },
        r("q1", None, Some("Z"), 120, None, 123),
        r("q1", None, Some("X"), 3600, None, 3660),
        Row {
            acw: Some(30),
            transferred: Some(false),
            csat: Some(4),
            ..r("q1", Some("b"), None, 200, Some(220), 520)
        },
        Row { outbound: true, ..r("q1", Some("a"), Some("Y"), 100, Some(100), 200) },
        r("q2", Some("b"), Some("Y"), 86_460, Some(86_465), 86_525),
    ]
}

/// A query result with every metric instance available by id.
pub struct Out {
    pub c: Computed,
    pub inst: Vec<Instance>,
}

/// One group's values, readable by metric id.
#[derive(Clone, Copy)]
pub struct Sums<'a> {
    out: &'a Out,
    values: &'a [Option<i64>],
}

impl Out {
    pub fn group(&self, i: usize) -> Sums<'_> {
        Sums { out: self, values: &self.c.groups[i].values }
    }

    pub fn total(&self) -> Sums<'_> {
        Sums { out: self, values: &self.c.total }
    }

    pub fn agg(&self, values: &[Option<i64>], a: Agg) -> i64 {
        self.c.get(values, a).unwrap_or(0)
    }
}

pub fn run_with(rows: &[Row], dims: &[Dim], rules: &Rules) -> Out {
    let sel: Selection = "all,service_level:all".parse().unwrap();
    let inst = instances(&sel, rules);
    let aggs: Vec<Agg> = inst.iter().flat_map(|i| i.formula.aggs()).collect();
    let g = Grouping { dims: dims.to_vec(), interval_s: 1800 };
    Out { c: compute(&calls(rows), &g, rules, &aggs).unwrap(), inst }
}

pub fn run(rows: &[Row], dims: &[Dim]) -> Out {
    run_with(rows, dims, &Rules::default())
}

pub fn value(s: Sums<'_>, id: &str) -> Value {
    let i = s.out.inst.iter().find(|i| i.id == id).unwrap_or_else(|| panic!("no metric {id}"));
    i.formula.value(&|a| s.out.c.get(s.values, a))
}

pub fn num(s: Sums<'_>, id: &str) -> f64 {
    match value(s, id) {
        Value::Number(x) => x,
        Value::Count(n) => n as f64,
        Value::Empty => panic!("{id} is empty"),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn by_queue() -> Out {
    let out = run(&reference(), &[Dim::Queue]);
    assert_eq!(out.c.groups.len(), 2);
    out
}

macro_rules! queues {
    ($o:ident, $q1:ident, $q2:ident, $t:ident) => {
        let $o = by_queue();
        let ($q1, $q2, $t) = ($o.group(0), $o.group(1), $o.total());
    };
}

#[test]
fn offered_answered_abandoned() {
    queues!(o, q1, q2, t);
    // q1: rows 1-5 (the outbound row 6 is not offered); 1, 2, 5 answered.
    assert_eq!(
        [value(q1, "offered"), value(q1, "answered"), value(q1, "abandoned")],
        [Value::Count(5), Value::Count(3), Value::Count(2)]
    );
    assert_eq!(value(q2, "offered"), Value::Count(1));
    assert_eq!(
        [value(t, "offered"), value(t, "answered"), value(t, "abandoned")],
        [Value::Count(6), Value::Count(4), Value::Count(2)]
    );
}

#[test]
fn short_abandoned() {
    queues!(o, q1, q2, _t);
    // Row 3 waited 3 s < 5 s; row 4 waited 60 s.
    assert_eq!(value(q1, "short_abandoned"), Value::Count(1));
    assert_eq!(value(q2, "short_abandoned"), Value::Count(0));
    // Exactly 5 s is not short; 4 s is.
    let r = |end| Row { queue: "q", arr: 0, end, ..Row::default() };
    let c = run(&[r(5), r(4)], &[]);
    assert_eq!(value(c.total(), "short_abandoned"), Value::Count(1));
}

#[test]
fn abandon_rate() {
    queues!(o, q1, q2, t);
    // q1: (2 - 1) / (5 - 1) = 0.25; q2: 0 / 1; total: 1 / 5.
    assert!(close(num(q1, "abandon_rate"), 0.25));
    assert!(close(num(q2, "abandon_rate"), 0.0));
    assert!(close(num(t, "abandon_rate"), 0.2));
    // Only short abandons: 0 / 0 is empty.
    let c = run(&[Row { queue: "q", end: 1, ..Row::default() }], &[]);
    assert_eq!(value(c.total(), "abandon_rate"), Value::Empty);
}

#[test]
fn asa_s() {
    queues!(o, q1, q2, t);
    // q1: (10 + 30 + 20) / 3 = 20; q2: 5; total: 65 / 4 = 16.25.
    assert!(close(num(q1, "asa_s"), 20.0));
    assert!(close(num(q2, "asa_s"), 5.0));
    assert!(close(num(t, "asa_s"), 16.25));
}

#[test]
fn aht_s() {
    queues!(o, q1, q2, t);
    // q1: (120 + 200 + 330) / 3 = 216.666...; q2: 60; total: 710 / 4 = 177.5.
    assert!(close(num(q1, "aht_s"), 650.0 / 3.0));
    assert!(close(num(q2, "aht_s"), 60.0));
    assert!(close(num(t, "aht_s"), 177.5));
}

#[test]
fn service_level() {
    queues!(o, q1, q2, t);
    // q1: rows 1 (10 s) and 5 (exactly 20 s) are in SL, row 2 (30 s) not: 2 / (5 - 1).
    assert!(close(num(q1, "sl_exclude_short_20s"), 0.5));
    assert!(close(num(q2, "sl_exclude_short_20s"), 1.0));
    assert!(close(num(t, "sl_exclude_short_20s"), 0.6));
}

#[test]
fn fcr_rate() {
    queues!(o, q1, q2, t);
    // q1 eligible: rows 1 (X) and 2 (Y); row 5 has no caller. X calls again
    // 1 h later (row 4, abandoned, still a contact); Y calls again exactly
    // 24 h later (row 7, window is (t, t + 24h]). Neither resolved: 0 / 2.
    assert!(close(num(q1, "fcr_rate"), 0.0));
    // q2: row 7, no later contact from Y: 1 / 1.
    assert!(close(num(q2, "fcr_rate"), 1.0));
    assert!(close(num(t, "fcr_rate"), 1.0 / 3.0));
}

#[test]
fn fcr_window_edges_and_ties() {
    let r = |caller, arr| Row {
        queue: "q",
        caller: Some(caller),
        arr,
        ans: Some(arr),
        end: arr + 60,
        ..Row::default()
    };
    // A: next contact 24 h + 1 s later -> resolved; then that one is last -> resolved.
    // B: two calls at the same instant and nothing else -> both resolved.
    // C: two calls at the same instant and one 1 h later -> the tied two are
    //    not resolved, the last one is. Total 2 + 2 + 1 = 5 of 7.
    let rows = [r("A", 0), r("A", 86_401), r("B", 100), r("B", 100), r("C", 200), r("C", 200), r("C", 3800)];
    let c = run(&rows, &[]);
    assert_eq!(c.agg(&c.c.total, Agg::FcrEligible), 7);
    assert_eq!(c.agg(&c.c.total, Agg::FcrResolved), 5);
}

#[test]
fn csat() {
    queues!(o, q1, q2, t);
    // q1 scores 5, 3, 4: mean 4.0, top-2 2 / 3, 3 responses. q2: none.
    assert!(close(num(q1, "csat_avg"), 4.0));
    assert!(close(num(q1, "csat_top2box"), 2.0 / 3.0));
    assert_eq!(value(q1, "csat_responses"), Value::Count(3));
    assert_eq!(value(q2, "csat_avg"), Value::Empty);
    assert_eq!(value(q2, "csat_top2box"), Value::Empty);
    assert_eq!(value(t, "csat_responses"), Value::Count(3));
}

#[test]
fn transfer_rate() {
    queues!(o, q1, q2, t);
    // q1: row 1 of 3 answered; q2: 0 of 1; total 1 / 4.
    assert!(close(num(q1, "transfer_rate"), 1.0 / 3.0));
    assert!(close(num(q2, "transfer_rate"), 0.0));
    assert!(close(num(t, "transfer_rate"), 0.25));
}

#[test]
fn per_agent_rows_use_calls_naming_the_agent() {
    let c = run(&reference(), &[Dim::Agent]);
    // a: rows 1, 2 (row 6 is outbound). b: rows 5, 7. Unanswered rows 3, 4 have no agent.
    assert_eq!(c.c.groups.len(), 2);
    assert_eq!(value(c.group(0), "offered"), Value::Count(2));
    assert_eq!(value(c.group(1), "offered"), Value::Count(2));
    // The total is over the same rows: 4 offered, ASA (10 + 30 + 20 + 5) / 4.
    assert_eq!(value(c.total(), "offered"), Value::Count(4));
    assert!(close(num(c.total(), "asa_s"), 16.25));
}

#[test]
fn ratios_are_sums_over_sums() {
    // The total of a grouping equals the sum of its groups' sums, for every base.
    let c = run(&reference(), &[Dim::Queue, Dim::Interval]);
    for (i, a) in c.c.aggs.iter().enumerate() {
        if a.reduce() != crate::metrics::Reduce::Sum {
            continue;
        }
        let added: i64 = c.c.groups.iter().map(|g| g.values[i].unwrap_or(0)).sum();
        assert_eq!(Some(added), c.c.total[i], "{a:?}");
    }
}

#[test]
fn every_metric_is_tested_here() {
    let src = include_str!("tests.rs");
    for m in ALL {
        assert!(src.contains(&format!("\"{}\"", m.id)), "no test mentions {}", m.id);
    }
}

#[test]
fn empty_input_gives_zero_counts_and_empty_ratios() {
    let c = run(&[], &[Dim::Queue]);
    assert!(c.c.groups.is_empty());
    assert_eq!(value(c.total(), "offered"), Value::Count(0));
    assert_eq!(value(c.total(), "sl_exclude_short_20s"), Value::Empty);
    assert_eq!(value(c.total(), "max_wait_s"), Value::Empty);
    assert_eq!(value(c.total(), "asa_p50_s"), Value::Empty);
}

/// The worked example of the reference (b.1): 100 offered, 70 answered
/// within 20 s, 10 answered after, 8 abandoned within 20 s (5 of them
/// short, < 5 s), 12 abandoned after 20 s.
fn worked_example() -> Vec<Row> {
    let mut rows = Vec::new();
    let mut add = |n: usize, wait: i64, answered: bool| {
        for _ in 0..n {
            let ans = answered.then_some(wait);
            let end = if answered { wait + 60 } else { wait };
            rows.push(Row { queue: "q", arr: 0, ans, end, ..Row::default() });
        }
    };
    add(70, 10, true);
    add(10, 30, true);
    add(5, 3, false);
    add(3, 10, false);
    add(12, 40, false);
    rows
}

#[test]
fn every_service_level_formula_on_the_worked_example() {
    let c = run(&worked_example(), &[]);
    let t = c.total();
    // SL-1 70/80, SL-2 70/100, SL-3 70/92, SL-4 78/100, SL-5 70/92, SL-6 70/95.
    for (id, want) in [
        ("sl_answered_20s", 70.0 / 80.0),
        ("sl_offered_20s", 0.70),
        ("sl_ignore_abandons_within_20s", 70.0 / 92.0),
        ("sl_positive_abandons_20s", 0.78),
        ("sl_penalize_late_abandons_20s", 70.0 / 92.0),
        ("sl_exclude_short_20s", 70.0 / 95.0),
    ] {
        assert!(close(num(t, id), want), "{id}: {} != {want}", num(t, id));
    }
    // The documented percentages, to one decimal.
    let pct = |id| format!("{:.1}", num(t, id) * 100.0);
    assert_eq!(pct("sl_answered_20s"), "87.5");
    assert_eq!(pct("sl_ignore_abandons_within_20s"), "76.1");
    assert_eq!(pct("sl_exclude_short_20s"), "73.7");
}

#[test]
fn presets_reproduce_each_vendor_on_the_worked_example() {
    use crate::metrics::preset::Preset;
    for (p, sl, abandon) in [
        // Abandon rate: exclude-short (20 - 5) / (100 - 5); all: 20 / 100;
        // Avaya's 10 s short threshold: the 10 s abandons are not shorter than it, so still 15 / 95.
        (Preset::Callstat, 70.0 / 95.0, 15.0 / 95.0),
        (Preset::AmazonConnect, 0.78, 0.20),
        (Preset::Genesys, 0.70, 0.20),
        (Preset::CiscoNegative, 0.70, 15.0 / 95.0),
        (Preset::CiscoPositive, 0.78, 15.0 / 95.0),
        (Preset::CiscoIgnored, 70.0 / 92.0, 15.0 / 95.0),
        (Preset::Avaya, 0.70, 15.0 / 95.0),
        (Preset::Asterisk, 0.875, 0.20),
        (Preset::Talkdesk, 70.0 / 95.0, 15.0 / 95.0),
    ] {
        let mut rules = Rules::default();
        p.apply(&mut rules);
        let c = run_with(&worked_example(), &[], &rules);
        assert!(
            close(num(c.total(), "service_level"), sl),
            "{}: SL {}",
            p.name(),
            num(c.total(), "service_level")
        );
        assert!(
            close(num(c.total(), "abandon_rate"), abandon),
            "{}: abandon {} {abandon}",
            p.name(),
            num(c.total(), "abandon_rate")
        );
    }
}

#[test]
fn several_thresholds() {
    let rules = Rules { sl_thresholds_s: vec![20, 30], ..Rules::default() };
    let sel: Selection = "service_level".parse().unwrap();
    let inst = instances(&sel, &rules);
    let aggs: Vec<Agg> = inst.iter().flat_map(|i| i.formula.aggs()).collect();
    let g = Grouping { dims: vec![], interval_s: 1800 };
    let c = compute(&calls(&worked_example()), &g, &rules, &aggs).unwrap();
    let v: Vec<Value> = inst.iter().map(|i| i.formula.value(&|a| c.get(&c.total, a))).collect();
    // 20 s: 70 / 95; 30 s: (70 + 10) / 95.
    assert_eq!(inst[1].id, "service_level_30s");
    assert_eq!(v, [Value::Number(70.0 / 95.0), Value::Number(80.0 / 95.0)]);
}

#[test]
fn talk_hold_acw() {
    queues!(o, q1, q2, _t);
    // q1 connected 100, 200, 300; hold 30 on row 1: talk (70 + 200 + 300) / 3 = 190.
    assert!(close(num(q1, "talk_s"), 190.0), "{}", num(q1, "talk_s"));
    assert!(close(num(q1, "hold_s"), 10.0));
    assert!(close(num(q1, "acw_s"), 50.0 / 3.0));
    assert!(close(num(q2, "talk_s"), 60.0));
}

#[test]
fn max_wait_and_percentiles() {
    queues!(o, q1, q2, t);
    // q1 waits: answered 10, 30, 20; abandoned 3, 60.
    assert!(close(num(q1, "max_wait_s"), 60.0));
    assert!(close(num(q2, "max_wait_s"), 5.0));
    // Nearest rank over answered [10, 20, 30]: p50 -> rank ceil(1.5) = 2 -> 20; p90 -> rank 3 -> 30.
    assert!(close(num(q1, "asa_p50_s"), 20.0));
    assert!(close(num(q1, "asa_p90_s"), 30.0));
    // All waits [3, 10, 20, 30, 60]: p95 -> rank ceil(4.75) = 5 -> 60.
    assert!(close(num(q1, "wait_p95_s"), 60.0));
    // Total answered [5, 10, 20, 30]: p50 -> rank 2 -> 10 (no interpolation).
    assert!(close(num(t, "asa_p50_s"), 10.0));
}

#[test]
fn abandon_time_s() {
    queues!(o, q1, q2, _t);
    // q1 abandons waited 3 and 60 s; q2 has none.
    assert!(close(num(q1, "abandon_time_s"), 31.5));
    assert_eq!(value(q2, "abandon_time_s"), Value::Empty);
}

#[test]
fn csat_response_rate_and_agents_seen() {
    queues!(o, q1, q2, t);
    assert!(close(num(q1, "csat_response_rate"), 1.0));
    assert!(close(num(q2, "csat_response_rate"), 0.0));
    assert!(close(num(t, "csat_response_rate"), 0.75));
    // q1 answered by a, a, b; q2 by b; in total a and b.
    assert_eq!(value(q1, "agents_seen"), Value::Count(2));
    assert_eq!(value(q2, "agents_seen"), Value::Count(1));
    assert_eq!(value(t, "agents_seen"), Value::Count(2));
}

#[test]
fn fcr_censoring_and_scope() {
    queues!(o, q1, q2, t);
    // Last arrival 86460; window 86400: censored when arrived > 60. Only row 7.
    assert_eq!(value(q1, "fcr_censored"), Value::Count(0));
    assert_eq!(value(q2, "fcr_censored"), Value::Count(1));
    assert_eq!(value(t, "fcr_censored"), Value::Count(1));
    let ex = Rules { fcr_exclude_censored: true, ..Rules::default() };
    let c = run_with(&reference(), &[Dim::Queue], &ex);
    assert_eq!(value(c.group(1), "fcr_rate"), Value::Empty);
    assert!(close(num(c.total(), "fcr_rate"), 0.0));
    // Same-queue scope: Y's repeat is in q2, so row 2 (q1) is resolved.
    let same = Rules { fcr_scope: crate::metrics::FcrScope::SameQueue, ..Rules::default() };
    let c = run_with(&reference(), &[Dim::Queue], &same);
    assert!(close(num(c.group(0), "fcr_rate"), 0.5));
    assert!(close(num(c.total(), "fcr_rate"), 2.0 / 3.0));
}

#[test]
fn csat_on_a_ten_point_scale() {
    let r = |csat| Row { queue: "q", ans: Some(0), end: 60, csat: Some(csat), ..Row::default() };
    let rules = Rules { csat_scale: (0, 10), csat_top: (9, 10), ..Rules::default() };
    let c = run_with(&[r(10), r(9), r(8), r(0)], &[], &rules);
    // Top box 9..10: 2 of 4; mean 27 / 4.
    assert!(close(num(c.total(), "csat_top2box"), 0.5));
    assert!(close(num(c.total(), "csat_avg"), 6.75));
}

#[test]
fn calls_per_agent_hour() {
    queues!(o, q1, q2, t);
    // q1: agent a answered at 09:00:10 and 09:01:30 (one 30 min slot), b at 09:03:40
    // (one slot): 3 answered / (2 slots x 0.5 h) = 3 per agent-hour.
    assert!(close(num(q1, "calls_per_agent_hour"), 3.0));
    // q2: b's call the next day: 1 / (1 x 0.5 h) = 2.
    assert!(close(num(q2, "calls_per_agent_hour"), 2.0));
    // Total: a (1 slot), b (2 slots, two days): 4 / (3 x 0.5) = 2.666...
    assert!(close(num(t, "calls_per_agent_hour"), 4.0 / 1.5));
}

#[test]
fn calendar_keys() {
    use crate::report::compute::Key;
    // T0 is Monday 2026-03-02 09:00 UTC; row 7 arrives a day later. Inbound rows:
    // #1-#5 on Monday (hour 09, #4 at 10:00), #7 on Tuesday 09:01.
    let day = |d: i64| Key::Int((T0 - 9 * 3600 + d * 86_400) * US);
    let offered = |dim| {
        let out = run(&reference(), &[dim]);
        (0..out.c.groups.len())
            .map(|i| (out.c.groups[i].keys[0].clone(), value(out.group(i), "offered")))
            .collect::<Vec<_>>()
    };
    let n = Value::Count;
    assert_eq!(offered(Dim::Month), [(Key::Int(202603), n(6))]);
    assert_eq!(offered(Dim::Week), [(day(0), n(6))]);
    assert_eq!(offered(Dim::Day), [(day(0), n(5)), (day(1), n(1))]);
    // Weekday: time since Monday 00:00; hour of day: time since midnight.
    assert_eq!(offered(Dim::Weekday), [(Key::Int(0), n(5)), (Key::Int(86_400 * US), n(1))]);
    assert_eq!(offered(Dim::HourOfDay), [(Key::Int(9 * 3600 * US), n(5)), (Key::Int(10 * 3600 * US), n(1))]);
}

#[test]
fn outbound_set() {
    // Row 6 is the only outbound row: connected 100 s (100..200), no hold, no acw.
    let c = run(&reference(), &[Dim::Direction]);
    assert_eq!(c.c.groups.len(), 2);
    let (inb, out) = (c.group(0), c.group(1));
    assert_eq!(value(inb, "offered"), Value::Count(6));
    assert_eq!(value(inb, "outbound_attempts"), Value::Count(0));
    assert_eq!(value(out, "offered"), Value::Count(0));
    assert_eq!(value(out, "outbound_attempts"), Value::Count(1));
    assert_eq!(value(out, "outbound_connected"), Value::Count(1));
    assert!(close(num(out, "outbound_talk_s"), 100.0));
    assert!(close(num(out, "outbound_aht_s"), 100.0));
    // Inbound figures are unchanged by keeping outbound rows in the frame.
    assert!(close(num(c.total(), "asa_s"), 16.25));
    assert!(close(num(c.total(), "fcr_rate"), 1.0 / 3.0));
}

#[test]
fn dispositions_decide_abandon_flow_out_or_not_offered() {
    use crate::metrics::Outcome;
    let u = |end, disposition| Row { queue: "q", arr: 0, end, disposition, ..Row::default() };
    let rows = [
        Row { queue: "q", arr: 0, ans: Some(10), end: 100, ..Row::default() },
        u(30, Some("callback")),
        u(40, Some("voicemail")),
        u(3, None),
        u(50, Some("timeout")),
    ];
    // Default: every unanswered call is an abandon. 5 offered, 4 abandoned, 1 short:
    // abandon rate (4 - 1) / (5 - 1), SL 1 / 4.
    let c = run(&rows, &[]);
    assert_eq!(value(c.total(), "abandoned"), Value::Count(4));
    assert!(close(num(c.total(), "abandon_rate"), 0.75));
    assert!(close(num(c.total(), "service_level"), 0.25));
    // callback=flow-out, voicemail=not-offered: 4 offered, 2 abandoned (3 s and 50 s),
    // 1 flowed out, 1 not offered: abandon rate (2 - 1) / (4 - 1), SL 1 / 3, max wait 50.
    let mut rules = Rules::default();
    rules.outcomes.insert("callback".into(), Outcome::FlowOut);
    rules.outcomes.insert("voicemail".into(), Outcome::NotOffered);
    let c = run_with(&rows, &[], &rules);
    assert_eq!(value(c.total(), "offered"), Value::Count(4));
    assert_eq!(value(c.total(), "abandoned"), Value::Count(2));
    assert_eq!(value(c.total(), "flowed_out"), Value::Count(1));
    assert_eq!(value(c.total(), "not_offered"), Value::Count(1));
    assert!(close(num(c.total(), "abandon_rate"), 1.0 / 3.0));
    assert!(close(num(c.total(), "service_level"), 1.0 / 3.0));
    assert!(close(num(c.total(), "max_wait_s"), 50.0));
    // Genesys: callback and voicemail are flow-outs, no short abandons, abandoned / offered,
    // SL = answered within T / offered: 2 / 5 and 1 / 5.
    let mut g = Rules::default();
    crate::metrics::preset::Preset::Genesys.apply(&mut g);
    let c = run_with(&rows, &[], &g);
    assert!(close(num(c.total(), "abandon_rate"), 0.4));
    assert!(close(num(c.total(), "service_level"), 0.2));
    assert_eq!(value(c.total(), "flowed_out"), Value::Count(2));
}

#[test]
fn channel_is_a_key() {
    let r = |channel| Row { queue: "q", ans: Some(0), end: 60, channel, ..Row::default() };
    let c = run(&[r(Some("chat")), r(Some("voice")), r(Some("voice")), r(None)], &[Dim::Channel]);
    let keys: Vec<_> = c.c.groups.iter().map(|g| g.keys[0].clone()).collect();
    use crate::report::compute::Key::Text;
    assert_eq!(keys, [Text("(none)".into()), Text("chat".into()), Text("voice".into())]);
    assert_eq!(value(c.group(2), "offered"), Value::Count(2));
}
