//! WebAssembly bindings of mete: wasm-bindgen glue over the core's JSON-shaped API
//! ([`mete_core::api`]). No logic of its own: every call forwards to the core and hands back the
//! core's answer as a plain JavaScript object, tagged by `status`.
//!
//! The TypeScript types of those objects (`types/mete-types.d.ts`) are generated from the Rust
//! types' JSON Schemas by [`typegen`]; a test keeps the committed file current.
//!
//! Panics: every export runs inside [`answers::guard`] (`catch_unwind`). A `wasm32` build
//! aborts on panic, so a panic hook records the message and the package's JavaScript guard
//! (`js/guard.js`) turns the trap into the same typed `internal` error.

pub mod answers;
#[cfg(not(target_arch = "wasm32"))]
pub mod typegen;

use std::sync::Mutex;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES_IMPORT: &str = r#"
import type { CaseInput, CompileResult, EvaluateAnswer, ExplainAnswer, InternalError, ItemInfo, JsonSchemaObject, Lang, LoadResult, Sources, SurchargeAnswer, VersionsResult } from "./mete-types.js";
export type * from "./mete-types.js";
"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = set, catch)]
    fn reflect_set(target: &JsValue, key: &str, value: JsValue) -> Result<bool, JsValue>;
}

/// The message of the last panic, recorded by the hook for the JavaScript guard.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| info.to_string());
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(message);
        }
    }));
}

/// Takes the message of the last panic (used by the JavaScript guard after a trap).
#[wasm_bindgen(js_name = "__takePanic")]
pub fn take_panic() -> Option<String> {
    LAST_PANIC.lock().ok().and_then(|mut last| last.take())
}

/// Parses glue JSON text into a JavaScript object (never a bare string).
fn object(text: &str) -> JsValue {
    json_parse(text).unwrap_or_else(|e| {
        let err = answers::InternalError::new(
            "mete::wasm::serialise",
            format!("answer is not JSON: {e:?}"),
        );
        json_parse(&answers::to_json(&err)).unwrap_or(JsValue::NULL)
    })
}

/// JSON text of a JavaScript argument: a string is taken as JSON text already.
fn json_text(value: &JsValue) -> String {
    if let Some(s) = value.as_string() {
        return s;
    }
    json_stringify(value)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| "null".to_string())
}

/// Runs `f` under the panic guard and turns its JSON text into an object.
fn answer(f: impl FnOnce() -> String) -> JsValue {
    object(&answers::guard(f))
}

/// A compiled rulebook. Immutable; decide as many cases with it as you like.
#[wasm_bindgen(js_name = Rulebook)]
pub struct WasmRulebook {
    inner: mete_core::compile::Rulebook,
}

/// Loads a rulebook saved by `mete compile` (the same mete version). On success the answer
/// carries the `rulebook`, which decides exactly as the one compiled from source.
#[cfg(feature = "load")]
#[wasm_bindgen(unchecked_return_type = "LoadResult")]
pub fn load(bytes: &[u8]) -> JsValue {
    let mut book = None;
    let value = answer(|| {
        let (text, b) = answers::load(bytes);
        book = b;
        text
    });
    if let Some(inner) = book {
        let _ = reflect_set(&value, "rulebook", WasmRulebook { inner }.into());
    }
    value
}

/// Compiles the rulebook `root` from `sources` (file name → text; imports resolve among them).
/// On success the answer carries the compiled `rulebook`.
#[cfg(feature = "compile")]
#[wasm_bindgen(unchecked_return_type = "CompileResult")]
pub fn compile(
    #[wasm_bindgen(unchecked_param_type = "Sources")] sources: JsValue,
    root: &str,
) -> JsValue {
    let text = json_text(&sources);
    let mut book = None;
    let value = answer(|| {
        let (text, b) = answers::compile(&text, root);
        book = b;
        text
    });
    if let Some(inner) = book {
        // The answer is an object (a JSON object parsed above), so the property can be set.
        let _ = reflect_set(&value, "rulebook", WasmRulebook { inner }.into());
    }
    value
}

