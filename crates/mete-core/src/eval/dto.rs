//! [`Decision`] → [`DecisionDto`]: labels, citations, positions and values, materialised once.

use rust_decimal::Decimal;

use super::decide::{circ_def, sanction_of};
use super::expr::{Env, Memo, V};
use super::money::amount_text;
use super::{Decision, FineBand, Opt, OptSource, RuleRef, Sanction, rationale};
use crate::ast::DecisionSource;
use crate::compile::{Compiled, Origin, Read};
use crate::decision::*;
use crate::ir::{CheckedRulebook, Duration, Type, Value};
use crate::span::Span;
use crate::vocab::{BoundField, Outcome};

pub(super) fn to_dto(d: &Decision<'_>) -> DecisionDto {
    let book = d.book;
    let c = &book.checked;
    let item = c.items.get(d.item as usize);
    let mut frame = d.frame.clone();
    let tier = d
        .tier
        .and_then(|t| item.and_then(|i| i.tiers.get(t as usize)));
    let mut dto = DecisionDto {
        schema_version: SCHEMA_VERSION,
        rulebook: RulebookDto {
            id: c.id.clone(),
            title: c.title.clone().unwrap_or_default(),
            version: c.version.clone(),
            content_hash: c.content_hash.clone(),
            version_choice: d.version_choice.as_ref().map(|v| VersionChoiceDto {
                reason: if v.later_more_lenient {
                    "later_more_lenient"
                } else {
                    "in_force_at_act"
                }
                .to_string(),
                in_force_at_act: v.at_act.clone(),
                in_force_at_decision: v.at_decision.clone(),
                explanation: version_explanation(v),
            }),
        },
        case: CaseDatesDto {
            act_date: d.case.act_date.map(|x| x.to_string()),
            decision_date: d.case.decision_date.map(|x| x.to_string()),
        },
        violation: ItemDto {
            id: item.map(|i| i.id.clone()).unwrap_or_default(),
            title: item.map(|i| i.title.clone()).unwrap_or_default(),
            violates: item.map(|i| i.violates.clone()).unwrap_or_default(),
            cite: item.map(|i| i.cite.clone()).unwrap_or_default(),
        },
        outcome: d.outcome.en().to_string(),
        tier: tier.map(|t| TierDto {
            id: t.id.clone(),
            label: t.label.clone(),
            grade: t.grade.map(|g| g.en().to_string()),
            cite: t.cite.clone(),
        }),
        statutory: d.statutory.map(|(lo, hi)| RangeDto {
            min: amount_text(lo),
            max: hi.map(amount_text),
        }),
        fine: d.fine.map(band_dto),
        sanctions: d.sanctions.iter().map(|s| sanction_dto(book, *s)).collect(),
        options: d.options.iter().map(|o| option_dto(book, o)).collect(),
        circumstances: d
            .circumstances
            .iter()
            .filter_map(|(ci, applied)| {
                let def = circ_def(book, *ci)?;
                Some(CircumstanceDto {
                    id: def.id.clone(),
                    label: def.label.clone(),
                    effect: def.effect.kind.en().to_string(),
                    modality: modality(def.effect.modality),
                    cite: def.cite.clone(),
                    applied: *applied,
                })
            })
            .collect(),
        adjustments: d
            .adjustments
            .iter()
            .filter_map(|a| {
                let def = adjust_def(book, *a)?;
                Some(AdjustmentDto {
                    id: def.id.clone(),
                    label: def.label.clone(),
                    action: action_text(&def.action),
                    cite: def.cite.clone(),
                })
            })
            .collect(),
        reviews: Vec::new(),
        obligations: d
            .obligations
            .iter()
            .filter_map(|(ci, oi)| {
                let def = circ_def(book, *ci)?;
                let o = def.obligations.get(*oi as usize)?;
                Some(ObligationDto {
                    text: o.text.clone(),
                    cite: o.cite.clone(),
                    from: def.id.clone(),
                })
            })
            .collect(),
        provisions: d
            .provisions
            .iter()
            .filter_map(|p| {
                let i = c.items.get(p.item as usize)?;
                Some(ProvisionDto {
                    violation: i.id.clone(),
                    title: i.title.clone(),
                    outcome: p.outcome.en().to_string(),
                    fine: p.fine.map(band_dto),
                    governing: p.governing,
                })
            })
            .collect(),
        trace: Vec::new(),
        rationale: RationaleDto {
            zh: String::new(),
            en: String::new(),
        },
    };
    for r in &d.reviews {
        let Some(def) = c.reviews.get(*r as usize) else {
            continue;
        };
        let reads = book
            .reviews
            .get(*r as usize)
            .map(|x| x.cond.reads.as_slice())
            .unwrap_or(&[]);
        dto.reviews.push(ReviewDto {
            id: def.id.clone(),
            kind: review_kind(c, def.kind),
            label: def.label.clone(),
            cite: def.cite.clone(),
            because: named_values(d, &mut frame, reads),
        });
    }
    for (n, step) in d.trace.iter().enumerate() {
        if let Some(t) = trace_step(d, &mut frame, step.rule) {
            dto.trace.push(TraceStepDto {
                step: u32::try_from(n + 1).unwrap_or(u32::MAX),
                kind: t.0.to_string(),
                id: t.1,
                fired: step.fired,
                note: step.note.map(|x| x.text().to_string()),
                cite: t.2,
                at: source_at(book, t.3),
                reads: t.4,
            });
        }
    }
    dto.rationale = rationale::build(&dto);
    dto
}

