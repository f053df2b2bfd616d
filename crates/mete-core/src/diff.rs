//! Comparing two rulebooks on the same cases: which decisions change, and how.
//!
//! Each case (a JSON text) is read and decided by the old and by the new rulebook separately (the
//! two may declare different facts). A [`CaseDiff`] lists the changes in a fixed order of kinds
//! ([`ChangeKind`]); a [`DiffSummary`] counts them. Everything serialises with a stable field
//! order, so the same inputs give the same bytes.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::case::CaseOptions;
use crate::compile::Rulebook;
use crate::decision::{BandDto, DecisionDto, RangeDto};
use crate::eval::{EvalOptions, EvaluateError};

/// What changed between the two decisions, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The outcome (`penalize`, `exempt`, …).
    Outcome,
    /// The applied tier.
    Tier,
    /// The statutory range of the case.
    Statutory,
    /// The decided fine band (min, max or recommended point).
    Band,
    /// Sanctions imposed besides the fine.
    Sanctions,
    /// Options the law leaves open.
    Options,
    /// Procedural triggers (reviews) that fired.
    Reviews,
}

impl ChangeKind {
    /// Every kind, in report order.
    pub const ALL: [ChangeKind; 7] = [
        ChangeKind::Outcome,
        ChangeKind::Tier,
        ChangeKind::Statutory,
        ChangeKind::Band,
        ChangeKind::Sanctions,
        ChangeKind::Options,
        ChangeKind::Reviews,
    ];

    /// The id used in reports (`outcome`, `tier`, …).
    pub fn id(self) -> &'static str {
        match self {
            ChangeKind::Outcome => "outcome",
            ChangeKind::Tier => "tier",
            ChangeKind::Statutory => "statutory",
            ChangeKind::Band => "band",
            ChangeKind::Sanctions => "sanctions",
            ChangeKind::Options => "options",
            ChangeKind::Reviews => "reviews",
        }
    }
}

/// One change of one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// The old value as text (`none` when absent), e.g. `30000–50000`.
    pub old: String,
    /// The new value as text.
    pub new: String,
    /// For lists (sanctions, options, reviews): entries only the new decision has.
    pub added: Vec<String>,
    /// For lists: entries only the old decision has.
    pub removed: Vec<String>,
}

/// How a case fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DiffStatus {
    /// Both rulebooks decided it the same way.
    Unchanged,
    /// Both decided it, differently.
    Changed,
    /// At least one rulebook could not read or decide it.
    Error,
}

/// The comparison for one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CaseDiff {
    /// Line of the case in its file (1-based), or its position in the input.
    pub line: usize,
    /// Violation item decided under the new rulebook (else the old), when decided.
    pub violation: Option<String>,
    /// Unchanged, changed or error.
    pub status: DiffStatus,
    /// The changes, in [`ChangeKind`] order; empty unless `changed`.
    pub changes: Vec<Change>,
    /// Why the old rulebook could not decide the case.
    pub old_error: Option<String>,
    /// Why the new rulebook could not decide the case.
    pub new_error: Option<String>,
}

/// Counts over all cases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct DiffSummary {
    /// Cases read.
    pub cases: usize,
    /// Cases whose decision changed in any way.
    pub changed: usize,
    /// Cases decided the same way.
    pub unchanged: usize,
    /// Cases at least one rulebook could not decide.
    pub errors: usize,
    /// For each kind of change (every kind listed, in report order), how many cases show it.
    pub by_kind: BTreeMap<ChangeKind, usize>,
}

impl DiffSummary {
    /// An empty summary that lists every kind with a zero count.
    pub fn new() -> Self {
        DiffSummary {
            by_kind: ChangeKind::ALL.iter().map(|k| (*k, 0)).collect(),
            ..DiffSummary::default()
        }
    }

    /// Counts one case.
    pub fn add(&mut self, d: &CaseDiff) {
        self.cases += 1;
        match d.status {
            DiffStatus::Unchanged => self.unchanged += 1,
            DiffStatus::Changed => self.changed += 1,
            DiffStatus::Error => self.errors += 1,
        }
        for c in &d.changes {
            *self.by_kind.entry(c.kind).or_insert(0) += 1;
        }
    }
}

/// The whole report: every case, then the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct DiffReport {
    /// Id and version of the old rulebook.
    pub old: String,
    /// Id and version of the new rulebook.
    pub new: String,
    /// One entry per case, in input order.
    pub cases: Vec<CaseDiff>,
    /// Counts.
    pub summary: DiffSummary,
}

/// Decides `case_json` under both rulebooks and lists what changed. `line` is carried into the
/// result unchanged. The trace is not computed (it is not compared).
pub fn diff_case(old: &Rulebook, new: &Rulebook, line: usize, case_json: &[u8]) -> CaseDiff {
    let options = EvalOptions { trace: false };
    let case_options = CaseOptions::default();
    let a = old.evaluate_json(case_json, &options, &case_options);
    let b = new.evaluate_json(case_json, &options, &case_options);
    match (a, b) {
        (Ok(a), Ok(b)) => {
            let changes = changes(&a, &b);
            CaseDiff {
                line,
                violation: Some(b.violation.id.clone()),
                status: if changes.is_empty() {
                    DiffStatus::Unchanged
                } else {
                    DiffStatus::Changed
                },
                changes,
                old_error: None,
                new_error: None,
            }
        }
        (a, b) => {
            let violation = match (&a, &b) {
                (_, Ok(d)) | (Ok(d), _) => Some(d.violation.id.clone()),
                _ => None,
            };
            CaseDiff {
                line,
                violation,
                status: DiffStatus::Error,
                changes: Vec::new(),
                old_error: a.err().map(|e| error_text(&e)),
                new_error: b.err().map(|e| error_text(&e)),
            }
        }
    }
}

