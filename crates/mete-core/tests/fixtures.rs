//! The repository's rulebook files, checked end to end:
//! - every malformed rulebook `tests/errors/*.mete` is rejected, and among its diagnostics is the
//!   code its first line declares (`// expect: mete::<stage>::<kind>`);
//! - every rulebook under `rulebooks/` checks with no error.
//!
//! Imports are read from disk by a small loader here (the core itself does no I/O), so the
//! cyclic-import fixtures can use their companions in `tests/errors/imports/`.

use std::path::{Path, PathBuf};

use mete_core::Severity;
use mete_core::check::{CheckOptions, CheckResult, LoadedFile, Loader, check};

/// Reads imports relative to the importing file; names are canonical paths, so a file reached
/// twice by different routes has one name (which cycle detection relies on).
struct DiskLoader;

impl Loader for DiskLoader {
    fn load(&self, importer: &str, path: &str) -> Result<LoadedFile, String> {
        let base = Path::new(importer).parent().unwrap_or(Path::new(""));
        let joined = base.join(path);
        let name = joined
            .canonicalize()
            .map_err(|e| format!("cannot find `{}`: {e}", joined.display()))?;
        let bytes =
            std::fs::read(&name).map_err(|e| format!("cannot read `{}`: {e}", name.display()))?;
        Ok(LoadedFile {
            name: name.display().to_string(),
            bytes,
        })
    }
}

/// Fixtures whose declared code the checker does not emit yet, with what it emits instead. Each
/// is a known checker gap kept on purpose: the test fails when the gap closes, so the entry is
/// removed then.
const KNOWN_GAPS: &[(&str, &str)] = &[];

/// The repository root (two levels above this crate).
fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// `.mete` files in `dir`, sorted; with `recursive`, also in its subdirectories.
fn mete_files(dir: &Path, recursive: bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if recursive {
                out.extend(mete_files(&path, true));
            }
        } else if path.extension().is_some_and(|e| e == "mete") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Checks one file from disk.
fn check_file(path: &Path) -> Result<CheckResult, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let name = path.display().to_string();
    Ok(check(&name, &bytes, &DiskLoader, &CheckOptions::default()))
}

/// The code a fixture's first line declares.
fn declared_code(bytes: &[u8]) -> Option<String> {
    let first = bytes.split(|b| *b == b'\n').next()?;
    let line = std::str::from_utf8(first).ok()?;
    let code = line.strip_prefix("// expect:")?.trim();
    code.starts_with("mete::").then(|| code.to_string())
}

/// One line per diagnostic, for failure messages.
fn describe(result: &CheckResult) -> String {
    result
        .diagnostics
        .iter()
        .map(|d| {
            let dto = d.to_dto(&result.sources);
            format!(
                "    {:?} {} at {}:{}: {}",
                d.severity,
                d.code,
                dto.line.unwrap_or(0),
                dto.col.unwrap_or(0),
                d.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn there_are_enough_fixtures_and_each_declares_a_code() {
    let files = mete_files(&repo_root().join("tests/errors"), false);
    assert!(files.len() >= 50, "only {} fixtures", files.len());
    for path in &files {
        let bytes = std::fs::read(path).expect("fixture is readable");
        let code = declared_code(&bytes);
        assert!(
            code.is_some(),
            "{} does not start with `// expect: mete::<stage>::<kind>`",
            path.display()
        );
    }
}

#[test]
fn every_fixture_is_rejected_with_its_declared_code() {
    let mut failures = Vec::new();
    for path in mete_files(&repo_root().join("tests/errors"), false) {
        let bytes = std::fs::read(&path).expect("fixture is readable");
        let Some(code) = declared_code(&bytes) else {
            failures.push(format!("{}: no `// expect:` line", path.display()));
            continue;
        };
        let result = check_file(&path).expect("fixture is readable");
        let has_error = result
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error);
        let has_code = result.diagnostics.iter().any(|d| d.code == code);
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some((_, gap)) = KNOWN_GAPS.iter().find(|(f, _)| *f == file_name) {
            if has_code {
                failures.push(format!(
                    "{file_name}: now reports `{code}`; remove it from KNOWN_GAPS ({gap})"
                ));
            } else if !has_error {
                failures.push(format!("{file_name}: known gap, but no error at all"));
            }
            continue;
        }
        if !has_error || !has_code {
            failures.push(format!(
                "{file_name}: expected `{code}`, got:\n{}",
                describe(&result)
            ));
        }
        if has_error && result.rulebook.is_some() {
            failures.push(format!(
                "{}: errors were reported but a checked rulebook was returned",
                path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_bundled_rulebook_checks_clean() {
    let files = mete_files(&repo_root().join("rulebooks"), true);
    assert!(
        files.len() >= 4,
        "expected the showcase (3 files) and the ecology rulebook, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for path in files {
        let result = check_file(&path).expect("rulebook is readable");
        let errors = result
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        if errors > 0 || result.rulebook.is_none() {
            failures.push(format!("{}:\n{}", path.display(), describe(&result)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rulebook(s) have errors:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
