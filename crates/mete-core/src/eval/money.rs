//! Exact money arithmetic: rounding to a declared unit, the late-payment surcharge, and the
//! canonical text of an amount.
//!
//! Every function is pure and total: overflow gives `None`, never a panic or a wrong number.

#![cfg_attr(
    not(test),
    allow(dead_code, reason = "called by the evaluator, written alongside")
)]

use rust_decimal::{Decimal, RoundingStrategy};

use crate::vocab::RoundingMode;

/// Rounds `x` to a multiple of `unit` (for example 1 yuan, 0.01 yuan or 100 yuan) with `mode`.
///
/// Rounding happens only where a rulebook says so, with its declared unit and mode (the default
/// is whole yuan, half away from zero). `HalfUp` rounds halves away from zero, `HalfEven` to the
/// even multiple, `Up` away from zero, `Down` toward zero; negative amounts mirror positive
/// ones. `None` when `unit` is not positive or the result overflows.
pub(crate) fn round(x: Decimal, unit: Decimal, mode: RoundingMode) -> Option<Decimal> {
    if unit <= Decimal::ZERO {
        return None;
    }
    // Units that are a power of ten at or below one (1, 0.1, 0.01 written plainly) round to
    // decimal places directly, which is much cheaper than the remainder below; the result
    // cannot overflow (it never grows the mantissa's magnitude past the next whole unit).
    if unit.mantissa() == 1 {
        let strategy = match mode {
            RoundingMode::Down => RoundingStrategy::ToZero,
            RoundingMode::Up => RoundingStrategy::AwayFromZero,
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
        };
        // Ordinary amounts round in plain integers, to the same `Decimal`.
        return Some(
            super::scaled::round_places(x, unit.scale(), mode)
                .unwrap_or_else(|| x.round_dp_with_strategy(unit.scale(), strategy)),
        );
    }
    // The remainder is exact and carries the sign of `x`, so `toward` is the multiple of `unit`
    // next to `x` on the side of zero.
    let rest = x.checked_rem(unit)?;
    if rest.is_zero() {
        return Some(x);
    }
    let toward = x.checked_sub(rest)?;
    let step = if x.is_sign_negative() { -unit } else { unit };
    let away = || toward.checked_add(step);
    let rest = rest.abs();
    // Compare the remainder with the half unit without doubling it, which could overflow.
    let other = unit.checked_sub(rest)?;
    match mode {
        RoundingMode::Down => Some(toward),
        RoundingMode::Up => away(),
        RoundingMode::HalfUp if rest >= other => away(),
        RoundingMode::HalfUp => Some(toward),
        RoundingMode::HalfEven if rest > other => away(),
        RoundingMode::HalfEven if rest < other => Some(toward),
        RoundingMode::HalfEven => {
            let multiples = toward.checked_div(unit)?;
            if multiples.checked_rem(Decimal::TWO)?.is_zero() {
                Some(toward)
            } else {
                away()
            }
        }
    }
}

/// Days from which the surcharge reaches the fine: 34 × 3% = 102% ≥ 100%.
const SURCHARGE_CAP_DAYS: i64 = 34;

/// The late-payment surcharge (加处罚款) on `fine` after `days_overdue` days.
///
/// Administrative Penalty Law art. 72: 3% of the fine for each day overdue, never more than the
/// fine itself. Art. 73: days under administrative reconsideration or litigation
/// (`excluded_days`) do not count. Negative counts count as 0 days. The result is exact (no
/// rounding): fine 10,000 after 20 days → 6,000; after 40 days → 10,000. `None` for a negative
/// fine or on overflow.
pub(crate) fn late_payment_surcharge(
    fine: Decimal,
    days_overdue: i64,
    excluded_days: i64,
) -> Option<Decimal> {
    if fine.is_sign_negative() && !fine.is_zero() {
        return None;
    }
    // Both are clamped to ≥ 0 first, so the difference cannot overflow.
    let days = (days_overdue.max(0) - excluded_days.max(0)).max(0);
    if days >= SURCHARGE_CAP_DAYS {
        return Some(fine);
    }
    // Fewer than 34 days: the rate is below 100%, so the product stays below the fine.
    let rate = Decimal::new(3, 2).checked_mul(Decimal::from(days))?;
    Some(fine.checked_mul(rate)?.min(fine))
}

/// The canonical text of an amount: plain digits, no exponent, no trailing zeros after the
/// point, and `0` for negative zero (`85000.00` → `85000`, `1234.50` → `1234.5`). Decisions
/// print every amount this way so that equal amounts give identical bytes.
pub(crate) fn amount_text(x: Decimal) -> String {
    if x.is_zero() {
        return "0".to_owned();
    }
    x.normalize().to_string()
}

#[cfg(test)]
mod tests;
