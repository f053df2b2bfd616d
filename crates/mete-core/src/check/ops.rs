//! Typing infix operators: logic with narrowing, comparisons with the boundary convention,
//! membership, and arithmetic on numbers, money and dates.

use super::err;
use super::exprs::{Scope, mk, presence};
use super::resolve::Checker;
use crate::ast::{self, BinaryOp, ExprKind as A};
use crate::diagnostic::Diagnostic;
use crate::ir::{BinOp, Expr, ExprKind, Type};
use crate::span::Span;

fn plain(t: Type) -> bool {
    matches!(t, Type::Int | Type::Decimal)
}

impl Checker<'_> {
    pub(super) fn binary(
        &mut self,
        op: BinaryOp,
        a: &ast::Expr,
        b: &ast::Expr,
        hint: Option<Type>,
        sc: &mut Scope,
        span: Span,
    ) -> Option<Expr> {
        match op {
            BinaryOp::And | BinaryOp::Or => {
                let of = if op == BinaryOp::And {
                    "the operands of `and`"
                } else {
                    "the operands of `or`"
                };
                let l = self.logic_operand(a, sc, of);
                let base = sc.narrowed.len();
                sc.narrowed.extend(presence(a, op == BinaryOp::And));
                let r = self.logic_operand(b, sc, of);
                sc.narrowed.truncate(base);
                let bop = if op == BinaryOp::And {
                    BinOp::And
                } else {
                    BinOp::Or
                };
                Some(self.bin(bop, op, l?, r?, Type::Bool, span))
            }
            BinaryOp::In | BinaryOp::NotIn => self.membership(op, a, b, sc, span),
            _ => {
                let (l, r) = self.operands(op, a, b, hint, sc);
                let (l, r) = (l?, r?);
                let (bop, ty) = self.result(op, &l, &r, span)?;
                Some(self.bin(bop, op, l, r, ty, span))
            }
        }
    }

    fn bin(&self, op: BinOp, word: BinaryOp, l: Expr, r: Expr, ty: Type, span: Span) -> Expr {
        mk(
            ExprKind::Binary {
                op,
                word,
                lhs: Box::new(l),
                rhs: Box::new(r),
            },
            ty,
            span,
        )
    }

    /// Types both operands, the one that adapts last.
    fn operands(
        &mut self,
        op: BinaryOp,
        a: &ast::Expr,
        b: &ast::Expr,
        hint: Option<Type>,
        sc: &mut Scope,
    ) -> (Option<Expr>, Option<Expr>) {
        let first_hint = match op {
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
                hint.filter(|t| t.is_numeric())
            }
            _ => None,
        };
        if self.adaptable(a, sc) && !self.adaptable(b, sc) {
            let r = self.expr(b, first_hint, sc);
            let h = r.as_ref().and_then(|r| other_hint(op, r.ty, hint, false));
            let l = self.expr(a, h, sc);
            (l, r)
        } else {
            let l = self.expr(a, first_hint, sc);
            let h = l.as_ref().and_then(|l| other_hint(op, l.ty, hint, true));
            let r = self.expr(b, h, sc);
            (l, r)
        }
    }

    /// The operation and result type of `l op r`.
    fn result(&mut self, op: BinaryOp, l: &Expr, r: &Expr, span: Span) -> Option<(BinOp, Type)> {
        let (lt, rt) = (l.ty, r.ty);
        use BinaryOp as B;
        match op {
            B::Eq | B::Ne => {
                let ok = lt == rt || (plain(lt) && plain(rt));
                if !ok {
                    self.not_comparable(l, r, span);
                    return None;
                }
                if matches!(lt, Type::List(_)) {
                    self.not_comparable(l, r, span);
                    return None;
                }
                Some((if op == B::Eq { BinOp::Eq } else { BinOp::Ne }, Type::Bool))
            }
            B::Lt | B::Le | B::Gt | B::Ge | B::Above | B::Below | B::Exceeds | B::Under => {
                let ok = (plain(lt) && plain(rt))
                    || (lt == Type::Money && rt == Type::Money)
                    || (lt == Type::Date && rt == Type::Date);
                if !ok {
                    self.not_comparable(l, r, span);
                    return None;
                }
                let b = self.boundaries;
                let bop = match op {
                    B::Lt | B::Under => BinOp::Lt,
                    B::Le => BinOp::Le,
                    B::Gt | B::Exceeds => BinOp::Gt,
                    B::Ge => BinOp::Ge,
                    B::Above if b.above_inclusive => BinOp::Ge,
                    B::Above => BinOp::Gt,
                    B::Below if b.below_inclusive => BinOp::Le,
                    _ => BinOp::Lt,
                };
                Some((bop, Type::Bool))
            }
            B::Add | B::Sub => {
                let bop = if op == B::Add { BinOp::Add } else { BinOp::Sub };
                let ty = match (lt, rt) {
                    (Type::Int, Type::Int) => Type::Int,
                    (x, y) if plain(x) && plain(y) => Type::Decimal,
                    (Type::Money, Type::Money) => Type::Money,
                    (Type::Money, x) | (x, Type::Money) if plain(x) => {
                        let verb = if op == B::Add { "add" } else { "subtract" };
                        self.money_error(
                            format!("cannot {verb} money and a plain number"),
                            l,
                            r,
                            span,
                            "amounts in yuan only combine with amounts in yuan: declare the other value as `money`, or write it as `100元`",
                        );
                        return None;
                    }
                    (Type::Date, Type::Duration) => Type::Date,
                    (Type::Duration, Type::Date) if op == B::Add => Type::Date,
                    (Type::Duration, Type::Duration) => Type::Duration,
                    (Type::Date, Type::Date) => {
                        let msg = if op == B::Sub {
                            "dates cannot be subtracted"
                        } else {
                            "dates cannot be added"
                        };
                        self.diags.push(
                            Diagnostic::error(err::DATE_ARITHMETIC, msg, span)
                                .with_label("two dates")
                                .with_help("count the days with `days_between(a, b)`, or move a date with `+ 2 years`"),
                        );
                        return None;
                    }
                    _ => {
                        self.operand_error(op, l, r, span);
                        return None;
                    }
                };
                Some((bop, ty))
            }
            B::Mul => {
                let ty = match (lt, rt) {
                    (Type::Int, Type::Int) => Type::Int,
                    (x, y) if plain(x) && plain(y) => Type::Decimal,
                    (Type::Money, x) | (x, Type::Money) if plain(x) => Type::Money,
                    (Type::Money, Type::Money) => {
                        self.money_error(
                            "money times money has no meaning".into(),
                            l,
                            r,
                            span,
                            "multiply money by a count or a rate: `goods_value * 3`, `goods_value * 30%`",
                        );
                        return None;
                    }
                    _ => {
                        self.operand_error(op, l, r, span);
                        return None;
                    }
                };
                Some((BinOp::Mul, ty))
            }
            B::Div => {
                let ty = match (lt, rt) {
                    (x, y) if plain(x) && plain(y) => Type::Decimal,
                    (Type::Money, x) if plain(x) => Type::Money,
                    (Type::Money, Type::Money) => Type::Decimal,
                    (x, Type::Money) if plain(x) => {
                        self.money_error(
                            "a plain number divided by money has no meaning".into(),
                            l,
                            r,
                            span,
                            "divide money by a number (an amount) or money by money (a ratio)",
                        );
                        return None;
                    }
                    _ => {
                        self.operand_error(op, l, r, span);
                        return None;
                    }
                };
                Some((BinOp::Div, ty))
            }
            B::And | B::Or | B::In | B::NotIn => None,
        }
    }

    fn money_error(&mut self, msg: String, l: &Expr, r: &Expr, span: Span, help: &str) {
        let (ln, rn) = (self.ty_name(l.ty), self.ty_name(r.ty));
        self.diags.push(
            Diagnostic::error(err::MONEY_ARITHMETIC, msg, span)
                .with_label(format!("{ln} and {rn}"))
                .with_help(help),
        );
    }

    fn operand_error(&mut self, op: BinaryOp, l: &Expr, r: &Expr, span: Span) {
        let (ln, rn) = (self.ty_name(l.ty), self.ty_name(r.ty));
        let sym = match op {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            _ => "/",
        };
        self.diags.push(
            Diagnostic::error(
                err::OPERAND_TYPE,
                format!("`{sym}` does not apply to {ln} and {rn}"),
                span,
            )
            .with_label(format!("{ln} {sym} {rn}"))
            .with_help("arithmetic applies to numbers and money, and durations to dates"),
        );
    }

    fn not_comparable(&mut self, l: &Expr, r: &Expr, span: Span) {
        let (ln, rn) = (self.ty_name(l.ty), self.ty_name(r.ty));
        let help = if (l.ty == Type::Money && plain(r.ty)) || (r.ty == Type::Money && plain(l.ty)) {
            "money compares with money: declare the other value as `money`, or write `10000元`"
        } else if l.ty == r.ty {
            "only numbers, money and dates are ordered; other values compare with `==` and `!=`"
        } else {
            "compare values of the same type"
        };
        self.diags.push(
            Diagnostic::error(
                err::NOT_COMPARABLE,
                format!("cannot compare {ln} with {rn}"),
                span,
            )
            .with_label(format!("{ln} and {rn}"))
            .with_help(help),
        );
    }

    fn membership(
        &mut self,
        op: BinaryOp,
        a: &ast::Expr,
        b: &ast::Expr,
        sc: &mut Scope,
        span: Span,
    ) -> Option<Expr> {
        let set_first = self.adaptable(a, sc) && !self.adaptable(b, sc);
        let (l, r) = if set_first {
            let r = self.expr(b, None, sc);
            let h = match r.as_ref().map(|r| r.ty) {
                Some(Type::Set(e)) => Some(Type::Enum(e)),
                _ => None,
            };
            (self.expr(a, h, sc), r)
        } else {
            let l = self.expr(a, None, sc);
            // A set literal takes its enum from the left side; without one it cannot be read.
            if let (Some(lx), A::Set(_)) = (&l, &b.kind)
                && !matches!(lx.ty, Type::Enum(_))
            {
                self.not_an_enum_in_set(a, lx, span);
                return None;
            }
            let h = match l.as_ref().map(|l| l.ty) {
                Some(Type::Enum(e)) => Some(Type::Set(e)),
                _ => None,
            };
            (l, self.expr(b, h, sc))
        };
        let (l, r) = (l?, r?);
        match (l.ty, r.ty) {
            (Type::Enum(x), Type::Set(y)) if x == y => Some(mk(
                ExprKind::In {
                    value: Box::new(l),
                    set: Box::new(r),
                    negated: op == BinaryOp::NotIn,
                },
                Type::Bool,
                span,
            )),
            (lt, rt) => {
                let (ln, rn) = (self.ty_name(lt), self.ty_name(rt));
                let help = self.membership_help(a, lt, rt);
                self.diags.push(
                    Diagnostic::error(
                        err::MEMBERSHIP,
                        format!(
                            "`in` needs an enum value and a set of its variants, not {ln} and {rn}"
                        ),
                        span,
                    )
                    .with_label(format!("{ln} in {rn}"))
                    .with_help(help),
                );
                None
            }
        }
    }
}

