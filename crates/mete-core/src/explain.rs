//! [`DecisionDto`] → readable text (Chinese or English) for the officer who signs the decision.
//!
//! The text is built only from the decision contract, so every binding explains a decision the
//! same way, and the same decision always gives the same bytes. Sections appear in a fixed
//! order and only when they have something to say: outcome, violation, fine, tier, circumstances,
//! adjustments, sanctions, options, reviews, obligations, provisions, version, and finally every
//! rule considered.

use crate::ast::Lang;
use crate::decision::{BandDto, ConsequenceDto, DecisionDto, SanctionDto, TraceStepDto};
use crate::vocab::{
    BoundField, EffectKind, Grade, Outcome, Point, ReviewKindBuiltin, SanctionKind,
};

/// Explains `d` in `lang`. Deterministic; ends with a newline.
///
/// ```
/// # use mete_core::{api, ast::Lang, explain::explain};
/// # use std::collections::BTreeMap;
/// let src = r#"rulebook "demo" { version "1" effective from 2024-01-01 }
/// facts { value: money "货值金额" }
/// violation V-1 "未经许可经营" { cite "某法第十条" fine up to 10000
///   tier big "较重" when value above 5000: 5000 to 10000
///   tier small "较轻" otherwise: lower 50% }
/// "#;
/// let sources = BTreeMap::from([("demo.mete".to_string(), src.to_string())]);
/// let (_, book) = api::compile_rulebook(&sources, "demo.mete");
/// let book = book.ok_or("rulebook does not compile")?;
/// let case = br#"{"violation": "V-1", "act_date": "2024-03-01", "value": "8000"}"#;
/// let decision = book.evaluate_json(case, &Default::default(), &Default::default())?;
/// let text = explain(&decision, Lang::En);
/// assert!(text.starts_with("Decision: penalize"));
/// assert!(text.contains("band: 5000 to 10000 yuan"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn explain(d: &DecisionDto, lang: Lang) -> String {
    let mut w = Writer {
        zh: lang == Lang::Zh,
        out: String::new(),
    };
    w.headline(d);
    w.violation(d);
    w.fine(d);
    w.tier(d);
    w.circumstances(d);
    w.adjustments(d);
    w.sanctions(d);
    w.options(d);
    w.reviews(d);
    w.obligations(d);
    w.provisions(d);
    w.version(d);
    w.trace(d);
    w.out
}

struct Writer {
    zh: bool,
    out: String,
}

fn outcome(s: &str) -> Option<Outcome> {
    Outcome::ALL.iter().copied().find(|o| o.en() == s)
}

fn effect(s: &str) -> Option<EffectKind> {
    EffectKind::ALL.iter().copied().find(|o| o.en() == s)
}

fn grade(s: &str) -> Option<Grade> {
    Grade::ALL.iter().copied().find(|o| o.en() == s)
}

fn review_kind(s: &str) -> Option<ReviewKindBuiltin> {
    ReviewKindBuiltin::ALL.iter().copied().find(|o| o.en() == s)
}

fn sanction_kind(s: &str) -> Option<SanctionKind> {
    SanctionKind::ALL.iter().copied().find(|o| o.en() == s)
}

/// The tier steps of the governing item: runs of consecutive tier steps are one item's tiers
/// (several runs when one act falls under several provisions); the run that fired `tier` wins,
/// else the run that mentions it, else the first.
fn tier_run<'d>(trace: &'d [TraceStepDto], tier: &str) -> Vec<&'d TraceStepDto> {
    let mut runs: Vec<Vec<&TraceStepDto>> = Vec::new();
    let mut last_tier = false;
    for s in trace {
        let is_tier = s.kind == "tier";
        if is_tier {
            match runs.last_mut() {
                Some(run) if last_tier => run.push(s),
                _ => runs.push(vec![s]),
            }
        }
        last_tier = is_tier;
    }
    let pick = runs
        .iter()
        .position(|r| r.iter().any(|s| s.fired && s.id == tier))
        .or_else(|| runs.iter().position(|r| r.iter().any(|s| s.id == tier)))
        .unwrap_or(0);
    runs.into_iter().nth(pick).unwrap_or_default()
}

