//! A small JSON reader for case input.
//!
//! Why our own: numbers must keep their exact source text (amounts are read as decimals, never
//! through binary floating point), duplicate keys must be caught rather than silently resolved,
//! every value needs its byte offset for messages, and hostile input must be refused by size,
//! depth and list length before memory grows with it. The parser is iterative (an explicit stack
//! bounded by `max_depth`), so deep nesting cannot overflow the thread's stack.

use std::collections::BTreeSet;
use std::io::BufRead;

use super::CaseOptions;
use super::err;

/// A parsed JSON value with the byte offset where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Json {
    /// What it is.
    pub kind: JsonKind,
    /// Byte offset of its first character in the input.
    pub offset: usize,
}

/// The kinds of JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonKind {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as its exact source text (already checked against the JSON number grammar).
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, members in document order (duplicates kept and marked).
    Object(Vec<Member>),
}

/// One member of an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The key, unescaped.
    pub key: String,
    /// Byte offset of the key's opening quote.
    pub key_offset: usize,
    /// Whether an earlier member of the same object has this key.
    pub duplicate: bool,
    /// The value.
    pub value: Json,
}

// Dropping a deeply nested tree recursively could overflow the stack (the depth limit may be
// raised by the caller), so children are moved onto a heap stack and dropped one by one.
impl Drop for Json {
    fn drop(&mut self) {
        let mut pending = Vec::new();
        take_children(&mut self.kind, &mut pending);
        while let Some(mut j) = pending.pop() {
            take_children(&mut j.kind, &mut pending);
        }
    }
}

fn take_children(kind: &mut JsonKind, out: &mut Vec<Json>) {
    match kind {
        JsonKind::Array(items) => out.append(items),
        JsonKind::Object(members) => {
            out.extend(std::mem::take(members).into_iter().map(|m| m.value))
        }
        _ => {}
    }
}

impl JsonKind {
    /// What a reader calls this kind of value in messages (`a string`, `an array`, …).
    pub fn describe(&self) -> &'static str {
        match self {
            JsonKind::Null => "`null`",
            JsonKind::Bool(_) => "a boolean",
            JsonKind::Number(_) => "a number",
            JsonKind::String(_) => "a string",
            JsonKind::Array(_) => "an array",
            JsonKind::Object(_) => "an object",
        }
    }
}

/// Why a text is not acceptable JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Stable code (`mete::case::syntax`, `too_large`, `too_deep`, `list_too_long`).
    pub code: &'static str,
    /// One-line message (includes `line:col` for syntax errors).
    pub message: String,
    /// The deepest JSON path reached, e.g. `$.priors[2]`.
    pub path: String,
    /// Byte offset of the problem.
    pub offset: usize,
    /// How to fix it, when there is something to say.
    pub hint: Option<String>,
}

/// Line and column (both from 1; the column counts characters) of byte `offset` in `input`.
pub fn line_col(input: &[u8], offset: usize) -> (usize, usize) {
    let before = input.get(..offset).unwrap_or(input);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = before
        .get(line_start..)
        .unwrap_or_default()
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count()
        + 1;
    (line, col)
}

/// Parses `input` as one JSON value under `options`' limits.
pub fn parse(input: &[u8], options: &CaseOptions) -> Result<Json, JsonError> {
    if input.len() > options.max_bytes {
        return Err(JsonError {
            code: err::TOO_LARGE,
            message: format!(
                "the case is {} bytes, more than the limit of {} bytes",
                input.len(),
                options.max_bytes
            ),
            path: "$".to_string(),
            offset: 0,
            hint: Some("split the input, or raise the size limit if this case is genuine".into()),
        });
    }
    Parser {
        input,
        pos: 0,
        options,
        stack: Vec::new(),
    }
    .run()
}

enum Frame {
    Array {
        offset: usize,
        items: Vec<Json>,
    },
    Object {
        offset: usize,
        members: Vec<Member>,
        keys: BTreeSet<String>,
        /// The key whose value is being read, its offset and whether it repeats an earlier key.
        pending: Option<(String, usize, bool)>,
    },
}

struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
    options: &'a CaseOptions,
    stack: Vec<Frame>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// The JSON path of the value being read, from the open containers.
    fn path(&self) -> String {
        let mut p = String::from("$");
        for f in &self.stack {
            match f {
                Frame::Array { items, .. } => p.push_str(&format!("[{}]", items.len())),
                Frame::Object {
                    pending: Some((k, _, _)),
                    ..
                } => push_key(&mut p, k),
                Frame::Object { .. } => {}
            }
        }
        p
    }

    fn syntax(&self, at: usize, what: &str) -> JsonError {
        let (line, col) = line_col(self.input, at);
        JsonError {
            code: err::SYNTAX,
            message: format!("malformed JSON at {line}:{col}: {what}"),
            path: self.path(),
            offset: at,
            hint: None,
        }
    }

    fn found(&self) -> String {
        match self.peek() {
            None => "the end of the input".to_string(),
            Some(b) if b.is_ascii_graphic() => format!("`{}`", char::from(b)),
            Some(b) => format!("byte 0x{b:02x}"),
        }
    }

    fn expected(&self, what: &str) -> JsonError {
        self.syntax(
            self.pos,
            &format!("expected {what}, found {}", self.found()),
        )
    }

    fn run(mut self) -> Result<Json, JsonError> {
        // Skip a UTF-8 byte order mark: some editors write one.
        if self.input.starts_with(&[0xEF, 0xBB, 0xBF]) {
            self.pos = 3;
        }
        'value: loop {
            self.skip_ws();
            let offset = self.pos;
            let mut value = match self.peek() {
                Some(b'{') => {
                    self.open()?;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        Json {
                            kind: JsonKind::Object(Vec::new()),
                            offset,
                        }
                    } else {
                        self.stack.push(Frame::Object {
                            offset,
                            members: Vec::new(),
                            keys: BTreeSet::new(),
                            pending: None,
                        });
                        self.key()?;
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.open()?;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        Json {
                            kind: JsonKind::Array(Vec::new()),
                            offset,
                        }
                    } else {
                        self.stack.push(Frame::Array {
                            offset,
                            items: Vec::new(),
                        });
                        continue 'value;
                    }
                }
                Some(b'"') => Json {
                    kind: JsonKind::String(self.string()?),
                    offset,
                },
                Some(b't') => self.literal("true", JsonKind::Bool(true))?,
                Some(b'f') => self.literal("false", JsonKind::Bool(false))?,
                Some(b'n') => self.literal("null", JsonKind::Null)?,
                Some(b'-' | b'0'..=b'9') => Json {
                    kind: JsonKind::Number(self.number()?),
                    offset,
                },
                _ => return Err(self.expected("a value")),
            };
            // Attach the finished value to its container, closing containers as they end.
            loop {
                match self.stack.last_mut() {
                    None => {
                        self.skip_ws();
                        if self.pos < self.input.len() {
                            return Err(self.syntax(
                                self.pos,
                                &format!("unexpected {} after the value", self.found()),
                            ));
                        }
                        return Ok(value);
                    }
                    Some(Frame::Array { items, .. }) => {
                        items.push(value);
                        let len = items.len();
                        if len > self.options.max_list_len {
                            return Err(self.too_long(len, "array"));
                        }
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                continue 'value;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                value = self.close();
                            }
                            _ => return Err(self.expected("`,` or `]`")),
                        }
                    }
                    Some(Frame::Object {
                        members, pending, ..
                    }) => {
                        if let Some((key, key_offset, duplicate)) = pending.take() {
                            members.push(Member {
                                key,
                                key_offset,
                                duplicate,
                                value,
                            });
                        }
                        let len = members.len();
                        if len > self.options.max_list_len {
                            return Err(self.too_long(len, "object"));
                        }
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                self.pos += 1;
                                self.skip_ws();
                                self.key()?;
                                continue 'value;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                value = self.close();
                            }
                            _ => return Err(self.expected("`,` or `}`")),
                        }
                    }
                }
            }
        }
    }

    /// Checks the depth before opening a container (the container itself counts).
    fn open(&self) -> Result<(), JsonError> {
        if self.stack.len() >= self.options.max_depth {
            let (line, col) = line_col(self.input, self.pos);
            return Err(JsonError {
                code: err::TOO_DEEP,
                message: format!(
                    "arrays and objects nest more than {} deep at {line}:{col}",
                    self.options.max_depth
                ),
                path: self.path(),
                offset: self.pos,
                hint: Some("a case is a flat object whose lists hold flat records".into()),
            });
        }
        Ok(())
    }

    fn close(&mut self) -> Json {
        match self.stack.pop() {
            Some(Frame::Array { offset, items }) => Json {
                kind: JsonKind::Array(items),
                offset,
            },
            Some(Frame::Object {
                offset, members, ..
            }) => Json {
                kind: JsonKind::Object(members),
                offset,
            },
            None => Json {
                kind: JsonKind::Null,
                offset: self.pos,
            },
        }
    }

    fn too_long(&self, len: usize, what: &str) -> JsonError {
        JsonError {
            code: err::LIST_TOO_LONG,
            message: format!(
                "an {what} has {len} or more entries, more than the limit of {}",
                self.options.max_list_len
            ),
            path: self.path(),
            offset: self.pos,
            hint: Some("split the input, or raise the list limit if this case is genuine".into()),
        }
    }

    /// Reads `"key" :` into the open object's pending slot.
    fn key(&mut self) -> Result<(), JsonError> {
        if self.peek() != Some(b'"') {
            return Err(self.expected("a key in double quotes"));
        }
        let key_offset = self.pos;
        let key = self.string()?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.expected("`:`"));
        }
        self.pos += 1;
        if let Some(Frame::Object { keys, pending, .. }) = self.stack.last_mut() {
            let duplicate = !keys.insert(key.clone());
            *pending = Some((key, key_offset, duplicate));
        }
        Ok(())
    }

    fn literal(&mut self, word: &str, kind: JsonKind) -> Result<Json, JsonError> {
        let offset = self.pos;
        let end = offset + word.len();
        if self.input.get(offset..end) == Some(word.as_bytes()) {
            self.pos = end;
            Ok(Json { kind, offset })
        } else {
            Err(self.syntax(offset, &format!("expected `{word}` or another value")))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<String, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.syntax(start, "a number has a leading zero"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.expected("a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.expected("a digit after `.`"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.expected("a digit in the exponent"));
            }
        }
        let text = self.input.get(start..self.pos).unwrap_or_default();
        // Only ASCII digits, signs, `.` and `e` were accepted above.
        Ok(String::from_utf8_lossy(text).into_owned())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.expected("a hex digit in `\\u` escape")),
            };
            v = v * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(v)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        let start = self.pos;
        self.pos += 1; // the opening quote
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(b) = self.peek() else {
                return Err(self.syntax(start, "a string is not closed"));
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    break;
                }
                b'\\' => {
                    let esc_at = self.pos;
                    self.pos += 1;
                    let Some(e) = self.peek() else {
                        return Err(self.syntax(start, "a string is not closed"));
                    };
                    self.pos += 1;
                    let simple = match e {
                        b'"' => Some(b'"'),
                        b'\\' => Some(b'\\'),
                        b'/' => Some(b'/'),
                        b'b' => Some(8),
                        b'f' => Some(12),
                        b'n' => Some(b'\n'),
                        b'r' => Some(b'\r'),
                        b't' => Some(b'\t'),
                        b'u' => None,
                        _ => {
                            return Err(self.syntax(esc_at, "unknown escape in a string"));
                        }
                    };
                    if let Some(c) = simple {
                        out.push(c);
                        continue;
                    }
                    let hi = self.hex4()?;
                    let code = if (0xD800..0xDC00).contains(&hi) {
                        if self.input.get(self.pos..self.pos + 2) != Some(b"\\u") {
                            return Err(self.syntax(esc_at, "a lone surrogate `\\u` escape"));
                        }
                        self.pos += 2;
                        let lo = self.hex4()?;
                        if !(0xDC00..0xE000).contains(&lo) {
                            return Err(self.syntax(esc_at, "a lone surrogate `\\u` escape"));
                        }
                        0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                    } else if (0xDC00..0xE000).contains(&hi) {
                        return Err(self.syntax(esc_at, "a lone surrogate `\\u` escape"));
                    } else {
                        hi
                    };
                    let Some(c) = char::from_u32(code) else {
                        return Err(self.syntax(esc_at, "an invalid `\\u` escape"));
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1F => {
                    return Err(self.syntax(
                        self.pos,
                        "a control character inside a string (write it as an escape)",
                    ));
                }
                _ => {
                    out.push(b);
                    self.pos += 1;
                }
            }
        }
        String::from_utf8(out).map_err(|e| {
            let bad = start + 1 + e.utf8_error().valid_up_to();
            self.syntax(bad, "a string is not valid UTF-8")
        })
    }
}

