//! Lints: checks of a rulebook that passed [`crate::check::check`] for what is legal but
//! probably wrong. [`crate::check::check`] runs them after a successful check; codes and
//! descriptions are in [`err`], and `docs/lints.md` explains each one.
//!
//! Every lint is silent when it cannot decide: bounds are compared only when both are constants
//! or multiples of the same base, conditions only when they are built from the atoms of
//! [`logic`]. Only a band wholly outside the statutory range is an error (it proves the tier
//! can never give the fine it states); every other finding is a warning.

mod amount;
pub mod err;
mod logic;
mod tiers;

use std::cmp::Ordering;

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::ir::{Band, CheckedRulebook, FineDef, ItemDef, PlacementDef, PlacementRuleDef};
use crate::span::{SourceMap, Span};
use crate::vocab::SanctionKind;
use amount::{Amt, End, Fit, Range, fit, form_range};

/// The parent rulebook named by the header's `refines`.
#[derive(Debug, Clone, Copy)]
pub enum Parent<'a> {
    /// It checked: compare against it.
    Checked(&'a CheckedRulebook),
    /// It could not be loaded or did not check: why, and where `refines` was written.
    Unavailable(&'a str, Span),
}

/// Runs every lint on `book` (its files in `sources`), comparing with `parent` when the header
/// says `refines`. Returns the findings, unsorted.
pub fn run(
    book: &CheckedRulebook,
    sources: &SourceMap,
    parent: Option<Parent<'_>>,
) -> Vec<Diagnostic> {
    let mut l = Lints {
        book,
        sources,
        out: Vec::new(),
    };
    for item in &book.items {
        l.cite_item(item);
        l.bands(item);
        l.tiers(item);
    }
    for c in book
        .circumstances
        .iter()
        .chain(book.items.iter().flat_map(|i| i.circumstances.iter()))
    {
        if c.cite.is_empty() {
            l.push(
                Diagnostic::warning(
                    err::MISSING_CITE,
                    format!("circumstance `{}` has no citation", c.id),
                    l.head(c.span),
                )
                .with_label("no `cite`")
                .with_help("add `cite \"…\"` naming the provision that grants this effect"),
            );
        }
    }
    for p in &book.placements {
        l.placement(p);
    }
    match parent {
        Some(Parent::Checked(p)) => l.parent(p),
        Some(Parent::Unavailable(why, span)) => l.push(
            Diagnostic::warning(
                err::PARENT_UNAVAILABLE,
                "the parent rulebook cannot be compared".to_string(),
                span,
            )
            .with_label(why.to_string())
            .with_help("fix the path or the parent's errors so that its ranges can be checked"),
        ),
        None => {}
    }
    l.out
}

struct Lints<'a> {
    book: &'a CheckedRulebook,
    sources: &'a SourceMap,
    out: Vec<Diagnostic>,
}

