//! Tier conditions: never true, shadowed by earlier tiers, overlapping a heavier later tier,
//! and provable gaps.

use super::Lints;
use super::err;
use super::logic::{F, Logic};
use crate::diagnostic::Diagnostic;
use crate::ir::{Band, ItemDef, TierDef};

impl Lints<'_> {
    pub(super) fn tiers(&mut self, item: &ItemDef) {
        let logic = Logic { book: self.book };
        // Each tier's condition and its negation, when both convert.
        let conds: Vec<Option<(F, F)>> = item
            .tiers
            .iter()
            .map(|t| {
                let c = t.condition.as_ref()?;
                Some((logic.formula(c, false)?, logic.formula(c, true)?))
            })
            .collect();
        let mut unreachable = vec![false; item.tiers.len()];
        for (j, tier) in item.tiers.iter().enumerate() {
            let Some(Some((cj, _))) = conds.get(j) else {
                continue;
            };
            match logic.sat(&[cj]) {
                Ok(None) => {
                    if let Some(u) = unreachable.get_mut(j) {
                        *u = true;
                    }
                    self.push(
                        Diagnostic::warning(
                            err::NEVER_TRUE,
                            format!("the condition of tier `{}` can never hold", tier.id),
                            self.head(tier.span),
                        )
                        .with_label("no case satisfies this condition")
                        .with_help("check the comparisons and sets: they contradict each other"),
                    );
                    continue;
                }
                Ok(Some(_)) => {}
                Err(_) => continue,
            }
            // Shadowed: this condition and the negation of every earlier one cannot hold
            // together. Earlier conditions that do not convert are left out, which only makes
            // the proof harder, never wrong.
            let earlier: Vec<(usize, &F)> = conds
                .iter()
                .take(j)
                .enumerate()
                .filter_map(|(i, c)| c.as_ref().map(|(_, n)| (i, n)))
                .collect();
            if earlier.is_empty() {
                continue;
            }
            let mut all: Vec<&F> = vec![cj];
            all.extend(earlier.iter().map(|(_, n)| *n));
            if let Ok(None) = logic.sat(&all) {
                if let Some(u) = unreachable.get_mut(j) {
                    *u = true;
                }
                let single = earlier
                    .iter()
                    .find(|(_, n)| matches!(logic.sat(&[cj, n]), Ok(None)))
                    .and_then(|(i, _)| item.tiers.get(*i));
                let names: Vec<String> = match single {
                    Some(t) => vec![format!("`{}`", t.id)],
                    None => earlier
                        .iter()
                        .filter_map(|(i, _)| item.tiers.get(*i))
                        .map(|t| format!("`{}`", t.id))
                        .collect(),
                };
                let (who, verb) = if names.len() == 1 {
                    (format!("tier {}", names.join("")), "matches")
                } else {
                    (format!("tiers {}", names.join(", ")), "match")
                };
                let mut d = Diagnostic::warning(
                    err::SHADOWED,
                    format!("tier `{}` is never reached: earlier {who} {verb} every case it matches", tier.id),
                    self.head(tier.span),
                )
                .with_label("never applies")
                .with_help("tiers are tried in order; move it before the tier that shadows it, or narrow that tier's condition");
                if let Some(t) = single {
                    d = d.with_secondary(self.head(t.span), "always applies first");
                }
                self.push(d);
            }
        }
        self.overlaps(item, &logic, &conds, &unreachable);
        self.gap(item, &logic, &conds);
    }

    /// A lighter tier before a heavier one whose conditions can both hold: the heavier tier
    /// silently loses those cases. Heavy-first order is how a drafter states precedence, so
    /// overlaps in that order are intended and not reported.
    fn overlaps(
        &mut self,
        item: &ItemDef,
        logic: &Logic<'_>,
        conds: &[Option<(F, F)>],
        unreachable: &[bool],
    ) {
        for (j, later) in item.tiers.iter().enumerate() {
            if unreachable.get(j).copied().unwrap_or(true) {
                continue;
            }
            let Some(Some((cj, _))) = conds.get(j) else {
                continue;
            };
            if !logic.facts_only(cj) {
                continue;
            }
            for (i, earlier) in item.tiers.iter().enumerate().take(j) {
                let Some(Some((ci, _))) = conds.get(i) else {
                    continue;
                };
                if !logic.facts_only(ci) || heavier(later, earlier) != Some(true) {
                    continue;
                }
                if let Ok(Some(w)) = logic.sat(&[ci, cj]) {
                    self.push(
                        Diagnostic::warning(
                            err::OVERLAP,
                            format!(
                                "tiers `{}` and `{}` both match when {}, and the lighter `{}` comes first",
                                earlier.id,
                                later.id,
                                logic.describe(&w),
                                earlier.id
                            ),
                            self.head(later.span),
                        )
                        .with_label("heavier tier listed later")
                        .with_secondary(self.head(earlier.span), "lighter tier takes the shared cases")
                        .with_help("make the conditions exclusive, or list the heavier tier first if it should win"),
                    );
                    break;
                }
            }
        }
    }

    /// No `otherwise` and some case matches no tier: evaluating it fails.
    fn gap(&mut self, item: &ItemDef, logic: &Logic<'_>, conds: &[Option<(F, F)>]) {
        if item.tiers.is_empty() {
            return;
        }
        if item.tiers.iter().any(|t| t.condition.is_none()) {
            self.hole(item, logic, conds);
            return;
        }
        let mut negs = Vec::new();
        for c in conds {
            match c {
                Some((_, n)) if logic.facts_only(n) => negs.push(n),
                _ => return,
            }
        }
        if let Ok(Some(w)) = logic.sat(&negs) {
            self.push(
                Diagnostic::warning(
                    err::GAP,
                    format!(
                        "no tier of item `{}` matches when {}",
                        item.id,
                        logic.describe(&w)
                    ),
                    self.head(item.span),
                )
                .with_label("item without an `otherwise` tier")
                .with_help("add a tier for these cases, or end the tiers with `otherwise`"),
            );
        }
    }
}

