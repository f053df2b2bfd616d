//! Any bytes as a case, against every bundled rulebook: read, decide, serialise and explain.
//! Never a panic; a decided fine lies inside its own band.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mete_core::ast::Lang;
use mete_core::case::CaseOptions;
use mete_core::case::json::parse;
use mete_core::eval::EvalOptions;

fuzz_target!(|data: &[u8]| {
    // Parse once (the expensive part for garbage), then read the tree against every rulebook.
    let Ok(tree) = parse(data, &CaseOptions::default()) else {
        return;
    };
    for book in mete_fuzz::books() {
        let Ok(case) = book.case_from_json(&tree) else {
            continue;
        };
        let Ok(d) = book.evaluate(&case, &EvalOptions::default()) else {
            continue;
        };
        if let Some(band) = d.fine() {
            assert!(band.min <= band.max, "band {band:?}");
            if let Some(p) = band.point {
                assert!(band.min <= p && p <= band.max, "point outside band {band:?}");
            }
        }
        let dto = d.to_dto();
        let json = serde_json::to_string(&dto).expect("a decision serialises");
        assert!(json.starts_with("{\"schema_version\":"));
        let lang = if data.len() % 2 == 0 { Lang::En } else { Lang::Zh };
        let _ = mete_core::explain::explain(&dto, lang);
    }
});
