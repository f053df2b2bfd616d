//! [`crate::ir::CheckedRulebook`] → [`Rulebook`]: the immutable, compact form that evaluates cases.
//!
//! Facts become slots, names become indices and expressions a flat arena, so evaluation does no
//! string lookups and no hashing. A `Rulebook` is `Send + Sync` and cheap to clone (an `Arc`), so
//! a server or a binding compiles once and decides many cases.

mod expr;
pub(crate) mod saved;
mod tables;

pub use saved::LoadError;

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::ast::{DecisionSource, UnitRounding, WindowDir};
use crate::check::{CheckOptions, Loader};
use crate::diagnostic::Diagnostic;
use crate::ir::{BinOp, CheckedRulebook, Duration, ItemId, Modality, Value};
use crate::span::{SourceMap, Span};
use crate::vocab::{
    BoundField, ConflictMode, EffectKind, Function, Grade, Point, RoundingMode, SanctionKind,
};

/// A compiled rulebook. Cheap to clone; safe to share between threads.
#[derive(Debug, Clone)]
pub struct Rulebook {
    pub(crate) inner: Arc<Compiled>,
}

/// Index of a node in [`Compiled::nodes`].
pub(crate) type NodeId = u32;

/// One node of the expression arena. Children are indices into the same arena.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// A constant of the pool.
    Const(u32),
    /// A fact slot.
    Fact(u32),
    /// A definition slot (memoised per case).
    Let(u32),
    /// A field of the current element of the innermost aggregate.
    Field(u32),
    /// Arithmetic negation.
    Neg(NodeId),
    /// Logical negation.
    Not(NodeId),
    /// Infix operator.
    Binary(BinOp, NodeId, NodeId),
    /// `value in set`.
    In(NodeId, NodeId, bool),
    /// `if c then a else b`.
    If(NodeId, NodeId, NodeId),
    /// A built-in: arguments are `args[start .. start + len]`.
    Call {
        func: Function,
        start: u32,
        len: u32,
        calendar: Option<u32>,
        mode: Option<RoundingMode>,
    },
    /// `count`, `sum`, `any`, `all`; `int` when the sum is of whole numbers.
    Aggregate {
        op: crate::ir::AggregateOp,
        list: NodeId,
        element: Option<NodeId>,
        filter: Option<NodeId>,
        int: bool,
    },
    /// `date within period before|after anchor`.
    Window {
        date: NodeId,
        period: Duration,
        dir: WindowDir,
        anchor: NodeId,
    },
    /// Whether an optional fact was given.
    Exists(u32),
    /// `fine.min`, `statutory.max`, …
    DecisionField(DecisionSource, BoundField),
    /// The decision's outcome.
    Outcome,
    /// The applied tier's id.
    Tier,
    /// Whether the decision includes a sanction kind.
    Includes(SanctionKind),
    /// Whether a circumstance with this effect applied.
    Applied(EffectKind),
    /// The date of the act.
    ActDate,
    /// The date of the decision.
    DecisionDate,
    // Specialised shapes, chosen at compile time for the conditions benchmark tables are made
    // of. Each does in one dispatch what the general nodes do in three or more, with the
    // constant already in the representation the comparison needs.
    /// `operand <op> constant` where either side is money or a decimal: the constant is stored
    /// as a decimal, so nothing converts per case.
    DecCmp(
        Cmp,
        NodeId,
        #[serde(with = "crate::compile::saved::exact")] Decimal,
    ),
    /// `operand <op> constant` over whole numbers.
    IntCmp(Cmp, NodeId, i64),
    /// `operand == v`, `!=`, `in {…}`, `not in {…}` on a variant: holds when the variant's bit
    /// of the mask is set, inverted when the flag is true. Only for variants below 64.
    Variant(NodeId, u64, bool),
    /// A chain of `and`: every operand in `args[start .. start + len]`, stopping at the first
    /// false one.
    All(u32, u32),
    /// A chain of `or`: stops at the first true operand.
    Any(u32, u32),
    /// `count(fact where …)` whose filter is a chain of [`RecTest`]s: spec `counts[i]`. The
    /// commonest aggregate of benchmark tables (prior penalties in a window), counted in one
    /// loop over the records without a node dispatch per element.
    Count(u32),
}

/// A [`Node::Count`]: the list fact and the tests every counted record passes, in order (at
/// most one window).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct CountSpec {
    pub(crate) list: u32,
    pub(crate) tests: Vec<RecTest>,
}

