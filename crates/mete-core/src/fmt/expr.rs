//! Expressions with the fewest parentheses that make the parser rebuild the same tree.
//!
//! The parser is a Pratt parser over the binding powers of [`BinaryOp::precedence`],
//! [`UnaryOp::precedence`] and [`WINDOW_PRECEDENCE`]; binary operators associate to the left.
//! Two facts decide every parenthesis:
//! - `min`: the weakest binary operator that may stand here bare. A left operand may bind as
//!   tightly as its parent; a right operand must bind tighter (left associativity); the operand
//!   of a prefix operator of power `q` must bind at least as tightly as `q`.
//! - `follow`: the power of the operator printed right after this expression, if any. A prefix
//!   operator swallows every following operator that binds at least as tightly as itself, and
//!   `if … else x` swallows everything, so those need parentheses when such an operator follows.

use crate::ast::{
    BinaryOp, CallArg, DecisionSource, Expr, ExprKind, UnaryOp, WINDOW_PRECEDENCE, WindowDir,
};
use crate::vocab;

use super::kw::Kw;
use super::{Printer, string, t_bound, t_effect, t_function, t_outcome, t_rounding};
use crate::ast::Lang;

/// Where an expression is printed (see the module docs).
#[derive(Debug, Clone, Copy)]
struct Ctx {
    min: u8,
    follow: Option<u8>,
}

/// A position delimited by keywords or punctuation: nothing needs parentheses.
const TOP: Ctx = Ctx {
    min: 0,
    follow: None,
};

/// Stronger than any binary operator: every binary operand gets parentheses.
const NO_BINARY: u8 = u8::MAX;

impl Printer {
    /// An expression in a delimited position (after `=`, `when`, `default`, inside brackets).
    pub(super) fn expr_top(&self, e: &Expr) -> String {
        let mut out = String::new();
        self.expr(&mut out, e, TOP);
        out
    }

    /// An expression that the grammar reads as a `primary` (the anchor of a date window).
    fn expr_primary(&self, out: &mut String, e: &Expr) {
        if is_atom(e) {
            self.expr(out, e, TOP);
        } else {
            out.push('(');
            self.expr(out, e, TOP);
            out.push(')');
        }
    }

    fn expr(&self, out: &mut String, e: &Expr, ctx: Ctx) {
        if needs_parens(e, ctx) {
            out.push('(');
            self.expr_bare(out, e, TOP);
            out.push(')');
        } else {
            self.expr_bare(out, e, ctx);
        }
    }

    /// Prints `e` without parentheses of its own; `ctx.follow` still applies to its right end.
    fn expr_bare(&self, out: &mut String, e: &Expr, ctx: Ctx) {
        match &e.kind {
            ExprKind::Number(n) => out.push_str(&self.number(n)),
            ExprKind::Percent(n) => out.push_str(&super::percent(n)),
            ExprKind::Date(d) => out.push_str(&d.text),
            ExprKind::Duration(d) => out.push_str(&self.duration(d)),
            ExprKind::Str(s) => out.push_str(&string(s)),
            ExprKind::Bool(b) => out.push_str(self.kw(if *b { Kw::True } else { Kw::False })),
            ExprKind::Name(id) => out.push_str(&id.name),
            ExprKind::Exists(id) => {
                out.push_str(self.kw(Kw::Exists));
                out.push(' ');
                out.push_str(&id.name);
            }
            ExprKind::DecisionField(src, field) => {
                out.push_str(self.kw(match src {
                    DecisionSource::Fine => Kw::Fine,
                    DecisionSource::Statutory => Kw::Statutory,
                }));
                out.push('.');
                out.push_str(&self.word(&field.name, t_bound));
            }
            ExprKind::Outcome => out.push_str(self.kw(Kw::Outcome)),
            ExprKind::Tier => out.push_str(self.kw(Kw::Tier)),
            ExprKind::Includes(id) => {
                out.push_str(self.kw(Kw::Includes));
                out.push(' ');
                out.push_str(&self.sanction_or_fine(&id.name));
            }
            ExprKind::Applied(id) => {
                out.push_str(self.kw(Kw::Applied));
                out.push(' ');
                out.push_str(&self.word(&id.name, t_effect));
            }
            ExprKind::ActDate => out.push_str(self.kw(Kw::ActDate)),
            ExprKind::DecisionDate => out.push_str(self.kw(Kw::DecisionDate)),
            ExprKind::Set(items) => self.list(out, "{", items, "}"),
            ExprKind::List(items) => self.list(out, "[", items, "]"),
            ExprKind::Call(f, args) => self.call(out, &f.name, args),
            ExprKind::Unary(op, operand) => {
                out.push_str(match op {
                    UnaryOp::Neg => "-",
                    UnaryOp::Not => self.kw(Kw::Not),
                });
                // `not x` needs a space; `-x` does not, unless `x` itself starts with `-`.
                let mut inner = String::new();
                let q = op.precedence();
                self.expr(
                    &mut inner,
                    operand,
                    Ctx {
                        min: q,
                        follow: ctx.follow,
                    },
                );
                if *op == UnaryOp::Not || inner.starts_with('-') {
                    out.push(' ');
                }
                out.push_str(&inner);
            }
            ExprKind::Binary(op, l, r) => {
                let p = op.precedence();
                // Readers of a rulebook should not need the precedence table: `and` directly under
                // `or` keeps its parentheses although the parser would not need them.
                let clarify = |side: &Expr| {
                    let and_under_or = *op == BinaryOp::Or
                        && matches!(side.kind, ExprKind::Binary(BinaryOp::And, ..));
                    if and_under_or { NO_BINARY } else { 0 }
                };
                self.expr(
                    out,
                    l,
                    Ctx {
                        min: p.max(clarify(l)),
                        follow: Some(p),
                    },
                );
                out.push(' ');
                out.push_str(self.binary_op(*op));
                out.push(' ');
                let r_ctx = Ctx {
                    min: p.saturating_add(1).max(clarify(r)),
                    follow: ctx.follow,
                };
                self.expr_translated(out, r, r_ctx, outcome_side(l));
            }
            ExprKind::If(c, t, f) => {
                out.push_str(self.kw(Kw::If));
                out.push(' ');
                self.expr(out, c, TOP);
                out.push(' ');
                out.push_str(self.kw(Kw::Then));
                out.push(' ');
                self.expr(out, t, TOP);
                out.push(' ');
                out.push_str(self.kw(Kw::Else));
                out.push(' ');
                self.expr(
                    out,
                    f,
                    Ctx {
                        min: 0,
                        follow: ctx.follow,
                    },
                );
            }
            ExprKind::Window {
                date,
                period,
                dir,
                anchor,
            } => {
                let date_ctx = Ctx {
                    min: NO_BINARY,
                    follow: Some(WINDOW_PRECEDENCE),
                };
                self.expr(out, date, date_ctx);
                let dir = self.kw(match dir {
                    WindowDir::Before => Kw::Before,
                    WindowDir::After => Kw::After,
                });
                match self.lang {
                    Lang::En => {
                        out.push_str(&format!(
                            " {} {} {dir} ",
                            self.kw(Kw::Within),
                            self.duration(period)
                        ));
                        self.expr_primary(out, anchor);
                    }
                    Lang::Zh => {
                        out.push_str(&format!(" {} ", self.kw(Kw::Zai)));
                        self.expr_primary(out, anchor);
                        out.push_str(&format!(
                            " {dir} {} {}",
                            self.duration(period),
                            self.kw(Kw::Nei)
                        ));
                    }
                }
            }
        }
    }

