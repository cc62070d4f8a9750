//! Every folder under `tests/golden/` is one case run against
//! `sample-data/`: every output format, the metrics listing and the error
//! messages. Diffs are printed in full.

use crate::harness::{golden_case, root};

#[test]
fn golden_cases() {
    let dir = root().join("tests/golden");
    let mut cases: Vec<_> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(cases.len() >= 10, "expected the golden cases in {}", dir.display());
    let failures: Vec<String> = cases.iter().filter_map(|c| golden_case(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} golden cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
