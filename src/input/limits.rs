//! Size limits on input text, so hostile or broken input (a gzip bomb, a
//! file without line ends, `/dev/zero`) is a clear error instead of
//! unbounded memory: a line of a text input may be at most `MAX_LINE`
//! bytes (`MAX_JSON_LINE` for JSON contact records, which Firehose writes
//! without line ends), counted after un-gzipping; the error names the byte
//! offset where the line starts. Also the cut that keeps
//! echoed input values short in messages.

use std::io::{BufRead, Read};

/// The longest line of a CSV, queue_log or Master.csv input: 1 MiB.
pub const MAX_LINE: u64 = 1 << 20;

/// The longest line of an Amazon Connect input: 256 MiB (concatenated
/// records often come without line ends).
pub const MAX_JSON_LINE: u64 = 256 << 20;

pub use crate::error::{ECHO_CHARS, cut};

/// Where the current line started and how long it is so far, over a stream.
struct Counter {
    max: u64,
    /// Bytes of the current line seen so far.
    run: u64,
    /// Offset of the current line's first byte, and of the next chunk.
    line_start: u64,
    offset: u64,
}

impl Counter {
    fn new(max: u64) -> Counter {
        Counter { max, run: 0, line_start: 0, offset: 0 }
    }

    fn count(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let base = self.offset;
        self.offset += bytes.len() as u64;
        if bytes.len() as u64 <= self.max {
            // A chunk no longer than the limit holds no over-long line
            // between its first and last line end: only its two ends count
            // (a search from each side instead of one a line).
            let Some(first) = memchr::memchr2(b'\n', b'\r', bytes) else {
                self.run += bytes.len() as u64;
                return self.check();
            };
            self.run += first as u64;
            self.check()?;
            let last = memchr::memrchr2(b'\n', b'\r', bytes).unwrap_or(first);
            self.line_start = base + last as u64 + 1;
            self.run = (bytes.len() - last - 1) as u64;
            return Ok(());
        }
        let mut from = 0;
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            self.run += (at - from) as u64;
            self.check()?;
            self.line_start = base + at as u64 + 1;
            self.run = 0;
            from = at + 1;
        }
        self.run += (bytes.len() - from) as u64;
        self.check()
    }

    fn check(&self) -> std::io::Result<()> {
        if self.run > self.max { Err(too_long(self.line_start, self.max)) } else { Ok(()) }
    }
}

/// A byte stream that fails once a line grows past `max` bytes. A line
/// ends at `\n` or `\r` (so a file with old Mac line ends is not one line).
pub struct LineLimit<R> {
    inner: R,
    counter: Counter,
    /// Set when consumed bytes broke the limit: the next read fails.
    over: bool,
}

impl<R> LineLimit<R> {
    pub fn new(inner: R, max: u64) -> Self {
        LineLimit { inner, counter: Counter::new(max), over: false }
    }
}

fn too_long(start: u64, max: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!(
            "the line starting at byte {start} is longer than {} MiB, callstat's limit for a line; \
             is it binary data, a file without line ends, or a damaged gzip?",
            max >> 20
        ),
    )
}

impl<R: BufRead> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.over {
            return Err(too_long(self.counter.line_start, self.counter.max));
        }
        let n = self.inner.read(buf)?;
        self.counter.count(&buf[..n])?;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for LineLimit<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.over {
            return Err(too_long(self.counter.line_start, self.counter.max));
        }
        self.inner.fill_buf()
    }

    /// The bytes are counted as they are consumed; a line over the limit
    /// fails the next read.
    fn consume(&mut self, amt: usize) {
        if let Ok(b) = self.inner.fill_buf() {
            let n = amt.min(b.len());
            if self.counter.count(&b[..n]).is_err() {
                self.over = true;
            }
        }
        self.inner.consume(amt);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_an_error_naming_it() {
        let text = format!("a,b\n{}\n", "x".repeat(100));
        let mut r = LineLimit::new(std::io::Cursor::new(text.into_bytes()), 50);
        let mut out = Vec::new();
        let e = r.read_to_end(&mut out).unwrap_err();
        assert!(e.to_string().starts_with("the line starting at byte 4 is longer than"), "{e}");
        // Chunks shorter and longer than the limit, lines across chunks.
        for max in [5, 50, 500] {
            let mut c = Counter::new(max);
            let text = format!("{}\n{}\n{}", "a".repeat(4), "b".repeat(5), "c".repeat(6));
            let r = text.as_bytes().chunks(3).try_for_each(|ch| c.count(ch));
            assert_eq!(r.is_err(), max == 5, "{max}");
            if max == 5 {
                assert_eq!(c.line_start, 11, "the error names the third line");
            }
        }
        let mut ok = LineLimit::new(std::io::Cursor::new(b"abc\rdef\r".to_vec()), 3);
        ok.read_to_end(&mut out).unwrap();
        // Through BufRead (read_until) as the queue_log reader does.
        let mut r =
            LineLimit::new(std::io::Cursor::new(format!("ab\n{}\n", "y".repeat(60)).into_bytes()), 50);
        let mut line = Vec::new();
        assert_eq!(r.read_until(b'\n', &mut line).unwrap(), 3);
        line.clear();
        let _ = r.read_until(b'\n', &mut line);
        assert!(r.read_until(b'\n', &mut line).is_err());
    }

    #[test]
    fn echoes_are_cut() {
        assert_eq!(cut("abc", ECHO_CHARS), "abc");
        let long = "é".repeat(300);
        let c = cut(&long, ECHO_CHARS);
        assert!(c.starts_with(&"é".repeat(200)) && c.ends_with("... (200 more bytes)"), "{c}");
    }
}
