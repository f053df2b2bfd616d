//! `test` blocks: `given` values typed against the facts, `expect` values shaped by key. Also
//! the conversion of literal values (tests, import settings) to typed values.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::err;
use super::resolve::{Checker, ValueName};
use super::types::{
    duplicate, parse_date, parse_decimal, parse_duration, parse_percent, with_suggestion,
};
use crate::ast::{self, DeclKind, ItemMemberKind};
use crate::diagnostic::Diagnostic;
use crate::ir::{Expectations, ItemId, TestDef, Type, Value};
use crate::span::Span;
use crate::vocab::{ExpectKey, GivenKey, Outcome, SanctionKind};

fn value_span(v: &ast::Value) -> Span {
    match v {
        ast::Value::Number(n) | ast::Value::Percent(n) => n.span,
        ast::Value::Date(d) => d.span,
        ast::Value::Duration(d) => d.span,
        ast::Value::Range(a, b) => a.span.to(b.span),
        ast::Value::Str(s) => s.span,
        ast::Value::Bool(_, s) | ast::Value::List(_, s) | ast::Value::Record(_, s) => *s,
        ast::Value::Name(i) => i.span,
    }
}

/// Why a literal value was refused.
pub(super) enum Bad {
    /// It does not fit the type: where, and why (the caller adds its own code and message).
    Misfit(Span, String),
    /// A problem with a code of its own: an unknown variant or field, a malformed literal.
    Own(Diagnostic),
}