pub(super) fn version_explanation(v: &super::VersionChoice) -> String {
    let act = v.at_act.as_deref().unwrap_or("none");
    let dec = v.at_decision.as_deref().unwrap_or("none");
    if v.later_more_lenient {
        format!(
            "version {dec}, in force on the decision date, is more lenient for this case than version {act}, in force on the act date, so it applies (art. 37)"
        )
    } else {
        format!(
            "version {act} was in force on the act date and no later version is more lenient for this case (art. 37)"
        )
    }
}

fn modality(m: crate::ir::Modality) -> String {
    match m {
        crate::ir::Modality::Shall => "shall",
        crate::ir::Modality::May => "may",
    }
    .to_string()
}

pub(super) fn band_dto(b: FineBand) -> BandDto {
    BandDto {
        min: amount_text(b.min),
        max: amount_text(b.max),
        point: b.point.map(amount_text),
        reduced: b.reduced,
    }
}

fn duration_text(d: Duration) -> String {
    let mut s = String::from("P");
    if d.years != 0 {
        s.push_str(&format!("{}Y", d.years));
    }
    if d.months != 0 {
        s.push_str(&format!("{}M", d.months));
    }
    if d.days != 0 || s.len() == 1 {
        s.push_str(&format!("{}D", d.days));
    }
    s
}

fn sanction_dto(book: &Compiled, s: Sanction) -> SanctionDto {
    let cs = sanction_of(book, s.src);
    SanctionDto {
        kind: cs.map(|x| x.kind.en()).unwrap_or("").to_string(),
        label: cs.map(|x| x.kind.zh()).unwrap_or("").to_string(),
        amount: s.amount.map(amount_text),
        duration: cs.and_then(|x| x.duration).map(|(a, z)| DurationRangeDto {
            min: duration_text(a),
            max: duration_text(z.unwrap_or(a)),
        }),
    }
}

fn option_dto(book: &Compiled, o: &Opt) -> OptionDto {
    match o.source {
        OptSource::Circ(ci) => {
            let def = circ_def(book, ci);
            OptionDto {
                source: "circumstance".to_string(),
                id: def.map(|x| x.id.clone()).unwrap_or_default(),
                label: def.map(|x| x.label.clone()).unwrap_or_default(),
                effect: o.effect.map(|e| e.en().to_string()),
                cite: def.map(|x| x.cite.clone()).unwrap_or_default(),
                consequence: ConsequenceDto {
                    outcome: o.outcome.en().to_string(),
                    fine: o.fine.map(band_dto),
                    sanction: None,
                },
            }
        }
        OptSource::Fine(item) => OptionDto {
            source: "sanction".to_string(),
            id: crate::vocab::SanctionKind::Fine.en().to_string(),
            label: crate::vocab::SanctionKind::Fine.zh().to_string(),
            effect: None,
            cite: book
                .checked
                .items
                .get(item as usize)
                .map(|i| i.cite.clone())
                .unwrap_or_default(),
            consequence: ConsequenceDto {
                outcome: Outcome::Penalize.en().to_string(),
                fine: o.fine.map(band_dto),
                sanction: None,
            },
        },
        OptSource::Sanction(s) => {
            let dto = sanction_dto(book, s);
            let cite = book
                .checked
                .items
                .get(s.src.item as usize)
                .map(|i| i.cite.clone())
                .unwrap_or_default();
            OptionDto {
                source: "sanction".to_string(),
                id: dto.kind.clone(),
                label: dto.label.clone(),
                effect: None,
                cite,
                consequence: ConsequenceDto {
                    outcome: Outcome::Penalize.en().to_string(),
                    fine: o.fine.map(band_dto),
                    sanction: Some(dto),
                },
            }
        }
    }
}

fn adjust_def(book: &Compiled, a: u32) -> Option<&crate::ir::AdjustDef> {
    match book.adjusts.get(a as usize)?.origin {
        Origin::Global(i) => book.checked.adjustments.get(i as usize),
        Origin::Local(item, i) => book
            .checked
            .items
            .get(item as usize)?
            .adjustments
            .get(i as usize),
    }
}

