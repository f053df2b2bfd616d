//! Table-driven vectors from `tests/data/decimal.csv`, plus properties of rounding.

use std::str::FromStr;

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;

const TABLE: &str = include_str!("../../../tests/data/decimal.csv");

fn dec(s: &str) -> Decimal {
    match s {
        "max" => Decimal::MAX,
        "-max" => Decimal::MIN,
        _ => Decimal::from_str(s).unwrap_or_else(|e| panic!("decimal `{s}`: {e}")),
    }
}

fn mode(s: &str) -> RoundingMode {
    RoundingMode::from_name(s).unwrap_or_else(|| panic!("rounding mode `{s}`"))
}

/// Whether `actual` matches `expected` (`none`, or a decimal compared by value).
fn same(actual: Option<Decimal>, expected: &str) -> bool {
    match (actual, expected) {
        (None, "none") => true,
        (Some(a), e) if e != "none" => a == dec(e),
        _ => false,
    }
}

#[test]
fn table_vectors() {
    let mut rows = 0;
    let mut failures = Vec::new();
    for (n, line) in TABLE.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split(';').collect();
        let ok = match fields.as_slice() {
            ["round", x, unit, m, expected] => {
                let got = round(dec(x), dec(unit), mode(m));
                same(got, expected) || {
                    failures.push(format!("line {}: {line}: got {got:?}", n + 1));
                    true
                }
            }
            ["surcharge", fine, days, excluded, expected] => {
                let got = late_payment_surcharge(
                    dec(fine),
                    days.parse().unwrap(),
                    excluded.parse().unwrap(),
                );
                same(got, expected) || {
                    failures.push(format!("line {}: {line}: got {got:?}", n + 1));
                    true
                }
            }
            ["amount", x, expected] => {
                let got = amount_text(dec(x));
                got == *expected || {
                    failures.push(format!("line {}: {line}: got {got}", n + 1));
                    true
                }
            }
            _ => false,
        };
        assert!(ok, "line {}: unknown row `{line}`", n + 1);
        rows += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(rows >= 60, "only {rows} rows");
}

#[test]
fn amount_text_has_no_exponent_for_tiny_and_scaled_values() {
    assert_eq!(
        amount_text(Decimal::new(1, 28)),
        "0.0000000000000000000000000001"
    );
    assert_eq!(amount_text(Decimal::new(-1_000_000, 6)), "-1");
    assert_eq!(amount_text(Decimal::new(8_500_000, 2)), "85000");
}

/// A decimal with up to 4 places, either sign.
fn any_amount() -> impl Strategy<Value = Decimal> {
    (-10_000_000_000_i64..10_000_000_000, 0_u32..5).prop_map(|(n, s)| Decimal::new(n, s))
}

fn any_unit() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::new(1, 2)),
        Just(Decimal::ONE),
        Just(Decimal::ONE_HUNDRED),
        Just(Decimal::new(5, 0)),
        Just(Decimal::new(25, 1)),
    ]
}

fn any_mode() -> impl Strategy<Value = RoundingMode> {
    proptest::sample::select(RoundingMode::ALL)
}

proptest! {
    #[test]
    fn rounds_to_a_neighbouring_multiple(x in any_amount(), unit in any_unit(), m in any_mode()) {
        let r = round(x, unit, m).unwrap();
        prop_assert!((r % unit).is_zero());
        prop_assert!((r - x).abs() < unit);
        // Directed modes never go the wrong way.
        match m {
            RoundingMode::Down => prop_assert!(r.abs() <= x.abs()),
            RoundingMode::Up => prop_assert!(r.abs() >= x.abs()),
            RoundingMode::HalfUp | RoundingMode::HalfEven => {
                prop_assert!((r - x).abs() * Decimal::TWO <= unit);
            }
        }
        // Negative values mirror positive ones.
        prop_assert_eq!(round(-x, unit, m).unwrap(), -r);
    }

    #[test]
    fn whole_yuan_rounding_agrees_with_the_library(x in any_amount(), m in any_mode()) {
        use rust_decimal::RoundingStrategy as S;
        let strategy = match m {
            RoundingMode::HalfUp => S::MidpointAwayFromZero,
            RoundingMode::HalfEven => S::MidpointNearestEven,
            RoundingMode::Up => S::AwayFromZero,
            RoundingMode::Down => S::ToZero,
        };
        prop_assert_eq!(round(x, Decimal::ONE, m).unwrap(), x.round_dp_with_strategy(0, strategy));
    }

    #[test]
    fn surcharge_never_exceeds_the_fine(fine in 0_i64..100_000_000, days in -100_i64..1_000, excl in -100_i64..1_000) {
        let fine = Decimal::new(fine, 2);
        let s = late_payment_surcharge(fine, days, excl).unwrap();
        prop_assert!(s >= Decimal::ZERO && s <= fine);
        let counted = (days.max(0) - excl.max(0)).max(0);
        prop_assert_eq!(s, (fine * Decimal::new(3, 2) * Decimal::from(counted)).min(fine));
    }
}
