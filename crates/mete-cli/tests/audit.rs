//! `mete diff` and `mete audit` end to end, on the bundled ecology rulebook and the seeded
//! audit records of `examples/audit/`.

mod common;

use common::{mete, mete_in, mete_stdin, repo_root, scratch};

const BOOK: &str = "rulebooks/ecology/ecology.mete";
const RECORDS: &str = "examples/audit/records.jsonl";

#[allow(clippy::unwrap_used, reason = "test helper")]
fn first_records(n: usize) -> String {
    let text = std::fs::read_to_string(repo_root().join(RECORDS)).unwrap();
    text.lines().take(n).map(|l| format!("{l}\n")).collect()
}

#[test]
fn audit_lists_findings_per_line_and_a_table() {
    let mut input = first_records(30);
    input.push_str("not a record\n");
    let run = mete_stdin(&["audit", BOOK, "-"], &input);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert!(
        run.stdout
            .contains("line 31:\n  error[mete::audit::bad_record] $:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("31 records audited: 27 clean, 4 with findings"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("audit_first_records", run.stdout);
}

#[test]
fn audit_json_is_one_report_per_line_then_the_summary() {
    let run = mete_stdin(
        &["audit", BOOK, "-", "--format", "json"],
        &first_records(12),
    );
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 13);
    assert_eq!(lines[0]["line"], 1);
    assert_eq!(lines[11]["line"], 12);
    assert!(lines[0]["findings"].is_array());
    let summary = &lines[12]["summary"];
    assert_eq!(summary["records"], 12);
    assert_eq!(summary["by_code"].as_object().unwrap().len(), 17);
}

#[test]
fn audit_of_the_seeded_set_counts_exactly_the_manifest() {
    let run = mete(&["audit", BOOK, RECORDS, "--format", "json"]);
    assert_eq!(run.code, 1);
    let last: serde_json::Value = serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("examples/audit/seeded.json")).unwrap(),
    )
    .unwrap();
    let summary = &last["summary"];
    assert_eq!(summary["records"], 10_000);
    assert_eq!(summary["with_findings"], manifest["defective"]);
    for (code, n) in manifest["by_code"].as_object().unwrap() {
        assert_eq!(&summary["by_code"][code], n, "{code}");
    }
}

#[test]
fn audit_of_a_missing_file_is_trouble() {
    let run = mete(&["audit", BOOK, "no/such.jsonl"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read `no/such.jsonl`"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_audit_record_schema_prints() {
    let run = mete(&["schema", "audit-record"]);
    assert_eq!(run.code, 0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["title"], "mete audit record");
    assert!(v["properties"]["recorded"].is_object(), "{}", run.stdout);
}

/// A new version of the ecology benchmark: the 超标排放 tier starts higher and the hearing
/// threshold is higher.
#[allow(clippy::unwrap_used, reason = "test helper")]
fn two_versions() -> std::path::PathBuf {
    let dir = scratch("diff_versions");
    let old = std::fs::read_to_string(repo_root().join(BOOK)).unwrap();
    let new = old
        .replace(
            "从重 当 排放情况 == 超标排放: 20000 至 40000",
            "从重 当 排放情况 == 超标排放: 30000 至 40000",
        )
        .replace("默认 50000", "默认 100000")
        .replace("版本 \"2020.1\"", "版本 \"2020.2\"");
    assert_ne!(old, new);
    std::fs::write(dir.join("old.mete"), old).unwrap();
    std::fs::write(dir.join("new.mete"), new).unwrap();
    let cases = [
        r#"{"violation": "环评-登记表", "act_date": "2021-06-01", "排放情况": "超标排放"}"#,
        r#"{"violation": "环评-登记表", "act_date": "2021-06-01", "排放情况": "排放"}"#,
        r#"{"violation": "畜禽-禁养区", "act_date": "2021-05-01", "养殖规模": 400}"#,
        r#"{"violation": "环评-登记表", "act_date": "2021-06-01", "排放情况": "超标"}"#,
        "not json",
        r#"{"violation": "大气-自行监测", "act_date": "2022-05-01"}"#,
    ];
    std::fs::write(dir.join("cases.jsonl"), cases.join("\n") + "\n").unwrap();
    dir
}

#[test]
fn diff_reports_changed_cases_and_a_table() {
    let dir = two_versions();
    let run = mete_in(
        &dir,
        &["diff", "old.mete", "new.mete", "--cases", "cases.jsonl"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("line 1: band 20000–40000 → 30000–40000\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "6 cases compared (version 2020.1 → 2020.2): 2 changed, 2 unchanged, 2 errors"
        ),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!("diff_human", run.stdout);
}

#[test]
fn diff_json_lists_every_case_then_the_summary() {
    let dir = two_versions();
    let run = mete_in(
        &dir,
        &[
            "diff",
            "old.mete",
            "new.mete",
            "--cases",
            "cases.jsonl",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[0]["status"], "changed");
    assert_eq!(lines[0]["changes"][0]["kind"], "band");
    assert_eq!(lines[1]["status"], "unchanged");
    assert_eq!(lines[4]["status"], "error");
    // 禁养区 always closes down, so its hearing notice stays whatever the amount.
    assert_eq!(lines[2]["status"], "unchanged");
    assert_eq!(lines[5]["changes"][0]["removed"][0], "听证告知");
    assert_eq!(lines[6]["summary"]["by_kind"]["band"], 1);
    insta::assert_snapshot!("diff_json", run.stdout);
}

#[test]
fn diff_with_a_broken_rulebook_stops_before_the_cases() {
    let dir = two_versions();
    std::fs::write(dir.join("broken.mete"), "rulebook {").unwrap();
    let run = mete_in(
        &dir,
        &["diff", "old.mete", "broken.mete", "--cases", "cases.jsonl"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("broken.mete"), "{}", run.stderr);
}
