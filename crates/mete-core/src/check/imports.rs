//! Loading the root file and its imports, once each, and hashing what was loaded.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::err;
use super::{CheckOptions, Loader};
use crate::ast::{DeclKind, Field, ItemMemberKind, Module};
use crate::diagnostic::Diagnostic;
use crate::span::{FileId, SourceMap};

/// Everything loaded for one rulebook.
pub(super) struct Loaded {
    /// The files, root first.
    pub sources: SourceMap,
    /// Parsed modules in load order (files that failed to parse are missing).
    pub modules: Vec<(FileId, Module)>,
    /// `with` settings aimed at each imported file, in the order written.
    pub settings: BTreeMap<FileId, Vec<Field>>,
    /// Load and parse errors.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether every file loaded and parsed.
    pub all_parsed: bool,
    /// SHA-256 over the normalised sources, lowercase hex.
    pub content_hash: String,
}

struct LoadState<'a> {
    loader: &'a dyn Loader,
    options: &'a CheckOptions,
    out: Loaded,
    by_name: BTreeMap<String, FileId>,
    /// Violation items and `test` blocks seen so far, over every file.
    items: usize,
    tests: usize,
}

/// Loads `root` and, depth first, every file it imports.
pub(super) fn load_all(
    root_name: &str,
    root: &[u8],
    loader: &dyn Loader,
    options: &CheckOptions,
) -> Loaded {
    let mut st = LoadState {
        loader,
        options,
        out: Loaded {
            sources: SourceMap::new(),
            modules: Vec::new(),
            settings: BTreeMap::new(),
            diagnostics: Vec::new(),
            all_parsed: true,
            content_hash: String::new(),
        },
        by_name: BTreeMap::new(),
        items: 0,
        tests: 0,
    };
    let mut stack = Vec::new();
    st.add_file(root_name, root, 0, &mut stack);
    st.out.content_hash = content_hash(&st.out.sources);
    st.out
}

