//! Python values → case JSON text, written in Rust so that batches never go through Python's
//! `json` module row by row.
//!
//! The text is then read by the core's own case reader, exactly as a JSON file would be: limits,
//! duplicate keys and every problem with its JSON path stay the core's business.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};

/// Deeper Python nesting than this is refused before the core sees it (its own limit is lower).
const MAX_DEPTH: usize = 64;

/// A Python value that has no JSON form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvError {
    /// JSON path of the value, e.g. `$.priors[0].date`.
    pub path: String,
    /// What is wrong, one line.
    pub message: String,
}

/// Code of a [`ConvError`] when reported as a case problem.
pub const UNSUPPORTED: &str = "mete::python::unsupported_value";

static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Appends `s` as a JSON string literal.
pub fn push_str_literal(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A whole float below 2^53 is written as an integer: pandas turns an integer column with a
/// missing value into floats, and `4.0` must still read as the whole number 4.
fn float_text(f: f64, repr: &str) -> String {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if f.fract() == 0.0 && f.abs() < EXACT {
        format!("{f:.0}")
    } else {
        repr.to_string()
    }
}

/// Whether a table cell is missing: `None`, NaN, or pandas' `NA` / `NaT`. A missing cell is
/// left out of the case (the field is not given), so a column that only some rows use is fine.
pub fn is_missing(v: &Bound<'_, PyAny>) -> bool {
    if v.is_none() {
        return true;
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        return f.value().is_nan();
    }
    if v.cast::<PyString>().is_ok() || v.cast::<PyInt>().is_ok() || v.cast::<PyDict>().is_ok() {
        return false;
    }
    let name = type_name(v);
    name == "NAType" || name == "NaTType"
}

/// The JSON text of one case or record given as a Python value: a `str` or `bytes` is taken as
/// JSON text already; anything else is converted.
pub fn row_json(v: &Bound<'_, PyAny>) -> Result<Vec<u8>, ConvError> {
    if let Ok(s) = v.cast::<PyString>() {
        return s
            .to_cow()
            .map(|s| s.as_bytes().to_vec())
            .map_err(|e| ConvError {
                path: "$".into(),
                message: format!("the text is not valid Unicode: {e}"),
            });
    }
    if let Ok(b) = v.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    let mut out = String::with_capacity(256);
    let mut path = String::from("$");
    write_value(v, &mut out, &mut path, 0)?;
    Ok(out.into_bytes())
}

/// Writes `v` as JSON into `out`; `path` names it in errors.
pub fn write_value(
    v: &Bound<'_, PyAny>,
    out: &mut String,
    path: &mut String,
    depth: usize,
) -> Result<(), ConvError> {
    let fail = |path: &str, message: String| ConvError {
        path: path.to_string(),
        message,
    };
    if depth > MAX_DEPTH {
        return Err(fail(path, "nested deeper than 64 levels".into()));
    }
    let py = v.py();
    if v.is_none() {
        out.push_str("null");
    } else if let Ok(b) = v.cast::<PyBool>() {
        out.push_str(if b.is_true() { "true" } else { "false" });
    } else if let Ok(s) = v.cast::<PyString>() {
        let s = s
            .to_cow()
            .map_err(|e| fail(path, format!("the string is not valid Unicode: {e}")))?;
        push_str_literal(out, &s);
    } else if v.cast::<PyInt>().is_ok() {
        let text = v.str().map_err(|e| fail(path, e.to_string()))?;
        out.push_str(&text.to_string_lossy());
    } else if let Ok(f) = v.cast::<PyFloat>() {
        let x = f.value();
        if x.is_nan() {
            // pandas writes a missing value as NaN: not given.
            out.push_str("null");
        } else if x.is_infinite() {
            return Err(fail(path, "an infinite number has no exact value".into()));
        } else {
            let repr = v.repr().map_err(|e| fail(path, e.to_string()))?;
            out.push_str(&float_text(x, &repr.to_string_lossy()));
        }
    } else if let Ok(d) = v.cast::<PyDict>() {
        out.push('{');
        for (i, (k, val)) in d.iter().enumerate() {
            let key = k.cast::<PyString>().map_err(|_| {
                fail(
                    path,
                    format!("object keys must be strings, found {}", type_name(&k)),
                )
            })?;
            let key = key
                .to_cow()
                .map_err(|e| fail(path, format!("a key is not valid Unicode: {e}")))?;
            if i > 0 {
                out.push(',');
            }
            push_str_literal(out, &key);
            out.push(':');
            let len = path.len();
            mete_core::case::json::push_key(path, &key);
            write_value(&val, out, path, depth + 1)?;
            path.truncate(len);
        }
        out.push('}');
    } else if let Ok(l) = v.cast::<PyList>() {
        write_seq(l.iter(), out, path, depth)?;
    } else if let Ok(t) = v.cast::<PyTuple>() {
        write_seq(t.iter(), out, path, depth)?;
    } else {
        write_other(v, out, path, depth, py)?;
    }
    Ok(())
}

fn write_seq<'py>(
    items: impl Iterator<Item = Bound<'py, PyAny>>,
    out: &mut String,
    path: &mut String,
    depth: usize,
) -> Result<(), ConvError> {
    out.push('[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let len = path.len();
        path.push_str(&format!("[{i}]"));
        write_value(&item, out, path, depth + 1)?;
        path.truncate(len);
    }
    out.push(']');
    Ok(())
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// Dates, decimals, and the scalar and array types of numpy and pandas.
fn write_other(
    v: &Bound<'_, PyAny>,
    out: &mut String,
    path: &mut String,
    depth: usize,
    py: Python<'_>,
) -> Result<(), ConvError> {
    let fail = |message: String| ConvError {
        path: path.clone(),
        message,
    };
    let err = |e: PyErr| ConvError {
        path: path.clone(),
        message: e.to_string(),
    };
    let name = type_name(v);
    // pandas' missing markers: `NaT` is a datetime subclass, so test it first.
    if name == "NaTType" || name == "NAType" {
        out.push_str("null");
        return Ok(());
    }
    let datetime = DATETIME.import(py, "datetime", "datetime").map_err(err)?;
    if v.is_instance(datetime).map_err(err)? {
        let time = v
            .call_method0("time")
            .and_then(|t| t.call_method0("isoformat"))
            .map_err(err)?;
        let has_zone = !v.getattr("tzinfo").map_err(err)?.is_none();
        if time.to_string() != "00:00:00" || has_zone {
            return Err(fail(format!(
                "a date is expected, found the date and time `{v}`: pass `.date()`"
            )));
        }
        let day = v
            .call_method0("date")
            .and_then(|d| d.call_method0("isoformat"))
            .map_err(err)?;
        push_str_literal(out, &day.to_string());
        return Ok(());
    }
    let date = DATE.import(py, "datetime", "date").map_err(err)?;
    if v.is_instance(date).map_err(err)? {
        let day = v.call_method0("isoformat").map_err(err)?;
        push_str_literal(out, &day.to_string());
        return Ok(());
    }
    let decimal = DECIMAL.import(py, "decimal", "Decimal").map_err(err)?;
    if v.is_instance(decimal).map_err(err)? {
        let finite = v
            .call_method0("is_finite")
            .and_then(|f| f.is_truthy())
            .map_err(err)?;
        if !finite {
            return Err(fail(format!("`{v}` is not a finite amount")));
        }
        let text = v.call_method1("__format__", ("f",)).map_err(err)?;
        out.push_str(&text.to_string());
        return Ok(());
    }
    // numpy scalars and arrays (what pandas hands out for Arrow list columns).
    if v.hasattr("tolist").map_err(err)? {
        let plain = v.call_method0("tolist").map_err(err)?;
        if plain.get_type().is(v.get_type()) {
            return Err(fail(format!("cannot write a `{name}` as JSON")));
        }
        return write_value(&plain, out, path, depth + 1);
    }
    Err(fail(format!(
        "cannot write a `{name}` as JSON: use str, int, Decimal, bool, None, date, list or dict"
    )))
}