/// A test of one record field, as the general nodes would evaluate it (same order, same
/// errors).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq)]
pub(crate) enum RecTest {
    /// A truth-value field.
    Bool(u32),
    /// A variant field against a mask (see [`Node::Variant`]).
    Variant(u32, u64, bool),
    /// `field within period before|after anchor`, the anchor a date of the case.
    Window {
        field: u32,
        period: Duration,
        dir: WindowDir,
        anchor: CaseDate,
    },
}

/// A date of the case that does not depend on the record.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaseDate {
    Act,
    Decision,
}

/// The comparison of a [`Node::DecCmp`] or [`Node::IntCmp`], operand on the left.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl Cmp {
    /// The comparison for an infix operator, `None` for the others.
    pub(crate) fn of(op: BinOp) -> Option<Cmp> {
        Some(match op {
            BinOp::Lt => Cmp::Lt,
            BinOp::Le => Cmp::Le,
            BinOp::Gt => Cmp::Gt,
            BinOp::Ge => Cmp::Ge,
            BinOp::Eq => Cmp::Eq,
            BinOp::Ne => Cmp::Ne,
            _ => return None,
        })
    }

    /// The same comparison with the operands swapped (`3 < x` is `x > 3`).
    pub(crate) fn swapped(self) -> Cmp {
        match self {
            Cmp::Lt => Cmp::Gt,
            Cmp::Le => Cmp::Ge,
            Cmp::Gt => Cmp::Lt,
            Cmp::Ge => Cmp::Le,
            Cmp::Eq | Cmp::Ne => self,
        }
    }

    /// Whether the comparison holds for `lhs.cmp(rhs) == o`.
    #[inline]
    pub(crate) fn holds(self, o: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            Cmp::Lt => o == Less,
            Cmp::Le => o != Greater,
            Cmp::Gt => o == Greater,
            Cmp::Ge => o != Less,
            Cmp::Eq => o == Equal,
            Cmp::Ne => o != Equal,
        }
    }
}

/// The expression arena: nodes, the constant pool and call argument lists.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default)]
pub(crate) struct Arena {
    pub(crate) nodes: Vec<Node>,
    pub(crate) consts: Vec<Value>,
    pub(crate) args: Vec<NodeId>,
    /// Specs of the [`Node::Count`] nodes.
    pub(crate) counts: Vec<CountSpec>,
}

/// Something a condition reads, listed in traces and review reasons.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Read {
    Fact(u32),
    Let(u32),
    Decision(DecisionSource, BoundField),
    Outcome,
    Tier,
    Includes(SanctionKind),
    Applied(EffectKind),
    ActDate,
    DecisionDate,
}

/// A condition: its arena root and what it reads (computed once, at compile time).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct Cond {
    pub(crate) root: NodeId,
    pub(crate) reads: Vec<Read>,
}

/// A fine form's base.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub(crate) enum CBase {
    Range(NodeId, NodeId),
    UpTo(NodeId),
    AtLeast(NodeId),
    Rate {
        #[serde(with = "crate::compile::saved::exact")]
        from: Decimal,
        #[serde(with = "crate::compile::saved::exact")]
        to: Option<Decimal>,
        base: NodeId,
    },
    PerUnit {
        amount: NodeId,
        unit: NodeId,
        quantity: NodeId,
        rounding: UnitRounding,
    },
    Amount(NodeId),
}

/// A fine form with caps (`true`) and floors (`false`).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct CForm {
    pub(crate) base: CBase,
    pub(crate) limits: Vec<(bool, NodeId)>,
    pub(crate) span: Span,
    /// The range, when every amount of the form is a constant (`5000 to 50000`, `up to
    /// 20000`): computed once here instead of per case.
    #[serde(with = "crate::compile::saved::exact")]
    pub(crate) konst: Option<(Decimal, Option<Decimal>)>,
}

/// A band.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub(crate) enum CBand {
    Lower(#[serde(with = "crate::compile::saved::exact")] Decimal),
    Upper(#[serde(with = "crate::compile::saved::exact")] Decimal),
    Share(
        #[serde(with = "crate::compile::saved::exact")] Decimal,
        #[serde(with = "crate::compile::saved::exact")] Decimal,
    ),
    Form(CForm),
}

/// The statutory fine of an item.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct CFine {
    pub(crate) alts: Vec<(Cond, CForm)>,
    pub(crate) otherwise: CForm,
}

