//! Auditing recorded decisions against a rulebook.
//!
//! An audit record is one JSON object: the case as `mete eval` reads it, and the decision the
//! agency actually recorded:
//!
//! ```json
//! {"case": {"violation": "V-1", "act_date": "2024-03-01", "value": "8000"},
//!  "recorded": {"outcome": "penalize", "fine": "45000", "sanctions": ["confiscate_gains"],
//!               "reviews_held": ["legal_review"], "hearing_notice_given": true,
//!               "decision_date": "2024-04-01", "due_date": "2024-04-16",
//!               "paid_on": "2024-04-20", "excluded_days": 0, "surcharge_charged": "5400"}}
//! ```
//!
//! The rulebook decides the case (the recorded `decision_date` fills in the case's when the case
//! has none), and every difference that matters becomes a [`Finding`] with a stable code
//! `mete::audit::<kind>` (see [`CODES`]), a severity, a one-line message, the provision it rests
//! on and the JSON path of the recorded field at fault. Reports serialise with a stable field
//! order; [`record_schema`] gives the JSON Schema of a record.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

use crate::case::CaseOptions;
use crate::case::json::{Json, JsonKind, parse};
use crate::compile::Rulebook;
use crate::decision::DecisionDto;
use crate::eval::EvalOptions;
use crate::eval::money::{amount_text, late_payment_surcharge};

/// How grave a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingSeverity {
    /// The recorded decision breaks the rulebook or the law.
    Error,
    /// The recorded decision departs from the benchmark in a way that needs a reason on file.
    Warning,
}

impl FindingSeverity {
    /// `error` or `warning`.
    pub fn id(self) -> &'static str {
        match self {
            FindingSeverity::Error => "error",
            FindingSeverity::Warning => "warning",
        }
    }
}

/// Every finding code, with its severity and what it means, in report order.
pub const CODES: [(&str, FindingSeverity, &str); 17] = [
    (
        BAD_RECORD,
        FindingSeverity::Error,
        "the record is not valid JSON or its `recorded` part is malformed",
    ),
    (
        BAD_CASE,
        FindingSeverity::Error,
        "the case cannot be read or decided by the rulebook",
    ),
    (
        PENALTY_TIME_BARRED,
        FindingSeverity::Error,
        "a penalty was given after the limitation period",
    ),
    (
        PENALTY_NOT_PUNISHABLE,
        FindingSeverity::Error,
        "a penalty was given where the law says not to punish",
    ),
    (
        PENALTY_EXEMPT,
        FindingSeverity::Error,
        "a penalty was given where the law requires exemption",
    ),
    (
        OUTCOME_DIFFERS,
        FindingSeverity::Warning,
        "no penalty was recorded where the rulebook gives one",
    ),
    (
        FINE_ABOVE_BAND,
        FindingSeverity::Error,
        "the fine is above the band",
    ),
    (
        MITIGATION_IGNORED,
        FindingSeverity::Error,
        "a mandatory mitigation applies but the fine is above the mitigated band",
    ),
    (
        FINE_BELOW_BAND,
        FindingSeverity::Warning,
        "the fine is below the band (within the statutory range) with no reduction circumstance",
    ),
    (
        FINE_BELOW_STATUTORY,
        FindingSeverity::Error,
        "the fine is below the statutory minimum with no reduction circumstance",
    ),
    (
        FINE_MISSING,
        FindingSeverity::Error,
        "no fine was recorded where the band requires one",
    ),
    (
        FINE_NOT_PROVIDED,
        FindingSeverity::Error,
        "a fine was recorded where the provision has none",
    ),
    (
        SANCTION_MISSING,
        FindingSeverity::Error,
        "a mandatory sanction is missing",
    ),
    (
        SANCTION_NOT_ALLOWED,
        FindingSeverity::Error,
        "a sanction was imposed that the decision neither requires nor permits",
    ),
    (
        REVIEW_MISSING,
        FindingSeverity::Error,
        "a required review was not held",
    ),
    (
        HEARING_NOTICE_MISSING,
        FindingSeverity::Error,
        "the right to a hearing was not notified",
    ),
    (
        WRONG_SURCHARGE,
        FindingSeverity::Error,
        "the late-payment surcharge is not what art. 72 gives",
    ),
];

