//! JSON tree → slot values, collecting every problem with its path.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::json::{Json, JsonKind, push_key};
use super::{CaseProblem, err};
use crate::ir::{CheckedRulebook, Duration, EnumId, FactDef, RecordId, RecordValue, Type, Value};

/// The keys of a case that are not facts.
pub(crate) const ENVELOPE: [&str; 4] = ["violation", "violations", "act_date", "decision_date"];

/// Walks a case, collecting problems in document order.
pub(crate) struct Reader<'r> {
    pub(crate) book: &'r CheckedRulebook,
    pub(crate) problems: Vec<CaseProblem>,
}

impl<'r> Reader<'r> {
    pub(crate) fn new(book: &'r CheckedRulebook) -> Self {
        Reader {
            book,
            problems: Vec::new(),
        }
    }

    pub(crate) fn problem(
        &mut self,
        path: &str,
        code: &str,
        message: String,
        hint: Option<String>,
    ) {
        self.problems.push(CaseProblem {
            path: path.to_string(),
            code: code.to_string(),
            message,
            hint,
        });
    }

    /// Reads a violation item id.
    pub(crate) fn item_id(&mut self, j: &Json, path: &str) -> Option<crate::ir::ItemId> {
        let JsonKind::String(s) = &j.kind else {
            self.problem(
                path,
                err::WRONG_TYPE,
                format!("expected a violation item id, found {}", found(j)),
                Some("write the item id as a string, e.g. `\"FS-124\"`".into()),
            );
            return None;
        };
        self.item_by_name(s, path)
    }

    /// Looks up a violation item id.
    pub(crate) fn item_by_name(&mut self, s: &str, path: &str) -> Option<crate::ir::ItemId> {
        if let Some(id) = self.book.item_index(s) {
            return Some(id);
        }
        let ids = self.book.items.iter().map(|i| i.id.as_str());
        let hint = suggestion(s, ids, "violation items");
        self.problem(
            path,
            err::UNKNOWN_VIOLATION,
            format!("`{}` is not a violation item of this rulebook", clip(s)),
            hint,
        );
        None
    }

    /// Reads a date.
    pub(crate) fn date(&mut self, j: &Json, path: &str) -> Option<NaiveDate> {
        let JsonKind::String(s) = &j.kind else {
            self.wrong_type(j, Type::Date, path);
            return None;
        };
        match parse_date(s) {
            Ok(d) => Some(d),
            Err(message) => {
                self.problem(
                    path,
                    err::BAD_DATE,
                    message,
                    Some("write dates as `YYYY-MM-DD`, e.g. `\"2024-03-01\"`".into()),
                );
                None
            }
        }
    }

    fn wrong_type(&mut self, j: &Json, ty: Type, path: &str) {
        let expected = self.describe(ty);
        let hint = match (ty, &j.kind) {
            (Type::Decimal | Type::Money, _) => {
                Some("write an amount as a string such as `\"8000.50\"` or a plain number".into())
            }
            (Type::Date, _) => Some("write dates as `YYYY-MM-DD`, e.g. `\"2024-03-01\"`".into()),
            (Type::Bool, JsonKind::String(s)) if s == "true" || s == "false" => {
                Some(format!("write `{s}` without quotes"))
            }
            (Type::Int, _) => Some("write a whole number such as `3`".into()),
            (Type::Duration, _) => Some(DURATION_HINT.into()),
            _ => None,
        };
        self.problem(
            path,
            err::WRONG_TYPE,
            format!("expected {expected}, found {}", found(j)),
            hint,
        );
    }

    fn describe(&self, ty: Type) -> String {
        match ty {
            Type::Bool => "`true` or `false`".into(),
            Type::Int => "a whole number".into(),
            Type::Decimal => "a decimal number".into(),
            Type::Money => "an amount of money".into(),
            Type::Date => "a date".into(),
            Type::Duration => "a duration".into(),
            Type::Text => "a string".into(),
            Type::Enum(e) => format!("a variant of `{}`", self.enum_name(e)),
            Type::Set(e) => format!("an array of variants of `{}`", self.enum_name(e)),
            Type::List(r) => format!(
                "an array of `{}` records",
                self.book.record(r).map_or("?", |r| r.name.as_str())
            ),
            Type::Outcome => "an outcome".into(),
            Type::TierId => "a tier id".into(),
        }
    }