impl Lints<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    /// The first line of `span`: declarations with a body would otherwise underline it all.
    fn head(&self, span: Span) -> Span {
        let Some(file) = self.sources.get(span.file) else {
            return span;
        };
        let text = file.slice(span);
        match text.find('\n') {
            Some(n) => {
                let start = span.start as usize;
                Span::new(
                    span.file,
                    start,
                    start + text.get(..n).map_or(n, |t| t.trim_end().len()),
                )
            }
            None => span,
        }
    }

    fn cite_item(&mut self, item: &ItemDef) {
        if item.cite.is_empty() {
            self.push(
                Diagnostic::warning(
                    err::MISSING_CITE,
                    format!("item `{}` has no citation", item.id),
                    self.head(item.span),
                )
                .with_label("no `cite`")
                .with_help("add `cite \"…\"` naming the provision that sets the penalty"),
            );
        }
    }

    /// Tier bands written as amounts or multiples against the statutory range.
    fn bands(&mut self, item: &ItemDef) {
        let Some(fine) = &item.fine else { return };
        let alts = alternatives(self.book, fine);
        for tier in &item.tiers {
            let Some(Band::Form(form)) = &tier.band else {
                continue;
            };
            let band = form_range(self.book, form, true);
            let fits: Vec<Fit> = alts.iter().map(|r| fit(&band, r)).collect();
            if fits.iter().any(|f| matches!(f, Fit::Inside | Fit::Unknown)) || fits.is_empty() {
                continue;
            }
            let ranges: Vec<String> = alts.iter().map(Range::show).collect();
            let statutory = ranges.join(" or ");
            let wholly = fits.iter().all(|f| *f == Fit::Wholly);
            let how = if wholly { "wholly" } else { "partly" };
            let message = format!(
                "the band {} of tier `{}` lies {how} outside the statutory range {statutory}",
                band.show(),
                tier.id
            );
            let d = if wholly {
                Diagnostic::error(err::BAND_OUTSIDE, message, self.head(form.span))
            } else {
                Diagnostic::warning(err::BAND_OUTSIDE, message, self.head(form.span))
            };
            self.push(
                d
                .with_label("band outside the statutory range")
                .with_help("evaluation clamps the band into the statutory range; keep tier bands within it (only a reduction goes below the minimum)"),
            );
        }
    }

    fn placement(&mut self, p: &PlacementDef) {
        for (idx, item) in self.book.items.iter().enumerate() {
            if p.except.iter().any(|e| e.index() == idx) {
                continue;
            }
            for tier in item.tiers.iter().filter(|t| t.grade == Some(p.grade)) {
                if tier.drop.contains(&SanctionKind::Fine) {
                    continue;
                }
                match &p.rule {
                    PlacementRuleDef::Within(policy) => {
                        let Some((plo, phi)) = tiers::shares(policy) else {
                            continue;
                        };
                        let Some((lo, hi)) = tier
                            .band
                            .as_ref()
                            .and_then(|b| share_of(self.book, item, b))
                        else {
                            continue;
                        };
                        if lo < plo || hi > phi {
                            self.push(
                                Diagnostic::warning(
                                    err::PLACEMENT,
                                    format!(
                                        "tier `{}` ({}) lies at {} to {} of the range, outside the placement policy `{}`",
                                        tier.id,
                                        p.grade.en(),
                                        pct(lo),
                                        pct(hi),
                                        policy_text(policy)
                                    ),
                                    self.head(tier.span),
                                )
                                .with_label("band breaks the placement policy")
                                .with_secondary(self.head(p.span), "policy declared here")
                                .with_help(format!("move the band inside the policy, or add `{}` to the policy's `except` list", item.id)),
                            );
                        }
                    }
                    PlacementRuleDef::Recommend(point) => {
                        if let Some(r) = tier.recommend
                            && r != *point
                        {
                            self.push(
                                Diagnostic::warning(
                                    err::PLACEMENT,
                                    format!(
                                        "tier `{}` ({}) recommends `{}`, but the placement policy recommends `{}`",
                                        tier.id,
                                        p.grade.en(),
                                        r.en(),
                                        point.en()
                                    ),
                                    self.head(tier.span),
                                )
                                .with_label("recommended point differs from the policy")
                                .with_secondary(self.head(p.span), "policy declared here")
                                .with_help(format!("remove the tier's `recommend` to follow the policy, or add `{}` to the policy's `except` list", item.id)),
                            );
                        }
                    }
                }
            }
        }
    }

    /// 备案审查: each item (matched by `refines ID`, else by its own id) stays within the
    /// parent item's statutory range, and so do its tier bands.
    fn parent(&mut self, parent: &CheckedRulebook) {
        for item in &self.book.items {
            let pid = item.refines.as_deref().unwrap_or(item.id.as_str());
            let Some(pitem) = parent.items.iter().find(|p| p.id == pid) else {
                if item.refines.is_some() {
                    self.push(
                        Diagnostic::warning(
                            err::UNKNOWN_PARENT_ITEM,
                            format!("the parent rulebook `{}` has no item `{pid}`", parent.id),
                            self.head(item.span),
                        )
                        .with_label("refines an item the parent does not have")
                        .with_help("name the parent item's id exactly as the parent declares it"),
                    );
                }
                continue;
            };
            let (Some(cfine), Some(pfine)) = (&item.fine, &pitem.fine) else {
                continue;
            };
            let Some(prange) = hull(&alternatives(parent, pfine)) else {
                continue;
            };
            if let Some(crange) = hull(&alternatives(self.book, cfine))
                && exceeds(&crange, &prange) == Some(true)
            {
                self.push(
                    Diagnostic::warning(
                        err::EXCEEDS_PARENT,
                        format!(
                            "item `{}` allows {}, beyond its parent `{}` ({})",
                            item.id,
                            crange.show(),
                            pitem.id,
                            prange.show()
                        ),
                        self.head(item.span),
                    )
                    .with_label("statutory range wider than the parent's")
                    .with_help("a refining benchmark must stay within the range its parent sets"),
                );
            }
            for tier in &item.tiers {
                let Some(Band::Form(form)) = &tier.band else {
                    continue;
                };
                let band = form_range(self.book, form, true);
                if matches!(fit(&band, &prange), Fit::Partly | Fit::Wholly) {
                    self.push(
                        Diagnostic::warning(
                            err::EXCEEDS_PARENT,
                            format!(
                                "the band {} of tier `{}` reaches beyond the parent item `{}` ({})",
                                band.show(),
                                tier.id,
                                pitem.id,
                                prange.show()
                            ),
                            self.head(form.span),
                        )
                        .with_label("band outside the parent's range")
                        .with_help(
                            "a refining benchmark must stay within the range its parent sets",
                        ),
                    );
                }
            }
        }
    }
}

