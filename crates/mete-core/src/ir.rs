//! The checked rulebook: names resolved to indices, every expression typed, literals parsed.
//!
//! Everything here is plain data built by [`crate::check::check`]: vectors indexed by the id
//! newtypes below, `BTreeMap`/`BTreeSet` where a map or set is needed, so iteration is
//! deterministic. Labels, citations and spans are kept because explanations and traces read
//! them.

mod expr;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::span::Span;
use crate::vocab::{
    ConflictMode, EffectKind, Grade, Outcome, Point, ReviewKindBuiltin, RoundingMode, SanctionKind,
};

pub use expr::{AggregateOp, BinOp, Expr, ExprKind, UnOp};

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            /// The index into the rulebook's vector.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// Index of a fact in [`CheckedRulebook::facts`].
    FactId
);
id_type!(
    /// Index of a definition in [`CheckedRulebook::lets`].
    LetId
);
id_type!(
    /// Index of an enum in [`CheckedRulebook::enums`].
    EnumId
);
id_type!(
    /// Index of a record type in [`CheckedRulebook::records`].
    RecordId
);
id_type!(
    /// Index of a calendar in [`CheckedRulebook::calendars`].
    CalendarId
);
id_type!(
    /// Index of a violation item in [`CheckedRulebook::items`].
    ItemId
);

/// The type of a value or expression.
#[derive(
    serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
pub enum Type {
    /// `true` / `false`.
    Bool,
    /// Whole numbers.
    Int,
    /// Exact decimals (rates are decimals: `30%` is `0.3`).
    Decimal,
    /// Yuan.
    Money,
    /// Calendar date.
    Date,
    /// Years, months and days.
    Duration,
    /// Text, compared for equality only.
    Text,
    /// A variant of an enum.
    Enum(EnumId),
    /// A set of variants of an enum.
    Set(EnumId),
    /// A list of records.
    List(RecordId),
    /// The outcome of a decision (review conditions only).
    Outcome,
    /// The id of the applied tier (review conditions only).
    TierId,
}

impl Type {
    /// Whether arithmetic applies.
    pub fn is_numeric(self) -> bool {
        matches!(self, Type::Int | Type::Decimal | Type::Money)
    }
}

/// A duration: years, months and days, applied in that order.
#[derive(
    serde::Serialize,
    serde::Deserialize,
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
)]
pub struct Duration {
    /// Whole years.
    pub years: i64,
    /// Whole months.
    pub months: i64,
    /// Whole days.
    pub days: i64,
}

/// A record value: one entry per field of its record type, in field order; `None` for an
/// optional field that was not given.
pub type RecordValue = Vec<Option<Value>>;

/// A constant value.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A boolean.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A decimal.
    Decimal(#[serde(with = "crate::compile::saved::exact")] Decimal),
    /// An amount in yuan.
    Money(#[serde(with = "crate::compile::saved::exact")] Decimal),
    /// A date.
    Date(NaiveDate),
    /// A duration.
    Duration(Duration),
    /// Text.
    Text(String),
    /// A variant: enum and variant index.
    Enum(EnumId, u32),
    /// A set of variants of one enum.
    Set(EnumId, BTreeSet<u32>),
    /// A list of records of one type.
    List(RecordId, Vec<RecordValue>),
    /// An outcome (review conditions, test expectations).
    Outcome(Outcome),
    /// A tier id (review conditions): compared with the applied tier's id.
    Tier(String),
}

/// Whether `above`/`below` include the boundary.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Boundaries {
    /// `above` / `以上` means `>=` when true, `>` when false.
    pub above_inclusive: bool,
    /// `below` / `以下` means `<=` when true, `<` when false.
    pub below_inclusive: bool,
}

impl Default for Boundaries {
    fn default() -> Self {
        Boundaries {
            above_inclusive: true,
            below_inclusive: true,
        }
    }
}

/// The default rounding of amounts.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounding {
    /// The unit, in yuan (`1`, `0.01`, `100`).
    #[serde(with = "crate::compile::saved::exact")]
    pub unit: Decimal,
    /// The mode.
    pub mode: RoundingMode,
}

