//! The page headers of a Parquet file, read before polars decodes it: each
//! column chunk is walked page by page (Thrift compact protocol, only the
//! fields needed), every page must lie inside its chunk, claim no more
//! values than its chunk holds and no more decompressed bytes than its
//! compressed size allows, and a page that carries a CRC-32 must match it.
//! polars' decoder reserves memory from these counts before it checks them,
//! so a damaged count used to abort the process on an impossible allocation.

use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use polars::io::parquet::read::FileMetadata;

use crate::error::{Error, Result};

/// How much larger a column chunk may say it is once decompressed than it
/// is in the file (gzip tops out near 1,032:1), plus a fixed allowance for
/// small chunks.
pub(super) const MAX_INFLATION: u64 = 2048;
pub(super) const INFLATION_SLACK: u64 = 1 << 20;

/// The most bytes a page header may take (its statistics can hold values).
const MAX_HEADER: usize = 1 << 20;

/// The parse error of a header cut short (by its chunk's end, or by the
/// window it was read in).
const RUNS_PAST: &str = "a page header runs past its chunk";

/// What the checks need of one page header.
#[derive(Debug, Default, PartialEq)]
struct PageHeader {
    uncompressed: i64,
    compressed: i64,
    crc: Option<u32>,
    num_values: i64,
}

/// A Thrift compact-protocol reader over one header's bytes.
struct Compact<'a> {
    b: &'a [u8],
    at: usize,
}

type Parse<T> = std::result::Result<T, &'static str>;

