//! Hostile and careless input through the real binary: huge and deep files, cyclic imports,
//! imports that try to leave the rulebook's directory, and the flags that change those limits.
//! Each must end in a clear error code (never a crash); timing is measured by hand (see
//! docs/limits.md), not asserted here.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers: a failure should stop the test"
)]

mod common;

use common::{mete, mete_in, scratch};

const BOOK: &str = "rulebooks/ecology/ecology.mete";
const SAMPLE: &str = "rulebooks/ecology/cases/sample.json";

fn case_code(stdout: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(stdout).unwrap();
    format!("{} {}", v["kind"], v["problems"][0]["code"])
}

#[test]
fn a_hundred_megabyte_case_file_is_refused() {
    let dir = scratch("hostile-big-case");
    let mut big = r#"{"violation": "环评-登记表", "pad": ""#.as_bytes().to_vec();
    big.resize(100 * 1024 * 1024, b'x');
    big.extend_from_slice(b"\"}");
    std::fs::write(dir.join("big.json"), &big).unwrap();
    let book = common::repo_root().join(BOOK);
    let run = mete_in(&dir, &["eval", book.to_str().unwrap(), "big.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(case_code(&run.stdout), r#""case" "mete::case::too_large""#);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_case_size_limit_is_a_flag() {
    let run = mete(&["eval", BOOK, SAMPLE, "--limit", "case_bytes=100"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(case_code(&run.stdout), r#""case" "mete::case::too_large""#);
    let run = mete(&["--limit", "case_list_len=2", "eval", BOOK, SAMPLE]);
    assert_eq!(
        case_code(&run.stdout),
        r#""case" "mete::case::list_too_long""#
    );
    let ok = mete(&["eval", BOOK, SAMPLE, "--limit", "case_bytes=100000"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
}

#[test]
fn a_bad_limit_flag_is_a_usage_error() {
    let run = mete(&["eval", BOOK, SAMPLE, "--limit", "case_byte=100"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error[mete::cli::limit]: no limit named `case_byte`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_hundred_thousand_nested_parentheses_are_a_parse_error() {
    let dir = scratch("hostile-deep");
    let depth = 100_000;
    let src = format!(
        "rulebook \"d\" {{ version \"1\" effective from 2024-01-01 }}\nlet x: number \"x\" = {}1{}\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    std::fs::write(dir.join("deep.mete"), src).unwrap();
    let run = mete_in(&dir, &["check", "deep.mete"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("mete::parse::too_deep"),
        "{}",
        run.stdout
    );
    // A lower nesting limit is a flag too.
    std::fs::write(
        dir.join("shallow.mete"),
        "rulebook \"d\" { version \"1\" effective from 2024-01-01 }\nlet x: number \"x\" = ((((1))))\n",
    )
    .unwrap();
    let ok = mete_in(&dir, &["check", "shallow.mete"]);
    assert!(!ok.stdout.contains("too_deep"), "{}", ok.stdout);
    let low = mete_in(&dir, &["check", "--limit", "nesting=3", "shallow.mete"]);
    assert!(
        low.stdout.contains("mete::parse::too_deep"),
        "{}",
        low.stdout
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_cyclic_import_is_an_error() {
    let dir = scratch("hostile-cycle");
    std::fs::write(
        dir.join("a.mete"),
        "rulebook \"a\" { version \"1\" effective from 2024-01-01 import \"b.mete\" }\n",
    )
    .unwrap();
    std::fs::write(dir.join("b.mete"), "rulebook \"b\" { import \"a.mete\" }\n").unwrap();
    let run = mete_in(&dir, &["check", "a.mete"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("mete::check::import_cycle\n\n  × import cycle: a.mete → b.mete → a.mete"),
        "{}",
        run.stdout
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `book/main.mete` imports `../shared.mete`, outside its own directory.
fn escaping_book(tag: &str) -> std::path::PathBuf {
    let dir = scratch(tag);
    std::fs::create_dir_all(dir.join("book")).unwrap();
    std::fs::write(
        dir.join("book/main.mete"),
        "rulebook \"m\" { version \"1\" effective from 2024-01-01 import \"../shared.mete\" }\n",
    )
    .unwrap();
    std::fs::write(dir.join("shared.mete"), "rulebook \"s\" { }\n").unwrap();
    dir
}

#[test]
fn imports_cannot_leave_the_rulebook_directory_by_default() {
    let dir = escaping_book("hostile-escape");
    // Run from `book/`: the current directory is the root, and `../shared.mete` is outside.
    let run = mete_in(&dir.join("book"), &["check", "main.mete"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("mete::check::import_not_found"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("import `../shared.mete` leads outside the rulebook root `.`"),
        "{}",
        run.stdout
    );
    // The same from inside the directory, and through `eval`.
    let inside = mete_in(&dir.join("book"), &["check", "main.mete"]);
    assert!(
        inside
            .stdout
            .contains("leads outside the rulebook root `.`"),
        "{}",
        inside.stdout
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_caller_may_allow_imports_outside_the_root() {
    let dir = escaping_book("hostile-allowed");
    let open = mete_in(
        &dir,
        &["check", "--allow-imports-outside-root", "book/main.mete"],
    );
    assert_eq!(open.code, 0, "{}", open.stdout);
    let wider = mete_in(&dir, &["check", "--import-root", ".", "book/main.mete"]);
    assert_eq!(wider.code, 0, "{}", wider.stdout);
    let narrow = mete_in(&dir, &["check", "--import-root", "book", "book/main.mete"]);
    assert_eq!(narrow.code, 1, "{}", narrow.stdout);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_root_is_refused() {
    let dir = scratch("hostile-symlink");
    std::fs::create_dir_all(dir.join("book")).unwrap();
    std::fs::write(dir.join("secret.mete"), "rulebook \"s\" { }\n").unwrap();
    std::os::unix::fs::symlink(dir.join("secret.mete"), dir.join("book/link.mete")).unwrap();
    std::fs::write(
        dir.join("book/main.mete"),
        "rulebook \"m\" { version \"1\" effective from 2024-01-01 import \"link.mete\" }\n",
    )
    .unwrap();
    let run = mete_in(&dir.join("book"), &["check", "main.mete"]);
    assert!(
        run.stdout.contains("leads outside the rulebook root"),
        "{}",
        run.stdout
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
