//! Violation items (fines, tiers, sanctions), circumstances, adjustments and reviews.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::err;
use super::exprs::{Place, Scope};
use super::resolve::{Checker, LetState};
use super::types::{
    duplicate, parse_decimal, parse_duration, parse_percent, parse_share, parse_whole,
    with_suggestion,
};
use crate::ast::{self, DeclKind, ItemMemberKind};
use crate::diagnostic::Diagnostic;
use crate::ir::{
    AdjustActionDef, AdjustDef, Band, CircumstanceDef, EffectDef, EffectTargetDef, ExprKind,
    FineBaseDef, FineDef, FineForm, FineLimitDef, ItemDef, ItemId, Modality, ObligationDef,
    ReviewDef, ReviewKindRef, SanctionArgDef, SanctionDef, TierDef, Type,
};
use crate::span::Span;
use crate::vocab::{EffectKind, ReviewKindBuiltin, SanctionKind};

fn modality(m: Option<ast::Modality>) -> Modality {
    match m {
        Some(ast::Modality::May) => Modality::May,
        _ => Modality::Shall,
    }
}

fn lit_gt(a: &crate::ir::Expr, b: &crate::ir::Expr) -> bool {
    match (&a.kind, &b.kind) {
        (ExprKind::Lit(x), ExprKind::Lit(y)) => super::resolve::value_gt(x, y),
        _ => false,
    }
}

impl<'a> Checker<'a> {
    pub(super) fn item_ref(&mut self, id: &ast::Ident) -> Option<ItemId> {
        if let Some(i) = self.item_names.get(&id.name) {
            return Some(*i);
        }
        let d = Diagnostic::error(
            err::UNKNOWN_ITEM,
            format!("unknown violation item `{}`", id.name),
            id.span,
        )
        .with_label("no item with this id");
        let names: Vec<String> = self.item_names.keys().cloned().collect();
        self.diags.push(with_suggestion(
            d,
            &id.name,
            names.iter().map(String::as_str),
            "violation item id",
        ));
        None
    }

    fn reversed(&mut self, span: Span) {
        self.diags.push(
            Diagnostic::error(
                err::REVERSED_RANGE,
                "this range's lower end is above its upper end",
                span,
            )
            .with_label("lower end first, then upper end")
            .with_help("swap the two ends"),
        );
    }

    /// A band (a share of the statutory range, or a fine form that may read `statutory.…`).
    pub(super) fn band(&mut self, b: &ast::Band, item: Option<ItemId>) -> Option<Band> {
        let share = |c: &mut Self, n: &ast::NumberLit| match parse_share(n) {
            Ok(d) => Some(d),
            Err(e) => {
                c.diags.push(e);
                None
            }
        };
        match b {
            ast::Band::Lower(n) => share(self, n).map(Band::Lower),
            ast::Band::Upper(n) => share(self, n).map(Band::Upper),
            ast::Band::Share(x, y) => {
                let (a, b) = (share(self, x), share(self, y));
                let (a, b) = (a?, b?);
                if a > b {
                    self.reversed(x.span.to(y.span));
                    return None;
                }
                Some(Band::Share(a, b))
            }
            ast::Band::Form(f) => self.fine_form(f, Place::Band, item).map(Band::Form),
        }
    }

    fn money(&mut self, e: &ast::Expr, sc: &mut Scope, what: &str) -> Option<crate::ir::Expr> {
        self.expect_ty(e, Type::Money, sc, what)
    }

    fn rate(&mut self, r: &ast::Rate) -> Option<Decimal> {
        let res = match r {
            ast::Rate::Times(n) => parse_decimal(n),
            ast::Rate::Percent(n) => parse_percent(n),
        };
        res.map_err(|e| self.diags.push(e)).ok()
    }

