use super::*;
use crate::check::{CheckOptions, MemoryLoader};

const OLD: &str = include_str!("../audit/demo.mete");

fn compile(src: &str) -> Rulebook {
    match Rulebook::from_source(
        "demo.mete",
        src.as_bytes(),
        &MemoryLoader::default(),
        &CheckOptions::default(),
    ) {
        Ok((b, _)) => b,
        Err(e) => panic!("{:?}", e.diagnostics),
    }
}

/// The new version: the heavy tier starts higher, the legal review starts lower, and
/// suspension becomes mandatory.
fn new_src() -> String {
    OLD.replace(
        "severe when big: 70000 to 100000",
        "severe when big: 80000 to 100000",
    )
    .replace("when fine.max >= 100000", "when fine.max >= 50000")
    .replace("  may suspend_business\n", "  shall suspend_business\n")
}

#[test]
fn changes_are_listed_by_kind_in_order() {
    let (old, new) = (compile(OLD), compile(&new_src()));
    let d = diff_case(
        &old,
        &new,
        3,
        br#"{"violation": "V-1", "act_date": "2021-01-01", "big": true}"#,
    );
    assert_eq!(d.line, 3);
    assert_eq!(d.status, DiffStatus::Changed);
    let kinds: Vec<ChangeKind> = d.changes.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [ChangeKind::Band, ChangeKind::Sanctions, ChangeKind::Options]
    );
    assert_eq!(d.changes[0].old, "70000–100000");
    assert_eq!(d.changes[0].new, "80000–100000");
    assert_eq!(d.changes[1].added, ["suspend_business"]);
    assert_eq!(d.changes[2].removed, ["sanction:suspend_business"]);
    assert_eq!(
        human_line(&d).as_deref(),
        Some(
            "line 3: band 70000–100000 → 80000–100000; sanctions +suspend_business; options -sanction:suspend_business"
        )
    );
}

#[test]
fn reviews_outcome_and_tier_changes() {
    let (old, new) = (compile(OLD), compile(&new_src()));
    // The light band tops out at 50000: the new legal review threshold catches it.
    let d = diff_case(
        &old,
        &new,
        1,
        br#"{"violation": "V-1", "act_date": "2021-01-01"}"#,
    );
    let reviews = d.changes.iter().find(|c| c.kind == ChangeKind::Reviews);
    assert_eq!(
        reviews.map(|c| c.added.clone()),
        Some(vec!["legal".to_string()])
    );

    let exempt = OLD.replace("when minor\n", "when minor or big\n");
    let d = diff_case(
        &old,
        &compile(&exempt),
        1,
        br#"{"violation": "V-1", "act_date": "2021-01-01", "big": true}"#,
    );
    let kinds: Vec<&str> = d.changes.iter().map(|c| c.kind.id()).collect();
    assert_eq!(kinds, ["outcome", "tier", "band", "options", "reviews"]);
    assert_eq!(
        (d.changes[0].old.as_str(), d.changes[0].new.as_str()),
        ("penalize", "exempt")
    );
    assert_eq!(
        (d.changes[1].old.as_str(), d.changes[1].new.as_str()),
        ("从重", "none")
    );
}

#[test]
fn identical_rulebooks_change_nothing_and_errors_are_counted() {
    let (old, new) = (compile(OLD), compile(OLD));
    let mut s = DiffSummary::new();
    let same = diff_case(
        &old,
        &new,
        1,
        br#"{"violation": "V-1", "act_date": "2021-01-01"}"#,
    );
    assert_eq!(same.status, DiffStatus::Unchanged);
    assert_eq!(human_line(&same), None);
    s.add(&same);
    let bad = diff_case(&old, &new, 2, b"{\"violation\": \"V-9\"}");
    assert_eq!(bad.status, DiffStatus::Error);
    assert!(
        bad.old_error.as_deref().unwrap_or("").contains("V-9"),
        "{bad:?}"
    );
    s.add(&bad);
    assert_eq!((s.cases, s.changed, s.unchanged, s.errors), (2, 0, 1, 1));
    assert_eq!(s.by_kind.len(), ChangeKind::ALL.len());
    let json = serde_json::to_string(&s).unwrap();
    assert!(
        json.starts_with(
            r#"{"cases":2,"changed":0,"unchanged":1,"errors":1,"by_kind":{"outcome":0,"#
        ),
        "{json}"
    );
}
