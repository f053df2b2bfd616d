//! The glue's answers as JSON text: plain Rust, callable and testable on the host.
//!
//! Each function here forwards to `mete_core::api` and serialises its answer; the only shapes
//! added are the glue's own failures ([`InternalError`]: a panic or an argument the core never
//! saw) and the version-set answer.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use mete_core::api;
use mete_core::ast::Lang;
use mete_core::compile::Rulebook;
use mete_core::diagnostic::{DiagnosticDto, Severity};
use mete_core::eval::{RulebookSet, VersionSetError};
use schemars::JsonSchema;
use serde::Serialize;

/// What every call answers when the glue itself fails: a Rust panic caught at the boundary, or an
/// argument of the wrong shape. `{"status": "error", "kind": "internal", "code", "message"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum InternalError {
    /// The only variant: an error.
    Error {
        /// Always `internal`.
        kind: InternalKind,
        /// `mete::wasm::panic` or `mete::wasm::bad_argument`.
        code: String,
        /// What went wrong.
        message: String,
    },
}

/// The `kind` of an [`InternalError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InternalKind {
    /// A failure of the binding, not of the rulebook or the case.
    Internal,
}

impl InternalError {
    /// An internal error with `code` and `message`.
    pub fn new(code: &str, message: String) -> Self {
        InternalError::Error {
            kind: InternalKind::Internal,
            code: code.to_string(),
            message,
        }
    }
}

/// The answer of building a version set (art. 37) from compiled rulebooks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum VersionsAnswer {
    /// The versions form a set.
    Ok {
        /// Rulebook id shared by every version.
        id: String,
        /// The versions given, in the order given.
        versions: Vec<String>,
    },
    /// They do not (different ids, a repeated version, none at all).
    Error(VersionSetError),
}

/// The answer of loading a saved rulebook (`mete compile`'s output).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum LoadAnswer {
    /// Loaded.
    Ok {
        /// Rulebook id.
        id: String,
        /// Version.
        version: String,
        /// SHA-256 (hex) over the normalised sources it was compiled from.
        content_hash: String,
    },
    /// Not loaded.
    Error {
        /// `mete::load::not_saved`, `mete::load::version`, `mete::load::checksum` or
        /// `mete::load::malformed`.
        code: String,
        /// Why, and what to do.
        message: String,
    },
}

/// Loads a saved rulebook.
pub fn load(bytes: &[u8]) -> (String, Option<Rulebook>) {
    match Rulebook::load(bytes) {
        Ok(book) => {
            let checked = book.checked();
            let answer = LoadAnswer::Ok {
                id: checked.id.clone(),
                version: checked.version.clone(),
                content_hash: checked.content_hash.clone(),
            };
            (to_json(&answer), Some(book))
        }
        Err(e) => {
            let answer = LoadAnswer::Error {
                code: e.code().to_string(),
                message: e.to_string(),
            };
            (to_json(&answer), None)
        }
    }
}

/// Serialises `value` compactly; a serialisation failure becomes an [`InternalError`] text.
pub fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|e| internal_json("mete::wasm::serialise", &e))
}

fn internal_json(code: &str, e: &dyn std::fmt::Display) -> String {
    let err = InternalError::new(code, e.to_string());
    // A two-field enum of strings always serialises; the fallback keeps the no-panic promise.
    serde_json::to_string(&err).unwrap_or_else(|_| {
        String::from(
            r#"{"status":"error","kind":"internal","code":"mete::wasm::serialise","message":""}"#,
        )
    })
}

/// Runs `f`, turning a panic into an [`InternalError`] text (`mete::wasm::panic`).
///
/// This catches on the host and in any build that unwinds; a `wasm32` build aborts on panic
/// instead, so the package's JavaScript guard turns the resulting trap into the same answer.
pub fn guard(f: impl FnOnce() -> String) -> String {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(text) => text,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_string());
            internal_json("mete::wasm::panic", &message)
        }
    }
}

/// A compile error answer carrying one diagnostic of the glue (bad `sources` argument).
fn sources_error(message: String) -> api::CompileAnswer {
    api::CompileAnswer::Error {
        diagnostics: vec![DiagnosticDto {
            severity: Severity::Error,
            code: "mete::wasm::bad_sources".to_string(),
            message,
            file: None,
            line: None,
            col: None,
            help: Some(
                "pass an object mapping file names to rulebook texts, e.g. {\"a.mete\": \"…\"}"
                    .to_string(),
            ),
            labels: Vec::new(),
        }],
    }
}

/// Compiles `root` among `sources_json` (a JSON object: file name → text).
pub fn compile(sources_json: &str, root: &str) -> (String, Option<Rulebook>) {
    let sources: BTreeMap<String, String> = match serde_json::from_str(sources_json) {
        Ok(s) => s,
        Err(e) => return (to_json(&sources_error(e.to_string())), None),
    };
    let (answer, book) = api::compile_rulebook(&sources, root);
    (to_json(&answer), book)
}

