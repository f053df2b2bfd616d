//! Generators of synthetic rulebooks for the benchmarks.
//!
//! The rulebooks resemble published benchmark tables: a shared fact block, then `items`
//! violation items, each with a statutory fine, three tiers, a confiscation, an item-local
//! circumstance and a review trigger, so that parse and check cost scales with real content.

pub mod baseline;
pub mod table;

use std::fmt::Write as _;

pub use table::{TableCase, table_cases, table_rulebook};

/// A rulebook with `items` violation items, in English keywords.
pub fn rulebook(items: usize) -> String {
    let mut s = String::with_capacity(items * 700 + 1024);
    s.push_str(
        r#"rulebook "bench" {
  title "synthetic benchmark table"
  authority "bench authority"
  version "1"
  effective from 2024-01-01
  boundaries above inclusive below inclusive
}

enum harm_level "危害后果" { none "无", minor "轻微", general "一般", serious "严重" }

record prior "处罚记录" {
  date: date "处罚日期"
  amount: money "罚款金额" default 0
}

facts {
  goods_value: money "货值金额" default 0
  harm: harm_level "危害后果" default none
  corrected: bool "及时改正" default false
  priors: list of prior "处罚记录" default []
}

let priors_2y: int "两年内处罚次数" = count(priors where date within 2 years before act_date)

adjust repeat3 "两年内三次以上" when priors_2y >= 3: up 1
"#,
    );
    for i in 0..items {
        // Writing into a String cannot fail.
        let _ = write!(
            s,
            r#"
violation V-{i} "违法行为 {i}" {{
  violates "某法第{i}条"
  cite "某法第{i}条第二款"
  fine when goods_value < 10000: 50000 to 100000
       otherwise: 10x to 20x of goods_value
  confiscate_gains of goods_value
  circumstance minor_{i} "轻微并改正" {{
    cite "《行政处罚法》第三十三条第一款"
    when harm == none and corrected
    shall exempt
  }}
  tier heavy_{i} "从重" severe when harm == serious or priors_2y >= 2: upper 30%
  tier light_{i} "从轻" lenient when harm in {{none, minor}} and corrected: lower 30%
  tier general_{i} "一般" ordinary otherwise: 30% to 70%
  review legal_{i} "法制审核" kind legal_review when fine.max >= 200000 cite "《行政处罚法》第五十八条"
}}
"#
        );
    }
    s
}

/// Compiles [`table_rulebook`]; `Err` lists the diagnostics when it does not check.
pub fn table_book() -> Result<mete_core::compile::Rulebook, String> {
    let src = table_rulebook();
    let loader = mete_core::check::MemoryLoader::default();
    let options = mete_core::check::CheckOptions::default();
    mete_core::compile::Rulebook::from_source("bench-table.mete", src.as_bytes(), &loader, &options)
        .map(|(book, _warnings)| book)
        .map_err(|e| {
            e.diagnostics
                .iter()
                .map(|d| format!("{}: {}", d.code, d.message))
                .collect::<Vec<_>>()
                .join("\n")
        })
}
