//! The lints of `mete check`, on the fixtures in `tests/lints/` and on every bundled rulebook.
//!
//! A fixture's first line declares what it must yield: `// expect: CODE[, CODE…]` for a failing
//! fixture (each declared code appears, and no other lint or unused-declaration code), or
//! `// expect: clean` (no diagnostic at all). Every kind of lint has one failing and one clean
//! fixture. Every rulebook under `rulebooks/` and `tests/conformance/books/` checks with no
//! diagnostic at all (no error, no warning).
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "a test: failing loudly is the point"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use mete_core::check::{CheckOptions, CheckResult, LoadedFile, Loader, check};
use mete_core::lint::err;

/// Reads imports and parents relative to the importing file.
struct DiskLoader;

impl Loader for DiskLoader {
    fn load(&self, importer: &str, path: &str) -> Result<LoadedFile, String> {
        let base = Path::new(importer).parent().unwrap_or(Path::new(""));
        let joined = base.join(path);
        let name = joined
            .canonicalize()
            .map_err(|e| format!("cannot find `{}`: {e}", joined.display()))?;
        let bytes = std::fs::read(&name).map_err(|e| format!("cannot read: {e}"))?;
        Ok(LoadedFile {
            name: name.display().to_string(),
            bytes,
        })
    }
}

fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

fn mete_files(dir: &Path, recursive: bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
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

fn run(path: &Path) -> CheckResult {
    let bytes = std::fs::read(path).unwrap();
    check(
        &path.display().to_string(),
        &bytes,
        &DiskLoader,
        &CheckOptions::default(),
    )
}

/// Codes that belong to the lint set.
fn lint_codes() -> BTreeSet<&'static str> {
    err::ALL
        .iter()
        .map(|(c, _)| *c)
        .chain(err::FROM_CHECKER.iter().copied())
        .collect()
}

