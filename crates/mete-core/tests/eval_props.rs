//! Properties of evaluation on the bundled rulebooks and generated cases:
//! - the same case decided twice, or given with its JSON keys in another order, gives the same
//!   bytes;
//! - a band lies within the statutory range unless reduced; a reduced band lies at or below the
//!   statutory minimum and never below zero; the point lies inside the band; `min <= max`;
//! - arbitrary bytes, arbitrary JSON and near-valid cases give a decision or a structured error,
//!   never a panic;
//! - a `Rulebook` is a cheap handle that decides the same on several threads.
//!
//! Cases are generated from the rulebook's own fact declarations (types, enums, ranges, records),
//! so the generator follows the rulebooks as they change.
#![allow(
    clippy::panic,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
use mete_core::case::CaseOptions;
use mete_core::check::{CheckOptions, MemoryLoader};
use mete_core::compile::Rulebook;
use mete_core::decision::{BandDto, DecisionDto};
use mete_core::eval::{EvalOptions, EvaluateError};
use mete_core::ir::{CheckedRulebook, Type, Value};
use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};

// ── the bundled rulebooks ──

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(dir: &str, root: &str, files: &[&str]) -> Rulebook {
    let dir = repo_root().join("rulebooks").join(dir);
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).expect("bundled rulebook");
    let texts: Vec<(String, String)> = files.iter().map(|f| (f.to_string(), read(f))).collect();
    let loader = MemoryLoader::new(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())));
    let root_text = read(root);
    match Rulebook::from_source(
        root,
        root_text.as_bytes(),
        &loader,
        &CheckOptions::default(),
    ) {
        Ok((b, _)) => b,
        Err(e) => panic!("{root} does not compile: {:?}", e.diagnostics),
    }
}

fn books() -> &'static [(&'static str, Rulebook)] {
    static BOOKS: OnceLock<Vec<(&'static str, Rulebook)>> = OnceLock::new();
    BOOKS.get_or_init(|| {
        vec![
            ("ecology", load("ecology", "ecology.mete", &[])),
            (
                "showcase",
                load("showcase", "showcase.mete", &["common.mete", "parent.mete"]),
            ),
        ]
    })
}

fn book(i: usize) -> &'static Rulebook {
    &books()[i % books().len()].1
}

// ── generated cases ──

