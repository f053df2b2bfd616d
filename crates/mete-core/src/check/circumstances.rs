//! Circumstances (with their effects), adjustments and review triggers.

use super::err;
use super::exprs::{Place, Scope};
use super::resolve::Checker;
use super::types::{parse_share, parse_whole, with_suggestion};
use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::ir::{
    AdjustActionDef, AdjustDef, CircumstanceDef, EffectDef, EffectTargetDef, ItemId, ObligationDef,
    ReviewDef, ReviewKindRef,
};
use crate::vocab::{EffectKind, ReviewKindBuiltin};

use super::items::modality;

impl Checker<'_> {
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
}
