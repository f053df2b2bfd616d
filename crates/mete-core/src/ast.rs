//! The syntax tree: faithful to the source, every node spanned.
//!
//! Produced by [`crate::parser::parse`], consumed by the checker and the formatter. Names are kept
//! as written (contextual words such as sanction kinds and function names are resolved by the
//! checker), literals keep their source text so the checker can report malformed ones with a
//! location. Spans never take part in equality, so `parse(fmt(x)) == x` compares meaning only.

use crate::span::Span;

/// Which keyword spelling a file uses; decided by its header keyword (`rulebook` / `规则集`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English keywords.
    #[default]
    En,
    /// Chinese keywords.
    Zh,
}

/// A name as written, with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// The name's text.
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

/// A string literal, unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Str {
    /// The unescaped text.
    pub value: String,
    /// Where it was written, quotes included.
    pub span: Span,
}

/// Comments written on the lines before a declaration or member, without the `//`.
pub type Comments = Vec<String>;

/// One parsed file.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// Keyword language of the header.
    pub lang: Lang,
    /// The `rulebook { … }` header.
    pub header: Header,
    /// Declarations in source order.
    pub decls: Vec<Decl>,
    /// Comments after the last declaration.
    pub trailing_comments: Comments,
    /// The whole file.
    pub span: Span,
}

/// `rulebook "id" { … }`. Each setting appears at most once (lowering reports duplicates).
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Comments before the header.
    pub comments: Comments,
    /// Rulebook id.
    pub id: Str,
    /// `title "…"`.
    pub title: Option<Str>,
    /// `authority "…"`.
    pub authority: Option<Str>,
    /// `version "…"`.
    pub version: Option<Str>,
    /// `effective from … until …`.
    pub effective: Option<Effective>,
    /// `import "…" with { … }`, in order.
    pub imports: Vec<Import>,
    /// `refines "…"`.
    pub refines: Option<Str>,
    /// `boundaries above inclusive below exclusive`.
    pub boundaries: Option<Boundaries>,
    /// `rounding 1 half_up`.
    pub rounding: Option<Rounding>,
    /// `conflicts offset`.
    pub conflicts: Option<Ident>,
    /// `placement …` rules, in order.
    pub placements: Vec<Placement>,
    /// The header keyword through the closing brace.
    pub span: Span,
}

/// `effective from D until D`.
#[derive(Debug, Clone, PartialEq)]
pub struct Effective {
    /// First day in force.
    pub from: DateLit,
    /// Last day in force, if any.
    pub until: Option<DateLit>,
    /// Whole clause.
    pub span: Span,
}

/// A date literal as written (`2024-01-01`); validated by the checker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateLit {
    /// The text, `YYYY-MM-DD`.
    pub text: String,
    /// Where it was written.
    pub span: Span,
}

/// `import "path" with { name: value, … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    /// The path, relative to the importing file.
    pub path: Str,
    /// Parameter settings.
    pub with: Vec<Field>,
    /// Whole clause.
    pub span: Span,
}

/// `boundaries above inclusive below exclusive`.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundaries {
    /// Whether `above` / `以上` includes the number, if stated.
    pub above_inclusive: Option<bool>,
    /// Whether `below` / `以下` includes the number, if stated.
    pub below_inclusive: Option<bool>,
    /// Whole clause.
    pub span: Span,
}

/// `rounding UNIT MODE`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rounding {
    /// The unit, e.g. `1` or `0.01`.
    pub unit: NumberLit,
    /// The mode name as written (`half_up`, `四舍五入`, …).
    pub mode: Ident,
    /// Whole clause.
    pub span: Span,
}

/// `placement GRADE within BAND except …` or `placement GRADE recommend POINT except …`.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// The tier grade the rule is about (`lenient`, `从轻`, …).
    pub grade: Ident,
    /// What the rule requires.
    pub rule: PlacementRule,
    /// Items exempt from the rule.
    pub except: Vec<Ident>,
    /// Whole clause.
    pub span: Span,
}

