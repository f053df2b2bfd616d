//! Typing expressions: names, literals, operators, `if`, windows and decision atoms. Calls and
//! aggregates are in [`super::calls`].
//!
//! Types flow both ways: a caller may pass a hint (the type its place needs), which number
//! literals, bare variant names, set literals and `[]` adopt. For binary operators the operand
//! that can adapt is typed after the other one, with the other's type as its hint.

use super::err;
use super::hints::listing;
use super::resolve::{Checker, ValueName};
use super::types::{
    parse_date, parse_decimal, parse_duration, parse_percent, suggest, with_suggestion,
};
use crate::ast::{self, BinaryOp, ExprKind as A, UnaryOp};
use crate::diagnostic::Diagnostic;
use crate::ir::{Expr, ExprKind, ItemId, RecordId, Type, UnOp, Value};
use crate::span::Span;
use crate::vocab::Outcome;

/// Where an expression stands: decides which decision values it may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// Facts, parameters and definitions only.
    General,
    /// Bands, fine limits and floors: `statutory.min|max` too.
    Band,
    /// Review conditions: the whole decision.
    Review,
}

/// The context of one expression.
pub(super) struct Scope {
    /// The enclosing item, for item-local definitions and tier ids.
    pub item: Option<ItemId>,
    /// Where the expression stands.
    pub place: Place,
    /// Optional facts known to be present here.
    pub narrowed: Vec<String>,
    /// Records whose fields are in scope (innermost aggregate last).
    pub fields: Vec<RecordId>,
    /// Only constants may be read (defaults, range bounds).
    pub constant: bool,
}

impl Scope {
    pub(super) fn new(item: Option<ItemId>, place: Place) -> Self {
        Scope {
            item,
            place,
            narrowed: Vec::new(),
            fields: Vec::new(),
            constant: false,
        }
    }
}

/// What a bare name refers to, before any side effect.
enum Found {
    Field(u32, Type),
    ItemLet(usize),
    Value(ValueName),
}

/// The optional facts known present when `e` is `positive` (true) or false.
pub(super) fn presence(e: &ast::Expr, positive: bool) -> Vec<String> {
    match &e.kind {
        A::Exists(id) if positive => vec![id.name.clone()],
        A::Unary(UnaryOp::Not, x) => presence(x, !positive),
        A::Binary(BinaryOp::And, a, b) if positive => {
            let mut v = presence(a, true);
            v.extend(presence(b, true));
            v
        }
        A::Binary(BinaryOp::Or, a, b) if !positive => {
            let mut v = presence(a, false);
            v.extend(presence(b, false));
            v
        }
        _ => Vec::new(),
    }
}

pub(super) fn mk(kind: ExprKind, ty: Type, span: Span) -> Expr {
    Expr { kind, ty, span }
}

fn is_plain_number(t: Type) -> bool {
    matches!(t, Type::Int | Type::Decimal)
}

