//! Typed expressions.

use crate::ast::{BinaryOp, DecisionSource, WindowDir};
use crate::ir::{CalendarId, Duration, FactId, LetId, RecordId, Type, Value};
use crate::span::Span;
use crate::vocab::{BoundField, EffectKind, Function, RoundingMode, SanctionKind};

/// A typed expression.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Expr {
    /// What it computes.
    pub kind: ExprKind,
    /// Its type.
    pub ty: Type,
    /// Where it was written.
    pub span: Span,
}

/// Prefix operators.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnOp {
    /// Arithmetic negation.
    Neg,
    /// Logical negation.
    Not,
}

/// Infix operators, with the boundary words already resolved to strict or non-strict
/// comparisons.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// Logical or (short-circuit).
    Or,
    /// Logical and (short-circuit).
    And,
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
    /// Less than.
    Lt,
    /// Less than or equal.
    Le,
    /// Greater than.
    Gt,
    /// Greater than or equal.
    Ge,
    /// Addition (numbers; date + duration).
    Add,
    /// Subtraction (numbers; date − duration).
    Sub,
    /// Multiplication.
    Mul,
    /// Division (always decimal or money).
    Div,
}

/// The aggregates over a list of records.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AggregateOp {
    /// Number of elements (that pass the filter): int.
    Count,
    /// Sum of the element expression (over elements that pass the filter).
    Sum,
    /// Whether some element passes the filter.
    Any,
    /// Whether every element passes the filter.
    All,
}

/// The kinds of typed expression.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub enum ExprKind {
    /// A constant (literals, parameters, set literals of variants).
    Lit(Value),
    /// A fact of the case.
    Fact(FactId),
    /// A definition.
    Let(LetId),
    /// A field of the current element inside an aggregate: field index in the list's record.
    Field(u32),
    /// Prefix operator.
    Unary(UnOp, Box<Expr>),
    /// Infix operator. `word` is the operator as written (`above`, `<`, …), for explanations.
    Binary {
        /// The operation performed.
        op: BinOp,
        /// The operator as written.
        word: BinaryOp,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
    /// `value in set` (or `not in` when `negated`); `set` has a set type of `value`'s enum.
    In {
        /// The variant tested.
        value: Box<Expr>,
        /// The set.
        set: Box<Expr>,
        /// `not in`.
        negated: bool,
    },
    /// `if c then a else b`.
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// A built-in function other than the aggregates.
    Call {
        /// The function.
        func: Function,
        /// Value arguments in order (the calendar and rounding mode are kept apart).
        args: Vec<Expr>,
        /// The calendar of `working_days_between`, `add_working_days`, `deadline`.
        calendar: Option<CalendarId>,
        /// The mode of `round`.
        mode: Option<RoundingMode>,
    },
    /// `count`, `sum`, `any`, `all` over a list of records.
    Aggregate {
        /// Which aggregate.
        op: AggregateOp,
        /// The list.
        list: Box<Expr>,
        /// The list's record type (the scope of `Field` inside `element` and `filter`).
        record: RecordId,
        /// The summed expression (`sum` only).
        element: Option<Box<Expr>>,
        /// The filter.
        filter: Option<Box<Expr>>,
    },
    /// `date within period before|after anchor`.
    Window {
        /// The date tested.
        date: Box<Expr>,
        /// The window's length.
        period: Duration,
        /// Direction.
        dir: WindowDir,
        /// The anchor date.
        anchor: Box<Expr>,
    },
    /// `exists x`: whether the optional fact was given.
    Exists(FactId),
    /// `fine.min`, `statutory.max`, …
    DecisionField(DecisionSource, BoundField),
    /// The decision's outcome.
    Outcome,
    /// The applied tier's id.
    Tier,
    /// Whether the decision includes a sanction kind.
    Includes(SanctionKind),
    /// Whether a circumstance with this effect applied.
    Applied(EffectKind),
    /// The date of the act.
    ActDate,
    /// The date of the decision.
    DecisionDate,
}

impl Expr {
    /// Calls `f` on this expression and every sub-expression, parents first.
    pub fn walk(&self, f: &mut dyn FnMut(&Expr)) {
        f(self);
        match &self.kind {
            ExprKind::Lit(_)
            | ExprKind::Fact(_)
            | ExprKind::Let(_)
            | ExprKind::Field(_)
            | ExprKind::Exists(_)
            | ExprKind::DecisionField(..)
            | ExprKind::Outcome
            | ExprKind::Tier
            | ExprKind::Includes(_)
            | ExprKind::Applied(_)
            | ExprKind::ActDate
            | ExprKind::DecisionDate => {}
            ExprKind::Unary(_, e) => e.walk(f),
            ExprKind::Binary { lhs, rhs, .. } => {
                lhs.walk(f);
                rhs.walk(f);
            }
            ExprKind::In { value, set, .. } => {
                value.walk(f);
                set.walk(f);
            }
            ExprKind::If(c, a, b) => {
                c.walk(f);
                a.walk(f);
                b.walk(f);
            }
            ExprKind::Call { args, .. } => args.iter().for_each(|a| a.walk(f)),
            ExprKind::Aggregate {
                list,
                element,
                filter,
                ..
            } => {
                list.walk(f);
                if let Some(e) = element {
                    e.walk(f);
                }
                if let Some(e) = filter {
                    e.walk(f);
                }
            }
            ExprKind::Window { date, anchor, .. } => {
                date.walk(f);
                anchor.walk(f);
            }
        }
    }
}
