//! Lowering of violation items, circumstances, adjustments, reviews, tests and values.

use pest::iterators::Pair;

use crate::ast::*;
use crate::diagnostic::Diagnostic;
use crate::span::Span;

use super::super::err::codes;
use super::super::grammar::Rule;
use super::{Kids, Lowered, Lowerer, Reported, collect};

impl Lowerer {
    // ───────────────────────────── violation items ─────────────────────────────

    /// `violation`.
    pub(super) fn lower_violation(&self, pair: Pair<'_, Rule>) -> Lowered<Violation> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_violation)?;
        let id = self.lower_ident(self.take(&mut kids, Rule::item_id)?);
        let title = self.lower_string(self.take(&mut kids, Rule::string)?);
        let members = collect(kids.rest().map(|p| self.lower_item_member(p)));
        Ok(Violation {
            id,
            title: title?,
            members: members?,
        })
    }

    /// One member of a violation item (the silent `item_member` rule).
    pub(super) fn lower_item_member(&self, pair: Pair<'_, Rule>) -> Lowered<ItemMember> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::violates => ItemMemberKind::Violates(self.lower_keyed_string(pair)?),
            Rule::cite => ItemMemberKind::Cite(self.lower_cite(pair)?),
            Rule::item_refines => ItemMemberKind::Refines(self.lower_item_refines(pair)?),
            Rule::conflicts => ItemMemberKind::Conflicts(self.lower_conflicts(pair)?),
            Rule::fine => ItemMemberKind::Fine(self.lower_fine(pair)?),
            Rule::tier => ItemMemberKind::Tier(self.lower_tier(pair)?),
            Rule::circumstance => ItemMemberKind::Circumstance(self.lower_circumstance(pair)?),
            Rule::adjust => ItemMemberKind::Adjust(self.lower_adjust(pair)?),
            Rule::review => ItemMemberKind::Review(self.lower_review(pair)?),
            Rule::let_decl => ItemMemberKind::Let(self.lower_let_decl(pair)?),
            Rule::sanction => ItemMemberKind::Sanction(self.lower_sanction(pair)?),
            other => return Err(self.mismatch(other, span)),
        };
        Ok(ItemMember {
            comments: Vec::new(),
            kind,
            span,
        })
    }

    /// `cite`.
    pub(super) fn lower_cite(&self, pair: Pair<'_, Rule>) -> Lowered<Str> {
        let pair = self.expect_rule(pair, Rule::cite)?;
        self.lower_keyed_string(pair)
    }

    pub(super) fn opt_cite(&self, kids: &mut Kids<'_>) -> Lowered<Option<Str>> {
        kids.opt(Rule::cite).map(|p| self.lower_cite(p)).transpose()
    }

    /// `item_refines`.
    pub(super) fn lower_item_refines(&self, pair: Pair<'_, Rule>) -> Lowered<Ident> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_refines)?;
        Ok(self.lower_ident(self.take(&mut kids, Rule::item_id)?))
    }

    /// `modality`.
    pub(super) fn lower_modality(&self, pair: Pair<'_, Rule>) -> Lowered<Modality> {
        let mut kids = self.kids(pair);
        match self.next(&mut kids)?.as_rule() {
            Rule::kw_shall => Ok(Modality::Shall),
            Rule::kw_may => Ok(Modality::May),
            other => Err(self.mismatch(other, kids.span)),
        }
    }

    pub(super) fn opt_modality(&self, kids: &mut Kids<'_>) -> Lowered<Option<Modality>> {
        kids.opt(Rule::modality)
            .map(|p| self.lower_modality(p))
            .transpose()
    }

    /// `fine`.
    pub(super) fn lower_fine(&self, pair: Pair<'_, Rule>) -> Lowered<FineDecl> {
        let mut kids = self.kids(pair);
        let modality = self.opt_modality(&mut kids)?;
        self.take(&mut kids, Rule::kw_fine)?;
        let body = self.next(&mut kids)?;
        let spec = match body.as_rule() {
            Rule::fine_alts => self.lower_fine_alts(body)?,
            Rule::fine_form => FineSpec::Form(self.lower_fine_form(body)?),
            other => return Err(self.mismatch(other, self.span(&body))),
        };
        Ok(FineDecl { modality, spec })
    }

    /// `fine_alts`.
    pub(super) fn lower_fine_alts(&self, pair: Pair<'_, Rule>) -> Lowered<FineSpec> {
        let mut kids = self.kids(pair);
        let mut cases = Vec::new();
        let mut failed = false;
        while kids.opt(Rule::kw_when).is_some() {
            let cond = self.lower_expr(self.take(&mut kids, Rule::expr)?);
            let form = self.lower_fine_form(self.take(&mut kids, Rule::fine_form)?);
            match (cond, form) {
                (Ok(c), Ok(f)) => cases.push((c, f)),
                _ => failed = true,
            }
        }
        self.take(&mut kids, Rule::kw_otherwise)?;
        let otherwise = self.lower_fine_form(self.take(&mut kids, Rule::fine_form)?)?;
        if failed {
            return Err(Reported);
        }
        Ok(FineSpec::Alternatives { cases, otherwise })
    }

    /// `fine_form`.
    pub(super) fn lower_fine_form(&self, pair: Pair<'_, Rule>) -> Lowered<FineForm> {
        let pair = self.expect_rule(pair, Rule::fine_form)?;
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let base = self.lower_fine_base(self.next(&mut kids)?);
        let limits = collect(kids.rest().map(|p| self.lower_fine_limit(p)));
        Ok(FineForm {
            base: base?,
            limits: limits?,
            span,
        })
    }

    /// The silent `fine_base` rule: one of the forms.
    pub(super) fn lower_fine_base(&self, pair: Pair<'_, Rule>) -> Lowered<FineBase> {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::rate_form => self.lower_rate_form(pair),
            Rule::per_unit_form => self.lower_per_unit_form(pair),
            Rule::at_most_form => self.lower_at_most_form(pair),
            Rule::at_least_form => self.lower_at_least_form(pair),
            Rule::amount_form => self.lower_amount_form(pair),
            Rule::range_form => self.lower_range_form(pair),
            other => Err(self.mismatch(other, span)),
        }
    }

    /// `rate_form`.
    pub(super) fn lower_rate_form(&self, pair: Pair<'_, Rule>) -> Lowered<FineBase> {
        let mut kids = self.kids(pair);
        let from = self.lower_rate(self.next(&mut kids)?);
        let to = match kids.opt(Rule::kw_to) {
            Some(_) => Some(self.lower_rate(self.next(&mut kids)?)),
            None => None,
        };
        self.take(&mut kids, Rule::kw_of)?;
        let base = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        Ok(FineBase::Rate {
            from: from?,
            to: to.transpose()?,
            base: base?,
        })
    }

    /// The silent `rate` rule: `times` or `percent`.
    pub(super) fn lower_rate(&self, pair: Pair<'_, Rule>) -> Lowered<Rate> {
        match pair.as_rule() {
            Rule::times => Ok(Rate::Times(self.lower_times(pair)?)),
            Rule::percent => Ok(Rate::Percent(self.lower_percent(pair)?)),
            other => Err(self.mismatch(other, self.span(&pair))),
        }
    }

    /// `per_unit_form`.
    pub(super) fn lower_per_unit_form(&self, pair: Pair<'_, Rule>) -> Lowered<FineBase> {
        let mut kids = self.kids(pair);
        let amount = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        self.take(&mut kids, Rule::kw_per)?;
        let unit = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        self.take(&mut kids, Rule::kw_of)?;
        let quantity = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        let rounding = match kids.opt(Rule::unit_rounding) {
            Some(p) => self.lower_unit_rounding(p)?,
            None => UnitRounding::Exact,
        };
        Ok(FineBase::PerUnit {
            amount: amount?,
            unit: unit?,
            quantity: quantity?,
            rounding,
        })
    }

    /// `unit_rounding`.
    pub(super) fn lower_unit_rounding(&self, pair: Pair<'_, Rule>) -> Lowered<UnitRounding> {
        let mut kids = self.kids(pair);
        match self.next(&mut kids)?.as_rule() {
            Rule::kw_up => Ok(UnitRounding::Up),
            Rule::kw_down => Ok(UnitRounding::Down),
            other => Err(self.mismatch(other, kids.span)),
        }
    }

    /// `keyword expr` forms: the expression.
    pub(super) fn lower_keyed_expr(&self, pair: Pair<'_, Rule>) -> Lowered<Expr> {
        let mut kids = self.kids(pair);
        self.next(&mut kids)?;
        self.lower_expr(self.take(&mut kids, Rule::expr)?)
    }

    /// `at_most_form`.
    pub(super) fn lower_at_most_form(&self, pair: Pair<'_, Rule>) -> Lowered<FineBase> {
        Ok(FineBase::UpTo(self.lower_keyed_expr(pair)?))
    }

    /// `at_least_form`.
    pub(super) fn lower_at_least_form(&self, pair: Pair<'_, Rule>) -> Lowered<FineBase> {
        Ok(FineBase::AtLeast(self.lower_keyed_expr(pair)?))
    }

    /// `amount_form`.
    pub(super) fn lower_amount_form(&self, pair: Pair<'_, Rule>) -> Lowered<FineBase> {
        Ok(FineBase::Amount(self.lower_keyed_expr(pair)?))
    }

    /// `range_form`.
    pub(super) fn lower_range_form(&self, pair: Pair<'_, Rule>) -> Lowered<FineBase> {
        let mut kids = self.kids(pair);
        let lo = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        self.take(&mut kids, Rule::kw_to)?;
        let hi = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        Ok(FineBase::Range(lo?, hi?))
    }

    /// `fine_limit`.
    pub(super) fn lower_fine_limit(&self, pair: Pair<'_, Rule>) -> Lowered<FineLimit> {
        let pair = self.expect_rule(pair, Rule::fine_limit)?;
        let mut kids = self.kids(pair);
        let at_most = self.next(&mut kids)?.as_rule() == Rule::kw_at_most;
        let e = self.lower_expr(self.take(&mut kids, Rule::expr)?)?;
        Ok(if at_most {
            FineLimit::AtMost(e)
        } else {
            FineLimit::AtLeast(e)
        })
    }

    /// `tier`.
    pub(super) fn lower_tier(&self, pair: Pair<'_, Rule>) -> Lowered<Tier> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_tier)?;
        let id = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let label = self.lower_string(self.take(&mut kids, Rule::string)?);
        let grade = kids.opt(Rule::ident).map(|p| self.lower_ident(p));
        let when = match kids.opt(Rule::kw_when) {
            Some(_) => Some(self.lower_expr(self.take(&mut kids, Rule::expr)?)),
            None => {
                self.take(&mut kids, Rule::tier_otherwise)?;
                None
            }
        };
        let band = kids.opt(Rule::band).map(|p| self.lower_band(p));
        let recommend = match kids.opt(Rule::kw_recommend) {
            Some(_) => Some(self.lower_ident(self.take(&mut kids, Rule::ident)?)),
            None => None,
        };
        let cite = self.opt_cite(&mut kids);
        let body = kids.opt(Rule::tier_body).map(|p| self.lower_tier_body(p));
        let (add, drop) = body.transpose()?.unwrap_or_default();
        Ok(Tier {
            id,
            label: label?,
            grade,
            when: when.transpose()?,
            band: band.transpose()?,
            recommend,
            cite: cite?,
            add,
            drop,
            span,
        })
    }

    /// `tier_body`: the `add` and `drop` members.
    pub(super) fn lower_tier_body(
        &self,
        pair: Pair<'_, Rule>,
    ) -> Lowered<(Vec<Sanction>, Vec<Ident>)> {
        let mut add = Vec::new();
        let mut drop = Vec::new();
        let mut failed = false;
        for member in pair.into_inner() {
            match member.as_rule() {
                Rule::tier_add => match self.lower_tier_add(member) {
                    Ok(s) => add.push(s),
                    Err(_) => failed = true,
                },
                Rule::tier_drop => match self.lower_tier_drop(member) {
                    Ok(i) => drop.push(i),
                    Err(_) => failed = true,
                },
                other => {
                    self.mismatch(other, self.span(&member));
                    failed = true;
                }
            }
        }
        if failed {
            Err(Reported)
        } else {
            Ok((add, drop))
        }
    }

    /// `tier_add`.
    pub(super) fn lower_tier_add(&self, pair: Pair<'_, Rule>) -> Lowered<Sanction> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_add)?;
        self.lower_sanction(self.take(&mut kids, Rule::sanction)?)
    }

    /// `tier_drop`: `drop fine` gives the name `fine` in either language.
    pub(super) fn lower_tier_drop(&self, pair: Pair<'_, Rule>) -> Lowered<Ident> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_drop)?;
        self.lower_fine_or_ident(self.next(&mut kids)?)
    }

    /// `kw_fine | ident`: the keyword becomes the name `fine`.
    pub(super) fn lower_fine_or_ident(&self, pair: Pair<'_, Rule>) -> Lowered<Ident> {
        match pair.as_rule() {
            Rule::kw_fine => Ok(Ident {
                name: "fine".to_string(),
                span: self.span(&pair),
            }),
            Rule::ident => Ok(self.lower_ident(pair)),
            other => Err(self.mismatch(other, self.span(&pair))),
        }
    }

    /// `band`.
    pub(super) fn lower_band(&self, pair: Pair<'_, Rule>) -> Lowered<Band> {
        let pair = self.expect_rule(pair, Rule::band)?;
        let mut kids = self.kids(pair);
        let inner = self.next(&mut kids)?;
        match inner.as_rule() {
            Rule::share_band => self.lower_share_band(inner),
            Rule::fine_form => Ok(Band::Form(self.lower_fine_form(inner)?)),
            other => Err(self.mismatch(other, self.span(&inner))),
        }
    }

    /// `share_band`.
    pub(super) fn lower_share_band(&self, pair: Pair<'_, Rule>) -> Lowered<Band> {
        let mut kids = self.kids(pair);
        if kids.opt(Rule::kw_lower).is_some() {
            return Ok(Band::Lower(
                self.lower_percent(self.take(&mut kids, Rule::percent)?)?,
            ));
        }
        if kids.opt(Rule::kw_upper).is_some() {
            return Ok(Band::Upper(
                self.lower_percent(self.take(&mut kids, Rule::percent)?)?,
            ));
        }
        let from = self.lower_percent(self.take(&mut kids, Rule::percent)?)?;
        self.take(&mut kids, Rule::kw_to)?;
        let to = self.lower_percent(self.take(&mut kids, Rule::percent)?)?;
        Ok(Band::Share(from, to))
    }

    /// `sanction`.
    pub(super) fn lower_sanction(&self, pair: Pair<'_, Rule>) -> Lowered<Sanction> {
        let pair = self.expect_rule(pair, Rule::sanction)?;
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let modality = self.opt_modality(&mut kids)?;
        let kind = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let arg = kids
            .opt(Rule::sanction_arg)
            .map(|p| self.lower_sanction_arg(p))
            .transpose();
        let when = match kids.opt(Rule::kw_when) {
            Some(_) => Some(self.lower_expr(self.take(&mut kids, Rule::expr)?)?),
            None => None,
        };
        Ok(Sanction {
            modality,
            kind,
            arg: arg?,
            when,
            span,
        })
    }

    /// `sanction_arg`.
    pub(super) fn lower_sanction_arg(&self, pair: Pair<'_, Rule>) -> Lowered<SanctionArg> {
        let mut kids = self.kids(pair);
        if kids.opt(Rule::kw_of).is_some() {
            return Ok(SanctionArg::Of(
                self.lower_expr(self.take(&mut kids, Rule::expr)?)?,
            ));
        }
        let from = self.lower_duration(self.take(&mut kids, Rule::duration)?)?;
        let to = match kids.opt(Rule::kw_to) {
            Some(_) => Some(self.lower_duration(self.take(&mut kids, Rule::duration)?)?),
            None => None,
        };
        Ok(SanctionArg::Duration(from, to))
    }

    /// `circumstance`.
    pub(super) fn lower_circumstance(&self, pair: Pair<'_, Rule>) -> Lowered<Circumstance> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_circumstance)?;
        let id = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let label = self.lower_string(self.take(&mut kids, Rule::string)?);
        let scope = match kids.opt(Rule::circ_scope) {
            Some(p) => self.lower_circ_scope(p)?,
            None => Vec::new(),
        };
        let mut c = Circumstance {
            id,
            label: label?,
            scope,
            cite: Vec::new(),
            when: None,
            effect: None,
            obligations: Vec::new(),
            span,
        };
        let mut when_span: Option<Span> = None;
        let mut effect_span: Option<Span> = None;
        let mut failed = false;
        for member in kids.rest() {
            let mspan = self.span(&member);
            let r = match member.as_rule() {
                Rule::cite => self.lower_cite(member).map(|s| c.cite.push(s)),
                Rule::circ_when => self.lower_circ_when(member).and_then(|e| {
                    self.member_once(&mut when_span, mspan, "a condition (`when`)")?;
                    c.when = Some(e);
                    Ok(())
                }),
                Rule::effect => self.lower_effect(member).and_then(|e| {
                    self.member_once(&mut effect_span, mspan, "an effect")?;
                    c.effect = Some(e);
                    Ok(())
                }),
                Rule::obligation => self.lower_obligation(member).map(|o| c.obligations.push(o)),
                other => Err(self.mismatch(other, mspan)),
            };
            failed |= r.is_err();
        }
        if failed { Err(Reported) } else { Ok(c) }
    }

    /// Records the first span of a circumstance member, or reports a second one.
    pub(super) fn member_once(
        &self,
        first: &mut Option<Span>,
        span: Span,
        what: &str,
    ) -> Lowered<()> {
        match first {
            Some(f) => Err(self.report(
                Diagnostic::error(
                    codes::DUPLICATE_MEMBER,
                    format!("this circumstance already has {what}"),
                    span,
                )
                .with_label("second one")
                .with_secondary(*f, "first one")
                .with_help("a circumstance has one condition and one effect: combine conditions with `and` / `or`, or declare a second circumstance"),
            )),
            None => {
                *first = Some(span);
                Ok(())
            }
        }
    }

    /// `circ_scope`.
    pub(super) fn lower_circ_scope(&self, pair: Pair<'_, Rule>) -> Lowered<Vec<Ident>> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_for)?;
        Ok(kids
            .many(Rule::item_id)
            .into_iter()
            .map(|p| self.lower_ident(p))
            .collect())
    }

    /// `circ_when`.
    pub(super) fn lower_circ_when(&self, pair: Pair<'_, Rule>) -> Lowered<Expr> {
        self.lower_keyed_expr(pair)
    }

    /// `effect`.
    pub(super) fn lower_effect(&self, pair: Pair<'_, Rule>) -> Lowered<Effect> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let modality = self.opt_modality(&mut kids)?;
        let kind = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let target = match kids.opt(Rule::kw_to) {
            Some(_) => Some(self.lower_effect_target(self.take(&mut kids, Rule::effect_target)?)?),
            None => None,
        };
        Ok(Effect {
            modality,
            kind,
            target,
            span,
        })
    }

    /// `effect_target`.
    pub(super) fn lower_effect_target(&self, pair: Pair<'_, Rule>) -> Lowered<EffectTarget> {
        let mut kids = self.kids(pair);
        let inner = self.next(&mut kids)?;
        match inner.as_rule() {
            Rule::band => Ok(EffectTarget::Band(self.lower_band(inner)?)),
            Rule::ident => Ok(EffectTarget::Point(self.lower_ident(inner))),
            other => Err(self.mismatch(other, self.span(&inner))),
        }
    }

    /// `obligation`.
    pub(super) fn lower_obligation(&self, pair: Pair<'_, Rule>) -> Lowered<Obligation> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_obligation)?;
        let text = self.lower_string(self.take(&mut kids, Rule::string)?);
        let cite = self.opt_cite(&mut kids);
        Ok(Obligation {
            text: text?,
            cite: cite?,
            span,
        })
    }

    /// `adjust`.
    pub(super) fn lower_adjust(&self, pair: Pair<'_, Rule>) -> Lowered<Adjust> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_adjust)?;
        let id = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let label = self.lower_string(self.take(&mut kids, Rule::string)?);
        self.take(&mut kids, Rule::kw_when)?;
        let when = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        let action = self.lower_adjust_action(self.take(&mut kids, Rule::adjust_action)?);
        let cite = self.opt_cite(&mut kids);
        Ok(Adjust {
            id,
            label: label?,
            when: when?,
            action: action?,
            cite: cite?,
            span,
        })
    }

    /// `adjust_action`.
    pub(super) fn lower_adjust_action(&self, pair: Pair<'_, Rule>) -> Lowered<AdjustAction> {
        let mut kids = self.kids(pair);
        let inner = self.next(&mut kids)?;
        let span = self.span(&inner);
        let rule = inner.as_rule();
        let mut kids = self.kids(inner);
        match rule {
            Rule::adjust_up | Rule::adjust_down => {
                self.next(&mut kids)?;
                let n = self.lower_number(self.take(&mut kids, Rule::number)?)?;
                Ok(if rule == Rule::adjust_up {
                    AdjustAction::Up(n)
                } else {
                    AdjustAction::Down(n)
                })
            }
            Rule::adjust_to => {
                self.take(&mut kids, Rule::kw_to)?;
                Ok(AdjustAction::To(
                    self.lower_ident(self.take(&mut kids, Rule::ident)?),
                ))
            }
            Rule::adjust_discount => {
                self.take(&mut kids, Rule::kw_discount)?;
                let from = self.lower_percent(self.take(&mut kids, Rule::percent)?)?;
                let to = match kids.opt(Rule::kw_to) {
                    Some(_) => Some(self.lower_percent(self.take(&mut kids, Rule::percent)?)?),
                    None => None,
                };
                let floor = match kids.opt(Rule::kw_at_least) {
                    Some(_) => Some(self.lower_expr(self.take(&mut kids, Rule::expr)?)?),
                    None => None,
                };
                Ok(AdjustAction::Discount { from, to, floor })
            }
            other => Err(self.mismatch(other, span)),
        }
    }

    /// `review_kind`.
    pub(super) fn lower_review_kind(&self, pair: Pair<'_, Rule>) -> Lowered<ReviewKindDecl> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_review)?;
        self.take(&mut kids, Rule::kw_kind)?;
        let name = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let label = self.lower_string(self.take(&mut kids, Rule::string)?)?;
        Ok(ReviewKindDecl { name, label })
    }

    /// `review`.
    pub(super) fn lower_review(&self, pair: Pair<'_, Rule>) -> Lowered<Review> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_review)?;
        let id = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let label = self.lower_string(self.take(&mut kids, Rule::string)?);
        let kind = match kids.opt(Rule::kw_kind) {
            Some(_) => Some(self.lower_ident(self.take(&mut kids, Rule::ident)?)),
            None => None,
        };
        self.take(&mut kids, Rule::kw_when)?;
        let when = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        let cite = self.opt_cite(&mut kids);
        Ok(Review {
            id,
            label: label?,
            kind,
            when: when?,
            cite: cite?,
            span,
        })
    }

    // ───────────────────────────── tests and values ─────────────────────────────

    /// `test`.
    pub(super) fn lower_test(&self, pair: Pair<'_, Rule>) -> Lowered<TestDecl> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_test)?;
        let name = self.lower_string(self.take(&mut kids, Rule::string)?);
        self.take(&mut kids, Rule::kw_given)?;
        let given = self.lower_record_value(self.take(&mut kids, Rule::record_value)?);
        self.take(&mut kids, Rule::kw_expect)?;
        let expect = self.lower_record_value(self.take(&mut kids, Rule::record_value)?);
        Ok(TestDecl {
            name: name?,
            given: given?.0,
            expect: expect?.0,
        })
    }

    /// `value`.
    pub(super) fn lower_value(&self, pair: Pair<'_, Rule>) -> Lowered<Value> {
        let pair = self.expect_rule(pair, Rule::value)?;
        let mut kids = self.kids(pair);
        let inner = self.next(&mut kids)?;
        let span = self.span(&inner);
        match inner.as_rule() {
            Rule::date => Ok(Value::Date(self.lower_date(inner))),
            Rule::duration => Ok(Value::Duration(self.lower_duration(inner)?)),
            Rule::value_range_lit => self.lower_value_range_lit(inner),
            Rule::signed_number => Ok(Value::Number(self.lower_signed_number(inner)?)),
            Rule::percent => Ok(Value::Percent(self.lower_percent(inner)?)),
            Rule::string => Ok(Value::Str(self.lower_string(inner)?)),
            Rule::bool_lit => Ok(Value::Bool(self.lower_bool_lit(inner)?, span)),
            Rule::list_value => self.lower_list_value(inner),
            Rule::record_value => {
                let (fields, span) = self.lower_record_value(inner)?;
                Ok(Value::Record(fields, span))
            }
            Rule::item_id => Ok(Value::Name(self.lower_ident(inner))),
            // The sanction kind `fine`, in either language.
            Rule::kw_fine => Ok(Value::Name(Ident {
                name: "fine".to_string(),
                span,
            })),
            other => Err(self.mismatch(other, span)),
        }
    }

    /// `value_range_lit`.
    pub(super) fn lower_value_range_lit(&self, pair: Pair<'_, Rule>) -> Lowered<Value> {
        let mut kids = self.kids(pair);
        let lo = self.lower_signed_number(self.take(&mut kids, Rule::signed_number)?)?;
        self.take(&mut kids, Rule::kw_to)?;
        let hi = self.lower_signed_number(self.take(&mut kids, Rule::signed_number)?)?;
        Ok(Value::Range(lo, hi))
    }

    /// `signed_number`: a leading `-` becomes part of the text.
    pub(super) fn lower_signed_number(&self, pair: Pair<'_, Rule>) -> Lowered<NumberLit> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let negative = kids.opt(Rule::neg_sign).is_some();
        let mut n = self.lower_number(self.take(&mut kids, Rule::number)?)?;
        if negative {
            n.text.insert(0, '-');
        }
        n.span = span;
        Ok(n)
    }

    /// `bool_lit`.
    pub(super) fn lower_bool_lit(&self, pair: Pair<'_, Rule>) -> Lowered<bool> {
        let mut kids = self.kids(pair);
        Ok(self.next(&mut kids)?.as_rule() == Rule::kw_true)
    }

    /// `list_value`.
    pub(super) fn lower_list_value(&self, pair: Pair<'_, Rule>) -> Lowered<Value> {
        let span = self.span(&pair);
        let items = collect(pair.into_inner().map(|p| self.lower_value(p)))?;
        Ok(Value::List(items, span))
    }

    /// `record_value`: the fields and the span of the braces.
    pub(super) fn lower_record_value(&self, pair: Pair<'_, Rule>) -> Lowered<(Vec<Field>, Span)> {
        let span = self.span(&pair);
        let fields = collect(pair.into_inner().map(|p| self.lower_record_field(p)))?;
        Ok((fields, span))
    }

    /// `record_field`.
    pub(super) fn lower_record_field(&self, pair: Pair<'_, Rule>) -> Lowered<Field> {
        let pair = self.expect_rule(pair, Rule::record_field)?;
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let key = self.lower_record_key(self.take(&mut kids, Rule::record_key)?);
        let value = self.lower_value(self.take(&mut kids, Rule::value)?);
        Ok(Field {
            key: key?,
            value: value?,
            span,
        })
    }

    /// `record_key`: keyword keys become their English name, quoted keys their text. `程序` and
    /// `情节` keep their text: they are the Chinese expectation keys `reviews` and
    /// `circumstances`, while the English keywords `review` and `circumstance` are no keys at all
    /// (the checker then suggests the plural).
    pub(super) fn lower_record_key(&self, pair: Pair<'_, Rule>) -> Lowered<Ident> {
        let mut kids = self.kids(pair);
        let inner = self.next(&mut kids)?;
        let span = self.span(&inner);
        let name = match inner.as_rule() {
            Rule::ident | Rule::kw_review | Rule::kw_circumstance => {
                return Ok(self.lower_ident(inner));
            }
            Rule::string => {
                let s = self.lower_string(inner)?;
                return Ok(Ident {
                    name: s.value,
                    span,
                });
            }
            Rule::kw_act_date => "act_date",
            Rule::kw_decision_date => "decision_date",
            Rule::kw_fine => "fine",
            Rule::kw_tier => "tier",
            Rule::kw_outcome => "outcome",
            Rule::kw_violation => "violation",
            other => return Err(self.mismatch(other, span)),
        };
        Ok(Ident {
            name: name.to_string(),
            span,
        })
    }
}
