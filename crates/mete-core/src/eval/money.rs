//! Amounts (placeholder bodies; the `dates` branch owns this file).

use rust_decimal::{Decimal, RoundingStrategy};

use crate::vocab::RoundingMode;

/// `x` rounded to a multiple of `unit` with `mode`; `None` on overflow or a zero unit.
pub(crate) fn round(x: Decimal, unit: Decimal, mode: RoundingMode) -> Option<Decimal> {
    let strategy = match mode {
        RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
        RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
        RoundingMode::Up => RoundingStrategy::AwayFromZero,
        RoundingMode::Down => RoundingStrategy::ToZero,
    };
    let q = x.checked_div(unit)?.round_dp_with_strategy(0, strategy);
    q.checked_mul(unit)
}

/// Late-payment surcharge (art. 72, 73): 3% of the fine per day, never above the fine.
pub(crate) fn late_payment_surcharge(
    fine: Decimal,
    days_overdue: i64,
    excluded_days: i64,
) -> Option<Decimal> {
    let days = days_overdue.checked_sub(excluded_days)?.max(0);
    let s = fine
        .checked_mul(Decimal::new(3, 2))?
        .checked_mul(Decimal::from(days))?;
    Some(s.min(fine))
}

/// Canonical text of an amount: no exponent, no trailing zeros.
pub(crate) fn amount_text(x: Decimal) -> String {
    x.normalize().to_string()
}
