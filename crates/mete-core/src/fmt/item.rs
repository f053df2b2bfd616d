//! Violation items and what they contain: fines, bands, tiers, sanctions, circumstances,
//! adjustments and review triggers.

use crate::ast::{
    Adjust, AdjustAction, Band, Circumstance, Effect, EffectTarget, Expr, ExprKind, FineBase,
    FineDecl, FineForm, FineLimit, FineSpec, ItemMember, ItemMemberKind, Modality, Rate, Review,
    Sanction, SanctionArg, Tier, UnitRounding, Violation,
};

use super::kw::Kw;
use super::{
    Printer, names, percent, string, t_conflict, t_effect, t_grade, t_point, t_review, t_sanction,
};

impl Printer {
    pub(super) fn violation(&mut self, v: &Violation) {
        let head = format!(
            "{} {} {} {{",
            self.kw(Kw::Violation),
            v.id.name,
            string(&v.title.value)
        );
        if v.members.is_empty() {
            self.line(0, &format!("{head}}}"));
            return;
        }
        self.line(0, &head);
        // The grammar reads the item's own provisions and settings before its other members
        // (so a trailing `cite` always belongs to the tier, adjustment or review before it).
        // A parsed item is already in this order; printing the head first keeps any tree
        // printable.
        let (head, rest): (Vec<&ItemMember>, Vec<&ItemMember>) =
            v.members.iter().partition(|m| is_head(&m.kind));
        for m in head.into_iter().chain(rest) {
            self.member(m);
        }
        self.line(0, "}");
    }

    fn member(&mut self, m: &ItemMember) {
        self.comments(1, &m.comments);
        let text = match &m.kind {
            ItemMemberKind::Violates(s) => {
                format!("{} {}", self.kw(Kw::Violates), string(&s.value))
            }
            ItemMemberKind::Cite(s) => self.cite(s),
            ItemMemberKind::Refines(id) => format!("{} {}", self.kw(Kw::Refines), id.name),
            ItemMemberKind::Conflicts(id) => {
                format!(
                    "{} {}",
                    self.kw(Kw::Conflicts),
                    self.word(&id.name, t_conflict)
                )
            }
            ItemMemberKind::Fine(f) => return self.fine(f),
            ItemMemberKind::Tier(t) => return self.tier(t),
            ItemMemberKind::Circumstance(c) => return self.circumstance(1, c),
            ItemMemberKind::Adjust(a) => self.adjust(a),
            ItemMemberKind::Review(r) => self.review(r),
            ItemMemberKind::Let(l) => self.let_decl(l),
            ItemMemberKind::Sanction(s) => self.sanction(s),
        };
        self.line(1, &text);
    }

    fn cite(&self, s: &crate::ast::Str) -> String {
        format!("{} {}", self.kw(Kw::Cite), string(&s.value))
    }

    fn modality(&self, m: Option<Modality>) -> String {
        match m {
            Some(Modality::Shall) => format!("{} ", self.kw(Kw::Shall)),
            Some(Modality::May) => format!("{} ", self.kw(Kw::May)),
            None => String::new(),
        }
    }

    fn fine(&mut self, f: &FineDecl) {
        let head = format!("{}{}", self.modality(f.modality), self.kw(Kw::Fine));
        match &f.spec {
            FineSpec::Form(form) => {
                let text = format!("{head} {}", self.fine_form(form, false));
                self.line(1, &text);
            }
            FineSpec::Alternatives { cases, otherwise } => {
                self.line(1, &head);
                for (cond, form) in cases {
                    let text = format!(
                        "{} {}: {}",
                        self.kw(Kw::When),
                        self.expr_top(cond),
                        self.fine_form(form, false)
                    );
                    self.line(2, &text);
                }
                let text = format!(
                    "{}: {}",
                    self.kw(Kw::Otherwise),
                    self.fine_form(otherwise, false)
                );
                self.line(2, &text);
            }
        }
    }

