//! Batches: rows in, one result per row out, on rayon threads when asked. A row that panics
//! becomes an error row; the batch goes on.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use mete_core::audit::RecordReport;
use mete_core::decision::DecisionDto;
use mete_core::eval::EvaluateError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyType};
use rayon::prelude::*;

use crate::errors::panic_text;

/// How many threads a batch uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threads {
    /// The calling thread only.
    Serial,
    /// rayon's global pool (every core).
    All,
    /// A pool of this many threads.
    Count(usize),
}

impl Threads {
    /// From the Python argument: 1 serial, 0 every core, N threads.
    pub fn from_arg(n: usize) -> Threads {
        match n {
            1 => Threads::Serial,
            0 => Threads::All,
            n => Threads::Count(n),
        }
    }
}

/// `f(0..n)` in order, on the threads asked for.
pub fn run<T: Send>(threads: Threads, n: usize, f: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    match threads {
        Threads::Serial => (0..n).map(f).collect(),
        Threads::All => (0..n).into_par_iter().map(f).collect(),
        Threads::Count(k) => match rayon::ThreadPoolBuilder::new().num_threads(k).build() {
            Ok(pool) => pool.install(|| (0..n).into_par_iter().map(&f).collect()),
            Err(_) => (0..n).map(f).collect(),
        },
    }
}

/// `f()`, or the panic's text.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|p| {
        format!(
            "internal error in mete (a bug: please report it with the input): {}",
            panic_text(p.as_ref())
        )
    })
}

/// Code of an error row caused by a panic.
pub const PANIC: &str = "mete::python::internal";

/// What a batch keeps of a decision: the flattened columns, taken out of the contract form as
/// soon as the case is decided (the rest is freed at once, on the thread that made it).
pub struct Flat {
    violation: String,
    outcome: String,
    tier: Option<String>,
    tier_label: Option<String>,
    statutory_min: Option<String>,
    statutory_max: Option<String>,
    band_min: Option<String>,
    band_max: Option<String>,
    band_point: Option<String>,
    reduced: Option<bool>,
    triggers: Vec<String>,
    sanctions: Vec<String>,
    reviews: Vec<String>,
    json: Option<String>,
}

impl Flat {
    fn from_dto(d: DecisionDto, with_json: bool) -> Flat {
        let json = with_json.then(|| serde_json::to_string(&d).unwrap_or_default());
        let (tier, tier_label) = match d.tier {
            Some(t) => (Some(t.id), Some(t.label)),
            None => (None, None),
        };
        let (statutory_min, statutory_max) = match d.statutory {
            Some(r) => (Some(r.min), r.max),
            None => (None, None),
        };
        let (band_min, band_max, band_point, reduced) = match d.fine {
            Some(b) => (Some(b.min), Some(b.max), b.point, Some(b.reduced)),
            None => (None, None, None, None),
        };
        let triggers = d
            .circumstances
            .into_iter()
            .filter(|c| c.applied)
            .map(|c| c.id)
            .chain(d.adjustments.into_iter().map(|a| a.id))
            .collect();
        Flat {
            violation: d.violation.id,
            outcome: d.outcome,
            tier,
            tier_label,
            statutory_min,
            statutory_max,
            band_min,
            band_max,
            band_point,
            reduced,
            triggers,
            sanctions: d.sanctions.into_iter().map(|s| s.kind).collect(),
            reviews: d.reviews.into_iter().map(|r| r.kind).collect(),
            json,
        }
    }
}

/// The result for one case of a batch.
pub enum CaseRow {
    /// Decided.
    Decided(Box<Flat>),
    /// Not decided: code and one-line message.
    Failed(String, String),
}

impl CaseRow {
    /// From the core's answer.
    pub fn from_answer(a: Result<DecisionDto, EvaluateError>, with_json: bool) -> CaseRow {
        match a {
            Ok(d) => CaseRow::Decided(Box::new(Flat::from_dto(d, with_json))),
            Err(e) => {
                let code = match &e {
                    EvaluateError::Case(c) => c
                        .problems
                        .first()
                        .map(|p| p.code.clone())
                        .unwrap_or_default(),
                    EvaluateError::Eval(x) => x.code.to_string(),
                };
                CaseRow::Failed(code, mete_core::diff::error_text(&e))
            }
        }
    }
}

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `decimal.Decimal` objects for amount texts, made once per distinct text (bands repeat).
struct Decimals<'py> {
    ty: Bound<'py, PyType>,
    made: BTreeMap<String, Bound<'py, PyAny>>,
}

impl<'py> Decimals<'py> {
    fn new(py: Python<'py>) -> PyResult<Self> {
        Ok(Decimals {
            ty: DECIMAL.import(py, "decimal", "Decimal")?.clone(),
            made: BTreeMap::new(),
        })
    }

