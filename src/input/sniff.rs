//! Looking at the bytes before reading: gzip magic, the CSV delimiter of
//! the header line, and formats recognised from content (an Asterisk
//! queue_log, JSON contact records).

use std::io::{BufRead, BufReader, Read};

/// Opens a byte stream, transparently un-gzipping it when it starts with
/// the gzip magic bytes (so `.csv.gz` and a gzipped stdin both work).
pub fn decompressed<'a, R: Read + Send + 'a>(reader: R) -> std::io::Result<Box<dyn BufRead + Send + 'a>> {
    let mut buf = BufReader::with_capacity(1 << 20, reader);
    let head = buf.fill_buf()?;
    if head.starts_with(&[0x1f, 0x8b]) {
        Ok(Box::new(BufReader::with_capacity(1 << 20, flate2::read::MultiGzDecoder::new(buf))))
    } else {
        Ok(Box::new(buf))
    }
}

/// The first line of a buffered stream, without consuming it (up to the
/// buffer's first fill).
pub fn peek_line(r: &mut dyn BufRead) -> std::io::Result<String> {
    let head = r.fill_buf()?;
    let end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
    Ok(String::from_utf8_lossy(&head[..end])
        .trim_start_matches('\u{feff}')
        .trim_end_matches('\r')
        .to_string())
}

/// The delimiter of a header line: the most frequent of `,` `;` tab `|`
/// outside double quotes; `,` on a tie or when none occurs.
pub fn delimiter(header: &str) -> u8 {
    let mut counts = [0usize; 4];
    let cands = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(i) = cands.iter().position(|&c| c == b) {
            counts[i] += 1;
        }
    }
    let mut best = 0;
    for i in 1..4 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    cands[best]
}

/// True for a line of the pipe-delimited queue_log:
/// `epoch|uniqueid|queue|agent|EVENT|...`.
pub fn is_queue_log_line(line: &str) -> bool {
    let parts: Vec<&str> = line.split('|').collect();
    parts.len() >= 5
        && !parts[0].is_empty()
        && parts[0].bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !parts[4].is_empty()
        && parts[4].bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// True for the header of a queue_log database dump
/// (`time, callid, queuename, agent, event, data1..data5`).
pub fn is_queue_log_header(line: &str) -> bool {
    let cells: Vec<String> =
        line.split([',', ';', '\t', '|']).map(|c| c.trim().trim_matches('"').to_ascii_lowercase()).collect();
    let has = |n: &str| cells.iter().any(|c| c == n);
    has("event")
        && (has("callid") || has("uniqueid"))
        && (has("time") || has("timestamp"))
        && has("queuename")
}

/// True for a headerless Asterisk Master.csv line: 16 to 21 fields with
/// `YYYY-MM-DD HH:MM:SS` start and end (fields 10 and 12).
pub fn is_master_csv_line(line: &str) -> bool {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(line.as_bytes());
    let Some(Ok(rec)) = rdr.records().next() else { return false };
    let stamp = |i: usize| {
        rec.get(i)
            .is_some_and(|t| chrono::NaiveDateTime::parse_from_str(t.trim(), "%Y-%m-%d %H:%M:%S").is_ok())
    };
    (16..=21).contains(&rec.len()) && stamp(9) && stamp(11)
}

/// What the content says the format is, when it is not plain CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    QueueLog,
    MasterCsv,
    Json,
    Unknown,
}

/// Recognises a queue_log (pipe file or DB dump) or JSON from the start of
/// a stream.
pub fn sniff(r: &mut dyn BufRead) -> std::io::Result<Sniffed> {
    let head = r.fill_buf()?;
    let text = String::from_utf8_lossy(&head[..head.len().min(64 * 1024)]);
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with(['{', '[']) {
        return Ok(Sniffed::Json);
    }
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if is_queue_log_line(first) || is_queue_log_header(first) {
        return Ok(Sniffed::QueueLog);
    }
    if is_master_csv_line(first) {
        return Ok(Sniffed::MasterCsv);
    }
    Ok(Sniffed::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(delimiter("a,b,c"), b',');
        assert_eq!(delimiter("a;b;\"x,y\";c"), b';');
        assert_eq!(delimiter("a\tb\tc"), b'\t');
        assert_eq!(delimiter("a|b|c"), b'|');
        assert_eq!(delimiter("abc"), b',');
    }

    #[test]
    fn queue_log_is_recognised() {
        assert!(is_queue_log_line("1772442000|1772442000.1|sales|NONE|ENTERQUEUE||+4930|1"));
        assert!(!is_queue_log_line("call_id,queue,arrived_at,ended_at"));
        assert!(is_queue_log_header("time,callid,queuename,agent,event,data1,data2,data3,data4,data5"));
        let mut r: &[u8] = b"\n1772442000|1.1|NONE|NONE|QUEUESTART|\n";
        assert_eq!(sniff(&mut r).unwrap(), Sniffed::QueueLog);
        let mut r: &[u8] = b"\"\",\"+4930\",\"500\",\"q\",\"\",\"SIP/t-1\",\"\",\"Queue\",\"\",\"2026-03-02 09:00:00\",\"\",\"2026-03-02 09:00:40\",40,0,\"NO ANSWER\",\"DOCUMENTATION\"\n";
        assert_eq!(sniff(&mut r).unwrap(), Sniffed::MasterCsv);
        let mut r: &[u8] = b"call_id,queue,arrived_at,ended_at\n";
        assert_eq!(sniff(&mut r).unwrap(), Sniffed::Unknown);
        let mut r: &[u8] = b"  [{\"ContactId\": \"x\"}]";
        assert_eq!(sniff(&mut r).unwrap(), Sniffed::Json);
    }

    #[test]
    fn gzip_is_unpacked() {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(b"hello\n").unwrap();
        let gz = e.finish().unwrap();
        let mut r = decompressed(&gz[..]).unwrap();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        assert_eq!(s, "hello\n");
    }
}
