//! `Engine`: one compiled rulebook, or a version set of them (art. 37), and what Python can ask
//! of it. The pure-Python `mete.Rulebook` and `mete.RulebookSet` wrap it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use mete_core::audit::{AuditSummary, Finding, RecordReport, audit_record, severity_of};
use mete_core::case::{CaseError, CaseOptions, CaseProblem};
use mete_core::check::{CheckOptions, LoadedFile, Loader, join_path};
use mete_core::compile::Rulebook;
use mete_core::decision::DecisionDto;
use mete_core::diff::{DiffReport, DiffSummary, diff_case};
use mete_core::eval::{EvalOptions, EvaluateError, RulebookSet};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde::Serialize;

use crate::batch::{self, CaseRow, Threads};
use crate::errors::{evaluate_error, guard, mete_error, rulebook_error};
use crate::topy::{self, ConvError};

/// Loads imports from the files given in memory first, then from a directory.
struct BindingLoader {
    memory: BTreeMap<String, Vec<u8>>,
    base: Option<PathBuf>,
    /// Every file loaded, so that the rulebook can be rebuilt elsewhere (pickling).
    loaded: Mutex<Vec<(String, Vec<u8>)>>,
}

impl Loader for BindingLoader {
    fn load(&self, importer: &str, path: &str) -> Result<LoadedFile, String> {
        let name = join_path(importer, path)?;
        let bytes = match (self.memory.get(&name), &self.base) {
            (Some(b), _) => b.clone(),
            (None, Some(base)) => std::fs::read(base.join(&name)).map_err(|e| {
                let why = match e.kind() {
                    std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
                    _ => e.to_string(),
                };
                format!("{name}: {why}")
            })?,
            (None, None) => {
                return Err(format!(
                    "{name}: not among the sources given (pass it in `imports`, or load from a path)"
                ));
            }
        };
        if let Ok(mut loaded) = self.loaded.lock() {
            loaded.push((name.clone(), bytes.clone()));
        }
        Ok(LoadedFile { name, bytes })
    }
}

/// The files of one rulebook: its root file name and every file loaded (name, bytes), root first.
type Files = (String, Vec<(String, Vec<u8>)>);

/// What an engine decides with.
#[derive(Clone)]
enum Target {
    One(Rulebook),
    Set(RulebookSet),
}

/// A compiled rulebook or version set, shared read-only between threads.
#[pyclass(frozen, module = "mete._native")]
pub struct Engine {
    target: Target,
    /// Root file name and every file loaded (root first), per rulebook.
    files: Vec<Files>,
    warnings: String,
}

/// A decision, kept in its contract form until Python asks for JSON.
#[pyclass(frozen, module = "mete._native")]
pub struct NativeDecision {
    dto: DecisionDto,
}

#[pymethods]
impl NativeDecision {
    /// The decision as JSON: pretty (two-space indent, trailing newline) as the CLI and the
    /// conformance corpus write it, or compact.
    #[pyo3(signature = (pretty = true))]
    fn to_json(&self, py: Python<'_>, pretty: bool) -> PyResult<String> {
        guard(py, || decision_json(py, &self.dto, pretty))
    }

    /// The decision explained in `lang` (`zh` or `en`).
    fn explain(&self, py: Python<'_>, lang: &str) -> PyResult<String> {
        guard(py, || {
            Ok(mete_core::explain::explain(&self.dto, parse_lang(lang)?))
        })
    }
}

fn decision_json(py: Python<'_>, d: &DecisionDto, pretty: bool) -> PyResult<String> {
    let text = if pretty {
        serde_json::to_string_pretty(d).map(|mut t| {
            t.push('\n');
            t
        })
    } else {
        serde_json::to_string(d)
    };
    text.map_err(|e| mete_error(py, format!("cannot write the decision as JSON: {e}")))
}

fn parse_lang(lang: &str) -> PyResult<mete_core::ast::Lang> {
    match lang {
        "zh" => Ok(mete_core::ast::Lang::Zh),
        "en" => Ok(mete_core::ast::Lang::En),
        other => Err(pyo3::exceptions::PyValueError::new_err(format!(
            "lang must be \"zh\" or \"en\", not {other:?}"
        ))),
    }
}

fn json<T: Serialize>(py: Python<'_>, v: &T) -> PyResult<String> {
    serde_json::to_string(v).map_err(|e| mete_error(py, format!("cannot write JSON: {e}")))
}