/// Where a circumstance's effect leads.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub(crate) enum CTarget {
    Band(CBand),
    Point(Point),
}

/// Where a rule is declared: rulebook-wide (index) or inside an item (item, index).
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Global(u32),
    Local(u32, u32),
}

/// A circumstance.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct CCirc {
    pub(crate) origin: Origin,
    pub(crate) cond: Cond,
    pub(crate) kind: EffectKind,
    pub(crate) modality: Modality,
    pub(crate) target: Option<CTarget>,
}

/// What an adjustment does.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub(crate) enum CAction {
    Up(u32),
    Down(u32),
    To(Point),
    Discount {
        #[serde(with = "crate::compile::saved::exact")]
        from: Decimal,
        #[serde(with = "crate::compile::saved::exact")]
        to: Decimal,
        floor: Option<NodeId>,
    },
}

/// An adjustment.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct CAdjust {
    pub(crate) origin: Origin,
    pub(crate) cond: Cond,
    pub(crate) action: CAction,
}

/// A sanction other than the fine.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct CSanction {
    pub(crate) kind: SanctionKind,
    pub(crate) modality: Modality,
    pub(crate) cond: Option<Cond>,
    pub(crate) amount: Option<NodeId>,
    pub(crate) duration: Option<(Duration, Option<Duration>)>,
    pub(crate) span: Span,
}

/// A tier.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct CTier {
    pub(crate) cond: Option<Cond>,
    pub(crate) band: Option<CBand>,
    /// When the band is a share of the statutory range ([`share_key`]): the two shares as
    /// integers scaled by 10^[`crate::eval::scaled::SHARE_SCALE`], for the integer fast path.
    pub(crate) share: Option<(i64, i64)>,
    pub(crate) grade: Option<Grade>,
    /// The tier's own point, else the placement policy's for its grade.
    pub(crate) recommend: Option<Point>,
    pub(crate) add: Vec<CSanction>,
    pub(crate) drop: Vec<SanctionKind>,
}

/// A violation item.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct CItem {
    /// Circumstances in scope, sorted by the fixed precedence (stable: declared order within).
    pub(crate) circs: Vec<u32>,
    /// Adjustments in scope: rulebook-wide then local, declared order.
    pub(crate) adjusts: Vec<u32>,
    /// Reviews in scope, declared order.
    pub(crate) reviews: Vec<u32>,
    pub(crate) fine: Option<CFine>,
    pub(crate) tiers: Vec<CTier>,
    pub(crate) sanctions: Vec<CSanction>,
    pub(crate) conflicts: ConflictMode,
    /// Tier indices lightest first, when every tier's band is a share of the statutory range
    /// ([`share_key`]): for a non-empty range the band order of any case, so moving a tier up
    /// or down needs no sorting per case.
    pub(crate) share_order: Option<Vec<u32>>,
}

/// A band as `(from, to)` shares of the statutory range, when it is one: shares in `[0, 1]`
/// with at most 6 decimal places (so the band arithmetic on ordinary amounts is exact).
pub(crate) fn share_key(band: &CBand) -> Option<(Decimal, Decimal)> {
    let (p, q) = match band {
        CBand::Lower(p) => (Decimal::ZERO, *p),
        CBand::Upper(p) => (Decimal::ONE.checked_sub(*p)?, Decimal::ONE),
        CBand::Share(p, q) => (*p, *q),
        CBand::Form(_) => return None,
    };
    let ok = |x: Decimal| x >= Decimal::ZERO && x <= Decimal::ONE && x.scale() <= 6;
    (ok(p) && ok(q)).then_some((p, q))
}

/// [`share_key`] as integers scaled by 10^[`crate::eval::scaled::SHARE_SCALE`].
pub(crate) fn share_scaled(band: &CBand) -> Option<(i64, i64)> {
    let (p, q) = share_key(band)?;
    let scaled = |x: Decimal| {
        let k = 10i64.checked_pow(crate::eval::scaled::SHARE_SCALE.checked_sub(x.scale())?)?;
        i64::try_from(x.mantissa()).ok()?.checked_mul(k)
    };
    Some((scaled(p)?, scaled(q)?))
}

/// A review trigger.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub(crate) struct CReview {
    pub(crate) cond: Cond,
}

