//! Other people's logs: the same calls (`sample-data/formats.csv`) given as
//! a mapped vendor CSV, an Asterisk queue_log and Amazon Connect contact
//! records give the same report; mapping flags, delimiters, gzip and the
//! "closest column" error.

use crate::harness::{TempDir, run};

fn csv_report(args: &[&str]) -> String {
    let mut a = vec!["report"];
    a.extend_from_slice(args);
    a.extend_from_slice(&["--format", "csv", "--totals"]);
    let out = run(&a);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    out.stdout
}

const EXPECTED: &str = "\
queue,offered,answered,abandoned,short_abandoned,abandon_rate,asa_s,aht_s,service_level,fcr_rate,csat_avg,csat_top2box,csat_responses,transfer_rate
sales,4,3,1,1,0.000000,16.667,501.667,0.666667,0.666667,3.333333,0.333333,3,0.333333
support,3,2,1,0,0.333333,12.500,412.500,0.666667,1.000000,4.000000,1.000000,1,0.000000
TOTAL,7,5,2,1,0.166667,15.000,466.000,0.666667,0.750000,3.500000,0.500000,4,0.200000
";

#[test]
fn canonical_slice_matches_the_hand_checked_figures() {
    // Worked out in sample-data/formats-expected.md.
    assert_eq!(csv_report(&["sample-data/formats.csv"]), EXPECTED);
}

#[test]
fn mapped_vendor_csv_gives_the_same_report() {
    let out = csv_report(&["sample-data/vendor_x.csv", "--mapping", "sample-data/vendor_x.mapping.toml"]);
    assert_eq!(out, EXPECTED);
}

#[test]
fn map_flags_delimiter_and_gzip() {
    use std::io::Write;
    let d = TempDir::new("map-flags");
    let text = "Ref|Skill|QueueStart|Hangup\n1|q|2026-03-02 10:00:00|2026-03-02 10:01:00\n";
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(text.as_bytes()).unwrap();
    let gz = d.path("x.csv.gz");
    std::fs::write(&gz, e.finish().unwrap()).unwrap();
    let gz = gz.to_str().unwrap();
    let out = run(&[
        "report",
        gz,
        "--format",
        "csv",
        "--map",
        "call_id=Ref",
        "--input-tz",
        "Europe/Berlin",
        "--by",
        "interval",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("2026-03-02T09:00:00+00:00,1,0,1"), "{}", out.stdout);
    // An explicit delimiter that does not split the header: every column is missing.
    let out = run(&["report", gz, "--map", "call_id=Ref", "--delimiter", ";"]);
    assert_eq!(out.code, 3);
    assert!(out.stderr.contains("no such column; found: 'Ref|Skill|QueueStart|Hangup'"), "{}", out.stderr);
}

#[test]
fn unmapped_required_column_suggests_the_closest_header() {
    let d = TempDir::new("closest");
    let f = d.write(
        "x.csv",
        "CallRefNo,queue,arrived_at,ended_at\n1,q,2026-03-02T10:00:00Z,2026-03-02T10:01:00Z\n",
    );
    let out = run(&["report", f.to_str().unwrap()]);
    assert_eq!(out.code, 3);
    assert!(out.stderr.contains("missing required column(s) call_id; found: 'CallRefNo', 'queue', 'arrived_at', 'ended_at' (call_id looks like 'CallRefNo': pass --map call_id=CallRefNo)"), "{}", out.stderr);
    let out = run(&["report", f.to_str().unwrap(), "--map", "callid=CallRefNo"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("'callid' is not a canonical column"), "{}", out.stderr);
}
