//! CSV reading with the `csv` crate: the delimiter is given or detected
//! from the header line, the header is matched to canonical columns by the
//! column plan (mapping, names, aliases), each record becomes a `RawRow`,
//! and records with the wrong number of fields or invalid UTF-8 are
//! counted as rejected with their line number.

use std::io::BufRead;

use super::plan::Plan;
use super::settings::InputSettings;
use super::sniff;
use crate::dataset::{Loader, Location};
use crate::error::{Error, Result};
use crate::schema::RawRow;
use crate::schema::reason::{Reason, Rejection};

/// Reads one CSV source into the loader. An empty source (no header) has
/// no rows.
pub fn read(
    name: &str,
    mut reader: Box<dyn BufRead + '_>,
    settings: &InputSettings,
    loader: &mut Loader,
) -> Result<Vec<(&'static str, String)>> {
    let read_err = |e: csv::Error| Error::BadFile { path: name.to_string(), message: e.to_string() };
    let delimiter = match settings.delimiter {
        Some(d) => d,
        None => sniff::delimiter(
            &sniff::peek_line(&mut reader).map_err(|e| Error::Read { path: name.into(), source: e })?,
        ),
    };
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(reader);
    let mut record = csv::ByteRecord::new();
    let shown = if delimiter == b'\t' { "tab".to_string() } else { format!("'{}'", delimiter as char) };
    let how = if settings.delimiter.is_some() { "given" } else { "detected" };
    let mut details = vec![("delimiter", format!("{shown} ({how})"))];
    if !rdr.read_byte_record(&mut record).map_err(read_err)? {
        details.push(("columns", "none: the file is empty".into()));
        return Ok(details);
    }
    let header: Vec<String> = record.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let plan = Plan::build(name, &header_refs, &settings.mapping)?;
    details.extend(plan.describe(&header_refs));
    let width = header.len();
    let extra_pos = super::plan::extra_positions(name, &header_refs, &settings.extra)?;
    while rdr.read_byte_record(&mut record).map_err(read_err)? {
        let line = record.position().map_or(0, |p| p.line());
        let loc = Location { source: name, line };
        if loader.wants_raw() {
            loader.set_raw(unparse(&record, delimiter));
        }
        if record.len() != width {
            let rej = Rejection::new(
                Reason::FieldCount,
                format!(
                    "the line has {} fields, the header has {width}; check quoting and delimiters",
                    record.len()
                ),
            );
            loader.reject(loc, rej)?;
            continue;
        }
        let mut cells: Vec<&str> = Vec::with_capacity(width);
        let mut bad_utf8 = None;
        for (i, bytes) in record.iter().enumerate() {
            match std::str::from_utf8(bytes) {
                Ok(s) => cells.push(s),
                Err(_) => {
                    cells.push("");
                    if bad_utf8.is_none() && plan.uses(i) {
                        bad_utf8 = Some(i);
                    }
                }
            }
        }
        if let Some(i) = bad_utf8 {
            let rej = Rejection::new(
                Reason::BadEncoding,
                format!("column {} is not valid UTF-8; re-export the file as UTF-8", plan.column_name(i)),
            );
            loader.reject(loc, rej)?;
            continue;
        }
        if !extra_pos.is_empty() {
            loader.set_extra(
                extra_pos
                    .iter()
                    .map(|&i| cells[i].trim())
                    .map(|v| (!v.is_empty()).then(|| v.to_string()))
                    .collect(),
            );
        }
        match plan.fields(&cells, &settings.mapping, settings.input_tz) {
            Ok(fields) => loader.push(loc, &RawRow { fields })?,
            Err(rej) => loader.reject(loc, rej)?,
        }
    }
    Ok(details)
}

/// A record written back in its own delimiter (quoted where needed), for
/// the quarantine file.
fn unparse(record: &csv::ByteRecord, delimiter: u8) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = w.write_byte_record(record);
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).trim_end_matches('\n').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Tz;

    fn test_loader() -> Loader {
        let rules = crate::schema::TzRules { input_tz: Tz::UTC, csat_scale: (1, 5) };
        Loader::new(rules, Tz::UTC, crate::values::Attribution::Arrival, false)
    }

    fn load(text: &str) -> (crate::dataset::Calls, crate::dataset::Accounting) {
        load_with(text, &InputSettings::default())
    }

    fn load_with(text: &str, s: &InputSettings) -> (crate::dataset::Calls, crate::dataset::Accounting) {
        let mut l = test_loader();
        read("t.csv", Box::new(text.as_bytes()), s, &mut l).unwrap();
        l.finish()
    }

    #[test]
    fn reads_rows_with_line_numbers() {
        let (c, a) = load(
            "call_id,queue,arrived_at,ended_at,extra\n\
             a,q,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z,x\n\
             b,q,2026-03-02T09:00:00Z\n\
             \"c\nd\",q,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z,x\n\
             e,q,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z,x,y\n",
        );
        assert_eq!(c.len(), 2);
        assert_eq!(a.read, 4);
        assert_eq!(a.invalid[&Reason::FieldCount], 2);
        assert_eq!(a.examples[0].location, "t.csv:3");
        assert_eq!(a.examples[1].location, "t.csv:6");
    }

    #[test]
    fn empty_input_has_no_rows() {
        let (c, a) = load("");
        assert_eq!((c.len(), a.read), (0, 0));
        let (c, a) = load("call_id,queue,arrived_at,ended_at\n");
        assert_eq!((c.len(), a.read), (0, 0));
    }

    #[test]
    fn missing_columns_are_named() {
        let mut l = test_loader();
        let e =
            read("t.csv", Box::new("id,queue,arrived_at\n".as_bytes()), &InputSettings::default(), &mut l)
                .unwrap_err();
        let m = e.to_string();
        assert!(
            m.starts_with(
                "t.csv: missing required column(s) call_id, ended_at; found: 'id', 'queue', 'arrived_at'"
            ),
            "{m}"
        );
        assert_eq!(e.exit_code(), 3);
    }

    #[test]
    fn bom_and_crlf() {
        let (c, a) = load(
            "\u{feff}call_id,queue,arrived_at,ended_at\r\na,q,2026-03-02T09:00:00Z,2026-03-02T09:01:00Z\r\n",
        );
        assert_eq!((c.len(), a.read), (1, 1));
    }

    #[test]
    fn delimiters_quotes_and_mixed_line_endings() {
        let (c, a) = load(
            "uniqueid;Skill;arrived_at;ended_at\r\n\"a;1\";q;2026-03-02T09:00:00Z;2026-03-02T09:01:00Z\nb;q;2026-03-02T09:00:00Z;2026-03-02T09:01:00Z\r\n",
        );
        assert_eq!((c.len(), a.read), (2, 2));
        let (c, _) =
            load("call_id|queue|arrived_at|ended_at\na|q|2026-03-02T09:00:00Z|2026-03-02T09:01:00Z\n");
        assert_eq!(c.len(), 1);
        let s = InputSettings { delimiter: Some(b'\t'), ..InputSettings::default() };
        let (c, _) = load_with(
            "call_id\tqueue\tarrived_at\tended_at\na\tq,r\t2026-03-02T09:00:00Z\t2026-03-02T09:01:00Z\n",
            &s,
        );
        assert_eq!(c.name(c.queue[0]), "q,r");
    }
}
