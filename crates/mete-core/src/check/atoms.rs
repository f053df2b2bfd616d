//! Decision atoms (`fine.max`, `outcome`, …) and where they may be read; contextual words for
//! sanction kinds and effects.

use super::err;
use super::exprs::{Place, Scope, mk};
use super::resolve::Checker;
use super::types::with_suggestion;
use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::ir::{Expr, ExprKind, Type};
use crate::span::Span;
use crate::vocab::{BoundField, EffectKind, SanctionKind};

impl Checker<'_> {
    pub(super) fn need_review(&mut self, sc: &Scope, span: Span, what: &str) -> Option<()> {
        if sc.place == Place::Review {
            return Some(());
        }
        self.diags.push(
            Diagnostic::error(
                err::DECISION_OUTSIDE_REVIEW,
                format!("{what} reads the decision, which only review conditions may do"),
                span,
            )
            .with_label("decision value")
            .with_help("the decision is computed from tiers and circumstances; only `review` triggers can depend on it"),
        );
        None
    }

    pub(super) fn decision_field(
        &mut self,
        src: ast::DecisionSource,
        field: &ast::Ident,
        sc: &Scope,
        span: Span,
    ) -> Option<Expr> {
        let allowed: &[BoundField] = match src {
            ast::DecisionSource::Fine => &[BoundField::Min, BoundField::Max, BoundField::Point],
            ast::DecisionSource::Statutory => &[BoundField::Min, BoundField::Max],
        };
        let word = match src {
            ast::DecisionSource::Fine => "fine",
            ast::DecisionSource::Statutory => "statutory",
        };
        let bf = BoundField::from_name(&field.name).filter(|b| allowed.contains(b));
        let Some(bf) = bf else {
            let d = Diagnostic::error(
                err::UNKNOWN_BOUND_FIELD,
                format!("`{word}` has no `{}`", field.name),
                field.span,
            )
            .with_label("unknown bound");
            self.diags.push(with_suggestion(
                d,
                &field.name,
                allowed.iter().map(|b| b.en()),
                "bound",
            ));
            return None;
        };
        match (src, sc.place) {
            (ast::DecisionSource::Fine, Place::Review)
            | (ast::DecisionSource::Statutory, Place::Review | Place::Band) => {}
            (ast::DecisionSource::Fine, _) => {
                self.need_review(sc, span, &format!("`fine.{}`", field.name))?;
            }
            (ast::DecisionSource::Statutory, _) => {
                self.diags.push(
                    Diagnostic::error(
                        err::STATUTORY_OUTSIDE_BAND,
                        format!("`statutory.{}` can only be read in bands, fine limits, floors and reviews", field.name),
                        span,
                    )
                    .with_label("the statutory range is not known here")
                    .with_help("the statutory range is computed from the item's fine; conditions that choose it cannot read it"),
                );
                return None;
            }
        }
        Some(mk(ExprKind::DecisionField(src, bf), Type::Money, span))
    }

    pub(super) fn sanction_kind(&mut self, k: &ast::Ident) -> Option<SanctionKind> {
        if let Some(s) = SanctionKind::from_name(&k.name) {
            return Some(s);
        }
        let d = Diagnostic::error(
            err::UNKNOWN_SANCTION,
            format!("unknown sanction kind `{}`", k.name),
            k.span,
        )
        .with_label("not a sanction kind");
        self.diags.push(with_suggestion(
            d,
            &k.name,
            SanctionKind::ALL.iter().map(|s| s.en()),
            "sanction kind",
        ));
        None
    }

    pub(super) fn effect_kind(&mut self, k: &ast::Ident) -> Option<EffectKind> {
        if let Some(s) = EffectKind::from_name(&k.name) {
            return Some(s);
        }
        let d = Diagnostic::error(
            err::UNKNOWN_EFFECT,
            format!("unknown effect `{}`", k.name),
            k.span,
        )
        .with_label("not a circumstance effect");
        self.diags.push(with_suggestion(
            d,
            &k.name,
            EffectKind::ALL.iter().map(|s| s.en()),
            "effect",
        ));
        None
    }
}
