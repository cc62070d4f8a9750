//! `callstat run REPORTS.toml`: every report in the file is written, each
//! equal to the same `callstat report` command line, with one exit code
//! for all of them; mistakes in the file name the file, report and key.

use crate::harness::{TempDir, root, run_env};

const NOW: (&str, &str) = ("CALLSTAT_NOW", "2026-03-06T06:00:00+01:00");

fn toml(d: &TempDir, body: &str) -> String {
    let input = root().join("sample-data/calls.csv").display().to_string();
    let text = format!(
        "inputs = [\"{input}\"]\ntz = \"Europe/Berlin\"\nsince = \"yesterday\"\nuntil = \"yesterday\"\n{body}"
    );
    d.write("reports.toml", &text).display().to_string()
}

#[test]
fn several_reports_from_one_file() {
    let d = TempDir::new("runfile");
    let f = toml(
        &d,
        r#"
[[report]]
name = "queues"
format = "csv"
totals = true
output = "out/{since}/queues.{format}"
fail_if = ["total.service_level<0.70"]

[[report]]
name = "agents"
by = "agent"
format = "json"
columns = ["answered", "aht_s"]
since = "2026-03-02"
output = "out/agents.json"
"#,
    );
    let out = run_env(&["run", &f], None, &[NOW]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("report 'queues' written to"), "{}", out.stderr);
    let queues = std::fs::read_to_string(d.path("out/2026-03-05/queues.csv")).unwrap();
    let input = root().join("sample-data/calls.csv").display().to_string();
    let same = run_env(
        &[
            "report",
            &input,
            "--tz",
            "Europe/Berlin",
            "--since",
            "yesterday",
            "--until",
            "yesterday",
            "--format",
            "csv",
            "--totals",
        ],
        None,
        &[NOW],
    );
    assert_eq!(queues, same.stdout);
    let agents = std::fs::read_to_string(d.path("out/agents.json")).unwrap();
    assert!(agents.contains("\"since\": \"2026-03-02T00:00:00+01:00\""), "per-report since wins");
    assert!(!agents.contains("\"service_level\""), "columns applied");
}

#[test]
fn breaches_exit_4_after_writing_everything() {
    let d = TempDir::new("runbreach");
    let f = toml(
        &d,
        r#"
[[report]]
name = "strict"
output = "a.csv"
format = "csv"
fail_if = ["service_level<0.99"]

[[report]]
name = "later"
output = "b.md"
format = "markdown"
"#,
    );
    let out = run_env(&["run", &f, "--quiet"], None, &[NOW]);
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(d.path("a.csv").exists() && d.path("b.md").exists(), "both written");
    assert!(
        out.stderr.starts_with("callstat: error: report 'strict': --fail-if 'service_level<0.99'"),
        "{}",
        out.stderr
    );
}

#[test]
fn mistakes_name_file_report_and_key() {
    let d = TempDir::new("runbad");
    let f = toml(&d, "[[report]]\nname = \"q\"\noutput = \"q.csv\"\nfromat = \"csv\"\n");
    let out = run_env(&["run", &f], None, &[NOW]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("reports.toml") && out.stderr.contains("fromat"), "{}", out.stderr);
    let f = toml(&d, "[[report]]\nname = \"q\"\noutput = \"q.csv\"\nby = \"queue,queue\"\n");
    let out = run_env(&["run", &f], None, &[NOW]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("report 'q'") && out.stderr.contains("dimension 'queue' is given twice"),
        "{}",
        out.stderr
    );
    let f = toml(
        &d,
        "[[report]]\nname = \"q\"\noutput = \"q.csv\"\n[[report]]\nname = \"q\"\noutput = \"r.csv\"\n",
    );
    let out = run_env(&["run", &f], None, &[NOW]);
    assert!(out.stderr.contains("two reports are named 'q'"), "{}", out.stderr);
}

#[test]
fn xlsx_reports_sharing_a_file_become_sheets_of_one_workbook() {
    let d = TempDir::new("runbook");
    let f = toml(
        &d,
        r#"
[[report]]
name = "by queue"
format = "xlsx"
output = "book.xlsx"

[[report]]
name = "by agent"
by = "agent"
format = "xlsx"
output = "book.xlsx"
"#,
    );
    let out = run_env(&["run", &f], None, &[NOW]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("reports by queue, by agent written to"), "{}", out.stderr);
    let mut z = ::zip::ZipArchive::new(std::fs::File::open(d.path("book.xlsx")).unwrap()).unwrap();
    let mut wb = String::new();
    std::io::Read::read_to_string(&mut z.by_name("xl/workbook.xml").unwrap(), &mut wb).unwrap();
    let a = wb.find("name=\"by queue\"").expect("sheet by queue");
    let b = wb.find("name=\"by agent\"").expect("sheet by agent");
    let c = wb.find("name=\"Definitions\"").expect("definitions sheet");
    assert!(a < b && b < c, "{wb}");
    // A csv report may not share an output with another report.
    let f = toml(
        &d,
        "[[report]]\nname = \"a\"\noutput = \"x.csv\"\n[[report]]\nname = \"b\"\noutput = \"x.csv\"\n",
    );
    let out = run_env(&["run", &f], None, &[NOW]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("like an earlier report"), "{}", out.stderr);
}
