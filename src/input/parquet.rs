//! Parquet reading through polars. Columns may be typed (timestamp,
//! integer, boolean) or strings; each row becomes a `RawRow` of typed or
//! text values, numbered from 1, and goes through the same validation as
//! CSV. A timestamp column with a time zone is an instant; one without is
//! wall-clock time in `--input-tz`.

use crate::schema::columns::{COLUMNS, Col, N_COLS};
use std::path::Path;

use polars::prelude::*;

use super::staged;
use crate::dataset::{Loader, Location};
use crate::error::{Error, Result};
use crate::schema::validate::validate;
use crate::schema::{Field, RawRow};

/// One column, converted once to a form that yields `Field`s by row.
enum ColReader {
    Absent,
    Text(StringChunked),
    Int(Int64Chunked),
    Bool(BooleanChunked),
    /// Microseconds; `zoned` = the column carries a time zone.
    Time {
        us: Int64Chunked,
        zoned: bool,
    },
    Float(Float64Chunked),
}

impl ColReader {
    fn field(&self, i: usize) -> Field<'_> {
        match self {
            ColReader::Absent => Field::Null,
            ColReader::Text(ca) => ca.get(i).map_or(Field::Null, Field::Text),
            ColReader::Int(ca) => ca.get(i).map_or(Field::Null, Field::Int),
            ColReader::Bool(ca) => ca.get(i).map_or(Field::Null, Field::Bool),
            ColReader::Time { us, zoned } => {
                us.get(i).map_or(Field::Null, |v| if *zoned { Field::Instant(v) } else { Field::Local(v) })
            }
            ColReader::Float(ca) => ca.get(i).map_or(Field::Null, Field::Other),
        }
    }
}

/// The canonical columns whose values are text (ids and names): an
/// integer column stored for one of them is read as its decimal text, as
/// real exports often store call ids and caller numbers as integers.
const TEXT_COLS: [Col; 6] =
    [Col::CallId, Col::Queue, Col::Agent, Col::Caller, Col::Disposition, Col::Channel];

fn reader_for(name: &str, s: &Series, text: bool) -> Result<ColReader> {
    let bad = |e: PolarsError| Error::BadFile { path: name.to_string(), message: e.to_string() };
    let r = match s.dtype() {
        DataType::String => ColReader::Text(s.str().map_err(bad)?.rechunk().into_owned()),
        dt if text && dt.is_integer() => {
            let c = s.cast(&DataType::String).map_err(bad)?;
            ColReader::Text(c.str().map_err(bad)?.rechunk().into_owned())
        }
        DataType::Boolean => ColReader::Bool(s.bool().map_err(bad)?.rechunk().into_owned()),
        DataType::Datetime(unit, tz) => {
            let zoned = tz.is_some();
            let raw = s.cast(&DataType::Int64).map_err(bad)?;
            let factor_num: i64 = match unit {
                TimeUnit::Nanoseconds => 1,
                TimeUnit::Microseconds => 1,
                TimeUnit::Milliseconds => 1000,
            };
            let ca = raw.i64().map_err(bad)?;
            let us: Int64Chunked = if *unit == TimeUnit::Nanoseconds {
                ca.apply_values(|v| v.div_euclid(1000))
            } else {
                // Out-of-range values saturate and are rejected by validation.
                ca.apply_values(|v| v.saturating_mul(factor_num))
            };
            ColReader::Time { us: us.rechunk().into_owned(), zoned }
        }
        dt if dt.is_integer() => {
            let c = s.cast(&DataType::Int64).map_err(bad)?;
            ColReader::Int(c.i64().map_err(bad)?.rechunk().into_owned())
        }
        dt if dt.is_float() => {
            let c = s.cast(&DataType::Float64).map_err(bad)?;
            ColReader::Float(c.f64().map_err(bad)?.rechunk().into_owned())
        }
        other => {
            return Err(Error::BadFile {
                path: name.to_string(),
                message: format!(
                    "column '{}' has type {other}; store it as a string, integer, boolean or timestamp",
                    s.name()
                ),
            });
        }
    };
    Ok(r)
}

/// Reads one Parquet file into the loader.
pub fn read(
    name: &str,
    path: &Path,
    mapping: &super::mapping::Mapping,
    extra: &[String],
    loader: &mut Loader,
) -> Result<Vec<(&'static str, String)>> {
    super::parquet_guard::check_file(name, path)?;
    super::parquet_guard::guarded(name, || read_in_chunks(name, path, mapping, extra, loader, CHUNK_ROWS))
}