/// The requirement of a placement rule.
#[allow(
    clippy::large_enum_variant,
    reason = "built once per parse and never moved in bulk; boxing would only add indirection"
)]
#[derive(Debug, Clone, PartialEq)]
pub enum PlacementRule {
    /// Tiers of the grade lie within this band of the statutory range.
    Within(Band),
    /// Tiers of the grade recommend this point (`minimum`, `midpoint`, `maximum`).
    Recommend(Ident),
}

/// A top-level declaration with its leading comments.
#[derive(Debug, Clone, PartialEq)]
pub struct Decl {
    /// Comments on the lines before it.
    pub comments: Comments,
    /// The declaration.
    pub kind: DeclKind,
    /// Whole declaration.
    pub span: Span,
}

/// The kinds of top-level declaration.
#[allow(
    clippy::large_enum_variant,
    reason = "built once per parse and never moved in bulk; boxing would only add indirection"
)]
#[derive(Debug, Clone, PartialEq)]
pub enum DeclKind {
    /// `facts { … }`.
    Facts(Vec<FieldDecl>),
    /// `params { … }`.
    Params(Vec<FieldDecl>),
    /// `let …`.
    Let(LetDecl),
    /// `enum …`.
    Enum(EnumDecl),
    /// `record …`.
    Record(RecordDecl),
    /// `calendar …`.
    Calendar(CalendarDecl),
    /// `circumstance …`.
    Circumstance(Circumstance),
    /// `adjust …`.
    Adjust(Adjust),
    /// `violation …`.
    Violation(Violation),
    /// `review kind …`.
    ReviewKind(ReviewKindDecl),
    /// `review …`.
    Review(Review),
    /// `test …`.
    Test(TestDecl),
}

/// A fact, parameter or record field: `name: type "label" note "…" default e optional range a to b`.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDecl {
    /// Comments before it.
    pub comments: Comments,
    /// Its name.
    pub name: Ident,
    /// Its type.
    pub ty: TypeExpr,
    /// Display label.
    pub label: Str,
    /// `note "…"`: a longer description.
    pub note: Option<Str>,
    /// `default e`.
    pub default: Option<Expr>,
    /// `optional`.
    pub optional: bool,
    /// `range a to b`.
    pub range: Option<(Expr, Expr)>,
    /// Whole declaration.
    pub span: Span,
}

/// A type as written.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr {
    /// A built-in (`money`, `金额`, …) or declared (enum, record) type name.
    Named(Ident),
    /// `enum { a "…", b "…" }`.
    InlineEnum(Vec<Variant>, Span),
    /// `set of E` where E is a named or inline enum.
    SetOf(Box<TypeExpr>, Span),
    /// `list of R` where R names a record type.
    ListOf(Ident, Span),
}

/// An enum variant with its display label.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Variant name.
    pub name: Ident,
    /// Display label.
    pub label: Option<Str>,
}

/// `enum name "label" { … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDecl {
    /// Type name.
    pub name: Ident,
    /// Display label.
    pub label: Option<Str>,
    /// Variants in order.
    pub variants: Vec<Variant>,
}

/// `record name "label" { fields }`.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordDecl {
    /// Type name.
    pub name: Ident,
    /// Display label.
    pub label: Option<Str>,
    /// Fields in order.
    pub fields: Vec<FieldDecl>,
}

/// `let name: type "label" = expr`.
#[derive(Debug, Clone, PartialEq)]
pub struct LetDecl {
    /// Defined name.
    pub name: Ident,
    /// Declared type, if written.
    pub ty: Option<TypeExpr>,
    /// Display label.
    pub label: Option<Str>,
    /// The value.
    pub value: Expr,
}

/// `calendar name "label" { holidays …; workdays … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarDecl {
    /// Calendar name.
    pub name: Ident,
    /// Display label.
    pub label: Option<Str>,
    /// Lines in order.
    pub lines: Vec<CalendarLine>,
}

