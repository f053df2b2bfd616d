//! `mete test`: passing and failing test blocks, the diff, coverage in text and JSON, imports,
//! exit statuses.

#![allow(clippy::unwrap_used, reason = "tests: a failure should stop the test")]

mod common;

use std::path::Path;

use common::{mete, mete_in, scratch};

/// Every test passes; the `big` tier and the `legal_review` review are never reached.
const PASSING: &str = r#"rulebook "pass" { version "1" effective from 2020-01-01 }
facts {
  value: money "货值金额" default 0
  first: bool "初次违法" default false
}
circumstance first_time "初次违法" {
  cite "某法第三十三条"
  when first
  may exempt
}
violation X "无证经营" {
  cite "某法第十条"
  fine up to 100000
  tier big "较重" when value above 50000: upper 50%
  tier small "较轻" otherwise: lower 50%
}
review legal_review "法制审核" when fine.max >= 100000
review hearing_notice "听证告知" when fine.max >= 10000
test "small" {
  given { violation: X, act_date: 2024-01-01, value: 100 }
  expect { outcome: penalize, tier: small, fine: 0 to 50000, reviews: [hearing_notice] }
}
test "first time" {
  given { violation: X, act_date: 2024-01-01, first: true }
  expect { options: [first_time] }
}
"#;

/// One test passes, one fails on three keys.
const FAILING: &str = r#"rulebook "fail" { version "1" effective from 2020-01-01 }
facts { value: money "货值金额" default 0 }
violation Y "超范围经营" {
  cite "某法第十一条"
  fine up to 20000
  tier big "较重" when value above 5000: upper 50%
  tier small "较轻" otherwise: lower 50%
}
review hearing_notice "听证告知" when fine.max >= 10000
test "right" {
  given { violation: Y, act_date: 2024-01-01, value: 9000 }
  expect { tier: big }
}
test "wrong" {
  given { violation: Y, act_date: 2024-01-01, value: 100 }
  expect { tier: big, fine: 10000 to 20000, reviews: [] }
}
"#;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn passing_tests_exit_0() {
    let dir = scratch("test-pass");
    write(&dir, "pass.mete", PASSING);
    let run = mete_in(&dir, &["test", "pass.mete"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    insta::assert_snapshot!("test_pass", run.stdout);
}

#[test]
fn a_failing_test_shows_its_diff_and_exits_1() {
    let dir = scratch("test-fail");
    write(&dir, "fail.mete", FAILING);
    let run = mete_in(&dir, &["test", "fail.mete"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.ends_with("1 passed, 1 failed\n"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("test_fail", run.stdout);
}

#[test]
fn coverage_lists_what_no_test_exercises() {
    let dir = scratch("test-coverage");
    write(&dir, "pass.mete", PASSING);
    let run = mete_in(&dir, &["test", ".", "--coverage"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("pass.mete:14:3: tier `big` of `X` “较重”"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("pass.mete:17:1: review `legal_review` “法制审核”"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("test_coverage", run.stdout);
}

#[test]
fn json_report_carries_diffs_and_coverage() {
    let dir = scratch("test-json");
    write(&dir, "fail.mete", FAILING);
    write(&dir, "pass.mete", PASSING);
    let run = mete_in(&dir, &["test", ".", "--format", "json", "--coverage"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    // Field order is part of the contract (the parsed map sorts keys, so look at the text).
    let at = |k: &str| run.stdout.find(&format!("\n  \"{k}\":")).unwrap();
    let order = [
        "files",
        "passed",
        "failed",
        "errors",
        "diagnostics",
        "tests",
        "coverage",
    ];
    assert!(
        order.windows(2).all(|w| at(w[0]) < at(w[1])),
        "{}",
        run.stdout
    );
    assert_eq!(
        (v["passed"].as_u64(), v["failed"].as_u64()),
        (Some(3), Some(1))
    );
    let wrong = &v["tests"][1];
    assert_eq!(wrong["name"], "wrong");
    assert_eq!(wrong["status"], "failed");
    assert_eq!(wrong["fields"][0]["expected"], "big");
    assert_eq!(wrong["fields"][0]["actual"], "small");
    insta::assert_snapshot!("test_json", run.stdout);
}

#[test]
fn without_coverage_the_json_coverage_is_null() {
    let dir = scratch("test-json-plain");
    write(&dir, "pass.mete", PASSING);
    let run = mete_in(&dir, &["test", "pass.mete", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(v["coverage"].is_null());
    assert_eq!(v["tests"][0]["rulebook"], "pass.mete");
    assert_eq!(v["tests"][0]["fields"].as_array().unwrap().len(), 4);
}

#[test]
fn an_imported_files_tests_run_once_with_its_importer() {
    let dir = scratch("test-imports");
    write(
        &dir,
        "general.mete",
        r#"rulebook "general" { version "1" effective from 2020-01-01 }
params { hearing: money "听证金额" default 50000 }
violation G "示例" { cite "g" fine up to 100000 }
review hearing_notice "听证告知" when fine.max >= hearing
test "hearing from the importer's threshold" {
  given { violation: G, act_date: 2024-01-01 }
  expect { reviews: [hearing_notice] }
}
"#,
    );
    write(
        &dir,
        "sector.mete",
        r#"rulebook "sector" { version "1" effective from 2020-01-01 import "general.mete" with { hearing: 100000元 } }
violation S "行业" { cite "s" fine up to 1000 }
test "sector" { given { violation: S, act_date: 2024-01-01 } expect { reviews: [] } }
"#,
    );
    let run = mete_in(&dir, &["test", "."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    insta::assert_snapshot!("test_imports", run.stdout);
}

#[test]
fn a_rulebook_with_errors_is_reported_and_exits_1() {
    let dir = scratch("test-errors");
    write(&dir, "pass.mete", PASSING);
    write(
        &dir,
        "broken.mete",
        r#"rulebook "b" { version "1" effective from 2020-01-01 }
violation Z "z" { cite "z" fine up to nothing }
"#,
    );
    let run = mete_in(&dir, &["test", "."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("broken.mete"), "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("2 passed, 0 failed\n1 rulebook not run: see the errors above\n"),
        "{}",
        run.stdout
    );
    let json = mete_in(&dir, &["test", ".", "--format", "json"]);
    assert_eq!(json.code, 1, "{}", json.stdout);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["errors"], 1);
    assert_eq!(v["diagnostics"][0]["file"], "broken.mete");
    assert_eq!(v["tests"].as_array().unwrap().len(), 2);
}

#[test]
fn usage_and_io_problems_exit_2() {
    assert_eq!(mete(&["test"]).code, 2);
    assert_eq!(mete(&["test", "--format", "xml", "rulebooks"]).code, 2);
    let run = mete(&["test", "no/such.mete"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout.contains("cannot read `no/such.mete`"),
        "{}",
        run.stdout
    );
}

#[test]
fn help_has_an_example() {
    let run = mete(&["test", "--help"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("test_help", run.stdout);
}

#[test]
fn every_bundled_rulebook_passes_its_tests() {
    let run = mete(&["test", "rulebooks/"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains(" passed, 0 failed\n"), "{}", run.stdout);
}