/// A Python value that has no JSON form, as the case error the core would give.
fn conv_case_error(e: &ConvError) -> EvaluateError {
    EvaluateError::Case(CaseError {
        problems: vec![CaseProblem {
            path: e.path.clone(),
            code: topy::UNSUPPORTED.to_string(),
            message: e.message.clone(),
            hint: Some(
                "give str, int, Decimal, bool, None, datetime.date, list or dict values".into(),
            ),
        }],
    })
}

/// Rows as JSON text, converted while the GIL is held.
fn rows_json(rows: &Bound<'_, PyList>) -> Vec<Result<Vec<u8>, ConvError>> {
    rows.iter().map(|r| topy::row_json(&r)).collect()
}

impl Engine {
    fn decide(&self, json: &[u8], options: &EvalOptions) -> Result<DecisionDto, EvaluateError> {
        let case_options = CaseOptions::default();
        match &self.target {
            Target::One(b) => b.evaluate_json(json, options, &case_options),
            Target::Set(s) => s.evaluate_json(json, options, &case_options),
        }
    }

    fn one(&self, py: Python<'_>, what: &str) -> PyResult<&Rulebook> {
        match &self.target {
            Target::One(b) => Ok(b),
            Target::Set(_) => Err(mete_error(
                py,
                format!("{what} needs one rulebook, not a version set"),
            )),
        }
    }

    fn first(&self) -> Option<&Rulebook> {
        match &self.target {
            Target::One(b) => Some(b),
            Target::Set(s) => s.versions().first(),
        }
    }

    fn decide_one(
        &self,
        py: Python<'_>,
        case: &Bound<'_, PyAny>,
        trace: bool,
    ) -> PyResult<DecisionDto> {
        let json = topy::row_json(case).map_err(|e| evaluate_error(py, &conv_case_error(&e)))?;
        py.detach(|| self.decide(&json, &EvalOptions { trace }))
            .map_err(|e| evaluate_error(py, &e))
    }

    /// Decides prepared rows with the GIL released.
    fn decide_rows(
        &self,
        py: Python<'_>,
        rows: Vec<Result<Vec<u8>, ConvError>>,
        threads: usize,
        trace: bool,
        with_json: bool,
    ) -> Vec<CaseRow> {
        let options = EvalOptions { trace };
        py.detach(|| {
            batch::run(Threads::from_arg(threads), rows.len(), |i| {
                match rows.get(i) {
                    Some(Ok(json)) => batch::catch(|| {
                        CaseRow::from_answer(self.decide(json, &options), with_json)
                    })
                    .unwrap_or_else(|m| CaseRow::Failed(batch::PANIC.into(), m)),
                    Some(Err(e)) => CaseRow::from_answer(Err(conv_case_error(e)), false),
                    None => CaseRow::Failed(batch::PANIC.into(), "row out of range".into()),
                }
            })
        })
    }

    fn audit_rows(
        &self,
        py: Python<'_>,
        rows: Vec<Result<Vec<u8>, ConvError>>,
        threads: usize,
    ) -> PyResult<Vec<RecordReport>> {
        let book = self.one(py, "an audit")?;
        Ok(py.detach(|| {
            batch::run(Threads::from_arg(threads), rows.len(), |i| {
                let line = i + 1;
                match rows.get(i) {
                    Some(Ok(json)) => batch::catch(|| audit_record(book, line, json))
                        .unwrap_or_else(|m| bad_record(line, "$", m, batch::PANIC)),
                    Some(Err(e)) => bad_record(
                        line,
                        &e.path,
                        e.message.clone(),
                        mete_core::audit::BAD_RECORD,
                    ),
                    None => bad_record(line, "$", "row out of range".into(), batch::PANIC),
                }
            })
        }))
    }
}

/// The report of a record that could not be read at all.
fn bad_record(line: usize, path: &str, message: String, code: &str) -> RecordReport {
    let finding_code = if code == batch::PANIC {
        mete_core::audit::BAD_RECORD
    } else {
        code
    };
    RecordReport {
        line,
        violation: None,
        outcome: None,
        band: None,
        findings: vec![Finding {
            code: finding_code.to_string(),
            severity: severity_of(finding_code),
            message,
            cite: None,
            path: path.to_string(),
        }],
    }
}

/// The audit of every record, then the summary: the shape `mete audit --format json` streams.
#[derive(Serialize)]
struct AuditOut<'a> {
    records: &'a [RecordReport],
    summary: AuditSummary,
}

