//! Where a result goes and how it is written, from `cli::OutputArgs` (and
//! `ReportOutputArgs`): the format, the `-o` path with its template filled
//! in, the render options; and the clock with the `--since`/`--until`
//! window. May not read data or write anything.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::{OutputArgs, ReportOutputArgs, WindowArgs};
use crate::error::{Error, Result};
use crate::metrics;
use crate::output::{OutputFormat, RenderOptions};
use crate::report::check::Rule;
use crate::schema::timestamp;
use crate::window::{self, Window};

/// Where a result goes and how: what `commands::pipeline::emit` takes.
#[derive(Debug, Clone)]
pub struct Emit {
    pub format: OutputFormat,
    /// The file (template filled in); `None` = stdout.
    pub output: Option<PathBuf>,
    pub render: RenderOptions,
}

/// The clock and the window of a command.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    /// UTC microseconds: `--now`, `CALLSTAT_NOW` or the system clock.
    pub now_us: i64,
    pub window: Window,
}

impl Clock {
    pub fn from_args(a: &WindowArgs, tz: chrono_tz::Tz) -> Result<Clock> {
        let (now_us, window) =
            clock_and_window(a.now.as_deref(), a.since.as_deref(), a.until.as_deref(), tz)?;
        Ok(Clock { now_us, window })
    }
}

impl Emit {
    /// The output of a command that is not a report: no template, no totals.
    pub fn plain(a: &OutputArgs) -> Result<Emit> {
        let (format, output) = format_and_path(a)?;
        check_binary(format, output.as_deref())?;
        Ok(Emit { format, output, render: render_options(a, None) })
    }
}

/// The format (`--format`, else the `-o` file's extension, else the
/// table) and the file (`None` for stdout, also `-o -`). A `--format` that
/// contradicts the extension is a usage error (`.txt` contradicts nothing).
pub fn format_and_path(a: &OutputArgs) -> Result<(OutputFormat, Option<PathBuf>)> {
    let output = a.output.clone().filter(|p| p.as_os_str() != "-");
    let by_ext = output
        .as_deref()
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .filter(|e| !e.contains('{'))
        .and_then(OutputFormat::of_extension);
    let format = match (a.format, by_ext) {
        (Some(f), Some(e)) if f != e && e != OutputFormat::Table => {
            return Err(Error::Usage(format!(
                "--format {} but -o {} is a .{} file; drop --format (the extension decides) or name the file .{}",
                crate::choice::Choice::name(f),
                output.as_deref().map(|p| p.display().to_string()).unwrap_or_default(),
                e.extension(),
                f.extension()
            )));
        }
        (Some(f), _) => f,
        (None, Some(e)) => e,
        (None, None) => OutputFormat::Table,
    };
    Ok((format, output))
}

fn render_options(a: &OutputArgs, r: Option<&ReportOutputArgs>) -> RenderOptions {
    RenderOptions {
        totals: r.is_some_and(|r| r.totals),
        precision: a.precision.map(usize::from),
        header: !a.no_header,
        csv_safe: a.csv_safe,
        sl_target: r.map_or(RenderOptions::default().sl_target, |r| r.sl_target),
        decimal_comma: a.decimal_comma,
        width: table_width(a),
    }
}

/// What a report's output flags asked for, validated.
#[derive(Debug, Clone)]
pub struct OutputSettings {
    pub emit: Emit,
    /// Metric column ids to keep, in this order; `None` = all, registry order.
    pub columns: Option<Vec<&'static str>>,
    pub clock: Clock,
    pub fail_if: Vec<Rule>,
    pub sort: Option<crate::report::order::Sort>,
    pub top: Option<usize>,
    /// `--compare`: the earlier window.
    pub compare: Option<Window>,
    /// `--title`.
    pub title: Option<String>,
}

