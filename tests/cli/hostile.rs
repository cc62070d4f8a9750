//! Hostile and damaged input, and hostile places to write: a clear error
//! naming the file (exit 3) or the row rejected with a reason, never a
//! panic, an abort, a hang or lost data; streams that are full or closed;
//! outputs that are device nodes, symlinks or interrupted.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::harness::{Out, TempDir, binary, root, run, run_stdin};

fn callstat() -> Command {
    let mut c = Command::new(binary());
    c.current_dir(root()).env_remove("TZ").env_remove("CALLSTAT_NOW").env("NO_COLOR", "1");
    c
}

/// Runs a shell line with `$CALLSTAT` set to the binary, from the repository root.
fn shell(line: &str) -> std::process::Output {
    Command::new("bash")
        .args(["-c", line])
        .env("CALLSTAT", binary())
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Runs with `input` on stdin, written from a thread that ignores a closed
/// pipe (callstat may stop reading early).
fn run_feeding(args: &[&str], input: Vec<u8>) -> Out {
    let mut child = callstat()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let o = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn ctr(id: &str, updated: &str, ended: &str) -> String {
    format!(
        r#"{{"ContactId":"{id}","InitiationMethod":"INBOUND","Queue":{{"Name":"q","EnqueueTimestamp":"2026-03-02T09:00:00Z","DequeueTimestamp":"2026-03-02T09:00:10Z"}},"Agent":{{"Username":"a","ConnectedToAgentTimestamp":"2026-03-02T09:00:10Z"}},"DisconnectTimestamp":"{ended}","LastUpdateTimestamp":"{updated}"}}"#
    )
}

fn rows_line(stdout: &str) -> &str {
    stdout.lines().find(|l| l.starts_with("rows:")).unwrap_or_default()
}

// ---- Parquet ----

/// Every truncation and a spread of single-byte changes of a real file end
/// in exit 0 or a clear exit 3 naming the file; none panics or aborts.
#[test]
fn damaged_parquet_is_exit_3_naming_the_file() {
    let good = std::fs::read(root().join("sample-data/calls.parquet")).unwrap();
    let d = TempDir::new("pq-damage");
    let p = d.path("bad.parquet");
    let name = p.to_str().unwrap();
    let mut cases: Vec<Vec<u8>> = Vec::new();
    for cut in [0, 3, 4, 11, 100, good.len() / 2, good.len() - 9, good.len() - 1] {
        cases.push(good[..cut].to_vec());
    }
    // Bytes in the footer (thrift metadata) and in the pages.
    let footer = u32::from_le_bytes(good[good.len() - 8..good.len() - 4].try_into().unwrap()) as usize;
    let meta = good.len() - 8 - footer;
    for at in (meta..good.len() - 8).step_by(7).chain((4..meta).step_by(997)) {
        for x in [0xff, 0x80, 0x01] {
            let mut b = good.clone();
            b[at] ^= x;
            cases.push(b);
        }
    }
    let mut magic = good.clone();
    magic[0] = b'X';
    cases.push(magic);
    for (i, bytes) in cases.iter().enumerate() {
        std::fs::write(&p, bytes).unwrap();
        let out = callstat().args(["report", name, "--by", "queue", "--format", "csv"]).output().unwrap();
        let code = out.status.code().unwrap_or(-1);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(code == 0 || code == 3, "case {i}: exit {code}\n{stderr}");
        if code == 3 {
            assert!(stderr.starts_with(&format!("callstat: error: {name}: ")), "case {i}: {stderr}");
            assert!(!stderr.contains("panicked") && stderr.lines().count() == 1, "case {i}: {stderr}");
        }
    }
}

#[test]
fn a_parquet_file_with_a_damaged_leading_magic_is_refused() {
    let mut b = std::fs::read(root().join("sample-data/calls.parquet")).unwrap();
    b[1] = b'X';
    let d = TempDir::new("pq-magic");
    let p = d.path("m.parquet");
    std::fs::write(&p, b).unwrap();
    let out = run(&["report", p.to_str().unwrap()]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("does not start with the magic bytes PAR1"), "{}", out.stderr);
}

// ---- Amazon Connect: no record lost to a neighbour ----

#[test]
fn one_bad_concatenated_contact_record_costs_only_itself() {
    let ok = |i: u32| ctr(&format!("c{i}"), "2026-03-02T10:00:00Z", "2026-03-02T09:05:00Z");
    // Firehose style: records back to back on one line, the second malformed.
    let text = format!(
        "{}{}{}{}{}{}{}",
        ok(1),
        r#"{"ContactId":"c2","Queue":{"Name":"q"},,}"#,
        ok(3),
        ok(4),
        ok(5),
        ok(6),
        ok(7)
    );
    let d = TempDir::new("ctr-concat");
    let f = d.write("c.json", &text);
    let out = run(&["report", f.to_str().unwrap(), "--by", "total"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(rows_line(&out.stdout), "rows: 7 read, 6 accepted (0 outbound), 1 invalid, 0 duplicate");
    assert!(out.stderr.contains("c.json:1: bad_line: not a JSON contact record"), "{}", out.stderr);
}

#[test]
fn an_invalid_newer_contact_record_does_not_claim_the_id() {
    let older = ctr("c1", "2026-03-02T10:00:00Z", "2026-03-02T09:05:00Z");
    // Newer, but it ends before it arrived: invalid.
    let newer = ctr("c1", "2026-03-02T11:00:00Z", "2026-03-02T08:00:00Z");
    let d = TempDir::new("ctr-claim");
    let f = d.write("c.jsonl", &format!("{older}\n{newer}\n"));
    let out = run(&["report", f.to_str().unwrap(), "--by", "total"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(rows_line(&out.stdout), "rows: 2 read, 1 accepted (0 outbound), 1 invalid, 0 duplicate");
}

#[test]
fn a_byte_that_is_not_utf8_rejects_only_its_contact_record() {
    let mut bytes = Vec::new();
    for i in 1..=3 {
        let rec = ctr(&format!("c{i}"), "2026-03-02T10:00:00Z", "2026-03-02T09:05:00Z");
        let rec = if i == 2 { rec.replace("\"a\"", "\"a\u{1}\"") } else { rec };
        let mut rec = rec.into_bytes();
        if i == 2 {
            let at = rec.iter().position(|&b| b == 1).unwrap();
            rec[at] = 0xff;
        }
        bytes.extend(rec);
        bytes.push(b'\n');
    }
    let d = TempDir::new("ctr-utf8");
    let f = d.path("c.jsonl");
    std::fs::write(&f, bytes).unwrap();
    let out = run(&["report", f.to_str().unwrap(), "--by", "total"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(rows_line(&out.stdout), "rows: 3 read, 2 accepted (0 outbound), 1 invalid, 0 duplicate");
    assert!(out.stderr.contains("c.jsonl:2: bad_line"), "{}", out.stderr);
}

/// Many records on one 10 MB line: once quadratic (minutes), now linear.
#[test]
fn a_long_line_of_contact_records_is_read_whole() {
    let n = 60_000;
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&ctr(&format!("c{i}"), "2026-03-02T10:00:00Z", "2026-03-02T09:05:00Z"));
    }
    let d = TempDir::new("ctr-long");
    let f = d.write("c.json", &text);
    let out = run(&["report", f.to_str().unwrap(), "--by", "total"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        rows_line(&out.stdout),
        "rows: 60,000 read, 60,000 accepted (0 outbound), 0 invalid, 0 duplicate"
    );
}

#[test]
fn json_on_stdin_is_recognised() {
    let text = std::fs::read(root().join("sample-data/formats.ctr.jsonl")).unwrap();
    let out = run_stdin(&["report", "-", "--by", "total"], Some(&text));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("rows: 11 read, 8 accepted"), "{}", out.stdout);
}

// ---- Quarantine and input resolution ----

#[test]
fn the_quarantine_file_may_not_be_an_input() {
    let d = TempDir::new("q-input");
    let text = std::fs::read_to_string(root().join("sample-data/tiny.csv")).unwrap();
    let f = d.write("in.csv", &text);
    let q = format!("quarantine={}", f.display());
    let out = run(&["report", f.to_str().unwrap(), "--on-error", &q]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("that file is also an input"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&f).unwrap(), text, "the input is untouched");
}

#[test]
fn a_glob_skips_resource_fork_files() {
    let d = TempDir::new("glob-dot");
    let text = std::fs::read_to_string(root().join("sample-data/tiny.csv")).unwrap();
    d.write("a.csv", &text);
    std::fs::write(d.path("._a.csv"), b"\x00\x05\x16\x07 resource fork").unwrap();
    let pattern = format!("{}/*.csv", d.0.display());
    let out = run(&["report", &pattern, "--by", "total"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn fifos_dev_stdin_and_process_substitution_are_read() {
    let o = shell("$CALLSTAT report <(cat sample-data/tiny.csv) --by total --format csv");
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let o = shell("$CALLSTAT report /dev/stdin --by total --format csv < sample-data/tiny.csv");
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let o = shell("$CALLSTAT report <(cat sample-data/formats.queue_log) --by total --format csv");
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
}

// ---- Streams ----

#[test]
fn a_full_stderr_costs_the_warnings_not_the_report() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out =
        callstat().args(["report", "sample-data/tiny.csv", "--format", "csv"]).stderr(full).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("queue,"));
}

#[test]
fn a_closed_stderr_pipe_costs_the_warnings_not_the_report() {
    let mut child = callstat()
        .args(["report", "sample-data/calls.csv", "--format", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("queue,"));
}

#[test]
fn a_closed_stdout_is_an_error() {
    let o = shell("$CALLSTAT report sample-data/tiny.csv >&-");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("stdout is closed"));
}

#[test]
fn a_closed_stdout_pipe_is_not_a_failure_in_any_format() {
    for format in ["csv", "parquet", "xlsx", "table"] {
        let mut child = callstat()
            .args(["report", "sample-data/calls.csv", "--by", "agent,day", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

// ---- Where the output goes ----

/// A character device as the target is written in place, never replaced.
/// The test writes to its own device node (a copy of /dev/null) where it
/// may create one (root), so a regression cannot replace the real one;
/// elsewhere to /dev/null, which it then has no right to replace.
#[test]
fn a_device_node_stays_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let d = TempDir::new("out-dev");
    let node = d.path("null");
    let made = Command::new("mknod").arg(&node).args(["c", "1", "3"]).stderr(Stdio::null()).status();
    let target = if made.is_ok_and(|s| s.success()) { node } else { "/dev/null".into() };
    for format in ["csv", "parquet", "xlsx"] {
        let out =
            run(&["report", "sample-data/tiny.csv", "--format", format, "-o", target.to_str().unwrap()]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(std::fs::metadata(&target).unwrap().file_type().is_char_device(), "{format}");
    }
}

#[test]
fn writing_through_a_symlink_keeps_the_link() {
    let d = TempDir::new("out-link");
    let real = d.write("real.csv", "old");
    let link = d.path("link.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = run(&["report", "sample-data/tiny.csv", "--format", "csv", "-o", link.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&real).unwrap().starts_with("queue,"));
}

fn temps_in(d: &TempDir) -> Vec<String> {
    std::fs::read_dir(&d.0)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

/// Interrupts runs at a spread of moments: the target is always the old
/// file or the whole new one; SIGTERM and SIGINT leave no temp file, and
/// the next write removes one a SIGKILL left.
#[test]
fn interrupted_writes_leave_old_or_new_and_no_temp_file() {
    let d = TempDir::new("out-kill");
    for format in ["csv", "xlsx", "parquet"] {
        let target = d.path(&format!("r.{format}"));
        let args = ["report", "sample-data/calls.csv", "--by", "agent,hour", "--format", format, "-o"];
        let full = |t: &std::path::Path| {
            let out = callstat().args(args).arg(t).output().unwrap();
            assert_eq!(out.status.code(), Some(0));
            std::fs::read(t).unwrap()
        };
        let new = full(&target);
        for (signal, step) in [("KILL", 0), ("TERM", 1), ("INT", 2), ("KILL", 3), ("TERM", 4)] {
            for wait_ms in (step..60).step_by(12) {
                std::fs::write(&target, b"old").unwrap();
                let mut child = callstat().args(args).arg(&target).stderr(Stdio::null()).spawn().unwrap();
                std::thread::sleep(std::time::Duration::from_millis(wait_ms as u64));
                let _ = Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status();
                let _ = child.wait();
                let now = std::fs::read(&target).unwrap();
                assert!(now == b"old" || now == new, "{format} {signal} at {wait_ms} ms: a partial file");
                if signal == "KILL" {
                    // A SIGKILLed run may leave its temp file; the next write removes it.
                    full(&target);
                }
                assert_eq!(temps_in(&d), Vec::<String>::new(), "{format} {signal} at {wait_ms} ms");
            }
        }
    }
}

// ---- Terminal injection ----

#[test]
fn escape_sequences_in_names_are_shown_escaped() {
    let d = TempDir::new("esc");
    let f = d.write(
        "e.csv",
        "call_id,queue,agent,arrived_at,answered_at,ended_at\n\
         1,\u{1b}[2Jq,\u{1b}]0;title\u{7},2026-03-02T09:00:00Z,2026-03-02T09:00:05Z,2026-03-02T09:01:00Z\n\
         2,q,a,2026-03-02T09:00:00Z,,not a time \u{1b}[31m\n",
    );
    for format in ["table", "markdown"] {
        let out = run(&["report", f.to_str().unwrap(), "--by", "queue,agent", "--format", format]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(!out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{7}'), "{format}: {}", out.stdout);
        assert!(out.stdout.contains("\\x1b"), "{format}: {}", out.stdout);
        assert!(!out.stderr.contains('\u{1b}'), "{}", out.stderr);
    }
}

#[test]
fn markdown_values_cannot_become_links_or_tags() {
    let d = TempDir::new("md");
    let f = d.write(
        "m.csv",
        "call_id,queue,arrived_at,ended_at\n\
         1,<script>x</script>,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z\n\
         2,[x](javascript:alert(1)),2026-03-02T09:00:00Z,2026-03-02T09:01:00Z\n",
    );
    let out = run(&["report", f.to_str().unwrap(), "--format", "markdown"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("\\<script\\>"), "{}", out.stdout);
    assert!(out.stdout.contains("\\[x\\](javascript:"), "{}", out.stdout);
}

/// A 4 MB queue name: the table cuts it (once minutes of layout).
#[test]
fn a_huge_name_is_cut_in_the_table() {
    let d = TempDir::new("long-name");
    let name = "q".repeat(900_000);
    let f = d.write(
        "l.csv",
        &format!("call_id,queue,arrived_at,ended_at\n1,{name},2026-03-02T09:00:00Z,2026-03-02T09:01:00Z\n"),
    );
    let out = run(&["report", f.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("q…") && out.stdout.len() < 10_000, "{} bytes", out.stdout.len());
}

// ---- Unbounded input ----

#[test]
fn a_gzip_bomb_is_a_short_clear_error() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b"call_id,queue,arrived_at,ended_at\n").unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..64 {
        gz.write_all(&zeros).unwrap();
    }
    let d = TempDir::new("bomb");
    let f = d.path("b.csv.gz");
    std::fs::write(&f, gz.finish().unwrap()).unwrap();
    let out = run(&["report", f.to_str().unwrap()]);
    assert_eq!(out.code, 3, "{}", &out.stderr[..out.stderr.len().min(500)]);
    assert!(
        out.stderr.contains("the line starting at byte 34 is longer than 1 MiB"),
        "{}",
        &out.stderr[..out.stderr.len().min(500)]
    );
    assert!(out.stderr.len() < 1000, "{} bytes of message", out.stderr.len());
}

#[test]
fn an_endless_header_on_stdin_is_a_short_clear_error() {
    let mut text = b"call_id,queue,arrived_at,ended_at".to_vec();
    text.extend(std::iter::repeat_n(b',', 8 << 20));
    let out = run_feeding(&["report", "-"], text);
    assert_eq!(out.code, 3, "{}", &out.stderr[..out.stderr.len().min(500)]);
    assert!(
        out.stderr.contains("the line starting at byte 0 is longer than 1 MiB"),
        "{}",
        &out.stderr[..out.stderr.len().min(500)]
    );
    assert!(out.stderr.len() < 1000);
}

// ---- Odd line ends ----

#[test]
fn a_queue_log_with_lone_cr_line_ends_is_read_line_by_line() {
    let lf = std::fs::read_to_string(root().join("sample-data/formats.queue_log")).unwrap();
    let d = TempDir::new("cr");
    let cr = d.write("cr.queue_log", &lf.replace('\n', "\r"));
    let a = run(&["report", "sample-data/formats.queue_log", "--by", "total"]);
    let b = run(&["report", cr.to_str().unwrap(), "--by", "total"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert_eq!(rows_line(&b.stdout), rows_line(&a.stdout));
}

#[test]
fn xlsx_output_is_the_same_bytes_on_every_run() {
    let d = TempDir::new("xlsx-same");
    let (a, b) = (d.path("a.xlsx"), d.path("b.xlsx"));
    run(&["report", "sample-data/tiny.csv", "--format", "xlsx", "-o", a.to_str().unwrap()]);
    // The creation time in the file has whole seconds.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    run(&["report", "sample-data/tiny.csv", "--format", "xlsx", "-o", b.to_str().unwrap()]);
    assert!(std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap());
}

#[test]
fn parquet_from_a_pipe_is_a_clear_error() {
    let o = shell("$CALLSTAT report --input-format parquet <(cat sample-data/calls.parquet)");
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("must be a regular file"));
}

#[test]
fn a_huge_bad_value_is_cut_in_the_warning() {
    let d = TempDir::new("long-value");
    let f = d.write(
        "v.csv",
        &format!(
            "call_id,queue,arrived_at,ended_at\n1,q,{},2026-03-02T09:01:00Z\n2,q,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z\n",
            "x".repeat(500_000)
        ),
    );
    let out = run(&["report", f.to_str().unwrap(), "--by", "total"]);
    assert_eq!(out.code, 0, "{}", &out.stderr[..out.stderr.len().min(300)]);
    assert!(out.stderr.contains("more bytes)") && out.stderr.len() < 10_000, "{} bytes", out.stderr.len());
}
