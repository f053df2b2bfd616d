//! Runs a rulebook's own `test` blocks against the evaluator.

use rust_decimal::Decimal;

use super::{Decision, EvalOptions};
use crate::case::Case;
use crate::compile::Rulebook;
use crate::ir::{Expectations, TestDef};

/// The result of one `test` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestReport {
    /// The test's name.
    pub name: String,
    /// What differed from the expectation; empty when it passed.
    pub failures: Vec<String>,
}

impl TestReport {
    /// Whether the test passed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

impl Rulebook {
    /// Runs every `test` block of the rulebook, in order.
    pub fn run_tests(&self, options: &EvalOptions) -> Vec<TestReport> {
        self.checked()
            .tests
            .iter()
            .map(|t| run_one(self, t, options))
            .collect()
    }
}

fn case_of(book: &Rulebook, t: &TestDef) -> Case {
    let c = book.checked();
    let mut items = t.violations.clone();
    if let Some(v) = t.violation {
        items.insert(0, v);
    }
    let mut facts: Vec<_> = c.facts.iter().map(|f| f.default.clone()).collect();
    for (f, v) in &t.facts {
        if let Some(slot) = facts.get_mut(f.index()) {
            *slot = Some(v.clone());
        }
    }
    Case {
        items,
        act_date: t.act_date,
        decision_date: t.decision_date,
        facts,
    }
}

fn run_one(book: &Rulebook, t: &TestDef, options: &EvalOptions) -> TestReport {
    let case = case_of(book, t);
    let failures = match book.evaluate(&case, options) {
        Ok(d) => compare(book, &d, &t.expect),
        Err(e) => match &t.expect.error {
            Some(want) if e.message.contains(want.as_str()) || e.code.contains(want.as_str()) => {
                Vec::new()
            }
            _ => vec![format!("evaluation failed: {} ({})", e.message, e.code)],
        },
    };
    TestReport {
        name: t.name.clone(),
        failures,
    }
}

fn list<T: std::fmt::Debug + Ord + Clone>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

fn compare(book: &Rulebook, d: &Decision<'_>, e: &Expectations) -> Vec<String> {
    let mut out = Vec::new();
    let dto = d.to_dto();
    let mut check = |what: &str, want: String, got: String| {
        if want != got {
            out.push(format!("{what}: expected {want}, got {got}"));
        }
    };
    if let Some(o) = e.outcome {
        check("outcome", o.en().to_string(), dto.outcome.clone());
    }
    if let Some(t) = &e.tier {
        check(
            "tier",
            t.clone(),
            dto.tier
                .as_ref()
                .map_or("none".to_string(), |t| t.id.clone()),
        );
    }
    let num = |s: &str| {
        s.parse::<Decimal>()
            .unwrap_or_default()
            .normalize()
            .to_string()
    };
    if let Some((lo, hi)) = e.fine {
        check(
            "fine",
            format!("{} to {}", lo.normalize(), hi.normalize()),
            dto.fine.as_ref().map_or("none".to_string(), |f| {
                format!("{} to {}", num(&f.min), num(&f.max))
            }),
        );
    }
    if let Some(p) = e.point {
        check(
            "point",
            p.normalize().to_string(),
            dto.fine
                .as_ref()
                .and_then(|f| f.point.as_deref())
                .map_or("none".to_string(), num),
        );
    }
    if let Some(r) = &e.reviews {
        check(
            "reviews",
            format!("{:?}", list(r.clone())),
            format!(
                "{:?}",
                list(dto.reviews.iter().map(|x| x.id.clone()).collect())
            ),
        );
    }
    if let Some(r) = &e.options {
        let mut got: Vec<String> = dto.options.iter().map(|x| x.id.clone()).collect();
        got.dedup();
        check(
            "options",
            format!("{:?}", list(r.clone())),
            format!("{:?}", list(got)),
        );
    }
    if let Some(r) = &e.sanctions {
        check(
            "sanctions",
            format!("{:?}", list(r.iter().map(|k| k.en().to_string()).collect())),
            format!(
                "{:?}",
                list(dto.sanctions.iter().map(|x| x.kind.clone()).collect())
            ),
        );
    }
    if let Some(r) = &e.circumstances {
        check(
            "circumstances",
            format!("{:?}", list(r.clone())),
            format!(
                "{:?}",
                list(
                    dto.circumstances
                        .iter()
                        .filter(|c| c.applied)
                        .map(|x| x.id.clone())
                        .collect()
                )
            ),
        );
    }
    if let Some(g) = e.governing {
        let want = book
            .checked()
            .item(g)
            .map(|i| i.id.clone())
            .unwrap_or_default();
        check("governing", want, dto.violation.id.clone());
    }
    if let Some(v) = &e.version {
        check("version", v.clone(), dto.rulebook.version.clone());
    }
    if let Some(err) = &e.error {
        check("error", err.clone(), "a decision".to_string());
    }
    out
}