/// The compiled program behind a [`Rulebook`].
#[derive(serde::Serialize, serde::Deserialize, Debug)]
pub(crate) struct Compiled {
    pub(crate) checked: CheckedRulebook,
    /// The loaded files, for line and column numbers in traces (empty when compiled without).
    pub(crate) sources: SourceMap,
    pub(crate) arena: Arena,
    /// Root of each definition, by let slot.
    pub(crate) lets: Vec<NodeId>,
    pub(crate) circs: Vec<CCirc>,
    pub(crate) adjusts: Vec<CAdjust>,
    pub(crate) reviews: Vec<CReview>,
    pub(crate) items: Vec<CItem>,
}

/// Why compiling from sources failed: every diagnostic, with the sources to render them.
#[derive(Debug, Clone)]
pub struct CompileError {
    /// Every file loaded.
    pub sources: SourceMap,
    /// Errors and warnings, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

impl Rulebook {
    /// Compiles a checked rulebook. Traces then carry file names but no line numbers; use
    /// [`Rulebook::compile_with_sources`] to keep them.
    pub fn compile(checked: CheckedRulebook) -> Rulebook {
        Rulebook::compile_with_sources(checked, SourceMap::new())
    }

    /// Compiles a checked rulebook, keeping the loaded files for line and column numbers.
    pub fn compile_with_sources(checked: CheckedRulebook, sources: SourceMap) -> Rulebook {
        let compiled = tables::build(checked, sources);
        Rulebook {
            inner: Arc::new(compiled),
        }
    }

    /// Parses, checks and compiles `root` (named `root_name`), loading imports through `loader`.
    /// On success returns the rulebook and its warnings.
    ///
    /// ```
    /// use mete_core::check::{CheckOptions, MemoryLoader};
    /// use mete_core::compile::Rulebook;
    ///
    /// let src = r#"rulebook "demo" { version "1" effective from 2024-01-01 }
    /// facts { value: money "货值金额" }
    /// violation V-1 "未经许可经营" {
    ///   cite "某法第十条"
    ///   fine up to 10000
    ///   tier big "较重" when value above 5000: 5000 to 10000
    ///   tier small "较轻" otherwise: lower 50%
    /// }
    /// "#;
    /// let loader = MemoryLoader::default(); // no imports
    /// let (book, warnings) =
    ///     Rulebook::from_source("demo.mete", src.as_bytes(), &loader, &CheckOptions::default())
    ///         .map_err(|e| format!("{} diagnostics", e.diagnostics.len()))?;
    /// assert_eq!((book.id(), book.version()), ("demo", "1"));
    /// assert!(warnings.is_empty());
    ///
    /// let broken = Rulebook::from_source("bad.mete", b"rulebook", &loader, &CheckOptions::default());
    /// assert!(broken.is_err_and(|e| !e.diagnostics.is_empty()));
    /// # Ok::<(), String>(())
    /// ```
    pub fn from_source(
        root_name: &str,
        root: &[u8],
        loader: &dyn Loader,
        options: &CheckOptions,
    ) -> Result<(Rulebook, Vec<Diagnostic>), CompileError> {
        let result = crate::check::check(root_name, root, loader, options);
        match result.rulebook {
            Some(checked) => Ok((
                Rulebook::compile_with_sources(checked, result.sources),
                result.diagnostics,
            )),
            None => Err(CompileError {
                sources: result.sources,
                diagnostics: result.diagnostics,
            }),
        }
    }

    /// The checked rulebook this was compiled from (names, labels, citations, spans).
    pub fn checked(&self) -> &CheckedRulebook {
        &self.inner.checked
    }

    /// Rulebook id.
    pub fn id(&self) -> &str {
        &self.inner.checked.id
    }

    /// Version.
    pub fn version(&self) -> &str {
        &self.inner.checked.version
    }

    /// Whether the rulebook is in force on `day`.
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        let c = &self.inner.checked;
        c.effective_from <= day && c.effective_until.is_none_or(|u| day <= u)
    }

    /// The item with id `id`, for building cases by hand.
    pub fn item(&self, id: &str) -> Option<ItemId> {
        self.inner.checked.item_index(id)
    }
}

#[cfg(test)]
mod tests {
    use super::Rulebook;

    #[test]
    fn rulebook_is_send_sync_clone() {
        fn assert_traits<T: Send + Sync + Clone>() {}
        assert_traits::<Rulebook>();
    }
}
