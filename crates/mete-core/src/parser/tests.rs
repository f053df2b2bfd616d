//! Parser tests: lowering, precedence, limits, comments and error messages.

mod edge_cases;
mod grammar;

use super::*;
use crate::ast::*;

const SKETCH_EN: &str = include_str!("../../../../grammar/examples/sketch-en.mete");
const SKETCH_ZH: &str = include_str!("../../../../grammar/examples/sketch-zh.mete");

fn ok(text: &str) -> Module {
    match parse(FileId(0), text) {
        Ok(m) => m,
        Err(d) => panic!("parse failed: {d:#?}"),
    }
}

fn errs(text: &str) -> Vec<Diagnostic> {
    match parse(FileId(0), text) {
        Ok(m) => panic!("parse succeeded: {m:#?}"),
        Err(d) => d.0,
    }
}

#[test]
fn sketches_parse() {
    let en = ok(SKETCH_EN);
    assert_eq!(en.lang, Lang::En);
    assert_eq!(en.decls.len(), 21);
    let zh = ok(SKETCH_ZH);
    assert_eq!(zh.lang, Lang::Zh);
}

const SKETCH_EN_ZH_KEYWORDS: &str = include_str!("tests/sketch-en-with-zh-keywords.mete");

#[test]
fn english_and_chinese_keywords_give_equal_trees() {
    let en = ok(SKETCH_EN);
    let mut zh = ok(SKETCH_EN_ZH_KEYWORDS);
    assert_eq!(zh.lang, Lang::Zh);
    zh.lang = Lang::En;
    assert_eq!(en.header, zh.header);
    for (a, b) in en.decls.iter().zip(&zh.decls) {
        assert_eq!(a, b);
    }
    assert_eq!(en, zh);
}

/// The expression of `let v = …`, as an S-expression.
fn sexp(expr_text: &str) -> String {
    let m = ok(&format!("rulebook \"x\" {{}}\nlet v = {expr_text}\n"));
    match &m.decls[0].kind {
        DeclKind::Let(l) => show(&l.value),
        other => panic!("not a let: {other:?}"),
    }
}

fn show(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Name(i) => i.name.clone(),
        ExprKind::Number(n) => n.text.clone(),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::ActDate => "act_date".into(),
        ExprKind::Unary(op, x) => format!("({op:?} {})", show(x)),
        ExprKind::Binary(op, a, b) => format!("({op:?} {} {})", show(a), show(b)),
        ExprKind::If(c, a, b) => format!("(if {} {} {})", show(c), show(a), show(b)),
        ExprKind::Window {
            date,
            period,
            dir,
            anchor,
        } => format!(
            "(window {} {}{:?} {dir:?} {})",
            show(date),
            period.count.text,
            period.unit,
            show(anchor)
        ),
        ExprKind::Set(items) => format!(
            "{{{}}}",
            items.iter().map(show).collect::<Vec<_>>().join(" ")
        ),
        other => format!("{other:?}"),
    }
}

#[test]
fn precedence() {
    let cases = [
        ("a or b and c", "(Or a (And b c))"),
        ("a and b or c", "(Or (And a b) c)"),
        ("not a == b", "(Not (Eq a b))"),
        ("not a and b", "(And (Not a) b)"),
        ("-x * y", "(Mul (Neg x) y)"),
        ("- x + y", "(Add (Neg x) y)"),
        ("a - b - c", "(Sub (Sub a b) c)"),
        ("a / b * c", "(Mul (Div a b) c)"),
        ("a + b * c", "(Add a (Mul b c))"),
        ("(a + b) * c", "(Mul (Add a b) c)"),
        ("if c then a else b + 1", "(if c a (Add b 1))"),
        ("1 + if c then a else b", "(Add 1 (if c a b))"),
        ("if a then 1 else if b then 2 else 3", "(if a 1 (if b 2 3))"),
        ("a < b == c", "(Eq (Lt a b) c)"),
        ("a + 1 above b * 2", "(Above (Add a 1) (Mul b 2))"),
        (
            "x in {a, b} or y not in {c}",
            "(Or (In x {a b}) (NotIn y {c}))",
        ),
        (
            "d within 2 years before act_date and ok",
            "(And (window d 2Years Before act_date) ok)",
        ),
        (
            "d 在 违法日期 后 30日 内",
            "(window d 30Days After act_date)",
        ),
        ("-d within 1 day after x", "(Neg (window d 1Days After x))"),
        ("!!a", "(Not (Not a))"),
        ("a 且 b 或 非 c", "(Or (And a b) (Not c))"),
    ];
    for (text, want) in cases {
        assert_eq!(sexp(text), want, "for {text:?}");
    }
}

