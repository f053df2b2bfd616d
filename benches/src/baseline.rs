//! The rules of [`crate::table`] written by hand in plain Rust: the yardstick mete is measured
//! against.
//!
//! This is what a competent developer would write for one benchmark table: the per-item data in
//! a table built once, per-case code with `match` and `if`, exact decimals with checked
//! arithmetic (`rust_decimal`, as mete uses), no allocation on the per-case path. It computes
//! what a decision needs: outcome, tier, statutory range, band and recommended amount (rounded to
//! whole yuan, half away from zero), the confiscation, the exemption and the review triggers.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::table::{FineSpec, Harm, ITEMS, TableCase, item_spec, tier_set};

/// How a tier is chosen, by tier-set shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TierKind {
    Grave,
    Heavy,
    General,
    Light,
    Minimal,
}

/// A tier: id, band as shares of the statutory range, grade, recommended point.
#[derive(Debug, Clone, Copy)]
struct Tier {
    id: &'static str,
    kind: TierKind,
    share: (Decimal, Decimal),
    lenient: bool,
    point: Option<Point>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Point {
    Minimum,
    Midpoint,
    Maximum,
}

#[derive(Debug, Clone)]
struct Item {
    fine: FineSpec,
    five: bool,
    /// Declared precedence, heaviest first.
    tiers: Vec<Tier>,
    /// Tier indices from lightest to heaviest band.
    by_weight: Vec<usize>,
}

/// The outcome of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A penalty is imposed.
    Penalize,
    /// Exempt from penalty.
    Exempt,
}

/// What the baseline decides for one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decided {
    /// Outcome.
    pub outcome: Outcome,
    /// Applied tier id.
    pub tier: Option<&'static str>,
    /// Statutory range.
    pub statutory: (Decimal, Decimal),
    /// Band `(min, max)`, rounded.
    pub band: Option<(Decimal, Decimal)>,
    /// Recommended amount, rounded.
    pub point: Option<Decimal>,
    /// Illegal gains confiscated.
    pub confiscation: Option<Decimal>,
    /// Whether the exemption applied.
    pub exempt: bool,
    /// Legal review (法制审核) triggered.
    pub legal_review: bool,
    /// Hearing notice (听证告知) triggered.
    pub hearing_notice: bool,
}

/// Why the baseline could not decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaselineError {
    /// Unknown item index.
    UnknownItem,
    /// Arithmetic overflow.
    Overflow,
}

/// The hand-written rules, built once.
#[derive(Debug, Clone)]
pub struct Baseline {
    items: Vec<Item>,
    review_legal: Decimal,
    review_hearing: Decimal,
}

fn pct(n: i64) -> Decimal {
    Decimal::new(n, 2)
}

fn share_of(band: &str) -> (Decimal, Decimal) {
    match band {
        "upper 30%" => (pct(70), pct(100)),
        "upper 10%" => (pct(90), pct(100)),
        "lower 30%" => (pct(0), pct(30)),
        "lower 10%" => (pct(0), pct(10)),
        "30% to 70%" => (pct(30), pct(70)),
        "30% to 60%" => (pct(30), pct(60)),
        "60% to 90%" => (pct(60), pct(90)),
        "10% to 30%" => (pct(10), pct(30)),
        _ => (pct(0), pct(100)),
    }
}

impl Default for Baseline {
    fn default() -> Self {
        Self::new()
    }
}

impl Baseline {
    /// Builds the item table.
    pub fn new() -> Self {
        let items = (0..ITEMS)
            .map(|i| {
                let spec = item_spec(i);
                let tiers: Vec<Tier> = tier_set(spec.tiers)
                    .iter()
                    .map(|t| Tier {
                        id: t.id,
                        kind: match t.id {
                            "grave" => TierKind::Grave,
                            "heavy" => TierKind::Heavy,
                            "general" => TierKind::General,
                            "light" => TierKind::Light,
                            _ => TierKind::Minimal,
                        },
                        share: share_of(t.band),
                        lenient: t.grade == "lenient",
                        point: match t.recommend {
                            Some("minimum") => Some(Point::Minimum),
                            Some("midpoint") => Some(Point::Midpoint),
                            Some("maximum") => Some(Point::Maximum),
                            _ => None,
                        },
                    })
                    .collect();
                let mut by_weight: Vec<usize> = (0..tiers.len()).collect();
                by_weight.sort_by_key(|t| tiers.get(*t).map(|t| t.share));
                Item {
                    fine: spec.fine,
                    five: spec.tiers == 5,
                    tiers,
                    by_weight,
                }
            })
            .collect();
        Baseline {
            items,
            review_legal: Decimal::from(200_000),
            review_hearing: Decimal::from(50_000),
        }
    }

