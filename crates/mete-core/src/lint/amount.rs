//! Fine amounts compared symbolically: a constant, or a constant multiple of one named base
//! (a fact or definition). Anything else is unknown and the lints that need it stay silent.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::ir::{CheckedRulebook, Expr, ExprKind, FineBaseDef, FineForm, FineLimitDef, Value};

/// A constant amount or `k ×` a named base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Amt {
    /// So many yuan.
    Const(Decimal),
    /// A multiple of the fact or definition with this name.
    Mult(Decimal, String),
}

impl Amt {
    /// `Some(ordering)` when the two can be compared for every value of the base (bases are
    /// amounts, never negative).
    pub(super) fn cmp(&self, other: &Amt) -> Option<Ordering> {
        match (self, other) {
            (Amt::Const(a), Amt::Const(b)) => Some(a.cmp(b)),
            (Amt::Mult(a, x), Amt::Mult(b, y)) if x == y => Some(a.cmp(b)),
            _ => None,
        }
    }

    pub(super) fn show(&self) -> String {
        match self {
            Amt::Const(d) => d.normalize().to_string(),
            Amt::Mult(k, base) => format!("{}x of {base}", k.normalize()),
        }
    }
}

/// One end of a range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum End {
    /// A known amount.
    At(Amt),
    /// Not stated: no maximum (`at least`), or a band end that falls back on the statutory one.
    Open,
    /// Not comparable.
    Unknown,
}

/// A range of amounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Range {
    pub lo: End,
    pub hi: End,
}

impl Range {
    pub(super) fn show(&self) -> String {
        match (&self.lo, &self.hi) {
            (End::At(a), End::At(b)) if a == b => a.show(),
            (End::At(a), End::At(b)) => format!("{} to {}", a.show(), b.show()),
            (End::At(a), _) => format!("at least {}", a.show()),
            (_, End::At(b)) => format!("up to {}", b.show()),
            _ => "an unknown range".to_string(),
        }
    }

    /// Whether both ends are known or open (nothing unknown).
    pub(super) fn known(&self) -> bool {
        !matches!(self.lo, End::Unknown) && !matches!(self.hi, End::Unknown)
    }
}

/// A constant amount or a multiple of a fact or definition, by name.
pub(super) fn amount(book: &CheckedRulebook, e: &Expr) -> Option<Amt> {
    match &e.kind {
        ExprKind::Lit(v) => number(v).map(Amt::Const),
        ExprKind::Fact(_) | ExprKind::Let(_) => {
            base_name(book, e).map(|n| Amt::Mult(Decimal::ONE, n))
        }
        ExprKind::Binary {
            op: crate::ir::BinOp::Mul,
            lhs,
            rhs,
            ..
        } => match (&lhs.kind, &rhs.kind) {
            (ExprKind::Lit(v), _) => Some(Amt::Mult(number(v)?, base_name(book, rhs)?)),
            (_, ExprKind::Lit(v)) => Some(Amt::Mult(number(v)?, base_name(book, lhs)?)),
            _ => None,
        },
        _ => None,
    }
}

/// The name of a fact or definition read directly.
fn base_name(book: &CheckedRulebook, e: &Expr) -> Option<String> {
    match e.kind {
        ExprKind::Fact(f) => book.facts.get(f.index()).map(|f| f.name.clone()),
        ExprKind::Let(l) => book.lets.get(l.index()).map(|l| l.name.clone()),
        _ => None,
    }
}

/// The decimal value of a numeric constant.
pub(super) fn number(v: &Value) -> Option<Decimal> {
    match v {
        Value::Int(i) => Some(Decimal::from(*i)),
        Value::Decimal(d) | Value::Money(d) => Some(*d),
        _ => None,
    }
}

fn at(a: Option<Amt>) -> End {
    a.map_or(End::Unknown, End::At)
}

