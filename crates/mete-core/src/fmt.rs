//! [`crate::ast::Module`] → canonical text, in either keyword language.
//!
//! The layout is fixed: two-space indentation, header members in a fixed order, one declaration
//! per block with a blank line between blocks, one field or member per line. Every keyword comes
//! from one table ([`kw::kw`]); contextual words (sanction kinds, effects, grades, function
//! names, …) are translated through [`crate::vocab`] only when a language is asked for, so that
//! `format` with the file's own language reproduces the tree exactly. Expressions get the fewest
//! parentheses that make the parser rebuild the same tree (see `expr.rs`).

mod expr;
mod item;
mod kw;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use crate::ast::{
    Boundaries, CalendarDecl, Comments, DateLit, Decl, DeclKind, DurationLit, DurationUnit,
    EnumDecl, Field, FieldDecl, Header, LetDecl, Module, NumberLit, PlacementRule, RecordDecl,
    ReviewKindDecl, Str, TestDecl, TypeExpr, Value, Variant,
};
use crate::vocab;
use kw::{Kw, kw};

pub use crate::ast::Lang;

/// How to print.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormatOptions {
    /// Keyword language; `None` keeps the file's own (its header keyword).
    pub lang: Option<Lang>,
}

/// Prints `module` canonically. Comments are kept; `parse(format(m)) == m` and formatting is
/// idempotent.
///
/// With `options.lang` set, keywords are printed in that language and built-in contextual words
/// (sanction kinds, effect kinds, grades, points, bound fields, rounding and conflict modes,
/// review kinds, type and function names, test keys) are translated too; names the rulebook
/// declares are never translated.
pub fn format(module: &Module, options: &FormatOptions) -> String {
    let mut p = Printer {
        lang: options.lang.unwrap_or(module.lang),
        translate: options.lang.is_some(),
        declared: declared_names(module),
        out: String::new(),
    };
    p.module(module);
    p.out
}

/// Names the rulebook declares at top level (facts, params, definitions): a test's `given` key
/// spelled like a built-in key but naming one of these is left alone.
fn declared_names(module: &Module) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for decl in &module.decls {
        match &decl.kind {
            DeclKind::Facts(fields) | DeclKind::Params(fields) => {
                names.extend(fields.iter().map(|f| f.name.name.clone()));
            }
            DeclKind::Let(l) => {
                names.insert(l.name.name.clone());
            }
            _ => {}
        }
    }
    names
}

/// A lookup of a contextual word: its spelling in the language, if the word is a built-in.
type Table = fn(&str, Lang) -> Option<&'static str>;

macro_rules! tables {
    ($($fn_name:ident => $ty:ident),+ $(,)?) => {
        $(
            fn $fn_name(name: &str, lang: Lang) -> Option<&'static str> {
                vocab::$ty::from_name(name).map(|w| w.spelling(lang))
            }
        )+
    };
}

tables! {
    t_sanction => SanctionKind,
    t_effect => EffectKind,
    t_grade => Grade,
    t_point => Point,
    t_bound => BoundField,
    t_rounding => RoundingMode,
    t_conflict => ConflictMode,
    t_outcome => Outcome,
    t_review => ReviewKindBuiltin,
    t_type => BuiltinType,
    t_function => Function,
    t_given => GivenKey,
    t_expect => ExpectKey,
}

/// Which built-in keys a record's keys may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keys {
    /// Import parameters and nested records: names the rulebook declares.
    Plain,
    /// A test's `given` block.
    Given,
    /// A test's `expect` block.
    Expect,
}

pub(crate) struct Printer {
    lang: Lang,
    translate: bool,
    declared: BTreeSet<String>,
    out: String,
}

/// Two spaces per level.
const INDENT: &str = "  ";

