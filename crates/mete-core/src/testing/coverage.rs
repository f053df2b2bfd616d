//! Which parts of a rulebook its tests exercise.
//!
//! Every tier (per item), circumstance (rulebook-wide and item-local), option (each `may`
//! circumstance, `may` sanction and `may` fine), adjustment and review trigger is one
//! [`CoverageEntry`]. A test exercises a tier when it is the decided tier, a circumstance when its
//! condition held, an option when it was offered, an adjustment when it fired and a review when
//! it fired — read off the decision of each provision the test names.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::compile::{Compiled, Origin};
use crate::eval::{Decision, OptSource};
use crate::ir::Modality;
use crate::span::Span;
use crate::vocab::{Outcome, SanctionKind};

/// What a coverage entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverageKind {
    /// A tier of an item.
    Tier,
    /// A circumstance.
    Circumstance,
    /// Something the law permits: a `may` circumstance, sanction or fine.
    Option,
    /// An adjustment.
    Adjustment,
    /// A review trigger.
    Review,
}

impl CoverageKind {
    /// Every kind, in report order.
    pub const ALL: [CoverageKind; 5] = [
        CoverageKind::Tier,
        CoverageKind::Circumstance,
        CoverageKind::Option,
        CoverageKind::Adjustment,
        CoverageKind::Review,
    ];

    /// The id in JSON (`tier`, `circumstance`, …).
    pub fn id(self) -> &'static str {
        match self {
            CoverageKind::Tier => "tier",
            CoverageKind::Circumstance => "circumstance",
            CoverageKind::Option => "option",
            CoverageKind::Adjustment => "adjustment",
            CoverageKind::Review => "review",
        }
    }

    /// The plural, for headings (`tiers`, `circumstances`, …).
    pub fn plural(self) -> &'static str {
        match self {
            CoverageKind::Tier => "tiers",
            CoverageKind::Circumstance => "circumstances",
            CoverageKind::Option => "options",
            CoverageKind::Adjustment => "adjustments",
            CoverageKind::Review => "reviews",
        }
    }
}

/// One part of the rulebook and the tests that exercised it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageEntry {
    /// What it is.
    pub kind: CoverageKind,
    /// Its id: tier, circumstance, adjustment or review id; for `may` sanctions the sanction
    /// kind (`revoke_license`), for a `may` fine `fine`.
    pub id: String,
    /// The item it belongs to (tiers, item-local rules, sanctions and fines); `None` when it is
    /// rulebook-wide.
    pub item: Option<String>,
    /// Its label.
    pub label: String,
    /// File where it is written.
    pub file: String,
    /// 1-based line (0 when the rulebook was compiled without its sources).
    pub line: u32,
    /// 1-based column.
    pub col: u32,
    /// Names of the tests that exercised it, in run order; empty when none did.
    pub exercised_by: Vec<String>,
}

impl CoverageEntry {
    /// Whether some test exercised it.
    pub fn exercised(&self) -> bool {
        !self.exercised_by.is_empty()
    }

    /// Identity across rulebooks: a file imported by several rulebooks yields the same entries.
    fn place(&self) -> (CoverageKind, String, u32, u32, String, Option<String>) {
        (
            self.kind,
            self.file.clone(),
            self.line,
            self.col,
            self.id.clone(),
            self.item.clone(),
        )
    }
}

/// Counts for one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KindSummary {
    /// The kind.
    pub kind: CoverageKind,
    /// How many the rulebooks declare.
    pub total: usize,
    /// How many some test exercised.
    pub exercised: usize,
    /// `exercised * 100 / total`, rounded down (100 when there are none): 100 means all.
    pub percent: u32,
}

/// The coverage of one or more rulebooks by their tests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Every entry, tiers first, then circumstances, options, adjustments and reviews, each in
    /// declaration order.
    pub entries: Vec<CoverageEntry>,
}

