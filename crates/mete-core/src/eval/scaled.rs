//! Integer fast paths for the decimal arithmetic that nearly every case does: rounding to whole
//! units, comparing amounts, and the share bands of a tier.
//!
//! `rust_decimal` works on 96-bit mantissas in 32-bit limbs, which costs hundreds of
//! instructions per operation. Ordinary amounts fit a 64-bit mantissa with a few decimal places,
//! where the same results come from plain integer arithmetic. Each function here either gives
//! exactly the `Decimal` the library would give (same value, same scale, same sign) or `None`,
//! and the caller then takes the library path. No approximation, no floats.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::vocab::{Point, RoundingMode};

/// Decimal places of a tier's shares as compiled ([`crate::compile::share_key`] allows ≤ 6).
pub(crate) const SHARE_SCALE: u32 = 6;

/// Powers of ten that fit a `u64`.
const POW10: [u64; 20] = [
    1,
    10,
    100,
    1000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
    100_000_000_000,
    1_000_000_000_000,
    10_000_000_000_000,
    100_000_000_000_000,
    1_000_000_000_000_000,
    10_000_000_000_000_000,
    100_000_000_000_000_000,
    1_000_000_000_000_000_000,
    10_000_000_000_000_000_000,
];

fn pow10(n: u32) -> Option<u64> {
    POW10.get(n as usize).copied()
}

/// `10^n` as an `i128`, for `n ≤ 38`.
fn pow10_wide(n: u32) -> Option<i128> {
    10i128.checked_pow(n)
}

/// `n / d` rounded with `mode` (`n` and `d` positive magnitudes): whether to add one to the
/// truncated quotient `q` given the remainder `r`.
fn bump(q: u64, r: u64, d: u64, mode: RoundingMode) -> bool {
    // `r < d`, so `d - r` cannot underflow; comparing `r` with `d - r` avoids doubling.
    let other = d.wrapping_sub(r);
    match mode {
        RoundingMode::Down => false,
        RoundingMode::Up => r != 0,
        RoundingMode::HalfUp => r != 0 && r >= other,
        RoundingMode::HalfEven => r != 0 && (r > other || (r == other && q & 1 == 1)),
    }
}

/// `n / d` rounded with `mode`, for `n ≥ 0`, `d > 0`.
fn div_round(n: u128, d: u64, mode: RoundingMode) -> Option<u128> {
    if d == 0 {
        return None;
    }
    match u64::try_from(n) {
        Ok(n) => {
            let (q, r) = (n / d, n % d);
            Some(u128::from(q) + u128::from(bump(q, r, d, mode)))
        }
        Err(_) => {
            let d128 = u128::from(d);
            let (q, r) = (n / d128, n % d128);
            // `r < d`, so it fits a u64; only the low bit of `q` matters for half-even.
            let r = u64::try_from(r).ok()?;
            Some(q + u128::from(bump(q as u64, r, d, mode)))
        }
    }
}

/// `x` rounded to `dp` decimal places with `mode`: exactly what
/// `Decimal::round_dp_with_strategy` gives for the matching strategy, or `None` when `x` is
/// outside the fast path (zero, a mantissa beyond 64 bits, more than 19 places to drop).
pub(crate) fn round_places(x: Decimal, dp: u32, mode: RoundingMode) -> Option<Decimal> {
    let scale = x.scale();
    if scale <= dp {
        return Some(x);
    }
    if x.is_zero() {
        return None;
    }
    let m = u64::try_from(x.mantissa().unsigned_abs()).ok()?;
    let d = pow10(scale - dp)?;
    let (q, r) = (m / d, m % d);
    let q = q + u64::from(bump(q, r, d, mode));
    // `q ≤ m / d + 1`, far below 2^64, so the high limb is empty.
    Some(Decimal::from_parts(
        q as u32,
        (q >> 32) as u32,
        0,
        x.is_sign_negative(),
        dp,
    ))
}

/// `a.cmp(&b)`: two non-negative amounts of 64-bit mantissas (every ordinary amount) compare
/// in plain integers; anything else goes to the library.
#[inline]
pub(crate) fn cmp(a: Decimal, b: Decimal) -> Ordering {
    let (x, y) = (a.unpack(), b.unpack());
    if x.hi == 0 && y.hi == 0 && !x.negative && !y.negative {
        let mx = u64::from(x.lo) | (u64::from(x.mid) << 32);
        let my = u64::from(y.lo) | (u64::from(y.mid) << 32);
        if x.scale == y.scale {
            return mx.cmp(&my);
        }
        // Rescale the one with fewer places: a 64-bit mantissa times at most 10^19 stays below
        // 2^128, so `wrapping_mul` never wraps (and is one widening multiply).
        let (mx, my) = (u128::from(mx), u128::from(my));
        let rescaled = if x.scale < y.scale {
            pow10(y.scale - x.scale).map(|p| mx.wrapping_mul(u128::from(p)).cmp(&my))
        } else {
            pow10(x.scale - y.scale).map(|p| mx.cmp(&my.wrapping_mul(u128::from(p))))
        };
        if let Some(o) = rescaled {
            return o;
        }
    }
    a.cmp(&b)
}

