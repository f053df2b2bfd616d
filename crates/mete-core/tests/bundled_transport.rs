//! The bundled road-transport and ecology rulebooks check with zero errors, and every one of
//! their own `test` blocks passes.
// A test harness: failing loudly is what it is for.
#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::PathBuf;

use mete_core::case::CaseOptions;
use mete_core::compile::Rulebook;
use mete_core::eval::EvalOptions;

/// The repository's `rulebooks/` directory.
fn root() -> PathBuf {
    common::repo_dir("rulebooks")
}

fn compile(name: &str) -> Rulebook {
    common::compile(&root(), name)
}

/// Compiles `name`, runs its test blocks and returns how many ran; panics listing every failure.
fn run_all(name: &str) -> usize {
    let reports = compile(name).run_tests(&EvalOptions::default());
    let failures: Vec<String> = reports
        .iter()
        .filter(|r| !r.passed())
        .map(|r| format!("{name}: {}: {}", r.name, r.failures.join("; ")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    reports.len()
}

/// Item ids of a rulebook, in declared order.
fn items(name: &str) -> Vec<String> {
    mete_core::api::items(&compile(name))
        .into_iter()
        .map(|i| i.id)
        .collect()
}

/// Each sector rulebook here has at least 12 items and on average three tests an item, all
/// passing.
#[test]
fn sector_rulebooks_check_and_their_tests_pass() {
    for name in ["transport/overload.mete", "ecology/ecology.mete"] {
        let ran = run_all(name);
        let items = items(name);
        assert!(items.len() >= 12, "{name}: only {} items", items.len());
        assert!(
            ran >= 3 * items.len(),
            "{name}: {ran} tests for {} items",
            items.len()
        );
    }
}

/// Vector 12 of penalty-law.md §8, decided from case JSON as a user would send it.
#[test]
fn overload_vector_12_from_json() {
    let book = compile("transport/overload.mete");
    let fine = |mass: &str| {
        let case = format!(
            r#"{{"violation": "超限-质量", "act_date": "2021-03-01", "轴数": 6, "汽车列车": true, "车货总质量": "{mass}"}}"#
        );
        let d = book
            .evaluate_json(
                case.as_bytes(),
                &EvalOptions::default(),
                &CaseOptions::default(),
            )
            .unwrap_or_else(|e| panic!("{e:?}"));
        (
            d.fine.map(|f| f.min),
            d.sanctions.into_iter().map(|s| s.kind).collect::<Vec<_>>(),
        )
    };
    assert_eq!(fine("52000").0.as_deref(), Some("1500"));
    let (none, sanctions) = fine("49800");
    assert_eq!(none, None);
    assert!(sanctions.iter().any(|s| s == "warning"), "{sanctions:?}");
    assert_eq!(fine("119000").0.as_deref(), Some("30000"));
}

/// Ids of the options a case leaves to the officer.
fn options(book: &Rulebook, case: &str) -> Vec<String> {
    book.evaluate_json(
        case.as_bytes(),
        &EvalOptions::default(),
        &CaseOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"))
    .options
    .into_iter()
    .map(|o| o.id)
    .collect()
}

/// The "may exempt" entry for water exceedance is offered exactly when every condition holds:
/// first in the calendar year, at most 0.1 times over, corrected in time, not in a sensitive area.
/// (A test block cannot say this: its `options` names circumstances only, and this item also
/// offers its permitted sanctions.)
#[test]
fn ecology_water_exemption_is_offered_only_when_every_condition_holds() {
    let book = compile("ecology/ecology.mete");
    let case = |extra: &str| {
        format!(
            r#"{{"violation": "水-超标排放", "act_date": "2021-06-01", "按期改正": true{extra}}}"#
        )
    };
    let offered = |extra: &str| {
        let ids = options(&book, &case(extra));
        assert!(
            ids.iter().any(|i| i == "suspend_business"),
            "permitted sanctions stay offered: {ids:?}"
        );
        ids.iter().any(|i| i == "免罚_水超标")
    };
    assert!(offered(r#", "超标倍数": "0.1""#));
    // A prior penalty in the previous calendar year does not count.
    assert!(offered(
        r#", "超标倍数": "0.1", "既往处罚记录": [{"日期": "2020-12-20", "类别": "同类"}]"#
    ));
    assert!(!offered(
        r#", "超标倍数": "0.1", "既往处罚记录": [{"日期": "2021-01-05", "类别": "同类"}]"#
    ));
    assert!(!offered(r#", "超标倍数": "0.11""#));
    assert!(!offered(r#", "超标倍数": "0.05", "位于敏感区域": true"#));
    let not_corrected = options(
        &book,
        r#"{"violation": "水-超标排放", "act_date": "2021-06-01", "超标倍数": "0.1"}"#,
    );
    assert!(!not_corrected.iter().any(|i| i == "免罚_水超标"));
}