#[wasm_bindgen(js_class = Rulebook)]
impl WasmRulebook {
    /// Rulebook id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.checked().id.clone()
    }

    /// Version.
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> String {
        self.inner.checked().version.clone()
    }

    /// SHA-256 (hex) over the normalised sources.
    #[wasm_bindgen(getter, js_name = contentHash)]
    pub fn content_hash(&self) -> String {
        self.inner.checked().content_hash.clone()
    }

    /// Decides a case: a JSON text (read byte for byte) or an object (serialised first).
    #[wasm_bindgen(unchecked_return_type = "EvaluateAnswer | InternalError")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CaseInput")] case: JsValue,
    ) -> JsValue {
        let case = json_text(&case);
        answer(|| answers::evaluate(&self.inner, &case))
    }

    /// Decides a case and explains the decision in `lang` (`"en"` or `"zh"`).
    #[wasm_bindgen(unchecked_return_type = "ExplainAnswer | InternalError")]
    pub fn explain(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CaseInput")] case: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Lang")] lang: &str,
    ) -> JsValue {
        let case = json_text(&case);
        answer(|| answers::explain(&self.inner, &case, lang))
    }

    /// The JSON Schema of this rulebook's case input.
    #[wasm_bindgen(js_name = caseSchema, unchecked_return_type = "JsonSchemaObject | InternalError")]
    pub fn case_schema(&self) -> JsValue {
        answer(|| mete_core::api::case_schema(&self.inner))
    }

    /// Another handle on the same compiled rulebook (cheap: the rulebook is shared). Use it to
    /// keep a rulebook after handing it to `versions`, which takes the handles it is given.
    #[wasm_bindgen(js_name = clone)]
    pub fn clone_handle(&self) -> WasmRulebook {
        WasmRulebook {
            inner: self.inner.clone(),
        }
    }

    /// The violation items, in declared order, with their provisions.
    #[wasm_bindgen(unchecked_return_type = "ItemInfo[] | InternalError")]
    pub fn items(&self) -> JsValue {
        answer(|| answers::items(&self.inner))
    }
}

/// Several versions of one rulebook; a case is decided by the version art. 37 selects.
#[wasm_bindgen(js_name = RulebookSet)]
pub struct WasmRulebookSet {
    inner: mete_core::eval::RulebookSet,
}

/// Builds a version set from compiled versions of one rulebook. On success the answer carries the
/// `set`. The handles given are taken over (pass `book.clone()` to keep using a rulebook).
#[wasm_bindgen(unchecked_return_type = "VersionsResult")]
pub fn versions(books: Vec<WasmRulebook>) -> JsValue {
    let mut set = None;
    let value = answer(|| {
        let (text, s) = answers::versions(books.into_iter().map(|b| b.inner).collect());
        set = s;
        text
    });
    if let Some(inner) = set {
        let _ = reflect_set(&value, "set", WasmRulebookSet { inner }.into());
    }
    value
}

#[wasm_bindgen(js_class = RulebookSet)]
impl WasmRulebookSet {
    /// Decides a case with the version that applies to it.
    #[wasm_bindgen(unchecked_return_type = "EvaluateAnswer | InternalError")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CaseInput")] case: JsValue,
    ) -> JsValue {
        let case = json_text(&case);
        answer(|| answers::evaluate_versions(&self.inner, &case))
    }
}

/// The core's decision schema (`mete_core::api::decision_schema`), committed as text: the
/// schema is the same for every rulebook, and a static string spares the .wasm schemars'
/// generator. `cargo run -p mete-wasm --example gen-types` rewrites it; a test keeps it current.
pub const DECISION_SCHEMA: &str = include_str!("../types/decision.schema.json");

/// Where [`DECISION_SCHEMA`] lives, relative to the package.
pub const DECISION_SCHEMA_PATH: &str = "types/decision.schema.json";

/// The JSON Schema of a decision.
#[wasm_bindgen(js_name = decisionSchema, unchecked_return_type = "JsonSchemaObject | InternalError")]
pub fn decision_schema() -> JsValue {
    answer(|| DECISION_SCHEMA.to_string())
}

/// The late-payment surcharge (加处罚款) on `fine` (decimal text in yuan) after `daysOverdue`
/// days, not counting `excludedDays` under reconsideration or litigation.
#[wasm_bindgen(unchecked_return_type = "SurchargeAnswer | InternalError")]
pub fn surcharge(
    fine: &str,
    #[wasm_bindgen(js_name = daysOverdue)] days_overdue: i32,
    #[wasm_bindgen(js_name = excludedDays)] excluded_days: i32,
) -> JsValue {
    answer(|| answers::surcharge(fine, days_overdue.into(), excluded_days.into()))
}

/// The version of this package (the workspace version).
#[wasm_bindgen(js_name = packageVersion)]
pub fn package_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Panics on purpose, inside the guard: the test that proves no panic escapes untyped.
#[cfg(feature = "test-hooks")]
#[wasm_bindgen(js_name = "__testPanic", unchecked_return_type = "InternalError")]
pub fn test_panic(message: &str) -> JsValue {
    #[allow(clippy::panic)]
    answer(|| panic!("{message}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_committed_decision_schema_is_the_cores() {
        assert!(
            super::DECISION_SCHEMA == mete_core::api::decision_schema(),
            "{} is stale: run `cargo run -p mete-wasm --example gen-types`",
            super::DECISION_SCHEMA_PATH
        );
        assert!(super::DECISION_SCHEMA.contains("\"DecisionDto\""));
    }
}