    /// Decides one case.
    pub fn decide(&self, c: &TableCase) -> Result<Decided, BaselineError> {
        let item = self.items.get(c.item).ok_or(BaselineError::UnknownItem)?;
        let statutory = statutory(item.fine, c.goods_value)?;
        let priors = priors_within_two_years(c);

        // Circumstances: the exemption decides; otherwise coercion mitigates (lenient tier).
        if c.minor_harmless {
            return Ok(Decided {
                outcome: Outcome::Exempt,
                tier: None,
                statutory,
                band: None,
                point: None,
                confiscation: None,
                exempt: true,
                legal_review: false,
                hearing_notice: false,
            });
        }

        let mut tier = if c.coerced {
            item.tiers.iter().position(|t| t.lenient).unwrap_or(0)
        } else {
            natural_tier(item, c.harm, c.corrected, priors)
        };
        let mut point = item.tiers.get(tier).and_then(|t| t.point);
        if priors >= 3 {
            // One tier up, never above the heaviest.
            if let Some(pos) = item.by_weight.iter().position(|t| *t == tier) {
                let up = pos
                    .saturating_add(1)
                    .min(item.by_weight.len().saturating_sub(1));
                tier = item.by_weight.get(up).copied().unwrap_or(tier);
                point = item.tiers.get(tier).and_then(|t| t.point);
            }
        } else if priors == 2 {
            point = Some(Point::Maximum);
        }
        let t = item.tiers.get(tier).ok_or(BaselineError::UnknownItem)?;
        let (lo, hi) = statutory;
        let width = hi.checked_sub(lo).ok_or(BaselineError::Overflow)?;
        let at = |s: Decimal| {
            s.checked_mul(width)
                .and_then(|x| x.checked_add(lo))
                .ok_or(BaselineError::Overflow)
        };
        let (bmin, bmax) = (at(t.share.0)?, at(t.share.1)?);
        let point = match point {
            None => None,
            Some(Point::Minimum) => Some(bmin),
            Some(Point::Maximum) => Some(bmax),
            Some(Point::Midpoint) => Some(
                bmin.checked_add(bmax)
                    .and_then(|x| x.checked_div(Decimal::TWO))
                    .ok_or(BaselineError::Overflow)?,
            ),
        };
        let band = (round(bmin), round(bmax));
        Ok(Decided {
            outcome: Outcome::Penalize,
            tier: Some(t.id),
            statutory,
            band: Some(band),
            point: point.map(round),
            confiscation: Some(c.gains),
            exempt: false,
            legal_review: band.1 >= self.review_legal,
            hearing_notice: band.1 >= self.review_hearing,
        })
    }
}

fn round(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
}

fn statutory(fine: FineSpec, goods: Decimal) -> Result<(Decimal, Decimal), BaselineError> {
    let times = |m: i64| {
        goods
            .checked_mul(Decimal::from(m))
            .ok_or(BaselineError::Overflow)
    };
    Ok(match fine {
        FineSpec::Alternatives {
            threshold,
            lo,
            hi,
            m_lo,
            m_hi,
        } => {
            if goods < Decimal::from(threshold) {
                (Decimal::from(lo), Decimal::from(hi))
            } else {
                (times(m_lo)?, times(m_hi)?)
            }
        }
        FineSpec::Range(lo, hi) => (Decimal::from(lo), Decimal::from(hi)),
        FineSpec::Multiple(lo, hi) => (times(lo)?, times(hi)?),
        FineSpec::UpTo(hi) => (Decimal::ZERO, Decimal::from(hi)),
    })
}

/// Same-kind priors in `[act − 2 years, act)`; Feb 29 minus two years is Feb 28.
fn priors_within_two_years(c: &TableCase) -> u32 {
    let start = c
        .act_date
        .checked_sub_months(chrono::Months::new(24))
        .unwrap_or(NaiveDate::MIN);
    let mut n = 0;
    for p in &c.priors {
        if p.same && start <= p.date && p.date < c.act_date {
            n += 1;
        }
    }
    n
}

fn natural_tier(item: &Item, harm: Harm, corrected: bool, priors: u32) -> usize {
    let serious = harm == Harm::Serious;
    let holds = |k: TierKind| match k {
        TierKind::Grave => serious && priors >= 1,
        TierKind::Heavy => serious || priors >= 2,
        TierKind::General => !item.five || harm == Harm::General,
        TierKind::Light if item.five => harm == Harm::Minor || corrected,
        TierKind::Light => matches!(harm, Harm::None | Harm::Minor) && corrected,
        TierKind::Minimal => true,
    };
    item.tiers
        .iter()
        .position(|t| holds(t.kind))
        .unwrap_or(item.tiers.len().saturating_sub(1))
}
