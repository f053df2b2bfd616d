//! The decision procedure for one case (eval-design.md, "Semantics").

use rust_decimal::Decimal;

use super::assess::{Assessment, Force, assess};
use super::expr::{DecView, Env};
use super::fault::Fault;
use super::few::Few;
use super::{
    Decision, EvalError, EvalOptions, Note, Opt, OptSource, Provision, RuleRef, SanctionRef, Step,
};
use crate::case::Case;
use crate::compile::{CCirc, CItem, CSanction, Compiled, Origin};
use crate::ir::Modality;
use crate::vocab::{ConflictMode, EffectKind, Outcome, SanctionKind};

fn idx(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Records steps when tracing.
pub(super) struct Tracer {
    pub(super) on: bool,
    pub(super) steps: Vec<Step>,
}

impl Tracer {
    /// A tracer that records nothing (the consequences of options).
    pub(super) fn quiet() -> Self {
        Tracer {
            on: false,
            steps: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, rule: RuleRef, fired: bool, note: Option<Note>) {
        if self.on {
            self.steps.push(Step { rule, fired, note });
        }
    }
}

/// The decision for one item, written in place (as the assessment, steps 3–7, is) so the
/// decision's parts are not copied from one struct to the next.
struct ItemResult {
    outcome: Outcome,
    statutory: Option<(Decimal, Option<Decimal>)>,
    /// Tier, fine, sanctions, options and adjustments.
    a: Assessment,
    circumstances: Vec<(u32, bool)>,
    reviews: Few<u32, 4>,
    obligations: Vec<(u32, u32)>,
    applied: u32,
}

impl Default for ItemResult {
    fn default() -> Self {
        ItemResult {
            outcome: Outcome::Penalize,
            statutory: None,
            a: Assessment::default(),
            circumstances: Vec::new(),
            reviews: Few::default(),
            obligations: Vec::new(),
            applied: 0,
        }
    }
}

pub(super) fn decide<'a>(
    book: &'a Compiled,
    case: &'a Case,
    options: &EvalOptions,
) -> Result<Decision<'a>, EvalError> {
    let mut env = Env::new(&book.arena, &book.checked.calendars, &book.lets, case);
    let mut tr = Tracer {
        on: options.trace,
        steps: Vec::new(),
    };
    if case.items.is_empty() {
        return Err(EvalError::new(
            "mete::eval::no_violation",
            "the case names no violation item".to_string(),
        ));
    }
    let name = |item: u32| {
        book.checked
            .items
            .get(item as usize)
            .map_or("", |i| i.id.as_str())
    };
    // One provision, the common case: no list of results to build.
    if let [only] = case.items.as_slice() {
        let mut r = ItemResult::default();
        decide_item(book, &mut env, only.0, &mut tr, &mut r)
            .map_err(|e| EvalError::from(e).with_item(name(only.0)))?;
        // Built here from the parts of `r` rather than through `finish`, which would take `r`
        // (some 400 bytes) as a whole.
        let ItemResult {
            outcome,
            statutory,
            a,
            circumstances,
            reviews,
            obligations,
            applied: _,
        } = r;
        return Ok(Decision {
            book,
            case,
            version_choice: None,
            outcome,
            item: only.0,
            tier: a.tier,
            statutory,
            fine: a.fine,
            sanctions: a.sanctions,
            options: a.options,
            circumstances,
            adjustments: a.adjustments,
            reviews,
            obligations,
            provisions: Vec::new(),
            trace: tr.steps,
            frame: env.frame,
            view: env.dec,
        });
    }
    let mut results: Vec<(u32, ItemResult, DecView<'a>)> = Vec::with_capacity(case.items.len());
    for item in &case.items {
        let item_no = item.0;
        let mut r = ItemResult::default();
        decide_item(book, &mut env, item_no, &mut tr, &mut r)
            .map_err(|e| EvalError::from(e).with_item(name(item_no)))?;
        results.push((item_no, r, env.dec));
    }
    // Art. 29: the provision with the higher fine governs (max, then min); ties keep the first.
    let mut gov = 0usize;
    for (i, (_, r, _)) in results.iter().enumerate() {
        if let Some((_, best, _)) = results.get(gov) {
            if fine_key(r) > fine_key(best) {
                gov = i;
            }
        }
    }
    let mut provisions = Vec::new();
    if results.len() > 1 {
        for (i, (item, r, _)) in results.iter().enumerate() {
            let governing = i == gov;
            provisions.push(Provision {
                item: *item,
                outcome: r.outcome,
                fine: r.a.fine,
                governing,
            });
            tr.push(
                RuleRef::Provision(*item),
                governing,
                (!governing).then_some(Note::NotGoverning),
            );
        }
    }
    let (item, r, view) = results
        .into_iter()
        .nth(gov)
        .ok_or_else(|| EvalError::internal("no provision"))?;
    Ok(finish(
        book, case, item, r, view, provisions, tr.steps, env.frame,
    ))
}

#[allow(
    clippy::too_many_arguments,
    reason = "the parts of a decision, moved in once"
)]
fn finish<'a>(
    book: &'a Compiled,
    case: &'a Case,
    item: u32,
    r: ItemResult,
    view: DecView<'a>,
    provisions: Vec<Provision>,
    trace: Vec<Step>,
    frame: super::expr::Memo<'a>,
) -> Decision<'a> {
    let _ = r.applied;
    Decision {
        book,
        case,
        version_choice: None,
        outcome: r.outcome,
        item,
        tier: r.a.tier,
        statutory: r.statutory,
        fine: r.a.fine,
        sanctions: r.a.sanctions,
        options: r.a.options,
        circumstances: r.circumstances,
        adjustments: r.a.adjustments,
        reviews: r.reviews,
        obligations: r.obligations,
        provisions,
        trace,
        frame,
        view,
    }
}

