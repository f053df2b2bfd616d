//! A linear scan of the source before pest runs.
//!
//! pest and the lowering are recursive, so unbounded nesting would overflow the stack; this scan
//! refuses such input with a located error, in time linear in the input and without recursion.
//! It also finds every `//` comment (the grammar drops them) and remembers unclosed strings and
//! brackets, which make better syntax errors than pest's own report.

use crate::diagnostic::Diagnostic;
use crate::span::{FileId, Span};

use super::ParseOptions;
use super::err::codes;

/// A `//` comment found by the scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawComment {
    /// Byte offset of the first `/`.
    pub start: usize,
    /// The text after `//` and one optional space, without the line break.
    pub text: String,
}

/// What the scan learnt about a source that respects the limits.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scan {
    /// Every comment outside string literals, in source order.
    pub comments: Vec<RawComment>,
    /// Start of the first string literal that runs to the end of its line.
    pub unclosed_string: Option<usize>,
    /// Brackets still open at the end of the file: the character and its offset.
    pub unclosed_brackets: Vec<(char, usize)>,
    /// The first closing bracket that does not match the open one: the character and its offset.
    pub stray_closer: Option<(char, usize)>,
}

/// Words that start a top-level declaration; an `if` count restarts at each of them.
pub(crate) const DECL_WORDS: &[&str] = &[
    "facts",
    "事实",
    "params",
    "参数",
    "let",
    "定义",
    "enum",
    "枚举",
    "record",
    "记录",
    "calendar",
    "日历",
    "circumstance",
    "情节",
    "adjust",
    "调整",
    "violation",
    "违法行为",
    "review",
    "程序",
    "test",
    "测试",
];

/// Whether `c` may continue a name (the grammar's `LETTER | MARK | NUMBER | "_"`, approximately:
/// marks are rare in names and only affect where a word ends).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn closer_of(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        '{' => '}',
        _ => '）',
    }
}

struct Scanner<'a> {
    text: &'a str,
    file: FileId,
    options: &'a ParseOptions,
    scan: Scan,
    stack: Vec<(char, usize)>,
    prefix_run: usize,
    prefix_start: usize,
    ifs: usize,
}

/// Scans `text`, returning what it found or the first limit it breaks.
pub(crate) fn scan(file: FileId, text: &str, options: &ParseOptions) -> Result<Scan, Diagnostic> {
    if text.len() > options.max_source_bytes {
        return Err(Diagnostic::error(
            codes::TOO_LARGE,
            format!(
                "the file is too large ({} bytes, at most {} accepted)",
                text.len(),
                options.max_source_bytes
            ),
            Span::new(file, options.max_source_bytes, text.len()),
        )
        .with_label("the limit is reached here")
        .with_help("split the rulebook into several files joined by `import`"));
    }
    let mut s = Scanner {
        text,
        file,
        options,
        scan: Scan::default(),
        stack: Vec::new(),
        prefix_run: 0,
        prefix_start: 0,
        ifs: 0,
    };
    s.run()?;
    s.scan.unclosed_brackets = s.stack;
    Ok(s.scan)
}

