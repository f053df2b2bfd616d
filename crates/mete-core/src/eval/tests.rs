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
