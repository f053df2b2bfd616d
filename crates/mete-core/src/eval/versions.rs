//! Several versions of one rulebook and the lenient-new-law rule (art. 37, 从旧兼从轻).

use serde::Serialize;

use super::{Decision, EvalError, EvalOptions, EvaluateError, VersionChoice};
use crate::case::{Case, CaseOptions};
use crate::compile::Rulebook;
use crate::decision::DecisionDto;
use crate::vocab::Outcome;

/// Versions of one rulebook, oldest first.
#[derive(Debug, Clone)]
pub struct RulebookSet {
    books: Vec<Rulebook>,
    /// Whether every version declares the same facts and items (then one [`Case`] fits all).
    uniform: bool,
}

/// Why versions cannot form a set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct VersionSetError {
    /// Stable code.
    pub code: &'static str,
    /// One-line message.
    pub message: String,
}

impl RulebookSet {
    /// A set of versions of one rulebook: same id, distinct versions, at least one.
    pub fn new(mut books: Vec<Rulebook>) -> Result<RulebookSet, VersionSetError> {
        let Some(first) = books.first() else {
            return Err(VersionSetError {
                code: "mete::eval::empty_set",
                message: "a rulebook set needs at least one rulebook".to_string(),
            });
        };
        let id = first.id().to_string();
        for b in &books {
            if b.id() != id {
                return Err(VersionSetError {
                    code: "mete::eval::mixed_ids",
                    message: format!("rulebook `{}` is not a version of `{id}`", b.id()),
                });
            }
        }
        books.sort_by(|a, b| {
            (a.checked().effective_from, a.version())
                .cmp(&(b.checked().effective_from, b.version()))
        });
        for w in books.windows(2) {
            if let [a, b] = w {
                if a.version() == b.version() {
                    return Err(VersionSetError {
                        code: "mete::eval::duplicate_version",
                        message: format!("version `{}` of `{id}` was given twice", a.version()),
                    });
                }
            }
        }
        let shape = |b: &Rulebook| {
            let c = b.checked();
            (
                c.facts
                    .iter()
                    .map(|f| (f.name.clone(), f.ty))
                    .collect::<Vec<_>>(),
                c.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>(),
            )
        };
        let uniform = books.windows(2).all(|w| match w {
            [a, b] => shape(a) == shape(b),
            _ => true,
        });
        Ok(RulebookSet { books, uniform })
    }

    /// The versions, oldest first.
    pub fn versions(&self) -> &[Rulebook] {
        &self.books
    }

    fn pick(&self, case: &Case) -> Result<(Option<usize>, Option<usize>), EvalError> {
        let act = case
            .act_date
            .ok_or_else(|| EvalError::missing_date("act_date"))?;
        // The latest version in force on the date.
        let at = |d| self.books.iter().rposition(|b| b.in_force_on(d));
        let a = at(act);
        let b = case.decision_date.and_then(at);
        if a.is_none() && b.is_none() {
            return Err(EvalError::new(
                "mete::eval::no_version",
                format!("no version of the rulebook is in force on the act date {act}"),
            ));
        }
        Ok((a, b))
    }

