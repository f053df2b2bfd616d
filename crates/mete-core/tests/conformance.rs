//! The conformance corpus (`tests/conformance/`): every (rulebooks, case, expected) triple of the
//! manifest is decided again and compared with the expected bytes, byte for byte. The Python and
//! WASM bindings replay the same files; `tests/conformance/README.md` describes the layout.
//!
//! `METE_BLESS=1 cargo test -p mete-core --test conformance` rewrites the expected files from the
//! current evaluator. Every rewritten file must be read and checked against the law and the
//! rulebook before it is committed.
// A test harness: failing loudly is what it is for.
#![allow(
    clippy::panic,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing
)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use mete_core::compile::Rulebook;
use mete_core::decision::DecisionDto;
use mete_core::eval::{EvalOptions, EvaluateError, RulebookSet};
use serde::Serialize;

/// The corpus directory.
fn root() -> PathBuf {
    common::repo_dir("tests/conformance")
}

fn compile(name: &str) -> Rulebook {
    common::compile(&root(), name)
}

/// The error answer: `{"status": "error", "error": <EvaluateError>}`.
#[derive(Serialize)]
struct ErrorEnvelope<'a> {
    status: &'static str,
    error: &'a EvaluateError,
}

/// The exact expected bytes of an answer, and its kind (`decision` or `error`): a decision is the
/// bare pretty-printed [`DecisionDto`]; an error is the pretty-printed [`ErrorEnvelope`]; both end
/// with one newline.
fn answer_bytes(answer: &Result<DecisionDto, EvaluateError>) -> (&'static str, String) {
    let (kind, text) = match answer {
        Ok(d) => ("decision", serde_json::to_string_pretty(d)),
        Err(e) => (
            "error",
            serde_json::to_string_pretty(&ErrorEnvelope {
                status: "error",
                error: e,
            }),
        ),
    };
    let mut text = text.unwrap_or_else(|e| panic!("cannot serialise an answer: {e}"));
    text.push('\n');
    (kind, text)
}

#[derive(Debug, serde::Deserialize)]
struct Entry {
    name: String,
    rulebooks: Vec<String>,
    case: String,
    expected: String,
    kind: String,
    covers: Vec<String>,
}

fn manifest() -> Vec<Entry> {
    let text = std::fs::read_to_string(root().join("manifest.json")).expect("manifest.json");
    serde_json::from_str(&text).expect("manifest.json parses")
}

/// Compiled rulebooks by file name, so each is compiled once per test run; with `saved`, each
/// went through [`Rulebook::save`] and [`Rulebook::load`] (the browser runtime's path).
#[derive(Default)]
struct Books {
    saved: bool,
    cache: BTreeMap<String, Rulebook>,
}

impl Books {
    fn new() -> Self {
        Self::default()
    }

    fn saved() -> Self {
        Books {
            saved: true,
            ..Self::default()
        }
    }
}

fn compiled(books: &mut Books, name: &str) -> Rulebook {
    let saved = books.saved;
    books
        .cache
        .entry(name.to_string())
        .or_insert_with(|| {
            let book = compile(name);
            if !saved {
                return book;
            }
            let text = book.save();
            let loaded = Rulebook::load(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(
                loaded.save(),
                text,
                "{name}: saving a loaded rulebook changes it"
            );
            loaded
        })
        .clone()
}

fn decide(cache: &mut Books, books: &[String], case: &[u8]) -> Result<DecisionDto, EvaluateError> {
    let options = EvalOptions::default();
    let case_options = Default::default();
    match books {
        [one] => compiled(cache, one).evaluate_json(case, &options, &case_options),
        many => {
            let set = RulebookSet::new(many.iter().map(|b| compiled(cache, b)).collect())
                .unwrap_or_else(|e| panic!("{many:?} do not form a version set: {e}"));
            set.evaluate_json(case, &options, &case_options)
        }
    }
}

/// The first differing lines of two texts, for a readable failure.
fn short_diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<_>, Vec<_>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    let mut shown = 0;
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i), a.get(i));
        if x != y {
            out.push_str(&format!(
                "  line {}:\n    - {}\n    + {}\n",
                i + 1,
                x.unwrap_or(&"<end>"),
                y.unwrap_or(&"<end>")
            ));
            shown += 1;
            if shown == 6 {
                out.push_str("  …\n");
                break;
            }
        }
    }
    out
}