/// The table's width: `--width` (0 = none), else `COLUMNS`, else the
/// terminal's when stdout is one; none for a file.
fn table_width(a: &OutputArgs) -> Option<usize> {
    if a.output.as_ref().is_some_and(|p| p.as_os_str() != "-") {
        return None;
    }
    if let Some(w) = a.width {
        return (w > 0).then_some(w);
    }
    if let Some(w) = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok()) {
        return (w > 0).then_some(w);
    }
    if std::io::stdout().is_terminal() {
        return comfy_table::Table::new().width().map(usize::from);
    }
    None
}

/// Refuses a binary format (parquet, xlsx) bound for a terminal.
pub fn check_binary(format: OutputFormat, output: Option<&std::path::Path>) -> Result<()> {
    if format.is_binary() && output.is_none() && std::io::stdout().is_terminal() {
        return Err(Error::BinaryToTerminal { format: format.extension() });
    }
    Ok(())
}

/// The clock (`--now`, `CALLSTAT_NOW` or the system clock, UTC
/// microseconds) and the `--since`/`--until` window it gives in `tz`.
pub fn clock_and_window(
    now: Option<&str>,
    since: Option<&str>,
    until: Option<&str>,
    tz: chrono_tz::Tz,
) -> Result<(i64, Window)> {
    let now_us = match now {
        Some(t) => timestamp::parse_in(t, chrono_tz::Tz::UTC)
            .map_err(|e| Error::Usage(format!("--now (or CALLSTAT_NOW): {}", e.describe(t))))?,
        None => chrono::Utc::now().timestamp_micros(),
    };
    let window = window::window(since, until, tz, now_us).map_err(Error::Usage)?;
    Ok((now_us, window))
}

impl OutputSettings {
    /// Validates the output flags of `callstat report`; `by` names the
    /// grouping for the `{by}` placeholder.
    pub fn from_args(
        a: &OutputArgs,
        r: &ReportOutputArgs,
        clock: Clock,
        tz: chrono_tz::Tz,
        by: String,
    ) -> Result<Self> {
        let (format, path) = format_and_path(a)?;
        check_binary(format, path.as_deref())?;
        let fail_if = r
            .fail_if
            .iter()
            .map(|t| t.parse::<Rule>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(Error::Usage)?;
        let vars = Vars { now_us: clock.now_us, window: clock.window, tz, by, format: format.extension() };
        let output = path.as_deref().map(|p| expand(p, &vars)).transpose()?;
        let columns = r.columns.as_ref().map(|ids| metric_ids(ids)).transpose()?;
        Ok(OutputSettings {
            emit: Emit { format, output, render: render_options(a, Some(r)) },
            columns,
            clock,
            fail_if,
            sort: r.sort.clone(),
            top: r.top,
            compare: r.compare.as_deref().map(|c| earlier_window(c, &clock, tz)).transpose()?,
            title: r.title.clone(),
        })
    }
}

/// The window of `--compare`: `previous` (as long as --since..--until, just
/// before it) or `SINCE..UNTIL`.
fn earlier_window(spec: &str, clock: &Clock, tz: chrono_tz::Tz) -> Result<Window> {
    let w = clock.window;
    if spec.trim() == "previous" {
        return match (w.since, w.until) {
            (Some(s), Some(u)) => Ok(Window { since: Some(s - (u - s)), until: Some(s) }),
            _ => Err(Error::Usage("--compare previous needs both --since and --until (e.g. --since yesterday --until yesterday)".into())),
        };
    }
    let (a, b) = spec.split_once("..").ok_or_else(|| {
        Error::Usage(format!(
            "--compare '{spec}': write previous or SINCE..UNTIL, e.g. 2026-03-01..2026-03-07"
        ))
    })?;
    window::window(Some(a.trim()), Some(b.trim()), tz, clock.now_us)
        .map_err(|e| Error::Usage(format!("--compare: {e}")))
}

/// The values `-o` templates can use.
struct Vars {
    now_us: i64,
    window: Window,
    tz: chrono_tz::Tz,
    by: String,
    format: &'static str,
}

const PLACEHOLDERS: &str = "{date}, {since}, {until}, {by}, {format}";

/// Fills `{date}` (today in --tz), `{since}`, `{until}` (first and last day
/// of the window, YYYY-MM-DD), `{by}` (queue-interval) and `{format}` (csv).
fn expand(path: &std::path::Path, v: &Vars) -> Result<PathBuf> {
    let Some(text) = path.to_str().filter(|t| t.contains('{')) else {
        return Ok(path.to_path_buf());
    };
    let day = |us: i64| window::local_date(us, v.tz).format("%Y-%m-%d").to_string();
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| {
            Error::Usage(format!("-o {text}: unclosed '{{'; placeholders are {PLACEHOLDERS}"))
        })?;
        let name = &rest[open + 1..close];
        let need = |flag: &str| Error::Usage(format!("-o {text}: {{{name}}} needs {flag}"));
        out.push_str(&match name {
            "date" => day(v.now_us),
            "since" => day(v.window.since.ok_or_else(|| need("--since"))?),
            "until" => day(v.window.until.ok_or_else(|| need("--until"))? - 1),
            "by" => v.by.clone(),
            "format" => v.format.to_string(),
            _ => {
                return Err(Error::Usage(format!(
                    "-o {text}: unknown placeholder {{{name}}}; use {PLACEHOLDERS}"
                )));
            }
        });
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(PathBuf::from(out))
}

