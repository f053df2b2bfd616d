//! The decision procedure for one case (eval-design.md, "Semantics").

use rust_decimal::Decimal;

use super::band::{self, band_in, mul, point_in, sub, tier_band, within};
use super::expr::{DecView, Env};
use super::fault::Fault;
use super::few::Few;
use super::scaled;
use super::{
    Decision, EvalError, EvalOptions, FineBand, Note, Opt, OptSource, Provision, RuleRef, Sanction,
    SanctionRef, Step, money,
};
use crate::case::Case;
use crate::compile::{CAction, CCirc, CItem, CSanction, CTarget, Compiled, Origin};
use crate::ir::Modality;
use crate::vocab::{ConflictMode, EffectKind, Grade, Outcome, Point, SanctionKind};

fn idx(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Records steps when tracing.
struct Tracer {
    on: bool,
    steps: Vec<Step>,
}

impl Tracer {
    fn push(&mut self, rule: RuleRef, fired: bool, note: Option<Note>) {
        if self.on {
            self.steps.push(Step { rule, fired, note });
        }
    }
}

/// What a circumstance forces on the assessment.
#[derive(Clone, Copy)]
enum Force<'c> {
    None,
    Lenient(Option<&'c CTarget>),
    Severe(Option<&'c CTarget>),
    Reduce(Option<&'c CTarget>),
}

/// The result of assessing the penalty (steps 3–7).
struct Assessment {
    tier: Option<u32>,
    fine: Option<FineBand>,
    sanctions: Few<Sanction, 2>,
    options: Vec<Opt>,
    adjustments: Few<u32, 4>,
}

/// The decision for one item.
struct ItemResult {
    outcome: Outcome,
    tier: Option<u32>,
    statutory: Option<(Decimal, Option<Decimal>)>,
    fine: Option<FineBand>,
    sanctions: Few<Sanction, 2>,
    options: Vec<Opt>,
    circumstances: Vec<(u32, bool)>,
    adjustments: Few<u32, 4>,
    reviews: Few<u32, 4>,
    obligations: Vec<(u32, u32)>,
    applied: u32,
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
        let r = decide_item(book, &mut env, only.0, &mut tr)
            .map_err(|e| EvalError::from(e).with_item(name(only.0)))?;
        let view = env.dec;
        return Ok(finish(
            book,
            case,
            only.0,
            r,
            view,
            Vec::new(),
            tr.steps,
            env.frame,
        ));
    }
    let mut results: Vec<(u32, ItemResult, DecView<'a>)> = Vec::with_capacity(case.items.len());
    for item in &case.items {
        let item_no = item.0;
        let r = decide_item(book, &mut env, item_no, &mut tr)
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
                fine: r.fine,
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
        tier: r.tier,
        statutory: r.statutory,
        fine: r.fine,
        sanctions: r.sanctions,
        options: r.options,
        circumstances: r.circumstances,
        adjustments: r.adjustments,
        reviews: r.reviews,
        obligations: r.obligations,
        provisions,
        trace,
        frame,
        view,
    }
}

fn fine_key(r: &ItemResult) -> (bool, Decimal, Decimal) {
    match (r.outcome, r.fine) {
        (Outcome::Penalize, Some(f)) => (true, f.max, f.min),
        _ => (false, Decimal::ZERO, Decimal::ZERO),
    }
}

fn item_of(book: &Compiled, item: u32) -> Result<&CItem, Fault> {
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
) -> Result<ItemResult, Fault> {
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
    let mut result = ItemResult {
        outcome,
        tier: None,
        statutory,
        fine: None,
        sanctions: Few::default(),
        options: Vec::new(),
        circumstances: state.iter().map(|s| (s.0, s.1)).collect(),
        adjustments: Few::default(),
        reviews: Few::default(),
        obligations: Vec::new(),
        applied: applied_bits,
    };
    if outcome == Outcome::Penalize {
        let a = assess(book, env, item_no, force, tr)?;
        result.tier = a.tier;
        result.fine = a.fine;
        result.sanctions = a.sanctions;
        result.adjustments = a.adjustments;
        if let Some(c) = reduce_instead {
            let mut quiet = Tracer {
                on: false,
                steps: Vec::new(),
            };
            let alt = assess(book, env, item_no, Force::Reduce(None), &mut quiet)?;
            result.options.push(Opt {
                source: OptSource::Circ(c),
                effect: Some(EffectKind::Reduce),
                outcome: Outcome::Penalize,
                fine: alt.fine,
            });
        }
        result.options.extend(a.options);
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
                result.options.push(Opt {
                    source: OptSource::Circ(c),
                    effect: Some(k),
                    outcome: o,
                    fine: None,
                });
                continue;
            }
        };
        for (k, f) in kinds {
            let mut quiet = Tracer {
                on: false,
                steps: Vec::new(),
            };
            // A consequence that cannot be computed (no such tier) is offered without a band.
            let fine = assess(book, env, item_no, *f, &mut quiet)
                .ok()
                .and_then(|a| a.fine);
            result.options.push(Opt {
                source: OptSource::Circ(c),
                effect: Some(*k),
                outcome: Outcome::Penalize,
                fine,
            });
        }
    }

    // 8. Reviews read the decision.
    let tier_name = result.tier.and_then(|t| {
        book.checked
            .items
            .get(item_no as usize)
            .and_then(|i| i.tiers.get(t as usize))
            .map(|t| t.id.as_str())
    });
    let mut includes = 0u32;
    if result.outcome == Outcome::Penalize {
        if result.fine.is_some() {
            includes |= 1 << (SanctionKind::Fine as u32);
        }
        for s in &result.sanctions {
            if let Some(cs) = sanction_of(book, s.src) {
                includes |= 1 << (cs.kind as u32);
            }
        }
    } else {
        result.fine = None;
        result.tier = None;
        result.sanctions.clear();
    }
    env.dec = DecView {
        statutory,
        fine: result.fine.map(|f| (f.min, f.max, f.point)),
        outcome: Some(result.outcome),
        tier: tier_name,
        includes,
        applied: applied_bits,
    };
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
    Ok(result)
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

fn no_target(grade: Grade) -> Fault {
    Fault::NoTarget(grade)
}

/// Steps 3–7: tier, adjustments, band, point, rounding, sanctions.
fn assess<'a>(
    book: &'a Compiled,
    env: &mut Env<'a>,
    item_no: u32,
    force: Force<'_>,
    tr: &mut Tracer,
) -> Result<Assessment, Fault> {
    let item = item_of(book, item_no)?;
    let statutory = env.dec.statutory;

    // 3. The first tier whose condition holds.
    let mut natural: Option<u32> = None;
    for (i, t) in item.tiers.iter().enumerate() {
        let rule = RuleRef::Tier {
            item: item_no,
            tier: idx(i),
        };
        if natural.is_some() {
            tr.push(rule, false, Some(Note::NotReached));
            continue;
        }
        let fired = match &t.cond {
            None => true,
            Some(c) => env.truth(c.root)?,
        };
        if fired {
            natural = Some(idx(i));
        }
        tr.push(rule, fired, None);
    }
    let by_grade = |g: &[Grade]| {
        item.tiers
            .iter()
            .position(|t| t.grade.is_some_and(|x| g.contains(&x)))
            .map(idx)
    };
    let mut reduced = false;
    let mut point_override: Option<Point> = None;
    let mut band_override: Option<(Decimal, Decimal)> = None;
    let tier: Option<u32> = match force {
        Force::None => natural,
        Force::Lenient(Some(CTarget::Point(p))) | Force::Severe(Some(CTarget::Point(p))) => {
            point_override = Some(*p);
            natural
        }
        Force::Lenient(Some(CTarget::Band(b))) | Force::Severe(Some(CTarget::Band(b))) => {
            if let Some(s) = statutory {
                band_override = Some(within(band_in(env, b, s)?, s));
            }
            natural
        }
        Force::Lenient(None) => {
            if item.tiers.is_empty() {
                point_override = Some(Point::Minimum);
                None
            } else {
                Some(by_grade(&[Grade::Lenient]).ok_or_else(|| no_target(Grade::Lenient))?)
            }
        }
        Force::Severe(None) => {
            if item.tiers.is_empty() {
                point_override = Some(Point::Maximum);
                None
            } else {
                Some(by_grade(&[Grade::Severe]).ok_or_else(|| no_target(Grade::Severe))?)
            }
        }
        Force::Reduce(target) => {
            reduced = true;
            let min = statutory.map_or(Decimal::ZERO, |s| s.0);
            let range = (Decimal::ZERO, Some(min));
            let t = by_grade(&[Grade::Reduced]);
            let b = match target {
                Some(CTarget::Band(b)) => band_in(env, b, range)?,
                _ => match t
                    .and_then(|t| item.tiers.get(t as usize))
                    .and_then(|t| t.band.as_ref())
                {
                    Some(b) => band_in(env, b, range)?,
                    None => (Decimal::ZERO, min),
                },
            };
            // Never below zero, never above the statutory minimum.
            let clamp = |x: Decimal| x.max(Decimal::ZERO).min(min);
            band_override = Some((clamp(b.0), clamp(b.1)));
            if let Some(CTarget::Point(p)) = target {
                point_override = Some(*p);
            }
            t
        }
    };
    if tier.is_none() && natural.is_none() && !item.tiers.is_empty() && !reduced {
        return Err(Fault::NoTier);
    }
    if tier != natural {
        if let (true, Some(n)) = (tr.on, natural) {
            if let Some(s) = tr.steps.iter_mut().rev().find(|s| {
                s.rule
                    == RuleRef::Tier {
                        item: item_no,
                        tier: n,
                    }
            }) {
                s.note = Some(Note::Overridden);
            }
        }
    }

    // 4–5. Band and point of the tier, then the adjustments in order.
    let tier_def = |t: Option<u32>| t.and_then(|t| item.tiers.get(t as usize));
    let mut tier = tier;
    // Whether the band is known to lie inside the statutory range, so that the clamp below
    // can be skipped (share bands on ordinary amounts: the common case).
    // Whether a share band of this range is known to lie inside it (computed once).
    let range_exact = statutory.is_some_and(band::exact_range);
    let inside = |t: Option<u32>| range_exact && tier_def(t).is_some_and(|t| t.share.is_some());
    let mut band_inside = band_override.is_none() && inside(tier);
    // With whole-unit rounding, a share band inside the range is left uncomputed (`lazy`): the
    // integer path at step 6 gives its rounded bounds and point directly. Whatever needs the
    // exact band before that computes it (`tier_band`).
    let r = book.checked.rounding;
    let whole_units = r.unit.mantissa() == 1 && r.unit.scale() == 0;
    let mut lazy = tier.filter(|_| whole_units && band_inside);
    let mut band = match (band_override, lazy) {
        (Some(b), _) => Some(b),
        (None, Some(_)) => None,
        (None, None) => tier_band(env, tier_def(tier), statutory)?,
    };
    let mut point: Option<Point> =
        point_override.or_else(|| tier_def(tier).and_then(|t| t.recommend));
    let mut point_value: Option<Decimal> = None;
    let mut adjustments = Few::default();
    for a in &item.adjusts {
        let adj = book
            .adjusts
            .get(*a as usize)
            .ok_or(Fault::Internal("unknown adjustment"))?;
        let fired = env.truth(adj.cond.root)?;
        tr.push(RuleRef::Adjust(*a), fired, None);
        if !fired {
            continue;
        }
        adjustments.push(*a);
        match &adj.action {
            CAction::Up(n) | CAction::Down(n) => {
                if reduced || item.tiers.is_empty() {
                    continue;
                }
                let Some(cur) = tier else { continue };
                let up = matches!(adj.action, CAction::Up(_));
                if let Some((t, b)) = band::shift(env, item, statutory, cur, up, *n)? {
                    tier = Some(t);
                    band_inside = inside(tier);
                    (band, lazy) = match b {
                        Some(b) => (Some(b), None),
                        None if whole_units => (None, tier),
                        None => (tier_band(env, tier_def(tier), statutory)?, None),
                    };
                    point = tier_def(tier).and_then(|t| t.recommend);
                    point_value = None;
                }
            }
            CAction::To(p) => {
                point = Some(*p);
                point_value = None;
            }
            CAction::Discount { from, to, floor } => {
                if lazy.take().is_some() {
                    band = tier_band(env, tier_def(tier), statutory)?;
                }
                let Some((lo, hi)) = band else { continue };
                let (base_lo, base_hi) = match (point_value, point) {
                    (Some(v), _) => (v, v),
                    (None, Some(p)) => {
                        let v = point_in(p, (lo, hi))?;
                        (v, v)
                    }
                    (None, None) => (lo, hi),
                };
                let mut nlo = mul(base_lo, sub(Decimal::ONE, *to)?)?;
                let mut nhi = mul(base_hi, sub(Decimal::ONE, *from)?)?;
                if let Some(f) = floor {
                    env.dec.fine = Some((lo, hi, point_value));
                    let f = env.amount(*f)?;
                    nlo = nlo.max(f);
                    nhi = nhi.max(f);
                }
                band = Some((nlo, nhi));
                band_inside = false;
                point = None;
                point_value = None;
            }
        }
    }
    // 5–6 on the integer path: the lazy share band, its point and their rounding at once.
    let mut fast: Option<FineBand> = None;
    if let (Some(t), Some((lo, Some(hi)))) = (lazy, statutory) {
        let shares = tier_def(Some(t)).and_then(|d| d.share);
        fast = shares
            .and_then(|s| scaled::share_band((lo, hi), s, point, r.mode))
            .map(|(min, max, point)| FineBand {
                min,
                max,
                point,
                reduced,
            });
        if fast.is_none() {
            band = tier_band(env, tier_def(Some(t)), statutory)?;
        }
    }
    // Only a reduction (减轻) leaves the statutory range. A tier written as its own fine form
    // (e.g. an uncapped per-unit formula under a capped statutory fine) or a discount without a
    // floor is held inside it.
    if let (false, false, Some((lo, hi)), Some((smin, smax))) =
        (reduced, band_inside, band, statutory)
    {
        let clamp = |x: Decimal| {
            let x = x.max(smin);
            smax.map_or(x, |m| x.min(m))
        };
        band = Some((clamp(lo), clamp(hi)));
    }
    if let (Some(b), Some(p), None) = (band, point, point_value) {
        point_value = Some(point_in(p, b)?);
    }

    // 6. Rounding at the end.
    let round = |x: Decimal| money::round(x, r.unit, r.mode).ok_or(Fault::Overflow);
    let mut fine = match band {
        _ if fast.is_some() => fast,
        Some((lo, hi)) => Some(FineBand {
            min: round(lo)?,
            max: round(hi)?,
            point: point_value.map(round).transpose()?,
            reduced,
        }),
        None => None,
    };

    // 7. Sanctions: the item's, then the tier's additions, minus the tier's drops.
    let mut sanctions = Few::default();
    let mut options = Vec::new();
    let mut consider = |env: &mut Env<'_>,
                        s: &CSanction,
                        src: SanctionRef,
                        tr: &mut Tracer|
     -> Result<(), Fault> {
        let fired = match &s.cond {
            None => true,
            Some(c) => env.truth(c.root)?,
        };
        let note = (fired && s.modality == Modality::May).then_some(Note::Offered);
        tr.push(RuleRef::Sanction(src), fired, note);
        if !fired {
            return Ok(());
        }
        let amount = s.amount.map(|a| env.amount(a)).transpose()?;
        // Confiscating an amount of nothing is no sanction (no illegal gains, no property).
        if amount.is_some_and(|a| a.is_zero()) {
            return Ok(());
        }
        let sanction = Sanction { src, amount };
        match s.modality {
            Modality::Shall => sanctions.push(sanction),
            Modality::May => options.push(Opt {
                source: OptSource::Sanction(sanction),
                effect: None,
                outcome: Outcome::Penalize,
                fine: None,
            }),
        }
        Ok(())
    };
    for (i, s) in item.sanctions.iter().enumerate() {
        let src = SanctionRef {
            item: item_no,
            tier: None,
            idx: idx(i),
        };
        consider(env, s, src, tr)?;
    }
    if let Some(t) = tier_def(tier) {
        for (i, s) in t.add.iter().enumerate() {
            let src = SanctionRef {
                item: item_no,
                tier,
                idx: idx(i),
            };
            consider(env, s, src, tr)?;
        }
    }
    if let Some(t) = tier_def(tier) {
        if !t.drop.is_empty() {
            sanctions
                .retain(|s| sanction_of(book, s.src).is_none_or(|cs| !t.drop.contains(&cs.kind)));
            for step in tr.steps.iter_mut() {
                if let RuleRef::Sanction(src) = step.rule {
                    let dropped = src.item == item_no
                        && sanction_of(book, src).is_some_and(|cs| t.drop.contains(&cs.kind));
                    if dropped && step.fired {
                        step.note = Some(Note::Dropped);
                    }
                }
            }
            if t.drop.contains(&SanctionKind::Fine) {
                fine = None;
            }
        }
    }
    // A sanction offered as "may" that the decision imposes anyway is no option.
    options.retain(|o| match &o.source {
        OptSource::Sanction(offered) => {
            let kind = sanction_of(book, offered.src).map(|cs| cs.kind);
            !sanctions
                .iter()
                .any(|s| sanction_of(book, s.src).map(|cs| cs.kind) == kind)
        }
        OptSource::Circ(_) | OptSource::Fine(_) => true,
    });
    for o in &mut options {
        o.fine = fine;
    }
    // A fine the law only permits (可以并处罚款) is offered with its band, never imposed.
    let optional_fine = book
        .checked
        .items
        .get(item_no as usize)
        .and_then(|i| i.fine.as_ref())
        .is_some_and(|f| f.modality == Modality::May);
    if optional_fine {
        if let Some(band) = fine.take() {
            options.push(Opt {
                source: OptSource::Fine(item_no),
                effect: None,
                outcome: Outcome::Penalize,
                fine: Some(band),
            });
        }
    }
    Ok(Assessment {
        tier,
        fine,
        sanctions,
        options,
        adjustments,
    })
}
