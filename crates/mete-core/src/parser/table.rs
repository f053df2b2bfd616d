//! Table-driven parser for `grammar/mete.pest`: walks the optimised grammar that `build.rs`
//! writes as data, making the same `pest::ParserState` calls, in the same order, as the code
//! pest_derive generates. Same pairs, same errors, a fraction of the code size: the WASM build
//! uses it (feature `derive-parser` off); a test checks it against the derived parser.
#![allow(missing_docs, reason = "generated rule names")]

use pest::{Atomicity, MatchDir, ParseResult, ParserState};

include!(concat!(env!("OUT_DIR"), "/grammar_table.rs"));

/// The parser over the grammar tables.
pub(crate) struct RulebookParser;

/// How a rule wraps its body, as in pest's rule modifiers (`_`, `@`, `$`, `!`).
#[derive(Clone, Copy)]
#[allow(dead_code, reason = "only the modifiers the grammar uses are built")]
enum K {
    Normal,
    Silent,
    Atomic,
    CompoundAtomic,
    NonAtomic,
}

/// One rule of the grammar.
struct D {
    rule: Rule,
    kind: K,
    /// Index of the body in `EXPRS`.
    expr: usize,
    /// The body was generated without implicit whitespace (atomic rules and the trivia rules).
    atomic_body: bool,
    /// `WHITESPACE` or `COMMENT`: the body runs atomically.
    trivia: bool,
    stack_check: bool,
}

/// pest's ASCII builtins.
#[derive(Clone, Copy)]
#[allow(
    dead_code,
    reason = "only the builtins the grammar uses are referenced"
)]
enum B {
    Any,
    Eoi,
    Soi,
    Peek,
    PeekAll,
    Pop,
    PopAll,
    Drop,
    AsciiDigit,
    AsciiNonzeroDigit,
    AsciiBinDigit,
    AsciiOctDigit,
    AsciiHexDigit,
    AsciiAlphaLower,
    AsciiAlphaUpper,
    AsciiAlpha,
    AsciiAlphanumeric,
    Ascii,
    Newline,
}

