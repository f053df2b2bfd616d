//! Expected against actual, one row per key a `test` block's `expect { … }` names.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::compile::Rulebook;
use crate::decision::DecisionDto;
use crate::eval::EvalError;
use crate::ir::Expectations;
use crate::vocab::SanctionKind;

/// One expected key compared with the decision.
///
/// Values are shown as a drafter writes them: bands as `a to b`, amounts without trailing zeros,
/// lists as `[a, b]`, `none` for something the decision lacks. For lists, `missing` holds the
/// expected items the decision lacks and `extra` the items it has that were not expected (order
/// does not matter); both are empty for other keys. `options` names the circumstances and the
/// sanction kinds (the fine included) offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldDiff {
    /// The key: `outcome`, `tier`, `fine`, `point`, `sanctions`, `options`, `circumstances`,
    /// `reviews`, `governing`, `version` or `error`.
    pub field: String,
    /// What the test expects.
    pub expected: String,
    /// What the decision has.
    pub actual: String,
    /// Whether they agree.
    pub equal: bool,
    /// List items expected but absent.
    pub missing: Vec<String>,
    /// List items present but not expected.
    pub extra: Vec<String>,
}

impl FieldDiff {
    fn scalar(field: &str, expected: String, actual: String) -> Self {
        FieldDiff {
            field: field.to_string(),
            equal: expected == actual,
            expected,
            actual,
            missing: Vec::new(),
            extra: Vec::new(),
        }
    }

    /// Compares as multisets; `set` first removes repeats on both sides.
    fn list(field: &str, expected: Vec<String>, actual: Vec<String>, set: bool) -> Self {
        let (expected, actual) = if set {
            (unique(expected), unique(actual))
        } else {
            (expected, actual)
        };
        let missing = minus(&expected, &actual);
        let extra = minus(&actual, &expected);
        FieldDiff {
            field: field.to_string(),
            expected: bracketed(&expected),
            actual: bracketed(&actual),
            equal: missing.is_empty() && extra.is_empty(),
            missing,
            extra,
        }
    }

    /// The one-line form: `fine: expected 0 to 400, got 0 to 500`, with missing and extra list
    /// items named.
    pub fn line(&self) -> String {
        let mut s = format!(
            "{}: expected {}, got {}",
            self.field, self.expected, self.actual
        );
        let mut parts = Vec::new();
        if !self.missing.is_empty() {
            parts.push(format!("missing {}", self.missing.join(", ")));
        }
        if !self.extra.is_empty() {
            parts.push(format!("extra {}", self.extra.join(", ")));
        }
        if !parts.is_empty() {
            s.push_str(&format!(" ({})", parts.join("; ")));
        }
        s
    }
}

fn unique(v: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(v.len());
    for x in v {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

/// `a` without one occurrence of each element of `b`, in `a`'s order.
fn minus(a: &[String], b: &[String]) -> Vec<String> {
    let mut rest: Vec<&String> = b.iter().collect();
    let mut out = Vec::new();
    for x in a {
        match rest.iter().position(|y| *y == x) {
            Some(i) => {
                rest.remove(i);
            }
            None => out.push(x.clone()),
        }
    }
    out
}

fn bracketed(v: &[String]) -> String {
    format!("[{}]", v.join(", "))
}

fn amount(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A contract amount (`"85000"`) in the same canonical form as an expected one.
fn contract_amount(s: &str) -> String {
    s.parse::<Decimal>()
        .map_or_else(|_| s.to_string(), |d| d.normalize().to_string())
}

/// Every expected key against the decision, in a fixed order.
pub(super) fn compare(book: &Rulebook, d: &DecisionDto, e: &Expectations) -> Vec<FieldDiff> {
    let mut out = Vec::new();
    let none = || "none".to_string();
    if let Some(o) = e.outcome {
        out.push(FieldDiff::scalar(
            "outcome",
            o.en().to_string(),
            d.outcome.clone(),
        ));
    }
    if let Some(t) = &e.tier {
        let got = d.tier.as_ref().map_or_else(none, |t| t.id.clone());
        out.push(FieldDiff::scalar("tier", t.clone(), got));
    }
    if let Some((lo, hi)) = e.fine {
        let got = d.fine.as_ref().map_or_else(none, |f| {
            format!("{} to {}", contract_amount(&f.min), contract_amount(&f.max))
        });
        out.push(FieldDiff::scalar(
            "fine",
            format!("{} to {}", amount(lo), amount(hi)),
            got,
        ));
    }
    if let Some(p) = e.point {
        let got = d
            .fine
            .as_ref()
            .and_then(|f| f.point.as_deref())
            .map_or_else(none, contract_amount);
        out.push(FieldDiff::scalar("point", amount(p), got));
    }
    if let Some(r) = &e.sanctions {
        let want = r.iter().map(|k| k.en().to_string()).collect();
        out.push(FieldDiff::list("sanctions", want, imposed_kinds(d), false));
    }
    if let Some(r) = &e.options {
        // `options:` names `may` circumstances by id and `may` sanctions (the fine included) by
        // kind, as the decision's options do. A `may` mitigate-or-reduce offers two options
        // under one id: one option to a drafter.
        let got = d.options.iter().map(|x| x.id.clone()).collect();
        out.push(FieldDiff::list("options", r.clone(), got, true));
    }
    if let Some(r) = &e.circumstances {
        let got = d
            .circumstances
            .iter()
            .filter(|c| c.applied)
            .map(|x| x.id.clone())
            .collect();
        out.push(FieldDiff::list("circumstances", r.clone(), got, false));
    }
    if let Some(r) = &e.reviews {
        let got = d.reviews.iter().map(|x| x.id.clone()).collect();
        out.push(FieldDiff::list("reviews", r.clone(), got, false));
    }
    if let Some(g) = e.governing {
        let want = book
            .checked()
            .item(g)
            .map(|i| i.id.clone())
            .unwrap_or_default();
        out.push(FieldDiff::scalar("governing", want, d.violation.id.clone()));
    }
    if let Some(v) = &e.version {
        out.push(FieldDiff::scalar(
            "version",
            v.clone(),
            d.rulebook.version.clone(),
        ));
    }
    if let Some(err) = &e.error {
        out.push(FieldDiff::scalar(
            "error",
            err.clone(),
            "a decision".to_string(),
        ));
    }
    out
}

/// The row for a case the evaluator refused: equal when the test expects an error whose text
/// or code contains the expected words.
pub(super) fn refused(e: &Expectations, err: &EvalError) -> FieldDiff {
    let actual = format!("{} ({})", err.message, err.code);
    match &e.error {
        Some(want) => FieldDiff {
            field: "error".to_string(),
            expected: want.clone(),
            equal: err.message.contains(want.as_str()) || err.code.contains(want.as_str()),
            actual,
            missing: Vec::new(),
            extra: Vec::new(),
        },
        None => FieldDiff {
            field: "error".to_string(),
            expected: "a decision".to_string(),
            actual,
            equal: false,
            missing: Vec::new(),
            extra: Vec::new(),
        },
    }
}

/// Kinds of penalty the decision imposes, the fine included: a drafter's `sanctions: [fine, …]`
/// names every penalty of the decision, while the contract lists the fine separately.
fn imposed_kinds(dto: &DecisionDto) -> Vec<String> {
    let fine = dto
        .fine
        .as_ref()
        .map(|_| SanctionKind::Fine.en().to_string());
    fine.into_iter()
        .chain(dto.sanctions.iter().map(|x| x.kind.clone()))
        .collect()
}
