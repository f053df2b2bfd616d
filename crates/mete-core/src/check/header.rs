//! Rulebook headers: identity and validity from the root; settings from the nearest file that
//! states them (the root first, then imports in load order).

use chrono::NaiveDate;

use super::err;
use super::resolve::Checker;
use super::types::{parse_decimal, with_suggestion};
use crate::ast::{self, Header};
use crate::diagnostic::Diagnostic;
use crate::ir::{Boundaries, PlacementDef, PlacementRuleDef, Rounding};
use crate::span::FileId;
use crate::vocab::{ConflictMode, Grade, Point, RoundingMode};

/// What the headers say.
pub(super) struct HeaderInfo<'a> {
    pub id: String,
    pub title: Option<String>,
    pub authority: Option<String>,
    pub version: Option<String>,
    pub effective_from: Option<NaiveDate>,
    pub effective_until: Option<NaiveDate>,
    pub boundaries: Boundaries,
    pub rounding: Rounding,
    pub conflicts: ConflictMode,
    pub placements: Vec<&'a ast::Placement>,
}

impl<'a> Checker<'a> {
    pub(super) fn check_headers(&mut self) -> HeaderInfo<'a> {
        let modules: &'a [(FileId, ast::Module)] = self.modules;
        let mut info = HeaderInfo {
            id: String::new(),
            title: None,
            authority: None,
            version: None,
            effective_from: None,
            effective_until: None,
            boundaries: Boundaries::default(),
            rounding: Rounding::default(),
            conflicts: ConflictMode::default_mode(),
            placements: Vec::new(),
        };
        let (mut bounds_set, mut rounding_set, mut conflicts_set, mut placements_set) =
            (false, false, false, false);
        for (file, m) in modules {
            let h: &'a Header = &m.header;
            let is_root = file.0 == 0;
            let (from, until) = self.effective(h);
            if is_root {
                info.id = h.id.value.clone();
                info.title = h.title.as_ref().map(|s| s.value.clone());
                info.authority = h.authority.as_ref().map(|s| s.value.clone());
                info.version = h.version.as_ref().map(|s| s.value.clone());
                info.effective_from = from;
                info.effective_until = until;
                if h.version.is_none() {
                    self.diags.push(
                        Diagnostic::error(
                            err::MISSING_VERSION,
                            format!("rulebook `{}` has no version", h.id.value),
                            h.id.span,
                        )
                        .with_label("header without `version`")
                        .with_help("add `version \"2024.1\"` to the header: every decision records it for audit"),
                    );
                }
                if h.effective.is_none() {
                    self.diags.push(
                        Diagnostic::error(
                            err::MISSING_EFFECTIVE,
                            format!("rulebook `{}` has no effective date", h.id.value),
                            h.id.span,
                        )
                        .with_label("header without `effective from`")
                        .with_help("add `effective from 2024-01-01` to the header: the version in force is chosen by date"),
                    );
                }
            }
            if let Some(b) = &h.boundaries
                && !bounds_set
            {
                bounds_set = true;
                let d = Boundaries::default();
                info.boundaries = Boundaries {
                    above_inclusive: b.above_inclusive.unwrap_or(d.above_inclusive),
                    below_inclusive: b.below_inclusive.unwrap_or(d.below_inclusive),
                };
            }
            if let Some(r) = &h.rounding {
                let checked = self.rounding(r);
                if !rounding_set && let Some(r) = checked {
                    info.rounding = r;
                }
                rounding_set = true;
            }
            if let Some(c) = &h.conflicts {
                let mode = self.conflict_mode(c);
                if !conflicts_set && let Some(mode) = mode {
                    info.conflicts = mode;
                }
                conflicts_set = true;
            }
            if !h.placements.is_empty() && !placements_set {
                placements_set = true;
                info.placements = h.placements.iter().collect();
            }
        }
        info
    }

    fn effective(&mut self, h: &Header) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let Some(e) = &h.effective else {
            return (None, None);
        };
        let from = self.date(&e.from);
        let until = e.until.as_ref().and_then(|u| self.date(u));
        if let (Some(f), Some(u), Some(ul)) = (from, until, &e.until)
            && u < f
        {
            self.diags.push(
                Diagnostic::error(
                    err::EFFECTIVE_ORDER,
                    format!("the rulebook ends on {u}, before it takes effect on {f}"),
                    ul.span,
                )
                .with_label("`until` is before `from`")
                .with_secondary(e.from.span, "takes effect here")
                .with_help("`until` is the last day in force and cannot precede `from`"),
            );
        }
        (from, until)
    }

    fn rounding(&mut self, r: &ast::Rounding) -> Option<Rounding> {
        let unit = match parse_decimal(&r.unit) {
            Ok(u) if u > rust_decimal::Decimal::ZERO => Some(u),
            Ok(_) => {
                self.diags.push(
                    Diagnostic::error(
                        err::BAD_ROUNDING_UNIT,
                        format!("a rounding unit must be above zero, not `{}`", r.unit.text),
                        r.unit.span,
                    )
                    .with_label("not above zero")
                    .with_help("use `1` for whole yuan or `0.01` for fen"),
                );
                None
            }
            Err(e) => {
                self.diags.push(e);
                None
            }
        };
        let mode = self.rounding_mode(&r.mode);
        Some(Rounding {
            unit: unit?,
            mode: mode?,
        })
    }

    pub(super) fn rounding_mode(&mut self, id: &ast::Ident) -> Option<RoundingMode> {
        if let Some(m) = RoundingMode::from_name(&id.name) {
            return Some(m);
        }
        let d = Diagnostic::error(
            err::UNKNOWN_ROUNDING_MODE,
            format!("unknown rounding mode `{}`", id.name),
            id.span,
        )
        .with_label("not a rounding mode");
        self.diags.push(with_suggestion(
            d,
            &id.name,
            RoundingMode::ALL.iter().map(|m| m.en()),
            "rounding mode",
        ));
        None
    }

    pub(super) fn conflict_mode(&mut self, id: &ast::Ident) -> Option<ConflictMode> {
        if let Some(m) = ConflictMode::from_name(&id.name) {
            return Some(m);
        }
        let d = Diagnostic::error(
            err::UNKNOWN_CONFLICT_MODE,
            format!("unknown conflict mode `{}`", id.name),
            id.span,
        )
        .with_label("not a conflict mode");
        self.diags.push(with_suggestion(
            d,
            &id.name,
            ConflictMode::ALL.iter().map(|m| m.en()),
            "conflict mode",
        ));
        None
    }

    pub(super) fn grade(&mut self, id: &ast::Ident) -> Option<Grade> {
        if let Some(g) = Grade::from_name(&id.name) {
            return Some(g);
        }
        let d = Diagnostic::error(
            err::UNKNOWN_GRADE,
            format!("unknown grade `{}`", id.name),
            id.span,
        )
        .with_label("not a tier grade");
        self.diags.push(with_suggestion(
            d,
            &id.name,
            Grade::ALL.iter().map(|g| g.en()),
            "grade",
        ));
        None
    }

    pub(super) fn point(&mut self, id: &ast::Ident) -> Option<Point> {
        if let Some(p) = Point::from_name(&id.name) {
            return Some(p);
        }
        let d = Diagnostic::error(
            err::UNKNOWN_POINT,
            format!("unknown point `{}`", id.name),
            id.span,
        )
        .with_label("not a point of a band");
        self.diags.push(with_suggestion(
            d,
            &id.name,
            Point::ALL.iter().map(|p| p.en()),
            "point",
        ));
        None
    }

    pub(super) fn check_placements(&mut self, info: &HeaderInfo<'a>) -> Vec<PlacementDef> {
        let mut out = Vec::new();
        for p in &info.placements {
            let grade = self.grade(&p.grade);
            let rule = match &p.rule {
                ast::PlacementRule::Within(b) => self.band(b, None).map(PlacementRuleDef::Within),
                ast::PlacementRule::Recommend(pt) => {
                    self.point(pt).map(PlacementRuleDef::Recommend)
                }
            };
            let except: Vec<_> = p.except.iter().filter_map(|i| self.item_ref(i)).collect();
            if let (Some(grade), Some(rule)) = (grade, rule) {
                out.push(PlacementDef {
                    grade,
                    rule,
                    except,
                    span: p.span,
                });
            }
        }
        out
    }
}

/// The default conflict mode.
trait DefaultMode {
    fn default_mode() -> Self;
}

impl DefaultMode for ConflictMode {
    fn default_mode() -> Self {
        ConflictMode::Collective
    }
}
