//! Fuzz target: any byte string as a vendor mapping file (`--mapping`),
//! applied to the sample vendor CSV when it is accepted; a bad file is an
//! error naming it, never a panic.
#![no_main]

use callstat::input::Format;
use callstat::input::mapping::Mapping;
use callstat::input::settings::InputSettings;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = callstat_fuzz::scratch("mapping.toml");
    std::fs::write(&path, data).expect("write the scratch file");
    match Mapping::build(&[], Some(&path)) {
        Err(e) => assert!(e.chain().len() < 8192),
        Ok(mapping) => {
            let vendor = std::fs::read(callstat_fuzz::sample("vendor_x.csv")).expect("sample data");
            let settings = InputSettings { delimiter: mapping.delimiter, mapping, ..Default::default() };
            callstat_fuzz::read_as(Format::Csv, &vendor, &settings);
        }
    }
});
