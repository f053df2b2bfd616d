//! Any bytes as a root rulebook (which may import the bundled ones): parse, check, lint and,
//! when that succeeds, compile and read the compiled tables (schema, items).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mete_core::check::CheckOptions;
use mete_core::compile::Rulebook;
use mete_core::Severity;

fuzz_target!(|data: &[u8]| {
    // Named inside `books/` so that `import "general.mete"` resolves to a real file.
    match Rulebook::from_source("books/fuzz.mete", data, mete_fuzz::loader(), &CheckOptions::default()) {
        Ok((book, warnings)) => {
            assert!(warnings.iter().all(|w| w.severity != Severity::Error));
            let _ = book.case_schema();
            let _ = mete_core::api::items(&book);
        }
        Err(e) => {
            assert!(
                e.diagnostics.iter().any(|d| d.severity == Severity::Error),
                "a failed check reports an error"
            );
            for d in &e.diagnostics {
                let _ = d.to_dto(&e.sources);
            }
        }
    }
});
