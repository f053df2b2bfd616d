//! The bundled rulebooks (`rulebooks/**/*.mete`): every file checks with no errors and no
//! warnings, and every `test` block in it passes. All problems of all files are collected and
//! reported together, so one run shows everything a drafter has to fix.
// A test harness: failing loudly is what it is for.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use mete_core::check::{CheckOptions, LoadedFile, Loader, join_path};
use mete_core::compile::Rulebook;
use mete_core::eval::EvalOptions;

/// The `rulebooks/` directory of the repository.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rulebooks")
}

/// Loads imports from disk, relative to `rulebooks/`; a file's name is its path under it.
struct DiskLoader;

impl Loader for DiskLoader {
    fn load(&self, importer: &str, path: &str) -> Result<LoadedFile, String> {
        let name = join_path(importer, path)?;
        let bytes = std::fs::read(root().join(&name)).map_err(|e| format!("{name}: {e}"))?;
        Ok(LoadedFile { name, bytes })
    }
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

/// Test blocks known to fail, with the reason: each must still fail (so a fix is noticed and the
/// entry removed), and its failure is not counted as a problem.
const KNOWN_FAILURES: &[(&str, &str, &str)] = &[
    (
        "showcase/showcase.mete",
        "an act before the rulebook took effect is a case error",
        "evaluating one rulebook does not check its effective period; only a set of versions does",
    ),
    (
        "showcase/showcase.mete",
        "first violation is an option",
        "a fine the law only permits is now offered as option `fine`, which a test's `options` \
         cannot name (the checker accepts circumstance ids only)",
    ),
];

fn known_failure(file: &str, test: &str) -> bool {
    KNOWN_FAILURES
        .iter()
        .any(|(f, t, _)| *f == file && *t == test)
}

/// Checks one file and runs its tests; returns one line per problem.
fn problems_of(name: &str) -> (Vec<String>, usize) {
    let bytes = std::fs::read(root().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let book = match Rulebook::from_source(name, &bytes, &DiskLoader, &CheckOptions::default()) {
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
    let mut lines: Vec<String> = reports
        .iter()
        .filter(|r| r.passed() && known_failure(name, &r.name))
        .map(|r| format!("{name}: test `{}` passes now: remove it from KNOWN_FAILURES", r.name))
        .collect();
    let failed = reports
        .iter()
        .filter(|r| !r.passed() && !known_failure(name, &r.name))
        .flat_map(|r| {
            r.failures
                .iter()
                .map(move |f| format!("{name}: test `{}`: {f}", r.name))
        });
    lines.extend(failed);
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

/// Each rulebook directory that must carry tests does carry them, so a file whose tests were
/// lost (or never parsed as tests) cannot pass silently.
#[test]
fn sector_rulebooks_have_tests() {
    for name in [
        "general/tests/apl-vectors.mete",
        "general/tests/public-security-hearing.mete",
        "market/food-product-quality.mete",
    ] {
        let bytes = std::fs::read(root().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (book, _) = Rulebook::from_source(name, &bytes, &DiskLoader, &CheckOptions::default())
            .unwrap_or_else(|_| panic!("{name} does not check"));
        let reports = book.run_tests(&EvalOptions::default());
        assert!(reports.len() >= 3, "{name}: only {} tests", reports.len());
    }
}
