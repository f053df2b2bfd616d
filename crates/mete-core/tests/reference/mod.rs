//! A deliberately simple reference evaluator: it walks the checked rulebook (the IR the checker
//! produces, before compilation) directly, with plain recursion and no caching, slots or
//! precomputed orders. It covers the subset of the language the differential generator writes:
//! facts (money, int, bool), `shall fine A to B` / `up to B`, tiers with share bands, grades and
//! points, conditional sanctions and tier additions, global `shall` circumstances (decisive,
//! mitigate, aggravate) under every conflict mode, reviews reading the decision, and several
//! items for one act (art. 29). Anything outside that subset is a loud failure, not a guess.

use rust_decimal::Decimal;
use rust_decimal::RoundingStrategy;

use mete_core::ast::DecisionSource;
use mete_core::ir::{
    Band, BinOp, CheckedRulebook, Expr, ExprKind, FineBaseDef, ItemDef, Modality, UnOp, Value,
};
use mete_core::vocab::{BoundField, ConflictMode, EffectKind, Grade, Outcome, Point, SanctionKind};

/// What the reference decides: the decision-contract fields it computes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefDecision {
    pub item: String,
    pub outcome: Outcome,
    pub tier: Option<String>,
    pub statutory: Option<(Decimal, Option<Decimal>)>,
    pub fine: Option<(Decimal, Decimal, Option<Decimal>)>,
    pub sanctions: Vec<SanctionKind>,
    pub reviews: Vec<String>,
}

/// A case: item ids and fact values by fact index.
pub struct RefCase {
    pub items: Vec<String>,
    pub facts: Vec<Value>,
}

/// What reviews may read about the decision so far.
#[derive(Default, Clone)]
struct DecisionView {
    outcome: Option<Outcome>,
    tier: Option<String>,
    fine: Option<(Decimal, Decimal, Option<Decimal>)>,
    statutory: Option<(Decimal, Option<Decimal>)>,
    includes: Vec<SanctionKind>,
}

#[derive(Debug, Clone, PartialEq)]
enum V {
    Bool(bool),
    Num(Decimal),
    Outcome(Outcome),
    Tier(String),
}

struct Ctx<'a> {
    facts: &'a [Value],
    dec: DecisionView,
}

fn num(v: &Value) -> Decimal {
    match v {
        Value::Int(i) => Decimal::from(*i),
        Value::Decimal(d) | Value::Money(d) => *d,
        other => panic!("reference: not a number: {other:?}"),
    }
}

