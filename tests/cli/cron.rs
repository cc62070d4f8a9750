//! Cron features end to end: the `--since`/`--until` window (absolute and
//! relative, with the clock from `CALLSTAT_NOW`), `-o` templates with
//! parent folders, and the `--fail-if` exit code.

use crate::harness::{TempDir, run, run_env};

const NOW: &str = "2026-03-04T10:00:00+01:00"; // a Wednesday in Berlin

fn by_day(extra: &[&str], env: &[(&str, &str)]) -> crate::harness::Out {
    let mut args =
        vec!["report", "sample-data/calls.csv", "--by", "day", "--tz", "Europe/Berlin", "--format", "csv"];
    args.extend_from_slice(extra);
    run_env(&args, None, env)
}

/// Drops the fcr_rate column (index 9): a window cuts off repeats after it.
fn without_fcr(line: &str) -> String {
    line.split(',').enumerate().filter(|(i, _)| *i != 9).map(|(_, c)| c).collect::<Vec<_>>().join(",")
}

#[test]
fn window_keeps_whole_local_days() {
    let full = by_day(&[], &[]);
    let day = by_day(&["--since", "2026-03-03", "--until", "2026-03-03"], &[]);
    assert_eq!(day.code, 0, "{}", day.stderr);
    let lines: Vec<&str> = day.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", day.stdout);
    assert!(full.stdout.lines().next().unwrap().split(',').nth(9) == Some("fcr_rate"));
    let want = full.stdout.lines().find(|l| l.starts_with("2026-03-03,")).unwrap();
    assert_eq!(without_fcr(lines[1]), without_fcr(want));
    // The same day as a relative period, with the clock from the environment or from --now.
    let rel = by_day(&["--since", "yesterday", "--until", "yesterday"], &[("CALLSTAT_NOW", NOW)]);
    assert_eq!(rel.stdout, day.stdout);
    let flag = by_day(&["--since", "yesterday", "--until", "yesterday", "--now", NOW], &[]);
    assert_eq!(flag.stdout, day.stdout);
    // this-week from Wednesday: Monday 2 March onwards, no later data.
    let week = by_day(&["--since", "this-week"], &[("CALLSTAT_NOW", NOW)]);
    assert_eq!(week.stdout, full.stdout, "the data starts on Monday 2 March");
}

#[test]
fn window_is_reported_and_validated() {
    let t = run(&[
        "report",
        "sample-data/calls.csv",
        "--by",
        "total",
        "--tz",
        "Europe/Berlin",
        "--since",
        "2026-03-03T12:00:00",
        "--until",
        "2026-03-03T13:00:00",
    ]);
    assert_eq!(t.code, 0, "{}", t.stderr);
    assert!(
        t.stdout.contains("window 2026-03-03T12:00:00+01:00 .. 2026-03-03T13:00:00+01:00 (arrived_at;"),
        "{}",
        t.stdout
    );
    let bad = run(&["report", "sample-data/calls.csv", "--since", "next-week"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--since: 'next-week' is not a date"), "{}", bad.stderr);
    let empty = run(&["report", "sample-data/calls.csv", "--since", "2026-03-04", "--until", "2026-03-03"]);
    assert_eq!(empty.code, 2);
    let clock =
        run_env(&["report", "sample-data/calls.csv", "--since", "today"], None, &[("CALLSTAT_NOW", "soon")]);
    assert_eq!(clock.code, 2);
    assert!(clock.stderr.contains("CALLSTAT_NOW"), "{}", clock.stderr);
}

#[test]
fn output_templates_create_folders() {
    let d = TempDir::new("template");
    let tpl = format!("{}/reports/{{date}}/{{since}}_{{until}}/{{by}}.{{format}}", d.0.display());
    let out = run_env(
        &[
            "report",
            "sample-data/calls.csv",
            "--by",
            "queue,day",
            "--tz",
            "Europe/Berlin",
            "--format",
            "csv",
            "--since",
            "last-week",
            "--until",
            "last-week",
            "-o",
            &tpl,
        ],
        None,
        &[("CALLSTAT_NOW", "2026-03-10T08:00:00+01:00")],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let path = d.path("reports/2026-03-10/2026-03-02_2026-03-08/queue-day.csv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(text.starts_with("queue,day,offered"), "{text}");
    let bad = run(&["report", "sample-data/calls.csv", "-o", "{until}.csv"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("{until} needs --until"), "{}", bad.stderr);
}

#[test]
fn fail_if_writes_the_report_then_exits_4() {
    let d = TempDir::new("failif");
    let p = d.path("q.csv").display().to_string();
    let out = run(&[
        "report",
        "sample-data/calls.csv",
        "--format",
        "csv",
        "-o",
        &p,
        "--fail-if",
        "service_level<0.70",
    ]);
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(std::fs::read_to_string(&p).unwrap().contains("support,"), "report still written");
    assert_eq!(
        out.stderr,
        "callstat: error: --fail-if 'service_level<0.70' breached by 1 row(s):\n  queue=support: 0.672897\n"
    );
    let ok = run(&[
        "report",
        "sample-data/calls.csv",
        "--fail-if",
        "total.abandon_rate>0.05",
        "--fail-if",
        "asa_s>1m",
    ]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let total = run(&["report", "sample-data/calls.csv", "--fail-if", "total.abandon_rate>4%"]);
    assert_eq!(total.code, 4);
    assert!(total.stderr.contains("breached by 1 row(s):\n  TOTAL: 0.047"), "{}", total.stderr);
    let bad = run(&["report", "sample-data/calls.csv", "--fail-if", "sl<0.8"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("valid ids"), "{}", bad.stderr);
}
