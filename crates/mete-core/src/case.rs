//! Case input: JSON → [`Case`], with every problem reported by JSON path.
//!
//! The reader is our own small JSON parser (`case/json.rs`) so that numbers are read exactly from
//! their text (never through binary floating point), duplicate keys are errors, and size, depth
//! and list-length limits hold before any allocation grows with hostile input.

use serde::Serialize;

/// A case ready to evaluate (facts in slots). Built by [`crate::compile::Rulebook::read_case`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {}

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