fn fine_key(r: &ItemResult) -> (bool, Decimal, Decimal) {
    match (r.outcome, r.a.fine) {
        (Outcome::Penalize, Some(f)) => (true, f.max, f.min),
        _ => (false, Decimal::ZERO, Decimal::ZERO),
    }
}

pub(super) fn item_of(book: &Compiled, item: u32) -> Result<&CItem, Fault> {
    book.items
        .get(item as usize)
        .ok_or(Fault::Internal("unknown item"))
}

fn circ_of(book: &Compiled, c: u32) -> Result<&CCirc, Fault> {
    book.circs
        .get(c as usize)
        .ok_or(Fault::Internal("unknown circumstance"))
}

fn is_lightening(k: EffectKind) -> bool {
    matches!(
        k,
        EffectKind::Reduce | EffectKind::Mitigate | EffectKind::MitigateOrReduce
    )
}

fn decisive(k: EffectKind) -> Option<Outcome> {
    match k {
        EffectKind::NotApplicable | EffectKind::NotPunishable => Some(Outcome::NotPunishable),
        EffectKind::TimeBarred => Some(Outcome::TimeBarred),
        EffectKind::Exempt => Some(Outcome::Exempt),
        _ => None,
    }
}

fn decide_item<'a>(
    book: &'a Compiled,
    env: &mut Env<'a>,
    item_no: u32,
    tr: &mut Tracer,
    result: &mut ItemResult,
) -> Result<(), Fault> {
    let item = item_of(book, item_no)?;
    env.dec = DecView::default();

    // 1. Statutory range.
    let statutory = match &item.fine {
        None => None,
        Some(f) => {
            let mut form = &f.otherwise;
            let mut chosen = false;
            for (i, (cond, alt)) in f.alts.iter().enumerate() {
                let fired = env.truth(cond.root)?;
                tr.push(
                    RuleRef::Fine {
                        item: item_no,
                        alt: idx(i),
                    },
                    fired,
                    None,
                );
                if fired {
                    form = alt;
                    chosen = true;
                    break;
                }
            }
            if !f.alts.is_empty() && !chosen {
                tr.push(
                    RuleRef::Fine {
                        item: item_no,
                        alt: idx(f.alts.len()),
                    },
                    true,
                    None,
                );
            }
            Some(env.form(form)?)
        }
    };
    env.dec.statutory = statutory;

    // 2. Circumstances in the fixed precedence.
    let mut outcome = Outcome::Penalize;
    // Per fired circumstance, in evaluation order: applied, and a note when it did not shape
    // the decision. (No allocation when none fires, the common case.)
    let mut state: Vec<(u32, bool, Option<Note>)> = Vec::new();
    let mut decided = false;
    let mut may_offers: Vec<u32> = Vec::new();
    for c in &item.circs {
        let cc = circ_of(book, *c)?;
        if !env.truth(cc.cond.root)? {
            continue;
        }
        if decided {
            state.push((*c, false, Some(Note::Superseded)));
            continue;
        }
        if cc.modality == Modality::May {
            state.push((*c, false, Some(Note::Offered)));
            may_offers.push(*c);
            continue;
        }
        if let Some(o) = decisive(cc.kind) {
            outcome = o;
            decided = true;
            state.push((*c, true, None));
        } else {
            state.push((*c, true, None));
        }
    }

    // Mitigating against aggravating (shall only, when nothing decided yet).
    let mut force = Force::None;
    let mut reduce_instead: Option<u32> = None;
    if !decided {
        let kind_of = |c: u32| book.circs.get(c as usize).map(|x| x.kind);
        let shall = |s: &(u32, bool, Option<Note>)| s.1;
        let light = state
            .iter()
            .any(|s| shall(s) && kind_of(s.0).is_some_and(is_lightening));
        let heavy = state
            .iter()
            .any(|s| shall(s) && kind_of(s.0) == Some(EffectKind::Aggravate));
        let mut drop_light = false;
        let mut drop_heavy = false;
        if light && heavy {
            match item.conflicts {
                ConflictMode::Collective => {
                    outcome = Outcome::NeedsCollectiveDecision;
                    for s in state.iter_mut().filter(|s| s.1) {
                        s.1 = false;
                        s.2 = Some(Note::Conflict);
                    }
                }
                ConflictMode::Offset => {
                    for s in state.iter_mut().filter(|s| s.1) {
                        s.1 = false;
                        s.2 = Some(Note::Offset);
                    }
                }
                ConflictMode::LenientFirst => drop_heavy = true,
                ConflictMode::SevereFirst => drop_light = true,
            }
        }
        for s in state.iter_mut().filter(|s| s.1) {
            let Some(k) = kind_of(s.0) else { continue };
            if (drop_light && is_lightening(k)) || (drop_heavy && k == EffectKind::Aggravate) {
                s.1 = false;
                s.2 = Some(Note::Superseded);
            }
        }
        if outcome == Outcome::Penalize {
            // Reduce outranks mitigate; the first circumstance of the winning effect sets the
            // target, later ones of the same effect apply too.
            let first = |want: &dyn Fn(EffectKind) -> bool| {
                state
                    .iter()
                    .find(|s| s.1 && kind_of(s.0).is_some_and(want))
                    .map(|s| s.0)
            };
            let target = |c: u32| book.circs.get(c as usize).and_then(|x| x.target.as_ref());
            if let Some(c) = first(&|k| k == EffectKind::Reduce) {
                force = Force::Reduce(target(c));
                for s in state.iter_mut().filter(|s| s.1) {
                    if kind_of(s.0).is_some_and(|k| k == EffectKind::Mitigate)
                        || kind_of(s.0) == Some(EffectKind::MitigateOrReduce)
                    {
                        s.1 = false;
                        s.2 = Some(Note::Superseded);
                    }
                }
            } else if let Some(c) =
                first(&|k| matches!(k, EffectKind::Mitigate | EffectKind::MitigateOrReduce))
            {
                force = Force::Lenient(target(c));
                reduce_instead = state
                    .iter()
                    .find(|s| s.1 && kind_of(s.0) == Some(EffectKind::MitigateOrReduce))
                    .map(|s| s.0);
            } else if let Some(c) = first(&|k| k == EffectKind::Aggravate) {
                force = Force::Severe(target(c));
            }
        }
    }

    // Trace the circumstances in evaluation order.
    if tr.on {
        for c in &item.circs {
            let s = state.iter().find(|s| s.0 == *c);
            tr.push(RuleRef::Circ(*c), s.is_some(), s.and_then(|s| s.2));
        }
    }

    let mut applied_bits = 0u32;
    for s in state.iter().filter(|s| s.1) {
        if let Some(k) = book.circs.get(s.0 as usize).map(|x| x.kind) {
            applied_bits |= 1 << (k as u32);
        }
    }

    // 3–7. The penalty.
    result.outcome = outcome;
    result.statutory = statutory;
    result.circumstances = state.iter().map(|s| (s.0, s.1)).collect();
    result.applied = applied_bits;
    if outcome == Outcome::Penalize {
        assess(book, env, item_no, force, tr, &mut result.a)?;
        if let Some(c) = reduce_instead {
            let mut alt = Assessment::default();
            assess(
                book,
                env,
                item_no,
                Force::Reduce(None),
                &mut Tracer::quiet(),
                &mut alt,
            )?;
            // Offered first, before the sanctions the law permits.
            result.a.options.insert(
                0,
                Opt {
                    source: OptSource::Circ(c),
                    effect: Some(EffectKind::Reduce),
                    outcome: Outcome::Penalize,
                    fine: alt.fine,
                },
            );
        }
    }
    // Options offered by "may" circumstances, with their consequences.
    for c in may_offers {
        let cc = circ_of(book, c)?;
        let kinds: &[(EffectKind, Force<'_>)] = match cc.kind {
            EffectKind::Reduce => &[(EffectKind::Reduce, Force::Reduce(cc.target.as_ref()))],
            EffectKind::Mitigate => &[(EffectKind::Mitigate, Force::Lenient(cc.target.as_ref()))],
            EffectKind::MitigateOrReduce => &[
                (EffectKind::Mitigate, Force::Lenient(cc.target.as_ref())),
                (EffectKind::Reduce, Force::Reduce(None)),
            ],
            EffectKind::Aggravate => &[(EffectKind::Aggravate, Force::Severe(cc.target.as_ref()))],
            k => {
                let o = decisive(k).unwrap_or(Outcome::Penalize);
                result.a.options.push(Opt {
                    source: OptSource::Circ(c),
                    effect: Some(k),
                    outcome: o,
                    fine: None,
                });
                continue;
            }
        };
        for (k, f) in kinds {
            // A consequence that cannot be computed (no such tier) is offered without a band.
            let mut alt = Assessment::default();
            let fine = match assess(book, env, item_no, *f, &mut Tracer::quiet(), &mut alt) {
                Ok(()) => alt.fine,
                Err(_) => None,
            };
            result.a.options.push(Opt {
                source: OptSource::Circ(c),
                effect: Some(*k),
                outcome: Outcome::Penalize,
                fine,
            });
        }
    }

    // 8. Reviews read the decision.
    let tier_name = result.a.tier.and_then(|t| {
        book.checked
            .items
            .get(item_no as usize)
            .and_then(|i| i.tiers.get(t as usize))
            .map(|t| t.id.as_str())
    });
    let mut includes = 0u32;
    if result.outcome == Outcome::Penalize {
        if result.a.fine.is_some() {
            includes |= 1 << (SanctionKind::Fine as u32);
        }
        for s in &result.a.sanctions {
            if let Some(cs) = sanction_of(book, s.src) {
                includes |= 1 << (cs.kind as u32);
            }
        }
    } else {
        result.a.fine = None;
        result.a.tier = None;
        result.a.sanctions.clear();
    }
    // `statutory` is in place since step 1.
    env.dec.fine = result.a.fine.map(|f| (f.min, f.max, f.point));
    env.dec.outcome = Some(result.outcome);
    env.dec.tier = tier_name;
    env.dec.includes = includes;
    env.dec.applied = applied_bits;
    for r in &item.reviews {
        let review = book
            .reviews
            .get(*r as usize)
            .ok_or(Fault::Internal("unknown review"))?;
        let fired = env.truth(review.cond.root)?;
        tr.push(RuleRef::Review(*r), fired, None);
        if fired {
            result.reviews.push(*r);
        }
    }

    // Duties of the circumstances that applied.
    for (c, applied) in &result.circumstances {
        if !applied {
            continue;
        }
        let n = circ_def(book, *c).map_or(0, |d| d.obligations.len());
        for i in 0..n {
            result.obligations.push((*c, idx(i)));
        }
    }
    Ok(())
}

pub(crate) fn circ_def(book: &Compiled, c: u32) -> Option<&crate::ir::CircumstanceDef> {
    match book.circs.get(c as usize)?.origin {
        Origin::Global(i) => book.checked.circumstances.get(i as usize),
        Origin::Local(item, i) => book
            .checked
            .items
            .get(item as usize)?
            .circumstances
            .get(i as usize),
    }
}

pub(crate) fn sanction_of(book: &Compiled, s: SanctionRef) -> Option<&CSanction> {
    let item = book.items.get(s.item as usize)?;
    match s.tier {
        None => item.sanctions.get(s.idx as usize),
        Some(t) => item.tiers.get(t as usize)?.add.get(s.idx as usize),
    }
}
