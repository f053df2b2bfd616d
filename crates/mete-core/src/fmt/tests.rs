//! Printer tests on hand-built trees: exact text, and acceptance of that text by the grammar.

use pest::Parser;

use super::{FormatOptions, format, string};
use crate::ast::*;
use crate::parser::grammar::{Rule, RulebookParser};
use crate::span::Span;

fn sp() -> Span {
    Span::default()
}
fn id(s: &str) -> Ident {
    Ident {
        name: s.to_string(),
        span: sp(),
    }
}
fn st(s: &str) -> Str {
    Str {
        value: s.to_string(),
        span: sp(),
    }
}
fn nl(s: &str) -> NumberLit {
    NumberLit {
        text: s.to_string(),
        yuan: false,
        span: sp(),
    }
}
fn e(kind: ExprKind) -> Expr {
    Expr { kind, span: sp() }
}
fn n(s: &str) -> Expr {
    e(ExprKind::Number(nl(s)))
}
fn v(s: &str) -> Expr {
    e(ExprKind::Name(id(s)))
}
fn bin(op: BinaryOp, l: Expr, r: Expr) -> Expr {
    e(ExprKind::Binary(op, Box::new(l), Box::new(r)))
}
fn un(op: UnaryOp, x: Expr) -> Expr {
    e(ExprKind::Unary(op, Box::new(x)))
}
fn iff(c: Expr, t: Expr, f: Expr) -> Expr {
    e(ExprKind::If(Box::new(c), Box::new(t), Box::new(f)))
}
fn dur(count: &str, unit: DurationUnit) -> DurationLit {
    DurationLit {
        count: nl(count),
        unit,
        span: sp(),
    }
}
fn window(d: Expr, anchor: Expr) -> Expr {
    e(ExprKind::Window {
        date: Box::new(d),
        period: dur("2", DurationUnit::Years),
        dir: WindowDir::Before,
        anchor: Box::new(anchor),
    })
}
fn header(lang: Lang) -> Header {
    let _ = lang;
    Header {
        comments: vec![],
        id: st("x"),
        title: None,
        authority: None,
        version: None,
        effective: None,
        imports: vec![],
        refines: None,
        boundaries: None,
        rounding: None,
        conflicts: None,
        placements: vec![],
        span: sp(),
    }
}
fn module(lang: Lang, decls: Vec<DeclKind>) -> Module {
    Module {
        lang,
        header: header(lang),
        decls: decls
            .into_iter()
            .map(|kind| Decl {
                comments: vec![],
                kind,
                span: sp(),
            })
            .collect(),
        trailing_comments: vec![],
        span: sp(),
    }
}
fn let_decl(name: &str, value: Expr) -> DeclKind {
    DeclKind::Let(LetDecl {
        name: id(name),
        ty: None,
        label: None,
        value,
    })
}

/// The text of `let x = <expr>` in `lang`, checked to be accepted by the grammar.
fn expr_text(lang: Lang, x: Expr) -> String {
    let m = module(lang, vec![let_decl("x", x)]);
    let text = format(&m, &FormatOptions::default());
    assert_parses(&text);
    let line = text.lines().find(|l| l.contains(" = ")).unwrap();
    line.split_once(" = ").unwrap().1.to_string()
}

fn assert_parses(text: &str) {
    if let Err(err) = RulebookParser::parse(Rule::file, text) {
        panic!("formatted text does not parse:\n{text}\n{err}");
    }
}