    /// A fine form with its caps and floors. In a band, a range that starts with a bare
    /// percentage would be read as a share of the statutory range, so its left end is
    /// parenthesised.
    pub(super) fn fine_form(&self, f: &FineForm, in_band: bool) -> String {
        let mut s = match &f.base {
            FineBase::Range(lo, hi) => {
                let lo_text = self.expr_top(lo);
                let shadowed = leading_word(lo).is_some_and(|w| FORM_WORDS.contains(&w))
                    || (in_band && matches!(lo.kind, ExprKind::Percent(_)));
                let lo_text = if shadowed {
                    format!("({lo_text})")
                } else {
                    lo_text
                };
                format!("{lo_text} {} {}", self.kw(Kw::To), self.expr_top(hi))
            }
            FineBase::UpTo(e) => format!("{} {}", self.kw(Kw::UpTo), self.expr_top(e)),
            FineBase::AtLeast(e) => format!("{} {}", self.kw(Kw::AtLeast), self.expr_top(e)),
            FineBase::Rate { from, to, base } => {
                let mut s = self.rate(from);
                if let Some(to) = to {
                    s.push_str(&format!(" {} {}", self.kw(Kw::To), self.rate(to)));
                }
                s.push_str(&format!(" {} {}", self.kw(Kw::Of), self.expr_top(base)));
                s
            }
            FineBase::PerUnit {
                amount,
                unit,
                quantity,
                rounding,
            } => {
                let mut s = format!(
                    "{} {} {} {} {}",
                    self.expr_top(amount),
                    self.kw(Kw::Per),
                    self.expr_top(unit),
                    self.kw(Kw::Of),
                    self.expr_top(quantity)
                );
                match rounding {
                    UnitRounding::Exact => {}
                    UnitRounding::Up => s.push_str(&format!(" {}", self.kw(Kw::Up))),
                    UnitRounding::Down => s.push_str(&format!(" {}", self.kw(Kw::Down))),
                }
                s
            }
            FineBase::Amount(e) => format!("{} {}", self.kw(Kw::Amount), self.expr_top(e)),
        };
        for limit in &f.limits {
            let (k, e) = match limit {
                FineLimit::AtMost(e) => (Kw::AtMost, e),
                FineLimit::AtLeast(e) => (Kw::AtLeast, e),
            };
            s.push_str(&format!(", {} {}", self.kw(k), self.expr_top(e)));
        }
        s
    }

    fn rate(&self, r: &Rate) -> String {
        match r {
            Rate::Times(n) => format!("{}{}", n.text, self.kw(Kw::Times)),
            Rate::Percent(n) => percent(n),
        }
    }

    pub(super) fn band(&self, b: &Band) -> String {
        match b {
            Band::Lower(n) => format!("{} {}", self.kw(Kw::Lower), percent(n)),
            Band::Upper(n) => format!("{} {}", self.kw(Kw::Upper), percent(n)),
            Band::Share(a, b) => format!("{} {} {}", percent(a), self.kw(Kw::To), percent(b)),
            Band::Form(f) => self.fine_form(f, true),
        }
    }

    fn tier(&mut self, t: &Tier) {
        let mut s = format!(
            "{} {} {}",
            self.kw(Kw::Tier),
            t.id.name,
            string(&t.label.value)
        );
        if let Some(g) = &t.grade {
            s.push_str(&format!(" {}", self.word(&g.name, t_grade)));
        }
        let mut rest = match &t.when {
            Some(c) => format!("{} {}", self.kw(Kw::When), self.expr_top(c)),
            None => self.kw(Kw::Otherwise).to_string(),
        };
        if let Some(b) = &t.band {
            rest.push_str(&format!(": {}", self.band(b)));
        }
        // A long tier puts its condition and band on a continuation line, as published tables
        // put the circumstances under the tier's name.
        if super::width(&s) + 1 + super::width(&rest) + 2 * super::INDENT.len() > super::MAX_WIDTH {
            s.push('\n');
            s.push_str(super::INDENT);
            s.push_str(super::INDENT);
            s.push_str(super::INDENT);
        } else {
            s.push(' ');
        }
        s.push_str(&rest);
        if let Some(p) = &t.recommend {
            s.push_str(&format!(
                " {} {}",
                self.kw(Kw::Recommend),
                self.word(&p.name, t_point)
            ));
        }
        if let Some(c) = &t.cite {
            s.push_str(&format!(" {}", self.cite(c)));
        }
        if t.add.is_empty() && t.drop.is_empty() {
            self.line(1, &s);
            return;
        }
        s.push_str(" {");
        self.line(1, &s);
        for a in &t.add {
            let text = format!("{} {}", self.kw(Kw::Add), self.sanction(a));
            self.line(2, &text);
        }
        for d in &t.drop {
            let text = format!("{} {}", self.kw(Kw::Drop), self.sanction_or_fine(&d.name));
            self.line(2, &text);
        }
        self.line(1, "}");
    }

    pub(super) fn sanction(&self, s: &Sanction) -> String {
        let mut out = format!(
            "{}{}",
            self.modality(s.modality),
            self.word(&s.kind.name, t_sanction)
        );
        match &s.arg {
            Some(SanctionArg::Duration(a, b)) => {
                out.push_str(&format!(" {}", self.duration(a)));
                if let Some(b) = b {
                    out.push_str(&format!(" {} {}", self.kw(Kw::To), self.duration(b)));
                }
            }
            Some(SanctionArg::Of(e)) => {
                out.push_str(&format!(" {} {}", self.kw(Kw::Of), self.expr_top(e)));
            }
            None => {}
        }
        if let Some(c) = &s.when {
            out.push_str(&format!(" {} {}", self.kw(Kw::When), self.expr_top(c)));
        }
        out
    }

