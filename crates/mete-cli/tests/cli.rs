//! The `mete` binary end to end: help, exit statuses, JSON shape, `fmt` modes.

mod common;

use common::{mete, mete_in, scratch};

#[test]
fn help_shows_examples_for_every_command() {
    for args in [&["--help"][..], &["check", "--help"], &["fmt", "--help"]] {
        let run = mete(args);
        assert_eq!(run.code, 0, "{args:?}");
        assert!(
            run.stdout.contains("Examples:"),
            "{args:?}:\n{}",
            run.stdout
        );
    }
    insta::assert_snapshot!("check_help", mete(&["check", "--help"]).stdout);
    insta::assert_snapshot!("fmt_help", mete(&["fmt", "--help"]).stdout);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(mete(&[]).code, 2);
    assert_eq!(mete(&["check"]).code, 2);
    assert_eq!(mete(&["check", "--format", "xml", "rulebooks"]).code, 2);
    assert_eq!(mete(&["fmt", "--check", "--write", "rulebooks"]).code, 2);
    let run = mete(&["frobnicate"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("frobnicate"), "{}", run.stderr);
}

#[test]
fn missing_files_exit_2_with_a_located_message() {
    let run = mete(&["check", "no/such/file.mete"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout
            .contains("cannot read `no/such/file.mete`: no such file or directory"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("mete::cli::io"), "{}", run.stdout);
    assert!(
        run.stdout.ends_with("1 error, 0 warnings in 0 files\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_directory_without_rulebooks_is_a_usage_problem() {
    let dir = scratch("empty-dir");
    let run = mete_in(&dir, &["check", "."]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.contains("no `.mete` files"), "{}", run.stdout);
}

#[test]
fn json_report_has_a_stable_field_order() {
    let run = mete(&["check", "--format", "json", "no/such/file.mete"]);
    assert_eq!(run.code, 2);
    let out = &run.stdout;
    let order = |keys: &[&str]| {
        let positions: Vec<usize> = keys
            .iter()
            .map(|k| {
                out.find(&format!("\"{k}\":"))
                    .unwrap_or_else(|| panic!("{k}: {out}"))
            })
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "{keys:?} in {out}"
        );
    };
    order(&["files", "errors", "warnings", "diagnostics"]);
    order(&[
        "severity", "code", "message", "file", "line", "col", "help", "labels",
    ]);
    let v: serde_json::Value = serde_json::from_str(out).unwrap();
    assert_eq!(v["errors"], 1);
    assert_eq!(v["warnings"], 0);
    assert_eq!(v["files"], serde_json::json!([]));
    assert_eq!(v["diagnostics"][0]["code"], "mete::cli::io");
    assert_eq!(v["diagnostics"][0]["file"], "no/such/file.mete");
    assert_eq!(v["diagnostics"][0]["severity"], "error");
}

/// The repository root.
fn workspace() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// How many `*.mete` files lie under `dir`, at any depth.
fn mete_files_under(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .map(|p| {
            if p.is_dir() {
                mete_files_under(&p)
            } else {
                usize::from(p.extension().is_some_and(|x| x == "mete"))
            }
        })
        .sum()
}

#[test]
fn example_rulebooks_check_clean() {
    let run = mete(&["check", "rulebooks"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let summary = run.stdout.lines().last().unwrap();
    assert!(summary.starts_with("0 errors, "), "{}", run.stdout);
    // Every `*.mete` under `rulebooks/` is checked (the count grows as rulebooks are added).
    let expected = format!(
        " in {} files",
        mete_files_under(&workspace().join("rulebooks"))
    );
    assert!(summary.ends_with(&expected), "{}", run.stdout);
    let json = mete(&[
        "check",
        "--format",
        "json",
        "--deny",
        "warnings",
        "rulebooks",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert!(files.len() >= 2, "{files:?}");
    // Directories expand to sorted `*.mete` files, named relative to the current directory.
    let names: Vec<&str> = files.iter().map(|f| f.as_str().unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("rulebooks/") && n.ends_with(".mete"))
    );
    assert_eq!(json.code, i32::from(v["warnings"].as_u64().unwrap() > 0));
}

#[test]
fn errors_exit_1_and_are_rendered_with_a_caret_under_chinese_text() {
    let dir = scratch("chinese-error");
    std::fs::write(
        dir.join("规则.mete"),
        "规则集 \"示例\" { 版本 \"1\" 施行 自 2024-01-01 }\n\
         事实 { 货值金额: 金额 \"货值金额\" 默认 0 }\n\
         定义 较大 = 货值金额 以上 未知金额\n",
    )
    .unwrap();
    let run = mete_in(&dir, &["check", "规则.mete"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let out = &run.stdout;
    // `未知金额` starts at character column 17 of line 3 (byte column 33).
    assert!(out.contains("[规则.mete:3:17]"), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    let src = lines
        .iter()
        .position(|l| l.ends_with("以上 未知金额"))
        .unwrap();
    let width = |s: &str| -> usize { s.chars().map(|c| if c > '\u{2E80}' { 2 } else { 1 }).sum() };
    let under = lines[src + 1];
    let start = under.find(['─', '^', '┬']).unwrap();
    let target = lines[src].find("未知金额").unwrap();
    assert_eq!(
        width(under.get(..start).unwrap()),
        width(lines[src].get(..target).unwrap()),
        "{out}"
    );
    assert!(out.trim_end().ends_with("in 1 file"), "{out}");
}

#[test]
fn fmt_prints_checks_and_writes() {
    let dir = scratch("fmt-modes");
    let messy = "rulebook   \"x\"   { version \"1\"   effective from 2024-01-01 }\n";
    std::fs::write(dir.join("a.mete"), messy).unwrap();

    let printed = mete_in(&dir, &["fmt", "a.mete"]);
    assert_eq!(printed.code, 0, "{}", printed.stderr);
    assert!(
        printed.stdout.starts_with("rulebook \"x\""),
        "{}",
        printed.stdout
    );
    let canonical = printed.stdout.clone();

    let zh = mete_in(&dir, &["fmt", "--keywords", "zh", "a.mete"]);
    assert!(zh.stdout.starts_with("规则集 \"x\""), "{}", zh.stdout);

    let check = mete_in(&dir, &["fmt", "--check", "a.mete"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains("not formatted: a.mete"),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains("\n-rulebook   \"x\""),
        "{}",
        check.stdout
    );

    let write = mete_in(&dir, &["fmt", "--write", "."]);
    assert_eq!(write.code, 0, "{}", write.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("a.mete")).unwrap(),
        canonical
    );
    let again = mete_in(&dir, &["fmt", "--check", "."]);
    assert_eq!(again.code, 0, "{}", again.stdout);
    assert!(
        again.stdout.contains("0 files of 1 not formatted"),
        "{}",
        again.stdout
    );

    // Printing several files at once is refused.
    std::fs::write(dir.join("b.mete"), &canonical).unwrap();
    assert_eq!(mete_in(&dir, &["fmt", "."]).code, 2);
}

#[test]
fn fmt_reports_syntax_errors_and_exits_1() {
    let dir = scratch("fmt-broken");
    std::fs::write(dir.join("bad.mete"), "rulebook \"x\" {\n").unwrap();
    let run = mete_in(&dir, &["fmt", "bad.mete"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("mete::parse::"), "{}", run.stderr);
    assert!(run.stderr.contains("[bad.mete:"), "{}", run.stderr);
}

#[test]
fn invalid_utf8_is_a_diagnostic_not_a_crash() {
    let dir = scratch("bad-utf8");
    std::fs::write(dir.join("x.mete"), b"rulebook \"\xff\" {}\n").unwrap();
    let run = mete_in(&dir, &["check", "--format", "json", "x.mete"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("mete::parse::invalid_utf8"),
        "{}",
        run.stdout
    );
}

#[test]
fn lint_warnings_fail_the_run_only_under_deny_warnings() {
    let fixture = "tests/lints/003-gap-fail.mete";
    let run = mete(&["check", fixture]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("mete::lint::gap"), "{}", run.stdout);
    assert!(run.stdout.contains("0 errors, 1 warning"), "{}", run.stdout);
    let denied = mete(&["check", "--deny", "warnings", fixture]);
    assert_eq!(denied.code, 1, "{}", denied.stdout);
    let json = mete(&["check", "--format", "json", "--deny", "warnings", fixture]);
    assert_eq!(json.code, 1);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "mete::lint::gap");
    assert_eq!(v["diagnostics"][0]["severity"], "warning");
    // A band wholly outside the statutory range is an error with or without `--deny`.
    assert_eq!(
        mete(&["check", "tests/lints/001-band_outside-fail.mete"]).code,
        1
    );
    // A clean fixture passes even when warnings are denied.
    let clean = mete(&[
        "check",
        "--deny",
        "warnings",
        "tests/lints/003-gap-clean.mete",
    ]);
    assert_eq!(clean.code, 0, "{}", clean.stdout);
}

#[test]
fn compile_saves_a_rulebook_that_decides_as_its_source() {
    let dir = scratch("compile");
    let out = dir.join("ecology.metec");
    let out_arg = out.to_string_lossy().to_string();
    let run = mete(&["compile", "rulebooks/ecology/ecology.mete", "-o", &out_arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = std::fs::read(&out).unwrap();
    let book = mete_core::compile::Rulebook::load(&bytes).unwrap();
    assert_eq!(book.id(), "ecology-benchmark");
    // The same rulebook saves to the same bytes.
    let again = mete(&["compile", "rulebooks/ecology/ecology.mete", "-o", &out_arg]);
    assert_eq!(again.code, 0);
    assert_eq!(std::fs::read(&out).unwrap(), bytes);
    let case =
        std::fs::read(common::repo_root().join("rulebooks/ecology/cases/sample.json")).unwrap();
    let options = mete_core::eval::EvalOptions::default();
    let decision = book
        .evaluate_json(&case, &options, &Default::default())
        .unwrap();
    let mut from_saved = serde_json::to_string_pretty(&decision).unwrap();
    from_saved.push('\n');
    let eval = mete(&[
        "eval",
        "rulebooks/ecology/ecology.mete",
        "rulebooks/ecology/cases/sample.json",
    ]);
    assert_eq!(eval.stdout, from_saved);
}

#[test]
fn compile_writes_nothing_for_a_rulebook_with_errors() {
    let dir = scratch("compile-errors");
    std::fs::write(dir.join("bad.mete"), "rulebook \"x\" {\n").unwrap();
    let run = mete_in(&dir, &["compile", "bad.mete", "-o", "bad.metec"]);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert_eq!(run.code, 1, "{said}");
    assert!(said.contains("bad.mete:1:"), "{said}");
    assert!(!dir.join("bad.metec").exists());
}