/// One `holidays …` or `workdays …` line.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarLine {
    /// True for `workdays` (make-up working days), false for `holidays`.
    pub workdays: bool,
    /// Dates and date ranges.
    pub spans: Vec<(DateLit, Option<DateLit>)>,
    /// Whole line.
    pub span: Span,
}

/// `circumstance id "label" for A, B { cite …; when …; shall effect; obligation … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Circumstance {
    /// Circumstance id.
    pub id: Ident,
    /// Display label.
    pub label: Str,
    /// Items it is limited to (empty: all items, or the enclosing item).
    pub scope: Vec<Ident>,
    /// Citations.
    pub cite: Vec<Str>,
    /// Its condition (required; the checker reports a missing one).
    pub when: Option<Expr>,
    /// Its effect (required; the checker reports a missing one).
    pub effect: Option<Effect>,
    /// Duties that come with it.
    pub obligations: Vec<Obligation>,
    /// Whole declaration.
    pub span: Span,
}

/// `shall` (decides) or `may` (offered as an option).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Modality {
    /// `shall` / `应当`.
    Shall,
    /// `may` / `可以`.
    May,
}

/// `[shall|may] kind [to target]`, e.g. `shall exempt`, `may reduce to 0 to 5000`.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    /// Written modality; `None` means the default, `shall`.
    pub modality: Option<Modality>,
    /// The effect kind as written (`mitigate`, `从轻`, …).
    pub kind: Ident,
    /// `to …`: a band, or a point name (`minimum`).
    pub target: Option<EffectTarget>,
    /// Whole clause.
    pub span: Span,
}

/// Where an effect leads.
#[allow(
    clippy::large_enum_variant,
    reason = "built once per parse and never moved in bulk; boxing would only add indirection"
)]
#[derive(Debug, Clone, PartialEq)]
pub enum EffectTarget {
    /// A band.
    Band(Band),
    /// A point inside the current band (`minimum`, `midpoint`, `maximum`).
    Point(Ident),
}

/// `obligation "…" cite "…"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Obligation {
    /// What must be done.
    pub text: Str,
    /// Its citation.
    pub cite: Option<Str>,
    /// Whole clause.
    pub span: Span,
}

/// `adjust id "label" when cond: action cite "…"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjust {
    /// Adjustment id.
    pub id: Ident,
    /// Display label.
    pub label: Str,
    /// Condition.
    pub when: Expr,
    /// What it does.
    pub action: AdjustAction,
    /// Citation.
    pub cite: Option<Str>,
    /// Whole declaration.
    pub span: Span,
}

/// What an adjustment does.
#[derive(Debug, Clone, PartialEq)]
pub enum AdjustAction {
    /// `up N`: N tiers heavier, never past the heaviest.
    Up(NumberLit),
    /// `down N`: N tiers lighter, never past the lightest.
    Down(NumberLit),
    /// `to POINT`: place the amount at a point of the tier's band.
    To(Ident),
    /// `discount P% [to Q%] [, at least floor]`.
    Discount {
        /// Smallest discount.
        from: NumberLit,
        /// Largest discount, if a range.
        to: Option<NumberLit>,
        /// The discounted amount never goes below this.
        floor: Option<Expr>,
    },
}

/// `violation ID "title" { … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Item id (`FS-124`).
    pub id: Ident,
    /// Title.
    pub title: Str,
    /// Members in source order.
    pub members: Vec<ItemMember>,
}

/// One member of a violation item, with its leading comments.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemMember {
    /// Comments before it.
    pub comments: Comments,
    /// The member.
    pub kind: ItemMemberKind,
    /// Whole member.
    pub span: Span,
}

/// The kinds of item member.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemMemberKind {
    /// `violates "…"`.
    Violates(Str),
    /// `cite "…"`.
    Cite(Str),
    /// `refines ID`.
    Refines(Ident),
    /// `conflicts MODE`.
    Conflicts(Ident),
    /// `[shall|may] fine …`.
    Fine(FineDecl),
    /// `tier …`.
    Tier(Tier),
    /// An item-local circumstance.
    Circumstance(Circumstance),
    /// An item-local adjustment.
    Adjust(Adjust),
    /// An item-local review trigger.
    Review(Review),
    /// An item-local definition.
    Let(LetDecl),
    /// Any other sanction.
    Sanction(Sanction),
}

