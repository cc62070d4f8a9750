//! CSV reading with the `csv` crate: the header is matched to canonical
//! columns, each record becomes a `RawRow` of text, and records with the
//! wrong number of fields or invalid UTF-8 are counted as rejected with
//! their line number.

use std::io::Read;

use crate::dataset::{Loader, Location};
use crate::error::{Error, Result};
use crate::schema::columns::{self, COLUMNS};
use crate::schema::reason::{Reason, Rejection};
use crate::schema::{Col, Field, RawRow};

/// Maps each canonical column to its position in the header, or fails
/// naming the missing required columns and the ones found.
pub fn map_header(name: &str, header: &[&str]) -> Result<[Option<usize>; 12]> {
    let mut pos: [Option<usize>; 12] = [None; 12];
    for (i, cell) in header.iter().enumerate() {
        if let Some(c) = columns::match_header(cell) {
            if pos[c as usize].is_some() {
                return Err(Error::BadFile {
                    path: name.to_string(),
                    message: format!("column '{}' appears twice in the header; keep one", c.name()),
                });
            }
            pos[c as usize] = Some(i);
        }
    }
    let missing: Vec<&str> =
        COLUMNS.iter().filter(|c| c.required && pos[c.col as usize].is_none()).map(|c| c.name).collect();
    if !missing.is_empty() {
        let found: Vec<String> =
            header.iter().map(|h| format!("'{}'", h.trim_start_matches('\u{feff}'))).collect();
        return Err(Error::MissingColumns {
            path: name.to_string(),
            missing: missing.join(", "),
            found: if found.is_empty() { "no columns".into() } else { found.join(", ") },
            expected: format!("{} (required) and {}", columns::required_list(), optional_list()),
        });
    }
    Ok(pos)
}

fn optional_list() -> String {
    COLUMNS.iter().filter(|c| !c.required).map(|c| c.name).collect::<Vec<_>>().join(", ")
}

/// Reads one CSV source into the loader. An empty source (no header) has
/// no rows.
pub fn read<R: Read>(name: &str, reader: R, loader: &mut Loader) -> Result<()> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(reader);
    let mut record = csv::ByteRecord::new();
    let read_err = |e: csv::Error| Error::BadFile { path: name.to_string(), message: e.to_string() };
    if !rdr.read_byte_record(&mut record).map_err(read_err)? {
        return Ok(());
    }
    let header: Vec<String> = record.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let pos = map_header(name, &header_refs)?;
    let width = header.len();
    while rdr.read_byte_record(&mut record).map_err(read_err)? {
        let line = record.position().map_or(0, |p| p.line());
        let loc = Location { source: name, line };
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
        let mut fields = [Field::Null; 12];
        let mut bad_utf8 = None;
        for (c, p) in pos.iter().enumerate() {
            if let Some(i) = p {
                let bytes = &record[*i];
                match std::str::from_utf8(bytes) {
                    Ok(s) => fields[c] = Field::Text(s),
                    Err(_) => {
                        bad_utf8 = Some(COLUMNS[c].col);
                        break;
                    }
                }
            }
        }
        if let Some(col) = bad_utf8 {
            let rej = Rejection::new(
                Reason::BadEncoding,
                format!("column {} is not valid UTF-8; re-export the file as UTF-8", Col::name(col)),
            );
            loader.reject(loc, rej)?;
            continue;
        }
        loader.push(loc, &RawRow { fields })?;
    }
    Ok(())
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
        let mut l = test_loader();
        read("t.csv", text.as_bytes(), &mut l).unwrap();
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
        let e = read("t.csv", "id,queue,arrived_at\n".as_bytes(), &mut l).unwrap_err();
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
}
