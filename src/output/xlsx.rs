//! XLSX (rust_xlsxwriter): one sheet with the report as typed cells and one
//! with the metric definitions and the settings. Numbers stay numbers:
//! counts as integers, seconds as durations (value / 86400 shown as
//! `[h]:mm:ss`), ratios as `0.0%`, scores as `0.00`; `day` as a date and
//! `interval_start` as a local date-time. Header labels are bold and
//! frozen, the data rows carry an autofilter, a bold TOTAL row follows
//! them. Text is always a string cell, so it never runs as a formula.

use std::io::Write;

use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::metrics::Unit;
use crate::report::Report;
use crate::report::model::{Cell, Column, Kind};
use crate::values::Seconds;

use super::Renderer;

pub struct Xlsx;

/// Cell formats, one per kind of value, plain and bold (TOTAL row).
struct Formats {
    header: Format,
    text: [Format; 2],
    count: [Format; 2],
    seconds: [Format; 2],
    ratio: [Format; 2],
    score: [Format; 2],
    date: Format,
    datetime: Format,
}

fn pair(f: Format) -> [Format; 2] {
    [f.clone(), f.set_bold()]
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            text: pair(Format::new()),
            count: pair(Format::new().set_num_format("#,##0")),
            seconds: pair(Format::new().set_num_format("[h]:mm:ss")),
            ratio: pair(Format::new().set_num_format("0.0%")),
            score: pair(Format::new().set_num_format("0.00")),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
        }
    }
}

/// Days since Excel's epoch (1899-12-30) of a local wall-clock time.
fn serial(t: NaiveDateTime) -> f64 {
    let epoch =
        NaiveDate::from_ymd_opt(1899, 12, 30).and_then(|d| d.and_hms_opt(0, 0, 0)).unwrap_or_default();
    (t - epoch).num_seconds() as f64 / 86_400.0
}

/// A key cell as a date serial when it is a day or an interval start.
fn key_serial(col: &Column, text: &str) -> Option<f64> {
    match col.id.as_str() {
        "day" => {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)).map(serial)
        }
        "interval_start" => chrono::DateTime::parse_from_rfc3339(text).ok().map(|t| serial(t.naive_local())),
        _ => None,
    }
}

