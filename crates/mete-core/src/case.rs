//! Case input: JSON → [`Case`], with every problem reported by JSON path.
//!
//! The reader is our own small JSON parser (`case/json.rs`) so that numbers are read exactly from
//! their text (never through binary floating point), duplicate keys are errors, and size, depth
//! and list-length limits hold before any allocation grows with hostile input.

use chrono::NaiveDate;
use serde::Serialize;

use crate::ir::{ItemId, Value};

/// A case ready to evaluate (facts in slots). Built by [`crate::compile::Rulebook::read_case`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Case {
    /// The violation items (one, or several for one act under several provisions).
    pub(crate) items: Vec<ItemId>,
    /// Date of the act.
    pub(crate) act_date: Option<NaiveDate>,
    /// Date of the decision.
    pub(crate) decision_date: Option<NaiveDate>,
    /// One slot per fact, defaults filled; `None` only for absent optional facts.
    pub(crate) facts: Vec<Option<Value>>,
}

impl crate::compile::Rulebook {
    /// Reads a case from JSON (placeholder until the case reader lands).
    pub fn read_case(&self, _json: &[u8], _options: &CaseOptions) -> Result<Case, CaseError> {
        Err(CaseError {
            problems: vec![CaseProblem {
                path: "$".to_string(),
                code: "mete::case::unsupported".to_string(),
                message: "reading cases is not available yet".to_string(),
                hint: None,
            }],
        })
    }
}

/// Limits on case input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseOptions {
    /// Largest accepted JSON text, bytes.
    pub max_bytes: usize,
    /// Deepest nesting of arrays and objects.
    pub max_depth: usize,
    /// Longest list.
    pub max_list_len: usize,
}

impl Default for CaseOptions {
    fn default() -> Self {
        CaseOptions {
            max_bytes: 8 * 1024 * 1024,
            max_depth: 32,
            max_list_len: 100_000,
        }
    }
}

/// One problem in a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CaseProblem {
    /// JSON path, e.g. `$.priors[2].date`.
    pub path: String,
    /// Stable code, `mete::case::<kind>`.
    pub code: String,
    /// One-line message.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

/// Every problem found in a case; never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, thiserror::Error)]
#[error("{} problem(s) in the case", problems.len())]
pub struct CaseError {
    /// The problems, in document order.
    pub problems: Vec<CaseProblem>,
}
