//! Every input the fuzzers kept (`fuzz/regressions/TARGET/`, written by
//! `scripts/fuzz.sh`) read by the binary the way its target reads it: exit
//! 0, 2 or 3 with a message, never a panic, an abort or a hang.

use std::path::Path;

use crate::harness::{TempDir, root, run};

fn check(target: &str, file: &Path, d: &TempDir) {
    let f = file.to_str().unwrap();
    let csv_of_timestamp;
    let args: Vec<&str> = match target {
        "csv" => vec!["report", f, "--input-format", "csv"],
        "queue_log" => vec!["report", f, "--input-format", "asterisk-queue-log"],
        "master_csv" => vec!["report", f, "--input-format", "asterisk-cdr"],
        "ctr_json" => vec!["report", f, "--input-format", "amazon-connect"],
        "parquet" => vec!["report", f, "--input-format", "parquet"],
        "mapping" => vec!["report", "sample-data/vendor_x.csv", "--mapping", f],
        "timestamp" => {
            let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).replace('"', "\"\"");
            let p = d.write(
                "ts.csv",
                &format!("call_id,queue,arrived_at,ended_at\n1,q,\"{text}\",2026-03-02T09:00:00Z\n"),
            );
            csv_of_timestamp = p.to_string_lossy().into_owned();
            vec!["report", csv_of_timestamp.as_str()]
        }
        _ => return,
    };
    let out = run(&args);
    assert!(matches!(out.code, 0 | 2 | 3), "{}: exit {}\n{}", file.display(), out.code, out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}: {}", file.display(), out.stderr);
}

#[test]
fn inputs_the_fuzzers_kept_are_read_without_a_crash() {
    let d = TempDir::new("fuzz-regressions");
    let Ok(targets) = std::fs::read_dir(root().join("fuzz/regressions")) else { return };
    for t in targets.flatten() {
        let target = t.file_name().to_string_lossy().into_owned();
        for f in std::fs::read_dir(t.path()).unwrap().flatten() {
            check(&target, &f.path(), &d);
        }
    }
}