#[test]
fn corpus_matches_byte_for_byte() {
    replay(Books::new());
}

/// Saved and loaded again, every rulebook gives the same bytes.
#[test]
fn saved_rulebooks_match_byte_for_byte() {
    replay(Books::saved());
}

fn replay(mut cache: Books) {
    let entries = manifest();
    #[allow(
        clippy::disallowed_methods,
        reason = "the test harness, not the core, reads the bless switch"
    )]
    let bless = std::env::var("METE_BLESS").is_ok_and(|v| v == "1") && !cache.saved;
    let mut failures = Vec::new();
    for e in &entries {
        let case =
            std::fs::read(root().join(&e.case)).unwrap_or_else(|x| panic!("{}: {x}", e.case));
        let answer = decide(&mut cache, &e.rulebooks, &case);
        let (kind, bytes) = answer_bytes(&answer);
        if kind != e.kind {
            failures.push(format!(
                "{}: the manifest says `{}` but the answer is `{kind}`",
                e.name, e.kind
            ));
        }
        let path = root().join(&e.expected);
        if bless {
            std::fs::write(&path, &bytes).unwrap_or_else(|x| panic!("{}: {x}", e.expected));
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected != bytes {
            failures.push(format!(
                "{}: output differs from {}\n{}",
                e.name,
                e.expected,
                short_diff(&expected, &bytes)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} conformance cases failed:\n{}",
        failures.len(),
        entries.len(),
        failures.join("\n")
    );
}

#[test]
fn manifest_is_complete_and_sorted() {
    let entries = manifest();
    assert!(entries.len() >= 90, "only {} entries", entries.len());
    let names: Vec<_> = entries.iter().map(|e| e.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(
        names, sorted,
        "entries must be sorted by name, without duplicates"
    );
    for e in &entries {
        assert!(
            e.kind == "decision" || e.kind == "error",
            "{}: kind `{}`",
            e.name,
            e.kind
        );
        assert!(!e.covers.is_empty(), "{}: covers nothing", e.name);
        assert_eq!(e.case, format!("cases/{}.json", e.name), "{}", e.name);
        assert_eq!(
            e.expected,
            format!("expected/{}.json", e.name),
            "{}",
            e.name
        );
    }
    let listed: BTreeSet<_> = entries.iter().map(|e| e.case.clone()).collect();
    for dir in ["cases", "expected"] {
        for f in std::fs::read_dir(root().join(dir)).expect(dir) {
            let f = f.expect("a directory entry").file_name();
            let path = format!("cases/{}", f.to_string_lossy());
            assert!(listed.contains(&path), "{dir}/{f:?} is not in the manifest");
        }
    }
    let covers: Vec<_> = entries.iter().flat_map(|e| e.covers.iter()).collect();
    for v in 1..=14 {
        let tag = format!("vector {v}");
        assert!(
            covers.iter().any(|c| c.as_str() == tag),
            "no case covers `{tag}`"
        );
    }
}

#[test]
fn rulebook_test_blocks_pass() {
    let entries = manifest();
    let books: BTreeSet<_> = entries.iter().flat_map(|e| e.rulebooks.iter()).collect();
    let mut failures = Vec::new();
    let mut ran = 0;
    for b in books {
        for r in compile(b).run_tests(&EvalOptions::default()) {
            ran += 1;
            if !r.passed() {
                failures.push(format!("{b}: {}: {}", r.name, r.failures.join("; ")));
            }
        }
    }
    assert!(ran > 0, "no rulebook has test blocks");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
