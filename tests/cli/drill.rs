//! `callstat calls`: the call list adds up to the report (offered,
//! abandoned, ASA, FCR), and every filter keeps exactly the calls it names.

use crate::harness::run;

fn rows(args: &[&str]) -> Vec<Vec<String>> {
    let mut all = vec!["calls", "sample-data/calls.csv", "--format", "csv"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut r = csv::Reader::from_reader(out.stdout.as_bytes());
    r.records().map(|x| x.unwrap().iter().map(String::from).collect()).collect()
}

// Column positions in the call list.
const QUEUE: usize = 1;
const AGENT: usize = 2;
const OUTCOME: usize = 8;
const FCR: usize = 9;
const WAIT: usize = 11;

#[test]
fn the_list_adds_up_to_the_report() {
    let all = rows(&[]);
    let report = run(&["report", "sample-data/calls.csv", "--by", "total", "--format", "csv"]);
    let line = report.stdout.lines().nth(1).unwrap().to_string();
    let total: Vec<&str> = line.split(',').collect();
    assert_eq!(all.len().to_string(), total[0], "offered");
    let abandoned = all.iter().filter(|r| r[OUTCOME] != "answered").count();
    assert_eq!(abandoned.to_string(), total[2], "abandoned");
    let short = all.iter().filter(|r| r[OUTCOME] == "short_abandoned").count();
    assert_eq!(short.to_string(), total[3], "short abandoned");
    let answered: Vec<&Vec<String>> = all.iter().filter(|r| r[OUTCOME] == "answered").collect();
    let asa = answered.iter().map(|r| r[WAIT].parse::<f64>().unwrap()).sum::<f64>() / answered.len() as f64;
    assert_eq!(format!("{asa:.3}"), total[5], "ASA");
    let repeat = all.iter().filter(|r| r[FCR] == "repeat").count() as f64;
    let resolved = all.iter().filter(|r| r[FCR] == "resolved").count() as f64;
    assert_eq!(format!("{:.6}", resolved / (repeat + resolved)), total[8], "FCR");
}

#[test]
fn filters_keep_what_they_name() {
    let ab = rows(&["--abandoned", "--queue", "support,vip", "--wait-over", "60s"]);
    assert!(!ab.is_empty());
    for r in &ab {
        assert_ne!(r[OUTCOME], "answered");
        assert!(r[QUEUE] == "support" || r[QUEUE] == "vip");
        assert!(r[WAIT].parse::<f64>().unwrap() > 60.0);
    }
    let agent = rows(&["--answered", "--agent", "ag007"]);
    assert!(!agent.is_empty() && agent.iter().all(|r| r[AGENT] == "ag007" && r[OUTCOME] == "answered"));
    let rep = rows(&["--repeat"]);
    assert!(!rep.is_empty() && rep.iter().all(|r| r[FCR] == "repeat"));
    let day = rows(&["--since", "2026-03-03", "--until", "2026-03-03", "--tz", "Europe/Berlin"]);
    assert!(day.iter().all(|r| r[4].starts_with("2026-03-03T")), "arrived_at in the window");
    let report = run(&[
        "report",
        "sample-data/calls.csv",
        "--by",
        "day",
        "--tz",
        "Europe/Berlin",
        "--format",
        "csv",
        "--columns",
        "offered",
    ]);
    assert!(report.stdout.contains(&format!("2026-03-03,{}\n", day.len())), "{}", report.stdout);
    let both = run(&["calls", "sample-data/calls.csv", "--abandoned", "--answered"]);
    assert_eq!(both.code, 2);
}