    fn enum_name(&self, e: EnumId) -> &str {
        self.book.enum_def(e).map_or("?", |e| e.name.as_str())
    }

    /// Reads a value of type `ty`; `None` after reporting a problem.
    pub(crate) fn value(&mut self, j: &Json, ty: Type, path: &str) -> Option<Value> {
        match ty {
            Type::Bool => match j.kind {
                JsonKind::Bool(b) => Some(Value::Bool(b)),
                _ => {
                    self.wrong_type(j, ty, path);
                    None
                }
            },
            Type::Int => self.int(j, path).map(Value::Int),
            Type::Decimal => self.decimal(j, ty, path).map(Value::Decimal),
            Type::Money => self.decimal(j, ty, path).map(Value::Money),
            Type::Date => self.date(j, path).map(Value::Date),
            Type::Duration => self.duration(j, path).map(Value::Duration),
            Type::Text => match &j.kind {
                JsonKind::String(s) => Some(Value::Text(s.clone())),
                _ => {
                    self.wrong_type(j, ty, path);
                    None
                }
            },
            Type::Enum(e) => match &j.kind {
                JsonKind::String(s) => self.variant(e, s, path).map(|v| Value::Enum(e, v)),
                _ => {
                    self.wrong_type(j, ty, path);
                    None
                }
            },
            Type::Set(e) => self.set(j, e, path),
            Type::List(r) => self.list(j, r, path),
            Type::Outcome | Type::TierId => {
                self.problem(
                    path,
                    err::WRONG_TYPE,
                    format!("{} cannot be given in a case", self.describe(ty)),
                    None,
                );
                None
            }
        }
    }

    fn int(&mut self, j: &Json, path: &str) -> Option<i64> {
        let text = match &j.kind {
            JsonKind::Number(t) | JsonKind::String(t) => t.as_str(),
            _ => {
                self.wrong_type(j, Type::Int, path);
                return None;
            }
        };
        match parse_int(text) {
            Ok(n) => Some(n),
            Err((code, message, hint)) => {
                self.problem(path, code, message, Some(hint));
                None
            }
        }
    }

    fn decimal(&mut self, j: &Json, ty: Type, path: &str) -> Option<Decimal> {
        let text = match &j.kind {
            JsonKind::Number(t) | JsonKind::String(t) => t.as_str(),
            _ => {
                self.wrong_type(j, ty, path);
                return None;
            }
        };
        match parse_decimal(text) {
            Ok(d) => Some(d),
            Err((code, message, hint)) => {
                self.problem(path, code, message, Some(hint));
                None
            }
        }
    }

    fn duration(&mut self, j: &Json, path: &str) -> Option<Duration> {
        match &j.kind {
            JsonKind::String(s) => match parse_iso_duration(s) {
                Some(d) => Some(d),
                None => {
                    self.problem(
                        path,
                        err::BAD_DURATION,
                        format!("`{}` is not a duration", clip(s)),
                        Some(DURATION_HINT.into()),
                    );
                    None
                }
            },
            JsonKind::Object(members) => {
                let mut d = Duration::default();
                let mut ok = true;
                for m in members {
                    let mut p = path.to_string();
                    push_key(&mut p, &m.key);
                    if m.duplicate {
                        self.duplicate_key(&m.key, &p);
                        ok = false;
                        continue;
                    }
                    let slot = match m.key.as_str() {
                        "years" => &mut d.years,
                        "months" => &mut d.months,
                        "days" => &mut d.days,
                        other => {
                            let hint = suggestion(
                                other,
                                ["years", "months", "days"].into_iter(),
                                "duration keys",
                            );
                            self.problem(
                                &p,
                                err::UNKNOWN_KEY,
                                format!("`{}` is not a part of a duration", clip(other)),
                                hint,
                            );
                            ok = false;
                            continue;
                        }
                    };
                    match self.int(&m.value, &p) {
                        Some(n) if n >= 0 => *slot = n,
                        Some(n) => {
                            self.problem(
                                &p,
                                err::BAD_DURATION,
                                format!("a duration cannot be negative, found `{n}`"),
                                None,
                            );
                            ok = false;
                        }
                        None => ok = false,
                    }
                }
                ok.then_some(d)
            }
            _ => {
                self.wrong_type(j, Type::Duration, path);
                None
            }
        }
    }