#[test]
fn binary_spans_cover_both_operands() {
    let text = "rulebook \"x\" {}\nlet v = a + b * c\n";
    let m = ok(text);
    let DeclKind::Let(l) = &m.decls[0].kind else {
        panic!("not a let")
    };
    let s = l.value.span;
    assert_eq!(
        text.get(s.start as usize..s.end as usize).unwrap(),
        "a + b * c"
    );
    let ExprKind::Binary(_, _, rhs) = &l.value.kind else {
        panic!("not binary")
    };
    assert_eq!(
        text.get(rhs.span.start as usize..rhs.span.end as usize)
            .unwrap(),
        "b * c"
    );
    assert_eq!(m.decls[0].span.start as usize, text.find("let").unwrap());
}

// ───────────────────────────── limits ─────────────────────────────

/// Parses `text`, asserting it fails with exactly one error of `code` (how fast is measured by
/// the benches, not asserted here: timing assertions fail on a loaded machine).
fn fails_fast(text: &str, code: &str) -> Diagnostic {
    let result = parse(FileId(0), text);
    let d = result.expect_err("must fail").0;
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, code, "{d:#?}");
    d.into_iter().next().unwrap()
}

#[test]
fn a_megabyte_of_open_parentheses_is_refused() {
    let text = format!("rulebook \"x\" {{}}\nlet a = {}", "(".repeat(1 << 20));
    let d = fails_fast(&text, codes::TOO_DEEP);
    // The 65th bracket is the one reported.
    let first = text.find('(').unwrap() as u32;
    assert_eq!(d.labels[0].span.start, first + 64);
    assert_eq!(d.message, "brackets are nested more than 64 deep");
}

#[test]
fn full_width_and_mixed_brackets_count_too() {
    let text = format!("rulebook \"x\" {{}}\nlet a = {}", "（[{".repeat(30));
    fails_fast(&text, codes::TOO_DEEP);
}

#[test]
fn a_megabyte_of_minus_signs_is_refused() {
    let text = format!("rulebook \"x\" {{}}\nlet a = {}1", "-".repeat(1 << 20));
    let d = fails_fast(&text, codes::TOO_MANY_PREFIXES);
    assert_eq!(d.labels[0].span.start as usize, text.find('-').unwrap());
    let text = format!("rulebook \"x\" {{}}\nlet a = {}b", "not 非 ! ".repeat(20));
    fails_fast(&text, codes::TOO_MANY_PREFIXES);
}

#[test]
fn a_hundred_thousand_else_ifs_are_refused() {
    let text = format!(
        "rulebook \"x\" {{}}\nlet a = {}0",
        "if x then 1 else ".repeat(100_000)
    );
    let d = fails_fast(&text, codes::TOO_MANY_IFS);
    assert!(d.message.contains("256"), "{}", d.message);
}

#[test]
fn the_if_count_restarts_at_each_declaration() {
    let one = format!("let a = {}0\n", "if x then 1 else ".repeat(200));
    let text = format!("rulebook \"x\" {{}}\n{one}{one}{one}");
    assert_eq!(ok(&text).decls.len(), 3);
}

#[test]
fn oversized_sources_are_refused() {
    let options = ParseOptions {
        max_source_bytes: 100,
        ..ParseOptions::default()
    };
    let text = format!("rulebook \"x\" {{}}\n{}", "// padding\n".repeat(20));
    let d = parse_with(FileId(0), &text, &options).unwrap_err().0;
    assert_eq!(d[0].code, codes::TOO_LARGE);
    assert_eq!(d[0].labels[0].span.start, 100);
}

