//! Error paths: exit codes and messages that name the file, line, column
//! or flag and say how to fix it. No panics.

use crate::harness::{TempDir, run};

#[test]
fn missing_file_is_exit_3() {
    let out = run(&["report", "nope/calls.csv"]);
    assert_eq!(out.code, 3);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "callstat: error: nope/calls.csv: no such file; check the path, or quote a glob so callstat expands it\n"
    );
}

#[test]
fn missing_required_column_lists_found_and_expected() {
    let d = TempDir::new("missing-col");
    let f = d.write("x.csv", "id,queue,start,end\n1,q,a,b\n");
    let out = run(&["report", f.to_str().unwrap()]);
    assert_eq!(out.code, 3);
    assert!(
        out.stderr.contains(
            "missing required column(s) call_id, arrived_at, ended_at; found: 'id', 'queue', 'start', 'end'"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("expected the canonical columns call_id, queue, arrived_at, ended_at (required)"),
        "{}",
        out.stderr
    );
}

#[test]
fn usage_errors_are_exit_2() {
    for args in [
        vec!["report", "sample-data/tiny.csv", "--by", "queue,queue"],
        vec!["report", "sample-data/tiny.csv", "--tz", "Mars/Base"],
        vec!["report", "sample-data/tiny.csv", "--interval", "7m"],
        vec!["report", "sample-data/tiny.csv", "--format", "xml"],
        vec!["report"],
    ] {
        let out = run(&args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout, "");
    }
    let out = run(&["report", "sample-data/tiny.csv", "--tz", "Mars/Base"]);
    assert!(out.stderr.contains("unknown time zone 'Mars/Base'; use an IANA name"), "{}", out.stderr);
}

#[test]
fn unknown_extension_asks_for_input_format() {
    let d = TempDir::new("ext");
    let f = d.write("calls.log", "call_id,queue,arrived_at,ended_at\n");
    let out = run(&["report", f.to_str().unwrap()]);
    assert_eq!(out.code, 3);
    assert!(out.stderr.contains("pass --input-format csv"), "{}", out.stderr);
    let ok = run(&["report", f.to_str().unwrap(), "--input-format", "csv"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
}

#[test]
fn garbage_input_never_panics() {
    let d = TempDir::new("garbage");
    let cases: [&[u8]; 6] = [
        b"\xff\xfe\x00garbage",
        b"call_id,queue,arrived_at,ended_at\n\"unterminated,q,x\n",
        b"call_id,queue,arrived_at,ended_at\n\xff,q,2026-03-02T09:00:00Z,2026-03-02T09:00:00Z\n",
        b"call_id,queue,arrived_at,ended_at\n,,,\n\n\n",
        b"call_id,queue,arrived_at,ended_at\n1,q,9999-12-31T23:59:59-23:59,9999-12-31T23:59:59-23:59\n",
        b"call_id,queue,arrived_at,ended_at,csat,hold_s\n1,q,0000-01-01T00:00:00+23:59,2026-03-02T09:00:00Z,99999999999999999999,9223372036854775807\n",
    ];
    for (i, bytes) in cases.iter().enumerate() {
        let p = d.path(&format!("g{i}.csv"));
        std::fs::write(&p, bytes).unwrap();
        let out = run(&["report", p.to_str().unwrap(), "--format", "json"]);
        assert!(out.code == 0 || out.code == 3, "case {i}: {} {}", out.code, out.stderr);
        assert!(!out.stderr.contains("panicked"), "case {i}: {}", out.stderr);
    }
    let p = d.path("bad.parquet");
    std::fs::write(&p, b"PAR1 not really").unwrap();
    let out = run(&["report", p.to_str().unwrap()]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("not a readable Parquet file"), "{}", out.stderr);
}

#[test]
fn help_reads_well() {
    let out = run(&["--help"]);
    assert_eq!(out.code, 0);
    for needle in ["report", "metrics", "generate", "Exit codes", "callstat report calls.csv"] {
        assert!(out.stdout.contains(needle), "--help lacks {needle}");
    }
    let out = run(&["report", "--help"]);
    for needle in [
        "--by",
        "--interval",
        "--tz",
        "--input-tz",
        "--strict",
        "--sl-threshold",
        "call_id, queue, arrived_at, ended_at",
        "RFC 3339",
    ] {
        assert!(out.stdout.contains(needle), "report --help lacks {needle}");
    }
}

#[test]
fn the_metric_reference_is_the_registry() {
    let out = run(&["metrics", "--format", "markdown"]);
    assert_eq!(out.code, 0);
    let doc = std::fs::read_to_string(crate::harness::root().join("docs/metrics.md")).unwrap();
    assert!(
        doc.contains(&out.stdout),
        "docs/metrics.md is stale: paste `callstat metrics --format markdown` into it"
    );
}

#[test]
fn readme_quick_start_output_is_the_golden() {
    let readme = std::fs::read_to_string(crate::harness::root().join("README.md")).unwrap();
    let golden =
        std::fs::read_to_string(crate::harness::root().join("tests/golden/calls_queue_table/stdout.txt"))
            .unwrap();
    assert!(
        readme.contains(&golden),
        "README's quick-start table differs from tests/golden/calls_queue_table"
    );
}