    fn variant(&mut self, e: EnumId, s: &str, path: &str) -> Option<u32> {
        let def = self.book.enum_def(e)?;
        if let Some(i) = def.variants.iter().position(|v| v.name == s) {
            return u32::try_from(i).ok();
        }
        let by_label = def
            .variants
            .iter()
            .find(|v| v.label.as_deref() == Some(s))
            .map(|v| v.name.clone());
        let hint = match by_label {
            Some(name) => Some(format!("`{s}` is the label of `{name}`; write `{name}`")),
            None => suggestion(s, def.variants.iter().map(|v| v.name.as_str()), "variants"),
        };
        let message = format!("`{}` is not a variant of `{}`", clip(s), def.name);
        self.problem(path, err::UNKNOWN_VARIANT, message, hint);
        None
    }

    fn set(&mut self, j: &Json, e: EnumId, path: &str) -> Option<Value> {
        let JsonKind::Array(items) = &j.kind else {
            self.wrong_type(j, Type::Set(e), path);
            return None;
        };
        let mut set = BTreeSet::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let p = format!("{path}[{i}]");
            let JsonKind::String(s) = &item.kind else {
                self.wrong_type(item, Type::Enum(e), &p);
                ok = false;
                continue;
            };
            match self.variant(e, s, &p) {
                Some(v) => {
                    if !set.insert(v) {
                        self.problem(
                            &p,
                            err::DUPLICATE_VARIANT,
                            format!("`{}` is listed twice", clip(s)),
                            Some("list each variant once".into()),
                        );
                        ok = false;
                    }
                }
                None => ok = false,
            }
        }
        ok.then_some(Value::Set(e, set))
    }

    fn list(&mut self, j: &Json, r: RecordId, path: &str) -> Option<Value> {
        let JsonKind::Array(items) = &j.kind else {
            self.wrong_type(j, Type::List(r), path);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match self.record(item, r, &format!("{path}[{i}]")) {
                Some(rv) => out.push(rv),
                None => ok = false,
            }
        }
        ok.then_some(Value::List(r, out))
    }

    fn record(&mut self, j: &Json, r: RecordId, path: &str) -> Option<RecordValue> {
        let book = self.book;
        let def = book.record(r)?;
        let JsonKind::Object(members) = &j.kind else {
            self.problem(
                path,
                err::NOT_OBJECT,
                format!(
                    "expected a `{}` record (an object), found {}",
                    def.name,
                    found(j)
                ),
                None,
            );
            return None;
        };
        let mut values: RecordValue = vec![None; def.fields.len()];
        let mut given = vec![false; def.fields.len()];
        let mut ok = true;
        for m in members {
            let mut p = path.to_string();
            push_key(&mut p, &m.key);
            if m.duplicate {
                self.duplicate_key(&m.key, &p);
                ok = false;
                continue;
            }
            let Some(fi) = def.fields.iter().position(|f| f.name == m.key) else {
                let hint = suggestion(&m.key, def.fields.iter().map(|f| f.name.as_str()), "fields");
                self.problem(
                    &p,
                    err::UNKNOWN_KEY,
                    format!("`{}` is not a field of `{}`", clip(&m.key), def.name),
                    hint,
                );
                ok = false;
                continue;
            };
            let (Some(field), Some(slot), Some(g)) =
                (def.fields.get(fi), values.get_mut(fi), given.get_mut(fi))
            else {
                continue;
            };
            if m.value.kind == JsonKind::Null {
                // `null` means "not given".
                continue;
            }
            *g = true;
            match self.value(&m.value, field.ty, &p) {
                Some(v) => *slot = Some(v),
                None => ok = false,
            }
        }
        for ((field, slot), g) in def.fields.iter().zip(values.iter_mut()).zip(&given) {
            if *g {
                continue;
            }
            if let Some(d) = &field.default {
                *slot = Some(d.clone());
            } else if !field.optional {
                let mut p = path.to_string();
                push_key(&mut p, &field.name);
                self.problem(
                    &p,
                    err::MISSING_FIELD,
                    format!("the `{}` record lacks `{}`", def.name, field.name),
                    Some(format!("give `{}` ({})", field.name, field.label)),
                );
                ok = false;
            }
        }
        ok.then_some(values)
    }

    pub(crate) fn duplicate_key(&mut self, key: &str, path: &str) {
        self.problem(
            path,
            err::DUPLICATE_KEY,
            format!("`{}` is given twice", clip(key)),
            Some("give each key once".into()),
        );
    }

    /// Reports a value outside the fact's declared range; `true` when it is inside.
    pub(crate) fn in_range(&mut self, fact: &FactDef, v: &Value, path: &str) -> bool {
        let Some((lo, hi)) = &fact.range else {
            return true;
        };
        let (Some(x), Some(a), Some(b)) = (numeric(v), numeric(lo), numeric(hi)) else {
            return true;
        };
        if a <= x && x <= b {
            return true;
        }
        self.problem(
            path,
            err::OUT_OF_RANGE,
            format!(
                "`{}` is outside the range of `{}`, {} to {}",
                x.normalize(),
                fact.name,
                a.normalize(),
                b.normalize()
            ),
            Some(format!(
                "give a value from {} to {} inclusive",
                a.normalize(),
                b.normalize()
            )),
        );
        false
    }

    /// Whether `v` is a value of type `ty` (for values built in Rust rather than read from JSON).
    pub(crate) fn conforms(&self, v: &Value, ty: Type) -> bool {
        match (v, ty) {
            (Value::Bool(_), Type::Bool)
            | (Value::Int(_), Type::Int)
            | (Value::Decimal(_), Type::Decimal)
            | (Value::Money(_), Type::Money)
            | (Value::Date(_), Type::Date)
            | (Value::Text(_), Type::Text) => true,
            (Value::Duration(d), Type::Duration) => d.years >= 0 && d.months >= 0 && d.days >= 0,
            (Value::Enum(e, i), Type::Enum(t)) => *e == t && self.variant_exists(t, *i),
            (Value::Set(e, s), Type::Set(t)) => {
                *e == t && s.iter().all(|i| self.variant_exists(t, *i))
            }
            (Value::List(r, rows), Type::List(t)) => {
                let Some(def) = self.book.record(t) else {
                    return false;
                };
                *r == t
                    && rows.iter().all(|row| {
                        row.len() == def.fields.len()
                            && row.iter().zip(&def.fields).all(|(v, f)| match v {
                                Some(v) => self.conforms(v, f.ty),
                                None => f.optional,
                            })
                    })
            }
            _ => false,
        }
    }

    fn variant_exists(&self, e: EnumId, i: u32) -> bool {
        self.book
            .enum_def(e)
            .is_some_and(|d| usize::try_from(i).is_ok_and(|i| i < d.variants.len()))
    }

    /// The description of a type, for messages.
    pub(crate) fn type_name(&self, ty: Type) -> String {
        self.describe(ty)
    }
}

