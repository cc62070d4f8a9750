//! Fuzz target: any byte string read as one QueueLog input, checked by the
//! shared harness (no panic, readable errors, every row accounted for).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    callstat_fuzz::read_as(callstat::input::Format::QueueLog, data, &Default::default());
});