/// The range a fine form gives. `band` is true for a tier band, whose unstated ends (`up to`'s
/// lower end, `at least`'s upper end) fall back on the statutory range and so are [`End::Open`];
/// the statutory `up to b` starts at zero.
pub(super) fn form_range(book: &CheckedRulebook, form: &FineForm, band: bool) -> Range {
    let mut r = match &form.base {
        FineBaseDef::Range(a, b) => Range {
            lo: at(amount(book, a)),
            hi: at(amount(book, b)),
        },
        FineBaseDef::UpTo(b) => Range {
            lo: if band {
                End::Open
            } else {
                End::At(Amt::Const(Decimal::ZERO))
            },
            hi: at(amount(book, b)),
        },
        FineBaseDef::AtLeast(a) => Range {
            lo: at(amount(book, a)),
            hi: End::Open,
        },
        FineBaseDef::Rate { from, to, base } => {
            let scaled = |k: Decimal| match amount(book, base)? {
                Amt::Const(c) => c.checked_mul(k).map(Amt::Const),
                Amt::Mult(m, n) => m.checked_mul(k).map(|km| Amt::Mult(km, n)),
            };
            Range {
                lo: at(scaled(*from)),
                hi: at(scaled(to.unwrap_or(*from))),
            }
        }
        FineBaseDef::Amount(e) => {
            let a = at(amount(book, e));
            Range {
                lo: a.clone(),
                hi: a,
            }
        }
        FineBaseDef::PerUnit { .. } => Range {
            lo: End::Unknown,
            hi: End::Unknown,
        },
    };
    for limit in &form.limits {
        let (FineLimitDef::AtMost(e) | FineLimitDef::AtLeast(e)) = limit;
        let Some(Amt::Const(x)) = amount(book, e) else {
            return Range {
                lo: End::Unknown,
                hi: End::Unknown,
            };
        };
        let cap = matches!(limit, FineLimitDef::AtMost(_));
        let apply = |end: &End, is_hi: bool| match end {
            End::At(Amt::Const(c)) => {
                End::At(Amt::Const(if cap { (*c).min(x) } else { (*c).max(x) }))
            }
            End::Open if is_hi && cap => End::At(Amt::Const(x)),
            End::Open => End::Open,
            _ => End::Unknown,
        };
        r = Range {
            lo: apply(&r.lo, false),
            hi: apply(&r.hi, true),
        };
    }
    r
}

/// Where a band lies against a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fit {
    /// Inside.
    Inside,
    /// Partly outside.
    Partly,
    /// Wholly outside.
    Wholly,
    /// Cannot tell.
    Unknown,
}

/// Where `band` lies against `range` (open band ends fall back on the range and always fit).
pub(super) fn fit(band: &Range, range: &Range) -> Fit {
    // Each stated band end against each range end: Some(true) when beyond it.
    let below = |a: &Amt| match &range.lo {
        End::At(s) => a.cmp(s).map(|o| o == Ordering::Less),
        End::Open => Some(false),
        End::Unknown => None,
    };
    let above = |a: &Amt| match &range.hi {
        End::At(s) => a.cmp(s).map(|o| o == Ordering::Greater),
        End::Open => Some(false),
        End::Unknown => None,
    };
    let ends: Vec<&Amt> = [&band.lo, &band.hi]
        .into_iter()
        .filter_map(|e| match e {
            End::At(a) => Some(a),
            _ => None,
        })
        .collect();
    if !band.known() || ends.is_empty() {
        return Fit::Unknown;
    }
    let mut out = Vec::new();
    for a in &ends {
        match (below(a), above(a)) {
            (Some(b), Some(c)) => out.push(b || c),
            _ => return Fit::Unknown,
        }
    }
    let wholly = match (&band.lo, &band.hi) {
        // The whole band is below the minimum or above the maximum.
        (End::At(l), End::At(h)) => (below(h) == Some(true)) || (above(l) == Some(true)),
        (End::At(l), End::Open) => above(l) == Some(true),
        (End::Open, End::At(h)) => below(h) == Some(true),
        _ => false,
    };
    if wholly {
        Fit::Wholly
    } else if out.iter().any(|x| *x) {
        Fit::Partly
    } else {
        Fit::Inside
    }
}
