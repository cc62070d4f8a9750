//! Metric variants end to end: every service-level formula on the
//! reference's worked example, presets, several thresholds, interval
//! attribution, new metrics, and the `staffing` contract.

use crate::harness::{TempDir, run};

const HEAD: &str = "call_id,queue,agent,caller,arrived_at,answered_at,ended_at,acw_s\n";

/// 100 offered at 09:00:00Z: 70 answered after 10 s, 10 after 30 s,
/// 5 abandoned after 3 s (short), 3 after 10 s, 12 after 40 s.
fn worked_example(d: &TempDir) -> String {
    let mut text = HEAD.to_string();
    let mut n = 0;
    let mut add = |count: usize, wait: u32, answered: bool| {
        for _ in 0..count {
            n += 1;
            let t = |s: u32| format!("2026-03-02T09:{:02}:{:02}Z", s / 60, s % 60);
            if answered {
                text.push_str(&format!("w{n},q,a{},,{},{},{},0\n", n % 7, t(0), t(wait), t(wait + 120)));
            } else {
                text.push_str(&format!("w{n},q,,,{},,{},\n", t(0), t(wait)));
            }
        }
    };
    add(70, 10, true);
    add(10, 30, true);
    add(5, 3, false);
    add(3, 10, false);
    add(12, 40, false);
    d.write("worked.csv", &text).display().to_string()
}

fn csv_row(out: &str) -> Vec<(String, String)> {
    let mut lines = out.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(str::to_string).collect();
    let row: Vec<String> = lines.next().unwrap().split(',').map(str::to_string).collect();
    header.into_iter().zip(row).collect()
}

fn get(row: &[(String, String)], id: &str) -> String {
    row.iter().find(|(k, _)| k == id).map(|(_, v)| v.clone()).unwrap_or_else(|| panic!("no column {id}"))
}