/// An ISO-8601 duration (`P1Y2M3D`) in words; other text unchanged.
fn duration_words(iso: &str, zh: bool) -> String {
    let Some(body) = iso.strip_prefix('P') else {
        return iso.to_string();
    };
    let mut parts = Vec::new();
    let mut num = String::new();
    for c in body.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let one = num == "1";
        let unit = match (c, zh) {
            ('Y', true) => "年",
            ('M', true) => "个月",
            ('D', true) => "日",
            ('Y', false) if one => " year",
            ('Y', false) => " years",
            ('M', false) if one => " month",
            ('M', false) => " months",
            ('D', false) if one => " day",
            ('D', false) => " days",
            _ => return iso.to_string(),
        };
        if num.is_empty() {
            return iso.to_string();
        }
        parts.push(format!("{num}{unit}"));
        num.clear();
    }
    if parts.is_empty() || !num.is_empty() {
        return iso.to_string();
    }
    parts.join(if zh { "" } else { " " })
}

/// `foo_bar` → `foo bar`, for English ids shown as words.
fn words(s: &str) -> String {
    s.replace('_', " ")
}

impl Writer {
    fn t<'s>(&self, en: &'s str, zh: &'s str) -> &'s str {
        if self.zh { zh } else { en }
    }

    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn heading(&mut self, en: &str, zh: &str) {
        self.out.push('\n');
        let h = self.t(en, zh).to_string();
        self.line(0, &h);
    }

    fn outcome_text(&self, s: &str) -> String {
        match outcome(s) {
            Some(o) if self.zh => o.zh().to_string(),
            Some(o) => words(o.en()),
            None => s.to_string(),
        }
    }

    fn effect_text(&self, s: &str) -> String {
        match effect(s) {
            Some(e) if self.zh => e.zh().to_string(),
            Some(e) => words(e.en()),
            None => s.to_string(),
        }
    }

    fn modality_text(&self, s: &str) -> String {
        match (s, self.zh) {
            ("shall", true) => "应当".to_string(),
            ("may", true) => "可以".to_string(),
            _ => s.to_string(),
        }
    }

    fn yuan(&self, amount: &str) -> String {
        if self.zh {
            format!("{amount}元")
        } else {
            format!("{amount} yuan")
        }
    }

    fn range(&self, min: &str, max: Option<&str>) -> String {
        match (max, self.zh) {
            (Some(m), true) => format!("{min}元至{m}元"),
            (Some(m), false) => format!("{min} to {m} yuan"),
            (None, true) => format!("{min}元以上"),
            (None, false) => format!("at least {min} yuan"),
        }
    }

    fn band(&self, b: &BandDto) -> String {
        let mut s = self.range(&b.min, Some(&b.max));
        if let Some(p) = &b.point {
            let rec = self.yuan(p);
            s.push_str(&if self.zh {
                format!("，建议{rec}")
            } else {
                format!(", recommended {rec}")
            });
        }
        if b.reduced {
            s.push_str(self.t(" (reduced below the statutory minimum)", "（减轻处罚）"));
        }
        s
    }

    fn cites(&self, c: &[String]) -> String {
        if c.is_empty() {
            String::new()
        } else if self.zh {
            format!("（依据：{}）", c.join("；"))
        } else {
            format!(" (under {})", c.join("; "))
        }
    }

    fn cite(&self, c: Option<&str>) -> String {
        match c {
            Some(c) => self.cites(std::slice::from_ref(&c.to_string())),
            None => String::new(),
        }
    }

    fn sanction(&self, s: &SanctionDto) -> String {
        let mut text = if self.zh {
            s.label.clone()
        } else {
            words(&s.kind)
        };
        if let Some(a) = &s.amount {
            text.push_str(&if self.zh {
                format!("，金额{}", self.yuan(a))
            } else {
                format!(", amount {}", self.yuan(a))
            });
        }
        if let Some(dur) = &s.duration {
            let (lo, hi) = (
                duration_words(&dur.min, self.zh),
                duration_words(&dur.max, self.zh),
            );
            let span = if lo == hi {
                lo
            } else if self.zh {
                format!("{lo}至{hi}")
            } else {
                format!("{lo} to {hi}")
            };
            text.push_str(&if self.zh {
                format!("，期限{span}")
            } else {
                format!(", for {span}")
            });
        }
        text
    }

