//! Case reader tests: encodings, every problem kind with its path, limits, schema.

use std::collections::BTreeSet;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::json::{self, JsonKind};
use super::*;
use crate::check::{CheckOptions, MemoryLoader};
use crate::ir::{Duration, Type};

const BOOK: &str = r#"rulebook "t" { title "测试基准" version "1" effective from 2024-01-01 }
enum harm_level "危害" { none "无", minor "轻微", serious "严重" }
record prior "记录" { date: date "日期"; kind: enum { same "同类", other "其他" } "类别"; amount: money "金额" default 0; note: text "备注" optional }
facts {
  goods_value: money "货值金额" note "违法生产经营的食品货值" range 0 to 100000000
  harm: harm_level "危害后果"
  corrected: bool "及时改正" default false
  found_on: date "发现日期" optional
  priors: list of prior "处罚记录" default []
  count_n: int "次数" default 0 range 0 to 100
  rate_d: decimal "比率" default 0 range 0 to 1.5
  pollutants: set of enum { lead "铅", mercury "汞" } "污染物" default {}
  period: duration "期间" optional
  remark: text "说明" optional
}
violation A-1 "生产不合格食品" { fine 100 to 1000 tier t1 "轻" when corrected: lower 30% tier t2 "一般" otherwise: 30% to 70% }
violation A-2 "经营不合格食品" { fine 200 to 2000 tier t "一般" otherwise }
"#;

fn book_from(src: &str) -> Rulebook {
    let loader = MemoryLoader::new([("main.mete", src)]);
    match Rulebook::from_source(
        "main.mete",
        src.as_bytes(),
        &loader,
        &CheckOptions::default(),
    ) {
        Ok((b, _)) => b,
        Err(e) => panic!("rulebook does not check: {:#?}", e.diagnostics),
    }
}

fn book() -> Rulebook {
    book_from(BOOK)
}

fn read(b: &Rulebook, json: &str) -> Result<Case, CaseError> {
    b.read_case(json.as_bytes(), &CaseOptions::default())
}

fn ok(json: &str) -> Case {
    match read(&book(), json) {
        Ok(c) => c,
        Err(e) => panic!("case rejected: {:#?}", e.problems),
    }
}

/// `code path` of every problem, the code without its `mete::case::` prefix.
fn problems(json: &str) -> Vec<String> {
    problems_in(&book(), json)
}

fn problems_in(b: &Rulebook, json: &str) -> Vec<String> {
    match read(b, json) {
        Ok(c) => panic!("case accepted: {c:?}"),
        Err(e) => {
            assert!(!e.problems.is_empty());
            e.problems
                .iter()
                .map(|p| {
                    let code = p.code.strip_prefix("mete::case::").unwrap_or(&p.code);
                    format!("{code} {}", p.path)
                })
                .collect()
        }
    }
}

fn first(json: &str) -> CaseProblem {
    read(&book(), json).unwrap_err().problems.remove(0)
}

fn fact<'c>(b: &Rulebook, c: &'c Case, name: &str) -> Option<&'c Value> {
    c.fact(b.checked().fact_index(name).unwrap())
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

const MIN: &str = r#""violation": "A-1", "goods_value": "8000", "harm": "serious""#;

fn with(extra: &str) -> String {
    format!("{{{MIN}, {extra}}}")
}

// ───────────────────────────── encodings ─────────────────────────────

#[test]
fn minimal_case_fills_defaults() {
    let b = book();
    let c = read(&b, &format!("{{{MIN}}}")).unwrap();
    assert_eq!(c.items(), &[b.checked().item_index("A-1").unwrap()]);
    assert_eq!(c.act_date(), None);
    assert_eq!(
        fact(&b, &c, "goods_value"),
        Some(&Value::Money(dec("8000")))
    );
    assert_eq!(fact(&b, &c, "corrected"), Some(&Value::Bool(false)));
    assert_eq!(fact(&b, &c, "count_n"), Some(&Value::Int(0)));
    assert_eq!(fact(&b, &c, "found_on"), None);
    assert!(matches!(fact(&b, &c, "priors"), Some(Value::List(_, l)) if l.is_empty()));
    assert_eq!(c.facts().len(), b.checked().facts.len());
}

