//! The checker's state and name tables; collecting declarations (reporting duplicates); the
//! order of the checking passes; assembling the IR.

use std::collections::{BTreeMap, BTreeSet};

use super::err;
use super::exprs::{Place, Scope};
use super::header::HeaderInfo;
use super::tests_blocks::Bad;
use super::types::{duplicate, parse_date};
use crate::ast::{self, Decl, DeclKind, Field, FieldDecl, Module};
use crate::diagnostic::Diagnostic;
use crate::ir::{
    Boundaries, CalendarDef, CalendarId, CheckedRulebook, EnumId, FactDef, FactId, FieldDef,
    ItemId, LetDef, LetId, ParamDef, RecordDef, RecordId, ReviewKindDef, Type, Value,
};
use crate::span::{FileId, SourceMap, Span};
use crate::vocab::ReviewKindBuiltin;

/// A checked field declaration: its type, default and inclusive range.
pub(super) type CheckedField = (Type, Option<Value>, Option<(Value, Value)>);

/// Progress of one definition through the (lazy, depth-first) let checking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LetState {
    Todo,
    Busy,
    Done(LetId, Type),
    Failed,
}

/// A definition waiting to be checked.
pub(super) struct LetSlot<'a> {
    pub decl: &'a ast::LetDecl,
    pub item: Option<ItemId>,
    pub state: LetState,
}

/// What a name in the value namespace (facts, parameters, definitions) refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ValueName {
    Fact(FactId),
    Param(usize),
    Let(usize),
    /// Declared, but its declaration had errors: uses are not reported again.
    Poisoned,
}

/// The checker: name tables filled by the collecting passes, then read by the checking passes.
pub(crate) struct Checker<'a> {
    pub diags: Vec<Diagnostic>,
    pub(super) modules: &'a [(FileId, Module)],
    pub(super) settings: &'a BTreeMap<FileId, Vec<Field>>,
    pub(super) boundaries: Boundaries,
    pub(super) enums: Vec<crate::ir::EnumDef>,
    pub(super) enum_names: BTreeMap<String, EnumId>,
    pub(super) records: Vec<RecordDef>,
    pub(super) record_names: BTreeMap<String, RecordId>,
    pub(super) facts: Vec<FactDef>,
    pub(super) params: Vec<ParamDef>,
    /// Facts, parameters and rulebook-wide definitions share one namespace.
    pub(super) values: BTreeMap<String, (ValueName, Span)>,
    pub(super) lets: Vec<LetSlot<'a>>,
    pub(super) let_stack: Vec<usize>,
    pub(super) lets_out: Vec<LetDef>,
    pub(super) calendars: Vec<CalendarDef>,
    pub(super) calendar_names: BTreeMap<String, CalendarId>,
    pub(super) items: Vec<&'a ast::Violation>,
    pub(super) item_spans: Vec<Span>,
    pub(super) item_names: BTreeMap<String, ItemId>,
    /// Tier ids of each item, in order.
    pub(super) item_tiers: Vec<Vec<String>>,
    /// Item-local definitions by name, per item.
    pub(super) item_lets: Vec<BTreeMap<String, usize>>,
    pub(super) review_kinds: Vec<ReviewKindDef>,
    pub(super) review_kind_names: BTreeMap<String, u32>,
    pub(super) used_facts: BTreeSet<FactId>,
    pub(super) used_params: BTreeSet<usize>,
    pub(super) used_lets: BTreeSet<usize>,
}

impl<'a> Checker<'a> {
    pub(super) fn new(
        modules: &'a [(FileId, Module)],
        settings: &'a BTreeMap<FileId, Vec<Field>>,
    ) -> Self {
        Checker {
            diags: Vec::new(),
            modules,
            settings,
            boundaries: Boundaries::default(),
            enums: Vec::new(),
            enum_names: BTreeMap::new(),
            records: Vec::new(),
            record_names: BTreeMap::new(),
            facts: Vec::new(),
            params: Vec::new(),
            values: BTreeMap::new(),
            lets: Vec::new(),
            let_stack: Vec::new(),
            lets_out: Vec::new(),
            calendars: Vec::new(),
            calendar_names: BTreeMap::new(),
            items: Vec::new(),
            item_spans: Vec::new(),
            item_names: BTreeMap::new(),
            item_tiers: Vec::new(),
            item_lets: Vec::new(),
            review_kinds: Vec::new(),
            review_kind_names: BTreeMap::new(),
            used_facts: BTreeSet::new(),
            used_params: BTreeSet::new(),
            used_lets: BTreeSet::new(),
        }
    }