#[test]
fn brackets_in_strings_and_comments_do_not_count() {
    let text = format!(
        "rulebook \"x\" {{}}\n// {p}\nlet a = \"{p}\\\"{p}\" == “{p}”\n",
        p = "((((-----if if if".repeat(40)
    );
    let options = ParseOptions {
        max_ifs_per_decl: 3,
        ..ParseOptions::default()
    };
    assert!(parse_with(FileId(0), &text, &options).is_ok());
}

#[test]
fn inputs_at_the_limits_parse_without_overflowing_the_stack() {
    // Run on a thread with the default test stack to show the limits are safe there.
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            let parens = format!(
                "rulebook \"x\" {{}}\nlet a = {}1{}",
                "(".repeat(64),
                ")".repeat(64)
            );
            assert!(parse(FileId(0), &parens).is_ok());
            let prefixes = format!("rulebook \"x\" {{}}\nlet a = {}1", "- not ".repeat(16));
            assert!(parse(FileId(0), &prefixes).is_ok());
            let chain = format!(
                "rulebook \"x\" {{}}\nlet a = {}0",
                "if x then 1 else ".repeat(250)
            );
            assert!(parse(FileId(0), &chain).is_ok());
            let nested = format!(
                "rulebook \"x\" {{}}\nlet a = {}x{}",
                "if ".repeat(250),
                " then 1 else 2".repeat(250)
            );
            assert!(parse(FileId(0), &nested).is_ok());
            let sets = format!(
                "rulebook \"x\" {{}}\nlet a = {}x{}",
                "{[（".repeat(21),
                "）]}".repeat(21)
            );
            assert!(parse(FileId(0), &sets).is_ok());
        })
        .unwrap();
    handle.join().unwrap();
}

#[test]
fn long_operator_chains_stop_at_the_depth_limit() {
    let text = format!("rulebook \"x\" {{}}\nlet a = 1{}\n", " + 1".repeat(1_000));
    let d = fails_fast(&text, codes::EXPR_TOO_DEEP);
    assert!(d.message.contains("256"));
    // Just under the limit is fine.
    let text = format!("rulebook \"x\" {{}}\nlet a = 1{}\n", " + 1".repeat(250));
    assert!(parse(FileId(0), &text).is_ok());
}

#[test]
fn invalid_utf8_is_reported_with_its_offset() {
    let mut bytes = b"rulebook \"x\" {}\nlet a = \"".to_vec();
    let at = bytes.len();
    bytes.extend_from_slice(&[0xE8, 0x28, b'"']);
    let d = parse_bytes(FileId(0), &bytes, &ParseOptions::default())
        .unwrap_err()
        .0;
    assert_eq!(d[0].code, codes::INVALID_UTF8);
    assert_eq!(d[0].labels[0].span.start as usize, at);
    assert!(d[0].message.contains(&format!("byte offset {at}")));
    let good = parse_bytes(FileId(0), SKETCH_EN.as_bytes(), &ParseOptions::default());
    assert!(good.is_ok());
}

// ───────────────────────────── lowering details ─────────────────────────────

