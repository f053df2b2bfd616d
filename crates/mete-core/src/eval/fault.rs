//! [`Fault`]: why evaluating failed, as the interpreter and the decision procedure carry it.
//!
//! Every expression node returns a `Result`, so its error type sits on the hot path: a `Fault`
//! is two words and `Copy`, where [`EvalError`] owns a message `String`. The message is written
//! once, at the boundary ([`From<Fault> for EvalError`]), and only when a case actually fails.

use super::EvalError;
use crate::vocab::Grade;

/// Why an expression or a decision step failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// A broken invariant of the compiled rulebook (never expected).
    Internal(&'static str),
    /// A fact the rules read was not given.
    MissingFact,
    /// A record field the rules read was not given.
    MissingField,
    /// `act_date` or `decision_date` was read but not given.
    MissingDate(&'static str),
    /// Checked arithmetic overflowed.
    Overflow,
    /// Division by zero.
    DivZero,
    /// A date computation left chrono's range.
    DateRange,
    /// `statutory.max` was read but the statutory range is `at least`.
    UnboundedRead,
    /// A share of an `at least` statutory range was asked for.
    UnboundedShare,
    /// A circumstance asked for a tier of a grade the item lacks.
    NoTarget(Grade),
    /// No tier condition held.
    NoTier,
}

impl From<Fault> for EvalError {
    fn from(f: Fault) -> Self {
        match f {
            Fault::Internal(what) => EvalError::internal(what),
            Fault::MissingFact => EvalError::new(
                "mete::eval::missing_fact",
                "a fact the rules read was not given".to_string(),
            ),
            Fault::MissingField => EvalError::new(
                "mete::eval::missing_field",
                "a record field the rules read was not given".to_string(),
            ),
            Fault::MissingDate(which) => EvalError::missing_date(which),
            Fault::Overflow => EvalError::overflow(),
            Fault::DivZero => EvalError::div_zero(),
            Fault::DateRange => EvalError::date_range(),
            Fault::UnboundedRead => EvalError::new(
                "mete::eval::unbounded",
                "`statutory.max` was read but the statutory range has no maximum".to_string(),
            ),
            Fault::UnboundedShare => EvalError::new(
                "mete::eval::unbounded",
                "the statutory fine has no maximum (`at least`), so a share of it cannot be computed"
                    .to_string(),
            ),
            Fault::NoTarget(grade) => EvalError::new(
                "mete::eval::no_target_tier",
                format!(
                    "a circumstance requires a `{}` tier but the item has none",
                    grade.en()
                ),
            ),
            Fault::NoTier => EvalError::new(
                "mete::eval::no_tier",
                "no tier of the item matches the case".to_string(),
            ),
        }
    }
}