    pub(super) fn fine_form(
        &mut self,
        f: &ast::FineForm,
        place: Place,
        item: Option<ItemId>,
    ) -> Option<FineForm> {
        let mut sc = Scope::new(item, place);
        let base = match &f.base {
            ast::FineBase::Range(a, b) => {
                let x = self.money(a, &mut sc, "the low end of a fine");
                let y = self.money(b, &mut sc, "the high end of a fine");
                let (x, y) = (x?, y?);
                if lit_gt(&x, &y) {
                    self.reversed(a.span.to(b.span));
                    return None;
                }
                Some(FineBaseDef::Range(x, y))
            }
            ast::FineBase::UpTo(b) => self
                .money(b, &mut sc, "the most a fine can be")
                .map(FineBaseDef::UpTo),
            ast::FineBase::AtLeast(a) => self
                .money(a, &mut sc, "the least a fine can be")
                .map(FineBaseDef::AtLeast),
            ast::FineBase::Rate { from, to, base } => {
                let lo = self.rate(from);
                let hi = to.as_ref().map(|t| self.rate(t));
                let b = self.money(base, &mut sc, "the base of a multiple");
                let (lo, b) = (lo?, b?);
                let hi = match hi {
                    Some(h) => Some(h?),
                    None => None,
                };
                if let Some(h) = hi
                    && lo > h
                {
                    self.reversed(f.span);
                    return None;
                }
                Some(FineBaseDef::Rate {
                    from: lo,
                    to: hi,
                    base: b,
                })
            }
            ast::FineBase::PerUnit {
                amount,
                unit,
                quantity,
                rounding,
            } => {
                let a = self.money(amount, &mut sc, "the amount per unit");
                let u = self.expr(unit, None, &mut sc);
                let q = self.expr(quantity, u.as_ref().map(|u| u.ty), &mut sc);
                let (a, u, q) = (a?, u?, q?);
                let ok = (u.ty == Type::Money && q.ty == Type::Money)
                    || (matches!(u.ty, Type::Int | Type::Decimal)
                        && matches!(q.ty, Type::Int | Type::Decimal));
                if !ok {
                    let (un, qn) = (self.ty_name(u.ty), self.ty_name(q.ty));
                    self.diags.push(
                        Diagnostic::error(
                            err::TYPE_MISMATCH,
                            format!("a unit of {un} cannot measure a quantity of {qn}"),
                            unit.span.to(quantity.span),
                        )
                        .with_label("unit and quantity differ")
                        .with_help(
                            "the unit and the quantity are both plain numbers, or both money",
                        ),
                    );
                    return None;
                }
                Some(FineBaseDef::PerUnit {
                    amount: a,
                    unit: u,
                    quantity: q,
                    rounding: *rounding,
                })
            }
            ast::FineBase::Amount(e) => self
                .money(e, &mut sc, "a fine amount")
                .map(FineBaseDef::Amount),
        };
        let mut lsc = Scope::new(
            item,
            if place == Place::Review {
                Place::Review
            } else {
                Place::Band
            },
        );
        let mut limits = Vec::new();
        for l in &f.limits {
            let x = match l {
                ast::FineLimit::AtMost(e) => {
                    self.money(e, &mut lsc, "a cap").map(FineLimitDef::AtMost)
                }
                ast::FineLimit::AtLeast(e) => self
                    .money(e, &mut lsc, "a floor")
                    .map(FineLimitDef::AtLeast),
            };
            limits.push(x);
        }
        let limits: Option<Vec<_>> = limits.into_iter().collect();
        Some(FineForm {
            base: base?,
            limits: limits?,
            span: f.span,
        })
    }