#[test]
fn every_encoding() {
    let b = book();
    let c = read(
        &b,
        r#"{"violation": "A-1", "act_date": "2024-03-01", "decision_date": "2024-04-30",
            "goods_value": 8000.50, "harm": "minor", "corrected": true, "found_on": "2024-02-29",
            "count_n": "7", "rate_d": "0.125", "pollutants": ["mercury", "lead"],
            "period": {"years": 1, "days": 3}, "remark": "说明\n\u00e9\ud83d\ude00",
            "priors": [{"date": "2023-01-01", "kind": "same", "amount": "12.5"},
                       {"kind": "other", "date": "2022-12-31", "note": null}]}"#,
    )
    .unwrap();
    let d = |s| NaiveDate::from_str(s).unwrap();
    assert_eq!(c.act_date(), Some(d("2024-03-01")));
    assert_eq!(c.decision_date(), Some(d("2024-04-30")));
    assert_eq!(
        fact(&b, &c, "goods_value"),
        Some(&Value::Money(dec("8000.50")))
    );
    let harm = b
        .checked()
        .enums
        .iter()
        .position(|e| e.name == "harm_level")
        .unwrap();
    assert_eq!(
        fact(&b, &c, "harm"),
        Some(&Value::Enum(crate::ir::EnumId(harm as u32), 1))
    );
    assert_eq!(fact(&b, &c, "corrected"), Some(&Value::Bool(true)));
    assert_eq!(
        fact(&b, &c, "found_on"),
        Some(&Value::Date(d("2024-02-29")))
    );
    assert_eq!(fact(&b, &c, "count_n"), Some(&Value::Int(7)));
    assert_eq!(fact(&b, &c, "rate_d"), Some(&Value::Decimal(dec("0.125"))));
    match fact(&b, &c, "pollutants") {
        Some(Value::Set(_, s)) => assert_eq!(s, &BTreeSet::from([0, 1])),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        fact(&b, &c, "period"),
        Some(&Value::Duration(Duration {
            years: 1,
            months: 0,
            days: 3
        }))
    );
    assert_eq!(
        fact(&b, &c, "remark"),
        Some(&Value::Text("说明\n\u{e9}\u{1F600}".into()))
    );
    let Some(Value::List(_, rows)) = fact(&b, &c, "priors") else {
        panic!("priors");
    };
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][0], Some(Value::Date(d("2023-01-01"))));
    assert_eq!(rows[0][2], Some(Value::Money(dec("12.5"))));
    assert_eq!(rows[0][3], None);
    assert_eq!(rows[1][0], Some(Value::Date(d("2022-12-31"))));
    assert!(matches!(rows[1][1], Some(Value::Enum(_, 1))));
    // default filled in a record
    assert_eq!(rows[1][2], Some(Value::Money(Decimal::ZERO)));
}

