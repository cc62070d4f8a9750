//! `sample-data/tiny.csv` against the figures worked out by hand in
//! `sample-data/tiny-expected.md` (typed in here from that file, not from
//! the program's output).

use crate::harness::run;

const HEADER: &str = "offered,answered,abandoned,short_abandoned,abandon_rate,asa_s,aht_s,service_level,fcr_rate,csat_avg,csat_top2box,csat_responses,transfer_rate";

fn csv(by: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["report", "sample-data/tiny.csv", "--by", by, "--format", "csv"];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout.lines().map(str::to_string).collect()
}

#[test]
fn by_queue_with_totals() {
    let lines = csv("queue", &["--totals"]);
    assert_eq!(
        lines,
        [
            format!("queue,{HEADER}"),
            "sales,5,4,1,0,0.200000,20.250,268.550,0.400000,0.500000,4.333333,0.666667,3,0.500000".into(),
            "support,5,3,2,1,0.250000,10.000,271.667,0.750000,1.000000,4.000000,1.000000,2,0.000000".into(),
            "TOTAL,10,7,3,1,0.222222,15.857,269.886,0.555556,0.666667,4.200000,0.800000,5,0.285714".into(),
        ]
    );
}

#[test]
fn by_total() {
    let lines = csv("total", &[]);
    assert_eq!(
        lines,
        [
            HEADER.to_string(),
            "10,7,3,1,0.222222,15.857,269.886,0.555556,0.666667,4.200000,0.800000,5,0.285714".into(),
        ]
    );
}

#[test]
fn by_agent() {
    let lines = csv("agent", &[]);
    assert_eq!(
        lines,
        [
            format!("agent,{HEADER}"),
            "alice,2,2,0,0,0.000000,25.000,360.000,0.500000,0.500000,5.000000,1.000000,1,0.500000".into(),
            "bob,3,3,0,0,0.000000,12.000,184.733,0.666667,0.666667,4.000000,0.666667,3,0.333333".into(),
            "carol,2,2,0,0,0.000000,12.500,307.500,1.000000,1.000000,4.000000,1.000000,1,0.000000".into(),
        ]
    );
}

#[test]
fn by_interval() {
    let lines = csv("interval", &[]);
    assert_eq!(lines, [
        format!("interval_start,{HEADER}"),
        "2026-03-02T09:00:00+00:00,4,3,1,0,0.250000,17.000,308.067,0.500000,0.333333,4.000000,0.666667,3,0.333333".into(),
        "2026-03-02T09:30:00+00:00,3,2,1,1,0.000000,10.000,235.000,1.000000,1.000000,4.000000,1.000000,1,0.000000".into(),
        "2026-03-02T10:00:00+00:00,1,1,0,0,0.000000,30.000,360.000,0.000000,1.000000,,,0,1.000000".into(),
        "2026-03-03T09:00:00+00:00,2,1,1,0,0.500000,10.000,135.000,0.500000,1.000000,5.000000,1.000000,1,0.000000".into(),
    ]);
}

#[test]
fn by_day() {
    let lines = csv("day", &[]);
    assert_eq!(
        lines,
        [
            format!("day,{HEADER}"),
            "2026-03-02,8,6,2,1,0.142857,16.833,292.367,0.571429,0.600000,4.000000,0.750000,4,0.333333"
                .into(),
            "2026-03-03,2,1,1,0,0.500000,10.000,135.000,0.500000,1.000000,5.000000,1.000000,1,0.000000"
                .into(),
        ]
    );
}

#[test]
fn row_accounting_in_json() {
    let out = run(&["report", "sample-data/tiny.csv", "--format", "json"]);
    assert_eq!(out.code, 0);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let rows = &v["meta"]["rows"];
    assert_eq!(rows["read"], 26);
    assert_eq!(rows["accepted"], 11);
    assert_eq!(rows["outbound"], 1);
    assert_eq!(rows["invalid"], 14);
    assert_eq!(rows["duplicates"], 1);
    assert_eq!(rows["invalid_by_reason"]["field_count"], 2);
    let by_reason: u64 =
        rows["invalid_by_reason"].as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum();
    assert_eq!(by_reason, 14);
    // read = accepted + invalid + duplicates
    assert_eq!(26, 11 + 14 + 1);
    assert_eq!(v["total"]["service_level"], 0.555556);
    assert_eq!(v["rows"][1]["queue"], "support");
    assert!(v["rows"][0]["csat_avg"].is_number());
}

#[test]
fn strict_rejects_the_first_invalid_row() {
    let out = run(&["report", "sample-data/tiny.csv", "--strict"]);
    assert_eq!(out.code, 3);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.starts_with(
            "callstat: error: sample-data/tiny.csv:3: field_count: the line has 11 fields, the header has 12"
        ),
        "{}",
        out.stderr
    );
}