fn percent(x: Decimal) -> String {
    format!("{}%", amount_text(x * Decimal::ONE_HUNDRED))
}

fn action_text(a: &crate::ir::AdjustActionDef) -> String {
    use crate::ir::AdjustActionDef as A;
    match a {
        A::Up(n) => format!("up {n}"),
        A::Down(n) => format!("down {n}"),
        A::To(p) => format!("to {}", p.en()),
        A::Discount { from, to, .. } => match to {
            Some(t) => format!("discount {} to {}", percent(*from), percent(*t)),
            None => format!("discount {}", percent(*from)),
        },
    }
}

fn review_kind(c: &CheckedRulebook, k: crate::ir::ReviewKindRef) -> String {
    match k {
        crate::ir::ReviewKindRef::Builtin(b) => b.en().to_string(),
        crate::ir::ReviewKindRef::Declared(i) => c
            .review_kinds
            .get(i as usize)
            .map(|r| r.name.clone())
            .unwrap_or_default(),
    }
}

fn source_at(book: &Compiled, span: Span) -> SourceAtDto {
    match book.sources.get(span.file) {
        Some(f) => {
            let lc = f.line_col(span.start);
            SourceAtDto {
                file: f.name.clone(),
                line: lc.line,
                col: lc.col,
            }
        }
        None => SourceAtDto {
            file: book
                .checked
                .sources
                .get(span.file.0 as usize)
                .cloned()
                .unwrap_or_default(),
            line: 0,
            col: 0,
        },
    }
}

type StepParts = (
    &'static str,
    String,
    Option<String>,
    Span,
    Vec<NamedValueDto>,
);

fn join(c: &[String]) -> Option<String> {
    (!c.is_empty()).then(|| c.join("；"))
}

fn trace_step<'a>(d: &Decision<'a>, frame: &mut Memo<'a>, rule: RuleRef) -> Option<StepParts> {
    let book = d.book;
    let c = &book.checked;
    Some(match rule {
        RuleRef::Circ(ci) => {
            let def = circ_def(book, ci)?;
            let reads = &book.circs.get(ci as usize)?.cond.reads;
            (
                "circumstance",
                def.id.clone(),
                join(&def.cite),
                def.span,
                named_values(d, frame, reads),
            )
        }
        RuleRef::Fine { item, alt } => {
            let def = c.items.get(item as usize)?;
            let fine = book.items.get(item as usize)?.fine.as_ref()?;
            let (span, reads) = match fine.alts.get(alt as usize) {
                Some((cond, form)) => (form.span, named_values(d, frame, &cond.reads)),
                None => (fine.otherwise.span, Vec::new()),
            };
            ("fine", def.id.clone(), join(&def.cite), span, reads)
        }
        RuleRef::Tier { item, tier } => {
            let def = c.items.get(item as usize)?.tiers.get(tier as usize)?;
            let ct = book.items.get(item as usize)?.tiers.get(tier as usize)?;
            let reads = match &ct.cond {
                Some(cond) => named_values(d, frame, &cond.reads),
                None => Vec::new(),
            };
            ("tier", def.id.clone(), def.cite.clone(), def.span, reads)
        }
        RuleRef::Adjust(a) => {
            let def = adjust_def(book, a)?;
            let reads = &book.adjusts.get(a as usize)?.cond.reads;
            (
                "adjustment",
                def.id.clone(),
                def.cite.clone(),
                def.span,
                named_values(d, frame, reads),
            )
        }
        RuleRef::Sanction(s) => {
            let cs = sanction_of(book, s)?;
            let reads = match &cs.cond {
                Some(cond) => named_values(d, frame, &cond.reads),
                None => Vec::new(),
            };
            ("sanction", cs.kind.en().to_string(), None, cs.span, reads)
        }
        RuleRef::Review(r) => {
            let def = c.reviews.get(r as usize)?;
            let reads = &book.reviews.get(r as usize)?.cond.reads;
            (
                "review",
                def.id.clone(),
                def.cite.clone(),
                def.span,
                named_values(d, frame, reads),
            )
        }
        RuleRef::Provision(i) => {
            let def = c.items.get(i as usize)?;
            (
                "provision",
                def.id.clone(),
                join(&def.cite),
                def.span,
                Vec::new(),
            )
        }
    })
}