impl Checker<'_> {
    /// Converts a literal value to type `ty`, or says where and why it does not fit.
    pub(super) fn literal_value(&self, v: &ast::Value, ty: Type) -> Result<Value, Bad> {
        let span = value_span(v);
        let want = self.ty_name(ty);
        let mismatch = || Bad::Misfit(span, format!("expected {want}"));
        let num = |n: &ast::NumberLit| parse_decimal(n).map_err(Bad::Own);
        match (v, ty) {
            (ast::Value::Number(n), Type::Int) if !n.yuan => {
                let d = num(n)?;
                if !d.fract().is_zero() {
                    return Err(Bad::Misfit(span, "expected a whole number".into()));
                }
                i64::try_from(d)
                    .map(Value::Int)
                    .map_err(|_| Bad::Misfit(span, "too large".into()))
            }
            (ast::Value::Number(n), Type::Decimal) if !n.yuan => Ok(Value::Decimal(num(n)?)),
            (ast::Value::Number(n), Type::Money) => Ok(Value::Money(num(n)?)),
            (ast::Value::Percent(n), Type::Decimal) => {
                parse_percent(n).map(Value::Decimal).map_err(Bad::Own)
            }
            (ast::Value::Date(d), Type::Date) => parse_date(d).map(Value::Date).map_err(Bad::Own),
            (ast::Value::Duration(d), Type::Duration) => {
                parse_duration(d).map(Value::Duration).map_err(Bad::Own)
            }
            (ast::Value::Str(s), Type::Text) => Ok(Value::Text(s.value.clone())),
            (ast::Value::Bool(b, _), Type::Bool) => Ok(Value::Bool(*b)),
            (ast::Value::Name(id), Type::Enum(e)) => self
                .variant_index(e, &id.name)
                .map(|i| Value::Enum(e, i))
                .ok_or_else(|| Bad::Own(self.unknown_variant(e, id))),
            (ast::Value::List(xs, _), Type::Set(e)) => {
                let mut set = BTreeSet::new();
                for x in xs {
                    if let Value::Enum(_, i) = self.literal_value(x, Type::Enum(e))? {
                        set.insert(i);
                    }
                }
                Ok(Value::Set(e, set))
            }
            (ast::Value::List(xs, _), Type::List(r)) => {
                let mut out = Vec::new();
                for x in xs {
                    let ast::Value::Record(fields, rspan) = x else {
                        return Err(Bad::Misfit(
                            value_span(x),
                            "expected a record `{ field: value, … }`".into(),
                        ));
                    };
                    out.push(self.record_value(r, fields, *rspan)?);
                }
                Ok(Value::List(r, out))
            }
            _ => Err(mismatch()),
        }
    }

    fn record_value(
        &self,
        r: crate::ir::RecordId,
        fields: &[ast::Field],
        span: Span,
    ) -> Result<Vec<Option<Value>>, Bad> {
        let rec = self
            .records
            .get(r.index())
            .ok_or_else(|| Bad::Misfit(span, "unknown record".to_string()))?;
        let mut out: Vec<Option<Value>> = rec.fields.iter().map(|f| f.default.clone()).collect();
        let mut given = BTreeSet::new();
        for f in fields {
            let Some(i) = rec.fields.iter().position(|d| d.name == f.key.name) else {
                return Err(Bad::Own(self.unknown_field(r, &f.key)));
            };
            let ty = rec
                .fields
                .get(i)
                .map(|d| d.ty)
                .ok_or_else(|| Bad::Misfit(f.span, String::new()))?;
            let v = self.literal_value(&f.value, ty)?;
            if let Some(slot) = out.get_mut(i) {
                *slot = Some(v);
            }
            given.insert(i);
        }
        for (i, d) in rec.fields.iter().enumerate() {
            if !given.contains(&i) && d.default.is_none() && !d.optional {
                return Err(Bad::Misfit(span, format!("missing field `{}`", d.name)));
            }
        }
        Ok(out)
    }

    /// A bare name, or an error with `code` saying that `what` was expected (and `help`).
    fn name_value<'v>(
        &mut self,
        v: &'v ast::Value,
        code: &'static str,
        what: &str,
        help: &str,
    ) -> Option<&'v ast::Ident> {
        match v {
            ast::Value::Name(id) => Some(id),
            other => {
                self.diags.push(
                    Diagnostic::error(code, format!("expected {what}"), value_span(other))
                        .with_label(format!("not {what}"))
                        .with_help(help),
                );
                None
            }
        }
    }

    /// How to name a violation item in a test, with an id of this rulebook.
    fn item_id_help(&self) -> String {
        match self.items.first() {
            Some(v) => format!(
                "write the id of a violation item without quotes, such as `{}`",
                v.id.name
            ),
            None => "write the id of a violation item without quotes".to_string(),
        }
    }

    fn names_list<'v>(&mut self, v: &'v ast::Value, what: &str) -> Option<Vec<&'v ast::Ident>> {
        let ast::Value::List(xs, _) = v else {
            self.diags.push(
                Diagnostic::error(
                    err::EXPECT_VALUE,
                    format!("expected a list of {what}"),
                    value_span(v),
                )
                .with_label("not a list")
                .with_help("write `[a, b]`, or `[]` for none"),
            );
            return None;
        };
        let mut out = Vec::new();
        for x in xs {
            out.push(self.name_value(
                x,
                err::EXPECT_VALUE,
                what,
                "write the names without quotes: `[a, b]`",
            ));
        }
        out.into_iter().collect()
    }

    /// Reports a refused value: a misfit under `code` with `msg` and `help`, or the problem's
    /// own diagnostic.
    fn bad_value(&mut self, code: &'static str, msg: String, bad: Bad, help: String) {
        let d = match bad {
            Bad::Misfit(span, why) => Diagnostic::error(code, msg, span)
                .with_label(why)
                .with_help(help),
            Bad::Own(d) => d,
        };
        self.diags.push(d);
    }

    pub(super) fn check_tests(&mut self) -> Vec<TestDef> {
        let mut seen: BTreeMap<String, Span> = BTreeMap::new();
        let mut out = Vec::new();
        let tests: Vec<&ast::TestDecl> = self
            .decls()
            .filter_map(|d| match &d.kind {
                DeclKind::Test(t) => Some(t),
                _ => None,
            })
            .collect();
        for t in tests {
            if let Some(first) = seen.get(&t.name.value) {
                self.diags
                    .push(duplicate("test", &t.name.value, t.name.span, *first));
                continue;
            }
            seen.insert(t.name.value.clone(), t.name.span);
            out.extend(self.test(t));
        }
        out
    }

    fn test(&mut self, t: &ast::TestDecl) -> Option<TestDef> {
        let mut def = TestDef {
            name: t.name.value.clone(),
            violation: None,
            violations: Vec::new(),
            act_date: None,
            decision_date: None,
            facts: Vec::new(),
            expect: Expectations::default(),
            span: t.name.span,
        };
        let mut ok = true;
        let mut given_facts = BTreeSet::new();
        for f in &t.given {
            if let Some(k) = GivenKey::from_name(&f.key.name) {
                match k {
                    GivenKey::Violation => {
                        let help = self.item_id_help();
                        def.violation = self
                            .name_value(&f.value, err::GIVEN_VALUE, "a violation item id", &help)
                            .and_then(|i| self.item_ref(i));
                        ok &= def.violation.is_some();
                    }
                    GivenKey::Violations => match &f.value {
                        ast::Value::List(xs, _) => {
                            let help = self.item_id_help();
                            for x in xs {
                                let i = self
                                    .name_value(x, err::GIVEN_VALUE, "a violation item id", &help)
                                    .and_then(|i| self.item_ref(i));
                                ok &= i.is_some();
                                def.violations.extend(i);
                            }
                        }
                        other => {
                            self.bad_value(
                                err::GIVEN_VALUE,
                                "`violations` lists item ids".into(),
                                Bad::Misfit(value_span(other), "not a list".into()),
                                "write the ids in brackets: `violations: [A-1, B-2]`".into(),
                            );
                            ok = false;
                        }
                    },
                    GivenKey::ActDate | GivenKey::DecisionDate => {
                        match self.literal_value(&f.value, Type::Date) {
                            Ok(Value::Date(d)) => {
                                if k == GivenKey::ActDate {
                                    def.act_date = Some(d);
                                } else {
                                    def.decision_date = Some(d);
                                }
                            }
                            Ok(_) => {}
                            Err(bad) => {
                                self.bad_value(
                                    err::GIVEN_VALUE,
                                    format!("`{}` is a date", f.key.name),
                                    bad,
                                    "write a date such as `2024-01-01`".into(),
                                );
                                ok = false;
                            }
                        }
                    }
                }
                continue;
            }
            match self.values.get(&f.key.name) {
                Some((ValueName::Fact(id), _)) => {
                    let id = *id;
                    self.used_facts.insert(id);
                    given_facts.insert(id);
                    let Some(ty) = self.facts.get(id.index()).map(|f| f.ty) else {
                        continue;
                    };
                    match self.literal_value(&f.value, ty) {
                        Ok(v) => def.facts.push((id, v)),
                        Err(bad) => {
                            let want = self.ty_name(ty);
                            let help = self.how_to_write(ty);
                            self.bad_value(
                                err::GIVEN_VALUE,
                                format!("fact `{}` is {want}", f.key.name),
                                bad,
                                help,
                            );
                            ok = false;
                        }
                    }
                }
                Some((ValueName::Poisoned, _)) => ok = false,
                _ => {
                    let mut cands: Vec<String> =
                        self.facts.iter().map(|f| f.name.clone()).collect();
                    cands.extend(GivenKey::ALL.iter().map(|k| k.en().to_string()));
                    let d = Diagnostic::error(
                        err::UNKNOWN_GIVEN_KEY,
                        format!("`{}` is not a fact", f.key.name),
                        f.key.span,
                    )
                    .with_label("unknown key");
                    self.diags.push(with_suggestion(
                        d,
                        &f.key.name,
                        cands.iter().map(String::as_str),
                        "fact or case key",
                    ));
                    ok = false;
                }
            }
        }
        if def.violation.is_none() && def.violations.is_empty() && ok {
            self.diags.push(
                Diagnostic::error(
                    err::TEST_WITHOUT_VIOLATION,
                    format!(
                        "test `{}` does not say which violation it is about",
                        t.name.value
                    ),
                    t.name.span,
                )
                .with_label("no `violation` in `given`")
                .with_help("add `violation: ITEM-ID` to `given`"),
            );
            ok = false;
        }
        let missing: Vec<String> = self
            .facts
            .iter()
            .enumerate()
            .filter(|(i, f)| {
                f.default.is_none()
                    && !f.optional
                    && !given_facts
                        .contains(&crate::ir::FactId(u32::try_from(*i).unwrap_or(u32::MAX)))
            })
            .map(|(_, f)| format!("`{}`", f.name))
            .collect();
        if !missing.is_empty() {
            self.diags.push(
                Diagnostic::error(
                    err::MISSING_FACT,
                    format!(
                        "test `{}` does not give {}",
                        t.name.value,
                        missing.join(", ")
                    ),
                    t.name.span,
                )
                .with_label("facts without a default must be given")
                .with_help("add them to `given`, or give the facts a default"),
            );
            ok = false;
        }
        let item = def.violation.or_else(|| def.violations.first().copied());
        for f in &t.expect {
            ok &= self.expectation(f, item, &mut def.expect).is_some();
        }
        ok.then_some(def)
    }

    fn expectation(
        &mut self,
        f: &ast::Field,
        item: Option<ItemId>,
        e: &mut Expectations,
    ) -> Option<()> {
        let Some(k) = ExpectKey::from_name(&f.key.name) else {
            let d = Diagnostic::error(
                err::UNKNOWN_EXPECT_KEY,
                format!("unknown expectation `{}`", f.key.name),
                f.key.span,
            )
            .with_label("not an expectation key");
            self.diags.push(with_suggestion(
                d,
                &f.key.name,
                ExpectKey::ALL.iter().map(|k| k.en()),
                "expectation key",
            ));
            return None;
        };
        let v = &f.value;
        match k {
            ExpectKey::Outcome => {
                let help = format!(
                    "write one of {}",
                    super::hints::listing(Outcome::ALL.iter().map(|o| o.en()))
                );
                let id = self.name_value(v, err::EXPECT_VALUE, "an outcome", &help)?;
                let Some(o) = Outcome::from_name(&id.name) else {
                    let d = Diagnostic::error(
                        err::UNKNOWN_OUTCOME,
                        format!("unknown outcome `{}`", id.name),
                        id.span,
                    )
                    .with_label("not an outcome");
                    self.diags.push(with_suggestion(
                        d,
                        &id.name,
                        Outcome::ALL.iter().map(|o| o.en()),
                        "outcome",
                    ));
                    return None;
                };
                e.outcome = Some(o);
            }
            ExpectKey::Tier => {
                let tiers: Vec<String> = match item {
                    Some(i) => self.item_tiers.get(i.index()).cloned().unwrap_or_default(),
                    None => self.item_tiers.iter().flatten().cloned().collect(),
                };
                let help = format!(
                    "write the id of one of the item's tiers: {}",
                    super::hints::listing(tiers.iter().map(String::as_str))
                );
                let id = self.name_value(v, err::EXPECT_VALUE, "a tier id", &help)?;
                if !tiers.contains(&id.name) {
                    let d = Diagnostic::error(
                        err::UNKNOWN_TIER,
                        format!("`{}` is not a tier of the test's item", id.name),
                        id.span,
                    )
                    .with_label("unknown tier");
                    self.diags.push(with_suggestion(
                        d,
                        &id.name,
                        tiers.iter().map(String::as_str),
                        "tier id",
                    ));
                    return None;
                }
                e.tier = Some(id.name.clone());
            }
            ExpectKey::Fine => {
                let (a, b) = match v {
                    ast::Value::Range(a, b) => (self.amount(a)?, self.amount(b)?),
                    ast::Value::Number(n) => {
                        let x = self.amount(n)?;
                        (x, x)
                    }
                    other => {
                        self.bad_value(
                            err::EXPECT_VALUE,
                            "`fine` expects a band `a to b`".into(),
                            Bad::Misfit(value_span(other), "not a band".into()),
                            "write the band in yuan, such as `fine: 5000 to 20000`, or one amount \
                             such as `fine: 5000`"
                                .into(),
                        );
                        return None;
                    }
                };
                if a > b {
                    self.bad_value(
                        err::REVERSED_RANGE,
                        "this range's lower end is above its upper end".into(),
                        Bad::Misfit(value_span(v), "lower end first".into()),
                        "write the lower end first, such as `fine: 5000 to 20000`".into(),
                    );
                    return None;
                }
                e.fine = Some((a, b));
            }
            ExpectKey::Point => match v {
                ast::Value::Number(n) => e.point = Some(self.amount(n)?),
                other => {
                    self.bad_value(
                        err::EXPECT_VALUE,
                        "`point` expects an amount".into(),
                        Bad::Misfit(value_span(other), "not an amount".into()),
                        "write the recommended amount in yuan, such as `point: 8000`".into(),
                    );
                    return None;
                }
            },
            ExpectKey::Reviews => {
                let names = self.names_list(v, "review ids")?;
                let known = self.review_ids(item);
                e.reviews = Some(self.known_names(&names, &known, "review")?);
            }
            ExpectKey::Options => {
                // An option is a "may" circumstance (by id) or a "may" sanction (by kind, the
                // fine included), as the decision's `options` name them.
                let names = self.names_list(v, "circumstance ids or sanction kinds")?;
                let mut known = self.circumstance_ids(item);
                for kind in SanctionKind::ALL {
                    known.push(kind.en().to_string());
                    known.push(kind.zh().to_string());
                }
                let list = self.known_names(&names, &known, "circumstance or sanction")?;
                let list = list
                    .into_iter()
                    .map(|n| match SanctionKind::from_name(&n) {
                        Some(kind) if !self.circumstance_ids(item).contains(&n) => {
                            kind.en().to_string()
                        }
                        _ => n,
                    })
                    .collect();
                e.options = Some(list);
            }
            ExpectKey::Circumstances => {
                let names = self.names_list(v, "circumstance ids")?;
                let known = self.circumstance_ids(item);
                e.circumstances = Some(self.known_names(&names, &known, "circumstance")?);
            }
            ExpectKey::Sanctions => {
                let names = self.names_list(v, "sanction kinds")?;
                let kinds: Vec<Option<SanctionKind>> =
                    names.iter().map(|n| self.sanction_kind(n)).collect();
                e.sanctions = Some(kinds.into_iter().collect::<Option<Vec<_>>>()?);
            }
            ExpectKey::Governing => {
                let help = self.item_id_help();
                let id = self.name_value(v, err::EXPECT_VALUE, "a violation item id", &help)?;
                e.governing = Some(self.item_ref(id)?);
            }
            ExpectKey::Version | ExpectKey::Error => {
                let ast::Value::Str(s) = v else {
                    self.bad_value(
                        err::EXPECT_VALUE,
                        format!("`{}` expects text in quotes", f.key.name),
                        Bad::Misfit(value_span(v), "not text".into()),
                        format!("write it in quotes, such as `{}: \"…\"`", f.key.name),
                    );
                    return None;
                };
                if k == ExpectKey::Version {
                    e.version = Some(s.value.clone());
                } else {
                    e.error = Some(s.value.clone());
                }
            }
        }
        Some(())
    }

    fn amount(&mut self, n: &ast::NumberLit) -> Option<Decimal> {
        parse_decimal(n).map_err(|d| self.diags.push(d)).ok()
    }

    fn known_names(
        &mut self,
        names: &[&ast::Ident],
        known: &[String],
        what: &str,
    ) -> Option<Vec<String>> {
        let mut out = Vec::new();
        let mut ok = true;
        for n in names {
            if known.contains(&n.name) {
                out.push(n.name.clone());
            } else {
                let d = Diagnostic::error(
                    err::EXPECT_VALUE,
                    format!("no {what} `{}` applies to the test's item", n.name),
                    n.span,
                )
                .with_label(format!("unknown {what}"));
                self.diags.push(with_suggestion(
                    d,
                    &n.name,
                    known.iter().map(String::as_str),
                    &format!("{what} id"),
                ));
                ok = false;
            }
        }
        ok.then_some(out)
    }

    fn review_ids(&self, item: Option<ItemId>) -> Vec<String> {
        let mut out = Vec::new();
        for d in self.decls() {
            if let DeclKind::Review(r) = &d.kind {
                out.push(r.id.name.clone());
            }
        }
        for (i, v) in self.items.iter().enumerate() {
            if item.is_some_and(|it| it.index() != i) {
                continue;
            }
            for m in &v.members {
                if let ItemMemberKind::Review(r) = &m.kind {
                    out.push(r.id.name.clone());
                }
            }
        }
        out
    }

    fn circumstance_ids(&self, item: Option<ItemId>) -> Vec<String> {
        let mut out = Vec::new();
        for d in self.decls() {
            if let DeclKind::Circumstance(c) = &d.kind {
                out.push(c.id.name.clone());
            }
        }
        for (i, v) in self.items.iter().enumerate() {
            if item.is_some_and(|it| it.index() != i) {
                continue;
            }
            for m in &v.members {
                if let ItemMemberKind::Circumstance(c) = &m.kind {
                    out.push(c.id.name.clone());
                }
            }
        }
        out
    }
}