/// Code: the record itself is malformed.
pub const BAD_RECORD: &str = "mete::audit::bad_record";
/// Code: the case is invalid or cannot be decided.
pub const BAD_CASE: &str = "mete::audit::bad_case";
/// Code: penalty after the limitation period.
pub const PENALTY_TIME_BARRED: &str = "mete::audit::penalty_time_barred";
/// Code: penalty where the outcome is not punishable.
pub const PENALTY_NOT_PUNISHABLE: &str = "mete::audit::penalty_not_punishable";
/// Code: penalty where a `shall` exemption applies.
pub const PENALTY_EXEMPT: &str = "mete::audit::penalty_exempt";
/// Code: no penalty recorded where the rulebook penalises.
pub const OUTCOME_DIFFERS: &str = "mete::audit::outcome_differs";
/// Code: fine above the band.
pub const FINE_ABOVE_BAND: &str = "mete::audit::fine_above_band";
/// Code: fine above the band a mandatory mitigation gives.
pub const MITIGATION_IGNORED: &str = "mete::audit::mitigation_ignored";
/// Code: fine below the band, still within the statutory range.
pub const FINE_BELOW_BAND: &str = "mete::audit::fine_below_band";
/// Code: fine below the statutory minimum without a reduction circumstance.
pub const FINE_BELOW_STATUTORY: &str = "mete::audit::fine_below_statutory";
/// Code: fine missing.
pub const FINE_MISSING: &str = "mete::audit::fine_missing";
/// Code: fine recorded where none is provided.
pub const FINE_NOT_PROVIDED: &str = "mete::audit::fine_not_provided";
/// Code: mandatory sanction missing.
pub const SANCTION_MISSING: &str = "mete::audit::sanction_missing";
/// Code: sanction neither required nor permitted.
pub const SANCTION_NOT_ALLOWED: &str = "mete::audit::sanction_not_allowed";
/// Code: required review not held.
pub const REVIEW_MISSING: &str = "mete::audit::review_missing";
/// Code: hearing notice required but not given.
pub const HEARING_NOTICE_MISSING: &str = "mete::audit::hearing_notice_missing";
/// Code: wrong late-payment surcharge.
pub const WRONG_SURCHARGE: &str = "mete::audit::wrong_surcharge";

const SURCHARGE_CITE: &str = "《行政处罚法》第七十二条第一款第一项；第七十三条";

/// The severity of a code from [`CODES`] (`Error` for an unknown code).
pub fn severity_of(code: &str) -> FindingSeverity {
    CODES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(FindingSeverity::Error, |(_, s, _)| *s)
}

/// One thing wrong with a recorded decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Finding {
    /// Stable code, `mete::audit::<kind>`.
    pub code: String,
    /// `error` or `warning`.
    pub severity: FindingSeverity,
    /// One-line message.
    pub message: String,
    /// The provision the finding rests on, when there is one.
    pub cite: Option<String>,
    /// JSON path in the record of the field at fault (`$.recorded.fine`, `$.case.goods_value`).
    pub path: String,
}

impl Finding {
    fn new(code: &'static str, path: &str, message: String, cite: Option<String>) -> Self {
        Finding {
            code: code.to_string(),
            severity: severity_of(code),
            message,
            cite,
            path: path.to_string(),
        }
    }
}

/// The audit of one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct RecordReport {
    /// Line of the record in its file (1-based).
    pub line: usize,
    /// The governing violation item, when the case was decided.
    pub violation: Option<String>,
    /// The outcome the rulebook gives, when the case was decided.
    pub outcome: Option<String>,
    /// The band the rulebook gives (`min–max`), when it imposes a fine.
    pub band: Option<String>,
    /// Findings, in check order; empty when the record is clean.
    pub findings: Vec<Finding>,
}