    pub(super) fn sanction(
        &mut self,
        s: &ast::Sanction,
        item: Option<ItemId>,
    ) -> Option<SanctionDef> {
        let kind = self.sanction_kind(&s.kind);
        let mut sc = Scope::new(item, Place::General);
        let condition = s.when.as_ref().map(|c| self.cond(c, &mut sc));
        let kind = kind?;
        if kind == SanctionKind::Fine {
            self.diags.push(
                Diagnostic::error(
                    err::SANCTION_ARG,
                    "the fine is stated with `fine …`, not as a further sanction",
                    s.kind.span,
                )
                .with_label("fine")
                .with_help("write `fine 5000 to 50000` in the item"),
            );
            return None;
        }
        let takes_duration = matches!(
            kind,
            SanctionKind::SuspendLicense
                | SanctionKind::RestrictProduction
                | SanctionKind::SuspendBusiness
                | SanctionKind::RestrictEmployment
                | SanctionKind::Detention
        );
        let takes_amount = matches!(
            kind,
            SanctionKind::ConfiscateGains | SanctionKind::ConfiscateProperty
        );
        let arg =
            match &s.arg {
                None => None,
                Some(ast::SanctionArg::Duration(a, b)) if takes_duration => {
                    let x = parse_duration(a).map_err(|e| self.diags.push(e)).ok();
                    let y = b
                        .as_ref()
                        .map(|b| parse_duration(b).map_err(|e| self.diags.push(e)).ok());
                    let x = x?;
                    let y = match y {
                        Some(y) => Some(y?),
                        None => None,
                    };
                    if let (Some(b), Some(y)) = (b, y)
                        && a.unit == b.unit
                        && x > y
                    {
                        self.reversed(a.span.to(b.span));
                        return None;
                    }
                    Some(SanctionArgDef::Duration(x, y))
                }
                Some(ast::SanctionArg::Of(e)) if takes_amount => Some(SanctionArgDef::Of(
                    self.money(e, &mut sc, "what is confiscated")?,
                )),
                Some(arg) => {
                    let (span, what) = match arg {
                        ast::SanctionArg::Duration(a, b) => (
                            b.as_ref().map_or(a.span, |b| a.span.to(b.span)),
                            "a duration",
                        ),
                        ast::SanctionArg::Of(e) => (e.span, "an amount"),
                    };
                    let help = if takes_duration {
                        format!(
                            "`{}` takes a duration: `{} 1 months to 6 months`",
                            s.kind.name, s.kind.name
                        )
                    } else if takes_amount {
                        format!(
                            "`{}` takes an amount: `{} of illegal_gains`",
                            s.kind.name, s.kind.name
                        )
                    } else {
                        format!("`{}` takes no argument", s.kind.name)
                    };
                    self.diags.push(
                        Diagnostic::error(
                            err::SANCTION_ARG,
                            format!("`{}` does not take {what}", s.kind.name),
                            span,
                        )
                        .with_label(format!("{what} here"))
                        .with_help(help),
                    );
                    return None;
                }
            };
        let condition = match condition {
            Some(c) => Some(c?),
            None => None,
        };
        Some(SanctionDef {
            kind,
            modality: modality(s.modality),
            arg,
            condition,
            span: s.span,
        })
    }

    pub(super) fn circumstance(
        &mut self,
        c: &ast::Circumstance,
        item: Option<ItemId>,
    ) -> Option<CircumstanceDef> {
        let scope: Vec<Option<ItemId>> = c.scope.iter().map(|i| self.item_ref(i)).collect();
        let mut sc = Scope::new(item, Place::General);
        let condition = match &c.when {
            Some(w) => self.cond(w, &mut sc),
            None => {
                self.diags.push(
                    Diagnostic::error(
                        err::MISSING_WHEN,
                        format!("circumstance `{}` has no condition", c.id.name),
                        c.id.span,
                    )
                    .with_label("no `when`")
                    .with_help("add `when …`: the condition under which the circumstance applies"),
                );
                None
            }
        };
        let effect = match &c.effect {
            Some(e) => self.effect(e, item),
            None => {
                self.diags.push(
                    Diagnostic::error(
                        err::MISSING_EFFECT,
                        format!("circumstance `{}` has no effect", c.id.name),
                        c.id.span,
                    )
                    .with_label("no effect")
                    .with_help("add what it does, such as `shall mitigate` or `may exempt`"),
                );
                None
            }
        };
        let scope: Option<Vec<ItemId>> = scope.into_iter().collect();
        let scope = if c.scope.is_empty() {
            None
        } else {
            Some(scope?)
        };
        Some(CircumstanceDef {
            id: c.id.name.clone(),
            label: c.label.value.clone(),
            scope,
            cite: c.cite.iter().map(|s| s.value.clone()).collect(),
            condition: condition?,
            effect: effect?,
            obligations: c
                .obligations
                .iter()
                .map(|o| ObligationDef {
                    text: o.text.value.clone(),
                    cite: o.cite.as_ref().map(|s| s.value.clone()),
                    span: o.span,
                })
                .collect(),
            span: c.span,
        })
    }