impl LoadState<'_> {
    fn add_file(&mut self, name: &str, bytes: &[u8], depth: usize, stack: &mut Vec<FileId>) {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let id = self.out.sources.add(name, text);
        self.by_name.insert(name.to_string(), id);
        let module = match crate::parser::parse_bytes(id, bytes, &self.options.parse) {
            Ok(m) => m,
            Err(errs) => {
                self.out.all_parsed = false;
                self.out.diagnostics.extend(errs.0);
                return;
            }
        };
        if !self.within_limits(&module) {
            self.out.all_parsed = false;
            return;
        }
        let imports = module.header.imports.clone();
        self.out.modules.push((id, module));
        stack.push(id);
        for imp in imports {
            let loaded = match self.loader.load(name, &imp.path.value) {
                Ok(f) => f,
                Err(why) => {
                    self.out.all_parsed = false;
                    self.out.diagnostics.push(
                        Diagnostic::error(
                            err::IMPORT_NOT_FOUND,
                            format!("cannot load `{}`", imp.path.value),
                            imp.path.span,
                        )
                        .with_label(why)
                        .with_help("import paths are relative to the importing file"),
                    );
                    continue;
                }
            };
            if let Some(&existing) = self.by_name.get(&loaded.name) {
                if let Some(pos) = stack.iter().position(|f| *f == existing) {
                    let mut names: Vec<String> = stack
                        .get(pos..)
                        .unwrap_or_default()
                        .iter()
                        .map(|f| self.file_name(*f))
                        .collect();
                    names.push(loaded.name.clone());
                    self.out.diagnostics.push(
                        Diagnostic::error(
                            err::IMPORT_CYCLE,
                            format!("import cycle: {}", names.join(" → ")),
                            imp.path.span,
                        )
                        .with_label("this import closes the cycle")
                        .with_help("move what both files need into a third file that both import"),
                    );
                } else {
                    self.add_settings(existing, &imp.with);
                }
                continue;
            }
            if depth + 1 > self.options.max_import_depth {
                self.out.all_parsed = false;
                self.out.diagnostics.push(
                    Diagnostic::error(
                        err::IMPORT_TOO_DEEP,
                        format!(
                            "imports are nested more than {} levels deep",
                            self.options.max_import_depth
                        ),
                        imp.path.span,
                    )
                    .with_label(format!("`{}` would be level {}", loaded.name, depth + 1))
                    .with_help("flatten the chain: import shared files from the root"),
                );
                continue;
            }
            let next = FileId(u32::try_from(self.out.sources.len()).unwrap_or(u32::MAX));
            self.add_settings(next, &imp.with);
            self.add_file(&loaded.name, &loaded.bytes, depth + 1, stack);
        }
        stack.pop();
    }

    /// Counts `module`'s items, tiers and tests against the limits; reports the first excess.
    fn within_limits(&mut self, module: &Module) -> bool {
        let o = self.options;
        for decl in &module.decls {
            match &decl.kind {
                DeclKind::Violation(v) => {
                    self.items += 1;
                    if self.items > o.max_items {
                        self.out.diagnostics.push(limit_error(
                            err::TOO_MANY_ITEMS,
                            format!("more than {} violation items", o.max_items),
                            decl.span,
                            "split the benchmark into several rulebooks",
                        ));
                        return false;
                    }
                    let tiers = v
                        .members
                        .iter()
                        .filter(|m| matches!(m.kind, ItemMemberKind::Tier(_)))
                        .count();
                    if tiers > o.max_tiers_per_item {
                        self.out.diagnostics.push(limit_error(
                            err::TOO_MANY_TIERS,
                            format!(
                                "item `{}` has {tiers} tiers, more than the limit of {}",
                                v.id.name, o.max_tiers_per_item
                            ),
                            v.id.span,
                            "merge tiers, or compute the band with an expression",
                        ));
                        return false;
                    }
                }
                DeclKind::Test(_) => {
                    self.tests += 1;
                    if self.tests > o.max_tests {
                        self.out.diagnostics.push(limit_error(
                            err::TOO_MANY_TESTS,
                            format!("more than {} `test` blocks", o.max_tests),
                            decl.span,
                            "move tests into separate test files",
                        ));
                        return false;
                    }
                }
                _ => {}
            }
        }
        true
    }

    fn add_settings(&mut self, file: FileId, with: &[Field]) {
        if !with.is_empty() {
            self.out
                .settings
                .entry(file)
                .or_default()
                .extend(with.iter().cloned());
        }
    }

    fn file_name(&self, id: FileId) -> String {
        self.out
            .sources
            .get(id)
            .map(|f| f.name.clone())
            .unwrap_or_default()
    }
}

/// SHA-256 over every file in load order: for each, the name and the normalised text (BOM
/// stripped, CRLF turned into LF), each preceded by its length as 8 little-endian bytes.
pub(super) fn content_hash(sources: &SourceMap) -> String {
    let mut hasher = Sha256::new();
    for (_, file) in sources.files() {
        let text = normalise(&file.text);
        for part in [file.name.as_bytes(), text.as_bytes()] {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    }
    hex(&hasher.finalize())
}

/// Lower-case hexadecimal of a digest.
pub(crate) fn hex(digest: &[u8]) -> String {
    let mut hex = String::with_capacity(digest.len() * 2);
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

/// Strips a byte-order mark and turns CRLF into LF.
pub(super) fn normalise(text: &str) -> String {
    text.strip_prefix('\u{FEFF}')
        .unwrap_or(text)
        .replace("\r\n", "\n")
}

/// An error for a rulebook over one of the [`CheckOptions`] limits.
fn limit_error(
    code: &'static str,
    message: String,
    span: crate::span::Span,
    help: &str,
) -> Diagnostic {
    Diagnostic::error(code, message, span)
        .with_label("over the limit here")
        .with_help(format!(
            "{help}, or raise the limit (see `mete_core::limits::Limits`)"
        ))
}
