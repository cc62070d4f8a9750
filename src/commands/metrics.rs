//! `callstat metrics`: the registry as a table, JSON or Markdown, with the
//! service-level formulas and the vendor presets. The Markdown form is
//! docs/metrics.md, word for word.

use std::io::Write;

use comfy_table::{ContentArrangement, Table, presets};
use serde_json::json;

use crate::choice::Choice;
use crate::config::MetricsConfig;
use crate::error::Result;
use crate::metrics::MetricsOutput;
use crate::metrics::preset::Preset;
use crate::metrics::{ALL, MetricDef, Rules, SlFormula};
use crate::values::{Attribution, Seconds};

fn default_note(m: &MetricDef) -> &'static str {
    if m.default { "" } else { " (not in the default columns: ask with --metrics)" }
}

/// The Markdown reference of every metric, the SL formulas and the presets.
pub fn markdown() -> String {
    let mut s = String::new();
    for m in ALL {
        s.push_str(&format!(
            "### `{}` ({}, {}){}\n\n{}\n\n",
            m.id,
            m.label,
            m.unit.name(),
            default_note(m),
            m.definition
        ));
        s.push_str(&format!("- numerator: {}\n", m.numerator));
        if !m.denominator.is_empty() {
            s.push_str(&format!("- denominator: {}\n", m.denominator));
        }
        s.push_str(&format!("- excludes: {}\n\n", m.exclusions));
    }
    s.push_str("### Service-level formulas (`--sl-formula`)\n\n");
    s.push_str("T = `--sl-threshold`, `ans<=T` = answered with wait within T (`--sl-boundary lt`: < T), ");
    s.push_str(
        "`ab<=T` / `ab>T` = abandoned within / after T, short = abandoned with wait < `--short-abandon`.\n\n",
    );
    s.push_str("| formula | computes | used by |\n|---|---|---|\n");
    for f in SlFormula::all() {
        s.push_str(&format!("| `{}` | {} | {} |\n", f.name(), f.symbols(), f.used_by()));
    }
    s.push_str("\n### Presets (`--preset`)\n\n");
    s.push_str("| preset | SL formula | short abandons | abandon rate | attribution | source (reference section) |\n");
    s.push_str("|---|---|---|---|---|---|\n");
    for p in Preset::all() {
        let r = p.rules();
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            p.name(),
            r.sl_formula.name(),
            short(r.short_abandon_s),
            r.abandon_formula.name(),
            r.attribution.name(),
            r.source
        ));
    }
    s.push('\n');
    s
}

fn short(s: i64) -> String {
    if s == 0 { "none".to_string() } else { format!("< {}", Seconds(s)) }
}

fn def_json(m: &MetricDef) -> serde_json::Value {
    json!({
        "id": m.id, "label": m.label, "unit": m.unit.name(), "default": m.default,
        "numerator": m.numerator, "denominator": m.denominator,
        "exclusions": m.exclusions, "definition": m.definition,
    })
}

fn json() -> serde_json::Value {
    let formulas: Vec<_> = SlFormula::all()
        .map(|f| json!({"name": f.name(), "computes": f.symbols(), "used_by": f.used_by()}))
        .collect();
    let presets: Vec<_> = Preset::all().map(preset_json).collect();
    json!({
        "metrics": ALL.iter().map(def_json).collect::<Vec<_>>(),
        "sl_formulas": formulas,
        "presets": presets,
    })
}

fn preset_json(p: Preset) -> serde_json::Value {
    let r = p.rules();
    json!({
        "preset": p.name(), "sl_formula": r.sl_formula.name(), "short_abandon_s": r.short_abandon_s,
        "abandon_formula": r.abandon_formula.name(), "attribute_by": r.attribution.name(), "source": r.source,
    })
}

fn table() -> String {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(100)
        .set_header(["id", "label", "unit", "definition"]);
    for m in ALL {
        let mut def = format!("{}{}", m.definition, default_note(m));
        if !m.denominator.is_empty() {
            def.push_str(&format!("\nnumerator: {}\ndenominator: {}", m.numerator, m.denominator));
        }
        t.add_row([m.id, m.label, m.unit.name(), def.as_str()]);
    }
    let mut f = Table::new();
    f.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(100)
        .set_header(["--sl-formula", "computes", "used by"]);
    for sl in SlFormula::all() {
        f.add_row([sl.name(), sl.symbols(), sl.used_by()]);
    }
    format!("{t}\n{f}\nPresets: see `callstat metrics --preset NAME` ({}).\n", preset_names())
}

fn preset_names() -> String {
    Preset::all().map(|p| p.name()).collect::<Vec<_>>().join(", ")
}

fn preset_text(p: Preset) -> String {
    let r = p.rules();
    format!(
        "preset {}\n  --sl-formula {}   ({})\n  --short-abandon {}\n  --abandon-formula {}\n  --attribute-by {}\nsource: {}\n",
        p.name(),
        r.sl_formula.name(),
        r.sl_formula.symbols(),
        Seconds(r.short_abandon_s),
        r.abandon_formula.name(),
        r.attribution.name(),
        r.source
    )
}

/// The effective rules of a settings file, one per line.
pub fn settings_text(rules: &Rules, attribution: Attribution, source: &str) -> String {
    let ts: Vec<String> = rules.sl_thresholds_s.iter().map(|t| Seconds(*t).to_string()).collect();
    let mut s = format!(
        "effective settings ({source})\n  sl_threshold {}\n  sl_formula {} ({})\n  sl_boundary {}\n  short_abandon {}\n  abandon_formula {}\n  attribute_by {}\n  fcr_window {}\n  fcr_scope {}\n  fcr_censored {}\n  csat_scale {}..{}\n  csat_top_box {}..{}\n",
        ts.join(","),
        rules.sl_formula.name(),
        rules.sl_formula.symbols(),
        rules.sl_boundary.name(),
        Seconds(rules.short_abandon_s),
        rules.abandon_formula.name(),
        attribution.name(),
        Seconds(rules.fcr_window_s),
        rules.fcr_scope.name(),
        if rules.fcr_exclude_censored { "exclude" } else { "include" },
        rules.csat_scale.0,
        rules.csat_scale.1,
        rules.csat_top.0,
        rules.csat_top.1,
    );
    for (q, t) in &rules.queue_sl {
        s.push_str(&format!("  queue {q}: sl_threshold {}\n", Seconds(*t)));
    }
    s
}

pub fn run(cfg: &MetricsConfig, out: &mut dyn Write) -> Result<()> {
    if let Some((rules, attribution, path)) = &cfg.effective
        && cfg.preset.is_none()
    {
        let text = settings_text(rules, *attribution, &path.display().to_string());
        out.write_all(text.as_bytes())?;
        out.flush()?;
        return Ok(());
    }
    let text = match (cfg.preset, cfg.format) {
        (Some(p), MetricsOutput::Json) => {
            format!("{}\n", serde_json::to_string_pretty(&preset_json(p)).unwrap_or_default())
        }
        (Some(p), _) => preset_text(p),
        (None, MetricsOutput::Table) => table(),
        (None, MetricsOutput::Markdown) => markdown(),
        (None, MetricsOutput::Json) => {
            format!("{}\n", serde_json::to_string_pretty(&json()).unwrap_or_default())
        }
    };
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
