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
    offered: i64,
    answered: i64,
    handle_us: i64,
    agents_seen: i64,
    achieved: Value,
    target: (f64, i64),
    cfg: &Model,
) -> Vec<Cell> {
    let interval_s = cfg.interval_s as f64;
    let (target_share, target_s) = (target.0, target.1 as f64);
    // --aht: the planner's handle time; else the interval's own.
    let aht = match cfg.aht_s {
        Some(a) => (offered > 0).then_some(a),
        None => (answered > 0).then(|| handle_us as f64 / answered as f64 / 1e6),
    };
    let traffic = aht.map(|a| offered as f64 * a / interval_s);
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
        Cell::Count(offered),
        num(aht),
        num(traffic),
        model.map_or(Cell::Empty, |m| Cell::Count(i64::from(m.agents))),
        model.map_or(Cell::Empty, |m| Cell::Count(i64::from(erlang::scheduled(m.agents, cfg.shrinkage)))),
        num(shown.map(|m| m.p_wait)),
        num(shown.map(|m| m.service_level)),
        num(shown.map(|m| m.asa_s)),
        num(shown.map(|m| m.occupancy)),
        Cell::Count(agents_seen),
        cell(achieved),
    ]
}

pub fn run(cfg: &StaffingConfig, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<()> {
    let pipeline::Loaded { mut calls, accounting, .. } = pipeline::load(&cfg.load, stderr)?;
    let window = cfg.clock.window;
    if window.is_set() {
        crate::window::retain(&mut calls, &window);
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
                v(Agg::Offered),
                v(Agg::Answered),
                v(Agg::HandleUs),
                v(Agg::AgentsSeen),
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
    let settings = Settings {
        by: "queue,interval".into(),
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
        inputs: cfg.load.inputs.iter().map(|i| i.name()).collect(),
    };
    let report = Report::table(columns, 2, rows, settings, accounting);
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
        let cells = staffing_cells(100, 0, 0, 0, Value::Empty, (0.8, 20), &m);
        assert_eq!(cells[1], Cell::Number(180.0));
        assert_eq!(cells[2], Cell::Number(10.0));
        assert_eq!(cells[3], Cell::Count(14));
        let Cell::Number(sl) = cells[6] else { panic!("{:?}", cells[6]) };
        assert!((sl - 0.6402).abs() < 5e-5, "{sl}");
        let Cell::Number(occ) = cells[8] else { panic!() };
        assert!((occ - 10.0 / 12.0).abs() < 1e-12);
        // 10 agents for 10 Erlangs: the queue grows without bound, no figures.
        let m = Model { aht_s: Some(180.0), agents: Some(10), ..cfg(0.0) };
        assert_eq!(staffing_cells(100, 0, 0, 0, Value::Empty, (0.8, 20), &m)[5], Cell::Empty);
    }

    #[test]
    fn the_reference_interval() {
        // 100 calls in 30 min, all answered, AHT 180 s -> 10 Erlangs -> 14 agents, 20 with 30% shrinkage.
        let cells =
            staffing_cells(100, 100, 100 * 180 * 1_000_000, 15, Value::Number(0.9), (0.8, 20), &cfg(0.3));
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
        let cells = staffing_cells(3, 0, 0, 0, Value::Number(0.0), (0.8, 20), &cfg(0.0));
        assert_eq!(cells[1], Cell::Empty);
        assert_eq!(cells[3], Cell::Empty);
    }
}