const DURATION_HINT: &str =
    "write a duration as `{\"years\": 1, \"months\": 2, \"days\": 3}` or as `\"P1Y2M3D\"`";

/// A number's value as a decimal, for range checks.
pub(crate) fn numeric(v: &Value) -> Option<Decimal> {
    match v {
        Value::Int(n) => Some(Decimal::from(*n)),
        Value::Decimal(d) | Value::Money(d) => Some(*d),
        _ => None,
    }
}

/// How a JSON value looks in a message.
pub(crate) fn found(j: &Json) -> String {
    match &j.kind {
        JsonKind::Null => "`null`".into(),
        JsonKind::Bool(b) => format!("`{b}`"),
        JsonKind::Number(t) => format!("the number `{}`", clip(t)),
        JsonKind::String(s) => format!("the string `{}`", clip(s)),
        JsonKind::Array(_) | JsonKind::Object(_) => j.kind.describe().into(),
    }
}

/// User text cut to a readable length for messages.
pub(crate) fn clip(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}

pub(crate) use crate::diagnostic::suggest;

/// "did you mean `x`?", or the list of what is allowed when it is short.
pub(crate) fn suggestion<'c>(
    name: &str,
    candidates: impl Iterator<Item = &'c str> + Clone,
    what: &str,
) -> Option<String> {
    if let Some(s) = suggest(name, candidates.clone()) {
        return Some(format!("did you mean `{s}`?"));
    }
    let all: Vec<String> = candidates.map(|c| format!("`{c}`")).collect();
    match all.len() {
        0 => None,
        n if n <= 12 => Some(format!("the {what} are {}", all.join(", "))),
        _ => Some(format!(
            "the {what} include {}, …",
            all.get(..12).unwrap_or_default().join(", ")
        )),
    }
}

