//! Text → [`crate::ast::Module`].
//!
//! A cheap pre-scan enforces size and nesting limits before pest runs (pest and the lowering are
//! recursive, so unbounded nesting would overflow the stack); then pest parses, and `lower` turns
//! pest pairs into the AST. pest types never leave this module.
//!
//! After a syntax error the parser resumes at the next line that starts (in column 1) with a
//! declaration keyword, so one run reports the errors of several declarations.

mod comments;
pub(crate) mod err;
pub(crate) mod grammar;
mod lower;
mod prescan;
#[cfg(test)]
mod tests;

use pest::Parser;

use crate::ast::Module;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::span::{FileId, Span};

pub use err::codes;
use grammar::{Rule, RulebookParser};
use lower::Lowerer;
use prescan::{DECL_WORDS, Scan, is_word_char};

/// Deepest expression tree the parser builds; later recursive stages rely on it.
pub const MAX_EXPR_DEPTH: usize = 256;

/// Most syntax errors reported for one file.
pub const MAX_SYNTAX_ERRORS: usize = 20;

/// Limits applied before and during parsing. Defaults are generous for real rulebooks and small
/// enough that hostile input fails fast with a clear error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseOptions {
    /// Largest accepted source, in bytes.
    pub max_source_bytes: usize,
    /// Deepest nesting of `(` `[` `{`.
    pub max_nesting: usize,
    /// Longest run of prefix operators (`-`, `not`).
    pub max_prefix_run: usize,
    /// Most `if` keywords inside one top-level declaration (each `else if` nests).
    pub max_ifs_per_decl: usize,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            // The largest published benchmark tables are a few hundred kilobytes; pest reads about
            // half a megabyte a second in a release build, so 2 MiB bounds the worst case.
            max_source_bytes: 2 * 1024 * 1024,
            max_nesting: 64,
            max_prefix_run: 32,
            max_ifs_per_decl: 256,
        }
    }
}

/// Parses one file with default limits. Returns every syntax error found.
pub fn parse(file: FileId, text: &str) -> Result<Module, Diagnostics> {
    parse_with(file, text, &ParseOptions::default())
}

/// Parses one file given as bytes: invalid UTF-8 is reported with its offset, not a panic.
pub fn parse_bytes(
    file: FileId,
    bytes: &[u8],
    options: &ParseOptions,
) -> Result<Module, Diagnostics> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_with(file, text, options),
        Err(e) => {
            let at = e.valid_up_to();
            let len = e
                .error_len()
                .unwrap_or(bytes.len().saturating_sub(at))
                .max(1);
            Err(Diagnostics(vec![
                Diagnostic::error(
                    codes::INVALID_UTF8,
                    format!("the file is not valid UTF-8 (byte offset {at})"),
                    Span::new(file, at, at + len),
                )
                .with_label("invalid byte sequence")
                .with_help("save the file as UTF-8"),
            ]))
        }
    }
}

/// Parses one file with the given limits.
pub fn parse_with(file: FileId, text: &str, options: &ParseOptions) -> Result<Module, Diagnostics> {
    let scan = prescan::scan(file, text, options).map_err(|d| Diagnostics(vec![d]))?;
    let pairs = match RulebookParser::parse(Rule::file, text) {
        Ok(pairs) => pairs,
        Err(e) => return Err(recover(file, text, &e, &scan)),
    };
    let lowerer = Lowerer::new(file, MAX_EXPR_DEPTH);
    let whole = Span::new(file, 0, text.len());
    let result = match pairs.into_iter().next() {
        Some(pair) => lowerer.lower_file(pair),
        None => Err(lower::Reported),
    };
    let mut errors = lowerer.into_errors();
    match result {
        Ok(mut module) if errors.is_empty() => {
            comments::attach(&mut module, scan.comments);
            Ok(module)
        }
        _ => {
            if errors.is_empty() {
                errors.push(err::internal("file", whole));
            }
            let mut d = Diagnostics(errors);
            d.sort();
            Err(d)
        }
    }
}

/// Byte offset of a pest error.
fn error_pos(e: &pest::error::Error<Rule>) -> usize {
    match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    }
}

/// Reports `first` and keeps parsing declarations after it, up to [`MAX_SYNTAX_ERRORS`].
fn recover(file: FileId, text: &str, first: &pest::error::Error<Rule>, scan: &Scan) -> Diagnostics {
    let first_diag = err::syntax_error(file, text, first, scan);
    // After an unclosed string or bracket, later text is misread: report that one error.
    let resumable = first_diag.code == codes::SYNTAX;
    let mut errors = vec![first_diag];
    let mut pos = error_pos(first);
    let mut last_resume = None;
    while resumable && errors.len() < MAX_SYNTAX_ERRORS {
        // An error right at a declaration keyword in column 1 (the one before was incomplete):
        // resume at that declaration itself.
        let here = (Some(pos) != last_resume && starts_decl_line(text, pos)).then_some(pos);
        let Some(resume) = here.or_else(|| next_decl_line(text, pos)) else {
            break;
        };
        last_resume = Some(resume);
        // Blank out what was already read, keeping byte offsets (and so spans) unchanged.
        let blanked = blank_before(text, resume);
        let rest_scan = Scan {
            comments: Vec::new(),
            unclosed_string: scan.unclosed_string.filter(|s| *s >= resume),
            unclosed_brackets: scan
                .unclosed_brackets
                .iter()
                .copied()
                .filter(|(_, at)| *at >= resume)
                .collect(),
            stray_closer: scan.stray_closer.filter(|(_, at)| *at >= resume),
        };
        match RulebookParser::parse(Rule::decls_only, &blanked) {
            Ok(pairs) => {
                let lowerer = Lowerer::new(file, MAX_EXPR_DEPTH);
                for pair in pairs {
                    let _ = lowerer.lower_decls_only(pair);
                }
                errors.extend(lowerer.into_errors());
                break;
            }
            Err(e) => {
                let d = err::syntax_error(file, &blanked, &e, &rest_scan);
                let stop = d.code != codes::SYNTAX;
                errors.push(d);
                pos = error_pos(&e).max(resume);
                if pos == resume {
                    break;
                }
                if stop {
                    break;
                }
            }
        }
    }
    let mut d = Diagnostics(errors);
    d.sort();
    d
}

/// Whether `pos` starts a line (column 1) with a declaration keyword.
fn starts_decl_line(text: &str, pos: usize) -> bool {
    let at_line_start = pos == 0 || text.get(..pos).is_some_and(|b| b.ends_with('\n'));
    at_line_start && text.get(pos..).is_some_and(starts_with_decl_word)
}

fn starts_with_decl_word(line: &str) -> bool {
    let word_end = line
        .char_indices()
        .find(|(_, c)| !is_word_char(*c))
        .map(|(i, _)| i)
        .unwrap_or(line.len());
    DECL_WORDS.contains(&line.get(..word_end).unwrap_or(""))
}

/// The start of the first line after `pos` that begins, in column 1, with a declaration keyword.
fn next_decl_line(text: &str, pos: usize) -> Option<usize> {
    let mut at = pos;
    loop {
        let nl = text.get(at..)?.find('\n')?;
        at += nl + 1;
        if starts_with_decl_word(text.get(at..)?) {
            return Some(at);
        }
    }
}

/// `text` with every byte before `end` replaced by a space (line breaks kept).
fn blank_before(text: &str, end: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if i >= end {
            out.push_str(text.get(i..).unwrap_or(""));
            break;
        }
        if c == '\n' {
            out.push('\n');
        } else {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    out
}
