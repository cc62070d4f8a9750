//! Human formatting, in one place: durations as `m:ss` / `h:mm:ss`, ratios
//! as `87.5%`, counts with thousands separators, scores with two decimals.
//! Machine formats (CSV, JSON) use `machine` for fixed raw precision.

use crate::metrics::Unit;

use super::model::Cell;

/// Seconds rounded to whole seconds: `0:07`, `4:30`, `1:02:03`.
pub fn duration(secs: f64) -> String {
    let rounded = secs.round() as i64;
    let sign = if rounded < 0 { "-" } else { "" };
    let total = rounded.unsigned_abs();
    let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60);
    if h > 0 { format!("{sign}{h}:{m:02}:{s:02}") } else { format!("{sign}{m}:{s:02}") }
}

/// A 0..1 share as a percentage with one decimal: `87.5%`.
pub fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A count with thousands separators: `12,345`.
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A cell for people (`-` when empty).
pub fn human(cell: &Cell, unit: Option<Unit>) -> String {
    match (cell, unit) {
        (Cell::Text(s), _) => s.clone(),
        (Cell::Empty, _) => "-".to_string(),
        (Cell::Count(n), _) => count(*n),
        (Cell::Number(x), Some(Unit::Seconds)) => duration(*x),
        (Cell::Number(x), Some(Unit::Ratio)) => percent(*x),
        (Cell::Number(x), _) => format!("{x:.2}"),
    }
}

/// Decimals of raw numbers in machine formats.
pub fn decimals(unit: Unit) -> usize {
    match unit {
        Unit::Seconds => 3,
        Unit::Count => 0,
        Unit::Ratio | Unit::Score => 6,
    }
}

/// A cell for machines: raw number at fixed precision, empty when empty.
pub fn machine(cell: &Cell, unit: Option<Unit>) -> String {
    machine_with(cell, unit, None)
}

/// Like `machine`, with `precision` decimals instead of the unit's default
/// for non-count numbers (`--precision`).
pub fn machine_with(cell: &Cell, unit: Option<Unit>, precision: Option<usize>) -> String {
    match (cell, unit) {
        (Cell::Text(s), _) => s.clone(),
        (Cell::Empty, _) => String::new(),
        (Cell::Count(n), _) => n.to_string(),
        (Cell::Number(x), Some(u)) => format!("{:.*}", precision.unwrap_or(decimals(u)), x),
        (Cell::Number(x), None) => x.to_string(),
    }
}

/// Decimals of a number in a machine format: `precision` or the unit's default.
pub fn decimals_with(unit: Unit, precision: Option<usize>) -> usize {
    match unit {
        Unit::Count => 0,
        _ => precision.unwrap_or(decimals(unit)),
    }
}

/// Makes a text cell safe to open in a spreadsheet: a leading `=`, `+`,
/// `-`, `@`, tab or CR would start a formula, so it gets a `'` prefix
/// (`--csv-safe`). Other text is returned as is.
pub fn spreadsheet_safe(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration(7.4), "0:07");
        assert_eq!(duration(7.5), "0:08");
        assert_eq!(duration(270.0), "4:30");
        assert_eq!(duration(3723.0), "1:02:03");
    }

    #[test]
    fn numbers() {
        assert_eq!(percent(0.875), "87.5%");
        assert_eq!(percent(2.0 / 3.0), "66.7%");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(count(12), "12");
        assert_eq!(human(&Cell::Empty, Some(Unit::Ratio)), "-");
        assert_eq!(human(&Cell::Number(4.2), Some(Unit::Score)), "4.20");
        assert_eq!(machine(&Cell::Number(2.0 / 9.0), Some(Unit::Ratio)), "0.222222");
        assert_eq!(machine(&Cell::Number(111.0 / 7.0), Some(Unit::Seconds)), "15.857");
        assert_eq!(machine(&Cell::Empty, Some(Unit::Ratio)), "");
        assert_eq!(machine_with(&Cell::Number(2.0 / 3.0), Some(Unit::Ratio), Some(2)), "0.67");
        assert_eq!(machine_with(&Cell::Count(7), Some(Unit::Count), Some(2)), "7");
    }

    #[test]
    fn formula_prefixes() {
        for risky in ["=1+1", "+15551234567", "-3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_safe(risky), format!("'{risky}"));
        }
        assert_eq!(spreadsheet_safe("sales"), "sales");
        assert_eq!(spreadsheet_safe(""), "");
    }
}