    fn value(&self, v: &str) -> String {
        match (v, self.zh) {
            ("true", true) => "是".to_string(),
            ("false", true) => "否".to_string(),
            ("absent", true) => "（未提供）".to_string(),
            ("none", true) => "（无）".to_string(),
            ("", _) => "\"\"".to_string(),
            ("absent", false) => "(not given)".to_string(),
            _ => v.to_string(),
        }
    }

    /// A name read by a condition: facts and definitions as written; built-in names (dates,
    /// decision fields, `includes …`) in the language of the text.
    fn name(&self, n: &str) -> String {
        if !self.zh {
            return n.to_string();
        }
        if let Some(k) = n.strip_prefix("includes ") {
            let k = sanction_kind(k).map_or(k, |x| x.zh());
            return format!("包含{k}");
        }
        if let Some((head, field)) = n.split_once('.') {
            let head = match head {
                "fine" => "罚款",
                "statutory" => "法定罚款",
                other => other,
            };
            let field = BoundField::ALL
                .iter()
                .find(|b| b.en() == field)
                .map_or(field, |b| b.zh());
            return format!("{head}.{field}");
        }
        match n {
            "act_date" => "违法日期",
            "decision_date" => "决定日期",
            "outcome" => "处理结果",
            "tier" => "阶次",
            other => other,
        }
        .to_string()
    }