/// Counts over all records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct AuditSummary {
    /// Records read.
    pub records: usize,
    /// Records without findings.
    pub clean: usize,
    /// Records with at least one finding.
    pub with_findings: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings per code; every code of [`CODES`] is listed, zero or not.
    pub by_code: BTreeMap<String, usize>,
}

impl AuditSummary {
    /// An empty summary listing every code with a zero count.
    pub fn new() -> Self {
        AuditSummary {
            by_code: CODES.iter().map(|(c, _, _)| (c.to_string(), 0)).collect(),
            ..AuditSummary::default()
        }
    }

    /// Counts one record.
    pub fn add(&mut self, r: &RecordReport) {
        self.records += 1;
        if r.findings.is_empty() {
            self.clean += 1;
        } else {
            self.with_findings += 1;
        }
        for f in &r.findings {
            match f.severity {
                FindingSeverity::Error => self.errors += 1,
                FindingSeverity::Warning => self.warnings += 1,
            }
            *self.by_code.entry(f.code.clone()).or_insert(0) += 1;
        }
    }
}

/// The decision an agency recorded, as read from `recorded`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Recorded {
    /// Outcome id (`penalize`, `not_punishable`, `time_barred`, `exempt`,
    /// `needs_collective_decision`).
    pub outcome: String,
    /// Fine imposed, yuan.
    pub fine: Option<Decimal>,
    /// Sanction kinds imposed besides the fine.
    pub sanctions: Vec<String>,
    /// Review kinds held (`legal_review`, `collective_discussion`, …).
    pub reviews_held: Vec<String>,
    /// Whether the party was told of the right to a hearing.
    pub hearing_notice_given: bool,
    /// Date of the decision.
    pub decision_date: Option<NaiveDate>,
    /// Last day to pay the fine.
    pub due_date: Option<NaiveDate>,
    /// Day the fine was paid.
    pub paid_on: Option<NaiveDate>,
    /// Overdue days under reconsideration or litigation, not counted (art. 73).
    pub excluded_days: i64,
    /// Late-payment surcharge charged, yuan.
    pub surcharge_charged: Option<Decimal>,
}

/// The shape of an audit record, for its JSON Schema only (records are read by hand, with
/// exact decimals and every problem reported by path).
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "mete audit record", deny_unknown_fields)]
pub struct AuditRecordShape {
    /// The case, exactly as `mete eval` reads it (see `mete schema case RULEBOOK`).
    pub case: BTreeMap<String, serde_json::Value>,
    /// The decision actually recorded.
    pub recorded: RecordedShape,
}

/// The shape of `recorded`, for its JSON Schema only.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RecordedShape {
    /// `penalize`, `not_punishable`, `time_barred`, `exempt` or `needs_collective_decision`.
    pub outcome: OutcomeShape,
    /// Fine imposed in yuan: a decimal string (`"45000"`, `"1234.5"`) or a JSON number read
    /// exactly. Absent when no fine was imposed.
    pub fine: Option<DecimalShape>,
    /// Sanction kinds imposed besides the fine (`confiscate_gains`, `order_correction`, …).
    #[serde(default)]
    pub sanctions: Vec<String>,
    /// Review kinds held (`legal_review`, `collective_discussion`, `criminal_transfer`, or a
    /// kind the rulebook declares). The hearing notice is `hearing_notice_given`.
    #[serde(default)]
    pub reviews_held: Vec<String>,
    /// Whether the party was told of the right to a hearing (default false).
    #[serde(default)]
    pub hearing_notice_given: bool,
    /// Date of the decision, `YYYY-MM-DD`; fills in the case's `decision_date` when absent.
    pub decision_date: Option<String>,
    /// Last day to pay, `YYYY-MM-DD`.
    pub due_date: Option<String>,
    /// Day paid, `YYYY-MM-DD`; each day after `due_date` is a day overdue.
    pub paid_on: Option<String>,
    /// Overdue days under reconsideration or litigation, which do not count (default 0).
    #[serde(default)]
    pub excluded_days: u32,
    /// Late-payment surcharge charged in yuan (absent: none charged).
    pub surcharge_charged: Option<DecimalShape>,
}

