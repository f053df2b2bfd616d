//! The JSON boundary: tagged answers, stable field order, no panics.

use std::collections::BTreeMap;

use super::*;

const BOOK: &str = r#"rulebook "demo" { title "示例" version "1" effective from 2024-01-01 }
facts { value: money "货值金额" }
violation V-1 "未经许可经营" {
  violates "某法第三条"
  cite "某法第十条"
  fine up to 10000
  tier big "较重" when value above 5000: 5000 to 10000
  tier small "较轻" otherwise: lower 50%
}
"#;

fn sources(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

fn book() -> Rulebook {
    match compile_rulebook(&sources(&[("demo.mete", BOOK)]), "demo.mete") {
        (_, Some(b)) => b,
        (a, None) => panic!("{a:#?}"),
    }
}

fn json<T: Serialize>(x: &T) -> String {
    serde_json::to_string(x).unwrap()
}

/// Positions of `keys` in `text` are increasing.
fn in_order(text: &str, keys: &[&str]) {
    let pos: Vec<usize> = keys
        .iter()
        .map(|k| {
            text.find(&format!("\"{k}\":"))
                .unwrap_or_else(|| panic!("{k} in {text}"))
        })
        .collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "{keys:?} in {text}");
}

#[test]
fn compile_ok_lists_items_in_a_stable_order() {
    let answer = compile(&sources(&[("demo.mete", BOOK)]), "demo.mete");
    let text = json(&answer);
    assert!(
        text.starts_with(r#"{"status":"ok","id":"demo","version":"1","content_hash":""#),
        "{text}"
    );
    assert!(
        text.contains(r#""items":[{"id":"V-1","title":"未经许可经营"}],"warnings":[]}"#),
        "{text}"
    );
    in_order(
        &text,
        &[
            "status",
            "id",
            "version",
            "content_hash",
            "items",
            "warnings",
        ],
    );
}

#[test]
fn compile_errors_are_diagnostics() {
    let bad = "rulebook \"x\" { version \"1\" effective from 2024-01-01 }\nlet a: int = b\n";
    let answer = compile(&sources(&[("x.mete", bad)]), "x.mete");
    let CompileAnswer::Error { diagnostics } = &answer else {
        panic!("{answer:#?}")
    };
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code == "mete::check::unknown_name"),
        "{diagnostics:#?}"
    );
    assert!(json(&answer).starts_with(r#"{"status":"error","diagnostics":[{"severity":"error""#));
    let missing = compile(&sources(&[("x.mete", bad)]), "y.mete");
    let text = json(&missing);
    assert!(text.contains(r#""code":"mete::api::no_root""#), "{text}");
    assert!(text.contains("the files given are `x.mete`"), "{text}");
}

#[test]
fn compile_resolves_imports_among_the_sources() {
    let root = "rulebook \"r\" { version \"1\" effective from 2024-01-01 import \"lib/common.mete\" }\nviolation A \"甲\" { fine up to 100 }\n";
    let common = "rulebook \"common\" { version \"1\" effective from 2024-01-01 }\nfacts { x: bool \"x\" default false }\n";
    let (answer, book) = compile_rulebook(
        &sources(&[("root.mete", root), ("lib/common.mete", common)]),
        "root.mete",
    );
    assert!(book.is_some(), "{answer:#?}");
    assert!(matches!(answer, CompileAnswer::Ok { .. }));
}

#[test]
fn evaluate_answers_ok_with_the_decision() {
    let b = book();
    let answer = evaluate(
        &b,
        r#"{"violation": "V-1", "act_date": "2024-03-01", "value": "8000"}"#,
    );
    let EvaluateAnswer::Ok { decision } = &answer else {
        panic!("{answer:#?}")
    };
    assert_eq!(
        decision
            .fine
            .as_ref()
            .map(|f| (f.min.as_str(), f.max.as_str())),
        Some(("5000", "10000"))
    );
    let text = json(&answer);
    assert!(
        text.starts_with(r#"{"status":"ok","decision":{"schema_version":1,"#),
        "{text}"
    );
}

#[test]
fn evaluate_answers_case_errors_with_every_problem() {
    let b = book();
    let answer = evaluate(&b, r#"{"violation": "V-2", "valeu": "x"}"#);
    let text = json(&answer);
    assert!(
        text.starts_with(r#"{"status":"error","kind":"case","problems":["#),
        "{text}"
    );
    let EvaluateAnswer::Error(EvaluateError::Case(c)) = &answer else {
        panic!("{answer:#?}")
    };
    let paths: Vec<&str> = c.problems.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"$.violation"), "{paths:?}");
    assert!(paths.contains(&"$.valeu"), "{paths:?}");
    assert!(text.contains("did you mean `value`?"), "{text}");
    let not_json = json(&evaluate(&b, "{"));
    assert!(
        not_json.starts_with(r#"{"status":"error","kind":"case""#),
        "{not_json}"
    );
}

#[test]
fn evaluate_answers_eval_errors() {
    let src = "rulebook \"t\" { version \"1\" effective from 2024-01-01 }\nfacts { n: int \"n\" }\nviolation A \"甲\" { fine up to 100\n  tier a \"a\" when n > 1: 0 to 100 }\n";
    let (_, b) = compile_rulebook(&sources(&[("t.mete", src)]), "t.mete");
    let b = b.unwrap();
    let answer = evaluate(&b, r#"{"violation": "A", "n": 0}"#);
    let text = json(&answer);
    assert!(
        text.starts_with(r#"{"status":"error","kind":"eval","code":"mete::eval::"#),
        "{text}"
    );
    in_order(&text, &["status", "kind", "code", "message", "item"]);
}

#[test]
fn explain_in_both_languages() {
    let b = book();
    let case = r#"{"violation": "V-1", "value": "100"}"#;
    let ExplainAnswer::Ok { text } = explain(&b, case, Lang::En) else {
        panic!()
    };
    assert!(
        text.starts_with("Decision: penalize, fine 0 to 5000 yuan\n"),
        "{text}"
    );
    let ExplainAnswer::Ok { text } = explain(&b, case, Lang::Zh) else {
        panic!()
    };
    assert!(
        text.starts_with("处理结果：处罚，罚款0元至5000元\n"),
        "{text}"
    );
    let bad = json(&explain(&b, "[]", Lang::En));
    assert!(
        bad.starts_with(r#"{"status":"error","kind":"case""#),
        "{bad}"
    );
}

#[test]
fn items_and_schemas() {
    let b = book();
    let text = json(&items(&b));
    assert_eq!(
        text,
        r#"[{"id":"V-1","title":"未经许可经营","violates":["某法第三条"],"cite":["某法第十条"]}]"#
    );
    let case = case_schema(&b);
    assert!(case.contains("\"value\""), "{case}");
    assert!(case.ends_with('\n'));
    let decision = decision_schema();
    assert!(
        decision.contains("\"DecisionDto\"") || decision.contains("\"schema_version\""),
        "{decision}"
    );
}

#[test]
fn surcharge_follows_art_72_and_73() {
    let ok = |s: &str, d: i64| SurchargeAnswer::Ok {
        surcharge: s.to_string(),
        days_counted: d,
    };
    assert_eq!(surcharge("10000", 20, 0), ok("6000", 20));
    assert_eq!(surcharge("10000", 40, 0), ok("10000", 40));
    assert_eq!(surcharge("10000", 40, 30), ok("3000", 10));
    assert_eq!(surcharge("2500.50", 1, 0), ok("75.015", 1));
    assert_eq!(surcharge("10000", -3, 0), ok("0", 0));
    assert_eq!(surcharge("10000", 5, 9), ok("0", 0));
    assert_eq!(
        surcharge("10000", i64::MAX, i64::MIN),
        ok("10000", i64::MAX)
    );
    for bad in ["", "1e5", "abc", " 1", "1.", ".5", "--1"] {
        let text = json(&surcharge(bad, 1, 0));
        assert!(
            text.starts_with(r#"{"status":"error","code":"mete::api::bad_amount""#),
            "{bad}: {text}"
        );
    }
    let neg = json(&surcharge("-1", 1, 0));
    assert!(neg.contains("mete::api::negative_amount"), "{neg}");
}

#[test]
fn answers_are_send_and_clonable() {
    fn traits<T: Send + Sync + Clone>() {}
    traits::<CompileAnswer>();
    traits::<EvaluateAnswer>();
}