/// The statutory fine of an item.
#[derive(Debug, Clone, PartialEq)]
pub struct FineDecl {
    /// Written modality.
    pub modality: Option<Modality>,
    /// The fine.
    pub spec: FineSpec,
}

/// A fine: one form, or alternatives by condition.
#[derive(Debug, Clone, PartialEq)]
pub enum FineSpec {
    /// A single form.
    Form(FineForm),
    /// `when c1: f1 when c2: f2 otherwise: f3`.
    Alternatives {
        /// Conditions with their forms, tried in order.
        cases: Vec<(Expr, FineForm)>,
        /// The form when no condition holds.
        otherwise: FineForm,
    },
}

/// A fine form with caps and floors.
#[derive(Debug, Clone, PartialEq)]
pub struct FineForm {
    /// The base form.
    pub base: FineBase,
    /// `at most x` / `at least x` limits in order.
    pub limits: Vec<FineLimit>,
    /// Whole form.
    pub span: Span,
}

/// The base of a fine form.
#[derive(Debug, Clone, PartialEq)]
pub enum FineBase {
    /// `a to b`.
    Range(Expr, Expr),
    /// `up to b`: 0 to b.
    UpTo(Expr),
    /// `at least a`: no upper bound.
    AtLeast(Expr),
    /// `10x to 20x of base`, `1% to 5% of base`, `3x of base`.
    Rate {
        /// Low rate.
        from: Rate,
        /// High rate; `None` for a single rate.
        to: Option<Rate>,
        /// What the rate multiplies.
        base: Expr,
    },
    /// `amount per unit of quantity [up|down]`.
    PerUnit {
        /// Amount per unit.
        amount: Expr,
        /// Size of one unit.
        unit: Expr,
        /// The quantity.
        quantity: Expr,
        /// How partial units count.
        rounding: UnitRounding,
    },
    /// `amount e`: a single computed amount.
    Amount(Expr),
}

/// How a per-unit fine counts a partial unit.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitRounding {
    /// Pro rata (nothing written).
    Exact,
    /// `up`: a partial unit counts as a whole one.
    Up,
    /// `down`: a partial unit is ignored.
    Down,
}

/// A rate: a multiple (`10x`) or a percentage (`5%`), kept as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Rate {
    /// `10x` / `10倍`.
    Times(NumberLit),
    /// `5%`.
    Percent(NumberLit),
}

/// A cap or floor on a fine form.
#[derive(Debug, Clone, PartialEq)]
pub enum FineLimit {
    /// `at most x`.
    AtMost(Expr),
    /// `at least x`.
    AtLeast(Expr),
}

/// `tier id "label" GRADE when c: band recommend POINT cite "…" { add …; drop … }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    /// Tier id.
    pub id: Ident,
    /// Display label.
    pub label: Str,
    /// Grade as written (`lenient`, `从轻`, …).
    pub grade: Option<Ident>,
    /// Condition; `None` for `otherwise`.
    pub when: Option<Expr>,
    /// The band; `None` when the tier imposes no fine band of its own.
    pub band: Option<Band>,
    /// Recommended point as written.
    pub recommend: Option<Ident>,
    /// Citation.
    pub cite: Option<Str>,
    /// `add sanction` members.
    pub add: Vec<Sanction>,
    /// `drop kind` members (`fine` included).
    pub drop: Vec<Ident>,
    /// Whole declaration.
    pub span: Span,
}

