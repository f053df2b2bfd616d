//! stub
use crate::decision::DecisionDto;
use crate::eval::EvaluateError;
use serde::Serialize;
/// The answer to an evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum EvaluateAnswer {
    /// Decided.
    Ok {
        /// The decision.
        decision: Box<DecisionDto>,
    },
    /// Not decided.
    Error(EvaluateError),
}