    pub(super) fn circumstance(&mut self, depth: usize, c: &Circumstance) {
        let mut head = format!(
            "{} {} {}",
            self.kw(Kw::Circumstance),
            c.id.name,
            string(&c.label.value)
        );
        if !c.scope.is_empty() {
            head.push_str(&format!(" {} {}", self.kw(Kw::For), names(&c.scope)));
        }
        head.push_str(" {");
        let mut members: Vec<String> = c.cite.iter().map(|s| self.cite(s)).collect();
        if let Some(w) = &c.when {
            members.push(format!("{} {}", self.kw(Kw::When), self.expr_top(w)));
        }
        if let Some(e) = &c.effect {
            members.push(self.effect(e));
        }
        // Obligations come last: one without a citation would take a following `cite` as its own.
        for o in &c.obligations {
            let mut s = format!("{} {}", self.kw(Kw::Obligation), string(&o.text.value));
            if let Some(c) = &o.cite {
                s.push_str(&format!(" {}", self.cite(c)));
            }
            members.push(s);
        }
        self.block(depth, &head, &members);
    }

    fn effect(&self, e: &Effect) -> String {
        let mut s = format!(
            "{}{}",
            self.modality(e.modality),
            self.word(&e.kind.name, t_effect)
        );
        match &e.target {
            Some(EffectTarget::Band(b)) => {
                s.push_str(&format!(" {} {}", self.kw(Kw::To), self.band(b)))
            }
            Some(EffectTarget::Point(p)) => {
                s.push_str(&format!(
                    " {} {}",
                    self.kw(Kw::To),
                    self.word(&p.name, t_point)
                ));
            }
            None => {}
        }
        s
    }

    pub(super) fn adjust(&self, a: &Adjust) -> String {
        let action = match &a.action {
            AdjustAction::Up(n) => format!("{} {}", self.kw(Kw::Up), self.number(n)),
            AdjustAction::Down(n) => format!("{} {}", self.kw(Kw::Down), self.number(n)),
            AdjustAction::To(p) => format!("{} {}", self.kw(Kw::To), self.word(&p.name, t_point)),
            AdjustAction::Discount { from, to, floor } => {
                let mut s = format!("{} {}", self.kw(Kw::Discount), percent(from));
                if let Some(to) = to {
                    s.push_str(&format!(" {} {}", self.kw(Kw::To), percent(to)));
                }
                if let Some(f) = floor {
                    s.push_str(&format!(", {} {}", self.kw(Kw::AtLeast), self.expr_top(f)));
                }
                s
            }
        };
        let mut s = format!(
            "{} {} {} {} {}: {action}",
            self.kw(Kw::Adjust),
            a.id.name,
            string(&a.label.value),
            self.kw(Kw::When),
            self.expr_top(&a.when)
        );
        if let Some(c) = &a.cite {
            s.push_str(&format!(" {}", self.cite(c)));
        }
        s
    }

    pub(super) fn review(&self, r: &Review) -> String {
        let mut s = format!(
            "{} {} {}",
            self.kw(Kw::Review),
            r.id.name,
            string(&r.label.value)
        );
        if let Some(k) = &r.kind {
            s.push_str(&format!(
                " {} {}",
                self.kw(Kw::Kind),
                self.word(&k.name, t_review)
            ));
        }
        s.push_str(&format!(
            " {} {}",
            self.kw(Kw::When),
            self.expr_top(&r.when)
        ));
        if let Some(c) = &r.cite {
            s.push_str(&format!(" {}", self.cite(c)));
        }
        s
    }
}

/// Words that start another fine form (`amount e`, `up to e`): a range whose left end starts
/// with a name spelled like one is parenthesised.
const FORM_WORDS: &[&str] = &["amount", "数额", "up"];

/// The name an expression's text starts with, if it starts with a name.
fn leading_word(e: &Expr) -> Option<&str> {
    match &e.kind {
        ExprKind::Name(id) => Some(&id.name),
        ExprKind::Binary(_, l, _) => leading_word(l),
        ExprKind::Window { date, .. } => leading_word(date),
        _ => None,
    }
}

/// Whether a member belongs to the head of an item: its provisions and settings.
fn is_head(m: &ItemMemberKind) -> bool {
    matches!(
        m,
        ItemMemberKind::Violates(_)
            | ItemMemberKind::Cite(_)
            | ItemMemberKind::Refines(_)
            | ItemMemberKind::Conflicts(_)
    )
}
