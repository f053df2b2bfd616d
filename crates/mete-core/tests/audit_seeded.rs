//! The audit finds exactly the defects seeded into `examples/audit/records.jsonl`: every seeded
//! line gets exactly its expected codes, and no other line gets any finding.

use std::collections::BTreeMap;
use std::path::PathBuf;

use mete_core::audit::{AuditSummary, audit_record};
use mete_core::check::{CheckOptions, MemoryLoader};
use mete_core::compile::Rulebook;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn the_audit_finds_exactly_the_seeded_defects() {
    let name = "rulebooks/ecology/ecology.mete";
    let src = std::fs::read(root().join(name)).unwrap();
    let (book, _) = Rulebook::from_source(
        name,
        &src,
        &MemoryLoader::default(),
        &CheckOptions::default(),
    )
    .unwrap();
    let records = std::fs::read_to_string(root().join("examples/audit/records.jsonl")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("examples/audit/seeded.json")).unwrap(),
    )
    .unwrap();
    let mut expected: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (line, codes) in manifest["lines"].as_object().unwrap() {
        let mut codes: Vec<String> = codes
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect();
        codes.sort();
        expected.insert(line.parse().unwrap(), codes);
    }

    let mut found: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut summary = AuditSummary::new();
    let mut lines = 0;
    for (i, text) in records.lines().enumerate() {
        lines += 1;
        let report = audit_record(&book, i + 1, text.as_bytes());
        summary.add(&report);
        if !report.findings.is_empty() {
            let mut codes: Vec<String> = report.findings.iter().map(|f| f.code.clone()).collect();
            codes.sort();
            found.insert(i + 1, codes);
        }
    }
    assert_eq!(lines, 10_000);
    assert_eq!(manifest["records"], 10_000);
    let missed: Vec<_> = expected
        .iter()
        .filter(|(l, c)| found.get(l) != Some(c))
        .map(|(l, c)| (l, c, found.get(l)))
        .collect();
    let extra: Vec<_> = found
        .iter()
        .filter(|(l, _)| !expected.contains_key(l))
        .collect();
    assert!(missed.is_empty(), "missed or wrong: {missed:?}");
    assert!(extra.is_empty(), "findings on clean records: {extra:?}");

    // About a tenth of the records are defective, and every seeded kind is represented.
    assert_eq!(expected.len(), 1000);
    assert_eq!(summary.clean, 9000);
    let by_code = manifest["by_code"].as_object().unwrap();
    assert_eq!(by_code.len(), 15);
    for (code, n) in by_code {
        assert_eq!(
            summary.by_code.get(code).copied(),
            n.as_u64().map(|n| n as usize),
            "{code}"
        );
        assert!(n.as_u64().unwrap() >= 60, "{code}");
    }
}
