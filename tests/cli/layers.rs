//! The layers of the source tree: only `cli/` and `config/` (and the
//! crate root, which hands the parsed command line to `config`) may name
//! `cli`; everything below takes typed settings.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn only_cli_and_config_import_cli() {
    let src = crate::harness::root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut offenders = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap().to_string_lossy().to_string();
        if rel.starts_with("cli/") || rel.starts_with("config/") || rel == "lib.rs" || rel == "main.rs" {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        if text.contains("crate::cli") || text.contains("callstat::cli") {
            offenders.push(rel);
        }
    }
    assert!(offenders.is_empty(), "these files import cli: {offenders:?}");
    assert!(files.len() > 50, "read {} files", files.len());
}
