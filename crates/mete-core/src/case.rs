//! Case input: JSON → [`Case`], with every problem reported by JSON path.
//!
//! The reader is our own small JSON parser (`case/json.rs`) so that numbers are read exactly from
//! their text (never through binary floating point), duplicate keys are errors, and size, depth
//! and list-length limits hold before any allocation grows with hostile input.

pub mod err;
pub mod json;
mod read;
mod schema;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::Serialize;

use crate::compile::Rulebook;
use crate::ir::{FactId, ItemId, Value};
use json::{JsonKind, push_key};
use read::{ENVELOPE, Reader, suggestion};

/// A case ready to evaluate (facts in slots). Built by [`crate::compile::Rulebook::read_case`] or
/// [`Case::builder`]; either way every value has been checked against the rulebook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The violation items: one, or several for one act under several provisions (art. 29).
    pub(crate) items: Vec<ItemId>,
    /// Date of the act.
    pub(crate) act_date: Option<NaiveDate>,
    /// Date of the decision.
    pub(crate) decision_date: Option<NaiveDate>,
    /// By [`FactId`]; defaults filled; `None` only for an optional fact not given.
    pub(crate) facts: Vec<Option<Value>>,
}

impl Case {
    /// Starts a case for `rulebook` from values already in hand.
    pub fn builder(rulebook: &Rulebook) -> CaseBuilder<'_> {
        CaseBuilder {
            rulebook,
            items: Vec::new(),
            act_date: None,
            decision_date: None,
            facts: Vec::new(),
        }
    }

    /// The violation items (at least one).
    pub fn items(&self) -> &[ItemId] {
        &self.items
    }

    /// Date of the act, when given.
    pub fn act_date(&self) -> Option<NaiveDate> {
        self.act_date
    }

    /// Date of the decision, when given.
    pub fn decision_date(&self) -> Option<NaiveDate> {
        self.decision_date
    }

    /// The value of a fact: given, or its default; `None` for an optional fact not given.
    pub fn fact(&self, id: FactId) -> Option<&Value> {
        self.facts.get(id.index()).and_then(Option::as_ref)
    }

    /// Every fact's value, by [`FactId`].
    pub fn facts(&self) -> &[Option<Value>] {
        &self.facts
    }
}

/// Builds a [`Case`] from Rust values, with the same checks as [`Rulebook::read_case`].
#[derive(Debug, Clone)]
pub struct CaseBuilder<'r> {
    rulebook: &'r Rulebook,
    items: Vec<String>,
    act_date: Option<NaiveDate>,
    decision_date: Option<NaiveDate>,
    facts: Vec<(String, Value)>,
}

impl CaseBuilder<'_> {
    /// Adds a violation item by id (call again for one act under several provisions).
    pub fn violation(mut self, id: &str) -> Self {
        self.items.push(id.to_string());
        self
    }

    /// Sets the date of the act.
    pub fn act_date(mut self, date: NaiveDate) -> Self {
        self.act_date = Some(date);
        self
    }

    /// Sets the date of the decision.
    pub fn decision_date(mut self, date: NaiveDate) -> Self {
        self.decision_date = Some(date);
        self
    }

    /// Gives the fact `name` the value `value`.
    pub fn set(mut self, name: &str, value: Value) -> Self {
        self.facts.push((name.to_string(), value));
        self
    }

    /// Checks everything and returns the case, or every problem found.
    pub fn build(self) -> Result<Case, CaseError> {
        let book = self.rulebook.checked();
        let mut r = Reader::new(book);
        let mut items = Vec::new();
        if self.items.is_empty() {
            r.problem(
                "$",
                err::MISSING_VIOLATION,
                "the case names no violation item".into(),
                Some("call `violation` with the item's id".into()),
            );
        }
        let several = self.items.len() > 1;
        for (i, id) in self.items.iter().enumerate() {
            let path = if several {
                format!("$.violations[{i}]")
            } else {
                "$.violation".to_string()
            };
            if let Some(item) = r.item_by_name(id, &path) {
                push_item(&mut r, &mut items, item, id, &path);
            }
        }
        let mut slots = Slots::new(book.facts.len());
        for (name, value) in self.facts {
            let mut path = String::from("$");
            push_key(&mut path, &name);
            let Some(id) = book.fact_index(&name) else {
                unknown_key(&mut r, &name, &path);
                continue;
            };
            if slots.is_given(id) {
                r.duplicate_key(&name, &path);
                continue;
            }
            slots.mark_given(id);
            let Some(fact) = book.fact(id) else { continue };
            if !r.conforms(&value, fact.ty) {
                let expected = r.type_name(fact.ty);
                r.problem(
                    &path,
                    err::WRONG_TYPE,
                    format!("expected {expected} for `{name}`"),
                    None,
                );
                continue;
            }
            if r.in_range(fact, &value, &path) {
                slots.put(id, value);
            }
        }
        slots.finish(&mut r);
        if r.problems.is_empty() {
            Ok(Case {
                items,
                act_date: self.act_date,
                decision_date: self.decision_date,
                facts: slots.values,
            })
        } else {
            Err(CaseError {
                problems: r.problems,
            })
        }
    }
}