impl Checker<'_> {
    /// What to write instead of `a in …` with operand types `lt` and `rt`, naming the enums.
    fn membership_help(&self, a: &ast::Expr, lt: Type, rt: Type) -> String {
        let x = match &a.kind {
            A::Name(id) => id.name.as_str(),
            _ => "x",
        };
        let some = |e| -> String {
            let vs = self.variant_names(e);
            let two: Vec<&str> = vs.iter().take(2).map(String::as_str).collect();
            two.join(", ")
        };
        match (lt, rt) {
            (Type::Enum(le), Type::Set(re)) => format!(
                "the set holds variants of `{}`: test a `{}` value against it, or list variants \
                 of `{}` instead, as in `{x} in {{{}}}`",
                self.enum_name(re),
                self.enum_name(re),
                self.enum_name(le),
                some(le)
            ),
            (Type::Enum(le), _) => format!(
                "the right side of `in` is a set of variants of `{}`, such as `{x} in {{{}}}`, or a \
                 fact declared `set of {}`",
                self.enum_name(le),
                some(le),
                self.enum_name(le)
            ),
            (_, Type::Set(re)) => format!(
                "the left side of `in` is a value of `{}`, such as one of its variants: {}",
                self.enum_name(re),
                super::hints::listing(self.variant_names(re).iter().map(String::as_str))
            ),
            _ => "write `harm in {none, minor}`, or test a set fact: `lead in pollutants`".into(),
        }
    }

    /// `x in {…}` where `x` is not an enum value.
    fn not_an_enum_in_set(&mut self, a: &ast::Expr, l: &Expr, span: Span) {
        let ln = self.ty_name(l.ty);
        let x = match &a.kind {
            A::Name(id) => id.name.as_str(),
            _ => "x",
        };
        let help = if l.ty.is_numeric() || l.ty == Type::Date {
            format!(
                "sets hold enum variants only; compare instead: `{x} == 1 or {x} == 2`, or for a \
                 range `{x} >= 1 and {x} <= 2`"
            )
        } else {
            format!("sets hold enum variants only; compare instead: `{x} == a or {x} == b`")
        };
        let left = match &a.kind {
            A::Name(id) => format!("`{}`", id.name),
            _ => "the left side".to_string(),
        };
        self.diags.push(
            Diagnostic::error(
                err::MEMBERSHIP,
                format!("`in {{…}}` tests an enum value against its variants, but {left} is {ln}"),
                span,
            )
            .with_label(format!("{ln} in a set"))
            .with_help(help),
        );
    }
}

/// The hint for the operand typed second, given the type of the one typed first.
fn other_hint(op: BinaryOp, other: Type, outer: Option<Type>, second_is_rhs: bool) -> Option<Type> {
    match op {
        BinaryOp::Mul => match other {
            Type::Money => Some(Type::Decimal),
            Type::Int | Type::Decimal if outer == Some(Type::Money) => Some(Type::Money),
            t => Some(t),
        },
        BinaryOp::Div => match other {
            Type::Money if second_is_rhs => Some(Type::Decimal),
            t => Some(t),
        },
        BinaryOp::Add | BinaryOp::Sub => match other {
            Type::Date => Some(Type::Duration),
            t => Some(t),
        },
        _ => Some(other),
    }
}
