//! Markdown: a GitHub-flavoured table for pasting into issues and wikis,
//! in human units like the terminal table (labels as headers, numbers
//! right-aligned, a bold TOTAL row), followed by the same footer.

use std::io::Write;

use crate::report::Report;
use crate::report::format::human;
use crate::report::model::Kind;

use super::table::footer;
use super::{Renderer, unit_of};

pub struct Markdown;

/// Escapes the characters that would break a table cell.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// A value from the input as cell text: as `escape`, and with the Markdown
/// and HTML punctuation that could start a link, an image, emphasis, code
/// or a tag backslash-escaped (`<script>`, `[x](javascript:...)` stay text),
/// other control characters written visibly.
fn escape_value(text: &str) -> String {
    let text = escape(text);
    let mut out = String::with_capacity(text.len());
    for c in super::escape::controls(&text).chars() {
        if matches!(c, '<' | '>' | '[' | ']' | '*' | '_' | '`' | '~' | '!' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn line(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

impl Renderer for Markdown {
    fn render(&self, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
        let lead = report.key_count == 0;
        let mut header: Vec<String> = Vec::new();
        let mut rule: Vec<String> = Vec::new();
        if lead {
            header.push(String::new());
            rule.push("---".into());
        }
        for c in &report.columns {
            header.push(escape(&c.label));
            rule.push(if c.kind == Kind::Key { "---".into() } else { "---:".into() });
        }
        out.write_all(line(&header).as_bytes())?;
        out.write_all(line(&rule).as_bytes())?;
        for row in report.rows.iter().filter(|_| !lead) {
            let cells: Vec<String> = row
                .iter()
                .zip(&report.columns)
                .map(|(cell, c)| escape_value(&human(cell, unit_of(c.kind))))
                .collect();
            out.write_all(line(&cells).as_bytes())?;
        }
        if report.total.is_empty() {
            out.write_all(b"\n")?;
            return writeln!(out, "{}", footer(report).lines().collect::<Vec<_>>().join("  \n"));
        }
        let mut total = vec!["**TOTAL**".to_string()];
        total.extend((1..report.key_count).map(|_| String::new()));
        let metric_cols = &report.columns[report.key_count..];
        total.extend(
            report
                .total
                .iter()
                .zip(metric_cols)
                .map(|(cell, c)| format!("**{}**", human(cell, unit_of(c.kind)))),
        );
        out.write_all(line(&total).as_bytes())?;
        out.write_all(b"\n")?;
        // The footer's two lines, kept apart in Markdown by a hard break.
        let f = footer(report);
        let lines: Vec<&str> = f.lines().collect();
        writeln!(out, "{}", lines.join("  \n"))
    }
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_value};

    #[test]
    fn pipes_are_escaped() {
        assert_eq!(escape("a|b"), "a\\|b");
    }

    #[test]
    fn links_tags_and_controls_in_values_are_text() {
        assert_eq!(escape_value("<script>"), "\\<script\\>");
        assert_eq!(escape_value("[x](javascript:alert(1))"), "\\[x\\](javascript:alert(1))");
        assert_eq!(escape_value("a\u{1b}[2J"), "a\\x1b\\[2J");
        assert_eq!(escape_value("sales 2"), "sales 2");
    }
}
