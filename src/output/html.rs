//! HTML: one self-contained page to mail around. Inline CSS and inline SVG
//! only: no scripts, fonts, images or links to fetch. It holds the title
//! (`--title`), the settings lines, headline tiles from the TOTAL row
//! (offered, abandon rate, ASA, service level against `--sl-target`),
//! charts: per interval or day, offered split into answered and abandoned
//! and service level against the target, every panel on the same time axis;
//! per queue, agent or other key, service-level bars against the target;
//! per agent, AHT bars; then the table in human units with its TOTAL row and
//! footer. Numbers come formatted by `report::format`; the charts only scale
//! the report's own values.

use std::fmt::Write as _;
use std::io::Write;

use crate::report::Report;
use crate::report::format::{duration, human, percent};
use crate::report::model::{Cell, Kind};

use super::table::footer;
use super::{RenderOptions, Renderer, unit_of};

pub struct Html {
    pub opts: RenderOptions,
}

/// Most small multiples drawn for a time chart (one per other-key value).
const MAX_PANELS: usize = 12;

const CSS: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;margin:24px;color:#1f2328;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}h3{font-size:14px;margin:16px 0 4px}
p.meta{color:#57606a;font-size:13px;margin:2px 0}
table{border-collapse:collapse;font-size:13px;margin-top:8px}
th,td{border:1px solid #d0d7de;padding:4px 8px;white-space:nowrap}
th{background:#f6f8fa;text-align:left}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.total td{font-weight:600;background:#f6f8fa}
svg{display:block;margin:4px 0 8px;max-width:100%;height:auto}svg text{font-size:11px;fill:#57606a}
.tiles{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.tile{border:1px solid #d0d7de;border-radius:6px;padding:8px 14px;min-width:120px}
.tile b{display:block;font-size:22px;font-variant-numeric:tabular-nums}.tile span{font-size:12px;color:#57606a}
.tile.bad b{color:#cf222e}.tile.good b{color:#1a7f37}
.scroll{overflow-x:auto}
.legend span{display:inline-block;margin-right:14px;font-size:12px;color:#57606a}
.sw{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn value(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Count(n) => Some(*n as f64),
        Cell::Number(x) => Some(*x),
        _ => None,
    }
}

/// Index of a metric column by id, among all columns.
fn col(report: &Report, id: &str) -> Option<usize> {
    report.columns.iter().position(|c| c.id == id)
}

/// A short axis label for a time key.
fn time_label(text: &str) -> String {
    if text.len() >= 16 { text[5..16].replace('T', " ") } else { text.to_string() }
}

/// Time labels without their date when every label has the same one.
fn short_labels(labels: Vec<String>) -> Vec<String> {
    let same_day = labels.len() > 1 && labels.iter().all(|l| l.len() == 11 && l[..5] == labels[0][..5]);
    if same_day { labels.iter().map(|l| l[6..].to_string()).collect() } else { labels }
}

/// A round axis maximum at or above `max`: a multiple of a power of ten that splits into 4 round ticks.
fn nice(max: f64) -> f64 {
    let p = 10f64.powf(max.max(1.0).log10().floor());
    [1.0, 1.2, 1.6, 2.0, 2.4, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|v| *v >= max)
        .unwrap_or(10.0 * p)
}

/// Stacked bars (answered + abandoned = offered) per time bucket.
fn volume_chart(out: &mut String, labels: &[String], answered: &[f64], abandoned: &[f64]) {
    let (w, h, left, bottom) = (900.0, 220.0, 44.0, 36.0);
    let n = labels.len().max(1) as f64;
    let max = nice(answered.iter().zip(abandoned).map(|(a, b)| a + b).fold(0.0, f64::max));
    let plot_h = h - bottom - 10.0;
    let step = (w - left - 10.0) / n;
    let bar = (step * 0.8).max(1.0);
    let _ = write!(
        out,
        "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Offered, answered and abandoned per bucket\">"
    );
    for k in 0..=4 {
        let v = max * f64::from(k) / 4.0;
        let y = 10.0 + plot_h - plot_h * f64::from(k) / 4.0;
        let _ = write!(
            out,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#eaeef2\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            w - 10.0,
            left - 4.0,
            y + 4.0,
            v.round()
        );
    }
    let every = labels.len().div_ceil(8).max(1);
    for (i, label) in labels.iter().enumerate() {
        let x = left + step * i as f64 + (step - bar) / 2.0;
        let ha = plot_h * answered[i] / max;
        let hb = plot_h * abandoned[i] / max;
        let base = 10.0 + plot_h;
        let _ = write!(
            out,
            "<g><title>{} · offered {} · answered {} · abandoned {}</title><rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{ha:.1}\" fill=\"#0969da\"/><rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{hb:.1}\" fill=\"#cf222e\"/></g>",
            esc(label),
            answered[i] + abandoned[i],
            answered[i],
            abandoned[i],
            base - ha,
            base - ha - hb
        );
        if i % every == 0 {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x + bar / 2.0,
                h - bottom + 16.0,
                esc(label)
            );
        }
    }
    out.push_str("</svg>");
    out.push_str("<div class=\"legend\"><span><i class=\"sw\" style=\"background:#0969da\"></i>answered</span><span><i class=\"sw\" style=\"background:#cf222e\"></i>abandoned</span><span>bar height = offered</span></div>");
}

/// Service level per time bucket as a line, with the target dashed.
fn sl_chart(out: &mut String, labels: &[String], sl: &[Option<f64>], target: f64) {
    let (w, h, left, bottom) = (900.0, 180.0, 44.0, 36.0);
    let n = labels.len().max(1) as f64;
    let plot_h = h - bottom - 10.0;
    let step = (w - left - 10.0) / n;
    let y_of = |v: f64| 10.0 + plot_h - plot_h * v.clamp(0.0, 1.0);
    let _ = write!(
        out,
        "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Service level per bucket against the target\">"
    );
    for k in 0..=4 {
        let v = f64::from(k) / 4.0;
        let _ = write!(
            out,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#eaeef2\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            w - 10.0,
            y_of(v),
            y_of(v),
            left - 4.0,
            y_of(v) + 4.0,
            percent(v)
        );
    }
    let ty = y_of(target);
    let _ = write!(
        out,
        "<line x1=\"{left}\" x2=\"{}\" y1=\"{ty:.1}\" y2=\"{ty:.1}\" stroke=\"#9a6700\" stroke-dasharray=\"6 4\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" style=\"fill:#9a6700\">target {}</text>",
        w - 10.0,
        w - 12.0,
        ty - 4.0,
        percent(target)
    );
    let mut path = String::new();
    for (i, v) in sl.iter().enumerate() {
        let x = left + step * (i as f64 + 0.5);
        if let Some(v) = v {
            let _ = write!(
                path,
                "{}{x:.1},{:.1}",
                if path.is_empty() || sl[i.saturating_sub(1)].is_none() { " M" } else { " L" },
                y_of(*v)
            );
            let color = if *v < target { "#cf222e" } else { "#1a7f37" };
            let _ = write!(
                out,
                "<circle cx=\"{x:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{color}\"><title>{} · SL {}</title></circle>",
                y_of(*v),
                esc(&labels[i]),
                percent(*v)
            );
        }
    }
    let _ =
        write!(out, "<path d=\"{}\" fill=\"none\" stroke=\"#57606a\" stroke-width=\"1.5\"/>", path.trim());
    let every = labels.len().div_ceil(8).max(1);
    for (i, label) in labels.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            left + step * (i as f64 + 0.5),
            h - bottom + 16.0,
            esc(label)
        );
    }
    out.push_str("</svg>");
}

/// Horizontal AHT bars, one per row.
fn aht_chart(out: &mut String, labels: &[String], aht: &[Option<f64>]) {
    let (w, row_h, left) = (900.0, 18.0, 200.0);
    let h = row_h * labels.len() as f64 + 10.0;
    let max = aht.iter().flatten().fold(0.0, |a: f64, b| a.max(*b)).max(1.0);
    let _ = write!(
        out,
        "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Average handle time per agent\">"
    );
    for (i, (label, v)) in labels.iter().zip(aht).enumerate() {
        let y = 5.0 + row_h * i as f64;
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            y + 12.0,
            esc(label)
        );
        if let Some(v) = v {
            let bw = (w - left - 70.0) * v / max;
            let _ = write!(
                out,
                "<rect x=\"{left}\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"#8250df\"><title>{} · AHT {}</title></rect><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                row_h - 5.0,
                esc(label),
                duration(*v),
                left + bw + 4.0,
                y + 12.0,
                duration(*v)
            );
        }
    }
    out.push_str("</svg>");
}

/// Headline figures of the TOTAL row: offered, abandon rate, ASA and the
/// service level against the target.
fn tiles(report: &Report, opts: &RenderOptions, out: &mut String) {
    let k = report.key_count;
    let total = |id: &str| {
        report.columns[k..].iter().position(|c| c.id == id).and_then(|i| report.total.get(i)).and_then(value)
    };
    let mut parts: Vec<String> = Vec::new();
    let tile = |class: &str, v: String, label: &str| {
        format!("<div class=\"tile{class}\"><b>{}</b><span>{}</span></div>", esc(&v), esc(label))
    };
    if let Some(v) = total("offered") {
        parts.push(tile("", crate::report::format::count(v as i64), "offered"));
    }
    if let Some(v) = total("abandon_rate") {
        parts.push(tile("", percent(v), "abandon rate"));
    }
    if let Some(v) = total("asa_s") {
        parts.push(tile("", duration(v), "ASA"));
    }
    if let Some(v) = total("service_level") {
        let class = if v < opts.sl_target { " bad" } else { " good" };
        parts.push(tile(class, percent(v), &format!("service level (target {})", percent(opts.sl_target))));
    }
    if !parts.is_empty() {
        out.push_str(&format!("<div class=\"tiles\">{}</div>", parts.concat()));
    }
}

/// Horizontal service-level bars per row, the target as a dashed line.
fn sl_bars(out: &mut String, labels: &[String], sl: &[Option<f64>], target: f64) {
    let (w, row_h, left) = (900.0, 18.0, 200.0);
    let h = row_h * labels.len() as f64 + 24.0;
    let span = w - left - 70.0;
    let _ = write!(
        out,
        "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Service level per row against the target\">"
    );
    for (i, (label, v)) in labels.iter().zip(sl).enumerate() {
        let y = 5.0 + row_h * i as f64;
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            y + 12.0,
            esc(label)
        );
        if let Some(v) = v {
            let bw = span * v.clamp(0.0, 1.0);
            let color = if *v < target { "#cf222e" } else { "#1a7f37" };
            let _ = write!(
                out,
                "<rect x=\"{left}\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"{color}\"><title>{} · SL {}</title></rect><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                row_h - 5.0,
                esc(label),
                percent(*v),
                left + bw + 4.0,
                y + 12.0,
                percent(*v)
            );
        }
    }
    let tx = left + span * target.clamp(0.0, 1.0);
    let _ = write!(
        out,
        "<line x1=\"{tx:.1}\" x2=\"{tx:.1}\" y1=\"2\" y2=\"{:.1}\" stroke=\"#9a6700\" stroke-dasharray=\"6 4\"/><text x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" style=\"fill:#9a6700\">target {}</text>",
        h - 16.0,
        h - 4.0,
        percent(target)
    );
    out.push_str("</svg>");
}

fn charts(report: &Report, opts: &RenderOptions, out: &mut String) {
    let k = report.key_count;
    let keys = &report.columns[..k];
    let time = keys.iter().position(|c| c.id == "interval_start" || c.id == "day");
    let text = |row: &[Cell], i: usize| match &row[i] {
        Cell::Text(s) => s.clone(),
        _ => String::new(),
    };
    if let (Some(t), Some(ans), Some(ab)) = (time, col(report, "answered"), col(report, "abandoned")) {
        out.push_str(&format!(
            "<h2>Volume and service level per {}</h2>",
            if keys[t].id == "day" { "day" } else { "interval" }
        ));
        // One panel per value of the other keys, in report order.
        let mut panels: Vec<(String, Vec<usize>)> = Vec::new();
        for (r, row) in report.rows.iter().enumerate() {
            let name: Vec<String> = (0..k).filter(|i| *i != t).map(|i| text(row, i)).collect();
            let name = name.join(" · ");
            match panels.iter_mut().find(|p| p.0 == name) {
                Some(p) => p.1.push(r),
                None => panels.push((name, vec![r])),
            }
        }
        if panels.len() > MAX_PANELS {
            out.push_str(&format!("<p class=\"meta\">Charts for the first {MAX_PANELS} of {} groups; the table has them all.</p>", panels.len()));
        }
        let sl = col(report, "service_level");
        // Every panel on one time axis: the buckets of all panels, in time order
        // (a bucket one panel lacks is an empty bar there; --fill adds the
        // buckets no panel has).
        let mut axis: Vec<String> = report.rows.iter().map(|row| text(row, t)).collect();
        axis.sort_by_key(|s| {
            (crate::schema::timestamp::parse_in(s, chrono_tz::Tz::UTC).unwrap_or(i64::MAX), s.clone())
        });
        axis.dedup();
        let labels = short_labels(axis.iter().map(|a| time_label(a)).collect());
        for (name, rows) in panels.iter().take(MAX_PANELS) {
            if !name.is_empty() {
                out.push_str(&format!("<h3>{}</h3>", esc(name)));
            }
            let at = |bucket: &String| rows.iter().find(|r| text(&report.rows[**r], t) == *bucket).copied();
            let cell = |bucket: &String, c: usize| at(bucket).and_then(|r| value(&report.rows[r][c]));
            let a: Vec<f64> = axis.iter().map(|x| cell(x, ans).unwrap_or(0.0)).collect();
            let b: Vec<f64> = axis.iter().map(|x| cell(x, ab).unwrap_or(0.0)).collect();
            volume_chart(out, &labels, &a, &b);
            if let Some(s) = sl {
                let v: Vec<Option<f64>> = axis.iter().map(|x| cell(x, s)).collect();
                sl_chart(out, &labels, &v, opts.sl_target);
            }
        }
    } else if let (Some(sl), true) = (col(report, "service_level"), k > 0) {
        out.push_str(&format!("<h2>Service level per {}</h2>", esc(&report.settings.by)));
        let labels: Vec<String> = report
            .rows
            .iter()
            .map(|row| (0..k).map(|i| text(row, i)).collect::<Vec<_>>().join(" · "))
            .collect();
        let v: Vec<Option<f64>> = report.rows.iter().map(|row| value(&row[sl])).collect();
        sl_bars(out, &labels, &v, opts.sl_target);
    }
    if let (Some(_), Some(aht)) = (keys.iter().position(|c| c.id == "agent"), col(report, "aht_s")) {
        out.push_str("<h2>Average handle time per agent</h2>");
        let labels: Vec<String> = report
            .rows
            .iter()
            .map(|row| (0..k).map(|i| text(row, i)).collect::<Vec<_>>().join(" · "))
            .collect();
        let v: Vec<Option<f64>> = report.rows.iter().map(|row| value(&row[aht])).collect();
        aht_chart(out, &labels, &v);
    }
}

fn table(report: &Report, out: &mut String) {
    let lead = report.key_count == 0;
    let num = |kind: Kind| if kind == Kind::Key { "" } else { " class=\"n\"" };
    out.push_str("<table><thead><tr>");
    if lead {
        out.push_str("<th></th>");
    }
    for c in &report.columns {
        let _ = write!(out, "<th{} title=\"{}\">{}</th>", num(c.kind), esc(&c.id), esc(&c.label));
    }
    out.push_str("</tr></thead><tbody>");
    for row in report.rows.iter().filter(|_| !lead) {
        out.push_str("<tr>");
        for (cell, c) in row.iter().zip(&report.columns) {
            let _ = write!(out, "<td{}>{}</td>", num(c.kind), esc(&human(cell, unit_of(c.kind))));
        }
        out.push_str("</tr>");
    }
    if report.total.is_empty() {
        out.push_str("</tbody></table>");
        return;
    }
    out.push_str("<tr class=\"total\"><td>TOTAL</td>");
    for _ in 1..report.key_count {
        out.push_str("<td></td>");
    }
    for (cell, c) in report.total.iter().zip(&report.columns[report.key_count..]) {
        let _ = write!(out, "<td{}>{}</td>", num(c.kind), esc(&human(cell, unit_of(c.kind))));
    }
    out.push_str("</tr></tbody></table>");
}

/// The whole page as a string.
pub fn page(report: &Report, opts: &RenderOptions) -> String {
    let title =
        report.settings.title.clone().unwrap_or_else(|| format!("callstat report by {}", report.settings.by));
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{CSS}</style></head><body><h1>{}</h1>",
        esc(&title),
        esc(&title)
    );
    for line in footer(report).lines() {
        let _ = write!(out, "<p class=\"meta\">{}</p>", esc(line));
    }
    tiles(report, opts, &mut out);
    charts(report, opts, &mut out);
    out.push_str("<h2>Table</h2><div class=\"scroll\">");
    table(report, &mut out);
    out.push_str("</div>");
    out.push_str(
        "<p class=\"meta\">Definitions of every column: <code>callstat metrics</code>.</p></body></html>",
    );
    // One block per line, so golden diffs stay readable (text is escaped,
    // so these tags only occur as markup).
    for tag in ["</style>", "</h1>", "</h2>", "</h3>", "</p>", "</svg>", "</div>", "</tr>", "<tbody>"] {
        out = out.replace(tag, &format!("{tag}\n"));
    }
    out.push('\n');
    out
}

impl Renderer for Html {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(page(report, &self.opts).as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_labels() {
        assert_eq!(esc("<a&b>\""), "&lt;a&amp;b&gt;&quot;");
        assert_eq!(time_label("2026-03-02T09:30:00+01:00"), "03-02 09:30");
        assert_eq!(time_label("2026-03-02"), "2026-03-02");
        assert_eq!(short_labels(vec!["03-02 09:30".into(), "03-02 10:00".into()]), vec!["09:30", "10:00"]);
        assert_eq!(short_labels(vec!["03-02 09:30".into(), "03-03 10:00".into()])[1], "03-03 10:00");
        assert_eq!((nice(103.0), nice(77.0), nice(0.0)), (120.0, 80.0, 1.0));
    }
}
