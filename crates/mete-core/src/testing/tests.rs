//! The test runner's diff and coverage on small rulebooks written here.

use super::{CoverageKind, FieldDiff, TestStatus};
use crate::check::{CheckOptions, MemoryLoader};
use crate::compile::Rulebook;
use crate::eval::EvalOptions;

fn book_from(files: &[(&str, &str)]) -> Rulebook {
    let loader = MemoryLoader::new(files.iter().copied());
    let (name, src) = files.first().copied().unwrap();
    match Rulebook::from_source(name, src.as_bytes(), &loader, &CheckOptions::default()) {
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

/// Two tiers, a review only a big fine triggers, a `may` circumstance, an adjustment and a `may`
/// sanction; the tests touch the `small` tier only.
const BOOK: &str = r#"rulebook "t" { version "1" effective from 2020-01-01 }
facts {
  value: money "货值金额" default 0
  first: bool "初次违法" default false
  again: bool "再次违法" default false
}
circumstance first_time "初次违法" { cite "某法第三十三条" when first may exempt }
adjust repeat "再次违法" when again: to maximum
violation X "无证经营" {
  cite "某法第十条"
  fine up to 100000
  tier big "较重" when value above 50000: upper 50%
  tier small "较轻" otherwise: lower 50%
  may revoke_license when value above 90000
}
review legal_review "法制审核" when fine.max >= 100000
review hearing_notice "听证告知" when fine.max >= 10000
test "small and first" {
  given { violation: X, act_date: 2024-01-01, value: 100, first: true }
  expect { outcome: penalize, tier: small, fine: 0 to 50000, options: [first_time], reviews: [hearing_notice] }
}
test "wrong on purpose" {
  given { violation: X, act_date: 2024-01-01, value: 100, again: true }
  expect { tier: big, fine: 0 to 40000, point: 50000, reviews: [legal_review], sanctions: [fine] }
}
"#;

#[test]
fn a_failing_test_shows_each_key_expected_and_actual() {
    let b = book_from(&[("t.mete", BOOK)]);
    let run = b.test_run(&EvalOptions::default());
    let [ok, bad] = run.reports.as_slice() else {
        panic!("two reports expected: {:#?}", run.reports)
    };
    assert_eq!(ok.status, TestStatus::Passed);
    assert!(ok.failures.is_empty());
    assert_eq!(ok.fields.len(), 5);
    assert!(ok.fields.iter().all(|f| f.equal));
    assert_eq!((ok.file.as_str(), ok.line, ok.col), ("t.mete", 18, 6));

    assert_eq!(bad.status, TestStatus::Failed);
    let row = |field: &str, expected: &str, actual: &str, equal: bool| FieldDiff {
        field: field.to_string(),
        expected: expected.to_string(),
        actual: actual.to_string(),
        equal,
        missing: Vec::new(),
        extra: Vec::new(),
    };
    let mut reviews = row("reviews", "[legal_review]", "[hearing_notice]", false);
    reviews.missing = vec!["legal_review".to_string()];
    reviews.extra = vec!["hearing_notice".to_string()];
    assert_eq!(
        bad.fields,
        [
            row("tier", "big", "small", false),
            row("fine", "0 to 40000", "0 to 50000", false),
            row("point", "50000", "50000", true),
            row("sanctions", "[fine]", "[fine]", true),
            reviews,
        ]
    );
    assert_eq!(
        bad.failures,
        [
            "tier: expected big, got small",
            "fine: expected 0 to 40000, got 0 to 50000",
            "reviews: expected [legal_review], got [hearing_notice] (missing legal_review; extra hearing_notice)",
        ]
    );
    let json = serde_json::to_string(&bad.fields[0]).unwrap();
    assert_eq!(
        json,
        r#"{"field":"tier","expected":"big","actual":"small","equal":false,"missing":[],"extra":[]}"#
    );
}

#[test]
fn coverage_lists_what_no_test_exercises() {
    let b = book_from(&[("t.mete", BOOK)]);
    let run = b.test_run(&EvalOptions::default());
    let cov = &run.coverage;
    let listed: Vec<(CoverageKind, &str, Option<&str>, u32)> = cov
        .entries
        .iter()
        .map(|e| (e.kind, e.id.as_str(), e.item.as_deref(), e.line))
        .collect();
    assert_eq!(
        listed,
        [
            (CoverageKind::Tier, "big", Some("X"), 12),
            (CoverageKind::Tier, "small", Some("X"), 13),
            (CoverageKind::Circumstance, "first_time", None, 7),
            (CoverageKind::Option, "first_time", None, 7),
            (CoverageKind::Option, "revoke_license", Some("X"), 14),
            (CoverageKind::Adjustment, "repeat", None, 8),
            (CoverageKind::Review, "legal_review", None, 16),
            (CoverageKind::Review, "hearing_notice", None, 17),
        ]
    );
    let missed: Vec<(CoverageKind, &str)> =
        cov.unexercised().map(|e| (e.kind, e.id.as_str())).collect();
    assert_eq!(
        missed,
        [
            (CoverageKind::Tier, "big"),
            (CoverageKind::Option, "revoke_license"),
            (CoverageKind::Review, "legal_review"),
        ]
    );
    let by = |id: &str| {
        cov.entries
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.exercised_by.clone())
            .unwrap()
    };
    assert_eq!(by("small"), ["small and first", "wrong on purpose"]);
    assert_eq!(by("repeat"), ["wrong on purpose"]);
    let summary: Vec<(CoverageKind, usize, usize, u32)> = cov
        .summary()
        .iter()
        .map(|s| (s.kind, s.total, s.exercised, s.percent))
        .collect();
    assert_eq!(
        summary,
        [
            (CoverageKind::Tier, 2, 1, 50),
            (CoverageKind::Circumstance, 1, 1, 100),
            (CoverageKind::Option, 2, 1, 50),
            (CoverageKind::Adjustment, 1, 1, 100),
            (CoverageKind::Review, 2, 1, 50),
        ]
    );
}

#[test]
fn the_old_entry_point_still_reports_failures() {
    let b = book_from(&[("t.mete", BOOK)]);
    let reports = b.run_tests(&EvalOptions::default());
    assert_eq!(reports.len(), 2);
    assert!(reports[0].passed() && !reports[1].passed());
}

#[test]
fn refused_cases_and_expected_errors() {
    let b = book_from(&[(
        "e.mete",
        r#"rulebook "e" { version "1" effective from 2020-01-01 }
facts { g: int "g" default 0 }
violation X "x" { cite "x" fine up to 1000 tier big "较重" when g > 5: upper 50% }
test "no tier" { given { violation: X, act_date: 2024-01-01 } expect { error: "no tier" } }
test "no tier, unexpected" { given { violation: X, act_date: 2024-01-01 } expect { outcome: penalize } }
test "expects an error" { given { violation: X, act_date: 2024-01-01, g: 9 } expect { error: "no tier" } }
"#,
    )]);
    let r = b.run_tests(&EvalOptions::default());
    let fields: Vec<(&str, &str, bool)> = r
        .iter()
        .map(|t| {
            let f = t.fields.last().unwrap();
            (f.expected.as_str(), f.field.as_str(), f.equal)
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("no tier", "error", true),
            ("a decision", "error", false),
            ("no tier", "error", false),
        ],
        "{r:#?}"
    );
    assert!(r[1].fields[0].actual.contains("mete::eval::"), "{r:#?}");
    assert_eq!(r[2].fields.last().unwrap().actual, "a decision");
}

#[test]
fn several_provisions_exercise_each_and_imports_merge_by_place() {
    let general = r#"rulebook "g" { version "1" effective from 2020-01-01 }
facts { minor: bool "轻微" default false }
circumstance slight "轻微" { cite "x" when minor shall mitigate }
"#;
    let root = r#"rulebook "r" { version "1" effective from 2020-01-01 import "g.mete" }
violation A "a" { cite "a" fine up to 1000 tier a1 "从轻" lenient when minor: lower 10% tier a2 "一般" otherwise: lower 50% }
violation B "b" { cite "b" fine up to 5000 tier b1 "从轻" lenient when minor: lower 10% tier b2 "一般" otherwise: lower 50% }
test "both" { given { violations: [A, B], act_date: 2024-01-01 } expect { governing: B } }
"#;
    let b = book_from(&[("r.mete", root), ("g.mete", general)]);
    let run = b.test_run(&EvalOptions::default());
    assert!(run.reports[0].passed(), "{:#?}", run.reports);
    let missed: Vec<&str> = run.coverage.unexercised().map(|e| e.id.as_str()).collect();
    // Both provisions' tiers count, not only the governing one's.
    assert_eq!(missed, ["a1", "b1", "slight"]);
    let slight = run
        .coverage
        .entries
        .iter()
        .find(|e| e.id == "slight")
        .unwrap();
    assert_eq!((slight.file.as_str(), slight.line), ("g.mete", 3));

    // The same general part reached from another rulebook: one entry, tests of both.
    let other = r#"rulebook "o" { version "1" effective from 2020-01-01 import "g.mete" }
violation C "c" { cite "c" fine up to 1000 tier c1 "从轻" lenient when minor: lower 10% tier c2 "一般" otherwise: lower 50% }
test "slight" { given { violation: C, act_date: 2024-01-01, minor: true } expect { tier: c1 } }
"#;
    let o = book_from(&[("o.mete", other), ("g.mete", general)]);
    let mut cov = run.coverage.clone();
    cov.merge(o.test_run(&EvalOptions::default()).coverage);
    let slight: Vec<_> = cov.entries.iter().filter(|e| e.id == "slight").collect();
    assert_eq!(slight.len(), 1);
    assert_eq!(slight[0].exercised_by, ["slight"]);
    let kinds: Vec<CoverageKind> = cov.entries.iter().map(|e| e.kind).collect();
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(kinds, sorted);
    assert_eq!(cov.entries.len(), 7);
}

#[test]
fn selected_tests_only() {
    let b = book_from(&[("t.mete", BOOK)]);
    let sites = b.test_sites();
    assert_eq!(sites.len(), 2);
    let run = b.test_run_where(&EvalOptions::default(), &|s| s.name == "small and first");
    assert_eq!(run.reports.len(), 1);
    let repeat = run
        .coverage
        .entries
        .iter()
        .find(|e| e.id == "repeat")
        .unwrap();
    assert!(!repeat.exercised());
}