fn write_cell(
    ws: &mut Worksheet,
    f: &Formats,
    (row, col): (u32, u16),
    cell: &Cell,
    column: &Column,
    bold: usize,
) -> Result<(), XlsxError> {
    match (cell, column.kind) {
        (Cell::Empty, _) => {}
        (Cell::Text(s), Kind::Key) => match key_serial(column, s) {
            Some(v) if column.id == "day" => {
                ws.write_number_with_format(row, col, v, &f.date)?;
            }
            Some(v) => {
                ws.write_number_with_format(row, col, v, &f.datetime)?;
            }
            None => {
                ws.write_string_with_format(row, col, s, &f.text[bold])?;
            }
        },
        (Cell::Text(s), _) => {
            ws.write_string_with_format(row, col, s, &f.text[bold])?;
        }
        (Cell::Count(n), _) => {
            ws.write_number_with_format(row, col, *n as f64, &f.count[bold])?;
        }
        (Cell::Number(x), Kind::Metric(Unit::Seconds)) => {
            ws.write_number_with_format(row, col, *x / 86_400.0, &f.seconds[bold])?;
        }
        (Cell::Number(x), Kind::Metric(Unit::Ratio)) => {
            ws.write_number_with_format(row, col, *x, &f.ratio[bold])?;
        }
        (Cell::Number(x), _) => {
            ws.write_number_with_format(row, col, *x, &f.score[bold])?;
        }
    }
    Ok(())
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(by: &str) -> String {
    let s: String =
        format!("by {by}").chars().map(|c| if "[]:*?/\\".contains(c) { '-' } else { c }).collect();
    s.chars().take(31).collect()
}

fn report_sheet(ws: &mut Worksheet, name: &str, report: &Report, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let lead = u16::from(report.key_count == 0);
    let mut widths: Vec<usize> = Vec::new();
    if lead == 1 {
        ws.write_string_with_format(0, 0, "", &f.header)?;
        widths.push(6);
    }
    for (i, c) in report.columns.iter().enumerate() {
        ws.write_string_with_format(0, lead + i as u16, &c.label, &f.header)?;
        let w = match c.id.as_str() {
            "interval_start" => 17,
            "day" => 11,
            _ => 9,
        };
        widths.push(c.label.len().max(w));
    }
    let body = if report.key_count == 0 { &[][..] } else { &report.rows[..] };
    for (r, row) in body.iter().enumerate() {
        for (i, (cell, c)) in row.iter().zip(&report.columns).enumerate() {
            if let Cell::Text(s) = cell {
                widths[lead as usize + i] = widths[lead as usize + i].max(s.chars().count());
            }
            write_cell(ws, f, (r as u32 + 1, lead + i as u16), cell, c, 0)?;
        }
    }
    let total_row = body.len() as u32 + 1;
    if !report.total.is_empty() {
        ws.write_string_with_format(total_row, 0, "TOTAL", &f.text[1])?;
    }
    let metric_cols = &report.columns[report.key_count..];
    let first_metric = lead + report.key_count as u16;
    for (i, (cell, c)) in report.total.iter().zip(metric_cols).enumerate() {
        write_cell(ws, f, (total_row, first_metric + i as u16), cell, c, 1)?;
    }
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, (*w + 2) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let last_col = lead + report.columns.len() as u16 - 1;
    ws.autofilter(0, 0, body.len().max(1) as u32, last_col)?;
    Ok(())
}

fn definitions_sheet(ws: &mut Worksheet, reports: &[&Report], f: &Formats) -> Result<(), XlsxError> {
    let report = reports[0];
    ws.set_name("Definitions")?;
    let heads = ["id", "label", "unit", "numerator", "denominator", "excludes", "definition"];
    for (i, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &f.header)?;
    }
    let mut r = 1u32;
    let mut seen: Vec<&str> = Vec::new();
    let shown =
        reports.iter().flat_map(|r| r.instances.iter().filter(|i| r.columns.iter().any(|c| c.id == i.id)));
    for i in shown {
        if seen.contains(&i.id.as_str()) {
            continue;
        }
        seen.push(i.id.as_str());
        let m = i.def;
        let cells = [
            i.id.as_str(),
            i.label.as_str(),
            m.unit.name(),
            m.numerator,
            m.denominator,
            m.exclusions,
            m.definition,
        ];
        for (i, v) in cells.iter().enumerate() {
            ws.write_string(r, i as u16, *v)?;
        }
        r += 1;
    }
    let s = &report.settings;
    let a = &report.accounting;
    let settings: Vec<(&str, String)> = vec![
        ("by", s.by.clone()),
        ("interval", s.interval.clone()),
        ("tz", s.tz.name().to_string()),
        ("input_tz", s.input_tz.name().to_string()),
        ("short_abandon", Seconds(s.rules.short_abandon_s).to_string()),
        ("sl_threshold", Seconds(s.rules.sl_threshold_s()).to_string()),
        ("fcr_window", Seconds(s.rules.fcr_window_s).to_string()),
        ("inputs", s.inputs.join(", ")),
        ("rows read", a.read.to_string()),
        ("rows accepted", a.accepted.to_string()),
        ("rows outbound", a.outbound.to_string()),
        ("rows invalid", a.invalid_total().to_string()),
        ("rows duplicate", a.duplicates.to_string()),
    ];
    r += 1;
    ws.write_string_with_format(r, 0, "setting", &f.header)?;
    ws.write_string_with_format(r, 1, "value", &f.header)?;
    for (k, v) in settings {
        r += 1;
        ws.write_string(r, 0, k)?;
        ws.write_string(r, 1, v)?;
    }
    for (i, w) in [16, 14, 9, 40, 30, 30, 80].iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The workbook's bytes: the report sheet and the definitions.
pub fn workbook(report: &Report) -> Result<Vec<u8>, XlsxError> {
    workbook_many(&[(sheet_name(&report.settings.by), report)])
}

/// One workbook with a sheet per report (named as given, made valid and
/// unique) and one Definitions sheet for all of them; the settings listed
/// there are the first report's (`callstat run` shares inputs and zone).
pub fn workbook_many(reports: &[(String, &Report)]) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    // A fixed creation time (the zip epoch), so the same report is the same
    // bytes on every run.
    let created = rust_xlsxwriter::ExcelDateTime::from_ymd(1980, 1, 1)?;
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let mut used: Vec<String> = Vec::new();
    for (name, report) in reports {
        let mut n: String =
            name.chars().map(|c| if "[]:*?/\\".contains(c) { '-' } else { c }).take(28).collect();
        if n.is_empty() || n.eq_ignore_ascii_case("Definitions") {
            n = format!("report {}", used.len() + 1);
        }
        let base = n.clone();
        let mut k = 2;
        while used.iter().any(|u| u.eq_ignore_ascii_case(&n)) {
            n = format!("{base} {k}");
            k += 1;
        }
        used.push(n.clone());
        report_sheet(wb.add_worksheet(), &n, report, &f)?;
    }
    let all: Vec<&Report> = reports.iter().map(|(_, r)| *r).collect();
    definitions_sheet(wb.add_worksheet(), &all, &f)?;
    wb.save_to_buffer()
}

/// Rows of an Excel sheet, the header row included.
const SHEET_ROWS: usize = 1_048_576;

impl Renderer for Xlsx {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        // Checked before any cell is built (3M calls used to take 19 s and
        // 5 GB before the library refused the sheet).
        let rows = report.rows.len() + usize::from(report.has_total);
        if rows >= SHEET_ROWS {
            return Err(std::io::Error::other(format!(
                "the report has {rows} rows and an Excel sheet holds {} below its header; \
                 use --format csv or parquet, or narrow it with --since/--until",
                SHEET_ROWS - 1
            )));
        }
        let bytes = workbook(report).map_err(|e| std::io::Error::other(e.to_string()))?;
        out.write_all(&bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials_and_names() {
        let t = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap().and_hms_opt(12, 0, 0).unwrap();
        assert_eq!(serial(t), 46083.5);
        assert_eq!(sheet_name("queue,interval"), "by queue,interval");
        assert_eq!(sheet_name("a/b"), "by a-b");
    }
}