#[test]
fn binary_operators_get_minimal_parentheses() {
    use BinaryOp::*;
    let en = |x| expr_text(Lang::En, x);
    assert_eq!(en(bin(Add, v("a"), bin(Mul, v("b"), v("c")))), "a + b * c");
    assert_eq!(
        en(bin(Mul, bin(Add, v("a"), v("b")), v("c"))),
        "(a + b) * c"
    );
    // Left associative: an equal-power right operand needs parentheses, a left one does not.
    assert_eq!(en(bin(Sub, bin(Sub, v("a"), v("b")), v("c"))), "a - b - c");
    assert_eq!(
        en(bin(Sub, v("a"), bin(Sub, v("b"), v("c")))),
        "a - (b - c)"
    );
    // `and` under `or` keeps clarifying parentheses, on either side.
    assert_eq!(
        en(bin(Or, bin(And, v("a"), v("b")), v("c"))),
        "(a and b) or c"
    );
    assert_eq!(
        en(bin(Or, v("a"), bin(And, v("b"), v("c")))),
        "a or (b and c)"
    );
    assert_eq!(
        en(bin(And, v("a"), bin(Or, v("b"), v("c")))),
        "a and (b or c)"
    );
    assert_eq!(en(bin(Eq, bin(Eq, v("a"), v("b")), v("c"))), "a == b == c");
    assert_eq!(
        en(bin(In, v("h"), e(ExprKind::Set(vec![v("a"), v("b")])))),
        "h in {a, b}"
    );
    assert_eq!(
        expr_text(Lang::Zh, bin(NotIn, v("甲"), e(ExprKind::Set(vec![])))),
        "甲 不属于 {}"
    );
}

#[test]
fn prefix_operators_take_parentheses_only_when_followed_by_a_tighter_operator() {
    use BinaryOp::*;
    let en = |x| expr_text(Lang::En, x);
    // `-5` in an expression is negation of a literal.
    assert_eq!(en(un(UnaryOp::Neg, n("5"))), "-5");
    assert_eq!(en(un(UnaryOp::Neg, un(UnaryOp::Neg, v("a")))), "- -a");
    assert_eq!(en(bin(Mul, un(UnaryOp::Neg, v("a")), v("b"))), "-a * b");
    assert_eq!(en(un(UnaryOp::Neg, bin(Mul, v("a"), v("b")))), "-(a * b)");
    assert_eq!(en(bin(Sub, v("a"), un(UnaryOp::Neg, v("b")))), "a - -b");
    // `not` is weaker than comparisons, stronger than `and`.
    assert_eq!(en(un(UnaryOp::Not, bin(Eq, v("a"), v("b")))), "not a == b");
    assert_eq!(
        en(bin(Eq, un(UnaryOp::Not, v("a")), v("b"))),
        "(not a) == b"
    );
    assert_eq!(
        en(bin(And, un(UnaryOp::Not, v("a")), v("b"))),
        "not a and b"
    );
    assert_eq!(
        en(un(UnaryOp::Not, bin(And, v("a"), v("b")))),
        "not (a and b)"
    );
    // A prefix operator on the right needs no parentheses when nothing tighter follows …
    assert_eq!(en(bin(Eq, v("a"), un(UnaryOp::Not, v("b")))), "a == not b");
    assert_eq!(
        en(bin(And, bin(Eq, v("a"), un(UnaryOp::Not, v("b"))), v("c"))),
        "a == not b and c"
    );
    // … and does when one follows.
    assert_eq!(
        en(bin(Add, bin(Mul, v("a"), un(UnaryOp::Not, v("b"))), v("c"))),
        "a * (not b) + c"
    );
}

#[test]
fn if_and_windows() {
    use BinaryOp::*;
    let en = |x| expr_text(Lang::En, x);
    let cond = iff(v("c"), n("1"), n("2"));
    assert_eq!(en(cond.clone()), "if c then 1 else 2");
    assert_eq!(
        en(bin(Add, cond.clone(), n("3"))),
        "(if c then 1 else 2) + 3"
    );
    assert_eq!(en(bin(Add, n("3"), cond.clone())), "3 + if c then 1 else 2");
    assert_eq!(
        en(bin(Mul, bin(Add, n("3"), cond.clone()), n("4"))),
        "(3 + if c then 1 else 2) * 4"
    );
    assert_eq!(
        en(iff(cond.clone(), cond.clone(), cond.clone())),
        "if if c then 1 else 2 then if c then 1 else 2 else if c then 1 else 2"
    );
    assert_eq!(
        en(window(v("d"), e(ExprKind::ActDate))),
        "d within 2 years before act_date"
    );
    assert_eq!(
        en(window(bin(Add, v("d"), v("p")), v("a"))),
        "(d + p) within 2 years before a"
    );
    assert_eq!(
        en(window(v("d"), bin(Add, v("a"), v("p")))),
        "d within 2 years before (a + p)"
    );
    assert_eq!(
        en(un(UnaryOp::Neg, window(v("d"), v("a")))),
        "-d within 2 years before a"
    );
    assert_eq!(
        en(window(un(UnaryOp::Neg, v("d")), v("a"))),
        "(-d) within 2 years before a"
    );
    assert_eq!(
        expr_text(Lang::Zh, window(v("日期"), e(ExprKind::ActDate))),
        "日期 在 违法日期 前 2年 内"
    );
}

