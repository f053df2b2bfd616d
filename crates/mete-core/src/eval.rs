//! Deciding a case: [`crate::compile::Rulebook`] + [`crate::case::Case`] → [`Decision`].
//!
//! [`Decision`] is lean: indices into the compiled rulebook, amounts and a trace of small `Copy`
//! steps. [`Decision::to_dto`] materialises the JSON contract of [`crate::decision`] (labels,
//! citations, source positions, the values each rule read, the rationale).

mod assess;
mod band;
pub(crate) mod date;
mod decide;
mod dto;
pub(crate) mod expr;
mod fault;
mod few;
pub(crate) mod money;
mod rationale;
pub(crate) mod scaled;
mod testrun;
mod versions;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::case::{Case, CaseError, CaseOptions};
use crate::compile::{Compiled, Rulebook};
use crate::decision::DecisionDto;
use crate::ir::{ItemId, Value};
use crate::vocab::{EffectKind, Outcome};

pub use testrun::TestReport;
pub use versions::{RulebookSet, VersionSetError};

/// Switches for evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvalOptions {
    /// Record every rule considered (default). When false the trace is empty.
    pub trace: bool,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions { trace: true }
    }
}

/// Why a case could not be decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, thiserror::Error)]
#[error("{message}")]
pub struct EvalError {
    /// Stable code, `mete::eval::<kind>`.
    pub code: &'static str,
    /// One-line message.
    pub message: String,
    /// The violation item being decided, when known.
    pub item: Option<String>,
}

impl EvalError {
    pub(crate) fn new(code: &'static str, message: String) -> Self {
        EvalError {
            code,
            message,
            item: None,
        }
    }

    pub(crate) fn internal(what: &str) -> Self {
        EvalError::new(
            "mete::eval::internal",
            format!("internal evaluation error: {what}"),
        )
    }

    pub(crate) fn overflow() -> Self {
        EvalError::new(
            "mete::eval::overflow",
            "arithmetic overflow: an amount is too large to compute exactly".to_string(),
        )
    }

    pub(crate) fn div_zero() -> Self {
        EvalError::new(
            "mete::eval::division_by_zero",
            "division by zero".to_string(),
        )
    }

    pub(crate) fn date_range() -> Self {
        EvalError::new(
            "mete::eval::date_out_of_range",
            "a date computation left the supported calendar range".to_string(),
        )
    }

    pub(crate) fn missing_date(which: &str) -> Self {
        EvalError::new(
            "mete::eval::missing_date",
            format!("the rules read `{which}` but the case does not give it"),
        )
    }

    fn with_item(mut self, id: &str) -> Self {
        if self.item.is_none() {
            self.item = Some(id.to_string());
        }
        self
    }
}

/// A case error or an evaluation error (the JSON-in, JSON-out path).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EvaluateError {
    /// The case JSON has problems.
    #[error(transparent)]
    Case(CaseError),
    /// The case could not be decided.
    #[error(transparent)]
    Eval(EvalError),
}

/// A decided fine band (amounts in yuan, rounded with the rulebook's rounding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FineBand {
    /// Lower bound.
    pub min: Decimal,
    /// Upper bound.
    pub max: Decimal,
    /// Recommended amount, when the rulebook names a point.
    pub point: Option<Decimal>,
    /// Whether the band lies below the statutory minimum (减轻).
    pub reduced: bool,
}

/// Which rule a trace step is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuleRef {
    Circ(u32),
    /// Fine alternative `alt` of an item (`alt == alternatives` is the `otherwise` form).
    Fine {
        item: u32,
        alt: u32,
    },
    Tier {
        item: u32,
        tier: u32,
    },
    Adjust(u32),
    Sanction(SanctionRef),
    Review(u32),
    Provision(u32),
}

/// A sanction of an item (`tier: None`) or added by a tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct SanctionRef {
    pub(crate) item: u32,
    pub(crate) tier: Option<u32>,
    pub(crate) idx: u32,
}

/// Why a rule did not shape the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Note {
    Superseded,
    Offset,
    Conflict,
    Offered,
    NotReached,
    Overridden,
    Dropped,
    NotGoverning,
}

impl Note {
    pub(crate) fn text(self) -> &'static str {
        match self {
            Note::Superseded => "superseded",
            Note::Offset => "offset",
            Note::Conflict => "conflict",
            Note::Offered => "offered",
            Note::NotReached => "not_reached",
            Note::Overridden => "overridden",
            Note::Dropped => "dropped",
            Note::NotGoverning => "not_governing",
        }
    }
}

/// One rule considered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Step {
    pub(crate) rule: RuleRef,
    pub(crate) fired: bool,
    pub(crate) note: Option<Note>,
}

