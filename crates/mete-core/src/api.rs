//! The JSON-in, JSON-out boundary that the WASM and Python bindings wrap.
//!
//! Every function here answers; none panics or returns a Rust error. Answers are serde types
//! tagged by `status` (`"ok"` or `"error"`), with a field order that is part of the contract:
//!
//! ```json
//! {"status": "ok", "id": "…", "version": "…", "content_hash": "…", "items": [...], "warnings": [...]}
//! {"status": "error", "diagnostics": [...]}
//! {"status": "ok", "decision": {...}}
//! {"status": "error", "kind": "case", "problems": [...]}
//! {"status": "error", "kind": "eval", "code": "…", "message": "…", "item": "…"}
//! ```
//!
//! A binding compiles once with [`compile_rulebook`], keeps the [`Rulebook`] (cheap to clone,
//! `Send + Sync`) and decides many cases with [`evaluate`].

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

use crate::ast::Lang;
use crate::case::CaseOptions;
use crate::check::{CheckOptions, MemoryLoader};
use crate::compile::Rulebook;
use crate::decision::DecisionDto;
use crate::diagnostic::{Diagnostic, DiagnosticDto};
use crate::eval::{EvalOptions, EvaluateError, RulebookSet};
use crate::span::SourceMap;

/// The answer to [`compile`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CompileAnswer {
    /// The rulebook compiled (perhaps with warnings).
    Ok {
        /// Rulebook id.
        id: String,
        /// Version.
        version: String,
        /// SHA-256 (hex) over the normalised sources of every file loaded.
        content_hash: String,
        /// The violation items, in declared order.
        items: Vec<ItemSummary>,
        /// Warnings, sorted by position.
        warnings: Vec<DiagnosticDto>,
    },
    /// The rulebook has errors.
    Error {
        /// Every diagnostic (errors and warnings), sorted by position.
        diagnostics: Vec<DiagnosticDto>,
    },
}

/// A violation item in a [`CompileAnswer`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ItemSummary {
    /// Item id.
    pub id: String,
    /// Title.
    pub title: String,
}

/// A violation item with its provisions, from [`items`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ItemInfo {
    /// Item id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Provisions violated.
    pub violates: Vec<String>,
    /// Provisions that set the penalty.
    pub cite: Vec<String>,
}

/// The answer to [`evaluate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum EvaluateAnswer {
    /// The case was decided.
    Ok {
        /// The decision.
        decision: Box<DecisionDto>,
    },
    /// The case has problems (`"kind": "case"`) or could not be decided (`"kind": "eval"`).
    Error(EvaluateError),
}

/// The answer to [`explain`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ExplainAnswer {
    /// The explanation.
    Ok {
        /// Readable text, ending with a newline.
        text: String,
    },
    /// As for [`EvaluateAnswer::Error`].
    Error(EvaluateError),
}

/// The answer to [`surcharge`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SurchargeAnswer {
    /// The surcharge, a decimal string in yuan.
    Ok {
        /// Surcharge (加处罚款), never more than the fine.
        surcharge: String,
        /// Days counted: overdue days less excluded days, never negative.
        days_counted: i64,
    },
    /// The input is not usable.
    Error {
        /// Stable code, `mete::api::<kind>`.
        code: String,
        /// One-line message.
        message: String,
    },
}

fn diagnostics(diags: &[Diagnostic], sources: &SourceMap) -> Vec<DiagnosticDto> {
    diags.iter().map(|d| d.to_dto(sources)).collect()
}

/// Compiles the rulebook `root` from in-memory `sources` (file name → text; imports resolve
/// among them) and returns both the answer and, on success, the rulebook.
pub fn compile_rulebook(
    sources: &BTreeMap<String, String>,
    root: &str,
) -> (CompileAnswer, Option<Rulebook>) {
    let Some(text) = sources.get(root) else {
        let names: Vec<&str> = sources.keys().map(String::as_str).collect();
        let help = if names.is_empty() {
            "no source files were given".to_string()
        } else {
            format!("the files given are {}", quoted(&names))
        };
        let diag = Diagnostic {
            severity: crate::diagnostic::Severity::Error,
            code: "mete::api::no_root",
            message: format!("no source named `{root}`"),
            labels: Vec::new(),
            help: Some(help),
        };
        let dto = diag.to_dto(&SourceMap::new());
        return (
            CompileAnswer::Error {
                diagnostics: vec![dto],
            },
            None,
        );
    };
    let loader = MemoryLoader {
        files: sources.clone(),
    };
    match Rulebook::from_source(root, text.as_bytes(), &loader, &CheckOptions::default()) {
        Ok((book, warnings)) => {
            let c = book.checked();
            let answer = CompileAnswer::Ok {
                id: c.id.clone(),
                version: c.version.clone(),
                content_hash: c.content_hash.clone(),
                items: c
                    .items
                    .iter()
                    .map(|i| ItemSummary {
                        id: i.id.clone(),
                        title: i.title.clone(),
                    })
                    .collect(),
                warnings: diagnostics(&warnings, &book.inner.sources),
            };
            (answer, Some(book))
        }
        Err(e) => (
            CompileAnswer::Error {
                diagnostics: diagnostics(&e.diagnostics, &e.sources),
            },
            None,
        ),
    }
}