fn summary_of(reports: &[RecordReport]) -> AuditSummary {
    let mut s = AuditSummary::new();
    for r in reports {
        s.add(r);
    }
    s
}

/// Audit records given as `{"case": …, "recorded": …}` pairs of columns: a `str` is JSON text.
fn pair_rows(
    cases: &Bound<'_, PyList>,
    recorded: &Bound<'_, PyList>,
) -> Vec<Result<Vec<u8>, ConvError>> {
    let part = |v: &Bound<'_, PyAny>, path: &str| -> Result<String, ConvError> {
        if let Ok(s) = v.cast::<pyo3::types::PyString>() {
            return s.to_cow().map(|c| c.into_owned()).map_err(|e| ConvError {
                path: path.to_string(),
                message: e.to_string(),
            });
        }
        let mut out = String::new();
        let mut p = path.to_string();
        topy::write_value(v, &mut out, &mut p, 1)?;
        Ok(out)
    };
    cases
        .iter()
        .zip(recorded.iter())
        .map(|(c, r)| {
            let c = part(&c, "$.case")?;
            let r = part(&r, "$.recorded")?;
            Ok(format!("{{\"case\":{c},\"recorded\":{r}}}").into_bytes())
        })
        .collect()
}

#[pymethods]
impl Engine {
    /// Compiles the rulebook `root` (text `text`), loading imports from `sources` (name →
    /// bytes) and then from the directory `base`. Raises `mete.RulebookError` with every
    /// diagnostic when it does not check.
    #[staticmethod]
    #[pyo3(signature = (root, text, sources, base = None))]
    fn compile(
        py: Python<'_>,
        root: String,
        text: Vec<u8>,
        sources: BTreeMap<String, Vec<u8>>,
        base: Option<PathBuf>,
    ) -> PyResult<Engine> {
        guard(py, || {
            let loader = BindingLoader {
                memory: sources,
                base,
                loaded: Mutex::new(vec![(root.clone(), text.clone())]),
            };
            let result = py.detach(|| {
                mete_core::check::check(&root, &text, &loader, &CheckOptions::default())
            });
            let dtos: Vec<_> = result
                .diagnostics
                .iter()
                .map(|d| d.to_dto(&result.sources))
                .collect();
            let Some(checked) = result.rulebook else {
                let errors = dtos
                    .iter()
                    .filter(|d| d.severity == mete_core::Severity::Error)
                    .count();
                let first = dtos
                    .iter()
                    .find(|d| d.severity == mete_core::Severity::Error)
                    .map(|d| match (&d.file, d.line, d.col) {
                        (Some(f), Some(l), Some(c)) => {
                            format!("{f}:{l}:{c}: {} [{}]", d.message, d.code)
                        }
                        _ => format!("{} [{}]", d.message, d.code),
                    })
                    .unwrap_or_default();
                let message = if errors > 1 {
                    format!("{first} (and {} more errors)", errors - 1)
                } else {
                    first
                };
                return Err(rulebook_error(py, message, json(py, &dtos)?));
            };
            let book = py.detach(|| Rulebook::compile_with_sources(checked, result.sources));
            let files = loader
                .loaded
                .into_inner()
                .map_err(|_| mete_error(py, "the loader's file list was poisoned".into()))?;
            Ok(Engine {
                target: Target::One(book),
                files: vec![(root, files)],
                warnings: json(py, &dtos)?,
            })
        })
    }

    /// The versions `books` of one rulebook as a set (art. 37 picks among them per case).
    #[staticmethod]
    fn versions(py: Python<'_>, books: Vec<Bound<'_, Engine>>) -> PyResult<Engine> {
        guard(py, || {
            let mut list = Vec::new();
            let mut files = Vec::new();
            let mut warnings = Vec::new();
            for b in &books {
                let e = b.get();
                let Target::One(book) = &e.target else {
                    return Err(mete_error(py, "a version set cannot contain a set".into()));
                };
                list.push(book.clone());
                files.extend(e.files.iter().cloned());
                warnings.push(
                    e.warnings
                        .trim_start_matches('[')
                        .trim_end_matches(']')
                        .to_string(),
                );
            }
            let set = RulebookSet::new(list).map_err(|e| {
                let dto = serde_json::json!([{
                    "severity": "error", "code": e.code, "message": e.message,
                    "file": null, "line": null, "col": null, "help": null, "labels": []
                }]);
                rulebook_error(py, format!("{} [{}]", e.message, e.code), dto.to_string())
            })?;
            let joined: Vec<String> = warnings.into_iter().filter(|w| !w.is_empty()).collect();
            Ok(Engine {
                target: Target::Set(set),
                files,
                warnings: format!("[{}]", joined.join(",")),
            })
        })
    }