    /// The right operand of a comparison with `outcome`: an outcome name is a built-in word.
    fn expr_translated(&self, out: &mut String, e: &Expr, ctx: Ctx, outcome: bool) {
        if let (true, ExprKind::Name(id)) = (outcome, &e.kind) {
            out.push_str(&self.word(&id.name, t_outcome));
        } else {
            self.expr(out, e, ctx);
        }
    }

    fn binary_op(&self, op: BinaryOp) -> &'static str {
        use BinaryOp::*;
        match op {
            Or => self.kw(Kw::Or),
            And => self.kw(Kw::And),
            Eq => "==",
            Ne => "!=",
            Lt => "<",
            Le => "<=",
            Gt => ">",
            Ge => ">=",
            Above => self.kw(Kw::Above),
            Below => self.kw(Kw::Below),
            Exceeds => self.kw(Kw::Exceeds),
            Under => self.kw(Kw::Under),
            In => self.kw(Kw::In),
            NotIn => self.kw(Kw::NotIn),
            Add => "+",
            Sub => "-",
            Mul => "*",
            Div => "/",
        }
    }

    fn list(&self, out: &mut String, open: &str, items: &[Expr], close: &str) {
        out.push_str(open);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            self.expr(out, item, TOP);
        }
        out.push_str(close);
    }

    fn call(&self, out: &mut String, name: &str, args: &[CallArg]) {
        out.push_str(&self.word(name, t_function));
        out.push('(');
        let is_round = vocab::Function::from_name(name) == Some(vocab::Function::Round);
        for (i, arg) in args.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            match (&arg.value.kind, is_round && i == 2) {
                // The mode of `round(x, unit, mode)` is a built-in word.
                (ExprKind::Name(id), true) => out.push_str(&self.word(&id.name, t_rounding)),
                _ => self.expr(out, &arg.value, TOP),
            }
            if let Some(of) = &arg.of {
                out.push_str(&format!(" {} ", self.kw(Kw::Of)));
                self.expr(out, of, TOP);
            }
            if let Some(filter) = &arg.filter {
                out.push_str(&format!(" {} ", self.kw(Kw::Where)));
                self.expr(out, filter, TOP);
            }
        }
        out.push(')');
    }
}

fn outcome_side(l: &Expr) -> bool {
    matches!(l.kind, ExprKind::Outcome)
}

/// Whether `e` is a primary of the grammar (needs no parentheses anywhere).
fn is_atom(e: &Expr) -> bool {
    !matches!(
        e.kind,
        ExprKind::Unary(..) | ExprKind::Binary(..) | ExprKind::If(..) | ExprKind::Window { .. }
    )
}

fn needs_parens(e: &Expr, ctx: Ctx) -> bool {
    match &e.kind {
        ExprKind::Binary(op, ..) => op.precedence() < ctx.min,
        ExprKind::Unary(op, _) => ctx.follow.is_some_and(|f| f >= op.precedence()),
        ExprKind::If(..) => ctx.follow.is_some(),
        // A postfix window binds tighter than every binary operator and ends in a primary.
        _ => false,
    }
}
