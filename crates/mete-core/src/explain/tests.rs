//! Explanations of real decisions, in both languages, pinned by snapshots.

use std::collections::BTreeMap;

use super::explain;
use crate::api::compile_rulebook;
use crate::ast::Lang;
use crate::compile::Rulebook;
use crate::decision::DecisionDto;

fn showcase() -> Rulebook {
    let files = [
        (
            "showcase.mete",
            include_str!("../../../../rulebooks/showcase/showcase.mete"),
        ),
        (
            "common.mete",
            include_str!("../../../../rulebooks/showcase/common.mete"),
        ),
        (
            "parent.mete",
            include_str!("../../../../rulebooks/showcase/parent.mete"),
        ),
    ];
    load(&files, "showcase.mete")
}

fn ecology() -> Rulebook {
    let files = [(
        "ecology.mete",
        include_str!("../../../../rulebooks/ecology/ecology.mete"),
    )];
    load(&files, "ecology.mete")
}

fn load(files: &[(&str, &str)], root: &str) -> Rulebook {
    let sources: BTreeMap<String, String> = files
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    match compile_rulebook(&sources, root) {
        (_, Some(b)) => b,
        (answer, None) => panic!("{answer:#?}"),
    }
}

fn decide(book: &Rulebook, case: &str) -> DecisionDto {
    book.evaluate_json(case.as_bytes(), &Default::default(), &Default::default())
        .unwrap_or_else(|e| panic!("{case}: {e:?}"))
}

fn both(name: &str, book: &Rulebook, case: &str) -> (String, String) {
    let d = decide(book, case);
    let en = explain(&d, Lang::En);
    let zh = explain(&d, Lang::Zh);
    insta::assert_snapshot!(format!("{name}_en"), en);
    insta::assert_snapshot!(format!("{name}_zh"), zh);
    (en, zh)
}

const SAMPLE: &str = include_str!("../../../../rulebooks/ecology/cases/sample.json");

#[test]
fn tier_moved_up_by_an_adjustment() {
    let (en, zh) = both("ecology_sample", &ecology(), SAMPLE);
    assert!(
        en.starts_with("Decision: penalize, fine 40000 to 50000 yuan\n"),
        "{en}"
    );
    assert!(
        en.contains("for tier [超标排放档], its condition held"),
        "{en}"
    );
    assert!(
        en.contains("[三次以上] 两年内因同类违法行为受过三次以上行政处罚: up 1"),
        "{en}"
    );
    assert!(
        zh.starts_with("处理结果：处罚，罚款40000元至50000元\n"),
        "{zh}"
    );
    assert!(zh.contains("上调1个阶次"), "{zh}");
    assert!(zh.contains("包含责令停产停业 = 否"), "{zh}");
    // Every trace step appears, numbered, with its place.
    for n in 1..=11 {
        assert!(en.contains(&format!("{n:>2}. ")), "step {n}: {en}");
    }
    assert!(en.contains("(step 5, ecology.mete:92:3)"), "{en}");
}

#[test]
fn recommended_point_at_the_top_of_the_tier() {
    let case = r#"{"violation": "环评-登记表", "act_date": "2021-06-01", "排放情况": "超标排放",
        "既往处罚记录": [{"日期": "2020-03-01", "类别": "同类"}, {"日期": "2021-01-15", "类别": "同类"}]}"#;
    let d = decide(&ecology(), case);
    let en = explain(&d, Lang::En);
    assert!(en.contains("recommended: 40000 yuan"), "{en}");
    assert!(en.contains("[两次]"), "{en}");
    let zh = explain(&d, Lang::Zh);
    assert!(zh.contains("建议金额：40000元"), "{zh}");
    assert!(zh.contains("按上限处罚"), "{zh}");
}

#[test]
fn exemption_with_a_duty() {
    let case = r#"{"violation": "SC-UPTO", "act_date": "2024-05-01", "minor_harmless": true, "party": "person"}"#;
    let (en, zh) = both("showcase_exempt", &showcase(), case);
    assert!(en.starts_with("Decision: exempt\n"), "{en}");
    assert!(en.contains("\nDuties\n"), "{en}");
    assert!(zh.starts_with("处理结果：免予处罚\n"), "{zh}");
    assert!(zh.contains("应当履行的义务"), "{zh}");
}

#[test]
fn options_left_to_the_officer() {
    let case = r#"{"violation": "SC-UPTO", "act_date": "2024-05-01", "first_minor": true, "harm": "minor"}"#;
    let (en, zh) = both("showcase_option", &showcase(), case);
    assert!(
        en.contains("Options the law leaves open (not applied)"),
        "{en}"
    );
    assert!(en.contains("if taken: outcome exempt"), "{en}");
    assert!(zh.contains("如选择：处理结果免予处罚"), "{zh}");
}

#[test]
fn several_provisions() {
    let case =
        r#"{"violations": ["SC-UPTO", "SC-RANGE"], "act_date": "2024-05-01", "harm": "general"}"#;
    let (en, zh) = both("showcase_provisions", &showcase(), case);
    assert!(
        en.contains("[SC-RANGE]") && en.contains("— governs"),
        "{en}"
    );
    assert!(en.contains("why: its condition held"), "{en}");
    assert!(en.contains("for 1 month to 3 months"), "{en}");
    assert!(en.contains("— does not govern"), "{en}");
    assert!(zh.contains("——适用"), "{zh}");
}

#[test]
fn not_punishable_has_no_fine_section() {
    let case = r#"{"violation": "SC-UPTO", "act_date": "2024-05-10", "birth_date": "2010-05-10", "party": "person"}"#;
    let d = decide(&showcase(), case);
    let en = explain(&d, Lang::En);
    assert!(en.starts_with("Decision: not punishable\n"), "{en}");
    assert!(!en.contains("\nTier\n"), "{en}");
}

#[test]
fn explanations_are_deterministic() {
    let book = ecology();
    let a = explain(&decide(&book, SAMPLE), Lang::Zh);
    let b = explain(&decide(&ecology(), SAMPLE), Lang::Zh);
    assert_eq!(a, b);
    assert!(a.ends_with('\n'));
}

#[test]
fn durations_read_as_words() {
    assert_eq!(super::duration_words("P1M", false), "1 month");
    assert_eq!(super::duration_words("P1Y6M", false), "1 year 6 months");
    assert_eq!(super::duration_words("P15D", true), "15日");
    assert_eq!(super::duration_words("P2Y", true), "2年");
    assert_eq!(super::duration_words("PXD", false), "PXD");
    assert_eq!(super::duration_words("P1", false), "P1");
}
