//! Typing calls of built-in functions and the aggregates over lists of records.

use super::err;
use super::exprs::{Scope, mk};
use super::resolve::Checker;
use super::types::with_suggestion;
use crate::ast::{self, CallArg, ExprKind as A};
use crate::diagnostic::Diagnostic;
use crate::ir::{AggregateOp, CalendarId, Expr, ExprKind, Type};
use crate::span::Span;
use crate::vocab::{Function, RoundingMode};

fn plain(t: Type) -> bool {
    matches!(t, Type::Int | Type::Decimal)
}

impl Checker<'_> {
    pub(super) fn call(
        &mut self,
        f: &ast::Ident,
        args: &[CallArg],
        hint: Option<Type>,
        sc: &mut Scope,
        span: Span,
    ) -> Option<Expr> {
        let Some(func) = Function::from_name(&f.name) else {
            let d = Diagnostic::error(
                err::UNKNOWN_FUNCTION,
                format!("unknown function `{}`", f.name),
                f.span,
            )
            .with_label("not a built-in function");
            self.diags.push(with_suggestion(
                d,
                &f.name,
                Function::ALL.iter().map(|x| x.en()),
                "function",
            ));
            return None;
        };
        let agg = match func {
            Function::Count => Some(AggregateOp::Count),
            Function::Sum => Some(AggregateOp::Sum),
            Function::Any => Some(AggregateOp::Any),
            Function::All => Some(AggregateOp::All),
            _ => None,
        };
        if let Some(op) = agg {
            return self.aggregate(op, f, args, sc, span);
        }
        let mut bad = false;
        for a in args {
            if let Some(x) = a.of.as_ref().or(a.filter.as_ref()) {
                let word = if a.of.is_some() { "of" } else { "where" };
                self.diags.push(
                    Diagnostic::error(
                        err::NOT_AGGREGATE,
                        format!("`{}` takes no `{word}` part", f.name),
                        x.span,
                    )
                    .with_label(format!("`{word}` here"))
                    .with_help(
                        "only `count`, `sum`, `any` and `all` read lists with `of` and `where`",
                    ),
                );
                bad = true;
            }
        }
        if bad {
            return None;
        }
        let values: Vec<&ast::Expr> = args.iter().map(|a| &a.value).collect();
        let (min, max): (usize, usize) = match func {
            Function::Min | Function::Max => (2, usize::MAX),
            Function::Round | Function::Clamp => (3, 3),
            Function::Abs | Function::Year => (1, 1),
            Function::AgeOn | Function::DaysBetween => (2, 2),
            Function::WorkingDaysBetween | Function::AddWorkingDays => (3, 3),
            Function::Deadline => (2, 3),
            Function::Count | Function::Sum | Function::Any | Function::All => (1, 1),
        };
        if values.len() < min || values.len() > max {
            let want = if min == max {
                format!("{min}")
            } else if max == usize::MAX {
                format!("at least {min}")
            } else {
                format!("{min} or {max}")
            };
            let sig = signature(func);
            self.diags.push(
                Diagnostic::error(
                    err::ARITY,
                    format!("`{}` takes {want} arguments, not {}", f.name, values.len()),
                    span,
                )
                .with_label(format!("{} given", values.len()))
                .with_help(format!("write `{sig}`")),
            );
            return None;
        }
        let call = |args: Vec<Expr>,
                    ty: Type,
                    calendar: Option<CalendarId>,
                    mode: Option<RoundingMode>| {
            mk(
                ExprKind::Call {
                    func,
                    args,
                    calendar,
                    mode,
                },
                ty,
                span,
            )
        };
        let what = |i: usize| format!("argument {} of `{}`", i + 1, f.name);
        match func {
            Function::Min | Function::Max | Function::Clamp => {
                let args = self.same_numeric(&values, hint, sc, &f.name)?;
                let ty = args.first().map(|a| a.ty)?;
                Some(call(args, ty, None, None))
            }
            Function::Round => {
                let (x, unit, mode) = (values.first()?, values.get(1)?, values.get(2)?);
                let x = self.numeric(x, hint, sc, &what(0));
                let unit = match &x {
                    Some(x) => self.expect_ty(unit, x.ty, sc, &what(1)),
                    None => None,
                };
                let mode = match &mode.kind {
                    A::Name(id) => self.rounding_mode(id),
                    _ => {
                        self.diags.push(
                            Diagnostic::error(
                                err::UNKNOWN_ROUNDING_MODE,
                                "the third argument of `round` is a rounding mode",
                                mode.span,
                            )
                            .with_label("not a mode name")
                            .with_help("write `round(x, 1, half_up)`"),
                        );
                        None
                    }
                };
                let (x, unit, mode) = (x?, unit?, mode?);
                let ty = x.ty;
                Some(call(vec![x, unit], ty, None, Some(mode)))
            }
            Function::Abs => {
                let x = self.numeric(values.first()?, hint, sc, &what(0))?;
                let ty = x.ty;
                Some(call(vec![x], ty, None, None))
            }
            Function::Year => {
                let x = self.expect_ty(values.first()?, Type::Date, sc, &what(0))?;
                Some(call(vec![x], Type::Int, None, None))
            }
            Function::AgeOn | Function::DaysBetween => {
                let a = self.expect_ty(values.first()?, Type::Date, sc, &what(0));
                let b = self.expect_ty(values.get(1)?, Type::Date, sc, &what(1));
                Some(call(vec![a?, b?], Type::Int, None, None))
            }
            Function::WorkingDaysBetween | Function::AddWorkingDays => {
                let a = self.expect_ty(values.first()?, Type::Date, sc, &what(0));
                let (second, ty) = if func == Function::AddWorkingDays {
                    (Type::Int, Type::Date)
                } else {
                    (Type::Date, Type::Int)
                };
                let b = self.expect_ty(values.get(1)?, second, sc, &what(1));
                let c = self.calendar(values.get(2)?);
                Some(call(vec![a?, b?], ty, Some(c?), None))
            }
            Function::Deadline => {
                let a = self.expect_ty(values.first()?, Type::Date, sc, &what(0));
                let b = self.expect_ty(values.get(1)?, Type::Duration, sc, &what(1));
                let c = match values.get(2) {
                    Some(c) => Some(self.calendar(c)?),
                    None => None,
                };
                Some(call(vec![a?, b?], Type::Date, c, None))
            }
            Function::Count | Function::Sum | Function::Any | Function::All => None,
        }
    }

    fn numeric(
        &mut self,
        e: &ast::Expr,
        hint: Option<Type>,
        sc: &mut Scope,
        what: &str,
    ) -> Option<Expr> {
        let x = self.expr(e, hint.filter(|t| t.is_numeric()), sc)?;
        if x.ty.is_numeric() {
            return Some(x);
        }
        let g = self.ty_name(x.ty);
        self.diags.push(
            Diagnostic::error(
                err::TYPE_MISMATCH,
                format!("{what} must be a number or money, but this is {g}"),
                e.span,
            )
            .with_label(format!("this is {g}")),
        );
        None
    }

    /// Arguments that must share one numeric type (int and decimal mix as decimal).
    fn same_numeric(
        &mut self,
        values: &[&ast::Expr],
        hint: Option<Type>,
        sc: &mut Scope,
        name: &str,
    ) -> Option<Vec<Expr>> {
        // Type the arguments that do not adapt first; their type is the hint for the others.
        let mut typed: Vec<Option<Expr>> = vec![None; values.len()];
        let mut common = hint.filter(|t| t.is_numeric());
        let mut failed = false;
        for pass in [false, true] {
            for (i, v) in values.iter().enumerate() {
                if self.adaptable(v, sc) != pass {
                    continue;
                }
                let x = self.numeric(v, common, sc, &format!("argument {} of `{name}`", i + 1));
                match x {
                    Some(x) => {
                        if common.is_none() || (common == Some(Type::Int) && x.ty == Type::Decimal)
                        {
                            common = Some(x.ty);
                        }
                        if let Some(slot) = typed.get_mut(i) {
                            *slot = Some(x);
                        }
                    }
                    None => failed = true,
                }
            }
        }
        if failed {
            return None;
        }
        let args: Vec<Expr> = typed.into_iter().flatten().collect();
        let money = args.iter().filter(|a| a.ty == Type::Money).count();
        if money != 0 && money != args.len() {
            let odd = args.iter().find(|a| a.ty != Type::Money)?;
            let g = self.ty_name(odd.ty);
            self.diags.push(
                Diagnostic::error(
                    err::MONEY_ARITHMETIC,
                    format!("`{name}` mixes money with a plain number"),
                    odd.span,
                )
                .with_label(format!("this is {g}"))
                .with_help("give every argument in yuan, e.g. `10000元`"),
            );
            return None;
        }
        let all_int = args.iter().all(|a| a.ty == Type::Int);
        let ty = if money > 0 {
            Type::Money
        } else if all_int {
            Type::Int
        } else {
            Type::Decimal
        };
        Some(
            args.into_iter()
                .map(|mut a| {
                    if a.ty != ty && plain(a.ty) {
                        a = widen(a);
                    }
                    a
                })
                .collect(),
        )
    }

    fn calendar(&mut self, e: &ast::Expr) -> Option<CalendarId> {
        if let A::Name(id) = &e.kind
            && let Some(c) = self.calendar_names.get(&id.name)
        {
            return Some(*c);
        }
        let name = match &e.kind {
            A::Name(id) => id.name.clone(),
            _ => String::new(),
        };
        let d = Diagnostic::error(
            err::UNKNOWN_CALENDAR,
            if name.is_empty() {
                "expected a calendar name here".to_string()
            } else {
                format!("unknown calendar `{name}`")
            },
            e.span,
        )
        .with_label("not a declared calendar");
        let names: Vec<String> = self.calendar_names.keys().cloned().collect();
        self.diags.push(with_suggestion(
            d,
            &name,
            names.iter().map(String::as_str),
            "calendar",
        ));
        None
    }

    fn aggregate(
        &mut self,
        op: AggregateOp,
        f: &ast::Ident,
        args: &[CallArg],
        sc: &mut Scope,
        span: Span,
    ) -> Option<Expr> {
        let [arg] = args else {
            let form = shape(op);
            self.diags.push(
                Diagnostic::error(
                    err::ARITY,
                    format!("`{}` takes one argument, not {}", f.name, args.len()),
                    span,
                )
                .with_label(format!("{} given", args.len()))
                .with_help(format!("write `{form}`")),
            );
            return None;
        };
        let form = shape(op);
        let (list_ast, element_ast) = match (op, &arg.of) {
            (AggregateOp::Sum, Some(list)) => (list, Some(&arg.value)),
            (AggregateOp::Sum, None) => {
                self.diags.push(
                    Diagnostic::error(
                        err::AGGREGATE_SHAPE,
                        "`sum` needs what to add up: `e of list`",
                        span,
                    )
                    .with_label("no `of` part")
                    .with_help(format!("write `{form}`")),
                );
                return None;
            }
            (_, Some(list)) => {
                self.diags.push(
                    Diagnostic::error(
                        err::AGGREGATE_SHAPE,
                        format!("`{}` takes no `of` part", f.name),
                        list.span,
                    )
                    .with_label("`of` here")
                    .with_help(format!("write `{form}`")),
                );
                return None;
            }
            (_, None) => (&arg.value, None),
        };
        if matches!(op, AggregateOp::Any | AggregateOp::All) && arg.filter.is_none() {
            self.diags.push(
                Diagnostic::error(
                    err::AGGREGATE_SHAPE,
                    format!("`{}` needs a condition: `list where …`", f.name),
                    span,
                )
                .with_label("no `where` part")
                .with_help(format!("write `{form}`")),
            );
            return None;
        }
        let list = self.expr(list_ast, None, sc)?;
        let Type::List(record) = list.ty else {
            let g = self.ty_name(list.ty);
            self.diags.push(
                Diagnostic::error(
                    err::AGGREGATE_SHAPE,
                    format!("`{}` reads a list of records, but this is {g}", f.name),
                    list_ast.span,
                )
                .with_label(format!("this is {g}"))
                .with_help("aggregates read facts declared `list of` a record type"),
            );
            return None;
        };
        sc.fields.push(record);
        let element = element_ast.map(|e| self.numeric(e, None, sc, "what `sum` adds up"));
        let filter = arg.filter.as_ref().map(|c| self.cond(c, sc));
        sc.fields.pop();
        let element = match element {
            Some(e) => Some(Box::new(e?)),
            None => None,
        };
        let filter = match filter {
            Some(c) => Some(Box::new(c?)),
            None => None,
        };
        let ty = match op {
            AggregateOp::Count => Type::Int,
            AggregateOp::Sum => element.as_ref().map(|e| e.ty)?,
            AggregateOp::Any | AggregateOp::All => Type::Bool,
        };
        Some(mk(
            ExprKind::Aggregate {
                op,
                list: Box::new(list),
                record,
                element,
                filter,
            },
            ty,
            span,
        ))
    }
}

