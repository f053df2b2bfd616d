//! `mete eval`, `mete explain` and `mete schema` end to end, on the bundled ecology rulebook.

mod common;

use common::{mete, mete_in, mete_stdin, scratch};

const BOOK: &str = "rulebooks/ecology/ecology.mete";
const SAMPLE: &str = "rulebooks/ecology/cases/sample.json";

#[test]
fn eval_prints_the_decision_as_pretty_json() {
    let run = mete(&["eval", BOOK, SAMPLE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert!(
        run.stdout.starts_with("{\n  \"schema_version\": 1,\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("}\n"));
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["outcome"], "penalize");
    assert_eq!(v["tier"]["id"], "重大后果");
    assert_eq!(v["fine"]["min"], "40000");
    assert_eq!(v["fine"]["max"], "50000");
    assert_eq!(v["adjustments"][0]["action"], "up 1");
    assert_eq!(v["reviews"][0]["kind"], "hearing_notice");
    insta::assert_snapshot!("eval_sample", run.stdout);
}

#[test]
fn eval_is_byte_identical_across_runs_and_from_stdin() {
    let a = mete(&["eval", BOOK, SAMPLE]);
    let b = mete(&["eval", BOOK, SAMPLE]);
    assert_eq!(a.stdout, b.stdout);
    let text = std::fs::read_to_string(common::repo_root().join(SAMPLE)).unwrap();
    let c = mete_stdin(&["eval", BOOK, "-"], &text);
    assert_eq!(c.code, 0, "{}", c.stderr);
    assert_eq!(a.stdout, c.stdout);
}

#[test]
fn a_bad_case_is_a_json_error_on_stdout_and_a_list_on_stderr() {
    let case = r#"{"violation": "环评-登记表", "act_date": "2021-13-01", "排放情况": "超标", "排放清况": 1}"#;
    let run = mete_stdin(&["eval", BOOK, "-"], case);
    assert_eq!(run.code, 1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["status"], "error");
    assert_eq!(v["kind"], "case");
    let paths: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["$.act_date", "$.排放情况", "$.排放清况"],
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .starts_with("error: 3 problems in the case `-`\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `排放情况`?"),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!("eval_bad_case_stdout", run.stdout);
    insta::assert_snapshot!("eval_bad_case_stderr", run.stderr);
}

#[test]
fn rulebook_errors_are_rendered_and_exit_1() {
    let dir = scratch("eval-bad-book");
    std::fs::write(
        dir.join("bad.mete"),
        "rulebook \"x\" { version \"1\" effective from 2024-01-01 }\nlet a: int = missing\n",
    )
    .unwrap();
    std::fs::write(dir.join("case.json"), "{}").unwrap();
    let run = mete_in(&dir, &["eval", "bad.mete", "case.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("mete::check::unknown_name"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("[bad.mete:2:14]"), "{}", run.stderr);
    assert!(
        run.stderr.contains("`bad.mete` has 1 error"),
        "{}",
        run.stderr
    );
}

#[test]
fn unreadable_paths_exit_2() {
    let run = mete(&["eval", BOOK, "no/such/case.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("cannot read `no/such/case.json`: no such file or directory"),
        "{}",
        run.stderr
    );
    let run = mete(&["eval", "no/such.mete", SAMPLE]);
    assert_eq!(run.code, 2);
    let run = mete(&["eval", BOOK]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("then the case file"), "{}", run.stderr);
}

#[test]
fn jsonl_streams_one_line_per_case_and_never_stops() {
    let good = r#"{"violation": "环评-登记表", "act_date": "2021-06-01", "排放情况": "排放"}"#;
    let input = format!(
        "{good}\n{{\"violation\": \"nope\"}}\n\nnot json\n{good}\r\n{{\"violation\": \"大气-自行监测\", \"act_date\": \"2021-06-01\"}}"
    );
    let run = mete_stdin(&["eval", BOOK, "--jsonl"], &input);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "3 decided, 2 errors\n");
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5, "{}", run.stdout);
    assert_eq!(lines[0]["fine"]["max"], "20000");
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[1]["status"], "error");
    assert_eq!(lines[1]["error"]["kind"], "case");
    assert_eq!(lines[1]["error"]["problems"][0]["path"], "$.violation");
    assert_eq!(lines[2]["line"], 4, "blank lines are skipped but counted");
    assert_eq!(lines[3], lines[0]);
    assert_eq!(lines[4]["tier"]["id"], "第一次");
    // Compact: one object per line, no pretty printing.
    assert!(
        run.stdout
            .lines()
            .all(|l| l.starts_with('{') && !l.contains("\n "))
    );
    let errors: String = run
        .stdout
        .lines()
        .filter(|l| l.contains("\"status\":\"error\""))
        .map(|l| format!("{l}\n"))
        .collect();
    insta::assert_snapshot!("jsonl_errors", errors);
}

#[test]
fn jsonl_reads_a_file_too() {
    let dir = scratch("eval-jsonl");
    let book = common::repo_root().join(BOOK);
    std::fs::copy(&book, dir.join("ecology.mete")).unwrap();
    std::fs::write(
        dir.join("cases.jsonl"),
        "{\"violation\": \"环评-登记表\", \"act_date\": \"2021-06-01\"}\n",
    )
    .unwrap();
    let run = mete_in(&dir, &["eval", "ecology.mete", "--jsonl", "cases.jsonl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "1 decided, 0 errors\n");
    assert!(
        run.stdout.contains("\"tier\":{\"id\":\"无排放档\""),
        "{}",
        run.stdout
    );
    let missing = mete_in(&dir, &["eval", "ecology.mete", "--jsonl", "none.jsonl"]);
    assert_eq!(missing.code, 2);
}

#[test]
fn several_rulebooks_must_be_versions_of_one() {
    let run = mete(&["eval", BOOK, "rulebooks/showcase/showcase.mete", SAMPLE]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("mete::eval::mixed_ids"),
        "{}",
        run.stderr
    );
}

#[test]
fn versions_record_which_applied() {
    let dir = scratch("eval-versions");
    let old = "rulebook \"v\" { version \"2020\" effective from 2020-01-01 until 2022-12-31 }\nviolation A \"甲\" { fine 1000 to 5000 }\n";
    let new = "rulebook \"v\" { version \"2023\" effective from 2023-01-01 }\nviolation A \"甲\" { fine 500 to 3000 }\n";
    std::fs::write(dir.join("old.mete"), old).unwrap();
    std::fs::write(dir.join("new.mete"), new).unwrap();
    std::fs::write(
        dir.join("case.json"),
        r#"{"violation": "A", "act_date": "2022-06-01", "decision_date": "2023-03-01"}"#,
    )
    .unwrap();
    let run = mete_in(&dir, &["eval", "old.mete", "new.mete", "case.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["rulebook"]["version"], "2023");
    assert_eq!(
        v["rulebook"]["version_choice"]["reason"],
        "later_more_lenient"
    );
    let text = mete_in(
        &dir,
        &[
            "explain",
            "--lang",
            "en",
            "old.mete",
            "new.mete",
            "case.json",
        ],
    );
    assert!(
        text.stdout.contains("Version applied (art. 37)"),
        "{}",
        text.stdout
    );
}

#[test]
fn explain_prints_readable_text_in_both_languages() {
    let zh = mete(&["explain", BOOK, SAMPLE]);
    assert_eq!(zh.code, 0, "{}", zh.stderr);
    assert!(
        zh.stdout
            .starts_with("处理结果：处罚，罚款40000元至50000元\n"),
        "{}",
        zh.stdout
    );
    let en = mete(&["explain", "--lang", "en", BOOK, SAMPLE]);
    assert_eq!(en.code, 0, "{}", en.stderr);
    assert!(
        en.stdout.contains("rulebooks/ecology/ecology.mete:92:3"),
        "{}",
        en.stdout
    );
    insta::assert_snapshot!("explain_sample_en", en.stdout);
    insta::assert_snapshot!("explain_sample_zh", zh.stdout);
    let bad = mete_stdin(&["explain", BOOK, "-"], "[1]");
    assert_eq!(bad.code, 1);
    assert_eq!(bad.stdout, "");
    assert!(
        bad.stderr.contains("a case is a JSON object"),
        "{}",
        bad.stderr
    );
}

#[test]
fn schemas_are_printed() {
    let case = mete(&["schema", "case", BOOK]);
    assert_eq!(case.code, 0, "{}", case.stderr);
    let v: serde_json::Value = serde_json::from_str(&case.stdout).unwrap();
    assert!(v["properties"]["排放情况"].is_object(), "{}", case.stdout);
    let decision = mete(&["schema", "decision"]);
    assert_eq!(decision.code, 0);
    let v: serde_json::Value = serde_json::from_str(&decision.stdout).unwrap();
    assert!(
        v["properties"]["outcome"].is_object(),
        "{}",
        decision.stdout
    );
    assert_eq!(mete(&["schema"]).code, 2);
    assert_eq!(mete(&["schema", "case"]).code, 2);
}

#[test]
fn new_commands_have_examples_in_help() {
    for cmd in ["eval", "explain", "schema"] {
        let run = mete(&[cmd, "--help"]);
        assert_eq!(run.code, 0, "{cmd}");
        assert!(run.stdout.contains("Examples:"), "{cmd}: {}", run.stdout);
    }
    insta::assert_snapshot!("eval_help", mete(&["eval", "--help"]).stdout);
}
