//! `mete._native`: the native half of the Python package `mete`.
//!
//! A thin layer over `mete-core`: rulebooks compile, cases are read and decided, records audited
//! and rulebooks compared by the core's own entry points; this crate only moves values between
//! Python and Rust. Python values become case JSON text here, in Rust ([`topy`]), so that a batch
//! never runs Python's `json` module per row; the core's reader then checks that text exactly as
//! it checks a file.
//!
//! Every entry point runs inside [`errors::guard`]: a Rust panic becomes `mete.MeteError`, never
//! a `PanicException`. Batch work runs with the GIL released, on rayon threads when asked.

mod batch;
mod engine;
mod errors;
mod topy;

use pyo3::prelude::*;

/// The JSON Schema of a decision (pretty, trailing newline).
#[pyfunction]
fn decision_schema(py: Python<'_>) -> PyResult<String> {
    errors::guard(py, || Ok(mete_core::api::decision_schema()))
}

/// The JSON Schema of an audit record (pretty, trailing newline).
#[pyfunction]
fn audit_record_schema(py: Python<'_>) -> PyResult<String> {
    errors::guard(py, || Ok(mete_core::audit::record_schema()))
}

/// Every audit finding code: `(code, severity, meaning)`, in report order.
#[pyfunction]
fn audit_codes(py: Python<'_>) -> PyResult<Vec<(String, String, String)>> {
    errors::guard(py, || {
        Ok(mete_core::audit::CODES
            .iter()
            .map(|(c, s, m)| (c.to_string(), s.id().to_string(), m.to_string()))
            .collect())
    })
}

/// Panics inside the guard, to prove that a panic reaches Python as `mete.MeteError`. Built
/// only with the `test-hooks` feature, which released wheels do not have.
#[cfg(feature = "test-hooks")]
#[pyfunction]
fn _panic_for_tests(py: Python<'_>, message: String) -> PyResult<()> {
    errors::guard(py, || -> PyResult<()> {
        #[allow(clippy::panic, reason = "the point of this test hook")]
        {
            panic!("{message}")
        }
    })
}

/// Panics on a rayon thread of a batch, with the GIL released.
#[cfg(feature = "test-hooks")]
#[pyfunction]
fn _panic_in_batch_for_tests(py: Python<'_>) -> PyResult<Vec<usize>> {
    errors::guard(py, || {
        Ok(py.detach(|| {
            batch::run(batch::Threads::All, 8, |i| {
                #[allow(clippy::panic, reason = "the point of this test hook")]
                if i == 5 {
                    panic!("row {i} panicked on purpose");
                }
                i
            })
        }))
    })
}

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<engine::Engine>()?;
    m.add_class::<engine::NativeDecision>()?;
    m.add_function(wrap_pyfunction!(decision_schema, m)?)?;
    m.add_function(wrap_pyfunction!(audit_record_schema, m)?)?;
    m.add_function(wrap_pyfunction!(audit_codes, m)?)?;
    m.add_function(wrap_pyfunction!(engine::diff_json, m)?)?;
    #[cfg(feature = "test-hooks")]
    {
        m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
        m.add_function(wrap_pyfunction!(_panic_in_batch_for_tests, m)?)?;
    }
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("TEST_HOOKS", cfg!(feature = "test-hooks"))?;
    Ok(())
}
