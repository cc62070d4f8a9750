//! JSON: `{"meta": {...}, "rows": [...], "total": {...}}`. `meta` holds the
//! settings, the definitions of the metrics used and the row accounting;
//! rows carry raw numbers rounded to the same fixed precision as CSV, and
//! `null` for an empty ratio.

use std::io::Write;

use serde_json::{Map, Value, json};

use crate::metrics::Unit;
use crate::report::Report;
use crate::report::format::decimals_with;
use crate::report::model::{Cell, Column};

use super::{RenderOptions, Renderer, unit_of};

pub struct Json {
    pub opts: RenderOptions,
}

fn number(x: f64, unit: Option<Unit>, precision: Option<usize>) -> Value {
    let d = unit.map_or(6, |u| decimals_with(u, precision)) as i32;
    let p = 10f64.powi(d);
    let r = (x * p).round() / p;
    serde_json::Number::from_f64(r).map_or(Value::Null, Value::Number)
}

/// A cell as a JSON value: raw number at the machine precision, `null` when empty.
pub fn cell_value(cell: &Cell, col: &Column, precision: Option<usize>) -> Value {
    match cell {
        Cell::Text(s) => Value::String(s.clone()),
        Cell::Count(n) => json!(n),
        Cell::Number(x) => number(*x, unit_of(col.kind), precision),
        Cell::Empty => Value::Null,
    }
}

fn meta(report: &Report) -> Value {
    let s = &report.settings;
    let a = &report.accounting;
    let invalid: Map<String, Value> =
        a.invalid.iter().map(|(r, n)| (r.code().to_string(), json!(n))).collect();
    let defs: Vec<Value> = report
        .instances
        .iter()
        .filter(|i| report.columns.iter().any(|c| c.id == i.id))
        .map(|i| {
            let m = i.def;
            json!({
                "id": i.id, "metric": m.id, "label": i.label, "unit": m.unit.name(),
                "numerator": m.numerator, "denominator": m.denominator,
                "exclusions": m.exclusions, "definition": m.definition,
            })
        })
        .collect();
    let r = &s.rules;
    let mut doc = json!({
        "settings": {
            "by": s.by,
            "interval": s.interval,
            "tz": s.tz.name(),
            "input_tz": s.input_tz.name(),
            "preset": s.preset,
            "short_abandon_s": r.short_abandon_s,
            "sl_threshold_s": r.sl_threshold_s(),
            "sl_thresholds_s": r.sl_thresholds_s,
            "sl_threshold_by_queue_s": r.queue_sl,
            "outcomes": r.outcomes.iter().map(|(k, v)| (k.clone(), v.name())).collect::<std::collections::BTreeMap<_, _>>(),
            "sl_formula": r.sl_formula.name(),
            "sl_formula_symbols": r.sl_formula.symbols(),
            "sl_boundary": r.sl_boundary.name(),
            "abandon_formula": r.abandon_formula.name(),
            "fcr_window_s": r.fcr_window_s,
            "fcr_min_gap_s": r.fcr_min_gap_s,
            "fcr_scope": r.fcr_scope.name(),
            "fcr_censored": if r.fcr_exclude_censored { "exclude" } else { "include" },
            "csat_scale": [r.csat_scale.0, r.csat_scale.1],
            "csat_top_box": [r.csat_top.0, r.csat_top.1],
            "interval_attribution": s.attribution.name(),
            "inputs": s.inputs,
        },
        "rows": {
            "read": a.read,
            "accepted": a.accepted,
            "outbound": a.outbound,
            "invalid": a.invalid_total(),
            "invalid_by_reason": invalid,
            "duplicates": a.duplicates,
            "not_calls": a.not_calls,
        },
        "metrics": defs,
    });
    if let Some(note) = &s.order {
        doc["settings"]["order"] = json!(note);
    }
    if let Some(t) = &s.title {
        doc["settings"]["title"] = json!(t);
    }
    if let Some(note) = &s.compare {
        doc["settings"]["compare"] = json!(note);
    }
    if let Some(w) = &s.window {
        doc["settings"]["window"] = json!({
            "since": w.since, "until": w.until, "field": "arrived_at", "outside": w.outside,
        });
    }
    doc
}

/// One row as `{"id": value, ...}` in column order.
pub fn row_object(report: &Report, row: &[Cell], precision: Option<usize>) -> Value {
    let m: Map<String, Value> = row
        .iter()
        .zip(&report.columns)
        .map(|(cell, c)| (c.id.to_string(), cell_value(cell, c, precision)))
        .collect();
    Value::Object(m)
}

impl Renderer for Json {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let p = self.opts.precision;
        let rows: Vec<Value> = report.rows.iter().map(|row| row_object(report, row, p)).collect();
        let metric_cols = &report.columns[report.key_count..];
        let total: Map<String, Value> = report
            .total
            .iter()
            .zip(metric_cols)
            .map(|(cell, c)| (c.id.to_string(), cell_value(cell, c, p)))
            .collect();
        let total = if report.has_total { Value::Object(total) } else { Value::Null };
        let doc = json!({ "meta": meta(report), "rows": rows, "total": total });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        out.write_all(b"\n")
    }
}