    fn effect(&mut self, e: &ast::Effect, item: Option<ItemId>) -> Option<EffectDef> {
        let kind = self.effect_kind(&e.kind)?;
        let target = match &e.target {
            None => None,
            Some(t) => {
                let problem = match (kind, t) {
                    (
                        EffectKind::NotApplicable | EffectKind::TimeBarred | EffectKind::NotPunishable | EffectKind::Exempt,
                        _,
                    ) => Some(format!("`{}` ends the case and takes no `to` target", e.kind.name)),
                    (EffectKind::Reduce, ast::EffectTarget::Point(_)) => Some(
                        "`reduce` goes below the statutory minimum, so its target is a band, not a point".to_string(),
                    ),
                    _ => None,
                };
                if let Some(msg) = problem {
                    let span = match t {
                        ast::EffectTarget::Point(p) => p.span,
                        ast::EffectTarget::Band(_) => e.span,
                    };
                    self.diags.push(
                        Diagnostic::error(err::EFFECT_TARGET, msg, span)
                            .with_label("target")
                            .with_help("`reduce to 0 to 5000`, `mitigate to minimum`; `exempt` and `not_punishable` stand alone"),
                    );
                    return None;
                }
                Some(match t {
                    ast::EffectTarget::Point(p) => EffectTargetDef::Point(self.point(p)?),
                    ast::EffectTarget::Band(b) => EffectTargetDef::Band(self.band(b, item)?),
                })
            }
        };
        Some(EffectDef {
            modality: modality(e.modality),
            kind,
            target,
            span: e.span,
        })
    }

    pub(super) fn adjust(&mut self, a: &ast::Adjust, item: Option<ItemId>) -> Option<AdjustDef> {
        let mut sc = Scope::new(item, Place::General);
        let condition = self.cond(&a.when, &mut sc);
        let action = match &a.action {
            ast::AdjustAction::Up(n) | ast::AdjustAction::Down(n) => {
                let k = parse_whole(n, "a tier shift")
                    .map_err(|e| self.diags.push(e))
                    .ok()?;
                let k = u32::try_from(k).ok()?;
                Some(if matches!(a.action, ast::AdjustAction::Up(_)) {
                    AdjustActionDef::Up(k)
                } else {
                    AdjustActionDef::Down(k)
                })
            }
            ast::AdjustAction::To(p) => self.point(p).map(AdjustActionDef::To),
            ast::AdjustAction::Discount { from, to, floor } => {
                let lo = parse_share(from).map_err(|e| self.diags.push(e)).ok();
                let hi = to
                    .as_ref()
                    .map(|t| parse_share(t).map_err(|e| self.diags.push(e)).ok());
                let mut fsc = Scope::new(item, Place::Band);
                let fl = floor
                    .as_ref()
                    .map(|f| self.money(f, &mut fsc, "a discount's floor"));
                let lo = lo?;
                let hi = match hi {
                    Some(h) => Some(h?),
                    None => None,
                };
                if let (Some(h), Some(t)) = (hi, to)
                    && lo > h
                {
                    self.reversed(from.span.to(t.span));
                    return None;
                }
                let fl = match fl {
                    Some(f) => Some(f?),
                    None => None,
                };
                Some(AdjustActionDef::Discount {
                    from: lo,
                    to: hi,
                    floor: fl,
                })
            }
        };
        Some(AdjustDef {
            id: a.id.name.clone(),
            label: a.label.value.clone(),
            condition: condition?,
            action: action?,
            cite: a.cite.as_ref().map(|s| s.value.clone()),
            span: a.span,
        })
    }

