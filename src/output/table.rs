//! The terminal table (comfy-table): human units, numbers right-aligned, a
//! TOTAL row at the bottom and a footer line stating the zone, the rules
//! and the row accounting. No colour and no terminal probing here: with a
//! width (`RenderOptions::width`, decided by `config`) columns that do not
//! fit are left out from the right and the footer names them.

use std::io::Write;

use comfy_table::{CellAlignment, ContentArrangement, Table as Comfy, presets};

use crate::metrics::SlFormula;
use crate::report::Report;
use crate::report::format::{count, human};
use crate::report::model::Kind;
use crate::values::{Attribution, Seconds};

use super::{Renderer, unit_of};

pub struct Table {
    /// Widest line allowed, in characters; `None` = no limit.
    pub width: Option<usize>,
}

/// A cell; text from the input is escaped and cut (`output::escape`).
fn aligned(text: String, kind: Kind) -> comfy_table::Cell {
    let c = comfy_table::Cell::new(super::escape::table_cell(&text));
    match kind {
        Kind::Key => c,
        Kind::Metric(_) => c.set_alignment(CellAlignment::Right),
    }
}

/// The footer: settings and accounting in one or two lines.
pub fn footer(report: &Report) -> String {
    let s = &report.settings;
    let a = &report.accounting;
    let r = &s.rules;
    let mut by = format!("by {}", s.by);
    if s.by.contains("interval") {
        by.push_str(&format!(" ({} by {})", s.interval, s.attribution));
    } else if s.attribution != Attribution::Arrival {
        by.push_str(&format!(" (by {})", s.attribution));
    }
    let window = match &s.window {
        Some(w) => format!(
            "window {} .. {} (arrived_at; {} accepted calls outside left out)\n",
            w.since.as_deref().unwrap_or("start"),
            w.until.as_deref().unwrap_or("end"),
            count(w.outside as i64)
        ),
        None => String::new(),
    };
    let window = match &s.order {
        Some(note) => format!("{window}{note}\n"),
        None => window,
    };
    let window = match &s.compare {
        Some(note) => format!("{window}{note}\n"),
        None => window,
    };
    let thresholds: Vec<String> = r.sl_thresholds_s.iter().map(|t| Seconds(*t).to_string()).collect();
    let sl = match r.sl_formula {
        SlFormula::ExcludeShort => format!(
            "SL: answered {} {} / (offered - short abandons < {})",
            r.sl_boundary.symbol(),
            thresholds.join(","),
            Seconds(r.short_abandon_s)
        ),
        f => format!(
            "SL {}: {} with T = {}{}",
            f.name(),
            f.symbols().replace("<=", r.sl_boundary.symbol()),
            thresholds.join(","),
            if r.short_abandon_s > 0 {
                format!(", short < {}", Seconds(r.short_abandon_s))
            } else {
                String::new()
            }
        ),
    };
    let preset = s.preset.map(|p| format!("preset {p} · ")).unwrap_or_default();
    let per_queue: Vec<String> = r.queue_sl.iter().map(|(q, t)| format!("{q} {}", Seconds(*t))).collect();
    let sl = if per_queue.is_empty() || r.sl_thresholds_s.len() > 1 {
        sl
    } else {
        format!("{sl} (per queue: {})", per_queue.join(", "))
    };
    format!(
        "{preset}{by} · zone {} · {sl} · FCR window {}\n\
         rows: {} read, {} accepted ({} outbound), {} invalid, {} duplicate\n{window}",
        s.tz,
        Seconds(r.fcr_window_s),
        count(a.read as i64),
        count(a.accepted as i64),
        count(a.outbound as i64),
        count(a.invalid_total() as i64),
        count(a.duplicates as i64),
    )
}

/// The report with only its first `n` columns (keys first, then metrics).
fn first_columns(report: &Report, n: usize) -> Report {
    let mut r = report.clone();
    r.columns.truncate(n);
    for row in &mut r.rows {
        row.truncate(n);
    }
    r.total.truncate(n.saturating_sub(r.key_count));
    r.key_count = r.key_count.min(n);
    r
}

fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

impl Renderer for Table {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let all = report.columns.len();
        let Some(width) = self.width.filter(|_| all > 1) else {
            return write!(out, "{}{}", grid(report), footer(report));
        };
        // Leave columns out from the right until the grid fits (at least one stays).
        let mut n = all;
        let mut text = grid(report);
        while n > 1 && widest(&text) > width {
            n -= 1;
            text = grid(&first_columns(report, n));
        }
        write!(out, "{text}{}", footer(report))?;
        if n < all {
            let left: Vec<&str> = report.columns[n..].iter().map(|c| c.id.as_str()).collect();
            writeln!(
                out,
                "{} column(s) left out to fit {width} characters: {} (--width 0 shows all; csv, json and xlsx always have all)",
                all - n,
                left.join(", ")
            )?;
        }
        Ok(())
    }
}

/// The table itself, with a line break after it.
fn grid(report: &Report) -> String {
    let mut t = Comfy::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
    let lead = report.key_count == 0;
    let mut header: Vec<comfy_table::Cell> = Vec::new();
    if lead {
        header.push(comfy_table::Cell::new(""));
    }
    header.extend(report.columns.iter().map(|c| aligned(c.label.clone(), c.kind)));
    t.set_header(header);
    for row in report.rows.iter().filter(|_| !lead) {
        t.add_row(
            row.iter().zip(&report.columns).map(|(cell, c)| aligned(human(cell, unit_of(c.kind)), c.kind)),
        );
    }
    let mut total: Vec<comfy_table::Cell> = Vec::new();
    if report.total.is_empty() {
        return format!("{t}\n");
    }
    total.push(comfy_table::Cell::new("TOTAL"));
    total.extend((1..report.key_count).map(|_| comfy_table::Cell::new("")));
    let metric_cols = &report.columns[report.key_count..];
    total.extend(
        report.total.iter().zip(metric_cols).map(|(cell, c)| aligned(human(cell, unit_of(c.kind)), c.kind)),
    );
    if report.has_total {
        t.add_row(total);
    }
    format!("{t}\n")
}
