//! The fused count node ([`crate::compile::Node::Count`]) against the general aggregate: the
//! same counts and the same errors, on lists that reach every test and every error.

use chrono::NaiveDate;

use super::{book, date};
use crate::compile::{Node, Rulebook};
use crate::eval::expr::{Env, V};
use crate::eval::fault::Fault;
use crate::ir::{EnumId, RecordId, RecordValue, Value};

const SRC: &str = r#"rulebook "t" { version "1" effective from 2020-01-01 }
enum lv "级别" { low "低", high "高" }
record prior "记录" {
  date: date "日期"
  same: bool "同类" default true
  level: lv "级别" default low
}
facts { priors: list of prior "记录" default [] }
let fused: int "合并" = count(priors where same and level in {high} and date within 2 years before act_date)
let general: int "一般" = count(priors where not (not same) and level in {high} and date within 2 years before act_date)
let by_decision: int "决定" = count(priors where date within 1 years after decision_date)
violation V-1 "t" {
  cite "c"
  fine up to 100
  tier a "a" when fused == general and by_decision >= 0: lower 50%
  tier b "b" otherwise: upper 50%
}
"#;

fn rec(d: &str, same: bool, high: bool) -> RecordValue {
    vec![
        Some(Value::Date(date(d))),
        Some(Value::Bool(same)),
        Some(Value::Enum(EnumId(0), u32::from(high))),
    ]
}

/// The three definitions for `records` with `act` as the act date.
fn counts(
    b: &Rulebook,
    act: Option<NaiveDate>,
    records: Vec<RecordValue>,
) -> Vec<Result<i64, Fault>> {
    let list = Value::List(RecordId(0), records);
    let case = b
        .case_from_values(&["V-1"], act, Some(date("2024-04-01")), &[("priors", list)])
        .unwrap();
    let c = &b.inner;
    let mut env = Env::new(&c.arena, &c.checked.calendars, &c.lets, &case);
    (0..3)
        .map(|slot| {
            env.let_value(slot).map(|v| match v {
                V::Int(n) => n,
                other => panic!("not a count: {other:?}"),
            })
        })
        .collect()
}

#[test]
fn the_fused_count_agrees_with_the_general_aggregate() {
    let b = book(SRC);
    // Two of the three counts are fused; the `not (not same)` one is not.
    let fused = b
        .inner
        .arena
        .nodes
        .iter()
        .filter(|n| matches!(n, Node::Count(_)))
        .count();
    assert_eq!(fused, 2);

    let act = Some(date("2024-03-01"));
    let records = vec![
        rec("2023-01-01", true, true),  // counted
        rec("2022-03-01", true, true),  // the window's first day: counted
        rec("2022-02-28", true, true),  // before the window
        rec("2024-03-01", true, true),  // the act date itself: outside
        rec("2023-06-01", false, true), // not the same kind
        rec("2023-06-01", true, false), // low level
        rec("2024-05-01", true, true),  // after the decision date: counted by `by_decision`
    ];
    assert_eq!(counts(&b, act, records), vec![Ok(2), Ok(2), Ok(1)]);
    assert_eq!(counts(&b, act, Vec::new()), vec![Ok(0), Ok(0), Ok(0)]);
}

#[test]
fn the_fused_count_fails_where_the_general_aggregate_fails() {
    let b = book(SRC);
    // No act date: an error once a record reaches the window, none before.
    let none = counts(&b, None, vec![rec("2023-01-01", false, true)]);
    assert_eq!(none[..2], [Ok(0), Ok(0)]);
    let reached = counts(&b, None, vec![rec("2023-01-01", true, true)]);
    assert_eq!(reached[..2], [Err(Fault::MissingDate("act_date")); 2]);
    // A field left out: the same error from both.
    let short: RecordValue = vec![Some(Value::Date(date("2023-01-01"))), None, None];
    let missing = counts(&b, Some(date("2024-03-01")), vec![short]);
    assert_eq!(missing[..2], [Err(Fault::MissingField); 2]);
    // A field of the wrong type.
    let wrong: RecordValue = vec![
        Some(Value::Date(date("2023-01-01"))),
        Some(Value::Int(1)),
        None,
    ];
    let typed = counts(&b, Some(date("2024-03-01")), vec![wrong]);
    assert_eq!(typed[..2], [Err(Fault::Internal("not a truth value")); 2]);
}
