//! Hand-computed checks of every metric in the registry, on a few rows
//! built here. Expected values are worked out in the comments, not taken
//! from the program's output.

use crate::dataset::Calls;
use crate::metrics::{ALL, Sums, Value, find};
use crate::report::compute::{Computed, Rules, compute};
use crate::schema::timestamp::US;
use crate::values::Dim;

/// 2026-03-02T09:00:00Z in seconds.
pub const T0: i64 = 1_772_442_000;

pub const RULES: Rules =
    Rules { interval_s: 1800, short_abandon_s: 5, sl_threshold_s: 20, fcr_window_s: 86_400 };

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
    pub acw: Option<i64>,
    pub transferred: Option<bool>,
    pub csat: Option<i64>,
}

/// Builds `Calls` (report zone UTC, so local = UTC).
pub fn calls(rows: &[Row]) -> Calls {
    let mut c = Calls::default();
    for r in rows {
        c.queue.push(r.queue.to_string());
        c.agent.push(r.agent.map(str::to_string));
        c.caller.push(r.caller.map(str::to_string));
        c.outbound.push(r.outbound);
        c.arrived.push((T0 + r.arr) * US);
        c.arrived_local.push((T0 + r.arr) * US);
        c.answered.push(r.ans.map(|a| (T0 + a) * US));
        c.ended.push((T0 + r.end) * US);
        c.hold_s.push(None);
        c.acw_s.push(r.acw);
        c.transferred.push(r.transferred);
        c.csat.push(r.csat);
    }
    c
}

/// The reference rows (queue q1: rows 1-5 and an outbound row; q2: row 7).
///
/// | # | queue | agent | caller | arr | ans | end | wait | handle | notes |
/// |---|---|---|---|---|---|---|---|---|---|
/// | 1 | q1 | a | X | 0 | 10 | 110 | 10 | 100 + acw 20 = 120 | transferred, csat 5 |
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

pub fn run(rows: &[Row], dims: &[Dim]) -> Computed {
    compute(&calls(rows), dims, &RULES).unwrap()
}

pub fn value(sums: &Sums, id: &str) -> Value {
    find(id).unwrap().value(sums)
}

