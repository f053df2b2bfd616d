//! Keyword keys and values in tests, Chinese duration units next to names, the order of an
//! item's members, string escapes and a missing header.

use super::{errs, first_error, ok};
use crate::ast::*;
use crate::parser::codes;

/// The keys and values of a test's `expect`.
fn expect_of(m: &Module) -> &[Field] {
    m.decls
        .iter()
        .find_map(|d| match &d.kind {
            DeclKind::Test(t) => Some(t.expect.as_slice()),
            _ => None,
        })
        .expect("a test")
}

#[test]
fn review_and_circumstance_keys_keep_their_written_text() {
    let m = ok(concat!(
        "规则集 \"x\" {}\n",
        "测试 \"t\" { 已知 { 违法行为: A } 预期 { 程序: [r], 情节: [c], review: [r], circumstance: [c] } }\n",
    ));
    let keys: Vec<&str> = expect_of(&m).iter().map(|f| f.key.name.as_str()).collect();
    // `程序` and `情节` are the Chinese `reviews` and `circumstances`; the singular English
    // keywords stay as written, for the checker to reject with a suggestion.
    assert_eq!(keys, ["程序", "情节", "review", "circumstance"]);
    assert_eq!(
        crate::vocab::ExpectKey::from_name("程序"),
        Some(crate::vocab::ExpectKey::Reviews)
    );
    assert_eq!(
        crate::vocab::ExpectKey::from_name("情节"),
        Some(crate::vocab::ExpectKey::Circumstances)
    );
}

#[test]
fn the_fine_keyword_is_a_value_named_fine() {
    let m = ok(concat!(
        "rulebook \"x\" {}\n",
        "test \"t\" { given { violation: A } expect { sanctions: [fine, confiscate_gains], 处罚种类: [罚款] } }\n",
    ));
    let names = |v: &Value| -> Vec<String> {
        match v {
            Value::List(items, _) => items
                .iter()
                .map(|i| match i {
                    Value::Name(n) => n.name.clone(),
                    other => format!("{other:?}"),
                })
                .collect(),
            other => vec![format!("{other:?}")],
        }
    };
    let expect = expect_of(&m);
    assert_eq!(names(&expect[0].value), ["fine", "confiscate_gains"]);
    assert_eq!(names(&expect[1].value), ["fine"]);
}

/// The expression of the only `let`.
fn let_value(text: &str) -> Expr {
    let m = ok(&format!("规则集 \"x\" {{}}\n定义 v = {text}\n"));
    match &m.decls[0].kind {
        DeclKind::Let(l) => l.value.clone(),
        other => panic!("not a let: {other:?}"),
    }
}

#[test]
fn a_chinese_unit_that_begins_a_name_is_the_name() {
    // `5000 月饼补贴` is a number and a name (here: a syntax error, two operands in a row), not
    // the duration `5000 月` followed by `饼补贴`.
    let d = first_error("规则集 \"x\" {}\n定义 v = 5000 月饼补贴\n");
    assert_eq!(d.code, codes::SYNTAX);
    assert!(d.message.ends_with("found `月饼补贴`"), "{}", d.message);
    let e = let_value("5000 + 月饼补贴");
    assert!(matches!(&e.kind, ExprKind::Binary(BinaryOp::Add, a, b)
        if matches!(&a.kind, ExprKind::Number(n) if n.text == "5000")
        && matches!(&b.kind, ExprKind::Name(i) if i.name == "月饼补贴")));
    // A unit before `内`, or before anything that cannot continue a name, is still a unit.
    for text in [
        "日期 在 违法日期 前 2年 内",
        "日期 在 违法日期 前 2年内",
        "日期 在 违法日期 后 6个月内",
        "日期 在 违法日期 后 15日内",
    ] {
        let e = let_value(text);
        assert!(matches!(e.kind, ExprKind::Window { .. }), "{text}: {e:?}");
    }
    let e = let_value("违法日期 + 3天");
    assert!(
        matches!(&e.kind, ExprKind::Binary(_, _, d) if matches!(d.kind, ExprKind::Duration(_)))
    );
}

/// The members of the only item, by kind name.
fn member_kinds(text: &str) -> Vec<&'static str> {
    let m = ok(&format!("rulebook \"x\" {{}}\n{text}\n"));
    let DeclKind::Violation(v) = &m.decls[0].kind else {
        panic!("not an item")
    };
    v.members
        .iter()
        .map(|m| match &m.kind {
            ItemMemberKind::Violates(_) => "violates",
            ItemMemberKind::Cite(_) => "cite",
            ItemMemberKind::Refines(_) => "refines",
            ItemMemberKind::Conflicts(_) => "conflicts",
            ItemMemberKind::Fine(_) => "fine",
            ItemMemberKind::Tier(t) if t.cite.is_some() => "tier+cite",
            ItemMemberKind::Tier(_) => "tier",
            ItemMemberKind::Review(r) if r.cite.is_some() => "review+cite",
            ItemMemberKind::Adjust(a) if a.cite.is_some() => "adjust+cite",
            _ => "other",
        })
        .collect()
}

