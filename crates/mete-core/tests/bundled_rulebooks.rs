//! The bundled rulebooks (`rulebooks/**/*.mete`): every file checks with no errors and no
//! warnings, and every `test` block in it passes. All problems of all files are collected and
//! reported together, so one run shows everything a drafter has to fix.
// A test harness: failing loudly is what it is for.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;
use common::DirLoader;

use std::path::{Path, PathBuf};

use mete_core::check::CheckOptions;
use mete_core::compile::Rulebook;
use mete_core::eval::EvalOptions;

/// The `rulebooks/` directory of the repository.
fn root() -> PathBuf {
    common::repo_dir("rulebooks")
}

/// Every `.mete` file under `dir`, as paths relative to `rulebooks/`, sorted.
fn mete_files(dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            mete_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "mete") {
            let rel = path.strip_prefix(root()).unwrap();
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// Checks one file and runs its tests; returns one line per problem.
fn problems_of(name: &str) -> (Vec<String>, usize) {
    let bytes = std::fs::read(root().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let book =
        match Rulebook::from_source(name, &bytes, &DirLoader(root()), &CheckOptions::default()) {
            Ok((book, warnings)) if warnings.is_empty() => book,
            Ok((_, warnings)) => {
                let lines = warnings
                    .iter()
                    .map(|w| format!("{name}: warning {}: {}", w.code, w.message))
                    .collect();
                return (lines, 0);
            }
            Err(e) => {
                let lines = e
                    .diagnostics
                    .iter()
                    .map(|d| format!("{name}: {:?}", d.to_dto(&e.sources)))
                    .collect();
                return (lines, 0);
            }
        };
    let reports = book.run_tests(&EvalOptions::default());
    let lines = reports
        .iter()
        .filter(|r| !r.passed())
        .flat_map(|r| {
            r.failures
                .iter()
                .map(move |f| format!("{name}: test `{}`: {f}", r.name))
        })
        .collect();
    (lines, reports.len())
}

#[test]
fn every_bundled_rulebook_checks_and_passes_its_tests() {
    let mut files = Vec::new();
    mete_files(&root(), &mut files);
    assert!(
        files.iter().any(|f| f == "general/penalty-law.mete"),
        "the general part is missing from {files:?}"
    );
    let mut problems = Vec::new();
    let mut tests = 0;
    for f in &files {
        let (p, n) = problems_of(f);
        problems.extend(p);
        tests += n;
    }
    assert!(
        problems.is_empty(),
        "{} problem(s) in the bundled rulebooks:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // The general part's own tests and the food and product-quality rulebook's tests at least.
    assert!(tests >= 30, "only {tests} test blocks ran");
}

fn compile(name: &str) -> Rulebook {
    let bytes = std::fs::read(root().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    match Rulebook::from_source(name, &bytes, &DirLoader(root()), &CheckOptions::default()) {
        Ok((book, _)) => book,
        Err(_) => panic!("{name} does not check"),
    }
}

/// The general part's test rulebooks carry their tests, and the general part itself declares
/// no items and no tests, so importing it adds neither to a sector rulebook.
#[test]
fn general_part_is_pure_and_tested() {
    let general = compile("general/penalty-law.mete");
    assert!(general.checked().items.is_empty());
    assert!(general.checked().tests.is_empty());
    for (name, at_least) in [
        ("general/tests/apl-vectors.mete", 30),
        ("general/tests/public-security-hearing.mete", 4),
    ] {
        let n = compile(name).run_tests(&EvalOptions::default()).len();
        assert!(n >= at_least, "{name}: only {n} tests");
    }
}

/// The sector rulebooks of issue 4 have at least 12 items, each exercised by at least three
/// tests (a test of several provisions counts for each of them).
#[test]
fn sector_items_have_three_tests_each() {
    for name in ["market/food-product-quality.mete"] {
        let book = compile(name);
        let c = book.checked();
        assert!(c.items.len() >= 12, "{name}: only {} items", c.items.len());
        for (idx, item) in c.items.iter().enumerate() {
            let n = c
                .tests
                .iter()
                .filter(|t| {
                    t.violation.is_some_and(|v| v.index() == idx)
                        || t.violations.iter().any(|v| v.index() == idx)
                })
                .count();
            assert!(n >= 3, "{name}: item `{}` has only {n} tests", item.id);
        }
    }
}
