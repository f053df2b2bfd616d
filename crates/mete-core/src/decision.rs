//! The decision contract: what mete answers for one case, as JSON.
//!
//! These types are the one serializable shape of a decision, shared byte for byte by the CLI, the
//! Python package and the WASM package. Field order is the declaration order here and is part of
//! the contract; amounts are decimal strings in yuan (`"85000"`, `"1234.5"`: no exponent, no
//! trailing zeros), dates ISO-8601 (`"2024-03-01"`), names are the rulebook's own ids, and
//! built-in words (outcomes, sanction kinds, effects, grades) are their English ids from
//! [`crate::vocab`]. Nothing here depends on time, platform or hash order.
//!
//! The evaluator produces a lean [`crate::eval::Decision`] that borrows from the compiled
//! rulebook and the case; [`crate::eval::Decision::to_dto`] turns it into a [`DecisionDto`].

use schemars::JsonSchema;
use serde::Serialize;

/// Version of this contract; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// A decision for one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct DecisionDto {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Which rulebook decided, and why that version.
    pub rulebook: RulebookDto,
    /// The dates of the case.
    pub case: CaseDatesDto,
    /// The violation item that governs.
    pub violation: ItemDto,
    /// `penalize`, `not_punishable`, `time_barred`, `exempt` or `needs_collective_decision`.
    pub outcome: String,
    /// The applied tier, when the outcome is `penalize` and the item has tiers.
    pub tier: Option<TierDto>,
    /// The statutory fine range of this case (after the fine form's alternatives, caps and floors).
    pub statutory: Option<RangeDto>,
    /// The fine band decided, when a fine is imposed.
    pub fine: Option<BandDto>,
    /// Sanctions imposed (besides the fine), in the item's order.
    pub sanctions: Vec<SanctionDto>,
    /// What the law leaves to the officer ("may"): never applied, only offered.
    pub options: Vec<OptionDto>,
    /// Circumstances whose condition held, in evaluation order.
    pub circumstances: Vec<CircumstanceDto>,
    /// Adjustments that fired, in order.
    pub adjustments: Vec<AdjustmentDto>,
    /// Procedural triggers that fired.
    pub reviews: Vec<ReviewDto>,
    /// Duties that come with the outcome (e.g. education when no penalty is given).
    pub obligations: Vec<ObligationDto>,
    /// For one act under several provisions (art. 29): every provision and which governs.
    pub provisions: Vec<ProvisionDto>,
    /// Every rule considered, fired or not, in evaluation order.
    pub trace: Vec<TraceStepDto>,
    /// Plain-language rationale (裁量说明).
    pub rationale: RationaleDto,
}

/// The rulebook that decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct RulebookDto {
    /// Rulebook id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Applied version.
    pub version: String,
    /// SHA-256 (hex) over the normalised sources of every file it loaded.
    pub content_hash: String,
    /// Why this version applied (art. 37), when several versions were loaded.
    pub version_choice: Option<VersionChoiceDto>,
}

/// Why a version applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct VersionChoiceDto {
    /// `in_force_at_act` or `later_more_lenient`.
    pub reason: String,
    /// Version in force on the act date, if any.
    pub in_force_at_act: Option<String>,
    /// Version in force on the decision date, if any.
    pub in_force_at_decision: Option<String>,
    /// One sentence, in English.
    pub explanation: String,
}

/// The dates that matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CaseDatesDto {
    /// Date of the act (its end, for continuing acts).
    pub act_date: Option<String>,
    /// Date of the decision.
    pub decision_date: Option<String>,
}

/// A violation item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ItemDto {
    /// Item id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Provisions violated.
    pub violates: Vec<String>,
    /// Provisions that set the penalty.
    pub cite: Vec<String>,
}

/// A tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct TierDto {
    /// Tier id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Grade (`lenient`, `ordinary`, `severe`, …), if declared.
    pub grade: Option<String>,
    /// Citation.
    pub cite: Option<String>,
}

/// A range of amounts; `max` is absent for "at least" fines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct RangeDto {
    /// Lower bound, yuan.
    pub min: String,
    /// Upper bound, yuan.
    pub max: Option<String>,
}

/// A decided fine band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct BandDto {
    /// Lower bound, yuan.
    pub min: String,
    /// Upper bound, yuan.
    pub max: String,
    /// Recommended amount, when the rulebook names a point.
    pub point: Option<String>,
    /// True when the band lies below the statutory minimum (减轻).
    pub reduced: bool,
}