/// A band: a share of the statutory range, or a fine form.
#[allow(
    clippy::large_enum_variant,
    reason = "built once per parse and never moved in bulk; boxing would only add indirection"
)]
#[derive(Debug, Clone, PartialEq)]
pub enum Band {
    /// `lower 30%`.
    Lower(NumberLit),
    /// `upper 30%`.
    Upper(NumberLit),
    /// `30% to 70%` of the statutory range.
    Share(NumberLit, NumberLit),
    /// Absolute amounts, multiples, percentages of a base, …
    Form(FineForm),
}

/// `[shall|may] kind [dur [to dur] | of expr] [when cond]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Sanction {
    /// Written modality.
    pub modality: Option<Modality>,
    /// The sanction kind as written (`revoke_license`, `吊销许可证件`, …).
    pub kind: Ident,
    /// Its argument.
    pub arg: Option<SanctionArg>,
    /// Condition.
    pub when: Option<Expr>,
    /// Whole clause.
    pub span: Span,
}

/// The argument of a sanction.
#[derive(Debug, Clone, PartialEq)]
pub enum SanctionArg {
    /// `1 months to 6 months` or a single duration.
    Duration(DurationLit, Option<DurationLit>),
    /// `of expr`: an amount (e.g. the illegal gains confiscated).
    Of(Expr),
}

/// `review kind name "label"`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewKindDecl {
    /// Kind name.
    pub name: Ident,
    /// Display label.
    pub label: Str,
}

/// `review id "label" kind K when cond cite "…"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// Trigger id.
    pub id: Ident,
    /// Display label.
    pub label: Str,
    /// Review kind; `None` means the id names the kind.
    pub kind: Option<Ident>,
    /// Condition.
    pub when: Expr,
    /// Citation.
    pub cite: Option<Str>,
    /// Whole declaration.
    pub span: Span,
}

/// `test "name" { given { … } expect { … } }`.
#[derive(Debug, Clone, PartialEq)]
pub struct TestDecl {
    /// Test name.
    pub name: Str,
    /// The case.
    pub given: Vec<Field>,
    /// The expected (partial) decision.
    pub expect: Vec<Field>,
}

/// `key: value` in a record value.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The key (keywords such as `violation` or `违法日期` are normalised to their English name).
    pub key: Ident,
    /// The value.
    pub value: Value,
    /// Whole field.
    pub span: Span,
}

/// A literal value in tests and import settings.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number, possibly negative and with `元`.
    Number(NumberLit),
    /// `30%`.
    Percent(NumberLit),
    /// `2024-01-01`.
    Date(DateLit),
    /// `2 years`.
    Duration(DurationLit),
    /// `a to b`.
    Range(NumberLit, NumberLit),
    /// `"…"`.
    Str(Str),
    /// `true` / `false`.
    Bool(bool, Span),
    /// A bare name: an enum variant, item id, tier id, outcome, …
    Name(Ident),
    /// `[…]`.
    List(Vec<Value>, Span),
    /// `{ k: v, … }`.
    Record(Vec<Field>, Span),
}

/// A number literal as written: digits (`_` separators removed), sign and unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberLit {
    /// The digits with an optional fraction, `_` removed, a leading `-` when negative.
    pub text: String,
    /// Whether it carries `元`/`yuan` (money).
    pub yuan: bool,
    /// Where it was written.
    pub span: Span,
}

/// `2 years` as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DurationLit {
    /// The count as written.
    pub count: NumberLit,
    /// The unit.
    pub unit: DurationUnit,
    /// Where it was written.
    pub span: Span,
}

/// A calendar unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    /// Years.
    Years,
    /// Months.
    Months,
    /// Days.
    Days,
}

/// An expression with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// The expression.
    pub kind: ExprKind,
    /// Where it was written (for binary nodes: from the left operand to the right one).
    pub span: Span,
}

