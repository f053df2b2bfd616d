//! Turning diagnostics into text: the graphical human form (through miette) and the JSON report.
//!
//! miette measures the display width of each character, so a caret under `货值金额` is eight
//! columns wide and lines up under the Chinese text.

use std::fmt;
use std::sync::Arc;

use mete_core::diagnostic::{Diagnostic, DiagnosticDto, Severity};
use mete_core::span::{SourceMap, Span};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use serde::Serialize;

/// How to draw human diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Use ANSI colours (only when writing to a terminal that wants them).
    pub color: bool,
}

/// A named source whose columns count characters, as [`mete_core::span::SourceFile::line_col`]
/// does: miette's own sources count bytes, which would put `file:line:col` headers at odd
/// columns on Chinese lines while the JSON form says otherwise.
#[derive(Debug)]
struct Source {
    name: String,
    text: Arc<str>,
    /// Lines of the real file before `text` (non-zero when `text` is a window of one long line).
    line_base: usize,
    /// Characters of the real line before the window's first shown character.
    col_base: usize,
}

impl Source {
    fn new(name: &str, text: &Arc<str>) -> Self {
        Source {
            name: name.to_string(),
            text: Arc::clone(text),
            line_base: 0,
            col_base: 0,
        }
    }
}

/// Lines longer than this many characters are shown as a window around the label: a hostile
/// file can hold a megabyte on one line, and the excerpt must stay readable.
const MAX_LINE_CHARS: usize = 240;
/// Characters shown on each side of the label in such a window.
const WINDOW_CHARS: usize = 60;

/// When the primary label sits on an over-long line, a one-line source holding a window of that
/// line around the label (with `…` where it was cut) and the label moved into it.
fn windowed(name: &str, text: &str, span: Span, message: &str) -> Option<(Source, LabeledSpan)> {
    let (offset, len) = clamp(text, span);
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text
        .get(offset..)?
        .find('\n')
        .map_or(text.len(), |i| offset + i);
    let line = text.get(line_start..line_end)?;
    if line.chars().count() <= MAX_LINE_CHARS {
        return None;
    }
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let at = |byte: usize| {
        chars
            .iter()
            .position(|(b, _)| *b >= byte)
            .unwrap_or(chars.len())
    };
    let label_from = at(offset - line_start);
    let label_to = at((offset + len).min(line_end) - line_start).max(label_from + 1);
    let from = label_from.saturating_sub(WINDOW_CHARS);
    let to = (label_to.min(label_from + 2 * WINDOW_CHARS) + WINDOW_CHARS).min(chars.len());
    let byte = |i: usize| chars.get(i).map_or(line.len(), |(b, _)| *b);
    let mut window = String::new();
    if from > 0 {
        window.push('…');
    }
    let shown_from = window.len();
    window.push_str(line.get(byte(from)..byte(to))?);
    if to < chars.len() {
        window.push('…');
    }
    let label_offset = shown_from + (byte(label_from) - byte(from));
    let label_len = byte(label_to.min(to)) - byte(label_from);
    let label = (!message.is_empty()).then(|| message.to_string());
    let lines_before = text.get(..line_start)?.matches('\n').count();
    let source = Source {
        name: name.to_string(),
        text: Arc::from(window),
        line_base: lines_before,
        // The window's first character stands for real column `from` (the `…` included).
        col_base: from.saturating_sub(usize::from(from > 0)),
    };
    Some((
        source,
        LabeledSpan::new_primary_with_span(label, (label_offset, label_len)),
    ))
}

impl SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text: &'a str = &self.text;
        let inner = text.read_span(span, context_lines_before, context_lines_after)?;
        // miette reports a column only when no context lines were asked for; keep its zero.
        let column = if inner.column() == 0 {
            0
        } else {
            let before = text.get(..span.offset()).unwrap_or_default();
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            before.get(line_start..).unwrap_or_default().chars().count()
        };
        let column = if column == 0 {
            0
        } else {
            column + self.col_base
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.line_base,
            column,
            inner.line_count(),
        )))
    }
}

/// One diagnostic in the shape miette draws: the labels of one file plus, as related reports,
/// the labels that point into other files.
#[derive(Debug)]
struct Drawable {
    message: String,
    code: &'static str,
    severity: miette::Severity,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    source: Option<Source>,
    related: Vec<Drawable>,
}

impl fmt::Display for Drawable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Drawable {}

impl miette::Diagnostic for Drawable {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        if self.code.is_empty() {
            None
        } else {
            Some(Box::new(self.code))
        }
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|d| d as &dyn miette::Diagnostic),
            ))
        }
    }
}