/// The statutory range of each fine alternative, in order.
fn alternatives(book: &CheckedRulebook, fine: &FineDef) -> Vec<Range> {
    fine.cases
        .iter()
        .map(|(_, f)| f)
        .chain(std::iter::once(&fine.otherwise))
        .map(|f| form_range(book, f, false))
        .collect()
}

/// The smallest range holding every alternative, when their ends compare.
fn hull(ranges: &[Range]) -> Option<Range> {
    let mut it = ranges.iter();
    let first = it.next()?.clone();
    if !first.known() || matches!(first.lo, End::Open) {
        return None;
    }
    it.try_fold(first, |acc, r| {
        if !r.known() {
            return None;
        }
        let lo = match (&acc.lo, &r.lo) {
            (End::At(a), End::At(b)) => End::At(if a.cmp(b)? == Ordering::Greater {
                b.clone()
            } else {
                a.clone()
            }),
            _ => return None,
        };
        let hi = match (&acc.hi, &r.hi) {
            (End::Open, _) | (_, End::Open) => End::Open,
            (End::At(a), End::At(b)) => End::At(if a.cmp(b)? == Ordering::Less {
                b.clone()
            } else {
                a.clone()
            }),
            _ => return None,
        };
        Some(Range { lo, hi })
    })
}

/// Whether statutory range `child` reaches past `parent` (an open maximum is unbounded).
fn exceeds(child: &Range, parent: &Range) -> Option<bool> {
    let lo = match (&child.lo, &parent.lo) {
        (End::At(c), End::At(p)) => c.cmp(p)? == Ordering::Less,
        _ => return None,
    };
    let hi = match (&child.hi, &parent.hi) {
        (_, End::Open) => false,
        (End::Open, End::At(_)) => true,
        (End::At(c), End::At(p)) => c.cmp(p)? == Ordering::Greater,
        _ => return None,
    };
    Some(lo || hi)
}

