//! The plain-language rationale (裁量说明), built only from the decision's labels, citations and
//! amounts, so it is deterministic and reads the same in every binding.

use crate::decision::{BandDto, DecisionDto, RationaleDto};
use crate::vocab::{EffectKind, Outcome};

fn outcome_of(s: &str) -> Option<Outcome> {
    Outcome::ALL.iter().copied().find(|o| o.en() == s)
}

fn effect_zh(s: &str) -> &str {
    EffectKind::ALL
        .iter()
        .find(|e| e.en() == s)
        .map_or(s, |e| e.zh())
}

fn band_zh(b: &BandDto) -> String {
    let mut s = format!("{}元至{}元", b.min, b.max);
    if let Some(p) = &b.point {
        s.push_str(&format!("，建议{p}元"));
    }
    s
}

fn band_en(b: &BandDto) -> String {
    let mut s = format!("{} to {} yuan", b.min, b.max);
    if let Some(p) = &b.point {
        s.push_str(&format!(", recommended {p} yuan"));
    }
    s
}

fn cite_zh(c: &[String]) -> String {
    if c.is_empty() {
        String::new()
    } else {
        format!("（{}）", c.join("；"))
    }
}

fn cite_en(c: &[String]) -> String {
    if c.is_empty() {
        String::new()
    } else {
        format!(" ({})", c.join("; "))
    }
}

/// Builds the rationale of `d`.
pub(super) fn build(d: &DecisionDto) -> RationaleDto {
    let mut zh = Vec::new();
    let mut en = Vec::new();
    let v = &d.violation;
    zh.push(format!("违法行为：{}{}。", v.title, cite_zh(&v.cite)));
    en.push(format!(
        "Violation: {} [{}]{}.",
        v.title,
        v.id,
        cite_en(&v.cite)
    ));
    if let Some(s) = &d.statutory {
        match &s.max {
            Some(m) => {
                zh.push(format!("法定罚款幅度为{}元至{}元。", s.min, m));
                en.push(format!("Statutory fine: {} to {} yuan.", s.min, m));
            }
            None => {
                zh.push(format!("法定罚款为{}元以上。", s.min));
                en.push(format!("Statutory fine: at least {} yuan.", s.min));
            }
        }
    }
    for c in &d.circumstances {
        let how_zh = if c.applied {
            "予以适用"
        } else if c.modality == "may" {
            "属于可以适用的情形，由执法人员裁量"
        } else {
            "未予适用"
        };
        let how_en = if c.applied {
            "applied"
        } else if c.modality == "may" {
            "is permitted, left to the officer"
        } else {
            "not applied"
        };
        zh.push(format!(
            "具有“{}”情节（{}）{}，{}。",
            c.label,
            effect_zh(&c.effect),
            cite_zh(&c.cite),
            how_zh
        ));
        en.push(format!(
            "Circumstance “{}” ({} {}){} {}.",
            c.label,
            c.modality,
            c.effect,
            cite_en(&c.cite),
            how_en
        ));
    }
    match outcome_of(&d.outcome) {
        Some(Outcome::Penalize) => {
            if let Some(t) = &d.tier {
                zh.push(format!("适用“{}”裁量阶次。", t.label));
                en.push(format!("Tier applied: “{}” [{}].", t.label, t.id));
            }
            for a in &d.adjustments {
                zh.push(format!("依“{}”调整：{}。", a.label, a.action));
                en.push(format!("Adjusted by “{}”: {}.", a.label, a.action));
            }
            match &d.fine {
                Some(b) => {
                    let r = if b.reduced { "（减轻处罚）" } else { "" };
                    zh.push(format!("罚款{}{}。", band_zh(b), r));
                    let r = if b.reduced { " (reduced)" } else { "" };
                    en.push(format!("Fine: {}{}.", band_en(b), r));
                }
                None => {
                    zh.push("不处罚款。".to_string());
                    en.push("No fine.".to_string());
                }
            }
            if !d.sanctions.is_empty() {
                let k: Vec<&str> = d.sanctions.iter().map(|s| s.label.as_str()).collect();
                let e: Vec<&str> = d.sanctions.iter().map(|s| s.kind.as_str()).collect();
                zh.push(format!("并处：{}。", k.join("、")));
                en.push(format!("Also: {}.", e.join(", ")));
            }
        }
        Some(o) => {
            zh.push(format!("处理结果：{}。", o.zh()));
            en.push(format!("Outcome: {}.", o.en().replace('_', " ")));
        }
        None => {}
    }
    for o in &d.options {
        let fine_zh = o.consequence.fine.as_ref().map(band_zh);
        let fine_en = o.consequence.fine.as_ref().map(band_en);
        zh.push(format!(
            "可以选择：{}{}{}。",
            o.label,
            cite_zh(&o.cite),
            fine_zh.map(|f| format!("，罚款{f}")).unwrap_or_default()
        ));
        en.push(format!(
            "Option left open: {}{}{}.",
            o.label,
            cite_en(&o.cite),
            fine_en.map(|f| format!(", fine {f}")).unwrap_or_default()
        ));
    }
    for r in &d.reviews {
        zh.push(format!(
            "须履行“{}”程序{}。",
            r.label,
            r.cite
                .as_deref()
                .map(|c| format!("（{c}）"))
                .unwrap_or_default()
        ));
        en.push(format!(
            "Required: {} [{}]{}.",
            r.label,
            r.kind,
            r.cite
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default()
        ));
    }
    for o in &d.obligations {
        zh.push(format!("应当{}。", o.text));
        en.push(format!("Duty: {}.", o.text));
    }
    for p in d.provisions.iter().filter(|p| p.governing) {
        zh.push(format!(
            "同一违法行为违反多个规定，依罚款较高的“{}”处罚（《行政处罚法》第二十九条）。",
            p.title
        ));
        en.push(format!(
            "One act under several provisions: the higher fine, under {}, governs (art. 29).",
            p.violation
        ));
    }
    RationaleDto {
        zh: zh.concat(),
        en: en.join(" "),
    }
}