impl Default for Rounding {
    fn default() -> Self {
        Rounding {
            unit: Decimal::ONE,
            mode: RoundingMode::HalfUp,
        }
    }
}

/// A band-placement policy rule (read by lints).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct PlacementDef {
    /// The tier grade it is about.
    pub grade: Grade,
    /// What it requires.
    pub rule: PlacementRuleDef,
    /// Items exempt from it.
    pub except: Vec<ItemId>,
    /// Where it was written.
    pub span: Span,
}

/// What a placement rule requires.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub enum PlacementRuleDef {
    /// Tiers of the grade lie within this band.
    Within(Band),
    /// Tiers of the grade recommend this point.
    Recommend(Point),
}

/// A fact: an input of the case.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct FactDef {
    /// Its name.
    pub name: String,
    /// Display label.
    pub label: String,
    /// Longer description.
    pub note: Option<String>,
    /// Its type.
    pub ty: Type,
    /// Value when the case does not give one.
    pub default: Option<Value>,
    /// Whether the case may leave it out (then it is read only behind `exists`).
    pub optional: bool,
    /// Inclusive bounds for numeric facts.
    pub range: Option<(Value, Value)>,
    /// Where it was declared.
    pub span: Span,
}

/// A parameter with its resolved value.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct ParamDef {
    /// Its name.
    pub name: String,
    /// Display label.
    pub label: String,
    /// Its type.
    pub ty: Type,
    /// The value: set by an importer's `with`, else the default.
    pub value: Value,
    /// Where it was declared.
    pub span: Span,
}

/// An enum type.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct EnumDef {
    /// Type name (for inline enums: the fact or field name it was declared on).
    pub name: String,
    /// Display label.
    pub label: Option<String>,
    /// Variants in order: name and label.
    pub variants: Vec<VariantDef>,
    /// Where it was declared.
    pub span: Span,
}

/// One enum variant.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct VariantDef {
    /// Name.
    pub name: String,
    /// Display label.
    pub label: Option<String>,
    /// Where it was declared.
    pub span: Span,
}

/// A record type.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct RecordDef {
    /// Type name.
    pub name: String,
    /// Display label.
    pub label: Option<String>,
    /// Fields in order.
    pub fields: Vec<FieldDef>,
    /// Where it was declared.
    pub span: Span,
}

/// A record field.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct FieldDef {
    /// Name.
    pub name: String,
    /// Display label.
    pub label: String,
    /// Type.
    pub ty: Type,
    /// Value when a record leaves it out.
    pub default: Option<Value>,
    /// Whether a record may leave it out.
    pub optional: bool,
    /// Where it was declared.
    pub span: Span,
}

/// A definition (`let`).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct LetDef {
    /// Name.
    pub name: String,
    /// Display label.
    pub label: Option<String>,
    /// Its type.
    pub ty: Type,
    /// Its value; reads only definitions that come before it in [`CheckedRulebook::lets`].
    pub value: Expr,
    /// The item it is local to, if any.
    pub item: Option<ItemId>,
    /// Where it was declared.
    pub span: Span,
}

/// A working-day calendar.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct CalendarDef {
    /// Name.
    pub name: String,
    /// Display label.
    pub label: Option<String>,
    /// Public holidays (not working days even on weekdays).
    pub holidays: BTreeSet<NaiveDate>,
    /// Make-up working days (working days even on weekends).
    pub workdays: BTreeSet<NaiveDate>,
    /// Where it was declared.
    pub span: Span,
}

