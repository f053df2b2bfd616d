//! Diagnostics shared by every stage: a code, a message, labelled spans and a hint.
//!
//! Message rules (see `STYLE.md`): lowercase, no final period, user input in backticks, no Rust
//! type names, one line. Codes are stable strings `mete::<stage>::<kind>`; each stage lists its
//! codes in its own `err.rs`. [`DiagnosticDto`] is the one serializable form, shared by the CLI's
//! `--format json` and the bindings.

use serde::Serialize;

use crate::span::{SourceMap, Span};

/// Whether a diagnostic stops the rulebook from being used.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The rulebook is rejected.
    Error,
    /// The rulebook is usable but probably wrong (`--deny warnings` turns these into errors).
    Warning,
}

/// A span with what to say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What about it (may be empty).
    pub message: String,
}

/// One problem found in a rulebook.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code, `mete::<stage>::<kind>`.
    pub code: &'static str,
    /// One-line message.
    pub message: String,
    /// Labelled spans; the first is the primary location.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with `code` and `message` at `span`.
    pub fn error(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            labels: vec![Label {
                span,
                message: String::new(),
            }],
            help: None,
        }
    }

    /// A warning with `code` and `message` at `span`.
    pub fn warning(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, span)
        }
    }

    /// Sets the primary label's text.
    pub fn with_label(mut self, message: impl Into<String>) -> Self {
        if let Some(first) = self.labels.first_mut() {
            first.message = message.into();
        }
        self
    }

    /// Adds a secondary labelled span.
    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The primary span, if any.
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }

    /// The serializable form, with positions resolved against `sources`.
    pub fn to_dto(&self, sources: &SourceMap) -> DiagnosticDto {
        let labels: Vec<LabelDto> = self
            .labels
            .iter()
            .map(|l| LabelDto::new(l, sources))
            .collect();
        let primary = labels.first();
        DiagnosticDto {
            severity: self.severity,
            code: self.code.to_string(),
            message: self.message.clone(),
            file: primary.map(|l| l.file.clone()),
            line: primary.map(|l| l.line),
            col: primary.map(|l| l.col),
            help: self.help.clone(),
            labels,
        }
    }
}

/// Every diagnostic of a failed stage, in source order. Never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq, Default, thiserror::Error)]
#[error("{} error(s) in the rulebook", self.0.len())]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Sorts by file, then position, then code, so output never depends on discovery order.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let ka = a.primary_span().map(|s| (s.file, s.start, s.end));
            let kb = b.primary_span().map(|s| (s.file, s.start, s.end));
            ka.cmp(&kb).then(a.code.cmp(b.code))
        });
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }
}

/// A label resolved to file, line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct LabelDto {
    /// File name.
    pub file: String,
    /// 1-based line of the start.
    pub line: u32,
    /// 1-based column of the start, in Unicode scalar values.
    pub col: u32,
    /// 1-based column of the start in UTF-16 code units.
    pub col_utf16: u32,
    /// 1-based line of the end.
    pub end_line: u32,
    /// 1-based column of the end (exclusive), in Unicode scalar values.
    pub end_col: u32,
    /// Byte offset of the start.
    pub start: u32,
    /// Byte offset of the end.
    pub end: u32,
    /// What the label says.
    pub message: String,
}

impl LabelDto {
    fn new(label: &Label, sources: &SourceMap) -> Self {
        let (file, start, end) = match sources.get(label.span.file) {
            Some(f) => (
                f.name.clone(),
                f.line_col(label.span.start),
                f.line_col(label.span.end),
            ),
            None => {
                let zero = crate::span::LineCol {
                    line: 0,
                    col: 0,
                    col_utf16: 0,
                };
                (String::new(), zero, zero)
            }
        };
        LabelDto {
            file,
            line: start.line,
            col: start.col,
            col_utf16: start.col_utf16,
            end_line: end.line,
            end_col: end.col,
            start: label.span.start,
            end: label.span.end,
            message: label.message.clone(),
        }
    }
}

/// The serializable diagnostic: field order is part of the contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DiagnosticDto {
    /// `error` or `warning`.
    pub severity: Severity,
    /// Stable code.
    pub code: String,
    /// One-line message.
    pub message: String,
    /// File of the primary label.
    pub file: Option<String>,
    /// Line of the primary label.
    pub line: Option<u32>,
    /// Column of the primary label.
    pub col: Option<u32>,
    /// The hint.
    pub help: Option<String>,
    /// All labels, primary first.
    pub labels: Vec<LabelDto>,
}

/// The closest of `candidates` to `name` when it is close enough to be a likely typo (at most
/// about a third of its characters differ); ties go to the alphabetically first, so the hint
/// never depends on the candidates' order.
pub(crate) fn suggest<'c>(
    name: &str,
    candidates: impl Iterator<Item = &'c str>,
) -> Option<&'c str> {
    let limit = (name.chars().count() / 3).max(1) + 1;
    let mut best: Option<(usize, &'c str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = strsim::damerau_levenshtein(name, c);
        let better = match best {
            Some((bd, bc)) => d < bd || (d == bd && c < bc),
            None => true,
        };
        if d <= limit && better {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}
