//! `callstat inspect` and `report --on-error skip|fail|quarantine=PATH`.

use crate::harness::{TempDir, run};

#[test]
fn inspect_names_format_columns_and_problems() {
    // master.csv has a .csv extension, but its first line is a Master.csv record.
    let out = run(&["inspect", "sample-data/master.csv", "--input-tz", "Europe/Berlin"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("  format       asterisk-cdr\n"), "{}", out.stdout);
    let out = run(&["inspect", "sample-data/formats.queue_log", "sample-data/tiny.csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for s in [
        "sample-data/formats.queue_log\n  format       asterisk-queue-log\n  variant      pipe-delimited file\n",
        "  rows         11 read, 7 accepted, 4 left out\n",
        "sample-data/tiny.csv\n  format       csv\n  delimiter    ',' (detected)\n",
        "  rows         37 read, 18 accepted (1 outbound), 18 invalid, 1 duplicate\n",
        "  not calls    agent events: 4, blank lines: 1, system events: 1\n",
        "  queues       2: sales (10), support (8)\n",
        "problems (first 3 per reason)\n  sample-data/formats.queue_log:13: unknown_event:",
        "\n  sample-data/tiny.csv:3: field_count:",
    ] {
        assert!(out.stdout.contains(s), "{s}\n---\n{}", out.stdout);
    }
}

#[test]
fn on_error_fail_is_strict() {
    let out = run(&["report", "sample-data/tiny.csv", "--on-error", "fail"]);
    assert_eq!(out.code, 3);
    assert!(out.stderr.contains("sample-data/tiny.csv:3: field_count:"), "{}", out.stderr);
    let out = run(&["report", "sample-data/tiny.csv", "--on-error", "drop"]);
    assert_eq!(out.code, 2);
}

#[test]
fn on_error_quarantine_keeps_every_rejected_row() {
    let d = TempDir::new("quarantine");
    let q = d.path("rejected.csv");
    let arg = format!("quarantine={}", q.display());
    let out = run(&["report", "sample-data/tiny.csv", "--on-error", &arg, "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = std::fs::read_to_string(&q).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 15, "14 invalid + 1 duplicate:\n{text}");
    // Every quarantined row is the input line, unchanged.
    let input: Vec<&str> = include_str!("../../sample-data/tiny.csv").lines().collect();
    for r in &rows {
        let line: usize = r[1].parse().unwrap();
        assert_eq!(&r[4], input[line - 1], "line {line}");
    }
    assert_eq!((&rows[0][1], &rows[0][2]), ("3", "field_count"));
    assert!(text.contains(",15,duplicate,call_id 'c001' was already read"), "{text}");
}