impl Printer {
    fn kw(&self, k: Kw) -> &'static str {
        kw(k, self.lang)
    }

    /// Writes one line at `depth`.
    fn line(&mut self, depth: usize, text: &str) {
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn comments(&mut self, depth: usize, comments: &Comments) {
        for c in comments {
            let text = comment_text(c);
            self.line(depth, &text);
        }
    }

    /// A contextual word: translated when a language was asked for, else kept as written.
    fn word(&self, name: &str, table: Table) -> String {
        if self.translate {
            if let Some(w) = table(name, self.lang) {
                return w.to_string();
            }
        }
        name.to_string()
    }

    /// A sanction kind where the grammar also accepts the `fine` keyword (`drop fine`,
    /// `includes fine`); the parser names that keyword `fine` in either language.
    fn sanction_or_fine(&self, name: &str) -> String {
        if vocab::SanctionKind::from_name(name) == Some(vocab::SanctionKind::Fine) {
            return self.kw(Kw::Fine).to_string();
        }
        self.word(name, t_sanction)
    }

    fn module(&mut self, m: &Module) {
        self.header(&m.header);
        let mut prev: Option<&DeclKind> = None;
        for decl in &m.decls {
            // Runs of one-line declarations of one kind (definitions, adjustments, reviews) stay
            // together, as drafters write them; everything else gets a blank line before it.
            let grouped = decl.comments.is_empty()
                && matches!(
                    (prev, &decl.kind),
                    (Some(DeclKind::Let(_)), DeclKind::Let(_))
                        | (Some(DeclKind::Adjust(_)), DeclKind::Adjust(_))
                        | (Some(DeclKind::Review(_)), DeclKind::Review(_))
                        | (Some(DeclKind::ReviewKind(_)), DeclKind::ReviewKind(_))
                );
            if !grouped {
                self.out.push('\n');
            }
            self.decl(decl);
            prev = Some(&decl.kind);
        }
        if !m.trailing_comments.is_empty() {
            self.out.push('\n');
            self.comments(0, &m.trailing_comments);
        }
    }

    fn header(&mut self, h: &Header) {
        self.comments(0, &h.comments);
        let open = format!("{} {} {{", self.kw(Kw::Rulebook), string(&h.id.value));
        let mut members = Vec::new();
        let simple = [
            (Kw::Title, &h.title),
            (Kw::Authority, &h.authority),
            (Kw::Version, &h.version),
        ];
        for (k, s) in simple {
            if let Some(s) = s {
                members.push(format!("{} {}", self.kw(k), string(&s.value)));
            }
        }
        if let Some(e) = &h.effective {
            let mut m = format!(
                "{} {} {}",
                self.kw(Kw::Effective),
                self.kw(Kw::From),
                e.from.text
            );
            if let Some(u) = &e.until {
                m.push_str(&format!(" {} {}", self.kw(Kw::Until), u.text));
            }
            members.push(m);
        }
        for i in &h.imports {
            let mut m = format!("{} {}", self.kw(Kw::Import), string(&i.path.value));
            if !i.with.is_empty() {
                m.push_str(&format!(
                    " {} {}",
                    self.kw(Kw::With),
                    self.record(&i.with, Keys::Plain)
                ));
            }
            members.push(m);
        }
        if let Some(r) = &h.refines {
            members.push(format!("{} {}", self.kw(Kw::Refines), string(&r.value)));
        }
        if let Some(b) = &h.boundaries {
            if let Some(m) = self.boundaries(b) {
                members.push(m);
            }
        }
        if let Some(r) = &h.rounding {
            members.push(format!(
                "{} {} {}",
                self.kw(Kw::Rounding),
                self.number(&r.unit),
                self.word(&r.mode.name, t_rounding)
            ));
        }
        if let Some(c) = &h.conflicts {
            members.push(format!(
                "{} {}",
                self.kw(Kw::Conflicts),
                self.word(&c.name, t_conflict)
            ));
        }
        for pl in &h.placements {
            let mut m = format!(
                "{} {}",
                self.kw(Kw::Placement),
                self.word(&pl.grade.name, t_grade)
            );
            match &pl.rule {
                PlacementRule::Within(band) => {
                    m.push_str(&format!(" {} {}", self.kw(Kw::Within), self.band(band)));
                }
                PlacementRule::Recommend(point) => {
                    m.push_str(&format!(
                        " {} {}",
                        self.kw(Kw::Recommend),
                        self.word(&point.name, t_point)
                    ));
                }
            }
            if !pl.except.is_empty() {
                m.push_str(&format!(" {} {}", self.kw(Kw::Except), names(&pl.except)));
            }
            members.push(m);
        }
        self.block(0, &open, &members);
    }

    /// `boundaries above inclusive below exclusive`; `None` when neither side is stated (the
    /// grammar needs at least one).
    fn boundaries(&self, b: &Boundaries) -> Option<String> {
        let mode = |inclusive: bool| {
            if inclusive {
                self.kw(Kw::Inclusive)
            } else {
                self.kw(Kw::Exclusive)
            }
        };
        let mut m = self.kw(Kw::Boundaries).to_string();
        if let Some(i) = b.above_inclusive {
            m.push_str(&format!(" {} {}", self.kw(Kw::Above), mode(i)));
        }
        if let Some(i) = b.below_inclusive {
            m.push_str(&format!(" {} {}", self.kw(Kw::Below), mode(i)));
        }
        (b.above_inclusive.is_some() || b.below_inclusive.is_some()).then_some(m)
    }

    /// `open` on its own line, then each member one level deeper, then `}`; `open }` when empty.
    fn block(&mut self, depth: usize, open: &str, members: &[String]) {
        if members.is_empty() {
            self.line(depth, &format!("{open}}}"));
            return;
        }
        self.line(depth, open);
        for m in members {
            self.line(depth + 1, m);
        }
        self.line(depth, "}");
    }

    fn decl(&mut self, decl: &Decl) {
        self.comments(0, &decl.comments);
        match &decl.kind {
            DeclKind::Facts(fields) => self.fields_block(0, self.kw(Kw::Facts), fields),
            DeclKind::Params(fields) => self.fields_block(0, self.kw(Kw::Params), fields),
            DeclKind::Let(l) => {
                let text = self.let_decl(l);
                self.line(0, &text);
            }
            DeclKind::Enum(e) => {
                let text = self.enum_decl(e);
                self.line(0, &text);
            }
            DeclKind::Record(r) => self.record_decl(r),
            DeclKind::Calendar(c) => self.calendar(c),
            DeclKind::Circumstance(c) => self.circumstance(0, c),
            DeclKind::Adjust(a) => {
                let text = self.adjust(a);
                self.line(0, &text);
            }
            DeclKind::Violation(v) => self.violation(v),
            DeclKind::ReviewKind(r) => {
                let text = self.review_kind(r);
                self.line(0, &text);
            }
            DeclKind::Review(r) => {
                let text = self.review(r);
                self.line(0, &text);
            }
            DeclKind::Test(t) => self.test(t),
        }
    }

    fn fields_block(&mut self, depth: usize, head: &str, fields: &[FieldDecl]) {
        if fields.is_empty() {
            self.line(depth, &format!("{head} {{}}"));
            return;
        }
        self.line(depth, &format!("{head} {{"));
        for f in fields {
            self.comments(depth + 1, &f.comments);
            let text = self.field_decl(f);
            self.line(depth + 1, &text);
        }
        self.line(depth, "}");
    }

    fn field_decl(&self, f: &FieldDecl) -> String {
        let mut s = format!(
            "{}: {} {}",
            f.name.name,
            self.type_expr(&f.ty),
            string(&f.label.value)
        );
        if let Some(n) = &f.note {
            s.push_str(&format!(" {} {}", self.kw(Kw::Note), string(&n.value)));
        }
        if let Some(d) = &f.default {
            s.push_str(&format!(" {} {}", self.kw(Kw::Default), self.expr_top(d)));
        }
        if f.optional {
            s.push_str(&format!(" {}", self.kw(Kw::Optional)));
        }
        if let Some((lo, hi)) = &f.range {
            s.push_str(&format!(
                " {} {} {} {}",
                self.kw(Kw::Range),
                self.expr_top(lo),
                self.kw(Kw::To),
                self.expr_top(hi)
            ));
        }
        s
    }

    fn type_expr(&self, t: &TypeExpr) -> String {
        match t {
            TypeExpr::Named(id) => self.word(&id.name, t_type),
            TypeExpr::InlineEnum(vs, _) => format!("{} {}", self.kw(Kw::Enum), variants(vs)),
            TypeExpr::SetOf(inner, _) => {
                format!("{} {}", self.kw(Kw::SetOf), self.type_expr(inner))
            }
            TypeExpr::ListOf(id, _) => format!("{} {}", self.kw(Kw::ListOf), id.name),
        }
    }

    fn enum_decl(&self, e: &EnumDecl) -> String {
        let mut s = format!("{} {}", self.kw(Kw::Enum), e.name.name);
        push_label(&mut s, e.label.as_ref());
        let one_line = format!("{s} {}", variants(&e.variants));
        if width(&one_line) <= MAX_WIDTH {
            return one_line;
        }
        // A long list of labelled variants reads like the table it came from: one per line.
        s.push_str(" {");
        for v in &e.variants {
            s.push('\n');
            s.push_str(INDENT);
            s.push_str(&v.name.name);
            push_label(&mut s, v.label.as_ref());
        }
        s.push_str("\n}");
        s
    }

    fn record_decl(&mut self, r: &RecordDecl) {
        let mut head = format!("{} {}", self.kw(Kw::Record), r.name.name);
        push_label(&mut head, r.label.as_ref());
        self.fields_block(0, &head, &r.fields);
    }

    fn let_decl(&self, l: &LetDecl) -> String {
        let mut s = format!("{} {}", self.kw(Kw::Let), l.name.name);
        if let Some(t) = &l.ty {
            s.push_str(&format!(": {}", self.type_expr(t)));
        }
        push_label(&mut s, l.label.as_ref());
        s.push_str(&format!(" = {}", self.expr_top(&l.value)));
        s
    }

    fn calendar(&mut self, c: &CalendarDecl) {
        let mut head = format!("{} {}", self.kw(Kw::Calendar), c.name.name);
        push_label(&mut head, c.label.as_ref());
        head.push_str(" {");
        let lines: Vec<String> = c
            .lines
            .iter()
            .map(|l| {
                let k = if l.workdays {
                    Kw::Workdays
                } else {
                    Kw::Holidays
                };
                let spans: Vec<String> = l
                    .spans
                    .iter()
                    .map(|(a, b)| self.date_span(a, b.as_ref()))
                    .collect();
                format!("{} {}", self.kw(k), spans.join(", "))
            })
            .collect();
        self.block(0, &head, &lines);
    }

    fn date_span(&self, from: &DateLit, to: Option<&DateLit>) -> String {
        match to {
            Some(t) => format!("{} {} {}", from.text, self.kw(Kw::To), t.text),
            None => from.text.clone(),
        }
    }

    fn review_kind(&self, r: &ReviewKindDecl) -> String {
        format!(
            "{} {} {} {}",
            self.kw(Kw::Review),
            self.kw(Kw::Kind),
            r.name.name,
            string(&r.label.value)
        )
    }

    fn test(&mut self, t: &TestDecl) {
        self.line(
            0,
            &format!("{} {} {{", self.kw(Kw::Test), string(&t.name.value)),
        );
        for (k, fields, keys) in [
            (Kw::Given, &t.given, Keys::Given),
            (Kw::Expect, &t.expect, Keys::Expect),
        ] {
            let head = format!("{} {{", self.kw(k));
            let members: Vec<String> = fields.iter().map(|f| self.field(f, keys)).collect();
            self.block(1, &head, &members);
        }
        self.line(0, "}");
    }

    /// `{ k: v, … }` on one line.
    fn record(&self, fields: &[Field], keys: Keys) -> String {
        if fields.is_empty() {
            return "{}".to_string();
        }
        let parts: Vec<String> = fields.iter().map(|f| self.field(f, keys)).collect();
        format!("{{ {} }}", parts.join(", "))
    }

    fn field(&self, f: &Field, keys: Keys) -> String {
        let key = self.key(&f.key.name, keys);
        // Outcomes and sanction kinds in an expectation are built-in words too.
        let table: Option<Table> = match (keys, vocab::ExpectKey::from_name(&f.key.name)) {
            (Keys::Expect, Some(vocab::ExpectKey::Outcome)) => Some(t_outcome),
            (Keys::Expect, Some(vocab::ExpectKey::Sanctions)) => Some(t_sanction),
            _ => None,
        };
        format!("{key}: {}", self.value(&f.value, table))
    }

    fn key(&self, name: &str, keys: Keys) -> String {
        if let Some(k) = kw::keyword_key(name) {
            return self.kw(k).to_string();
        }
        let word = match keys {
            Keys::Given if !self.declared.contains(name) => self.word(name, t_given),
            Keys::Expect => self.word(name, t_expect),
            _ => name.to_string(),
        };
        if let Some(k) = kw::keyword_key(&word) {
            // A built-in key translated to one the parser reads as a keyword.
            self.kw(k).to_string()
        } else if is_plain_ident(&word) || kw::is_bare_key_keyword(&word) {
            word
        } else {
            string(&word)
        }
    }

    fn value(&self, v: &Value, table: Option<Table>) -> String {
        match v {
            Value::Number(n) => self.number(n),
            Value::Percent(n) => percent(n),
            Value::Date(d) => d.text.clone(),
            Value::Duration(d) => self.duration(d),
            Value::Range(a, b) => {
                format!("{} {} {}", self.number(a), self.kw(Kw::To), self.number(b))
            }
            Value::Str(s) => string(&s.value),
            Value::Bool(b, _) => self.kw(if *b { Kw::True } else { Kw::False }).to_string(),
            // Only the `fine` keyword gives this name (it is reserved): spell it as a keyword.
            Value::Name(id) if id.name == "fine" => self.kw(Kw::Fine).to_string(),
            Value::Name(id) => match table {
                Some(t) => self.word(&id.name, t),
                None => id.name.clone(),
            },
            Value::List(items, _) => {
                let parts: Vec<String> = items.iter().map(|i| self.value(i, table)).collect();
                format!("[{}]", parts.join(", "))
            }
            Value::Record(fields, _) => self.record(fields, Keys::Plain),
        }
    }

    /// A number as written, with the money suffix of the language.
    fn number(&self, n: &NumberLit) -> String {
        if n.yuan {
            format!("{}{}", n.text, self.kw(Kw::Yuan))
        } else {
            n.text.clone()
        }
    }

    fn duration(&self, d: &DurationLit) -> String {
        let one = d.count.text == "1";
        let unit = match (self.lang, d.unit) {
            (Lang::En, DurationUnit::Years) => {
                if one {
                    " year"
                } else {
                    " years"
                }
            }
            (Lang::En, DurationUnit::Months) => {
                if one {
                    " month"
                } else {
                    " months"
                }
            }
            (Lang::En, DurationUnit::Days) => {
                if one {
                    " day"
                } else {
                    " days"
                }
            }
            (Lang::Zh, DurationUnit::Years) => "年",
            (Lang::Zh, DurationUnit::Months) => "个月",
            (Lang::Zh, DurationUnit::Days) => "日",
        };
        format!("{}{unit}", d.count.text)
    }
}

