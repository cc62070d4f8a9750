//! The streaming engine at its chunk boundaries: rows are read in batches
//! of 4,096 (CSV) on a second thread and folded into the reports as they
//! come, so duplicates, FCR repeats and quoted line breaks must come out
//! the same across batches and across files. Every figure here is worked
//! out from the rows by hand.

use crate::harness::{TempDir, run};

const HEAD: &str = "call_id,queue,caller,arrived_at,answered_at,ended_at\n";

/// A filler row: answered after 10 s, 60 s talk, no caller.
fn filler(id: &str, queue: &str) -> String {
    format!("{id},{queue},,2026-03-02T08:00:00Z,2026-03-02T08:00:10Z,2026-03-02T08:01:10Z\n")
}

/// An answered call of `caller` arriving at `hh:mm` on 2026-03-02.
fn call(id: &str, queue: &str, caller: &str, hhmm: &str) -> String {
    format!("{id},{queue},{caller},2026-03-02T{hhmm}:00Z,2026-03-02T{hhmm}:05Z,2026-03-02T{hhmm}:35Z\n")
}

/// Duplicates in a later batch of the same file and in a second file:
/// the first row of each call_id wins, in file order.
#[test]
fn duplicates_across_batches_and_files() {
    let d = TempDir::new("stream-dups");
    let mut a = String::from(HEAD);
    for i in 1..=5000 {
        // Row 4,500 (line 4,501, the second batch) repeats call c1.
        if i == 4500 { a.push_str(&filler("c1", "dup")) } else { a.push_str(&filler(&format!("c{i}"), "q")) }
    }
    let a = d.write("a.csv", &a);
    let b = d.write("b.csv", &format!("{HEAD}{}{}", filler("c2", "dup"), filler("c9999", "r")));
    let (a, b) = (a.display().to_string(), b.display().to_string());
    let out = run(&["report", &a, &b, "--format", "csv", "--metrics", "offered,answered,asa_s"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // a.csv: 4,999 calls in q (5,000 rows, one a duplicate); b.csv: c2 is a
    // duplicate, c9999 the one call of r. Every wait is 10 s. No "dup" queue.
    assert_eq!(out.stdout, "queue,offered,answered,asa_s\nq,4999,4999,10.000\nr,1,1,10.000\n");
    assert!(
        out.stderr.contains("2 of 5002 rows left out of every metric (0 invalid, 2 duplicate)"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("a.csv:4501: duplicate: call_id 'c1' was already read"), "{}", out.stderr);
    assert!(out.stderr.contains("b.csv:2: duplicate: call_id 'c2' was already read"), "{}", out.stderr);
}

/// FCR repeats whose calls sit in different batches and in different files.
#[test]
fn fcr_repeats_across_batches_and_files() {
    let d = TempDir::new("stream-fcr");
    let mut a = String::from(HEAD);
    a.push_str(&call("x1", "q", "+1", "09:00"));
    a.push_str(&call("y1", "q", "+2", "09:00"));
    for i in 3..=4600 {
        a.push_str(&filler(&format!("f{i}"), "q"));
    }
    // Row 4,601: the second batch. Caller +1 again an hour later.
    a.push_str(&call("x2", "q", "+1", "10:00"));
    let a = d.write("a.csv", &a);
    // Caller +2 again two hours later, in the second file.
    let b = d.write("b.csv", &format!("{HEAD}{}", call("y2", "q", "+2", "11:00")));
    let (a, b) = (a.display().to_string(), b.display().to_string());
    let out = run(&[
        "report",
        &a,
        &b,
        "--format",
        "csv",
        "--by",
        "total",
        "--metrics",
        "offered,fcr_rate,fcr_censored",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Eligible: the 4 answered calls with a caller. x1 (repeat x2) and y1
    // (repeat y2) are not resolved; x2 and y2 are: 2 / 4. All 4 arrive
    // within 24 h of the last arrival (11:00), so all 4 are censored.
    // Offered: 4,598 fillers + 4 calls.
    assert_eq!(out.stdout, "offered,fcr_rate,fcr_censored\n4602,0.500000,4\n");
    // A 90-minute window: y2 (two hours after y1) is no longer a repeat: 3 / 4.
    let out = run(&[
        "report",
        &a,
        &b,
        "--format",
        "csv",
        "--by",
        "total",
        "--metrics",
        "fcr_rate",
        "--fcr-window",
        "90m",
    ]);
    assert_eq!(out.stdout, "fcr_rate\n0.750000\n");
}

/// A quoted field with a line break in the row that closes the first batch:
/// the row is whole, and the line numbers after it count both lines.
#[test]
fn a_quoted_line_break_at_a_batch_boundary() {
    let d = TempDir::new("stream-split");
    let mut a = String::from(HEAD);
    for i in 1..=4095 {
        a.push_str(&filler(&format!("c{i}"), "q"));
    }
    // Row 4,096 (lines 4,097-4,098): the queue's name holds a line break.
    a.push_str("c4096,\"two\nlines\",,2026-03-02T08:00:00Z,2026-03-02T08:00:10Z,2026-03-02T08:01:10Z\n");
    // Row 4,097 (line 4,099): invalid, to show its line number.
    a.push_str("c4097,q,,nope,,2026-03-02T08:01:10Z\n");
    let a = d.write("a.csv", &a).display().to_string();
    let out = run(&["report", &a, "--format", "csv", "--metrics", "offered"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "queue,offered\nq,4095\n\"two\nlines\",1\n");
    assert!(out.stderr.contains("a.csv:4099: bad_arrived_at"), "{}", out.stderr);
}

/// `callstat run` reads once for reports with different windows and FCR
/// windows; each equals its own `callstat report`.
#[test]
fn one_read_serves_reports_with_their_own_windows() {
    let d = TempDir::new("stream-run");
    let mut a = String::from(HEAD);
    a.push_str(&call("x1", "q", "+1", "09:00"));
    a.push_str(&call("x2", "q", "+1", "10:00"));
    a.push_str(&call("x3", "r", "+1", "12:00"));
    let a = d.write("a.csv", &a).display().to_string();
    let toml = format!(
        "inputs = [\"{a}\"]\n\n[[report]]\nname = \"all\"\nformat = \"csv\"\noutput = \"all.csv\"\n\n\n[[report]]\nname = \"late\"\nformat = \"csv\"\noutput = \"late.csv\"\n\
         since = \"2026-03-02T09:30:00Z\"\nfcr_window = \"1h\"\n"
    );
    let f = d.write("reports.toml", &toml).display().to_string();
    let out = run(&["run", &f, "--quiet"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let all = std::fs::read_to_string(d.path("all.csv")).unwrap();
    let late = std::fs::read_to_string(d.path("late.csv")).unwrap();
    let same = |extra: &[&str]| {
        let mut args = vec!["report", a.as_str(), "--format", "csv"];
        args.extend_from_slice(extra);
        run(&args).stdout
    };
    assert_eq!(all, same(&[]));
    assert_eq!(late, same(&["--since", "2026-03-02T09:30:00Z", "--fcr-window", "1h"]));
    // All three calls, 24 h window: x1 and x2 repeat, x3 resolved. Queue q:
    // x1, x2 (x2 repeated by x3 in r, any queue): 0 of 2; r: 1 of 1.
    assert!(all.contains("\nq,2,2,0,0,0.000000,5.000,30.000,1.000000,0.000000,"), "{all}");
    assert!(all.contains("\nr,1,1,0,0,0.000000,5.000,30.000,1.000000,1.000000,"), "{all}");
    // From 09:30 with a 1 h window: x2 (10:00) and x3 (12:00) are 2 h apart,
    // so x2 is resolved.
    assert!(late.contains("\nq,1,1,0,0,0.000000,5.000,30.000,1.000000,1.000000,"), "{late}");
}