fn read_in_chunks(
    name: &str,
    path: &Path,
    mapping: &super::mapping::Mapping,
    extra: &[String],
    loader: &mut Loader,
    chunk_rows: usize,
) -> Result<Vec<(&'static str, String)>> {
    let unreadable = |e: PolarsError| Error::BadFile {
        path: name.to_string(),
        message: format!("not a readable Parquet file: {e}"),
    };
    let open = || std::fs::File::open(path).map_err(|e| Error::Read { path: name.to_string(), source: e });
    let mut first = ParquetReader::new(open()?);
    let header: Vec<String> =
        first.schema().map_err(unreadable)?.iter_names().map(|s| s.to_string()).collect();
    let metadata = first.get_metadata().map_err(unreadable)?.clone();
    super::parquet_guard::check_metadata(name, path, &metadata)?;
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let plan = super::plan::Plan::build(name, &header_refs, mapping)?;
    let extra_pos = super::plan::extra_positions(name, &header_refs, extra)?;
    // Only the columns the plan uses are read, in file order.
    let mut used: Vec<usize> = plan.pos.iter().flatten().chain(&extra_pos).copied().collect();
    used.sort_unstable();
    used.dedup();
    let rows = metadata.num_rows;
    let groups: Vec<usize> = metadata.row_groups.iter().map(|g| g.num_rows()).collect();
    let scan = |each: &mut EachRow<'_>| -> Result<()> {
        for (start, len) in slices(&groups, rows, chunk_rows) {
            let mut reader = ParquetReader::new(open()?)
                .with_projection(Some(used.clone()))
                .with_slice(Some((start, len)));
            reader.set_metadata(metadata.clone());
            let df = reader.finish().map_err(unreadable)?;
            // A file column's place in the chunk.
            let column = |i: usize, text: bool| {
                let at = used.binary_search(&i).unwrap_or_default();
                reader_for(name, df.columns()[at].as_materialized_series(), text)
            };
            let readers: Vec<ColReader> = plan
                .pos
                .iter()
                .zip(COLUMNS)
                .map(|(p, def)| p.map_or(Ok(ColReader::Absent), |i| column(i, TEXT_COLS.contains(&def.col))))
                .collect::<Result<_>>()?;
            let extra_readers: Vec<ColReader> =
                extra_pos.iter().map(|&i| column(i, true)).collect::<Result<_>>()?;
            for i in 0..df.height() {
                let fields: [Field<'_>; N_COLS] = std::array::from_fn(|c| readers[c].field(i));
                let extra = extra_readers.iter().map(|r| r.field(i).text()).collect();
                if !each((start + i) as u64 + 1, &RawRow { fields }, extra)? {
                    return Ok(());
                }
            }
        }
        Ok(())
    };
    loader.reserve(rows);
    if loader.wants_raw() {
        // The quarantine file gets each rejected row's fields: one thread.
        scan(&mut |line, row, extra| {
            if !extra.is_empty() {
                loader.set_extra(extra);
            }
            loader.push(Location { source: name, line }, row)?;
            Ok(true)
        })?;
    } else {
        let rules = loader.rules();
        staged::pipeline(name, extra_pos.len(), loader, |stager| {
            scan(&mut |line, row, extra| {
                let refs = extra.iter().map(Option::as_deref).collect();
                Ok(stager.push(line, validate(row, rules).map(|call| (call, refs))))
            })
        })?;
    }
    Ok(plan.describe(&header_refs))
}

/// The `(start, len)` row ranges a file of `rows` rows with row groups of
/// these sizes is read in: whole row groups (consecutive small ones
/// together) of at most `max` rows, so no slice decodes a row group it
/// only partly uses; a larger group is cut into pieces of `max`. Groups
/// that do not add up to `rows` are ignored for plain `max`-row slices.
fn slices(groups: &[usize], rows: usize, max: usize) -> Vec<(usize, usize)> {
    let max = max.max(1);
    let mut out: Vec<(usize, usize)> = Vec::new();
    if groups.iter().sum::<usize>() != rows {
        return (0..rows).step_by(max).map(|s| (s, max.min(rows - s))).collect();
    }
    let mut start = 0;
    for &g in groups {
        match out.last_mut() {
            Some((s, len)) if *s + *len == start && *len + g <= max => *len += g,
            _ => {
                let mut at = start;
                while at < start + g {
                    let len = max.min(start + g - at);
                    out.push((at, len));
                    at += len;
                }
            }
        }
        start += g;
    }
    out
}

