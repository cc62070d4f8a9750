//! What every fuzz target shares: reading one byte string as one input
//! format through callstat's own reader, and the checks made on every case:
//! no panic, an error message of readable length, and, whenever the input
//! could be read, `read = accepted + invalid + duplicates`.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use callstat::dataset::Loader;
use callstat::input::limits::{LineLimit, MAX_JSON_LINE, MAX_LINE};
use callstat::input::settings::InputSettings;
use callstat::input::{Format, asterisk_cdr, connect, csv, parquet, queue_log};
use callstat::schema::TzRules;
use callstat::values::Attribution;
use chrono_tz::Tz;

/// The loader a report would use (UTC, arrival attribution, not strict).
pub fn loader() -> Loader {
    Loader::new(TzRules { input_tz: Tz::UTC, csat_scale: (1, 5) }, Tz::UTC, Attribution::Arrival, false)
}

/// Checks the outcome of one case: an error is short enough to read; a
/// read that succeeded accounts for every row.
pub fn check(result: callstat::Result<()>, loader: Loader) {
    match result {
        Err(e) => {
            let msg = e.chain();
            assert!(msg.len() < 8192, "an error message of {} bytes", msg.len());
            assert!(matches!(e.exit_code(), 1..=3), "exit code {} for: {msg}", e.exit_code());
        }
        Ok(()) => {
            let (_, a) = loader.finish();
            assert_eq!(
                a.read,
                a.accepted + a.invalid_total() + a.duplicates,
                "read = accepted + invalid + duplicates: {a:?}"
            );
        }
    }
}

fn stream(bytes: &[u8], max: u64) -> Box<dyn std::io::BufRead + Send + '_> {
    Box::new(LineLimit::new(Cursor::new(bytes), max))
}

/// Reads `bytes` as one input of `format` with `settings`, and checks it.
pub fn read_as(format: Format, bytes: &[u8], settings: &InputSettings) {
    let mut l = loader();
    let name = "fuzz.input";
    let result = match format {
        Format::Csv => csv::read(name, stream(bytes, MAX_LINE), settings, &mut l).map(drop),
        Format::QueueLog => queue_log::read(name, stream(bytes, MAX_LINE), settings, &mut l).map(drop),
        Format::AsteriskCdr => asterisk_cdr::read(name, stream(bytes, MAX_LINE), settings, &mut l).map(drop),
        Format::AmazonConnect => {
            let sources: Vec<(String, Box<dyn std::io::Read>)> =
                vec![(name.to_string(), Box::new(LineLimit::new(Cursor::new(bytes), MAX_JSON_LINE)))];
            connect::read(sources, &settings.mapping, &mut l)
        }
        Format::Parquet => {
            let path = scratch("parquet");
            std::fs::write(&path, bytes).expect("write the scratch file");
            parquet::read(name, &path, &settings.mapping, &[], &mut l).map(drop)
        }
    };
    check(result, l);
}

/// A per-process scratch file for inputs read from a path.
pub fn scratch(ext: &str) -> PathBuf {
    std::env::temp_dir().join(format!("callstat-fuzz-{}.{ext}", std::process::id()))
}

/// The repository's sample data folder.
pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../sample-data").join(name)
}
