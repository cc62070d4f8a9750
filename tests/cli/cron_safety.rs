//! A cron job or a spreadsheet never gets a wrong file silently: the format
//! follows `-o`, `-o -` is stdout, empty inputs and windows and rejected rows
//! are said on stderr, `--max-invalid` fails the run, `--columns` and
//! `--fail-if` reach opt-in metrics, and a ratio threshold above 1 without
//! `%` is refused.

use crate::harness::{TempDir, run, run_env};

#[test]
fn the_format_follows_the_output_extension() {
    let d = TempDir::new("fmt-ext");
    for (name, starts) in [("out.csv", "queue,offered,"), ("out.json", "{"), ("out.md", "| Queue")] {
        let p = d.path(name);
        let out = run(&["report", "sample-data/calls.csv", "-o", p.to_str().unwrap()]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.starts_with(starts), "{name}: {}", &text[..text.len().min(80)]);
    }
    let x = d.path("out.xlsx");
    assert_eq!(run(&["report", "sample-data/calls.csv", "-o", x.to_str().unwrap()]).code, 0);
    assert_eq!(&std::fs::read(&x).unwrap()[..2], b"PK", "an xlsx file is a zip");
    // A --format that contradicts the extension is a usage error, and nothing is written.
    let c = d.path("clash.xlsx");
    let out = run(&["report", "sample-data/calls.csv", "--format", "csv", "-o", c.to_str().unwrap()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--format csv but -o"), "{}", out.stderr);
    assert!(!c.exists());
    // -o - is stdout, not a file named '-'.
    let out = run(&["report", "sample-data/calls.csv", "--format", "csv", "-o", "-"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.starts_with("queue,offered,"));
    assert!(!crate::harness::root().join("-").exists());
}

#[test]
fn a_run_report_without_format_follows_its_output() {
    let d = TempDir::new("run-ext");
    let f = d.write(
        "r.toml",
        &format!(
            "inputs = [{:?}]\n[[report]]\nname = \"q\"\noutput = \"q.csv\"\n",
            crate::harness::root().join("sample-data/calls.csv")
        ),
    );
    let out = run(&["run", f.to_str().unwrap(), "-q"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(std::fs::read_to_string(d.path("q.csv")).unwrap().starts_with("queue,offered,"));
}

#[test]
fn empty_inputs_windows_and_rejected_rows_are_said() {
    let d = TempDir::new("empty");
    let header = d.write("header.csv", "call_id,queue,arrived_at,ended_at\n");
    let out = run(&["report", header.to_str().unwrap(), "--quiet", "--format", "csv"]);
    assert_eq!(out.code, 0);
    assert!(out.stderr.contains("warning: the inputs hold no rows"), "{}", out.stderr);
    // The documented rule that fails an empty run.
    let out = run(&["report", header.to_str().unwrap(), "-q", "--fail-if", "total.offered<1"]);
    assert_eq!(out.code, 4, "{}", out.stderr);
    // A window with no calls (sample data is March 2026).
    let out = run_env(
        &["report", "sample-data/calls.csv", "--since", "yesterday", "--until", "yesterday", "-q"],
        None,
        &[("CALLSTAT_NOW", "2027-01-10T08:00:00Z")],
    );
    assert_eq!(out.code, 0);
    assert!(out.stderr.contains("warning: no calls in the window 2027-01-09"), "{}", out.stderr);
    assert!(out.stderr.contains("all 5,000 accepted calls are outside it"), "{}", out.stderr);
    // tiny.csv: 26 rows, 14 invalid, 1 duplicate. Under --quiet one line still says so.
    let out = run(&["report", "sample-data/tiny.csv", "-q", "--format", "csv"]);
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stderr,
        "callstat: warning: 14 of 26 rows are invalid and left out (drop --quiet for the reasons; --max-invalid fails the run)\n"
    );
    // --max-invalid: 14 of 26 is 53.8%: over 50% and over 13 rows, not over 60% or 14 rows.
    for (limit, code) in [("50%", 3), ("13", 3), ("60%", 0), ("14", 0)] {
        let out = run(&["report", "sample-data/tiny.csv", "-q", "--format", "csv", "--max-invalid", limit]);
        assert_eq!(out.code, code, "--max-invalid {limit}: {}", out.stderr);
        if code == 3 {
            assert!(out.stdout.is_empty(), "nothing written");
            assert!(
                out.stderr.contains("14 of 26 rows are invalid, more than --max-invalid"),
                "{}",
                out.stderr
            );
        }
    }
}

#[test]
fn columns_and_fail_if_reach_opt_in_metrics() {
    let out = run(&[
        "report",
        "sample-data/calls.csv",
        "--by",
        "total",
        "--format",
        "csv",
        "--columns",
        "offered,asa_p90_s,max_wait_s",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.lines().next(), Some("offered,asa_p90_s,max_wait_s"));
    let values: Vec<&str> = out.stdout.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(values[0], "4902");
    assert!(values[1].parse::<f64>().unwrap() > 0.0 && values[2].parse::<f64>().unwrap() > 0.0);
    // A rule on an opt-in metric is checked, not skipped: no wait is over 24 hours.
    let ok = run(&["report", "sample-data/calls.csv", "--fail-if", "max_wait_s>24h", "-q"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let breach = run(&["report", "sample-data/calls.csv", "--fail-if", "total.max_wait_s>1s", "-q"]);
    assert_eq!(breach.code, 4, "{}", breach.stderr);
}

#[test]
fn ratio_thresholds_above_one_need_a_percent_sign() {
    let out = run(&["report", "sample-data/calls.csv", "--fail-if", "service_level<80"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("did you mean service_level<80%?"), "{}", out.stderr);
    // The breach report is one line per row, readable in a mail.
    let out = run(&["report", "sample-data/calls.csv", "--fail-if", "service_level<75%", "-q"]);
    assert_eq!(out.code, 4);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines[0], "callstat: error: --fail-if 'service_level<75%' breached by 3 row(s):");
    // billing 73.9%, sales 70.5%, support 67.3% (README's table); retention and vip pass.
    let rows: Vec<&str> = lines[1..].iter().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(rows, ["  queue=billing", "  queue=sales", "  queue=support"]);
    assert!(lines[1].starts_with("  queue=billing: 0.739"), "{}", lines[1]);
    assert_eq!(lines.len(), 4);
}

#[test]
fn zones_come_from_the_flag_the_settings_file_or_tz() {
    let d = TempDir::new("zones");
    let cfg = d.write("z.toml", "[defaults]\ntz = \"Europe/Berlin\"\n");
    let first_interval = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["report", "sample-data/calls.csv", "--by", "interval", "--format", "csv"];
        all.extend_from_slice(args);
        let out = run_env(&all, None, env);
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout.lines().nth(1).unwrap().split(',').next().unwrap().to_string()
    };
    // The first call arrives on 2026-03-02 in the morning; its interval start is shown in the zone.
    assert!(first_interval(&[], &[]).ends_with("+00:00"));
    assert!(first_interval(&["--config", cfg.to_str().unwrap()], &[]).ends_with("+01:00"));
    assert!(first_interval(&[], &[("TZ", "America/New_York")]).ends_with("-05:00"));
    assert!(first_interval(&[], &[("TZ", ":Asia/Kolkata")]).ends_with("+05:30"));
    // A TZ that is not an IANA name (POSIX rules) is not guessed at: UTC.
    assert!(first_interval(&[], &[("TZ", "CET-1CEST")]).ends_with("+00:00"));
    let both = ["--config", cfg.to_str().unwrap(), "--tz", "UTC"];
    assert!(first_interval(&both, &[("TZ", "America/New_York")]).ends_with("+00:00"), "the flag wins");
    // staffing and calls read the same key.
    let staffing =
        run(&["staffing", "sample-data/calls.csv", "--format", "csv", "--config", cfg.to_str().unwrap()]);
    assert!(staffing.stdout.lines().nth(1).unwrap().contains("+01:00"), "{}", staffing.stdout);
    let calls =
        run(&["calls", "sample-data/calls.csv", "--format", "csv", "--config", cfg.to_str().unwrap()]);
    assert!(calls.stdout.lines().nth(1).unwrap().contains("+01:00"), "{}", calls.stdout);
}

#[test]
fn the_conventions_people_expect() {
    // --version names the commit it was built from.
    let v = run(&["--version"]);
    assert!(v.stdout.starts_with("callstat 0.1.0 ("), "{}", v.stdout);
    assert!(!v.stdout.contains("()"), "{}", v.stdout);
    // Completions and a man page, from the clap definitions.
    let bash = run(&["completions", "bash"]);
    assert_eq!(bash.code, 0);
    assert!(bash.stdout.contains("_callstat()") && bash.stdout.contains("--fcr-window"));
    let man = run(&["man", "report"]);
    assert!(
        man.stdout.contains(".TH callstat-report 1") && man.stdout.contains("sl\\-threshold"),
        "{}",
        man.stdout
    );
    assert_eq!(run(&["man", "nope"]).code, 2);
    // run --help lists the keys; run --dry-run says what it would write and reads nothing.
    let help = run(&["run", "--help"]);
    assert!(
        help.stdout.contains("Keys:") && help.stdout.contains("fail_if") && help.stdout.contains("mapping")
    );
    let dry = run_env(
        &["run", "reports.example.toml", "--dry-run"],
        None,
        &[("CALLSTAT_NOW", "2026-03-04T06:00:00+01:00")],
    );
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(
        dry.stdout.starts_with("inputs: ") && dry.stdout.contains("sample-data/calls.csv (csv)"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("report 'queues': csv by queue in Europe/Berlin, window 2026-03-03T00:00:00+01:00 .. 2026-03-04T00:00:00+01:00 -> "),
        "{}",
        dry.stdout
    );
    assert!(!crate::harness::root().join("reports").exists(), "a dry run writes nothing");
    // generate -q says nothing; without it the count has thousands separators.
    let d = TempDir::new("conventions");
    let g = d.path("g.csv");
    let out = run(&["generate", "--rows", "1200", "-o", g.to_str().unwrap()]);
    assert_eq!(out.stderr, format!("callstat: wrote 1,200 rows to {}\n", g.display()));
    let out = run(&["generate", "--rows", "1200", "-q", "-o", g.to_str().unwrap()]);
    assert_eq!(out.stderr, "");
    // inspect counts with thousands separators.
    let out = run(&["inspect", g.to_str().unwrap()]);
    assert!(out.stdout.contains("1,200 read, 1,200 accepted"), "{}", out.stdout);
    // A decimal comma for European spreadsheets: 0,5 and ; between fields.
    let out =
        run(&["report", "sample-data/calls.csv", "--by", "total", "--format", "csv", "--decimal-comma"]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].starts_with("offered;answered;abandoned;"), "{}", lines[0]);
    let cells: Vec<&str> = lines[1].split(';').collect();
    assert_eq!(cells[0], "4902");
    assert!(cells[4].starts_with("0,0") && cells[5].contains(','), "{}", lines[1]);
}

#[test]
fn the_table_fits_the_width() {
    let fits = |out: &crate::harness::Out, w: usize| {
        let grid: Vec<&str> = out.stdout.lines().take_while(|l| !l.starts_with("by ")).collect();
        assert!(grid.iter().all(|l| l.chars().count() <= w), "{}", out.stdout);
        grid[1].to_string()
    };
    // 80 characters hold Queue .. ASA; the seven columns after it are named below the table.
    let out = run(&["report", "sample-data/calls.csv", "--width", "80"]);
    assert!(fits(&out, 80).ends_with("┆  ASA │"));
    assert!(out.stdout.contains("7 column(s) left out to fit 80 characters: aht_s, service_level,"));
    let out = run_env(&["report", "sample-data/calls.csv"], None, &[("COLUMNS", "120")]);
    fits(&out, 120);
    assert!(out.stdout.contains("left out to fit 120 characters"));
    // The call list (230 characters) loses columns from the right too.
    let out = run_env(&["calls", "sample-data/calls.csv", "--queue", "vip"], None, &[("COLUMNS", "100")]);
    fits(&out, 100);
    // --width 0, or a file, has every column.
    let out = run_env(&["report", "sample-data/calls.csv", "--width", "0"], None, &[("COLUMNS", "80")]);
    assert!(!out.stdout.contains("left out to fit"));
    let d = TempDir::new("width");
    let p = d.path("t.txt");
    let out =
        run_env(&["report", "sample-data/calls.csv", "-o", p.to_str().unwrap()], None, &[("COLUMNS", "80")]);
    assert_eq!(out.code, 0);
    assert!(std::fs::read_to_string(&p).unwrap().contains("Transfer %"));
}

#[test]
fn an_empty_file_is_an_input_error_and_txt_is_csv() {
    let d = TempDir::new("zero");
    let zero = d.write("zero.csv", "");
    let out = run(&["report", zero.to_str().unwrap()]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("zero.csv: the file is empty (0 bytes)"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let txt = d.write(
        "export.txt",
        &std::fs::read_to_string(crate::harness::root().join("sample-data/tiny.csv")).unwrap(),
    );
    let out = run(&["report", txt.to_str().unwrap(), "--by", "total", "--format", "csv", "-q"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // tiny.csv: 11 accepted rows, one outbound: 10 offered (sample-data/tiny-expected.md).
    assert!(out.stdout.lines().nth(1).unwrap().starts_with("10,"), "{}", out.stdout);
}
