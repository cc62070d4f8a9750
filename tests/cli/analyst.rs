//! What a floor lead reaches for next: `--sort` and `--top`.

use crate::harness::run;

#[test]
fn sort_and_top_pick_the_worst_rows() {
    // tiny.csv by agent, waits by hand (sample-data/tiny-expected.md 1b): alice c001 20 s and
    // c008 30 s -> ASA 25; bob c002 21, c007 5, c009 10 -> 12; carol c003 10, c006 15 -> 12.5.
    let out = run(&[
        "report",
        "sample-data/tiny.csv",
        "--by",
        "agent",
        "--format",
        "csv",
        "--totals",
        "--sort",
        "asa_s",
        "--top",
        "2",
        "--columns",
        "answered,asa_s",
        "-q",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The TOTAL row is every agent's: 7 answered, (20+30+21+5+10+10+15)/7 = 111/7 = 15.857.
    assert_eq!(out.stdout, "agent,answered,asa_s\nalice,2,25.000\ncarol,2,12.500\nTOTAL,7,15.857\n");
    let asc = run(&[
        "report",
        "sample-data/tiny.csv",
        "--by",
        "agent",
        "--format",
        "csv",
        "--sort",
        "asa_s:asc",
        "-q",
    ]);
    let agents: Vec<&str> = asc.stdout.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(agents, ["bob", "carol", "alice"]);
    // The footer and the JSON meta say what was kept.
    let table =
        run(&["report", "sample-data/tiny.csv", "--by", "agent", "--sort", "asa_s", "--top", "1", "-q"]);
    assert!(table.stdout.contains("top 1 of 3 rows by asa_s, high to low"), "{}", table.stdout);
    let bad = run(&["report", "sample-data/tiny.csv", "--sort", "nope", "-q"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--sort: the report has no column 'nope'"), "{}", bad.stderr);
}