/// An int literal used as a decimal becomes a decimal literal; other int expressions keep their
/// type (the evaluator reads an int as a decimal where a decimal is needed).
fn widen(mut e: Expr) -> Expr {
    if let ExprKind::Lit(crate::ir::Value::Int(i)) = e.kind {
        e.kind = ExprKind::Lit(crate::ir::Value::Decimal(i.into()));
        e.ty = Type::Decimal;
    }
    e
}

fn shape(op: AggregateOp) -> &'static str {
    match op {
        AggregateOp::Count => "count(list where condition)",
        AggregateOp::Sum => "sum(amount of list where condition)",
        AggregateOp::Any => "any(list where condition)",
        AggregateOp::All => "all(list where condition)",
    }
}

fn signature(f: Function) -> &'static str {
    match f {
        Function::Min => "min(a, b, …)",
        Function::Max => "max(a, b, …)",
        Function::Round => "round(x, unit, mode)",
        Function::Clamp => "clamp(x, low, high)",
        Function::Abs => "abs(x)",
        Function::AgeOn => "age_on(birth_date, day)",
        Function::DaysBetween => "days_between(from, to)",
        Function::WorkingDaysBetween => "working_days_between(from, to, calendar)",
        Function::AddWorkingDays => "add_working_days(date, days, calendar)",
        Function::Deadline => "deadline(start, period) or deadline(start, period, calendar)",
        Function::Year => "year(date)",
        Function::Count => "count(list where condition)",
        Function::Sum => "sum(amount of list where condition)",
        Function::Any => "any(list where condition)",
        Function::All => "all(list where condition)",
    }
}
