//! Checker unit tests: one per error code at least, clean rulebooks, imports, narrowing, money
//! typing and variant resolution.

use super::*;
use crate::ast;
use crate::diagnostic::Severity;
use crate::ir::{AggregateOp, Band, BinOp, EnumId, Expr, ExprKind, FineBaseDef, Type, Value};
use crate::span::FileId;
use rust_decimal::Decimal;

mod messages;

fn run_files(files: &[(&str, &str)]) -> CheckResult {
    let loader = MemoryLoader::new(files.iter().copied());
    let (name, text) = files.first().copied().unwrap();
    check(name, text.as_bytes(), &loader, &CheckOptions::default())
}

fn run(src: &str) -> CheckResult {
    run_files(&[("main.mete", src)])
}

fn dump(r: &CheckResult) -> String {
    r.diagnostics
        .iter()
        .map(|d| {
            let dto = d.to_dto(&r.sources);
            format!(
                "{:?} {} {}:{}:{} {} | {:?}",
                d.severity,
                d.code,
                dto.file.unwrap_or_default(),
                dto.line.unwrap_or(0),
                dto.col.unwrap_or(0),
                d.message,
                d.help
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A rulebook every case below extends.
const BASE: &str = r#"rulebook "t" { version "1" effective from 2024-01-01 }
enum harm_level "危害" { none "无", minor "轻微", serious "严重" }
record prior "记录" { date: date "日期"; kind: enum { same "同类", other "其他" } "类别"; amount: money "金额" default 0 }
facts {
  goods_value: money "货值" default 0
  harm: harm_level "危害" default none
  corrected: bool "改正" default false
  found_on: date "发现" optional
  priors: list of prior "记录" default []
  count_n: int "次数" default 0
  rate_d: decimal "比率" default 0
}
violation A-1 "a" { fine 100 to 1000 tier t1 "轻" when corrected: lower 30% tier t2 "一般" otherwise: 30% to 70% }
"#;

/// The source text under a diagnostic's primary label.
fn primary_text<'r>(r: &'r CheckResult, d: &Diagnostic) -> &'r str {
    let span = d.primary_span().unwrap();
    r.sources.get(span.file).unwrap().slice(span)
}

/// Asserts that some diagnostic with `code` has its primary label on text starting with `at`.
fn assert_code(r: &CheckResult, code: &str, at: &str) {
    let hit = r
        .diagnostics
        .iter()
        .any(|d| d.code == code && primary_text(r, d).starts_with(at));
    assert!(hit, "expected `{code}` at `{at}`, got:\n{}", dump(r));
}

fn run_case(extra: &str) -> CheckResult {
    if extra.starts_with("rulebook") {
        run(extra)
    } else {
        run(&format!("{BASE}{extra}\n"))
    }
}

/// One malformed snippet per code: (code, snippet appended to BASE or a whole file, where the
/// primary label must point).
const CASES: &[(&str, &str, &str)] = &[
    (err::PARAM_WITHOUT_VALUE, r#"params { p: money "p" }"#, "p"),
    (
        err::MISSING_VERSION,
        "rulebook \"x\" { effective from 2024-01-01 }\nviolation B \"b\" { warning }",
        "\"x\"",
    ),
    (
        err::MISSING_EFFECTIVE,
        "rulebook \"x\" { version \"1\" }\nviolation B \"b\" { warning }",
        "\"x\"",
    ),
    (
        err::EFFECTIVE_ORDER,
        "rulebook \"x\" { version \"1\" effective from 2024-01-01 until 2023-12-31 }\nviolation B \"b\" { warning }",
        "2023-12-31",
    ),
    (
        err::BAD_ROUNDING_UNIT,
        "rulebook \"x\" { version \"1\" effective from 2024-01-01 rounding 0 half_up }\nviolation B \"b\" { warning }",
        "0",
    ),
    (
        err::UNKNOWN_ROUNDING_MODE,
        "rulebook \"x\" { version \"1\" effective from 2024-01-01 rounding 1 half }\nviolation B \"b\" { warning }",
        "half",
    ),
    (
        err::UNKNOWN_CONFLICT_MODE,
        "rulebook \"x\" { version \"1\" effective from 2024-01-01 conflicts whatever }\nviolation B \"b\" { warning }",
        "whatever",
    ),
    (
        err::UNKNOWN_GRADE,
        "rulebook \"x\" { version \"1\" effective from 2024-01-01 placement lenent within lower 30% }\nviolation B \"b\" { warning }",
        "lenent",
    ),
    (
        err::DUPLICATE,
        r#"facts { harm: bool "x" default false }"#,
        "harm",
    ),
    (
        err::UNKNOWN_NAME,
        "let x = goods_valeu + 1元",
        "goods_valeu",
    ),
    (
        err::UNKNOWN_TYPE,
        r#"facts { z: moneyy "z" default 0 }"#,
        "moneyy",
    ),
    (err::UNKNOWN_FUNCTION, "let x = maxx(1, 2)", "maxx"),
    (
        err::UNKNOWN_SANCTION,
        r#"violation B "b" { fine 1 to 2 revoke_licence }"#,
        "revoke_licence",
    ),
    (
        err::UNKNOWN_EFFECT,
        r#"circumstance c "c" { when corrected shall mitigat }"#,
        "mitigat",
    ),
    (
        err::UNKNOWN_REVIEW_KIND,
        r#"review r "r" kind legal when corrected"#,
        "legal",
    ),
    (
        err::UNKNOWN_CALENDAR,
        "let x = working_days_between(act_date, act_date, cn)",
        "cn",
    ),
    (
        err::UNKNOWN_ITEM,
        r#"circumstance c "c" for Z-9 { when corrected shall exempt }"#,
        "Z-9",
    ),
    (
        err::UNKNOWN_TIER,
        r#"review legal_review "r" when tier == t3"#,
        "t3",
    ),
    (
        err::UNKNOWN_POINT,
        r#"adjust a "a" when corrected: to middle"#,
        "middle",
    ),
    (
        err::UNKNOWN_OUTCOME,
        r#"review legal_review "r" when outcome == punish"#,
        "punish",
    ),
    (err::UNKNOWN_VARIANT, "let x = harm in {none, bad}", "bad"),
    (
        err::UNKNOWN_BOUND_FIELD,
        r#"review legal_review "r" when fine.mid > 0"#,
        "mid",
    ),
    (
        err::AMBIGUOUS_NAME,
        r#"facts { minor: harm_level "m" default none } let x = harm == minor"#,
        "minor",
    ),
    (
        err::FIELD_SHADOWS_NAME,
        r#"facts { kind: bool "k" default false } let x = count(priors where kind == same)"#,
        "kind",
    ),
    (
        err::TYPE_MISMATCH,
        r#"circumstance c "c" { when goods_value shall exempt }"#,
        "goods_value",
    ),
    (
        err::MONEY_ARITHMETIC,
        "let x = goods_value + count_n",
        "goods_value + count_n",
    ),
    (
        err::DATE_ARITHMETIC,
        "let x = act_date - act_date",
        "act_date - act_date",
    ),
    (
        err::NOT_COMPARABLE,
        "let x = goods_value > count_n",
        "goods_value > count_n",
    ),
    (err::OPERAND_TYPE, "let x = corrected + 1", "corrected + 1"),
    (
        err::IF_BRANCHES,
        "let x = if corrected then 1 else act_date",
        "act_date",
    ),
    (
        err::MEMBERSHIP,
        "let x = count_n in {none}",
        "count_n in {none}",
    ),
    (err::ARITY, "let x = abs(1, 2)", "abs(1, 2)"),
    (
        err::NOT_AGGREGATE,
        "let x = abs(count_n where corrected)",
        "corrected",
    ),
    (err::AGGREGATE_SHAPE, "let x = any(priors)", "any(priors)"),
    (err::LET_TYPE, "let x: bool = count_n", "count_n"),
    (
        err::NOT_CONSTANT,
        r#"facts { y: money "y" default goods_value }"#,
        "goods_value",
    ),
    (
        err::DEFAULT_TYPE,
        r#"facts { y: money "y" default true }"#,
        "true",
    ),
    (err::EMPTY_SET, "let x = {}", "{}"),
    (
        err::OPTIONAL_UNGUARDED,
        "let x = found_on > act_date",
        "found_on",
    ),
    (
        err::DECISION_OUTSIDE_REVIEW,
        "let x = outcome == penalize",
        "outcome",
    ),
    (
        err::STATUTORY_OUTSIDE_BAND,
        "let x = statutory.min > 0元",
        "statutory.min",
    ),
    (err::LET_CYCLE, "let a1 = b1 + 1\nlet b1 = a1 + 1", "a1"),
    (err::BAD_DATE, "let x = act_date > 2024-02-30", "2024-02-30"),
    (
        err::NUMBER_OVERFLOW,
        "let x = count_n > 999999999999999999999999999999999",
        "999999999999999999999999999999999",
    ),
    (
        err::NOT_WHOLE,
        r#"adjust a "a" when corrected: up 1.5"#,
        "1.5",
    ),
    (
        err::SHARE_RANGE,
        r#"violation B "b" { fine 1 to 2 tier x "x" otherwise: lower 130% }"#,
        "130",
    ),
    (
        err::REVERSED_RANGE,
        r#"violation B "b" { fine 2000 to 1000 }"#,
        "2000 to 1000",
    ),
    (
        err::OTHERWISE_NOT_LAST,
        r#"violation B "b" { fine 1 to 2 tier x "x" otherwise tier y "y" when corrected }"#,
        "y",
    ),
    (
        err::SEVERAL_OTHERWISE,
        r#"violation B "b" { fine 1 to 2 tier x "x" otherwise tier y "y" otherwise }"#,
        "y",
    ),
    (err::NO_SANCTION, r#"violation B "b" { cite "c" }"#, "B"),
    (
        err::BAND_WITHOUT_FINE,
        r#"violation B "b" { warning tier x "x" otherwise: lower 30% }"#,
        "x",
    ),
    (
        err::DUPLICATE_MEMBER,
        r#"violation B "b" { fine 1 to 2 fine 3 to 4 }"#,
        "fine 3 to 4",
    ),
    (
        err::SANCTION_ARG,
        r#"violation B "b" { warning 3 months }"#,
        "3 months",
    ),
    (
        err::MISSING_WHEN,
        r#"circumstance c "c" { shall exempt }"#,
        "c",
    ),
    (
        err::MISSING_EFFECT,
        r#"circumstance c "c" { when corrected }"#,
        "c",
    ),
    (
        err::EFFECT_TARGET,
        r#"circumstance c "c" { when corrected shall exempt to minimum }"#,
        "minimum",
    ),
    (
        err::DEFAULT_WITH_OPTIONAL,
        r#"facts { y: bool "y" default false optional }"#,
        "false",
    ),
    (
        err::RANGE_TYPE,
        r#"facts { y: bool "y" default false range 0 to 1 }"#,
        "0 to 1",
    ),
    (
        err::DUPLICATE_DATE,
        r#"calendar cn "c" { holidays 2024-10-01 to 2024-10-03, 2024-10-02 }"#,
        "2024-10-02",
    ),
    (
        err::REVERSED_DATES,
        r#"calendar cn "c" { holidays 2024-10-05 to 2024-10-01 }"#,
        "2024-10-05 to 2024-10-01",
    ),
    (
        err::SET_OF_NON_ENUM,
        r#"facts { y: set of int "y" default {} }"#,
        "set of int",
    ),
    (
        err::LIST_OF_NON_RECORD,
        r#"facts { y: list of harm_level "y" default [] }"#,
        "harm_level",
    ),
    (
        err::UNKNOWN_GIVEN_KEY,
        r#"test "x" { given { violation: A-1, goods_valu: 1 } expect { } }"#,
        "goods_valu",
    ),
    (
        err::GIVEN_VALUE,
        r#"test "x" { given { violation: A-1, goods_value: true } expect { } }"#,
        "true",
    ),
    (
        err::UNKNOWN_FIELD,
        r#"test "x" { given { violation: A-1, priors: [{ dat: 2024-01-01, kind: same }] } expect { } }"#,
        "dat",
    ),
    (
        err::MISSING_FACT,
        r#"facts { req: bool "r" } test "x" { given { violation: A-1 } expect { } }"#,
        "\"x\"",
    ),
    (
        err::TEST_WITHOUT_VIOLATION,
        r#"test "x" { given { corrected: true } expect { } }"#,
        "\"x\"",
    ),
    (
        err::UNKNOWN_EXPECT_KEY,
        r#"test "x" { given { violation: A-1 } expect { tiers: t1 } }"#,
        "tiers",
    ),
    (
        err::EXPECT_VALUE,
        r#"test "x" { given { violation: A-1 } expect { reviews: nope } }"#,
        "nope",
    ),
    (
        err::UNUSED_FACT,
        r#"facts { lonely: bool "l" default false }"#,
        "lonely",
    ),
    (err::UNUSED_PARAM, r#"params { p: int "p" default 1 }"#, "p"),
    (err::UNUSED_LET, "let lonely_let = 1", "lonely_let"),
];

/// Codes exercised by the import tests below rather than by [`CASES`].
const IMPORT_CODES: &[&str] = &[
    err::IMPORT_NOT_FOUND,
    err::IMPORT_CYCLE,
    err::IMPORT_TOO_DEEP,
    err::UNKNOWN_PARAM,
    err::PARAM_VALUE,
    err::CONFLICTING_PARAM,
];

/// Codes exercised by the limit tests in `crate::limits`.
const LIMIT_CODES: &[&str] = &[
    err::TOO_MANY_ITEMS,
    err::TOO_MANY_TIERS,
    err::TOO_MANY_TESTS,
];

#[test]
fn every_code_has_a_case() {
    for (code, _) in err::ALL {
        let covered = CASES.iter().any(|(c, _, _)| c == code)
            || IMPORT_CODES.contains(code)
            || LIMIT_CODES.contains(code);
        assert!(covered, "no test case for `{code}`");
    }
}

#[test]
fn each_case_reports_its_code_at_its_place() {
    let mut failures = Vec::new();
    for (code, extra, at) in CASES {
        let r = run_case(extra);
        let hit = r
            .diagnostics
            .iter()
            .any(|d| d.code == *code && primary_text(&r, d).starts_with(at));
        if !hit {
            failures.push(format!(
                "`{code}` at `{at}` for `{extra}`; got:\n{}\n",
                dump(&r)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn base_is_clean_but_for_unused_warnings() {
    let r = run(BASE);
    assert!(!r.has_errors(), "{}", dump(&r));
    assert!(r.rulebook.is_some());
    assert!(
        r.diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning)
    );
}

#[test]
fn every_message_is_lowercase_without_final_period() {
    for (code, extra, _) in CASES {
        for d in run_case(extra).diagnostics {
            let first = d.message.chars().next().unwrap();
            assert!(!first.is_uppercase(), "{code}: {}", d.message);
            assert!(!d.message.ends_with('.'), "{code}: {}", d.message);
            assert!(!d.message.contains('\n'), "{code}: {}", d.message);
        }
    }
}

fn food_safety() -> CheckResult {
    run_files(&[
        (
            "food-safety.mete",
            include_str!("../../tests/data/food-safety.mete"),
        ),
        (
            "general/penalty-law.mete",
            include_str!("../../tests/data/general/penalty-law.mete"),
        ),
    ])
}

#[test]
fn full_rulebook_checks_clean() {
    let r = food_safety();
    assert!(r.diagnostics.is_empty(), "{}", dump(&r));
    let book = r.rulebook.unwrap();
    assert_eq!(book.id, "food-safety");
    assert_eq!(book.version, "2024.1");
    assert_eq!(
        book.sources,
        vec!["food-safety.mete", "general/penalty-law.mete"]
    );
    assert_eq!(book.content_hash.len(), 64);
    // `with { hearing_person: 10000 }` overrides the default 5000.
    let hp = book
        .params
        .iter()
        .find(|p| p.name == "hearing_person")
        .unwrap();
    assert_eq!(hp.value, Value::Money(Decimal::from(10000)));
    // Boundaries: `below exclusive`.
    assert!(book.boundaries.above_inclusive);
    assert!(!book.boundaries.below_inclusive);
    assert_eq!(book.items.len(), 4);
    let fs = &book.items[0];
    assert_eq!(
        fs.tiers.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ["heavy", "light", "general"]
    );
    assert_eq!(fs.tiers[1].band, Some(Band::Lower(Decimal::new(3, 1))));
    assert_eq!(fs.tiers[2].condition, None);
    let fine = fs.fine.as_ref().unwrap();
    assert_eq!(fine.cases.len(), 1);
    assert!(matches!(
        fine.otherwise.base,
        FineBaseDef::Rate { from, to: Some(to), .. } if from == Decimal::from(10) && to == Decimal::from(20)
    ));
    // Lets come after every let they read.
    let pos = |n: &str| book.lets.iter().position(|l| l.name == n).unwrap();
    assert!(pos("priors_2y") < book.lets.len());
    for (i, l) in book.lets.iter().enumerate() {
        l.value.walk(&mut |e| {
            if let ExprKind::Let(id) = e.kind {
                assert!(id.index() < i, "{} reads a later definition", l.name);
            }
        });
    }
    let t = &book.tests[0];
    assert_eq!(t.violation, book.item_index("FS-124"));
    assert_eq!(t.expect.tier.as_deref(), Some("heavy"));
}

#[test]
fn chinese_sketch_checks_but_for_its_incomplete_test() {
    let sketch = include_str!("../../../../grammar/examples/sketch-zh.mete");
    let r = run(sketch);
    let errors: Vec<&str> = r.errors().map(|d| d.code).collect();
    assert_eq!(errors, [err::MISSING_FACT], "{}", dump(&r));
    // With the missing fact given, the Chinese rulebook checks clean.
    let fixed = sketch.replace("排污: 是 }", "排污: 是, 当事人类型: 单位 }");
    let r = run(&fixed);
    assert!(r.diagnostics.is_empty(), "{}", dump(&r));
    let book = r.rulebook.unwrap();
    assert_eq!(book.items[0].id, "环评-01");
    assert_eq!(
        book.reviews[0].kind,
        crate::ir::ReviewKindRef::Builtin(crate::vocab::ReviewKindBuiltin::HearingNotice)
    );
}

#[test]
fn the_sketch_names_two_missing_items() {
    let sketch = include_str!("../../../../grammar/examples/sketch-en.mete");
    let general = include_str!("../../tests/data/general/penalty-law.mete");
    let r = run_files(&[
        ("food/main.mete", sketch),
        ("general/penalty-law.mete", general),
    ]);
    let errors: Vec<String> = r
        .errors()
        .map(|d| primary_text(&r, d).to_string())
        .collect();
    assert_eq!(errors, ["FS-1", "FS-125"], "{}", dump(&r));
}

#[test]
fn content_hash_ignores_bom_and_crlf_but_not_content() {
    let a = run(BASE).rulebook.unwrap().content_hash;
    let crlf = format!("\u{FEFF}{}", BASE.replace('\n', "\r\n"));
    let b = run(&crlf).rulebook.unwrap().content_hash;
    assert_eq!(a, b);
    let c = run(&BASE.replace("\"1\"", "\"2\""))
        .rulebook
        .unwrap()
        .content_hash;
    assert_ne!(a, c);
}

// ───────────── imports ─────────────

const LEAF: &str = "rulebook \"leaf\" { version \"1\" effective from 2024-01-01 }\nfacts { shared: bool \"s\" default false }\n";

fn importer(path: &str, extra: &str) -> String {
    format!(
        "rulebook \"r\" {{ version \"1\" effective from 2024-01-01 import \"{path}\" {extra} }}\nviolation A \"a\" {{ warning when shared }}\n"
    )
}

#[test]
fn memory_loader_joins_and_normalises() {
    assert_eq!(join_path("a/b/main.mete", "../c.mete").unwrap(), "a/c.mete");
    assert_eq!(join_path("main.mete", "./x/./y.mete").unwrap(), "x/y.mete");
    assert_eq!(join_path("a/main.mete", "/top.mete").unwrap(), "top.mete");
    assert!(join_path("main.mete", "../../x.mete").is_err());
}

#[test]
fn import_not_found_points_at_the_path() {
    let root = importer("nope.mete", "");
    let r = run_files(&[("main.mete", &root)]);
    assert_code(&r, err::IMPORT_NOT_FOUND, "\"nope.mete\"");
    assert!(r.rulebook.is_none());
}

#[test]
fn diamond_imports_load_each_file_once() {
    let root = "rulebook \"r\" { version \"1\" effective from 2024-01-01 import \"a.mete\" import \"b.mete\" }\nviolation A \"a\" { warning when shared }\n";
    let a = "rulebook \"a\" { import \"leaf.mete\" }\n";
    let b = "rulebook \"b\" { import \"leaf.mete\" }\n";
    let r = run_files(&[
        ("main.mete", root),
        ("a.mete", a),
        ("b.mete", b),
        ("leaf.mete", LEAF),
    ]);
    assert!(!r.has_errors(), "{}", dump(&r));
    let book = r.rulebook.unwrap();
    assert_eq!(
        book.sources,
        vec!["main.mete", "a.mete", "leaf.mete", "b.mete"]
    );
    assert_eq!(book.facts.len(), 1);
}

#[test]
fn import_cycles_are_named() {
    let a = "rulebook \"a\" { import \"b.mete\" }\n";
    let b = "rulebook \"b\" { import \"a.mete\" }\n";
    let root = importer("a.mete", "");
    let r = run_files(&[
        ("main.mete", &root),
        ("a.mete", a),
        ("b.mete", b),
        ("leaf.mete", LEAF),
    ]);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == err::IMPORT_CYCLE)
        .unwrap();
    assert_eq!(d.message, "import cycle: a.mete → b.mete → a.mete");
    assert_eq!(primary_text(&r, d), "\"a.mete\"");
    assert_eq!(d.primary_span().unwrap().file, FileId(2));
}

#[test]
fn import_depth_is_limited() {
    let files: Vec<(String, String)> = (0..5)
        .map(|i| {
            (
                format!("f{i}.mete"),
                format!("rulebook \"f{i}\" {{ import \"f{}.mete\" }}\n", i + 1),
            )
        })
        .chain(std::iter::once(("f5.mete".to_string(), LEAF.to_string())))
        .collect();
    let root = importer("f0.mete", "");
    let mut all: Vec<(&str, &str)> = vec![("main.mete", &root)];
    all.extend(files.iter().map(|(a, b)| (a.as_str(), b.as_str())));
    let loader = MemoryLoader::new(all.iter().copied());
    let options = CheckOptions {
        max_import_depth: 3,
        ..CheckOptions::default()
    };
    let r = check("main.mete", root.as_bytes(), &loader, &options);
    assert_code(&r, err::IMPORT_TOO_DEEP, "\"f3.mete\"");
    let ok = check(
        "main.mete",
        root.as_bytes(),
        &loader,
        &CheckOptions::default(),
    );
    assert!(!ok.has_errors(), "{}", dump(&ok));
}

#[test]
fn import_with_sets_params_and_checks_them() {
    let lib = "rulebook \"lib\" { }\nparams { cap: money \"cap\" default 100 }\nfacts { shared: bool \"s\" default false }\nlet over = 1元 > cap\n";
    let good = importer("lib.mete", "with { cap: 500 }");
    let r = run_files(&[("main.mete", &good), ("lib.mete", lib)]);
    let book = r.rulebook.unwrap();
    assert_eq!(book.params[0].value, Value::Money(Decimal::from(500)));
    let over = &book.lets[0].value;
    let ExprKind::Binary { rhs, .. } = &over.kind else {
        panic!()
    };
    assert_eq!(rhs.kind, ExprKind::Lit(Value::Money(Decimal::from(500))));

    let bad = importer("lib.mete", "with { cap: true, kap: 1 }");
    let r = run_files(&[("main.mete", &bad), ("lib.mete", lib)]);
    assert_code(&r, err::PARAM_VALUE, "true");
    assert_code(&r, err::UNKNOWN_PARAM, "kap");
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.help.as_deref() == Some("did you mean `cap`? (expected a parameter)"))
    );

    // `cap` set to 1 by the root and to 2 by `a.mete`: the file is loaded once, so they clash.
    let root = "rulebook \"r\" { version \"1\" effective from 2024-01-01 import \"lib.mete\" with { cap: 1 } import \"a.mete\" with { cap: 3 } }\nviolation A \"a\" { warning when shared }\n";
    let a = "rulebook \"a\" { import \"lib.mete\" with { cap: 2 } }\n";
    let r = run_files(&[("main.mete", root), ("a.mete", a), ("lib.mete", lib)]);
    assert_code(&r, err::UNKNOWN_PARAM, "cap: 3".get(..3).unwrap());
    assert_code(&r, err::CONFLICTING_PARAM, "cap: 2");
}

#[test]
fn same_name_in_two_files_is_a_duplicate() {
    let root = "rulebook \"r\" { version \"1\" effective from 2024-01-01 import \"leaf.mete\" }\nfacts { shared: bool \"again\" default true }\nviolation A \"a\" { warning when shared }\n";
    let r = run_files(&[("main.mete", root), ("leaf.mete", LEAF)]);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == err::DUPLICATE)
        .unwrap();
    assert_eq!(d.labels.len(), 2);
    assert_ne!(d.labels[0].span.file, d.labels[1].span.file);
}

// ───────────── typing ─────────────

fn let_value(src: &str, name: &str) -> Expr {
    let r = run_case(src);
    assert!(!r.has_errors(), "{}", dump(&r));
    let book = r.rulebook.unwrap();
    book.lets
        .into_iter()
        .find(|l| l.name == name)
        .unwrap()
        .value
}

#[test]
fn optional_facts_are_narrowed_by_exists() {
    for ok in [
        "let x = exists found_on and found_on > act_date",
        "let x = not exists found_on or found_on > act_date",
        "let x = if exists found_on then days_between(found_on, act_date) else 0",
        "let x = if not exists found_on then 0 else days_between(found_on, act_date)",
        "let x = corrected and exists found_on and found_on within 1 years before act_date",
    ] {
        let r = run_case(ok);
        assert!(
            !r.errors().any(|d| d.code == err::OPTIONAL_UNGUARDED),
            "{ok}: {}",
            dump(&r)
        );
    }
    for bad in [
        "let x = exists found_on or found_on > act_date",
        "let x = if exists found_on then 0 else days_between(found_on, act_date)",
        "let x = not (exists found_on or corrected) or found_on > act_date",
    ] {
        let r = run_case(bad);
        assert_code(&r, err::OPTIONAL_UNGUARDED, "found_on");
    }
}

#[test]
fn money_typing() {
    assert_eq!(let_value("let x = goods_value * 3", "x").ty, Type::Money);
    assert_eq!(let_value("let x = goods_value * 30%", "x").ty, Type::Money);
    assert_eq!(
        let_value("let x = goods_value * rate_d", "x").ty,
        Type::Money
    );
    assert_eq!(let_value("let x = goods_value / 2", "x").ty, Type::Money);
    assert_eq!(
        let_value("let x = goods_value / goods_value", "x").ty,
        Type::Decimal
    );
    assert_eq!(let_value("let x = count_n / 2", "x").ty, Type::Decimal);
    assert_eq!(let_value("let x = count_n + 2", "x").ty, Type::Int);
    // An untyped literal becomes money next to money.
    let x = let_value("let x = goods_value + 100", "x");
    let ExprKind::Binary { rhs, .. } = &x.kind else {
        panic!()
    };
    assert_eq!(rhs.kind, ExprKind::Lit(Value::Money(Decimal::from(100))));
    assert_eq!(let_value("let x: money = 100", "x").ty, Type::Money);
    assert_eq!(
        let_value("let x = max(goods_value, 500)", "x").ty,
        Type::Money
    );
    assert_eq!(let_value("let x = act_date + 2 years", "x").ty, Type::Date);
    assert_code(
        &run_case("let x = goods_value * goods_value"),
        err::MONEY_ARITHMETIC,
        "goods_value * goods_value",
    );
    assert_code(
        &run_case("let x = count_n / goods_value"),
        err::MONEY_ARITHMETIC,
        "count_n / goods_value",
    );
    assert_code(
        &run_case("let x = max(goods_value, count_n)"),
        err::MONEY_ARITHMETIC,
        "count_n",
    );
    assert_code(
        &run_case("let x = goods_value - rate_d"),
        err::MONEY_ARITHMETIC,
        "goods_value - rate_d",
    );
}

#[test]
fn variants_resolve_from_the_other_operand() {
    let x = let_value("let x = harm == serious", "x");
    let ExprKind::Binary { rhs, .. } = &x.kind else {
        panic!()
    };
    assert_eq!(rhs.kind, ExprKind::Lit(Value::Enum(EnumId(0), 2)));
    let x = let_value("let x = serious == harm", "x");
    let ExprKind::Binary { lhs, .. } = &x.kind else {
        panic!()
    };
    assert_eq!(lhs.kind, ExprKind::Lit(Value::Enum(EnumId(0), 2)));
    let x = let_value("let x = harm not in {none, minor}", "x");
    let ExprKind::In { set, negated, .. } = &x.kind else {
        panic!()
    };
    assert!(*negated);
    assert_eq!(
        set.kind,
        ExprKind::Lit(Value::Set(EnumId(0), [0, 1].into_iter().collect()))
    );
    // Inside an aggregate the record's fields and their enum are in scope.
    let x = let_value(
        "let x = count(priors where kind == same and date within 2 years before act_date)",
        "x",
    );
    assert!(matches!(
        x.kind,
        ExprKind::Aggregate {
            op: AggregateOp::Count,
            ..
        }
    ));
    assert_eq!(x.ty, Type::Int);
}

#[test]
fn boundary_words_follow_the_convention() {
    let src = "rulebook \"t\" { version \"1\" effective from 2024-01-01 boundaries above exclusive below inclusive }\nfacts { v: money \"v\" default 0 }\nlet a = v above 10\nlet b = v below 10\nlet c = v exceeds 10\nlet d = v under 10\nviolation A \"a\" { warning when a or b or c or d }\n";
    let book = run(src).rulebook.unwrap();
    let ops: Vec<(BinOp, ast::BinaryOp)> = book
        .lets
        .iter()
        .map(|l| match &l.value.kind {
            ExprKind::Binary { op, word, .. } => (*op, *word),
            _ => panic!(),
        })
        .collect();
    use ast::BinaryOp as W;
    assert_eq!(
        ops,
        [
            (BinOp::Gt, W::Above),
            (BinOp::Le, W::Below),
            (BinOp::Gt, W::Exceeds),
            (BinOp::Lt, W::Under)
        ]
    );
}

#[test]
fn decision_atoms_only_in_reviews() {
    let ok = r#"review legal_review "r" when fine.max >= 200000 and outcome == penalize and tier == t1 and includes fine and applied mitigate"#;
    let r = run_case(ok);
    assert!(!r.has_errors(), "{}", dump(&r));
    assert_code(
        &run_case(r#"violation B "b" { fine 1 to 2 tier x "x" when fine.max > 1: lower 10% }"#),
        err::DECISION_OUTSIDE_REVIEW,
        "fine.max",
    );
    // `statutory` may be read in bands, limits and floors.
    let r = run_case(
        r#"violation B "b" { fine 1 to 2000 tier x "x" otherwise: 10 to statutory.max, at least statutory.min } adjust d "d" when corrected: discount 10%, at least statutory.min"#,
    );
    assert!(!r.has_errors(), "{}", dump(&r));
    // An item-local review's tier must be one of that item's tiers.
    let r = run_case(
        r#"violation B "b" { fine 1 to 2 tier x "x" otherwise review legal_review "r" when tier == t1 }"#,
    );
    assert_code(&r, err::UNKNOWN_TIER, "t1");
}

#[test]
fn all_errors_are_collected() {
    let r = run_case("let a = goods_valeu\nlet b = maxx(1)\nlet c = act_date - act_date");
    let codes: Vec<&str> = r.errors().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            err::UNKNOWN_NAME,
            err::UNKNOWN_FUNCTION,
            err::DATE_ARITHMETIC
        ]
    );
}