    pub(super) fn review(&mut self, r: &ast::Review, item: Option<ItemId>) -> Option<ReviewDef> {
        let kind_name = r.kind.as_ref().unwrap_or(&r.id);
        let kind =
            if let Some(b) = ReviewKindBuiltin::from_name(&kind_name.name) {
                Some(ReviewKindRef::Builtin(b))
            } else if let Some(k) = self.review_kind_names.get(&kind_name.name) {
                Some(ReviewKindRef::Declared(*k))
            } else {
                let mut names: Vec<String> = ReviewKindBuiltin::ALL
                    .iter()
                    .map(|b| b.en().to_string())
                    .collect();
                names.extend(self.review_kind_names.keys().cloned());
                let d =
                    if r.kind.is_some() {
                        let d = Diagnostic::error(
                            err::UNKNOWN_REVIEW_KIND,
                            format!("unknown review kind `{}`", kind_name.name),
                            kind_name.span,
                        )
                        .with_label("not a review kind");
                        with_suggestion(
                            d,
                            &kind_name.name,
                            names.iter().map(String::as_str),
                            "review kind",
                        )
                    } else {
                        Diagnostic::error(
                    err::UNKNOWN_REVIEW_KIND,
                    format!("review `{}` names no review kind", r.id.name),
                    r.id.span,
                )
                .with_label("the id is not a review kind, and no `kind` is given")
                .with_help(format!(
                    "add `kind K` with a built-in kind ({}) or declare `review kind {} \"…\"`",
                    names.iter().take(5).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "),
                    r.id.name
                ))
                    };
                self.diags.push(d);
                None
            };
        let mut sc = Scope::new(item, Place::Review);
        let condition = self.cond(&r.when, &mut sc);
        Some(ReviewDef {
            id: r.id.name.clone(),
            label: r.label.value.clone(),
            kind: kind?,
            condition: condition?,
            cite: r.cite.as_ref().map(|s| s.value.clone()),
            item,
            span: r.span,
        })
    }

    fn global_ids<T: 'a>(
        &self,
        pick: impl Fn(&'a DeclKind) -> Option<&'a T>,
        id: impl Fn(&T) -> &ast::Ident,
    ) -> BTreeMap<String, Span> {
        let mut m = BTreeMap::new();
        for d in self.decls() {
            if let Some(x) = pick(&d.kind) {
                let i = id(x);
                m.entry(i.name.clone()).or_insert(i.span);
            }
        }
        m
    }

    pub(super) fn check_global_circumstances(&mut self) -> Vec<CircumstanceDef> {
        let mut seen: BTreeMap<String, Span> = BTreeMap::new();
        let mut out = Vec::new();
        for d in self.decls() {
            let DeclKind::Circumstance(c) = &d.kind else {
                continue;
            };
            if let Some(first) = seen.get(&c.id.name) {
                self.diags
                    .push(duplicate("circumstance", &c.id.name, c.id.span, *first));
                continue;
            }
            seen.insert(c.id.name.clone(), c.id.span);
            out.extend(self.circumstance(c, None));
        }
        out
    }

    pub(super) fn check_global_adjustments(&mut self) -> Vec<AdjustDef> {
        let mut seen: BTreeMap<String, Span> = BTreeMap::new();
        let mut out = Vec::new();
        for d in self.decls() {
            let DeclKind::Adjust(a) = &d.kind else {
                continue;
            };
            if let Some(first) = seen.get(&a.id.name) {
                self.diags
                    .push(duplicate("adjustment", &a.id.name, a.id.span, *first));
                continue;
            }
            seen.insert(a.id.name.clone(), a.id.span);
            out.extend(self.adjust(a, None));
        }
        out
    }

