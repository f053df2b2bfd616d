//! Steps 3–7 of deciding an item (eval-design.md): the tier, the adjustments, the band and its
//! point, rounding, and the other sanctions. The result is written into an [`Assessment`]
//! the caller owns, so nothing large is copied on return.

use rust_decimal::Decimal;

use super::band::{self, band_in, mul, point_in, sub, tier_band, within};
use super::decide::{Tracer, item_of, sanction_of};
use super::expr::Env;
use super::fault::Fault;
use super::few::Few;
use super::{FineBand, Note, Opt, OptSource, RuleRef, Sanction, SanctionRef, money, scaled};
use crate::compile::{CAction, CSanction, CTarget, Compiled};
use crate::ir::Modality;
use crate::vocab::{Grade, Outcome, Point, SanctionKind};

fn idx(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What a circumstance forces on the assessment.
#[derive(Clone, Copy)]
pub(super) enum Force<'c> {
    None,
    Lenient(Option<&'c CTarget>),
    Severe(Option<&'c CTarget>),
    Reduce(Option<&'c CTarget>),
}

/// The result of assessing the penalty (steps 3–7).
#[derive(Default)]
pub(super) struct Assessment {
    pub(super) tier: Option<u32>,
    pub(super) fine: Option<FineBand>,
    pub(super) sanctions: Few<Sanction, 2>,
    pub(super) options: Vec<Opt>,
    pub(super) adjustments: Few<u32, 4>,
}

fn no_target(grade: Grade) -> Fault {
    Fault::NoTarget(grade)
}

/// Steps 3–7: tier, adjustments, band, point, rounding, sanctions, into `out` (which starts
/// empty).
pub(super) fn assess<'a>(
    book: &'a Compiled,
    env: &mut Env<'a>,
    item_no: u32,
    force: Force<'_>,
    tr: &mut Tracer,
    out: &mut Assessment,
) -> Result<(), Fault> {
    let Assessment {
        tier: out_tier,
        fine: out_fine,
        sanctions,
        options,
        adjustments,
    } = out;
    let item = item_of(book, item_no)?;
    let statutory = env.dec.statutory;

    // 3. The first tier whose condition holds.
    let mut natural: Option<u32> = None;
    for (i, t) in item.tiers.iter().enumerate() {
        let rule = RuleRef::Tier {
            item: item_no,
            tier: idx(i),
        };
        if natural.is_some() {
            // Later tiers are only listed in a trace.
            if !tr.on {
                break;
            }
            tr.push(rule, false, Some(Note::NotReached));
            continue;
        }
        let fired = match &t.cond {
            None => true,
            Some(c) => env.truth(c.root)?,
        };
        if fired {
            natural = Some(idx(i));
        }
        tr.push(rule, fired, None);
    }
    let by_grade = |g: &[Grade]| {
        item.tiers
            .iter()
            .position(|t| t.grade.is_some_and(|x| g.contains(&x)))
            .map(idx)
    };
    let mut reduced = false;
    let mut point_override: Option<Point> = None;
    let mut band_override: Option<(Decimal, Decimal)> = None;
    let tier: Option<u32> = match force {
        Force::None => natural,
        Force::Lenient(Some(CTarget::Point(p))) | Force::Severe(Some(CTarget::Point(p))) => {
            point_override = Some(*p);
            natural
        }
        Force::Lenient(Some(CTarget::Band(b))) | Force::Severe(Some(CTarget::Band(b))) => {
            if let Some(s) = statutory {
                band_override = Some(within(band_in(env, b, s)?, s));
            }
            natural
        }
        Force::Lenient(None) => {
            if item.tiers.is_empty() {
                point_override = Some(Point::Minimum);
                None
            } else {
                Some(by_grade(&[Grade::Lenient]).ok_or_else(|| no_target(Grade::Lenient))?)
            }
        }
        Force::Severe(None) => {
            if item.tiers.is_empty() {
                point_override = Some(Point::Maximum);
                None
            } else {
                Some(by_grade(&[Grade::Severe]).ok_or_else(|| no_target(Grade::Severe))?)
            }
        }
        Force::Reduce(target) => {
            reduced = true;
            let min = statutory.map_or(Decimal::ZERO, |s| s.0);
            let range = (Decimal::ZERO, Some(min));
            let t = by_grade(&[Grade::Reduced]);
            let b = match target {
                Some(CTarget::Band(b)) => band_in(env, b, range)?,
                _ => match t
                    .and_then(|t| item.tiers.get(t as usize))
                    .and_then(|t| t.band.as_ref())
                {
                    Some(b) => band_in(env, b, range)?,
                    None => (Decimal::ZERO, min),
                },
            };
            // Never below zero, never above the statutory minimum.
            let clamp = |x: Decimal| x.max(Decimal::ZERO).min(min);
            band_override = Some((clamp(b.0), clamp(b.1)));
            if let Some(CTarget::Point(p)) = target {
                point_override = Some(*p);
            }
            t
        }
    };
    if tier.is_none() && natural.is_none() && !item.tiers.is_empty() && !reduced {
        return Err(Fault::NoTier);
    }
    if tier != natural {
        if let (true, Some(n)) = (tr.on, natural) {
            if let Some(s) = tr.steps.iter_mut().rev().find(|s| {
                s.rule
                    == RuleRef::Tier {
                        item: item_no,
                        tier: n,
                    }
            }) {
                s.note = Some(Note::Overridden);
            }
        }
    }

    // 4–5. Band and point of the tier, then the adjustments in order.
    let tier_def = |t: Option<u32>| t.and_then(|t| item.tiers.get(t as usize));
    let mut tier = tier;
    // Whether the band is known to lie inside the statutory range, so that the clamp below
    // can be skipped (share bands on ordinary amounts: the common case).
    // Whether a share band of this range is known to lie inside it (computed once).
    let range_exact = statutory.is_some_and(band::exact_range);
    let inside = |t: Option<u32>| range_exact && tier_def(t).is_some_and(|t| t.share.is_some());
    let mut band_inside = band_override.is_none() && inside(tier);
    // With whole-unit rounding, a share band inside the range is left uncomputed (`lazy`): the
    // integer path at step 6 gives its rounded bounds and point directly. Whatever needs the
    // exact band before that computes it (`tier_band`).
    let r = book.checked.rounding;
    let whole_units = r.unit.mantissa() == 1 && r.unit.scale() == 0;
    let mut lazy = tier.filter(|_| whole_units && band_inside);
    let mut band = match (band_override, lazy) {
        (Some(b), _) => Some(b),
        (None, Some(_)) => None,
        (None, None) => tier_band(env, tier_def(tier), statutory)?,
    };
    let mut point: Option<Point> =
        point_override.or_else(|| tier_def(tier).and_then(|t| t.recommend));
    let mut point_value: Option<Decimal> = None;
    for a in &item.adjusts {
        let adj = book
            .adjusts
            .get(*a as usize)
            .ok_or(Fault::Internal("unknown adjustment"))?;
        let fired = env.truth(adj.cond.root)?;
        tr.push(RuleRef::Adjust(*a), fired, None);
        if !fired {
            continue;
        }
        adjustments.push(*a);
        match &adj.action {
            CAction::Up(n) | CAction::Down(n) => {
                if reduced || item.tiers.is_empty() {
                    continue;
                }
                let Some(cur) = tier else { continue };
                let up = matches!(adj.action, CAction::Up(_));
                if let Some((t, b)) = band::shift(env, item, statutory, cur, up, *n)? {
                    tier = Some(t);
                    band_inside = inside(tier);
                    (band, lazy) = match b {
                        Some(b) => (Some(b), None),
                        None if whole_units => (None, tier),
                        None => (tier_band(env, tier_def(tier), statutory)?, None),
                    };
                    point = tier_def(tier).and_then(|t| t.recommend);
                    point_value = None;
                }
            }
            CAction::To(p) => {
                point = Some(*p);
                point_value = None;
            }
            CAction::Discount { from, to, floor } => {
                if lazy.take().is_some() {
                    band = tier_band(env, tier_def(tier), statutory)?;
                }
                let Some((lo, hi)) = band else { continue };
                let (base_lo, base_hi) = match (point_value, point) {
                    (Some(v), _) => (v, v),
                    (None, Some(p)) => {
                        let v = point_in(p, (lo, hi))?;
                        (v, v)
                    }
                    (None, None) => (lo, hi),
                };
                let mut nlo = mul(base_lo, sub(Decimal::ONE, *to)?)?;
                let mut nhi = mul(base_hi, sub(Decimal::ONE, *from)?)?;
                if let Some(f) = floor {
                    env.dec.fine = Some((lo, hi, point_value));
                    let f = env.amount(*f)?;
                    nlo = nlo.max(f);
                    nhi = nhi.max(f);
                }
                band = Some((nlo, nhi));
                band_inside = false;
                point = None;
                point_value = None;
            }
        }
    }
    // 5–6 on the integer path: the lazy share band, its point and their rounding at once.
    let mut fast: Option<FineBand> = None;
    if let (Some(t), Some((lo, Some(hi)))) = (lazy, statutory) {
        let shares = tier_def(Some(t)).and_then(|d| d.share);
        fast = shares
            .and_then(|s| scaled::share_band((lo, hi), s, point, r.mode))
            .map(|(min, max, point)| FineBand {
                min,
                max,
                point,
                reduced,
            });
        if fast.is_none() {
            band = tier_band(env, tier_def(Some(t)), statutory)?;
        }
    }
    // Only a reduction (减轻) leaves the statutory range. A tier written as its own fine form
    // (e.g. an uncapped per-unit formula under a capped statutory fine) or a discount without a
    // floor is held inside it.
    if let (false, false, Some((lo, hi)), Some((smin, smax))) =
        (reduced, band_inside, band, statutory)
    {
        let clamp = |x: Decimal| {
            let x = x.max(smin);
            smax.map_or(x, |m| x.min(m))
        };
        band = Some((clamp(lo), clamp(hi)));
    }
    if let (Some(b), Some(p), None) = (band, point, point_value) {
        point_value = Some(point_in(p, b)?);
    }

    // 6. Rounding at the end.
    let round = |x: Decimal| money::round(x, r.unit, r.mode).ok_or(Fault::Overflow);
    let mut fine = match band {
        _ if fast.is_some() => fast,
        Some((lo, hi)) => Some(FineBand {
            min: round(lo)?,
            max: round(hi)?,
            point: point_value.map(round).transpose()?,
            reduced,
        }),
        None => None,
    };

    // 7. Sanctions: the item's, then the tier's additions, minus the tier's drops.
    let mut consider = |env: &mut Env<'_>,
                        s: &CSanction,
                        src: SanctionRef,
                        tr: &mut Tracer|
     -> Result<(), Fault> {
        let fired = match &s.cond {
            None => true,
            Some(c) => env.truth(c.root)?,
        };
        let note = (fired && s.modality == Modality::May).then_some(Note::Offered);
        tr.push(RuleRef::Sanction(src), fired, note);
        if !fired {
            return Ok(());
        }
        let amount = s.amount.map(|a| env.amount(a)).transpose()?;
        // Confiscating an amount of nothing is no sanction (no illegal gains, no property).
        if amount.is_some_and(|a| a.is_zero()) {
            return Ok(());
        }
        let sanction = Sanction { src, amount };
        match s.modality {
            Modality::Shall => sanctions.push(sanction),
            Modality::May => options.push(Opt {
                source: OptSource::Sanction(sanction),
                effect: None,
                outcome: Outcome::Penalize,
                fine: None,
            }),
        }
        Ok(())
    };
    for (i, s) in item.sanctions.iter().enumerate() {
        let src = SanctionRef {
            item: item_no,
            tier: None,
            idx: idx(i),
        };
        consider(env, s, src, tr)?;
    }
    if let Some(t) = tier_def(tier) {
        for (i, s) in t.add.iter().enumerate() {
            let src = SanctionRef {
                item: item_no,
                tier,
                idx: idx(i),
            };
            consider(env, s, src, tr)?;
        }
    }
    if let Some(t) = tier_def(tier) {
        if !t.drop.is_empty() {
            sanctions
                .retain(|s| sanction_of(book, s.src).is_none_or(|cs| !t.drop.contains(&cs.kind)));
            for step in tr.steps.iter_mut() {
                if let RuleRef::Sanction(src) = step.rule {
                    let dropped = src.item == item_no
                        && sanction_of(book, src).is_some_and(|cs| t.drop.contains(&cs.kind));
                    if dropped && step.fired {
                        step.note = Some(Note::Dropped);
                    }
                }
            }
            if t.drop.contains(&SanctionKind::Fine) {
                fine = None;
            }
        }
    }
    // A sanction offered as "may" that the decision imposes anyway is no option.
    options.retain(|o| match &o.source {
        OptSource::Sanction(offered) => {
            let kind = sanction_of(book, offered.src).map(|cs| cs.kind);
            !sanctions
                .iter()
                .any(|s| sanction_of(book, s.src).map(|cs| cs.kind) == kind)
        }
        OptSource::Circ(_) | OptSource::Fine(_) => true,
    });
    for o in options.iter_mut() {
        o.fine = fine;
    }
    // A fine the law only permits (可以并处罚款) is offered with its band, never imposed.
    let optional_fine = book
        .checked
        .items
        .get(item_no as usize)
        .and_then(|i| i.fine.as_ref())
        .is_some_and(|f| f.modality == Modality::May);
    if optional_fine {
        if let Some(band) = fine.take() {
            options.push(Opt {
                source: OptSource::Fine(item_no),
                effect: None,
                outcome: Outcome::Penalize,
                fine: Some(band),
            });
        }
    }
    *out_tier = tier;
    *out_fine = fine;
    Ok(())
}
