//! Builds the index tables of a [`Compiled`] rulebook from the checked IR.

use super::expr::Builder;
use super::{
    CAction, CAdjust, CBand, CBase, CCirc, CFine, CForm, CItem, CReview, CSanction, CTarget, CTier,
    Compiled, Origin, share_key, share_scaled,
};
use crate::ir::{
    AdjustActionDef, AdjustDef, Band, CheckedRulebook, CircumstanceDef, EffectTargetDef,
    FineBaseDef, FineForm, FineLimitDef, ItemDef, ItemId, PlacementRuleDef, SanctionArgDef,
    SanctionDef,
};
use crate::span::SourceMap;
use crate::vocab::{Grade, Point};

fn idx(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Compiles `checked`.
pub(super) fn build(checked: CheckedRulebook, sources: SourceMap) -> Compiled {
    let mut b = Builder::new(&checked.calendars);
    let lets = checked.lets.iter().map(|l| b.expr(&l.value)).collect();

    let mut circs = Vec::new();
    for (i, c) in checked.circumstances.iter().enumerate() {
        circs.push(circ(&mut b, c, Origin::Global(idx(i))));
    }
    let mut adjusts = Vec::new();
    for (i, a) in checked.adjustments.iter().enumerate() {
        adjusts.push(adjust(&mut b, a, Origin::Global(idx(i))));
    }
    let reviews = checked
        .reviews
        .iter()
        .map(|r| CReview {
            cond: b.cond(&r.condition),
        })
        .collect::<Vec<_>>();

    let mut items = Vec::new();
    for (ii, item) in checked.items.iter().enumerate() {
        let item_id = ItemId(idx(ii));
        // Circumstances in scope: rulebook-wide ones for this item, then the item's own.
        let mut mine: Vec<u32> = checked
            .circumstances
            .iter()
            .enumerate()
            .filter(|(_, c)| c.scope.as_ref().is_none_or(|s| s.contains(&item_id)))
            .map(|(i, _)| idx(i))
            .collect();
        for (li, c) in item.circumstances.iter().enumerate() {
            mine.push(idx(circs.len()));
            circs.push(circ(&mut b, c, Origin::Local(idx(ii), idx(li))));
        }
        // The fixed precedence; the sort is stable so declared order holds within one effect.
        mine.sort_by_key(|c| circs.get(*c as usize).map(|c| c.kind));

        let mut my_adjusts: Vec<u32> = (0..checked.adjustments.len()).map(idx).collect();
        for (li, a) in item.adjustments.iter().enumerate() {
            my_adjusts.push(idx(adjusts.len()));
            adjusts.push(adjust(&mut b, a, Origin::Local(idx(ii), idx(li))));
        }
        let my_reviews = checked
            .reviews
            .iter()
            .enumerate()
            .filter(|(_, r)| r.item.is_none_or(|i| i == item_id))
            .map(|(i, _)| idx(i))
            .collect();
        items.push(compile_item(
            &mut b, &checked, item, item_id, mine, my_adjusts, my_reviews,
        ));
    }
    Compiled {
        arena: b.arena,
        lets,
        circs,
        adjusts,
        reviews,
        items,
        sources,
        checked,
    }
}

fn compile_item(
    b: &mut Builder<'_>,
    checked: &CheckedRulebook,
    item: &ItemDef,
    item_id: ItemId,
    circs: Vec<u32>,
    adjusts: Vec<u32>,
    reviews: Vec<u32>,
) -> CItem {
    let fine = item.fine.as_ref().map(|f| CFine {
        alts: f
            .cases
            .iter()
            .map(|(c, form)| (b.cond(c), fine_form(b, form)))
            .collect(),
        otherwise: fine_form(b, &f.otherwise),
    });
    let tiers = item
        .tiers
        .iter()
        .map(|t| {
            let cond = t.condition.as_ref().map(|c| b.cond(c));
            let tier_band = t.band.as_ref().map(|x| band(b, x));
            CTier {
                cond,
                share: tier_band.as_ref().and_then(share_scaled),
                band: tier_band,
                grade: t.grade,
                recommend: t
                    .recommend
                    .or_else(|| t.grade.and_then(|g| placement_point(checked, g, item_id))),
                add: t.add.iter().map(|s| sanction(b, s)).collect(),
                drop: t.drop.clone(),
            }
        })
        .collect::<Vec<CTier>>();
    let share_order = share_order(&tiers);
    CItem {
        circs,
        adjusts,
        reviews,
        fine,
        tiers,
        sanctions: item.sanctions.iter().map(|s| sanction(b, s)).collect(),
        conflicts: item.conflicts.unwrap_or(checked.conflicts),
        share_order,
    }
}

/// The tiers lightest first by their shares (stable: declared order on ties), when every tier
/// has a share band.
fn share_order(tiers: &[CTier]) -> Option<Vec<u32>> {
    let mut keyed = tiers
        .iter()
        .enumerate()
        .map(|(i, t)| share_key(t.band.as_ref()?).map(|k| (k, idx(i))))
        .collect::<Option<Vec<_>>>()?;
    keyed.sort_by_key(|x| x.0);
    Some(keyed.into_iter().map(|x| x.1).collect())
}

/// The point the placement policy recommends for tiers of `grade` in `item`.
fn placement_point(checked: &CheckedRulebook, grade: Grade, item: ItemId) -> Option<Point> {
    checked.placements.iter().find_map(|p| match p.rule {
        PlacementRuleDef::Recommend(point) if p.grade == grade && !p.except.contains(&item) => {
            Some(point)
        }
        _ => None,
    })
}

fn circ(b: &mut Builder<'_>, c: &CircumstanceDef, origin: Origin) -> CCirc {
    CCirc {
        origin,
        cond: b.cond(&c.condition),
        kind: c.effect.kind,
        modality: c.effect.modality,
        target: c.effect.target.as_ref().map(|t| match t {
            EffectTargetDef::Band(x) => CTarget::Band(band(b, x)),
            EffectTargetDef::Point(p) => CTarget::Point(*p),
        }),
    }
}

fn adjust(b: &mut Builder<'_>, a: &AdjustDef, origin: Origin) -> CAdjust {
    CAdjust {
        origin,
        cond: b.cond(&a.condition),
        action: match &a.action {
            AdjustActionDef::Up(n) => CAction::Up(*n),
            AdjustActionDef::Down(n) => CAction::Down(*n),
            AdjustActionDef::To(p) => CAction::To(*p),
            AdjustActionDef::Discount { from, to, floor } => CAction::Discount {
                from: *from,
                to: to.unwrap_or(*from),
                floor: floor.as_ref().map(|f| b.expr(f)),
            },
        },
    }
}

fn sanction(b: &mut Builder<'_>, s: &SanctionDef) -> CSanction {
    let (amount, duration) = match &s.arg {
        None => (None, None),
        Some(SanctionArgDef::Of(e)) => (Some(b.expr(e)), None),
        Some(SanctionArgDef::Duration(a, z)) => (None, Some((*a, *z))),
    };
    CSanction {
        kind: s.kind,
        modality: s.modality,
        cond: s.condition.as_ref().map(|c| b.cond(c)),
        amount,
        duration,
        span: s.span,
    }
}

fn band(b: &mut Builder<'_>, x: &Band) -> CBand {
    match x {
        Band::Lower(p) => CBand::Lower(*p),
        Band::Upper(p) => CBand::Upper(*p),
        Band::Share(p, q) => CBand::Share(*p, *q),
        Band::Form(f) => CBand::Form(fine_form(b, f)),
    }
}

fn fine_form(b: &mut Builder<'_>, f: &FineForm) -> CForm {
    let base = match &f.base {
        FineBaseDef::Range(x, y) => CBase::Range(b.expr(x), b.expr(y)),
        FineBaseDef::UpTo(y) => CBase::UpTo(b.expr(y)),
        FineBaseDef::AtLeast(x) => CBase::AtLeast(b.expr(x)),
        FineBaseDef::Rate { from, to, base } => CBase::Rate {
            from: *from,
            to: *to,
            base: b.expr(base),
        },
        FineBaseDef::PerUnit {
            amount,
            unit,
            quantity,
            rounding,
        } => CBase::PerUnit {
            amount: b.expr(amount),
            unit: b.expr(unit),
            quantity: b.expr(quantity),
            rounding: *rounding,
        },
        FineBaseDef::Amount(e) => CBase::Amount(b.expr(e)),
    };
    let limits = f
        .limits
        .iter()
        .map(|l| match l {
            FineLimitDef::AtMost(e) => (true, b.expr(e)),
            FineLimitDef::AtLeast(e) => (false, b.expr(e)),
        })
        .collect();
    let mut form = CForm {
        base,
        limits,
        span: f.span,
        konst: None,
    };
    form.konst = b.const_form(&form);
    form
}