#[test]
fn numbers_strings_and_keyword_keys() {
    let m = ok(concat!(
        "rulebook \"x\" { title \"a\\\"b\\\\c\\n\\t\\u{4E2D}\" authority “raw \\n” }\n",
        "let a = 10_000.5元 + 3yuan + 7\n",
        "test \"t\" { given { 违法日期: 2024-01-01, decision_date: 2024-02-01, \"quoted key\": -1_5 } ",
        "expect { 罚款: -1 to 2, 阶次: t, 处理结果: penalize, violation: A-1, rate: 30% } }\n",
        "violation A-1 \"t\" { tier t \"t\" otherwise { drop 罚款 drop warning } }\n",
        "review r \"r\" when includes 罚款\n",
    ));
    assert_eq!(m.header.title.as_ref().unwrap().value, "a\"b\\c\n\t中");
    assert_eq!(m.header.authority.as_ref().unwrap().value, "raw \\n");
    let DeclKind::Let(l) = &m.decls[0].kind else {
        panic!()
    };
    let ExprKind::Binary(_, lhs, rhs) = &l.value.kind else {
        panic!()
    };
    let ExprKind::Binary(_, a, b) = &lhs.kind else {
        panic!()
    };
    let num = |e: &Expr| match &e.kind {
        ExprKind::Number(n) => (n.text.clone(), n.yuan),
        other => panic!("{other:?}"),
    };
    assert_eq!(num(a), ("10000.5".to_string(), true));
    assert_eq!(num(b), ("3".to_string(), true));
    assert_eq!(num(rhs), ("7".to_string(), false));

    let DeclKind::Test(t) = &m.decls[1].kind else {
        panic!()
    };
    let keys: Vec<&str> = t
        .given
        .iter()
        .chain(&t.expect)
        .map(|f| f.key.name.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "act_date",
            "decision_date",
            "quoted key",
            "fine",
            "tier",
            "outcome",
            "violation",
            "rate"
        ]
    );
    assert!(matches!(&t.given[2].value, Value::Number(n) if n.text == "-15"));
    assert!(matches!(&t.expect[0].value, Value::Range(a, b) if a.text == "-1" && b.text == "2"));
    assert!(matches!(&t.expect[3].value, Value::Name(n) if n.name == "A-1"));
    assert!(matches!(&t.expect[4].value, Value::Percent(n) if n.text == "30"));

    let DeclKind::Violation(v) = &m.decls[2].kind else {
        panic!()
    };
    let ItemMemberKind::Tier(tier) = &v.members[0].kind else {
        panic!()
    };
    let dropped: Vec<&str> = tier.drop.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(dropped, ["fine", "warning"]);
    let DeclKind::Review(r) = &m.decls[3].kind else {
        panic!()
    };
    assert!(matches!(&r.when.kind, ExprKind::Includes(i) if i.name == "fine"));
}

#[test]
fn duplicate_header_settings_are_reported_with_both_places() {
    let text = "rulebook \"x\" {\n  version \"1\"\n  title \"a\"\n  version \"2\"\n  rounding 1 up rounding 1 down\n}\n";
    let d = errs(text);
    assert_eq!(d.len(), 2, "{d:#?}");
    assert!(d.iter().all(|d| d.code == codes::DUPLICATE_SETTING));
    assert_eq!(d[0].message, "the header sets `version` twice");
    assert_eq!(
        d[0].labels[0].span.start as usize,
        text.rfind("version").unwrap()
    );
    assert_eq!(
        d[0].labels[1].span.start as usize,
        text.find("version").unwrap()
    );
    assert_eq!(d[1].message, "the header sets `rounding` twice");
}

#[test]
fn duplicate_circumstance_members_are_reported() {
    let d = errs(
        "rulebook \"x\" {}\ncircumstance c \"c\" { when a shall exempt when b }\nviolation A \"a\" { circumstance d \"d\" { may reduce shall mitigate when x } }\n",
    );
    let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "this circumstance already has a condition (`when`)",
            "this circumstance already has an effect"
        ]
    );
    assert!(
        d.iter()
            .all(|d| d.code == codes::DUPLICATE_MEMBER && d.labels.len() == 2)
    );
}

#[test]
fn lowering_continues_after_an_error() {
    let d =
        errs("rulebook \"x\" {}\nlet a = \"\\u{110000}\"\nlet b = \"\\u{D800}\"\nlet c = 1 == 1\n");
    assert_eq!(d.len(), 2);
    assert!(d.iter().all(|d| d.code == codes::INVALID_ESCAPE));
    assert_eq!(d[0].message, "`\\u{110000}` is not a Unicode character");
}

// ───────────────────────────── comments ─────────────────────────────

