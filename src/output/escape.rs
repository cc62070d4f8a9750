//! Text from the input shown to a person: control characters (an escape
//! sequence in a queue or agent name could clear the screen or retitle the
//! terminal) written visibly as `\x1b` or `\u{9b}`, for the table, Markdown
//! and messages on stderr; and the cut that keeps a huge name from making
//! the terminal table's layout slow, and a huge quoted value from making a
//! warning unreadable.

use std::borrow::Cow;
use std::fmt::Write as _;

/// True for the characters that are shown escaped: C0 controls but tab and
/// line feed, DEL and the C1 controls.
fn hidden(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// `text` with every control character (but `\n`, `\t`) written as `\xNN`
/// or `\u{NN}`; borrowed when there is none.
pub fn controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !hidden(c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

/// The longest cell of the terminal table, in characters; longer text is
/// cut with `…` (the full value is in every machine format).
pub const TABLE_CELL_CHARS: usize = 200;

/// A table cell's text: controls escaped, cut to `TABLE_CELL_CHARS`.
pub fn table_cell(text: &str) -> String {
    let text = controls(text);
    match text.char_indices().nth(TABLE_CELL_CHARS) {
        None => text.into_owned(),
        Some((at, _)) => format!("{}…", &text[..at]),
    }
}

/// The longest line of a message on stderr, in characters: a warning may
/// quote a value from the input, which can be up to a megabyte long.
pub const MESSAGE_LINE_CHARS: usize = 2000;

/// Bytes bound for a terminal, escaped like `controls` (invalid UTF-8 is
/// shown as U+FFFD), each line cut to `MESSAGE_LINE_CHARS`.
pub fn bytes(buf: &[u8]) -> Cow<'_, [u8]> {
    let plain = buf.iter().all(|&b| (b >= 0x20 && b != 0x7f && b != 0xc2) || b == b'\n' || b == b'\t');
    let short = buf.split(|&b| b == b'\n').all(|l| l.len() <= MESSAGE_LINE_CHARS);
    if plain && short {
        return Cow::Borrowed(buf);
    }
    let text = String::from_utf8_lossy(buf);
    let text = controls(&text);
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| match l.char_indices().nth(MESSAGE_LINE_CHARS) {
            None => l.to_string(),
            Some((at, _)) => format!("{}... ({} more bytes)", &l[..at], l.len() - at),
        })
        .collect();
    Cow::Owned(lines.join("\n").into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_sent() {
        assert_eq!(controls("sales"), "sales");
        assert_eq!(controls("a\u{1b}[2Jb\u{7}"), "a\\x1b[2Jb\\x07");
        assert_eq!(controls("x\u{9b}y"), "x\\u{9b}y");
        assert_eq!(controls("two\nlines\tand tab"), "two\nlines\tand tab");
        assert_eq!(&*bytes(b"q \x1b]0;t\x07\n"), b"q \\x1b]0;t\\x07\n");
        assert_eq!(&*bytes("café\n".as_bytes()), "café\n".as_bytes());
        let long = format!("w: '{}'\nnext\n", "v".repeat(5000));
        let cut = String::from_utf8(bytes(long.as_bytes()).into_owned()).unwrap();
        assert!(cut.contains("... (3005 more bytes)\nnext\n"), "{}", &cut[cut.len() - 60..]);
    }

    #[test]
    fn long_cells_are_cut() {
        let c = table_cell(&"q".repeat(1000));
        assert_eq!(c.chars().count(), TABLE_CELL_CHARS + 1);
        assert!(c.ends_with('…'));
    }
}
