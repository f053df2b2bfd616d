//! Differential test: random well-typed rulebooks and cases, decided by the compiled evaluator
//! and by the reference evaluator in `reference/` (which walks the checked IR directly). The
//! decisions must agree on outcome, governing item, tier, statutory range, band, point,
//! sanctions and reviews.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

mod reference;

use std::fmt::Write as _;

use mete_core::check::{CheckOptions, MemoryLoader};
use mete_core::compile::Rulebook;
use mete_core::eval::EvalOptions;
use mete_core::ir::Value;
use proptest::prelude::*;
use rust_decimal::Decimal;

use reference::{RefCase, RefDecision};

/// Conditions over the facts `x0`, `x1` (money), `n0` (int), `b0`, `b1` (bool).
fn condition() -> impl Strategy<Value = String> {
    let atom = prop_oneof![
        Just("b0".to_string()),
        Just("b1".to_string()),
        (0u32..2000).prop_map(|k| format!("x0 > {k}")),
        (0u32..2000).prop_map(|k| format!("x0 >= {k}")),
        (0u32..2000).prop_map(|k| format!("x1 < {k}")),
        (0i64..6).prop_map(|k| format!("n0 == {k}")),
        (0i64..6).prop_map(|k| format!("n0 <= {k}")),
        (0u32..3000).prop_map(|k| format!("x0 + x1 > {k}")),
        Just("x0 * 2 >= x1".to_string()),
        Just("x0 - x1 > 0".to_string()),
    ];
    atom.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) and ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) or ({b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
}

fn band() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        (1u32..100).prop_map(|p| format!(": lower {p}%")),
        (1u32..100).prop_map(|p| format!(": upper {p}%")),
        (0u32..100, 1u32..=100)
            .prop_filter("ordered", |(p, q)| p < q)
            .prop_map(|(p, q)| format!(": {p}% to {q}%")),
    ]
}

fn recommend() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just(""),
        Just(" recommend minimum"),
        Just(" recommend midpoint"),
        Just(" recommend maximum"),
    ]
}

fn sanction_kind() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("warning"),
        Just("order_correction"),
        Just("public_criticism")
    ]
}

fn sanction() -> impl Strategy<Value = String> {
    (sanction_kind(), proptest::option::of(condition())).prop_map(|(k, c)| match c {
        Some(c) => format!("{k} when {c}"),
        None => k.to_string(),
    })
}

/// One violation item: a statutory fine, tiers (a lenient and a severe one among them, the last
/// one `otherwise`), sanctions.
fn item(n: usize) -> impl Strategy<Value = String> {
    let fine = prop_oneof![
        (0u32..5000, 1u32..50000).prop_map(|(a, w)| format!("fine {a} to {}", a + w)),
        (1u32..50000).prop_map(|b| format!("fine up to {b}")),
        Just("fine x0 to x0 * 3 + 100".to_string()),
    ];
    let tier = (
        condition(),
        band(),
        recommend(),
        proptest::collection::vec(sanction(), 0..2),
    );
    (
        fine,
        proptest::collection::vec(tier, 2..5),
        proptest::collection::vec(sanction(), 0..3),
        0usize..4,
    )
        .prop_map(move |(fine, tiers, sanctions, graded)| {
            let mut s = format!("violation V{n} \"项目{n}\" {{\n  {fine}\n");
            for sn in &sanctions {
                let _ = writeln!(s, "  {sn}");
            }
            let last = tiers.len() - 1;
            for (i, (cond, band, rec, adds)) in tiers.iter().enumerate() {
                // Two tiers carry the grades that mitigation and aggravation move to.
                let grade = if i == graded % tiers.len() {
                    " lenient"
                } else if i == (graded + 1) % tiers.len() {
                    " severe"
                } else {
                    ""
                };
                let when = if i == last {
                    " otherwise".to_string()
                } else {
                    format!(" when {cond}")
                };
                let _ = write!(s, "  tier t{i} \"档{i}\"{grade}{when}{band}{rec}");
                if adds.is_empty() {
                    s.push('\n');
                } else {
                    s.push_str(" {\n");
                    for a in adds {
                        let _ = writeln!(s, "    add {a}");
                    }
                    s.push_str("  }\n");
                }
            }
            s.push_str("}\n");
            s
        })
}

