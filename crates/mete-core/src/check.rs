//! [`crate::ast::Module`] → [`crate::ir::CheckedRulebook`]: load imports, resolve names, type
//! every expression, and collect every error before reporting.
//!
//! The stages: [`imports`] loads the root and every imported file (once each) and computes the
//! content hash; [`resolve`] collects declarations into name tables (reporting duplicates);
//! [`exprs`] types expressions; [`items`] checks violation items, circumstances, adjustments and
//! reviews; [`tests_blocks`] checks `test` blocks; finally unused declarations are reported as
//! warnings and the IR is assembled. Error codes live in [`err`].

mod atoms;
mod calendars;
mod calls;
mod circumstances;
pub mod err;
mod exprs;
mod header;
mod hints;
pub(crate) mod imports;
mod items;
mod ops;
mod resolve;
mod tests_blocks;
mod types;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::ir::CheckedRulebook;
use crate::span::SourceMap;

/// A file handed over by a [`Loader`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedFile {
    /// The file's canonical name (used in diagnostics, the content hash and cycle detection).
    pub name: String,
    /// Its bytes (decoded as UTF-8 by the parser, with an error on invalid input).
    pub bytes: Vec<u8>,
}

/// Supplies imported files. The core does no I/O: the CLI reads the disk, the bindings read maps.
pub trait Loader {
    /// Loads `path` as written in an `import` of the file named `importer`.
    fn load(&self, importer: &str, path: &str) -> Result<LoadedFile, String>;
}

/// A [`Loader`] over an in-memory map from file name to source text. Paths are joined to the
/// importer's directory and normalised (`a/b/../c.mete` → `a/c.mete`).
#[derive(Debug, Clone, Default)]
pub struct MemoryLoader {
    /// File name → text.
    pub files: BTreeMap<String, String>,
}

impl MemoryLoader {
    /// A loader over `files` (name, text).
    pub fn new<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        MemoryLoader {
            files: files
                .into_iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
        }
    }
}

/// Joins `path` to the directory of `importer` and removes `.` and `..` segments. A path
/// starting with `/` is taken from the root. Fails when `..` climbs above the root.
pub fn join_path(importer: &str, path: &str) -> Result<String, String> {
    let mut parts: Vec<&str> = Vec::new();
    if !path.starts_with('/') {
        parts.extend(importer.split('/').filter(|s| !s.is_empty()));
        // The importer's own name is not a directory.
        parts.pop();
    }
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("`{path}` leads above the top directory"));
                }
            }
            s => parts.push(s),
        }
    }
    Ok(parts.join("/"))
}

impl Loader for MemoryLoader {
    fn load(&self, importer: &str, path: &str) -> Result<LoadedFile, String> {
        let name = join_path(importer, path)?;
        match self.files.get(&name) {
            Some(text) => Ok(LoadedFile {
                bytes: text.as_bytes().to_vec(),
                name,
            }),
            None => Err(format!("no file named `{name}`")),
        }
    }
}

/// Limits and switches for [`check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOptions {
    /// Parser limits for every file.
    pub parse: crate::parser::ParseOptions,
    /// Deepest chain of imports.
    pub max_import_depth: usize,
    /// Most violation items, counted over the root and every imported file.
    pub max_items: usize,
    /// Most tiers in one violation item.
    pub max_tiers_per_item: usize,
    /// Most `test` blocks, counted over the root and every imported file.
    pub max_tests: usize,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            parse: crate::parser::ParseOptions::default(),
            max_import_depth: 16,
            // The largest published benchmarks have a few hundred items of a handful of tiers;
            // these bounds are far above that and keep checking time linear and small.
            max_items: 10_000,
            max_tiers_per_item: 1_000,
            max_tests: 10_000,
        }
    }
}

/// What [`check`] found: the sources (always, for rendering), the checked rulebook when there
/// was no error, and every diagnostic (errors and warnings) sorted by position.
#[derive(Debug, Clone)]
pub struct CheckResult {
    /// Every file loaded, root first.
    pub sources: SourceMap,
    /// The checked rulebook, when no diagnostic is an error.
    pub rulebook: Option<CheckedRulebook>,
    /// Errors and warnings, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckResult {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

/// Runs the lints, loading and checking (without lints) the parent rulebook named by
/// `refines`, if any.
fn lint_with_parent(
    book: &CheckedRulebook,
    sources: &SourceMap,
    refines: Option<&crate::ast::Str>,
    root_name: &str,
    loader: &dyn Loader,
    options: &CheckOptions,
) -> Vec<Diagnostic> {
    let Some(path) = refines else {
        return crate::lint::run(book, sources, None);
    };
    let parent = loader
        .load(root_name, &path.value)
        .map(|f| check_unlinted(&f.name, &f.bytes, loader, options));
    match &parent {
        Ok(r) => match &r.rulebook {
            Some(p) => crate::lint::run(book, sources, Some(crate::lint::Parent::Checked(p))),
            None => {
                let why = format!("`{}` does not check without errors", path.value);
                crate::lint::run(
                    book,
                    sources,
                    Some(crate::lint::Parent::Unavailable(&why, path.span)),
                )
            }
        },
        Err(why) => crate::lint::run(
            book,
            sources,
            Some(crate::lint::Parent::Unavailable(why, path.span)),
        ),
    }
}

/// Parses `root` (named `root_name`), loads its imports through `loader`, checks the whole, and
/// when that finds no error runs the lints of [`crate::lint`] (which may add warnings and, for
/// a band wholly outside the statutory range, an error).
pub fn check(
    root_name: &str,
    root: &[u8],
    loader: &dyn Loader,
    options: &CheckOptions,
) -> CheckResult {
    check_inner(root_name, root, loader, options, true)
}

/// [`check`] without the lints (used for a parent rulebook).
fn check_unlinted(
    root_name: &str,
    root: &[u8],
    loader: &dyn Loader,
    options: &CheckOptions,
) -> CheckResult {
    check_inner(root_name, root, loader, options, false)
}

fn check_inner(
    root_name: &str,
    root: &[u8],
    loader: &dyn Loader,
    options: &CheckOptions,
    lint: bool,
) -> CheckResult {
    let loaded = imports::load_all(root_name, root, loader, options);
    let mut diags = loaded.diagnostics;
    let parsed_all = loaded.all_parsed;
    let mut rulebook = None;
    if !loaded.modules.is_empty() {
        let mut checker = resolve::Checker::new(&loaded.modules, &loaded.settings);
        let built = checker.run(loaded.content_hash, &loaded.sources);
        diags.extend(checker.diags);
        if parsed_all {
            rulebook = built;
        }
    }
    if lint
        && let Some(book) = &rulebook
        && !diags.iter().any(|d| d.severity == Severity::Error)
    {
        let refines = loaded
            .modules
            .first()
            .and_then(|(_, m)| m.header.refines.clone());
        diags.extend(lint_with_parent(
            book,
            &loaded.sources,
            refines.as_ref(),
            root_name,
            loader,
            options,
        ));
        let allowed = crate::lint::Allowances::collect(&loaded.modules);
        diags.retain(|d| !allowed.allows(d));
    }
    let mut sorted = Diagnostics(diags);
    sorted.sort();
    if sorted.has_errors() {
        rulebook = None;
    }
    CheckResult {
        sources: loaded.sources,
        rulebook,
        diagnostics: sorted.0,
    }
}
