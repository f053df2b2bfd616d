//! Penalty-law vectors (penalty-law.md §8) and the evaluator's semantic rules, end to end:
//! source → compiled rulebook → JSON case → decision contract.
// The helpers outside `#[test]` functions fail the test loudly, which is what a test wants.
#![allow(
    clippy::panic,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing
)]

use mete_core::check::{CheckOptions, MemoryLoader};
use mete_core::compile::Rulebook;
use mete_core::decision::DecisionDto;
use mete_core::eval::{EvalOptions, EvaluateError, RulebookSet};

fn book(src: &str) -> Rulebook {
    let loader = MemoryLoader::default();
    match Rulebook::from_source("t.mete", src.as_bytes(), &loader, &CheckOptions::default()) {
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

fn eval(b: &Rulebook, json: &str) -> DecisionDto {
    match b.evaluate_json(
        json.as_bytes(),
        &EvalOptions::default(),
        &Default::default(),
    ) {
        Ok(d) => d,
        Err(e) => panic!("case failed: {e:?}"),
    }
}

fn eval_err(b: &Rulebook, json: &str) -> String {
    match b.evaluate_json(
        json.as_bytes(),
        &EvalOptions::default(),
        &Default::default(),
    ) {
        Ok(d) => panic!("expected an error, got {}", d.outcome),
        Err(EvaluateError::Eval(e)) => e.code.to_string(),
        Err(EvaluateError::Case(e)) => panic!("case error: {e:?}"),
    }
}

fn band(d: &DecisionDto) -> (String, String) {
    let f = d.fine.as_ref().expect("a fine band");
    (f.min.clone(), f.max.clone())
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

fn reviews(d: &DecisionDto) -> Vec<&str> {
    d.reviews.iter().map(|r| r.id.as_str()).collect()
}

const GENERAL: &str = r#"
rulebook "general" { version "1" effective from 2021-07-15 }
facts {
  birth: date "出生日期" optional
  minor_violation: bool "违法行为轻微" default false
  corrected: bool "及时改正" default false
  harm: bool "造成危害后果" default false
  first_time: bool "初次违法" default false
  coerced: bool "受胁迫" default false
  serious: bool "情节严重" default false
  party: enum { person "公民", org "组织" } "当事人类型" default person
  life_health: bool "涉及公民生命健康安全" default false
  discovered: date "发现日期" optional
  imposed: money "拟罚款数额" default 0
}
circumstance under14 "不满十四周岁" {
  cite "《行政处罚法》第三十条"
  when if exists birth then age_on(birth, act_date) < 14 else false
  shall not_punishable
}
circumstance juvenile "已满十四周岁不满十八周岁" {
  cite "《行政处罚法》第三十条"
  when if exists birth then age_on(birth, act_date) < 18 else false
  shall mitigate_or_reduce
}
circumstance slight "违法行为轻微并及时改正，没有造成危害后果" {
  cite "《行政处罚法》第三十三条第一款"
  when minor_violation and corrected and not harm
  shall exempt
  obligation "对当事人进行教育" cite "《行政处罚法》第三十三条第三款"
}
circumstance first "初次违法且危害后果轻微并及时改正" {
  cite "《行政处罚法》第三十三条第一款"
  when first_time and corrected and harm
  may exempt
}
circumstance coercion "受他人胁迫" {
  cite "《行政处罚法》第三十二条第二项"
  when coerced
  shall mitigate_or_reduce
}
circumstance barred "超过追责时效" {
  cite "《行政处罚法》第三十六条"
  when if exists discovered then discovered > deadline(act_date, if life_health and harm then 5 years else 2 years) else false
  shall time_barred
}
violation A "provision A" {
  cite "A"
  fine up to 50000
  tier heavy "从重" severe when serious: upper 30%
  tier light "从轻" lenient when corrected: lower 30%
  tier general "一般" otherwise: 30% to 70%
}
violation B "provision B" {
  cite "B"
  fine up to 100000
  tier heavy "从重" severe when serious: upper 30%
  tier light "从轻" lenient when corrected: lower 30%
  tier general "一般" otherwise: 30% to 70%
}
violation S "fixed amount" {
  cite "S"
  fine amount imposed
}
review summary "简易程序" kind summary_procedure
  when outcome == penalize and ((party == person and fine.max <= 200) or (party == org and fine.max <= 3000))
  cite "《行政处罚法》第五十一条"
review hearing "听证告知" kind hearing_notice
  when (party == person and fine.max above 2000) or (party == org and fine.max above 10000)
  cite "《公安机关办理行政案件程序规定》"
"#;

#[test]
fn vector_1_age_14_boundary() {
    let b = book(GENERAL);
    let d = eval(
        &b,
        r#"{"violation": "A", "act_date": "2024-05-10", "birth": "2010-05-10"}"#,
    );
    assert_eq!(d.outcome, "not_punishable");
    assert!(d.fine.is_none() && d.tier.is_none());
    let d = eval(
        &b,
        r#"{"violation": "A", "act_date": "2024-05-11", "birth": "2010-05-10"}"#,
    );
    assert_eq!(d.outcome, "penalize");
    assert_eq!(d.tier.as_ref().map(|t| t.id.as_str()), Some("light"));
    assert_eq!(band(&d), pair("0", "15000"));
    let applied: Vec<_> = d
        .circumstances
        .iter()
        .filter(|c| c.applied)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(applied, ["juvenile"]);
    // 从轻或者减轻: the reduced alternative is offered with its band.
    let o = d
        .options
        .iter()
        .find(|o| o.effect.as_deref() == Some("reduce"))
        .unwrap();
    assert_eq!(o.id, "juvenile");
    let f = o.consequence.fine.as_ref().unwrap();
    assert_eq!(
        (f.min.as_str(), f.max.as_str(), f.reduced),
        ("0", "0", true)
    );
}

#[test]
fn vector_2_shall_exempts_may_is_offered() {
    let b = book(GENERAL);
    let d = eval(
        &b,
        r#"{"violation": "A", "act_date": "2024-03-01", "minor_violation": true, "corrected": true}"#,
    );
    assert_eq!(d.outcome, "exempt");
    assert_eq!(d.obligations.len(), 1);
    assert_eq!(d.obligations[0].text, "对当事人进行教育");
    assert_eq!(d.obligations[0].from, "slight");
    let d = eval(
        &b,
        r#"{"violation": "A", "act_date": "2024-03-01", "first_time": true, "corrected": true, "harm": true}"#,
    );
    assert_eq!(d.outcome, "penalize");
    assert_eq!(d.options.len(), 1);
    assert_eq!(d.options[0].id, "first");
    assert_eq!(d.options[0].effect.as_deref(), Some("exempt"));
    assert_eq!(d.options[0].consequence.outcome, "exempt");
    let c = d.circumstances.iter().find(|c| c.id == "first").unwrap();
    assert!(!c.applied);
    assert_eq!(c.modality, "may");
}

#[test]
fn vector_3_coerced_is_never_severe() {
    let b = book(GENERAL);
    let d = eval(
        &b,
        r#"{"violation": "B", "act_date": "2024-03-01", "coerced": true, "serious": true}"#,
    );
    assert_eq!(d.outcome, "penalize");
    let t = d.tier.as_ref().unwrap();
    assert_eq!(
        (t.id.as_str(), t.grade.as_deref()),
        ("light", Some("lenient"))
    );
    assert_eq!(band(&d), pair("0", "30000"));
    let heavy = d
        .trace
        .iter()
        .find(|s| s.kind == "tier" && s.id == "heavy")
        .unwrap();
    assert!(heavy.fired);
    assert_eq!(heavy.note.as_deref(), Some("overridden"));
}

#[test]
fn vector_4_summary_procedure() {
    let b = book(GENERAL);
    let d = eval(
        &b,
        r#"{"violation": "S", "act_date": "2024-03-01", "imposed": 200}"#,
    );
    assert_eq!(reviews(&d), ["summary"]);
    let r = &d.reviews[0];
    assert!(
        r.because
            .iter()
            .any(|v| v.name == "fine.max" && v.value == "200")
    );
    assert!(
        r.because
            .iter()
            .any(|v| v.name == "party" && v.value == "person")
    );
    let d = eval(
        &b,
        r#"{"violation": "S", "act_date": "2024-03-01", "imposed": 201}"#,
    );
    assert!(reviews(&d).is_empty());
    let d = eval(
        &b,
        r#"{"violation": "S", "act_date": "2024-03-01", "imposed": 3000, "party": "org"}"#,
    );
    assert_eq!(reviews(&d), ["summary"]);
}

#[test]
fn vector_6_limitation_two_and_five_years() {
    let b = book(GENERAL);
    let d = eval(
        &b,
        r#"{"violation": "A", "act_date": "2022-03-01", "discovered": "2024-03-05"}"#,
    );
    assert_eq!(d.outcome, "time_barred");
    let d = eval(
        &b,
        r#"{"violation": "A", "act_date": "2022-03-01", "discovered": "2024-03-05", "life_health": true, "harm": true}"#,
    );
    assert_eq!(d.outcome, "penalize");
    let d = eval(
        &b,
        r#"{"violation": "A", "act_date": "2022-03-01", "discovered": "2024-03-01"}"#,
    );
    assert_eq!(
        d.outcome, "penalize",
        "the last day of the period is still in time"
    );
}

#[test]
fn vector_7_two_provisions_higher_fine_governs() {
    let b = book(GENERAL);
    let d = eval(
        &b,
        r#"{"violations": ["A", "B"], "act_date": "2024-03-01"}"#,
    );
    assert_eq!(d.violation.id, "B");
    assert_eq!(band(&d), pair("30000", "70000"));
    assert_eq!(d.provisions.len(), 2);
    assert!(!d.provisions[0].governing && d.provisions[1].governing);
    assert_eq!(d.provisions[0].fine.as_ref().unwrap().max, "35000");
    assert!(d.rationale.en.contains("art. 29"));
    let p: Vec<_> = d
        .trace
        .iter()
        .filter(|s| s.kind == "provision")
        .map(|s| (s.id.as_str(), s.fired))
        .collect();
    assert_eq!(p, [("A", false), ("B", true)]);
}

#[test]
fn vector_8_public_security_hearing() {
    let b = book(GENERAL);
    let d = eval(
        &b,
        r#"{"violation": "S", "act_date": "2024-03-01", "imposed": 2000}"#,
    );
    assert_eq!(reviews(&d), ["hearing"]);
    let d = eval(
        &b,
        r#"{"violation": "S", "act_date": "2024-03-01", "imposed": 1999}"#,
    );
    assert!(reviews(&d).is_empty());
    let d = eval(
        &b,
        r#"{"violation": "S", "act_date": "2024-03-01", "imposed": 10000, "party": "org"}"#,
    );
    assert_eq!(reviews(&d), ["hearing"]);
}

const OVERLOAD: &str = r#"
rulebook "overload" { version "1" effective from 2016-09-21 }
facts { weight: decimal "车货总质量" note "千克" default 0 }
let over: decimal "超限质量" = weight - 49000
violation OV "车辆超限运输" {
  cite "《超限运输车辆行驶公路管理规定》第四十三条"
  fine 500 per 1000 of over up, at most 30000
  tier warn "超限1000千克以内" when over <= 1000 { drop fine add warning }
  tier fined "罚款" otherwise
}
"#;

#[test]
fn vector_12_overload_per_tonne_with_warning_and_cap() {
    let b = book(OVERLOAD);
    let d = eval(
        &b,
        r#"{"violation": "OV", "act_date": "2024-03-01", "weight": 52000}"#,
    );
    assert_eq!(band(&d), pair("1500", "1500"));
    let d = eval(
        &b,
        r#"{"violation": "OV", "act_date": "2024-03-01", "weight": 49800}"#,
    );
    assert!(d.fine.is_none());
    assert_eq!(d.sanctions.len(), 1);
    assert_eq!(d.sanctions[0].kind, "warning");
    let d = eval(
        &b,
        r#"{"violation": "OV", "act_date": "2024-03-01", "weight": 119000}"#,
    );
    assert_eq!(band(&d), pair("30000", "30000"));
    let tier = d
        .trace
        .iter()
        .find(|s| s.kind == "tier" && s.id == "warn")
        .unwrap();
    assert_eq!(tier.reads[0].name, "over");
    assert_eq!(tier.reads[0].value, "70000");
}

const FOOD: &str = r#"
rulebook "food" {
  version "1" effective from 2024-01-01
  placement lenient within lower 30%
}
facts {
  goods_value: money "货值金额" default 0
  harm: enum { none "无", minor "轻微", serious "严重" } "危害后果" default minor
  corrected: bool "及时改正" default false
}
violation FS-124 "生产经营不符合食品安全标准的食品" {
  cite "《食品安全法》第一百二十四条第一款"
  fine when goods_value < 10000: 50000 to 100000
       otherwise: 10x to 20x of goods_value
  confiscate_gains
  may revoke_license when harm == serious
  tier heavy "从重" severe when harm == serious: upper 30% { add revoke_license }
  tier light "从轻" lenient when corrected: lower 30% recommend minimum
  tier general "一般" otherwise: 30% to 70%
}
review legal "法制审核" kind legal_review when fine.max >= 200000 or includes revoke_license
  cite "《行政处罚法》第五十八条"
"#;

#[test]
fn vector_13_food_safety_lenient_30_percent() {
    let b = book(FOOD);
    let d = eval(
        &b,
        r#"{"violation": "FS-124", "act_date": "2024-03-01", "goods_value": 8000, "corrected": true}"#,
    );
    let s = d.statutory.as_ref().unwrap();
    assert_eq!(
        (s.min.as_str(), s.max.as_deref()),
        ("50000", Some("100000"))
    );
    assert_eq!(band(&d), pair("50000", "65000"));
    assert_eq!(d.fine.as_ref().unwrap().point.as_deref(), Some("50000"));
    let d = eval(
        &b,
        r#"{"violation": "FS-124", "act_date": "2024-03-01", "goods_value": "20000"}"#,
    );
    let s = d.statutory.as_ref().unwrap();
    assert_eq!(
        (s.min.as_str(), s.max.as_deref()),
        ("200000", Some("400000"))
    );
    assert_eq!(band(&d), pair("260000", "340000"));
    assert_eq!(reviews(&d), ["legal"]);
}

#[test]
fn sanctions_shall_may_and_tier_additions() {
    let b = book(FOOD);
    let d = eval(
        &b,
        r#"{"violation": "FS-124", "act_date": "2024-03-01", "goods_value": 8000, "harm": "serious"}"#,
    );
    let kinds: Vec<_> = d.sanctions.iter().map(|s| s.kind.as_str()).collect();
    assert_eq!(kinds, ["confiscate_gains", "revoke_license"]);
    // The item only permits revocation ("may"), but the heavy tier imposes it: it is imposed,
    // so it is not offered as an option as well.
    assert!(d.options.is_empty(), "{:?}", d.options);
    assert_eq!(band(&d), pair("85000", "100000"));
    let legal = &d.reviews[0];
    assert!(
        legal
            .because
            .iter()
            .any(|v| v.name == "includes revoke_license" && v.value == "true")
    );
}

const WORK: &str = r#"
rulebook "work-safety" { version "1" effective from 2021-09-01 }
facts {
  accident: enum { ordinary "一般事故", larger "较大事故", major "重大事故", grave "特别重大事故" } "事故等级" default ordinary
  especially_serious: bool "情节特别严重" default false
}
let low: money = if accident == ordinary then 300000 else if accident == larger then 1000000 else if accident == major then 2000000 else 10000000
let high: money = if accident == ordinary then 1000000 else if accident == larger then 2000000 else if accident == major then 10000000 else 20000000
violation WS-114 "发生生产安全事故" {
  cite "《安全生产法》第一百一十四条"
  fine when especially_serious: 2 * low to 5 * high
       otherwise: low to high
}
"#;

#[test]
fn vector_14_work_safety_multiples() {
    let b = book(WORK);
    let d = eval(&b, r#"{"violation": "WS-114", "act_date": "2024-03-01"}"#);
    assert_eq!(band(&d), pair("300000", "1000000"));
    let d = eval(
        &b,
        r#"{"violation": "WS-114", "act_date": "2024-03-01", "especially_serious": true}"#,
    );
    assert_eq!(band(&d), pair("600000", "5000000"));
    let fine_steps: Vec<_> = d
        .trace
        .iter()
        .filter(|s| s.kind == "fine")
        .map(|s| s.fired)
        .collect();
    assert_eq!(fine_steps, [true]);
}

#[test]
fn evaluating_twice_gives_identical_bytes() {
    let b = book(FOOD);
    let case = r#"{"violation": "FS-124", "act_date": "2024-03-01", "goods_value": 8000, "harm": "serious"}"#;
    let a = serde_json::to_string_pretty(&eval(&b, case)).unwrap();
    let c = serde_json::to_string_pretty(&eval(&b.clone(), case)).unwrap();
    assert_eq!(a, c);
    assert!(a.contains("\"line\": "));
}

#[test]
fn trace_positions_point_at_the_source() {
    let b = book(FOOD);
    let d = eval(
        &b,
        r#"{"violation": "FS-124", "act_date": "2024-03-01", "corrected": true}"#,
    );
    let light = d.trace.iter().find(|s| s.id == "light").unwrap();
    assert_eq!(
        (light.at.file.as_str(), light.at.line, light.at.col),
        ("t.mete", 18, 3)
    );
    assert!(light.fired);
    let general = d.trace.iter().find(|s| s.id == "general").unwrap();
    assert_eq!(general.note.as_deref(), Some("not_reached"));
    assert!(d.rationale.zh.contains("从轻"));
    assert!(d.rationale.en.contains("Tier applied"));
}

#[test]
fn trace_can_be_switched_off() {
    let b = book(FOOD);
    let d = b
        .evaluate_json(
            br#"{"violation": "FS-124", "act_date": "2024-03-01"}"#,
            &EvalOptions { trace: false },
            &Default::default(),
        )
        .unwrap();
    assert!(d.trace.is_empty());
    assert_eq!(band(&d), pair("65000", "85000"));
}

const MECH: &str = r#"
rulebook "mech" { version "1" effective from 2020-01-01 }
facts {
  a: bool "从轻情节" default false
  g: bool "从重情节" default false
  r: bool "减轻情节" default false
  priors: int "次数" default 0
  apology: bool "道歉" default false
  big: money "数额" default 0
  cut: decimal "除数" default 1
}
circumstance mit "从轻" { cite "m" when a shall mitigate }
circumstance agg "从重" { cite "g" when g shall aggravate }
circumstance red "减轻" { cite "r" when r shall reduce }
adjust up1 "三次以上" when priors >= 3: up 1 cite "基准"
adjust top "两次" when priors == 2: to maximum
adjust sorry "道歉承诺" when apology: discount 30% to 50%, at least statutory.min
violation C "collective" {
  cite "C"
  fine 10000 to 20000
  tier heavy "从重" severe when big > 100: upper 30%
  tier mid "一般" ordinary when big > 10: 30% to 70%
  tier light "从轻" lenient otherwise: lower 30%
}
violation O "offset" {
  cite "O"
  conflicts offset
  fine 10000 to 20000
  tier heavy "从重" severe when big > 100: upper 30%
  tier light "从轻" lenient otherwise: lower 30%
}
violation L "lenient first" {
  cite "L"
  conflicts lenient_first
  fine 10000 to 20000
  tier heavy "从重" severe when big > 100: upper 30%
  tier light "从轻" lenient otherwise: lower 30%
}
violation N "no otherwise" {
  cite "N"
  fine 10000 to 20000
  tier heavy "从重" severe when big > 100: upper 30%
}
violation U "at least" {
  cite "U"
  fine at least 5000
  tier t "一般" ordinary otherwise: lower 30%
}
violation D "division" {
  cite "D"
  fine amount big / cut
}
violation P "dated" {
  cite "P"
  fine up to 1000
  tier late "晚" ordinary when act_date > 2020-06-01: lower 50%
  tier early "早" lenient otherwise: upper 50%
}
violation Q "no lenient tier" {
  cite "Q"
  fine 1000 to 2000
  tier only "一般" ordinary otherwise: 30% to 70%
}
"#;

fn case(item: &str, extra: &str) -> String {
    format!(r#"{{"violation": "{item}", "act_date": "2024-03-01"{extra}}}"#)
}

#[test]
fn conflicting_circumstances_need_a_collective_decision() {
    let b = book(MECH);
    let d = eval(&b, &case("C", r#", "a": true, "g": true"#));
    assert_eq!(d.outcome, "needs_collective_decision");
    assert!(d.fine.is_none() && d.tier.is_none());
    let ids: Vec<_> = d
        .circumstances
        .iter()
        .map(|c| (c.id.as_str(), c.applied))
        .collect();
    assert_eq!(ids, [("mit", false), ("agg", false)]);
    let notes: Vec<_> = d
        .trace
        .iter()
        .filter(|s| s.kind == "circumstance" && s.fired)
        .map(|s| s.note.as_deref())
        .collect();
    assert_eq!(notes, [Some("conflict"), Some("conflict")]);
}

#[test]
fn declared_conflict_modes_resolve() {
    let b = book(MECH);
    let d = eval(&b, &case("O", r#", "a": true, "g": true, "big": 1000"#));
    assert_eq!(d.outcome, "penalize");
    assert_eq!(d.tier.as_ref().unwrap().id, "heavy");
    let d = eval(&b, &case("L", r#", "a": true, "g": true, "big": 1000"#));
    assert_eq!(d.tier.as_ref().unwrap().id, "light");
    assert_eq!(band(&d), pair("10000", "13000"));
}

#[test]
fn mitigate_and_aggravate_force_the_grade() {
    let b = book(MECH);
    let d = eval(&b, &case("C", r#", "a": true, "big": 1000"#));
    assert_eq!(d.tier.as_ref().unwrap().id, "light");
    let d = eval(&b, &case("C", r#", "g": true"#));
    assert_eq!(d.tier.as_ref().unwrap().id, "heavy");
    assert_eq!(band(&d), pair("17000", "20000"));
}

#[test]
fn reduce_goes_below_the_minimum_never_below_zero() {
    let b = book(MECH);
    let d = eval(&b, &case("C", r#", "r": true, "a": true"#));
    let f = d.fine.as_ref().unwrap();
    assert_eq!(
        (f.min.as_str(), f.max.as_str(), f.reduced),
        ("0", "10000", true)
    );
    let m = d.circumstances.iter().find(|c| c.id == "mit").unwrap();
    assert!(!m.applied, "reduce outranks mitigate");
}

#[test]
fn adjustments_move_tiers_place_points_and_discount() {
    let b = book(MECH);
    // Up one tier from the middle: the heaviest band of this case.
    let d = eval(&b, &case("C", r#", "big": 50, "priors": 3"#));
    assert_eq!(d.tier.as_ref().unwrap().id, "heavy");
    assert_eq!(band(&d), pair("17000", "20000"));
    // Clamped at the heaviest.
    let d = eval(&b, &case("C", r#", "big": 500, "priors": 5"#));
    assert_eq!(d.tier.as_ref().unwrap().id, "heavy");
    // Top of the tier.
    let d = eval(&b, &case("C", r#", "big": 50, "priors": 2"#));
    assert_eq!(d.fine.as_ref().unwrap().point.as_deref(), Some("17000"));
    assert_eq!(d.adjustments[0].action, "to maximum");
    // Discount 30%–50% of the band, floored at the statutory minimum.
    let d = eval(&b, &case("C", r#", "big": 500, "apology": true"#));
    assert_eq!(band(&d), pair("10000", "14000"));
    assert_eq!(d.adjustments[0].action, "discount 30% to 50%");
}

#[test]
fn evaluation_errors_are_values() {
    let b = book(MECH);
    assert_eq!(eval_err(&b, &case("N", "")), "mete::eval::no_tier");
    let e = b
        .evaluate_json(
            case("N", "").as_bytes(),
            &EvalOptions::default(),
            &Default::default(),
        )
        .unwrap_err();
    match e {
        EvaluateError::Eval(e) => assert_eq!(e.item.as_deref(), Some("N")),
        _ => panic!("expected an evaluation error"),
    }
    assert_eq!(eval_err(&b, &case("U", "")), "mete::eval::unbounded");
    assert_eq!(
        eval_err(&b, &case("D", r#", "big": 10, "cut": 0"#)),
        "mete::eval::division_by_zero"
    );
    assert_eq!(
        eval_err(
            &b,
            &case(
                "D",
                r#", "big": "9000000000000000000000000000", "cut": "0.01""#
            )
        ),
        "mete::eval::overflow"
    );
    assert_eq!(
        eval_err(&b, r#"{"violation": "P"}"#),
        "mete::eval::missing_date"
    );
    assert_eq!(
        eval_err(&b, &case("Q", r#", "a": true"#)),
        "mete::eval::no_target_tier"
    );
}

#[test]
fn versions_apply_the_lenient_new_law() {
    let old = book(
        r#"rulebook "v" { version "2020" effective from 2020-01-01 until 2023-12-31 }
violation X "x" { cite "x" fine 1000 to 5000 }"#,
    );
    let new = book(
        r#"rulebook "v" { version "2024" effective from 2024-01-01 }
violation X "x" { cite "x" fine 500 to 3000 }"#,
    );
    let harsher = book(
        r#"rulebook "v" { version "2024h" effective from 2024-01-01 }
violation X "x" { cite "x" fine 2000 to 9000 }"#,
    );
    let set = RulebookSet::new(vec![new.clone(), old.clone()]).unwrap();
    let json = br#"{"violation": "X", "act_date": "2023-06-01", "decision_date": "2024-02-01"}"#;
    let d = set
        .evaluate_json(json, &EvalOptions::default(), &Default::default())
        .unwrap();
    assert_eq!(d.rulebook.version, "2024");
    let vc = d.rulebook.version_choice.as_ref().unwrap();
    assert_eq!(vc.reason, "later_more_lenient");
    assert_eq!(vc.in_force_at_act.as_deref(), Some("2020"));
    let case = old.read_case(json, &Default::default()).unwrap();
    let d = set
        .evaluate(&case, &EvalOptions::default())
        .unwrap()
        .to_dto();
    assert_eq!(d.rulebook.version, "2024");
    let set = RulebookSet::new(vec![old.clone(), harsher]).unwrap();
    let d = set
        .evaluate_json(json, &EvalOptions::default(), &Default::default())
        .unwrap();
    assert_eq!(d.rulebook.version, "2020");
    assert_eq!(
        d.rulebook.version_choice.as_ref().unwrap().reason,
        "in_force_at_act"
    );
    assert!(RulebookSet::new(vec![old.clone(), old.clone()]).is_err());
    let single = eval(&old, r#"{"violation": "X", "act_date": "2023-06-01"}"#);
    assert!(single.rulebook.version_choice.is_none());
}

#[test]
fn versions_need_the_rules_in_force_at_the_act() {
    let v2024 = book(
        r#"rulebook "v" { version "2024" effective from 2024-01-01 }
violation X "x" { cite "x" fine 500 to 3000 }"#,
    );
    let v2025 = book(
        r#"rulebook "v" { version "2025" effective from 2025-01-01 }
violation X "x" { cite "x" fine 100 to 300 }"#,
    );
    let set = RulebookSet::new(vec![v2024, v2025]).unwrap();
    // An act before every loaded version: art. 37 cannot be applied without the old rules.
    let json = br#"{"violation": "X", "act_date": "2023-06-01", "decision_date": "2025-02-01"}"#;
    match set.evaluate_json(json, &EvalOptions::default(), &Default::default()) {
        Err(EvaluateError::Eval(e)) => assert_eq!(e.code, "mete::eval::no_version"),
        other => panic!("expected no_version, got {other:?}"),
    }
}

#[test]
fn a_collective_decision_is_not_lighter_than_a_penalty() {
    // The new version leaves a conflict to the leaders; the old one fines. Art. 37 keeps the old
    // rules: a collective decision may still end in a heavier penalty.
    let old = book(
        r#"rulebook "c" { version "1" effective from 2020-01-01 until 2023-12-31 }
violation X "x" { cite "x" fine 1000 to 5000 }"#,
    );
    let new = book(
        r#"rulebook "c" { version "2" effective from 2024-01-01 conflicts collective }
facts { a: bool "a" default true }
circumstance up "从重" { cite "c" when a shall aggravate }
circumstance down "从轻" { cite "c" when a shall mitigate }
violation X "x" {
  cite "x"
  fine 1000 to 5000
  tier hi "重" severe when false: upper 30%
  tier lo "轻" lenient otherwise: lower 30%
}"#,
    );
    let alone = eval(&new, r#"{"violation": "X", "act_date": "2024-03-01"}"#);
    assert_eq!(alone.outcome, "needs_collective_decision");
    let set = RulebookSet::new(vec![old, new]).unwrap();
    let json = br#"{"violation": "X", "act_date": "2023-06-01", "decision_date": "2024-02-01"}"#;
    let d = set
        .evaluate_json(json, &EvalOptions::default(), &Default::default())
        .unwrap();
    assert_eq!(d.rulebook.version, "1");
    assert_eq!(
        d.rulebook.version_choice.as_ref().unwrap().reason,
        "in_force_at_act"
    );
}

#[test]
fn chinese_keywords_evaluate_the_same() {
    let b = book(
        r#"规则集 "zh" { 版本 "1" 施行 自 2020-01-01 }
事实 { 货值金额: 金额 "货值金额" 默认 0 }
违法行为 X "x" {
  依据 "x"
  罚款 当 货值金额 < 10000: 50000 至 100000
       否则: 10倍 至 20倍 按 货值金额
  阶次 轻 "从轻" 从轻 否则: 低段 30%
}"#,
    );
    let d = eval(
        &b,
        r#"{"violation": "X", "act_date": "2024-03-01", "货值金额": 20000}"#,
    );
    assert_eq!(band(&d), pair("200000", "260000"));
}

const EXPRS: &str = r#"
rulebook "exprs" { version "1" effective from 2020-01-01 }
record prior "处罚记录" { date: date "日期"; kind: enum { same "同类", other "其他" } "类别"; amount: money "罚款" default 0 }
facts {
  priors: list of prior "处罚记录" default []
  birth: date "出生日期" default 2010-05-10
  pollutants: set of enum { lead "铅", mercury "汞", dust "粉尘" } "污染物" default {}
  x: decimal "x" default 0
}
calendar cn "节假日" { holidays 2024-10-01 to 2024-10-07; workdays 2024-09-29 }
let same2y: int = count(priors where kind == same and date within 2 years before act_date)
let total: money = sum(amount of priors where kind == same)
let anyother: bool = any(priors where kind == other)
let allsame: bool = all(priors where kind == same)
let heavy: bool = lead in pollutants or mercury in pollutants
violation COUNT "count" { cite "c" fine amount same2y * 1000元 }
violation SUM "sum" { cite "s" fine amount total }
violation BOOL "bools" { cite "b" fine amount (if anyother then 100元 else 0元) + (if allsame then 10元 else 0元) + (if heavy then 1元 else 0元) }
violation AGE "age" { cite "a" fine amount age_on(birth, act_date) * 1000元 + year(act_date) * 1元 }
violation DAYS "days" { cite "d" fine amount days_between(2024-09-28, act_date) * 100元 + working_days_between(2024-09-28, act_date, cn) * 1元 }
violation ADD "add" { cite "w" fine amount days_between(2024-09-30, add_working_days(2024-09-30, 1, cn)) * 1元 + days_between(2024-02-29, 2024-02-29 + 1 years) * 1000元 }
violation ROUND "round" { cite "r" fine amount (round(x, 100, down) + min(x, 5) + max(clamp(x, 0, 3), 2)) * 1元 }
"#;

#[test]
fn expressions_dates_lists_and_functions() {
    let b = book(EXPRS);
    let amount = |item: &str, extra: &str| {
        band(&eval(
            &b,
            &format!(r#"{{"violation": "{item}", "act_date": "2024-10-08"{extra}}}"#),
        ))
        .0
    };
    let priors = r#", "priors": [{"date": "2022-10-08", "kind": "same", "amount": 5}, {"date": "2022-10-07", "kind": "same", "amount": 7}, {"date": "2024-10-08", "kind": "same"}, {"date": "2024-01-01", "kind": "other", "amount": 100}]"#;
    // The window is anchor − 2 years ≤ d < anchor: the first counts, the second and the act day not.
    assert_eq!(amount("COUNT", priors), "1000");
    assert_eq!(amount("SUM", priors), "12");
    assert_eq!(amount("BOOL", priors), "100");
    assert_eq!(
        amount("BOOL", r#", "pollutants": ["dust", "mercury"]"#),
        "11"
    );
    // Born 2010-05-10: 14 on 2024-10-08.
    assert_eq!(amount("AGE", ""), "16024");
    // 10 calendar days; working days in (09-28, 10-08]: 09-29 (make-up), 09-30, 10-08.
    assert_eq!(amount("DAYS", ""), "1003");
    // The next working day after 09-30 is 10-08; Feb 29 plus a year is Feb 28 (365 days).
    assert_eq!(amount("ADD", ""), "365008");
    // round(1234.5, 100, down) = 1200; min(x, 5) = 5; max(clamp(x, 0, 3), 2) = 3.
    assert_eq!(amount("ROUND", r#", "x": "1234.5""#), "1208");
}

#[test]
fn tier_bands_stay_inside_the_statutory_range() {
    // The floor lifts the range to 20,000–50,000 and the cap lowers it to 1,000,000: a tier
    // written as a percentage of the base can reach past either end, the decision cannot.
    let b = book(
        r#"rulebook "clamp" { version "1" effective from 2020-01-01 }
facts { investment: money "总投资额" default 0; done: bool "已完工" default false }
violation X "x" {
  cite "x"
  fine 1% to 5% of investment, at least 20000, at most 1000000
  tier done "已完工" when done: 3% to 5% of investment
  tier open "未完工" otherwise: 1% to 3% of investment recommend minimum
}"#,
    );
    let d = eval(
        &b,
        r#"{"violation": "X", "act_date": "2024-03-01", "investment": 1000000}"#,
    );
    assert_eq!(band(&d), pair("20000", "30000"));
    assert_eq!(d.fine.as_ref().unwrap().point.as_deref(), Some("20000"));
    let d = eval(
        &b,
        r#"{"violation": "X", "act_date": "2024-03-01", "investment": 100000000, "done": true}"#,
    );
    assert_eq!(band(&d), pair("1000000", "1000000"));
}