fn dump(r: &CheckResult) -> String {
    r.diagnostics
        .iter()
        .map(|d| format!("{:?} {} {}", d.severity, d.code, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

fn fixtures() -> Vec<PathBuf> {
    mete_files(&repo_root().join("tests/lints"), false)
}

#[test]
fn every_lint_fixture_yields_what_it_declares() {
    let lints = lint_codes();
    let mut problems = Vec::new();
    for path in fixtures() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let first = text.lines().next().unwrap_or_default();
        let declared = first
            .strip_prefix("// expect:")
            .unwrap_or_else(|| panic!("{name}: first line must be `// expect: …`"))
            .trim();
        let r = run(&path);
        let got: BTreeSet<&str> = r.diagnostics.iter().map(|d| d.code).collect();
        if declared == "clean" {
            assert!(
                name.ends_with("-clean.mete"),
                "{name}: clean fixtures end in -clean"
            );
            if !r.diagnostics.is_empty() {
                problems.push(format!("{name}: expected no diagnostic, got\n{}", dump(&r)));
            }
            continue;
        }
        assert!(
            name.ends_with("-fail.mete"),
            "{name}: failing fixtures end in -fail"
        );
        let want: BTreeSet<&str> = declared.split(',').map(str::trim).collect();
        for code in &want {
            assert!(lints.contains(code), "{name}: `{code}` is not a lint code");
        }
        if got != want {
            problems.push(format!(
                "{name}: expected exactly {want:?}, got\n{}",
                dump(&r)
            ));
        }
        // Every finding is located and has a hint.
        for d in &r.diagnostics {
            assert!(
                d.primary_span().is_some(),
                "{name}: {} has no place",
                d.code
            );
            assert!(d.help.is_some(), "{name}: {} has no hint", d.code);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn every_lint_has_a_failing_and_a_clean_fixture() {
    let names: Vec<String> = fixtures()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    let declared: BTreeSet<String> = fixtures()
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            Some(
                text.lines()
                    .next()?
                    .strip_prefix("// expect:")?
                    .trim()
                    .to_string(),
            )
        })
        .flat_map(|l| {
            l.split(',')
                .map(|c| c.trim().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    // The parent and unknown-item companions are exercised by the unit tests below.
    let skip = [err::UNKNOWN_PARENT_ITEM, err::PARENT_UNAVAILABLE];
    for (code, _) in err::ALL {
        if !skip.contains(code) {
            assert!(
                declared.contains(*code),
                "no failing fixture declares `{code}`"
            );
        }
    }
    for fail in names.iter().filter(|n| n.ends_with("-fail.mete")) {
        let clean = fail.replace("-fail.mete", "-clean.mete");
        assert!(
            names.contains(&clean),
            "`{fail}` has no clean companion `{clean}`"
        );
    }
}

#[test]
fn a_band_wholly_outside_is_an_error_and_partly_outside_a_warning() {
    let r = run(&repo_root().join("tests/lints/001-band_outside-fail.mete"));
    let sev: Vec<(mete_core::Severity, &str)> = r
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.message.as_str()))
        .collect();
    assert_eq!(sev.len(), 2, "{}", dump(&r));
    assert_eq!(sev[0].0, mete_core::Severity::Warning);
    assert!(sev[0].1.contains("40000 to 60000"), "{}", sev[0].1);
    assert!(sev[0].1.contains("partly"), "{}", sev[0].1);
    assert_eq!(sev[1].0, mete_core::Severity::Error);
    assert!(sev[1].1.contains("wholly"), "{}", sev[1].1);
    // An error rejects the rulebook.
    assert!(r.rulebook.is_none());
}

#[test]
fn findings_name_tiers_and_witnesses() {
    let msgs = |f: &str| -> Vec<String> {
        run(&repo_root().join("tests/lints").join(f))
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect()
    };
    assert_eq!(
        msgs("003-gap-fail.mete"),
        ["no tier of item `G-1` matches when `harm` is `none`"]
    );
    assert_eq!(
        msgs("011-gap-hole-fail.mete"),
        [
            "no tier of item `H-1` covers 40000 < `value` < 50000, between tiers `general` and `heavy`; those cases fall to `otherwise`"
        ]
    );
    assert_eq!(
        msgs("002-overlap-fail.mete"),
        [
            "tiers `light` and `heavy` both match when 3000 ≤ `value` ≤ 5000, and the lighter `light` comes first"
        ]
    );
    assert_eq!(
        msgs("005-shadowed-fail.mete"),
        [
            "tier `serious` is never reached: earlier tier `harmful` matches every case it matches",
            "tier `huge` is never reached: earlier tier `big` matches every case it matches",
        ]
    );
    assert_eq!(
        msgs("006-placement-fail.mete"),
        [
            "tier `general` (ordinary) recommends `minimum`, but the placement policy recommends `midpoint`",
            "tier `light` (lenient) lies at 20% to 40% of the range, outside the placement policy `lower 30%`",
            "tier `light` (lenient) lies at 0% to 40% of the range, outside the placement policy `lower 30%`",
        ]
    );
}

fn run_text(files: &[(&str, &str)]) -> CheckResult {
    let loader = mete_core::check::MemoryLoader::new(files.iter().copied());
    let (name, text) = files[0];
    check(name, text.as_bytes(), &loader, &CheckOptions::default())
}

#[test]
fn an_unknown_parent_item_and_a_missing_parent_are_reported() {
    let child = r#"rulebook "c" { version "1" effective from 2024-01-01 refines "p.mete" }
violation X "x" { cite "a" refines NOPE fine 1 to 2 }"#;
    let parent = r#"rulebook "p" { version "1" effective from 2024-01-01 }
violation Y "y" { cite "a" fine 1 to 2 }"#;
    let r = run_text(&[("c.mete", child), ("p.mete", parent)]);
    let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [err::UNKNOWN_PARENT_ITEM], "{}", dump(&r));
    let r = run_text(&[("c.mete", child)]);
    let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [err::PARENT_UNAVAILABLE], "{}", dump(&r));
}

#[test]
fn unsure_conditions_stay_silent() {
    // Definitions are free variables: a gap over them is not provable, nor an overlap.
    let book = r#"rulebook "c" { version "1" effective from 2024-01-01 }
facts { v: money "v" default 0 }
let big: bool = v > 100
violation X "x" { cite "a" fine 1 to 2
  tier a "a" lenient when not big: lower 30%
  tier b "b" severe when v > 50: upper 30%
}"#;
    let r = run_text(&[("c.mete", book)]);
    assert!(r.diagnostics.is_empty(), "{}", dump(&r));
}

#[test]
fn every_bundled_rulebook_checks_without_warnings() {
    let root = repo_root();
    let mut files = mete_files(&root.join("rulebooks"), true);
    files.extend(mete_files(&root.join("tests/conformance/books"), true));
    assert!(files.len() >= 10, "found only {} rulebooks", files.len());
    let mut problems = Vec::new();
    for path in files {
        let r = run(&path);
        if !r.diagnostics.is_empty() {
            problems.push(format!("{}:\n{}", path.display(), dump(&r)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_decision_procedure_is_exact_for_its_atoms() {
    let codes = |tiers: &str| -> Vec<&'static str> {
        let book = format!(
            r#"rulebook "c" {{ version "1" effective from 2024-01-01 }}
enum lvl "l" {{ none "无", minor "轻", serious "重" }}
facts {{ harm: lvl "h" default none  axles: int "a" default 2  w: decimal "w" default 0  ok: bool "o" default false }}
violation X "x" {{ cite "a" fine 1 to 2
{tiers}
  tier z "z" otherwise: 30% to 70%
}}"#
        );
        let r = run_text(&[("c.mete", &book)]);
        let mut out: Vec<&str> = r.diagnostics.iter().map(|d| d.code).collect();
        out.retain(|c| !c.starts_with("mete::check::unused"));
        out
    };
    // `not in` and `!=` name the same variants.
    assert_eq!(
        codes(
            "tier a \"a\" when harm not in {serious}: lower 30%\ntier b \"b\" when harm != serious: lower 30%"
        ),
        [err::SHADOWED]
    );
    // Whole numbers: `<= 3` and `< 4` are the same set; for decimals they are not.
    assert_eq!(
        codes("tier a \"a\" when axles <= 3: lower 30%\ntier b \"b\" when axles < 4: lower 30%"),
        [err::SHADOWED]
    );
    assert!(
        codes("tier a \"a\" when w <= 3: lower 30%\ntier b \"b\" when w < 4: lower 30%").is_empty()
    );
    // `ok or not ok` always holds: everything after it is shadowed.
    assert_eq!(
        codes("tier a \"a\" when ok or not ok: lower 30%\ntier b \"b\" when w > 1: lower 30%"),
        [err::SHADOWED]
    );
    // Several earlier tiers together.
    assert_eq!(
        codes(
            "tier a \"a\" when w < 1: lower 30%\ntier b \"b\" when w >= 1: lower 30%\ntier c \"c\" when ok: lower 30%"
        ),
        [err::SHADOWED]
    );
    // `==` against a decimal and its negation.
    assert_eq!(
        codes("tier a \"a\" when w == 2 and w != 2: lower 30%"),
        [err::NEVER_TRUE]
    );
}
