//! `--columns`: keep and order metric columns of a finished report. Key
//! columns stay first; rows and the total row are rearranged together so
//! every renderer sees one consistent column list. May not compute.

use super::model::{Cell, Report};

/// Keeps the metric columns named by `ids`, in that order. Ids must be
/// metric ids of the report (checked when the flags were parsed).
pub fn select_metrics(report: &mut Report, ids: &[&str]) {
    let k = report.key_count;
    let picks: Vec<usize> =
        ids.iter().filter_map(|id| report.columns[k..].iter().position(|c| c.id == *id)).collect();
    let pick = |cells: &[Cell]| -> Vec<Cell> { picks.iter().map(|&i| cells[i].clone()).collect() };
    let metric_cols = report.columns.split_off(k);
    report.columns.extend(picks.iter().map(|&i| metric_cols[i].clone()));
    for row in &mut report.rows {
        let metrics = row.split_off(k);
        row.extend(pick(&metrics));
    }
    report.total = pick(&report.total);
}
