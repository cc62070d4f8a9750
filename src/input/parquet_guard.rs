//! Guards around polars' Parquet reader for damaged files: the magic bytes
//! and footer length are checked before polars sees the file, the decoded
//! metadata is held to the file's size (no column chunk outside the file, no
//! row count or uncompressed size the bytes cannot hold, so no allocation
//! beyond what the file justifies), and a panic inside the decoder becomes a
//! typed error naming the file (exit 3) instead of a crash.

use std::io::{Read, Seek, SeekFrom};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once};

use polars::io::parquet::read::FileMetadata;

use crate::error::{Error, Result};

/// `PAR1`, at the start and the end of every Parquet file.
const MAGIC: &[u8; 4] = b"PAR1";

/// Rows a file may claim per byte of its size. Run-length and delta
/// encodings can store many rows in few bytes, but a call detail record has
/// at least a distinct call_id; a claim beyond this is damage, and believing
/// it would reserve memory for rows that are not there.
const MAX_ROWS_PER_BYTE: u64 = 64;

use super::parquet_pages::{INFLATION_SLACK, MAX_INFLATION};

fn damaged(name: &str, message: impl std::fmt::Display) -> Error {
    Error::BadFile {
        path: name.to_string(),
        message: format!(
            "not a readable Parquet file: {message}; the file is damaged or truncated (copy it again from its source)"
        ),
    }
}

/// Checks the leading and trailing magic, the footer length and the footer's
/// Thrift structure (`parquet_pages::check_footer`); returns the file's size.
pub fn check_file(name: &str, path: &Path) -> Result<u64> {
    let read = |e: std::io::Error| Error::Read { path: name.to_string(), source: e };
    let mut f = std::fs::File::open(path).map_err(read)?;
    let meta = f.metadata().map_err(read)?;
    if !meta.is_file() {
        return Err(Error::BadFile {
            path: name.to_string(),
            message: "a Parquet input must be a regular file (it is read from its end), not a pipe or device; save it to a file first".into(),
        });
    }
    let len = meta.len();
    if len < 12 {
        return Err(damaged(name, format_args!("{len} bytes is too short for a Parquet file (at least 12)")));
    }
    let mut head = [0u8; 4];
    f.read_exact(&mut head).map_err(read)?;
    if &head != MAGIC {
        return Err(damaged(name, "it does not start with the magic bytes PAR1"));
    }
    let mut tail = [0u8; 8];
    f.seek(SeekFrom::End(-8)).map_err(read)?;
    f.read_exact(&mut tail).map_err(read)?;
    if &tail[4..] != MAGIC {
        return Err(damaged(name, "it does not end with the magic bytes PAR1"));
    }
    let footer = u64::from(u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]));
    if footer + 12 > len {
        return Err(damaged(name, format_args!("its footer claims {footer} bytes of a {len}-byte file")));
    }
    let mut bytes = vec![0u8; footer as usize];
    f.seek(SeekFrom::End(-8 - footer as i64)).map_err(read)?;
    f.read_exact(&mut bytes).map_err(read)?;
    super::parquet_pages::check_footer(&bytes).map_err(|why| damaged(name, why))?;
    Ok(len)
}