impl Scanner<'_> {
    fn run(&mut self) -> Result<(), Diagnostic> {
        let text = self.text;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match c {
                '"' | '“' => {
                    self.end_prefix_run();
                    let close = if c == '"' { '"' } else { '”' };
                    let mut closed = false;
                    while let Some((_, d)) = chars.next() {
                        if d == '\\' && close == '"' {
                            // An escape: skip the escaped character unless it ends the line.
                            if chars.peek().is_some_and(|(_, e)| *e != '\n') {
                                chars.next();
                            }
                        } else if d == close {
                            closed = true;
                            break;
                        } else if d == '\n' {
                            break;
                        }
                    }
                    if !closed && self.scan.unclosed_string.is_none() {
                        self.scan.unclosed_string = Some(at);
                    }
                }
                '/' if chars.peek().is_some_and(|(_, d)| *d == '/') => {
                    let body_start = at + 2;
                    let mut end = text.len();
                    for (i, d) in chars.by_ref() {
                        if d == '\n' {
                            end = i;
                            break;
                        }
                    }
                    // Trailing white space (a CRLF's `\r` among it) is not kept: the formatter
                    // writes the text back before a `\n`, and what it dropped once it must not
                    // drop again on the next round.
                    let body = text.get(body_start..end).unwrap_or("").trim_end();
                    let body = body.strip_prefix(' ').unwrap_or(body);
                    self.scan.comments.push(RawComment {
                        start: at,
                        text: body.to_string(),
                    });
                }
                '(' | '[' | '{' | '（' => {
                    self.end_prefix_run();
                    self.stack.push((c, at));
                    if self.stack.len() > self.options.max_nesting {
                        return Err(Diagnostic::error(
                            codes::TOO_DEEP,
                            format!(
                                "brackets are nested more than {} deep",
                                self.options.max_nesting
                            ),
                            Span::new(self.file, at, at + c.len_utf8()),
                        )
                        .with_label("this bracket is too deep")
                        .with_help("name parts of the expression with `let` definitions"));
                    }
                }
                ')' | ']' | '}' | '）' => {
                    self.end_prefix_run();
                    match self.stack.pop() {
                        Some((open, _)) if closer_of(open) == c || (open == '(' && c == '）') => {}
                        Some((open, _)) if open == '（' && c == ')' => {}
                        _ => {
                            if self.scan.stray_closer.is_none() {
                                self.scan.stray_closer = Some((c, at));
                            }
                        }
                    }
                    if self.stack.is_empty() {
                        self.ifs = 0;
                    }
                }
                '-' => self.prefix(at, c)?,
                '!' => {
                    if chars.peek().is_some_and(|(_, d)| *d == '=') {
                        self.end_prefix_run();
                    } else {
                        self.prefix(at, c)?;
                    }
                }
                c if c.is_whitespace() || c == '\u{FEFF}' => {}
                c if is_word_char(c) => {
                    let mut end = at + c.len_utf8();
                    while let Some((i, d)) = chars.peek().copied() {
                        if is_word_char(d) {
                            end = i + d.len_utf8();
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    let word = text.get(at..end).unwrap_or("");
                    self.word(at, end, word)?;
                }
                _ => self.end_prefix_run(),
            }
        }
        Ok(())
    }

    fn end_prefix_run(&mut self) {
        self.prefix_run = 0;
    }

    fn prefix(&mut self, at: usize, c: char) -> Result<(), Diagnostic> {
        self.prefix_op(at, at + c.len_utf8())
    }

    fn prefix_op(&mut self, at: usize, end: usize) -> Result<(), Diagnostic> {
        if self.prefix_run == 0 {
            self.prefix_start = at;
        }
        self.prefix_run += 1;
        if self.prefix_run > self.options.max_prefix_run {
            return Err(Diagnostic::error(
                codes::TOO_MANY_PREFIXES,
                format!(
                    "more than {} prefix operators in a row",
                    self.options.max_prefix_run
                ),
                Span::new(self.file, self.prefix_start, end),
            )
            .with_label("too many `-`, `!` or `not` here")
            .with_help("two negations cancel out: remove them in pairs"));
        }
        Ok(())
    }

    fn word(&mut self, at: usize, end: usize, word: &str) -> Result<(), Diagnostic> {
        match word {
            "not" | "非" => return self.prefix_op(at, end),
            "if" | "如果" => {
                self.ifs += 1;
                if self.ifs > self.options.max_ifs_per_decl {
                    return Err(Diagnostic::error(
                        codes::TOO_MANY_IFS,
                        format!(
                            "more than {} `if` expressions in one declaration",
                            self.options.max_ifs_per_decl
                        ),
                        Span::new(self.file, at, end),
                    )
                    .with_label("one `if` too many")
                    .with_help("split the declaration into several `let` definitions"));
                }
            }
            w if self.stack.is_empty() && DECL_WORDS.contains(&w) => self.ifs = 0,
            _ => {}
        }
        self.end_prefix_run();
        Ok(())
    }
}