/// All metric ids, comma-separated, for error messages.
pub fn valid_ids() -> String {
    metrics::ALL.iter().map(|m| m.id).collect::<Vec<_>>().join(", ")
}

/// Resolves `--columns` ids against the registry.
fn metric_ids(ids: &[String]) -> Result<Vec<&'static str>> {
    let mut out: Vec<&'static str> = Vec::new();
    for raw in ids {
        let id = raw.trim();
        let m = metrics::find(id)
            .ok_or_else(|| Error::UnknownColumn { id: id.to_string(), valid: valid_ids() })?;
        if out.contains(&m.id) {
            return Err(Error::Usage(format!("--columns: '{id}' is given twice")));
        }
        out.push(m.id);
    }
    if out.is_empty() {
        return Err(Error::Usage(format!("--columns: name at least one metric id: {}", valid_ids())));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_in() {
        let at = |s: &str| timestamp::parse_in(s, chrono_tz::Tz::UTC).unwrap();
        let berlin: chrono_tz::Tz = "Europe/Berlin".parse().unwrap();
        let now = at("2026-03-03T23:30:00Z"); // already 4 March in Berlin
        let w = window::window(Some("yesterday"), Some("yesterday"), berlin, now).unwrap();
        let v = Vars { now_us: now, window: w, tz: berlin, by: "queue-interval".into(), format: "csv" };
        let p = expand(std::path::Path::new("r/{date}/{by}-{since}_{until}.{format}"), &v).unwrap();
        assert_eq!(p, PathBuf::from("r/2026-03-04/queue-interval-2026-03-03_2026-03-03.csv"));
        assert!(expand(std::path::Path::new("{nope}.csv"), &v).is_err());
        assert!(expand(std::path::Path::new("{date.csv"), &v).is_err());
        let open = Vars { window: Window::default(), ..v };
        let err = expand(std::path::Path::new("{since}.csv"), &open).unwrap_err();
        assert!(err.to_string().contains("needs --since"), "{err}");
    }

    #[test]
    fn columns_resolve_in_order() {
        let ids = vec!["service_level".to_string(), " offered".to_string()];
        assert_eq!(metric_ids(&ids).unwrap(), vec!["service_level", "offered"]);
        let err = metric_ids(&["sl".to_string()]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("service_level"), "{err}");
        assert!(metric_ids(&["offered".into(), "offered".into()]).is_err());
    }
}
