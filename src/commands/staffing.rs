//! `callstat staffing`: per queue and interval, the Erlang C requirement
//! for a service-level target from the interval's offered calls and AHT,
//! next to the agents seen and the service level achieved.

use std::io::Write;

use super::pipeline;
use crate::config::StaffingConfig;
use crate::config::staffing::Model;
use crate::error::Result;
use crate::metrics::defs::sl_formula;
use crate::metrics::erlang;
use crate::metrics::{Agg, PER_QUEUE, Value};
use crate::report::compute::{Grouping, compute};
use crate::report::model::{Cell, Column, Kind, Report, Settings, cell, key_text};
use crate::values::Dim;

/// The registry's metrics before the model's figures, and after them.
const BEFORE: [&str; 2] = ["offered", "aht_s"];
const AFTER: [&str; 2] = ["agents_seen", "service_level"];

/// The staffing report's metric columns: registry metrics around the
/// model's figures (`erlang::OUTPUTS`).
fn metric_columns() -> Vec<Column> {
    let metric = |id: &str| {
        crate::metrics::find(id).map(|m| Column {
            id: m.id.to_string(),
            label: m.label.to_string(),
            kind: Kind::Metric(m.unit),
        })
    };
    let mut out: Vec<Column> = BEFORE.iter().filter_map(|id| metric(id)).collect();
    out.extend(erlang::OUTPUTS.iter().map(|o| Column {
        id: o.id.to_string(),
        label: o.label.to_string(),
        kind: Kind::Metric(o.unit),
    }));
    out.extend(AFTER.iter().filter_map(|id| metric(id)));
    out
}

/// The staffing cells of one queue and interval.
pub fn staffing_cells(
    offered: Offered,
    answered: i64,
    handle_us: i64,
    agents_seen: Cell,
    achieved: Value,
    target: (f64, i64),
    cfg: &Model,
) -> Vec<Cell> {
    let interval_s = cfg.interval_s as f64;
    let (target_share, target_s) = (target.0, target.1 as f64);
    // --aht: the planner's handle time; else the interval's own.
    let aht = match cfg.aht_s {
        Some(a) => (offered.mean() > 0.0).then_some(a),
        None => (answered > 0).then(|| handle_us as f64 / answered as f64 / 1e6),
    };
    let traffic = aht.map(|a| offered.mean() * a / interval_s);
    let model = match (traffic, aht) {
        (Some(t), Some(a)) => erlang::required(t, a, target_s, target_share, cfg.max_occupancy),
        _ => None,
    };
    // --agents N: the expected figures with N agents; else with the required ones.
    let shown = match (cfg.agents, traffic, aht) {
        (Some(n), Some(t), Some(a)) => erlang::with_agents(n, t, a, target_s),
        (Some(_), _, _) => None,
        (None, _, _) => model,
    };
    let num = |v: Option<f64>| v.map_or(Cell::Empty, Cell::Number);
    vec![
        offered.cell(),
        num(aht),
        num(traffic),
        model.map_or(Cell::Empty, |m| Cell::Count(i64::from(m.agents))),
        model.map_or(Cell::Empty, |m| Cell::Count(i64::from(erlang::scheduled(m.agents, cfg.shrinkage)))),
        num(shown.map(|m| m.p_wait)),
        num(shown.map(|m| m.service_level)),
        num(shown.map(|m| m.asa_s)),
        num(shown.map(|m| m.occupancy)),
        agents_seen,
        cell(achieved),
    ]
}

/// Offered calls of one row: a count, or a mean over the weeks (`--profile weekday`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Offered {
    Count(i64),
    Mean(f64),
}

impl Offered {
    fn mean(self) -> f64 {
        match self {
            Offered::Count(n) => n as f64,
            Offered::Mean(x) => x,
        }
    }

    fn cell(self) -> Cell {
        match self {
            Offered::Count(n) => Cell::Count(n),
            Offered::Mean(x) => Cell::Number(x),
        }
    }
}