#[test]
fn comments_attach_to_the_next_commentable_node() {
    let m = ok(concat!(
        "// file header comment\n",
        "//no space\n",
        "rulebook \"x\" {\n",
        "  // inside the header\n",
        "  title \"t\" // after the title\n",
        "}\n",
        "// before facts\n",
        "facts {\n",
        "  // before a\n",
        "  a: int \"a\" // after a, before b\n",
        "  b: int \"b\"\n",
        "  // end of facts block\n",
        "}\n",
        "record r { // before f\n f: int \"f\" }\n",
        "violation A \"a\" {\n",
        "  // before cite\n",
        "  cite \"c\" // after cite\n",
        "  fine 1 to 2\n",
        "}\n",
        "let s = \"// not a comment\" // a real one\n",
        "// the very end\n",
        "//   indented text\n",
    ));
    assert_eq!(
        m.header.comments,
        [
            "file header comment",
            "no space",
            "inside the header",
            "after the title"
        ]
    );
    assert_eq!(m.decls[0].comments, ["before facts"]);
    let DeclKind::Facts(facts) = &m.decls[0].kind else {
        panic!()
    };
    assert_eq!(facts[0].comments, ["before a"]);
    assert_eq!(facts[1].comments, ["after a, before b"]);
    assert_eq!(m.decls[1].comments, ["end of facts block"]);
    let DeclKind::Record(r) = &m.decls[1].kind else {
        panic!()
    };
    assert_eq!(r.fields[0].comments, ["before f"]);
    let DeclKind::Violation(v) = &m.decls[2].kind else {
        panic!()
    };
    assert!(m.decls[2].comments.is_empty());
    assert_eq!(v.members[0].comments, ["before cite"]);
    assert_eq!(v.members[1].comments, ["after cite"]);
    assert!(m.decls[3].comments.is_empty());
    assert_eq!(
        m.trailing_comments,
        ["a real one", "the very end", "  indented text"]
    );
}

#[test]
fn no_comment_is_lost() {
    let mut total = 0;
    let m = ok(SKETCH_EN);
    let mut count = |c: &Comments| total += c.len();
    count(&m.header.comments);
    count(&m.trailing_comments);
    for d in &m.decls {
        count(&d.comments);
    }
    assert_eq!(total, SKETCH_EN.matches("//").count());
}

// ───────────────────────────── syntax errors ─────────────────────────────

fn first_error(text: &str) -> Diagnostic {
    errs(text).into_iter().next().unwrap()
}

#[test]
fn empty_files_ask_for_the_header() {
    for text in ["", "   \n", "// only a comment\n"] {
        let d = first_error(text);
        assert_eq!(d.code, codes::SYNTAX);
        assert_eq!(d.message, "expected `rulebook`, found the end of the file");
        assert!(d.help.as_deref().unwrap().contains("rulebook \"id\""));
    }
}

#[test]
fn glued_chinese_keywords_get_a_hint() {
    let d = first_error(
        "规则集 \"x\" {}\n违法行为 A \"t\" { 阶次 重 \"严重\" 从重 当重大: 低段 30% }\n",
    );
    assert_eq!(d.message, "expected `when` or `otherwise`, found `当重大`");
    assert_eq!(
        d.help.as_deref(),
        Some("keywords are separated from names by a space: write `当 重大`")
    );
    let d = first_error("规则集 \"x\" {}\n定义 重大 = 货值金额 以上10000元\n");
    assert_eq!(
        d.help.as_deref(),
        Some("keywords are separated from names by a space: write `以上 10000元`")
    );
}

#[test]
fn reserved_words_as_names_get_a_hint() {
    let d = first_error("rulebook \"x\" {}\nfacts { fine: money \"罚款\" }\n");
    assert_eq!(d.message, "expected a name, found `fine`");
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("`fine` is a reserved word")
    );
    let d = first_error("规则集 \"x\" {}\n事实 { 罚款: 金额 \"罚款\" }\n");
    assert!(d.help.as_deref().unwrap().contains("`罚款值`"));
}