#[test]
fn strings_are_ascii_quoted_and_escaped() {
    assert_eq!(string("a\"b\\c\nd\te"), r#""a\"b\\c\nd\te""#);
    assert_eq!(string("“中文”\r"), "\"“中文”\\u{d}\"");
}

fn tier(name: &str, when: Option<Expr>, band: Option<Band>) -> ItemMember {
    member(ItemMemberKind::Tier(Tier {
        id: id(name),
        label: st(name),
        grade: None,
        when,
        band,
        recommend: None,
        cite: None,
        add: vec![],
        drop: vec![],
        span: sp(),
    }))
}
fn member(kind: ItemMemberKind) -> ItemMember {
    ItemMember {
        comments: vec![],
        kind,
        span: sp(),
    }
}
fn form(base: FineBase) -> FineForm {
    FineForm {
        base,
        limits: vec![],
        span: sp(),
    }
}
fn item(members: Vec<ItemMember>) -> DeclKind {
    DeclKind::Violation(Violation {
        id: id("A-1"),
        title: st("t"),
        members,
    })
}

#[test]
fn the_items_provisions_print_first_and_a_trailing_cite_is_the_tiers() {
    // A tree with the item's `cite` after a tier (which the parser never builds) still prints
    // as text that parses: the head members move up, and nothing closes the tier.
    let m = module(
        Lang::En,
        vec![item(vec![
            tier("a", None, None),
            member(ItemMemberKind::Cite(st("c"))),
        ])],
    );
    let text = format(&m, &FormatOptions::default());
    assert_parses(&text);
    assert!(
        text.contains("  cite \"c\"\n  tier a \"a\" otherwise\n"),
        "{text}"
    );
    assert!(!text.contains(';'), "{text}");
}

#[test]
fn a_band_range_starting_with_a_percentage_is_not_read_as_a_share() {
    let pct = e(ExprKind::Percent(nl("30")));
    let band = Band::Form(form(FineBase::Range(
        pct.clone(),
        e(ExprKind::Percent(nl("70"))),
    )));
    let m = module(Lang::En, vec![item(vec![tier("a", None, Some(band))])]);
    let text = format(&m, &FormatOptions::default());
    assert_parses(&text);
    assert!(text.contains("otherwise: (30%) to 70%"), "{text}");
    // In a fine, the same range needs nothing.
    let fine = member(ItemMemberKind::Fine(FineDecl {
        modality: None,
        spec: FineSpec::Form(form(FineBase::Range(pct, n("5")))),
    }));
    let text = format(
        &module(Lang::En, vec![item(vec![fine])]),
        &FormatOptions::default(),
    );
    assert!(text.contains("  fine 30% to 5\n"), "{text}");
}

#[test]
fn a_range_starting_with_a_form_word_is_parenthesised() {
    let lo = bin(BinaryOp::Sub, v("amount"), n("2"));
    let fine = member(ItemMemberKind::Fine(FineDecl {
        modality: Some(Modality::May),
        spec: FineSpec::Form(form(FineBase::Range(lo, n("5")))),
    }));
    let text = format(
        &module(Lang::En, vec![item(vec![fine])]),
        &FormatOptions::default(),
    );
    assert_parses(&text);
    assert!(text.contains("  may fine (amount - 2) to 5\n"), "{text}");
}

#[test]
fn contextual_words_are_translated_only_when_asked() {
    let sanction = |kind: &str| {
        member(ItemMemberKind::Sanction(Sanction {
            modality: Some(Modality::Shall),
            kind: id(kind),
            arg: Some(SanctionArg::Duration(
                dur("1", DurationUnit::Months),
                Some(dur("6", DurationUnit::Months)),
            )),
            when: Some(bin(
                BinaryOp::Ge,
                e(ExprKind::DecisionField(DecisionSource::Fine, id("max"))),
                n("1"),
            )),
            span: sp(),
        }))
    };
    let m = module(
        Lang::En,
        vec![item(vec![sanction("suspend_business"), sanction("my_own")])],
    );
    let kept = format(&m, &FormatOptions::default());
    assert!(
        kept.contains("  shall suspend_business 1 month to 6 months when fine.max >= 1\n"),
        "{kept}"
    );
    let zh = format(
        &m,
        &FormatOptions {
            lang: Some(Lang::Zh),
        },
    );
    assert_parses(&zh);
    assert!(zh.starts_with("规则集 \"x\" {}\n"), "{zh}");
    assert!(
        zh.contains("  应当 责令停产停业 1个月 至 6个月 当 罚款.上限 >= 1\n"),
        "{zh}"
    );
    assert!(zh.contains("  应当 my_own 1个月"), "{zh}");
    // Keeping the language keeps the words as written, even in the other language.
    let mut mixed = m.clone();
    mixed.lang = Lang::Zh;
    let text = format(&mixed, &FormatOptions::default());
    assert!(text.contains("  应当 suspend_business 1个月"), "{text}");
}

#[test]
fn test_keys_follow_the_language_and_keyword_keys_stay_bare() {
    let f = |k: &str, value: Value| Field {
        key: id(k),
        value,
        span: sp(),
    };
    let t = DeclKind::Test(TestDecl {
        name: st("t"),
        given: vec![
            f("violation", Value::Name(id("A-1"))),
            f(
                "act_date",
                Value::Date(DateLit {
                    text: "2024-01-01".into(),
                    span: sp(),
                }),
            ),
            f("violations", Value::List(vec![], sp())),
        ],
        expect: vec![
            f("outcome", Value::Name(id("penalize"))),
            f(
                "circumstances",
                Value::List(vec![Value::Name(id("c"))], sp()),
            ),
            f("fine", Value::Range(nl("0"), nl("-5"))),
            f("point", Value::Percent(nl("30"))),
            f(
                "sanctions",
                Value::List(vec![Value::Name(id("fine"))], sp()),
            ),
            f("货 值", Value::Number(nl("1"))),
        ],
    });
    let m = module(Lang::En, vec![t]);
    let en = format(&m, &FormatOptions::default());
    assert_eq!(
        en,
        "rulebook \"x\" {}\n\ntest \"t\" {\n  given {\n    violation: A-1\n    act_date: 2024-01-01\n    violations: []\n  }\n  expect {\n    outcome: penalize\n    circumstances: [c]\n    fine: 0 to -5\n    point: 30%\n    sanctions: [fine]\n    \"货 值\": 1\n  }\n}\n"
    );
    let zh = format(
        &m,
        &FormatOptions {
            lang: Some(Lang::Zh),
        },
    );
    assert!(
        zh.contains("    违法行为: A-1\n    违法日期: 2024-01-01\n    违法行为列表: []\n"),
        "{zh}"
    );
    assert!(
        zh.contains("    处理结果: 处罚\n    情节: [c]\n    罚款: 0 至 -5\n"),
        "{zh}"
    );
    assert!(
        zh.contains("    处罚种类: [罚款]\n    \"货 值\": 1\n"),
        "{zh}"
    );
}

#[test]
fn comments_are_kept_before_their_nodes() {
    let mut m = module(Lang::En, vec![let_decl("a", n("1"))]);
    m.header.comments = vec!["head".into(), " indented".into(), String::new()];
    if let Some(d) = m.decls.first_mut() {
        d.comments = vec!["decl".into()];
    }
    m.trailing_comments = vec!["end".into()];
    let text = format(&m, &FormatOptions::default());
    assert_eq!(
        text,
        "// head\n//  indented\n//\nrulebook \"x\" {}\n\n// decl\nlet a = 1\n\n// end\n"
    );
    assert_parses(&text);
}