/// Decides `case_json` with `book`.
pub fn evaluate(book: &Rulebook, case_json: &str) -> String {
    to_json(&api::evaluate(book, case_json))
}

/// Decides `case_json` with the version of `set` that art. 37 selects.
pub fn evaluate_versions(set: &RulebookSet, case_json: &str) -> String {
    to_json(&api::evaluate_versions(set, case_json))
}

/// Reads a language name: `en` or `zh`.
pub fn lang(name: &str) -> Option<Lang> {
    match name {
        "en" => Some(Lang::En),
        "zh" => Some(Lang::Zh),
        _ => None,
    }
}

/// Decides and explains `case_json` in `lang` (`en` or `zh`).
pub fn explain(book: &Rulebook, case_json: &str, lang_name: &str) -> String {
    match lang(lang_name) {
        Some(l) => to_json(&api::explain(book, case_json, l)),
        None => to_json(&InternalError::new(
            "mete::wasm::bad_argument",
            format!("language `{lang_name}` is neither `en` nor `zh`"),
        )),
    }
}

/// The items of `book`.
pub fn items(book: &Rulebook) -> String {
    to_json(&api::items(book))
}

/// The late-payment surcharge.
pub fn surcharge(fine: &str, days_overdue: i64, excluded_days: i64) -> String {
    to_json(&api::surcharge(fine, days_overdue, excluded_days))
}

/// Builds a version set from `books`.
pub fn versions(books: Vec<Rulebook>) -> (String, Option<RulebookSet>) {
    let id = books
        .first()
        .map(|b| b.checked().id.clone())
        .unwrap_or_default();
    let names: Vec<String> = books.iter().map(|b| b.checked().version.clone()).collect();
    match RulebookSet::new(books) {
        Ok(set) => (
            to_json(&VersionsAnswer::Ok {
                id,
                versions: names,
            }),
            Some(set),
        ),
        Err(e) => (to_json(&VersionsAnswer::Error(e)), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOOK: &str = r#"rulebook demo version "1"
"#;

    #[test]
    fn a_panic_becomes_a_typed_error() {
        #[allow(clippy::panic)]
        let text = guard(|| panic!("boom {}", 7));
        let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(v["status"], "error");
        assert_eq!(v["kind"], "internal");
        assert_eq!(v["code"], "mete::wasm::panic");
        assert_eq!(v["message"], "boom 7");
    }

    #[test]
    fn sources_of_the_wrong_shape_are_a_diagnostic() {
        let (text, book) = compile("[1, 2]", "a.mete");
        assert!(book.is_none());
        let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(v["status"], "error");
        assert_eq!(v["diagnostics"][0]["code"], "mete::wasm::bad_sources");
    }

    #[test]
    fn a_missing_root_is_the_core_diagnostic() {
        let (text, _) = compile(
            &to_json(&[("a.mete", BOOK)].into_iter().collect::<BTreeMap<_, _>>()),
            "b.mete",
        );
        let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(v["diagnostics"][0]["code"], "mete::api::no_root");
    }

    #[test]
    fn an_unknown_language_is_a_bad_argument() {
        assert_eq!(lang("fr"), None);
        assert_eq!(lang("zh"), Some(Lang::Zh));
    }

    #[test]
    fn a_source_text_is_not_a_saved_rulebook() {
        let (text, book) = load(BOOK.as_bytes());
        assert!(book.is_none());
        let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(v["status"], "error");
        assert_eq!(v["code"], "mete::load::not_saved");
    }

    #[test]
    fn a_saved_rulebook_loads_with_its_identity() {
        let src = "rulebook \"demo\" { version \"2\" effective from 2024-01-01 }\n";
        let sources = [("a.mete".to_string(), src.to_string())]
            .into_iter()
            .collect();
        let (_, book) = api::compile_rulebook(&sources, "a.mete");
        let book = book.unwrap_or_else(|| unreachable!("the demo rulebook compiles"));
        let (text, loaded) = load(&book.save());
        assert!(loaded.is_some());
        let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(v["status"], "ok");
        assert_eq!(
            (v["id"].as_str(), v["version"].as_str()),
            (Some("demo"), Some("2"))
        );
        assert_eq!(
            v["content_hash"].as_str(),
            Some(book.checked().content_hash.as_str())
        );
    }

    #[test]
    fn surcharge_is_the_core_answer() {
        assert_eq!(
            surcharge("10000", 20, 0),
            r#"{"status":"ok","surcharge":"6000","days_counted":20}"#
        );
    }
}