/// A sanction other than the fine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct SanctionDto {
    /// Kind id (`revoke_license`, `confiscate_gains`, …).
    pub kind: String,
    /// Chinese name of the kind.
    pub label: String,
    /// Amount, for confiscation of a stated value.
    pub amount: Option<String>,
    /// Duration range, for suspensions, employment restrictions and detention.
    pub duration: Option<DurationRangeDto>,
}

/// A duration range such as 1 to 6 months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct DurationRangeDto {
    /// Shortest, ISO-8601 (`P1M`).
    pub min: String,
    /// Longest, ISO-8601.
    pub max: String,
}

/// Something the law permits but does not require.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct OptionDto {
    /// `circumstance` (a "may" effect) or `sanction` (a "may" sanction).
    pub source: String,
    /// Id of the circumstance, or the sanction kind.
    pub id: String,
    /// Label.
    pub label: String,
    /// The effect offered (`exempt`, `reduce`, …) for circumstances.
    pub effect: Option<String>,
    /// Citations.
    pub cite: Vec<String>,
    /// What taking the option would give.
    pub consequence: ConsequenceDto,
}

/// The result of taking an option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ConsequenceDto {
    /// Outcome if taken.
    pub outcome: String,
    /// Fine band if taken.
    pub fine: Option<BandDto>,
    /// Sanction added if taken.
    pub sanction: Option<SanctionDto>,
}

/// A circumstance whose condition held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CircumstanceDto {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Effect id.
    pub effect: String,
    /// `shall` or `may`.
    pub modality: String,
    /// Citations.
    pub cite: Vec<String>,
    /// True when it shaped the decision; false when it was superseded by a circumstance of higher
    /// precedence, or is a `may` (then it is in `options`).
    pub applied: bool,
}

/// An adjustment that fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct AdjustmentDto {
    /// Id.
    pub id: String,
    /// Label.
    pub label: String,
    /// What it did, e.g. `up 1`, `to maximum`, `discount 30% to 50%`.
    pub action: String,
    /// Citation.
    pub cite: Option<String>,
}

/// A procedural trigger that fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ReviewDto {
    /// Trigger id.
    pub id: String,
    /// Kind id (`legal_review`, `hearing_notice`, … or a declared kind).
    pub kind: String,
    /// Label.
    pub label: String,
    /// Citation.
    pub cite: Option<String>,
    /// The values its condition read.
    pub because: Vec<NamedValueDto>,
}

/// A duty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ObligationDto {
    /// What must be done.
    pub text: String,
    /// Citation.
    pub cite: Option<String>,
    /// The circumstance it comes from.
    pub from: String,
}

/// One provision of a multi-provision case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ProvisionDto {
    /// Item id.
    pub violation: String,
    /// Title.
    pub title: String,
    /// Its outcome alone.
    pub outcome: String,
    /// Its fine band alone.
    pub fine: Option<BandDto>,
    /// Whether it governs (the higher fine, art. 29).
    pub governing: bool,
}

/// A name and the canonical text of its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct NamedValueDto {
    /// Fact, definition or decision field (`fine.max`).
    pub name: String,
    /// Canonical text of the value (`"8000"`, `"serious"`, `"2024-03-01"`, `"true"`).
    pub value: String,
}

/// One rule considered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct TraceStepDto {
    /// 1-based position in evaluation order.
    pub step: u32,
    /// `circumstance`, `fine`, `tier`, `adjustment`, `sanction`, `review` or `provision`.
    pub kind: String,
    /// Id of the rule (tier id, circumstance id, …; the sanction kind for sanctions).
    pub id: String,
    /// Whether its condition held.
    pub fired: bool,
    /// Why it was not considered further, when skipped (e.g. `superseded`, `shadowed`).
    pub note: Option<String>,
    /// Citation.
    pub cite: Option<String>,
    /// Where it is written.
    pub at: SourceAtDto,
    /// The facts and definitions its condition read, with their values.
    pub reads: Vec<NamedValueDto>,
}

/// A source position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct SourceAtDto {
    /// File name as loaded.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (Unicode scalar values).
    pub col: u32,
}

/// The rationale in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct RationaleDto {
    /// 中文裁量说明.
    pub zh: String,
    /// English rationale.
    pub en: String,
}

/// The JSON Schema of [`DecisionDto`], pretty-printed with a trailing newline.
pub fn decision_schema() -> String {
    let schema = schemars::schema_for!(DecisionDto);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