#[test]
fn every_sl_formula_side_by_side() {
    let d = TempDir::new("worked");
    let f = worked_example(&d);
    let out =
        run(&["report", &f, "--by", "total", "--metrics", "offered,service_level:all", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let row = csv_row(&out.stdout);
    assert_eq!(get(&row, "offered"), "100");
    // SL-1 70/80, SL-2 70/100, SL-3 70/92, SL-4 78/100, SL-5 70/92, SL-6 70/95.
    for (id, want) in [
        ("sl_answered_20s", "0.875000"),
        ("sl_offered_20s", "0.700000"),
        ("sl_ignore_abandons_within_20s", "0.760870"),
        ("sl_positive_abandons_20s", "0.780000"),
        ("sl_penalize_late_abandons_20s", "0.760870"),
        ("sl_exclude_short_20s", "0.736842"),
    ] {
        assert_eq!(get(&row, id), want, "{id}");
    }
}

#[test]
fn presets_and_overrides() {
    let d = TempDir::new("presets");
    let f = worked_example(&d);
    let sl = |extra: &[&str]| {
        let mut args = vec!["report", f.as_str(), "--by", "total", "--format", "csv"];
        args.extend_from_slice(extra);
        let out = run(&args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let row = csv_row(&out.stdout);
        (get(&row, "service_level"), get(&row, "abandon_rate"))
    };
    assert_eq!(sl(&[]), ("0.736842".into(), "0.157895".into()));
    assert_eq!(sl(&["--preset", "amazon-connect"]), ("0.780000".into(), "0.200000".into()));
    assert_eq!(sl(&["--preset", "genesys"]), ("0.700000".into(), "0.200000".into()));
    assert_eq!(sl(&["--preset", "cisco-ignored"]), ("0.760870".into(), "0.157895".into()));
    assert_eq!(sl(&["--preset", "asterisk"]), ("0.875000".into(), "0.200000".into()));
    // An explicit flag wins over the preset.
    assert_eq!(sl(&["--preset", "asterisk", "--sl-formula", "offered"]).0, "0.700000");
    // A strict boundary: the 10 s abandons and answers still count; nothing sits at exactly 20 s.
    assert_eq!(sl(&["--sl-boundary", "lt", "--sl-threshold", "10s"]).0, "0.000000");
    assert_eq!(sl(&["--sl-threshold", "10s"]).0, "0.736842");
}

#[test]
fn several_thresholds_give_several_columns() {
    let d = TempDir::new("thresholds");
    let f = worked_example(&d);
    let out = run(&["report", &f, "--by", "total", "--sl-threshold", "20s,30s", "--format", "csv"]);
    let row = csv_row(&out.stdout);
    assert_eq!(get(&row, "service_level_20s"), "0.736842");
    assert_eq!(get(&row, "service_level_30s"), "0.842105");
    let table = run(&["report", &f, "--by", "total", "--sl-threshold", "20s,30s"]);
    assert!(table.stdout.contains("SL 20s") && table.stdout.contains("SL 30s"));
    assert!(table.stdout.contains("answered <= 20s,30s"), "{}", table.stdout);
}

#[test]
fn attribution_moves_calls_between_intervals() {
    let d = TempDir::new("attr");
    let f = d.write(
        "a.csv",
        &format!("{HEAD}x,q,a,,2026-03-02T09:29:50Z,2026-03-02T09:30:10Z,2026-03-02T10:01:00Z,0\n"),
    );
    let f = f.to_str().unwrap();
    for (by, want) in [
        ("arrival", "2026-03-02T09:00:00+00:00"),
        ("answer", "2026-03-02T09:30:00+00:00"),
        ("end", "2026-03-02T10:00:00+00:00"),
    ] {
        let out = run(&["report", f, "--by", "interval", "--attribute-by", by, "--format", "csv"]);
        let row = csv_row(&out.stdout);
        assert_eq!(get(&row, "interval_start"), want, "{by}");
    }
    let json = run(&["report", f, "--attribute-by", "end", "--format", "json"]);
    assert!(json.stdout.contains("\"interval_attribution\": \"end\""));
}

#[test]
fn opt_in_metrics() {
    let out = run(&[
        "report",
        "sample-data/tiny.csv",
        "--by",
        "queue",
        "--metrics",
        "answered,talk_s,hold_s,acw_s,max_wait_s,asa_p50_s,abandon_time_s,csat_response_rate,agents_seen",
        "--format",
        "csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "queue,answered,talk_s,hold_s,acw_s,max_wait_s,asa_p50_s,abandon_time_s,csat_response_rate,agents_seen"
    );
    // sales (tiny-expected.md): answered c001 (talk 300 - hold 30), c002 (219.2), c008 (360), c009 (120);
    // acw 60 + 0 + 0 + 15; waits 20, 21, 30, 10 and the 5 s abandon c004.
    // talk (270 + 219.2 + 360 + 120) / 4 = 242.3; hold 30 / 4 = 7.5; acw 75 / 4 = 18.75;
    // max wait 30; p50 of [10, 20, 21, 30] = rank 2 = 20; abandon time 5; 3 responses / 4; agents alice, bob.
    assert_eq!(lines[1], "sales,4,242.300,7.500,18.750,30.000,20.000,5.000,0.750000,2");
}

/// 100 calls answered at once in 09:00-09:30, each handled in 180 s, by 15 agents.
fn staffing_file(d: &TempDir) -> std::path::PathBuf {
    let mut text = HEAD.to_string();
    for i in 0..100 {
        let s = i * 17;
        let t = |x: u32| format!("2026-03-02T09:{:02}:{:02}Z", x / 60, x % 60);
        text.push_str(&format!("s{i},sales,ag{},,{},{},{},0\n", i % 15, t(s), t(s), t(s + 180)));
    }
    d.write("s.csv", &text)
}

#[test]
fn staffing_contract() {
    let d = TempDir::new("staffing");
    let f = staffing_file(&d);
    let out = run(&[
        "staffing",
        f.to_str().unwrap(),
        "--interval",
        "30m",
        "--target",
        "80/20",
        "--shrinkage",
        "0.3",
        "--format",
        "csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "queue,interval_start,offered,aht_s,traffic_erlangs,required_agents,scheduled_agents,p_wait,\
         expected_service_level,expected_asa_s,occupancy,agents_seen,service_level\n\
         sales,2026-03-02T09:00:00+00:00,100,180.000,10.000000,14,20,0.174132,0.888350,7.836,0.714286,15,1.000000\n"
    );
    let capped = run(&["staffing", f.to_str().unwrap(), "--max-occupancy", "0.7", "--format", "csv"]);
    assert!(capped.stdout.contains(",10.000000,15,15,"), "{}", capped.stdout);
    let bad = run(&["staffing", f.to_str().unwrap(), "--target", "120/20"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn settings_file_defaults_and_per_queue_thresholds() {
    let d = TempDir::new("settings");
    let f = worked_example(&d);
    let cfg = d.write("callstat.toml", "[defaults]\npreset = \"asterisk\"\n");
    let cfg = cfg.to_str().unwrap();
    let sl = |extra: &[&str]| {
        let mut args = vec!["report", f.as_str(), "--by", "total", "--format", "csv", "--config", cfg];
        args.extend_from_slice(extra);
        let out = run(&args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        get(&csv_row(&out.stdout), "service_level")
    };
    // The file's preset (answered-only: 70 / 80), then a flag overriding it.
    assert_eq!(sl(&[]), "0.875000");
    assert_eq!(sl(&["--sl-formula", "offered"]), "0.700000");
    // Per-queue threshold: queue q at 30 s counts the 10 answers after 30 s: 80 / 95.
    let per_queue =
        d.write("q.toml", "[queues.q]\nsl_threshold = \"30s\"\n[queues.other]\nsl_threshold = \"5s\"\n");
    let out =
        run(&["report", &f, "--by", "queue", "--format", "csv", "--config", per_queue.to_str().unwrap()]);
    assert_eq!(get(&csv_row(&out.stdout), "service_level"), "0.842105");
    let table = run(&["report", &f, "--by", "queue", "--config", per_queue.to_str().unwrap()]);
    assert!(table.stdout.contains("(per queue: other 5s, q 30s)"), "{}", table.stdout);
    let shown = run(&["metrics", "--config", per_queue.to_str().unwrap()]);
    assert!(shown.stdout.contains("queue q: sl_threshold 30s"), "{}", shown.stdout);
    // A typo is an input error naming the file and the key.
    let bad = d.write("bad.toml", "[defaults]\nsl_treshold = \"20s\"\n");
    let out = run(&["report", &f, "--config", bad.to_str().unwrap()]);
    assert_eq!(out.code, 3);
    assert!(
        out.stderr.contains("bad.toml: [defaults]: unknown key 'sl_treshold'; did you mean 'sl_threshold'?"),
        "{}",
        out.stderr
    );
    let bad = d.write("bad2.toml", "[defaults]\nsl_formula = \"fast\"\n");
    let out = run(&["report", &f, "--config", bad.to_str().unwrap()]);
    assert!(out.stderr.contains("sl_formula: unknown service-level formula 'fast'"), "{}", out.stderr);
}

#[test]
fn staffing_per_queue_targets() {
    let d = TempDir::new("staffing-q");
    let f = staffing_file(&d);
    let cfg = d.write("t.toml", "[queues.sales]\ntarget = \"90/20\"\n");
    let out = run(&["staffing", f.to_str().unwrap(), "--config", cfg.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // 90% in 20 s needs 15 agents (14 give 0.888, 15 give 0.9415).
    assert!(out.stdout.contains(",10.000000,15,15,"), "{}", out.stdout);
}

#[test]
fn fcr_min_gap_treats_quick_reentries_as_the_same_contact() {
    let d = TempDir::new("gap");
    let f = d.write(
        "g.csv",
        &format!(
            "{HEAD}a,q,x,+1,2026-03-02T09:00:00Z,2026-03-02T09:00:05Z,2026-03-02T09:05:00Z,0\n\
             b,q,y,+1,2026-03-02T09:10:00Z,2026-03-02T09:10:05Z,2026-03-02T09:15:00Z,0\n"
        ),
    );
    let fcr = |extra: &[&str]| {
        let mut args = vec!["report", f.to_str().unwrap(), "--by", "total", "--format", "csv"];
        args.extend_from_slice(extra);
        get(&csv_row(&run(&args).stdout), "fcr_rate")
    };
    // Call a has a repeat 10 min later: 1 of 2 resolved; with a 15 min gap both are.
    assert_eq!(fcr(&[]), "0.500000");
    assert_eq!(fcr(&["--fcr-min-gap", "15m"]), "1.000000");
}

#[test]
fn outcomes_from_a_disposition_column() {
    let d = TempDir::new("outcomes");
    let f = d.write(
        "o.csv",
        "call_id,queue,channel,arrived_at,answered_at,ended_at,disposition\n\
         a,q,voice,2026-03-02T09:00:00Z,2026-03-02T09:00:10Z,2026-03-02T09:02:00Z,\n\
         b,q,voice,2026-03-02T09:00:00Z,,2026-03-02T09:00:30Z,Callback\n\
         c,q,chat,2026-03-02T09:00:00Z,,2026-03-02T09:00:40Z,voicemail\n\
         d,q,chat,2026-03-02T09:00:00Z,,2026-03-02T09:00:50Z,abandoned\n",
    );
    let f = f.to_str().unwrap();
    let m = "offered,abandoned,flowed_out,not_offered,abandon_rate";
    let out = run(&["report", f, "--by", "total", "--metrics", m, "--format", "csv"]);
    assert_eq!(out.stdout.lines().nth(1), Some("4,3,0,0,0.750000"));
    let out = run(&[
        "report",
        f,
        "--by",
        "total",
        "--metrics",
        m,
        "--format",
        "csv",
        "--outcome",
        "callback=flow-out,voicemail=not-offered",
    ]);
    assert_eq!(out.stdout.lines().nth(1), Some("3,1,1,1,0.333333"));
    let out = run(&["report", f, "--by", "channel", "--metrics", "offered", "--format", "csv"]);
    assert_eq!(out.stdout, "channel,offered\nchat,2\nvoice,2\n");
    let bad = run(&["report", f, "--outcome", "callback=maybe"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn any_input_column_as_a_key_and_as_the_fcr_key() {
    let d = TempDir::new("extra");
    let f = d.write(
        "x.csv",
        "call_id,queue,caller,Reason,account,arrived_at,answered_at,ended_at\n\
         a,q,+1,Support,A7,2026-03-02T09:00:00Z,2026-03-02T09:00:10Z,2026-03-02T09:02:00Z\n\
         b,q,+2,Order,A7,2026-03-02T10:00:00Z,2026-03-02T10:00:10Z,2026-03-02T10:02:00Z\n\
         c,q,+3,Support,,2026-03-02T11:00:00Z,2026-03-02T11:00:10Z,2026-03-02T11:02:00Z\n",
    );
    let f = f.to_str().unwrap();
    let out = run(&["report", f, "--by", "reason", "--metrics", "offered,fcr_rate", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Three different callers: every call resolved.
    assert_eq!(out.stdout, "reason,offered,fcr_rate\nOrder,1,1.000000\nSupport,2,1.000000\n");
    // By account: a and b share A7, so a has a repeat; c has no account and is not eligible.
    let out = run(&[
        "report",
        f,
        "--by",
        "total",
        "--metrics",
        "fcr_rate",
        "--fcr-key",
        "account",
        "--format",
        "csv",
    ]);
    assert_eq!(out.stdout, "fcr_rate\n0.500000\n");
    let bad = run(&["report", f, "--by", "reson"]);
    assert_eq!(bad.code, 3);
    assert!(bad.stderr.contains("no column 'reson' (asked for by --by or --fcr-key)"), "{}", bad.stderr);
    assert!(bad.stderr.contains("closest: 'Reason'"), "{}", bad.stderr);
}
