//! `callstat metrics`: the registry as a table, JSON or Markdown. The
//! Markdown form is README's metric section, word for word.

use std::io::Write;

use comfy_table::{ContentArrangement, Table, presets};

use crate::config::{MetricsConfig, MetricsOutput as MetricsFormat};
use crate::error::Result;
use crate::metrics::{ALL, MetricDef};

/// The Markdown reference of every metric.
pub fn markdown() -> String {
    let mut s = String::new();
    for m in ALL {
        s.push_str(&format!("### `{}` ({}, {})\n\n{}\n\n", m.id, m.label, m.unit.name(), m.definition));
        s.push_str(&format!("- numerator: {}\n", m.numerator));
        if !m.denominator.is_empty() {
            s.push_str(&format!("- denominator: {}\n", m.denominator));
        }
        s.push_str(&format!("- excludes: {}\n\n", m.exclusions));
    }
    s
}

fn json() -> serde_json::Value {
    let list: Vec<serde_json::Value> = ALL
        .iter()
        .map(|m: &MetricDef| {
            serde_json::json!({
                "id": m.id, "label": m.label, "unit": m.unit.name(),
                "numerator": m.numerator, "denominator": m.denominator,
                "exclusions": m.exclusions, "definition": m.definition,
            })
        })
        .collect();
    serde_json::Value::Array(list)
}

fn table() -> String {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(100)
        .set_header(["id", "label", "unit", "definition"]);
    for m in ALL {
        let mut def = m.definition.to_string();
        if !m.denominator.is_empty() {
            def.push_str(&format!("\nnumerator: {}\ndenominator: {}", m.numerator, m.denominator));
        }
        t.add_row([m.id, m.label, m.unit.name(), def.as_str()]);
    }
    format!("{t}\n")
}

pub fn run(cfg: &MetricsConfig, out: &mut dyn Write) -> Result<()> {
    let text = match cfg.format {
        MetricsFormat::Table => table(),
        MetricsFormat::Markdown => markdown(),
        MetricsFormat::Json => format!("{}\n", serde_json::to_string_pretty(&json()).unwrap_or_default()),
    };
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