/// A JSON value whose objects keep their members as a list, so they can be written in any order.
#[derive(Debug, Clone)]
enum J {
    Raw(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

/// A tiny deterministic generator: proptest supplies the seed, this spreads it over the case.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn date_str(d: NaiveDate) -> J {
    J::Raw(quote(&d.to_string()))
}

fn number_in(r: &mut Rng, lo: Decimal, hi: Decimal, whole: bool) -> Decimal {
    // A point of [lo, hi] at a random thousandth of the way, whole or with fen.
    let t = Decimal::new(r.below(1001) as i64, 3);
    let x = lo + (hi - lo) * t;
    let x = if whole || r.chance(60) {
        x.floor()
    } else {
        x.round_dp_with_strategy(2, RoundingStrategy::ToZero)
    };
    x.max(lo).min(hi)
}

fn value_of(r: &mut Rng, book: &CheckedRulebook, ty: Type, range: Option<&(Value, Value)>) -> J {
    let dec_range = |r: &mut Rng| -> (Decimal, Decimal) {
        match range {
            Some((Value::Money(a) | Value::Decimal(a), Value::Money(b) | Value::Decimal(b))) => {
                (*a, *b)
            }
            _ => {
                let hi = [100, 10_000, 200_000, 3_000_000][r.below(4) as usize];
                (Decimal::ZERO, Decimal::from(hi))
            }
        }
    };
    match ty {
        // Flags are mostly circumstances that end a case early; keep them rarer than not.
        Type::Bool => J::Raw(r.chance(25).to_string()),
        Type::Int => {
            let (a, b) = match range {
                Some((Value::Int(a), Value::Int(b))) => (*a, *b),
                _ => (0, 10),
            };
            let span = u64::try_from(b - a).unwrap_or(0) + 1;
            J::Raw((a + r.below(span) as i64).to_string())
        }
        Type::Decimal | Type::Money => {
            let (a, b) = dec_range(r);
            let x = number_in(r, a, b, false);
            // Numbers are accepted as JSON numbers or as strings.
            if r.chance(50) {
                J::Raw(x.to_string())
            } else {
                J::Raw(quote(&x.to_string()))
            }
        }
        Type::Date => {
            date_str(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + Days::new(r.below(22_000)))
        }
        Type::Duration => {
            if r.chance(50) {
                J::Raw(quote(&format!("P{}M{}D", r.below(24), r.below(60))))
            } else {
                J::Obj(vec![
                    ("years".into(), J::Raw(r.below(3).to_string())),
                    ("days".into(), J::Raw(r.below(90).to_string())),
                ])
            }
        }
        Type::Text => J::Raw(quote(["", "境外", "首次", "note"][r.below(4) as usize])),
        Type::Enum(e) => {
            let vs = &book.enum_def(e).unwrap().variants;
            J::Raw(quote(&vs[r.below(vs.len() as u64) as usize].name))
        }
        Type::Set(e) => {
            let vs = &book.enum_def(e).unwrap().variants;
            J::Arr(
                vs.iter()
                    .filter(|_| r.chance(40))
                    .map(|v| J::Raw(quote(&v.name)))
                    .collect(),
            )
        }
        Type::List(rec) => {
            let def = book.record(rec).unwrap();
            let n = r.below(5);
            J::Arr(
                (0..n)
                    .map(|_| {
                        let mut fields = Vec::new();
                        for f in &def.fields {
                            if !(f.optional || f.default.is_some()) || r.chance(70) {
                                fields.push((f.name.clone(), value_of(r, book, f.ty, None)));
                            }
                        }
                        J::Obj(fields)
                    })
                    .collect(),
            )
        }
        Type::Outcome | Type::TierId => J::Raw("null".into()),
    }
}

/// A valid case for `book` from `seed`: top-level key/value pairs in declared order.
fn valid_case(book: &Rulebook, seed: u64) -> Vec<(String, J)> {
    let c = book.checked();
    let mut r = Rng(seed);
    let mut pairs = Vec::new();
    let n_items = c.items.len() as u64;
    let first = r.below(n_items);
    if r.chance(15) && n_items > 1 {
        let second = (first + 1 + r.below(n_items - 1)) % n_items;
        let ids = [first, second]
            .iter()
            .map(|i| J::Raw(quote(&c.items[*i as usize].id)))
            .collect();
        pairs.push(("violations".to_string(), J::Arr(ids)));
    } else {
        pairs.push((
            "violation".to_string(),
            J::Raw(quote(&c.items[first as usize].id)),
        ));
    }
    let from = c.effective_from;
    let until = c.effective_until.unwrap_or(from + Days::new(3 * 365));
    let span = u64::try_from((until - from).num_days()).unwrap_or(0) + 1;
    let act = from + Days::new(r.below(span));
    pairs.push(("act_date".to_string(), date_str(act)));
    pairs.push((
        "decision_date".to_string(),
        date_str(act + Days::new(r.below(800))),
    ));
    for f in &c.facts {
        let give = if f.optional {
            r.chance(30)
        } else if f.default.is_some() {
            r.chance(60)
        } else {
            true
        };
        if give {
            pairs.push((f.name.clone(), value_of(&mut r, c, f.ty, f.range.as_ref())));
        }
    }
    pairs
}

/// Writes `j`, shuffling every object's members with `shuffle` (or not, when `None`).
fn write(j: &J, shuffle: &mut Option<Rng>, out: &mut String) {
    match j {
        J::Raw(s) => out.push_str(s),
        J::Arr(xs) => {
            out.push('[');
            for (i, x) in xs.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(x, shuffle, out);
            }
            out.push(']');
        }
        J::Obj(members) => {
            let mut order: Vec<usize> = (0..members.len()).collect();
            if let Some(r) = shuffle {
                for i in (1..order.len()).rev() {
                    order.swap(i, r.below(i as u64 + 1) as usize);
                }
            }
            out.push('{');
            for (n, i) in order.iter().enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                let (k, v) = &members[*i];
                out.push_str(&quote(k));
                out.push(':');
                write(v, shuffle, out);
            }
            out.push('}');
        }
    }
}

fn to_json(pairs: &[(String, J)], shuffle: Option<u64>) -> String {
    let mut out = String::new();
    write(&J::Obj(pairs.to_vec()), &mut shuffle.map(Rng), &mut out);
    out
}

fn run(book: &Rulebook, json: &str, trace: bool) -> Result<DecisionDto, EvaluateError> {
    book.evaluate_json(
        json.as_bytes(),
        &EvalOptions { trace },
        &CaseOptions::default(),
    )
}