impl Checker<'_> {
    /// Types `e` and requires type `want` (number literals adapt to it).
    pub(super) fn expect_ty(
        &mut self,
        e: &ast::Expr,
        want: Type,
        sc: &mut Scope,
        what: &str,
    ) -> Option<Expr> {
        let x = self.expr(e, Some(want), sc)?;
        if x.ty == want || (want == Type::Decimal && x.ty == Type::Int) {
            return Some(x);
        }
        let (w, g) = (self.ty_name(want), self.ty_name(x.ty));
        let mut d = Diagnostic::error(
            err::TYPE_MISMATCH,
            format!("{what} must be {w}, but this is {g}"),
            e.span,
        )
        .with_label(format!("this is {g}"));
        if want == Type::Money && is_plain_number(x.ty) {
            d = d.with_help(
                "amounts are money: declare the value as `money`, or multiply money by it",
            );
        } else if want == Type::Bool {
            d = d.with_help("a condition needs a comparison, such as `x > 0` or `harm == serious`");
        }
        self.diags.push(d);
        None
    }

    /// A condition.
    pub(super) fn cond(&mut self, e: &ast::Expr, sc: &mut Scope) -> Option<Expr> {
        self.expect_ty(e, Type::Bool, sc, "a condition")
    }

    /// An operand of `not`, `and` or `or` (named by `of`): a bool. A wrong type is the
    /// operator's problem, so it is reported as `operand_type`, as for arithmetic.
    pub(super) fn logic_operand(
        &mut self,
        e: &ast::Expr,
        sc: &mut Scope,
        of: &str,
    ) -> Option<Expr> {
        let x = self.expr(e, Some(Type::Bool), sc)?;
        if x.ty == Type::Bool {
            return Some(x);
        }
        let g = self.ty_name(x.ty);
        self.diags.push(
            Diagnostic::error(
                err::OPERAND_TYPE,
                format!("{of} must be bool, but this is {g}"),
                e.span,
            )
            .with_label(format!("this is {g}"))
            .with_help("a condition needs a comparison, such as `x > 0` or `harm == serious`"),
        );
        None
    }

    /// A constant of type `ty` (defaults, range bounds, parameter defaults).
    pub(super) fn const_value(
        &mut self,
        e: &ast::Expr,
        ty: Type,
        code: &'static str,
        what: &str,
    ) -> Option<Value> {
        let mut sc = Scope::new(None, Place::General);
        sc.constant = true;
        let x = self.expr(e, Some(ty), &mut sc)?;
        let value = match x.kind {
            ExprKind::Lit(v) => v,
            _ => {
                self.diags.push(
                    Diagnostic::error(
                        err::NOT_CONSTANT,
                        format!("{what} must be a constant"),
                        e.span,
                    )
                    .with_label("computed from other values")
                    .with_help(
                        "write a literal value here, such as `0`, `false` or a variant name",
                    ),
                );
                return None;
            }
        };
        let value = match (value, ty) {
            (Value::Int(i), Type::Decimal) => Value::Decimal(i.into()),
            (v, _) => v,
        };
        if x.ty != ty && !(x.ty == Type::Int && ty == Type::Decimal) {
            let (w, g) = (self.ty_name(ty), self.ty_name(x.ty));
            let help = self.how_to_write(ty);
            self.diags.push(
                Diagnostic::error(code, format!("{what} must be {w}, but this is {g}"), e.span)
                    .with_label(format!("this is {g}"))
                    .with_help(help),
            );
            return None;
        }
        Some(value)
    }

    /// Whether `e` takes its type from its surroundings (untyped number, unresolved bare name,
    /// set or list literal).
    pub(super) fn adaptable(&self, e: &ast::Expr, sc: &Scope) -> bool {
        match &e.kind {
            A::Number(n) => !n.yuan,
            A::Unary(UnaryOp::Neg, x) => self.adaptable(x, sc),
            A::Name(id) => self.find(&id.name, sc).is_none(),
            A::Set(_) | A::List(_) => true,
            _ => false,
        }
    }

    fn find(&self, name: &str, sc: &Scope) -> Option<Found> {
        for r in sc.fields.iter().rev() {
            if let Some(rec) = self.records.get(r.index())
                && let Some(i) = rec.fields.iter().position(|f| f.name == name)
            {
                let ty = rec.fields.get(i).map(|f| f.ty)?;
                return Some(Found::Field(u32::try_from(i).ok()?, ty));
            }
        }
        if let Some(item) = sc.item
            && let Some(idx) = self.item_lets.get(item.index()).and_then(|m| m.get(name))
        {
            return Some(Found::ItemLet(*idx));
        }
        self.values.get(name).map(|(v, _)| Found::Value(*v))
    }

    /// Types an expression. `None`: an error was reported.
    pub(super) fn expr(
        &mut self,
        e: &ast::Expr,
        hint: Option<Type>,
        sc: &mut Scope,
    ) -> Option<Expr> {
        let span = e.span;
        match &e.kind {
            A::Number(n) => self.number(n, hint, false),
            A::Percent(n) => match parse_percent(n) {
                Ok(d) => Some(mk(ExprKind::Lit(Value::Decimal(d)), Type::Decimal, span)),
                Err(d) => {
                    self.diags.push(d);
                    None
                }
            },
            A::Date(d) => match parse_date(d) {
                Ok(v) => Some(mk(ExprKind::Lit(Value::Date(v)), Type::Date, span)),
                Err(d) => {
                    self.diags.push(d);
                    None
                }
            },
            A::Duration(d) => match parse_duration(d) {
                Ok(v) => Some(mk(ExprKind::Lit(Value::Duration(v)), Type::Duration, span)),
                Err(d) => {
                    self.diags.push(d);
                    None
                }
            },
            A::Str(s) => Some(mk(ExprKind::Lit(Value::Text(s.clone())), Type::Text, span)),
            A::Bool(b) => Some(mk(ExprKind::Lit(Value::Bool(*b)), Type::Bool, span)),
            A::Name(id) => self.name(id, hint, sc),
            A::Exists(id) => self.exists(id, sc),
            A::DecisionField(src, field) => self.decision_field(*src, field, sc, span),
            A::Outcome => {
                self.need_review(sc, span, "`outcome`")?;
                Some(mk(ExprKind::Outcome, Type::Outcome, span))
            }
            A::Tier => {
                self.need_review(sc, span, "`tier`")?;
                Some(mk(ExprKind::Tier, Type::TierId, span))
            }
            A::Includes(k) => {
                self.need_review(sc, span, "`includes`")?;
                let kind = self.sanction_kind(k)?;
                Some(mk(ExprKind::Includes(kind), Type::Bool, span))
            }
            A::Applied(k) => {
                self.need_review(sc, span, "`applied`")?;
                let kind = self.effect_kind(k)?;
                Some(mk(ExprKind::Applied(kind), Type::Bool, span))
            }
            A::ActDate => Some(mk(ExprKind::ActDate, Type::Date, span)),
            A::DecisionDate => Some(mk(ExprKind::DecisionDate, Type::Date, span)),
            A::Set(elems) => self.set_lit(elems, hint, span),
            A::List(elems) => match (hint, elems.is_empty()) {
                (Some(Type::List(r)), true) => Some(mk(
                    ExprKind::Lit(Value::List(r, Vec::new())),
                    Type::List(r),
                    span,
                )),
                _ => {
                    self.diags.push(
                        Diagnostic::error(
                            err::TYPE_MISMATCH,
                            "a list literal here must be the empty list `[]` of a list fact",
                            span,
                        )
                        .with_label("list literal")
                        .with_help("records are given in a case or a test's `given`, not written in expressions"),
                    );
                    None
                }
            },
            A::Call(f, args) => self.call(f, args, hint, sc, span),
            A::Unary(op, x) => self.unary(*op, x, hint, sc, span),
            A::Binary(op, a, b) => self.binary(*op, a, b, hint, sc, span),
            A::If(c, a, b) => self.if_expr(c, a, b, hint, sc, span),
            A::Window {
                date,
                period,
                dir,
                anchor,
            } => {
                let d = self.expect_ty(date, Type::Date, sc, "the date tested by `within`");
                let an = self.expect_ty(anchor, Type::Date, sc, "the anchor of `within`");
                let p = match parse_duration(period) {
                    Ok(p) => Some(p),
                    Err(d) => {
                        self.diags.push(d);
                        None
                    }
                };
                Some(mk(
                    ExprKind::Window {
                        date: Box::new(d?),
                        period: p?,
                        dir: *dir,
                        anchor: Box::new(an?),
                    },
                    Type::Bool,
                    span,
                ))
            }
        }
    }

    fn number(&mut self, n: &ast::NumberLit, hint: Option<Type>, negate: bool) -> Option<Expr> {
        let mut d = match parse_decimal(n) {
            Ok(d) => d,
            Err(e) => {
                self.diags.push(e);
                return None;
            }
        };
        if negate {
            d = -d;
        }
        let (value, ty) = if n.yuan || hint == Some(Type::Money) {
            (Value::Money(d), Type::Money)
        } else if hint == Some(Type::Decimal) || !d.fract().is_zero() {
            (Value::Decimal(d), Type::Decimal)
        } else {
            match i64::try_from(d) {
                Ok(i) => (Value::Int(i), Type::Int),
                Err(_) => (Value::Decimal(d), Type::Decimal),
            }
        };
        Some(mk(ExprKind::Lit(value), ty, n.span))
    }

    fn name(&mut self, id: &ast::Ident, hint: Option<Type>, sc: &mut Scope) -> Option<Expr> {
        let span = id.span;
        let variant = match hint {
            Some(Type::Enum(e)) => self.variant_index(e, &id.name).map(|v| (e, v)),
            _ => None,
        };
        let found = self.find(&id.name, sc);
        match (variant, found) {
            (Some((e, _)), Some(f)) => {
                let what = match f {
                    Found::Field(..) => "record field",
                    Found::ItemLet(_) | Found::Value(ValueName::Let(_)) => "definition",
                    Found::Value(ValueName::Fact(_)) => "fact",
                    Found::Value(ValueName::Param(_)) => "parameter",
                    Found::Value(ValueName::Poisoned) => return None,
                };
                let en = self.enum_name(e).to_string();
                self.diags.push(
                    Diagnostic::error(
                        err::AMBIGUOUS_NAME,
                        format!("`{}` is both a {what} and a variant of `{en}`", id.name),
                        span,
                    )
                    .with_label("could mean either")
                    .with_help(format!(
                        "rename the {what} or the variant so that `{}` means one thing here",
                        id.name
                    )),
                );
                None
            }
            (Some((e, v)), None) => Some(mk(ExprKind::Lit(Value::Enum(e, v)), Type::Enum(e), span)),
            (None, Some(f)) => self.use_found(id, f, sc),
            (None, None) => self.unknown_name(id, hint, sc),
        }
    }

    fn use_found(&mut self, id: &ast::Ident, f: Found, sc: &mut Scope) -> Option<Expr> {
        let span = id.span;
        if sc.constant && !matches!(f, Found::Value(ValueName::Param(_))) {
            self.diags.push(
                Diagnostic::error(
                    err::NOT_CONSTANT,
                    format!("`{}` is not a constant", id.name),
                    span,
                )
                .with_label("a value of the case")
                .with_help("defaults and bounds are written as literal values"),
            );
            return None;
        }
        match f {
            Found::Field(i, ty) => {
                if self.values.contains_key(&id.name) {
                    self.diags.push(
                        Diagnostic::warning(
                            err::FIELD_SHADOWS_NAME,
                            format!(
                                "record field `{}` hides the {} of the same name here",
                                id.name, "value"
                            ),
                            span,
                        )
                        .with_label("read as the record's field")
                        .with_help("rename the field or the fact if the outer value was meant"),
                    );
                }
                Some(mk(ExprKind::Field(i), ty, span))
            }
            Found::ItemLet(idx) | Found::Value(ValueName::Let(idx)) => {
                self.used_lets.insert(idx);
                let (lid, ty) = self.ensure_let(idx)?;
                Some(mk(ExprKind::Let(lid), ty, span))
            }
            Found::Value(ValueName::Param(idx)) => {
                self.used_params.insert(idx);
                let p = self.params.get(idx)?;
                Some(mk(ExprKind::Lit(p.value.clone()), p.ty, span))
            }
            Found::Value(ValueName::Fact(fid)) => {
                self.used_facts.insert(fid);
                let f = self.facts.get(fid.index())?;
                let (ty, optional) = (f.ty, f.optional);
                if optional && !sc.narrowed.contains(&id.name) {
                    let n = &id.name;
                    self.diags.push(
                        Diagnostic::error(
                            err::OPTIONAL_UNGUARDED,
                            format!("optional fact `{n}` is read without checking that it was given"),
                            span,
                        )
                        .with_label("may be missing")
                        .with_help(format!(
                            "guard it: `exists {n} and …{n}…`, or `if exists {n} then …{n}… else …`; or give it a default"
                        )),
                    );
                }
                Some(mk(ExprKind::Fact(fid), ty, span))
            }
            Found::Value(ValueName::Poisoned) => None,
        }
    }

    fn unknown_name(&mut self, id: &ast::Ident, hint: Option<Type>, sc: &Scope) -> Option<Expr> {
        let span = id.span;
        match hint {
            Some(Type::Outcome) => {
                if let Some(o) = Outcome::from_name(&id.name) {
                    return Some(mk(ExprKind::Lit(Value::Outcome(o)), Type::Outcome, span));
                }
                let d = Diagnostic::error(
                    err::UNKNOWN_OUTCOME,
                    format!("unknown outcome `{}`", id.name),
                    span,
                )
                .with_label("not an outcome");
                self.diags.push(with_suggestion(
                    d,
                    &id.name,
                    Outcome::ALL.iter().map(|o| o.en()),
                    "outcome",
                ));
                return None;
            }
            Some(Type::TierId) => {
                let tiers: Vec<String> = match sc.item {
                    Some(i) => self.item_tiers.get(i.index()).cloned().unwrap_or_default(),
                    None => self.item_tiers.iter().flatten().cloned().collect(),
                };
                if tiers.contains(&id.name) {
                    return Some(mk(
                        ExprKind::Lit(Value::Tier(id.name.clone())),
                        Type::TierId,
                        span,
                    ));
                }
                let whose = if sc.item.is_some() {
                    "of this item"
                } else {
                    "of any item"
                };
                let d = Diagnostic::error(
                    err::UNKNOWN_TIER,
                    format!("`{}` is not a tier {whose}", id.name),
                    span,
                )
                .with_label("unknown tier");
                self.diags.push(with_suggestion(
                    d,
                    &id.name,
                    tiers.iter().map(String::as_str),
                    "tier id",
                ));
                return None;
            }
            _ => {}
        }
        let mut cands: Vec<String> = self.values.keys().cloned().collect();
        if let Some(i) = sc.item
            && let Some(m) = self.item_lets.get(i.index())
        {
            cands.extend(m.keys().cloned());
        }
        for r in &sc.fields {
            if let Some(rec) = self.records.get(r.index()) {
                cands.extend(rec.fields.iter().map(|f| f.name.clone()));
            }
        }
        if let Some(Type::Enum(e)) = hint {
            // The other side is an enum: a name that is nothing else is taken for a variant.
            let mut d = self.unknown_variant(e, id);
            let variants = self.variant_names(e);
            let near_variant = suggest(&id.name, variants.iter().map(String::as_str));
            if near_variant.is_none()
                && let Some(s) = suggest(&id.name, cands.iter().map(String::as_str))
            {
                let listed = d.help.take().unwrap_or_default();
                d = d.with_help(format!("did you mean `{s}`? {listed}"));
            }
            self.diags.push(d);
            return None;
        }
        let expected = "fact, parameter or definition";
        let d = Diagnostic::error(
            err::UNKNOWN_NAME,
            format!("unknown name `{}`", id.name),
            span,
        )
        .with_label(format!("not a {expected}"));
        self.diags.push(with_suggestion(
            d,
            &id.name,
            cands.iter().map(String::as_str),
            expected,
        ));
        None
    }

    fn exists(&mut self, id: &ast::Ident, sc: &Scope) -> Option<Expr> {
        match self.values.get(&id.name) {
            Some((ValueName::Fact(f), _)) => {
                let f = *f;
                self.used_facts.insert(f);
                Some(mk(ExprKind::Exists(f), Type::Bool, id.span))
            }
            Some((ValueName::Poisoned, _)) => None,
            _ => {
                let _ = sc;
                let d = Diagnostic::error(
                    err::UNKNOWN_NAME,
                    format!("`exists` needs a fact, and `{}` is not one", id.name),
                    id.span,
                )
                .with_label("not a fact");
                let facts: Vec<String> = self
                    .facts
                    .iter()
                    .filter(|f| f.optional)
                    .map(|f| f.name.clone())
                    .collect();
                self.diags.push(with_suggestion(
                    d,
                    &id.name,
                    facts.iter().map(String::as_str),
                    "optional fact",
                ));
                None
            }
        }
    }

    fn set_lit(&mut self, elems: &[ast::Expr], hint: Option<Type>, span: Span) -> Option<Expr> {
        let e = match hint {
            Some(Type::Set(e)) | Some(Type::Enum(e)) => e,
            _ => {
                // Infer the enum from the first element's name when exactly one enum has it.
                let first = elems.first().and_then(|x| match &x.kind {
                    A::Name(id) => Some(id.name.clone()),
                    _ => None,
                });
                let owners: Vec<crate::ir::EnumId> = first
                    .map(|n| {
                        (0..self.enums.len())
                            .filter_map(|i| u32::try_from(i).ok().map(crate::ir::EnumId))
                            .filter(|e| self.variant_index(*e, &n).is_some())
                            .collect()
                    })
                    .unwrap_or_default();
                match owners.as_slice() {
                    [e] => *e,
                    _ => {
                        self.diags.push(
                            Diagnostic::error(
                                err::EMPTY_SET,
                                "cannot tell which enum this set's variants belong to",
                                span,
                            )
                            .with_label("set literal")
                            .with_help(
                                "compare it with a value of the enum: `harm in {none, minor}`",
                            ),
                        );
                        return None;
                    }
                }
            }
        };
        let mut set = std::collections::BTreeSet::new();
        let mut ok = true;
        for x in elems {
            let v = match &x.kind {
                A::Name(id) => self.variant_index(e, &id.name).or_else(|| {
                    let d = self.unknown_variant(e, id);
                    self.diags.push(d);
                    None
                }),
                other => {
                    let en = self.enum_name(e).to_string();
                    let vs = self.variant_names(e);
                    let what = match other {
                        A::Number(n) => format!("`{}`", n.text),
                        A::Str(t) => format!("`\"{}\"`", t),
                        _ => "this".to_string(),
                    };
                    self.diags.push(
                        Diagnostic::error(
                            err::MEMBERSHIP,
                            format!(
                                "{what} is not a variant name: the set lists variants of `{en}`"
                            ),
                            x.span,
                        )
                        .with_label("not a variant name")
                        .with_help(format!(
                            "sets hold enum variants only, written as bare names; `{en}` has the \
                             variants {}",
                            listing(vs.iter().map(String::as_str))
                        )),
                    );
                    None
                }
            };
            match v {
                Some(v) => {
                    set.insert(v);
                }
                None => ok = false,
            }
        }
        ok.then(|| mk(ExprKind::Lit(Value::Set(e, set)), Type::Set(e), span))
    }

    fn unary(
        &mut self,
        op: UnaryOp,
        x: &ast::Expr,
        hint: Option<Type>,
        sc: &mut Scope,
        span: Span,
    ) -> Option<Expr> {
        match op {
            UnaryOp::Not => {
                let inner = self.logic_operand(x, sc, "the operand of `not`")?;
                Some(mk(
                    ExprKind::Unary(UnOp::Not, Box::new(inner)),
                    Type::Bool,
                    span,
                ))
            }
            UnaryOp::Neg => {
                if let A::Number(n) = &x.kind {
                    let mut lit = self.number(n, hint, true)?;
                    lit.span = span;
                    return Some(lit);
                }
                let inner = self.expr(x, hint, sc)?;
                if !inner.ty.is_numeric() && inner.ty != Type::Duration {
                    let g = self.ty_name(inner.ty);
                    self.diags.push(
                        Diagnostic::error(err::OPERAND_TYPE, format!("cannot negate {g}"), x.span)
                            .with_label(format!("this is {g}"))
                            .with_help(
                                "`-` applies to numbers, money and durations; for a condition \
                                 that does not hold, write `not`",
                            ),
                    );
                    return None;
                }
                let ty = inner.ty;
                Some(mk(ExprKind::Unary(UnOp::Neg, Box::new(inner)), ty, span))
            }
        }
    }

    fn if_expr(
        &mut self,
        c: &ast::Expr,
        a: &ast::Expr,
        b: &ast::Expr,
        hint: Option<Type>,
        sc: &mut Scope,
        span: Span,
    ) -> Option<Expr> {
        let cond = self.cond(c, sc);
        let (pos, neg) = (presence(c, true), presence(c, false));
        let base = sc.narrowed.len();
        let b_first = self.adaptable(a, sc) && !self.adaptable(b, sc);
        let (x, y);
        if b_first {
            sc.narrowed.extend(neg);
            y = self.expr(b, hint, sc);
            sc.narrowed.truncate(base);
            sc.narrowed.extend(pos);
            x = self.expr(a, y.as_ref().map(|y| y.ty).or(hint), sc);
            sc.narrowed.truncate(base);
        } else {
            sc.narrowed.extend(pos);
            x = self.expr(a, hint, sc);
            sc.narrowed.truncate(base);
            sc.narrowed.extend(neg);
            y = self.expr(b, x.as_ref().map(|x| x.ty).or(hint), sc);
            sc.narrowed.truncate(base);
        }
        let (cond, x, y) = (cond?, x?, y?);
        let ty = if x.ty == y.ty {
            x.ty
        } else if is_plain_number(x.ty) && is_plain_number(y.ty) {
            Type::Decimal
        } else {
            let (tx, ty) = (self.ty_name(x.ty), self.ty_name(y.ty));
            self.diags.push(
                Diagnostic::error(
                    err::IF_BRANCHES,
                    format!("the branches of this `if` differ: {tx} and {ty}"),
                    y.span,
                )
                .with_label(format!("this is {ty}"))
                .with_secondary(x.span, format!("this is {tx}"))
                .with_help("both branches must give the same type"),
            );
            return None;
        };
        Some(mk(
            ExprKind::If(Box::new(cond), Box::new(x), Box::new(y)),
            ty,
            span,
        ))
    }
}
