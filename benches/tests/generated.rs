//! The generated rulebooks check without errors, so the benchmarks measure real work (a rulebook
//! rejected early would make parse+check look cheap).
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

use mete_core::check::{CheckOptions, MemoryLoader, check};
use mete_core::diagnostic::Severity;
use mete_core::parser::ParseOptions;

fn errors_of(name: &str, src: &str) -> Vec<String> {
    let opts = CheckOptions {
        parse: ParseOptions {
            max_source_bytes: 64 * 1024 * 1024,
            ..ParseOptions::default()
        },
        ..CheckOptions::default()
    };
    let result = check(name, src.as_bytes(), &MemoryLoader::default(), &opts);
    let errors: Vec<String> = result
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    if errors.is_empty() {
        assert!(result.rulebook.is_some(), "no errors but no rulebook");
    }
    errors
}

#[test]
fn front_end_rulebooks_check_clean() {
    for items in [1usize, 10, 100] {
        let src = mete_benches::rulebook(items);
        let errors = errors_of("bench.mete", &src);
        assert!(errors.is_empty(), "{items} items: {errors:#?}");
    }
}

#[test]
fn front_end_rulebook_has_every_item() {
    let src = mete_benches::rulebook(100);
    let opts = CheckOptions::default();
    let result = check(
        "bench.mete",
        src.as_bytes(),
        &MemoryLoader::default(),
        &opts,
    );
    let book = result.rulebook.expect("checks");
    assert_eq!(book.items.len(), 100);
    assert_eq!(book.items.first().map(|i| i.id.as_str()), Some("V-0"));
}
