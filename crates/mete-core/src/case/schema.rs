//! The JSON Schema (draft 2020-12) of a rulebook's case input, generated from its declarations.
//!
//! Built as `serde_json` values. The crate does not enable serde_json's `preserve_order`
//! feature, so objects are sorted maps: keys come out in alphabetical order, which is
//! deterministic. Amounts stay exact: defaults are written as decimal strings, and `minimum` /
//! `maximum` are emitted only for bounds that are whole numbers (the exact bounds are always in
//! `x-range` as strings).

use rust_decimal::Decimal;
use serde_json::{Map, Value as J, json};

use super::read::numeric;
use crate::ir::{CheckedRulebook, EnumId, FieldDef, Type, Value};

const DECIMAL_PATTERN: &str = "^-?[0-9]+(\\.[0-9]+)?$";
const INT_PATTERN: &str = "^-?[0-9]+$";
const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
const DURATION_PATTERN: &str = "^P(?=[0-9])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?$";

pub(crate) fn case_schema(book: &CheckedRulebook) -> String {
    let mut props = Map::new();
    let mut labels = Map::new();
    for item in &book.items {
        labels.insert(item.id.clone(), J::String(item.title.clone()));
    }
    let ids: Vec<J> = book.items.iter().map(|i| J::String(i.id.clone())).collect();
    props.insert(
        "violation".into(),
        json!({
            "title": "violation item",
            "description": "the id of the violation item this case is about",
            "type": "string",
            "enum": ids,
            "x-labels": labels,
        }),
    );
    props.insert(
        "violations".into(),
        json!({
            "title": "violation items",
            "description": "one act under several provisions: every item it violates",
            "type": "array",
            "minItems": 1,
            "uniqueItems": true,
            "items": { "$ref": "#/properties/violation" },
        }),
    );
    props.insert(
        "act_date".into(),
        J::Object(with_text(date(), "date of the act", None)),
    );
    props.insert(
        "decision_date".into(),
        J::Object(with_text(date(), "date of the decision", None)),
    );
    let mut required = Vec::new();
    for f in &book.facts {
        let mut s = type_schema(book, f.ty);
        if let Some((lo, hi)) = &f.range {
            if let (Some(a), Some(b)) = (numeric(lo), numeric(hi)) {
                if let Some(n) = whole(a) {
                    s.insert("minimum".into(), J::from(n));
                }
                if let Some(n) = whole(b) {
                    s.insert("maximum".into(), J::from(n));
                }
                s.insert(
                    "x-range".into(),
                    json!([a.normalize().to_string(), b.normalize().to_string()]),
                );
            }
        }
        if let Some(d) = &f.default {
            s.insert("default".into(), value_json(book, d));
        }
        if f.default.is_none() && !f.optional {
            required.push(J::String(f.name.clone()));
        }
        props.insert(
            f.name.clone(),
            J::Object(with_text(s, &f.label, f.note.as_deref())),
        );
    }
    let title = format!("case for {} {}", book.id, book.version);
    let mut root = Map::new();
    root.insert(
        "$schema".into(),
        J::String("https://json-schema.org/draft/2020-12/schema".into()),
    );
    root.insert("title".into(), J::String(title));
    if let Some(t) = &book.title {
        root.insert("description".into(), J::String(t.clone()));
    }
    root.insert("type".into(), J::String("object".into()));
    root.insert("additionalProperties".into(), J::Bool(false));
    root.insert("properties".into(), J::Object(props));
    root.insert("required".into(), J::Array(required));
    root.insert(
        "oneOf".into(),
        json!([{ "required": ["violation"] }, { "required": ["violations"] }]),
    );
    let mut text = serde_json::to_string_pretty(&J::Object(root)).unwrap_or_default();
    text.push('\n');
    text
}

fn with_text(mut s: Map<String, J>, title: &str, description: Option<&str>) -> Map<String, J> {
    s.insert("title".into(), J::String(title.to_string()));
    if let Some(d) = description {
        s.insert("description".into(), J::String(d.to_string()));
    }
    s
}

fn obj(v: J) -> Map<String, J> {
    match v {
        J::Object(m) => m,
        _ => Map::new(),
    }
}

fn date() -> Map<String, J> {
    obj(json!({ "type": "string", "format": "date", "pattern": DATE_PATTERN }))
}

fn whole(d: Decimal) -> Option<i64> {
    if d.fract().is_zero() {
        i64::try_from(d).ok()
    } else {
        None
    }
}