/// The outcome ids.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeShape {
    /// 处罚.
    Penalize,
    /// 不予处罚.
    NotPunishable,
    /// 超过时效.
    TimeBarred,
    /// 免予处罚.
    Exempt,
    /// 集体讨论决定.
    NeedsCollectiveDecision,
}

/// An amount in yuan.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum DecimalShape {
    /// A decimal string such as `"45000"`.
    Text(String),
    /// A JSON number, read exactly from its text.
    Number(serde_json::Number),
}

/// The JSON Schema of an audit record, pretty-printed with a trailing newline.
pub fn record_schema() -> String {
    let schema = schemars::schema_for!(AuditRecordShape);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

const OUTCOMES: [&str; 5] = [
    "penalize",
    "not_punishable",
    "time_barred",
    "exempt",
    "needs_collective_decision",
];

/// Audits one record (a JSON text); `line` is carried into the report. Never fails: a record
/// that cannot be read becomes a `bad_record` or `bad_case` finding.
pub fn audit_record(book: &Rulebook, line: usize, json: &[u8]) -> RecordReport {
    let mut report = RecordReport {
        line,
        violation: None,
        outcome: None,
        band: None,
        findings: Vec::new(),
    };
    let tree = match parse(json, &CaseOptions::default()) {
        Ok(t) => t,
        Err(e) => {
            report
                .findings
                .push(Finding::new(BAD_RECORD, &e.path, e.message, None));
            return report;
        }
    };
    let (case_tree, recorded) = split_record(&tree, &mut report.findings);
    let recorded = recorded.map(|r| read_recorded(r, &mut report.findings));
    let mut case = case_tree.and_then(|c| match book.case_from_json(c) {
        Ok(case) => Some(case),
        Err(e) => {
            for p in e.problems {
                let path = format!("$.case{}", p.path.strip_prefix('$').unwrap_or(&p.path));
                let message = format!("{} [{}]", p.message, p.code);
                report
                    .findings
                    .push(Finding::new(BAD_CASE, &path, message, None));
            }
            None
        }
    });
    let (Some(case), Some(recorded)) = (case.as_mut(), recorded) else {
        return report;
    };
    if !report.findings.is_empty() {
        return report;
    }
    match (case.decision_date, recorded.decision_date) {
        (None, Some(d)) => case.decision_date = Some(d),
        (Some(a), Some(b)) if a != b => {
            report.findings.push(Finding::new(
                BAD_RECORD,
                "$.recorded.decision_date",
                format!("the recorded decision date `{b}` differs from the case's `{a}`"),
                None,
            ));
            return report;
        }
        _ => {}
    }
    let decision = match book.evaluate(case, &EvalOptions { trace: false }) {
        Ok(d) => d.to_dto(),
        Err(e) => {
            report.findings.push(Finding::new(
                BAD_CASE,
                "$.case",
                format!("the case cannot be decided: {} [{}]", e.message, e.code),
                None,
            ));
            return report;
        }
    };
    report.violation = Some(decision.violation.id.clone());
    report.outcome = Some(decision.outcome.clone());
    report.band = decision
        .fine
        .as_ref()
        .map(|b| format!("{}–{}", b.min, b.max));
    check(&decision, &recorded, &mut report.findings);
    report
}

/// Finds the `case` and `recorded` members, reporting a malformed record.
fn split_record<'t>(
    tree: &'t Json,
    findings: &mut Vec<Finding>,
) -> (Option<&'t Json>, Option<&'t Json>) {
    let JsonKind::Object(members) = &tree.kind else {
        findings.push(Finding::new(
            BAD_RECORD,
            "$",
            format!("a record is a JSON object, found {}", tree.kind.describe()),
            None,
        ));
        return (None, None);
    };
    let (mut case, mut recorded) = (None, None);
    for m in members {
        match m.key.as_str() {
            _ if m.duplicate => findings.push(Finding::new(
                BAD_RECORD,
                &format!("$.{}", m.key),
                format!("duplicate key `{}`", m.key),
                None,
            )),
            "case" => case = Some(&m.value),
            "recorded" => recorded = Some(&m.value),
            other => findings.push(Finding::new(
                BAD_RECORD,
                &format!("$.{other}"),
                format!("unknown key `{other}`: a record has `case` and `recorded`"),
                None,
            )),
        }
    }
    for (got, key) in [(case.is_some(), "case"), (recorded.is_some(), "recorded")] {
        if !got {
            findings.push(Finding::new(
                BAD_RECORD,
                "$",
                format!("the record has no `{key}`"),
                None,
            ));
        }
    }
    (case, recorded)
}