    /// Every declaration of every file, in load order.
    pub(super) fn decls(&self) -> impl Iterator<Item = &'a Decl> + use<'a> {
        let modules: &'a [(FileId, Module)] = self.modules;
        modules.iter().flat_map(|(_, m)| m.decls.iter())
    }

    /// Runs every pass and builds the IR (returned even when errors were found; the caller
    /// drops it then).
    pub(super) fn run(
        &mut self,
        content_hash: String,
        sources: &SourceMap,
    ) -> Option<CheckedRulebook> {
        let header = self.check_headers();
        self.boundaries = header.boundaries;
        self.collect_types();
        self.collect_params();
        self.collect_facts();
        self.collect_names();
        for i in 0..self.lets.len() {
            self.ensure_let(i);
        }
        let circumstances = self.check_global_circumstances();
        let adjustments = self.check_global_adjustments();
        let items = self.check_items();
        let reviews = self.check_reviews();
        let placements = self.check_placements(&header);
        let tests = self.check_tests();
        self.warn_unused();
        let HeaderInfo {
            id,
            title,
            authority,
            version,
            effective_from,
            effective_until,
            rounding,
            conflicts,
            ..
        } = header;
        Some(CheckedRulebook {
            id,
            title,
            authority,
            version: version?,
            effective_from: effective_from?,
            effective_until,
            content_hash,
            sources: sources.files().map(|(_, f)| f.name.clone()).collect(),
            boundaries: self.boundaries,
            rounding,
            conflicts,
            placements,
            facts: std::mem::take(&mut self.facts),
            params: std::mem::take(&mut self.params),
            enums: std::mem::take(&mut self.enums),
            records: std::mem::take(&mut self.records),
            lets: std::mem::take(&mut self.lets_out),
            calendars: std::mem::take(&mut self.calendars),
            circumstances,
            adjustments,
            items,
            review_kinds: std::mem::take(&mut self.review_kinds),
            reviews,
            tests,
        })
    }

    /// Enums first (records may use them), then record names, then record fields.
    fn collect_types(&mut self) {
        let mut type_spans: BTreeMap<String, Span> = BTreeMap::new();
        let mut records: Vec<&'a ast::RecordDecl> = Vec::new();
        for decl in self.decls() {
            match &decl.kind {
                DeclKind::Enum(e) => {
                    if let Some(first) = type_spans.get(&e.name.name) {
                        self.diags
                            .push(duplicate("type", &e.name.name, e.name.span, *first));
                        continue;
                    }
                    type_spans.insert(e.name.name.clone(), e.name.span);
                    let label = e.label.as_ref().map(|l| l.value.clone());
                    let id = self.add_enum(&e.name.name, label, &e.variants, e.name.span);
                    self.enum_names.insert(e.name.name.clone(), id);
                }
                DeclKind::Record(r) => {
                    if let Some(first) = type_spans.get(&r.name.name) {
                        self.diags
                            .push(duplicate("type", &r.name.name, r.name.span, *first));
                        continue;
                    }
                    type_spans.insert(r.name.name.clone(), r.name.span);
                    let id = RecordId(u32::try_from(self.records.len()).unwrap_or(u32::MAX));
                    self.records.push(RecordDef {
                        name: r.name.name.clone(),
                        label: r.label.as_ref().map(|l| l.value.clone()),
                        fields: Vec::new(),
                        span: r.name.span,
                    });
                    self.record_names.insert(r.name.name.clone(), id);
                    records.push(r);
                }
                _ => {}
            }
        }
        for (i, r) in records.into_iter().enumerate() {
            let mut fields: Vec<FieldDef> = Vec::new();
            for f in &r.fields {
                if let Some(first) = fields.iter().find(|x| x.name == f.name.name) {
                    self.diags
                        .push(duplicate("field", &f.name.name, f.name.span, first.span));
                    continue;
                }
                let Some((ty, default, _)) = self.field_decl(f, false) else {
                    continue;
                };
                fields.push(FieldDef {
                    name: f.name.name.clone(),
                    label: f.label.value.clone(),
                    ty,
                    default,
                    optional: f.optional,
                    span: f.name.span,
                });
            }
            if let Some(def) = self.records.get_mut(i) {
                def.fields = fields;
            }
        }
    }