impl Ctx<'_> {
    fn eval(&self, e: &Expr) -> V {
        match &e.kind {
            ExprKind::Lit(Value::Bool(b)) => V::Bool(*b),
            ExprKind::Lit(Value::Outcome(o)) => V::Outcome(*o),
            ExprKind::Lit(Value::Tier(t)) => V::Tier(t.clone()),
            ExprKind::Lit(v) => V::Num(num(v)),
            ExprKind::Fact(f) => match &self.facts[f.0 as usize] {
                Value::Bool(b) => V::Bool(*b),
                v => V::Num(num(v)),
            },
            ExprKind::Unary(UnOp::Not, x) => V::Bool(!self.truth(x)),
            ExprKind::Unary(UnOp::Neg, x) => V::Num(-self.number(x)),
            ExprKind::Binary { op, lhs, rhs, .. } => self.binary(*op, lhs, rhs),
            ExprKind::DecisionField(src, field) => V::Num(self.decision_field(*src, *field)),
            ExprKind::Outcome => V::Outcome(self.dec.outcome.unwrap_or(Outcome::Penalize)),
            ExprKind::Tier => V::Tier(self.dec.tier.clone().unwrap_or_default()),
            ExprKind::Includes(k) => V::Bool(self.dec.includes.contains(k)),
            other => panic!("reference: expression outside the subset: {other:?}"),
        }
    }

    fn truth(&self, e: &Expr) -> bool {
        match self.eval(e) {
            V::Bool(b) => b,
            v => panic!("reference: not a truth value: {v:?}"),
        }
    }

    fn number(&self, e: &Expr) -> Decimal {
        match self.eval(e) {
            V::Num(n) => n,
            v => panic!("reference: not a number: {v:?}"),
        }
    }

    fn binary(&self, op: BinOp, l: &Expr, r: &Expr) -> V {
        match op {
            BinOp::And => V::Bool(self.truth(l) && self.truth(r)),
            BinOp::Or => V::Bool(self.truth(l) || self.truth(r)),
            BinOp::Eq => V::Bool(self.eval(l) == self.eval(r)),
            BinOp::Ne => V::Bool(self.eval(l) != self.eval(r)),
            BinOp::Lt => V::Bool(self.number(l) < self.number(r)),
            BinOp::Le => V::Bool(self.number(l) <= self.number(r)),
            BinOp::Gt => V::Bool(self.number(l) > self.number(r)),
            BinOp::Ge => V::Bool(self.number(l) >= self.number(r)),
            BinOp::Add => V::Num(self.number(l) + self.number(r)),
            BinOp::Sub => V::Num(self.number(l) - self.number(r)),
            BinOp::Mul => V::Num(self.number(l) * self.number(r)),
            BinOp::Div => V::Num(self.number(l) / self.number(r)),
        }
    }

    fn decision_field(&self, src: DecisionSource, field: BoundField) -> Decimal {
        match src {
            DecisionSource::Fine => match (self.dec.fine, field) {
                (None, _) => Decimal::ZERO,
                (Some((lo, _, _)), BoundField::Min) => lo,
                (Some((_, hi, _)), BoundField::Max) => hi,
                (Some((_, _, p)), BoundField::Point) => p.unwrap_or(Decimal::ZERO),
            },
            DecisionSource::Statutory => match (self.dec.statutory, field) {
                (None, _) => Decimal::ZERO,
                (Some((lo, _)), BoundField::Min | BoundField::Point) => lo,
                (Some((_, hi)), BoundField::Max) => hi.expect("reference: unbounded read"),
            },
        }
    }
}