/// Reads `recorded`; problems become `bad_record` findings and the result is then unusable
/// (callers stop when findings are present).
fn read_recorded(tree: &Json, findings: &mut Vec<Finding>) -> Recorded {
    let mut r = Recorded::default();
    let JsonKind::Object(members) = &tree.kind else {
        findings.push(bad(
            "$.recorded",
            format!("expected an object, found {}", tree.kind.describe()),
        ));
        return r;
    };
    let mut outcome_seen = false;
    for m in members {
        let path = format!("$.recorded.{}", m.key);
        if m.duplicate {
            findings.push(bad(&path, format!("duplicate key `{}`", m.key)));
            continue;
        }
        let v = &m.value;
        match m.key.as_str() {
            "outcome" => {
                outcome_seen = true;
                match string(v, &path, findings) {
                    Some(s) if OUTCOMES.contains(&s) => r.outcome = s.to_string(),
                    Some(s) => findings.push(bad(
                        &path,
                        format!(
                            "unknown outcome `{s}`; expected one of {}",
                            OUTCOMES.join(", ")
                        ),
                    )),
                    None => {}
                }
            }
            "fine" => r.fine = money(v, &path, findings),
            "surcharge_charged" => r.surcharge_charged = money(v, &path, findings),
            "sanctions" => r.sanctions = strings(v, &path, findings),
            "reviews_held" => r.reviews_held = strings(v, &path, findings),
            "hearing_notice_given" => match v.kind {
                JsonKind::Bool(b) => r.hearing_notice_given = b,
                JsonKind::Null => {}
                _ => findings.push(bad(
                    &path,
                    format!("expected true or false, found {}", v.kind.describe()),
                )),
            },
            "decision_date" => r.decision_date = date(v, &path, findings),
            "due_date" => r.due_date = date(v, &path, findings),
            "paid_on" => r.paid_on = date(v, &path, findings),
            "excluded_days" => match &v.kind {
                JsonKind::Number(n) => match n.parse::<u32>() {
                    Ok(d) => r.excluded_days = i64::from(d),
                    Err(_) => findings.push(bad(
                        &path,
                        format!("expected a whole number of days, found `{n}`"),
                    )),
                },
                JsonKind::Null => {}
                _ => findings.push(bad(
                    &path,
                    format!(
                        "expected a whole number of days, found {}",
                        v.kind.describe()
                    ),
                )),
            },
            other => findings.push(bad(&path, format!("unknown key `{other}` in `recorded`"))),
        }
    }
    if !outcome_seen {
        findings.push(bad("$.recorded", "`recorded` has no `outcome`".to_string()));
    }
    r
}

fn bad(path: &str, message: String) -> Finding {
    Finding::new(BAD_RECORD, path, message, None)
}

fn string<'j>(v: &'j Json, path: &str, findings: &mut Vec<Finding>) -> Option<&'j str> {
    match &v.kind {
        JsonKind::String(s) => Some(s.as_str()),
        _ => {
            findings.push(bad(
                path,
                format!("expected a string, found {}", v.kind.describe()),
            ));
            None
        }
    }
}