/// The values of what a rule read: facts from the case, definitions from the frame (evaluated
/// now when the decision did not need them), decision fields from the decision.
fn named_values<'a>(d: &Decision<'a>, frame: &mut Memo<'a>, reads: &[Read]) -> Vec<NamedValueDto> {
    let book = d.book;
    let c = &book.checked;
    let mut out = Vec::with_capacity(reads.len());
    for r in reads {
        let (name, value) = match *r {
            Read::Fact(f) => {
                let Some(def) = c.facts.get(f as usize) else {
                    continue;
                };
                let v = match d.case.facts.get(f as usize) {
                    Some(Some(v)) => value_text(c, v),
                    _ => "absent".to_string(),
                };
                (def.name.clone(), v)
            }
            Read::Let(l) => {
                let Some(def) = c.lets.get(l as usize) else {
                    continue;
                };
                let v = let_value(d, frame, l)
                    .map_or_else(|| "?".to_string(), |v| v_text(c, v, def.ty));
                (def.name.clone(), v)
            }
            Read::Decision(src, field) => {
                let s = match src {
                    DecisionSource::Fine => "fine",
                    DecisionSource::Statutory => "statutory",
                };
                let v = match (src, field) {
                    (DecisionSource::Fine, BoundField::Min) => d.view.fine.map(|f| f.0),
                    (DecisionSource::Fine, BoundField::Max) => d.view.fine.map(|f| f.1),
                    (DecisionSource::Fine, BoundField::Point) => d.view.fine.and_then(|f| f.2),
                    (DecisionSource::Statutory, BoundField::Max) => {
                        d.view.statutory.and_then(|s| s.1)
                    }
                    (DecisionSource::Statutory, _) => d.view.statutory.map(|s| s.0),
                };
                (
                    format!("{s}.{}", field.en()),
                    v.map_or_else(|| "none".to_string(), amount_text),
                )
            }
            Read::Outcome => ("outcome".to_string(), d.outcome.en().to_string()),
            Read::Tier => (
                "tier".to_string(),
                d.view.tier.unwrap_or("none").to_string(),
            ),
            Read::Includes(k) => (
                format!("includes {}", k.en()),
                (d.view.includes & (1 << (k as u32)) != 0).to_string(),
            ),
            Read::Applied(k) => (
                format!("applied {}", k.en()),
                (d.view.applied & (1 << (k as u32)) != 0).to_string(),
            ),
            Read::ActDate => (
                "act_date".to_string(),
                d.case
                    .act_date
                    .map_or_else(|| "absent".to_string(), |x| x.to_string()),
            ),
            Read::DecisionDate => (
                "decision_date".to_string(),
                d.case
                    .decision_date
                    .map_or_else(|| "absent".to_string(), |x| x.to_string()),
            ),
        };
        out.push(NamedValueDto { name, value });
    }
    out
}

fn let_value<'a>(d: &Decision<'a>, frame: &mut Memo<'a>, slot: u32) -> Option<V<'a>> {
    if let Some(v) = frame.get(slot) {
        return Some(v);
    }
    let book: &'a Compiled = d.book;
    let mut env = Env::new(&book.arena, &book.checked.calendars, &book.lets, d.case);
    env.frame = std::mem::take(frame);
    let v = env.let_value(slot).ok();
    *frame = env.frame;
    v
}

/// Canonical text of a stored value.
pub(super) fn value_text(c: &CheckedRulebook, v: &Value) -> String {
    match v {
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Decimal(x) | Value::Money(x) => amount_text(*x),
        Value::Date(x) => x.to_string(),
        Value::Duration(x) => duration_text(*x),
        Value::Text(s) => s.clone(),
        Value::Enum(e, i) => variant(c, *e, *i),
        Value::Set(e, s) => {
            let names: Vec<String> = s.iter().map(|i| variant(c, *e, *i)).collect();
            format!("{{{}}}", names.join(", "))
        }
        Value::List(_, l) => format!("[{} records]", l.len()),
        Value::Outcome(o) => o.en().to_string(),
        Value::Tier(t) => t.clone(),
    }
}

fn variant(c: &CheckedRulebook, e: crate::ir::EnumId, i: u32) -> String {
    c.enums
        .get(e.index())
        .and_then(|d| d.variants.get(i as usize))
        .map(|v| v.name.clone())
        .unwrap_or_default()
}

fn v_text(c: &CheckedRulebook, v: V<'_>, ty: Type) -> String {
    match v {
        V::Bool(b) => b.to_string(),
        V::Int(i) => i.to_string(),
        V::Dec(x) => amount_text(x),
        V::Date(x) => x.to_string(),
        V::Dur(x) => duration_text(x),
        V::Text(s) => s.to_string(),
        V::Enum(i) => match ty {
            Type::Enum(e) => variant(c, e, i),
            _ => i.to_string(),
        },
        V::Set(s) => match ty {
            Type::Set(e) => {
                let names: Vec<String> = s.iter().map(|i| variant(c, e, *i)).collect();
                format!("{{{}}}", names.join(", "))
            }
            _ => String::new(),
        },
        V::List(l) => format!("[{} records]", l.len()),
        V::Outcome(o) => o.en().to_string(),
        V::Tier(t) => t.to_string(),
    }
}
