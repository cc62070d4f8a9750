//! The HTML report in a real browser: Debian's headless Chromium (installed
//! by `.ci/run`) loads the page from disk with networking off, takes a
//! screenshot and dumps the DOM; the page must render its charts with no
//! console errors and must not reference anything outside itself.
//! Without Chromium the browser test is skipped with a notice, unless
//! `CALLSTAT_REQUIRE_BROWSER=1` (set by `.ci/run`) makes that a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{TempDir, run};

fn chromium() -> Option<PathBuf> {
    let found =
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].iter().map(PathBuf::from).find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CALLSTAT_REQUIRE_BROWSER").is_none(),
            "CALLSTAT_REQUIRE_BROWSER is set but chromium is not installed (apt-get install chromium)"
        );
        eprintln!("html: chromium not found; skipping the browser test (apt-get install chromium)");
    }
    found
}

/// Runs headless Chromium on a local file; returns (stdout, stderr).
fn browse(bin: &Path, page: &Path, work: &TempDir, extra: &[&str]) -> (String, String) {
    let profile = work.path(&format!("profile-{}", extra.len()));
    std::fs::create_dir_all(&profile).unwrap();
    let out = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1200,1600",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn page(work: &TempDir, name: &str, args: &[&str]) -> PathBuf {
    let path = work.path(name);
    let p = path.display().to_string();
    let mut all = vec!["report", "sample-data/calls.csv", "--format", "html", "-o", &p];
    all.extend_from_slice(args);
    let out = run(&all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    path
}

#[test]
fn html_is_self_contained() {
    let work = TempDir::new("html-static");
    for (name, args) in [
        ("i.html", &["--by", "queue,interval", "--tz", "Europe/Berlin"][..]),
        ("a.html", &["--by", "agent"][..]),
        ("t.html", &["--by", "total"][..]),
    ] {
        let html = std::fs::read_to_string(page(&work, name, args)).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        for banned in ["://", "<script", " src=", " href=", "@import", "url("] {
            assert!(!html.contains(banned), "{name} references something outside itself: {banned}");
        }
        assert!(html.contains("<tr class=\"total\"><td>TOTAL</td>"), "{name} has the TOTAL row");
    }
    let i = std::fs::read_to_string(work.path("i.html")).unwrap();
    assert!(i.contains("Volume and service level per interval") && i.contains("target 80.0%"));
    assert_eq!(i.matches("<h3>").count(), 5, "one chart panel per queue");
    let a = std::fs::read_to_string(work.path("a.html")).unwrap();
    assert!(a.contains("Average handle time per agent"));
}

#[test]
fn html_renders_in_chromium_without_console_errors() {
    let Some(bin) = chromium() else { return };
    let work = TempDir::new("html-browser");
    for (name, args) in [
        ("interval.html", &["--by", "interval", "--interval", "1h", "--tz", "Europe/Berlin"][..]),
        ("agent.html", &["--by", "agent", "--sl-target", "0.75"][..]),
    ] {
        let html = page(&work, name, args);
        let png = work.path(&format!("{name}.png"));
        let (_, log) = browse(&bin, &html, &work, &[&format!("--screenshot={}", png.display())]);
        for line in log.lines() {
            assert!(
                !line.contains("CONSOLE") && !line.contains("Uncaught") && !line.contains("net::ERR"),
                "{name}: browser console reported: {line}"
            );
        }
        let shot = std::fs::read(&png).expect("screenshot written");
        assert!(shot.starts_with(b"\x89PNG") && shot.len() > 10_000, "{name}: a real screenshot");
        let (dom, _) = browse(&bin, &html, &work, &["--dump-dom"]);
        assert!(dom.contains("<svg") && dom.contains("<rect"), "{name}: charts in the rendered DOM");
        assert!(dom.contains("TOTAL"), "{name}: table rendered");
    }
}
