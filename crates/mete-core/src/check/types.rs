//! Types as written → [`Type`], type names for messages, and literal parsing.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::err;
use super::resolve::Checker;
use crate::ast::{DateLit, DurationLit, DurationUnit, NumberLit, TypeExpr, Variant};
use crate::diagnostic::Diagnostic;
use crate::ir::{Duration, EnumDef, EnumId, Type, VariantDef};
use crate::span::Span;
use crate::vocab::BuiltinType;

impl Checker<'_> {
    /// How a type is called in messages.
    pub(super) fn ty_name(&self, t: Type) -> String {
        match t {
            Type::Bool => "bool".into(),
            Type::Int => "int".into(),
            Type::Decimal => "decimal".into(),
            Type::Money => "money".into(),
            Type::Date => "date".into(),
            Type::Duration => "duration".into(),
            Type::Text => "text".into(),
            Type::Enum(e) => format!("enum `{}`", self.enum_name(e)),
            Type::Set(e) => format!("set of `{}`", self.enum_name(e)),
            Type::List(r) => format!(
                "list of `{}`",
                self.records
                    .get(r.index())
                    .map(|r| r.name.as_str())
                    .unwrap_or("?")
            ),
            Type::Outcome => "outcome".into(),
            Type::TierId => "tier id".into(),
        }
    }

    pub(super) fn enum_name(&self, e: EnumId) -> &str {
        self.enums
            .get(e.index())
            .map(|d| d.name.as_str())
            .unwrap_or("?")
    }

    /// Resolves a type as written. Inline enums become new enum types named after `owner`.
    pub(super) fn resolve_type(&mut self, t: &TypeExpr, owner: &str) -> Option<Type> {
        match t {
            TypeExpr::Named(id) => {
                if let Some(b) = BuiltinType::from_name(&id.name) {
                    return Some(match b {
                        BuiltinType::Bool => Type::Bool,
                        BuiltinType::Int => Type::Int,
                        BuiltinType::Decimal => Type::Decimal,
                        BuiltinType::Money => Type::Money,
                        BuiltinType::Date => Type::Date,
                        BuiltinType::Duration => Type::Duration,
                        BuiltinType::Text => Type::Text,
                    });
                }
                if let Some(e) = self.enum_names.get(&id.name) {
                    return Some(Type::Enum(*e));
                }
                if self.record_names.contains_key(&id.name) {
                    self.diags.push(
                        Diagnostic::error(
                            err::UNKNOWN_TYPE,
                            format!("`{}` is a record type, which cannot be used alone", id.name),
                            id.span,
                        )
                        .with_label("record type")
                        .with_help(format!(
                            "a value can hold several records: `list of {}`",
                            id.name
                        )),
                    );
                    return None;
                }
                let mut cands: Vec<String> = BuiltinType::ALL
                    .iter()
                    .map(|b| b.en().to_string())
                    .collect();
                cands.extend(self.enum_names.keys().cloned());
                cands.extend(self.record_names.keys().cloned());
                let mut d = Diagnostic::error(
                    err::UNKNOWN_TYPE,
                    format!("unknown type `{}`", id.name),
                    id.span,
                )
                .with_label("expected a built-in type or a declared enum");
                d = with_suggestion(d, &id.name, cands.iter().map(String::as_str), "type");
                self.diags.push(d);
                None
            }
            TypeExpr::InlineEnum(variants, span) => {
                Some(Type::Enum(self.add_enum(owner, None, variants, *span)))
            }
            TypeExpr::SetOf(inner, span) => match inner.as_ref() {
                TypeExpr::InlineEnum(..) | TypeExpr::Named(_) => {
                    match self.resolve_type(inner, owner)? {
                        Type::Enum(e) => Some(Type::Set(e)),
                        other => {
                            let name = self.ty_name(other);
                            self.diags.push(
                                Diagnostic::error(
                                    err::SET_OF_NON_ENUM,
                                    format!("a set holds enum variants, not {name}"),
                                    *span,
                                )
                                .with_label("not an enum")
                                .with_help("declare an enum and use `set of` it"),
                            );
                            None
                        }
                    }
                }
                _ => {
                    self.diags.push(
                        Diagnostic::error(
                            err::SET_OF_NON_ENUM,
                            "a set holds enum variants, not sets or lists",
                            *span,
                        )
                        .with_label("not an enum")
                        .with_help("declare an enum and use `set of` it"),
                    );
                    None
                }
            },
            TypeExpr::ListOf(id, span) => {
                if let Some(r) = self.record_names.get(&id.name) {
                    return Some(Type::List(*r));
                }
                let known = BuiltinType::from_name(&id.name).is_some()
                    || self.enum_names.contains_key(&id.name);
                let mut d = Diagnostic::error(
                    err::LIST_OF_NON_RECORD,
                    format!(
                        "`list of` needs a record type, and `{}` is not one",
                        id.name
                    ),
                    id.span,
                )
                .with_label(if known {
                    "not a record type"
                } else {
                    "unknown type"
                })
                .with_secondary(*span, "");
                if known {
                    d = d.with_help(format!(
                        "declare `record {} {{ … }}`, or use `set of` for enum variants",
                        id.name
                    ));
                } else {
                    d = with_suggestion(
                        d,
                        &id.name,
                        self.record_names.keys().map(String::as_str),
                        "record type",
                    );
                }
                self.diags.push(d);
                None
            }
        }
    }

    /// Adds an enum type, reporting duplicate variants.
    pub(super) fn add_enum(
        &mut self,
        name: &str,
        label: Option<String>,
        variants: &[Variant],
        span: Span,
    ) -> EnumId {
        let mut defs: Vec<VariantDef> = Vec::new();
        for v in variants {
            if let Some(first) = defs.iter().find(|d| d.name == v.name.name) {
                self.diags
                    .push(duplicate("variant", &v.name.name, v.name.span, first.span));
                continue;
            }
            defs.push(VariantDef {
                name: v.name.name.clone(),
                label: v.label.as_ref().map(|l| l.value.clone()),
                span: v.name.span,
            });
        }
        let id = EnumId(u32::try_from(self.enums.len()).unwrap_or(u32::MAX));
        self.enums.push(EnumDef {
            name: name.to_string(),
            label,
            variants: defs,
            span,
        });
        id
    }

    /// The index of variant `name` of enum `e`.
    pub(super) fn variant_index(&self, e: EnumId, name: &str) -> Option<u32> {
        self.enums
            .get(e.index())?
            .variants
            .iter()
            .position(|v| v.name == name)
            .and_then(|i| u32::try_from(i).ok())
    }

    /// The variant names of enum `e`.
    pub(super) fn variant_names(&self, e: EnumId) -> Vec<String> {
        self.enums
            .get(e.index())
            .map(|d| d.variants.iter().map(|v| v.name.clone()).collect())
            .unwrap_or_default()
    }
}