/// One optimised grammar expression; children are indices into `EXPRS`.
#[allow(dead_code, reason = "only the forms the grammar uses are built")]
enum E {
    Str(&'static str),
    Insens(&'static str),
    Range(char, char),
    Call(usize),
    Builtin(B),
    CharBy(fn(char) -> bool),
    PeekSlice(i32, Option<i32>),
    Pos(usize),
    Neg(usize),
    Seq(&'static [usize]),
    Choice(&'static [usize]),
    Opt(usize),
    Rep(usize),
    Skip(&'static [&'static str]),
    Push(usize),
    Restore(usize),
}

type State<'i> = Box<ParserState<'i, Rule>>;

impl pest::Parser<Rule> for RulebookParser {
    fn parse(
        rule: Rule,
        input: &str,
    ) -> Result<pest::iterators::Pairs<'_, Rule>, pest::error::Error<Rule>> {
        pest::state(input, |s| match (rule as usize).checked_sub(1) {
            Some(index) => call(s, index),
            None => builtin(s, B::Eoi),
        })
    }
}

/// Runs rule `index` of `RULES`, wrapped as its modifier says.
fn call(s: State<'_>, index: usize) -> ParseResult<State<'_>> {
    let Some(d) = RULES.get(index) else {
        return Err(s);
    };
    let body = |s| {
        if d.trivia && !matches!(d.kind, K::Atomic | K::CompoundAtomic) {
            s_atomic(s, Atomicity::Atomic, d.expr, true)
        } else {
            expr(s, d.expr, d.atomic_body)
        }
    };
    match d.kind {
        K::Normal => s.rule(d.rule, body),
        K::Silent => {
            let s = if d.stack_check {
                s.check_stack_limit()?
            } else {
                s
            };
            body(s)
        }
        K::Atomic => s.rule(d.rule, |s| s.atomic(Atomicity::Atomic, body)),
        K::CompoundAtomic => s.atomic(Atomicity::CompoundAtomic, |s| s.rule(d.rule, body)),
        K::NonAtomic => s.atomic(Atomicity::NonAtomic, |s| s.rule(d.rule, body)),
    }
}

fn s_atomic(s: State<'_>, atomicity: Atomicity, e: usize, atomic: bool) -> ParseResult<State<'_>> {
    s.atomic(atomicity, |s| expr(s, e, atomic))
}

/// Implicit whitespace and comments between the parts of a non-atomic sequence or repetition.
fn skip(s: State<'_>) -> ParseResult<State<'_>> {
    if s.atomicity() != Atomicity::NonAtomic {
        return Ok(s);
    }
    match (WHITESPACE, COMMENT) {
        (None, None) => Ok(s),
        (Some(ws), None) => many(s, ws),
        (None, Some(c)) => many(s, c),
        (Some(ws), Some(c)) => s.sequence(|s| {
            many(s, ws)
                .and_then(|s| s.repeat(|s| s.sequence(|s| call(s, c).and_then(|s| many(s, ws)))))
        }),
    }
}

/// Zero or more of rule `rule`.
fn many(s: State<'_>, rule: usize) -> ParseResult<State<'_>> {
    s.repeat(|s| call(s, rule))
}

/// Matches expression `index`; `atomic` says whether it was generated without implicit skips.
fn expr(s: State<'_>, index: usize, atomic: bool) -> ParseResult<State<'_>> {
    let Some(e) = EXPRS.get(index) else {
        return Err(s);
    };
    match *e {
        E::Str(text) => s.match_string(text),
        E::Insens(text) => s.match_insensitive(text),
        E::Range(a, b) => s.match_range(a..b),
        E::Call(rule) => call(s, rule),
        E::Builtin(b) => builtin(s, b),
        E::CharBy(f) => s.match_char_by(f),
        E::PeekSlice(start, end) => s.stack_match_peek_slice(start, end, MatchDir::BottomToTop),
        E::Pos(inner) => s.lookahead(true, |s| expr(s, inner, atomic)),
        E::Neg(inner) => s.lookahead(false, |s| expr(s, inner, atomic)),
        E::Seq(items) => s.sequence(|s| {
            let mut s = s;
            for (n, &item) in items.iter().enumerate() {
                if n > 0 && !atomic {
                    s = skip(s)?;
                }
                s = expr(s, item, atomic)?;
            }
            Ok(s)
        }),
        E::Choice(items) => {
            let mut result = Err(s);
            for &item in items {
                result = match result {
                    Ok(s) => return Ok(s),
                    Err(s) => expr(s, item, atomic),
                };
            }
            result
        }
        E::Opt(inner) => s.optional(|s| expr(s, inner, atomic)),
        E::Rep(inner) if atomic => s.repeat(|s| expr(s, inner, true)),
        E::Rep(inner) => s.sequence(|s| {
            s.optional(|s| {
                expr(s, inner, false).and_then(|s| {
                    s.repeat(|s| s.sequence(|s| skip(s).and_then(|s| expr(s, inner, false))))
                })
            })
        }),
        E::Skip(strings) => s.skip_until(strings),
        E::Push(inner) => s.stack_push(|s| expr(s, inner, atomic)),
        E::Restore(inner) => s.restore_on_err(|s| expr(s, inner, atomic)),
    }
}

#[allow(
    clippy::almost_complete_range,
    reason = "pest's match_range includes the end, as pest_derive writes these builtins"
)]
fn builtin(s: State<'_>, b: B) -> ParseResult<State<'_>> {
    match b {
        B::Any => s.skip(1),
        B::Eoi => s.rule(Rule::EOI, |s| s.end_of_input()),
        B::Soi => s.start_of_input(),
        B::Peek => s.stack_peek(),
        B::PeekAll => s.stack_match_peek(),
        B::Pop => s.stack_pop(),
        B::PopAll => s.stack_match_pop(),
        B::Drop => s.stack_drop(),
        B::AsciiDigit => s.match_range('0'..'9'),
        B::AsciiNonzeroDigit => s.match_range('1'..'9'),
        B::AsciiBinDigit => s.match_range('0'..'1'),
        B::AsciiOctDigit => s.match_range('0'..'7'),
        B::AsciiHexDigit => s
            .match_range('0'..'9')
            .or_else(|s| s.match_range('a'..'f'))
            .or_else(|s| s.match_range('A'..'F')),
        B::AsciiAlphaLower => s.match_range('a'..'z'),
        B::AsciiAlphaUpper => s.match_range('A'..'Z'),
        B::AsciiAlpha => s.match_range('a'..'z').or_else(|s| s.match_range('A'..'Z')),
        B::AsciiAlphanumeric => s
            .match_range('a'..'z')
            .or_else(|s| s.match_range('A'..'Z'))
            .or_else(|s| s.match_range('0'..'9')),
        B::Ascii => s.match_range('\x00'..'\x7f'),
        B::Newline => s
            .match_string("\n")
            .or_else(|s| s.match_string("\r\n"))
            .or_else(|s| s.match_string("\r")),
    }
}

#[cfg(all(test, feature = "derive-parser"))]
mod tests {
    //! The table parser against the derived one: the same pairs for every rulebook in the
    //! repository, and the same error (position and expected rules) for cut-off prefixes of them.
    use std::path::{Path, PathBuf};

    use pest::Parser;

    use super::super::grammar as derived;

    fn mete_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                mete_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "mete") {
                out.push(path);
            }
        }
    }

    /// Every pair as `rule start end`, or the error's text.
    fn table(text: &str) -> String {
        match super::RulebookParser::parse(super::Rule::file, text) {
            Ok(pairs) => pairs
                .flatten()
                .map(|p| {
                    format!(
                        "{:?} {} {}\n",
                        p.as_rule(),
                        p.as_span().start(),
                        p.as_span().end()
                    )
                })
                .collect(),
            Err(e) => format!("error {e}\n{:?}\n", e.location),
        }
    }

    fn derived(text: &str) -> String {
        match derived::RulebookParser::parse(derived::Rule::file, text) {
            Ok(pairs) => pairs
                .flatten()
                .map(|p| {
                    format!(
                        "{:?} {} {}\n",
                        p.as_rule(),
                        p.as_span().start(),
                        p.as_span().end()
                    )
                })
                .collect(),
            Err(e) => format!("error {e}\n{:?}\n", e.location),
        }
    }

    #[test]
    fn the_table_parser_matches_the_derived_parser() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        for dir in ["rulebooks", "tests", "grammar/examples"] {
            mete_files(&root.join(dir), &mut files);
        }
        assert!(files.len() > 100, "found only {} rulebooks", files.len());
        let (mut oks, mut errors) = (0, 0);
        for path in &files {
            // A few error fixtures are deliberately not UTF-8; the parser takes `&str`.
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let cuts: Vec<usize> = (1..8)
                .map(|n| text.len() * n / 8)
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for end in std::iter::once(text.len()).chain(cuts) {
                let Some(part) = text.get(..end) else {
                    continue;
                };
                let expected = derived(part);
                assert_eq!(table(part), expected, "{} cut at {end}", path.display());
                if expected.starts_with("error") {
                    errors += 1;
                } else {
                    oks += 1;
                }
            }
        }
        // Both outcomes were exercised.
        assert!(oks > 50 && errors > 50, "{oks} parsed, {errors} errors");
    }
}