type NumError = (&'static str, String, String);

/// A whole number from JSON number text or a string of digits.
pub(crate) fn parse_int(text: &str) -> Result<i64, NumError> {
    let shown = clip(text);
    if text.contains(['e', 'E']) {
        return Err((
            err::BAD_NUMBER,
            format!("`{shown}` has an exponent"),
            "write the whole number in full, e.g. `1000`".into(),
        ));
    }
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let digits = whole.strip_prefix('-').unwrap_or(whole);
    let well_formed = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    if !well_formed {
        return Err((
            err::BAD_NUMBER,
            format!("`{shown}` is not a whole number"),
            "write a whole number such as `3`".into(),
        ));
    }
    if frac.is_some_and(|f| f.bytes().any(|b| b != b'0')) {
        return Err((
            err::BAD_NUMBER,
            format!("`{shown}` is not a whole number"),
            "this value counts something; write a whole number such as `3`".into(),
        ));
    }
    whole.parse::<i64>().map_err(|_| {
        (
            err::NUMBER_TOO_LARGE,
            format!("`{shown}` is too large for a whole number"),
            "whole numbers lie between -9223372036854775808 and 9223372036854775807".into(),
        )
    })
}

/// An exact decimal from plain decimal text (`-12.50`), never through binary floating point.
pub(crate) fn parse_decimal(text: &str) -> Result<Decimal, NumError> {
    let shown = clip(text);
    let plain_hint = "write a plain decimal such as `1500.25` (no exponent, no separators)";
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, frac) = match unsigned.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let well_formed = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    if !well_formed {
        let message = if text.contains(['e', 'E']) && text.bytes().any(|b| b.is_ascii_digit()) {
            format!("`{shown}` has an exponent")
        } else {
            format!("`{shown}` is not a plain decimal number")
        };
        return Err((err::BAD_NUMBER, message, plain_hint.into()));
    }
    let too_large = || {
        (
            err::NUMBER_TOO_LARGE,
            format!("`{shown}` is too large to be kept exactly"),
            "amounts are kept to 28 significant digits".to_string(),
        )
    };
    let significant = whole.trim_start_matches('0').len();
    if significant > 28 {
        return Err(too_large());
    }
    match Decimal::from_str_exact(text) {
        Ok(d) => Ok(d),
        Err(
            rust_decimal::Error::ExceedsMaximumPossibleValue
            | rust_decimal::Error::LessThanMinimumPossibleValue,
        ) => Err(too_large()),
        Err(_) if significant >= 28 => Err(too_large()),
        Err(_) => Err((
            err::BAD_NUMBER,
            format!("`{shown}` has more decimal places than can be kept exactly"),
            "write at most 28 digits in all".into(),
        )),
    }
}

/// A date written `YYYY-MM-DD`.
pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<u32>().ok());
    let parts = (num(0..4), num(5..7), num(8..10));
    let (true, (Some(y), Some(m), Some(d))) = (shape, parts) else {
        return Err(format!("`{}` is not a date written `YYYY-MM-DD`", clip(s)));
    };
    i32::try_from(y)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
        .ok_or_else(|| format!("`{s}` is not a calendar date"))
}

/// `P1Y2M3D` (also weeks, `P2W`); no time part.
pub(crate) fn parse_iso_duration(s: &str) -> Option<Duration> {
    let mut rest = s.strip_prefix('P')?;
    if rest.is_empty() {
        return None;
    }
    let mut d = Duration::default();
    let mut order = 0;
    while !rest.is_empty() {
        let n_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        if n_len == 0 {
            return None;
        }
        let n: i64 = rest.get(..n_len)?.parse().ok()?;
        let unit = rest.get(n_len..n_len + 1)?;
        rest = rest.get(n_len + 1..)?;
        let (rank, slot, factor) = match unit {
            "Y" => (1, &mut d.years, 1),
            "M" => (2, &mut d.months, 1),
            "W" => (3, &mut d.days, 7),
            "D" => (4, &mut d.days, 1),
            _ => return None,
        };
        if rank <= order {
            return None;
        }
        order = rank;
        *slot = slot.checked_add(n.checked_mul(factor)?)?;
    }
    Some(d)
}