/// A "declared twice" error pointing at the second declaration, with the first as secondary.
pub(super) fn duplicate(what: &str, name: &str, span: Span, first: Span) -> Diagnostic {
    Diagnostic::error(
        err::DUPLICATE,
        format!("{what} `{name}` is declared twice"),
        span,
    )
    .with_label("declared again here")
    .with_secondary(first, "first declared here")
    .with_help(format!("rename one of them or remove the second {what}"))
}

pub(super) use crate::diagnostic::suggest;

/// Adds "did you mean …?" (or the list of what is allowed, when short) to a diagnostic.
pub(super) fn with_suggestion<'c>(
    d: Diagnostic,
    name: &str,
    candidates: impl Iterator<Item = &'c str> + Clone,
    expected: &str,
) -> Diagnostic {
    let article = if expected.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    if let Some(s) = suggest(name, candidates.clone()) {
        return d.with_help(format!(
            "did you mean `{s}`? (expected {article} {expected})"
        ));
    }
    let all: Vec<&str> = candidates.collect();
    if all.is_empty() {
        d.with_help(format!("no {expected} of that name is declared"))
    } else if all.len() <= 8 {
        let list: Vec<String> = all.iter().map(|c| format!("`{c}`")).collect();
        d.with_help(format!(
            "expected {article} {expected}: {}",
            list.join(", ")
        ))
    } else {
        d.with_help(format!("no {expected} of that name is declared"))
    }
}

