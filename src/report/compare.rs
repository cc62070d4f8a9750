//! `--compare`: the same report over an earlier window, side by side. After
//! every metric column come `ID_previous` (its value in the earlier window)
//! and `ID_change` (current − previous, in the metric's unit: a ratio's
//! change is in points of 0..1). Rows are matched by their keys; a key seen
//! in one window only has empty cells for the other. May not compute.

use super::model::{Cell, Column, Report};

fn change(now: &Cell, before: &Cell) -> Cell {
    match (now, before) {
        (Cell::Count(a), Cell::Count(b)) => Cell::Count(a - b),
        (Cell::Count(a), Cell::Number(b)) => Cell::Number(*a as f64 - b),
        (Cell::Number(a), Cell::Count(b)) => Cell::Number(a - *b as f64),
        (Cell::Number(a), Cell::Number(b)) => Cell::Number(a - b),
        _ => Cell::Empty,
    }
}

fn interleave(now: &[Cell], before: Option<&[Cell]>) -> Vec<Cell> {
    let mut out = Vec::with_capacity(now.len() * 3);
    for (j, c) in now.iter().enumerate() {
        let b = before.map_or(Cell::Empty, |b| b[j].clone());
        out.push(c.clone());
        out.push(change(c, &b));
        out.insert(out.len() - 1, b);
    }
    out
}

/// Puts `previous`'s figures beside `current`'s; `note` names both windows.
pub fn merge(current: &mut Report, previous: &Report, note: String) {
    let k = current.key_count;
    let key = |row: &[Cell]| row[..k].to_vec();
    let mut columns: Vec<Column> = current.columns[..k].to_vec();
    for c in &current.columns[k..] {
        columns.push(c.clone());
        columns.push(Column {
            id: format!("{}_previous", c.id),
            label: format!("{} prev", c.label),
            kind: c.kind,
        });
        columns.push(Column {
            id: format!("{}_change", c.id),
            label: format!("{} chg", c.label),
            kind: c.kind,
        });
    }
    let mut rows = Vec::with_capacity(current.rows.len());
    for row in &current.rows {
        let before = previous.rows.iter().find(|p| key(p) == key(row)).map(|p| &p[k..]);
        let mut r = key(row);
        r.extend(interleave(&row[k..], before));
        rows.push(r);
    }
    // Keys seen only in the earlier window: empty now, their earlier value, no change.
    for p in previous.rows.iter().filter(|p| !current.rows.iter().any(|r| key(r) == key(p))) {
        let mut r = key(p);
        for c in &p[k..] {
            r.extend([Cell::Empty, c.clone(), Cell::Empty]);
        }
        rows.push(r);
    }
    rows.sort_by(|a, b| key_order(&a[..k], &b[..k]));
    let total =
        if current.total.is_empty() { Vec::new() } else { interleave(&current.total, Some(&previous.total)) };
    current.columns = columns;
    current.rows = rows;
    current.total = total;
    current.settings.compare = Some(note);
}

fn key_order(a: &[Cell], b: &[Cell]) -> std::cmp::Ordering {
    let text = |c: &Cell| match c {
        Cell::Text(s) => s.clone(),
        _ => String::new(),
    };
    a.iter().map(text).cmp(b.iter().map(text))
}
