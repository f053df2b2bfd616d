//! A 20-item benchmark table in the style of a published food-safety / ecology benchmark, and a
//! deterministic generator of valid cases for it.
//!
//! The items share one fact block. Each item has a statutory fine in one of four published forms
//! (alternatives by goods value, a fixed range, multiples of the goods value, an upper bound only),
//! three to five tiers with shares of the statutory range, and a confiscation of illegal gains.
//! Rulebook-wide: prior penalties counted over a list with a two-year window, a "three or more
//! priors: one tier up" adjustment, a "two priors: at the tier's maximum" adjustment, a mitigating
//! and an exempting circumstance, and two review triggers reading `fine.max`.
//!
//! [`ITEMS`] and [`item_spec`] are the table's data; the rulebook text ([`table_rulebook`]) and
//! the hand-written baseline ([`crate::baseline`]) are both derived from them, so they describe
//! the same rules.

use std::fmt::Write as _;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

/// Number of violation items in the table.
pub const ITEMS: usize = 20;

/// An item's statutory fine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FineSpec {
    /// `when goods_value < threshold: lo to hi, otherwise: m_lo x to m_hi x of goods_value`.
    Alternatives {
        /// Goods value below which the fixed range applies.
        threshold: i64,
        /// Fixed range, lower end.
        lo: i64,
        /// Fixed range, upper end.
        hi: i64,
        /// Smallest multiple.
        m_lo: i64,
        /// Largest multiple.
        m_hi: i64,
    },
    /// `lo to hi`.
    Range(i64, i64),
    /// `lo x to hi x of goods_value`.
    Multiple(i64, i64),
    /// `up to hi`.
    UpTo(i64),
}

/// One item of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemSpec {
    /// Statutory fine.
    pub fine: FineSpec,
    /// Number of tiers: 3, 4 or 5 (see [`tier_set`]).
    pub tiers: usize,
}

/// The item id of item `i` (`F-00` … `F-19`).
pub fn item_id(i: usize) -> String {
    format!("F-{i:02}")
}

/// The spec of item `i`.
pub fn item_spec(i: usize) -> ItemSpec {
    let k = (i / 4) as i64;
    let fine = match i % 4 {
        0 => FineSpec::Alternatives {
            threshold: 10_000,
            lo: 50_000 - 10_000 * (k % 2) * 3,
            hi: 100_000 - 10_000 * (k % 2) * 5,
            m_lo: 10 - 5 * (k % 2),
            m_hi: 20 - 10 * (k % 2),
        },
        1 => FineSpec::Range(5_000 * (k + 1), 50_000 * (k + 1)),
        2 => FineSpec::Multiple(k + 1, 2 * k + 3),
        _ => FineSpec::UpTo(20_000 * (k + 1)),
    };
    ItemSpec {
        fine,
        tiers: 3 + i % 3,
    }
}

/// A tier of a tier set: id, label, grade, condition, band (rulebook text), recommended point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TierText {
    /// Tier id.
    pub id: &'static str,
    /// Label.
    pub label: &'static str,
    /// Grade word.
    pub grade: &'static str,
    /// Condition (`None`: otherwise).
    pub when: Option<&'static str>,
    /// Band.
    pub band: &'static str,
    /// Recommended point, if any.
    pub recommend: Option<&'static str>,
}

const HEAVY_WHEN: &str = "harm == serious or priors_2y >= 2";
const GRAVE_WHEN: &str = "harm == serious and priors_2y >= 1";
const LIGHT_WHEN: &str = "harm in {none, minor} and corrected";