/// A rounded fine band and point, in whole units.
pub(crate) type Rounded = (Decimal, Decimal, Option<Decimal>);

/// The band `[lo + p·(hi − lo), lo + q·(hi − lo)]` of the statutory range `[lo, hi]` and the
/// point `point` in it, each rounded to whole units with `mode`, where `p` and `q` are shares
/// scaled by 10^[`SHARE_SCALE`].
///
/// The decimal path computes the same band exactly (see `band::share_inside`) and then rounds;
/// a whole-unit rounding gives scale 0 whatever the scale before, so the results are the same
/// `Decimal`s. `None` when the range is negative or reversed, has more than 4 places, or the
/// products leave 128 bits; the caller then takes the decimal path.
pub(crate) fn share_band(
    (lo, hi): (Decimal, Decimal),
    (p, q): (i64, i64),
    point: Option<Point>,
    mode: RoundingMode,
) -> Option<Rounded> {
    let s = lo.scale().max(hi.scale());
    if s > 4 || lo.is_sign_negative() || p < 0 || q < 0 {
        return None;
    }
    if let Some(r) = share_band_narrow((lo, hi), s, (p, q), point, mode) {
        return Some(r);
    }
    let l = lo
        .mantissa()
        .checked_mul(pow10_wide(s.checked_sub(lo.scale())?)?)?;
    let h = hi
        .mantissa()
        .checked_mul(pow10_wide(s.checked_sub(hi.scale())?)?)?;
    let w = h.checked_sub(l)?;
    if w < 0 {
        return None;
    }
    let base = l.checked_mul(pow10_wide(SHARE_SCALE)?)?;
    let at = |share: i64| {
        w.checked_mul(i128::from(share))
            .and_then(|x| x.checked_add(base))
            .and_then(|x| u128::try_from(x).ok())
    };
    let (bmin, bmax) = (at(p)?, at(q)?);
    let d = pow10(s + SHARE_SCALE)?;
    let whole = |n: u128, d: u64| {
        div_round(n, d, mode)
            .and_then(|x| i128::try_from(x).ok())
            .and_then(|x| Decimal::try_from_i128_with_scale(x, 0).ok())
    };
    let min = whole(bmin, d)?;
    let max = whole(bmax, d)?;
    let point = match point {
        None => None,
        Some(Point::Minimum) => Some(min),
        Some(Point::Maximum) => Some(max),
        // (bmin + bmax) / 2, exact with one more place: ×5 over 10^(s+7).
        Some(Point::Midpoint) => {
            let twice = bmin.checked_add(bmax)?.checked_mul(5)?;
            Some(whole(twice, pow10(s + SHARE_SCALE + 1)?)?)
        }
    };
    Some((min, max, point))
}

/// [`share_band`] in `u64` (amounts up to about 10^9 with two places): `None` when anything
/// leaves 64 bits, and [`share_band`] goes on in 128 bits.
fn share_band_narrow(
    (lo, hi): (Decimal, Decimal),
    s: u32,
    (p, q): (i64, i64),
    point: Option<Point>,
    mode: RoundingMode,
) -> Option<Rounded> {
    let widen = |x: Decimal| {
        u64::try_from(x.mantissa())
            .ok()?
            .checked_mul(pow10(s.checked_sub(x.scale())?)?)
    };
    let (l, h) = (widen(lo)?, widen(hi)?);
    let w = h.checked_sub(l)?;
    let base = l.checked_mul(pow10(SHARE_SCALE)?)?;
    let at = |share: i64| w.checked_mul(u64::try_from(share).ok()?)?.checked_add(base);
    let (bmin, bmax) = (at(p)?, at(q)?);
    let d = pow10(s + SHARE_SCALE)?;
    let whole = |n: u64, d: u64| {
        let (q, r) = (n / d, n % d);
        Decimal::from(q + u64::from(bump(q, r, d, mode)))
    };
    let point = match point {
        None => None,
        Some(Point::Minimum) => Some(whole(bmin, d)),
        Some(Point::Maximum) => Some(whole(bmax, d)),
        Some(Point::Midpoint) => {
            let twice = bmin.checked_add(bmax)?.checked_mul(5)?;
            Some(whole(twice, pow10(s + SHARE_SCALE + 1)?))
        }
    };
    Some((whole(bmin, d), whole(bmax, d), point))
}

#[cfg(test)]
mod tests;
