//! Fuzz target: timestamp parsing in several zones (a DST zone included);
//! any text is a value or an error, never a panic, and a parsed instant
//! formats back (in whole seconds) to text that parses to the same second.
#![no_main]

use callstat::schema::timestamp::{format_in, parse_in};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for tz in
        [chrono_tz::UTC, chrono_tz::Europe::Berlin, chrono_tz::America::New_York, chrono_tz::Asia::Kolkata]
    {
        if let Ok(us) = parse_in(text, tz) {
            let back = format_in(us, chrono_tz::UTC);
            let second = us - us.rem_euclid(1_000_000);
            assert_eq!(parse_in(&back, chrono_tz::UTC).ok(), Some(second), "{text:?} -> {us} -> {back:?}");
        }
    }
});