    /// Rulebook-wide reviews, then each item's, in one namespace of ids.
    pub(super) fn check_reviews(&mut self) -> Vec<ReviewDef> {
        let mut seen: BTreeMap<String, Span> = BTreeMap::new();
        let mut out = Vec::new();
        let mut all: Vec<(&'a ast::Review, Option<ItemId>)> = Vec::new();
        for d in self.decls() {
            if let DeclKind::Review(r) = &d.kind {
                all.push((r, None));
            }
        }
        let items: Vec<&'a ast::Violation> = self.items.clone();
        for (i, v) in items.iter().enumerate() {
            let id = ItemId(u32::try_from(i).unwrap_or(u32::MAX));
            for m in &v.members {
                if let ItemMemberKind::Review(r) = &m.kind {
                    all.push((r, Some(id)));
                }
            }
        }
        for (r, item) in all {
            if let Some(first) = seen.get(&r.id.name) {
                self.diags
                    .push(duplicate("review", &r.id.name, r.id.span, *first));
                continue;
            }
            seen.insert(r.id.name.clone(), r.id.span);
            out.extend(self.review(r, item));
        }
        out
    }

    pub(super) fn check_items(&mut self) -> Vec<ItemDef> {
        let global_circs = self.global_ids(
            |k| match k {
                DeclKind::Circumstance(c) => Some(c),
                _ => None,
            },
            |c: &ast::Circumstance| &c.id,
        );
        let global_adjusts = self.global_ids(
            |k| match k {
                DeclKind::Adjust(a) => Some(a),
                _ => None,
            },
            |a: &ast::Adjust| &a.id,
        );
        let items: Vec<&'a ast::Violation> = self.items.clone();
        let mut out = Vec::new();
        for (i, v) in items.iter().enumerate() {
            let id = ItemId(u32::try_from(i).unwrap_or(u32::MAX));
            out.push(self.item(v, id, &global_circs, &global_adjusts));
        }
        out
    }

    fn item(
        &mut self,
        v: &'a ast::Violation,
        id: ItemId,
        global_circs: &BTreeMap<String, Span>,
        global_adjusts: &BTreeMap<String, Span>,
    ) -> ItemDef {
        let mut def = ItemDef {
            id: v.id.name.clone(),
            title: v.title.value.clone(),
            violates: Vec::new(),
            cite: Vec::new(),
            refines: None,
            fine: None,
            tiers: Vec::new(),
            sanctions: Vec::new(),
            circumstances: Vec::new(),
            adjustments: Vec::new(),
            lets: Vec::new(),
            conflicts: None,
            span: v.id.span,
        };
        let mut fine_span: Option<Span> = None;
        let mut conflicts_span: Option<Span> = None;
        let mut circ_seen = global_circs.clone();
        let mut adj_seen = global_adjusts.clone();
        let has_fine = v
            .members
            .iter()
            .any(|m| matches!(m.kind, ItemMemberKind::Fine(_)));
        let mut otherwise: Option<Span> = None;
        let mut any_sanction = false;
        for m in &v.members {
            match &m.kind {
                ItemMemberKind::Violates(s) => def.violates.push(s.value.clone()),
                ItemMemberKind::Cite(s) => def.cite.push(s.value.clone()),
                ItemMemberKind::Refines(r) => def.refines = Some(r.name.clone()),
                ItemMemberKind::Conflicts(c) => {
                    if let Some(first) = conflicts_span {
                        self.duplicate_member("conflict mode", m.span, first);
                        continue;
                    }
                    conflicts_span = Some(m.span);
                    def.conflicts = self.conflict_mode(c);
                }
                ItemMemberKind::Fine(f) => {
                    if let Some(first) = fine_span {
                        self.duplicate_member("fine", m.span, first);
                        continue;
                    }
                    fine_span = Some(m.span);
                    def.fine = self.fine(f, id);
                }
                ItemMemberKind::Tier(t) => {
                    if let Some(first) = otherwise {
                        let (code, msg) = if t.when.is_none() {
                            (
                                err::SEVERAL_OTHERWISE,
                                format!("item `{}` has a second `otherwise` tier", v.id.name),
                            )
                        } else {
                            (
                                err::OTHERWISE_NOT_LAST,
                                format!("tier `{}` comes after the `otherwise` tier", t.id.name),
                            )
                        };
                        self.diags.push(
                            Diagnostic::error(code, msg, t.id.span)
                                .with_label("never reached")
                                .with_secondary(first, "`otherwise` catches every case that reaches it")
                                .with_help("tiers are tried in order; put the `otherwise` tier last, and only one"),
                        );
                    } else if t.when.is_none() {
                        otherwise = Some(t.id.span);
                    }
                    any_sanction |= !t.add.is_empty();
                    if let Some(t) = self.tier(t, id, has_fine) {
                        def.tiers.push(t);
                    }
                }
                ItemMemberKind::Circumstance(c) => {
                    if let Some(first) = circ_seen.get(&c.id.name) {
                        self.diags
                            .push(duplicate("circumstance", &c.id.name, c.id.span, *first));
                        continue;
                    }
                    circ_seen.insert(c.id.name.clone(), c.id.span);
                    def.circumstances.extend(self.circumstance(c, Some(id)));
                }
                ItemMemberKind::Adjust(a) => {
                    if let Some(first) = adj_seen.get(&a.id.name) {
                        self.diags
                            .push(duplicate("adjustment", &a.id.name, a.id.span, *first));
                        continue;
                    }
                    adj_seen.insert(a.id.name.clone(), a.id.span);
                    def.adjustments.extend(self.adjust(a, Some(id)));
                }
                ItemMemberKind::Review(_) => {}
                ItemMemberKind::Let(_) => {}
                ItemMemberKind::Sanction(s) => {
                    any_sanction = true;
                    def.sanctions.extend(self.sanction(s, Some(id)));
                }
            }
        }
        if !has_fine && !any_sanction {
            self.diags.push(
                Diagnostic::error(
                    err::NO_SANCTION,
                    format!("item `{}` imposes nothing", v.id.name),
                    v.id.span,
                )
                .with_label("no fine and no other sanction")
                .with_help("state the statutory penalty: `fine 5000 to 50000`, `warning`, …"),
            );
        }
        if let Some(lets) = self.item_lets.get(id.index()) {
            let idxs: Vec<usize> = lets.values().copied().collect();
            for idx in idxs {
                if let Some(slot) = self.lets.get(idx)
                    && let LetState::Done(lid, _) = slot.state
                {
                    def.lets.push(lid);
                }
            }
            def.lets.sort();
        }
        def
    }

    fn duplicate_member(&mut self, what: &str, span: Span, first: Span) {
        self.diags.push(
            Diagnostic::error(
                err::DUPLICATE_MEMBER,
                format!("this item states its {what} twice"),
                span,
            )
            .with_label("stated again here")
            .with_secondary(first, "first stated here")
            .with_help(format!(
                "keep one {what}; use `when … otherwise …` for alternatives"
            )),
        );
    }

    fn fine(&mut self, f: &ast::FineDecl, id: ItemId) -> Option<FineDef> {
        let (cases, otherwise) = match &f.spec {
            ast::FineSpec::Form(form) => (
                Some(Vec::new()),
                self.fine_form(form, Place::General, Some(id)),
            ),
            ast::FineSpec::Alternatives { cases, otherwise } => {
                let mut out = Vec::new();
                let mut ok = true;
                for (c, form) in cases {
                    let mut sc = Scope::new(Some(id), Place::General);
                    let c = self.cond(c, &mut sc);
                    let form = self.fine_form(form, Place::General, Some(id));
                    match (c, form) {
                        (Some(c), Some(f)) => out.push((c, f)),
                        _ => ok = false,
                    }
                }
                let o = self.fine_form(otherwise, Place::General, Some(id));
                (ok.then_some(out), o)
            }
        };
        Some(FineDef {
            modality: modality(f.modality),
            cases: cases?,
            otherwise: otherwise?,
        })
    }

    fn tier(&mut self, t: &ast::Tier, id: ItemId, has_fine: bool) -> Option<TierDef> {
        let grade = t.grade.as_ref().map(|g| self.grade(g));
        let mut sc = Scope::new(Some(id), Place::General);
        let condition = t.when.as_ref().map(|c| self.cond(c, &mut sc));
        let band = match &t.band {
            Some(b) => {
                if !has_fine {
                    self.diags.push(
                        Diagnostic::error(
                            err::BAND_WITHOUT_FINE,
                            format!(
                                "tier `{}` has a fine band, but the item has no fine",
                                t.id.name
                            ),
                            t.id.span,
                        )
                        .with_label("band of a fine that does not exist")
                        .with_help("state the item's statutory fine, or remove the band"),
                    );
                }
                Some(self.band(b, Some(id)))
            }
            None => None,
        };
        let recommend = t.recommend.as_ref().map(|p| self.point(p));
        let add: Vec<Option<SanctionDef>> =
            t.add.iter().map(|s| self.sanction(s, Some(id))).collect();
        let drop: Vec<Option<SanctionKind>> =
            t.drop.iter().map(|k| self.sanction_kind(k)).collect();
        let grade = match grade {
            Some(g) => Some(g?),
            None => None,
        };
        let condition = match condition {
            Some(c) => Some(c?),
            None => None,
        };
        let band = match band {
            Some(b) => Some(b?),
            None => None,
        };
        let recommend = match recommend {
            Some(p) => Some(p?),
            None => None,
        };
        let add: Option<Vec<SanctionDef>> = add.into_iter().collect();
        let drop: Option<Vec<SanctionKind>> = drop.into_iter().collect();
        Some(TierDef {
            id: t.id.name.clone(),
            label: t.label.value.clone(),
            grade,
            condition,
            band,
            recommend,
            add: add?,
            drop: drop?,
            cite: t.cite.as_ref().map(|s| s.value.clone()),
            span: t.span,
        })
    }
}
