//! One entrance: the same mapped vendor file, settings file and rules give
//! the same numbers in `report`, `calls`, `staffing` and a `run` report.
//!
//! sample-data/vendor_x.csv (mapped by vendor_x.mapping.toml, Berlin times)
//! has 7 inbound calls: sales q1001 (answered after 15 s), q1002 (left
//! after 3 s), q1003 (answered after 25 s), q1007 (answered after 10 s);
//! support q1004 (20 s), q1005 (left after 60 s), q1006 (5 s); q1008 is
//! outbound. The settings file makes abandons under 2 s short (so q1002 is
//! not: with the built-in 5 s it would be), a 20 s threshold and 1-hour
//! intervals. By hand:
//! - sales: offered 4, abandoned 1, short 0, answered within 20 s 2
//!   (q1001, q1007), SL = 2 / (4 - 0) = 0.5 (0.666667 with 5 s shorts);
//! - support: offered 3, abandoned 1, short 0, within 20 s 2, SL 2/3;
//! - hours (Europe/Berlin): sales 2026-03-02 09:00 has 3 calls and
//!   2026-03-29 01:00 one; support 2026-03-02 10:00 two (10:00, 10:30) and
//!   2026-03-29 03:00 one (03:30, after the clocks went forward).

use std::collections::BTreeMap;

use crate::harness::{TempDir, root, run};

const SETTINGS: &str = "[defaults]\nshort_abandon = \"2s\"\nsl_threshold = \"20s\"\ninterval = \"1h\"\n";

fn table(csv_text: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| header.iter().cloned().zip(rec.unwrap().iter().map(String::from)).collect())
        .collect()
}

fn by_queue(rows: &[BTreeMap<String, String>], col: &str) -> BTreeMap<String, String> {
    rows.iter().map(|r| (r["queue"].clone(), r[col].clone())).collect()
}

struct Setup {
    dir: TempDir,
    data: String,
    mapping: String,
    settings: String,
}

fn setup(name: &str) -> Setup {
    let dir = TempDir::new(name);
    let settings = dir.write("settings.toml", SETTINGS).display().to_string();
    let data = root().join("sample-data/vendor_x.csv").display().to_string();
    let mapping = root().join("sample-data/vendor_x.mapping.toml").display().to_string();
    Setup { dir, data, mapping, settings }
}

fn shared(s: &Setup) -> Vec<&str> {
    vec![
        &s.data,
        "--mapping",
        &s.mapping,
        "--config",
        &s.settings,
        "--tz",
        "Europe/Berlin",
        "--format",
        "csv",
    ]
}

fn expected(col: &str) -> BTreeMap<String, String> {
    let pairs: &[(&str, &str)] = match col {
        "offered" => &[("sales", "4"), ("support", "3")],
        "short_abandoned" => &[("sales", "0"), ("support", "0")],
        "service_level" => &[("sales", "0.500000"), ("support", "0.666667")],
        _ => unreachable!(),
    };
    pairs.iter().map(|(q, v)| (q.to_string(), v.to_string())).collect()
}

#[test]
fn report_reads_the_mapping_and_the_settings_file() {
    let s = setup("entrance-report");
    let mut args = vec!["report"];
    args.extend(shared(&s));
    let out = run(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows = table(&out.stdout);
    for col in ["offered", "short_abandoned", "service_level"] {
        assert_eq!(by_queue(&rows, col), expected(col), "{col}");
    }
}

#[test]
fn calls_lists_as_many_calls_as_report_counts() {
    let s = setup("entrance-calls");
    let count = |extra: &[&str]| {
        let mut args = vec!["calls"];
        args.extend(shared(&s));
        args.extend_from_slice(extra);
        let out = run(&args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        table(&out.stdout)
    };
    let all = count(&[]);
    let per_queue = |q: &str| all.iter().filter(|r| r["queue"] == q).count().to_string();
    assert_eq!(per_queue("sales"), "4");
    assert_eq!(per_queue("support"), "3");
    // The settings file's 2 s short abandons: q1002 (3 s) is abandoned, not short.
    let outcomes: Vec<&str> = all.iter().map(|r| r["outcome"].as_str()).collect();
    assert_eq!(outcomes.iter().filter(|o| **o == "short_abandoned").count(), 0);
    assert_eq!(outcomes.iter().filter(|o| **o == "abandoned").count(), 2);
    // Intervals of an hour, from the settings file, in Berlin time.
    let q1006 = all.iter().find(|r| r["call_id"] == "q1006").unwrap();
    assert_eq!(q1006["interval_start"], "2026-03-29T03:00:00+02:00");
    assert_eq!(count(&["--abandoned"]).len(), 2);
}

#[test]
fn staffing_counts_the_same_offered_per_interval() {
    let s = setup("entrance-staffing");
    let mut args = vec!["staffing"];
    args.extend(shared(&s));
    let out = run(&args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let got: Vec<(String, String, String)> = table(&out.stdout)
        .into_iter()
        .map(|r| (r["queue"].clone(), r["interval_start"].clone(), r["offered"].clone()))
        .collect();
    let want = [
        ("sales", "2026-03-02T09:00:00+01:00", "3"),
        ("sales", "2026-03-29T01:00:00+01:00", "1"),
        ("support", "2026-03-02T10:00:00+01:00", "2"),
        ("support", "2026-03-29T03:00:00+02:00", "1"),
    ];
    let want: Vec<(String, String, String)> =
        want.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
    assert_eq!(got, want);
}

#[test]
fn a_run_report_takes_every_report_key() {
    let s = setup("entrance-run");
    let toml = format!(
        "inputs = [{:?}]\nmapping = {:?}\nconfig = {:?}\ntz = \"Europe/Berlin\"\n\n\
         [[report]]\nname = \"queues\"\nby = \"queue\"\nformat = \"csv\"\noutput = \"q.csv\"\n\
         metrics = \"default\"\ncolumns = [\"offered\", \"short_abandoned\", \"service_level\"]\n",
        s.data, s.mapping, s.settings
    );
    let file = s.dir.write("reports.toml", &toml);
    let out = run(&["run", file.to_str().unwrap(), "--quiet"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows = table(&std::fs::read_to_string(s.dir.path("q.csv")).unwrap());
    for col in ["offered", "short_abandoned", "service_level"] {
        assert_eq!(by_queue(&rows, col), expected(col), "{col}");
    }
    // A key about reading the inputs belongs at the top; a typo gets a suggestion.
    let bad = s.dir.write(
        "bad.toml",
        &format!(
            "inputs = [{:?}]\n[[report]]\nname = \"x\"\noutput = \"x.csv\"\nmaping = \"m.toml\"\n",
            s.data
        ),
    );
    let out = run(&["run", bad.to_str().unwrap()]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("unknown key 'maping'; did you mean 'mapping'?"), "{}", out.stderr);
    let inner = s.dir.write(
        "inner.toml",
        &format!(
            "inputs = [{:?}]\n[[report]]\nname = \"x\"\noutput = \"x.csv\"\nmapping = {:?}\n",
            s.data, s.mapping
        ),
    );
    let out = run(&["run", inner.to_str().unwrap()]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("set it at the top of the file"), "{}", out.stderr);
}