pub fn num(sums: &Sums, id: &str) -> f64 {
    match value(sums, id) {
        Value::Number(x) => x,
        Value::Count(n) => n as f64,
        Value::Empty => panic!("{id} is empty"),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn by_queue() -> (Sums, Sums, Sums) {
    let c = run(&reference(), &[Dim::Queue]);
    assert_eq!(c.groups.len(), 2);
    (c.groups[0].sums, c.groups[1].sums, c.total)
}

#[test]
fn offered_answered_abandoned() {
    let (q1, q2, t) = by_queue();
    // q1: rows 1-5 (the outbound row 6 is not offered); 1, 2, 5 answered.
    assert_eq!(
        [value(&q1, "offered"), value(&q1, "answered"), value(&q1, "abandoned")],
        [Value::Count(5), Value::Count(3), Value::Count(2)]
    );
    assert_eq!(value(&q2, "offered"), Value::Count(1));
    assert_eq!(
        [value(&t, "offered"), value(&t, "answered"), value(&t, "abandoned")],
        [Value::Count(6), Value::Count(4), Value::Count(2)]
    );
}

#[test]
fn short_abandoned() {
    let (q1, q2, _) = by_queue();
    // Row 3 waited 3 s < 5 s; row 4 waited 60 s.
    assert_eq!(value(&q1, "short_abandoned"), Value::Count(1));
    assert_eq!(value(&q2, "short_abandoned"), Value::Count(0));
    // Exactly 5 s is not short; 4 s is.
    let r = |end| Row { queue: "q", arr: 0, end, ..Row::default() };
    let c = run(&[r(5), r(4)], &[]);
    assert_eq!(value(&c.total, "short_abandoned"), Value::Count(1));
}

#[test]
fn abandon_rate() {
    let (q1, q2, t) = by_queue();
    // q1: (2 - 1) / (5 - 1) = 0.25; q2: 0 / 1; total: 1 / 5.
    assert!(close(num(&q1, "abandon_rate"), 0.25));
    assert!(close(num(&q2, "abandon_rate"), 0.0));
    assert!(close(num(&t, "abandon_rate"), 0.2));
    // Only short abandons: 0 / 0 is empty.
    let c = run(&[Row { queue: "q", end: 1, ..Row::default() }], &[]);
    assert_eq!(value(&c.total, "abandon_rate"), Value::Empty);
}

#[test]
fn asa_s() {
    let (q1, q2, t) = by_queue();
    // q1: (10 + 30 + 20) / 3 = 20; q2: 5; total: 65 / 4 = 16.25.
    assert!(close(num(&q1, "asa_s"), 20.0));
    assert!(close(num(&q2, "asa_s"), 5.0));
    assert!(close(num(&t, "asa_s"), 16.25));
}

#[test]
fn aht_s() {
    let (q1, q2, t) = by_queue();
    // q1: (120 + 200 + 330) / 3 = 216.666...; q2: 60; total: 710 / 4 = 177.5.
    assert!(close(num(&q1, "aht_s"), 650.0 / 3.0));
    assert!(close(num(&q2, "aht_s"), 60.0));
    assert!(close(num(&t, "aht_s"), 177.5));
}

#[test]
fn service_level() {
    let (q1, q2, t) = by_queue();
    // q1: rows 1 (10 s) and 5 (exactly 20 s) are in SL, row 2 (30 s) not: 2 / (5 - 1).
    assert!(close(num(&q1, "service_level"), 0.5));
    assert!(close(num(&q2, "service_level"), 1.0));
    assert!(close(num(&t, "service_level"), 0.6));
}

#[test]
fn fcr_rate() {
    let (q1, q2, t) = by_queue();
    // q1 eligible: rows 1 (X) and 2 (Y); row 5 has no caller. X calls again
    // 1 h later (row 4, abandoned, still a contact); Y calls again exactly
    // 24 h later (row 7, window is (t, t + 24h]). Neither resolved: 0 / 2.
    assert!(close(num(&q1, "fcr_rate"), 0.0));
    // q2: row 7, no later contact from Y: 1 / 1.
    assert!(close(num(&q2, "fcr_rate"), 1.0));
    assert!(close(num(&t, "fcr_rate"), 1.0 / 3.0));
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
    assert_eq!(c.total.get(crate::metrics::Base::FcrEligible), 7);
    assert_eq!(c.total.get(crate::metrics::Base::FcrResolved), 5);
}

#[test]
fn csat() {
    let (q1, q2, t) = by_queue();
    // q1 scores 5, 3, 4: mean 4.0, top-2 2 / 3, 3 responses. q2: none.
    assert!(close(num(&q1, "csat_avg"), 4.0));
    assert!(close(num(&q1, "csat_top2box"), 2.0 / 3.0));
    assert_eq!(value(&q1, "csat_responses"), Value::Count(3));
    assert_eq!(value(&q2, "csat_avg"), Value::Empty);
    assert_eq!(value(&q2, "csat_top2box"), Value::Empty);
    assert_eq!(value(&t, "csat_responses"), Value::Count(3));
}

#[test]
fn transfer_rate() {
    let (q1, q2, t) = by_queue();
    // q1: row 1 of 3 answered; q2: 0 of 1; total 1 / 4.
    assert!(close(num(&q1, "transfer_rate"), 1.0 / 3.0));
    assert!(close(num(&q2, "transfer_rate"), 0.0));
    assert!(close(num(&t, "transfer_rate"), 0.25));
}

#[test]
fn per_agent_rows_use_calls_naming_the_agent() {
    let c = run(&reference(), &[Dim::Agent]);
    // a: rows 1, 2 (row 6 is outbound). b: rows 5, 7. Unanswered rows 3, 4 have no agent.
    assert_eq!(c.groups.len(), 2);
    assert_eq!(value(&c.groups[0].sums, "offered"), Value::Count(2));
    assert_eq!(value(&c.groups[1].sums, "offered"), Value::Count(2));
    // The total is over the same rows: 4 offered, ASA (10 + 30 + 20 + 5) / 4.
    assert_eq!(value(&c.total, "offered"), Value::Count(4));
    assert!(close(num(&c.total, "asa_s"), 16.25));
}

#[test]
fn ratios_are_sums_over_sums() {
    // The total of a grouping equals the sum of its groups' sums, for every base.
    let c = run(&reference(), &[Dim::Queue, Dim::Interval]);
    let mut added = Sums::default();
    for g in &c.groups {
        for (i, v) in g.sums.0.iter().enumerate() {
            added.0[i] += v;
        }
    }
    assert_eq!(added, c.total);
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
    assert!(c.groups.is_empty());
    assert_eq!(value(&c.total, "offered"), Value::Count(0));
    assert_eq!(value(&c.total, "service_level"), Value::Empty);
}
