//! Diagnostics shared by several checks: unknown variants and record fields (with the names
//! that do exist), and how a value of a type is written.

use super::err;
use super::resolve::Checker;
use super::types::suggest;
use crate::ast::Ident;
use crate::diagnostic::Diagnostic;
use crate::ir::{EnumId, RecordId, Type};
use crate::vocab::Outcome;

/// Most names listed in a hint.
const MAX_LISTED: usize = 12;

/// "`a`, `b` and `c`", at most [`MAX_LISTED`] of them.
pub(super) fn listing<'n>(names: impl Iterator<Item = &'n str>) -> String {
    let all: Vec<String> = names.map(|n| format!("`{n}`")).collect();
    let more = all.len() > MAX_LISTED;
    let shown: Vec<&str> = all.iter().take(MAX_LISTED).map(String::as_str).collect();
    match shown.split_last() {
        None => "none".to_string(),
        Some((last, [])) => (*last).to_string(),
        Some(_) if more => format!("{}, …", shown.join(", ")),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

impl Checker<'_> {
    /// `name` is not a variant of enum `e`: says which enum, suggests the nearest variant and
    /// lists them all.
    pub(super) fn unknown_variant(&self, e: EnumId, id: &Ident) -> Diagnostic {
        let en = self.enum_name(e);
        let variants = self.variant_names(e);
        let have = format!(
            "`{en}` has the variants {}",
            listing(variants.iter().map(String::as_str))
        );
        let help = match suggest(&id.name, variants.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`? {have}"),
            None => have,
        };
        Diagnostic::error(
            err::UNKNOWN_VARIANT,
            format!("`{}` is not a variant of `{en}`", id.name),
            id.span,
        )
        .with_label("unknown variant")
        .with_help(help)
    }

    /// Record `r` has no field `name`: suggests the nearest field and lists them all.
    pub(super) fn unknown_field(&self, r: RecordId, id: &Ident) -> Diagnostic {
        let (rn, fields): (&str, Vec<&str>) = match self.records.get(r.index()) {
            Some(rec) => (
                rec.name.as_str(),
                rec.fields.iter().map(|f| f.name.as_str()).collect(),
            ),
            None => ("?", Vec::new()),
        };
        let have = format!("`{rn}` has the fields {}", listing(fields.iter().copied()));
        let help = match suggest(&id.name, fields.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? {have}"),
            None => have,
        };
        Diagnostic::error(
            err::UNKNOWN_FIELD,
            format!("record `{rn}` has no field `{}`", id.name),
            id.span,
        )
        .with_label("unknown field")
        .with_help(help)
    }

    /// A hint saying how a value of type `ty` is written.
    pub(super) fn how_to_write(&self, ty: Type) -> String {
        let name = self.ty_name(ty);
        let example = match ty {
            Type::Bool => "`true` or `false`".to_string(),
            Type::Int => "a whole number such as `3`".to_string(),
            Type::Decimal => "a number such as `2.5` or a rate such as `30%`".to_string(),
            Type::Money => "an amount in yuan such as `5000`".to_string(),
            Type::Date => "a date such as `2024-01-01`".to_string(),
            Type::Duration => "a duration such as `2 years` or `6个月`".to_string(),
            Type::Text => "text in quotes such as `\"…\"`".to_string(),
            Type::Enum(e) => format!(
                "one of its variants: {}",
                listing(self.variant_names(e).iter().map(String::as_str))
            ),
            Type::Set(e) => {
                let vs = self.variant_names(e);
                let two: Vec<&str> = vs.iter().take(2).map(String::as_str).collect();
                format!("a list of its variants such as `[{}]`", two.join(", "))
            }
            Type::List(r) => {
                let fields: Vec<String> = self
                    .records
                    .get(r.index())
                    .map(|rec| {
                        rec.fields
                            .iter()
                            .map(|f| format!("{}: …", f.name))
                            .collect()
                    })
                    .unwrap_or_default();
                format!("a list of records such as `[{{ {} }}]`", fields.join(", "))
            }
            Type::Outcome => format!("one of {}", listing(Outcome::ALL.iter().map(|o| o.en()))),
            Type::TierId => "the id of a tier".to_string(),
        };
        format!("a value of {name} is written as {example}")
    }
}
