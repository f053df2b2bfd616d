//! Writes a synthetic audit record set for the ecology rulebook, with seeded defects.
//!
//! ```text
//! cargo run -p mete-core --example audit_generate
//! ```
//!
//! Output (committed): `examples/audit/records.jsonl` (10,000 records, one JSON object a line)
//! and `examples/audit/seeded.json` (which lines carry which defect, by finding code).
//!
//! Everything is deterministic: a 64-bit linear congruential generator with a fixed seed, no
//! clock, no outside randomness. Each record is a plausible case of one of the rulebook's items
//! (by id, so items added later change nothing) with the decision an officer who follows the
//! benchmark would record: a fine inside the band (at the point where a mandatory mitigation
//! fixes one), the mandatory sanctions and sometimes a permitted one, the reviews and hearing
//! notice the rulebook requires, payment dates and, for late payers, the surcharge computed here
//! independently (3% of the fine a day, excluded days not counted, capped at the fine). Every
//! tenth record or so then gets exactly one defect of a known kind.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::PathBuf;

use chrono::{Days, NaiveDate};
use mete_core::case::CaseOptions;
use mete_core::check::{CheckOptions, MemoryLoader};
use mete_core::compile::Rulebook;
use mete_core::decision::DecisionDto;
use mete_core::eval::EvalOptions;
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

const RECORDS: usize = 10_000;
const SEED: u64 = 0x6d65_7465_6175_6474;

/// Knuth's MMIX constants; the high bits are the usable ones.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    /// Uniform in `0..n` (n > 0; the tiny modulo bias does not matter here).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// True with probability `pct`%.
    fn pct(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        let i = usize::try_from(self.below(xs.len() as u64)).unwrap_or(0);
        xs.get(i).copied().unwrap_or("")
    }
}

/// The defects seeded, each the finding code the audit must report.
const DEFECTS: [&str; 15] = [
    "fine_above_band",
    "fine_below_band",
    "fine_below_statutory",
    "mitigation_ignored",
    "penalty_time_barred",
    "penalty_exempt",
    "outcome_differs",
    "fine_missing",
    "sanction_missing",
    "sanction_not_allowed",
    "review_missing",
    "hearing_notice_missing",
    "wrong_surcharge",
    "bad_case",
    "bad_record",
];

const ITEMS: [&str; 8] = [
    "环评-登记表",
    "环评-未批先建",
    "大气-自行监测",
    "大气-无证排污",
    "大气-劣质煤",
    "固废-无证经营",
    "辐射-放射源",
    "畜禽-禁养区",
];

fn day(base: NaiveDate, n: u64) -> NaiveDate {
    base.checked_add_days(Days::new(n)).unwrap_or(base)
}

fn back(base: NaiveDate, n: u64) -> NaiveDate {
    base.checked_sub_days(Days::new(n)).unwrap_or(base)
}

fn money(n: u64) -> Value {
    Value::String(n.to_string())
}