/// One line naming an evaluation error: the first problem and how many more there are.
pub fn error_text(e: &EvaluateError) -> String {
    match e {
        EvaluateError::Case(c) => {
            let mut text = c
                .problems
                .first()
                .map(|p| format!("{}: {} [{}]", p.path, p.message, p.code))
                .unwrap_or_default();
            if c.problems.len() > 1 {
                text.push_str(&format!(" (and {} more)", c.problems.len() - 1));
            }
            text
        }
        EvaluateError::Eval(e) => format!("{} [{}]", e.message, e.code),
    }
}

/// The changes between two decisions of one case, in [`ChangeKind`] order.
pub fn changes(a: &DecisionDto, b: &DecisionDto) -> Vec<Change> {
    let mut out = Vec::new();
    let mut scalar = |kind, old: String, new: String| {
        if old != new {
            out.push(Change {
                kind,
                old,
                new,
                added: Vec::new(),
                removed: Vec::new(),
            });
        }
    };
    scalar(ChangeKind::Outcome, a.outcome.clone(), b.outcome.clone());
    let tier = |d: &DecisionDto| {
        d.tier
            .as_ref()
            .map_or_else(|| "none".to_string(), |t| t.label.clone())
    };
    // Tiers are compared by id; a relabelled tier with the same id is no change.
    let tier_id = |d: &DecisionDto| d.tier.as_ref().map(|t| t.id.clone());
    if tier_id(a) != tier_id(b) {
        scalar(ChangeKind::Tier, tier(a), tier(b));
    }
    scalar(
        ChangeKind::Statutory,
        range_text(a.statutory.as_ref()),
        range_text(b.statutory.as_ref()),
    );
    scalar(
        ChangeKind::Band,
        band_text(a.fine.as_ref()),
        band_text(b.fine.as_ref()),
    );
    let lists: [(ChangeKind, ListOf); 3] = [
        (ChangeKind::Sanctions, |d| {
            d.sanctions.iter().map(|s| s.kind.clone()).collect()
        }),
        (ChangeKind::Options, |d| {
            d.options
                .iter()
                .map(|o| format!("{}:{}", o.source, o.id))
                .collect()
        }),
        (ChangeKind::Reviews, |d| {
            d.reviews.iter().map(|r| r.id.clone()).collect()
        }),
    ];
    for (kind, get) in lists {
        let (old, new) = (get(a), get(b));
        if old != new {
            let added = new.iter().filter(|x| !old.contains(x)).cloned().collect();
            let removed = old.iter().filter(|x| !new.contains(x)).cloned().collect();
            out.push(Change {
                kind,
                old: list_text(&old),
                new: list_text(&new),
                added,
                removed,
            });
        }
    }
    out
}

/// Reads one list of a decision as ids.
type ListOf = fn(&DecisionDto) -> Vec<String>;

fn list_text(xs: &[String]) -> String {
    if xs.is_empty() {
        "none".to_string()
    } else {
        xs.join(", ")
    }
}

/// `min–max`, or `min–` for an "at least" range, or `none`.
pub fn range_text(r: Option<&RangeDto>) -> String {
    match r {
        None => "none".to_string(),
        Some(r) => format!("{}–{}", r.min, r.max.as_deref().unwrap_or("")),
    }
}

/// `min–max`, with ` point p` and ` reduced` when they apply, or `none`.
pub fn band_text(b: Option<&BandDto>) -> String {
    match b {
        None => "none".to_string(),
        Some(b) => {
            let mut s = format!("{}–{}", b.min, b.max);
            if let Some(p) = &b.point {
                s.push_str(&format!(" point {p}"));
            }
            if b.reduced {
                s.push_str(" reduced");
            }
            s
        }
    }
}

/// The readable form of one changed or failed case, on one line:
/// `line 12: tier 一般 → 从重; band 30000–50000 → 40000–50000`. Unchanged cases give `None`.
pub fn human_line(d: &CaseDiff) -> Option<String> {
    match d.status {
        DiffStatus::Unchanged => None,
        DiffStatus::Error => {
            if let (Some(a), Some(b)) = (&d.old_error, &d.new_error) {
                if a == b {
                    return Some(format!("line {}: error (both): {a}", d.line));
                }
            }
            let mut parts = Vec::new();
            if let Some(e) = &d.old_error {
                parts.push(format!("old: {e}"));
            }
            if let Some(e) = &d.new_error {
                parts.push(format!("new: {e}"));
            }
            Some(format!("line {}: error: {}", d.line, parts.join("; ")))
        }
        DiffStatus::Changed => {
            let parts: Vec<String> = d
                .changes
                .iter()
                .map(|c| {
                    // Lists read better as what came and went; a pure reordering shows both.
                    let mut delta: Vec<String> = c.added.iter().map(|x| format!("+{x}")).collect();
                    delta.extend(c.removed.iter().map(|x| format!("-{x}")));
                    if delta.is_empty() {
                        format!("{} {} → {}", c.kind.id(), c.old, c.new)
                    } else {
                        format!("{} {}", c.kind.id(), delta.join(" "))
                    }
                })
                .collect();
            Some(format!("line {}: {}", d.line, parts.join("; ")))
        }
    }
}

#[cfg(test)]
mod tests;