impl Compact<'_> {
    fn byte(&mut self) -> Parse<u8> {
        let v = *self.b.get(self.at).ok_or(RUNS_PAST)?;
        self.at += 1;
        Ok(v)
    }

    fn varint(&mut self) -> Parse<u64> {
        let mut v: u64 = 0;
        for shift in (0..70).step_by(7) {
            let b = self.byte()?;
            if shift == 63 && b > 1 {
                return Err("a Thrift number is too long");
            }
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("a Thrift number is too long")
    }

    fn zigzag(&mut self) -> Parse<i64> {
        let v = self.varint()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    fn skip_bytes(&mut self, n: u64) -> Parse<()> {
        let n = usize::try_from(n).map_err(|_| "a Thrift field is too long")?;
        if n > self.b.len() - self.at {
            return Err(RUNS_PAST);
        }
        self.at += n;
        Ok(())
    }

    /// Fails unless `n` more bytes remain: every element of a list and
    /// every key and value of a map takes at least one byte, so a larger
    /// count runs past the header's bytes (and would loop for long).
    fn room_for(&self, n: u64) -> Parse<()> {
        if n > (self.b.len() - self.at) as u64 {
            return Err(RUNS_PAST);
        }
        Ok(())
    }

    /// Skips one value of compact type `t`; `depth` bounds nesting.
    fn skip(&mut self, t: u8, depth: u32) -> Parse<()> {
        if depth > 16 {
            return Err("Thrift values nested too deeply");
        }
        match t {
            1 | 2 => Ok(()),
            3 => self.byte().map(drop),
            4..=6 => self.varint().map(drop),
            7 => self.skip_bytes(8),
            8 => {
                let n = self.varint()?;
                self.skip_bytes(n)
            }
            9 | 10 => {
                let h = self.byte()?;
                let n = if h >> 4 == 15 { self.varint()? } else { u64::from(h >> 4) };
                self.room_for(n)?;
                for _ in 0..n {
                    // A bool in a list takes a byte.
                    if matches!(h & 0x0f, 1 | 2) {
                        self.byte()?;
                    } else {
                        self.skip(h & 0x0f, depth + 1)?;
                    }
                }
                Ok(())
            }
            11 => {
                let n = self.varint()?;
                if n > 0 {
                    let kv = self.byte()?;
                    self.room_for(n.saturating_mul(2))?;
                    for _ in 0..n {
                        for t in [kv >> 4, kv & 0x0f] {
                            // A bool in a map takes a byte.
                            if matches!(t, 1 | 2) {
                                self.byte()?;
                            } else {
                                self.skip(t, depth + 1)?;
                            }
                        }
                    }
                }
                Ok(())
            }
            12 => self.fields(depth + 1, &mut |_, t, c| c.skip(t, depth + 1)),
            _ => Err("a Thrift field of unknown type"),
        }
    }

    /// Reads the fields of a struct up to its stop byte, handing each
    /// (id, type) to `each`, which must consume the value.
    fn fields(&mut self, depth: u32, each: &mut dyn FnMut(i16, u8, &mut Self) -> Parse<()>) -> Parse<()> {
        let mut id: i16 = 0;
        loop {
            let h = self.byte()?;
            if h == 0 {
                return Ok(());
            }
            let delta = h >> 4;
            id = if delta == 0 {
                i16::try_from(self.zigzag()?).map_err(|_| "a Thrift field id out of range")?
            } else {
                id.checked_add(i16::from(delta)).ok_or("a Thrift field id out of range")?
            };
            if depth > 16 {
                return Err("Thrift values nested too deeply");
            }
            each(id, h & 0x0f, self)?;
        }
    }

    fn i32(&mut self, t: u8) -> Parse<i64> {
        if t != 5 {
            return Err("a Thrift field of the wrong type");
        }
        self.zigzag()
    }
}

/// Parses a page header; returns it and its length in bytes.
fn page_header(b: &[u8]) -> Parse<(PageHeader, usize)> {
    let mut c = Compact { b, at: 0 };
    let mut h = PageHeader::default();
    let mut values = None;
    c.fields(0, &mut |id, t, c| match id {
        2 => c.i32(t).map(|v| h.uncompressed = v),
        3 => c.i32(t).map(|v| h.compressed = v),
        4 => c.i32(t).map(|v| h.crc = Some(v as u32)),
        // data_page_header, dictionary_page_header, data_page_header_v2:
        // field 1 of each is num_values.
        5 | 7 | 8 if t == 12 => c.fields(1, &mut |id, t, c| {
            if id == 1 { c.i32(t).map(|v| values = Some(v)) } else { c.skip(t, 2) }
        }),
        _ => c.skip(t, 1),
    })?;
    h.num_values = values.unwrap_or(0);
    Ok((h, c.at))
}

fn damaged(name: &str, message: impl std::fmt::Display) -> Error {
    Error::BadFile {
        path: name.to_string(),
        message: format!(
            "not a readable Parquet file: {message}; the file is damaged or truncated (copy it again from its source)"
        ),
    }
}

/// Walks the footer's Thrift structure (without decoding it) so that no
/// list, map or string in it claims more elements or bytes than the footer
/// holds: polars' decoder allocates from such counts before it reads them.
pub fn check_footer(footer: &[u8]) -> std::result::Result<(), &'static str> {
    let mut c = Compact { b: footer, at: 0 };
    c.fields(0, &mut |_, t, c| c.skip(t, 1))
        .map_err(|e| if e == RUNS_PAST { "its footer is cut short or claims more than it holds" } else { e })
}

