//! pest pairs → [`crate::ast`]: one `lower_<rule>` per grammar rule.
//!
//! The lowering is total: when the tree does not have the shape a function expects (a mismatch
//! between the grammar and this file), it records a `mete::parse::internal` diagnostic naming
//! the rule and carries on, so one run reports every problem. Errors are collected in the
//! [`Lowerer`]; functions return `Err(Reported)` once theirs is recorded.
//!
//! Items, circumstances, adjustments, reviews and tests are lowered in `lower/items.rs`;
//! literals and expressions in `lower/expr.rs`.
//!
//! All operator precedence lives in the one Pratt table built by [`pratt_table`] from
//! `BinaryOp::precedence`, `UnaryOp::precedence` and `WINDOW_PRECEDENCE`.

use std::cell::RefCell;
use std::iter::Peekable;

use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};

use crate::ast::*;
use crate::diagnostic::Diagnostic;
use crate::span::{FileId, Span};

use super::err::{codes, internal};
use super::grammar::Rule;

mod expr;
mod items;

/// Marker: the error has been recorded in the [`Lowerer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reported;

/// The result of lowering one rule.
pub(crate) type Lowered<T> = Result<T, Reported>;

/// Infix operator rules and their AST operator.
const INFIX: &[(Rule, BinaryOp)] = &[
    (Rule::op_or, BinaryOp::Or),
    (Rule::op_and, BinaryOp::And),
    (Rule::op_eq, BinaryOp::Eq),
    (Rule::op_ne, BinaryOp::Ne),
    (Rule::op_lt, BinaryOp::Lt),
    (Rule::op_le, BinaryOp::Le),
    (Rule::op_gt, BinaryOp::Gt),
    (Rule::op_ge, BinaryOp::Ge),
    (Rule::op_above, BinaryOp::Above),
    (Rule::op_below, BinaryOp::Below),
    (Rule::op_exceeds, BinaryOp::Exceeds),
    (Rule::op_under, BinaryOp::Under),
    (Rule::op_in, BinaryOp::In),
    (Rule::op_not_in, BinaryOp::NotIn),
    (Rule::op_add, BinaryOp::Add),
    (Rule::op_sub, BinaryOp::Sub),
    (Rule::op_mul, BinaryOp::Mul),
    (Rule::op_div, BinaryOp::Div),
];

/// Prefix operator rules and their AST operator (`op_if` is handled apart: it is the lowest).
const PREFIX: &[(Rule, UnaryOp)] = &[(Rule::op_neg, UnaryOp::Neg), (Rule::op_not, UnaryOp::Not)];

/// The one precedence table. `op_if` binds loosest (power 0); every other level comes from the
/// `precedence` functions of the AST, so the formatter and the parser cannot disagree.
pub(crate) fn pratt_table() -> PrattParser<Rule> {
    let mut pratt = PrattParser::new().op(Op::prefix(Rule::op_if));
    for level in 1..=WINDOW_PRECEDENCE {
        let mut ops: Option<Op<Rule>> = None;
        let mut add = |op: Op<Rule>| {
            ops = Some(match ops.take() {
                Some(prev) => prev | op,
                None => op,
            });
        };
        for (rule, op) in INFIX {
            if op.precedence() == level {
                // All infix operators are left-associative; chained comparisons are rejected
                // by the checker through their types.
                add(Op::infix(*rule, Assoc::Left));
            }
        }
        for (rule, op) in PREFIX {
            if op.precedence() == level {
                add(Op::prefix(*rule));
            }
        }
        if level == WINDOW_PRECEDENCE {
            add(Op::postfix(Rule::window));
        }
        if let Some(ops) = ops {
            pratt = pratt.op(ops);
        }
    }
    pratt
}

/// The children of a pair, consumed in order, with errors that name the parent rule.
struct Kids<'i> {
    pairs: Peekable<Pairs<'i, Rule>>,
    rule: Rule,
    span: Span,
}

impl<'i> Kids<'i> {
    fn peek_rule(&mut self) -> Option<Rule> {
        self.pairs.peek().map(Pair::as_rule)
    }

    /// The next child if it is a `rule`.
    fn opt(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        if self.peek_rule() == Some(rule) {
            self.pairs.next()
        } else {
            None
        }
    }

