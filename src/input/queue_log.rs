//! Asterisk queue_log.
use super::settings::InputSettings;
use crate::dataset::Loader;
use crate::error::Result;
use std::io::BufRead;

pub fn parse_event(s: &str) -> std::result::Result<String, String> {
    Ok(s.trim().to_ascii_uppercase())
}

pub fn read(_name: &str, _r: Box<dyn BufRead + '_>, _s: &InputSettings, _l: &mut Loader) -> Result<()> {
    Ok(())
}