/// Fact values being filled, with which were given (even as `null` or with a bad value).
struct Slots {
    values: Vec<Option<Value>>,
    given: Vec<bool>,
}

impl Slots {
    fn new(n: usize) -> Self {
        Slots {
            values: vec![None; n],
            given: vec![false; n],
        }
    }

    fn is_given(&self, id: FactId) -> bool {
        self.given.get(id.index()).copied().unwrap_or(false)
    }

    fn mark_given(&mut self, id: FactId) {
        if let Some(g) = self.given.get_mut(id.index()) {
            *g = true;
        }
    }

    fn put(&mut self, id: FactId, v: Value) {
        if let Some(s) = self.values.get_mut(id.index()) {
            *s = Some(v);
        }
    }

    /// Fills defaults and reports every required fact left out (or given as `null`).
    fn finish(&mut self, r: &mut Reader<'_>) {
        let book = r.book;
        for ((fact, slot), given) in book.facts.iter().zip(&mut self.values).zip(&self.given) {
            if *given || slot.is_some() {
                continue;
            }
            if let Some(d) = &fact.default {
                *slot = Some(d.clone());
            } else if !fact.optional {
                let mut path = String::from("$");
                push_key(&mut path, &fact.name);
                r.problem(
                    &path,
                    err::MISSING_FACT,
                    format!("the case does not give `{}`", fact.name),
                    Some(format!("give `{}` ({})", fact.name, fact.label)),
                );
            }
        }
    }
}

fn unknown_key(r: &mut Reader<'_>, key: &str, path: &str) {
    let book = r.book;
    let names = ENVELOPE
        .iter()
        .copied()
        .chain(book.facts.iter().map(|f| f.name.as_str()));
    let hint = suggestion(key, names, "accepted keys");
    r.problem(
        path,
        err::UNKNOWN_KEY,
        format!("`{}` is not a fact of this rulebook", read::clip(key)),
        hint,
    );
}

fn push_item(r: &mut Reader<'_>, items: &mut Vec<ItemId>, item: ItemId, id: &str, path: &str) {
    if items.contains(&item) {
        r.problem(
            path,
            err::DUPLICATE_VIOLATION,
            format!("`{id}` is listed twice"),
            Some("list each violation item once".into()),
        );
    } else {
        items.push(item);
    }
}

