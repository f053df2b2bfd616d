//! Evaluator unit tests: one per semantic rule, with small rulebooks written here.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::EvalOptions;
use crate::check::{CheckOptions, MemoryLoader};
use crate::compile::Rulebook;
use crate::decision::DecisionDto;
use crate::ir::Value;

pub(crate) fn book(src: &str) -> Rulebook {
    let loader = MemoryLoader::default();
    match Rulebook::from_source(
        "test.mete",
        src.as_bytes(),
        &loader,
        &CheckOptions::default(),
    ) {
        Ok((b, _)) => b,
        Err(e) => panic!(
            "rulebook does not check: {:#?}",
            e.diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
        ),
    }
}

pub(crate) fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub(crate) fn money(s: &str) -> Value {
    Value::Money(s.parse::<Decimal>().unwrap())
}

pub(crate) fn decide(b: &Rulebook, item: &str, facts: &[(&str, Value)]) -> DecisionDto {
    let case = b
        .case_from_values(
            &[item],
            Some(date("2024-03-01")),
            Some(date("2024-04-01")),
            facts,
        )
        .unwrap();
    b.evaluate(&case, &EvalOptions::default()).unwrap().to_dto()
}

const HEADER: &str = r#"rulebook "t" { version "1" effective from 2020-01-01 }
"#;

fn with_header(body: &str) -> String {
    format!("{HEADER}{body}")
}

#[test]
fn simple_tiers_and_bands() {
    let b = book(&with_header(
        r#"
facts { goods_value: money "货值金额" default 0
  harm: enum { none "无", minor "轻微", serious "严重" } "危害" default none }
violation FS-124 "t" {
  cite "art 124"
  fine when goods_value < 10000: 50000 to 100000
       otherwise: 10x to 20x of goods_value
  tier heavy "从重" severe when harm == serious: upper 30%
  tier light "从轻" lenient when harm == none: lower 30%
  tier general "一般" otherwise: 30% to 70%
}
"#,
    ));
    let d = decide(
        &b,
        "FS-124",
        &[
            ("goods_value", money("8000")),
            ("harm", Value::Enum(crate::ir::EnumId(0), 2)),
        ],
    );
    assert_eq!(d.outcome, "penalize");
    assert_eq!(d.tier.as_ref().unwrap().id, "heavy");
    let f = d.fine.unwrap();
    assert_eq!((f.min.as_str(), f.max.as_str()), ("85000", "100000"));
    let d = decide(&b, "FS-124", &[("goods_value", money("20000"))]);
    assert_eq!(d.tier.as_ref().unwrap().id, "light");
    let s = d.statutory.unwrap();
    assert_eq!(
        (s.min.as_str(), s.max.as_deref()),
        ("200000", Some("400000"))
    );
    let f = d.fine.unwrap();
    assert_eq!((f.min.as_str(), f.max.as_str()), ("200000", "260000"));
}

/// A tier band with only a lower bound ("处2万元以上罚款") runs to the statutory maximum; with no
/// statutory maximum either, it is still an evaluation fault.
#[test]
fn at_least_band_runs_to_the_statutory_maximum() {
    let b = book(&with_header(
        r#"
facts { n: int "次数" default 0 }
violation A "t" {
  cite "art 1"
  fine up to 30000
  tier heavy "从重" when n >= 2: at least 20000
  tier light "从轻" otherwise: up to 20000
}
violation B "t" {
  cite "art 2"
  fine at least 5000
  tier heavy "从重" when n >= 2: at least 20000
  tier light "从轻" otherwise: 5000 to 20000
}
"#,
    ));
    let d = decide(&b, "A", &[("n", Value::Int(3))]);
    assert_eq!(d.tier.as_ref().unwrap().id, "heavy");
    let f = d.fine.unwrap();
    assert_eq!((f.min.as_str(), f.max.as_str()), ("20000", "30000"));
    let d = decide(&b, "B", &[("n", Value::Int(0))]);
    let f = d.fine.unwrap();
    assert_eq!((f.min.as_str(), f.max.as_str()), ("5000", "20000"));
    let case = b
        .case_from_values(
            &["B"],
            Some(date("2024-03-01")),
            Some(date("2024-04-01")),
            &[("n", Value::Int(3))],
        )
        .unwrap();
    assert!(b.evaluate(&case, &EvalOptions::default()).is_err());
}

fn load_book(path: &str) -> Rulebook {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../");
    let text = std::fs::read_to_string(format!("{root}{path}")).unwrap();
    book_named(path, &text)
}

pub(crate) fn book_named(name: &str, src: &str) -> Rulebook {
    let loader = MemoryLoader::default();
    match Rulebook::from_source(name, src.as_bytes(), &loader, &CheckOptions::default()) {
        Ok((b, _)) => b,
        Err(e) => panic!(
            "rulebook does not check: {:#?}",
            e.diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
        ),
    }
}

fn assert_tests_pass(b: &Rulebook) -> usize {
    let reports = b.run_tests(&EvalOptions::default());
    let failed: Vec<_> = reports.iter().filter(|r| !r.passed()).collect();
    assert!(failed.is_empty(), "failing test blocks: {failed:#?}");
    reports.len()
}

#[test]
fn ecology_test_blocks_pass() {
    let b = load_book("rulebooks/ecology/ecology.mete");
    let reports = b.run_tests(&EvalOptions::default());
    assert!(reports.len() >= 28);
    for r in &reports {
        assert!(r.passed(), "{r:#?}");
    }
}

#[test]
fn sketch_rulebooks_run_their_tests() {
    let b = book_named(
        "t.mete",
        r#"rulebook "t" { version "1" effective from 2020-01-01 }
facts { g: money "g" default 0 }
violation X "x" { cite "x" fine up to 1000 tier a "a" otherwise: lower 50% }
test "ok" { given { violation: X, act_date: 2024-01-01 } expect { outcome: penalize, tier: a, fine: 0 to 500 } }
test "wrong" { given { violation: X, act_date: 2024-01-01 } expect { fine: 0 to 400 } }"#,
    );
    let r = b.run_tests(&EvalOptions::default());
    assert!(r[0].passed());
    assert_eq!(r[1].failures, ["fine: expected 0 to 400, got 0 to 500"]);
    let _ = assert_tests_pass;
}

#[test]
fn ecology_decision_reads_well() {
    let b = load_book("rulebooks/ecology/ecology.mete");
    let case = b
        .read_case(
            r#"{"violation": "环评-登记表", "act_date": "2021-06-01", "排放情况": "超标排放", "既往处罚记录": [{"日期": "2020-03-01", "类别": "同类"}, {"日期": "2021-01-15", "类别": "同类"}]}"#.as_bytes(),
            &Default::default(),
        )
        .unwrap();
    let d = b.evaluate(&case, &EvalOptions::default()).unwrap().to_dto();
    let text = serde_json::to_string_pretty(&d).unwrap();
    assert_eq!(d.fine.as_ref().unwrap().point.as_deref(), Some("40000"));
    assert!(
        d.rationale.zh.contains("适用“超标排放污染物”裁量阶次"),
        "{}",
        d.rationale.zh
    );
    let adj = d.trace.iter().find(|s| s.id == "两次").unwrap();
    assert_eq!(adj.reads[0].name, "两年内同类处罚次数");
    assert_eq!(adj.reads[0].value, "2");
    assert!(adj.at.line > 0);
    assert!(text.contains("\"reason\"") || text.contains("\"version_choice\": null"));
}

mod count;