fn round(x: Decimal) -> Decimal {
    // The generated rulebooks say `rounding 1 half_up`: whole yuan, halves away from zero.
    x.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

fn point(p: Point, (lo, hi): (Decimal, Decimal)) -> Decimal {
    match p {
        Point::Minimum => lo,
        Point::Maximum => hi,
        Point::Midpoint => (lo + hi) / Decimal::TWO,
    }
}

/// Decides `case` under `book` by the rules of the language reference, directly on the IR.
pub fn decide(book: &CheckedRulebook, case: &RefCase) -> RefDecision {
    let mut results: Vec<RefDecision> = case
        .items
        .iter()
        .map(|id| {
            let item = book.items.iter().find(|i| &i.id == id).expect("known item");
            decide_item(book, item, &case.facts)
        })
        .collect();
    // Art. 29: the provision with the higher fine (max, then min) governs; ties keep the first.
    let key = |r: &RefDecision| match (r.outcome, r.fine) {
        (Outcome::Penalize, Some((lo, hi, _))) => (true, hi, lo),
        _ => (false, Decimal::ZERO, Decimal::ZERO),
    };
    let mut best = 0;
    for i in 1..results.len() {
        if key(&results[i]) > key(&results[best]) {
            best = i;
        }
    }
    results.swap_remove(best)
}

fn decide_item(book: &CheckedRulebook, item: &ItemDef, facts: &[Value]) -> RefDecision {
    let mut cx = Ctx {
        facts,
        dec: DecisionView::default(),
    };
    // 1. The statutory range (one form, no alternatives, no limits in the subset).
    let statutory = item.fine.as_ref().map(|f| {
        assert!(
            f.cases.is_empty() && f.otherwise.limits.is_empty(),
            "reference: subset"
        );
        assert_eq!(f.modality, Modality::Shall, "reference: subset");
        match &f.otherwise.base {
            FineBaseDef::Range(a, b) => (cx.number(a), Some(cx.number(b))),
            FineBaseDef::UpTo(b) => (Decimal::ZERO, Some(cx.number(b))),
            other => panic!("reference: fine form outside the subset: {other:?}"),
        }
    });
    cx.dec.statutory = statutory;

    // 2. Circumstances: the first decisive one that holds decides; lightening and aggravating
    // ones that hold before it stay applied but do not matter then.
    // They are weighed in the fixed precedence of the language: not applicable, time-barred,
    // not punishable, exempt, then the lightening and aggravating ones; declared order within.
    let rank = |k: EffectKind| match k {
        EffectKind::NotApplicable => 0,
        EffectKind::TimeBarred => 1,
        EffectKind::NotPunishable => 2,
        EffectKind::Exempt => 3,
        _ => 4,
    };
    let mut circs: Vec<_> = book.circumstances.iter().collect();
    circs.sort_by_key(|c| rank(c.effect.kind));
    let mut outcome = Outcome::Penalize;
    let mut light = false;
    let mut heavy = false;
    for c in circs {
        assert!(
            c.scope.is_none() && c.effect.target.is_none(),
            "reference: subset"
        );
        assert_eq!(c.effect.modality, Modality::Shall, "reference: subset");
        if !cx.truth(&c.condition) {
            continue;
        }
        match c.effect.kind {
            EffectKind::NotApplicable | EffectKind::NotPunishable => {
                outcome = Outcome::NotPunishable;
                break;
            }
            EffectKind::TimeBarred => {
                outcome = Outcome::TimeBarred;
                break;
            }
            EffectKind::Exempt => {
                outcome = Outcome::Exempt;
                break;
            }
            EffectKind::Mitigate => light = true,
            EffectKind::Aggravate => heavy = true,
            other => panic!("reference: effect outside the subset: {other:?}"),
        }
    }
    let mut force: Option<Grade> = None;
    if outcome == Outcome::Penalize {
        if light && heavy {
            match item.conflicts.unwrap_or(book.conflicts) {
                ConflictMode::Collective => outcome = Outcome::NeedsCollectiveDecision,
                ConflictMode::Offset => {}
                ConflictMode::LenientFirst => force = Some(Grade::Lenient),
                ConflictMode::SevereFirst => force = Some(Grade::Severe),
            }
        } else if light {
            force = Some(Grade::Lenient);
        } else if heavy {
            force = Some(Grade::Severe);
        }
    }

    let mut tier = None;
    let mut fine = None;
    let mut sanctions = Vec::new();
    if outcome == Outcome::Penalize {
        // 3. The tier: forced by grade, else the first whose condition holds.
        let chosen = match force {
            Some(g) => item.tiers.iter().find(|t| t.grade == Some(g)),
            None => item
                .tiers
                .iter()
                .find(|t| t.condition.as_ref().is_none_or(|c| cx.truth(c))),
        };
        let t = chosen.expect("generated items always have a matching tier");
        tier = Some(t.id.clone());
        // 4. The band: a share of the statutory range (or the whole range), and its point.
        let (lo, hi) = statutory
            .map(|(lo, hi)| (lo, hi.expect("bounded")))
            .expect("a fine");
        let share = |p: Decimal, q: Decimal| (lo + p * (hi - lo), lo + q * (hi - lo));
        let band = match &t.band {
            None => (lo, hi),
            Some(Band::Lower(p)) => share(Decimal::ZERO, *p),
            Some(Band::Upper(p)) => share(Decimal::ONE - *p, Decimal::ONE),
            Some(Band::Share(p, q)) => share(*p, *q),
            Some(Band::Form(_)) => panic!("reference: band outside the subset"),
        };
        let p = t.recommend.map(|p| point(p, band));
        // 5. Rounded at the end.
        fine = Some((round(band.0), round(band.1), p.map(round)));
        // 6. Sanctions: the item's that hold, then the tier's additions that hold.
        for s in item.sanctions.iter().chain(&t.add) {
            assert_eq!(s.modality, Modality::Shall, "reference: subset");
            if s.condition.as_ref().is_none_or(|c| cx.truth(c)) {
                sanctions.push(s.kind);
            }
        }
    }

    // 7. Reviews read the finished decision.
    let mut includes = sanctions.clone();
    if fine.is_some() {
        includes.push(SanctionKind::Fine);
    }
    cx.dec = DecisionView {
        outcome: Some(outcome),
        tier: tier.clone(),
        fine,
        statutory,
        includes,
    };
    let reviews = book
        .reviews
        .iter()
        .filter(|r| r.item.is_none() && cx.truth(&r.condition))
        .map(|r| r.id.clone())
        .collect();
    RefDecision {
        item: item.id.clone(),
        outcome,
        tier,
        statutory,
        fine,
        sanctions,
        reviews,
    }
}
