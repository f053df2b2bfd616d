use super::*;
use crate::check::{CheckOptions, MemoryLoader};

fn book() -> Rulebook {
    let src = include_str!("demo.mete");
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

/// Audits `{"case": {..case..}, "recorded": {..recorded..}}` and gives (code, path) pairs.
fn audit(case: &str, recorded: &str) -> Vec<(String, String)> {
    let line = format!(
        r#"{{"case": {{"violation": "V-1", "act_date": "2021-01-01"{case}}}, "recorded": {{{recorded}}}}}"#
    );
    audit_record(&book(), 1, line.as_bytes())
        .findings
        .into_iter()
        .map(|f| {
            (
                f.code.trim_start_matches("mete::audit::").to_string(),
                f.path,
            )
        })
        .collect()
}

fn codes(case: &str, recorded: &str) -> Vec<String> {
    audit(case, recorded).into_iter().map(|(c, _)| c).collect()
}

const OK: &str = r#""outcome": "penalize", "fine": "30000""#;

#[test]
fn a_decision_inside_the_band_is_clean() {
    assert_eq!(codes("", OK), Vec::<String>::new());
    // The heavy band 70000–100000 needs a legal review and a hearing notice.
    let big = r#""outcome": "penalize", "fine": "80000", "reviews_held": ["legal_review"], "hearing_notice_given": true"#;
    assert_eq!(codes(r#", "big": true"#, big), Vec::<String>::new());
}

#[test]
fn fine_above_and_below_the_band() {
    assert_eq!(
        audit(
            "",
            r#""outcome": "penalize", "fine": "50001", "hearing_notice_given": true"#
        ),
        [("fine_above_band".to_string(), "$.recorded.fine".to_string())]
    );
    assert_eq!(
        codes(
            "",
            r#""outcome": "penalize", "fine": "15000", "hearing_notice_given": true"#
        ),
        ["fine_below_band"]
    );
    assert_eq!(
        codes(
            "",
            r#""outcome": "penalize", "fine": "9999.5", "hearing_notice_given": true"#
        ),
        ["fine_below_statutory"]
    );
    // The band's bounds themselves are inside.
    assert!(
        codes(
            "",
            r#""outcome": "penalize", "fine": 20000, "hearing_notice_given": true"#
        )
        .is_empty()
    );
}

#[test]
fn severities_follow_the_code_table() {
    let line = r#"{"case": {"violation": "V-1", "act_date": "2021-01-01"}, "recorded": {"outcome": "penalize", "fine": "15000", "hearing_notice_given": true}}"#;
    let r = audit_record(&book(), 7, line.as_bytes());
    assert_eq!(r.line, 7);
    assert_eq!(r.band.as_deref(), Some("20000–50000"));
    let f = &r.findings[0];
    assert_eq!(f.severity, FindingSeverity::Warning);
    assert_eq!(f.cite.as_deref(), Some("某法第十条"));
    assert_eq!(
        f.message,
        "the fine `15000` is below the band `20000–50000` and no reduction circumstance applies"
    );
    assert_eq!(severity_of(FINE_ABOVE_BAND), FindingSeverity::Error);
}

#[test]
fn below_the_statutory_minimum_is_allowed_when_a_reduction_applies() {
    assert!(
        codes(
            r#", "helped": true"#,
            r#""outcome": "penalize", "fine": "5000""#
        )
        .is_empty()
    );
}

#[test]
fn a_mandatory_mitigation_ignored() {
    // coerced + big: the severe tier would apply, the mitigation forces the lenient one.
    let rec = r#""outcome": "penalize", "fine": "80000", "reviews_held": ["legal_review"], "hearing_notice_given": true"#;
    assert_eq!(
        codes(r#", "coerced": true, "big": true"#, rec),
        ["mitigation_ignored"]
    );
    let rec = r#""outcome": "penalize", "fine": "50000", "hearing_notice_given": true"#;
    assert!(codes(r#", "coerced": true, "big": true"#, rec).is_empty());
}

#[test]
fn penalties_where_the_law_forbids_them() {
    let pen = r#""outcome": "penalize", "fine": "30000""#;
    assert_eq!(codes(r#", "young": true"#, pen), ["penalty_not_punishable"]);
    assert_eq!(codes(r#", "minor": true"#, pen), ["penalty_exempt"]);
    assert_eq!(codes(r#", "late": true"#, pen), ["penalty_time_barred"]);
    // A fine alone, under another outcome, is a penalty too; its path is the fine.
    assert_eq!(
        audit(
            r#", "late": true"#,
            r#""outcome": "time_barred", "fine": "100""#
        ),
        [(
            "penalty_time_barred".to_string(),
            "$.recorded.fine".to_string()
        )]
    );
    assert!(codes(r#", "minor": true"#, r#""outcome": "exempt""#).is_empty());
}

#[test]
fn no_penalty_where_one_is_due() {
    assert_eq!(codes("", r#""outcome": "exempt""#), ["outcome_differs"]);
}

#[test]
fn fine_missing_or_not_provided() {
    assert_eq!(codes("", r#""outcome": "penalize""#), ["fine_missing"]);
    let line = r#"{"case": {"violation": "V-2", "act_date": "2021-01-01"}, "recorded": {"outcome": "penalize", "fine": "500", "sanctions": ["warning"]}}"#;
    let r = audit_record(&book(), 1, line.as_bytes());
    let got: Vec<&str> = r.findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(got, [FINE_NOT_PROVIDED]);
}

#[test]
fn sanctions_missing_and_not_allowed() {
    let case = r#", "gains": "5000""#;
    assert_eq!(codes(case, OK), ["sanction_missing"]);
    let rec = r#""outcome": "penalize", "fine": "30000", "sanctions": ["confiscate_gains", "suspend_business"]"#;
    assert!(codes(case, rec).is_empty(), "a `may` sanction is permitted");
    let rec = r#""outcome": "penalize", "fine": "30000", "sanctions": ["confiscate_gains", "revoke_license"]"#;
    assert_eq!(
        audit(case, rec),
        [(
            "sanction_not_allowed".to_string(),
            "$.recorded.sanctions[1]".to_string()
        )]
    );
}

#[test]
fn reviews_and_hearing_notice() {
    let big = r#", "big": true"#;
    assert_eq!(
        audit(
            big,
            r#""outcome": "penalize", "fine": "80000", "hearing_notice_given": true"#
        ),
        [(
            "review_missing".to_string(),
            "$.recorded.reviews_held".to_string()
        )]
    );
    assert_eq!(
        audit(
            big,
            r#""outcome": "penalize", "fine": "80000", "reviews_held": ["legal_review"]"#
        ),
        [(
            "hearing_notice_missing".to_string(),
            "$.recorded.hearing_notice_given".to_string()
        )]
    );
}

#[test]
fn the_late_payment_surcharge_is_recomputed_exactly() {
    let base = r#""outcome": "penalize", "fine": "30000", "hearing_notice_given": true, "decision_date": "2021-02-01", "due_date": "2021-02-16""#;
    // 10 days late: 3% × 10 × 30000 = 9000.
    let right = format!(r#"{base}, "paid_on": "2021-02-26", "surcharge_charged": "9000""#);
    assert!(codes("", &right).is_empty());
    let wrong = format!(r#"{base}, "paid_on": "2021-02-26", "surcharge_charged": "9900""#);
    assert_eq!(codes("", &wrong), ["wrong_surcharge"]);
    // 4 of the 10 days excluded (art. 73): 3% × 6 × 30000 = 5400.
    let excl = format!(
        r#"{base}, "paid_on": "2021-02-26", "excluded_days": 4, "surcharge_charged": "5400""#
    );
    assert!(codes("", &excl).is_empty());
    // Capped at the fine after 34 days.
    let cap = format!(r#"{base}, "paid_on": "2021-04-30", "surcharge_charged": "30000""#);
    assert!(codes("", &cap).is_empty());
    // Paid on time: no surcharge.
    let on_time = format!(r#"{base}, "paid_on": "2021-02-16", "surcharge_charged": "100""#);
    assert_eq!(codes("", &on_time), ["wrong_surcharge"]);
    let missing = format!(r#"{base}, "paid_on": "2021-02-26""#);
    assert_eq!(codes("", &missing), ["wrong_surcharge"]);
    assert_eq!(
        expected_surcharge(
            Decimal::from(10_000),
            NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2021, 1, 21).unwrap(),
            0
        ),
        Some(Decimal::from(6_000))
    );
}

#[test]
fn a_bad_case_is_a_finding_with_its_path() {
    assert_eq!(
        audit(r#", "gian": 1"#, OK),
        [("bad_case".to_string(), "$.case.gian".to_string())]
    );
}

#[test]
fn a_bad_record_is_a_finding_never_a_stop() {
    let b = book();
    let bad = |text: &str| -> Vec<(String, String)> {
        audit_record(&b, 1, text.as_bytes())
            .findings
            .into_iter()
            .map(|f| (f.code, f.path))
            .collect()
    };
    assert_eq!(bad("not json")[0].0, BAD_RECORD);
    assert_eq!(bad("[]")[0].1, "$");
    let r = bad(r#"{"case": {"violation": "V-1"}}"#);
    assert_eq!(r, [(BAD_RECORD.to_string(), "$".to_string())]);
    let r = bad(
        r#"{"case": {"violation": "V-1"}, "recorded": {"outcome": "fined", "fine": "-5", "extra": 1}}"#,
    );
    let paths: Vec<&str> = r.iter().map(|(_, p)| p.as_str()).collect();
    assert_eq!(
        paths,
        ["$.recorded.outcome", "$.recorded.fine", "$.recorded.extra"]
    );
    // The recorded decision date must agree with the case's.
    let r = bad(
        r#"{"case": {"violation": "V-1", "act_date": "2021-01-01", "decision_date": "2021-03-01"}, "recorded": {"outcome": "penalize", "fine": "30000", "decision_date": "2021-03-02"}}"#,
    );
    assert_eq!(
        r,
        [(
            BAD_RECORD.to_string(),
            "$.recorded.decision_date".to_string()
        )]
    );
}

#[test]
fn the_summary_lists_every_code() {
    let mut s = AuditSummary::new();
    assert_eq!(s.by_code.len(), CODES.len());
    let line = r#"{"case": {"violation": "V-1", "act_date": "2021-01-01", "big": true}, "recorded": {"outcome": "penalize", "fine": "160000", "reviews_held": ["legal_review"]}}"#;
    s.add(&audit_record(&book(), 1, line.as_bytes()));
    assert_eq!((s.records, s.with_findings, s.errors), (1, 1, 2));
    assert_eq!(s.by_code.get(FINE_ABOVE_BAND), Some(&1));
    assert_eq!(s.by_code.get(HEARING_NOTICE_MISSING), Some(&1));
}

#[test]
fn the_record_schema_names_both_parts() {
    let schema = record_schema();
    assert!(schema.contains("\"recorded\""), "{schema}");
    assert!(schema.contains("hearing_notice_given"), "{schema}");
    assert!(schema.ends_with("}\n"));
}

#[test]
fn choices_the_law_leaves_open_are_no_findings() {
    // A `may` exemption taken.
    assert!(codes(r#", "first": true"#, r#""outcome": "exempt""#).is_empty());
    // A `may` mitigation taken: the severe band is 70000–100000, the lenient one 20000–50000.
    let rec = r#""outcome": "penalize", "fine": "30000", "reviews_held": ["legal_review"], "hearing_notice_given": true"#;
    assert!(codes(r#", "big": true, "remedied": true"#, rec).is_empty());
    assert_eq!(codes(r#", "big": true"#, rec), ["fine_below_band"]);
}
