//! Input handling end to end: stdin, globs, several files, Parquet (typed
//! and string columns), empty files, time zones across DST changes, and
//! atomic `-o` output.

use crate::harness::{TempDir, run, run_stdin};

const HEAD: &str = "call_id,queue,arrived_at,ended_at\n";

#[test]
fn stdin_reads_csv() {
    let input = std::fs::read("sample-data/tiny.csv")
        .or_else(|_| std::fs::read(crate::harness::root().join("sample-data/tiny.csv")))
        .unwrap();
    let from_stdin = run_stdin(&["report", "-", "--format", "csv"], Some(&input));
    let from_file = run(&["report", "sample-data/tiny.csv", "--format", "csv"]);
    assert_eq!(from_stdin.code, 0);
    assert_eq!(from_stdin.stdout, from_file.stdout);
    assert!(from_stdin.stderr.contains("<stdin>:3: field_count"), "{}", from_stdin.stderr);
}

#[test]
fn globs_and_several_files_are_one_data_set() {
    let d = TempDir::new("glob");
    d.write("a.csv", &format!("{HEAD}1,q,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z\n2,q,2026-03-02T09:00:00Z,2026-03-02T09:00:01Z\n"));
    d.write("b.csv", &format!("{HEAD}3,r,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z\n1,r,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z\n"));
    let pattern = format!("{}/*.csv", d.0.display());
    let out = run(&["report", &pattern, "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // call 1 in b.csv is a duplicate of a.csv's first row (file order).
    assert_eq!(
        out.stdout,
        "queue,offered,answered,abandoned,short_abandoned,abandon_rate,asa_s,aht_s,service_level,fcr_rate,csat_avg,csat_top2box,csat_responses,transfer_rate\n\
        q,2,0,2,1,1.000000,,,0.000000,,,,0,\n\
        r,1,0,1,0,1.000000,,,0.000000,,,,0,\n"
    );
    assert!(out.stderr.contains("b.csv:3: duplicate: call_id '1' was already read"), "{}", out.stderr);
    let a = d.path("a.csv").display().to_string();
    let b = d.path("b.csv").display().to_string();
    let explicit = run(&["report", &a, &b, "--format", "csv"]);
    assert_eq!(explicit.stdout, out.stdout);
}

#[test]
fn a_header_only_input_gives_an_empty_report_with_a_header() {
    // (A 0-byte file is an input error: cron_safety::an_empty_file_is_an_input_error_and_txt_is_csv.)
    let d = TempDir::new("empty");
    let p = d.write("header.csv", HEAD);
    let out = run(&["report", p.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 1);
    assert!(out.stdout.starts_with("queue,offered,"));
    let table = run(&["report", p.to_str().unwrap()]);
    assert_eq!(table.code, 0);
    assert!(table.stdout.contains("TOTAL"));
    assert!(table.stdout.contains("rows: 0 read"));
}

#[test]
fn generated_csv_and_parquet_give_the_same_report() {
    let d = TempDir::new("parquet");
    let csv = d.path("g.csv");
    let typed = d.path("g.parquet");
    let strings = d.path("s.parquet");
    for (p, extra) in [(&csv, None), (&typed, None), (&strings, Some("--string-columns"))] {
        let mut args =
            vec!["generate", "--rows", "800", "--days", "2", "--seed", "7", "-o", p.to_str().unwrap()];
        args.extend(extra);
        let out = run(&args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(out.stderr.contains("wrote 800 rows"), "{}", out.stderr);
    }
    let report = |p: &std::path::Path| {
        run(&["report", p.to_str().unwrap(), "--by", "queue,day", "--format", "csv", "--totals"])
    };
    let a = report(&csv);
    let b = report(&typed);
    let c = report(&strings);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert!(a.stdout.lines().count() > 5);
    assert_eq!(a.stdout, b.stdout, "typed Parquet differs from CSV");
    assert_eq!(a.stdout, c.stdout, "string Parquet differs from CSV");
}

#[test]
fn sample_csv_and_parquet_give_the_same_report() {
    for by in ["queue", "agent", "queue,interval", "day"] {
        let a = run(&["report", "sample-data/calls.csv", "--by", by, "--format", "json"]);
        let b = run(&["report", "sample-data/calls.parquet", "--by", by, "--format", "json"]);
        assert_eq!(a.code, 0, "{}", a.stderr);
        let strip =
            |s: &str| s.replace("sample-data/calls.csv", "X").replace("sample-data/calls.parquet", "X");
        assert_eq!(strip(&a.stdout), strip(&b.stdout), "--by {by}");
    }
}

fn dst_file(d: &TempDir) -> String {
    // Europe/Berlin: clocks go back at 2026-10-25T01:00Z (03:00 CEST -> 02:00 CET)
    // and forward at 2026-03-29T01:00Z (02:00 CET -> 03:00 CEST).
    let rows = [
        ("d5", "2026-10-24T21:59:59Z"), // 23:59:59 CEST, day 10-24
        ("d6", "2026-10-24T22:00:00Z"), // 00:00 CEST, day 10-25
        ("d1", "2026-10-25T00:10:00Z"), // 02:10 CEST
        ("d2", "2026-10-25T01:10:00Z"), // 02:10 CET, the repeated hour
        ("d3", "2026-10-25T22:59:00Z"), // 23:59 CET, still 10-25 (a 25-hour day)
        ("d4", "2026-10-25T23:00:00Z"), // 00:00 CET, day 10-26
        ("s1", "2026-03-29T00:59:00Z"), // 01:59 CET
        ("s2", "2026-03-29T01:00:00Z"), // 03:00 CEST
        ("s3", "2026-03-29T21:59:59Z"), // 23:59:59 CEST, still 03-29 (a 23-hour day)
        ("s4", "2026-03-29T22:00:00Z"), // 00:00 CEST, day 03-30
    ];
    let mut text = HEAD.to_string();
    for (id, t) in rows {
        text.push_str(&format!("{id},q,{t},{t}\n"));
    }
    d.write("dst.csv", &text).display().to_string()
}

fn first_two_columns(stdout: &str) -> Vec<String> {
    stdout.lines().skip(1).map(|l| l.split(',').take(2).collect::<Vec<_>>().join(",")).collect()
}

#[test]
fn intervals_follow_local_wall_clock_across_dst() {
    let d = TempDir::new("dst-interval");
    let f = dst_file(&d);
    let out = run(&["report", &f, "--by", "interval", "--tz", "Europe/Berlin", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        first_two_columns(&out.stdout),
        [
            "2026-03-29T01:30:00+01:00,1",
            "2026-03-29T03:00:00+02:00,1",
            "2026-03-29T23:30:00+02:00,1",
            "2026-03-30T00:00:00+02:00,1",
            "2026-10-24T23:30:00+02:00,1",
            "2026-10-25T00:00:00+02:00,1",
            "2026-10-25T02:00:00+02:00,1",
            "2026-10-25T02:00:00+01:00,1",
            "2026-10-25T23:30:00+01:00,1",
            "2026-10-26T00:00:00+01:00,1",
        ]
    );
}

#[test]
fn days_have_23_or_25_hours_on_dst_changes() {
    let d = TempDir::new("dst-day");
    let f = dst_file(&d);
    let out = run(&["report", &f, "--by", "day", "--tz", "Europe/Berlin", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        first_two_columns(&out.stdout),
        ["2026-03-29,3", "2026-03-30,1", "2026-10-24,1", "2026-10-25,4", "2026-10-26,1",]
    );
    let utc = run(&["report", &f, "--by", "day", "--format", "csv"]);
    assert_eq!(first_two_columns(&utc.stdout), ["2026-03-29,4", "2026-10-24,2", "2026-10-25,4"]);
}

#[test]
fn hour_intervals_and_input_zone() {
    let d = TempDir::new("input-tz");
    let f = d.write("local.csv", &format!("{HEAD}a,q,2026-03-02 10:15:00,2026-03-02 10:16:00\nb,q,2026-03-02T10:15:00Z,2026-03-02T10:16:00Z\n"));
    let out = run(&[
        "report",
        f.to_str().unwrap(),
        "--by",
        "interval",
        "--interval",
        "1h",
        "--input-tz",
        "Europe/Berlin",
        "--format",
        "csv",
    ]);
    assert_eq!(
        first_two_columns(&out.stdout),
        ["2026-03-02T09:00:00+00:00,1", "2026-03-02T10:00:00+00:00,1"]
    );
}

#[test]
fn output_file_is_written_whole_and_stdout_stays_empty() {
    let d = TempDir::new("output");
    let target = d.path("report.csv");
    let out = run(&["report", "sample-data/tiny.csv", "--format", "csv", "-o", target.to_str().unwrap()]);
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, "");
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.starts_with("queue,offered,"));
    assert_eq!(std::fs::read_dir(&d.0).unwrap().count(), 1, "no temp file left");
}
