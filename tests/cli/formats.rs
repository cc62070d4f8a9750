//! Other people's logs: the same calls (`sample-data/formats.csv`) given as
//! a mapped vendor CSV, an Asterisk queue_log and Amazon Connect contact
//! records give the same report; mapping flags, delimiters, gzip and the
//! "closest column" error.

use crate::harness::{TempDir, run};

fn csv_report(args: &[&str]) -> String {
    let mut a = vec!["report"];
    a.extend_from_slice(args);
    a.extend_from_slice(&["--format", "csv", "--totals"]);
    let out = run(&a);
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    out.stdout
}

const EXPECTED: &str = "\
queue,offered,answered,abandoned,short_abandoned,abandon_rate,asa_s,aht_s,service_level,fcr_rate,csat_avg,csat_top2box,csat_responses,transfer_rate
sales,4,3,1,1,0.000000,16.667,501.667,0.666667,0.666667,3.333333,0.333333,3,0.333333
support,3,2,1,0,0.333333,12.500,412.500,0.666667,1.000000,4.000000,1.000000,1,0.000000
TOTAL,7,5,2,1,0.166667,15.000,466.000,0.666667,0.750000,3.500000,0.500000,4,0.200000
";

#[test]
fn canonical_slice_matches_the_hand_checked_figures() {
    // Worked out in sample-data/formats-expected.md.
    assert_eq!(csv_report(&["sample-data/formats.csv"]), EXPECTED);
}

#[test]
fn mapped_vendor_csv_gives_the_same_report() {
    let out = csv_report(&["sample-data/vendor_x.csv", "--mapping", "sample-data/vendor_x.mapping.toml"]);
    assert_eq!(out, EXPECTED);
}

