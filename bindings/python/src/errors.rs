//! Raising the Python exceptions of `mete.errors` from Rust, and the panic guard.
//!
//! The exception classes are defined in Python (`python/mete/errors.py`), where their structured
//! attributes are parsed from the core's JSON; Rust only hands over a message and that JSON.

use std::panic::{AssertUnwindSafe, catch_unwind};

use mete_core::eval::EvaluateError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;
use serde::Serialize;

static METE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static RULEBOOK_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static CASE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static EVALUATION_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// An instance of `mete.errors.<name>` built from `args`, as an error to raise.
fn raise<'py>(
    py: Python<'py>,
    cell: &PyOnceLock<Py<PyType>>,
    name: &str,
    args: Vec<String>,
) -> PyErr {
    match cell
        .import(py, "mete.errors", name)
        .and_then(|ty| ty.call1(pyo3::types::PyTuple::new(py, args)?))
    {
        Ok(instance) => PyErr::from_value(instance),
        Err(e) => e,
    }
}

/// `mete.MeteError(message)`.
pub fn mete_error(py: Python<'_>, message: String) -> PyErr {
    raise(py, &METE_ERROR, "MeteError", vec![message])
}

/// `mete.RulebookError(message, diagnostics_json)`.
pub fn rulebook_error(py: Python<'_>, message: String, diagnostics_json: String) -> PyErr {
    raise(
        py,
        &RULEBOOK_ERROR,
        "RulebookError",
        vec![message, diagnostics_json],
    )
}

/// The error answer of the conformance corpus: `{"status": "error", "error": <error>}`.
#[derive(Serialize)]
struct Envelope<'a> {
    status: &'static str,
    error: &'a EvaluateError,
}

/// The envelope of `e`, pretty-printed with a trailing newline (the corpus's exact bytes).
pub fn envelope_json(e: &EvaluateError) -> String {
    let mut text = serde_json::to_string_pretty(&Envelope {
        status: "error",
        error: e,
    })
    .unwrap_or_default();
    text.push('\n');
    text
}

/// `mete.CaseError` for a case with problems, `mete.EvaluationError` for a case that cannot be
/// decided; both carry the envelope JSON.
pub fn evaluate_error(py: Python<'_>, e: &EvaluateError) -> PyErr {
    let message = mete_core::diff::error_text(e);
    let json = envelope_json(e);
    match e {
        EvaluateError::Case(_) => raise(py, &CASE_ERROR, "CaseError", vec![message, json]),
        EvaluateError::Eval(_) => raise(
            py,
            &EVALUATION_ERROR,
            "EvaluationError",
            vec![message, json],
        ),
    }
}

/// The text of a panic payload.
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_string())
}

/// Runs `f`, turning a panic into `mete.MeteError`.
pub fn guard<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => Err(mete_error(
            py,
            format!(
                "internal error in mete (a bug: please report it with the input): {}",
                panic_text(payload.as_ref())
            ),
        )),
    }
}