    /// Children while they are `rule`.
    fn many(&mut self, rule: Rule) -> Vec<Pair<'i, Rule>> {
        let mut out = Vec::new();
        while let Some(p) = self.opt(rule) {
            out.push(p);
        }
        out
    }

    fn rest(self) -> Peekable<Pairs<'i, Rule>> {
        self.pairs
    }
}

/// Lowering state: the file, the expression depth limit and the errors found so far.
pub(crate) struct Lowerer {
    file: FileId,
    max_expr_depth: usize,
    pratt: PrattParser<Rule>,
    errors: RefCell<Vec<Diagnostic>>,
}

impl Lowerer {
    /// A lowerer for `file` that refuses expressions nested deeper than `max_expr_depth`.
    pub(crate) fn new(file: FileId, max_expr_depth: usize) -> Self {
        Lowerer {
            file,
            max_expr_depth,
            pratt: pratt_table(),
            errors: RefCell::new(Vec::new()),
        }
    }

    /// The errors recorded so far.
    pub(crate) fn into_errors(self) -> Vec<Diagnostic> {
        self.errors.into_inner()
    }

    fn report(&self, d: Diagnostic) -> Reported {
        self.errors.borrow_mut().push(d);
        Reported
    }

    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, s.start(), s.end())
    }

    fn kids<'i>(&self, pair: Pair<'i, Rule>) -> Kids<'i> {
        Kids {
            rule: pair.as_rule(),
            span: self.span(&pair),
            pairs: pair.into_inner().peekable(),
        }
    }

    fn mismatch(&self, rule: Rule, span: Span) -> Reported {
        self.report(internal(&format!("{rule:?}"), span))
    }

    /// The next child, which must be a `rule`.
    fn take<'i>(&self, kids: &mut Kids<'i>, rule: Rule) -> Lowered<Pair<'i, Rule>> {
        match kids.opt(rule) {
            Some(p) => Ok(p),
            None => Err(self.mismatch(kids.rule, kids.span)),
        }
    }

    /// The next child, whatever it is.
    fn next<'i>(&self, kids: &mut Kids<'i>) -> Lowered<Pair<'i, Rule>> {
        match kids.pairs.next() {
            Some(p) => Ok(p),
            None => Err(self.mismatch(kids.rule, kids.span)),
        }
    }

    /// Checks that `pair` is a `rule`.
    fn expect_rule<'i>(&self, pair: Pair<'i, Rule>, rule: Rule) -> Lowered<Pair<'i, Rule>> {
        if pair.as_rule() == rule {
            Ok(pair)
        } else {
            Err(self.mismatch(pair.as_rule(), self.span(&pair)))
        }
    }

    // ───────────────────────────── file and header ─────────────────────────────

    /// `file`: the header and every declaration.
    pub(crate) fn lower_file(&self, pair: Pair<'_, Rule>) -> Lowered<Module> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let header_pair = self.take(&mut kids, Rule::header)?;
        let lang = match header_pair.clone().into_inner().next() {
            Some(kw) if kw.as_str() == "规则集" => Lang::Zh,
            _ => Lang::En,
        };
        let header = self.lower_header(header_pair);
        let decls = self.lower_decls(kids.rest());
        Ok(Module {
            lang,
            header: header?,
            decls: decls?,
            trailing_comments: Vec::new(),
            span,
        })
    }

    /// `decls_only`: the declarations after a syntax error (lowered to report their errors).
    pub(crate) fn lower_decls_only(&self, pair: Pair<'_, Rule>) -> Lowered<Vec<Decl>> {
        self.lower_decls(pair.into_inner().peekable())
    }

    fn lower_decls(&self, pairs: Peekable<Pairs<'_, Rule>>) -> Lowered<Vec<Decl>> {
        collect(
            pairs
                .filter(|p| p.as_rule() != Rule::EOI)
                .map(|p| self.lower_decl(p)),
        )
    }

    /// `header`.
    fn lower_header(&self, pair: Pair<'_, Rule>) -> Lowered<Header> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_rulebook)?;
        let id = self.lower_string(self.take(&mut kids, Rule::string)?);
        let mut h = HeaderBuilder::default();
        let mut failed = false;
        for member in kids.rest() {
            if self.lower_header_member(member, &mut h).is_err() {
                failed = true;
            }
        }
        let id = id?;
        if failed {
            return Err(Reported);
        }
        Ok(Header {
            comments: Vec::new(),
            id,
            title: h.title.map(|(v, _)| v),
            authority: h.authority.map(|(v, _)| v),
            version: h.version.map(|(v, _)| v),
            effective: h.effective.map(|(v, _)| v),
            imports: h.imports,
            refines: h.refines.map(|(v, _)| v),
            boundaries: h.boundaries.map(|(v, _)| v),
            rounding: h.rounding.map(|(v, _)| v),
            conflicts: h.conflicts.map(|(v, _)| v),
            placements: h.placements,
            span,
        })
    }

    fn lower_header_member(&self, pair: Pair<'_, Rule>, h: &mut HeaderBuilder) -> Lowered<()> {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::title => {
                let v = self.lower_keyed_string(pair)?;
                self.set_once(&mut h.title, v, span, "title")
            }
            Rule::authority => {
                let v = self.lower_keyed_string(pair)?;
                self.set_once(&mut h.authority, v, span, "authority")
            }
            Rule::version => {
                let v = self.lower_keyed_string(pair)?;
                self.set_once(&mut h.version, v, span, "version")
            }
            Rule::refines => {
                let v = self.lower_keyed_string(pair)?;
                self.set_once(&mut h.refines, v, span, "refines")
            }
            Rule::effective => {
                let v = self.lower_effective(pair)?;
                self.set_once(&mut h.effective, v, span, "effective")
            }
            Rule::boundaries => {
                let v = self.lower_boundaries(pair)?;
                self.set_once(&mut h.boundaries, v, span, "boundaries")
            }
            Rule::rounding => {
                let v = self.lower_rounding(pair)?;
                self.set_once(&mut h.rounding, v, span, "rounding")
            }
            Rule::conflicts => {
                let v = self.lower_conflicts(pair)?;
                self.set_once(&mut h.conflicts, v, span, "conflicts")
            }
            Rule::import => {
                h.imports.push(self.lower_import(pair)?);
                Ok(())
            }
            Rule::placement => {
                h.placements.push(self.lower_placement(pair)?);
                Ok(())
            }
            other => Err(self.mismatch(other, span)),
        }
    }

    /// Stores a header setting, or reports that it was already given.
    fn set_once<T>(
        &self,
        slot: &mut Option<(T, Span)>,
        value: T,
        span: Span,
        name: &str,
    ) -> Lowered<()> {
        match slot {
            Some((_, first)) => Err(self.report(
                Diagnostic::error(
                    codes::DUPLICATE_SETTING,
                    format!("the header sets `{name}` twice"),
                    span,
                )
                .with_label("second setting")
                .with_secondary(*first, "first set here")
                .with_help("keep one of the two settings"),
            )),
            None => {
                *slot = Some((value, span));
                Ok(())
            }
        }
    }

    /// `title`, `authority`, `version`, `refines`, `violates`, `cite`: a keyword and a string.
    fn lower_keyed_string(&self, pair: Pair<'_, Rule>) -> Lowered<Str> {
        let mut kids = self.kids(pair);
        self.next(&mut kids)?;
        self.lower_string(self.take(&mut kids, Rule::string)?)
    }

    /// `effective`.
    fn lower_effective(&self, pair: Pair<'_, Rule>) -> Lowered<Effective> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_effective)?;
        self.take(&mut kids, Rule::kw_from)?;
        let from = self.lower_date(self.take(&mut kids, Rule::date)?);
        let until = match kids.opt(Rule::kw_until) {
            Some(_) => Some(self.lower_date(self.take(&mut kids, Rule::date)?)),
            None => None,
        };
        Ok(Effective { from, until, span })
    }

    /// `import`.
    fn lower_import(&self, pair: Pair<'_, Rule>) -> Lowered<Import> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_import)?;
        let path = self.lower_string(self.take(&mut kids, Rule::string)?);
        let with = match kids.opt(Rule::kw_with) {
            Some(_) => {
                self.lower_record_value(self.take(&mut kids, Rule::record_value)?)?
                    .0
            }
            None => Vec::new(),
        };
        Ok(Import {
            path: path?,
            with,
            span,
        })
    }

    /// `boundaries`.
    fn lower_boundaries(&self, pair: Pair<'_, Rule>) -> Lowered<Boundaries> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_boundaries)?;
        let mut b = Boundaries {
            above_inclusive: None,
            below_inclusive: None,
            span,
        };
        while let Some(word) = kids.opt(Rule::bound_word) {
            let mode = self.take(&mut kids, Rule::bound_mode)?;
            let inclusive = self.lower_bound_mode(mode)?;
            let slot = match self.lower_bound_word(word)? {
                true => &mut b.above_inclusive,
                false => &mut b.below_inclusive,
            };
            *slot = Some(inclusive);
        }
        Ok(b)
    }

    /// `bound_word`: true for `above`.
    fn lower_bound_word(&self, pair: Pair<'_, Rule>) -> Lowered<bool> {
        let mut kids = self.kids(pair);
        Ok(self.next(&mut kids)?.as_rule() == Rule::kw_above)
    }

    /// `bound_mode`: true for `inclusive`.
    fn lower_bound_mode(&self, pair: Pair<'_, Rule>) -> Lowered<bool> {
        let mut kids = self.kids(pair);
        Ok(self.next(&mut kids)?.as_rule() == Rule::kw_inclusive)
    }

    /// `rounding`.
    fn lower_rounding(&self, pair: Pair<'_, Rule>) -> Lowered<Rounding> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_rounding)?;
        let unit = self.lower_number(self.take(&mut kids, Rule::number)?)?;
        let mode = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        Ok(Rounding { unit, mode, span })
    }

    /// `conflicts`.
    fn lower_conflicts(&self, pair: Pair<'_, Rule>) -> Lowered<Ident> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_conflicts)?;
        Ok(self.lower_ident(self.take(&mut kids, Rule::ident)?))
    }

    /// `placement`.
    fn lower_placement(&self, pair: Pair<'_, Rule>) -> Lowered<Placement> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_placement)?;
        let grade = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let rule = if kids.opt(Rule::kw_within).is_some() {
            PlacementRule::Within(self.lower_band(self.take(&mut kids, Rule::band)?)?)
        } else {
            self.take(&mut kids, Rule::kw_recommend)?;
            PlacementRule::Recommend(self.lower_ident(self.take(&mut kids, Rule::ident)?))
        };
        let except = match kids.opt(Rule::kw_except) {
            Some(_) => kids
                .many(Rule::item_id)
                .into_iter()
                .map(|p| self.lower_ident(p))
                .collect(),
            None => Vec::new(),
        };
        Ok(Placement {
            grade,
            rule,
            except,
            span,
        })
    }

    // ───────────────────────────── declarations ─────────────────────────────

    /// One top-level declaration (the silent `decl` rule).
    fn lower_decl(&self, pair: Pair<'_, Rule>) -> Lowered<Decl> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::facts_block => DeclKind::Facts(self.lower_facts_block(pair)?),
            Rule::params_block => DeclKind::Params(self.lower_params_block(pair)?),
            Rule::let_decl => DeclKind::Let(self.lower_let_decl(pair)?),
            Rule::enum_decl => DeclKind::Enum(self.lower_enum_decl(pair)?),
            Rule::record_decl => DeclKind::Record(self.lower_record_decl(pair)?),
            Rule::calendar => DeclKind::Calendar(self.lower_calendar(pair)?),
            Rule::circumstance => DeclKind::Circumstance(self.lower_circumstance(pair)?),
            Rule::adjust => DeclKind::Adjust(self.lower_adjust(pair)?),
            Rule::violation => DeclKind::Violation(self.lower_violation(pair)?),
            Rule::review_kind => DeclKind::ReviewKind(self.lower_review_kind(pair)?),
            Rule::review => DeclKind::Review(self.lower_review(pair)?),
            Rule::test => DeclKind::Test(self.lower_test(pair)?),
            other => return Err(self.mismatch(other, span)),
        };
        Ok(Decl {
            comments: Vec::new(),
            kind,
            span,
        })
    }

    /// `facts_block`.
    fn lower_facts_block(&self, pair: Pair<'_, Rule>) -> Lowered<Vec<FieldDecl>> {
        self.lower_field_block(pair, Rule::kw_facts)
    }

    /// `params_block`.
    fn lower_params_block(&self, pair: Pair<'_, Rule>) -> Lowered<Vec<FieldDecl>> {
        self.lower_field_block(pair, Rule::kw_params)
    }

    fn lower_field_block(&self, pair: Pair<'_, Rule>, kw: Rule) -> Lowered<Vec<FieldDecl>> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, kw)?;
        collect(kids.rest().map(|p| self.lower_field_decl(p)))
    }

    /// `field_decl`.
    fn lower_field_decl(&self, pair: Pair<'_, Rule>) -> Lowered<FieldDecl> {
        let pair = self.expect_rule(pair, Rule::field_decl)?;
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let name = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let ty = self.lower_type_expr(self.take(&mut kids, Rule::type_expr)?);
        let label = self.lower_string(self.take(&mut kids, Rule::string)?);
        let mut field = FieldDecl {
            comments: Vec::new(),
            name,
            ty: ty?,
            label: label?,
            note: None,
            default: None,
            optional: false,
            range: None,
            span,
        };
        let mut failed = false;
        for option in kids.rest() {
            let r = match option.as_rule() {
                Rule::note => self.lower_note(option).map(|n| field.note = Some(n)),
                Rule::default_value => self
                    .lower_default_value(option)
                    .map(|e| field.default = Some(e)),
                Rule::optional => {
                    field.optional = true;
                    Ok(())
                }
                Rule::value_range => self
                    .lower_value_range(option)
                    .map(|r| field.range = Some(r)),
                other => Err(self.mismatch(other, self.span(&option))),
            };
            failed |= r.is_err();
        }
        if failed { Err(Reported) } else { Ok(field) }
    }

    /// `note`.
    fn lower_note(&self, pair: Pair<'_, Rule>) -> Lowered<Str> {
        self.lower_keyed_string(pair)
    }

    /// `default_value`.
    fn lower_default_value(&self, pair: Pair<'_, Rule>) -> Lowered<Expr> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_default)?;
        self.lower_expr(self.take(&mut kids, Rule::expr)?)
    }

    /// `value_range`.
    fn lower_value_range(&self, pair: Pair<'_, Rule>) -> Lowered<(Expr, Expr)> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_range)?;
        let lo = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        self.take(&mut kids, Rule::kw_to)?;
        let hi = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        Ok((lo?, hi?))
    }

    /// `type_expr`.
    fn lower_type_expr(&self, pair: Pair<'_, Rule>) -> Lowered<TypeExpr> {
        let mut kids = self.kids(pair);
        let inner = self.next(&mut kids)?;
        let span = self.span(&inner);
        match inner.as_rule() {
            Rule::ident => Ok(TypeExpr::Named(self.lower_ident(inner))),
            Rule::inline_enum => self.lower_inline_enum(inner),
            Rule::set_type => self.lower_set_type(inner),
            Rule::list_type => self.lower_list_type(inner),
            other => Err(self.mismatch(other, span)),
        }
    }

    /// `inline_enum`.
    fn lower_inline_enum(&self, pair: Pair<'_, Rule>) -> Lowered<TypeExpr> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_enum)?;
        let variants = self.lower_variants(self.take(&mut kids, Rule::variants)?)?;
        Ok(TypeExpr::InlineEnum(variants, span))
    }

    /// `set_type`.
    fn lower_set_type(&self, pair: Pair<'_, Rule>) -> Lowered<TypeExpr> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_set_of)?;
        let inner = self.next(&mut kids)?;
        let elem = match inner.as_rule() {
            Rule::inline_enum => self.lower_inline_enum(inner)?,
            Rule::ident => TypeExpr::Named(self.lower_ident(inner)),
            other => return Err(self.mismatch(other, span)),
        };
        Ok(TypeExpr::SetOf(Box::new(elem), span))
    }

    /// `list_type`.
    fn lower_list_type(&self, pair: Pair<'_, Rule>) -> Lowered<TypeExpr> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_list_of)?;
        let name = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        Ok(TypeExpr::ListOf(name, span))
    }

    /// `variants`.
    fn lower_variants(&self, pair: Pair<'_, Rule>) -> Lowered<Vec<Variant>> {
        collect(pair.into_inner().map(|p| self.lower_variant(p)))
    }

    /// `variant`.
    fn lower_variant(&self, pair: Pair<'_, Rule>) -> Lowered<Variant> {
        let pair = self.expect_rule(pair, Rule::variant)?;
        let mut kids = self.kids(pair);
        let name = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let label = self.opt_string(&mut kids)?;
        Ok(Variant { name, label })
    }

    fn opt_string(&self, kids: &mut Kids<'_>) -> Lowered<Option<Str>> {
        kids.opt(Rule::string)
            .map(|p| self.lower_string(p))
            .transpose()
    }

    /// `enum_decl`.
    fn lower_enum_decl(&self, pair: Pair<'_, Rule>) -> Lowered<EnumDecl> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_enum)?;
        let name = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let label = self.opt_string(&mut kids);
        let variants = self.lower_variants(self.take(&mut kids, Rule::variants)?);
        Ok(EnumDecl {
            name,
            label: label?,
            variants: variants?,
        })
    }

    /// `record_decl`.
    fn lower_record_decl(&self, pair: Pair<'_, Rule>) -> Lowered<RecordDecl> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_record)?;
        let name = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let label = self.opt_string(&mut kids);
        let fields = collect(kids.rest().map(|p| self.lower_field_decl(p)));
        Ok(RecordDecl {
            name,
            label: label?,
            fields: fields?,
        })
    }

    /// `let_decl`.
    fn lower_let_decl(&self, pair: Pair<'_, Rule>) -> Lowered<LetDecl> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_let)?;
        let name = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let ty = kids
            .opt(Rule::type_expr)
            .map(|p| self.lower_type_expr(p))
            .transpose();
        let label = self.opt_string(&mut kids);
        let value = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        Ok(LetDecl {
            name,
            ty: ty?,
            label: label?,
            value: value?,
        })
    }

    /// `calendar`.
    fn lower_calendar(&self, pair: Pair<'_, Rule>) -> Lowered<CalendarDecl> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_calendar)?;
        let name = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let label = self.opt_string(&mut kids)?;
        let lines = collect(kids.rest().map(|p| self.lower_calendar_line(p)))?;
        Ok(CalendarDecl { name, label, lines })
    }

    /// `calendar_line`.
    fn lower_calendar_line(&self, pair: Pair<'_, Rule>) -> Lowered<CalendarLine> {
        let pair = self.expect_rule(pair, Rule::calendar_line)?;
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let kw = self.next(&mut kids)?;
        let workdays = kw.as_rule() == Rule::kw_workdays;
        let spans = collect(kids.rest().map(|p| self.lower_date_span(p)))?;
        Ok(CalendarLine {
            workdays,
            spans,
            span,
        })
    }

    /// `date_span`.
    fn lower_date_span(&self, pair: Pair<'_, Rule>) -> Lowered<(DateLit, Option<DateLit>)> {
        let pair = self.expect_rule(pair, Rule::date_span)?;
        let mut kids = self.kids(pair);
        let from = self.lower_date(self.take(&mut kids, Rule::date)?);
        let to = match kids.opt(Rule::kw_to) {
            Some(_) => Some(self.lower_date(self.take(&mut kids, Rule::date)?)),
            None => None,
        };
        Ok((from, to))
    }
}

/// Header settings seen so far, with the span of each for duplicate reports.
#[derive(Default)]
struct HeaderBuilder {
    title: Option<(Str, Span)>,
    authority: Option<(Str, Span)>,
    version: Option<(Str, Span)>,
    effective: Option<(Effective, Span)>,
    imports: Vec<Import>,
    refines: Option<(Str, Span)>,
    boundaries: Option<(Boundaries, Span)>,
    rounding: Option<(Rounding, Span)>,
    conflicts: Option<(Ident, Span)>,
    placements: Vec<Placement>,
}

/// Lowers every item even after a failure, so all errors are recorded.
fn collect<T>(items: impl Iterator<Item = Lowered<T>>) -> Lowered<Vec<T>> {
    let mut out = Vec::new();
    let mut failed = false;
    for item in items {
        match item {
            Ok(v) => out.push(v),
            Err(Reported) => failed = true,
        }
    }
    if failed { Err(Reported) } else { Ok(out) }
}