#[test]
fn unclosed_strings_and_brackets_are_named() {
    let text = "rulebook \"x\" {}\nlet a = \"abc\nlet b = 3\n";
    let d = first_error(text);
    assert_eq!(d.code, codes::UNCLOSED_STRING);
    assert_eq!(d.labels[0].span.start as usize, text.find("\"abc").unwrap());

    let text = "rulebook \"x\" { title \"t\"\nlet a = 1\n";
    let d = first_error(text);
    assert_eq!(d.code, codes::SYNTAX);
    assert_eq!(d.labels[1].span.start as usize, text.find('{').unwrap());
    assert_eq!(d.help.as_deref(), Some("close the `{` before this point"));

    let text = "rulebook \"x\" { title \"t\"\n";
    let d = first_error(text);
    assert_eq!(d.code, codes::UNBALANCED);
    assert_eq!(d.message, "`{` is never closed");
    assert_eq!(d.labels[0].span.start as usize, text.find('{').unwrap());

    let d = first_error("rulebook \"x\" {}\nlet a = (1 + 2\nlet b = 3\n");
    assert_eq!(d.code, codes::SYNTAX);
    assert_eq!(d.labels[1].message, "this bracket is never closed");

    let d = first_error("rulebook \"x\" {}\nlet a = 1 )\n");
    assert_eq!(d.message, "`)` closes nothing");
}

#[test]
fn several_syntax_errors_are_reported() {
    let text = concat!(
        "rulebook \"x\" {}\n",
        "let a = 1 +\n",
        "let b = 3 *\n",
        "let c = 1\n",
        "facts { x }\n",
        "violation V \"v\" { fine 1 to }\n",
    );
    let d = errs(text);
    let found: Vec<(&str, usize)> = d
        .iter()
        .map(|d| (d.message.as_str(), d.labels[0].span.start as usize))
        .collect();
    assert_eq!(
        found,
        [
            (
                "expected an expression, found `let`",
                text.find("let b").unwrap()
            ),
            (
                "expected an expression, found `let`",
                text.find("let c").unwrap()
            ),
            (
                "expected a field such as `name: type \"label\"`, found `x`",
                text.find("x }").unwrap()
            ),
            (
                "expected an expression, found `}`",
                text.rfind('}').unwrap()
            ),
        ]
    );
    assert!(d[0].help.as_deref().unwrap().contains("incomplete"));
}

#[test]
fn syntax_errors_are_capped() {
    let text = format!("rulebook \"x\" {{}}\n{}", "let a = +\n".repeat(50));
    assert_eq!(errs(&text).len(), MAX_SYNTAX_ERRORS);
}

#[test]
fn expected_lists_are_short_and_human() {
    for text in [
        "rulebook \"x\" { titel \"t\" }",
        "rulebook \"x\" {}\nviolation A \"a\" { fine 1 too 2 }",
        "rulebook \"x\" {}\nlet a = 1 2",
        "rulebook \"x\" {}\nlet",
        "rulebook \"x\" {}\ntier",
    ] {
        let d = first_error(text);
        // Count the entries of the list, ignoring the examples in parentheses.
        let expected = d.message.split(", found").next().unwrap();
        let mut depth = 0;
        let mut entries = 1;
        for c in expected.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => entries += 1,
                _ => {}
            }
        }
        assert!(entries <= 5, "{}", d.message);
        assert!(!d.message.contains("`years`"), "{}", d.message);
        assert!(!d.message.contains('_'), "rule name leaked: {}", d.message);
        assert!(d.message.contains("found"), "{}", d.message);
    }
}

#[test]
fn a_number_after_a_sanction_asks_for_a_unit() {
    let d = first_error("rulebook \"x\" {}\nviolation A \"a\" { suspend_business 1 }");
    assert_eq!(d.message, "expected `years`, `months` or `days`, found `}`");
    assert!(d.help.as_deref().unwrap().contains("`6 months`"));
}

// ───────────────────────────── snapshots ─────────────────────────────

/// The declarations of a small file, for debug snapshots.
fn decls(body: &str) -> Vec<DeclKind> {
    ok(&format!("rulebook \"x\" {{}}\n{body}\n"))
        .decls
        .into_iter()
        .map(|d| d.kind)
        .collect()
}

