//! Typed expressions → arena nodes, with constant subtrees folded at compile time.

use rust_decimal::Decimal;

use super::{Arena, CBase, CForm, CaseDate, Cmp, Cond, CountSpec, Node, NodeId, Read, RecTest};
use crate::case::Case;
use crate::eval::expr::{Env, V};
use crate::ir::{AggregateOp, BinOp, CalendarDef, Expr, ExprKind, Type, UnOp, Value};

/// Builds the arena.
pub(super) struct Builder<'c> {
    pub(super) arena: Arena,
    calendars: &'c [CalendarDef],
}

fn id(n: usize) -> NodeId {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'c> Builder<'c> {
    pub(super) fn new(calendars: &'c [CalendarDef]) -> Self {
        Builder {
            arena: Arena::default(),
            calendars,
        }
    }

    fn push(&mut self, n: Node) -> NodeId {
        self.arena.nodes.push(n);
        id(self.arena.nodes.len().saturating_sub(1))
    }

    /// A constant node.
    pub(super) fn konst(&mut self, v: Value) -> NodeId {
        // Reuse an identical constant: small rulebooks repeat the same literals often.
        let c = match self.arena.consts.iter().position(|x| *x == v) {
            Some(i) => id(i),
            None => {
                self.arena.consts.push(v);
                id(self.arena.consts.len().saturating_sub(1))
            }
        };
        self.push(Node::Const(c))
    }

    fn is_const(&self, n: NodeId) -> bool {
        matches!(self.arena.nodes.get(n as usize), Some(Node::Const(_)))
    }

    /// A condition: its root and what it reads.
    pub(super) fn cond(&mut self, e: &Expr) -> Cond {
        let root = self.expr(e);
        Cond {
            root,
            reads: reads_of(e),
        }
    }

    /// Lowers an expression.
    pub(super) fn expr(&mut self, e: &Expr) -> NodeId {
        let (node, foldable) = match &e.kind {
            ExprKind::Lit(v) => return self.konst(v.clone()),
            ExprKind::Fact(f) => (Node::Fact(f.0), false),
            ExprKind::Let(l) => (Node::Let(l.0), false),
            ExprKind::Field(i) => (Node::Field(*i), false),
            ExprKind::Unary(op, a) => {
                let a = self.expr(a);
                let n = match op {
                    UnOp::Neg => Node::Neg(a),
                    UnOp::Not => Node::Not(a),
                };
                (n, self.is_const(a))
            }
            ExprKind::Binary { op, lhs, rhs, .. } => {
                let l = self.expr(lhs);
                let r = self.expr(rhs);
                (
                    Node::Binary(*op, l, r),
                    self.is_const(l) && self.is_const(r),
                )
            }
            ExprKind::In {
                value,
                set,
                negated,
            } => {
                let v = self.expr(value);
                let s = self.expr(set);
                (
                    Node::In(v, s, *negated),
                    self.is_const(v) && self.is_const(s),
                )
            }
            ExprKind::If(c, a, b) => {
                let c = self.expr(c);
                let a = self.expr(a);
                let b = self.expr(b);
                let all = self.is_const(c) && self.is_const(a) && self.is_const(b);
                (Node::If(c, a, b), all)
            }
            ExprKind::Call {
                func,
                args,
                calendar,
                mode,
            } => {
                let ids: Vec<NodeId> = args.iter().map(|a| self.expr(a)).collect();
                let all = ids.iter().all(|a| self.is_const(*a));
                let start = id(self.arena.args.len());
                let len = id(ids.len());
                self.arena.args.extend(ids);
                (
                    Node::Call {
                        func: *func,
                        start,
                        len,
                        calendar: calendar.map(|c| c.0),
                        mode: *mode,
                    },
                    all,
                )
            }
            ExprKind::Aggregate {
                op,
                list,
                element,
                filter,
                ..
            } => {
                let list = self.expr(list);
                let int = element.as_ref().is_some_and(|e| e.ty == Type::Int);
                let element = element.as_ref().map(|e| self.expr(e));
                let filter = filter.as_ref().map(|e| self.expr(e));
                (
                    Node::Aggregate {
                        op: *op,
                        list,
                        element,
                        filter,
                        int,
                    },
                    false,
                )
            }
            ExprKind::Window {
                date,
                period,
                dir,
                anchor,
            } => {
                let d = self.expr(date);
                let a = self.expr(anchor);
                (
                    Node::Window {
                        date: d,
                        period: *period,
                        dir: *dir,
                        anchor: a,
                    },
                    self.is_const(d) && self.is_const(a),
                )
            }
            ExprKind::Exists(f) => (Node::Exists(f.0), false),
            ExprKind::DecisionField(s, f) => (Node::DecisionField(*s, *f), false),
            ExprKind::Outcome => (Node::Outcome, false),
            ExprKind::Tier => (Node::Tier, false),
            ExprKind::Includes(k) => (Node::Includes(*k), false),
            ExprKind::Applied(k) => (Node::Applied(*k), false),
            ExprKind::ActDate => (Node::ActDate, false),
            ExprKind::DecisionDate => (Node::DecisionDate, false),
        };
        let n = self.push(node);
        if foldable {
            if let Some(v) = self.fold(n, e.ty) {
                // The unfolded nodes stay in the arena unreferenced; rulebooks are small.
                return self.konst(v);
            }
        }
        self.specialise(n, e);
        n
    }

    /// The constant a node stands for, if it is one.
    fn const_of(&self, n: NodeId) -> Option<&Value> {
        match self.arena.nodes.get(n as usize) {
            Some(Node::Const(c)) => self.arena.consts.get(*c as usize),
            _ => None,
        }
    }

    /// Replaces node `n` (lowered from `e`) by a specialised node when it has one of the
    /// shapes [`Node::DecCmp`] … [`Node::Any`] cover; same results, same errors.
    fn specialise(&mut self, n: NodeId, e: &Expr) {
        let new = match (&e.kind, self.arena.nodes.get(n as usize)) {
            (ExprKind::Binary { lhs, rhs, .. }, Some(Node::Binary(op, l, r))) => {
                let (op, l, r) = (*op, *l, *r);
                match op {
                    BinOp::And | BinOp::Or => Some(self.chain(op, l, r)),
                    _ => self.comparison(op, (l, lhs.ty), (r, rhs.ty)),
                }
            }
            (
                ExprKind::Aggregate { .. },
                Some(Node::Aggregate {
                    op: AggregateOp::Count,
                    list,
                    element: None,
                    filter,
                    ..
                }),
            ) => {
                let (list, filter) = (*list, *filter);
                self.count(list, filter)
            }
            (ExprKind::In { .. }, Some(Node::In(v, s, negated))) => {
                let (v, negated) = (*v, *negated);
                match self.const_of(*s) {
                    Some(Value::Set(_, set)) => {
                        mask(set.iter().copied()).map(|m| Node::Variant(v, m, negated))
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        if let (Some(new), Some(slot)) = (new, self.arena.nodes.get_mut(n as usize)) {
            *slot = new;
        }
    }

    /// `count(fact where t1 and t2 …)` as a [`Node::Count`] when every `t` is a [`RecTest`].
    fn count(&mut self, list: NodeId, filter: Option<NodeId>) -> Option<Node> {
        let nodes = &self.arena.nodes;
        let Some(Node::Fact(list)) = nodes.get(list as usize) else {
            return None;
        };
        let conjuncts: Vec<NodeId> = match filter.map(|f| (f, nodes.get(f as usize))) {
            None => Vec::new(),
            Some((_, Some(Node::All(start, len)))) => {
                let (start, len) = (*start as usize, *len as usize);
                self.arena
                    .args
                    .get(start..start.saturating_add(len))?
                    .to_vec()
            }
            Some((f, _)) => vec![f],
        };
        let field = |n: NodeId| match nodes.get(n as usize) {
            Some(Node::Field(i)) => Some(*i),
            _ => None,
        };
        let tests = conjuncts
            .iter()
            .map(|c| match nodes.get(*c as usize)? {
                Node::Field(i) => Some(RecTest::Bool(*i)),
                Node::Variant(a, mask, negated) => {
                    Some(RecTest::Variant(field(*a)?, *mask, *negated))
                }
                Node::Window {
                    date,
                    period,
                    dir,
                    anchor,
                } => Some(RecTest::Window {
                    field: field(*date)?,
                    period: *period,
                    dir: *dir,
                    anchor: match nodes.get(*anchor as usize)? {
                        Node::ActDate => CaseDate::Act,
                        Node::DecisionDate => CaseDate::Decision,
                        _ => return None,
                    },
                }),
                _ => None,
            })
            .collect::<Option<Vec<RecTest>>>()?;
        // The evaluator keeps the far end of one window per count.
        let windows = tests
            .iter()
            .filter(|t| matches!(t, RecTest::Window { .. }))
            .count();
        if windows > 1 {
            return None;
        }
        let spec = CountSpec { list: *list, tests };
        self.arena.counts.push(spec);
        Some(Node::Count(id(self.arena.counts.len().saturating_sub(1))))
    }

    /// `l and r` / `l or r` as one flat chain, absorbing chains of the same operator below.
    fn chain(&mut self, op: BinOp, l: NodeId, r: NodeId) -> Node {
        let mut ops = Vec::new();
        for x in [l, r] {
            match (op, self.arena.nodes.get(x as usize)) {
                (BinOp::And, Some(Node::All(start, len)))
                | (BinOp::Or, Some(Node::Any(start, len))) => {
                    let (start, len) = (*start as usize, *len as usize);
                    if let Some(inner) = self.arena.args.get(start..start.saturating_add(len)) {
                        ops.extend_from_slice(inner);
                    }
                }
                _ => ops.push(x),
            }
        }
        let start = id(self.arena.args.len());
        let len = id(ops.len());
        self.arena.args.extend(ops);
        if op == BinOp::And {
            Node::All(start, len)
        } else {
            Node::Any(start, len)
        }
    }

    /// `operand <op> constant` (either way round) as a typed comparison.
    fn comparison(
        &self,
        op: BinOp,
        (l, lt): (NodeId, Type),
        (r, rt): (NodeId, Type),
    ) -> Option<Node> {
        let cmp = Cmp::of(op)?;
        let (operand, ty, k, cmp) = match (self.const_of(l), self.const_of(r)) {
            (None, Some(k)) => (l, lt, k, cmp),
            (Some(k), None) => (r, rt, k, cmp.swapped()),
            _ => return None,
        };
        match (ty, k) {
            (Type::Enum(_), Value::Enum(_, v)) if matches!(cmp, Cmp::Eq | Cmp::Ne) => {
                mask([*v]).map(|m| Node::Variant(operand, m, cmp == Cmp::Ne))
            }
            (Type::Int, Value::Int(k)) => Some(Node::IntCmp(cmp, operand, *k)),
            // Mixed whole number and decimal compares as decimals: convert the constant now.
            (Type::Money | Type::Decimal, Value::Int(k)) => {
                Some(Node::DecCmp(cmp, operand, Decimal::from(*k)))
            }
            (Type::Int | Type::Money | Type::Decimal, Value::Money(k) | Value::Decimal(k)) => {
                Some(Node::DecCmp(cmp, operand, *k))
            }
            _ => None,
        }
    }

    /// The range of a fine form whose amounts are all constants, evaluated as a case would
    /// (`None` when one is not a constant, or when evaluating fails: the error then surfaces
    /// for the case that reaches it).
    pub(super) fn const_form(&self, form: &CForm) -> Option<(Decimal, Option<Decimal>)> {
        let nodes: Vec<NodeId> = match &form.base {
            CBase::Range(a, b) => vec![*a, *b],
            CBase::UpTo(x) | CBase::AtLeast(x) | CBase::Amount(x) => vec![*x],
            CBase::Rate { base, .. } => vec![*base],
            CBase::PerUnit {
                amount,
                unit,
                quantity,
                ..
            } => vec![*amount, *unit, *quantity],
        };
        let all = nodes
            .iter()
            .chain(form.limits.iter().map(|(_, e)| e))
            .all(|n| self.is_const(*n));
        if !all {
            return None;
        }
        let case = Case {
            items: Vec::new(),
            act_date: None,
            decision_date: None,
            facts: Vec::new(),
        };
        let mut env = Env::new(&self.arena, self.calendars, &[], &case);
        env.form(form).ok()
    }

    /// Evaluates a node whose operands are all constants; `None` when it fails (the error then
    /// surfaces at evaluation, for the case that reaches it).
    fn fold(&self, n: NodeId, ty: Type) -> Option<Value> {
        let case = Case {
            items: Vec::new(),
            act_date: None,
            decision_date: None,
            facts: Vec::new(),
        };
        let mut env = Env::new(&self.arena, self.calendars, &[], &case);
        let v = env.eval(n, None).ok()?;
        Some(match (v, ty) {
            (V::Bool(b), _) => Value::Bool(b),
            (V::Int(i), Type::Int) => Value::Int(i),
            (V::Int(i), Type::Money) => Value::Money(i.into()),
            (V::Int(i), Type::Decimal) => Value::Decimal(i.into()),
            (V::Dec(d), Type::Money) => Value::Money(d),
            (V::Dec(d), Type::Decimal) => Value::Decimal(d),
            (V::Date(d), _) => Value::Date(d),
            (V::Dur(d), _) => Value::Duration(d),
            (V::Enum(i), Type::Enum(e)) => Value::Enum(e, i),
            _ => return None,
        })
    }
}

/// The bit mask of variants, `None` when one is too large for 64 bits.
fn mask(variants: impl IntoIterator<Item = u32>) -> Option<u64> {
    variants
        .into_iter()
        .try_fold(0u64, |m, v| Some(m | 1u64.checked_shl(v)?))
}

/// What an expression reads, in first-read order, without repeats.
pub(super) fn reads_of(e: &Expr) -> Vec<Read> {
    let mut out: Vec<Read> = Vec::new();
    e.walk(&mut |x| {
        let r = match &x.kind {
            ExprKind::Fact(f) | ExprKind::Exists(f) => Read::Fact(f.0),
            ExprKind::Let(l) => Read::Let(l.0),
            ExprKind::DecisionField(s, f) => Read::Decision(*s, *f),
            ExprKind::Outcome => Read::Outcome,
            ExprKind::Tier => Read::Tier,
            ExprKind::Includes(k) => Read::Includes(*k),
            ExprKind::Applied(k) => Read::Applied(*k),
            ExprKind::ActDate => Read::ActDate,
            ExprKind::DecisionDate => Read::DecisionDate,
            _ => return,
        };
        if !out.contains(&r) {
            out.push(r);
        }
    });
    out
}
