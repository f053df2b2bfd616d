//! The formatter on every rulebook in the repository: `parse(format(x)) == parse(x)`,
//! formatting is idempotent, and a trip through the other keyword language comes back to the
//! same tree and text. Files are found at test time, so new rulebooks are covered unasked.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers fail loudly"
)]

use std::path::{Path, PathBuf};

use mete_core::FileId;
use mete_core::ast::{Lang, Module};
use mete_core::fmt::{FormatOptions, format};
use mete_core::parser::parse;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|x| x == "mete") {
            out.push(path);
        }
    }
}

/// Every `.mete` file under `grammar/examples/`, `rulebooks/` and `tests/` that parses. Files meant to
/// fail (error fixtures) are skipped by that test, not by name.
fn corpus() -> Vec<(String, Module)> {
    let root = repo_root();
    let mut paths = Vec::new();
    collect(&root.join("grammar/examples"), &mut paths);
    collect(&root.join("rulebooks"), &mut paths);
    // Error fixtures that parse (their mistakes are the checker's) are rulebooks too.
    collect(&root.join("tests"), &mut paths);
    let mut out = Vec::new();
    for path in paths {
        let name = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let Ok(text) = String::from_utf8(std::fs::read(&path).unwrap()) else {
            continue;
        };
        if let Ok(m) = parse(FileId(0), &text) {
            out.push((name, m));
        }
    }
    out
}

fn reparse(name: &str, text: &str) -> Module {
    match parse(FileId(0), text) {
        Ok(m) => m,
        Err(d) => panic!("{name}: formatted text does not parse: {d:?}\n{text}"),
    }
}

fn fmt(m: &Module, lang: Option<Lang>) -> String {
    format(m, &FormatOptions { lang })
}

fn other(lang: Lang) -> Lang {
    match lang {
        Lang::En => Lang::Zh,
        Lang::Zh => Lang::En,
    }
}

#[test]
fn the_corpus_is_not_empty() {
    let names: Vec<String> = corpus().into_iter().map(|(n, _)| n).collect();
    assert!(
        names.iter().any(|n| n.ends_with("sketch-en.mete")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|n| n.ends_with("sketch-zh.mete")),
        "{names:?}"
    );
}

#[test]
fn formatting_keeps_the_tree_and_is_idempotent() {
    for (name, m) in corpus() {
        let once = fmt(&m, None);
        let back = reparse(&name, &once);
        assert_eq!(back, m, "{name}: parse(format(x)) != parse(x)\n{once}");
        let twice = fmt(&back, None);
        assert_eq!(twice, once, "{name}: format is not idempotent");
    }
}

#[test]
fn a_trip_through_the_other_language_comes_back() {
    for (name, m) in corpus() {
        for lang in [Lang::En, Lang::Zh] {
            let here = fmt(&m, Some(lang));
            let here_tree = reparse(&name, &here);
            assert_eq!(
                fmt(&here_tree, Some(lang)),
                here,
                "{name}: {lang:?} not idempotent"
            );
            let there = fmt(&here_tree, Some(other(lang)));
            let there_tree = reparse(&name, &there);
            assert_eq!(there_tree.lang, other(lang), "{name}");
            let back = fmt(&there_tree, Some(lang));
            assert_eq!(
                back,
                here,
                "{name}: {lang:?} → {:?} → {lang:?} changed the text",
                other(lang)
            );
            assert_eq!(
                reparse(&name, &back),
                here_tree,
                "{name}: the trip changed the tree"
            );
        }
    }
}

/// The sketches as the formatter prints them, in both languages (reviewed by reading).
#[test]
fn sketch_snapshots() {
    for file in ["sketch-en", "sketch-zh"] {
        let path = repo_root().join(format!("grammar/examples/{file}.mete"));
        let text = std::fs::read_to_string(path).unwrap();
        let m = parse(FileId(0), &text).unwrap();
        insta::assert_snapshot!(format!("{file}.as-is"), fmt(&m, None));
        insta::assert_snapshot!(format!("{file}.en"), fmt(&m, Some(Lang::En)));
        insta::assert_snapshot!(format!("{file}.zh"), fmt(&m, Some(Lang::Zh)));
    }
}

/// A comment's trailing white space is dropped at once, not one `\r` per round (found by the
/// `fmt_roundtrip` fuzz target: a comment ending in a run of `\r` lost one per format).
#[test]
fn comments_lose_trailing_white_space_once() {
    let source = "// a \t\r\r\r\r\n// b\u{3000}\r\n//\r\r\n\
                  rulebook \"e\" { version \"1\" effective from 2024-01-01 }\r\n";
    let m = parse(FileId(0), source).unwrap();
    let once = fmt(&m, None);
    assert!(once.starts_with("// a\n// b\n//\n"), "{once:?}");
    let back = reparse("comments", &once);
    assert_eq!(back, m);
    assert_eq!(fmt(&back, None), once);
}

/// Full-width punctuation, Chinese quotes, `!` and odd spacing come out canonical.
#[test]
fn messy_source_comes_out_canonical() {
    let source = "规则集 “甲”{标题 “标\"题”；版本 \"1\"}\n\
        事实{ 甲：金额 “甲”，乙：布尔 \"乙\" 默认 否 ；}\n\
        定义 丙 = !乙 且 （甲 + 1） × 2 ≥ 3   //  两个空格\n\
        违法行为 甲-1 \"t\"{罚款 当 甲 < 1：1 至 2，当 乙：3 至 4 否则：不超过 5\n\
        阶次 轻 \"轻\" 否则：低段 30％}";
    let m = parse(FileId(0), source).unwrap();
    let text = fmt(&m, None);
    assert_eq!(
        text,
        "规则集 \"甲\" {\n  标题 \"标\\\"题\"\n  版本 \"1\"\n}\n\n\
         事实 {\n  甲: 金额 \"甲\"\n  乙: 布尔 \"乙\" 默认 否\n}\n\n\
         定义 丙 = 非 乙 且 (甲 + 1) * 2 >= 3\n\n\
         //  两个空格\n\
         违法行为 甲-1 \"t\" {\n  罚款\n    当 甲 < 1: 1 至 2\n    当 乙: 3 至 4\n    否则: 不超过 5\n  \
         阶次 轻 \"轻\" 否则: 低段 30%\n}\n"
    );
    assert_eq!(reparse("messy", &text), m);
}

#[test]
fn the_corpus_includes_every_rulebook() {
    let names: Vec<String> = corpus().into_iter().map(|(n, _)| n).collect();
    let mut expected = Vec::new();
    collect(&repo_root().join("rulebooks"), &mut expected);
    for path in expected {
        let name = path
            .strip_prefix(repo_root())
            .unwrap()
            .display()
            .to_string();
        assert!(names.contains(&name), "{name} does not parse");
    }
}
