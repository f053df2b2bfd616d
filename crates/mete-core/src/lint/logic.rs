//! A small exact decision procedure for tier conditions.
//!
//! A condition becomes a formula in negation normal form over atoms: a boolean fact (or
//! definition, or `exists f`) being true or false, an enum value lying in a set of variants, a
//! number lying in an interval. Satisfiability is decided by search over cubes (one domain per
//! variable: a set of booleans, a set of variants, an interval), which is exact for these atoms.
//! Any other expression makes the conversion fail, and the lints that asked stay silent.
//! Definitions are treated as free variables: that over-approximates what they can be, so
//! "cannot hold" stays sound, while lints that need exact coverage accept facts only.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::amount::number;
use crate::ir::{BinOp, CheckedRulebook, EnumId, Expr, ExprKind, FactId, LetId, Type, UnOp, Value};

/// A variable of a formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Var {
    Fact(FactId),
    Let(LetId),
    /// Whether an optional fact was given.
    Exists(FactId),
}

/// One end of an interval: the bound and whether it is included.
type Bound = Option<(Decimal, bool)>;

/// A numeric interval; `None` ends are unbounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Interval {
    lo: Bound,
    hi: Bound,
}

impl Interval {
    const ALL: Interval = Interval { lo: None, hi: None };

    fn meet(&self, o: &Interval) -> Interval {
        let lo = match (self.lo, o.lo) {
            (None, x) | (x, None) => x,
            (Some((a, ai)), Some((b, bi))) => Some(if a > b {
                (a, ai)
            } else if b > a {
                (b, bi)
            } else {
                (a, ai && bi)
            }),
        };
        let hi = match (self.hi, o.hi) {
            (None, x) | (x, None) => x,
            (Some((a, ai)), Some((b, bi))) => Some(if a < b {
                (a, ai)
            } else if b < a {
                (b, bi)
            } else {
                (a, ai && bi)
            }),
        };
        Interval { lo, hi }
    }

    /// Whether no value (no whole number when `int`) lies inside.
    fn is_empty(&self, int: bool) -> bool {
        let (lo, hi) = if int {
            self.whole()
        } else {
            (self.lo, self.hi)
        };
        match (lo, hi) {
            (Some((a, ai)), Some((b, bi))) => a > b || (a == b && !(ai && bi)),
            _ => false,
        }
    }

    /// The same interval with inclusive whole-number ends.
    fn whole(&self) -> (Bound, Bound) {
        let lo = self.lo.map(|(a, inc)| {
            let c = a.ceil();
            (
                if !inc && c == a {
                    c.checked_add(Decimal::ONE).unwrap_or(c)
                } else {
                    c
                },
                true,
            )
        });
        let hi = self.hi.map(|(b, inc)| {
            let f = b.floor();
            (
                if !inc && f == b {
                    f.checked_sub(Decimal::ONE).unwrap_or(f)
                } else {
                    f
                },
                true,
            )
        });
        (lo, hi)
    }

    fn show(&self, name: &str) -> String {
        let n = |d: Decimal| d.normalize().to_string();
        match (self.lo, self.hi) {
            (Some((a, _)), Some((b, _))) if a == b => format!("`{name}` = {}", n(a)),
            (Some((a, ai)), Some((b, bi))) => format!(
                "{} {} `{name}` {} {}",
                n(a),
                if ai { "≤" } else { "<" },
                if bi { "≤" } else { "<" },
                n(b)
            ),
            (Some((a, ai)), None) => format!("`{name}` {} {}", if ai { "≥" } else { ">" }, n(a)),
            (None, Some((b, bi))) => format!("`{name}` {} {}", if bi { "≤" } else { "<" }, n(b)),
            (None, None) => format!("any `{name}`"),
        }
    }
}

/// What an atom says about its variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Dom {
    Bool(BTreeSet<bool>),
    Enum(EnumId, BTreeSet<u32>),
    Num(Interval),
}