/// A random case of `item`; `want` steers it toward what a defect needs.
fn make_case(r: &mut Lcg, item: &str, want: &str) -> Map<String, Value> {
    let mut c = Map::new();
    let start = NaiveDate::from_ymd_opt(2020, 3, 1).unwrap_or_default();
    let act = day(start, r.below(1200));
    c.insert("violation".into(), json!(item));
    c.insert("act_date".into(), json!(act.to_string()));
    match item {
        "环评-登记表" => {
            c.insert(
                "排放情况".into(),
                json!(r.pick(&["无排放", "排放", "排放", "超标排放"])),
            );
            if r.pct(5) {
                c.insert("重大环境事件".into(), json!(true));
            }
        }
        "环评-未批先建" => {
            c.insert("环评类别".into(), json!(r.pick(&["报告书", "报告表"])));
            c.insert("主体工程完工".into(), json!(r.pct(50)));
            if r.pct(10) {
                c.insert("位于禁止建设区域".into(), json!(true));
            }
            c.insert("总投资额".into(), money((10 + r.below(490)) * 100_000));
        }
        "大气-自行监测" => {}
        "大气-无证排污" => {
            c.insert("管理类别".into(), json!(r.pick(&["简化管理", "重点管理"])));
            c.insert("含重金属或有毒有害".into(), json!(r.pct(30)));
            c.insert("排放情况".into(), json!(r.pick(&["排放", "超标排放"])));
        }
        "大气-劣质煤" => {
            c.insert("不合格指标项数".into(), json!(1 + r.below(4)));
            c.insert("货值金额".into(), money((5 + r.below(200)) * 1_000));
        }
        "固废-无证经营" => {
            let tonnes = if want == "review_missing" {
                30 + r.below(40)
            } else {
                1 + r.below(59)
            };
            c.insert(
                "危险废物数量".into(),
                json!(format!("{}.{}", tonnes / 10, tonnes % 10)),
            );
            c.insert("违法所得".into(), money((2 + r.below(60)) * 5_000));
        }
        "辐射-放射源" => {
            let gains = match r.below(4) {
                0 => 0,
                1 => (1 + r.below(19)) * 5_000,
                2 => (2 + r.below(18)) * 50_000,
                _ => (10 + r.below(20)) * 100_000,
            };
            c.insert("违法所得".into(), money(gains));
            if r.pct(10) {
                c.insert("逾期不改正".into(), json!(true));
            }
        }
        _ => {
            c.insert("养殖规模".into(), json!(100 + r.below(1900)));
        }
    }
    if item == "大气-自行监测" || r.pct(15) {
        let n = r.below(4);
        let priors: Vec<Value> = (0..n)
            .map(|_| {
                let kind = if r.pct(70) { "同类" } else { "其他" };
                json!({"日期": back(act, 10 + r.below(700)).to_string(), "类别": kind})
            })
            .collect();
        c.insert("既往处罚记录".into(), Value::Array(priors));
    }
    let mitigate = want == "mitigation_ignored" || r.pct(6);
    if mitigate {
        let which = r.pick(&[
            "主动消除或者减轻危害后果",
            "受他人胁迫",
            "配合查处有立功表现",
        ]);
        c.insert(which.into(), json!(true));
    }
    if want == "penalty_exempt" || r.pct(2) {
        c.insert("轻微并及时纠正".into(), json!(true));
    }
    if want == "penalty_time_barred" || r.pct(2) {
        let found = day(act, 731 + r.below(300));
        c.insert("发现日期".into(), json!(found.to_string()));
    } else if r.pct(30) {
        c.insert("发现日期".into(), json!(day(act, r.below(300)).to_string()));
    }
    c
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

/// A multiple of 100 in `[lo, hi]` (or `lo` itself when none).
fn amount_in(r: &mut Lcg, lo: Decimal, hi: Decimal) -> Decimal {
    let hundred = Decimal::from(100);
    let first = (lo / hundred).ceil() * hundred;
    if first > hi {
        return lo;
    }
    let steps = ((hi - first) / hundred).floor();
    let steps = u64::try_from(steps.mantissa()).unwrap_or(0) / 10u64.pow(steps.scale());
    first + hundred * Decimal::from(r.below(steps + 1))
}

/// The surcharge, computed here on its own: 3% a counted day, at most the fine.
fn surcharge(fine: Decimal, days_late: i64, excluded: i64) -> Decimal {
    let days = (days_late - excluded).max(0);
    (fine * Decimal::new(3, 2) * Decimal::from(days)).min(fine)
}

struct Clean {
    recorded: Map<String, Value>,
    fine: Option<Decimal>,
}

/// The decision an officer following the benchmark records.
fn clean_record(r: &mut Lcg, d: &DecisionDto, decision: NaiveDate) -> Clean {
    let mut rec = Map::new();
    rec.insert("outcome".into(), json!(d.outcome));
    let mut fine = None;
    let mut sanctions: Vec<String> = d.sanctions.iter().map(|s| s.kind.clone()).collect();
    let mut hearing = d.reviews.iter().any(|v| v.kind == "hearing_notice");
    if let Some(b) = &d.fine {
        let mitigated = d
            .circumstances
            .iter()
            .any(|c| c.applied && c.modality == "shall" && c.effect == "mitigate");
        let f = match (&b.point, mitigated) {
            (Some(p), true) => dec(p),
            (Some(p), false) if r.pct(60) => dec(p),
            _ => amount_in(r, dec(&b.min), dec(&b.max)),
        };
        fine = Some(f);
        rec.insert("fine".into(), json!(f.to_string()));
    }
    if d.outcome == "penalize" {
        let permitted: Vec<&str> = d
            .options
            .iter()
            .filter(|o| o.source == "sanction")
            .map(|o| o.id.as_str())
            .collect();
        if !permitted.is_empty() && r.pct(20) {
            sanctions.push(r.pick(&permitted).to_string());
            hearing = true;
        }
    }
    rec.insert("sanctions".into(), json!(sanctions));
    let mut held: Vec<String> = d
        .reviews
        .iter()
        .filter(|v| v.kind != "hearing_notice")
        .map(|v| v.kind.clone())
        .collect();
    if fine.is_some() && r.pct(40) && !held.iter().any(|k| k == "legal_review") {
        held.push("legal_review".into());
    }
    rec.insert("reviews_held".into(), json!(held));
    rec.insert("hearing_notice_given".into(), json!(hearing || r.pct(20)));
    rec.insert("decision_date".into(), json!(decision.to_string()));
    if let Some(f) = fine {
        let due = day(decision, 15);
        rec.insert("due_date".into(), json!(due.to_string()));
        match r.below(20) {
            0 => {} // not paid yet
            1..=4 => {
                let late = 1 + r.below(50);
                let excluded = if r.pct(30) { r.below(late / 2 + 1) } else { 0 };
                rec.insert("paid_on".into(), json!(day(due, late).to_string()));
                if excluded > 0 {
                    rec.insert("excluded_days".into(), json!(excluded));
                }
                let s = surcharge(
                    f,
                    i64::try_from(late).unwrap_or(0),
                    i64::try_from(excluded).unwrap_or(0),
                );
                if s > Decimal::ZERO {
                    rec.insert("surcharge_charged".into(), json!(s.normalize().to_string()));
                }
            }
            _ => {
                let paid = back(due, r.below(15));
                rec.insert("paid_on".into(), json!(paid.to_string()));
            }
        }
    }
    Clean {
        recorded: rec,
        fine,
    }
}

fn mitigated(d: &DecisionDto) -> bool {
    d.circumstances.iter().any(|c| {
        c.applied
            && c.modality == "shall"
            && (c.effect == "mitigate" || c.effect == "mitigate_or_reduce")
    })
}

fn band(d: &DecisionDto) -> Option<(Decimal, Decimal, Option<Decimal>)> {
    let b = d.fine.as_ref()?;
    Some((dec(&b.min), dec(&b.max), b.point.as_deref().map(dec)))
}

fn statutory_min(d: &DecisionDto) -> Decimal {
    d.statutory
        .as_ref()
        .map(|s| dec(&s.min))
        .unwrap_or_default()
}

/// Whether `defect` can be planted in a record of this decision.
fn applicable(defect: &str, d: &DecisionDto) -> bool {
    let pen = d.outcome == "penalize";
    match defect {
        "fine_above_band" => pen && band(d).is_some() && !mitigated(d),
        "fine_below_band" => {
            pen && band(d).is_some_and(|(lo, _, _)| lo > statutory_min(d) + Decimal::ONE)
        }
        "fine_below_statutory" => pen && band(d).is_some() && statutory_min(d) > Decimal::ONE,
        "mitigation_ignored" => pen && band(d).is_some() && mitigated(d),
        "penalty_time_barred" => d.outcome == "time_barred",
        "penalty_exempt" => d.outcome == "exempt",
        "outcome_differs" => pen,
        "fine_missing" => pen && band(d).is_some_and(|(lo, _, _)| lo > Decimal::ZERO),
        "sanction_missing" => pen && !d.sanctions.is_empty(),
        "review_missing" => pen && d.reviews.iter().any(|v| v.kind == "criminal_transfer"),
        "hearing_notice_missing" => pen && d.reviews.iter().any(|v| v.kind == "hearing_notice"),
        "wrong_surcharge" => pen && band(d).is_some_and(|(_, hi, _)| hi > Decimal::ZERO),
        _ => pen,
    }
}

/// Plants `defect` in a clean record.
fn plant(r: &mut Lcg, defect: &str, d: &DecisionDto, c: &mut Clean, case: &mut Map<String, Value>) {
    let rec = &mut c.recorded;
    let set_fine = |rec: &mut Map<String, Value>, f: Decimal| {
        rec.insert("fine".into(), json!(f.to_string()));
        // Payment fields stay consistent with the new fine.
        rec.remove("surcharge_charged");
        rec.remove("paid_on");
        rec.remove("excluded_days");
    };
    let (lo, hi, point) = band(d).unwrap_or_default();
    let hundred = Decimal::from(100);
    match defect {
        "fine_above_band" => set_fine(rec, hi + hundred * Decimal::from(1 + r.below(50))),
        "fine_below_band" => {
            let smin = statutory_min(d);
            let mid = ((smin + lo) / Decimal::TWO / hundred).floor() * hundred;
            let f = if mid >= smin && mid < lo { mid } else { smin };
            set_fine(rec, f);
        }
        "fine_below_statutory" => {
            let f = (statutory_min(d) / Decimal::TWO).floor();
            set_fine(rec, f);
        }
        "mitigation_ignored" => {
            let ceiling = point.unwrap_or(hi).min(hi);
            set_fine(rec, ceiling + hundred * Decimal::from(5 + r.below(50)));
        }
        "penalty_time_barred" | "penalty_exempt" => {
            rec.insert("outcome".into(), json!("penalize"));
            let smin = statutory_min(d).max(Decimal::from(10_000));
            rec.insert("fine".into(), json!(smin.to_string()));
        }
        "outcome_differs" => {
            rec.insert(
                "outcome".into(),
                json!(r.pick(&["exempt", "not_punishable"])),
            );
            for k in [
                "fine",
                "due_date",
                "paid_on",
                "excluded_days",
                "surcharge_charged",
            ] {
                rec.remove(k);
            }
            rec.insert("sanctions".into(), json!([]));
        }
        "fine_missing" => {
            for k in [
                "fine",
                "due_date",
                "paid_on",
                "excluded_days",
                "surcharge_charged",
            ] {
                rec.remove(k);
            }
        }
        "sanction_missing" => {
            let first = d
                .sanctions
                .first()
                .map(|s| s.kind.clone())
                .unwrap_or_default();
            let kept: Vec<Value> = rec
                .get("sanctions")
                .and_then(Value::as_array)
                .map(|xs| {
                    xs.iter()
                        .filter(|x| x.as_str() != Some(first.as_str()))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            rec.insert("sanctions".into(), Value::Array(kept));
        }
        "sanction_not_allowed" => {
            let allowed = |k: &str| {
                d.sanctions.iter().any(|s| s.kind == k)
                    || d.options
                        .iter()
                        .any(|o| o.source == "sanction" && o.id == k)
            };
            let kind = ["revoke_license", "detention", "lower_qualification"]
                .into_iter()
                .find(|k| !allowed(k))
                .unwrap_or("detention");
            if let Some(Value::Array(xs)) = rec.get_mut("sanctions") {
                xs.push(json!(kind));
            }
        }
        "review_missing" => {
            rec.insert("reviews_held".into(), json!([]));
        }
        "hearing_notice_missing" => {
            rec.insert("hearing_notice_given".into(), json!(false));
        }
        "wrong_surcharge" => {
            let mut f = c.fine.unwrap_or_default();
            if f.is_zero() {
                // A zero fine has no surcharge to get wrong: record the band's top instead.
                f = hi;
                rec.insert("fine".into(), json!(f.to_string()));
            }
            let due: NaiveDate = rec
                .get("due_date")
                .and_then(Value::as_str)
                .and_then(|s| s.parse().ok())
                .unwrap_or_default();
            let late = 1 + r.below(50);
            rec.insert("paid_on".into(), json!(day(due, late).to_string()));
            rec.remove("excluded_days");
            // The classic slip: one day too many, or the cap forgotten.
            let right = surcharge(f, i64::try_from(late).unwrap_or(0), 0);
            let wrong = right + f * Decimal::new(3, 2);
            rec.insert(
                "surcharge_charged".into(),
                json!(wrong.normalize().to_string()),
            );
        }
        "bad_case" => {
            // A misspelt fact name.
            case.insert("违法所的".into(), json!("1000"));
        }
        _ => {
            // bad_record: an amount that is no amount.
            rec.insert("fine".into(), json!("四万五千"));
        }
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let name = "rulebooks/ecology/ecology.mete";
    let src = std::fs::read(root.join(name))?;
    let (book, _) = Rulebook::from_source(
        name,
        &src,
        &MemoryLoader::default(),
        &CheckOptions::default(),
    )
    .map_err(|e| format!("{} has errors: {:?}", name, e.diagnostics))?;
    let mut r = Lcg(SEED);
    let mut lines = String::new();
    let mut seeded: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let opts = EvalOptions { trace: false };
    let mut next_defect = 0usize;
    let mut slot = 0;
    for line in 1..=RECORDS {
        // One record in each block of ten carries a defect, at a random place in the block; the
        // kinds are taken in turn.
        if (line - 1) % 10 == 0 {
            slot = r.below(10);
        }
        let defect = ((line as u64 - 1) % 10 == slot).then(|| {
            let d = DEFECTS
                .get(next_defect % DEFECTS.len())
                .copied()
                .unwrap_or("bad_record");
            next_defect += 1;
            d
        });
        let want = defect.unwrap_or("");
        let mut tries = 0;
        let (mut case, d) = loop {
            tries += 1;
            let item = if want == "review_missing" {
                "固废-无证经营"
            } else {
                r.pick(&ITEMS)
            };
            let case = make_case(&mut r, item, want);
            let text = serde_json::to_vec(&Value::Object(case.clone()))?;
            let d = book
                .evaluate_json(&text, &opts, &CaseOptions::default())
                .map_err(|e| format!("line {line}: generated case rejected: {e}"))?;
            if defect.is_none_or(|k| applicable(k, &d)) || tries > 500 {
                break (case, d);
            }
        };
        if tries > 500 {
            return Err(format!("line {line}: no case fits `{want}`").into());
        }
        let act: NaiveDate = case
            .get("act_date")
            .and_then(Value::as_str)
            .and_then(|s| s.parse().ok())
            .unwrap_or_default();
        // Decided after the act was found (or, when nobody recorded that, after the act).
        let found: NaiveDate = case
            .get("发现日期")
            .and_then(Value::as_str)
            .and_then(|s| s.parse().ok())
            .unwrap_or(act);
        let decision = day(found.max(act), 20 + r.below(150));
        let mut clean = clean_record(&mut r, &d, decision);
        if let Some(k) = defect {
            plant(&mut r, k, &d, &mut clean, &mut case);
            seeded.insert(line, vec![format!("mete::audit::{k}")]);
            *counts.entry(format!("mete::audit::{k}")).or_insert(0) += 1;
        }
        let record =
            json!({"case": Value::Object(case), "recorded": Value::Object(clean.recorded)});
        lines.push_str(&serde_json::to_string(&record)?);
        lines.push('\n');
    }
    let manifest = json!({
        "rulebook": name,
        "generator": "examples/audit/generate.rs",
        "seed": format!("{SEED:#x}"),
        "records": RECORDS,
        "defective": seeded.len(),
        "by_code": counts,
        "lines": seeded,
    });
    let dir = root.join("examples/audit");
    std::fs::write(dir.join("records.jsonl"), lines)?;
    let mut text = serde_json::to_string_pretty(&manifest)?;
    text.push('\n');
    std::fs::write(dir.join("seeded.json"), text)?;
    println!(
        "wrote {RECORDS} records, {} with a seeded defect",
        seeded.len()
    );
    Ok(())
}