/// Appends `.key` (or `["key"]` when the key is not a plain name) to a JSON path.
pub fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !key.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        path.push('.');
        path.push_str(key);
    } else {
        path.push_str("[\"");
        for c in key.chars() {
            match c {
                '"' => path.push_str("\\\""),
                '\\' => path.push_str("\\\\"),
                c if c.is_control() => path.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => path.push(c),
            }
        }
        path.push_str("\"]");
    }
}

/// One line of a JSON Lines stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonLine {
    /// Line number, from 1.
    pub number: usize,
    /// The line without its end (`\n` or `\r\n`). A line longer than the size limit is cut
    /// to one byte over the limit, so reading it as a case reports `too_large`.
    pub bytes: Vec<u8>,
}

/// Lines of a JSON Lines stream read one at a time from `reader`, skipping blank lines; a line is
/// never held beyond `max_bytes + 1` bytes (see [`JsonLine::bytes`]).
pub fn json_lines<R: BufRead>(reader: R, max_bytes: usize) -> JsonLines<R> {
    JsonLines {
        reader,
        max_bytes,
        number: 0,
    }
}

/// Iterator returned by [`json_lines`].
#[derive(Debug)]
pub struct JsonLines<R> {
    reader: R,
    max_bytes: usize,
    number: usize,
}

impl<R: BufRead> JsonLines<R> {
    /// Reads one line; `Ok(None)` at the end of the stream.
    fn read_line(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        let cap = self.max_bytes.saturating_add(1);
        let mut line = Vec::new();
        let mut any = false;
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                return Ok(any.then_some(line));
            }
            any = true;
            let (chunk, used, done) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (buf.get(..i).unwrap_or_default(), i + 1, true),
                None => (buf, buf.len(), false),
            };
            let room = cap.saturating_sub(line.len());
            line.extend_from_slice(chunk.get(..room.min(chunk.len())).unwrap_or_default());
            self.reader.consume(used);
            if done {
                return Ok(Some(line));
            }
        }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = std::io::Result<JsonLine>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let mut line = match self.read_line() {
                Ok(Some(l)) => l,
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            };
            self.number += 1;
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(Ok(JsonLine {
                number: self.number,
                bytes: line,
            }));
        }
    }
}
