//! The fast paths against `rust_decimal` itself, over values of every shape they accept (and
//! some they refuse), comparing value, scale and sign.

use std::cmp::Ordering;

use rust_decimal::{Decimal, RoundingStrategy};

use super::{SHARE_SCALE, cmp, round_places, share_band};
use crate::vocab::{Point, RoundingMode};

const MODES: [RoundingMode; 4] = [
    RoundingMode::HalfUp,
    RoundingMode::HalfEven,
    RoundingMode::Up,
    RoundingMode::Down,
];

fn strategy(mode: RoundingMode) -> RoundingStrategy {
    match mode {
        RoundingMode::Down => RoundingStrategy::ToZero,
        RoundingMode::Up => RoundingStrategy::AwayFromZero,
        RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
        RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
    }
}

/// The same `Decimal`: value, scale and sign (so the printed text is the same too).
fn identical(a: Decimal, b: Decimal) -> bool {
    a == b
        && a.scale() == b.scale()
        && a.is_sign_negative() == b.is_sign_negative()
        && a.to_string() == b.to_string()
}

/// Mantissas around the interesting edges: halves, evens and odds, 64-bit limits.
fn mantissas() -> Vec<i128> {
    let mut v: Vec<i128> = vec![
        0,
        1,
        4,
        5,
        6,
        15,
        25,
        35,
        45,
        49,
        50,
        51,
        95,
        99,
        149,
        150,
        151,
        250,
        1_234_567,
        12_345_005,
        99_999_999_999,
        i128::from(u64::MAX) - 1,
        i128::from(u64::MAX),
        i128::from(u64::MAX) + 1,
        (1i128 << 96) - 1,
    ];
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..200 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.push(i128::from(x % 1_000_000_000_000));
    }
    v
}

#[test]
fn rounding_to_places_matches_the_library() {
    let mut fast = 0;
    for m in mantissas() {
        for sign in [1i128, -1] {
            for scale in 0..=12u32 {
                let Ok(x) = Decimal::try_from_i128_with_scale(sign * m, scale) else {
                    continue;
                };
                for dp in 0..=3u32 {
                    for mode in MODES {
                        let lib = x.round_dp_with_strategy(dp, strategy(mode));
                        if let Some(got) = round_places(x, dp, mode) {
                            fast += 1;
                            assert!(
                                identical(got, lib),
                                "{x} to {dp} places {mode:?}: {got} vs {lib}"
                            );
                        }
                    }
                }
            }
        }
    }
    // The fast path really ran (it refuses only zero and mantissas past 64 bits).
    assert!(fast > 50_000, "{fast}");
}

#[test]
fn comparing_matches_the_library() {
    let ms = mantissas();
    let mut n = 0;
    for (i, a) in ms.iter().enumerate().step_by(3) {
        for b in ms.iter().skip(i % 7).step_by(5) {
            for (sa, sb) in [(0, 0), (2, 0), (0, 2), (4, 1), (28, 0), (0, 27), (3, 3)] {
                for (ga, gb) in [(1i128, 1i128), (-1, 1), (1, -1), (-1, -1)] {
                    let (Ok(x), Ok(y)) = (
                        Decimal::try_from_i128_with_scale(ga * a, sa),
                        Decimal::try_from_i128_with_scale(gb * b, sb),
                    ) else {
                        continue;
                    };
                    n += 1;
                    assert_eq!(cmp(x, y), x.cmp(&y), "{x} <=> {y}");
                }
            }
        }
    }
    assert!(n > 10_000, "{n}");
    let z = Decimal::ZERO;
    let neg_zero = Decimal::from_parts(0, 0, 0, true, 3);
    assert_eq!(cmp(z, neg_zero), Ordering::Equal);
}

/// The decimal path of a share band: band, point, then rounding.
fn by_library(
    (lo, hi): (Decimal, Decimal),
    (p, q): (Decimal, Decimal),
    point: Option<Point>,
    mode: RoundingMode,
) -> (Decimal, Decimal, Option<Decimal>) {
    let w = hi - lo;
    let (a, b) = (lo + p * w, lo + q * w);
    let pv = point.map(|pt| match pt {
        Point::Minimum => a,
        Point::Maximum => b,
        Point::Midpoint => (a + b) / Decimal::TWO,
    });
    let r = |x: Decimal| x.round_dp_with_strategy(0, strategy(mode));
    (r(a), r(b), pv.map(r))
}

#[test]
fn share_bands_match_the_decimal_path() {
    let shares: Vec<Decimal> = [
        "0", "0.1", "0.3", "0.333333", "0.5", "0.6", "0.7", "0.9", "1",
    ]
    .iter()
    .filter_map(|s| s.parse().ok())
    .collect();
    let scaled = |x: Decimal| {
        let k = 10i64.pow(SHARE_SCALE - x.scale());
        i64::try_from(x.mantissa()).ok().map(|m| m * k)
    };
    let ends: Vec<Decimal> = [
        "0",
        "1",
        "5000",
        "10000",
        "50000",
        "80000.5",
        "99999.99",
        "123456.785",
        "20000000.0001",
        "999999999999.99",
    ]
    .iter()
    .filter_map(|s| s.parse().ok())
    .collect();
    let mut n = 0;
    for lo in &ends {
        for hi in ends.iter().filter(|h| *h >= lo) {
            for p in &shares {
                for q in shares.iter().filter(|q| *q >= p) {
                    let (Some(ps), Some(qs)) = (scaled(*p), scaled(*q)) else {
                        panic!("share {p} {q}");
                    };
                    for point in [
                        None,
                        Some(Point::Minimum),
                        Some(Point::Midpoint),
                        Some(Point::Maximum),
                    ] {
                        for mode in MODES {
                            let lib = by_library((*lo, *hi), (*p, *q), point, mode);
                            let got = share_band((*lo, *hi), (ps, qs), point, mode);
                            let Some(got) = got else {
                                panic!("{lo}..{hi} {p}..{q}: no fast path");
                            };
                            n += 1;
                            assert!(
                                identical(got.0, lib.0)
                                    && identical(got.1, lib.1)
                                    && got.2.is_some() == lib.2.is_some()
                                    && got.2.zip(lib.2).is_none_or(|(a, b)| identical(a, b)),
                                "{lo}..{hi} {p}..{q} {point:?} {mode:?}: {got:?} vs {lib:?}"
                            );
                        }
                    }
                }
            }
        }
    }
    assert!(n > 10_000, "{n}");
}

#[test]
fn share_bands_refuse_what_they_cannot_do_exactly() {
    let d = |s: &str| s.parse::<Decimal>().unwrap_or_default();
    let half = 500_000;
    // Negative range, reversed range, five places.
    assert_eq!(
        share_band((d("-10"), d("10")), (0, half), None, RoundingMode::HalfUp),
        None
    );
    assert_eq!(
        share_band((d("10"), d("5")), (0, half), None, RoundingMode::HalfUp),
        None
    );
    assert_eq!(
        share_band(
            (d("0.00001"), d("5")),
            (0, half),
            None,
            RoundingMode::HalfUp
        ),
        None
    );
    assert_eq!(
        share_band(
            (d("10"), d("20")),
            (0, half),
            Some(Point::Midpoint),
            RoundingMode::HalfUp
        ),
        Some((d("10"), d("15"), Some(d("13"))))
    );
}
