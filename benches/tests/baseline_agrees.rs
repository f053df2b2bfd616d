//! The hand-written baseline and mete decide the generated cases alike (outcome, tier, statutory
//! range, band, recommended amount, reviews); otherwise comparing their speed would mean nothing.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeSet;

use mete_benches::baseline::{Baseline, Outcome as BOutcome};
use mete_benches::table::{ITEMS, item_id, item_spec, tier_set};
use mete_benches::{table_book, table_cases};
use mete_core::case::CaseOptions;
use mete_core::eval::EvalOptions;
use mete_core::vocab::Outcome;

#[test]
fn table_rulebook_checks_clean() {
    let src = mete_benches::table_rulebook();
    let result = mete_core::check::check(
        "bench-table.mete",
        src.as_bytes(),
        &mete_core::check::MemoryLoader::default(),
        &mete_core::check::CheckOptions::default(),
    );
    let all: Vec<String> = result
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert!(all.is_empty(), "{all:#?}");
    let book = result.rulebook.expect("checks");
    assert_eq!(book.items.len(), ITEMS);
}

#[test]
fn baseline_agrees_with_mete_on_1000_cases() {
    let book = table_book().expect("the table rulebook compiles");
    let baseline = Baseline::new();
    let cases = table_cases(1000, 42);
    let mut reached: BTreeSet<(usize, &str)> = BTreeSet::new();
    let (mut exempt, mut legal, mut hearing, mut points) = (0, 0, 0, 0);
    for (n, c) in cases.iter().enumerate() {
        let json = c.to_json();
        let case = book
            .read_case(json.as_bytes(), &CaseOptions::default())
            .unwrap_or_else(|e| panic!("case {n} is invalid: {e:?}\n{json}"));
        let m = book
            .evaluate(&case, &EvalOptions { trace: false })
            .unwrap_or_else(|e| panic!("case {n} failed: {e:?}\n{json}"));
        let b = baseline.decide(c).expect("the baseline decides");
        let ctx = || format!("case {n}: {json}");
        let outcome = match b.outcome {
            BOutcome::Penalize => Outcome::Penalize,
            BOutcome::Exempt => Outcome::Exempt,
        };
        assert_eq!(m.outcome(), outcome, "{}", ctx());
        assert_eq!(m.tier_id(), b.tier, "{}", ctx());
        assert_eq!(
            m.statutory(),
            Some((b.statutory.0, Some(b.statutory.1))),
            "{}",
            ctx()
        );
        let band = m.fine().map(|f| (f.min, f.max));
        assert_eq!(band, b.band, "{}", ctx());
        assert_eq!(m.fine().and_then(|f| f.point), b.point, "{}", ctx());
        let reviews = m.review_ids();
        assert_eq!(reviews.contains(&"legal"), b.legal_review, "{}", ctx());
        assert_eq!(reviews.contains(&"hearing"), b.hearing_notice, "{}", ctx());
        if let Some(t) = b.tier {
            reached.insert((c.item, t));
        }
        exempt += usize::from(b.exempt);
        legal += usize::from(b.legal_review);
        hearing += usize::from(b.hearing_notice);
        points += usize::from(b.point.is_some());
    }
    // The cases exercise every item and every tier, and every rule that can fire.
    for i in 0..ITEMS {
        for t in tier_set(item_spec(i).tiers) {
            assert!(
                reached.contains(&(i, t.id)),
                "no case reaches tier `{}` of {}",
                t.id,
                item_id(i)
            );
        }
    }
    assert!(
        exempt > 10 && legal > 10 && hearing > legal && points > 100,
        "exempt {exempt}, legal {legal}, hearing {hearing}, points {points}"
    );
}