    /// Decides `case` under the version art. 37 selects. The case must fit every version (same
    /// facts and items); otherwise use [`RulebookSet::evaluate_json`], which reads the case per
    /// version.
    pub fn evaluate<'a>(
        &'a self,
        case: &'a Case,
        options: &EvalOptions,
    ) -> Result<Decision<'a>, EvalError> {
        if !self.uniform {
            return Err(EvalError::new(
                "mete::eval::version_layout",
                "the versions declare different facts or items: read the case per version"
                    .to_string(),
            ));
        }
        let (a, b) = self.pick(case)?;
        let da = a
            .and_then(|i| self.books.get(i))
            .map(|r| r.evaluate(case, options))
            .transpose()?;
        let db = match (a, b) {
            (Some(x), Some(y)) if x == y => None,
            (_, Some(y)) => self
                .books
                .get(y)
                .map(|r| r.evaluate(case, options))
                .transpose()?,
            _ => None,
        };
        let name = |i: Option<usize>| {
            i.and_then(|i| self.books.get(i))
                .map(|r| r.version().to_string())
        };
        let (mut d, later) = choose(da, db)?;
        if self.books.len() > 1 {
            d.version_choice = Some(VersionChoice {
                later_more_lenient: later,
                at_act: name(a),
                at_decision: name(b),
            });
        }
        Ok(d)
    }

    /// Reads the case against each candidate version, decides it and returns the contract form.
    pub fn evaluate_json(
        &self,
        json: &[u8],
        options: &EvalOptions,
        case_options: &CaseOptions,
    ) -> Result<DecisionDto, EvaluateError> {
        let first = self
            .books
            .first()
            .ok_or_else(|| EvaluateError::Eval(EvalError::internal("empty set")))?;
        let probe = first
            .read_case(json, case_options)
            .map_err(EvaluateError::Case)?;
        let (a, b) = self.pick(&probe).map_err(EvaluateError::Eval)?;
        let read = |i: usize| -> Result<(usize, Case), EvaluateError> {
            let r = self
                .books
                .get(i)
                .ok_or_else(|| EvaluateError::Eval(EvalError::internal("version")))?;
            r.read_case(json, case_options)
                .map(|c| (i, c))
                .map_err(EvaluateError::Case)
        };
        let ca = a.map(read).transpose()?;
        let cb = match (a, b) {
            (Some(x), Some(y)) if x == y => None,
            (_, Some(y)) => Some(read(y)?),
            _ => None,
        };
        let eval = |x: &Option<(usize, Case)>| -> Result<Option<DecisionDto>, EvaluateError> {
            match x {
                None => Ok(None),
                Some((i, c)) => {
                    let r = self
                        .books
                        .get(*i)
                        .ok_or_else(|| EvaluateError::Eval(EvalError::internal("version")))?;
                    let d = r.evaluate(c, options).map_err(EvaluateError::Eval)?;
                    Ok(Some(d.to_dto()))
                }
            }
        };
        let da = eval(&ca)?;
        let db = eval(&cb)?;
        let later = match (&da, &db) {
            (Some(x), Some(y)) => dto_more_lenient(y, x),
            (None, Some(_)) => true,
            _ => false,
        };
        let mut d = if later { db } else { da }
            .ok_or_else(|| EvaluateError::Eval(EvalError::internal("no decision")))?;
        if self.books.len() > 1 {
            let name = |i: Option<usize>| {
                i.and_then(|i| self.books.get(i))
                    .map(|r| r.version().to_string())
            };
            let v = VersionChoice {
                later_more_lenient: later,
                at_act: name(a),
                at_decision: name(b),
            };
            d.rulebook.version_choice = Some(crate::decision::VersionChoiceDto {
                reason: if later {
                    "later_more_lenient"
                } else {
                    "in_force_at_act"
                }
                .to_string(),
                in_force_at_act: v.at_act.clone(),
                in_force_at_decision: v.at_decision.clone(),
                explanation: super::dto::version_explanation(&v),
            });
        }
        Ok(d)
    }
}

/// Severity key: (penalize, fine max, fine min); lower is more lenient.
fn key(d: &Decision<'_>) -> (bool, rust_decimal::Decimal, rust_decimal::Decimal) {
    let z = rust_decimal::Decimal::ZERO;
    match (d.outcome, d.fine) {
        (Outcome::Penalize, Some(f)) => (true, f.max, f.min),
        (Outcome::Penalize, None) => (true, z, z),
        _ => (false, z, z),
    }
}

fn choose<'a>(
    da: Option<Decision<'a>>,
    db: Option<Decision<'a>>,
) -> Result<(Decision<'a>, bool), EvalError> {
    match (da, db) {
        (Some(a), Some(b)) => {
            if key(&b) < key(&a) {
                Ok((b, true))
            } else {
                Ok((a, false))
            }
        }
        (Some(a), None) => Ok((a, false)),
        (None, Some(b)) => Ok((b, true)),
        (None, None) => Err(EvalError::internal("no version decided")),
    }
}

fn dto_key(d: &DecisionDto) -> (bool, rust_decimal::Decimal, rust_decimal::Decimal) {
    let z = rust_decimal::Decimal::ZERO;
    let num = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap_or(z);
    match (d.outcome == Outcome::Penalize.en(), &d.fine) {
        (true, Some(f)) => (true, num(&f.max), num(&f.min)),
        (true, None) => (true, z, z),
        _ => (false, z, z),
    }
}

fn dto_more_lenient(a: &DecisionDto, b: &DecisionDto) -> bool {
    dto_key(a) < dto_key(b)
}