/// A formula in negation normal form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum F {
    True,
    False,
    Atom(Var, Dom),
    And(Vec<F>),
    Or(Vec<F>),
}

/// A satisfying assignment: the domain left for each constrained variable.
pub(super) type Cube = BTreeMap<Var, Dom>;

/// Converts and decides conditions over one rulebook.
pub(super) struct Logic<'a> {
    pub book: &'a CheckedRulebook,
}

/// The search gave up (too many steps).
pub(super) struct GaveUp;

const BUDGET: u32 = 20_000;

impl<'a> Logic<'a> {
    /// `e` (negated when `neg`) as a formula, or `None` when it reads anything but the atoms.
    pub(super) fn formula(&self, e: &Expr, neg: bool) -> Option<F> {
        match &e.kind {
            ExprKind::Lit(Value::Bool(b)) => Some(if *b != neg { F::True } else { F::False }),
            ExprKind::Fact(_) | ExprKind::Let(_) | ExprKind::Exists(_) if e.ty == Type::Bool => {
                Some(F::Atom(var(e)?, Dom::Bool(BTreeSet::from([!neg]))))
            }
            ExprKind::Unary(UnOp::Not, x) => self.formula(x, !neg),
            ExprKind::Binary { op, lhs, rhs, .. } => self.binary(*op, lhs, rhs, neg),
            ExprKind::In {
                value,
                set,
                negated,
            } => {
                let v = var(value)?;
                let ExprKind::Lit(Value::Set(en, s)) = &set.kind else {
                    return None;
                };
                Some(F::Atom(v, self.variants(*en, s, *negated != neg)?))
            }
            _ => None,
        }
    }