fn circumstance() -> impl Strategy<Value = (String, &'static str)> {
    (
        condition(),
        prop_oneof![
            3 => Just("mitigate"),
            3 => Just("aggravate"),
            1 => Just("exempt"),
            1 => Just("not_punishable"),
        ],
    )
}

fn review() -> impl Strategy<Value = String> {
    prop_oneof![
        condition(),
        (0u32..60000).prop_map(|k| format!("fine.max >= {k}")),
        (0u32..60000).prop_map(|k| format!("fine.point > {k}")),
        sanction_kind().prop_map(|k| format!("includes {k}")),
        Just("includes fine".to_string()),
        Just("outcome == penalize".to_string()),
        Just("tier == t0".to_string()),
        (0u32..5000).prop_map(|k| format!("statutory.min > {k}")),
    ]
}

fn conflicts() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("collective"),
        Just("offset"),
        Just("lenient_first"),
        Just("severe_first")
    ]
}

/// A rulebook's source text and the number of items it declares.
fn rulebook() -> impl Strategy<Value = (String, usize)> {
    (1usize..4)
        .prop_flat_map(|n| {
            let items: Vec<_> = (0..n).map(item).collect();
            (
                items,
                proptest::collection::vec(circumstance(), 0..4),
                proptest::collection::vec(review(), 0..4),
                conflicts(),
            )
        })
        .prop_map(|(items, circs, reviews, conflicts)| {
            let mut s = format!(
                "rulebook \"diff\" {{ version \"1\" effective from 2024-01-01 rounding 1 half_up conflicts {conflicts} }}\n"
            );
            s.push_str("facts {\n  x0: money \"x0\"\n  x1: money \"x1\"\n  n0: int \"n0\"\n  b0: bool \"b0\"\n  b1: bool \"b1\"\n}\n");
            for (i, (cond, effect)) in circs.iter().enumerate() {
                let _ = writeln!(s, "circumstance c{i} \"情节{i}\" {{ when {cond} shall {effect} }}");
            }
            for (i, r) in reviews.iter().enumerate() {
                let _ = writeln!(s, "review r{i} \"审核{i}\" kind collective_discussion when {r}");
            }
            let n = items.len();
            for it in items {
                s.push_str(&it);
            }
            (s, n)
        })
}

#[derive(Debug, Clone)]
struct CaseSpec {
    items: Vec<usize>,
    x0: u32,
    x1: u32,
    n0: i64,
    b0: bool,
    b1: bool,
}

fn case() -> impl Strategy<Value = CaseSpec> {
    (
        proptest::collection::vec(0usize..3, 1..3),
        0u32..3000,
        0u32..3000,
        0i64..6,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(items, x0, x1, n0, b0, b1)| CaseSpec {
            items,
            x0,
            x1,
            n0,
            b0,
            b1,
        })
}

fn compiled(book: &Rulebook, c: &CaseSpec, ids: &[String]) -> RefDecision {
    let items: Vec<&str> = ids.iter().map(String::as_str).collect();
    let facts = [
        ("x0", Value::Money(Decimal::from(c.x0))),
        ("x1", Value::Money(Decimal::from(c.x1))),
        ("n0", Value::Int(c.n0)),
        ("b0", Value::Bool(c.b0)),
        ("b1", Value::Bool(c.b1)),
    ];
    let case = book.case_from_values(&items, None, None, &facts).unwrap();
    let d = book.evaluate(&case, &EvalOptions::default()).unwrap();
    let dto = d.to_dto();
    RefDecision {
        item: book.checked().items[d.item().0 as usize].id.clone(),
        outcome: d.outcome(),
        tier: d.tier_id().map(str::to_string),
        statutory: d.statutory(),
        fine: d.fine().map(|f| {
            (
                f.min.normalize(),
                f.max.normalize(),
                f.point.map(|p| p.normalize()),
            )
        }),
        sanctions: dto
            .sanctions
            .iter()
            .filter_map(|s| mete_core::vocab::SanctionKind::from_name(&s.kind))
            .filter(|k| *k != mete_core::vocab::SanctionKind::Fine)
            .collect(),
        reviews: d.review_ids().into_iter().map(str::to_string).collect(),
    }
}

fn normalised(mut r: RefDecision) -> RefDecision {
    r.statutory = r
        .statutory
        .map(|(a, b)| (a.normalize(), b.map(|b| b.normalize())));
    r.fine = r
        .fine
        .map(|(a, b, p)| (a.normalize(), b.normalize(), p.map(|p| p.normalize())));
    r
}