fn pretty(r: &Result<DecisionDto, EvaluateError>) -> String {
    serde_json::to_string_pretty(r).unwrap()
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ── band properties ──

fn dec(s: &str) -> Decimal {
    s.parse()
        .unwrap_or_else(|_| panic!("`{s}` is not a decimal"))
}

fn whole(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
}

/// The band invariants; `statutory` is (min, max) of the statutory range.
fn check_band(b: &BandDto, statutory: Option<(Decimal, Option<Decimal>)>) -> Result<(), String> {
    let (lo, hi) = (dec(&b.min), dec(&b.max));
    if lo > hi {
        return Err(format!("min {lo} > max {hi}"));
    }
    if let Some(p) = &b.point {
        let p = dec(p);
        if p < lo || p > hi {
            return Err(format!("point {p} outside [{lo}, {hi}]"));
        }
    }
    let Some((smin, smax)) = statutory else {
        return Ok(());
    };
    // Bands are rounded to whole yuan (both bundled rulebooks say `1 half_up`), so compare with
    // the statutory bounds rounded the same way (rounding keeps order).
    let (smin, smax) = (whole(smin), smax.map(whole));
    if b.reduced {
        if lo < Decimal::ZERO || hi > smin {
            return Err(format!("reduced band [{lo}, {hi}] not within [0, {smin}]"));
        }
    } else {
        if lo < smin {
            return Err(format!("band min {lo} below statutory min {smin}"));
        }
        if let Some(smax) = smax {
            if hi > smax {
                return Err(format!("band max {hi} above statutory max {smax}"));
            }
        }
    }
    Ok(())
}

fn check_decision(d: &DecisionDto) -> Result<(), String> {
    let statutory = d
        .statutory
        .as_ref()
        .map(|s| (dec(&s.min), s.max.as_deref().map(dec)));
    if let Some(b) = &d.fine {
        check_band(b, statutory)?;
        if d.outcome != "penalize" {
            return Err(format!("a fine band with outcome {}", d.outcome));
        }
    }
    for o in &d.options {
        if let Some(b) = &o.consequence.fine {
            check_band(b, statutory).map_err(|e| format!("option `{}`: {e}", o.id))?;
        }
    }
    Ok(())
}

// ── properties ──

proptest! {
    #![proptest_config(config(96))]

    /// Same bytes: twice, with trace on and off, and with every object's keys in another order.
    #[test]
    fn same_case_same_bytes(which in 0usize..2, seed in any::<u64>(), shuffle in any::<u64>()) {
        let book = book(which);
        let pairs = valid_case(book, seed);
        let plain = to_json(&pairs, None);
        let shuffled = to_json(&pairs, Some(shuffle));
        let first = run(book, &plain, true);
        if let Err(EvaluateError::Case(e)) = &first {
            prop_assert!(false, "generated case rejected: {e:?}\n{plain}");
        }
        let a = pretty(&first);
        prop_assert_eq!(&a, &pretty(&run(book, &plain, true)));
        prop_assert_eq!(&a, &pretty(&run(book, &shuffled, true)), "{}\n{}", plain, shuffled);
        // Without the trace only the trace differs.
        let quiet = run(book, &shuffled, false);
        match (&first, &quiet) {
            (Ok(x), Ok(y)) => {
                prop_assert!(y.trace.is_empty());
                let mut x = x.clone();
                x.trace.clear();
                prop_assert_eq!(pretty(&Ok(x)), pretty(&Ok(y.clone())));
            }
            (x, y) => prop_assert_eq!(pretty(x), pretty(y)),
        }
        // The pre-parsed path gives the same contract.
        let case = book.read_case(shuffled.as_bytes(), &CaseOptions::default()).unwrap();
        let direct = book.evaluate(&case, &EvalOptions::default()).map(|d| d.to_dto());
        if let (Ok(x), Ok(y)) = (&first, &direct) {
            prop_assert_eq!(pretty(&Ok(x.clone())), pretty(&Ok(y.clone())));
        }
    }

    /// Bands respect the statutory range (or lie below its minimum when reduced).
    #[test]
    fn bands_respect_the_statutory_range(which in 0usize..2, seed in any::<u64>()) {
        let book = book(which);
        let json = to_json(&valid_case(book, seed), None);
        match run(book, &json, false) {
            Ok(d) => {
                if let Err(e) = check_decision(&d) {
                    prop_assert!(false, "{e}\n{json}");
                }
            }
            Err(EvaluateError::Eval(e)) => {
                prop_assert!(e.code.starts_with("mete::eval::"), "{e:?}");
                prop_assert_ne!(e.code, "mete::eval::internal", "{:?}\n{}", e, json);
            }
            Err(EvaluateError::Case(e)) => prop_assert!(false, "generated case rejected: {e:?}\n{json}"),
        }
    }

    /// Arbitrary bytes never panic; they give a decision or a structured error.
    #[test]
    fn arbitrary_bytes(which in 0usize..2, bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let r = book(which).evaluate_json(&bytes, &EvalOptions::default(), &CaseOptions::default());
        structured(&r)?;
    }

    /// Arbitrary JSON values never panic.
    #[test]
    fn arbitrary_json(which in 0usize..2, v in arb_json()) {
        let text = serde_json::to_string(&v).unwrap();
        let r = run(book(which), &text, true);
        structured(&r)?;
    }

    /// Valid cases with one value replaced, a key dropped, renamed or added never panic, and a
    /// valid-looking case never hits an internal error.
    #[test]
    fn near_valid_cases(which in 0usize..2, seed in any::<u64>(), how in 0u8..4, at in any::<prop::sample::Index>(), v in arb_json()) {
        let book = book(which);
        let mut pairs = valid_case(book, seed);
        let i = at.index(pairs.len());
        let replacement = J::Raw(serde_json::to_string(&v).unwrap());
        match how {
            0 => pairs[i].1 = replacement,
            1 => { pairs.remove(i); }
            2 => pairs[i].0.push('x'),
            _ => pairs.push((format!("extra{i}"), replacement)),
        }
        let json = to_json(&pairs, None);
        let r = run(book, &json, true);
        structured(&r)?;
        if let Ok(d) = &r {
            if let Err(e) = check_decision(d) {
                prop_assert!(false, "{e}\n{json}");
            }
        }
    }
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value as V;
    let leaf = prop_oneof![
        Just(V::Null),
        any::<bool>().prop_map(V::Bool),
        any::<i64>().prop_map(V::from),
        (-1_000_000i64..1_000_000, 0u32..6)
            .prop_map(
                |(n, s)| serde_json::from_str(&Decimal::new(n, s).to_string()).unwrap_or(V::Null)
            ),
        "[a-z_]{0,12}".prop_map(V::String),
        prop_oneof![
            Just("2024-02-29"),
            Just("2023-02-29"),
            Just("violation"),
            Just("act_date"),
            Just("SC-RANGE"),
            Just("环评-登记表"),
            Just("1e400"),
            Just("-0"),
            Just("P1Y2M"),
            Just("serious"),
            Just("同类")
        ]
        .prop_map(|s| V::String(s.to_string())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(V::Array),
            proptest::collection::vec(
                (
                    prop_oneof![
                        "[a-z_]{1,10}".boxed(),
                        prop_oneof![
                            Just("violation"),
                            Just("violations"),
                            Just("act_date"),
                            Just("decision_date"),
                            Just("harm"),
                            Just("priors"),
                            Just("货值金额"),
                            Just("既往处罚记录"),
                            Just("date"),
                            Just("kind"),
                            Just("排放情况")
                        ]
                        .prop_map(str::to_string)
                        .boxed(),
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|m| V::Object(m.into_iter().collect())),
        ]
    })
}

/// A decision whose invariants hold, or an error with a code, a message and (for case errors) at
/// least one problem with a JSON path.
fn structured(r: &Result<DecisionDto, EvaluateError>) -> Result<(), TestCaseError> {
    match r {
        Ok(d) => {
            prop_assert!(!d.outcome.is_empty());
        }
        Err(EvaluateError::Case(e)) => {
            prop_assert!(!e.problems.is_empty());
            for p in &e.problems {
                prop_assert!(p.path.starts_with('$'), "{p:?}");
                prop_assert!(p.code.starts_with("mete::case::"), "{p:?}");
                prop_assert!(!p.message.is_empty());
            }
        }
        Err(EvaluateError::Eval(e)) => {
            prop_assert!(e.code.starts_with("mete::eval::"), "{e:?}");
            prop_assert!(!e.message.is_empty());
        }
    }
    // The error, too, serialises to the same bytes every time.
    prop_assert_eq!(pretty(r), pretty(r));
    Ok(())
}

#[test]
fn rulebook_is_a_cheap_shared_handle() {
    // One pointer: cloning copies a reference count, not the program.
    assert_eq!(
        std::mem::size_of::<Rulebook>(),
        std::mem::size_of::<usize>()
    );
    for (name, book) in books() {
        let cases: Vec<String> = (0..48u64)
            .map(|s| to_json(&valid_case(book, s * 7919 + 1), None))
            .collect();
        let sequential: Vec<String> = cases.iter().map(|c| pretty(&run(book, c, true))).collect();
        let decided = sequential.iter().filter(|s| s.contains("\"Ok\"")).count();
        assert!(decided > 24, "{name}: only {decided} of 48 cases decided");
        let results: Vec<Vec<String>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..2)
                .map(|t| {
                    let book = book.clone();
                    let cases = &cases;
                    s.spawn(move || {
                        // The two threads walk the cases in opposite orders.
                        let mut out: Vec<(usize, String)> = Vec::new();
                        let order: Vec<usize> = if t == 0 {
                            (0..cases.len()).collect()
                        } else {
                            (0..cases.len()).rev().collect()
                        };
                        for i in order {
                            out.push((i, pretty(&run(&book, &cases[i], true))));
                        }
                        out.sort_by_key(|x| x.0);
                        out.into_iter().map(|x| x.1).collect()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for r in results {
            assert_eq!(r, sequential, "{name}: a thread decided differently");
        }
    }
}

/// The generator is useful: most generated cases are decided with a band, across many items,
/// tiers and outcomes (so the band properties above test something).
#[test]
fn generated_cases_reach_decisions() {
    let mut reduced = 0;
    for (name, book) in books() {
        let mut banded = 0;
        let mut errors = std::collections::BTreeMap::<String, usize>::new();
        let mut seen = std::collections::BTreeSet::new();
        let mut outcomes = std::collections::BTreeSet::new();
        for seed in 0..300u64 {
            let json = to_json(&valid_case(book, seed), None);
            match run(book, &json, false) {
                Ok(d) => {
                    // A fine the law only permits is offered with its band instead of imposed.
                    let offered = d.options.iter().any(|o| o.consequence.fine.is_some());
                    banded += usize::from(d.fine.is_some() || offered);
                    let bands = d
                        .fine
                        .iter()
                        .chain(d.options.iter().filter_map(|o| o.consequence.fine.as_ref()));
                    reduced += bands.filter(|b| b.reduced).count();
                    outcomes.insert(d.outcome.clone());
                    seen.insert((d.violation.id.clone(), d.tier.map(|t| t.id)));
                }
                Err(EvaluateError::Eval(e)) => *errors.entry(e.code.to_string()).or_default() += 1,
                Err(EvaluateError::Case(e)) => panic!("{name}: rejected {e:?}\n{json}"),
            }
        }
        eprintln!(
            "{name}: {banded} banded, {reduced} reduced, {} item/tier pairs, outcomes {outcomes:?}, errors {errors:?}",
            seen.len()
        );
        assert!(
            banded >= 150,
            "{name}: only {banded} of 300 cases have a band"
        );
        assert!(
            seen.len() >= 12,
            "{name}: only {} item/tier pairs",
            seen.len()
        );
        assert!(outcomes.len() >= 3, "{name}: outcomes {outcomes:?}");
    }
    assert!(reduced >= 5, "only {reduced} reduced bands");
}

/// Found by `bands_respect_the_statutory_range`: a tier written as its own uncapped per-unit
/// formula under a capped statutory fine, and a discount without a floor, stay inside the
/// statutory range.
#[test]
fn bands_are_held_inside_the_statutory_range() {
    let src = r#"
rulebook "clamp" { version "1" effective from 2024-01-01 }
facts {
  kg: decimal "超限质量" default 0
  sorry: bool "认罚" default false
}
adjust sorry "认罚从宽" when sorry: discount 80%
violation U "per unit" {
  cite "U"
  fine 500 per 1000 of kg up, at most 30000
  tier pro_rata "按比例" otherwise: 500 per 1000 of kg
}
violation R "range" {
  cite "R"
  fine 1000 to 5000
  tier only "一般" otherwise: 30% to 70%
}
"#;
    let loader = MemoryLoader::default();
    let (book, _) =
        Rulebook::from_source("c.mete", src.as_bytes(), &loader, &CheckOptions::default())
            .expect("compiles");
    let band = |json: &str| {
        let d = run(&book, json, false).expect("decides");
        let f = d.fine.expect("a band");
        (f.min, f.max, f.reduced)
    };
    assert_eq!(
        band(r#"{"violation": "U", "act_date": "2024-05-01", "kg": 121000}"#),
        ("30000".to_string(), "30000".to_string(), false)
    );
    // Without the cap the per-unit formula would give 60500.
    assert_eq!(
        band(r#"{"violation": "U", "act_date": "2024-05-01", "kg": 20000}"#),
        ("10000".to_string(), "10000".to_string(), false)
    );
    // 80% off [2200, 3800] is [440, 760]; without a reduction the minimum, 1000, holds.
    assert_eq!(
        band(r#"{"violation": "R", "act_date": "2024-05-01", "sorry": true}"#),
        ("1000".to_string(), "1000".to_string(), false)
    );
    assert_eq!(
        band(r#"{"violation": "R", "act_date": "2024-05-01"}"#),
        ("2200".to_string(), "3800".to_string(), false)
    );
}