impl Rulebook {
    /// Reads a case from JSON text, checking it against this rulebook's facts; on failure, every
    /// problem found, each with its JSON path, in document order.
    ///
    /// ```
    /// use mete_core::case::CaseOptions;
    /// use mete_core::check::{CheckOptions, MemoryLoader};
    /// use mete_core::compile::Rulebook;
    ///
    /// let src = r#"rulebook "demo" { version "1" effective from 2024-01-01 }
    /// facts { goods_value: money "货值金额" }
    /// violation A-1 "a" { fine 100 to 1000 tier t "一般" otherwise }
    /// "#;
    /// let loader = MemoryLoader::new([("demo.mete", src)]);
    /// let (book, _warnings) =
    ///     Rulebook::from_source("demo.mete", src.as_bytes(), &loader, &CheckOptions::default())
    ///         .map_err(|e| format!("{} diagnostics", e.diagnostics.len()))?;
    ///
    /// let case = book.read_case(br#"{"violation": "A-1", "goods_value": "8000.50"}"#,
    ///     &CaseOptions::default())?;
    /// assert_eq!(case.items().len(), 1);
    ///
    /// let err = book
    ///     .read_case(br#"{"violation": "A-1", "goods_valu": 1}"#, &CaseOptions::default())
    ///     .unwrap_err();
    /// assert_eq!(err.problems[0].path, "$.goods_valu");
    /// assert_eq!(err.problems[0].hint.as_deref(), Some("did you mean `goods_value`?"));
    /// assert_eq!(err.problems[1].code, "mete::case::missing_fact");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_case(&self, json: &[u8], options: &CaseOptions) -> Result<Case, CaseError> {
        let tree = json::parse(json, options).map_err(|e| CaseError {
            problems: vec![CaseProblem {
                path: e.path,
                code: e.code.to_string(),
                message: e.message,
                hint: e.hint,
            }],
        })?;
        self.case_from_json(&tree)
    }

    /// Reads a case from an already parsed JSON tree (see [`json::parse`]).
    pub fn case_from_json(&self, tree: &json::Json) -> Result<Case, CaseError> {
        let book = self.checked();
        let mut r = Reader::new(book);
        let JsonKind::Object(members) = &tree.kind else {
            r.problem(
                "$",
                err::NOT_OBJECT,
                format!("a case is a JSON object, found {}", read::found(tree)),
                Some("write `{\"violation\": \"…\", \"act_date\": \"…\", …}`".into()),
            );
            return Err(CaseError {
                problems: r.problems,
            });
        };
        let mut items = Vec::new();
        let (mut act_date, mut decision_date) = (None, None);
        let (mut seen_one, mut seen_many) = (false, false);
        let mut slots = Slots::new(book.facts.len());
        for m in members {
            let mut path = String::from("$");
            push_key(&mut path, &m.key);
            if m.duplicate {
                r.duplicate_key(&m.key, &path);
                continue;
            }
            match m.key.as_str() {
                "violation" => {
                    seen_one = true;
                    if seen_many {
                        both(&mut r, &path);
                    }
                    if let Some(item) = r.item_id(&m.value, &path) {
                        push_item(&mut r, &mut items, item, &m.key, &path);
                    }
                }
                "violations" => {
                    seen_many = true;
                    if seen_one {
                        both(&mut r, &path);
                    }
                    match &m.value.kind {
                        JsonKind::Array(list) if list.is_empty() => r.problem(
                            &path,
                            err::EMPTY_VIOLATIONS,
                            "`violations` lists no item".into(),
                            Some("list at least one violation item id".into()),
                        ),
                        JsonKind::Array(list) => {
                            for (i, j) in list.iter().enumerate() {
                                let p = format!("{path}[{i}]");
                                if let Some(item) = r.item_id(j, &p) {
                                    let id = match &j.kind {
                                        JsonKind::String(s) => s.as_str(),
                                        _ => "",
                                    };
                                    push_item(&mut r, &mut items, item, id, &p);
                                }
                            }
                        }
                        _ => r.problem(
                            &path,
                            err::WRONG_TYPE,
                            format!(
                                "expected an array of violation item ids, found {}",
                                read::found(&m.value)
                            ),
                            Some("write e.g. `[\"FS-124\", \"FS-125\"]`".into()),
                        ),
                    }
                }
                "act_date" => act_date = r.date(&m.value, &path),
                "decision_date" => decision_date = r.date(&m.value, &path),
                name => {
                    let Some(id) = book.fact_index(name) else {
                        unknown_key(&mut r, name, &path);
                        continue;
                    };
                    if m.value.kind == JsonKind::Null {
                        // `null` means "not given": fine for optional and defaulted facts.
                        continue;
                    }
                    slots.mark_given(id);
                    let Some(fact) = book.fact(id) else { continue };
                    if let Some(v) = r.value(&m.value, fact.ty, &path) {
                        if r.in_range(fact, &v, &path) {
                            slots.put(id, v);
                        }
                    }
                }
            }
        }
        if !seen_one && !seen_many {
            r.problem(
                "$",
                err::MISSING_VIOLATION,
                "the case names no violation item".into(),
                Some(
                    "add `\"violation\": \"<item id>\"`, or `\"violations\": [...]` for one act under several provisions"
                        .into(),
                ),
            );
        }
        slots.finish(&mut r);
        if r.problems.is_empty() {
            Ok(Case {
                items,
                act_date,
                decision_date,
                facts: slots.values,
            })
        } else {
            Err(CaseError {
                problems: r.problems,
            })
        }
    }

    /// The JSON Schema (draft 2020-12) of this rulebook's case input, pretty-printed with a
    /// trailing newline. Deterministic: the same rulebook always gives the same text.
    pub fn case_schema(&self) -> String {
        schema::case_schema(self.checked())
    }
}

fn both(r: &mut Reader<'_>, path: &str) {
    r.problem(
        path,
        err::BOTH_VIOLATION,
        "the case gives both `violation` and `violations`".into(),
        Some("use `violation` for one item, or `violations` for several, not both".into()),
    );
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