    /// Checks the parts shared by facts, parameters and record fields: type, `default`,
    /// `optional`, `range`.
    pub(super) fn field_decl(&mut self, f: &FieldDecl, allow_range: bool) -> Option<CheckedField> {
        let ty = self.resolve_type(&f.ty, &f.name.name);
        if f.optional
            && let Some(d) = &f.default
        {
            self.diags.push(
                Diagnostic::error(
                    err::DEFAULT_WITH_OPTIONAL,
                    format!("`{}` is both optional and has a default", f.name.name),
                    d.span,
                )
                .with_label("default given here")
                .with_help("keep `default` (the value is then always known) or `optional` (read it behind `exists`), not both"),
            );
        }
        let ty = ty?;
        let default = match &f.default {
            Some(d) => self.const_value(d, ty, err::DEFAULT_TYPE, "a default"),
            None => None,
        };
        let mut range = None;
        if let Some((lo, hi)) = &f.range {
            if !allow_range || !ty.is_numeric() {
                let name = self.ty_name(ty);
                self.diags.push(
                    Diagnostic::error(
                        err::RANGE_TYPE,
                        format!(
                            "`range` needs a number type, and `{}` is {name}",
                            f.name.name
                        ),
                        lo.span.to(hi.span),
                    )
                    .with_label("range on a value that is not a number")
                    .with_help(
                        "remove the range, or give the field an `int`, `decimal` or `money` type",
                    ),
                );
            } else {
                let a = self.const_value(lo, ty, err::DEFAULT_TYPE, "a range bound");
                let b = self.const_value(hi, ty, err::DEFAULT_TYPE, "a range bound");
                if let (Some(a), Some(b)) = (a, b) {
                    if value_gt(&a, &b) {
                        self.diags.push(
                            Diagnostic::error(
                                err::REVERSED_RANGE,
                                "the range's lower end is above its upper end",
                                lo.span.to(hi.span),
                            )
                            .with_label("lower end first, then upper end")
                            .with_help("swap the two ends"),
                        );
                    } else {
                        range = Some((a, b));
                    }
                }
            }
        }
        Some((ty, default, range))
    }

    fn declare_value(&mut self, name: &ast::Ident, what: ValueName, kind: &str) -> bool {
        if let Some((_, first)) = self.values.get(&name.name) {
            self.diags
                .push(duplicate(kind, &name.name, name.span, *first));
            return false;
        }
        self.values.insert(name.name.clone(), (what, name.span));
        true
    }

    fn collect_params(&mut self) {
        for decl in self.decls() {
            let DeclKind::Params(fields) = &decl.kind else {
                continue;
            };
            for f in fields {
                let idx = self.params.len();
                if !self.declare_value(&f.name, ValueName::Param(idx), "parameter") {
                    continue;
                }
                let set = self.param_setting(f);
                let checked = self.field_decl(f, false);
                let Some((ty, default, _)) = checked else {
                    self.values
                        .insert(f.name.name.clone(), (ValueName::Poisoned, f.name.span));
                    continue;
                };
                let value = match set {
                    Some(v) => self.settings_value(v, ty),
                    None => {
                        if default.is_none() && f.default.is_none() {
                            self.diags.push(
                                Diagnostic::error(
                                    err::PARAM_WITHOUT_VALUE,
                                    format!("parameter `{}` has no value", f.name.name),
                                    f.name.span,
                                )
                                .with_label("no default, and no importer sets it")
                                .with_help(format!(
                                    "give it a default, or set it where the file is imported: `with {{ {}: … }}`",
                                    f.name.name
                                )),
                            );
                        }
                        default
                    }
                };
                match value {
                    Some(value) => self.params.push(ParamDef {
                        name: f.name.name.clone(),
                        label: f.label.value.clone(),
                        ty,
                        value,
                        span: f.name.span,
                    }),
                    None => {
                        self.values
                            .insert(f.name.name.clone(), (ValueName::Poisoned, f.name.span));
                    }
                }
            }
        }
        self.check_unknown_settings();
    }