    /// An adjustment's action (`up 1`, `to maximum`, `discount 30% to 50%`) in the text's language.
    fn action(&self, a: &str) -> String {
        if !self.zh {
            return a.to_string();
        }
        let mut parts = a.split(' ');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some("up"), Some(n), None, None) => format!("上调{n}个阶次"),
            (Some("down"), Some(n), None, None) => format!("下调{n}个阶次"),
            (Some("to"), Some(p), None, None) => {
                let p = Point::ALL
                    .iter()
                    .find(|x| x.en() == p)
                    .map_or(p, |x| x.zh());
                format!("按{p}处罚")
            }
            (Some("discount"), Some(x), None, None) => format!("减少{x}"),
            (Some("discount"), Some(x), Some("to"), Some(y)) => format!("减少{x}至{y}"),
            _ => a.to_string(),
        }
    }

    fn reads(&self, reads: &[crate::decision::NamedValueDto]) -> String {
        let parts: Vec<String> = reads
            .iter()
            .map(|r| format!("{} = {}", self.name(&r.name), self.value(&r.value)))
            .collect();
        parts.join(if self.zh { "；" } else { "; " })
    }

    fn headline(&mut self, d: &DecisionDto) {
        let o = self.outcome_text(&d.outcome);
        let mut head = format!("{}{o}", self.t("Decision: ", "处理结果："));
        if let Some(f) = &d.fine {
            let band = self.band(f);
            head.push_str(&if self.zh {
                format!("，罚款{band}")
            } else {
                format!(", fine {band}")
            });
        }
        self.line(0, &head);
        let book = format!(
            "{}{} [{}]{}{}",
            self.t("Rulebook: ", "规则集："),
            d.rulebook.title,
            d.rulebook.id,
            self.t(", version ", "，版本 "),
            d.rulebook.version
        );
        self.line(0, &book);
        let date = |x: &Option<String>| x.clone().unwrap_or_else(|| "-".to_string());
        let dates = if self.zh {
            format!(
                "案件：违法日期 {}，决定日期 {}",
                date(&d.case.act_date),
                date(&d.case.decision_date)
            )
        } else {
            format!(
                "Case: act on {}, decided on {}",
                date(&d.case.act_date),
                date(&d.case.decision_date)
            )
        };
        self.line(0, &dates);
    }

    fn violation(&mut self, d: &DecisionDto) {
        let v = &d.violation;
        self.heading("Violation", "违法行为");
        self.line(1, &format!("[{}] {}", v.id, v.title));
        if !v.violates.is_empty() {
            let l = format!(
                "{}{}",
                self.t("violates: ", "违反："),
                v.violates.join("; ")
            );
            self.line(1, &l);
        }
        if !v.cite.is_empty() {
            let l = format!(
                "{}{}",
                self.t("penalty under: ", "处罚依据："),
                v.cite.join("; ")
            );
            self.line(1, &l);
        }
    }

    fn fine(&mut self, d: &DecisionDto) {
        if d.statutory.is_none() && d.fine.is_none() {
            return;
        }
        self.heading("Fine", "罚款");
        if let Some(s) = &d.statutory {
            let l = format!(
                "{}{}",
                self.t("statutory range: ", "法定幅度："),
                self.range(&s.min, s.max.as_deref())
            );
            self.line(1, &l);
        }
        match &d.fine {
            Some(b) => {
                let l = format!(
                    "{}{}",
                    self.t("band: ", "裁量幅度："),
                    self.range(&b.min, Some(&b.max))
                );
                self.line(1, &l);
                if let Some(p) = &b.point {
                    let l = format!("{}{}", self.t("recommended: ", "建议金额："), self.yuan(p));
                    self.line(1, &l);
                }
                if b.reduced {
                    let l = self
                        .t(
                            "reduced: the band lies below the statutory minimum",
                            "减轻处罚：裁量幅度低于法定最低限额",
                        )
                        .to_string();
                    self.line(1, &l);
                }
            }
            None => {
                let l = self.t("no fine imposed", "不处罚款").to_string();
                self.line(1, &l);
            }
        }
    }

    fn step_place(&self, s: &TraceStepDto) -> String {
        format!("{}:{}:{}", s.at.file, s.at.line, s.at.col)
    }

    fn tier(&mut self, d: &DecisionDto) {
        let Some(t) = &d.tier else { return };
        self.heading("Tier", "裁量阶次");
        let g = t
            .grade
            .as_deref()
            .map(|g| match grade(g) {
                Some(x) if self.zh => format!("（{}）", x.zh()),
                Some(x) => format!(" ({})", x.en()),
                None => String::new(),
            })
            .unwrap_or_default();
        self.line(
            1,
            &format!("[{}] {}{g}{}", t.id, t.label, self.cite(t.cite.as_deref())),
        );
        let circs = d.circumstances.iter().any(|c| c.applied);
        let adjusts = !d.adjustments.is_empty();
        let by = match (circs, adjusts, self.zh) {
            (true, false, true) => "下列情节",
            (false, true, true) => "下列调整",
            (_, _, true) => "下列情节和调整",
            (true, false, false) => "the circumstances below",
            (false, true, false) => "the adjustments below",
            (_, _, false) => "the circumstances and adjustments below",
        };
        let tiers = tier_run(&d.trace, &t.id);
        let held = tiers.iter().copied().find(|s| s.fired);
        let why = match held {
            Some(s) => {
                let last = tiers.last().is_some_and(|l| l.step == s.step);
                let place = self.step_place(s);
                let cond = if s.reads.is_empty() && last {
                    if self.zh {
                        format!(
                            "之前各阶次的条件均不成立，适用兜底阶次（第 {} 步，{place}）",
                            s.step
                        )
                    } else {
                        format!(
                            "no earlier tier's condition held, so the fallback tier applies (step {}, {place})",
                            s.step
                        )
                    }
                } else if self.zh {
                    format!("条件成立（第 {} 步，{place}）", s.step)
                } else {
                    format!("its condition held (step {}, {place})", s.step)
                };
                let reads = if s.reads.is_empty() {
                    String::new()
                } else if self.zh {
                    format!("：{}", self.reads(&s.reads))
                } else {
                    format!(": {}", self.reads(&s.reads))
                };
                if s.id == t.id {
                    format!("{}{cond}{reads}", self.t("why: ", "理由："))
                } else if self.zh {
                    format!(
                        "理由：阶次 [{}] {cond}{reads}；经{by}，适用 [{}]",
                        s.id, t.id
                    )
                } else {
                    format!(
                        "why: for tier [{}], {cond}{reads}; {by} then set [{}]",
                        s.id, t.id
                    )
                }
            }
            None => self
                .t(
                    "why: set by the circumstances below",
                    "理由：由下列情节确定",
                )
                .to_string(),
        };
        self.line(1, &why);
    }

    fn circumstances(&mut self, d: &DecisionDto) {
        if d.circumstances.is_empty() {
            return;
        }
        self.heading("Circumstances", "情节");
        for c in &d.circumstances {
            let status = match (c.applied, c.modality.as_str()) {
                (true, _) => self.t("applied", "已适用"),
                (false, "may") => self.t(
                    "left to the officer (see options)",
                    "由执法人员裁量（见可选项）",
                ),
                (false, _) => self.t("not applied (superseded)", "未适用（被优先情节取代）"),
            };
            let l = format!(
                "[{}] {}{}{}{}{} — {}{}",
                c.id,
                c.label,
                self.t(": ", "："),
                self.modality_text(&c.modality),
                self.t(" ", ""),
                self.effect_text(&c.effect),
                status,
                self.cites(&c.cite)
            );
            self.line(1, &l);
        }
    }

    fn adjustments(&mut self, d: &DecisionDto) {
        if d.adjustments.is_empty() {
            return;
        }
        self.heading("Adjustments", "调整");
        for a in &d.adjustments {
            let l = format!(
                "[{}] {}{}{}{}",
                a.id,
                a.label,
                self.t(": ", "："),
                self.action(&a.action),
                self.cite(a.cite.as_deref())
            );
            self.line(1, &l);
        }
    }

    fn sanctions(&mut self, d: &DecisionDto) {
        if d.sanctions.is_empty() {
            return;
        }
        self.heading("Other sanctions and measures", "其他处罚和措施");
        for s in &d.sanctions {
            let l = self.sanction(s);
            self.line(1, &l);
        }
    }

    fn consequence(&self, c: &ConsequenceDto) -> String {
        let mut parts = vec![format!(
            "{}{}",
            self.t("outcome ", "处理结果"),
            self.outcome_text(&c.outcome)
        )];
        if let Some(f) = &c.fine {
            parts.push(format!("{}{}", self.t("fine ", "罚款"), self.band(f)));
        }
        if let Some(s) = &c.sanction {
            parts.push(format!("{}{}", self.t("adds ", "增加"), self.sanction(s)));
        }
        parts.join(self.t(", ", "，"))
    }

    fn options(&mut self, d: &DecisionDto) {
        if d.options.is_empty() {
            return;
        }
        self.heading(
            "Options the law leaves open (not applied)",
            "法律允许、由执法人员裁量的选项（未适用）",
        );
        for o in &d.options {
            let what = match &o.effect {
                Some(e) => format!(
                    "{}{}{}{}",
                    self.t(": ", "："),
                    self.modality_text("may"),
                    self.t(" ", ""),
                    self.effect_text(e)
                ),
                None => String::new(),
            };
            let l = format!("[{}] {}{what}{}", o.id, o.label, self.cites(&o.cite));
            self.line(1, &l);
            let l = format!(
                "{}{}",
                self.t("if taken: ", "如选择："),
                self.consequence(&o.consequence)
            );
            self.line(2, &l);
        }
    }

    fn reviews(&mut self, d: &DecisionDto) {
        if d.reviews.is_empty() {
            return;
        }
        self.heading("Procedures required", "须履行的程序");
        for r in &d.reviews {
            let kind = match review_kind(&r.kind) {
                Some(k) if self.zh => k.zh().to_string(),
                Some(k) => words(k.en()),
                None => r.kind.clone(),
            };
            let kind = if kind == r.label {
                String::new()
            } else if self.zh {
                format!("（{kind}）")
            } else {
                format!(" ({kind})")
            };
            let l = format!(
                "[{}] {}{kind}{}",
                r.id,
                r.label,
                self.cite(r.cite.as_deref())
            );
            self.line(1, &l);
            if !r.because.is_empty() {
                let l = format!(
                    "{}{}",
                    self.t("because: ", "触发值："),
                    self.reads(&r.because)
                );
                self.line(2, &l);
            }
        }
    }

    fn obligations(&mut self, d: &DecisionDto) {
        if d.obligations.is_empty() {
            return;
        }
        self.heading("Duties", "应当履行的义务");
        for o in &d.obligations {
            let from = if self.zh {
                format!("（来自情节 [{}]）", o.from)
            } else {
                format!(" (from circumstance [{}])", o.from)
            };
            let l = format!("{}{}{from}", o.text, self.cite(o.cite.as_deref()));
            self.line(1, &l);
        }
    }

    fn provisions(&mut self, d: &DecisionDto) {
        if d.provisions.is_empty() {
            return;
        }
        self.heading(
            "One act under several provisions (art. 29: the higher fine governs)",
            "同一违法行为违反多个规定（《行政处罚法》第二十九条：按罚款数额高的规定处罚）",
        );
        for p in &d.provisions {
            let fine = p
                .fine
                .as_ref()
                .map(|f| format!("{}{}", self.t(", fine ", "，罚款"), self.band(f)))
                .unwrap_or_default();
            let gov = if p.governing {
                self.t(" — governs", "——适用")
            } else {
                self.t(" — does not govern", "——不适用")
            };
            let l = format!(
                "[{}] {}: {}{fine}{gov}",
                p.violation,
                p.title,
                self.outcome_text(&p.outcome)
            );
            self.line(1, &l);
        }
    }

    fn version(&mut self, d: &DecisionDto) {
        let Some(v) = &d.rulebook.version_choice else {
            return;
        };
        self.heading(
            "Version applied (art. 37)",
            "适用的版本（《行政处罚法》第三十七条）",
        );
        let none = || "-".to_string();
        let l = if self.zh {
            let why = if v.reason == "later_more_lenient" {
                "决定时施行的版本对本案处理较轻，适用新版本"
            } else {
                "适用违法行为发生时施行的版本"
            };
            format!(
                "版本 {}：违法时施行 {}，决定时施行 {}；{why}",
                d.rulebook.version,
                v.in_force_at_act.clone().unwrap_or_else(none),
                v.in_force_at_decision.clone().unwrap_or_else(none)
            )
        } else {
            format!("version {}: {}", d.rulebook.version, v.explanation)
        };
        self.line(1, &l);
    }

    fn note(&self, n: &str) -> String {
        let zh = match n {
            "superseded" => "被优先情节取代",
            "offset" => "从轻与从重相互抵消",
            "conflict" => "情节冲突，须集体讨论",
            "offered" => "作为可选项提供",
            "not_reached" => "未审查：已适用在先的阶次",
            "overridden" => "被情节确定的阶次取代",
            "dropped" => "被阶次取消",
            "not_governing" => "非适用的规定",
            other => other,
        };
        let en = match n {
            "superseded" => "superseded by a circumstance of higher precedence",
            "offset" => "mitigating and aggravating circumstances offset",
            "conflict" => "conflicting circumstances: collective decision",
            "offered" => "offered as an option",
            "not_reached" => "not reached: an earlier tier applied",
            "overridden" => "overridden by a tier set by a circumstance",
            "dropped" => "dropped by the tier",
            "not_governing" => "not the governing provision",
            other => other,
        };
        self.t(en, zh).to_string()
    }

    fn trace(&mut self, d: &DecisionDto) {
        if d.trace.is_empty() {
            return;
        }
        self.heading("Rules considered", "审查的规则");
        for s in &d.trace {
            let kind = match (self.zh, s.kind.as_str()) {
                (true, "circumstance") => "情节",
                (true, "fine") => "罚款",
                (true, "tier") => "阶次",
                (true, "adjustment") => "调整",
                (true, "sanction") => "处罚种类",
                (true, "review") => "程序",
                (true, "provision") => "规定",
                (_, k) => k,
            };
            let fired = if s.fired {
                self.t("fired", "成立")
            } else {
                self.t("not fired", "不成立")
            };
            let note = s
                .note
                .as_deref()
                .map(|n| {
                    if self.zh {
                        format!("（{}）", self.note(n))
                    } else {
                        format!(" ({})", self.note(n))
                    }
                })
                .unwrap_or_default();
            let id = match sanction_kind(&s.id) {
                Some(k) if s.kind == "sanction" && self.zh => k.zh(),
                _ => s.id.as_str(),
            };
            let l = format!(
                "{:>2}. {kind} [{id}] {fired}{note} — {}",
                s.step,
                self.step_place(s)
            );
            self.line(1, &l);
            if let Some(c) = &s.cite {
                let l = format!("{}{c}", self.t("cite: ", "依据："));
                self.line(3, &l);
            }
            if !s.reads.is_empty() {
                let l = format!("{}{}", self.t("read: ", "读取："), self.reads(&s.reads));
                self.line(3, &l);
            }
        }
    }
}

#[cfg(test)]
mod tests;