    /// Whether this is a version set.
    #[getter]
    fn is_set(&self) -> bool {
        matches!(self.target, Target::Set(_))
    }

    /// For each rulebook: its root file name and every file loaded (root first).
    #[getter]
    fn files(&self) -> Vec<Files> {
        self.files.clone()
    }

    /// Warnings of the check, as a JSON array of diagnostics.
    #[getter]
    fn warnings_json(&self) -> String {
        self.warnings.clone()
    }

    /// Id, title, version, effective period and content hash of each rulebook (oldest first),
    /// as a JSON array.
    fn info_json(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || {
            let books: Vec<&Rulebook> = match &self.target {
                Target::One(b) => vec![b],
                Target::Set(s) => s.versions().iter().collect(),
            };
            let info: Vec<serde_json::Value> = books
                .iter()
                .map(|b| {
                    let c = b.checked();
                    serde_json::json!({
                        "id": c.id, "title": c.title, "authority": c.authority,
                        "version": c.version, "effective_from": c.effective_from.to_string(),
                        "effective_until": c.effective_until.map(|d| d.to_string()),
                        "content_hash": c.content_hash,
                        "items": mete_core::api::items(b),
                    })
                })
                .collect();
            json(py, &info)
        })
    }

    /// Decides one case (a dict, or JSON text as `str`/`bytes`).
    #[pyo3(signature = (case, trace = true))]
    fn evaluate(
        &self,
        py: Python<'_>,
        case: &Bound<'_, PyAny>,
        trace: bool,
    ) -> PyResult<NativeDecision> {
        guard(py, || {
            Ok(NativeDecision {
                dto: self.decide_one(py, case, trace)?,
            })
        })
    }

    /// The JSON Schema of the case input (of the newest version, for a set).
    fn case_schema(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || {
            let book = self
                .first()
                .ok_or_else(|| mete_error(py, "an empty version set".into()))?;
            Ok(mete_core::api::case_schema(book))
        })
    }

    /// Decides many cases (dicts or JSON texts); one row each, in order.
    #[pyo3(signature = (rows, threads = 1, trace = false, with_json = false))]
    fn evaluate_rows<'py>(
        &self,
        py: Python<'py>,
        rows: &Bound<'py, PyList>,
        threads: usize,
        trace: bool,
        with_json: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            let prepared = rows_json(rows);
            let out = self.decide_rows(py, prepared, threads, trace, with_json);
            batch::case_columns(py, &out, with_json)
        })
    }

    /// Decides the cases of a table given by columns (`names[i]` → `columns[i]`, equal
    /// lengths); a missing cell (`None`, NaN, `NA`, `NaT`) is "not given".
    #[pyo3(signature = (names, columns, threads = 1, trace = false, with_json = false))]
    fn evaluate_columns<'py>(
        &self,
        py: Python<'py>,
        names: Vec<String>,
        columns: Vec<Bound<'py, PyList>>,
        threads: usize,
        trace: bool,
        with_json: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            let n = columns.first().map_or(0, |c| c.len());
            if columns.iter().any(|c| c.len() != n) || names.len() != columns.len() {
                return Err(mete_error(py, "columns of different lengths".into()));
            }
            let keys: Vec<String> = names
                .iter()
                .map(|k| {
                    let mut s = String::new();
                    topy::push_str_literal(&mut s, k);
                    s.push(':');
                    s
                })
                .collect();
            // Each column's JSON path, built once; a cell copies it into one reused buffer (the
            // path is only read when a value is bad, but nested values extend it as they go).
            let paths: Vec<String> = names
                .iter()
                .map(|name| {
                    let mut path = String::from("$");
                    mete_core::case::json::push_key(&mut path, name);
                    path
                })
                .collect();
            let mut path = String::new();
            let mut prepared = Vec::with_capacity(n);
            for i in 0..n {
                let mut out = String::with_capacity(128);
                out.push('{');
                let mut first = true;
                let mut failed = None;
                for ((key, column_path), col) in keys.iter().zip(&paths).zip(&columns) {
                    let v = col.get_item(i)?;
                    if topy::is_missing(&v) {
                        continue;
                    }
                    if !first {
                        out.push(',');
                    }
                    first = false;
                    out.push_str(key);
                    path.clear();
                    path.push_str(column_path);
                    if let Err(e) = topy::write_value(&v, &mut out, &mut path, 1) {
                        failed = Some(e);
                        break;
                    }
                }
                out.push('}');
                prepared.push(match failed {
                    Some(e) => Err(e),
                    None => Ok(out.into_bytes()),
                });
            }
            let out = self.decide_rows(py, prepared, threads, trace, with_json);
            batch::case_columns(py, &out, with_json)
        })
    }

    /// Explains the decision of one case in `lang` (`zh` or `en`).
    #[pyo3(signature = (case, lang = "zh"))]
    fn explain(&self, py: Python<'_>, case: &Bound<'_, PyAny>, lang: &str) -> PyResult<String> {
        guard(py, || {
            let lang = parse_lang(lang)?;
            let d = self.decide_one(py, case, true)?;
            Ok(mete_core::explain::explain(&d, lang))
        })
    }

    /// Audits records (dicts or JSON texts); returns the records' reports and the summary as
    /// JSON (`{"records": [...], "summary": {...}}`).
    #[pyo3(signature = (rows, threads = 1))]
    fn audit_json(
        &self,
        py: Python<'_>,
        rows: &Bound<'_, PyList>,
        threads: usize,
    ) -> PyResult<String> {
        guard(py, || {
            let reports = self.audit_rows(py, rows_json(rows), threads)?;
            let summary = summary_of(&reports);
            json(
                py,
                &AuditOut {
                    records: &reports,
                    summary,
                },
            )
        })
    }

    /// Audits records (dicts or JSON texts) into columns, with the summary as JSON.
    #[pyo3(signature = (rows, threads = 1))]
    fn audit_rows_columns<'py>(
        &self,
        py: Python<'py>,
        rows: &Bound<'py, PyList>,
        threads: usize,
    ) -> PyResult<(Bound<'py, PyDict>, String)> {
        guard(py, || {
            let reports = self.audit_rows(py, rows_json(rows), threads)?;
            Ok((
                batch::audit_columns(py, &reports)?,
                json(py, &summary_of(&reports))?,
            ))
        })
    }

    /// Audits records given as two columns, `case` and `recorded` (dicts or JSON texts).
    #[pyo3(signature = (cases, recorded, threads = 1))]
    fn audit_pairs_columns<'py>(
        &self,
        py: Python<'py>,
        cases: &Bound<'py, PyList>,
        recorded: &Bound<'py, PyList>,
        threads: usize,
    ) -> PyResult<(Bound<'py, PyDict>, String)> {
        guard(py, || {
            if cases.len() != recorded.len() {
                return Err(mete_error(
                    py,
                    "the case and recorded columns differ in length".into(),
                ));
            }
            let reports = self.audit_rows(py, pair_rows(cases, recorded), threads)?;
            Ok((
                batch::audit_columns(py, &reports)?,
                json(py, &summary_of(&reports))?,
            ))
        })
    }
}