fn strings(v: &Json, path: &str, findings: &mut Vec<Finding>) -> Vec<String> {
    match &v.kind {
        JsonKind::Array(xs) => xs
            .iter()
            .enumerate()
            .filter_map(|(i, x)| string(x, &format!("{path}[{i}]"), findings).map(str::to_string))
            .collect(),
        JsonKind::Null => Vec::new(),
        _ => {
            findings.push(bad(
                path,
                format!("expected an array of strings, found {}", v.kind.describe()),
            ));
            Vec::new()
        }
    }
}

fn money(v: &Json, path: &str, findings: &mut Vec<Finding>) -> Option<Decimal> {
    let text = match &v.kind {
        JsonKind::String(s) | JsonKind::Number(s) => s.as_str(),
        JsonKind::Null => return None,
        _ => {
            findings.push(bad(
                path,
                format!("expected an amount, found {}", v.kind.describe()),
            ));
            return None;
        }
    };
    match Decimal::from_str(text) {
        Ok(d) if !d.is_sign_negative() || d.is_zero() => Some(d),
        _ => {
            findings.push(bad(
                path,
                format!("expected a non-negative amount such as \"45000\", found `{text}`"),
            ));
            None
        }
    }
}

fn date(v: &Json, path: &str, findings: &mut Vec<Finding>) -> Option<NaiveDate> {
    match &v.kind {
        JsonKind::Null => None,
        JsonKind::String(s) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) if s.len() == 10 => Some(d),
            _ => {
                findings.push(bad(
                    path,
                    format!("expected a date `YYYY-MM-DD`, found `{s}`"),
                ));
                None
            }
        },
        _ => {
            findings.push(bad(
                path,
                format!("expected a date string, found {}", v.kind.describe()),
            ));
            None
        }
    }
}

fn dec(s: &str) -> Option<Decimal> {
    Decimal::from_str(s).ok()
}

fn money_text(x: Decimal) -> String {
    amount_text(x)
}

/// The findings for a decided case and its recorded decision.
fn check(d: &DecisionDto, r: &Recorded, out: &mut Vec<Finding>) {
    let item_cite = (!d.violation.cite.is_empty()).then(|| d.violation.cite.join("；"));
    let penalty_given = r.outcome == "penalize" || r.fine.is_some_and(|f| f > Decimal::ZERO);
    // Where the law forbids a penalty, that is the finding; the rest of the decision is moot.
    let forbidden = match d.outcome.as_str() {
        "time_barred" => Some((PENALTY_TIME_BARRED, "the limitation period has run")),
        "not_punishable" => Some((PENALTY_NOT_PUNISHABLE, "the law says not to punish")),
        "exempt" => Some((PENALTY_EXEMPT, "the law requires exemption from penalty")),
        _ => None,
    };
    if let Some((code, why)) = forbidden {
        if penalty_given {
            let cite = d
                .circumstances
                .iter()
                .find(|c| c.applied && c.effect == d.outcome)
                .map(|c| c.cite.join("；"));
            let path = if r.outcome == "penalize" {
                "$.recorded.outcome"
            } else {
                "$.recorded.fine"
            };
            out.push(Finding::new(
                code,
                path,
                format!("a penalty was recorded but {why} (outcome `{}`)", d.outcome),
                cite,
            ));
        }
        return;
    }
    // The officer took an outcome the law leaves open (a `may` exemption, say).
    let offered_outcome = d
        .options
        .iter()
        .any(|o| o.source == "circumstance" && o.consequence.outcome == r.outcome);
    if d.outcome == "penalize" && !penalty_given && offered_outcome {
        return;
    }
    if d.outcome == "penalize" && !penalty_given {
        out.push(Finding::new(
            OUTCOME_DIFFERS,
            "$.recorded.outcome",
            format!(
                "the recorded outcome is `{}` but the rulebook gives `penalize`",
                r.outcome
            ),
            item_cite.clone(),
        ));
        return;
    }
    if d.outcome == "penalize" {
        check_fine(d, r, item_cite.as_deref(), out);
        check_sanctions(d, r, item_cite.as_deref(), out);
    }
    check_reviews(d, r, out);
    check_surcharge(r, out);
}

