//! Working-day calendars: holidays and make-up working days.

use std::collections::{BTreeMap, BTreeSet};

use super::err;
use super::resolve::Checker;
use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::ir::CalendarDef;
use crate::span::Span;

impl Checker<'_> {
    pub(super) fn check_calendar(&mut self, c: &ast::CalendarDecl) -> CalendarDef {
        let mut def = CalendarDef {
            name: c.name.name.clone(),
            label: c.label.as_ref().map(|l| l.value.clone()),
            holidays: BTreeSet::new(),
            workdays: BTreeSet::new(),
            span: c.name.span,
        };
        let mut seen: BTreeMap<chrono::NaiveDate, Span> = BTreeMap::new();
        for line in &c.lines {
            for (from, to) in &line.spans {
                let a = self.date(from);
                let b = match to {
                    Some(t) => self.date(t),
                    None => a,
                };
                let (Some(a), Some(b)) = (a, b) else { continue };
                let span = to.as_ref().map_or(from.span, |t| from.span.to(t.span));
                if b < a {
                    self.diags.push(
                        Diagnostic::error(
                            err::REVERSED_DATES,
                            format!(
                                "the date span `{} to {}` ends before it starts",
                                from.text,
                                to.as_ref().map_or("", |t| t.text.as_str())
                            ),
                            span,
                        )
                        .with_label("end before start")
                        .with_help("write the earlier date first"),
                    );
                    continue;
                }
                let mut day = a;
                let mut reported = false;
                while day <= b {
                    if let Some(first) = seen.get(&day) {
                        if !reported {
                            self.diags.push(
                                Diagnostic::error(
                                    err::DUPLICATE_DATE,
                                    format!("calendar `{}` lists {day} twice", c.name.name),
                                    span,
                                )
                                .with_label("listed again here")
                                .with_secondary(*first, "first listed here")
                                .with_help(
                                    "a day is either a holiday or a make-up working day, once",
                                ),
                            );
                            reported = true;
                        }
                    } else {
                        seen.insert(day, span);
                        if line.workdays {
                            def.workdays.insert(day);
                        } else {
                            def.holidays.insert(day);
                        }
                    }
                    match day.succ_opt() {
                        Some(d) => day = d,
                        None => break,
                    }
                }
            }
        }
        def
    }
}