/// A band: where inside (or below) the statutory range an amount lies.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub enum Band {
    /// The lowest share of the range (`lower 30%` → `0.3`).
    Lower(#[serde(with = "crate::compile::saved::exact")] Decimal),
    /// The highest share of the range.
    Upper(#[serde(with = "crate::compile::saved::exact")] Decimal),
    /// From one share to another (`30% to 70%` → `0.3`, `0.7`).
    Share(
        #[serde(with = "crate::compile::saved::exact")] Decimal,
        #[serde(with = "crate::compile::saved::exact")] Decimal,
    ),
    /// An explicit fine form (boxed: it is much larger than the shares).
    Form(Box<FineForm>),
}

/// A circumstance effect.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct EffectDef {
    /// `shall` (decides) or `may` (offered).
    pub modality: Modality,
    /// What it does.
    pub kind: EffectKind,
    /// Where it leads, for reduce / mitigate / aggravate.
    pub target: Option<EffectTargetDef>,
    /// Where it was written.
    pub span: Span,
}

/// `shall` or `may`.
#[derive(
    serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
pub enum Modality {
    /// Required by law: decides.
    Shall,
    /// Permitted by law: offered as an option.
    May,
}

/// Where an effect leads.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub enum EffectTargetDef {
    /// A band.
    Band(Band),
    /// A point of the current band.
    Point(Point),
}

/// A duty that comes with a circumstance.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct ObligationDef {
    /// What must be done.
    pub text: String,
    /// Citation.
    pub cite: Option<String>,
    /// Where it was written.
    pub span: Span,
}

/// A circumstance (情节).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct CircumstanceDef {
    /// Id.
    pub id: String,
    /// Display label.
    pub label: String,
    /// Items it is limited to; `None`: every item (or, inside an item, that item).
    pub scope: Option<Vec<ItemId>>,
    /// Citations.
    pub cite: Vec<String>,
    /// Its condition.
    pub condition: Expr,
    /// Its effect.
    pub effect: EffectDef,
    /// Duties.
    pub obligations: Vec<ObligationDef>,
    /// Where it was declared.
    pub span: Span,
}

/// What an adjustment does.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub enum AdjustActionDef {
    /// So many tiers heavier.
    Up(u32),
    /// So many tiers lighter.
    Down(u32),
    /// Place the amount at a point of the band.
    To(Point),
    /// Discount the amount by a fraction (`30%` → `0.3`), or a range of fractions, with a floor.
    Discount {
        /// Smallest discount.
        #[serde(with = "crate::compile::saved::exact")]
        from: Decimal,
        /// Largest discount.
        #[serde(with = "crate::compile::saved::exact")]
        to: Option<Decimal>,
        /// The amount never goes below this.
        floor: Option<Expr>,
    },
}

/// An adjustment.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct AdjustDef {
    /// Id.
    pub id: String,
    /// Display label.
    pub label: String,
    /// Condition.
    pub condition: Expr,
    /// Action.
    pub action: AdjustActionDef,
    /// Citation.
    pub cite: Option<String>,
    /// Where it was declared.
    pub span: Span,
}

/// A fine form's base.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub enum FineBaseDef {
    /// `a to b`.
    Range(Expr, Expr),
    /// `up to b`.
    UpTo(Expr),
    /// `at least a`.
    AtLeast(Expr),
    /// Multipliers (`10x` → 10, `5%` → 0.05) of a base amount.
    Rate {
        /// Low multiplier.
        #[serde(with = "crate::compile::saved::exact")]
        from: Decimal,
        /// High multiplier; `None` for a single one.
        #[serde(with = "crate::compile::saved::exact")]
        to: Option<Decimal>,
        /// The base.
        base: Expr,
    },
    /// So much per unit of a quantity.
    PerUnit {
        /// Amount per unit.
        amount: Expr,
        /// Size of a unit.
        unit: Expr,
        /// The quantity.
        quantity: Expr,
        /// How partial units count.
        rounding: crate::ast::UnitRounding,
    },
    /// A single computed amount.
    Amount(Expr),
}

/// A cap or floor on a fine form.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub enum FineLimitDef {
    /// At most.
    AtMost(Expr),
    /// At least.
    AtLeast(Expr),
}

/// A fine form with its limits.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct FineForm {
    /// Base.
    pub base: FineBaseDef,
    /// Caps and floors in order.
    pub limits: Vec<FineLimitDef>,
    /// Where it was written.
    pub span: Span,
}