fn check_fine(d: &DecisionDto, r: &Recorded, cite: Option<&str>, out: &mut Vec<Finding>) {
    let cite = cite.map(str::to_string);
    let path = "$.recorded.fine";
    let band = d
        .fine
        .as_ref()
        .and_then(|b| Some((dec(&b.min)?, dec(&b.max)?)));
    let Some((min, max)) = band else {
        // No fine is imposed; a `may` fine is still a permitted choice.
        let may_fine = d.options.iter().any(|o| o.source == "fine");
        if let (Some(f), false) = (r.fine, may_fine) {
            if f > Decimal::ZERO {
                out.push(Finding::new(
                    FINE_NOT_PROVIDED,
                    path,
                    format!(
                        "a fine of `{}` was recorded but the provision imposes none",
                        money_text(f)
                    ),
                    cite,
                ));
            }
        }
        return;
    };
    let band_text = format!("{}–{}", money_text(min), money_text(max));
    let Some(fine) = r.fine else {
        if min > Decimal::ZERO {
            out.push(Finding::new(
                FINE_MISSING,
                path,
                format!("no fine was recorded but the band is `{band_text}`"),
                cite,
            ));
        }
        return;
    };
    let f = money_text(fine);
    // A mandatory mitigation caps the fine at the mitigated band, or at the point it moves the
    // fine to (`mitigate to minimum`): the point is then a requirement, not a recommendation.
    let mitigation = d.circumstances.iter().find(|c| {
        c.applied
            && c.modality == "shall"
            && (c.effect == "mitigate" || c.effect == "mitigate_or_reduce")
    });
    if let Some(c) = mitigation {
        let point = d
            .fine
            .as_ref()
            .and_then(|b| b.point.as_deref())
            .and_then(dec);
        let ceiling = point.unwrap_or(max).min(max);
        if fine > ceiling {
            let what = match point {
                Some(p) => format!("the amount `{}`", money_text(p)),
                None => format!("the band `{band_text}`"),
            };
            out.push(Finding::new(
                MITIGATION_IGNORED,
                path,
                format!("the fine `{f}` is above {what} that `{}` requires", c.id),
                Some(c.cite.join("；")).filter(|s| !s.is_empty()).or(cite),
            ));
            return;
        }
    } else if fine > max && !in_offered_band(d, fine) {
        out.push(Finding::new(
            FINE_ABOVE_BAND,
            path,
            format!("the fine `{f}` is above the band `{band_text}`"),
            cite,
        ));
        return;
    }
    if fine >= min || fine > max {
        return;
    }
    // Below the band: allowed where a reduction applies, or is offered and the fine is in its band.
    let reduced = d
        .circumstances
        .iter()
        .any(|c| c.applied && c.effect == "reduce");
    if reduced || in_offered_band(d, fine) {
        return;
    }
    let statutory_min = d.statutory.as_ref().and_then(|s| dec(&s.min));
    match statutory_min {
        Some(smin) if fine < smin => out.push(Finding::new(
            FINE_BELOW_STATUTORY,
            path,
            format!(
                "the fine `{f}` is below the statutory minimum `{}` and no reduction circumstance applies",
                money_text(smin)
            ),
            cite,
        )),
        _ => out.push(Finding::new(
            FINE_BELOW_BAND,
            path,
            format!("the fine `{f}` is below the band `{band_text}` and no reduction circumstance applies"),
            cite,
        )),
    }
}

/// Whether `fine` lies in the band of an option the law leaves open (a `may` mitigation or
/// reduction, say): taking it is the officer's lawful choice.
fn in_offered_band(d: &DecisionDto, fine: Decimal) -> bool {
    d.options.iter().any(|o| {
        o.source == "circumstance"
            && o.consequence.fine.as_ref().is_some_and(|b| {
                dec(&b.min).is_some_and(|lo| lo <= fine) && dec(&b.max).is_some_and(|hi| fine <= hi)
            })
    })
}