/// Checks the decoded metadata against the file's size: every column chunk
/// inside the data area, sizes and counts not negative, the row count the
/// sum of the row groups' and no larger than the bytes can hold; then every
/// page header (`parquet_pages`).
pub fn check_metadata(name: &str, path: &Path, m: &FileMetadata) -> Result<()> {
    let file_len =
        std::fs::metadata(path).map_err(|e| Error::Read { path: name.to_string(), source: e })?.len();
    let rows = m.num_rows as u64;
    if rows > file_len.saturating_mul(MAX_ROWS_PER_BYTE) {
        return Err(damaged(name, format_args!("it claims {rows} rows in {file_len} bytes")));
    }
    let mut sum: u64 = 0;
    for (g, rg) in m.row_groups.iter().enumerate() {
        let g = g + 1;
        sum = sum.saturating_add(rg.num_rows() as u64);
        for c in rg.parquet_columns() {
            let col = c.descriptor().path_in_schema.join(".");
            let (compressed, uncompressed, values) =
                (c.compressed_size(), c.uncompressed_size(), c.num_values());
            if compressed < 0 || uncompressed < 0 || values < 0 {
                return Err(damaged(
                    name,
                    format_args!("row group {g}, column '{col}' has a negative size or value count"),
                ));
            }
            let range = c.byte_range();
            if range.start < 4 || range.end > file_len - 8 || range.start > range.end {
                return Err(damaged(
                    name,
                    format_args!(
                        "row group {g}, column '{col}' lies at bytes {}..{}, outside the {file_len}-byte file",
                        range.start, range.end
                    ),
                ));
            }
            let bound = (compressed as u64).saturating_mul(MAX_INFLATION).saturating_add(INFLATION_SLACK);
            if uncompressed as u64 > bound {
                return Err(damaged(
                    name,
                    format_args!(
                        "row group {g}, column '{col}' claims {uncompressed} bytes decompressed from {compressed}"
                    ),
                ));
            }
        }
    }
    if sum != rows {
        return Err(damaged(name, format_args!("its row groups hold {sum} rows, its footer says {rows}")));
    }
    super::parquet_pages::check_pages(name, path, m, file_len.saturating_mul(MAX_ROWS_PER_BYTE))
}

/// Guards in progress (any thread): while one is, the panic hook keeps
/// quiet and keeps the message for the error instead.
static ACTIVE: AtomicUsize = AtomicUsize::new(0);
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);
static HOOK: Once = Once::new();

fn install_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if ACTIVE.load(Ordering::SeqCst) == 0 {
                return previous(info);
            }
            let payload = info.payload();
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_string());
            let at = info
                .location()
                .map(|l| format!(" ({}:{})", crate_relative(l.file()), l.line()))
                .unwrap_or_default();
            let msg = msg.split_whitespace().collect::<Vec<_>>().join(" ");
            let mut last = LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner());
            // The first panic is the cause; later ones are the threads it took down.
            if last.is_none() {
                *last = Some(format!("{msg}{at}"));
            }
        }));
    });
}

/// A source path from a dependency from its crate's folder on
/// (`polars-parquet-0.55.2/src/...`), without the build machine's paths.
fn crate_relative(file: &str) -> &str {
    file.find("polars").map_or(file, |i| &file[i..])
}

/// Runs `f` (a read of the Parquet file `name`); a panic inside it becomes
/// `Error::BadFile` naming the file and the decoder's message.
pub fn guarded<T>(name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    install_hook();
    ACTIVE.fetch_add(1, Ordering::SeqCst);
    let out = catch_unwind(AssertUnwindSafe(f));
    ACTIVE.fetch_sub(1, Ordering::SeqCst);
    let cause = LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()).take();
    match out {
        Ok(r) => r,
        Err(_) => Err(damaged(
            name,
            format_args!("the Parquet decoder failed: {}", cause.unwrap_or_else(|| "a panic".into())),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_naming_the_file() {
        let e = guarded::<()>("x.parquet", || panic!("index out of bounds")).unwrap_err();
        assert_eq!(e.exit_code(), crate::error::EXIT_INPUT);
        let msg = e.to_string();
        assert!(msg.starts_with("x.parquet: not a readable Parquet file"), "{msg}");
        assert!(msg.contains("index out of bounds"), "{msg}");
        assert_eq!(guarded("x.parquet", || Ok(7)).unwrap(), 7);
    }

    #[test]
    fn magic_and_footer_length_are_checked() {
        let dir = std::env::temp_dir().join(format!("callstat-guard-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.parquet");
        for (bytes, want) in [
            (&b"PAR1"[..], "too short"),
            (b"XXXX00000000\x04\x00\x00\x00PAR1", "start with"),
            (b"PAR100000000\x04\x00\x00\x00PARX", "end with"),
            (b"PAR100000000\xff\x00\x00\x00PAR1", "footer claims 255"),
        ] {
            std::fs::write(&p, bytes).unwrap();
            let msg = check_file("a.parquet", &p).unwrap_err().to_string();
            assert!(msg.contains(want), "{msg}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