/// The kinds of expression.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A number (`12`, `12.5`, `10000元`).
    Number(NumberLit),
    /// `30%`.
    Percent(NumberLit),
    /// `2024-01-01`.
    Date(DateLit),
    /// `2 years`.
    Duration(DurationLit),
    /// `"…"`.
    Str(String),
    /// `true` / `false`.
    Bool(bool),
    /// A fact, definition, parameter, enum variant or record field.
    Name(Ident),
    /// `exists x`.
    Exists(Ident),
    /// `fine.max`, `statutory.min`, …
    DecisionField(DecisionSource, Ident),
    /// `outcome`.
    Outcome,
    /// `tier`: the id of the applied tier.
    Tier,
    /// `includes K`.
    Includes(Ident),
    /// `applied EFFECT`.
    Applied(Ident),
    /// `act_date`.
    ActDate,
    /// `decision_date`.
    DecisionDate,
    /// `{a, b}`.
    Set(Vec<Expr>),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `f(args)`, aggregates included.
    Call(Ident, Vec<CallArg>),
    /// Prefix operator.
    Unary(UnaryOp, Box<Expr>),
    /// Infix operator.
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `if c then a else b`.
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `d within P before|after anchor`.
    Window {
        /// The date tested.
        date: Box<Expr>,
        /// The window's length.
        period: DurationLit,
        /// Before or after the anchor.
        dir: WindowDir,
        /// The anchor date.
        anchor: Box<Expr>,
    },
}

/// Whose bounds a `x.min` / `x.max` reads.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionSource {
    /// `fine.…`: the decided band.
    Fine,
    /// `statutory.…`: the statutory range of this case.
    Statutory,
}

/// Direction of a date window.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WindowDir {
    /// `before`: anchor − period ≤ d < anchor.
    Before,
    /// `after`: anchor < d ≤ anchor + period.
    After,
}

/// One call argument: `e`, `e of list`, `list where cond`, `e of list where cond`.
#[derive(Debug, Clone, PartialEq)]
pub struct CallArg {
    /// The argument (for aggregates: the element expression, or the list when `of` is absent).
    pub value: Expr,
    /// `of list`.
    pub of: Option<Expr>,
    /// `where cond`.
    pub filter: Option<Expr>,
}

/// Prefix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-x`.
    Neg,
    /// `not x`.
    Not,
}

/// Infix operators. Precedence is defined once, in `parser::lower`.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `or`.
    Or,
    /// `and`.
    And,
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `above` / `以上`: `>=` or `>` by the rulebook's boundary convention.
    Above,
    /// `below` / `以下`: `<=` or `<` by the rulebook's boundary convention.
    Below,
    /// `exceeds` / `超过`: always `>`.
    Exceeds,
    /// `under` / `不满`: always `<`.
    Under,
    /// `in`.
    In,
    /// `not in`.
    NotIn,
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/`.
    Div,
}

impl BinaryOp {
    /// Binding power of the operator, higher binds tighter. The parser's Pratt table and the
    /// formatter's parenthesisation both read this one function.
    ///
    /// | power | operators |
    /// |---|---|
    /// | 1 | `or` |
    /// | 2 | `and` |
    /// | (3) | prefix `not` |
    /// | 4 | `==` `!=` `<` `<=` `>` `>=` `above` `below` `exceeds` `under` `in` `not in` |
    /// | 5 | `+` `-` |
    /// | 6 | `*` `/` |
    /// | (7) | prefix `-` |
    /// | (8) | postfix `within … before/after …` |
    ///
    /// `if … then … else` is a prefix operator of the lowest power (0): its `else` branch extends
    /// as far right as possible.
    pub fn precedence(self) -> u8 {
        use BinaryOp::*;
        match self {
            Or => 1,
            And => 2,
            Eq | Ne | Lt | Le | Gt | Ge | Above | Below | Exceeds | Under | In | NotIn => 4,
            Add | Sub => 5,
            Mul | Div => 6,
        }
    }
}

impl UnaryOp {
    /// Binding power of the prefix operator (see [`BinaryOp::precedence`]).
    pub fn precedence(self) -> u8 {
        match self {
            UnaryOp::Not => 3,
            UnaryOp::Neg => 7,
        }
    }
}

/// Binding power of the postfix date window (see [`BinaryOp::precedence`]).
pub const WINDOW_PRECEDENCE: u8 = 8;