/// A sanction imposed or offered, with its amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Sanction {
    pub(crate) src: SanctionRef,
    pub(crate) amount: Option<Decimal>,
}

/// What an option comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OptSource {
    Circ(u32),
    Sanction(Sanction),
    /// The item's fine, when the law says it "may" be imposed (item index).
    Fine(u32),
}

/// Something the law permits, with its consequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Opt {
    pub(crate) source: OptSource,
    pub(crate) effect: Option<EffectKind>,
    pub(crate) outcome: Outcome,
    pub(crate) fine: Option<FineBand>,
}

/// One provision of a multi-provision case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Provision {
    pub(crate) item: u32,
    pub(crate) outcome: Outcome,
    pub(crate) fine: Option<FineBand>,
    pub(crate) governing: bool,
}

/// Why a version of a rulebook applied (art. 37).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VersionChoice {
    pub(crate) later_more_lenient: bool,
    pub(crate) at_act: Option<String>,
    pub(crate) at_decision: Option<String>,
}

/// The decision for one case: lean, borrowing from the rulebook and the case.
#[derive(Debug, Clone)]
pub struct Decision<'a> {
    pub(crate) book: &'a Compiled,
    pub(crate) case: &'a Case,
    pub(crate) version_choice: Option<VersionChoice>,
    pub(crate) outcome: Outcome,
    pub(crate) item: u32,
    pub(crate) tier: Option<u32>,
    pub(crate) statutory: Option<(Decimal, Option<Decimal>)>,
    pub(crate) fine: Option<FineBand>,
    pub(crate) sanctions: few::Few<Sanction, 2>,
    pub(crate) options: Vec<Opt>,
    /// Circumstances whose condition held: index and whether it applied.
    pub(crate) circumstances: Vec<(u32, bool)>,
    pub(crate) adjustments: few::Few<u32, 4>,
    pub(crate) reviews: few::Few<u32, 4>,
    /// (circumstance, obligation index).
    pub(crate) obligations: Vec<(u32, u32)>,
    pub(crate) provisions: Vec<Provision>,
    pub(crate) trace: Vec<Step>,
    /// Definitions evaluated while deciding (for the values listed in traces).
    pub(crate) frame: expr::Memo<'a>,
    pub(crate) view: expr::DecView<'a>,
}

impl<'a> Decision<'a> {
    /// The outcome.
    pub fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// The governing violation item.
    pub fn item(&self) -> ItemId {
        ItemId(self.item)
    }

    /// The applied tier's id.
    pub fn tier_id(&self) -> Option<&'a str> {
        let book = self.book;
        let t = self.tier?;
        book.checked
            .items
            .get(self.item as usize)?
            .tiers
            .get(t as usize)
            .map(|t| t.id.as_str())
    }

    /// The statutory range (`max` absent for "at least").
    pub fn statutory(&self) -> Option<(Decimal, Option<Decimal>)> {
        self.statutory
    }

    /// The decided fine band.
    pub fn fine(&self) -> Option<FineBand> {
        self.fine
    }

    /// Ids of the reviews that fired.
    pub fn review_ids(&self) -> Vec<&'a str> {
        let book = self.book;
        self.reviews
            .iter()
            .filter_map(|r| book.checked.reviews.get(*r as usize).map(|r| r.id.as_str()))
            .collect()
    }

    /// Number of trace steps.
    pub fn trace_len(&self) -> usize {
        self.trace.len()
    }

    /// The contract form, with labels, citations, positions, values read and the rationale.
    pub fn to_dto(&self) -> DecisionDto {
        dto::to_dto(self)
    }
}