    /// The `with` value an importer gives parameter `f` (of the file that declares it).
    fn param_setting(&mut self, f: &FieldDecl) -> Option<&'a ast::Value> {
        let settings: &'a BTreeMap<FileId, Vec<Field>> = self.settings;
        let list = settings.get(&f.name.span.file)?;
        let mut found: Option<&'a Field> = None;
        for s in list.iter().filter(|s| s.key.name == f.name.name) {
            match found {
                None => found = Some(s),
                Some(first) if first.value != s.value => {
                    self.diags.push(
                        Diagnostic::error(
                            err::CONFLICTING_PARAM,
                            format!("parameter `{}` is set to two different values", f.name.name),
                            s.span,
                        )
                        .with_label("set here")
                        .with_secondary(first.span, "and differently here")
                        .with_help("a file is loaded once; make both imports agree"),
                    );
                }
                Some(_) => {}
            }
        }
        found.map(|s| &s.value)
    }

    fn settings_value(&mut self, v: &ast::Value, ty: Type) -> Option<Value> {
        match self.literal_value(v, ty) {
            Ok(v) => Some(v),
            Err(Bad::Misfit(span, why)) => {
                let name = self.ty_name(ty);
                let help = self.how_to_write(ty);
                self.diags.push(
                    Diagnostic::error(err::PARAM_VALUE, format!("this parameter is {name}"), span)
                        .with_label(why)
                        .with_help(help),
                );
                None
            }
            Err(Bad::Own(d)) => {
                self.diags.push(d);
                None
            }
        }
    }

    fn check_unknown_settings(&mut self) {
        let settings: &'a BTreeMap<FileId, Vec<Field>> = self.settings;
        for (file, list) in settings {
            let declared: Vec<&str> = self
                .params
                .iter()
                .filter(|p| p.span.file == *file)
                .map(|p| p.name.as_str())
                .chain(
                    self.values
                        .iter()
                        .filter(|(_, (k, s))| *k == ValueName::Poisoned && s.file == *file)
                        .map(|(n, _)| n.as_str()),
                )
                .collect();
            for s in list {
                if !declared.contains(&s.key.name.as_str()) {
                    let d = Diagnostic::error(
                        err::UNKNOWN_PARAM,
                        format!("the imported file has no parameter `{}`", s.key.name),
                        s.key.span,
                    )
                    .with_label("not a parameter of that file");
                    let d = super::types::with_suggestion(
                        d,
                        &s.key.name,
                        declared.iter().copied(),
                        "parameter",
                    );
                    self.diags.push(d);
                }
            }
        }
    }

    fn collect_facts(&mut self) {
        for decl in self.decls() {
            let DeclKind::Facts(fields) = &decl.kind else {
                continue;
            };
            for f in fields {
                let id = FactId(u32::try_from(self.facts.len()).unwrap_or(u32::MAX));
                if !self.declare_value(&f.name, ValueName::Fact(id), "fact") {
                    continue;
                }
                let Some((ty, default, range)) = self.field_decl(f, true) else {
                    self.values
                        .insert(f.name.name.clone(), (ValueName::Poisoned, f.name.span));
                    continue;
                };
                self.facts.push(FactDef {
                    name: f.name.name.clone(),
                    label: f.label.value.clone(),
                    note: f.note.as_ref().map(|n| n.value.clone()),
                    ty,
                    default,
                    optional: f.optional,
                    range,
                    span: f.name.span,
                });
            }
        }
    }

    /// Definitions, calendars, items (with their tiers and local definitions), review kinds.
    fn collect_names(&mut self) {
        let mut calendar_spans: BTreeMap<String, Span> = BTreeMap::new();
        let mut kind_spans: BTreeMap<String, Span> = BTreeMap::new();
        for decl in self.decls() {
            match &decl.kind {
                DeclKind::Let(l) => {
                    let idx = self.lets.len();
                    if self.declare_value(&l.name, ValueName::Let(idx), "definition") {
                        self.lets.push(LetSlot {
                            decl: l,
                            item: None,
                            state: LetState::Todo,
                        });
                    }
                }
                DeclKind::Calendar(c) => {
                    if let Some(first) = calendar_spans.get(&c.name.name) {
                        self.diags
                            .push(duplicate("calendar", &c.name.name, c.name.span, *first));
                        continue;
                    }
                    calendar_spans.insert(c.name.name.clone(), c.name.span);
                    let def = self.check_calendar(c);
                    let id = CalendarId(u32::try_from(self.calendars.len()).unwrap_or(u32::MAX));
                    self.calendars.push(def);
                    self.calendar_names.insert(c.name.name.clone(), id);
                }
                DeclKind::Violation(v) => self.register_item(v),
                DeclKind::ReviewKind(k) => {
                    if let Some(first) = kind_spans.get(&k.name.name) {
                        self.diags.push(duplicate(
                            "review kind",
                            &k.name.name,
                            k.name.span,
                            *first,
                        ));
                        continue;
                    }
                    if ReviewKindBuiltin::from_name(&k.name.name).is_some() {
                        self.diags.push(
                            Diagnostic::error(
                                err::DUPLICATE,
                                format!("review kind `{}` is built in", k.name.name),
                                k.name.span,
                            )
                            .with_label("declared again here")
                            .with_help("use the built-in kind directly, or choose another name"),
                        );
                        continue;
                    }
                    kind_spans.insert(k.name.name.clone(), k.name.span);
                    let id = u32::try_from(self.review_kinds.len()).unwrap_or(u32::MAX);
                    self.review_kinds.push(ReviewKindDef {
                        name: k.name.name.clone(),
                        label: k.label.value.clone(),
                        span: k.name.span,
                    });
                    self.review_kind_names.insert(k.name.name.clone(), id);
                }
                _ => {}
            }
        }
    }

    fn register_item(&mut self, v: &'a ast::Violation) {
        if let Some(first) = self.item_names.get(&v.id.name) {
            let first = self
                .item_spans
                .get(first.index())
                .copied()
                .unwrap_or_default();
            self.diags
                .push(duplicate("violation item", &v.id.name, v.id.span, first));
            return;
        }
        let id = ItemId(u32::try_from(self.items.len()).unwrap_or(u32::MAX));
        self.items.push(v);
        self.item_spans.push(v.id.span);
        self.item_names.insert(v.id.name.clone(), id);
        let mut tiers: Vec<(String, Span)> = Vec::new();
        let mut lets: BTreeMap<String, usize> = BTreeMap::new();
        let mut let_spans: BTreeMap<String, Span> = BTreeMap::new();
        for m in &v.members {
            match &m.kind {
                ast::ItemMemberKind::Tier(t) => {
                    if let Some((_, first)) = tiers.iter().find(|(n, _)| *n == t.id.name) {
                        self.diags
                            .push(duplicate("tier", &t.id.name, t.id.span, *first));
                        continue;
                    }
                    tiers.push((t.id.name.clone(), t.id.span));
                }
                ast::ItemMemberKind::Let(l) => {
                    let first = let_spans
                        .get(&l.name.name)
                        .copied()
                        .or_else(|| self.values.get(&l.name.name).map(|(_, s)| *s));
                    if let Some(first) = first {
                        self.diags
                            .push(duplicate("definition", &l.name.name, l.name.span, first));
                        continue;
                    }
                    let_spans.insert(l.name.name.clone(), l.name.span);
                    lets.insert(l.name.name.clone(), self.lets.len());
                    self.lets.push(LetSlot {
                        decl: l,
                        item: Some(id),
                        state: LetState::Todo,
                    });
                }
                _ => {}
            }
        }
        self.item_tiers
            .push(tiers.into_iter().map(|(n, _)| n).collect());
        self.item_lets.push(lets);
    }

    pub(super) fn date(&mut self, d: &ast::DateLit) -> Option<chrono::NaiveDate> {
        match parse_date(d) {
            Ok(d) => Some(d),
            Err(e) => {
                self.diags.push(e);
                None
            }
        }
    }

    /// Checks definition `idx` (first checking every definition it reads) and returns its final
    /// id and type; reports a cycle when it meets a definition still being checked.
    pub(super) fn ensure_let(&mut self, idx: usize) -> Option<(LetId, Type)> {
        let slot = self.lets.get(idx)?;
        match slot.state {
            LetState::Done(id, ty) => return Some((id, ty)),
            LetState::Failed => return None,
            LetState::Busy => {
                self.report_cycle(idx);
                return None;
            }
            LetState::Todo => {}
        }
        let decl = slot.decl;
        let item = slot.item;
        self.set_let_state(idx, LetState::Busy);
        self.let_stack.push(idx);
        let declared = match &decl.ty {
            Some(t) => self.resolve_type(t, &decl.name.name),
            None => None,
        };
        let mut scope = Scope::new(item, Place::General);
        let value = self.expr(&decl.value, declared, &mut scope);
        self.let_stack.pop();
        let Some(value) = value else {
            self.set_let_state(idx, LetState::Failed);
            return None;
        };
        if let Some(want) = declared
            && want != value.ty
        {
            let (w, g) = (self.ty_name(want), self.ty_name(value.ty));
            self.diags.push(
                Diagnostic::error(
                    err::LET_TYPE,
                    format!("`{}` is declared {w} but its value is {g}", decl.name.name),
                    decl.value.span,
                )
                .with_label(format!("this is {g}"))
                .with_help("change the declared type or the value"),
            );
            self.set_let_state(idx, LetState::Failed);
            return None;
        }
        let id = LetId(u32::try_from(self.lets_out.len()).unwrap_or(u32::MAX));
        let ty = value.ty;
        self.lets_out.push(LetDef {
            name: decl.name.name.clone(),
            label: decl.label.as_ref().map(|l| l.value.clone()),
            ty,
            value,
            item,
            span: decl.name.span,
        });
        self.set_let_state(idx, LetState::Done(id, ty));
        Some((id, ty))
    }

    fn set_let_state(&mut self, idx: usize, state: LetState) {
        if let Some(s) = self.lets.get_mut(idx) {
            s.state = state;
        }
    }

    fn report_cycle(&mut self, idx: usize) {
        let Some(pos) = self.let_stack.iter().position(|i| *i == idx) else {
            return;
        };
        let cycle: Vec<usize> = self.let_stack.get(pos..).unwrap_or_default().to_vec();
        let names: Vec<&str> = cycle
            .iter()
            .chain(std::iter::once(&idx))
            .filter_map(|i| self.lets.get(*i).map(|s| s.decl.name.name.as_str()))
            .collect();
        let Some(first) = self.lets.get(idx) else {
            return;
        };
        let mut d = Diagnostic::error(
            err::LET_CYCLE,
            format!("definitions depend on each other: {}", names.join(" → ")),
            first.decl.name.span,
        )
        .with_label(format!("`{}` is part of the cycle", first.decl.name.name))
        .with_help("a definition cannot read itself, directly or through others");
        for (i, next) in cycle
            .iter()
            .zip(cycle.iter().skip(1).chain(std::iter::once(&idx)))
        {
            if let (Some(a), Some(b)) = (self.lets.get(*i), self.lets.get(*next))
                && *i != idx
            {
                d = d.with_secondary(
                    a.decl.name.span,
                    format!("`{}` reads `{}`", a.decl.name.name, b.decl.name.name),
                );
            }
        }
        self.diags.push(d);
    }

    fn warn_unused(&mut self) {
        for (i, f) in self.facts.iter().enumerate() {
            let id = FactId(u32::try_from(i).unwrap_or(u32::MAX));
            if !self.used_facts.contains(&id) {
                self.diags.push(
                    Diagnostic::warning(
                        err::UNUSED_FACT,
                        format!("fact `{}` is never read", f.name),
                        f.span,
                    )
                    .with_label("declared here")
                    .with_help("remove it, or use it in a condition, definition or fine"),
                );
            }
        }
        for (i, p) in self.params.iter().enumerate() {
            if !self.used_params.contains(&i) {
                self.diags.push(
                    Diagnostic::warning(
                        err::UNUSED_PARAM,
                        format!("parameter `{}` is never read", p.name),
                        p.span,
                    )
                    .with_label("declared here")
                    .with_help("remove it, or use it in a condition, definition or fine"),
                );
            }
        }
        for (i, l) in self.lets.iter().enumerate() {
            if !self.used_lets.contains(&i) && matches!(l.state, LetState::Done(..)) {
                self.diags.push(
                    Diagnostic::warning(
                        err::UNUSED_LET,
                        format!("definition `{}` is never read", l.decl.name.name),
                        l.decl.name.span,
                    )
                    .with_label("declared here")
                    .with_help("remove it, or use it in a condition, definition or fine"),
                );
            }
        }
    }
}

/// `a > b` for two constants of one numeric or date type.
pub(super) fn value_gt(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x > y,
        (Value::Decimal(x), Value::Decimal(y)) | (Value::Money(x), Value::Money(y)) => x > y,
        (Value::Date(x), Value::Date(y)) => x > y,
        _ => false,
    }
}
