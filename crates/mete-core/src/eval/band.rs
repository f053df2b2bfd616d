//! Bands of a tier: shares of the statutory range, fine forms, the point inside a band, and
//! moving a tier up or down the band order of a case.

use rust_decimal::Decimal;

use super::expr::Env;
use super::fault::Fault;
use super::scaled;
use crate::compile::{CBand, CItem, CTier};
use crate::vocab::Point;

/// A band `(min, max)` in yuan.
pub(super) type Band = (Decimal, Decimal);

/// Whole-range arithmetic helpers.
pub(super) fn mul(a: Decimal, b: Decimal) -> Result<Decimal, Fault> {
    a.checked_mul(b).ok_or(Fault::Overflow)
}
fn add(a: Decimal, b: Decimal) -> Result<Decimal, Fault> {
    a.checked_add(b).ok_or(Fault::Overflow)
}
pub(super) fn sub(a: Decimal, b: Decimal) -> Result<Decimal, Fault> {
    a.checked_sub(b).ok_or(Fault::Overflow)
}

fn unbounded() -> Fault {
    Fault::UnboundedShare
}

/// A band relative to `range` (the statutory range, or `[0, min]` when reducing).
pub(super) fn band_in(
    env: &mut Env<'_>,
    band: &CBand,
    range: (Decimal, Option<Decimal>),
) -> Result<(Decimal, Decimal), Fault> {
    let (lo, hi) = range;
    let share = |p: Decimal, q: Decimal| -> Result<(Decimal, Decimal), Fault> {
        let hi = hi.ok_or_else(unbounded)?;
        let w = sub(hi, lo)?;
        Ok((add(lo, mul(p, w)?)?, add(lo, mul(q, w)?)?))
    };
    match band {
        CBand::Lower(p) => share(Decimal::ZERO, *p),
        CBand::Upper(p) => share(sub(Decimal::ONE, *p)?, Decimal::ONE),
        CBand::Share(p, q) => share(*p, *q),
        // A band written `at least X` ("处X元以上") runs up to the top of the range it sits in.
        CBand::Form(f) => {
            let (a, b) = env.form(f)?;
            Ok((a, b.or(hi).ok_or_else(unbounded)?))
        }
    }
}

/// A band kept inside the statutory range: a tier (or a circumstance's target band) written as
/// an absolute amount or a multiple can reach past the range of this case, for example when the
/// fine form's floor or cap moved the range; the statute still bounds the fine (only a reduction
/// goes below it).
pub(super) fn within(
    (lo, hi): (Decimal, Decimal),
    (min, max): (Decimal, Option<Decimal>),
) -> (Decimal, Decimal) {
    let clamp = |x: Decimal| {
        let x = x.max(min);
        max.map_or(x, |m| x.min(m))
    };
    (clamp(lo), clamp(hi))
}

pub(super) fn tier_band(
    env: &mut Env<'_>,
    tier: Option<&CTier>,
    statutory: Option<(Decimal, Option<Decimal>)>,
) -> Result<Option<(Decimal, Decimal)>, Fault> {
    let band = tier.and_then(|t| t.band.as_ref());
    match (band, statutory) {
        (Some(b), Some(s)) => {
            let x = band_in(env, b, s)?;
            Ok(Some(if share_inside(tier, s) {
                x
            } else {
                within(x, s)
            }))
        }
        (Some(b @ CBand::Form(_)), None) => band_in(env, b, (Decimal::ZERO, None)).map(Some),
        (Some(_), None) => Ok(None),
        (None, Some((lo, hi))) => Ok(Some((lo, hi.ok_or_else(unbounded)?))),
        (None, None) => Ok(None),
    }
}

pub(super) fn point_in(p: Point, (lo, hi): (Decimal, Decimal)) -> Result<Decimal, Fault> {
    Ok(match p {
        Point::Minimum => lo,
        Point::Maximum => hi,
        Point::Midpoint => add(lo, hi)?
            .checked_div(Decimal::TWO)
            .ok_or(Fault::Overflow)?,
    })
}

/// Tier `cur` moved `n` places up (heavier) or down the band order of this case, with its
/// band; `None` when `cur` has no band in this case. The band order is lightest first by
/// (min, max), declared order on ties.
///
/// The band comes back as `None` when it is the new tier's share band lying inside the
/// statutory range ([`share_inside`]), left for the caller to compute when (and how) it needs.
pub(super) fn shift(
    env: &mut Env<'_>,
    item: &CItem,
    statutory: Option<(Decimal, Option<Decimal>)>,
    cur: u32,
    up: bool,
    n: u32,
) -> Result<Option<(u32, Option<Band>)>, Fault> {
    let step = |pos: usize, len: usize| {
        let n = n as usize;
        if up {
            pos.saturating_add(n).min(len.saturating_sub(1))
        } else {
            pos.saturating_sub(n)
        }
    };
    // Every band a share of a range that is not empty, with amounts small enough that the
    // band arithmetic is exact: the band order is then the order of the shares, fixed at
    // compile time, and only the new tier's band needs computing.
    if let (Some(order), Some((lo, Some(hi)))) = (&item.share_order, statutory) {
        if exact(lo) && exact(hi) && scaled::cmp(hi, lo).is_gt() {
            let Some(pos) = order.iter().position(|t| *t == cur) else {
                return Ok(None);
            };
            let Some(t) = order.get(step(pos, order.len())) else {
                return Ok(None);
            };
            // Every tier here has a share band, inside this range by the checks above.
            return Ok(Some((*t, None)));
        }
    }
    let mut order: Vec<(Decimal, Decimal, u32)> = Vec::with_capacity(item.tiers.len());
    for (i, t) in item.tiers.iter().enumerate() {
        if let Some((lo, hi)) = tier_band(env, Some(t), statutory)? {
            order.push((lo, hi, u32::try_from(i).unwrap_or(u32::MAX)));
        }
    }
    order.sort_by_key(|x| (x.0, x.1));
    let Some(pos) = order.iter().position(|o| o.2 == cur) else {
        return Ok(None);
    };
    Ok(order
        .get(step(pos, order.len()))
        .map(|(lo, hi, t)| (*t, Some((*lo, *hi)))))
}

/// Whether the band of `tier` in `statutory` is known to lie inside it without comparing: a
/// share band of a range that is not reversed, with exact arithmetic.
pub(super) fn share_inside(tier: Option<&CTier>, range: (Decimal, Option<Decimal>)) -> bool {
    tier.is_some_and(|t| t.share.is_some()) && exact_range(range)
}

/// Whether every share band of `(lo, hi)` lies inside it by exact arithmetic: a range that
/// is bounded, not reversed, and of ordinary amounts ([`exact`]).
pub(super) fn exact_range((lo, hi): (Decimal, Option<Decimal>)) -> bool {
    exact(lo) && hi.is_some_and(|hi| exact(hi) && scaled::cmp(hi, lo).is_ge())
}

/// Whether `x` is small enough that `x + share × (y − x)` is exact for another such `y` and a
/// share of [`crate::compile::share_key`]: at most 4 decimal places and 15 digits, so every
/// intermediate stays below 10^26, inside the 96-bit mantissa, with at most 10 places.
fn exact(x: Decimal) -> bool {
    // The mantissa's magnitude from its limbs (no 128-bit arithmetic): below 10^15 needs the
    // high limb empty.
    let u = x.unpack();
    let m = u64::from(u.lo) | (u64::from(u.mid) << 32);
    u.scale <= 4 && u.hi == 0 && m < 1_000_000_000_000_000
}