#[test]
fn a_cite_after_a_tier_adjustment_or_review_is_its_own() {
    assert_eq!(
        member_kinds(
            "violation A \"a\" { violates \"v\" cite \"c\" refines B conflicts offset fine up to 1 tier t \"t\" otherwise cite \"t\" }"
        ),
        [
            "violates",
            "cite",
            "refines",
            "conflicts",
            "fine",
            "tier+cite"
        ]
    );
    assert_eq!(
        member_kinds(
            "violation A \"a\" { fine up to 1 review r \"r\" when true cite \"r\" adjust j \"j\" when true: up 1 cite \"j\" }"
        ),
        ["fine", "review+cite", "adjust+cite"]
    );
}

#[test]
fn a_late_item_provision_is_a_syntax_error_with_a_hint() {
    for (text, word) in [
        (
            "violation A \"a\" {\n  fine up to 1\n  cite \"c\"\n}",
            "cite",
        ),
        (
            "violation A \"a\" {\n  tier t \"t\" otherwise;\n  cite \"c\"\n}",
            "cite",
        ),
        (
            "violation A \"a\" {\n  warning\n  violates \"v\"\n}",
            "violates",
        ),
        (
            "violation A \"a\" {\n  warning\n  conflicts offset\n}",
            "conflicts",
        ),
        ("违法行为 甲 \"a\" {\n  警告\n  依据 \"c\"\n}", "依据"),
    ] {
        let d = first_error(&format!("rulebook \"x\" {{}}\n{text}\n"));
        assert_eq!(d.code, codes::SYNTAX, "{text}");
        assert_eq!(
            d.message,
            format!("`{word}` of the item must come before its other members"),
            "{text}"
        );
        // Located at the late member, on line 4 (0-based line 3 of the file).
        let line_start = format!("rulebook \"x\" {{}}\n{text}\n")
            .match_indices('\n')
            .nth(1)
            .map(|(i, _)| i + 1)
            .unwrap();
        let span = d.primary_span().unwrap();
        assert!(span.start as usize > line_start, "{text}: {span:?}");
        let help = d.help.as_deref().unwrap();
        assert!(
            help.starts_with(&format!(
                "`{word}` of the item goes before its fine and tiers"
            )),
            "{help}"
        );
    }
}

#[test]
fn an_unknown_escape_is_named_at_the_escape() {
    let text = "rulebook \"x\" { title \"bad \\q escape\" }\n";
    let d = first_error(text);
    assert_eq!(d.code, codes::UNKNOWN_ESCAPE);
    assert_eq!(d.message, "unknown escape `\\q` in string");
    let at = text.find("\\q").unwrap();
    let span = d.primary_span().unwrap();
    assert_eq!((span.start as usize, span.end as usize), (at, at + 2));
    let help = d.help.as_deref().unwrap();
    assert!(
        help.contains("`\\n`") && help.contains("`\\u{…}`"),
        "{help}"
    );

    // Every bad escape of the file is reported, and a malformed `\u` is named as such.
    let all = errs("rulebook \"x\" { title \"\\a\\u{zz}\" authority \"\\u{110000}\" }\n");
    let found: Vec<(&str, &str)> = all.iter().map(|d| (d.code, d.message.as_str())).collect();
    assert_eq!(
        found,
        [
            (codes::UNKNOWN_ESCAPE, "unknown escape `\\a` in string"),
            (codes::UNKNOWN_ESCAPE, "malformed escape `\\u` in string"),
            (
                codes::INVALID_ESCAPE,
                "`\\u{110000}` is not a Unicode character"
            ),
        ]
    );
}

#[test]
fn a_file_without_its_header_is_told_how_a_file_begins() {
    let d = first_error("facts { x: money \"x\" default 0 }\n");
    assert_eq!(d.code, codes::SYNTAX);
    let help = d.help.as_deref().unwrap();
    assert!(
        help.starts_with(
            "a rulebook file begins with its header `rulebook \"id\" { … }` or `规则集 \"id\" { … }`"
        ),
        "{help}"
    );
    assert!(help.ends_with("write it before `facts`"), "{help}");
    assert!(!help.contains("incomplete"), "{help}");

    // A header after the declarations is named as such too.
    let all = errs("facts { x: money \"x\" default 0 }\nrulebook \"x\" {}\n");
    let first = all.first().and_then(|d| d.help.as_deref()).unwrap();
    assert!(
        first.ends_with("move the header below up, before `facts`"),
        "{first}"
    );
    let late = all.get(1).and_then(|d| d.help.as_deref()).unwrap();
    assert!(
        late.starts_with("a file has one header and it comes first"),
        "{late}"
    );
}

#[test]
fn a_tier_without_condition_and_a_field_without_colon_get_hints() {
    let d = first_error(
        "rulebook \"x\" {}\nviolation A \"a\" {\n  fine 0 to 100\n  tier o \"一般\": 0 to 50\n}\n",
    );
    assert_eq!(
        d.message,
        "expected a name, `when` or `otherwise`, found `:`"
    );
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .starts_with("a tier says when it applies before its band"),
        "{:?}",
        d.help
    );
    let d = first_error("rulebook \"x\" {}\nfacts { goods_value money \"货值金额\" default 0 }\n");
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .starts_with("a fact, parameter or field is written `name: type \"label\"`"),
        "{:?}",
        d.help
    );
    // A fine's alternatives are not a tier: no tier hint there.
    let d = first_error("rulebook \"x\" {}\nviolation A \"a\" {\n  fine when x: 1 to 2 y\n}\n");
    assert!(
        d.help.as_deref().is_none_or(|h| !h.contains("tier")),
        "{:?}",
        d.help
    );
}
