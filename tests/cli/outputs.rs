//! Output options end to end: `--csv-safe` on formula-like text, TSV
//! cells with separators, `--columns`/`--precision` agreeing with the plain
//! CSV.

use crate::harness::{TempDir, run};

const HEAD: &str = "call_id,queue,agent,arrived_at,answered_at,ended_at\n";

fn risky_file(d: &TempDir) -> String {
    let rows = "1,=cmd|' /C calc'!A0,+15551234567,2026-03-02T09:00:00Z,2026-03-02T09:00:10Z,2026-03-02T09:01:00Z\n\
                2,@sum,-alice,2026-03-02T09:00:00Z,2026-03-02T09:00:10Z,2026-03-02T09:01:00Z\n\
                3,plain,bob,2026-03-02T09:00:00Z,2026-03-02T09:00:10Z,2026-03-02T09:01:00Z\n";
    d.write("risky.csv", &format!("{HEAD}{rows}")).display().to_string()
}

#[test]
fn csv_safe_prefixes_formula_text_only() {
    let d = TempDir::new("csvsafe");
    let f = risky_file(&d);
    let out =
        run(&["report", &f, "--by", "queue,agent", "--format", "csv", "--csv-safe", "--columns", "offered"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "queue,agent,offered\n'=cmd|' /C calc'!A0,'+15551234567,1\n'@sum,'-alice,1\nplain,bob,1\n"
    );
    let raw = run(&["report", &f, "--by", "queue", "--format", "csv", "--columns", "offered"]);
    assert!(raw.stdout.contains("\n=cmd|"), "without --csv-safe text is written as is: {}", raw.stdout);
    let tsv = run(&["report", &f, "--by", "agent", "--format", "tsv", "--csv-safe", "--columns", "offered"]);
    assert_eq!(tsv.stdout, "agent\toffered\n'+15551234567\t1\n'-alice\t1\nbob\t1\n");
}

#[test]
fn columns_and_precision_agree_with_full_csv() {
    let full = run(&["report", "sample-data/calls.csv", "--format", "csv"]);
    let picked = run(&["report", "sample-data/calls.csv", "--format", "csv", "--columns", "aht_s,queue_x"]);
    assert_eq!(picked.code, 2);
    assert!(picked.stderr.contains("unknown metric id 'queue_x'"), "{}", picked.stderr);
    let picked = run(&["report", "sample-data/calls.csv", "--format", "csv", "--columns", "aht_s,offered"]);
    let header: Vec<&str> = full.stdout.lines().next().unwrap().split(',').collect();
    let (aht, off) = (
        header.iter().position(|h| *h == "aht_s").unwrap(),
        header.iter().position(|h| *h == "offered").unwrap(),
    );
    for (f, p) in full.stdout.lines().zip(picked.stdout.lines()) {
        let f: Vec<&str> = f.split(',').collect();
        assert_eq!(p, format!("{},{},{}", f[0], f[aht], f[off]));
    }
    let p0 =
        run(&["report", "sample-data/tiny.csv", "--format", "csv", "--precision", "0", "--columns", "asa_s"]);
    assert!(p0.stdout.contains("\nsales,20\n"), "{}", p0.stdout);
    let bad = run(&["report", "sample-data/tiny.csv", "--precision", "13"]);
    assert_eq!(bad.code, 2);
}