fn enum_schema(book: &CheckedRulebook, e: EnumId) -> Map<String, J> {
    let Some(def) = book.enum_def(e) else {
        return obj(json!({ "type": "string" }));
    };
    let names: Vec<J> = def
        .variants
        .iter()
        .map(|v| J::String(v.name.clone()))
        .collect();
    let mut labels = Map::new();
    for v in &def.variants {
        if let Some(l) = &v.label {
            labels.insert(v.name.clone(), J::String(l.clone()));
        }
    }
    obj(json!({ "type": "string", "enum": names, "x-labels": labels }))
}

fn type_schema(book: &CheckedRulebook, ty: Type) -> Map<String, J> {
    match ty {
        Type::Bool => obj(json!({ "type": "boolean" })),
        Type::Int => obj(json!({
            "oneOf": [{ "type": "integer" }, { "type": "string", "pattern": INT_PATTERN }]
        })),
        Type::Decimal | Type::Money => obj(json!({
            "oneOf": [{ "type": "string", "pattern": DECIMAL_PATTERN }, { "type": "number" }]
        })),
        Type::Date => date(),
        Type::Duration => obj(json!({
            "oneOf": [
                {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "years": { "type": "integer", "minimum": 0 },
                        "months": { "type": "integer", "minimum": 0 },
                        "days": { "type": "integer", "minimum": 0 }
                    }
                },
                { "type": "string", "pattern": DURATION_PATTERN }
            ]
        })),
        Type::Text => obj(json!({ "type": "string" })),
        Type::Enum(e) => enum_schema(book, e),
        Type::Set(e) => obj(json!({
            "type": "array",
            "uniqueItems": true,
            "items": enum_schema(book, e),
        })),
        Type::List(r) => {
            let Some(def) = book.record(r) else {
                return obj(json!({ "type": "array" }));
            };
            let mut props = Map::new();
            let mut required = Vec::new();
            for f in &def.fields {
                props.insert(f.name.clone(), J::Object(field_schema(book, f)));
                if f.default.is_none() && !f.optional {
                    required.push(J::String(f.name.clone()));
                }
            }
            let mut item = Map::new();
            item.insert("type".into(), J::String("object".into()));
            if let Some(l) = &def.label {
                item.insert("title".into(), J::String(l.clone()));
            }
            item.insert("additionalProperties".into(), J::Bool(false));
            item.insert("properties".into(), J::Object(props));
            item.insert("required".into(), J::Array(required));
            obj(json!({ "type": "array", "items": item }))
        }
        Type::Outcome | Type::TierId => Map::new(),
    }
}

fn field_schema(book: &CheckedRulebook, f: &FieldDef) -> Map<String, J> {
    let mut s = type_schema(book, f.ty);
    if let Some(d) = &f.default {
        s.insert("default".into(), value_json(book, d));
    }
    with_text(s, &f.label, None)
}

/// A value as case JSON (amounts as exact decimal strings).
fn value_json(book: &CheckedRulebook, v: &Value) -> J {
    let variant = |e: EnumId, i: u32| -> J {
        book.enum_def(e)
            .and_then(|d| d.variants.get(usize::try_from(i).ok()?))
            .map_or(J::Null, |v| J::String(v.name.clone()))
    };
    match v {
        Value::Bool(b) => J::Bool(*b),
        Value::Int(n) => J::from(*n),
        Value::Decimal(d) | Value::Money(d) => J::String(d.normalize().to_string()),
        // Display is `YYYY-MM-DD`; `format` would link chrono's strftime machinery.
        Value::Date(d) => J::String(d.to_string()),
        Value::Duration(d) => json!({ "years": d.years, "months": d.months, "days": d.days }),
        Value::Text(t) => J::String(t.clone()),
        Value::Enum(e, i) => variant(*e, *i),
        Value::Set(e, s) => J::Array(s.iter().map(|i| variant(*e, *i)).collect()),
        Value::List(r, rows) => {
            let fields = book
                .record(*r)
                .map(|d| d.fields.as_slice())
                .unwrap_or_default();
            J::Array(
                rows.iter()
                    .map(|row| {
                        let mut m = Map::new();
                        for (f, v) in fields.iter().zip(row) {
                            if let Some(v) = v {
                                m.insert(f.name.clone(), value_json(book, v));
                            }
                        }
                        J::Object(m)
                    })
                    .collect(),
            )
        }
        Value::Outcome(o) => J::String(o.en().to_string()),
        Value::Tier(t) => J::String(t.clone()),
    }
}
