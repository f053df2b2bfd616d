//! Source files, byte spans and line/column positions.
//!
//! Every AST node carries a [`Span`]: a file id and a byte range. Positions for people are
//! computed on demand from the [`SourceMap`]: 1-based lines, and columns counted in Unicode
//! scalar values (so `货值金额` is four columns), with the UTF-16 column alongside for editors
//! and JavaScript.

use std::sync::Arc;

/// Index of a file in a [`SourceMap`].
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
pub struct FileId(pub u32);

/// A byte range in one source file.
///
/// Spans never take part in equality: two spans always compare equal, so that syntax trees
/// compare by meaning (`parse(fmt(x)) == x`). Compare [`Span::start`] and friends directly when
/// the position matters.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, Default)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

impl PartialEq for Span {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

impl Eq for Span {}

impl Span {
    /// A span in `file` from `start` to `end` (byte offsets).
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span {
            file,
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    /// The smallest span covering `self` and `other` (same file assumed).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Whether `self` and `other` are the same range of the same file (spans' `==` ignores this).
    pub fn same_place(&self, other: &Span) -> bool {
        self.file == other.file && self.start == other.start && self.end == other.end
    }
}

/// A position for people: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    /// 1-based line.
    pub line: u32,
    /// 1-based column in Unicode scalar values.
    pub col: u32,
    /// 1-based column in UTF-16 code units (what JavaScript and LSP editors count).
    pub col_utf16: u32,
}

/// One loaded source file. Saved as its name and text; the line index is rebuilt on loading.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
#[serde(into = "(String, Arc<str>)", from = "(String, Arc<str>)")]
pub struct SourceFile {
    /// Its name as given by the caller or the loader (a path relative to the rulebook root).
    pub name: String,
    /// Its text.
    pub text: Arc<str>,
    line_starts: Vec<u32>,
}

impl From<SourceFile> for (String, Arc<str>) {
    fn from(file: SourceFile) -> Self {
        (file.name, file.text)
    }
}

impl From<(String, Arc<str>)> for SourceFile {
    fn from((name, text): (String, Arc<str>)) -> Self {
        SourceFile::new(name, text)
    }
}

impl SourceFile {
    /// A file named `name` with `text`.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
            }
        }
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// Line and column of a byte offset (clamped to the text; snapped back to a char boundary).
    pub fn line_col(&self, offset: u32) -> LineCol {
        let mut offset = (offset as usize).min(self.text.len());
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_idx = match self.line_starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let line_start = self.line_starts.get(line_idx).copied().unwrap_or(0) as usize;
        let before = self.text.get(line_start..offset).unwrap_or("");
        LineCol {
            line: u32::try_from(line_idx + 1).unwrap_or(u32::MAX),
            col: u32::try_from(before.chars().count() + 1).unwrap_or(u32::MAX),
            col_utf16: u32::try_from(before.encode_utf16().count() + 1).unwrap_or(u32::MAX),
        }
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: u32) -> &str {
        let idx = line.saturating_sub(1) as usize;
        let start = self.line_starts.get(idx).copied().unwrap_or(0) as usize;
        let end = self
            .line_starts
            .get(idx + 1)
            .map(|e| *e as usize)
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// The source text under `span`, or `""` when it does not fit.
    pub fn slice(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }
}

/// All files loaded for one rulebook (the root and its imports), indexed by [`FileId`].
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile::new(name, text));
        id
    }

    /// The file with id `id`.
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// All files in id order.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), f))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_chars_and_utf16_units() {
        let f = SourceFile::new("a.mete", "ab\n货值金额 x\n𝄞y");
        assert_eq!(
            f.line_col(0),
            LineCol {
                line: 1,
                col: 1,
                col_utf16: 1
            }
        );
        // `x` after four CJK chars and a space: column 6.
        let x = f.text.find('x').unwrap() as u32;
        assert_eq!(
            f.line_col(x),
            LineCol {
                line: 2,
                col: 6,
                col_utf16: 6
            }
        );
        // `y` after a character outside the BMP: one char, two UTF-16 units.
        let y = f.text.find('y').unwrap() as u32;
        assert_eq!(
            f.line_col(y),
            LineCol {
                line: 3,
                col: 2,
                col_utf16: 3
            }
        );
        assert_eq!(f.line_text(2), "货值金额 x");
    }

    #[test]
    fn offsets_inside_a_char_snap_back() {
        let f = SourceFile::new("a", "货x");
        assert_eq!(f.line_col(1).col, 1);
        assert_eq!(f.line_col(999).col, 3);
    }
}