pub fn run(cfg: &StaffingConfig, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<()> {
    let pipeline::Loaded { mut calls, accounting, .. } = pipeline::load(&cfg.load, stderr)?;
    let window = cfg.clock.window;
    if window.is_set() {
        crate::window::retain(&mut calls, &window);
    }
    // --pool: the pooled queues' calls count for their group.
    if !cfg.pools.is_empty() {
        let mut to: Vec<(u32, u32)> = Vec::new();
        for (q, group) in &cfg.pools {
            if let Some(from) = calls.names.get(q) {
                to.push((from, calls.names.id(group)));
            }
        }
        for q in calls.queue.iter_mut() {
            if let Some((_, g)) = to.iter().find(|(f, _)| f == q) {
                *q = *g;
            }
        }
    }
    // Each queue's own target threshold (settings file), else --target's.
    let sl = sl_formula(cfg.rules.sl_formula, PER_QUEUE);
    let default_target = (cfg.target_share, cfg.rules.sl_threshold_s());
    let mut aggs = vec![Agg::Offered, Agg::Answered, Agg::HandleUs, Agg::AgentsSeen];
    aggs.extend(sl.aggs());
    let dims = vec![Dim::Queue, Dim::Interval];
    let grouping = Grouping { dims: dims.clone(), interval_s: (cfg.interval.0).0 };
    let mut c = compute(&calls, &grouping, &cfg.rules, &aggs)?;
    if cfg.fill {
        crate::report::fill::fill(&mut c, &dims, (cfg.interval.0).0, cfg.tz, &window)
            .map_err(crate::error::Error::Usage)?;
    }
    if cfg.profile {
        return profile(cfg, &c, &sl, default_target, accounting, stdout);
    }
    let rows: Vec<Vec<Cell>> = c
        .groups
        .iter()
        .map(|g| {
            let v = |a| c.get(&g.values, a).unwrap_or(0);
            let achieved = sl.value(&|a| c.get(&g.values, a));
            let queue = match &g.keys[0] {
                crate::report::compute::Key::Text(q) => q.as_str(),
                _ => "",
            };
            let target = cfg.queue_targets.get(queue).copied().unwrap_or(default_target);
            let mut cells: Vec<Cell> =
                dims.iter().zip(&g.keys).map(|(d, k)| Cell::Text(key_text(*d, k, cfg.tz))).collect();
            cells.extend(staffing_cells(
                Offered::Count(v(Agg::Offered)),
                v(Agg::Answered),
                v(Agg::HandleUs),
                Cell::Count(v(Agg::AgentsSeen)),
                achieved,
                target,
                &cfg.model,
            ));
            cells
        })
        .collect();
    let mut columns = vec![
        Column { id: "queue".into(), label: "Queue".into(), kind: Kind::Key },
        Column { id: "interval_start".into(), label: "Interval".into(), kind: Kind::Key },
    ];
    columns.extend(metric_columns());
    let settings = settings(cfg, "queue,interval");
    let report = Report::table(columns, 2, rows, settings, accounting);
    pipeline::emit(&report, &cfg.emit, stdout)
}

fn settings(cfg: &StaffingConfig, by: &str) -> Settings {
    Settings {
        by: by.into(),
        interval: cfg.interval.to_string(),
        tz: cfg.tz,
        input_tz: cfg.load.input.input_tz,
        rules: cfg.rules.clone(),
        attribution: cfg.load.attribution,
        preset: None,
        extra_names: Vec::new(),
        window: None,
        order: None,
        compare: None,
        title: None,
        inputs: cfg.load.inputs.iter().map(|i| i.name()).collect(),
    }
}

/// `--profile weekday`: per queue, weekday and time of day, the mean of the
/// weeks in the window (or the data's span): offered and agents seen are
/// sums over the occurrences of that weekday divided by their number; AHT
/// and the achieved service level are sums over sums across them.
fn profile(
    cfg: &StaffingConfig,
    c: &crate::report::compute::Computed,
    sl: &crate::metrics::Formula,
    default_target: (f64, i64),
    accounting: crate::dataset::Accounting,
    stdout: &mut dyn Write,
) -> Result<()> {
    use crate::report::compute::Key;
    use crate::schema::timestamp::US;
    use std::collections::BTreeMap;
    const DAY_S: i64 = 86_400;
    let local_date = |t: i64| crate::window::local_date(t, cfg.tz);
    // (queue, weekday from Monday, seconds after local midnight) -> summed values.
    let mut sums: BTreeMap<(String, u32, i64), Vec<i64>> = BTreeMap::new();
    let mut days: Vec<chrono::NaiveDate> = Vec::new();
    for g in &c.groups {
        let (Key::Text(q), Key::Int(t)) = (&g.keys[0], &g.keys[1]) else { continue };
        let date = local_date(*t);
        days.push(date);
        let local = t + crate::schema::timestamp::offset_at(*t, cfg.tz) * US;
        let tod = local.div_euclid(US).rem_euclid(DAY_S);
        let wd = chrono::Datelike::weekday(&date).num_days_from_monday();
        let e = sums.entry((q.clone(), wd, tod)).or_insert_with(|| vec![0; c.aggs.len()]);
        for (k, v) in g.values.iter().enumerate() {
            e[k] += v.unwrap_or(0);
        }
    }
    // How often each weekday occurs in the window, else from the first day seen to the last.
    let w = cfg.clock.window;
    let first = w.since.map(local_date).or_else(|| days.iter().min().copied());
    let last = w.until.map(|u| local_date(u - 1)).or_else(|| days.iter().max().copied());
    let mut occurrences = [0i64; 7];
    if let (Some(mut d), Some(last)) = (first, last) {
        // Bounded: no window spans more than the years 0000-9999.
        for _ in 0..(366 * 10_000) {
            if d > last {
                break;
            }
            occurrences[chrono::Datelike::weekday(&d).num_days_from_monday() as usize] += 1;
            match d.succ_opt() {
                Some(next) => d = next,
                None => break,
            }
        }
    }
    const WEEKDAYS: [&str; 7] = ["1-Mon", "2-Tue", "3-Wed", "4-Thu", "5-Fri", "6-Sat", "7-Sun"];
    let rows: Vec<Vec<Cell>> = sums
        .iter()
        .map(|((q, wd, tod), vals)| {
            let get = |a: Agg| c.aggs.iter().position(|x| *x == a).map(|k| vals[k]);
            let n = occurrences[*wd as usize].max(1) as f64;
            let target = cfg.queue_targets.get(q).copied().unwrap_or(default_target);
            let mut cells = vec![
                Cell::Text(q.clone()),
                Cell::Text(WEEKDAYS[*wd as usize].to_string()),
                Cell::Text(format!("{:02}:{:02}", tod / 3600, tod % 3600 / 60)),
            ];
            cells.extend(staffing_cells(
                Offered::Mean(get(Agg::Offered).unwrap_or(0) as f64 / n),
                get(Agg::Answered).unwrap_or(0),
                get(Agg::HandleUs).unwrap_or(0),
                Cell::Number(get(Agg::AgentsSeen).unwrap_or(0) as f64 / n),
                sl.value(&get),
                target,
                &cfg.model,
            ));
            cells
        })
        .collect();
    let mut columns = vec![
        Column { id: "queue".into(), label: "Queue".into(), kind: Kind::Key },
        Column { id: "weekday".into(), label: "Weekday".into(), kind: Kind::Key },
        Column { id: "time".into(), label: "Time".into(), kind: Kind::Key },
    ];
    // Weekly means are not whole calls or agents: scores, not counts.
    columns.extend(metric_columns().into_iter().map(|mut c| {
        if matches!(c.id.as_str(), "offered" | "agents_seen") {
            c.kind = Kind::Metric(crate::metrics::Unit::Score);
        }
        c
    }));
    let mut settings = settings(cfg, "queue,weekday,time");
    settings.order = Some(format!(
        "profile: the mean of each weekday over the weeks of the window (Mondays {}, Saturdays {}, ...)",
        occurrences[0], occurrences[5]
    ));
    let report = Report::table(columns, 3, rows, settings, accounting);
    pipeline::emit(&report, &cfg.emit, stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(shrinkage: f64) -> Model {
        Model { interval_s: 1800, shrinkage, max_occupancy: 1.0, aht_s: None, agents: None }
    }

    #[test]
    fn a_fixed_aht_and_a_given_staffing() {
        // The reference interval with the planner's AHT (no answered call in the data) and
        // 12 agents: required stays 14; with 12, SL 0.6402 (erlang tests) and occupancy 10/12.
        let m = Model { aht_s: Some(180.0), agents: Some(12), ..cfg(0.0) };
        let cells = staffing_cells(Offered::Count(100), 0, 0, Cell::Count(0), Value::Empty, (0.8, 20), &m);
        assert_eq!(cells[1], Cell::Number(180.0));
        assert_eq!(cells[2], Cell::Number(10.0));
        assert_eq!(cells[3], Cell::Count(14));
        let Cell::Number(sl) = cells[6] else { panic!("{:?}", cells[6]) };
        assert!((sl - 0.6402).abs() < 5e-5, "{sl}");
        let Cell::Number(occ) = cells[8] else { panic!() };
        assert!((occ - 10.0 / 12.0).abs() < 1e-12);
        // 10 agents for 10 Erlangs: the queue grows without bound, no figures.
        let m = Model { aht_s: Some(180.0), agents: Some(10), ..cfg(0.0) };
        assert_eq!(
            staffing_cells(Offered::Count(100), 0, 0, Cell::Count(0), Value::Empty, (0.8, 20), &m)[5],
            Cell::Empty
        );
    }

    #[test]
    fn the_reference_interval() {
        // 100 calls in 30 min, all answered, AHT 180 s -> 10 Erlangs -> 14 agents, 20 with 30% shrinkage.
        let cells = staffing_cells(
            Offered::Count(100),
            100,
            100 * 180 * 1_000_000,
            Cell::Count(15),
            Value::Number(0.9),
            (0.8, 20),
            &cfg(0.3),
        );
        assert_eq!(cells[0], Cell::Count(100));
        assert_eq!(cells[1], Cell::Number(180.0));
        assert_eq!(cells[2], Cell::Number(10.0));
        assert_eq!(cells[3], Cell::Count(14));
        assert_eq!(cells[4], Cell::Count(20));
        let Cell::Number(p) = cells[5] else { panic!() };
        assert!((p - 0.1741319).abs() < 5e-8);
        let Cell::Number(asa) = cells[7] else { panic!() };
        assert!((asa - 7.836).abs() < 5e-4);
        assert_eq!(cells[9], Cell::Count(15));
    }

    #[test]
    fn no_answered_calls_means_no_model() {
        let cells =
            staffing_cells(Offered::Count(3), 0, 0, Cell::Count(0), Value::Number(0.0), (0.8, 20), &cfg(0.0));
        assert_eq!(cells[1], Cell::Empty);
        assert_eq!(cells[3], Cell::Empty);
    }
}
