//! `grammar/README.md` must not drift from the grammar and the vocabulary: every `kw_` rule of
//! `grammar/mete.pest` has a row with all its spellings and the right "reserved" mark, and every
//! contextual word of `vocab.rs` appears in both spellings.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure should stop the test"
)]

use std::path::Path;

use mete_core::vocab;

fn read(rel: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(rel),
    )
    .unwrap()
}

/// The quoted strings of a line of pest.
fn quoted(line: &str) -> Vec<String> {
    line.split('"')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect()
}

/// `(rule name, spellings)` of every `kw_… = @{ … }` line.
fn keyword_rules(pest: &str) -> Vec<(String, Vec<String>)> {
    pest.lines()
        .filter(|l| l.starts_with("kw_"))
        .map(|l| {
            let name = l.split_whitespace().next().unwrap().to_string();
            (name, quoted(l))
        })
        .collect()
}

/// The rule names listed in the `keyword` rule.
fn reserved(pest: &str) -> Vec<String> {
    let start = pest.find("\nkeyword = _{").unwrap();
    let body = pest.get(start..).unwrap();
    let end = body.find("\n}").unwrap();
    body.get(..end)
        .unwrap()
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with("kw_"))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_keyword_is_in_the_table_with_its_reserved_mark() {
    let pest = read("grammar/mete.pest");
    let readme = read("grammar/README.md");
    let rules = keyword_rules(&pest);
    let reserved = reserved(&pest);
    assert!(rules.len() > 80, "found only {} kw_ rules", rules.len());
    assert!(
        reserved.len() > 40,
        "found only {} reserved",
        reserved.len()
    );
    for (rule, spellings) in &rules {
        assert!(!spellings.is_empty(), "{rule} has no spelling");
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{rule}` |")))
            .unwrap_or_else(|| panic!("no row for `{rule}` in grammar/README.md"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        // ["", rule, English, Chinese, reserved, meaning, ""]
        let spelled = format!("{} {}", cells[2], cells[3]);
        for s in spellings {
            assert!(
                spelled.contains(s.as_str()),
                "`{s}` of {rule} missing in: {row}"
            );
        }
        let marked = cells[4] == "yes";
        assert_eq!(
            marked,
            reserved.contains(rule),
            "reserved mark of {rule}: {row}"
        );
        assert!(!cells[5].is_empty(), "{rule} has no meaning: {row}");
    }
}

#[test]
fn every_contextual_word_is_documented() {
    let readme = read("grammar/README.md");
    let mut words: Vec<(&str, &str)> = Vec::new();
    macro_rules! all {
        ($($t:ident),*) => {$(words.extend(vocab::$t::ALL.iter().map(|v| (v.en(), v.zh())));)*};
    }
    all!(
        SanctionKind,
        EffectKind,
        Grade,
        Point,
        BoundField,
        RoundingMode,
        ConflictMode,
        Outcome,
        ReviewKindBuiltin,
        BuiltinType,
        Function,
        GivenKey,
        ExpectKey
    );
    for (en, zh) in words {
        let row = format!("| `{en}` | `{zh}` |");
        assert!(readme.contains(&row), "missing vocabulary row {row}");
    }
}