#[test]
fn snapshot_fine_alternatives_and_tiers() {
    insta::assert_debug_snapshot!(decls(
        "violation FS-1 \"t\" {\n  may fine when v < 10000元: 5_000 to 10000 otherwise: 1x to 2.5x of v, at most 30000\n  tier h \"重\" severe when v exceeds 1: upper 30% recommend maximum { add may warning when x drop fine }\n}"
    ));
}

#[test]
fn snapshot_circumstance_adjust_and_review() {
    insta::assert_debug_snapshot!(decls(
        "circumstance c \"c\" for A, B { cite \"第1条\" when exists d and d within 2 years before act_date shall reduce to 0 to 5000 obligation \"o\" }\nadjust a \"a\" when n >= 3: discount 30% to 50%, at least statutory.min\nreview kind k \"k\"\nreview r \"r\" kind k when fine.max >= 1 cite \"c\""
    ));
}

#[test]
fn snapshot_facts_types_and_test_values() {
    insta::assert_debug_snapshot!(decls(
        "facts { s: set of enum { a \"A\", b } \"s\" default {a} optional, l: list of p \"l\" range 0 to 3 note \"n\" }\ntest \"t\" { given { 违法日期: 2024-01-01, l: [{x: -1.5元}], d: 2 years } expect { fine: 0 to 100, ok: true } }"
    ));
}

// ───────────────────────────── no panics ─────────────────────────────

mod no_panic {
    use proptest::prelude::*;

    use super::super::err::KEYWORDS;
    use super::*;

    const TOKENS: &[&str] = &[
        "rulebook \"x\" {",
        "规则集 \"x\" {",
        "}",
        "{",
        "(",
        ")",
        "（",
        "）",
        "[",
        "]",
        ":",
        "：",
        ",",
        "，",
        ";",
        "=",
        "==",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "+",
        "-",
        "*",
        "/",
        "×",
        "!",
        ".",
        "%",
        "x",
        "倍",
        "\"s\"",
        "\"\\u{110000}\"",
        "\"\\n\"",
        "“中”",
        "\"open",
        "1",
        "10_000",
        "2.5",
        "100元",
        "30%",
        "2 years",
        "6个月",
        "2024-01-01",
        "a",
        "货值金额",
        "FS-1",
        "\n",
        " ",
        "// c\n",
        "max",
        "priors",
        "of",
        "where",
        "在",
        "内",
        "前",
        "后",
    ];

    fn token() -> impl Strategy<Value = String> {
        let keyword_words: Vec<&'static str> = KEYWORDS.iter().flat_map(|k| [k.en, k.zh]).collect();
        prop_oneof![
            4 => proptest::sample::select(TOKENS).prop_map(str::to_string),
            3 => proptest::sample::select(keyword_words).prop_map(str::to_string),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn token_soup_never_panics(tokens in proptest::collection::vec(token(), 0..80)) {
            let text = tokens.join(" ");
            let _ = parse_bytes(FileId(0), text.as_bytes(), &ParseOptions::default());
            let headed = format!("rulebook \"x\" {{}}\n{}", tokens.join(" "));
            let _ = parse_bytes(FileId(0), headed.as_bytes(), &ParseOptions::default());
        }

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = parse_bytes(FileId(0), &bytes, &ParseOptions::default());
        }

        #[test]
        fn random_text_never_panics(text in "\\PC{0,200}") {
            let _ = parse_bytes(FileId(0), text.as_bytes(), &ParseOptions::default());
        }

        #[test]
        fn every_error_is_located_inside_the_text(tokens in proptest::collection::vec(token(), 0..40)) {
            let text = format!("rulebook \"x\" {{}}\n{}", tokens.join(" "));
            if let Err(d) = parse(FileId(0), &text) {
                prop_assert!(!d.0.is_empty());
                for diag in &d.0 {
                    prop_assert!(diag.code != codes::INTERNAL, "{diag:?}");
                    for l in &diag.labels {
                        prop_assert!(l.span.start <= l.span.end && l.span.end as usize <= text.len());
                    }
                }
            }
        }
    }
}
