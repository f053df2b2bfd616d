//! Several versions of one rulebook and the lenient-new-law rule (art. 37, 从旧兼从轻).

use rust_decimal::Decimal;
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, thiserror::Error)]
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
        // Art. 37 starts from the rules in force when the act occurred; without them the
        // comparison it asks for cannot be made, so nothing is guessed.
        let a = at(act).ok_or_else(|| {
            EvalError::new(
                "mete::eval::no_version",
                format!(
                    "no loaded version of the rulebook is in force on the act date {act}: load the version in force then"
                ),
            )
        })?;
        let b = case.decision_date.and_then(at);
        Ok((Some(a), b))
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
            .map(|r| r.evaluate_in_any_period(case, options))
            .transpose()?;
        let db = match (a, b) {
            (Some(x), Some(y)) if x == y => None,
            (_, Some(y)) => self
                .books
                .get(y)
                .map(|r| r.evaluate_in_any_period(case, options))
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
                    let d = r
                        .evaluate_in_any_period(c, options)
                        .map_err(EvaluateError::Eval)?;
                    Ok(Some(d.to_dto()))
                }
            }
        };
        let da = eval(&ca)?;
        let db = eval(&cb)?;
        let later = match (&da, &db) {
            (Some(x), Some(y)) => dto_more_lenient(y, x),
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

/// How an outcome compares for art. 37: no penalty at all, a penalty, or a collective decision
/// whose result is not known yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    NoPenalty,
    Penalty,
    Undecided,
}

fn class(outcome: Outcome) -> Class {
    match outcome {
        Outcome::Penalize => Class::Penalty,
        Outcome::NeedsCollectiveDecision => Class::Undecided,
        Outcome::NotPunishable | Outcome::TimeBarred | Outcome::Exempt => Class::NoPenalty,
    }
}

/// Whether `later` is lighter than `earlier` (art. 37): no penalty is lighter than any other
/// outcome; between two penalties the lower fine maximum, then minimum, is lighter. A
/// collective decision is not known to be lighter or heavier than a penalty, so the version in
/// force at the act stays.
fn lighter(
    later: (Outcome, Option<(Decimal, Decimal)>),
    earlier: (Outcome, Option<(Decimal, Decimal)>),
) -> bool {
    match (class(later.0), class(earlier.0)) {
        (Class::NoPenalty, Class::Penalty | Class::Undecided) => true,
        (Class::Penalty, Class::Penalty) => {
            let key = |f: Option<(Decimal, Decimal)>| f.unwrap_or((Decimal::ZERO, Decimal::ZERO));
            key(later.1) < key(earlier.1)
        }
        _ => false,
    }
}

fn key(d: &Decision<'_>) -> (Outcome, Option<(Decimal, Decimal)>) {
    (d.outcome, d.fine.map(|f| (f.max, f.min)))
}

fn choose<'a>(
    da: Option<Decision<'a>>,
    db: Option<Decision<'a>>,
) -> Result<(Decision<'a>, bool), EvalError> {
    match (da, db) {
        (Some(a), Some(b)) => {
            if lighter(key(&b), key(&a)) {
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

fn dto_key(d: &DecisionDto) -> Option<(Outcome, Option<(Decimal, Decimal)>)> {
    let outcome = Outcome::from_name(&d.outcome)?;
    let fine = match &d.fine {
        Some(f) => Some((f.max.parse().ok()?, f.min.parse().ok()?)),
        None => None,
    };
    Some((outcome, fine))
}

fn dto_more_lenient(later: &DecisionDto, earlier: &DecisionDto) -> bool {
    match (dto_key(later), dto_key(earlier)) {
        (Some(l), Some(e)) => lighter(l, e),
        _ => false,
    }
}
