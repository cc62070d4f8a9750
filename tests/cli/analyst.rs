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

#[test]
fn the_callback_list_names_callers_nobody_reached() {
    let d = crate::harness::TempDir::new("callback");
    // By hand: A abandons twice, then is answered 10 min later: reached. B abandons, then an
    // outbound call goes to B: reached. C abandons at 09:00 (wait 8 s) and 10:00 (wait 70 s),
    // in two queues: listed with 2 attempts. D abandons and is answered 25 h later, outside the
    // 24 h window: listed. E's unanswered call is a callback flow-out: not an abandon. A withheld
    // abandon cannot be called back.
    let f = d.write(
        "cb.csv",
        "call_id,queue,agent,caller,direction,arrived_at,answered_at,ended_at,disposition\n\
         a1,sales,,A,,2026-03-02T09:00:00Z,,2026-03-02T09:00:30Z,\n\
         a2,sales,,A,,2026-03-02T09:10:00Z,,2026-03-02T09:10:45Z,\n\
         a3,sales,ann,A,,2026-03-02T09:20:00Z,2026-03-02T09:20:10Z,2026-03-02T09:25:00Z,\n\
         b1,sales,,B,,2026-03-02T09:00:00Z,,2026-03-02T09:00:12Z,\n\
         b2,sales,ann,B,outbound,2026-03-02T10:00:00Z,2026-03-02T10:00:20Z,2026-03-02T10:03:00Z,\n\
         c1,sales,,C,,2026-03-02T09:00:00Z,,2026-03-02T09:00:08Z,\n\
         c2,support,,C,,2026-03-02T10:00:00Z,,2026-03-02T10:01:10Z,\n\
         d1,support,,D,,2026-03-02T09:00:00Z,,2026-03-02T09:00:20Z,\n\
         d2,support,bob,D,,2026-03-03T10:00:00Z,2026-03-03T10:00:05Z,2026-03-03T10:02:00Z,\n\
         e1,sales,,E,,2026-03-02T09:00:00Z,,2026-03-02T09:01:00Z,callback\n\
         w1,sales,,,,2026-03-02T09:30:00Z,,2026-03-02T09:30:40Z,\n",
    );
    let out = run(&[
        "calls",
        f.to_str().unwrap(),
        "--callback",
        "--outcome",
        "callback=flow-out",
        "--format",
        "csv",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "caller,queue,first_at,last_at,attempts,longest_wait_s\n\
         C,support,2026-03-02T09:00:00+00:00,2026-03-02T10:00:00+00:00,2,70.000\n\
         D,support,2026-03-02T09:00:00+00:00,2026-03-02T09:00:00+00:00,1,20.000\n"
    );
    let table = run(&["calls", f.to_str().unwrap(), "--callback", "--outcome", "callback=flow-out"]);
    assert!(table.stdout.contains("1 abandoned call(s) without a caller left out"), "{}", table.stdout);
    // A window keeps only attempts that arrived inside it: from 09:30 on, C's second attempt.
    let late = run(&[
        "calls",
        f.to_str().unwrap(),
        "--callback",
        "--since",
        "2026-03-02T09:30:00Z",
        "--format",
        "csv",
        "--outcome",
        "callback=flow-out",
    ]);
    assert_eq!(
        late.stdout,
        "caller,queue,first_at,last_at,attempts,longest_wait_s\nC,support,2026-03-02T10:00:00+00:00,2026-03-02T10:00:00+00:00,1,70.000\n"
    );
}

#[test]
fn fill_shows_empty_intervals_as_zeros() {
    // tiny.csv on 2026-03-02 (UTC), by hand: 09:00 holds c001, c002, c003, c004 (4 offered),
    // 09:30 holds c005, c006, c007 (3), 10:00 holds c008 (1); the other 45 half hours none.
    let out = run(&[
        "report",
        "sample-data/tiny.csv",
        "--by",
        "interval",
        "--since",
        "2026-03-02",
        "--until",
        "2026-03-02",
        "--fill",
        "--format",
        "csv",
        "--columns",
        "offered,asa_s",
        "-q",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows: Vec<&str> = out.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 48);
    assert_eq!(rows[0], "2026-03-02T00:00:00+00:00,0,");
    // ASA of 09:00: c001 20 s, c002 21 s, c003 10 s answered: 51 / 3 = 17.
    assert_eq!(rows[18], "2026-03-02T09:00:00+00:00,4,17.000");
    assert_eq!(rows[19].split(',').nth(1), Some("3"));
    assert_eq!(rows[20].split(',').nth(1), Some("1"));
    assert_eq!(rows[47], "2026-03-02T23:30:00+00:00,0,");
    // Without a window: from the first key to the last, for every queue seen. The first is
    // 2026-03-02T09:00, the last 2026-03-03T09:00 (c009, c010): 49 half hours x 2 queues.
    let out =
        run(&["report", "sample-data/tiny.csv", "--by", "queue,interval", "--fill", "--format", "csv", "-q"]);
    assert_eq!(out.stdout.lines().count() - 1, 98);
    let two = run(&["report", "sample-data/tiny.csv", "--by", "day,interval", "--fill", "-q"]);
    assert_eq!(two.code, 2);
    assert!(two.stderr.contains("--fill takes one time dimension"), "{}", two.stderr);
    // Two centuries of quarter hours is refused, not allocated.
    let huge = run(&[
        "report",
        "sample-data/tiny.csv",
        "--by",
        "interval",
        "--interval",
        "15m",
        "--since",
        "1900-01-01",
        "--until",
        "2100-01-01",
        "--fill",
        "-q",
    ]);
    assert_eq!(huge.code, 2);
    assert!(huge.stderr.contains("--fill would make"), "{}", huge.stderr);
    // Staffing fills its intervals the same way.
    let staffing = run(&[
        "staffing",
        "sample-data/tiny.csv",
        "--since",
        "2026-03-02",
        "--until",
        "2026-03-02",
        "--fill",
        "--format",
        "csv",
        "-q",
    ]);
    // Two queues (sales, support) x 48 half hours.
    assert_eq!(staffing.stdout.lines().count() - 1, 96, "{}", staffing.stderr);
}

#[test]
fn staffing_with_a_planned_aht_and_a_given_number_of_agents() {
    // The reference interval (metric-definitions b.7): 100 calls in 30 minutes, AHT 180 s,
    // 80/20. With 14 agents: P(wait) 0.1741319, SL 0.8883500, ASA 7.836 s, occupancy 10/14.
    // Every call here is abandoned, so only --aht gives the model an AHT.
    let d = crate::harness::TempDir::new("staffing-plan");
    let mut text = String::from("call_id,queue,arrived_at,ended_at\n");
    for i in 0..100 {
        text.push_str(&format!(
            "c{i},q,2026-03-02T09:{:02}:{:02}Z,2026-03-02T09:{:02}:{:02}Z\n",
            i / 4,
            (i % 4) * 15,
            i / 4,
            (i % 4) * 15 + 9
        ));
    }
    let f = d.write("plan.csv", &text);
    let out = run(&[
        "staffing",
        f.to_str().unwrap(),
        "--aht",
        "3m",
        "--agents",
        "14",
        "--format",
        "csv",
        "--precision",
        "7",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let row: Vec<&str> = out.stdout.lines().nth(1).unwrap().split(',').collect();
    // queue, interval, offered, aht, erlangs, required, scheduled, p_wait, exp SL, exp ASA, occupancy
    assert_eq!(&row[2..7], ["100", "180.0000000", "10.0000000", "14", "14"]);
    assert_eq!(row[7], "0.1741319");
    assert_eq!(row[8], "0.8883500");
    assert!((row[9].parse::<f64>().unwrap() - 7.836).abs() < 5e-4, "{}", row[9]);
    assert_eq!(row[10], "0.7142857");
    // Without --aht there is no answered call, so no model.
    let out = run(&["staffing", f.to_str().unwrap(), "--format", "csv"]);
    let row: Vec<&str> = out.stdout.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(row[3], "");
}

#[test]
fn fail_if_checks_each_queue_against_its_own_target() {
    // tiny.csv by queue (sample-data/tiny-expected.md section 3): sales SL 2/5 = 0.4, ASA 20.25 s,
    // abandon rate 0.2; support SL 3/4 = 0.75, ASA 10 s, abandon rate 0.25. In total 5 of
    // 10 offered (1 short abandon) were answered within 20 s: 5/9 = 0.555556.
    let d = crate::harness::TempDir::new("targets");
    let cfg = d.write(
        "t.toml",
        "[queues.sales]\ntarget = \"50/20\"\nasa_target = \"15s\"\n\n[queues.support]\ntarget = \"70/20\"\nabandon_target = \"20%\"\n",
    );
    let check = |rule: &str| {
        let out = run(&[
            "report",
            "sample-data/tiny.csv",
            "--config",
            cfg.to_str().unwrap(),
            "--fail-if",
            rule,
            "-q",
        ]);
        out.stderr.lines().filter(|l| l.starts_with("  ")).map(String::from).collect::<Vec<_>>()
    };
    // sales 0.4 < 0.5 breaches; support 0.75 >= 0.7 does not.
    assert_eq!(check("service_level<target"), ["  queue=sales: 0.4"]);
    // Only sales has an ASA target; only support an abandon-rate target.
    assert_eq!(check("asa_s>target"), ["  queue=sales: 20.25"]);
    assert_eq!(check("abandon_rate>target"), ["  queue=support: 0.25"]);
    // The total row has no queue: --sl-target (0.8 by default).
    assert_eq!(check("total.service_level<target"), ["  TOTAL: 0.555556"]);
    let bad = run(&["report", "sample-data/tiny.csv", "--fail-if", "aht_s>target"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("only service_level, asa_s and abandon_rate have targets"), "{}", bad.stderr);
}

#[test]
fn compare_puts_the_previous_window_beside_each_metric() {
    // tiny.csv, by hand. 2026-03-03: sales c009 answered after 10 s; support c010 abandoned.
    // 2026-03-02: sales c001 (20 s), c002 (21 s), c008 (30 s) answered, c004 abandoned:
    // ASA 71/3 = 23.667, SL 1/4 = 0.25; support c003 (10 s), c006 (15 s), c007 (5 s)
    // answered, c005 a short abandon: ASA 10, SL 3/3 = 1.
    let out = run(&[
        "report",
        "sample-data/tiny.csv",
        "--since",
        "2026-03-03",
        "--until",
        "2026-03-03",
        "--compare",
        "previous",
        "--columns",
        "offered,asa_s,service_level",
        "--format",
        "csv",
        "--totals",
        "-q",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "queue,offered,offered_previous,offered_change,asa_s,asa_s_previous,asa_s_change,service_level,service_level_previous,service_level_change\n\
         sales,1,4,-3,10.000,23.667,-13.667,1.000000,0.250000,0.750000\n\
         support,1,4,-3,,10.000,,0.000000,1.000000,-1.000000\n\
         TOTAL,2,8,-6,10.000,16.833,-6.833,0.500000,0.571429,-0.071429\n"
    );
    // The explicit form, and the footer naming the earlier window.
    let table = run(&[
        "report",
        "sample-data/tiny.csv",
        "--since",
        "2026-03-03",
        "--until",
        "2026-03-03",
        "--compare",
        "2026-03-02..2026-03-02",
        "-q",
    ]);
    assert!(table.stdout.contains("compared with 2026-03-02T00:00:00+00:00 .. 2026-03-03T00:00:00+00:00"));
    let bad = run(&["report", "sample-data/tiny.csv", "--compare", "previous", "-q"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("--compare previous needs both --since and --until"), "{}", bad.stderr);
    let by_day = run(&[
        "report",
        "sample-data/tiny.csv",
        "--by",
        "day",
        "--since",
        "2026-03-03",
        "--until",
        "2026-03-03",
        "--compare",
        "previous",
    ]);
    assert_eq!(by_day.code, 2);
}

#[test]
fn a_zero_second_target_is_a_probability_of_waiting() {
    // 70/0: SL within 0 s = 1 - P(wait) >= 0.7. Erlang C for 10 Erlangs, computed independently
    // from the textbook formula (factorials, not the recursion): P(wait) with 12 agents 0.4494,
    // 13 agents 0.2852705, 14 agents 0.1741319; so 13 are required.
    let d = crate::harness::TempDir::new("pwait");
    let mut text = String::from("call_id,queue,arrived_at,ended_at\n");
    for i in 0..100 {
        text.push_str(&format!(
            "c{i},q,2026-03-02T09:{:02}:{:02}Z,2026-03-02T09:{:02}:{:02}Z\n",
            i / 4,
            (i % 4) * 15,
            i / 4,
            (i % 4) * 15 + 9
        ));
    }
    let f = d.write("plan.csv", &text);
    let out = run(&[
        "staffing",
        f.to_str().unwrap(),
        "--aht",
        "3m",
        "--target",
        "70/0",
        "--format",
        "csv",
        "--precision",
        "7",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let row: Vec<&str> = out.stdout.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(row[5], "13");
    assert_eq!(row[7], "0.2852705");
}

#[test]
fn a_weekday_profile_averages_the_weeks() {
    // Two Mondays: 2 calls at 09:00 on 2 March, 1 at 09:10 on 9 March; one call on Tuesday
    // 3 March. From 2 to 9 March there are 2 Mondays and 1 Tuesday, so Monday 09:00 has
    // (2 + 1) / 2 = 1.5 offered calls a week and Tuesday 09:00 1. Every call is answered
    // after 10 s and talks 290 s: AHT 290 s, SL 1.
    let d = crate::harness::TempDir::new("profile");
    let f = d.write(
        "p.csv",
        "call_id,queue,agent,arrived_at,answered_at,ended_at\n\
         a,q,x,2026-03-02T09:00:00Z,2026-03-02T09:00:10Z,2026-03-02T09:05:00Z\n\
         b,q,y,2026-03-02T09:20:00Z,2026-03-02T09:20:10Z,2026-03-02T09:25:00Z\n\
         c,q,x,2026-03-03T09:00:00Z,2026-03-03T09:00:10Z,2026-03-03T09:05:00Z\n\
         e,q,x,2026-03-09T09:10:00Z,2026-03-09T09:10:10Z,2026-03-09T09:15:00Z\n",
    );
    let out = run(&["staffing", f.to_str().unwrap(), "--profile", "weekday", "--format", "csv", "-q"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows: Vec<Vec<String>> =
        out.stdout.lines().skip(1).map(|l| l.split(',').map(String::from).collect()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][..5], ["q", "1-Mon", "09:00", "1.500000", "290.000"]);
    // Traffic: 1.5 calls x 290 s / 1800 s = 0.241667 Erlangs.
    assert_eq!(rows[0][5], "0.241667");
    // Agents seen: 2 (x and y) the first Monday, 1 (x) the second: (2 + 1) / 2 = 1.5.
    assert_eq!(rows[0][12], "1.500000");
    assert_eq!(rows[0][13], "1.000000");
    assert_eq!(&rows[1][..4], ["q", "2-Tue", "09:00", "1.000000"]);
}

#[test]
fn pooled_queues_are_planned_as_one_group() {
    // tiny.csv 2026-03-02 09:00, sales and support pooled (sample-data/tiny-expected.md 1b):
    // c001, c002, c004 (sales) and c003 (support): 4 offered, 3 answered with handle 360 +
    // 219.2 + 345 = 924.2 s -> AHT 308.067; agents alice, bob, carol; within 20 s c001 and
    // c003 of 4 (no short abandon): SL 0.5.
    let out = run(&["staffing", "sample-data/tiny.csv", "--pool", "sales,support", "--format", "csv", "-q"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let first: Vec<&str> = out.stdout.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(&first[..4], ["sales+support", "2026-03-02T09:00:00+00:00", "4", "308.067"]);
    assert_eq!(first[11], "3");
    assert_eq!(first[12], "0.500000");
    assert!(out.stdout.lines().skip(1).all(|l| l.starts_with("sales+support,")));
    let bad = run(&["staffing", "sample-data/tiny.csv", "--pool", "sales"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn the_html_page_has_a_title_tiles_queue_bars_and_one_time_axis() {
    let page =
        run(&["report", "sample-data/tiny.csv", "--format", "html", "--title", "Floor <daily>", "-q"]).stdout;
    assert!(
        page.contains("<title>Floor &lt;daily&gt;</title>") && page.contains("<h1>Floor &lt;daily&gt;</h1>")
    );
    // Tiles from the TOTAL row (tiny-expected.md: 10 offered, SL 5/9 = 55.6% below the 80% target).
    assert!(page.contains("<div class=\"tile\"><b>10</b><span>offered</span></div>"), "{page}");
    assert!(
        page.contains("<div class=\"tile bad\"><b>55.6%</b><span>service level (target 80.0%)</span></div>")
    );
    // By queue: one service-level bar per queue (sales 40.0%, support 75.0%), both under target.
    assert!(page.contains("<h2>Service level per queue</h2>"));
    assert!(
        page.contains("<title>sales · SL 40.0%</title>")
            && page.contains("<title>support · SL 75.0%</title>")
    );
    // By queue and interval: every panel has a bar for every bucket of the axis: sales had
    // calls at 09:00, 10:00 (2 March) and 09:00 (3 March), support at 09:00, 09:30 (2 March)
    // and 09:00 (3 March): 4 buckets in all, so 4 bars in each of the 2 panels.
    let page =
        run(&["report", "sample-data/tiny.csv", "--by", "queue,interval", "--format", "html", "-q"]).stdout;
    let bars = page.matches("<g><title>").count();
    assert_eq!(bars, 8, "{page}");
    assert!(page.contains("<g><title>03-02 09:30 · offered 0 · answered 0 · abandoned 0</title>"));
}
