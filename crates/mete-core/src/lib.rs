//! # mete-core
//!
//! Rules engine for administrative-penalty discretion benchmarks (行政裁量权基准).
//!
//! ```text
//!  .mete text ──parse──▶ ast::Module (spanned, faithful to source)
//!             ──check──▶ ir::CheckedRulebook (imports loaded, names resolved, types known)
//!             ──compile─▶ Rulebook (slots and indices, no strings on the hot path)   [issue 3]
//!             ──evaluate▶ Decision (outcome, band, sanctions, reviews, trace)         [issue 3]
//!  Rulebook  ──test_run─▶ testing::TestRun (a diff per `test` block, coverage)
//!  ast::Module ──format──▶ canonical .mete text, English or Chinese keywords
//! ```
//!
//! The core does no I/O and never reads the clock or the environment: imported files come through
//! a [`check::Loader`] supplied by the caller, and every date is an input.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
pub mod ast;
pub mod audit;
pub mod case;
pub mod check;
pub mod compile;
pub mod decision;
pub mod diagnostic;
pub mod diff;
pub mod eval;
pub mod explain;
pub mod fmt;
pub mod ir;
pub mod limits;
pub mod lint;
pub mod parser;
pub mod span;
pub mod testing;
pub mod vocab;

pub use diagnostic::{Diagnostic, DiagnosticDto, Diagnostics, Severity};
pub use span::{FileId, SourceMap, Span};