/// What `read_in_chunks` does with each row (its number, fields and extra
/// column values); `false` stops the reading.
type EachRow<'a> = dyn FnMut(u64, &RawRow<'_>, Vec<Option<String>>) -> Result<bool> + 'a;

/// Rows read from a Parquet file at a time: the file is never held in
/// memory whole, only this many rows of the columns in use.
const CHUNK_ROWS: usize = 1 << 18;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::TzRules;
    use chrono_tz::Tz;

    #[test]
    fn slices_follow_row_groups() {
        // Small groups joined up to the maximum; a large one cut.
        assert_eq!(slices(&[3, 3, 3], 9, 6), [(0, 6), (6, 3)]);
        // The last piece of a cut group goes with the next small group.
        assert_eq!(slices(&[2, 7, 1], 10, 3), [(0, 2), (2, 3), (5, 3), (8, 2)]);
        assert_eq!(slices(&[4], 4, 4), [(0, 4)]);
        // Row groups that do not add up: plain slices.
        assert_eq!(slices(&[1], 5, 2), [(0, 2), (2, 2), (4, 1)]);
        assert_eq!(slices(&[], 0, 2), []);
    }

    #[test]
    fn chunks_keep_row_numbers_and_every_row() {
        let path = std::env::temp_dir().join(format!("callstat-chunks-{}.parquet", std::process::id()));
        let mut df = df!(
            "call_id" => ["a", "b", "c", "a", "e"],
            "queue" => ["q", "q", "q", "q", "q"],
            "arrived_at" => ["2026-03-02T09:00:00Z", "2026-03-02T09:01:00Z", "bad", "2026-03-02T09:03:00Z", "2026-03-02T09:04:00Z"],
            "ended_at" => ["2026-03-02T09:10:00Z"; 5],
        )
        .unwrap();
        ParquetWriter::new(std::fs::File::create(&path).unwrap()).finish(&mut df).unwrap();
        let rules = TzRules { input_tz: Tz::UTC, csat_scale: (1, 5) };
        let mut l = Loader::new(rules, Tz::UTC, crate::values::Attribution::Arrival, false);
        read_in_chunks("t.parquet", &path, &Default::default(), &[], &mut l, 2).unwrap();
        std::fs::remove_file(&path).unwrap();
        let (calls, acct) = l.finish();
        // Rows 1, 2 and 5 accepted; row 3 (second chunk) invalid; row 4 (third chunk)
        // repeats row 1's call_id.
        assert_eq!((acct.read, acct.accepted, acct.invalid_total(), acct.duplicates), (5, 3, 1, 1));
        assert_eq!((calls.call_id.get(0), calls.call_id.get(2)), ("a", "e"));
        let places: Vec<&str> = acct.examples.iter().map(|e| e.location.as_str()).collect();
        assert_eq!(places, ["t.parquet:3", "t.parquet:4"]);
    }

    /// Real exports store ids as integers: an integer call_id, caller or
    /// queue column is read as its decimal text, and duplicates still
    /// compare by that text.
    #[test]
    fn integer_ids_are_read_as_text() {
        let path = std::env::temp_dir().join(format!("callstat-int-ids-{}.parquet", std::process::id()));
        let mut df = df!(
            "call_id" => [101i64, 102, 101],
            "queue" => [7i32, 7, 8],
            "caller" => [Some(4930123i64), None, Some(1)],
            "arrived_at" => ["2026-03-02T09:00:00Z"; 3],
            "ended_at" => ["2026-03-02T09:10:00Z"; 3],
        )
        .unwrap();
        ParquetWriter::new(std::fs::File::create(&path).unwrap()).finish(&mut df).unwrap();
        let rules = TzRules { input_tz: Tz::UTC, csat_scale: (1, 5) };
        let mut l = Loader::new(rules, Tz::UTC, crate::values::Attribution::Arrival, false);
        read("t.parquet", &path, &Default::default(), &[], &mut l).unwrap();
        std::fs::remove_file(&path).unwrap();
        let (calls, acct) = l.finish();
        // Row 3 repeats call 101.
        assert_eq!((acct.read, acct.accepted, acct.duplicates, acct.invalid_total()), (3, 2, 1, 0));
        assert_eq!((calls.call_id.get(0), calls.call_id.get(1)), ("101", "102"));
        assert_eq!((calls.name(calls.queue[0]), calls.text(calls.caller.get(0))), ("7", Some("4930123")));
        assert_eq!(calls.caller.get(1), None);
        assert_eq!(acct.examples[0].message, "call_id '101' was already read; the first row is kept");
    }
}
