//! Binary formats read back: Parquet through polars, XLSX by unzipping the
//! sheet XML. Both must hold the same numbers as the CSV golden.

use std::io::Read;

use polars::prelude::*;

use crate::harness::{TempDir, root, run};

fn golden_csv() -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(root().join("tests/golden/calls_queue_csv/stdout.csv")).unwrap();
    text.lines().map(|l| l.split(',').map(String::from).collect()).collect()
}

/// A number printed the way the CSV prints a column with this header.
fn csv_text(id: &str, v: f64) -> String {
    match id {
        "offered" | "answered" | "abandoned" | "short_abandoned" | "csat_responses" => format!("{v}"),
        "asa_s" | "aht_s" => format!("{v:.3}"),
        _ => format!("{v:.6}"),
    }
}

#[test]
fn parquet_is_typed_and_matches_csv() {
    let d = TempDir::new("parquet");
    let path = d.path("nested/q.parquet");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let p = path.display().to_string();
    let out = run(&["report", "sample-data/calls.csv", "--format", "parquet", "--totals", "-o", &p]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    let df = ParquetReader::new(std::fs::File::open(&path).unwrap()).finish().unwrap();
    let schema = df.schema();
    assert_eq!(schema.get("queue"), Some(&DataType::String));
    assert_eq!(schema.get("offered"), Some(&DataType::Int64));
    assert_eq!(schema.get("aht_s"), Some(&DataType::Float64));
    assert_eq!(schema.get("service_level"), Some(&DataType::Float64));
    let golden = golden_csv();
    let ids = &golden[0];
    let names: Vec<String> = df.get_column_names().iter().map(|s| s.to_string()).collect();
    assert_eq!(&names, ids);
    assert_eq!(df.height(), golden.len() - 1);
    for (r, want) in golden[1..].iter().enumerate() {
        for (c, id) in ids.iter().enumerate() {
            let v = df.column(id).unwrap().get(r).unwrap();
            let got = match v {
                AnyValue::String(s) => s.to_string(),
                AnyValue::Int64(n) => n.to_string(),
                AnyValue::Float64(x) => csv_text(id, x),
                AnyValue::Null => String::new(),
                other => panic!("unexpected {other:?}"),
            };
            assert_eq!(got, want[c], "row {r} column {id}");
        }
    }
}

fn zip_text(path: &std::path::Path, name: &str) -> String {
    let mut z = ::zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The `<c>` cells of one sheet as (reference, type, value), in order.
fn cells(xml: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for part in xml.split("<c r=\"").skip(1) {
        let r = part.split('"').next().unwrap().to_string();
        let head = &part[..part.find('>').unwrap()];
        let t =
            head.split("t=\"").nth(1).map(|x| x.split('"').next().unwrap().to_string()).unwrap_or_default();
        let v = part
            .split("<v>")
            .nth(1)
            .filter(|_| !head.ends_with('/'))
            .map(|x| x.split("</v>").next().unwrap().to_string())
            .unwrap_or_default();
        out.push((r, t, v));
    }
    out
}

fn shared_strings(xml: &str) -> Vec<String> {
    xml.split("<t")
        .skip(1)
        .map(|p| p[p.find('>').unwrap() + 1..p.find("</t>").unwrap()].to_string())
        .collect()
}

#[test]
fn xlsx_has_typed_cells_matching_csv_and_definitions() {
    let d = TempDir::new("xlsx");
    let path = d.path("q.xlsx");
    let p = path.display().to_string();
    let out = run(&["report", "sample-data/calls.csv", "--format", "xlsx", "-o", &p]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let sheet = zip_text(&path, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("state=\"frozen\""), "frozen header");
    assert!(sheet.contains("<autoFilter ref=\"A1:N6\""), "autofilter over header and rows");
    assert!(sheet.contains("<col "), "column widths");
    let styles = zip_text(&path, "xl/styles.xml");
    assert!(styles.contains("[h]:mm:ss") && styles.contains("0.0%"), "number formats");
    let strings = shared_strings(&zip_text(&path, "xl/sharedStrings.xml"));
    let golden = golden_csv();
    let ids = &golden[0];
    let grid = cells(&sheet);
    let width = ids.len();
    // Header (labels), 5 queue rows, TOTAL row.
    assert_eq!(grid.len(), width * (golden.len() - 1) + width);
    for (r, want) in golden[1..].iter().enumerate() {
        for (c, id) in ids.iter().enumerate() {
            let (_, t, v) = &grid[(r + 1) * width + c];
            let got = if t == "s" {
                strings[v.parse::<usize>().unwrap()].clone()
            } else {
                let x: f64 = v.parse().unwrap();
                let x = if id.ends_with("_s") { x * 86_400.0 } else { x };
                csv_text(id, x)
            };
            assert_eq!(&got, &want[c], "row {r} column {id}");
        }
    }
    let defs = zip_text(&path, "xl/workbook.xml");
    assert!(defs.contains("name=\"by queue\"") && defs.contains("name=\"Definitions\""), "{defs}");
    assert!(strings.iter().any(|s| s.starts_with("Service level: answered calls")));
}

#[test]
fn parquet_instant_keys_are_utc_timestamps() {
    let d = TempDir::new("parquet-ts");
    let path = d.path("i.parquet");
    let p = path.display().to_string();
    let args = ["report", "sample-data/calls.csv", "--by", "queue,interval", "--tz", "Europe/Berlin"];
    let out = run(&[&args[..], &["-o", &p]].concat());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let df = ParquetReader::new(std::fs::File::open(&path).unwrap()).finish().unwrap();
    assert_eq!(
        df.schema().get("interval_start"),
        Some(&DataType::Datetime(TimeUnit::Microseconds, Some(TimeZone::UTC)))
    );
    // The same instants as the csv texts: 2026-03-02T02:30:00+01:00 is 01:30 UTC.
    let csv = run(&[&args[..], &["--format", "csv"]].concat());
    let first = csv.stdout.lines().nth(1).unwrap().split(',').nth(1).unwrap().to_string();
    assert_eq!(first, "2026-03-02T02:30:00+01:00");
    let v = df.column("interval_start").unwrap().get(0).unwrap();
    let AnyValue::Datetime(us, TimeUnit::Microseconds, _) = v else { panic!("{v:?}") };
    assert_eq!(us, 1_772_415_000_000_000, "2026-03-02T01:30:00Z");
    // The call list's instants too.
    let calls = d.path("c.parquet");
    let out = run(&["calls", "sample-data/tiny.csv", "-o", calls.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let df = ParquetReader::new(std::fs::File::open(&calls).unwrap()).finish().unwrap();
    for id in ["arrived_at", "answered_at", "ended_at", "interval_start"] {
        assert!(matches!(df.schema().get(id), Some(DataType::Datetime(..))), "{id}");
    }
    assert_eq!(df.column("answered_at").unwrap().null_count(), 3, "c004, c005 and c010 were not answered");
}

#[test]
fn parquet_day_and_week_keys_are_dates() {
    let d = TempDir::new("parquet-date");
    let path = d.path("w.parquet");
    let out = run(&["report", "sample-data/calls.csv", "--by", "week", "-o", path.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let df = ParquetReader::new(std::fs::File::open(&path).unwrap()).finish().unwrap();
    assert_eq!(df.schema().get("week"), Some(&DataType::Date));
    // The sample week starts on Monday 2026-03-02: day 20,514 after 1970-01-01.
    assert_eq!(df.column("week").unwrap().get(0).unwrap(), AnyValue::Date(20_514));
}
