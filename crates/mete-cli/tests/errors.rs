//! Every malformed rulebook in `tests/errors/*.mete` (at the repository root) is checked by the
//! real binary; its human and JSON reports are snapshotted, and the code its first line declares
//! (`// expect: mete::<stage>::<kind>`) must be among the diagnostics.

mod common;

use common::{mete, repo_root};

#[allow(clippy::panic, reason = "test helper")]
fn declared_code(bytes: &[u8]) -> String {
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    let code = first
        .strip_prefix("// expect:")
        .unwrap_or_else(|| panic!("first line must be `// expect: CODE`, found `{first}`"))
        .trim();
    assert!(code.starts_with("mete::"), "bad declared code `{code}`");
    code.to_string()
}

#[test]
fn every_error_fixture_reports_its_declared_code() {
    let root = repo_root();
    // Mismatches are collected so that one run lists every fixture that disagrees.
    let mut problems: Vec<String> = Vec::new();
    insta::glob!("../../../tests/errors", "*.mete", |path| {
        let bytes = std::fs::read(path).unwrap();
        let expected = declared_code(&bytes);
        let rel = path.strip_prefix(&root).unwrap().to_str().unwrap();

        let json = mete(&["check", "--format", "json", rel]);
        let report: serde_json::Value = serde_json::from_str(&json.stdout)
            .unwrap_or_else(|e| panic!("{rel}: output is not JSON ({e}):\n{}", json.stdout));
        let codes: Vec<&str> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        if !codes.contains(&expected.as_str()) {
            problems.push(format!("{rel}: expected `{expected}` among {codes:?}"));
        }
        let errors = report["errors"].as_u64().unwrap();
        if json.code != i32::from(errors > 0) {
            problems.push(format!("{rel}: exit {} with {errors} errors", json.code));
        }

        let human = mete(&["check", rel]);
        if human.code != json.code {
            problems.push(format!("{rel}: human and JSON runs exit differently"));
        }
        // Diagnostics are located: a `[file:line:col]` header under `tests/errors/` (the
        // fixture itself or one of its imports).
        if !human.stdout.contains("[tests/errors/") {
            problems.push(format!("{rel}: no located diagnostic"));
        }

        insta::assert_snapshot!("human", format!("exit: {}\n{}", human.code, human.stdout));
        insta::assert_snapshot!("json", json.stdout);
    });
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