    fn binary(&self, op: BinOp, lhs: &Expr, rhs: &Expr, neg: bool) -> Option<F> {
        match op {
            BinOp::And | BinOp::Or => {
                let parts = vec![self.formula(lhs, neg)?, self.formula(rhs, neg)?];
                // De Morgan: a negated `and` is an `or` of the negations.
                Some(if (op == BinOp::And) != neg {
                    F::And(parts)
                } else {
                    F::Or(parts)
                })
            }
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                // The variable on the left, the constant on the right.
                let (v, c, op) = match (&lhs.kind, &rhs.kind) {
                    (_, ExprKind::Lit(c)) => (var(lhs)?, c, op),
                    (ExprKind::Lit(c), _) => (var(rhs)?, c, flip(op)),
                    _ => return None,
                };
                let op = if neg { negate(op) } else { op };
                match c {
                    Value::Bool(b) => {
                        let value = match op {
                            BinOp::Eq => *b,
                            BinOp::Ne => !*b,
                            _ => return None,
                        };
                        Some(F::Atom(v, Dom::Bool(BTreeSet::from([value]))))
                    }
                    Value::Enum(en, i) => {
                        let out = match op {
                            BinOp::Eq => false,
                            BinOp::Ne => true,
                            _ => return None,
                        };
                        Some(F::Atom(v, self.variants(*en, &BTreeSet::from([*i]), out)?))
                    }
                    other => {
                        let c = number(other)?;
                        let iv = |lo: Bound, hi: Bound| F::Atom(v, Dom::Num(Interval { lo, hi }));
                        Some(match op {
                            BinOp::Eq => iv(Some((c, true)), Some((c, true))),
                            BinOp::Ne => {
                                F::Or(vec![iv(None, Some((c, false))), iv(Some((c, false)), None)])
                            }
                            BinOp::Lt => iv(None, Some((c, false))),
                            BinOp::Le => iv(None, Some((c, true))),
                            BinOp::Gt => iv(Some((c, false)), None),
                            _ => iv(Some((c, true)), None),
                        })
                    }
                }
            }
            _ => None,
        }
    }

    /// The variants `s` of `en`, or every other variant when `complement`.
    fn variants(&self, en: EnumId, s: &BTreeSet<u32>, complement: bool) -> Option<Dom> {
        let n = u32::try_from(self.book.enum_def(en)?.variants.len()).ok()?;
        let set = if complement {
            (0..n).filter(|i| !s.contains(i)).collect()
        } else {
            s.clone()
        };
        Some(Dom::Enum(en, set))
    }

    /// Everything `v` can be: its type's values, within a fact's declared range.
    fn domain(&self, v: Var) -> Option<(Dom, bool)> {
        let (ty, range) = match v {
            Var::Exists(_) => return Some((Dom::Bool(BTreeSet::from([false, true])), false)),
            Var::Fact(f) => {
                let f = self.book.fact(f)?;
                (f.ty, f.range.as_ref())
            }
            Var::Let(l) => (self.book.lets.get(l.index())?.ty, None),
        };
        Some(match ty {
            Type::Bool => (Dom::Bool(BTreeSet::from([false, true])), false),
            Type::Enum(en) => {
                let n = u32::try_from(self.book.enum_def(en)?.variants.len()).ok()?;
                (Dom::Enum(en, (0..n).collect()), false)
            }
            Type::Int | Type::Decimal | Type::Money => {
                let iv = match range {
                    Some((a, b)) => Interval {
                        lo: Some((number(a)?, true)),
                        hi: Some((number(b)?, true)),
                    },
                    None => Interval::ALL,
                };
                (Dom::Num(iv), ty == Type::Int)
            }
            _ => return None,
        })
    }

    /// Narrows `cube` by `v ∈ d`; `None` when that leaves nothing.
    fn narrow(&self, mut cube: Cube, v: Var, d: &Dom) -> Result<Option<Cube>, GaveUp> {
        let (full, int) = self.domain(v).ok_or(GaveUp)?;
        let cur = cube.remove(&v).unwrap_or(full);
        let next = match (cur, d) {
            (Dom::Bool(a), Dom::Bool(b)) => Dom::Bool(a.intersection(b).copied().collect()),
            (Dom::Enum(e, a), Dom::Enum(_, b)) => {
                Dom::Enum(e, a.intersection(b).copied().collect())
            }
            (Dom::Num(a), Dom::Num(b)) => Dom::Num(a.meet(b)),
            _ => return Err(GaveUp),
        };
        let empty = match &next {
            Dom::Bool(s) => s.is_empty(),
            Dom::Enum(_, s) => s.is_empty(),
            Dom::Num(iv) => iv.is_empty(int),
        };
        if empty {
            return Ok(None);
        }
        cube.insert(v, next);
        Ok(Some(cube))
    }

    /// A cube satisfying every formula of `all`, `None` when there is none.
    pub(super) fn sat(&self, all: &[&F]) -> Result<Option<Cube>, GaveUp> {
        let mut budget = BUDGET;
        self.search(Cube::new(), all.to_vec(), &mut budget)
    }

    fn search(
        &self,
        cube: Cube,
        mut todo: Vec<&F>,
        budget: &mut u32,
    ) -> Result<Option<Cube>, GaveUp> {
        *budget = budget.checked_sub(1).ok_or(GaveUp)?;
        let Some(f) = todo.pop() else {
            return Ok(Some(cube));
        };
        match f {
            F::True => self.search(cube, todo, budget),
            F::False => Ok(None),
            F::Atom(v, d) => match self.narrow(cube, *v, d)? {
                Some(c) => self.search(c, todo, budget),
                None => Ok(None),
            },
            F::And(fs) => {
                todo.extend(fs.iter());
                self.search(cube, todo, budget)
            }
            F::Or(fs) => {
                for g in fs {
                    let mut next = todo.clone();
                    next.push(g);
                    if let Some(w) = self.search(cube.clone(), next, budget)? {
                        return Ok(Some(w));
                    }
                }
                Ok(None)
            }
        }
    }

    /// A readable description of a cube, e.g. "`harm` is `none`, `value` < 1000".
    pub(super) fn describe(&self, cube: &Cube) -> String {
        let mut parts = Vec::new();
        for (v, d) in cube {
            let name = match v {
                Var::Fact(f) | Var::Exists(f) => self
                    .book
                    .fact(*f)
                    .map(|f| f.name.clone())
                    .unwrap_or_default(),
                Var::Let(l) => self
                    .book
                    .lets
                    .get(l.index())
                    .map(|l| l.name.clone())
                    .unwrap_or_default(),
            };
            let text = match (v, d) {
                (Var::Exists(_), Dom::Bool(s)) => {
                    if s.contains(&true) {
                        format!("`{name}` is given")
                    } else {
                        format!("`{name}` is not given")
                    }
                }
                (_, Dom::Bool(s)) if s.len() == 1 => {
                    format!("`{name}` is {}", s.contains(&true))
                }
                (_, Dom::Enum(en, s)) if s.len() < self.enum_len(*en) => {
                    let names: Vec<String> = s
                        .iter()
                        .filter_map(|i| {
                            self.book
                                .enum_def(*en)
                                .and_then(|e| e.variants.get(*i as usize))
                                .map(|v| format!("`{}`", v.name))
                        })
                        .collect();
                    if names.len() == 1 {
                        format!("`{name}` is {}", names.join(""))
                    } else {
                        format!("`{name}` is one of {}", names.join(", "))
                    }
                }
                (_, Dom::Num(iv)) if iv.lo.is_some() || iv.hi.is_some() => iv.show(&name),
                _ => continue,
            };
            parts.push(text);
        }
        if parts.is_empty() {
            "any case".to_string()
        } else {
            parts.join(", ")
        }
    }

    fn enum_len(&self, en: EnumId) -> usize {
        self.book.enum_def(en).map_or(0, |e| e.variants.len())
    }

    /// Whether every variable of `f` is a fact that every case gives (not optional, no
    /// definition): then the formula's domain is exactly the cases'.
    pub(super) fn facts_only(&self, f: &F) -> bool {
        match f {
            F::True | F::False => true,
            F::Atom(Var::Fact(id), _) => self.book.fact(*id).is_some_and(|f| !f.optional),
            F::Atom(..) => false,
            F::And(fs) | F::Or(fs) => fs.iter().all(|g| self.facts_only(g)),
        }
    }
}

