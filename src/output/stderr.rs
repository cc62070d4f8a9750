//! The message stream (stderr) as the commands get it: control characters
//! from input values are shown escaped (`output::escape`), and a write that
//! fails (stderr full, `2>/dev/full`, or a closed pipe) is dropped, because
//! losing a warning must not cost the report on stdout or in a file.

use std::io::Write;

/// Standard error, best effort.
pub struct Messages;

impl Messages {
    /// The locked stream.
    pub fn lock(&self) -> MessagesLock {
        MessagesLock(std::io::stderr().lock())
    }
}

/// Locked stderr whose failed writes are dropped.
pub struct MessagesLock(std::io::StderrLock<'static>);

impl Write for MessagesLock {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let _ = self.0.write_all(&super::escape::bytes(buf));
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let _ = self.0.flush();
        Ok(())
    }
}