/// A tier band as shares of the item's statutory range: share bands as written; amount bands
/// when the item has a single fine form whose ends compare with the band's.
fn share_of(book: &CheckedRulebook, item: &ItemDef, band: &Band) -> Option<(Decimal, Decimal)> {
    if let Some(s) = tiers::shares(band) {
        return Some(s);
    }
    let Band::Form(form) = band else { return None };
    let fine = item.fine.as_ref()?;
    if !fine.cases.is_empty() {
        return None;
    }
    let s = form_range(book, &fine.otherwise, false);
    let b = form_range(book, form, true);
    let (End::At(smin), End::At(smax)) = (&s.lo, &s.hi) else {
        return None;
    };
    let share = |e: &End, fallback: Decimal| -> Option<Decimal> {
        let End::At(a) = e else {
            return Some(fallback);
        };
        let (x, lo, hi) = match (a, smin, smax) {
            (Amt::Const(x), Amt::Const(lo), Amt::Const(hi)) => (*x, *lo, *hi),
            (Amt::Mult(x, n), Amt::Mult(lo, n1), Amt::Mult(hi, n2)) if n == n1 && n == n2 => {
                (*x, *lo, *hi)
            }
            _ => return None,
        };
        let width = hi.checked_sub(lo)?;
        if width <= Decimal::ZERO {
            return None;
        }
        x.checked_sub(lo)?.checked_div(width)
    };
    Some((share(&b.lo, Decimal::ZERO)?, share(&b.hi, Decimal::ONE)?))
}

/// A share as a percentage: `0.3` → `30%`.
fn pct(d: Decimal) -> String {
    match d.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", p.round_dp(2).normalize()),
        None => d.normalize().to_string(),
    }
}

/// Where the drafter allowed which findings: `// lint: allow gap, overlap` on the lines before a
/// declaration (or an item member such as a tier) allows those lint kinds for findings inside it.
/// Kinds are the last part of the code (`gap` for `mete::lint::gap`, `unused_fact` for the
/// checker's `mete::check::unused_fact`). Errors cannot be allowed.
#[derive(Debug, Clone, Default)]
pub struct Allowances(Vec<(Span, Vec<&'static str>)>);

impl Allowances {
    /// Collects the allowances written in `modules`.
    pub fn collect(modules: &[(crate::span::FileId, crate::ast::Module)]) -> Self {
        let mut out = Vec::new();
        for (_, m) in modules {
            for d in &m.decls {
                push_allow(&mut out, &d.comments, d.span);
                if let crate::ast::DeclKind::Violation(v) = &d.kind {
                    for member in &v.members {
                        push_allow(&mut out, &member.comments, member.span);
                    }
                }
            }
        }
        Allowances(out)
    }

    /// Whether `d` is a warning the drafter allowed where it is located.
    pub fn allows(&self, d: &Diagnostic) -> bool {
        if d.severity != crate::diagnostic::Severity::Warning {
            return false;
        }
        let Some(at) = d.primary_span() else {
            return false;
        };
        self.0.iter().any(|(span, codes)| {
            span.file == at.file
                && span.start <= at.start
                && at.end <= span.end
                && codes.contains(&d.code)
        })
    }
}

/// Every code an allowance may name: the lints and the checker's unused warnings.
fn allowable() -> impl Iterator<Item = &'static str> {
    err::ALL
        .iter()
        .map(|(c, _)| *c)
        .chain(err::FROM_CHECKER.iter().copied())
}

fn push_allow(out: &mut Vec<(Span, Vec<&'static str>)>, comments: &[String], span: Span) {
    let mut codes = Vec::new();
    for c in comments {
        let Some(rest) = c.trim().strip_prefix("lint:") else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix("allow") else {
            continue;
        };
        // Kinds up to the first word that is not one (the rest explains why).
        for word in rest.split([',', ' ']).filter(|w| !w.is_empty()) {
            match allowable().find(|code| code.rsplit("::").next() == Some(word)) {
                Some(code) => codes.push(code),
                None => break,
            }
        }
    }
    if !codes.is_empty() {
        out.push((span, codes));
    }
}

/// A share band as written: `lower 30%`, `upper 30%`, `30% to 70%`.
fn policy_text(b: &Band) -> String {
    match b {
        Band::Lower(p) => format!("lower {}", pct(*p)),
        Band::Upper(p) => format!("upper {}", pct(*p)),
        Band::Share(p, q) => format!("{} to {}", pct(*p), pct(*q)),
        Band::Form(_) => "an amount band".to_string(),
    }
}