fn check_sanctions(d: &DecisionDto, r: &Recorded, cite: Option<&str>, out: &mut Vec<Finding>) {
    let cite = cite.map(str::to_string);
    for s in &d.sanctions {
        if !r.sanctions.contains(&s.kind) {
            out.push(Finding::new(
                SANCTION_MISSING,
                "$.recorded.sanctions",
                format!("the decision must include `{}` ({})", s.kind, s.label),
                cite.clone(),
            ));
        }
    }
    for (i, kind) in r.sanctions.iter().enumerate() {
        let required = d.sanctions.iter().any(|s| &s.kind == kind);
        let permitted = d
            .options
            .iter()
            .any(|o| o.source == "sanction" && &o.id == kind);
        // The fine has its own field; listing it again is harmless when a fine is due.
        let fine_listed = kind == "fine" && d.fine.is_some();
        if !required && !permitted && !fine_listed {
            out.push(Finding::new(
                SANCTION_NOT_ALLOWED,
                &format!("$.recorded.sanctions[{i}]"),
                format!("`{kind}` is neither required nor permitted for this case"),
                cite.clone(),
            ));
        }
    }
}

fn check_reviews(d: &DecisionDto, r: &Recorded, out: &mut Vec<Finding>) {
    for rv in &d.reviews {
        if rv.kind == "hearing_notice" {
            if !r.hearing_notice_given {
                out.push(Finding::new(
                    HEARING_NOTICE_MISSING,
                    "$.recorded.hearing_notice_given",
                    format!("`{}` requires notice of the right to a hearing", rv.id),
                    rv.cite.clone(),
                ));
            }
        } else if !r.reviews_held.contains(&rv.kind) {
            out.push(Finding::new(
                REVIEW_MISSING,
                "$.recorded.reviews_held",
                format!(
                    "`{}` requires a review of kind `{}`, which was not held",
                    rv.id, rv.kind
                ),
                rv.cite.clone(),
            ));
        }
    }
}

/// The surcharge art. 72 gives for a fine paid on `paid_on` with `due` the last day to pay:
/// 3% of the fine per day overdue (each day after `due`), never more than the fine, with
/// `excluded_days` not counted (art. 73). `None` on overflow or a negative fine.
pub fn expected_surcharge(
    fine: Decimal,
    due: NaiveDate,
    paid_on: NaiveDate,
    excluded_days: i64,
) -> Option<Decimal> {
    let days = paid_on.signed_duration_since(due).num_days();
    late_payment_surcharge(fine, days, excluded_days)
}

fn check_surcharge(r: &Recorded, out: &mut Vec<Finding>) {
    let charged = r.surcharge_charged.unwrap_or(Decimal::ZERO);
    let (Some(fine), Some(due), Some(paid)) = (r.fine, r.due_date, r.paid_on) else {
        if charged > Decimal::ZERO {
            out.push(Finding::new(
                WRONG_SURCHARGE,
                "$.recorded.surcharge_charged",
                format!(
                    "a surcharge of `{}` was charged but the record lacks the fine, `due_date` or `paid_on` it depends on",
                    money_text(charged)
                ),
                Some(SURCHARGE_CITE.to_string()),
            ));
        }
        return;
    };
    let Some(expected) = expected_surcharge(fine, due, paid, r.excluded_days) else {
        return;
    };
    // Amounts are compared to the fen: a surcharge is paid in yuan and fen.
    let cents = |x: Decimal| {
        x.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    };
    if cents(expected) != cents(charged) {
        let days = paid.signed_duration_since(due).num_days().max(0);
        out.push(Finding::new(
            WRONG_SURCHARGE,
            "$.recorded.surcharge_charged",
            format!(
                "the surcharge charged is `{}` but 3% of `{}` a day for {} counted day(s) ({} overdue, {} excluded), capped at the fine, is `{}`",
                money_text(charged),
                money_text(fine),
                (days - r.excluded_days.max(0)).max(0),
                days,
                r.excluded_days,
                money_text(expected)
            ),
            Some(SURCHARGE_CITE.to_string()),
        ));
    }
}

#[cfg(test)]
mod tests;