    fn get(&mut self, py: Python<'py>, text: Option<&str>) -> PyResult<Bound<'py, PyAny>> {
        let Some(text) = text else {
            return Ok(py.None().into_bound(py));
        };
        if let Some(d) = self.made.get(text) {
            return Ok(d.clone());
        }
        let d = self.ty.call1((text,))?;
        self.made.insert(text.to_string(), d.clone());
        Ok(d)
    }
}

fn list<'py>(py: Python<'py>, items: Vec<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, items)
}

/// The flattened columns of decided cases, as a dict of equal-length lists.
pub fn case_columns<'py>(
    py: Python<'py>,
    rows: &[CaseRow],
    with_json: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let mut dec = Decimals::new(py)?;
    let n = rows.len();
    let mut cols: Vec<(&str, Vec<Bound<'py, PyAny>>)> = [
        "violation",
        "outcome",
        "tier",
        "tier_label",
        "statutory_min",
        "statutory_max",
        "band_min",
        "band_max",
        "band_point",
        "reduced",
        "triggers",
        "sanctions",
        "reviews",
        "error_code",
        "error",
        "decision",
    ]
    .into_iter()
    .filter(|c| with_json || *c != "decision")
    .map(|c| (c, Vec::with_capacity(n)))
    .collect();
    let none = || py.None().into_bound(py);
    let text = |s: &str| pyo3::types::PyString::new(py, s).into_any();
    let opt = |s: Option<&str>| s.map_or_else(none, text);
    for row in rows {
        let mut values: Vec<Bound<'py, PyAny>> = Vec::with_capacity(16);
        match row {
            CaseRow::Decided(d) => {
                values.push(text(&d.violation));
                values.push(text(&d.outcome));
                values.push(opt(d.tier.as_deref()));
                values.push(opt(d.tier_label.as_deref()));
                values.push(dec.get(py, d.statutory_min.as_deref())?);
                values.push(dec.get(py, d.statutory_max.as_deref())?);
                values.push(dec.get(py, d.band_min.as_deref())?);
                values.push(dec.get(py, d.band_max.as_deref())?);
                values.push(dec.get(py, d.band_point.as_deref())?);
                values.push(match d.reduced {
                    Some(b) => pyo3::types::PyBool::new(py, b).to_owned().into_any(),
                    None => none(),
                });
                values.push(PyList::new(py, &d.triggers)?.into_any());
                values.push(PyList::new(py, &d.sanctions)?.into_any());
                values.push(PyList::new(py, &d.reviews)?.into_any());
                values.push(none());
                values.push(none());
                if with_json {
                    values.push(opt(d.json.as_deref()));
                }
            }
            CaseRow::Failed(code, message) => {
                for _ in 0..10 {
                    values.push(none());
                }
                for _ in 0..3 {
                    values.push(PyList::empty(py).into_any());
                }
                values.push(text(code));
                values.push(text(message));
                if with_json {
                    values.push(none());
                }
            }
        }
        for ((_, col), v) in cols.iter_mut().zip(values) {
            col.push(v);
        }
    }
    let out = PyDict::new(py);
    for (name, col) in cols {
        out.set_item(name, list(py, col)?)?;
    }
    Ok(out)
}

/// The columns of audited records, as a dict of equal-length lists.
pub fn audit_columns<'py>(
    py: Python<'py>,
    reports: &[RecordReport],
) -> PyResult<Bound<'py, PyDict>> {
    let n = reports.len();
    let mut line = Vec::with_capacity(n);
    let mut violation = Vec::with_capacity(n);
    let mut outcome = Vec::with_capacity(n);
    let mut band = Vec::with_capacity(n);
    let mut findings = Vec::with_capacity(n);
    let mut errors = Vec::with_capacity(n);
    let mut warnings = Vec::with_capacity(n);
    let mut codes = Vec::with_capacity(n);
    let mut error = Vec::with_capacity(n);
    for r in reports {
        line.push(r.line);
        violation.push(r.violation.clone());
        outcome.push(r.outcome.clone());
        band.push(r.band.clone());
        findings.push(r.findings.len());
        let errs = r
            .findings
            .iter()
            .filter(|f| f.severity == mete_core::audit::FindingSeverity::Error)
            .count();
        errors.push(errs);
        warnings.push(r.findings.len() - errs);
        codes.push(PyList::new(py, r.findings.iter().map(|f| f.code.as_str()))?);
        // A record that could not be read or decided: say why in one line.
        let unread: Vec<String> = r
            .findings
            .iter()
            .filter(|f| {
                f.code == mete_core::audit::BAD_RECORD || f.code == mete_core::audit::BAD_CASE
            })
            .map(|f| format!("{}: {}", f.path, f.message))
            .collect();
        error.push((!unread.is_empty()).then(|| unread.join("; ")));
    }
    let out = PyDict::new(py);
    out.set_item("line", line)?;
    out.set_item("violation", violation)?;
    out.set_item("outcome", outcome)?;
    out.set_item("band", band)?;
    out.set_item("findings", findings)?;
    out.set_item("errors", errors)?;
    out.set_item("warnings", warnings)?;
    out.set_item("codes", codes)?;
    out.set_item("error", error)?;
    Ok(out)
}