/// Decides every case under `old` and `new` and reports what changed, as the JSON of
/// `mete diff --format json`'s report.
#[pyfunction]
#[pyo3(signature = (old, new, rows, threads = 1))]
pub fn diff_json(
    py: Python<'_>,
    old: &Bound<'_, Engine>,
    new: &Bound<'_, Engine>,
    rows: &Bound<'_, PyList>,
    threads: usize,
) -> PyResult<String> {
    guard(py, || {
        let (a, b) = (old.get().one(py, "diff")?, new.get().one(py, "diff")?);
        let prepared = rows_json(rows);
        let cases = py.detach(|| {
            batch::run(Threads::from_arg(threads), prepared.len(), |i| {
                let line = i + 1;
                let answer = match prepared.get(i) {
                    Some(Ok(json)) => batch::catch(|| diff_case(a, b, line, json)),
                    Some(Err(e)) => Err(mete_core::diff::error_text(&conv_case_error(e))),
                    None => Err("row out of range".to_string()),
                };
                answer.unwrap_or_else(|m| mete_core::diff::CaseDiff {
                    line,
                    violation: None,
                    status: mete_core::diff::DiffStatus::Error,
                    changes: Vec::new(),
                    old_error: Some(m.clone()),
                    new_error: Some(m),
                })
            })
        });
        let mut summary = DiffSummary::new();
        for c in &cases {
            summary.add(c);
        }
        let name = |b: &Rulebook| format!("{} {}", b.id(), b.version());
        json(
            py,
            &DiffReport {
                old: name(a),
                new: name(b),
                cases,
                summary,
            },
        )
    })
}