#[test]
fn iso_durations_and_whole_integral_numbers() {
    let b = book();
    let c = read(&b, &with(r#""period": "P1Y2M3D", "count_n": 3.0"#)).unwrap();
    assert_eq!(
        fact(&b, &c, "period"),
        Some(&Value::Duration(Duration {
            years: 1,
            months: 2,
            days: 3
        }))
    );
    assert_eq!(fact(&b, &c, "count_n"), Some(&Value::Int(3)));
    let c = read(&b, &with(r#""period": "P2W""#)).unwrap();
    assert_eq!(
        fact(&b, &c, "period"),
        Some(&Value::Duration(Duration {
            years: 0,
            months: 0,
            days: 14
        }))
    );
    for bad in ["P", "P1D2Y", "PT1H", "1Y", "P1Y1Y", "P-1D"] {
        assert_eq!(
            problems(&with(&format!(r#""period": "{bad}""#))),
            ["bad_duration $.period"],
            "{bad}"
        );
    }
}

#[test]
fn exact_decimals() {
    let b = book();
    for (text, want) in [
        (r#""0.1""#, "0.1"),
        ("0.1", "0.1"),
        ("12345678901234567890.12", "12345678901234567890.12"),
        (r#""12345678901234567890.12""#, "12345678901234567890.12"),
        ("-0.000001", "-0.000001"),
    ] {
        let c = read(
            &b,
            &format!(r#"{{"violation": "A-1", "harm": "none", "goods_value": 1, "rate_d": 1, "priors": [{{"date": "2024-01-01", "kind": "same", "amount": {text}}}]}}"#),
        )
        .unwrap();
        let Some(Value::List(_, rows)) = fact(&b, &c, "priors") else {
            panic!()
        };
        let Some(Value::Money(m)) = &rows[0][2] else {
            panic!()
        };
        assert_eq!(m.to_string(), want);
        // exact scale kept: 0.1 is not 0.1000000000000000055…
        assert_eq!(*m, dec(want));
    }
    let c = read(
        &b,
        r#"{"violation": "A-1", "harm": "none", "goods_value": 0.1}"#,
    )
    .unwrap();
    assert_eq!(fact(&b, &c, "goods_value"), Some(&Value::Money(dec("0.1"))));
}

#[test]
fn keys_reordered_give_equal_cases() {
    let a = ok(
        r#"{"violation": "A-1", "act_date": "2024-03-01", "goods_value": "8000", "harm": "serious", "corrected": true, "priors": [{"date": "2023-01-01", "kind": "same"}]}"#,
    );
    let b = ok(
        r#"{"priors": [{"kind": "same", "date": "2023-01-01"}], "corrected": true, "harm": "serious", "goods_value": 8000, "act_date": "2024-03-01", "violation": "A-1"}"#,
    );
    assert_eq!(a, b);
}

#[test]
fn several_violations() {
    let b = book();
    let c = read(
        &b,
        r#"{"violations": ["A-2", "A-1"], "goods_value": "1", "harm": "none"}"#,
    )
    .unwrap();
    let ck = b.checked();
    assert_eq!(
        c.items(),
        &[ck.item_index("A-2").unwrap(), ck.item_index("A-1").unwrap()]
    );
}

#[test]
fn null_means_not_given() {
    let b = book();
    let c = read(&b, &with(r#""found_on": null, "corrected": null"#)).unwrap();
    assert_eq!(fact(&b, &c, "found_on"), None);
    assert_eq!(fact(&b, &c, "corrected"), Some(&Value::Bool(false)));
    assert_eq!(
        problems(r#"{"violation": "A-1", "goods_value": null, "harm": "none"}"#),
        ["missing_fact $.goods_value"]
    );
}

// ───────────────────────────── problems ─────────────────────────────

#[test]
fn unknown_key_suggests() {
    let p = first(&with(r#""goods_valeu": 1"#));
    assert_eq!(p.code, err::UNKNOWN_KEY);
    assert_eq!(p.path, "$.goods_valeu");
    assert_eq!(p.message, "`goods_valeu` is not a fact of this rulebook");
    assert_eq!(p.hint.as_deref(), Some("did you mean `goods_value`?"));
    // envelope keys are candidates too
    let p = first(r#"{"violaton": "A-1", "goods_value": 1, "harm": "none"}"#);
    assert_eq!(p.hint.as_deref(), Some("did you mean `violation`?"));
}

#[test]
fn missing_facts_one_problem_each() {
    let e = read(&book(), r#"{"violation": "A-1"}"#).unwrap_err();
    let got: Vec<_> = e
        .problems
        .iter()
        .map(|p| (p.code.as_str(), p.path.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (err::MISSING_FACT, "$.goods_value"),
            (err::MISSING_FACT, "$.harm")
        ]
    );
    assert_eq!(e.problems[1].message, "the case does not give `harm`");
    assert_eq!(
        e.problems[1].hint.as_deref(),
        Some("give `harm` (危害后果)")
    );
}

#[test]
fn wrong_types() {
    assert_eq!(
        problems(&with(r#""corrected": "true""#)),
        ["wrong_type $.corrected"]
    );
    let p = first(&with(r#""corrected": "true""#));
    assert_eq!(
        p.message,
        "expected `true` or `false`, found the string `true`"
    );
    assert_eq!(p.hint.as_deref(), Some("write `true` without quotes"));
    assert_eq!(
        problems(&with(r#""count_n": true"#)),
        ["wrong_type $.count_n"]
    );
    assert_eq!(problems(&with(r#""remark": 5"#)), ["wrong_type $.remark"]);
    assert_eq!(
        problems(&with(r#""found_on": 20240101"#)),
        ["wrong_type $.found_on"]
    );
    assert_eq!(
        problems(&with(r#""pollutants": "lead""#)),
        ["wrong_type $.pollutants"]
    );
    assert_eq!(
        problems(&with(r#""pollutants": [1]"#)),
        ["wrong_type $.pollutants[0]"]
    );
    assert_eq!(problems(&with(r#""priors": {}"#)), ["wrong_type $.priors"]);
    assert_eq!(problems(&with(r#""period": 3"#)), ["wrong_type $.period"]);
    assert_eq!(
        problems(r#"{"violation": "A-1", "goods_value": [], "harm": "none"}"#),
        ["wrong_type $.goods_value"]
    );
    assert_eq!(
        problems(r#"{"violation": 5, "goods_value": 1, "harm": "none"}"#),
        ["wrong_type $.violation"]
    );
    assert_eq!(
        problems(r#"{"violations": "A-1", "goods_value": 1, "harm": "none"}"#),
        ["wrong_type $.violations"]
    );
}

#[test]
fn malformed_numbers() {
    let p = first(&with(r#""count_n": 1.5"#));
    assert_eq!(
        (p.code.as_str(), p.path.as_str()),
        (err::BAD_NUMBER, "$.count_n")
    );
    assert_eq!(p.message, "`1.5` is not a whole number");
    let p = first(&with(r#""count_n": 1e3"#));
    assert_eq!(p.message, "`1e3` has an exponent");
    let p = first(r#"{"violation": "A-1", "goods_value": 1E5, "harm": "none"}"#);
    assert_eq!(
        (p.code.as_str(), p.message.as_str()),
        (err::BAD_NUMBER, "`1E5` has an exponent")
    );
    assert!(p.hint.unwrap().contains("plain decimal"));
    for bad in [
        "NaN", "Infinity", "-inf", "1,000", "1_000", ".5", "5.", "+5", "", " 5", "0x10",
    ] {
        assert_eq!(
            problems(&format!(
                r#"{{"violation": "A-1", "goods_value": "{bad}", "harm": "none"}}"#
            )),
            ["bad_number $.goods_value"],
            "{bad:?}"
        );
    }
    assert_eq!(
        problems(&with(r#""count_n": "1x""#)),
        ["bad_number $.count_n"]
    );
}

#[test]
fn numbers_too_large() {
    assert_eq!(
        problems(&with(r#""count_n": 99999999999999999999"#)),
        ["number_too_large $.count_n"]
    );
    assert_eq!(
        problems(
            r#"{"violation": "A-1", "goods_value": "123456789012345678901234567890", "harm": "none"}"#
        ),
        ["number_too_large $.goods_value"]
    );
    // too many decimals to keep exactly is malformed, not large
    assert_eq!(
        problems(
            r#"{"violation": "A-1", "goods_value": "0.12345678901234567890123456789012", "harm": "none"}"#
        ),
        ["bad_number $.goods_value"]
    );
}

#[test]
fn dates() {
    let p = first(&with(r#""found_on": "2024-02-30""#));
    assert_eq!(
        (p.code.as_str(), p.path.as_str()),
        (err::BAD_DATE, "$.found_on")
    );
    assert_eq!(p.message, "`2024-02-30` is not a calendar date");
    for bad in [
        "2023-02-29",
        "2024-13-01",
        "2024-1-01",
        "2024/01/01",
        "20240101",
        "2024-01-01T00:00",
    ] {
        assert_eq!(
            problems(&with(&format!(r#""act_date": "{bad}""#))),
            ["bad_date $.act_date"],
            "{bad}"
        );
    }
}

#[test]
fn unknown_variants() {
    let p = first(r#"{"violation": "A-1", "goods_value": 1, "harm": "serios"}"#);
    assert_eq!(
        (p.code.as_str(), p.path.as_str()),
        (err::UNKNOWN_VARIANT, "$.harm")
    );
    assert_eq!(p.message, "`serios` is not a variant of `harm_level`");
    assert_eq!(p.hint.as_deref(), Some("did you mean `serious`?"));
    let p = first(r#"{"violation": "A-1", "goods_value": 1, "harm": "严重"}"#);
    assert_eq!(
        p.hint.as_deref(),
        Some("`严重` is the label of `serious`; write `serious`")
    );
    let p = first(r#"{"violation": "A-1", "goods_value": 1, "harm": "zzzzzzzz"}"#);
    assert_eq!(
        p.hint.as_deref(),
        Some("the variants are `none`, `minor`, `serious`")
    );
    assert_eq!(
        problems(&with(r#""pollutants": ["lead", "tin"]"#)),
        ["unknown_variant $.pollutants[1]"]
    );
}

#[test]
fn duplicates() {
    assert_eq!(
        problems(&with(r#""pollutants": ["lead", "mercury", "lead"]"#)),
        ["duplicate_variant $.pollutants[2]"]
    );
    assert_eq!(
        problems(&with(r#""corrected": true, "corrected": false"#)),
        ["duplicate_key $.corrected"]
    );
    assert_eq!(
        problems(&with(
            r#""priors": [{"date": "2024-01-01", "kind": "same", "kind": "other"}]"#
        )),
        ["duplicate_key $.priors[0].kind"]
    );
    assert_eq!(
        problems(r#"{"violations": ["A-1", "A-1"], "goods_value": 1, "harm": "none"}"#),
        ["duplicate_violation $.violations[1]"]
    );
}

#[test]
fn out_of_range() {
    let p = first(&with(r#""count_n": 101"#));
    assert_eq!(
        (p.code.as_str(), p.path.as_str()),
        (err::OUT_OF_RANGE, "$.count_n")
    );
    assert_eq!(
        p.message,
        "`101` is outside the range of `count_n`, 0 to 100"
    );
    assert_eq!(
        p.hint.as_deref(),
        Some("give a value from 0 to 100 inclusive")
    );
    assert_eq!(
        problems(&with(r#""rate_d": "1.51""#)),
        ["out_of_range $.rate_d"]
    );
    assert_eq!(
        problems(&with(r#""count_n": -1"#)),
        ["out_of_range $.count_n"]
    );
    // bounds are inclusive
    ok(&with(r#""count_n": 100, "rate_d": "1.5""#));
    ok(&with(r#""count_n": 0, "rate_d": 0"#));
}

#[test]
fn violation_envelope() {
    let p = first(r#"{"violation": "A-3", "goods_value": 1, "harm": "none"}"#);
    assert_eq!(
        (p.code.as_str(), p.path.as_str()),
        (err::UNKNOWN_VIOLATION, "$.violation")
    );
    assert_eq!(p.message, "`A-3` is not a violation item of this rulebook");
    assert_eq!(p.hint.as_deref(), Some("did you mean `A-1`?"));
    let p = first(r#"{"violation": "ZZZZZZ", "goods_value": 1, "harm": "none"}"#);
    assert_eq!(
        p.hint.as_deref(),
        Some("the violation items are `A-1`, `A-2`")
    );
    assert_eq!(
        problems(r#"{"violations": ["A-1", "B-9"], "goods_value": 1, "harm": "none"}"#),
        ["unknown_violation $.violations[1]"]
    );
    assert_eq!(
        problems(r#"{"goods_value": 1, "harm": "none"}"#),
        ["missing_violation $"]
    );
    assert_eq!(
        problems(
            r#"{"violation": "A-1", "violations": ["A-2"], "goods_value": 1, "harm": "none"}"#
        ),
        ["both_violation $.violations"]
    );
    assert_eq!(
        problems(r#"{"violations": [], "goods_value": 1, "harm": "none"}"#),
        ["empty_violations $.violations"]
    );
}

#[test]
fn record_problems_have_deep_paths() {
    assert_eq!(
        problems(&with(
            r#""priors": [{"date": "2024-01-01", "kind": "same"}, {"date": "2024-01-01", "kind": "same"}, {"date": "2024-02-30", "kind": "sam", "amout": 1}, {"kind": "other"}, 7]"#
        )),
        [
            "bad_date $.priors[2].date",
            "unknown_variant $.priors[2].kind",
            "unknown_key $.priors[2].amout",
            "missing_field $.priors[3].date",
            "not_object $.priors[4]"
        ]
    );
    let p = first(&with(
        r#""priors": [{"date": "2024-01-01", "kind": "same", "amout": 1}]"#,
    ));
    assert_eq!(p.message, "`amout` is not a field of `prior`");
    assert_eq!(p.hint.as_deref(), Some("did you mean `amount`?"));
}

#[test]
fn all_problems_at_once_in_document_order() {
    let got = problems(
        r#"{"violation": "A-9", "goods_valeu": 5, "harm": "bad", "count_n": 1.5,
            "found_on": "2024-02-30", "rate_d": 7, "corrected": 1}"#,
    );
    assert_eq!(
        got,
        [
            "unknown_violation $.violation",
            "unknown_key $.goods_valeu",
            "unknown_variant $.harm",
            "bad_number $.count_n",
            "bad_date $.found_on",
            "out_of_range $.rate_d",
            "wrong_type $.corrected",
            "missing_fact $.goods_value",
        ]
    );
}

#[test]
fn not_an_object() {
    assert_eq!(problems("[1, 2]"), ["not_object $"]);
    assert_eq!(problems("\"x\""), ["not_object $"]);
}

// ───────────────────────────── JSON syntax and limits ─────────────────────────────

#[test]
fn syntax_errors_have_line_col_and_path() {
    let p = first("{\n  \"violation\": \"A-1\",\n  \"priors\": [{\"date\": }]\n}");
    assert_eq!(p.code, err::SYNTAX);
    assert_eq!(p.path, "$.priors[0].date");
    assert_eq!(
        p.message,
        "malformed JSON at 3:23: expected a value, found `}`"
    );
    for (bad, path) in [
        ("", "$"),
        ("{", "$"),
        ("{\"a\" 1}", "$"),
        ("{\"a\": 1,}", "$"),
        ("[1,]", "$[1]"),
        ("[01]", "$[0]"),
        ("{\"a\": tru}", "$.a"),
        ("{\"a\": \"x\" \"b\": 1}", "$"),
        ("{} {}", "$"),
        ("{\"a\": \"\\x\"}", "$.a"),
        ("{\"a\": \"\\ud800\"}", "$.a"),
        ("{\"a\": \"\\udc00\"}", "$.a"),
        ("{\"a\": \"\\ud800\\u0041\"}", "$.a"),
        ("{\"a\": \"tab\there\"}", "$.a"),
        ("{\"a\": -}", "$.a"),
        ("{\"a\": 1.}", "$.a"),
        ("{\"a\": 1e}", "$.a"),
        ("{\"a\": NaN}", "$.a"),
        ("{'a': 1}", "$"),
    ] {
        let e = read(&book(), bad).unwrap_err();
        assert_eq!(e.problems.len(), 1, "{bad:?}");
        assert_eq!(e.problems[0].code, err::SYNTAX, "{bad:?}");
        assert_eq!(e.problems[0].path, path, "{bad:?}");
    }
    // invalid UTF-8 inside a string
    let e = book()
        .read_case(b"{\"a\": \"\xff\"}", &CaseOptions::default())
        .unwrap_err();
    assert_eq!(e.problems[0].code, err::SYNTAX);
    assert!(e.problems[0].message.contains("not valid UTF-8"));
}

#[test]
fn json_tree_keeps_text_offsets_order_and_duplicates() {
    let t = json::parse(
        br#" {"b": 1.50, "a": [true, null], "b": "\u00e9\ud83d\ude00\/"}"#,
        &CaseOptions::default(),
    )
    .unwrap();
    assert_eq!(t.offset, 1);
    let JsonKind::Object(m) = &t.kind else {
        panic!()
    };
    let keys: Vec<_> = m.iter().map(|m| (m.key.as_str(), m.duplicate)).collect();
    assert_eq!(keys, [("b", false), ("a", false), ("b", true)]);
    assert_eq!(m[0].value.kind, JsonKind::Number("1.50".into()));
    assert_eq!(m[0].key_offset, 2);
    assert_eq!(m[0].value.offset, 7);
    assert_eq!(m[2].value.kind, JsonKind::String("é😀/".into()));
    let JsonKind::Array(a) = &m[1].value.kind else {
        panic!()
    };
    assert_eq!(a[0].kind, JsonKind::Bool(true));
    assert_eq!(a[1].kind, JsonKind::Null);
    assert_eq!(a[1].offset, 25);
}

#[test]
fn size_limit_is_checked_before_parsing() {
    let opts = CaseOptions {
        max_bytes: 10,
        ..CaseOptions::default()
    };
    // not even JSON: the size is refused first
    let e = book().read_case(b"{{{{{{{{{{{{{{{{{", &opts).unwrap_err();
    assert_eq!(e.problems[0].code, err::TOO_LARGE);
    assert_eq!(e.problems[0].path, "$");
    assert_eq!(
        e.problems[0].message,
        "the case is 17 bytes, more than the limit of 10 bytes"
    );
    assert!(json::parse(b"[1,2,3]", &opts).is_ok());
}

#[test]
fn depth_limit() {
    let opts = CaseOptions {
        max_depth: 3,
        ..CaseOptions::default()
    };
    assert!(json::parse(b"[[[1]]]", &opts).is_ok());
    let e = json::parse(b"[[[[1]]]]", &opts).unwrap_err();
    assert_eq!(e.code, err::TOO_DEEP);
    assert_eq!(e.path, "$[0][0][0]");
    // very deep input under the default limit: refused without overflowing the stack
    let deep = "[".repeat(1_000_000);
    let e = json::parse(deep.as_bytes(), &CaseOptions::default()).unwrap_err();
    assert_eq!(e.code, err::TOO_DEEP);
    // and with a huge limit the iterative parser still does not overflow
    let opts = CaseOptions {
        max_depth: usize::MAX,
        ..CaseOptions::default()
    };
    let mut s = "[".repeat(200_000);
    s.push_str(&"]".repeat(200_000));
    assert!(json::parse(s.as_bytes(), &opts).is_ok());
}

#[test]
fn list_length_limit() {
    let opts = CaseOptions {
        max_list_len: 3,
        ..CaseOptions::default()
    };
    assert!(json::parse(b"[1,2,3]", &opts).is_ok());
    let e = json::parse(b"{\"a\": [1,2,3,4]}", &opts).unwrap_err();
    assert_eq!(e.code, err::LIST_TOO_LONG);
    assert_eq!(e.path, "$.a[4]");
    let e = json::parse(b"{\"a\":1,\"b\":2,\"c\":3,\"d\":4}", &opts).unwrap_err();
    assert_eq!(e.code, err::LIST_TOO_LONG);
}

#[test]
fn twenty_megabytes_of_numbers_under_the_default_limit() {
    let mut s = String::with_capacity(21 * 1024 * 1024);
    s.push('[');
    let mut n = 0;
    while s.len() < 20 * 1024 * 1024 {
        s.push_str("123456.789,");
        n += 1;
    }
    s.push_str("0]");
    // default size limit (8 MB) refuses it at once
    let e = book()
        .read_case(s.as_bytes(), &CaseOptions::default())
        .unwrap_err();
    assert_eq!(e.problems[0].code, err::TOO_LARGE);
    // with room for it, the list-length limit still holds
    let opts = CaseOptions {
        max_bytes: 32 * 1024 * 1024,
        ..CaseOptions::default()
    };
    let e = json::parse(s.as_bytes(), &opts).unwrap_err();
    assert_eq!(e.code, err::LIST_TOO_LONG);
    // and with both limits raised it parses
    let opts = CaseOptions {
        max_bytes: 32 * 1024 * 1024,
        max_list_len: 10_000_000,
        ..CaseOptions::default()
    };
    let tree = json::parse(s.as_bytes(), &opts).unwrap();
    let JsonKind::Array(a) = &tree.kind else {
        panic!()
    };
    assert_eq!(a.len(), n + 1);
}

#[test]
fn json_lines_streams_and_caps_long_lines() {
    let input = b"{\"a\":1}\r\n\n   \n{\"b\":2}\n0123456789ABCDEF\nlast";
    let lines: Vec<_> = json::json_lines(&input[..], 10)
        .map(|l| l.unwrap())
        .map(|l| (l.number, String::from_utf8(l.bytes).unwrap()))
        .collect();
    assert_eq!(
        lines,
        [
            (1, "{\"a\":1}".to_string()),
            (4, "{\"b\":2}".to_string()),
            (5, "0123456789A".to_string()),
            (6, "last".to_string())
        ]
    );
    // a cut line is reported as too large by the reader
    let e = book()
        .read_case(
            b"0123456789A",
            &CaseOptions {
                max_bytes: 10,
                ..CaseOptions::default()
            },
        )
        .unwrap_err();
    assert_eq!(e.problems[0].code, err::TOO_LARGE);
    // a tiny read buffer gives the same lines
    let r = std::io::BufReader::with_capacity(2, &input[..]);
    assert_eq!(json::json_lines(r, 10).count(), 4);
}

// ───────────────────────────── builder ─────────────────────────────

#[test]
fn builder_matches_reader() {
    let b = book();
    let from_json = read(
        &b,
        r#"{"violation": "A-1", "act_date": "2024-03-01", "goods_value": "8000", "harm": "serious"}"#,
    )
    .unwrap();
    let harm = b
        .checked()
        .enums
        .iter()
        .position(|e| e.name == "harm_level")
        .unwrap();
    let built = Case::builder(&b)
        .violation("A-1")
        .act_date(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap())
        .set("goods_value", Value::Money(dec("8000")))
        .set("harm", Value::Enum(crate::ir::EnumId(harm as u32), 2))
        .build()
        .unwrap();
    assert_eq!(built, from_json);
}

#[test]
fn builder_reports_every_problem() {
    let b = book();
    let e = Case::builder(&b)
        .violation("A-7")
        .set("goods_valu", Value::Money(Decimal::ONE))
        .set("count_n", Value::Money(Decimal::ONE))
        .set("rate_d", Value::Decimal(dec("9")))
        .build()
        .unwrap_err();
    let got: Vec<_> = e
        .problems
        .iter()
        .map(|p| format!("{} {}", p.code, p.path))
        .collect();
    assert_eq!(
        got,
        [
            "mete::case::unknown_violation $.violation",
            "mete::case::unknown_key $.goods_valu",
            "mete::case::wrong_type $.count_n",
            "mete::case::out_of_range $.rate_d",
            "mete::case::missing_fact $.goods_value",
            "mete::case::missing_fact $.harm",
        ]
    );
    let e = Case::builder(&b)
        .set("harm", Value::Int(1))
        .build()
        .unwrap_err();
    assert_eq!(e.problems[0].code, err::MISSING_VIOLATION);
}

// ───────────────────────────── codes ─────────────────────────────

#[test]
fn codes_are_unique_and_described() {
    let codes: BTreeSet<_> = err::ALL.iter().map(|(c, _)| *c).collect();
    assert_eq!(codes.len(), err::ALL.len());
    for (c, d) in err::ALL {
        assert!(c.starts_with("mete::case::"));
        assert!(!d.is_empty() && !d.ends_with('.'));
    }
}

#[test]
fn messages_follow_the_house_style() {
    let e = read(
        &book(),
        r#"{"violation": "A-9", "goods_valeu": 5, "harm": "bad", "count_n": 1.5, "found_on": "x", "rate_d": 7, "corrected": 1, "pollutants": ["lead", "lead"], "priors": [{}]}"#,
    )
    .unwrap_err();
    for p in &e.problems {
        assert!(!p.message.ends_with('.'), "{p:?}");
        assert!(!p.message.starts_with(char::is_uppercase), "{p:?}");
        assert!(!p.message.contains('\n'), "{p:?}");
        assert!(p.path.starts_with('$'), "{p:?}");
    }
    assert!(e.problems.len() >= 9);
}

#[test]
fn type_names_cover_all_types() {
    let b = book();
    let r = read::Reader::new(b.checked());
    assert_eq!(r.type_name(Type::Money), "an amount of money");
}

// ───────────────────────────── schema ─────────────────────────────

const SMALL: &str = r#"rulebook "s" { title "小基准" version "2" effective from 2024-01-01 }
record prior "处罚记录" { date: date "处罚日期"; kind: enum { same "同类", other "其他" } "类别"; amount: money "金额" default 0 }
facts {
  goods_value: money "货值金额" note "违法生产经营的食品货值" range 0 to 1000000.5
  harm: enum { none "无", serious "严重" } "危害后果" default none
  count_n: int "次数" range 0 to 10 default 0
  found_on: date "发现日期" optional
  priors: list of prior "处罚记录" default []
  pollutants: set of enum { lead "铅", mercury "汞" } "污染物" default {lead}
  period: duration "期间" optional
  done: bool "改正" default false
  remark: text "说明" optional
}
violation S-1 "第一项" { fine 100 to 1000 tier t "一般" otherwise }
violation S-2 "第二项" { fine 100 to 1000 tier t "一般" otherwise }
"#;

#[test]
fn schema_snapshot() {
    let schema = book_from(SMALL).case_schema();
    assert!(schema.ends_with("}\n"));
    insta::assert_snapshot!(schema);
}

#[test]
fn schema_agrees_with_the_facts() {
    for src in [SMALL, BOOK] {
        let b = book_from(src);
        let text = b.case_schema();
        assert_eq!(text, b.case_schema(), "deterministic");
        let s: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert_eq!(s["additionalProperties"], false);
        let props = s["properties"].as_object().unwrap();
        let mut want: BTreeSet<String> = read::ENVELOPE.iter().map(|k| k.to_string()).collect();
        want.extend(b.checked().facts.iter().map(|f| f.name.clone()));
        let got: BTreeSet<String> = props.keys().cloned().collect();
        assert_eq!(got, want);
        let required: BTreeSet<&str> = s["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let want_req: BTreeSet<&str> = b
            .checked()
            .facts
            .iter()
            .filter(|f| f.default.is_none() && !f.optional)
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(required, want_req);
        for f in &b.checked().facts {
            assert_eq!(props[&f.name]["title"], f.label.as_str());
            assert_eq!(
                props[&f.name].get("description").and_then(|d| d.as_str()),
                f.note.as_deref()
            );
        }
        let ids: Vec<&str> = props["violation"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let want_ids: Vec<&str> = b.checked().items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, want_ids);
    }
}

#[test]
fn schema_defaults_read_back_as_cases() {
    // Every declared default, written as case JSON by the schema, is accepted by the reader and
    // gives the default value back.
    let b = book_from(SMALL);
    let s: serde_json::Value = serde_json::from_str(&b.case_schema()).unwrap();
    let mut case = serde_json::Map::new();
    case.insert("violation".into(), "S-1".into());
    case.insert("goods_value".into(), "1".into());
    for (k, p) in s["properties"].as_object().unwrap() {
        if let Some(d) = p.get("default") {
            case.insert(k.clone(), d.clone());
        }
    }
    let text = serde_json::Value::Object(case).to_string();
    let with_defaults = read(&b, &text).unwrap();
    let bare = read(&b, r#"{"violation": "S-1", "goods_value": "1"}"#).unwrap();
    assert_eq!(with_defaults, bare);
}

// ───────────────────────────── properties ─────────────────────────────

mod props {
    use super::*;
    use proptest::prelude::*;

    fn json_ish() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just("{".to_string()),
                Just("}".to_string()),
                Just("[".to_string()),
                Just("]".to_string()),
                Just(",".to_string()),
                Just(":".to_string()),
                Just("\"violation\"".to_string()),
                Just("\"A-1\"".to_string()),
                Just("\"goods_value\"".to_string()),
                Just("\"priors\"".to_string()),
                Just("\"harm\"".to_string()),
                Just("\"serious\"".to_string()),
                Just("\"date\"".to_string()),
                Just("\"2024-02-30\"".to_string()),
                Just("\"\\ud800\"".to_string()),
                Just("null".to_string()),
                Just("true".to_string()),
                "-?[0-9]{1,30}(\\.[0-9]{1,30})?([eE][+-]?[0-9]{1,3})?",
                "\"[a-z_\\\\\"]{0,8}\"",
                " ",
            ],
            0..40,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            let b = book();
            if let Err(e) = b.read_case(&bytes, &CaseOptions::default()) {
                prop_assert!(!e.problems.is_empty());
            }
        }

        #[test]
        fn json_ish_text_never_panics(text in json_ish()) {
            let b = book();
            let opts = CaseOptions { max_depth: 4, max_list_len: 5, ..CaseOptions::default() };
            for o in [&opts, &CaseOptions::default()] {
                if let Err(e) = b.read_case(text.as_bytes(), o) {
                    prop_assert!(!e.problems.is_empty());
                    for p in &e.problems {
                        prop_assert!(p.path.starts_with('$'));
                        prop_assert!(p.code.starts_with("mete::case::"));
                    }
                }
            }
        }

        #[test]
        fn decimals_round_trip_exactly(int in 0u64..u64::MAX, frac in "[0-9]{0,8}") {
            let text = if frac.is_empty() { int.to_string() } else { format!("{int}.{frac}") };
            let b = book();
            for enc in [text.clone(), format!("\"{text}\"")] {
                let c = read(&b, &format!(r#"{{"violation": "A-1", "harm": "none", "goods_value": {enc}}}"#));
                match c {
                    Ok(c) => prop_assert_eq!(fact(&b, &c, "goods_value"), Some(&Value::Money(dec(&text)))),
                    // above the declared range
                    Err(e) => prop_assert_eq!(&e.problems[0].code, err::OUT_OF_RANGE),
                }
            }
        }

        #[test]
        fn member_order_does_not_matter(seed in any::<u64>()) {
            let members = [
                r#""violation": "A-1""#,
                r#""act_date": "2024-03-01""#,
                r#""goods_value": "8000.5""#,
                r#""harm": "minor""#,
                r#""pollutants": ["lead"]"#,
                r#""priors": [{"date": "2023-01-01", "kind": "same"}]"#,
                r#""period": "P1D""#,
            ];
            let mut shuffled = members.to_vec();
            let mut s = seed;
            for i in (1..shuffled.len()).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (s >> 33) as usize % (i + 1));
            }
            let a = ok(&format!("{{{}}}", members.join(",")));
            let b = ok(&format!("{{{}}}", shuffled.join(",")));
            prop_assert_eq!(a, b);
        }
    }
}

#[test]
fn chinese_names_and_paths() {
    let b = book_from(
        r#"rulebook "zh" { version "1" effective from 2024-01-01 }
facts {
  货值金额: money "货值金额"
  危害: enum { 无 "无", 严重 "严重" } "危害后果" default 无
}
violation 甲-1 "甲" { fine 100 to 1000 tier t "一般" otherwise }
"#,
    );
    let c = read(
        &b,
        r#"{"violation": "甲-1", "货值金额": "12.5", "危害": "严重"}"#,
    )
    .unwrap();
    assert_eq!(fact(&b, &c, "货值金额"), Some(&Value::Money(dec("12.5"))));
    assert!(matches!(fact(&b, &c, "危害"), Some(Value::Enum(_, 1))));
    assert_eq!(
        problems_in(&b, r#"{"violation": "甲-1", "货值金頟": 1, "危害": "重"}"#),
        [
            "unknown_key $.货值金頟",
            "unknown_variant $.危害",
            "missing_fact $.货值金额"
        ]
    );
    // keys that are not plain names are bracketed in paths
    assert_eq!(
        problems_in(&b, r#"{"violation": "甲-1", "货值金额": 1, "a b": 1}"#),
        ["unknown_key $[\"a b\"]"]
    );
}