fn push_label(s: &mut String, label: Option<&Str>) {
    if let Some(l) = label {
        s.push(' ');
        s.push_str(&string(&l.value));
    }
}

/// Lines longer than this (in display columns) are broken where the layout allows.
pub(super) const MAX_WIDTH: usize = 100;

/// Display width of `s`: East Asian wide characters count two columns.
pub(super) fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

fn variants(vs: &[Variant]) -> String {
    if vs.is_empty() {
        return "{}".to_string();
    }
    let parts: Vec<String> = vs
        .iter()
        .map(|v| {
            let mut s = v.name.name.clone();
            push_label(&mut s, v.label.as_ref());
            s
        })
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

fn names(ids: &[crate::ast::Ident]) -> String {
    ids.iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn percent(n: &NumberLit) -> String {
    format!("{}%", n.text)
}

/// `// text`. The parser drops one space after the slashes, so one is always printed (none for
/// an empty comment) and the text keeps any further leading spaces.
fn comment_text(c: &str) -> String {
    if c.is_empty() {
        "//".to_string()
    } else {
        format!("// {c}")
    }
}

/// A string literal in ASCII quotes; quotes, backslashes and control characters escaped.
pub(crate) fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `name` can be printed as a bare name: a letter or `_`, then letters, digits or `_`,
/// and not a reserved word. Anything else is printed as a string (keys accept both).
fn is_plain_ident(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_alphabetic() || first == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && !kw::is_reserved(name)
}