impl Coverage {
    /// Counts per kind, in [`CoverageKind::ALL`] order.
    pub fn summary(&self) -> Vec<KindSummary> {
        CoverageKind::ALL
            .iter()
            .map(|k| {
                let of_kind = self.entries.iter().filter(|e| e.kind == *k);
                let total = of_kind.clone().count();
                let exercised = of_kind.filter(|e| e.exercised()).count();
                let percent = (exercised.saturating_mul(100))
                    .checked_div(total)
                    .map_or(100, |p| u32::try_from(p).unwrap_or(100));
                KindSummary {
                    kind: *k,
                    total,
                    exercised,
                    percent,
                }
            })
            .collect()
    }

    /// The entries no test exercised, in order.
    pub fn unexercised(&self) -> impl Iterator<Item = &CoverageEntry> {
        self.entries.iter().filter(|e| !e.exercised())
    }

    /// Adds `other`'s entries; an entry written at the same place (a file several rulebooks
    /// import) is kept once, with the tests of both. Entries stay sorted by kind, then in the
    /// order first met.
    pub fn merge(&mut self, other: Coverage) {
        let mut at: BTreeMap<_, usize> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.place(), i))
            .collect();
        for e in other.entries {
            match at.get(&e.place()).and_then(|i| self.entries.get_mut(*i)) {
                Some(mine) => {
                    for t in e.exercised_by {
                        if !mine.exercised_by.contains(&t) {
                            mine.exercised_by.push(t);
                        }
                    }
                }
                None => {
                    at.insert(e.place(), self.entries.len());
                    self.entries.push(e);
                }
            }
        }
        // Stable: within a kind, the order first met.
        self.entries.sort_by_key(|e| e.kind);
    }
}

/// Where a rule is declared: rulebook-wide (index) or inside an item (item, index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Place {
    Global(u32),
    Local(u32, u32),
}

impl From<Origin> for Place {
    fn from(o: Origin) -> Self {
        match o {
            Origin::Global(i) => Place::Global(i),
            Origin::Local(item, i) => Place::Local(item, i),
        }
    }
}

/// What a test can exercise, by position in the checked rulebook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Key {
    Tier(u32, u32),
    Circ(Place),
    OptCirc(Place),
    /// Item, adding tier (`None`: the item's own sanctions), index.
    OptSanction(u32, Option<u32>, u32),
    OptFine(u32),
    Adjust(Place),
    Review(u32),
}