/// The statutory fine of an item.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct FineDef {
    /// `shall` (the default) or `may`.
    pub modality: Modality,
    /// Alternatives tried in order; the first whose condition holds applies.
    pub cases: Vec<(Expr, FineForm)>,
    /// The form when no case applies (the only form when there are no cases).
    pub otherwise: FineForm,
}

/// A sanction other than the fine.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct SanctionDef {
    /// Kind.
    pub kind: SanctionKind,
    /// `shall` (the default) or `may`.
    pub modality: Modality,
    /// Argument.
    pub arg: Option<SanctionArgDef>,
    /// Condition.
    pub condition: Option<Expr>,
    /// Where it was written.
    pub span: Span,
}

/// A sanction's argument.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub enum SanctionArgDef {
    /// A duration or a range of durations.
    Duration(Duration, Option<Duration>),
    /// An amount.
    Of(Expr),
}

/// A discretion tier.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct TierDef {
    /// Id.
    pub id: String,
    /// Display label.
    pub label: String,
    /// Grade.
    pub grade: Option<Grade>,
    /// Condition; `None` for `otherwise`.
    pub condition: Option<Expr>,
    /// Band.
    pub band: Option<Band>,
    /// Recommended point.
    pub recommend: Option<Point>,
    /// Sanctions added.
    pub add: Vec<SanctionDef>,
    /// Sanction kinds dropped (`fine` included).
    pub drop: Vec<SanctionKind>,
    /// Citation.
    pub cite: Option<String>,
    /// Where it was declared.
    pub span: Span,
}

/// A violation item.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct ItemDef {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Provisions violated.
    pub violates: Vec<String>,
    /// Provisions setting the penalty.
    pub cite: Vec<String>,
    /// Parent item it refines.
    pub refines: Option<String>,
    /// Statutory fine.
    pub fine: Option<FineDef>,
    /// Tiers in declared order.
    pub tiers: Vec<TierDef>,
    /// Other sanctions.
    pub sanctions: Vec<SanctionDef>,
    /// Item-local circumstances.
    pub circumstances: Vec<CircumstanceDef>,
    /// Item-local adjustments.
    pub adjustments: Vec<AdjustDef>,
    /// Item-local definitions.
    pub lets: Vec<LetId>,
    /// Override of the rulebook's conflict mode.
    pub conflicts: Option<ConflictMode>,
    /// Where it was declared.
    pub span: Span,
}

/// A declared review kind.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct ReviewKindDef {
    /// Name.
    pub name: String,
    /// Display label.
    pub label: String,
    /// Where it was declared.
    pub span: Span,
}

/// A review kind: built in or declared.
#[derive(
    serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
pub enum ReviewKindRef {
    /// Built in.
    Builtin(ReviewKindBuiltin),
    /// Index into [`CheckedRulebook::review_kinds`].
    Declared(u32),
}

/// A review trigger.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct ReviewDef {
    /// Id.
    pub id: String,
    /// Display label.
    pub label: String,
    /// Kind.
    pub kind: ReviewKindRef,
    /// Condition; may read the decision.
    pub condition: Expr,
    /// Citation.
    pub cite: Option<String>,
    /// The item it is local to, if any.
    pub item: Option<ItemId>,
    /// Where it was declared.
    pub span: Span,
}

/// A test case inside the rulebook.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct TestDef {
    /// Name.
    pub name: String,
    /// The violation item.
    pub violation: Option<ItemId>,
    /// Several items for one act.
    pub violations: Vec<ItemId>,
    /// Date of the act.
    pub act_date: Option<NaiveDate>,
    /// Date of the decision.
    pub decision_date: Option<NaiveDate>,
    /// Given facts, in the order written.
    pub facts: Vec<(FactId, Value)>,
    /// The expected (partial) decision.
    pub expect: Expectations,
    /// Where it was declared.
    pub span: Span,
}