/// The tiers of an item with `n` tiers, heaviest first (declared precedence).
pub fn tier_set(n: usize) -> &'static [TierText] {
    const T3: &[TierText] = &[
        TierText {
            id: "heavy",
            label: "从重",
            grade: "severe",
            when: Some(HEAVY_WHEN),
            band: "upper 30%",
            recommend: None,
        },
        TierText {
            id: "light",
            label: "从轻",
            grade: "lenient",
            when: Some(LIGHT_WHEN),
            band: "lower 30%",
            recommend: None,
        },
        TierText {
            id: "general",
            label: "一般",
            grade: "ordinary",
            when: None,
            band: "30% to 70%",
            recommend: Some("midpoint"),
        },
    ];
    const T4: &[TierText] = &[
        TierText {
            id: "grave",
            label: "特别严重",
            grade: "grave",
            when: Some(GRAVE_WHEN),
            band: "upper 10%",
            recommend: None,
        },
        TierText {
            id: "heavy",
            label: "从重",
            grade: "severe",
            when: Some(HEAVY_WHEN),
            band: "60% to 90%",
            recommend: None,
        },
        TierText {
            id: "light",
            label: "从轻",
            grade: "lenient",
            when: Some(LIGHT_WHEN),
            band: "lower 30%",
            recommend: None,
        },
        TierText {
            id: "general",
            label: "一般",
            grade: "ordinary",
            when: None,
            band: "30% to 60%",
            recommend: Some("midpoint"),
        },
    ];
    const T5: &[TierText] = &[
        TierText {
            id: "grave",
            label: "特别严重",
            grade: "grave",
            when: Some(GRAVE_WHEN),
            band: "upper 10%",
            recommend: None,
        },
        TierText {
            id: "heavy",
            label: "从重",
            grade: "severe",
            when: Some(HEAVY_WHEN),
            band: "60% to 90%",
            recommend: None,
        },
        TierText {
            id: "general",
            label: "一般",
            grade: "ordinary",
            when: Some("harm == general"),
            band: "30% to 60%",
            recommend: Some("midpoint"),
        },
        TierText {
            id: "light",
            label: "从轻",
            grade: "lenient",
            when: Some("harm == minor or corrected"),
            band: "10% to 30%",
            recommend: None,
        },
        TierText {
            id: "minimal",
            label: "轻微",
            grade: "lenient",
            when: None,
            band: "lower 10%",
            recommend: Some("minimum"),
        },
    ];
    match n {
        4 => T4,
        5 => T5,
        _ => T3,
    }
}

/// The 20-item rulebook, in English keywords.
pub fn table_rulebook() -> String {
    let mut s = String::with_capacity(16 * 1024);
    s.push_str(
        r#"rulebook "bench-table" {
  title "synthetic food-safety benchmark table"
  authority "bench authority"
  version "2024.1"
  effective from 2020-01-01
  boundaries above inclusive below inclusive
  rounding 1 half_up
}

enum harm_level "危害后果" { none "无", minor "轻微", general "一般", serious "严重" }

record prior "处罚记录" {
  date: date "处罚日期"
  same: bool "同类违法行为" default true
}

facts {
  goods_value: money "货值金额" default 0 range 0 to 100000000
  gains: money "违法所得" default 0
  harm: harm_level "危害后果" default none
  corrected: bool "及时改正" default false
  coerced: bool "受他人胁迫" default false
  minor_harmless: bool "违法行为轻微并及时改正，没有造成危害后果" default false
  priors: list of prior "处罚记录" default []
}

let priors_2y: int "两年内同类处罚次数" = count(priors where same and date within 2 years before act_date)

circumstance slight "轻微不罚" {
  cite "《行政处罚法》第三十三条第一款"
  when minor_harmless
  shall exempt
}
circumstance coercion "受他人胁迫" {
  cite "《行政处罚法》第三十二条第二项"
  when coerced
  shall mitigate
}

adjust repeat3 "两年内三次以上同类处罚" when priors_2y >= 3: up 1 cite "基准适用规则第二条"
adjust repeat2 "两年内两次同类处罚" when priors_2y == 2: to maximum cite "基准适用规则第一条"

review legal "法制审核" kind legal_review when fine.max >= 200000 cite "《行政处罚法》第五十八条"
review hearing "听证告知" kind hearing_notice when fine.max >= 50000 cite "《行政处罚法》第六十三条"
"#,
    );
    for i in 0..ITEMS {
        let spec = item_spec(i);
        let fine = match spec.fine {
            FineSpec::Alternatives {
                threshold,
                lo,
                hi,
                m_lo,
                m_hi,
            } => format!(
                "fine when goods_value < {threshold}: {lo} to {hi}\n       otherwise: {m_lo}x to {m_hi}x of goods_value"
            ),
            FineSpec::Range(lo, hi) => format!("fine {lo} to {hi}"),
            FineSpec::Multiple(lo, hi) => format!("fine {lo}x to {hi}x of goods_value"),
            FineSpec::UpTo(hi) => format!("fine up to {hi}"),
        };
        // Writing into a String cannot fail.
        let _ = write!(
            s,
            "\nviolation {id} \"违法行为 {i}\" {{\n  violates \"《食品安全法》第{n}条\"\n  cite \"《食品安全法》第{n}条第一款\"\n  {fine}\n  confiscate_gains of gains\n",
            id = item_id(i),
            n = 120 + i,
        );
        for t in tier_set(spec.tiers) {
            let when = match t.when {
                Some(c) => format!("when {c}"),
                None => "otherwise".to_string(),
            };
            let rec = t
                .recommend
                .map(|p| format!(" recommend {p}"))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "  tier {} \"{}\" {} {}: {}{}",
                t.id, t.label, t.grade, when, t.band, rec
            );
        }
        s.push_str("}\n");
    }
    s
}

