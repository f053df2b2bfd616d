//! Shared set-up for the fuzz targets: the rulebooks compiled once per process.
#![allow(clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use mete_core::check::{CheckOptions, MemoryLoader};
use mete_core::compile::Rulebook;

/// Every rulebook source a fuzz target may import or decide against, by the name imports use.
pub fn sources() -> &'static BTreeMap<String, String> {
    static SOURCES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    SOURCES.get_or_init(|| {
        let files: &[(&str, &str)] = &[
            ("ecology/ecology.mete", include_str!("../../rulebooks/ecology/ecology.mete")),
            ("general/penalty-law.mete", include_str!("../../rulebooks/general/penalty-law.mete")),
            ("market/food-product-quality.mete", include_str!("../../rulebooks/market/food-product-quality.mete")),
            ("showcase/common.mete", include_str!("../../rulebooks/showcase/common.mete")),
            ("showcase/parent.mete", include_str!("../../rulebooks/showcase/parent.mete")),
            ("showcase/showcase.mete", include_str!("../../rulebooks/showcase/showcase.mete")),
            ("transport/overload.mete", include_str!("../../rulebooks/transport/overload.mete")),
            ("books/features.mete", include_str!("../../tests/conformance/books/features.mete")),
            ("books/food-safety.mete", include_str!("../../tests/conformance/books/food-safety.mete")),
            ("books/general.mete", include_str!("../../tests/conformance/books/general.mete")),
            ("books/overload.mete", include_str!("../../tests/conformance/books/overload.mete")),
            ("books/procedure.mete", include_str!("../../tests/conformance/books/procedure.mete")),
            ("books/public-security.mete", include_str!("../../tests/conformance/books/public-security.mete")),
            ("books/surcharge.mete", include_str!("../../tests/conformance/books/surcharge.mete")),
            ("books/versions-2023.mete", include_str!("../../tests/conformance/books/versions-2023.mete")),
            ("books/versions-2024.mete", include_str!("../../tests/conformance/books/versions-2024.mete")),
            ("books/work-safety.mete", include_str!("../../tests/conformance/books/work-safety.mete")),
        ];
        files
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    })
}

/// A loader over [`sources`], so fuzzed rulebooks can import the real ones.
pub fn loader() -> &'static MemoryLoader {
    static LOADER: OnceLock<MemoryLoader> = OnceLock::new();
    LOADER.get_or_init(|| MemoryLoader {
        files: sources().clone(),
    })
}

/// Every source above that is a rulebook with violation items, compiled.
pub fn books() -> &'static [Rulebook] {
    static BOOKS: OnceLock<Vec<Rulebook>> = OnceLock::new();
    BOOKS.get_or_init(|| {
        let mut out = Vec::new();
        for (name, text) in sources() {
            let (book, _) =
                Rulebook::from_source(name, text.as_bytes(), loader(), &CheckOptions::default())
                    .unwrap_or_else(|e| panic!("{name} does not compile: {:?}", e.diagnostics));
            if !book.checked().items.is_empty() {
                out.push(book);
            }
        }
        out
    })
}