fn quoted(names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    q.join(", ")
}

/// Compiles and reports, dropping the rulebook (see [`compile_rulebook`] to keep it).
pub fn compile(sources: &BTreeMap<String, String>, root: &str) -> CompileAnswer {
    compile_rulebook(sources, root).0
}

fn decide(book: &Rulebook, case_json: &str) -> Result<DecisionDto, EvaluateError> {
    book.evaluate_json(
        case_json.as_bytes(),
        &EvalOptions::default(),
        &CaseOptions::default(),
    )
}

/// Reads `case_json` against `book` and decides it.
pub fn evaluate(book: &Rulebook, case_json: &str) -> EvaluateAnswer {
    match decide(book, case_json) {
        Ok(d) => EvaluateAnswer::Ok {
            decision: Box::new(d),
        },
        Err(e) => EvaluateAnswer::Error(e),
    }
}

/// Decides `case_json` under the version of `set` that art. 37 selects.
pub fn evaluate_versions(set: &RulebookSet, case_json: &str) -> EvaluateAnswer {
    match set.evaluate_json(
        case_json.as_bytes(),
        &EvalOptions::default(),
        &CaseOptions::default(),
    ) {
        Ok(d) => EvaluateAnswer::Ok {
            decision: Box::new(d),
        },
        Err(e) => EvaluateAnswer::Error(e),
    }
}

/// Decides `case_json` and explains the decision in `lang`.
pub fn explain(book: &Rulebook, case_json: &str, lang: Lang) -> ExplainAnswer {
    match decide(book, case_json) {
        Ok(d) => ExplainAnswer::Ok {
            text: crate::explain::explain(&d, lang),
        },
        Err(e) => ExplainAnswer::Error(e),
    }
}

/// The JSON Schema of `book`'s case input (pretty, trailing newline).
pub fn case_schema(book: &Rulebook) -> String {
    book.case_schema()
}

/// The JSON Schema of the decision (pretty, trailing newline).
pub fn decision_schema() -> String {
    crate::decision::decision_schema()
}

/// The violation items of `book`, in declared order.
pub fn items(book: &Rulebook) -> Vec<ItemInfo> {
    book.checked()
        .items
        .iter()
        .map(|i| ItemInfo {
            id: i.id.clone(),
            title: i.title.clone(),
            violates: i.violates.clone(),
            cite: i.cite.clone(),
        })
        .collect()
}

/// The late-payment surcharge (加处罚款, art. 72) on `fine` (a decimal string in yuan) after
/// `days_overdue` days, not counting `excluded_days` under reconsideration or litigation
/// (art. 73): 3% of the fine per day, never more than the fine.
///
/// ```
/// use mete_core::api::{surcharge, SurchargeAnswer};
/// let answer = surcharge("10000", 20, 0);
/// assert_eq!(answer, SurchargeAnswer::Ok { surcharge: "6000".into(), days_counted: 20 });
/// let capped = surcharge("10000", 40, 0);
/// assert_eq!(capped, SurchargeAnswer::Ok { surcharge: "10000".into(), days_counted: 40 });
/// ```
pub fn surcharge(fine: &str, days_overdue: i64, excluded_days: i64) -> SurchargeAnswer {
    let error = |code: &str, message: String| SurchargeAnswer::Error {
        code: code.to_string(),
        message,
    };
    let Some(amount) = parse_amount(fine) else {
        return error(
            "mete::api::bad_amount",
            format!("`{fine}` is not a decimal amount such as `10000` or `2500.50`"),
        );
    };
    if amount.is_sign_negative() && !amount.is_zero() {
        return error(
            "mete::api::negative_amount",
            format!("the fine `{fine}` is negative"),
        );
    }
    let days = days_overdue
        .max(0)
        .saturating_sub(excluded_days.max(0))
        .max(0);
    match crate::eval::money::late_payment_surcharge(amount, days_overdue, excluded_days) {
        Some(s) => SurchargeAnswer::Ok {
            surcharge: crate::eval::money::amount_text(s),
            days_counted: days,
        },
        None => error(
            "mete::api::overflow",
            "the surcharge is too large to compute exactly".to_string(),
        ),
    }
}

/// A plain decimal: optional `-`, digits, optional `.` and digits (no exponent, no spaces).
fn parse_amount(s: &str) -> Option<Decimal> {
    let body = s.strip_prefix('-').unwrap_or(s);
    let mut parts = body.splitn(2, '.');
    let int = parts.next()?;
    let frac = parts.next();
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    s.parse::<Decimal>().ok()
}

#[cfg(test)]
mod tests;