impl Lints<'_> {
    /// With `otherwise`: tiers that split one numeric fact into ranges and leave a hole between
    /// two of them (`value` from 40000 to 50000 covered by neither the tier below nor the tier
    /// above). Those cases fall to `otherwise`, which usually means a mistyped threshold.
    fn hole(&mut self, item: &ItemDef, logic: &Logic<'_>, conds: &[Option<(F, F)>]) {
        let mut fact = None;
        let mut ranged: Vec<(usize, &F)> = Vec::new();
        for (i, c) in conds.iter().enumerate() {
            let Some((f, _)) = c else { continue };
            let Some(id) = logic.single_numeric_fact(f) else {
                continue;
            };
            if fact.is_some_and(|x| x != id) {
                return;
            }
            fact = Some(id);
            ranged.push((i, f));
        }
        let Some(fact) = fact else { return };
        if ranged.len() < 2 {
            return;
        }
        let Some(h) = logic.interior_hole(fact, &ranged) else {
            return;
        };
        let (Some(lo), Some(hi)) = (item.tiers.get(h.below), item.tiers.get(h.above)) else {
            return;
        };
        self.push(
            Diagnostic::warning(
                err::GAP,
                format!(
                    "no tier of item `{}` covers {}, between tiers `{}` and `{}`; those cases fall to `otherwise`",
                    item.id, h.text, lo.id, hi.id
                ),
                self.head(item.span),
            )
            .with_label("thresholds leave a hole")
            .with_secondary(self.head(lo.span), "covers the values below")
            .with_secondary(self.head(hi.span), "covers the values above")
            .with_help("make the thresholds meet (for example `below 40000` and `above 40000`)"),
        );
    }
}

/// Whether tier `a` is heavier than tier `b`: by grade when both have one, else by bands
/// given as shares of the range that do not overlap.
fn heavier(a: &TierDef, b: &TierDef) -> Option<bool> {
    if let (Some(ga), Some(gb)) = (a.grade, b.grade) {
        return Some(ga > gb);
    }
    let (alo, _) = shares(a.band.as_ref()?)?;
    let (_, bhi) = shares(b.band.as_ref()?)?;
    Some(alo >= bhi && a.band != b.band)
}

/// A share band as (from, to).
pub(super) fn shares(b: &Band) -> Option<(rust_decimal::Decimal, rust_decimal::Decimal)> {
    use rust_decimal::Decimal;
    match b {
        Band::Lower(p) => Some((Decimal::ZERO, *p)),
        Band::Upper(p) => Some((Decimal::ONE - *p, Decimal::ONE)),
        Band::Share(p, q) => Some((*p, *q)),
        Band::Form(_) => None,
    }
}