/// A span clamped to the text and widened to character boundaries, as `(offset, length)`:
/// miette refuses spans that fall outside the source or inside a character.
fn clamp(text: &str, span: Span) -> (usize, usize) {
    let len = text.len();
    let mut start = (span.start as usize).min(len);
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (span.end as usize).clamp(start, len);
    while end < len && !text.is_char_boundary(end) {
        end += 1;
    }
    (start, end - start)
}

fn labeled(text: &str, span: Span, message: &str, primary: bool) -> LabeledSpan {
    let (offset, len) = clamp(text, span);
    let label = (!message.is_empty()).then(|| message.to_string());
    if primary {
        LabeledSpan::new_primary_with_span(label, (offset, len))
    } else {
        LabeledSpan::new_with_span(label, (offset, len))
    }
}

fn drawable(diag: &Diagnostic, sources: &SourceMap) -> Drawable {
    let severity = match diag.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
    };
    let primary_file = diag.primary_span().map(|s| s.file);
    let mut labels = Vec::new();
    let mut source = None;
    // Labels in other files, grouped by file in order of first appearance.
    let mut others: Vec<(mete_core::FileId, Vec<LabeledSpan>)> = Vec::new();
    for (i, label) in diag.labels.iter().enumerate() {
        let Some(file) = sources.get(label.span.file) else {
            continue;
        };
        if i == 0 {
            if let Some((window, drawn)) =
                windowed(&file.name, &file.text, label.span, &label.message)
            {
                // Only the primary label is drawn on a window; others would point outside it.
                source = Some(window);
                labels.push(drawn);
                break;
            }
        }
        let drawn = labeled(&file.text, label.span, &label.message, i == 0);
        if Some(label.span.file) == primary_file {
            if source.is_none() {
                source = Some(Source::new(&file.name, &file.text));
            }
            labels.push(drawn);
        } else if let Some((_, group)) = others.iter_mut().find(|(f, _)| *f == label.span.file) {
            group.push(drawn);
        } else {
            others.push((label.span.file, vec![drawn]));
        }
    }
    let related = others
        .into_iter()
        .filter_map(|(file, labels)| {
            let f = sources.get(file)?;
            Some(Drawable {
                message: format!("related location in `{}`", f.name),
                code: "",
                severity: miette::Severity::Advice,
                help: None,
                labels,
                source: Some(Source::new(&f.name, &f.text)),
                related: Vec::new(),
            })
        })
        .collect();
    Drawable {
        message: diag.message.clone(),
        code: diag.code,
        severity,
        help: diag.help.clone(),
        labels,
        source,
        related,
    }
}

/// Renders one diagnostic in the graphical form: message and code, `file:line:col`, the source
/// lines with a caret under each labelled span, the labels, then the hint.
pub fn human(diag: &Diagnostic, sources: &SourceMap, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
        .with_wrap_lines(false);
    let report = drawable(diag, sources);
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        // A span miette cannot place: say the essentials rather than nothing.
        out = plain(diag, sources);
    }
    out
}

/// A one-line fallback form: `file:line:col: severity[code]: message`.
pub fn plain(diag: &Diagnostic, sources: &SourceMap) -> String {
    let dto = diag.to_dto(sources);
    let place = match (&dto.file, dto.line, dto.col) {
        (Some(f), Some(l), Some(c)) => format!("{f}:{l}:{c}: "),
        (Some(f), _, _) => format!("{f}: "),
        _ => String::new(),
    };
    let severity = match diag.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut out = format!("{place}{severity}[{}]: {}\n", diag.code, diag.message);
    if let Some(help) = &diag.help {
        out.push_str(&format!("  help: {help}\n"));
    }
    out
}

/// `1 error, 2 warnings in 3 files`.
pub fn summary(errors: usize, warnings: usize, files: usize) -> String {
    format!(
        "{}, {} in {}",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
        plural(files, "file", "files")
    )
}

/// `n thing` or `n things`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The JSON report of `mete check --format json`. Field order is part of the contract.
#[derive(Debug, Clone, Serialize)]
pub struct JsonReport {
    /// Files checked, as named on output.
    pub files: Vec<String>,
    /// Number of errors (I/O problems included).
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Every diagnostic, in output order.
    pub diagnostics: Vec<DiagnosticDto>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use mete_core::span::FileId;