fn var(e: &Expr) -> Option<Var> {
    match e.kind {
        ExprKind::Fact(f) => Some(Var::Fact(f)),
        ExprKind::Let(l) => Some(Var::Let(l)),
        ExprKind::Exists(f) => Some(Var::Exists(f)),
        _ => None,
    }
}

/// `c op x` as `x op' c`.
fn flip(op: BinOp) -> BinOp {
    match op {
        BinOp::Lt => BinOp::Gt,
        BinOp::Le => BinOp::Ge,
        BinOp::Gt => BinOp::Lt,
        BinOp::Ge => BinOp::Le,
        o => o,
    }
}

/// The comparison that holds exactly when `op` does not.
fn negate(op: BinOp) -> BinOp {
    match op {
        BinOp::Eq => BinOp::Ne,
        BinOp::Ne => BinOp::Eq,
        BinOp::Lt => BinOp::Ge,
        BinOp::Le => BinOp::Gt,
        BinOp::Gt => BinOp::Le,
        BinOp::Ge => BinOp::Lt,
        o => o,
    }
}

/// A hole between the values of one numeric fact that some tiers cover: its description and
/// the indices of the tiers on either side.
pub(super) struct Hole {
    pub text: String,
    pub below: usize,
    pub above: usize,
}

impl Logic<'_> {
    /// The fact a formula reads, when it reads exactly one numeric fact and nothing else.
    pub(super) fn single_numeric_fact(&self, f: &F) -> Option<FactId> {
        fn vars(f: &F, out: &mut BTreeSet<Var>) -> bool {
            match f {
                F::True | F::False => true,
                F::Atom(v, Dom::Num(_)) => {
                    out.insert(*v);
                    true
                }
                F::Atom(..) => false,
                F::And(fs) | F::Or(fs) => fs.iter().all(|g| vars(g, out)),
            }
        }
        let mut set = BTreeSet::new();
        if !vars(f, &mut set) || set.len() != 1 {
            return None;
        }
        match set.first() {
            Some(Var::Fact(id)) if self.book.fact(*id).is_some_and(|f| !f.optional) => Some(*id),
            _ => None,
        }
    }

    /// The first hole between the values that `tiers` (index, formula over `fact` only) cover:
    /// values below some tier's values and above another's that no tier matches.
    pub(super) fn interior_hole(&self, fact: FactId, tiers: &[(usize, &F)]) -> Option<Hole> {
        let int = self.book.fact(fact)?.ty == Type::Int;
        let mut ivs: Vec<(Interval, usize)> = Vec::new();
        for (i, f) in tiers {
            for iv in intervals(f)? {
                if !iv.is_empty(int) {
                    let iv = if int {
                        let (lo, hi) = iv.whole();
                        Interval { lo, hi }
                    } else {
                        iv
                    };
                    ivs.push((iv, *i));
                }
            }
        }
        // Lowest first (unbounded below before everything).
        ivs.sort_by(|(a, _), (b, _)| match (a.lo, b.lo) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, _) => std::cmp::Ordering::Less,
            (_, None) => std::cmp::Ordering::Greater,
            (Some((x, xi)), Some((y, yi))) => x.cmp(&y).then(yi.cmp(&xi)),
        });
        let mut it = ivs.into_iter();
        let (first, mut hi_tier) = it.next()?;
        let mut hi = first.hi;
        for (iv, tier) in it {
            let (h, hinc) = hi?;
            let Some((l, linc)) = iv.lo else {
                continue;
            };
            let touches = if int {
                h.checked_add(Decimal::ONE).is_none_or(|h1| l <= h1)
            } else {
                l < h || (l == h && (linc || hinc))
            };
            if !touches {
                let gap = if int {
                    Interval {
                        lo: Some((h.checked_add(Decimal::ONE)?, true)),
                        hi: Some((l.checked_sub(Decimal::ONE)?, true)),
                    }
                } else {
                    Interval {
                        lo: Some((h, !hinc)),
                        hi: Some((l, !linc)),
                    }
                };
                let name = self
                    .book
                    .fact(fact)
                    .map(|f| f.name.clone())
                    .unwrap_or_default();
                return Some(Hole {
                    text: gap.show(&name),
                    below: hi_tier,
                    above: tier,
                });
            }
            let later = match (hi, iv.hi) {
                (_, None) => true,
                (Some((a, ai)), Some((b, bi))) => b > a || (b == a && bi && !ai),
                (None, _) => false,
            };
            if later {
                hi = iv.hi;
                hi_tier = tier;
            }
        }
        None
    }
}

/// A formula over one numeric variable as a union of intervals (`None` for other atoms).
fn intervals(f: &F) -> Option<Vec<Interval>> {
    Some(match f {
        F::True => vec![Interval::ALL],
        F::False => Vec::new(),
        F::Atom(_, Dom::Num(iv)) => vec![iv.clone()],
        F::Atom(..) => return None,
        F::Or(fs) => {
            let mut out = Vec::new();
            for g in fs {
                out.extend(intervals(g)?);
            }
            out
        }
        F::And(fs) => {
            let mut acc = vec![Interval::ALL];
            for g in fs {
                let next = intervals(g)?;
                acc = acc
                    .iter()
                    .flat_map(|a| next.iter().map(move |b| a.meet(b)))
                    .collect();
            }
            acc
        }
    })
}