/// Parses a number literal as an exact decimal.
pub(super) fn parse_decimal(lit: &NumberLit) -> Result<Decimal, Diagnostic> {
    Decimal::from_str_exact(&lit.text).map_err(|_| {
        Diagnostic::error(
            err::NUMBER_OVERFLOW,
            format!("`{}` cannot be represented exactly", lit.text),
            lit.span,
        )
        .with_label("too large or too many decimal places")
        .with_help("numbers hold at most 28 significant digits")
    })
}

/// Parses a number literal that must be whole.
pub(super) fn parse_whole(lit: &NumberLit, what: &str) -> Result<i64, Diagnostic> {
    let d = parse_decimal(lit)?;
    if !d.fract().is_zero() {
        return Err(Diagnostic::error(
            err::NOT_WHOLE,
            format!("{what} must be a whole number, not `{}`", lit.text),
            lit.span,
        )
        .with_label("has a fraction")
        .with_help("write a whole number here, such as `1` or `2`"));
    }
    i64::from_str(&d.trunc().to_string()).map_err(|_| {
        Diagnostic::error(
            err::NUMBER_OVERFLOW,
            format!("`{}` is too large for a whole number", lit.text),
            lit.span,
        )
        .with_label("too large")
    })
}

/// Parses a percentage literal into a fraction (`30` → `0.3`).
pub(super) fn parse_percent(lit: &NumberLit) -> Result<Decimal, Diagnostic> {
    let d = parse_decimal(lit)?;
    d.checked_div(Decimal::ONE_HUNDRED).ok_or_else(|| {
        Diagnostic::error(
            err::NUMBER_OVERFLOW,
            format!("`{}%` cannot be represented exactly", lit.text),
            lit.span,
        )
    })
}

/// Parses a percentage that is a share of a range: it must lie within 0% to 100%.
pub(super) fn parse_share(lit: &NumberLit) -> Result<Decimal, Diagnostic> {
    let d = parse_percent(lit)?;
    if d < Decimal::ZERO || d > Decimal::ONE {
        return Err(Diagnostic::error(
            err::SHARE_RANGE,
            format!(
                "a share of a range lies between 0% and 100%, not `{}%`",
                lit.text
            ),
            lit.span,
        )
        .with_label("outside 0% to 100%")
        .with_help(
            "a share names a part of the statutory range, such as `lower 30%` or `30% to 70%`; \
             for a multiple of an amount write `1.3x of goods_value`",
        ));
    }
    Ok(d)
}

/// `YYYY-MM-DD`, the only shape the grammar admits, as a calendar date. Read by hand: chrono's
/// string parsers would add their whole machinery to the WASM build.
fn ymd(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Parses a date literal, explaining what is wrong with an invalid one.
pub(super) fn parse_date(lit: &DateLit) -> Result<NaiveDate, Diagnostic> {
    if let Some(d) = ymd(&lit.text) {
        return Ok(d);
    }
    let mut parts = lit.text.split('-').map(|p| p.parse::<u32>().ok());
    let (y, m) = (parts.next().flatten(), parts.next().flatten());
    let label = match (y, m) {
        (_, Some(m)) if !(1..=12).contains(&m) => format!("there is no month {m:02}"),
        (Some(y), Some(m)) => {
            let days = days_in_month(y, m);
            format!("{y:04}-{m:02} has {days} days")
        }
        _ => "not a calendar day".to_string(),
    };
    Err(Diagnostic::error(
        err::BAD_DATE,
        format!("`{}` is not a valid date", lit.text),
        lit.span,
    )
    .with_label(label)
    .with_help("write dates as YYYY-MM-DD with a real month and day"))
}

fn days_in_month(y: u32, m: u32) -> u32 {
    let y = i32::try_from(y).unwrap_or(0);
    let first = NaiveDate::from_ymd_opt(y, m, 1);
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    };
    match (first, next) {
        (Some(a), Some(b)) => u32::try_from((b - a).num_days()).unwrap_or(0),
        _ => 0,
    }
}

/// Parses a duration literal; its count must be whole.
pub(super) fn parse_duration(lit: &DurationLit) -> Result<Duration, Diagnostic> {
    let n = parse_whole(&lit.count, "a duration's count")?;
    Ok(match lit.unit {
        DurationUnit::Years => Duration {
            years: n,
            ..Duration::default()
        },
        DurationUnit::Months => Duration {
            months: n,
            ..Duration::default()
        },
        DurationUnit::Days => Duration {
            days: n,
            ..Duration::default()
        },
    })
}