    /// Display width as a terminal draws it: CJK ideographs and full-width forms take two
    /// columns (enough for the texts used here).
    fn width(s: &str) -> usize {
        s.chars()
            .map(|c| match c {
                '\u{4E00}'..='\u{9FFF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FF60}' => 2,
                _ => 1,
            })
            .sum()
    }

    fn sources(text: &str) -> SourceMap {
        let mut map = SourceMap::new();
        map.add("rulebooks/示例.mete", text);
        map
    }

    #[test]
    fn carets_line_up_under_chinese_text() {
        let text = "事实 {\n  货值金额：金额 \"货值\" 默认 零\n}\n";
        let start = text.find('零').unwrap();
        let span = Span::new(FileId(0), start, start + '零'.len_utf8());
        let diag = Diagnostic::error("mete::check::unknown_name", "unknown name `零`", span)
            .with_label("not a fact, definition or variant")
            .with_help("write the number `0`");
        let out = human(&diag, &sources(text), Style { color: false });
        assert!(out.contains("[rulebooks/示例.mete:2:19]"), "{out}");
        assert!(out.contains("help: write the number `0`"), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        let src = lines
            .iter()
            .position(|l| l.ends_with("默认 零"))
            .unwrap_or_else(|| panic!("source line missing:\n{out}"));
        let underline = lines[src + 1];
        let ling = lines[src].find('零').unwrap();
        let ling_col = width(lines[src].get(..ling).unwrap());
        // The underline covers both columns of `零`: `─┬`, starting at its display column.
        let under_at = underline
            .find('─')
            .unwrap_or_else(|| panic!("no underline:\n{out}"));
        assert_eq!(width(underline.get(..under_at).unwrap()), ling_col, "{out}");
        assert!(
            underline.get(under_at..).unwrap().starts_with("─┬"),
            "{out}"
        );
        assert_eq!(width(underline.trim_end()), ling_col + 2, "{out}");
    }

    #[test]
    fn no_colour_codes_without_colour() {
        let diag = Diagnostic::warning("mete::check::x", "a warning", Span::new(FileId(0), 0, 2));
        let out = human(&diag, &sources("事实 {}\n"), Style { color: false });
        assert!(!out.contains('\u{1b}'), "{out:?}");
        assert!(out.contains("mete::check::x"), "{out}");
        assert!(out.contains("⚠ a warning"), "{out}");
        let coloured = human(&diag, &sources("事实 {}\n"), Style { color: true });
        assert!(coloured.contains('\u{1b}'), "{coloured:?}");
    }

    #[test]
    fn an_over_long_line_is_shown_as_a_window_around_the_label() {
        // 5,000 `(` on line 2; the label sits on the 3,001st.
        let text = format!("rulebook\nlet a = {}1", "(".repeat(5000));
        let at = text.find('(').unwrap() + 3000;
        let diag = Diagnostic::error(
            "mete::parse::too_deep",
            "too deep",
            Span::new(FileId(0), at, at + 1),
        )
        .with_label("here");
        let out = human(&diag, &sources(&text), Style { color: false });
        // The header keeps the real position; the excerpt is short and marked as cut.
        assert!(out.contains("示例.mete:2:3009]"), "{out}");
        assert!(out.lines().all(|l| l.chars().count() < 200), "{out}");
        assert!(out.contains('…') && out.contains("here"), "{out}");
    }

    #[test]
    fn spans_out_of_range_do_not_fail() {
        let diag = Diagnostic::error("mete::parse::x", "bad", Span::new(FileId(0), 1, 999));
        let out = human(&diag, &sources("货"), Style { color: false });
        assert!(out.contains("bad"), "{out}");
        assert_eq!(clamp("货", Span::new(FileId(0), 1, 2)), (0, 3));
    }

    #[test]
    fn labels_in_other_files_become_related_reports() {
        let mut map = SourceMap::new();
        map.add("a.mete", "let x = y\n");
        map.add("b.mete", "let y = x\n");
        let diag = Diagnostic::error("mete::check::cycle", "cycle", Span::new(FileId(0), 4, 5))
            .with_secondary(Span::new(FileId(1), 4, 5), "uses `x`");
        let out = human(&diag, &map, Style { color: false });
        assert!(out.contains("[a.mete:1:5]"), "{out}");
        assert!(out.contains("[b.mete:1:5]"), "{out}");
        assert!(out.contains("uses `x`"), "{out}");
    }

    #[test]
    fn summaries_count_properly() {
        assert_eq!(summary(1, 0, 1), "1 error, 0 warnings in 1 file");
        assert_eq!(summary(2, 1, 3), "2 errors, 1 warning in 3 files");
    }
}
