//! Running the binary, temp folders, and golden-file comparison.
//! `UPDATE_GOLDEN=1 cargo test` rewrites the golden files; CI never does.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The binary under test: `CALLSTAT_BIN` when set (a private copy, for
/// machines where several worktrees share one target directory and may
/// replace `target/debug/callstat` mid-run), else Cargo's build.
pub fn binary() -> PathBuf {
    std::env::var_os("CALLSTAT_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_callstat")), PathBuf::from)
}

fn command(args: &[&str]) -> Command {
    let mut c = Command::new(binary());
    c.args(args)
        .current_dir(root())
        .env_remove("TZ")
        .env_remove("COLUMNS")
        .env_remove("CALLSTAT_NOW")
        .env("NO_COLOR", "1");
    c
}

/// Runs callstat with the repository root as the working directory.
pub fn run(args: &[&str]) -> Out {
    run_stdin(args, None)
}

pub fn run_stdin(args: &[&str], input: Option<&[u8]>) -> Out {
    run_env(args, input, &[])
}

/// Runs callstat with extra environment variables (e.g. `CALLSTAT_NOW`).
pub fn run_env(args: &[&str], input: Option<&[u8]>, env: &[(&str, &str)]) -> Out {
    let mut c = command(args);
    c.envs(env.iter().copied());
    c.stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn callstat");
    if let Some(bytes) = input {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    let o = child.wait_with_output().unwrap();
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8(o.stdout).unwrap(),
        stderr: String::from_utf8(o.stderr).unwrap(),
    }
}

/// A fresh folder under the target dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("callstat-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Compares `actual` with the file, or rewrites it under UPDATE_GOLDEN=1.
/// Returns a readable diff description on mismatch.
pub fn check_file(path: &Path, actual: &str) -> Result<(), String> {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, actual).unwrap();
        return Ok(());
    }
    let expected = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if expected == actual {
        return Ok(());
    }
    let mut msg = format!("{} differs:\n", path.display());
    for (i, (e, a)) in expected.lines().zip(actual.lines()).enumerate() {
        if e != a {
            msg.push_str(&format!(
                "  first difference at line {}:\n  expected: {e}\n  actual:   {a}\n",
                i + 1
            ));
            break;
        }
    }
    msg.push_str(&format!(
        "  expected {} lines, got {}\n--- actual ---\n{actual}",
        expected.lines().count(),
        actual.lines().count()
    ));
    Err(msg)
}

fn stdout_ext(args: &[&str]) -> &'static str {
    match args.iter().position(|a| *a == "--format").and_then(|i| args.get(i + 1)) {
        Some(&"csv") => "csv",
        Some(&"json") => "json",
        Some(&"markdown") => "md",
        Some(&"tsv") => "tsv",
        Some(&"ndjson") => "ndjson",
        Some(&"html") => "html",
        _ => "txt",
    }
}

/// Runs one golden case folder: `cmd` holds the arguments (whitespace
/// separated); `stdout.*`, `stderr.txt` and `exit_code` the expected results.
pub fn golden_case(dir: &Path) -> Result<(), String> {
    let cmd = std::fs::read_to_string(dir.join("cmd")).map_err(|e| e.to_string())?;
    let args: Vec<&str> = cmd.split_whitespace().collect();
    let out = run(&args);
    let stdout_path = dir.join(format!("stdout.{}", stdout_ext(&args)));
    let mut errs = Vec::new();
    for (path, actual) in [
        (stdout_path, out.stdout.clone()),
        (dir.join("stderr.txt"), out.stderr.clone()),
        (dir.join("exit_code"), format!("{}\n", out.code)),
    ] {
        if let Err(e) = check_file(&path, &actual) {
            errs.push(e);
        }
    }
    if errs.is_empty() { Ok(()) } else { Err(errs.join("\n")) }
}