fn idx(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The coverage entries of a rulebook (none exercised yet), each with its key.
pub(super) fn entries(book: &Compiled) -> Vec<(Key, CoverageEntry)> {
    let c = &book.checked;
    let entry = |kind, id: &str, item: Option<&str>, label: &str, span: Span| {
        let (file, line, col) = locate(book, span);
        CoverageEntry {
            kind,
            id: id.to_string(),
            item: item.map(str::to_string),
            label: label.to_string(),
            file,
            line,
            col,
            exercised_by: Vec::new(),
        }
    };
    let mut out = Vec::new();
    for (ii, item) in c.items.iter().enumerate() {
        for (ti, t) in item.tiers.iter().enumerate() {
            let e = entry(CoverageKind::Tier, &t.id, Some(&item.id), &t.label, t.span);
            out.push((Key::Tier(idx(ii), idx(ti)), e));
        }
    }
    let circs = c
        .circumstances
        .iter()
        .enumerate()
        .map(|(i, x)| (Place::Global(idx(i)), None, x))
        .chain(c.items.iter().enumerate().flat_map(|(ii, item)| {
            item.circumstances
                .iter()
                .enumerate()
                .map(move |(i, x)| (Place::Local(idx(ii), idx(i)), Some(item.id.as_str()), x))
        }))
        .collect::<Vec<_>>();
    for (p, item, x) in &circs {
        let e = entry(CoverageKind::Circumstance, &x.id, *item, &x.label, x.span);
        out.push((Key::Circ(*p), e));
    }
    for (p, item, x) in &circs {
        if x.effect.modality == Modality::May {
            let e = entry(CoverageKind::Option, &x.id, *item, &x.label, x.span);
            out.push((Key::OptCirc(*p), e));
        }
    }
    for (ii, item) in c.items.iter().enumerate() {
        let own = item.sanctions.iter().enumerate().map(|(i, s)| (None, i, s));
        let added = item.tiers.iter().enumerate().flat_map(|(ti, t)| {
            t.add
                .iter()
                .enumerate()
                .map(move |(i, s)| (Some(idx(ti)), i, s))
        });
        for (tier, i, s) in own.chain(added) {
            if s.modality == Modality::May {
                let e = entry(
                    CoverageKind::Option,
                    s.kind.en(),
                    Some(&item.id),
                    s.kind.zh(),
                    s.span,
                );
                out.push((Key::OptSanction(idx(ii), tier, idx(i)), e));
            }
        }
        if let Some(f) = item.fine.as_ref().filter(|f| f.modality == Modality::May) {
            let span = f
                .cases
                .first()
                .map_or(f.otherwise.span, |(_, form)| form.span);
            let fine = SanctionKind::Fine;
            let e = entry(
                CoverageKind::Option,
                fine.en(),
                Some(&item.id),
                fine.zh(),
                span,
            );
            out.push((Key::OptFine(idx(ii)), e));
        }
    }
    let adjusts = c
        .adjustments
        .iter()
        .enumerate()
        .map(|(i, x)| (Place::Global(idx(i)), None, x))
        .chain(c.items.iter().enumerate().flat_map(|(ii, item)| {
            item.adjustments
                .iter()
                .enumerate()
                .map(move |(i, x)| (Place::Local(idx(ii), idx(i)), Some(item.id.as_str()), x))
        }));
    for (p, item, x) in adjusts {
        let e = entry(CoverageKind::Adjustment, &x.id, item, &x.label, x.span);
        out.push((Key::Adjust(p), e));
    }
    for (i, r) in c.reviews.iter().enumerate() {
        let item = r.item.and_then(|it| c.item(it)).map(|it| it.id.as_str());
        let e = entry(CoverageKind::Review, &r.id, item, &r.label, r.span);
        out.push((Key::Review(idx(i)), e));
    }
    out
}

/// File, line and column of `span`.
pub(super) fn locate(book: &Compiled, span: Span) -> (String, u32, u32) {
    match book.sources.get(span.file) {
        Some(f) => {
            let lc = f.line_col(span.start);
            (f.name.clone(), lc.line, lc.col)
        }
        None => (
            book.checked
                .sources
                .get(span.file.0 as usize)
                .cloned()
                .unwrap_or_default(),
            0,
            0,
        ),
    }
}

/// What one decision (of one provision) exercised.
pub(super) fn exercised(d: &Decision<'_>, out: &mut Vec<Key>) {
    let book = d.book;
    if let (Outcome::Penalize, Some(t)) = (d.outcome, d.tier) {
        out.push(Key::Tier(d.item, t));
    }
    let circ_place = |c: u32| book.circs.get(c as usize).map(|x| Place::from(x.origin));
    for (c, _) in &d.circumstances {
        out.extend(circ_place(*c).map(Key::Circ));
    }
    for o in &d.options {
        match o.source {
            OptSource::Circ(c) => out.extend(circ_place(c).map(Key::OptCirc)),
            OptSource::Sanction(s) => out.push(Key::OptSanction(s.src.item, s.src.tier, s.src.idx)),
            OptSource::Fine(item) => out.push(Key::OptFine(item)),
        }
    }
    for a in &d.adjustments {
        let place = book.adjusts.get(*a as usize).map(|x| Place::from(x.origin));
        out.extend(place.map(Key::Adjust));
    }
    for r in &d.reviews {
        out.push(Key::Review(*r));
    }
}