/// What a test expects; `None` fields are not checked.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq, Default)]
pub struct Expectations {
    /// Outcome.
    pub outcome: Option<Outcome>,
    /// Tier id.
    pub tier: Option<String>,
    /// Fine band.
    #[serde(with = "crate::compile::saved::exact")]
    pub fine: Option<(Decimal, Decimal)>,
    /// Recommended amount.
    #[serde(with = "crate::compile::saved::exact")]
    pub point: Option<Decimal>,
    /// Triggered review ids.
    pub reviews: Option<Vec<String>>,
    /// Options offered (circumstance ids).
    pub options: Option<Vec<String>>,
    /// Sanction kinds imposed.
    pub sanctions: Option<Vec<SanctionKind>>,
    /// Circumstances that applied.
    pub circumstances: Option<Vec<String>>,
    /// Governing item.
    pub governing: Option<ItemId>,
    /// Applied version.
    pub version: Option<String>,
    /// Expected case error (text to find in it).
    pub error: Option<String>,
}

/// A rulebook that passed [`crate::check::check`].
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct CheckedRulebook {
    /// Rulebook id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Issuing authority.
    pub authority: Option<String>,
    /// Version.
    pub version: String,
    /// First day in force.
    pub effective_from: NaiveDate,
    /// Last day in force.
    pub effective_until: Option<NaiveDate>,
    /// SHA-256 over the normalised sources, lowercase hex.
    pub content_hash: String,
    /// Names of the files loaded, root first.
    pub sources: Vec<String>,
    /// Boundary convention.
    pub boundaries: Boundaries,
    /// Default rounding.
    pub rounding: Rounding,
    /// How conflicting circumstances combine.
    pub conflicts: ConflictMode,
    /// Placement policy.
    pub placements: Vec<PlacementDef>,
    /// Facts.
    pub facts: Vec<FactDef>,
    /// Parameters (their values are inlined where read).
    pub params: Vec<ParamDef>,
    /// Enum types.
    pub enums: Vec<EnumDef>,
    /// Record types.
    pub records: Vec<RecordDef>,
    /// Definitions, each after every definition it reads.
    pub lets: Vec<LetDef>,
    /// Calendars.
    pub calendars: Vec<CalendarDef>,
    /// Rulebook-wide circumstances.
    pub circumstances: Vec<CircumstanceDef>,
    /// Rulebook-wide adjustments.
    pub adjustments: Vec<AdjustDef>,
    /// Violation items.
    pub items: Vec<ItemDef>,
    /// Declared review kinds.
    pub review_kinds: Vec<ReviewKindDef>,
    /// Review triggers (rulebook-wide and item-local).
    pub reviews: Vec<ReviewDef>,
    /// Tests.
    pub tests: Vec<TestDef>,
}

impl CheckedRulebook {
    /// The fact named `name`.
    pub fn fact_index(&self, name: &str) -> Option<FactId> {
        position(self.facts.iter().map(|f| f.name.as_str()), name).map(FactId)
    }

    /// The item with id `id`.
    pub fn item_index(&self, id: &str) -> Option<ItemId> {
        position(self.items.iter().map(|i| i.id.as_str()), id).map(ItemId)
    }

    /// The definition named `name` (rulebook-wide ones only).
    pub fn let_index(&self, name: &str) -> Option<LetId> {
        self.lets
            .iter()
            .position(|l| l.item.is_none() && l.name == name)
            .and_then(|i| u32::try_from(i).ok())
            .map(LetId)
    }

    /// The fact with id `id`.
    pub fn fact(&self, id: FactId) -> Option<&FactDef> {
        self.facts.get(id.index())
    }

    /// The item with id `id`.
    pub fn item(&self, id: ItemId) -> Option<&ItemDef> {
        self.items.get(id.index())
    }

    /// The enum with id `id`.
    pub fn enum_def(&self, id: EnumId) -> Option<&EnumDef> {
        self.enums.get(id.index())
    }

    /// The record type with id `id`.
    pub fn record(&self, id: RecordId) -> Option<&RecordDef> {
        self.records.get(id.index())
    }
}

fn position<'a>(mut names: impl Iterator<Item = &'a str>, name: &str) -> Option<u32> {
    names
        .position(|n| n == name)
        .and_then(|i| u32::try_from(i).ok())
}