/// Harm levels, in the enum's declared order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Harm {
    /// 无.
    None,
    /// 轻微.
    Minor,
    /// 一般.
    General,
    /// 严重.
    Serious,
}

impl Harm {
    /// The variant name in the rulebook.
    pub fn name(self) -> &'static str {
        match self {
            Harm::None => "none",
            Harm::Minor => "minor",
            Harm::General => "general",
            Harm::Serious => "serious",
        }
    }
}

/// A prior penalty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prior {
    /// Date of the decision.
    pub date: NaiveDate,
    /// Whether it was for the same kind of violation.
    pub same: bool,
}

/// One case of the table, as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCase {
    /// Item index (`0..ITEMS`).
    pub item: usize,
    /// Date of the act.
    pub act_date: NaiveDate,
    /// Goods value, yuan.
    pub goods_value: Decimal,
    /// Illegal gains, yuan.
    pub gains: Decimal,
    /// Harm.
    pub harm: Harm,
    /// Corrected in time.
    pub corrected: bool,
    /// Coerced by others.
    pub coerced: bool,
    /// Minor, corrected, harmless.
    pub minor_harmless: bool,
    /// Prior penalties.
    pub priors: Vec<Prior>,
}

impl TableCase {
    /// The case as JSON input for the rulebook (keys in a fixed order).
    pub fn to_json(&self) -> String {
        let mut s = String::with_capacity(256);
        let _ = write!(
            s,
            r#"{{"violation":"{}","act_date":"{}","goods_value":{},"gains":"{}","harm":"{}","corrected":{},"coerced":{},"minor_harmless":{},"priors":["#,
            item_id(self.item),
            self.act_date,
            self.goods_value,
            self.gains,
            self.harm.name(),
            self.corrected,
            self.coerced,
            self.minor_harmless,
        );
        for (i, p) in self.priors.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            let _ = write!(s, r#"{{"date":"{}","same":{}}}"#, p.date, p.same);
        }
        s.push_str("]}");
        s
    }
}

/// A tiny linear congruential generator (Knuth's MMIX constants): deterministic, no
/// dependencies, good enough to spread cases over items and tiers.
#[derive(Debug, Clone)]
pub struct Lcg(u64);

impl Lcg {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Lcg(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 32) as u32
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u32) -> u32 {
        self.next_u32() % n.max(1)
    }

    /// True with probability `percent`%.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }
}

/// `n` valid cases, deterministic for `seed`, cycling through the items so every item and (over
/// a few hundred cases) every tier is reached.
pub fn table_cases(n: usize, seed: u64) -> Vec<TableCase> {
    let mut rng = Lcg::new(seed);
    let base = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or_default();
    (0..n)
        .map(|i| {
            let item = i % ITEMS;
            let act_date = base + Days::new(u64::from(rng.below(1200)));
            // Goods value: small (fixed-range alternative), medium or large; sometimes with fen.
            let yuan = match rng.below(3) {
                0 => 1 + rng.below(9_999),
                1 => 10_000 + rng.below(190_000),
                _ => 200_000 + rng.below(1_800_000),
            };
            let fen = if rng.chance(30) { rng.below(100) } else { 0 };
            let goods_value = Decimal::new(i64::from(yuan) * 100 + i64::from(fen), 2);
            let gains = Decimal::from(rng.below(50_000));
            let harm = match rng.below(4) {
                0 => Harm::None,
                1 => Harm::Minor,
                2 => Harm::General,
                _ => Harm::Serious,
            };
            // Priors: up to four, within or outside the two-year window.
            let priors = (0..rng.below(5))
                .map(|_| Prior {
                    date: act_date - Days::new(1 + u64::from(rng.below(1000))),
                    same: rng.chance(85),
                })
                .collect();
            TableCase {
                item,
                act_date,
                goods_value,
                gains,
                harm,
                corrected: rng.chance(40),
                coerced: rng.chance(10),
                minor_harmless: rng.chance(5),
                priors,
            }
        })
        .collect()
}
