//! CSV reading with the `csv` crate: the delimiter is given or detected
//! from the header line, the header is matched to canonical columns by the
//! column plan (mapping, names, aliases), each record becomes a `RawRow`,
//! and records with the wrong number of fields or invalid UTF-8 are
//! counted as rejected with their line number.

use std::io::BufRead;

use super::plan::Plan;
use super::settings::InputSettings;
use super::sniff;
use super::staged;
use crate::dataset::{Loader, Location};
use crate::error::{Error, Result};
use crate::schema::RawRow;
use crate::schema::reason::{Reason, Rejection};
use crate::schema::validate::validate;

/// Reads one CSV source into the loader. An empty source (no header) has
/// no rows.
pub fn read(
    name: &str,
    mut reader: Box<dyn BufRead + Send + '_>,
    settings: &InputSettings,
    loader: &mut Loader,
) -> Result<Vec<(&'static str, String)>> {
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
    if !rdr.read_byte_record(&mut record).map_err(|e| read_error(name, e))? {
        details.push(("columns", "none: the file is empty".into()));
        return Ok(details);
    }
    let header: Vec<String> = record.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let plan = Plan::build(name, &header_refs, &settings.mapping)?;
    details.extend(plan.describe(&header_refs));
    let check = Check {
        width: header.len(),
        plan: &plan,
        settings,
        extra_pos: super::plan::extra_positions(name, &header_refs, &settings.extra)?,
    };
    if loader.wants_raw() {
        sequential(name, &mut rdr, &check, delimiter, loader)?;
    } else {
        pipelined(name, rdr, &check, loader)?;
    }
    Ok(details)
}

/// What every record is checked against before validation.
struct Check<'a> {
    width: usize,
    plan: &'a Plan,
    settings: &'a InputSettings,
    extra_pos: Vec<usize>,
}

impl Check<'_> {
    /// The record's fields by canonical column and its extra column values,
    /// or why the record is rejected before validation (number of fields,
    /// invalid UTF-8 in a column in use, a value the column plan cannot
    /// convert).
    fn fields<'r>(
        &self,
        record: &'r csv::ByteRecord,
    ) -> Result<(RawRow<'r>, Vec<Option<&'r str>>), Rejection> {
        if record.len() != self.width {
            return Err(Rejection::new(
                Reason::FieldCount,
                format!(
                    "the line has {} fields, the header has {}; check quoting and delimiters",
                    record.len(),
                    self.width
                ),
            ));
        }
        let mut cells: Vec<&str> = Vec::with_capacity(self.width);
        for (i, bytes) in record.iter().enumerate() {
            match std::str::from_utf8(bytes) {
                Ok(s) => cells.push(s),
                Err(_) if self.plan.uses(i) => {
                    return Err(Rejection::new(
                        Reason::BadEncoding,
                        format!(
                            "column {} is not valid UTF-8; re-export the file as UTF-8",
                            self.plan.column_name(i)
                        ),
                    ));
                }
                Err(_) => cells.push(""),
            }
        }
        let extra = self.extra_pos.iter().map(|&i| Some(cells[i].trim()).filter(|v| !v.is_empty())).collect();
        let fields = self.plan.fields(&cells, &self.settings.mapping, self.settings.input_tz)?;
        Ok((RawRow { fields }, extra))
    }
}

fn line_of(record: &csv::ByteRecord) -> u64 {
    record.position().map_or(0, |p| p.line())
}

fn owned(extra: &[Option<&str>]) -> Vec<Option<String>> {
    extra.iter().map(|v| v.map(str::to_string)).collect()
}

/// One record at a time on this thread (used when rejected rows go to a
/// quarantine file, which needs each record's text).
fn sequential<R: std::io::Read>(
    name: &str,
    rdr: &mut csv::Reader<R>,
    check: &Check<'_>,
    delimiter: u8,
    loader: &mut Loader,
) -> Result<()> {
    let mut record = csv::ByteRecord::new();
    while rdr.read_byte_record(&mut record).map_err(|e| read_error(name, e))? {
        let loc = Location { source: name, line: line_of(&record) };
        if loader.wants_raw() {
            loader.set_raw(unparse(&record, delimiter));
        }
        match check.fields(&record) {
            Ok((row, extra)) => {
                if !extra.is_empty() {
                    loader.set_extra(owned(&extra));
                }
                loader.push(loc, &row)?;
            }
            Err(rej) => loader.reject(loc, rej)?,
        }
    }
    Ok(())
}

/// Records parsed, checked and validated on a second thread, in batches,
/// while this thread de-duplicates and keeps the valid calls, in file order.
fn pipelined<R: std::io::Read + Send>(
    name: &str,
    mut rdr: csv::Reader<R>,
    check: &Check<'_>,
    loader: &mut Loader,
) -> Result<()> {
    let rules = loader.rules();
    staged::pipeline(name, check.extra_pos.len(), loader, move |stager| {
        let mut record = csv::ByteRecord::new();
        while rdr.read_byte_record(&mut record).map_err(|e| read_error(name, e))? {
            let checked = check.fields(&record).and_then(|(row, extra)| Ok((validate(&row, rules)?, extra)));
            if !stager.push(line_of(&record), checked) {
                break;
            }
        }
        Ok(())
    })
}

fn read_error(name: &str, e: csv::Error) -> Error {
    Error::BadFile { path: name.to_string(), message: e.to_string() }
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

    /// Rows spread over three batches of the reading thread: order, line
    /// numbers, rejections and duplicates across batch boundaries.
    #[test]
    fn batches_keep_order_and_every_row() {
        let mut text = String::from("call_id,queue,arrived_at,ended_at\n");
        for i in 0..10_000 {
            let id = if i == 9_000 { 10 } else { i };
            let arrived = if i == 5_000 { "nope" } else { "2026-03-02T09:00:00Z" };
            text.push_str(&format!("c{id},q,{arrived},2026-03-02T09:01:00Z\n"));
        }
        let (c, a) = load(&text);
        assert_eq!((a.read, a.accepted, a.invalid_total(), a.duplicates), (10_000, 9_998, 1, 1));
        assert_eq!((c.call_id.get(0), c.call_id.get(4_999), c.call_id.get(5_000)), ("c0", "c4999", "c5001"));
        assert_eq!(c.call_id.get(9_997), "c9999");
        let places: Vec<&str> = a.examples.iter().map(|e| e.location.as_str()).collect();
        // Data row i is on line i + 2.
        assert_eq!(places, ["t.csv:5002", "t.csv:9002"]);
        // --strict stops at the invalid row in the second batch.
        let rules = crate::schema::TzRules { input_tz: Tz::UTC, csat_scale: (1, 5) };
        let mut strict = Loader::new(rules, Tz::UTC, crate::values::Attribution::Arrival, true);
        let e = read("t.csv", Box::new(text.as_bytes()), &InputSettings::default(), &mut strict).unwrap_err();
        assert!(e.to_string().starts_with("t.csv:5002: bad_arrived_at"), "{e}");
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