#[test]
fn map_flags_delimiter_and_gzip() {
    use std::io::Write;
    let d = TempDir::new("map-flags");
    let text = "Ref|Skill|QueueStart|Hangup\n1|q|2026-03-02 10:00:00|2026-03-02 10:01:00\n";
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(text.as_bytes()).unwrap();
    let gz = d.path("x.csv.gz");
    std::fs::write(&gz, e.finish().unwrap()).unwrap();
    let gz = gz.to_str().unwrap();
    let out = run(&[
        "report",
        gz,
        "--format",
        "csv",
        "--map",
        "call_id=Ref",
        "--input-tz",
        "Europe/Berlin",
        "--by",
        "interval",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("2026-03-02T09:00:00+00:00,1,0,1"), "{}", out.stdout);
    // An explicit delimiter that does not split the header: every column is missing.
    let out = run(&["report", gz, "--map", "call_id=Ref", "--delimiter", ";"]);
    assert_eq!(out.code, 3);
    assert!(out.stderr.contains("no such column; found: 'Ref|Skill|QueueStart|Hangup'"), "{}", out.stderr);
}

#[test]
fn unmapped_required_column_suggests_the_closest_header() {
    let d = TempDir::new("closest");
    let f = d.write(
        "x.csv",
        "CallRefNo,queue,arrived_at,ended_at\n1,q,2026-03-02T10:00:00Z,2026-03-02T10:01:00Z\n",
    );
    let out = run(&["report", f.to_str().unwrap()]);
    assert_eq!(out.code, 3);
    assert!(out.stderr.contains("missing required column(s) call_id; found: 'CallRefNo', 'queue', 'arrived_at', 'ended_at' (call_id looks like 'CallRefNo': pass --map call_id=CallRefNo)"), "{}", out.stderr);
    let out = run(&["report", f.to_str().unwrap(), "--map", "callid=CallRefNo"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("'callid' is not a canonical column"), "{}", out.stderr);
}

/// Keeps the CSV columns a source without hold, ACW and CSAT can match.
fn without_acw_and_csat(csv: &str) -> String {
    let drop = ["aht_s", "csat_avg", "csat_top2box", "csat_responses"];
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let keep: Vec<usize> = (0..header.len()).filter(|i| !drop.contains(&header[*i])).collect();
    std::iter::once(header.join(","))
        .chain(lines.map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            keep.iter().map(|i| cells[*i]).collect::<Vec<_>>().join(",")
        }))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn queue_log_gives_the_same_report() {
    // Detected from content (the extension says nothing).
    let ql = csv_report(&["sample-data/formats.queue_log"]);
    assert_eq!(without_acw_and_csat(&ql), without_acw_and_csat(EXPECTED));
    // queue_log has no after-call work: AHT is talk only.
    assert!(ql.contains("\nsales,4,3,1,1,0.000000,16.667,480.000,"), "{ql}");
    let forced = csv_report(&["sample-data/formats.queue_log", "--input-format", "asterisk-queue-log"]);
    assert_eq!(forced, ql);
}

#[test]
fn queue_log_accounts_for_every_line() {
    let out = run(&["report", "sample-data/formats.queue_log", "--by", "total"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("rows: 11 read, 7 accepted (0 outbound), 4 invalid, 0 duplicate"),
        "{}",
        out.stdout
    );
    for s in [
        "not calls, kept out of the rows: agent events: 4, blank lines: 1, system events: 1",
        "formats.queue_log:13: unknown_event: event 'MYCUSTOMEVENT'",
        "formats.queue_log:25: bad_line:",
        "formats.queue_log:23: incomplete_call: call q9001: events without an ENTERQUEUE",
        "formats.queue_log:32: incomplete_call: call q9002 in queue support has no end event",
    ] {
        assert!(out.stderr.contains(s), "{s}\n{}", out.stderr);
    }
}

#[test]
fn queue_log_abandon_events_and_stitch() {
    // EXITWITHTIMEOUT no longer an abandon: q1005 leaves the metrics.
    let out =
        run(&["report", "sample-data/formats.queue_log", "--abandon-events", "ABANDON", "--format", "csv"]);
    assert!(out.stdout.contains("\nsupport,2,2,0,"), "{}", out.stdout);
    assert!(
        out.stderr.contains("excluded_exit: call q1005 left queue support by EXITWITHTIMEOUT"),
        "{}",
        out.stderr
    );
    let d = TempDir::new("stitch");
    let f = d.write(
        "queue_log",
        "1000|c1|A|NONE|ENTERQUEUE||+49301|1\n1030|c1|A|NONE|EXITWITHTIMEOUT|1|1|30\n\
         1031|c1|B|NONE|ENTERQUEUE||+49301|1\n1043|c1|B|ann|CONNECT|12|c1.2|4\n1143|c1|B|ann|COMPLETECALLER|12|100|1\n",
    );
    let f = f.to_str().unwrap();
    let per_queue = run(&["report", f, "--format", "csv"]);
    assert!(per_queue.stdout.contains("\nA,1,0,1,0,1.000000,,,0.000000,"), "{}", per_queue.stdout);
    assert!(
        per_queue.stdout.contains("\nB,1,1,0,0,0.000000,12.000,100.000,1.000000,"),
        "{}",
        per_queue.stdout
    );
    let stitched = run(&["report", f, "--format", "csv", "--stitch"]);
    assert_eq!(
        stitched.stdout.lines().nth(1).unwrap(),
        "A,1,1,0,0,0.000000,42.000,100.000,0.000000,1.000000,,,0,0.000000"
    );
}

#[test]
fn queue_log_database_dump() {
    let d = TempDir::new("qldump");
    let f = d.write(
        "queue_log.csv",
        "time,callid,queuename,agent,event,data1,data2,data3,data4,data5\n\
         2026-03-02 09:00:00,c1,sales,NONE,ENTERQUEUE,,+4930111,1,,\n\
         2026-03-02 09:00:15,c1,sales,alice,CONNECT,15,c1.1,3,,\n\
         2026-03-02 09:05:15,c1,sales,alice,COMPLETECALLER,15,300,1,,\n\
         2026-03-02 09:06:00,NONE,sales,alice,PAUSE,,,,,\n",
    );
    let out = run(&[
        "report",
        f.to_str().unwrap(),
        "--format",
        "csv",
        "--input-tz",
        "Europe/Berlin",
        "--by",
        "interval",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("\n2026-03-02T08:00:00+00:00,1,1,0,0,0.000000,15.000,300.000,1.000000,"),
        "{}",
        out.stdout
    );
    assert!(out.stderr.contains("agent events: 1"), "{}", out.stderr);
}

#[test]
fn contact_records_give_the_same_report() {
    let out = csv_report(&["sample-data/formats.ctr.jsonl", "--map", "csat=Attributes.csat"]);
    assert_eq!(out, EXPECTED);
    let forced = csv_report(&[
        "sample-data/formats.ctr.jsonl",
        "--input-format",
        "amazon-connect",
        "--map",
        "csat=Attributes.csat",
    ]);
    assert_eq!(forced, EXPECTED);
}

#[test]
fn contact_records_account_for_every_record() {
    let out = run(&["report", "sample-data/formats.ctr.jsonl", "--by", "total"]);
    assert!(
        out.stdout.contains("rows: 11 read, 8 accepted (1 outbound), 2 invalid, 1 duplicate"),
        "{}",
        out.stdout
    );
    for s in [
        "formats.ctr.jsonl:6: bad_line: not a JSON contact record (expected `,` or `}`); skipped to the next line",
        "formats.ctr.jsonl:2: not_queued: contact ivr-0001 (INBOUND) never reached a queue",
        "formats.ctr.jsonl:11: duplicate: contact q1003: an older record; the one at sample-data/formats.ctr.jsonl:4",
    ] {
        assert!(out.stderr.contains(s), "{s}\n{}", out.stderr);
    }
}

#[test]
fn contact_records_as_an_array_and_latest_update_across_files() {
    let d = TempDir::new("ctr");
    let rec = |agent: &str, updated: &str| {
        format!(
            r#"{{"ContactId":"c1","InitiationMethod":"INBOUND","Queue":{{"Name":"q","EnqueueTimestamp":"2026-03-02T09:00:00Z","DequeueTimestamp":"2026-03-02T09:00:10Z"}},"Agent":{{"Username":"{agent}","ConnectedToAgentTimestamp":"2026-03-02T09:00:10Z"}},"DisconnectTimestamp":"2026-03-02T09:01:10Z","LastUpdateTimestamp":"{updated}"}}"#
        )
    };
    // The newer record comes first (in a.json), the older one later (in b.json).
    let a = d.write("a.json", &format!("[\n{}\n]\n", rec("new", "2026-03-02T10:00:00Z")));
    let b = d.write("b.json", &format!("[{}]", rec("old", "2026-03-02T09:30:00Z")));
    let out = run(&["report", a.to_str().unwrap(), b.to_str().unwrap(), "--by", "agent", "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("\nnew,1,1,"), "{}", out.stdout);
    assert!(out.stderr.contains("b.json:1: duplicate: contact c1: an older record"), "{}", out.stderr);
}

#[test]
fn the_same_calls_in_every_format_give_the_same_report() {
    let canonical = csv_report(&["sample-data/formats.csv"]);
    let vendor = csv_report(&["sample-data/vendor_x.csv", "--mapping", "sample-data/vendor_x.mapping.toml"]);
    let ctr = csv_report(&["sample-data/formats.ctr.jsonl", "--map", "csat=Attributes.csat"]);
    let queue_log = csv_report(&["sample-data/formats.queue_log"]);
    assert_eq!(vendor, canonical);
    assert_eq!(ctr, canonical);
    assert_eq!(without_acw_and_csat(&queue_log), without_acw_and_csat(&canonical));
}

#[test]
fn asterisk_master_csv() {
    let out = run(&[
        "report",
        "sample-data/master.csv",
        "--input-format",
        "asterisk-cdr",
        "--input-tz",
        "Europe/Berlin",
        "--format",
        "csv",
        "--totals",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Hand-checked in sample-data/formats-expected.md ("master.csv").
    assert_eq!(
        out.stdout,
        "queue,offered,answered,abandoned,short_abandoned,abandon_rate,asa_s,aht_s,service_level,fcr_rate,csat_avg,csat_top2box,csat_responses,transfer_rate\n\
         ext-queues,2,1,1,0,0.500000,15.000,485.000,0.500000,1.000000,,,0,0.000000\n\
         ext-support,2,1,1,0,0.500000,12.000,600.000,0.500000,1.000000,,,0,0.000000\n\
         TOTAL,4,2,2,0,0.500000,13.500,542.500,0.500000,1.000000,,,0,0.000000\n"
    );
    for s in [
        "cdr legs merged into their call: 1",
        "master.csv:7: field_count: 4 fields; Master.csv lines have 16 to 21",
        "master.csv:5: bad_arrived_at: column arrived_at: '2026-03-29 02:30:00' does not exist in Europe/Berlin",
    ] {
        assert!(out.stderr.contains(s), "{s}\n{}", out.stderr);
    }
    let by_agent = run(&[
        "report",
        "sample-data/master.csv",
        "--input-format",
        "asterisk-cdr",
        "--by",
        "agent",
        "--format",
        "csv",
    ]);
    assert!(by_agent.stdout.contains("\nSIP/alice,1,1,0,"), "{}", by_agent.stdout);
}

#[test]
fn firehose_concatenated_records_and_a_joined_data_column() {
    let d = TempDir::new("firehose");
    let rec = |id: &str| {
        format!(
            r#"{{"ContactId":"{id}","InitiationMethod":"INBOUND","Queue":{{"Name":"q","EnqueueTimestamp":"2026-03-02T09:00:00Z","DequeueTimestamp":"2026-03-02T09:00:30Z"}},"Agent":null,"DisconnectTimestamp":"2026-03-02T09:00:31Z","LastUpdateTimestamp":"2026-03-02T09:05:00Z"}}"#
        )
    };
    // Kinesis Firehose writes objects back to back, without newlines; no extension either.
    let f = d.write("part-0001", &format!("{}{}", rec("a"), rec("b")));
    let out = run(&["report", f.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("\nq,2,0,2,0,1.000000,"), "{}", out.stdout);
    // A queue_log dump with one `data` column holding the `|`-joined values.
    let f = d.write(
        "ql.csv",
        "time;callid;queuename;agent;event;data\n1772442000;c1;sales;NONE;ENTERQUEUE;|+4930111|1\n\
         1772442010;c1;sales;NONE;ABANDON;1|1|10\n",
    );
    let out = run(&["report", f.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("\nsales,1,0,1,0,1.000000,"), "{}", out.stdout);
}
