//! The expression interpreter over the compiled arena.
//!
//! Values borrow from the rulebook's constant pool and the case ([`V`] is `Copy`), so evaluating a
//! condition allocates nothing. Definitions are evaluated at most once per case (the memo frame).
//! Every arithmetic step is checked: overflow and division by zero are errors, never panics.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::fault::Fault;
use super::{date, money};
use crate::ast::{DecisionSource, UnitRounding};
use crate::case::Case;
use crate::compile::{Arena, CBase, CForm, CaseDate, Node, NodeId, RecTest};
use crate::ir::{AggregateOp, BinOp, CalendarDef, Duration, RecordValue, Value};
use crate::vocab::{BoundField, Function, Outcome, RoundingMode};

/// A runtime value: small, `Copy`, borrowing text, sets and lists.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum V<'a> {
    Bool(bool),
    Int(i64),
    Dec(Decimal),
    Date(NaiveDate),
    Dur(Duration),
    Text(&'a str),
    Enum(u32),
    Set(&'a BTreeSet<u32>),
    List(&'a [RecordValue]),
    Outcome(Outcome),
    Tier(&'a str),
}

impl<'a> V<'a> {
    /// The runtime view of a stored value.
    pub(crate) fn of(v: &'a Value) -> V<'a> {
        match v {
            Value::Bool(b) => V::Bool(*b),
            Value::Int(i) => V::Int(*i),
            Value::Decimal(d) | Value::Money(d) => V::Dec(*d),
            Value::Date(d) => V::Date(*d),
            Value::Duration(d) => V::Dur(*d),
            Value::Text(s) => V::Text(s),
            Value::Enum(_, i) => V::Enum(*i),
            Value::Set(_, s) => V::Set(s),
            Value::List(_, l) => V::List(l),
            Value::Outcome(o) => V::Outcome(*o),
            Value::Tier(t) => V::Tier(t),
        }
    }

    fn num(self) -> Option<Decimal> {
        match self {
            V::Int(i) => Some(Decimal::from(i)),
            V::Dec(d) => Some(d),
            _ => None,
        }
    }
}

/// The decision as review conditions and discount floors see it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DecView<'a> {
    pub(crate) statutory: Option<(Decimal, Option<Decimal>)>,
    /// min, max, point.
    pub(crate) fine: Option<(Decimal, Decimal, Option<Decimal>)>,
    pub(crate) outcome: Option<Outcome>,
    pub(crate) tier: Option<&'a str>,
    /// Bit per [`crate::vocab::SanctionKind`] included (the fine when a fine is imposed).
    pub(crate) includes: u32,
    /// Bit per [`crate::vocab::EffectKind`] of applied circumstances.
    pub(crate) applied: u32,
}

/// Definitions memoised inline: rulebooks declare few, so a case allocates nothing for them.
const MEMO_INLINE: usize = 4;

/// The values of the definitions evaluated so far in one case, by let slot.
#[derive(Debug, Clone, Default)]
pub(crate) struct Memo<'a> {
    inline: [Option<V<'a>>; MEMO_INLINE],
    /// Slots from [`MEMO_INLINE`] on.
    heap: Vec<Option<V<'a>>>,
}

impl<'a> Memo<'a> {
    /// An empty memo for `n` definitions.
    #[inline(always)]
    pub(crate) fn new(n: usize) -> Self {
        Memo {
            inline: [None; MEMO_INLINE],
            heap: vec![None; n.saturating_sub(MEMO_INLINE)],
        }
    }

    /// The value of slot `slot`, when evaluated.
    pub(crate) fn get(&self, slot: u32) -> Option<V<'a>> {
        let i = slot as usize;
        match i.checked_sub(MEMO_INLINE) {
            None => self.inline.get(i).copied().flatten(),
            Some(j) => self.heap.get(j).copied().flatten(),
        }
    }

    fn set(&mut self, slot: u32, v: V<'a>) {
        let i = slot as usize;
        let cell = match i.checked_sub(MEMO_INLINE) {
            None => self.inline.get_mut(i),
            Some(j) => self.heap.get_mut(j),
        };
        if let Some(c) = cell {
            *c = Some(v);
        }
    }
}

/// Everything an expression can read.
#[derive(Debug)]
pub(crate) struct Env<'a> {
    pub(crate) arena: &'a Arena,
    pub(crate) calendars: &'a [CalendarDef],
    pub(crate) lets: &'a [NodeId],
    pub(crate) case: &'a Case,
    /// Memo of definitions: `None` until first read.
    pub(crate) frame: Memo<'a>,
    pub(crate) dec: DecView<'a>,
    /// The last window evaluated: node, anchor and far end.
    window: Option<(NodeId, NaiveDate, NaiveDate)>,
}

type R<'a> = Result<V<'a>, Fault>;

fn arg_count() -> Fault {
    Fault::Internal("wrong number of arguments")
}

impl<'a> Env<'a> {
    /// A fresh environment for `case` (inlined, so it is built where it lives, not copied).
    #[inline(always)]
    pub(crate) fn new(
        arena: &'a Arena,
        calendars: &'a [CalendarDef],
        lets: &'a [NodeId],
        case: &'a Case,
    ) -> Self {
        Env {
            arena,
            calendars,
            lets,
            case,
            frame: Memo::new(lets.len()),
            dec: DecView::default(),
            window: None,
        }
    }

    /// The value of definition `slot`, evaluated on first use.
    pub(crate) fn let_value(&mut self, slot: u32) -> R<'a> {
        if let Some(v) = self.frame.get(slot) {
            return Ok(v);
        }
        let root = *self
            .lets
            .get(slot as usize)
            .ok_or(Fault::Internal("unknown definition"))?;
        let v = self.eval(root, None)?;
        self.frame.set(slot, v);
        Ok(v)
    }

    /// Evaluates a condition. Inlined so that a leaf (most tier, circumstance and review
    /// conditions) costs no call and no `Result` returned through memory.
    #[inline(always)]
    pub(crate) fn truth(&mut self, id: NodeId) -> Result<bool, Fault> {
        match self.leaf(id) {
            Some(r) => r,
            None => self.bool(id, None),
        }
    }

    /// The commonest condition leaves, read without a call: a truth-value fact, a variant
    /// test of a fact, a whole-number test of a definition already evaluated. `None` for
    /// every other node ([`Env::bool`] then evaluates it, with the same results and errors).
    #[inline(always)]
    fn leaf(&self, id: NodeId) -> Option<Result<bool, Fault>> {
        let nodes = &self.arena.nodes;
        match nodes.get(id as usize)? {
            Node::Fact(slot) => Some(match self.case.facts.get(*slot as usize) {
                Some(Some(Value::Bool(b))) => Ok(*b),
                Some(Some(_)) => Err(Fault::Internal("not a truth value")),
                _ => Err(Fault::MissingFact),
            }),
            Node::Variant(a, mask, negated) => match nodes.get(*a as usize)? {
                Node::Fact(slot) => Some(match self.case.facts.get(*slot as usize) {
                    Some(Some(Value::Enum(_, x))) => {
                        let set = 1u64.checked_shl(*x).is_some_and(|bit| mask & bit != 0);
                        Ok(set != *negated)
                    }
                    Some(Some(_)) => Err(Fault::Internal("not a variant")),
                    _ => Err(Fault::MissingFact),
                }),
                _ => None,
            },
            Node::DecCmp(cmp, a, k) => {
                let x = match nodes.get(*a as usize)? {
                    Node::Fact(slot) => match self.case.facts.get(*slot as usize) {
                        Some(Some(Value::Money(d) | Value::Decimal(d))) => Ok(*d),
                        Some(Some(Value::Int(i))) => Ok(Decimal::from(*i)),
                        Some(Some(_)) => Err(Fault::Internal("not a number")),
                        _ => Err(Fault::MissingFact),
                    },
                    Node::DecisionField(src, field) => self.decision_amount(*src, *field),
                    _ => return None,
                };
                Some(x.map(|x| cmp.holds(super::scaled::cmp(x, *k))))
            }
            Node::IntCmp(cmp, a, k) => match nodes.get(*a as usize)? {
                Node::Let(slot) => match self.frame.get(*slot)? {
                    V::Int(x) => Some(Ok(cmp.holds(x.cmp(k)))),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        }
    }

    /// A condition inside a chain: a leaf read directly, anything else evaluated.
    #[inline(always)]
    fn operand(&mut self, id: NodeId, elem: Option<&'a RecordValue>) -> Result<bool, Fault> {
        match self.leaf(id) {
            Some(r) => r,
            None => self.bool(id, elem),
        }
    }

    /// Evaluates an amount.
    #[inline]
    pub(crate) fn amount(&mut self, id: NodeId) -> Result<Decimal, Fault> {
        // An amount fact (the base of a multiple, the gains confiscated) read without a call.
        if let Some(Node::Fact(slot)) = self.arena.nodes.get(id as usize) {
            if let Some(Some(Value::Money(d) | Value::Decimal(d))) =
                self.case.facts.get(*slot as usize)
            {
                return Ok(*d);
            }
        }
        self.decimal(id, None)
    }

    /// A truth value. Conditions are most of what a case evaluates, so the specialised nodes
    /// and the plain reads of a boolean are handled here without building a [`V`].
    fn bool(&mut self, id: NodeId, elem: Option<&'a RecordValue>) -> Result<bool, Fault> {
        let arena = self.arena;
        match arena.nodes.get(id as usize) {
            Some(Node::DecCmp(cmp, a, k)) => {
                Ok(cmp.holds(super::scaled::cmp(self.decimal(*a, elem)?, *k)))
            }
            Some(Node::IntCmp(cmp, a, k)) => {
                let v = match arena.nodes.get(*a as usize) {
                    Some(Node::Let(slot)) => self.let_value(*slot)?,
                    _ => self.eval(*a, elem)?,
                };
                let o = match v {
                    V::Int(x) => x.cmp(k),
                    v => dec(v)?.cmp(&Decimal::from(*k)),
                };
                Ok(cmp.holds(o))
            }
            Some(Node::Variant(a, mask, negated)) => {
                let x = match arena.nodes.get(*a as usize) {
                    Some(Node::Fact(slot)) => match self.case.facts.get(*slot as usize) {
                        Some(Some(Value::Enum(_, x))) => *x,
                        Some(Some(_)) => return Err(Fault::Internal("not a variant")),
                        _ => return Err(Fault::MissingFact),
                    },
                    _ => match self.eval(*a, elem)? {
                        V::Enum(x) => x,
                        _ => return Err(Fault::Internal("not a variant")),
                    },
                };
                let set = 1u64.checked_shl(x).is_some_and(|bit| mask & bit != 0);
                Ok(set != *negated)
            }
            Some(Node::All(start, len)) => {
                for a in args_of(arena, *start, *len)? {
                    if !self.operand(*a, elem)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Some(Node::Any(start, len)) => {
                for a in args_of(arena, *start, *len)? {
                    if self.operand(*a, elem)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Some(Node::Fact(slot)) => match self.case.facts.get(*slot as usize) {
                Some(Some(Value::Bool(b))) => Ok(*b),
                Some(Some(_)) => Err(Fault::Internal("not a truth value")),
                _ => Err(Fault::MissingFact),
            },
            Some(Node::Field(i)) => match elem.and_then(|r| r.get(*i as usize)) {
                Some(Some(Value::Bool(b))) => Ok(*b),
                Some(Some(_)) => Err(Fault::Internal("not a truth value")),
                _ => Err(Fault::MissingField),
            },
            Some(Node::Not(a)) => Ok(!self.bool(*a, elem)?),
            Some(Node::Window {
                date: d,
                period,
                dir,
                anchor,
            }) => {
                let d = self.date(*d, elem)?;
                let a = self.date(*anchor, elem)?;
                // Inside an aggregate the anchor is the same for every element: compute the far
                // end once.
                let far = match self.window {
                    Some((n, at, far)) if n == id && at == a => far,
                    _ => {
                        let far = date::window_far_end(*period, *dir, a).ok_or(Fault::DateRange)?;
                        self.window = Some((id, a, far));
                        far
                    }
                };
                Ok(date::in_window(d, *dir, a, far))
            }
            _ => match self.eval(id, elem)? {
                V::Bool(b) => Ok(b),
                _ => Err(Fault::Internal("not a truth value")),
            },
        }
    }

    /// A number as a decimal (whole numbers converted), reading facts and constants directly.
    fn decimal(&mut self, id: NodeId, elem: Option<&'a RecordValue>) -> Result<Decimal, Fault> {
        let arena = self.arena;
        let stored = match arena.nodes.get(id as usize) {
            Some(Node::Fact(slot)) => match self.case.facts.get(*slot as usize) {
                Some(Some(v)) => v,
                _ => return Err(Fault::MissingFact),
            },
            Some(Node::Const(c)) => arena
                .consts
                .get(*c as usize)
                .ok_or(Fault::Internal("dangling constant"))?,
            Some(Node::DecisionField(src, field)) => return self.decision_amount(*src, *field),
            _ => return dec(self.eval(id, elem)?),
        };
        match stored {
            Value::Money(d) | Value::Decimal(d) => Ok(*d),
            Value::Int(i) => Ok(Decimal::from(*i)),
            _ => Err(Fault::Internal("not a number")),
        }
    }

    /// A date, reading record fields and the act date directly (date windows over lists).
    fn date(&mut self, id: NodeId, elem: Option<&'a RecordValue>) -> Result<NaiveDate, Fault> {
        match self.arena.nodes.get(id as usize) {
            Some(Node::Field(i)) => match elem.and_then(|r| r.get(*i as usize)) {
                Some(Some(Value::Date(d))) => Ok(*d),
                Some(Some(_)) => Err(Fault::Internal("not a date")),
                _ => Err(Fault::MissingField),
            },
            Some(Node::ActDate) => self.case.act_date.ok_or(Fault::MissingDate("act_date")),
            _ => match self.eval(id, elem)? {
                V::Date(d) => Ok(d),
                _ => Err(Fault::Internal("not a date")),
            },
        }
    }

    fn num(&mut self, id: NodeId, elem: Option<&'a RecordValue>) -> Result<V<'a>, Fault> {
        match self.eval(id, elem)? {
            v @ (V::Int(_) | V::Dec(_)) => Ok(v),
            _ => Err(Fault::Internal("not a number")),
        }
    }

    fn calendar(&self, id: Option<u32>) -> Result<Option<&'a CalendarDef>, Fault> {
        match id {
            None => Ok(None),
            Some(i) => self
                .calendars
                .get(i as usize)
                .map(Some)
                .ok_or(Fault::Internal("unknown calendar")),
        }
    }

    /// Evaluates node `id`; `elem` is the current element inside an aggregate.
    pub(crate) fn eval(&mut self, id: NodeId, elem: Option<&'a RecordValue>) -> R<'a> {
        let arena = self.arena;
        let node = arena
            .nodes
            .get(id as usize)
            .ok_or(Fault::Internal("dangling node"))?;
        match node {
            Node::Const(c) => arena
                .consts
                .get(*c as usize)
                .map(V::of)
                .ok_or(Fault::Internal("dangling constant")),
            Node::Fact(slot) => match self.case.facts.get(*slot as usize) {
                Some(Some(v)) => Ok(V::of(v)),
                _ => Err(Fault::MissingFact),
            },
            Node::Let(slot) => self.let_value(*slot),
            Node::Field(i) => match elem.and_then(|r| r.get(*i as usize)) {
                Some(Some(v)) => Ok(V::of(v)),
                _ => Err(Fault::MissingField),
            },
            Node::Neg(a) => match self.num(*a, elem)? {
                V::Int(i) => i.checked_neg().map(V::Int).ok_or(Fault::Overflow),
                V::Dec(d) => Ok(V::Dec(-d)),
                _ => Err(Fault::Internal("not a number")),
            },
            Node::Not(a) => match self.eval(*a, elem)? {
                V::Bool(b) => Ok(V::Bool(!b)),
                _ => Err(Fault::Internal("not a truth value")),
            },
            Node::Binary(op, l, r) => self.binary(*op, *l, *r, elem),
            Node::In(v, s, negated) => {
                let v = self.eval(*v, elem)?;
                let s = self.eval(*s, elem)?;
                match (v, s) {
                    (V::Enum(x), V::Set(set)) => Ok(V::Bool(set.contains(&x) != *negated)),
                    _ => Err(Fault::Internal("`in` needs a variant and a set")),
                }
            }
            Node::If(c, a, b) => match self.eval(*c, elem)? {
                V::Bool(true) => self.eval(*a, elem),
                V::Bool(false) => self.eval(*b, elem),
                _ => Err(Fault::Internal("not a truth value")),
            },
            Node::Call {
                func,
                start,
                len,
                calendar,
                mode,
            } => {
                let args = arena
                    .args
                    .get(*start as usize..(*start as usize).saturating_add(*len as usize))
                    .ok_or(Fault::Internal("dangling arguments"))?;
                self.call(*func, args, *calendar, *mode, elem)
            }
            Node::Aggregate {
                op,
                list,
                element,
                filter,
                int,
            } => self.aggregate(*op, *list, *element, *filter, *int, elem),
            Node::Window { .. } => self.bool(id, elem).map(V::Bool),
            Node::Exists(slot) => Ok(V::Bool(matches!(
                self.case.facts.get(*slot as usize),
                Some(Some(_))
            ))),
            Node::DecisionField(src, field) => self.decision_field(*src, *field),
            Node::Outcome => Ok(V::Outcome(self.dec.outcome.unwrap_or(Outcome::Penalize))),
            Node::Tier => Ok(V::Tier(self.dec.tier.unwrap_or(""))),
            Node::Includes(k) => Ok(V::Bool(self.dec.includes & (1 << (*k as u32)) != 0)),
            Node::Applied(k) => Ok(V::Bool(self.dec.applied & (1 << (*k as u32)) != 0)),
            Node::ActDate => self
                .case
                .act_date
                .map(V::Date)
                .ok_or(Fault::MissingDate("act_date")),
            Node::DecisionDate => self
                .case
                .decision_date
                .map(V::Date)
                .ok_or(Fault::MissingDate("decision_date")),
            Node::Count(spec) => self.count(*spec),
            Node::DecCmp(..)
            | Node::IntCmp(..)
            | Node::Variant(..)
            | Node::All(..)
            | Node::Any(..) => self.bool(id, elem).map(V::Bool),
        }
    }

    fn decision_field(&self, src: DecisionSource, field: BoundField) -> R<'a> {
        self.decision_amount(src, field).map(V::Dec)
    }

    /// `fine.max`, `statutory.min`, … (zero before the value exists).
    /// Inlined into review conditions (`fine.max >= …`); reads the one field by reference.
    #[inline(always)]
    fn decision_amount(&self, src: DecisionSource, field: BoundField) -> Result<Decimal, Fault> {
        let zero = Decimal::ZERO;
        let v = match src {
            DecisionSource::Fine => match (&self.dec.fine, field) {
                (None, _) => zero,
                (Some((lo, _, _)), BoundField::Min) => *lo,
                (Some((_, hi, _)), BoundField::Max) => *hi,
                (Some((_, _, p)), BoundField::Point) => p.unwrap_or(zero),
            },
            DecisionSource::Statutory => match (&self.dec.statutory, field) {
                (None, _) => zero,
                (Some((lo, _)), BoundField::Min | BoundField::Point) => *lo,
                (Some((_, Some(hi))), BoundField::Max) => *hi,
                (Some((_, None)), BoundField::Max) => {
                    return Err(Fault::UnboundedRead);
                }
            },
        };
        Ok(v)
    }

    fn binary(&mut self, op: BinOp, l: NodeId, r: NodeId, elem: Option<&'a RecordValue>) -> R<'a> {
        match op {
            BinOp::And => {
                if !self.bool(l, elem)? {
                    return Ok(V::Bool(false));
                }
                return Ok(V::Bool(self.bool(r, elem)?));
            }
            BinOp::Or => {
                if self.bool(l, elem)? {
                    return Ok(V::Bool(true));
                }
                return Ok(V::Bool(self.bool(r, elem)?));
            }
            _ => {}
        }
        let a = self.eval(l, elem)?;
        let b = self.eval(r, elem)?;
        binary_values(op, a, b)
    }

    fn call(
        &mut self,
        func: Function,
        args: &'a [NodeId],
        calendar: Option<u32>,
        mode: Option<RoundingMode>,
        elem: Option<&'a RecordValue>,
    ) -> R<'a> {
        let arg = |i: usize| args.get(i).copied().ok_or_else(arg_count);
        match func {
            Function::Min | Function::Max => {
                let mut best: Option<V<'a>> = None;
                for a in args {
                    let v = self.eval(*a, elem)?;
                    best = Some(match best {
                        None => v,
                        Some(b) => {
                            let less = compare(v, b)? == std::cmp::Ordering::Less;
                            if less == (func == Function::Min) {
                                v
                            } else {
                                b
                            }
                        }
                    });
                }
                best.ok_or_else(arg_count)
            }
            Function::Round => {
                let x = dec(self.num(arg(0)?, elem)?)?;
                let unit = match args.get(1) {
                    Some(u) => dec(self.num(*u, elem)?)?,
                    None => Decimal::ONE,
                };
                if unit.is_zero() {
                    return Err(Fault::DivZero);
                }
                money::round(x, unit, mode.unwrap_or(RoundingMode::HalfUp))
                    .map(V::Dec)
                    .ok_or(Fault::Overflow)
            }
            Function::Clamp => {
                let x = self.num(arg(0)?, elem)?;
                let lo = self.num(arg(1)?, elem)?;
                let hi = self.num(arg(2)?, elem)?;
                let v = if compare(x, lo)? == std::cmp::Ordering::Less {
                    lo
                } else if compare(x, hi)? == std::cmp::Ordering::Greater {
                    hi
                } else {
                    x
                };
                Ok(v)
            }
            Function::Abs => match self.num(arg(0)?, elem)? {
                V::Int(i) => i.checked_abs().map(V::Int).ok_or(Fault::Overflow),
                V::Dec(d) => Ok(V::Dec(d.abs())),
                _ => Err(Fault::Internal("not a number")),
            },
            Function::AgeOn => {
                let b = self.date(arg(0)?, elem)?;
                let d = self.date(arg(1)?, elem)?;
                date::age_on(b, d).map(V::Int).ok_or(Fault::DateRange)
            }
            Function::DaysBetween => {
                let a = self.date(arg(0)?, elem)?;
                let b = self.date(arg(1)?, elem)?;
                Ok(V::Int(date::days_between(a, b)))
            }
            Function::WorkingDaysBetween => {
                let a = self.date(arg(0)?, elem)?;
                let b = self.date(arg(1)?, elem)?;
                let cal = self
                    .calendar(calendar)?
                    .ok_or(Fault::Internal("no calendar"))?;
                Ok(V::Int(date::working_days_between(a, b, cal)))
            }
            Function::AddWorkingDays => {
                let d = self.date(arg(0)?, elem)?;
                let n = match self.num(arg(1)?, elem)? {
                    V::Int(i) => i,
                    _ => return Err(Fault::Internal("not a whole number")),
                };
                let cal = self
                    .calendar(calendar)?
                    .ok_or(Fault::Internal("no calendar"))?;
                date::add_working_days(d, n, cal)
                    .map(V::Date)
                    .ok_or(Fault::DateRange)
            }
            Function::Deadline => {
                let d = self.date(arg(0)?, elem)?;
                let p = match self.eval(arg(1)?, elem)? {
                    V::Dur(p) => p,
                    _ => return Err(Fault::Internal("not a duration")),
                };
                let cal = self.calendar(calendar)?;
                date::deadline(d, p, cal)
                    .map(V::Date)
                    .ok_or(Fault::DateRange)
            }
            Function::Year => {
                let d = self.date(arg(0)?, elem)?;
                Ok(V::Int(i64::from(d.year())))
            }
            Function::Count | Function::Sum | Function::Any | Function::All => {
                Err(Fault::Internal("aggregate called as a function"))
            }
        }
    }

    fn aggregate(
        &mut self,
        op: AggregateOp,
        list: NodeId,
        element: Option<NodeId>,
        filter: Option<NodeId>,
        int: bool,
        elem: Option<&'a RecordValue>,
    ) -> R<'a> {
        let records = match self.eval(list, elem)? {
            V::List(l) => l,
            _ => return Err(Fault::Internal("not a list")),
        };
        let mut count: i64 = 0;
        let mut sum = if int {
            V::Int(0)
        } else {
            V::Dec(Decimal::ZERO)
        };
        for rec in records {
            let pass = match filter {
                Some(f) => self.bool(f, Some(rec))?,
                None => true,
            };
            match op {
                AggregateOp::Any if pass => return Ok(V::Bool(true)),
                AggregateOp::All if !pass => return Ok(V::Bool(false)),
                AggregateOp::Count if pass => {
                    count = count.checked_add(1).ok_or(Fault::Overflow)?;
                }
                AggregateOp::Sum if pass => {
                    let e = element.ok_or(Fault::Internal("sum without element"))?;
                    let v = self.eval(e, Some(rec))?;
                    sum = binary_values(BinOp::Add, sum, v)?;
                }
                _ => {}
            }
        }
        Ok(match op {
            AggregateOp::Count => V::Int(count),
            AggregateOp::Sum => sum,
            AggregateOp::Any => V::Bool(false),
            AggregateOp::All => V::Bool(true),
        })
    }

    /// A [`Node::Count`]: the records of a list fact passing every test, each test evaluated
    /// as its general node would be (same order, same short-circuit, same errors), the far end
    /// of a window computed once.
    fn count(&mut self, spec: u32) -> R<'a> {
        let spec = self
            .arena
            .counts
            .get(spec as usize)
            .ok_or(Fault::Internal("dangling count"))?;
        let records = match self.case.facts.get(spec.list as usize) {
            Some(Some(Value::List(_, l))) => l,
            Some(Some(_)) => return Err(Fault::Internal("not a list")),
            _ => return Err(Fault::MissingFact),
        };
        // The anchor and far end of the window tests, on first need.
        let mut ends: Option<(NaiveDate, NaiveDate)> = None;
        let mut count: i64 = 0;
        'records: for rec in records {
            for t in &spec.tests {
                let pass = match *t {
                    RecTest::Bool(i) => match rec.get(i as usize) {
                        Some(Some(Value::Bool(b))) => *b,
                        Some(Some(_)) => return Err(Fault::Internal("not a truth value")),
                        _ => return Err(Fault::MissingField),
                    },
                    RecTest::Variant(i, mask, negated) => match rec.get(i as usize) {
                        Some(Some(Value::Enum(_, x))) => {
                            1u64.checked_shl(*x).is_some_and(|bit| mask & bit != 0) != negated
                        }
                        Some(Some(_)) => return Err(Fault::Internal("not a variant")),
                        _ => return Err(Fault::MissingField),
                    },
                    RecTest::Window {
                        field,
                        period,
                        dir,
                        anchor,
                    } => {
                        let d = match rec.get(field as usize) {
                            Some(Some(Value::Date(d))) => *d,
                            Some(Some(_)) => return Err(Fault::Internal("not a date")),
                            _ => return Err(Fault::MissingField),
                        };
                        let (a, far) = match ends {
                            Some(e) => e,
                            None => {
                                let a = match anchor {
                                    CaseDate::Act => self.case.act_date,
                                    CaseDate::Decision => self.case.decision_date,
                                };
                                let a = a.ok_or(Fault::MissingDate(match anchor {
                                    CaseDate::Act => "act_date",
                                    CaseDate::Decision => "decision_date",
                                }))?;
                                let far =
                                    date::window_far_end(period, dir, a).ok_or(Fault::DateRange)?;
                                *ends.insert((a, far))
                            }
                        };
                        date::in_window(d, dir, a, far)
                    }
                };
                if !pass {
                    continue 'records;
                }
            }
            count = count.checked_add(1).ok_or(Fault::Overflow)?;
        }
        Ok(V::Int(count))
    }

    /// Evaluates a fine form to `[min, max]` (`max` absent for `at least`).
    pub(crate) fn form(&mut self, form: &CForm) -> Result<(Decimal, Option<Decimal>), Fault> {
        if let Some(k) = form.konst {
            return Ok(k);
        }
        let (mut lo, mut hi) = match &form.base {
            CBase::Range(a, b) => (self.amount(*a)?, Some(self.amount(*b)?)),
            CBase::UpTo(b) => (Decimal::ZERO, Some(self.amount(*b)?)),
            CBase::AtLeast(a) => (self.amount(*a)?, None),
            CBase::Rate { from, to, base } => {
                let base = self.amount(*base)?;
                let lo = from.checked_mul(base).ok_or(Fault::Overflow)?;
                let hi = match to {
                    Some(t) => t.checked_mul(base).ok_or(Fault::Overflow)?,
                    None => lo,
                };
                (lo, Some(hi))
            }
            CBase::PerUnit {
                amount,
                unit,
                quantity,
                rounding,
            } => {
                let amount = self.amount(*amount)?;
                let unit = self.amount(*unit)?;
                let quantity = self.amount(*quantity)?.max(Decimal::ZERO);
                if unit.is_zero() {
                    return Err(Fault::DivZero);
                }
                let units = quantity.checked_div(unit).ok_or(Fault::Overflow)?;
                let units = match rounding {
                    UnitRounding::Exact => units,
                    UnitRounding::Up => units.ceil(),
                    UnitRounding::Down => units.floor(),
                };
                let x = amount.checked_mul(units).ok_or(Fault::Overflow)?;
                (x, Some(x))
            }
            CBase::Amount(e) => {
                let x = self.amount(*e)?;
                (x, Some(x))
            }
        };
        for (cap, e) in &form.limits {
            let x = self.amount(*e)?;
            if *cap {
                lo = lo.min(x);
                hi = Some(hi.map_or(x, |h| h.min(x)));
            } else {
                lo = lo.max(x);
                hi = hi.map(|h| h.max(x));
            }
        }
        Ok((lo, hi))
    }
}

/// The argument list `args[start .. start + len]` of a call or chain.
fn args_of(arena: &Arena, start: u32, len: u32) -> Result<&[NodeId], Fault> {
    let start = start as usize;
    arena
        .args
        .get(start..start.saturating_add(len as usize))
        .ok_or(Fault::Internal("dangling arguments"))
}

fn dec(v: V<'_>) -> Result<Decimal, Fault> {
    v.num().ok_or(Fault::Internal("not a number"))
}

fn compare(a: V<'_>, b: V<'_>) -> Result<std::cmp::Ordering, Fault> {
    match (a, b) {
        (V::Int(x), V::Int(y)) => Ok(x.cmp(&y)),
        (V::Date(x), V::Date(y)) => Ok(x.cmp(&y)),
        (V::Dur(x), V::Dur(y)) => Ok(x.cmp(&y)),
        _ => match (a.num(), b.num()) {
            (Some(x), Some(y)) => Ok(x.cmp(&y)),
            _ => Err(Fault::Internal("values cannot be ordered")),
        },
    }
}

fn equal(a: V<'_>, b: V<'_>) -> bool {
    match (a.num(), b.num()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Applies a non-short-circuit infix operator.
pub(crate) fn binary_values<'a>(op: BinOp, a: V<'a>, b: V<'a>) -> R<'a> {
    use std::cmp::Ordering as O;
    let ov = || Fault::Overflow;
    Ok(match op {
        BinOp::Eq => V::Bool(equal(a, b)),
        BinOp::Ne => V::Bool(!equal(a, b)),
        BinOp::Lt => V::Bool(compare(a, b)? == O::Less),
        BinOp::Le => V::Bool(compare(a, b)? != O::Greater),
        BinOp::Gt => V::Bool(compare(a, b)? == O::Greater),
        BinOp::Ge => V::Bool(compare(a, b)? != O::Less),
        BinOp::Add | BinOp::Sub => {
            let neg = op == BinOp::Sub;
            match (a, b) {
                (V::Int(x), V::Int(y)) => V::Int(
                    if neg {
                        x.checked_sub(y)
                    } else {
                        x.checked_add(y)
                    }
                    .ok_or_else(ov)?,
                ),
                (V::Date(d), V::Dur(p)) => {
                    V::Date(date::add_duration(d, p, neg).ok_or(Fault::DateRange)?)
                }
                (V::Dur(p), V::Dur(q)) => {
                    let f = |x: i64, y: i64| {
                        if neg {
                            x.checked_sub(y)
                        } else {
                            x.checked_add(y)
                        }
                    };
                    V::Dur(Duration {
                        years: f(p.years, q.years).ok_or_else(ov)?,
                        months: f(p.months, q.months).ok_or_else(ov)?,
                        days: f(p.days, q.days).ok_or_else(ov)?,
                    })
                }
                _ => {
                    let (x, y) = (dec(a)?, dec(b)?);
                    V::Dec(
                        if neg {
                            x.checked_sub(y)
                        } else {
                            x.checked_add(y)
                        }
                        .ok_or_else(ov)?,
                    )
                }
            }
        }
        BinOp::Mul => match (a, b) {
            (V::Int(x), V::Int(y)) => V::Int(x.checked_mul(y).ok_or_else(ov)?),
            _ => V::Dec(dec(a)?.checked_mul(dec(b)?).ok_or_else(ov)?),
        },
        BinOp::Div => {
            let y = dec(b)?;
            if y.is_zero() {
                return Err(Fault::DivZero);
            }
            V::Dec(dec(a)?.checked_div(y).ok_or_else(ov)?)
        }
        BinOp::And | BinOp::Or => match (a, b) {
            (V::Bool(x), V::Bool(y)) => V::Bool(if op == BinOp::And { x && y } else { x || y }),
            _ => return Err(Fault::Internal("not a truth value")),
        },
    })
}
