//! Saved rulebooks (`Rulebook::save` / `Rulebook::load`, what the browser runtime loads): every
//! bundled rulebook survives the round trip with the same tests, schema, items and decisions, and
//! damaged or foreign files are refused with the reason. The conformance corpus is also replayed
//! over saved rulebooks (`tests/conformance.rs`).
// A test harness: failing loudly is what it is for.
#![allow(
    clippy::panic,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing
)]

mod common;

use mete_core::compile::{LoadError, Rulebook};
use mete_core::eval::EvalOptions;

/// (rulebook, cases) of the bundled sector rulebooks that ship sample cases.
const BOOKS: &[(&str, &[&str])] = &[
    ("ecology/ecology.mete", &["ecology/cases/sample.json"]),
    (
        "transport/overload.mete",
        &["transport/cases/vector12.json"],
    ),
    ("market/food-product-quality.mete", &[]),
    ("showcase/showcase.mete", &[]),
];

fn round_trip(book: &Rulebook) -> Rulebook {
    let text = book.save();
    Rulebook::load(&text).unwrap_or_else(|e| panic!("{}: {e}", book.id()))
}

#[test]
fn bundled_rulebooks_survive_the_round_trip() {
    let root = common::repo_dir("rulebooks");
    for (name, cases) in BOOKS {
        let book = common::compile(&root, name);
        let loaded = round_trip(&book);
        assert_eq!(loaded.save(), book.save(), "{name}: saving is not stable");
        assert_eq!(
            loaded.checked().content_hash,
            book.checked().content_hash,
            "{name}"
        );
        assert_eq!(loaded.case_schema(), book.case_schema(), "{name}");
        assert_eq!(
            format!("{:?}", mete_core::api::items(&loaded)),
            format!("{:?}", mete_core::api::items(&book)),
            "{name}"
        );
        let options = EvalOptions::default();
        let reports = book.run_tests(&options);
        assert!(!reports.is_empty(), "{name} has test blocks");
        assert_eq!(
            loaded.run_tests(&options),
            reports,
            "{name}: test reports differ"
        );
        for case in *cases {
            let json = std::fs::read(root.join(case)).unwrap();
            let decide = |b: &Rulebook| {
                let d = b.evaluate_json(&json, &options, &Default::default());
                serde_json::to_string_pretty(&d.expect("the sample case decides")).unwrap()
            };
            assert_eq!(decide(&loaded), decide(&book), "{name} on {case}");
        }
    }
}

fn saved_ecology() -> Vec<u8> {
    common::compile(&common::repo_dir("rulebooks"), "ecology/ecology.mete").save()
}

#[test]
fn a_damaged_program_is_refused() {
    let bytes = saved_ecology();
    // One byte of the program changed: the checksum no longer matches.
    let mut edited = bytes.clone();
    let last = edited.len() - 1;
    edited[last] ^= 1;
    assert_eq!(Rulebook::load(&edited).unwrap_err(), LoadError::Checksum);
    // Cut short.
    let cut = bytes.get(..bytes.len() / 2).unwrap();
    assert_eq!(Rulebook::load(cut).unwrap_err(), LoadError::Checksum);
}

#[test]
fn other_files_and_versions_are_refused() {
    assert_eq!(Rulebook::load(b"").unwrap_err(), LoadError::NotSaved);
    let source = "rulebook \"x\" { version \"1\" effective from 2024-01-01 }\n";
    assert_eq!(
        Rulebook::load(source.as_bytes()).unwrap_err(),
        LoadError::NotSaved
    );
    let bytes = saved_ecology();
    let newline = bytes.iter().position(|b| *b == b'\n').unwrap();
    let (head, program) = bytes.split_at(newline);
    let older = String::from_utf8(head.to_vec()).unwrap().replacen(
        &format!("\"mete\":\"{}\"", env!("CARGO_PKG_VERSION")),
        "\"mete\":\"0.0.1\"",
        1,
    );
    let older = [older.as_bytes(), program].concat();
    let err = Rulebook::load(&older).unwrap_err();
    assert!(
        matches!(&err, LoadError::Version { found, .. } if found == "0.0.1"),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("compile the rulebook again"),
        "{err}"
    );
}

#[test]
fn a_program_cut_short_with_a_matching_checksum_is_refused() {
    // A well-formed header whose checksum matches a program cut short: the reader stops with
    // an error, whatever the bytes.
    let bytes = saved_ecology();
    let newline = bytes.iter().position(|b| *b == b'\n').unwrap();
    let (head, program) = bytes.split_at(newline);
    let program = &program[1..program.len() / 3];
    let mut header: serde_json::Value = serde_json::from_slice(head).unwrap();
    let sum = {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(program);
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    header["sha256"] = serde_json::Value::String(sum);
    let forged = [header.to_string().as_bytes(), b"\n", program].concat();
    match Rulebook::load(&forged).unwrap_err() {
        LoadError::Malformed(m) => assert!(!m.is_empty()),
        other => panic!("{other:?}"),
    }
}
