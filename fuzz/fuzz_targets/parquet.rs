//! Fuzz target: any byte string read as one Parquet input, checked by the
//! shared harness (no panic, readable errors, every row accounted for).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    callstat_fuzz::read_as(callstat::input::Format::Parquet, data, &Default::default());
});