impl Rulebook {
    /// Decides `case`.
    ///
    /// The rulebook must be in force on the act date (when the case gives one): rules that did
    /// not yet, or no longer, apply to the act would decide it silently wrong. To weigh an older
    /// and a newer version (art. 37), load both into a [`RulebookSet`].
    pub fn evaluate<'a>(
        &'a self,
        case: &'a Case,
        options: &EvalOptions,
    ) -> Result<Decision<'a>, EvalError> {
        if let Some(act) = case.act_date {
            if !self.in_force_on(act) {
                return Err(self.not_in_force(act));
            }
        }
        self.evaluate_in_any_period(case, options)
    }

    /// Decides `case` whatever the rulebook's effective period: [`RulebookSet`] compares a later
    /// version with the one in force at the act (art. 37).
    pub(crate) fn evaluate_in_any_period<'a>(
        &'a self,
        case: &'a Case,
        options: &EvalOptions,
    ) -> Result<Decision<'a>, EvalError> {
        decide::decide(&self.inner, case, options)
    }

    fn not_in_force(&self, act: NaiveDate) -> EvalError {
        let c = &self.inner.checked;
        let period = match c.effective_until {
            Some(until) => format!("from {} until {until}", c.effective_from),
            None => format!("from {}", c.effective_from),
        };
        EvalError::new(
            "mete::eval::not_in_force",
            format!(
                "no version in force on the act date {act}: rulebook `{}` version `{}` is in force {period}; load the version in force then",
                c.id, c.version
            ),
        )
    }

    /// Reads a case from JSON, decides it and returns the contract form.
    ///
    /// ```
    /// use mete_core::check::{CheckOptions, MemoryLoader};
    /// use mete_core::compile::Rulebook;
    /// use mete_core::eval::EvaluateError;
    ///
    /// let src = r#"rulebook "demo" { version "1" effective from 2024-01-01 }
    /// facts { value: money "货值金额" }
    /// violation V-1 "未经许可经营" {
    ///   fine up to 10000
    ///   tier big "较重" when value above 5000: 5000 to 10000
    ///   tier small "较轻" otherwise: lower 50%
    /// }
    /// "#;
    /// let loader = MemoryLoader::default();
    /// let (book, _) = Rulebook::from_source("demo.mete", src.as_bytes(), &loader, &CheckOptions::default())
    ///     .map_err(|e| format!("{:?}", e.diagnostics))?;
    ///
    /// let case = br#"{"violation": "V-1", "act_date": "2024-03-01", "value": "8000"}"#;
    /// let d = book.evaluate_json(case, &Default::default(), &Default::default())
    ///     .map_err(|e| e.to_string())?;
    /// assert_eq!(d.outcome, "penalize");
    /// assert_eq!(d.tier.as_ref().map(|t| t.id.as_str()), Some("big"));
    /// let fine = d.fine.as_ref().map(|f| (f.min.as_str(), f.max.as_str()));
    /// assert_eq!(fine, Some(("5000", "10000")));
    /// let json = serde_json::to_string(&d).map_err(|e| e.to_string())?; // the decision contract
    /// assert!(json.starts_with(r#"{"schema_version":1,"#));
    ///
    /// // A bad case lists every problem, each with its JSON path.
    /// let bad = book.evaluate_json(br#"{"violation": "V-1", "valeu": 1}"#, &Default::default(), &Default::default());
    /// let Err(EvaluateError::Case(e)) = bad else { return Err("expected a case error".into()) };
    /// let paths: Vec<&str> = e.problems.iter().map(|p| p.path.as_str()).collect();
    /// assert_eq!(paths, ["$.valeu", "$.value"]);
    /// # Ok::<(), String>(())
    /// ```
    pub fn evaluate_json(
        &self,
        json: &[u8],
        options: &EvalOptions,
        case_options: &CaseOptions,
    ) -> Result<DecisionDto, EvaluateError> {
        let case = self
            .read_case(json, case_options)
            .map_err(EvaluateError::Case)?;
        let d = self.evaluate(&case, options).map_err(EvaluateError::Eval)?;
        Ok(d.to_dto())
    }

    /// Decides many cases, one result each, in order.
    pub fn evaluate_many<'a, I: IntoIterator<Item = &'a Case>>(
        &'a self,
        cases: I,
        options: &EvalOptions,
    ) -> Vec<Result<Decision<'a>, EvalError>> {
        cases
            .into_iter()
            .map(|c| self.evaluate(c, options))
            .collect()
    }

    /// A case built by hand: the violation item ids, the dates and facts by name (others take
    /// their defaults). For embedding and tests; JSON input goes through
    /// [`Rulebook::read_case`].
    pub fn case_from_values(
        &self,
        items: &[&str],
        act_date: Option<NaiveDate>,
        decision_date: Option<NaiveDate>,
        facts: &[(&str, Value)],
    ) -> Result<Case, EvalError> {
        let c = &self.inner.checked;
        let mut case = Case {
            items: Vec::new(),
            act_date,
            decision_date,
            facts: c.facts.iter().map(|f| f.default.clone()).collect(),
        };
        for id in items {
            let item = c.item_index(id).ok_or_else(|| {
                EvalError::new(
                    "mete::eval::unknown_item",
                    format!("no violation item `{id}`"),
                )
            })?;
            case.items.push(item);
        }
        for (name, v) in facts {
            let f = c.fact_index(name).ok_or_else(|| {
                EvalError::new("mete::eval::unknown_fact", format!("no fact `{name}`"))
            })?;
            if let Some(slot) = case.facts.get_mut(f.index()) {
                *slot = Some(v.clone());
            }
        }
        Ok(case)
    }
}