/// Walks every page header of every column chunk (see the module comment).
pub fn check_pages(name: &str, path: &Path, m: &FileMetadata, max_values: u64) -> Result<()> {
    let read = |e: std::io::Error| Error::Read { path: name.to_string(), source: e };
    let mut f = BufReader::with_capacity(1 << 16, std::fs::File::open(path).map_err(read)?);
    let mut head = Vec::new();
    let mut page = Vec::new();
    for (g, rg) in m.row_groups.iter().enumerate() {
        for c in rg.parquet_columns() {
            let col = || format!("row group {}, column '{}'", g + 1, c.descriptor().path_in_schema.join("."));
            let chunk_values = c.num_values() as u64;
            if chunk_values > max_values {
                return Err(damaged(name, format_args!("{} claims {chunk_values} values", col())));
            }
            let range = c.byte_range();
            let mut pos = range.start;
            while pos < range.end {
                // A header is read in a small window first (most are tens of
                // bytes), a larger one only when it does not fit.
                let room = (range.end - pos).min(MAX_HEADER as u64);
                let mut parsed = Err(RUNS_PAST);
                for window in [256, 64 << 10, MAX_HEADER as u64] {
                    let window = window.min(room);
                    f.seek(SeekFrom::Start(pos)).map_err(read)?;
                    head.clear();
                    (&mut f).take(window).read_to_end(&mut head).map_err(read)?;
                    parsed = page_header(&head);
                    if parsed != Err(RUNS_PAST) || window == room {
                        break;
                    }
                }
                let (h, len) = parsed.map_err(|why| damaged(name, format_args!("{}: {why}", col())))?;
                let bad = |what: &str| damaged(name, format_args!("{}, page at byte {pos}: {what}", col()));
                if h.compressed < 0 || h.uncompressed < 0 || h.num_values < 0 {
                    return Err(bad("a negative size or value count"));
                }
                if h.num_values as u64 > chunk_values {
                    return Err(bad("it claims more values than its column chunk"));
                }
                let body = pos + len as u64;
                let end = body.saturating_add(h.compressed as u64);
                if end > range.end {
                    return Err(bad("it runs past the end of its column chunk"));
                }
                let bound =
                    (h.compressed as u64).saturating_mul(MAX_INFLATION).saturating_add(INFLATION_SLACK);
                if h.uncompressed as u64 > bound {
                    return Err(bad("it claims more decompressed bytes than its size allows"));
                }
                if let Some(want) = h.crc {
                    f.seek(SeekFrom::Start(body)).map_err(read)?;
                    page.resize(h.compressed as usize, 0);
                    f.read_exact(&mut page).map_err(read)?;
                    let mut crc = flate2::Crc::new();
                    crc.update(&page);
                    if crc.sum() != want {
                        return Err(bad("its CRC-32 does not match its bytes"));
                    }
                }
                pos = end.max(pos + 1);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A data page header: type 0, sizes 50/40, crc, num_values 7.
    fn header(crc: Option<i64>) -> Vec<u8> {
        let zz = |v: i64| ((v << 1) ^ (v >> 63)) as u8; // small values only
        let mut b = vec![0x15, zz(0), 0x15, zz(50), 0x15, zz(40)];
        // Field 5 (a struct) follows field 4 (crc) or field 3.
        let delta = match crc {
            Some(c) => {
                b.extend([0x15, zz(c)]);
                0x1c
            }
            None => 0x2c,
        };
        b.extend([delta, 0x15, zz(7), 0x00, 0x00]);
        b
    }

    #[test]
    fn a_data_page_header_is_read() {
        let (h, len) = page_header(&header(None)).unwrap();
        assert_eq!(h, PageHeader { uncompressed: 50, compressed: 40, crc: None, num_values: 7 });
        assert_eq!(len, header(None).len());
        assert_eq!(page_header(&header(Some(5))).unwrap().0.crc, Some(5));
    }

    #[test]
    fn a_huge_element_count_is_an_error_at_once() {
        // Field 1 of type map: 2^60 entries of bool to bool.
        let mut b = vec![0x1b];
        b.extend([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10, 0x11]);
        assert_eq!(page_header(&b), Err(RUNS_PAST));
        // Field 1 of type list: 2^60 bools.
        let b = [0x19, 0xf1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10];
        assert_eq!(page_header(&b), Err(RUNS_PAST));
    }

    #[test]
    fn the_sample_footer_passes_and_a_huge_list_count_fails() {
        let b =
            std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/calls.parquet")).unwrap();
        let n = u32::from_le_bytes(b[b.len() - 8..b.len() - 4].try_into().unwrap()) as usize;
        check_footer(&b[b.len() - 8 - n..b.len() - 8]).unwrap();
        // Field 1 i32, then field 2 a list of 2^40 structs.
        let huge = [0x15, 0x02, 0x19, 0xfc, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x00];
        assert!(check_footer(&huge).is_err());
    }

    #[test]
    fn a_cut_header_is_an_error() {
        let h = header(None);
        for n in 0..h.len() {
            assert!(page_header(&h[..n]).is_err(), "{n}");
        }
    }

    #[test]
    fn the_sample_file_passes_every_page_check() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/calls.parquet");
        use polars::prelude::{ParquetReader, SerReader};
        let mut r = ParquetReader::new(std::fs::File::open(&path).unwrap());
        let m = r.get_metadata().unwrap().clone();
        check_pages("calls.parquet", &path, &m, u64::MAX).unwrap();
    }
}
