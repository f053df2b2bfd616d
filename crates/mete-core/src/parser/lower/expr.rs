//! Lowering of literals and expressions (through the one Pratt table).

use pest::iterators::Pair;

use crate::ast::*;
use crate::diagnostic::Diagnostic;
use crate::span::Span;

use super::super::err::{codes, internal};
use super::super::grammar::Rule;
use super::{INFIX, Lowered, Lowerer, PREFIX, Reported, collect};

/// The hex digits and the end offset of `{hex}` at `at` in `raw`, after a `\u`: one to six hex
/// digits between braces.
fn unicode_escape(raw: &str, at: usize) -> Option<(&str, usize)> {
    let rest = raw.get(at..)?.strip_prefix('{')?;
    let close = rest.find('}')?;
    let hex = rest.get(..close)?;
    let valid = (1..=6).contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit());
    valid.then_some((hex, at + 1 + close + 1))
}

impl Lowerer {
    // ───────────────────────────── literals ─────────────────────────────

    /// `ident` and `item_id`: the text as written.
    pub(super) fn lower_ident(&self, pair: Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(&pair),
        }
    }

    /// `date`: the text, validated by the checker.
    pub(super) fn lower_date(&self, pair: Pair<'_, Rule>) -> DateLit {
        DateLit {
            text: pair.as_str().to_string(),
            span: self.span(&pair),
        }
    }

    /// `number_digits`: the digits without `_` separators.
    pub(super) fn lower_number_digits(&self, pair: Pair<'_, Rule>) -> Lowered<String> {
        let pair = self.expect_rule(pair, Rule::number_digits)?;
        Ok(pair.as_str().chars().filter(|c| *c != '_').collect())
    }

    /// `number`: digits and an optional `元` / `yuan`.
    pub(super) fn lower_number(&self, pair: Pair<'_, Rule>) -> Lowered<NumberLit> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let text = self.lower_number_digits(self.next(&mut kids)?)?;
        let yuan = kids.opt(Rule::yuan_suffix).is_some();
        Ok(NumberLit { text, yuan, span })
    }

    /// `percent`: the number before `%`.
    pub(super) fn lower_percent(&self, pair: Pair<'_, Rule>) -> Lowered<NumberLit> {
        let pair = self.expect_rule(pair, Rule::percent)?;
        self.lower_digits_only(pair)
    }

    /// `times`: the number before `x`.
    pub(super) fn lower_times(&self, pair: Pair<'_, Rule>) -> Lowered<NumberLit> {
        self.lower_digits_only(pair)
    }

    pub(super) fn lower_digits_only(&self, pair: Pair<'_, Rule>) -> Lowered<NumberLit> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let text = self.lower_number_digits(self.next(&mut kids)?)?;
        Ok(NumberLit {
            text,
            yuan: false,
            span,
        })
    }

    /// `duration`.
    pub(super) fn lower_duration(&self, pair: Pair<'_, Rule>) -> Lowered<DurationLit> {
        let pair = self.expect_rule(pair, Rule::duration)?;
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let digits = self.next(&mut kids)?;
        let count = NumberLit {
            span: self.span(&digits),
            text: self.lower_number_digits(digits)?,
            yuan: false,
        };
        let unit = self.lower_duration_unit(self.take(&mut kids, Rule::duration_unit)?)?;
        Ok(DurationLit { count, unit, span })
    }

    /// `duration_unit`.
    pub(super) fn lower_duration_unit(&self, pair: Pair<'_, Rule>) -> Lowered<DurationUnit> {
        let mut kids = self.kids(pair);
        match self.next(&mut kids)?.as_rule() {
            Rule::unit_years => Ok(DurationUnit::Years),
            Rule::unit_months => Ok(DurationUnit::Months),
            Rule::unit_days => Ok(DurationUnit::Days),
            other => Err(self.mismatch(other, kids.span)),
        }
    }

    /// `string`: `"…"` unescaped, `“…”` raw.
    pub(super) fn lower_string(&self, pair: Pair<'_, Rule>) -> Lowered<Str> {
        let pair = self.expect_rule(pair, Rule::string)?;
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let body = self.next(&mut kids)?;
        let value = match body.as_rule() {
            Rule::string_body => self.unescape(body)?,
            Rule::cn_string_body => body.as_str().to_string(),
            other => return Err(self.mismatch(other, span)),
        };
        Ok(Str { value, span })
    }

    /// Resolves `\" \\ \n \t \u{…}` in a `string_body`. The grammar takes a backslash with any
    /// character after it, so unknown and malformed escapes are reported here, at the escape.
    pub(super) fn unescape(&self, body: Pair<'_, Rule>) -> Lowered<String> {
        let start = body.as_span().start();
        let raw = body.as_str();
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.char_indices().peekable();
        let mut failed = false;
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some((j, e)) = chars.next() else {
                // The grammar never ends a body on a lone backslash.
                failed = true;
                self.report(internal(
                    "escape",
                    Span::new(self.file, start + i, start + i + 1),
                ));
                break;
            };
            let escape_end = j + e.len_utf8();
            match e {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => match unicode_escape(raw, escape_end) {
                    Some((hex, end)) => {
                        // Skip the `{…}` that `unicode_escape` read.
                        while chars.peek().is_some_and(|(k, _)| *k < end) {
                            chars.next();
                        }
                        match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                            Some(ch) => out.push(ch),
                            None => {
                                failed = true;
                                self.report(
                                    Diagnostic::error(
                                        codes::INVALID_ESCAPE,
                                        format!("`\\u{{{hex}}}` is not a Unicode character"),
                                        Span::new(self.file, start + i, start + end),
                                    )
                                    .with_help(
                                        "use a code point up to `10FFFF` outside `D800`–`DFFF`",
                                    ),
                                );
                            }
                        }
                    }
                    None => {
                        failed = true;
                        self.report(
                            Diagnostic::error(
                                codes::UNKNOWN_ESCAPE,
                                "malformed escape `\\u` in string",
                                Span::new(self.file, start + i, start + escape_end),
                            )
                            .with_label("expected `{` and 1 to 6 hex digits, then `}`")
                            .with_help("write a character by its code point as `\\u{4E2D}`"),
                        );
                    }
                },
                other => {
                    failed = true;
                    self.report(
                        Diagnostic::error(
                            codes::UNKNOWN_ESCAPE,
                            format!("unknown escape `\\{other}` in string"),
                            Span::new(self.file, start + i, start + escape_end),
                        )
                        .with_label("not an escape")
                        .with_help(
                            "the escapes are `\\\"` `\\\\` `\\n` `\\t` and `\\u{…}`; \
                             write `\\\\` for a backslash, or use Chinese quotes `“…”`, \
                             which take the text as it is",
                        ),
                    );
                }
            }
        }
        if failed { Err(Reported) } else { Ok(out) }
    }

    // ───────────────────────────── expressions ─────────────────────────────

    /// `expr`, through the Pratt table, refusing trees deeper than the limit.
    pub(crate) fn lower_expr(&self, pair: Pair<'_, Rule>) -> Lowered<Expr> {
        self.lower_expr_depth(pair).map(|(e, _)| e)
    }

    pub(super) fn lower_expr_depth(&self, pair: Pair<'_, Rule>) -> Lowered<(Expr, usize)> {
        let pair = self.expect_rule(pair, Rule::expr)?;
        self.pratt
            .map_primary(|p| self.lower_primary(p))
            .map_prefix(|op, rhs| self.lower_prefix(op, rhs))
            .map_infix(|lhs, op, rhs| {
                let (lhs, rhs) = (lhs?, rhs?);
                self.lower_infix(lhs, op, rhs)
            })
            .map_postfix(|lhs, op| self.lower_window(lhs?, op))
            .parse(pair.into_inner())
    }

    /// Wraps a node built from children of depth `depth`, enforcing the depth limit.
    pub(super) fn node(&self, kind: ExprKind, span: Span, depth: usize) -> Lowered<(Expr, usize)> {
        let depth = depth + 1;
        if depth > self.max_expr_depth {
            return Err(self.report(
                Diagnostic::error(
                    codes::EXPR_TOO_DEEP,
                    format!(
                        "this expression nests more than {} levels deep",
                        self.max_expr_depth
                    ),
                    span,
                )
                .with_help("name parts of the expression with `let` definitions"),
            ));
        }
        Ok((Expr { kind, span }, depth))
    }

    /// Prefix operators: `if c then a else`, `-`, `not`.
    pub(super) fn lower_prefix(
        &self,
        op: Pair<'_, Rule>,
        rhs: Lowered<(Expr, usize)>,
    ) -> Lowered<(Expr, usize)> {
        let op_span = self.span(&op);
        match op.as_rule() {
            Rule::op_if => {
                // Lower the condition and `then` branch even when the `else` branch failed, so
                // their errors are reported too.
                let mut kids = self.kids(op);
                self.take(&mut kids, Rule::kw_if)?;
                let cond = self.lower_expr_depth(self.take(&mut kids, Rule::expr)?);
                self.take(&mut kids, Rule::kw_then)?;
                let then = self.lower_expr_depth(self.take(&mut kids, Rule::expr)?);
                let ((cond, cd), (then, td), (rhs, rdepth)) = (cond?, then?, rhs?);
                let span = op_span.to(rhs.span);
                let depth = cd.max(td).max(rdepth);
                self.node(
                    ExprKind::If(Box::new(cond), Box::new(then), Box::new(rhs)),
                    span,
                    depth,
                )
            }
            rule => match PREFIX.iter().find(|(r, _)| *r == rule) {
                Some((_, u)) => {
                    let (rhs, rdepth) = rhs?;
                    let span = op_span.to(rhs.span);
                    self.node(ExprKind::Unary(*u, Box::new(rhs)), span, rdepth)
                }
                None => Err(self.mismatch(rule, op_span)),
            },
        }
    }

    /// Infix operators; the span covers both operands.
    pub(super) fn lower_infix(
        &self,
        lhs: (Expr, usize),
        op: Pair<'_, Rule>,
        rhs: (Expr, usize),
    ) -> Lowered<(Expr, usize)> {
        let ((lhs, ld), (rhs, rd)) = (lhs, rhs);
        let span = lhs.span.to(rhs.span);
        match INFIX.iter().find(|(r, _)| *r == op.as_rule()) {
            Some((_, b)) => self.node(
                ExprKind::Binary(*b, Box::new(lhs), Box::new(rhs)),
                span,
                ld.max(rd),
            ),
            None => Err(self.mismatch(op.as_rule(), self.span(&op))),
        }
    }

    /// `window`: `d within P before|after anchor` or `d 在 anchor 前|后 P 内`.
    pub(super) fn lower_window(
        &self,
        lhs: (Expr, usize),
        op: Pair<'_, Rule>,
    ) -> Lowered<(Expr, usize)> {
        let (date, dd) = lhs;
        let span = date.span.to(self.span(&op));
        let mut kids = self.kids(op);
        let (period, dir, anchor) = if kids.opt(Rule::kw_within).is_some() {
            let period = self.lower_duration(self.take(&mut kids, Rule::duration)?);
            let dir = self.lower_window_dir(self.take(&mut kids, Rule::window_dir)?);
            let anchor = self.lower_primary(self.next(&mut kids)?);
            (period?, dir?, anchor?)
        } else {
            self.take(&mut kids, Rule::kw_zai)?;
            let anchor = self.lower_primary(self.next(&mut kids)?);
            let dir = self.lower_window_dir(self.take(&mut kids, Rule::window_dir)?);
            let period = self.lower_duration(self.take(&mut kids, Rule::duration)?);
            self.take(&mut kids, Rule::kw_nei)?;
            (period?, dir?, anchor?)
        };
        let (anchor, ad) = anchor;
        self.node(
            ExprKind::Window {
                date: Box::new(date),
                period,
                dir,
                anchor: Box::new(anchor),
            },
            span,
            dd.max(ad),
        )
    }

    /// `window_dir`.
    pub(super) fn lower_window_dir(&self, pair: Pair<'_, Rule>) -> Lowered<WindowDir> {
        let mut kids = self.kids(pair);
        match self.next(&mut kids)?.as_rule() {
            Rule::kw_before => Ok(WindowDir::Before),
            Rule::kw_after => Ok(WindowDir::After),
            other => Err(self.mismatch(other, kids.span)),
        }
    }

    /// The silent `primary` rule: one operand.
    pub(super) fn lower_primary(&self, pair: Pair<'_, Rule>) -> Lowered<(Expr, usize)> {
        let span = self.span(&pair);
        let leaf = |kind| self.node(kind, span, 0);
        match pair.as_rule() {
            // A parenthesised expression keeps its own span (without the parentheses).
            Rule::expr => self.lower_expr_depth(pair),
            Rule::exists => {
                let mut kids = self.kids(pair);
                self.take(&mut kids, Rule::kw_exists)?;
                leaf(ExprKind::Exists(
                    self.lower_ident(self.take(&mut kids, Rule::ident)?),
                ))
            }
            Rule::decision_field => {
                let mut kids = self.kids(pair);
                let source = match self.next(&mut kids)?.as_rule() {
                    Rule::kw_fine => DecisionSource::Fine,
                    _ => DecisionSource::Statutory,
                };
                let field = self.lower_ident(self.take(&mut kids, Rule::ident)?);
                leaf(ExprKind::DecisionField(source, field))
            }
            Rule::outcome_ref => leaf(ExprKind::Outcome),
            Rule::tier_ref => leaf(ExprKind::Tier),
            Rule::includes => {
                let mut kids = self.kids(pair);
                self.take(&mut kids, Rule::kw_includes)?;
                leaf(ExprKind::Includes(
                    self.lower_fine_or_ident(self.next(&mut kids)?)?,
                ))
            }
            Rule::applied => {
                let mut kids = self.kids(pair);
                self.take(&mut kids, Rule::kw_applied)?;
                leaf(ExprKind::Applied(
                    self.lower_ident(self.take(&mut kids, Rule::ident)?),
                ))
            }
            Rule::act_date_ref => leaf(ExprKind::ActDate),
            Rule::decision_date_ref => leaf(ExprKind::DecisionDate),
            Rule::set_lit => {
                let (items, depth) = self.lower_expr_list(pair)?;
                self.node(ExprKind::Set(items), span, depth)
            }
            Rule::list_lit => {
                let (items, depth) = self.lower_expr_list(pair)?;
                self.node(ExprKind::List(items), span, depth)
            }
            Rule::call => self.lower_call(pair),
            Rule::date => leaf(ExprKind::Date(self.lower_date(pair))),
            Rule::duration => leaf(ExprKind::Duration(self.lower_duration(pair)?)),
            Rule::percent => leaf(ExprKind::Percent(self.lower_percent(pair)?)),
            Rule::number => leaf(ExprKind::Number(self.lower_number(pair)?)),
            Rule::bool_lit => leaf(ExprKind::Bool(self.lower_bool_lit(pair)?)),
            Rule::string => leaf(ExprKind::Str(self.lower_string(pair)?.value)),
            Rule::ident => leaf(ExprKind::Name(self.lower_ident(pair))),
            other => Err(self.mismatch(other, span)),
        }
    }

    /// `set_lit` and `list_lit`: the items and their greatest depth.
    pub(super) fn lower_expr_list(&self, pair: Pair<'_, Rule>) -> Lowered<(Vec<Expr>, usize)> {
        let items = collect(pair.into_inner().map(|p| self.lower_expr_depth(p)))?;
        let depth = items.iter().map(|(_, d)| *d).max().unwrap_or(0);
        Ok((items.into_iter().map(|(e, _)| e).collect(), depth))
    }

    /// `call`.
    pub(super) fn lower_call(&self, pair: Pair<'_, Rule>) -> Lowered<(Expr, usize)> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let name = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let args = collect(kids.rest().map(|p| self.lower_call_arg(p)))?;
        let depth = args.iter().map(|(_, d)| *d).max().unwrap_or(0);
        let args = args.into_iter().map(|(a, _)| a).collect();
        self.node(ExprKind::Call(name, args), span, depth)
    }

    /// `call_arg`.
    pub(super) fn lower_call_arg(&self, pair: Pair<'_, Rule>) -> Lowered<(CallArg, usize)> {
        let pair = self.expect_rule(pair, Rule::call_arg)?;
        let mut kids = self.kids(pair);
        let value = self.lower_expr_depth(self.take(&mut kids, Rule::expr)?);
        let of = match kids.opt(Rule::kw_of) {
            Some(_) => Some(self.lower_expr_depth(self.take(&mut kids, Rule::expr)?)),
            None => None,
        };
        let filter = match kids.opt(Rule::kw_where) {
            Some(_) => Some(self.lower_expr_depth(self.take(&mut kids, Rule::expr)?)),
            None => None,
        };
        let (value, vd) = value?;
        let of = of.transpose()?;
        let filter = filter.transpose()?;
        let depth = [
            Some(vd),
            of.as_ref().map(|o| o.1),
            filter.as_ref().map(|f| f.1),
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0);
        Ok((
            CallArg {
                value,
                of: of.map(|o| o.0),
                filter: filter.map(|f| f.0),
            },
            depth,
        ))
    }
}
