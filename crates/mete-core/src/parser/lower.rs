//! pest pairs → [`crate::ast`]: one `lower_<rule>` per grammar rule.
//!
//! The lowering is total: when the tree does not have the shape a function expects (a mismatch
//! between the grammar and this file), it records a `mete::parse::internal` diagnostic naming
//! the rule and carries on, so one run reports every problem. Errors are collected in the
//! [`Lowerer`]; functions return `Err(Reported)` once theirs is recorded.
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

    // ───────────────────────────── violation items ─────────────────────────────

    /// `violation`.
    fn lower_violation(&self, pair: Pair<'_, Rule>) -> Lowered<Violation> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_violation)?;
        let id = self.lower_ident(self.take(&mut kids, Rule::item_id)?);
        let title = self.lower_string(self.take(&mut kids, Rule::string)?);
        let members = collect(kids.rest().map(|p| self.lower_item_member(p)));
        Ok(Violation {
            id,
            title: title?,
            members: members?,
        })
    }

    /// One member of a violation item (the silent `item_member` rule).
    fn lower_item_member(&self, pair: Pair<'_, Rule>) -> Lowered<ItemMember> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::violates => ItemMemberKind::Violates(self.lower_keyed_string(pair)?),
            Rule::cite => ItemMemberKind::Cite(self.lower_cite(pair)?),
            Rule::item_refines => ItemMemberKind::Refines(self.lower_item_refines(pair)?),
            Rule::conflicts => ItemMemberKind::Conflicts(self.lower_conflicts(pair)?),
            Rule::fine => ItemMemberKind::Fine(self.lower_fine(pair)?),
            Rule::tier => ItemMemberKind::Tier(self.lower_tier(pair)?),
            Rule::circumstance => ItemMemberKind::Circumstance(self.lower_circumstance(pair)?),
            Rule::adjust => ItemMemberKind::Adjust(self.lower_adjust(pair)?),
            Rule::review => ItemMemberKind::Review(self.lower_review(pair)?),
            Rule::let_decl => ItemMemberKind::Let(self.lower_let_decl(pair)?),
            Rule::sanction => ItemMemberKind::Sanction(self.lower_sanction(pair)?),
            other => return Err(self.mismatch(other, span)),
        };
        Ok(ItemMember {
            comments: Vec::new(),
            kind,
            span,
        })
    }

    /// `cite`.
    fn lower_cite(&self, pair: Pair<'_, Rule>) -> Lowered<Str> {
        let pair = self.expect_rule(pair, Rule::cite)?;
        self.lower_keyed_string(pair)
    }

    fn opt_cite(&self, kids: &mut Kids<'_>) -> Lowered<Option<Str>> {
        kids.opt(Rule::cite).map(|p| self.lower_cite(p)).transpose()
    }

    /// `item_refines`.
    fn lower_item_refines(&self, pair: Pair<'_, Rule>) -> Lowered<Ident> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_refines)?;
        Ok(self.lower_ident(self.take(&mut kids, Rule::item_id)?))
    }

    /// `modality`.
    fn lower_modality(&self, pair: Pair<'_, Rule>) -> Lowered<Modality> {
        let mut kids = self.kids(pair);
        match self.next(&mut kids)?.as_rule() {
            Rule::kw_shall => Ok(Modality::Shall),
            Rule::kw_may => Ok(Modality::May),
            other => Err(self.mismatch(other, kids.span)),
        }
    }

    fn opt_modality(&self, kids: &mut Kids<'_>) -> Lowered<Option<Modality>> {
        kids.opt(Rule::modality)
            .map(|p| self.lower_modality(p))
            .transpose()
    }

    /// `fine`.
    fn lower_fine(&self, pair: Pair<'_, Rule>) -> Lowered<FineDecl> {
        let mut kids = self.kids(pair);
        let modality = self.opt_modality(&mut kids)?;
        self.take(&mut kids, Rule::kw_fine)?;
        let body = self.next(&mut kids)?;
        let spec = match body.as_rule() {
            Rule::fine_alts => self.lower_fine_alts(body)?,
            Rule::fine_form => FineSpec::Form(self.lower_fine_form(body)?),
            other => return Err(self.mismatch(other, self.span(&body))),
        };
        Ok(FineDecl { modality, spec })
    }

    /// `fine_alts`.
    fn lower_fine_alts(&self, pair: Pair<'_, Rule>) -> Lowered<FineSpec> {
        let mut kids = self.kids(pair);
        let mut cases = Vec::new();
        let mut failed = false;
        while kids.opt(Rule::kw_when).is_some() {
            let cond = self.lower_expr(self.take(&mut kids, Rule::expr)?);
            let form = self.lower_fine_form(self.take(&mut kids, Rule::fine_form)?);
            match (cond, form) {
                (Ok(c), Ok(f)) => cases.push((c, f)),
                _ => failed = true,
            }
        }
        self.take(&mut kids, Rule::kw_otherwise)?;
        let otherwise = self.lower_fine_form(self.take(&mut kids, Rule::fine_form)?)?;
        if failed {
            return Err(Reported);
        }
        Ok(FineSpec::Alternatives { cases, otherwise })
    }

    /// `fine_form`.
    fn lower_fine_form(&self, pair: Pair<'_, Rule>) -> Lowered<FineForm> {
        let pair = self.expect_rule(pair, Rule::fine_form)?;
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let base = self.lower_fine_base(self.next(&mut kids)?);
        let limits = collect(kids.rest().map(|p| self.lower_fine_limit(p)));
        Ok(FineForm {
            base: base?,
            limits: limits?,
            span,
        })
    }

    /// The silent `fine_base` rule: one of the forms.
    fn lower_fine_base(&self, pair: Pair<'_, Rule>) -> Lowered<FineBase> {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::rate_form => self.lower_rate_form(pair),
            Rule::per_unit_form => self.lower_per_unit_form(pair),
            Rule::at_most_form => self.lower_at_most_form(pair),
            Rule::at_least_form => self.lower_at_least_form(pair),
            Rule::amount_form => self.lower_amount_form(pair),
            Rule::range_form => self.lower_range_form(pair),
            other => Err(self.mismatch(other, span)),
        }
    }

    /// `rate_form`.
    fn lower_rate_form(&self, pair: Pair<'_, Rule>) -> Lowered<FineBase> {
        let mut kids = self.kids(pair);
        let from = self.lower_rate(self.next(&mut kids)?);
        let to = match kids.opt(Rule::kw_to) {
            Some(_) => Some(self.lower_rate(self.next(&mut kids)?)),
            None => None,
        };
        self.take(&mut kids, Rule::kw_of)?;
        let base = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        Ok(FineBase::Rate {
            from: from?,
            to: to.transpose()?,
            base: base?,
        })
    }

    /// The silent `rate` rule: `times` or `percent`.
    fn lower_rate(&self, pair: Pair<'_, Rule>) -> Lowered<Rate> {
        match pair.as_rule() {
            Rule::times => Ok(Rate::Times(self.lower_times(pair)?)),
            Rule::percent => Ok(Rate::Percent(self.lower_percent(pair)?)),
            other => Err(self.mismatch(other, self.span(&pair))),
        }
    }

    /// `per_unit_form`.
    fn lower_per_unit_form(&self, pair: Pair<'_, Rule>) -> Lowered<FineBase> {
        let mut kids = self.kids(pair);
        let amount = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        self.take(&mut kids, Rule::kw_per)?;
        let unit = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        self.take(&mut kids, Rule::kw_of)?;
        let quantity = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        let rounding = match kids.opt(Rule::unit_rounding) {
            Some(p) => self.lower_unit_rounding(p)?,
            None => UnitRounding::Exact,
        };
        Ok(FineBase::PerUnit {
            amount: amount?,
            unit: unit?,
            quantity: quantity?,
            rounding,
        })
    }

    /// `unit_rounding`.
    fn lower_unit_rounding(&self, pair: Pair<'_, Rule>) -> Lowered<UnitRounding> {
        let mut kids = self.kids(pair);
        match self.next(&mut kids)?.as_rule() {
            Rule::kw_up => Ok(UnitRounding::Up),
            Rule::kw_down => Ok(UnitRounding::Down),
            other => Err(self.mismatch(other, kids.span)),
        }
    }

    /// `keyword expr` forms: the expression.
    fn lower_keyed_expr(&self, pair: Pair<'_, Rule>) -> Lowered<Expr> {
        let mut kids = self.kids(pair);
        self.next(&mut kids)?;
        self.lower_expr(self.take(&mut kids, Rule::expr)?)
    }

    /// `at_most_form`.
    fn lower_at_most_form(&self, pair: Pair<'_, Rule>) -> Lowered<FineBase> {
        Ok(FineBase::UpTo(self.lower_keyed_expr(pair)?))
    }

    /// `at_least_form`.
    fn lower_at_least_form(&self, pair: Pair<'_, Rule>) -> Lowered<FineBase> {
        Ok(FineBase::AtLeast(self.lower_keyed_expr(pair)?))
    }

    /// `amount_form`.
    fn lower_amount_form(&self, pair: Pair<'_, Rule>) -> Lowered<FineBase> {
        Ok(FineBase::Amount(self.lower_keyed_expr(pair)?))
    }

    /// `range_form`.
    fn lower_range_form(&self, pair: Pair<'_, Rule>) -> Lowered<FineBase> {
        let mut kids = self.kids(pair);
        let lo = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        self.take(&mut kids, Rule::kw_to)?;
        let hi = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        Ok(FineBase::Range(lo?, hi?))
    }

    /// `fine_limit`.
    fn lower_fine_limit(&self, pair: Pair<'_, Rule>) -> Lowered<FineLimit> {
        let pair = self.expect_rule(pair, Rule::fine_limit)?;
        let mut kids = self.kids(pair);
        let at_most = self.next(&mut kids)?.as_rule() == Rule::kw_at_most;
        let e = self.lower_expr(self.take(&mut kids, Rule::expr)?)?;
        Ok(if at_most {
            FineLimit::AtMost(e)
        } else {
            FineLimit::AtLeast(e)
        })
    }

    /// `tier`.
    fn lower_tier(&self, pair: Pair<'_, Rule>) -> Lowered<Tier> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_tier)?;
        let id = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let label = self.lower_string(self.take(&mut kids, Rule::string)?);
        let grade = kids.opt(Rule::ident).map(|p| self.lower_ident(p));
        let when = match kids.opt(Rule::kw_when) {
            Some(_) => Some(self.lower_expr(self.take(&mut kids, Rule::expr)?)),
            None => {
                self.take(&mut kids, Rule::tier_otherwise)?;
                None
            }
        };
        let band = kids.opt(Rule::band).map(|p| self.lower_band(p));
        let recommend = match kids.opt(Rule::kw_recommend) {
            Some(_) => Some(self.lower_ident(self.take(&mut kids, Rule::ident)?)),
            None => None,
        };
        let cite = self.opt_cite(&mut kids);
        let body = kids.opt(Rule::tier_body).map(|p| self.lower_tier_body(p));
        let (add, drop) = body.transpose()?.unwrap_or_default();
        Ok(Tier {
            id,
            label: label?,
            grade,
            when: when.transpose()?,
            band: band.transpose()?,
            recommend,
            cite: cite?,
            add,
            drop,
            span,
        })
    }

    /// `tier_body`: the `add` and `drop` members.
    fn lower_tier_body(&self, pair: Pair<'_, Rule>) -> Lowered<(Vec<Sanction>, Vec<Ident>)> {
        let mut add = Vec::new();
        let mut drop = Vec::new();
        let mut failed = false;
        for member in pair.into_inner() {
            match member.as_rule() {
                Rule::tier_add => match self.lower_tier_add(member) {
                    Ok(s) => add.push(s),
                    Err(_) => failed = true,
                },
                Rule::tier_drop => match self.lower_tier_drop(member) {
                    Ok(i) => drop.push(i),
                    Err(_) => failed = true,
                },
                other => {
                    self.mismatch(other, self.span(&member));
                    failed = true;
                }
            }
        }
        if failed {
            Err(Reported)
        } else {
            Ok((add, drop))
        }
    }

    /// `tier_add`.
    fn lower_tier_add(&self, pair: Pair<'_, Rule>) -> Lowered<Sanction> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_add)?;
        self.lower_sanction(self.take(&mut kids, Rule::sanction)?)
    }

    /// `tier_drop`: `drop fine` gives the name `fine` in either language.
    fn lower_tier_drop(&self, pair: Pair<'_, Rule>) -> Lowered<Ident> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_drop)?;
        self.lower_fine_or_ident(self.next(&mut kids)?)
    }

    /// `kw_fine | ident`: the keyword becomes the name `fine`.
    fn lower_fine_or_ident(&self, pair: Pair<'_, Rule>) -> Lowered<Ident> {
        match pair.as_rule() {
            Rule::kw_fine => Ok(Ident {
                name: "fine".to_string(),
                span: self.span(&pair),
            }),
            Rule::ident => Ok(self.lower_ident(pair)),
            other => Err(self.mismatch(other, self.span(&pair))),
        }
    }

    /// `band`.
    fn lower_band(&self, pair: Pair<'_, Rule>) -> Lowered<Band> {
        let pair = self.expect_rule(pair, Rule::band)?;
        let mut kids = self.kids(pair);
        let inner = self.next(&mut kids)?;
        match inner.as_rule() {
            Rule::share_band => self.lower_share_band(inner),
            Rule::fine_form => Ok(Band::Form(self.lower_fine_form(inner)?)),
            other => Err(self.mismatch(other, self.span(&inner))),
        }
    }

    /// `share_band`.
    fn lower_share_band(&self, pair: Pair<'_, Rule>) -> Lowered<Band> {
        let mut kids = self.kids(pair);
        if kids.opt(Rule::kw_lower).is_some() {
            return Ok(Band::Lower(
                self.lower_percent(self.take(&mut kids, Rule::percent)?)?,
            ));
        }
        if kids.opt(Rule::kw_upper).is_some() {
            return Ok(Band::Upper(
                self.lower_percent(self.take(&mut kids, Rule::percent)?)?,
            ));
        }
        let from = self.lower_percent(self.take(&mut kids, Rule::percent)?)?;
        self.take(&mut kids, Rule::kw_to)?;
        let to = self.lower_percent(self.take(&mut kids, Rule::percent)?)?;
        Ok(Band::Share(from, to))
    }

    /// `sanction`.
    fn lower_sanction(&self, pair: Pair<'_, Rule>) -> Lowered<Sanction> {
        let pair = self.expect_rule(pair, Rule::sanction)?;
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let modality = self.opt_modality(&mut kids)?;
        let kind = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let arg = kids
            .opt(Rule::sanction_arg)
            .map(|p| self.lower_sanction_arg(p))
            .transpose();
        let when = match kids.opt(Rule::kw_when) {
            Some(_) => Some(self.lower_expr(self.take(&mut kids, Rule::expr)?)?),
            None => None,
        };
        Ok(Sanction {
            modality,
            kind,
            arg: arg?,
            when,
            span,
        })
    }

    /// `sanction_arg`.
    fn lower_sanction_arg(&self, pair: Pair<'_, Rule>) -> Lowered<SanctionArg> {
        let mut kids = self.kids(pair);
        if kids.opt(Rule::kw_of).is_some() {
            return Ok(SanctionArg::Of(
                self.lower_expr(self.take(&mut kids, Rule::expr)?)?,
            ));
        }
        let from = self.lower_duration(self.take(&mut kids, Rule::duration)?)?;
        let to = match kids.opt(Rule::kw_to) {
            Some(_) => Some(self.lower_duration(self.take(&mut kids, Rule::duration)?)?),
            None => None,
        };
        Ok(SanctionArg::Duration(from, to))
    }

    /// `circumstance`.
    fn lower_circumstance(&self, pair: Pair<'_, Rule>) -> Lowered<Circumstance> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_circumstance)?;
        let id = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let label = self.lower_string(self.take(&mut kids, Rule::string)?);
        let scope = match kids.opt(Rule::circ_scope) {
            Some(p) => self.lower_circ_scope(p)?,
            None => Vec::new(),
        };
        let mut c = Circumstance {
            id,
            label: label?,
            scope,
            cite: Vec::new(),
            when: None,
            effect: None,
            obligations: Vec::new(),
            span,
        };
        let mut when_span: Option<Span> = None;
        let mut effect_span: Option<Span> = None;
        let mut failed = false;
        for member in kids.rest() {
            let mspan = self.span(&member);
            let r = match member.as_rule() {
                Rule::cite => self.lower_cite(member).map(|s| c.cite.push(s)),
                Rule::circ_when => self.lower_circ_when(member).and_then(|e| {
                    self.member_once(&mut when_span, mspan, "a condition (`when`)")?;
                    c.when = Some(e);
                    Ok(())
                }),
                Rule::effect => self.lower_effect(member).and_then(|e| {
                    self.member_once(&mut effect_span, mspan, "an effect")?;
                    c.effect = Some(e);
                    Ok(())
                }),
                Rule::obligation => self.lower_obligation(member).map(|o| c.obligations.push(o)),
                other => Err(self.mismatch(other, mspan)),
            };
            failed |= r.is_err();
        }
        if failed { Err(Reported) } else { Ok(c) }
    }

    /// Records the first span of a circumstance member, or reports a second one.
    fn member_once(&self, first: &mut Option<Span>, span: Span, what: &str) -> Lowered<()> {
        match first {
            Some(f) => Err(self.report(
                Diagnostic::error(
                    codes::DUPLICATE_MEMBER,
                    format!("this circumstance already has {what}"),
                    span,
                )
                .with_label("second one")
                .with_secondary(*f, "first one")
                .with_help("a circumstance has one condition and one effect: combine conditions with `and` / `or`, or declare a second circumstance"),
            )),
            None => {
                *first = Some(span);
                Ok(())
            }
        }
    }

    /// `circ_scope`.
    fn lower_circ_scope(&self, pair: Pair<'_, Rule>) -> Lowered<Vec<Ident>> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_for)?;
        Ok(kids
            .many(Rule::item_id)
            .into_iter()
            .map(|p| self.lower_ident(p))
            .collect())
    }

    /// `circ_when`.
    fn lower_circ_when(&self, pair: Pair<'_, Rule>) -> Lowered<Expr> {
        self.lower_keyed_expr(pair)
    }

    /// `effect`.
    fn lower_effect(&self, pair: Pair<'_, Rule>) -> Lowered<Effect> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let modality = self.opt_modality(&mut kids)?;
        let kind = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let target = match kids.opt(Rule::kw_to) {
            Some(_) => Some(self.lower_effect_target(self.take(&mut kids, Rule::effect_target)?)?),
            None => None,
        };
        Ok(Effect {
            modality,
            kind,
            target,
            span,
        })
    }

    /// `effect_target`.
    fn lower_effect_target(&self, pair: Pair<'_, Rule>) -> Lowered<EffectTarget> {
        let mut kids = self.kids(pair);
        let inner = self.next(&mut kids)?;
        match inner.as_rule() {
            Rule::band => Ok(EffectTarget::Band(self.lower_band(inner)?)),
            Rule::ident => Ok(EffectTarget::Point(self.lower_ident(inner))),
            other => Err(self.mismatch(other, self.span(&inner))),
        }
    }

    /// `obligation`.
    fn lower_obligation(&self, pair: Pair<'_, Rule>) -> Lowered<Obligation> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_obligation)?;
        let text = self.lower_string(self.take(&mut kids, Rule::string)?);
        let cite = self.opt_cite(&mut kids);
        Ok(Obligation {
            text: text?,
            cite: cite?,
            span,
        })
    }

    /// `adjust`.
    fn lower_adjust(&self, pair: Pair<'_, Rule>) -> Lowered<Adjust> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_adjust)?;
        let id = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let label = self.lower_string(self.take(&mut kids, Rule::string)?);
        self.take(&mut kids, Rule::kw_when)?;
        let when = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        let action = self.lower_adjust_action(self.take(&mut kids, Rule::adjust_action)?);
        let cite = self.opt_cite(&mut kids);
        Ok(Adjust {
            id,
            label: label?,
            when: when?,
            action: action?,
            cite: cite?,
            span,
        })
    }

    /// `adjust_action`.
    fn lower_adjust_action(&self, pair: Pair<'_, Rule>) -> Lowered<AdjustAction> {
        let mut kids = self.kids(pair);
        let inner = self.next(&mut kids)?;
        let span = self.span(&inner);
        let rule = inner.as_rule();
        let mut kids = self.kids(inner);
        match rule {
            Rule::adjust_up | Rule::adjust_down => {
                self.next(&mut kids)?;
                let n = self.lower_number(self.take(&mut kids, Rule::number)?)?;
                Ok(if rule == Rule::adjust_up {
                    AdjustAction::Up(n)
                } else {
                    AdjustAction::Down(n)
                })
            }
            Rule::adjust_to => {
                self.take(&mut kids, Rule::kw_to)?;
                Ok(AdjustAction::To(
                    self.lower_ident(self.take(&mut kids, Rule::ident)?),
                ))
            }
            Rule::adjust_discount => {
                self.take(&mut kids, Rule::kw_discount)?;
                let from = self.lower_percent(self.take(&mut kids, Rule::percent)?)?;
                let to = match kids.opt(Rule::kw_to) {
                    Some(_) => Some(self.lower_percent(self.take(&mut kids, Rule::percent)?)?),
                    None => None,
                };
                let floor = match kids.opt(Rule::kw_at_least) {
                    Some(_) => Some(self.lower_expr(self.take(&mut kids, Rule::expr)?)?),
                    None => None,
                };
                Ok(AdjustAction::Discount { from, to, floor })
            }
            other => Err(self.mismatch(other, span)),
        }
    }

    /// `review_kind`.
    fn lower_review_kind(&self, pair: Pair<'_, Rule>) -> Lowered<ReviewKindDecl> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_review)?;
        self.take(&mut kids, Rule::kw_kind)?;
        let name = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let label = self.lower_string(self.take(&mut kids, Rule::string)?)?;
        Ok(ReviewKindDecl { name, label })
    }

    /// `review`.
    fn lower_review(&self, pair: Pair<'_, Rule>) -> Lowered<Review> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_review)?;
        let id = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let label = self.lower_string(self.take(&mut kids, Rule::string)?);
        let kind = match kids.opt(Rule::kw_kind) {
            Some(_) => Some(self.lower_ident(self.take(&mut kids, Rule::ident)?)),
            None => None,
        };
        self.take(&mut kids, Rule::kw_when)?;
        let when = self.lower_expr(self.take(&mut kids, Rule::expr)?);
        let cite = self.opt_cite(&mut kids);
        Ok(Review {
            id,
            label: label?,
            kind,
            when: when?,
            cite: cite?,
            span,
        })
    }

    // ───────────────────────────── tests and values ─────────────────────────────

    /// `test`.
    fn lower_test(&self, pair: Pair<'_, Rule>) -> Lowered<TestDecl> {
        let mut kids = self.kids(pair);
        self.take(&mut kids, Rule::kw_test)?;
        let name = self.lower_string(self.take(&mut kids, Rule::string)?);
        self.take(&mut kids, Rule::kw_given)?;
        let given = self.lower_record_value(self.take(&mut kids, Rule::record_value)?);
        self.take(&mut kids, Rule::kw_expect)?;
        let expect = self.lower_record_value(self.take(&mut kids, Rule::record_value)?);
        Ok(TestDecl {
            name: name?,
            given: given?.0,
            expect: expect?.0,
        })
    }

    /// `value`.
    fn lower_value(&self, pair: Pair<'_, Rule>) -> Lowered<Value> {
        let pair = self.expect_rule(pair, Rule::value)?;
        let mut kids = self.kids(pair);
        let inner = self.next(&mut kids)?;
        let span = self.span(&inner);
        match inner.as_rule() {
            Rule::date => Ok(Value::Date(self.lower_date(inner))),
            Rule::duration => Ok(Value::Duration(self.lower_duration(inner)?)),
            Rule::value_range_lit => self.lower_value_range_lit(inner),
            Rule::signed_number => Ok(Value::Number(self.lower_signed_number(inner)?)),
            Rule::percent => Ok(Value::Percent(self.lower_percent(inner)?)),
            Rule::string => Ok(Value::Str(self.lower_string(inner)?)),
            Rule::bool_lit => Ok(Value::Bool(self.lower_bool_lit(inner)?, span)),
            Rule::list_value => self.lower_list_value(inner),
            Rule::record_value => {
                let (fields, span) = self.lower_record_value(inner)?;
                Ok(Value::Record(fields, span))
            }
            Rule::item_id => Ok(Value::Name(self.lower_ident(inner))),
            other => Err(self.mismatch(other, span)),
        }
    }

    /// `value_range_lit`.
    fn lower_value_range_lit(&self, pair: Pair<'_, Rule>) -> Lowered<Value> {
        let mut kids = self.kids(pair);
        let lo = self.lower_signed_number(self.take(&mut kids, Rule::signed_number)?)?;
        self.take(&mut kids, Rule::kw_to)?;
        let hi = self.lower_signed_number(self.take(&mut kids, Rule::signed_number)?)?;
        Ok(Value::Range(lo, hi))
    }

    /// `signed_number`: a leading `-` becomes part of the text.
    fn lower_signed_number(&self, pair: Pair<'_, Rule>) -> Lowered<NumberLit> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let negative = kids.opt(Rule::neg_sign).is_some();
        let mut n = self.lower_number(self.take(&mut kids, Rule::number)?)?;
        if negative {
            n.text.insert(0, '-');
        }
        n.span = span;
        Ok(n)
    }

    /// `bool_lit`.
    fn lower_bool_lit(&self, pair: Pair<'_, Rule>) -> Lowered<bool> {
        let mut kids = self.kids(pair);
        Ok(self.next(&mut kids)?.as_rule() == Rule::kw_true)
    }

    /// `list_value`.
    fn lower_list_value(&self, pair: Pair<'_, Rule>) -> Lowered<Value> {
        let span = self.span(&pair);
        let items = collect(pair.into_inner().map(|p| self.lower_value(p)))?;
        Ok(Value::List(items, span))
    }

    /// `record_value`: the fields and the span of the braces.
    fn lower_record_value(&self, pair: Pair<'_, Rule>) -> Lowered<(Vec<Field>, Span)> {
        let span = self.span(&pair);
        let fields = collect(pair.into_inner().map(|p| self.lower_record_field(p)))?;
        Ok((fields, span))
    }

    /// `record_field`.
    fn lower_record_field(&self, pair: Pair<'_, Rule>) -> Lowered<Field> {
        let pair = self.expect_rule(pair, Rule::record_field)?;
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let key = self.lower_record_key(self.take(&mut kids, Rule::record_key)?);
        let value = self.lower_value(self.take(&mut kids, Rule::value)?);
        Ok(Field {
            key: key?,
            value: value?,
            span,
        })
    }

    /// `record_key`: keyword keys become their English name, quoted keys their text.
    fn lower_record_key(&self, pair: Pair<'_, Rule>) -> Lowered<Ident> {
        let mut kids = self.kids(pair);
        let inner = self.next(&mut kids)?;
        let span = self.span(&inner);
        let name = match inner.as_rule() {
            Rule::ident => return Ok(self.lower_ident(inner)),
            Rule::string => {
                let s = self.lower_string(inner)?;
                return Ok(Ident {
                    name: s.value,
                    span,
                });
            }
            Rule::kw_act_date => "act_date",
            Rule::kw_decision_date => "decision_date",
            Rule::kw_fine => "fine",
            Rule::kw_tier => "tier",
            Rule::kw_outcome => "outcome",
            Rule::kw_violation => "violation",
            other => return Err(self.mismatch(other, span)),
        };
        Ok(Ident {
            name: name.to_string(),
            span,
        })
    }

    // ───────────────────────────── literals ─────────────────────────────

    /// `ident` and `item_id`: the text as written.
    fn lower_ident(&self, pair: Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(&pair),
        }
    }

    /// `date`: the text, validated by the checker.
    fn lower_date(&self, pair: Pair<'_, Rule>) -> DateLit {
        DateLit {
            text: pair.as_str().to_string(),
            span: self.span(&pair),
        }
    }

    /// `number_digits`: the digits without `_` separators.
    fn lower_number_digits(&self, pair: Pair<'_, Rule>) -> Lowered<String> {
        let pair = self.expect_rule(pair, Rule::number_digits)?;
        Ok(pair.as_str().chars().filter(|c| *c != '_').collect())
    }

    /// `number`: digits and an optional `元` / `yuan`.
    fn lower_number(&self, pair: Pair<'_, Rule>) -> Lowered<NumberLit> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let text = self.lower_number_digits(self.next(&mut kids)?)?;
        let yuan = kids.opt(Rule::yuan_suffix).is_some();
        Ok(NumberLit { text, yuan, span })
    }

    /// `percent`: the number before `%`.
    fn lower_percent(&self, pair: Pair<'_, Rule>) -> Lowered<NumberLit> {
        let pair = self.expect_rule(pair, Rule::percent)?;
        self.lower_digits_only(pair)
    }

    /// `times`: the number before `x`.
    fn lower_times(&self, pair: Pair<'_, Rule>) -> Lowered<NumberLit> {
        self.lower_digits_only(pair)
    }

    fn lower_digits_only(&self, pair: Pair<'_, Rule>) -> Lowered<NumberLit> {
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
    fn lower_duration(&self, pair: Pair<'_, Rule>) -> Lowered<DurationLit> {
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
    fn lower_duration_unit(&self, pair: Pair<'_, Rule>) -> Lowered<DurationUnit> {
        let mut kids = self.kids(pair);
        match self.next(&mut kids)?.as_rule() {
            Rule::unit_years => Ok(DurationUnit::Years),
            Rule::unit_months => Ok(DurationUnit::Months),
            Rule::unit_days => Ok(DurationUnit::Days),
            other => Err(self.mismatch(other, kids.span)),
        }
    }

    /// `string`: `"…"` unescaped, `“…”` raw.
    fn lower_string(&self, pair: Pair<'_, Rule>) -> Lowered<Str> {
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

    /// Resolves `\" \\ \n \t \u{…}` in a `string_body`.
    fn unescape(&self, body: Pair<'_, Rule>) -> Lowered<String> {
        let start = body.as_span().start();
        let raw = body.as_str();
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.char_indices();
        let mut failed = false;
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'u')) => {
                    // The grammar guarantees `{`, 1 to 6 hex digits and `}`.
                    let mut hex = String::new();
                    let mut end = i + 2;
                    for (j, d) in chars.by_ref() {
                        end = j + d.len_utf8();
                        match d {
                            '{' => {}
                            '}' => break,
                            d => hex.push(d),
                        }
                    }
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(ch) => out.push(ch),
                        None => {
                            failed = true;
                            self.report(
                                Diagnostic::error(
                                    codes::INVALID_ESCAPE,
                                    format!("`\\u{{{hex}}}` is not a Unicode character"),
                                    Span::new(self.file, start + i, start + end),
                                )
                                .with_help("use a code point up to `10FFFF` outside `D800`–`DFFF`"),
                            );
                        }
                    }
                }
                _ => {
                    failed = true;
                    self.report(internal(
                        "escape",
                        Span::new(self.file, start + i, start + i + 1),
                    ));
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

    fn lower_expr_depth(&self, pair: Pair<'_, Rule>) -> Lowered<(Expr, usize)> {
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
    fn node(&self, kind: ExprKind, span: Span, depth: usize) -> Lowered<(Expr, usize)> {
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
    fn lower_prefix(
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
    fn lower_infix(
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
    fn lower_window(&self, lhs: (Expr, usize), op: Pair<'_, Rule>) -> Lowered<(Expr, usize)> {
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
    fn lower_window_dir(&self, pair: Pair<'_, Rule>) -> Lowered<WindowDir> {
        let mut kids = self.kids(pair);
        match self.next(&mut kids)?.as_rule() {
            Rule::kw_before => Ok(WindowDir::Before),
            Rule::kw_after => Ok(WindowDir::After),
            other => Err(self.mismatch(other, kids.span)),
        }
    }

    /// The silent `primary` rule: one operand.
    fn lower_primary(&self, pair: Pair<'_, Rule>) -> Lowered<(Expr, usize)> {
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
    fn lower_expr_list(&self, pair: Pair<'_, Rule>) -> Lowered<(Vec<Expr>, usize)> {
        let items = collect(pair.into_inner().map(|p| self.lower_expr_depth(p)))?;
        let depth = items.iter().map(|(_, d)| *d).max().unwrap_or(0);
        Ok((items.into_iter().map(|(e, _)| e).collect(), depth))
    }

    /// `call`.
    fn lower_call(&self, pair: Pair<'_, Rule>) -> Lowered<(Expr, usize)> {
        let span = self.span(&pair);
        let mut kids = self.kids(pair);
        let name = self.lower_ident(self.take(&mut kids, Rule::ident)?);
        let args = collect(kids.rest().map(|p| self.lower_call_arg(p)))?;
        let depth = args.iter().map(|(_, d)| *d).max().unwrap_or(0);
        let args = args.into_iter().map(|(a, _)| a).collect();
        self.node(ExprKind::Call(name, args), span, depth)
    }

    /// `call_arg`.
    fn lower_call_arg(&self, pair: Pair<'_, Rule>) -> Lowered<(CallArg, usize)> {
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