fn check_one(src: &str, n_items: usize, c: &CaseSpec) -> Result<(), TestCaseError> {
    let (book, _) = Rulebook::from_source(
        "diff.mete",
        src.as_bytes(),
        &MemoryLoader::default(),
        &CheckOptions::default(),
    )
    .map_err(|e| {
        let msgs: Vec<String> = e
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        TestCaseError::fail(format!(
            "generated rulebook does not check: {msgs:?}\n{src}"
        ))
    })?;
    let mut ids: Vec<String> = c
        .items
        .iter()
        .map(|i| format!("V{}", i % n_items))
        .collect();
    ids.dedup();
    let got = normalised(compiled(&book, c, &ids));
    let facts = book.checked().facts.iter().map(|f| match f.name.as_str() {
        "x0" => Value::Money(Decimal::from(c.x0)),
        "x1" => Value::Money(Decimal::from(c.x1)),
        "n0" => Value::Int(c.n0),
        "b0" => Value::Bool(c.b0),
        _ => Value::Bool(c.b1),
    });
    let want = normalised(reference::decide(
        book.checked(),
        &RefCase {
            items: ids,
            facts: facts.collect(),
        },
    ));
    prop_assert_eq!(got, want, "rulebook:\n{}\ncase: {:?}", src, c);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn compiled_and_reference_evaluators_agree(
        (src, n) in rulebook(),
        cases in proptest::collection::vec(case(), 1..6),
    ) {
        for c in &cases {
            check_one(&src, n, c)?;
        }
    }
}

/// The reference is not vacuous: on a fixed rulebook it gives the decision worked out by hand.
#[test]
fn the_reference_decides_a_known_case() {
    let src = "rulebook \"diff\" { version \"1\" effective from 2024-01-01 rounding 1 half_up conflicts offset }
facts { x0: money \"x0\"\n x1: money \"x1\"\n n0: int \"n0\"\n b0: bool \"b0\"\n b1: bool \"b1\" }
circumstance c0 \"情节\" { when b1 shall mitigate }
review r0 \"审核\" kind collective_discussion when fine.max >= 7000
violation V0 \"项目\" {
  fine 1000 to 10001
  warning when b0
  tier t0 \"重\" severe when x0 > 500: upper 30% recommend midpoint { add public_criticism }
  tier t1 \"轻\" lenient otherwise: lower 30% recommend minimum
}
";
    let (book, _) = Rulebook::from_source(
        "d.mete",
        src.as_bytes(),
        &MemoryLoader::default(),
        &CheckOptions::default(),
    )
    .unwrap();
    let facts = |x0: i64, b1: bool| {
        vec![
            Value::Money(Decimal::from(x0)),
            Value::Money(Decimal::ZERO),
            Value::Int(0),
            Value::Bool(true),
            Value::Bool(b1),
        ]
    };
    let heavy = reference::decide(
        book.checked(),
        &RefCase {
            items: vec!["V0".into()],
            facts: facts(600, false),
        },
    );
    // 1000 + 70% of 9001 = 7300.7 → 7301; the midpoint of 7300.7 and 10001 is 8650.85 → 8651.
    assert_eq!(heavy.tier.as_deref(), Some("t0"));
    assert_eq!(
        heavy.fine,
        Some((
            Decimal::from(7301),
            Decimal::from(10001),
            Some(Decimal::from(8651))
        ))
    );
    assert_eq!(heavy.sanctions.len(), 2);
    assert_eq!(heavy.reviews, ["r0"]);
    let mitigated = reference::decide(
        book.checked(),
        &RefCase {
            items: vec!["V0".into()],
            facts: facts(600, true),
        },
    );
    // 1000 + 30% of 9001 = 3700.3 → 3700.
    assert_eq!(mitigated.tier.as_deref(), Some("t1"));
    assert_eq!(
        mitigated.fine,
        Some((
            Decimal::from(1000),
            Decimal::from(3700),
            Some(Decimal::from(1000))
        ))
    );
    assert!(mitigated.reviews.is_empty());
    check_one(
        src,
        1,
        &CaseSpec {
            items: vec![0],
            x0: 600,
            x1: 0,
            n0: 0,
            b0: true,
            b1: true,
        },
    )
    .unwrap();
}
