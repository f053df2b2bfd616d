//! Every resource limit in one place.
//!
//! mete reads rulebooks and cases it did not write. Each stage bounds what it accepts so that
//! hostile or careless input ends in a clear error, quickly and in bounded memory, never in a
//! stack overflow, a hang or an allocation that grows with the input. The limits live in the
//! option structs of the stages ([`ParseOptions`], [`CheckOptions`], [`CaseOptions`]);
//! [`Limits`] gathers them under one name so that a caller (the CLI's `--limit NAME=VALUE`, a
//! binding) can read, document and change them together.
//!
//! Not configurable, because the representation itself bounds them: expressions deeper than
//! [`crate::parser::MAX_EXPR_DEPTH`] (already below `max_nesting` brackets) and decimal
//! magnitude (28 significant digits; a number too large to read is a case error
//! `mete::case::number_too_large`, and arithmetic that would overflow is the evaluation error
//! `mete::eval::overflow` — checked arithmetic throughout, never a wrap or a panic).
//!
//! ```
//! use mete_core::limits::Limits;
//! let mut limits = Limits::default();
//! limits.set("case_bytes", 1024)?;
//! assert_eq!(limits.case_options().max_bytes, 1024);
//! assert!(limits.set("nope", 1).is_err());
//! # Ok::<(), String>(())
//! ```

use crate::case::CaseOptions;
use crate::check::CheckOptions;
use crate::parser::ParseOptions;

/// Every configurable limit, with the defaults of the stages' option structs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest rulebook file, in bytes (each file, root or imported).
    pub source_bytes: usize,
    /// Deepest nesting of `(` `[` `{` in a rulebook.
    pub nesting: usize,
    /// Longest run of prefix operators (`-`, `not`).
    pub prefix_run: usize,
    /// Most `if` keywords in one top-level declaration.
    pub ifs_per_decl: usize,
    /// Deepest chain of imports.
    pub import_depth: usize,
    /// Most violation items over the rulebook and its imports.
    pub items: usize,
    /// Most tiers in one violation item.
    pub tiers_per_item: usize,
    /// Most `test` blocks over the rulebook and its imports.
    pub tests: usize,
    /// Largest case JSON text, in bytes.
    pub case_bytes: usize,
    /// Deepest nesting of arrays and objects in a case.
    pub case_depth: usize,
    /// Longest list in a case.
    pub case_list_len: usize,
}

/// Each limit's name (as [`Limits::set`] and the CLI take it) and meaning.
pub const NAMES: &[(&str, &str)] = &[
    ("source_bytes", "largest rulebook file, bytes"),
    ("nesting", "deepest bracket nesting in a rulebook"),
    ("prefix_run", "longest run of prefix operators"),
    ("ifs_per_decl", "most `if`s in one declaration"),
    ("import_depth", "deepest chain of imports"),
    ("items", "most violation items"),
    ("tiers_per_item", "most tiers in one item"),
    ("tests", "most `test` blocks"),
    ("case_bytes", "largest case JSON, bytes"),
    ("case_depth", "deepest nesting in a case"),
    ("case_list_len", "longest list in a case"),
];

impl Default for Limits {
    fn default() -> Self {
        Limits::from_options(&CheckOptions::default(), &CaseOptions::default())
    }
}

impl Limits {
    /// The limits that `check` and `case` options carry.
    pub fn from_options(check: &CheckOptions, case: &CaseOptions) -> Limits {
        let p = &check.parse;
        Limits {
            source_bytes: p.max_source_bytes,
            nesting: p.max_nesting,
            prefix_run: p.max_prefix_run,
            ifs_per_decl: p.max_ifs_per_decl,
            import_depth: check.max_import_depth,
            items: check.max_items,
            tiers_per_item: check.max_tiers_per_item,
            tests: check.max_tests,
            case_bytes: case.max_bytes,
            case_depth: case.max_depth,
            case_list_len: case.max_list_len,
        }
    }

    /// Parser options with these limits.
    pub fn parse_options(&self) -> ParseOptions {
        ParseOptions {
            max_source_bytes: self.source_bytes,
            max_nesting: self.nesting,
            max_prefix_run: self.prefix_run,
            max_ifs_per_decl: self.ifs_per_decl,
        }
    }

    /// Checker options with these limits.
    pub fn check_options(&self) -> CheckOptions {
        CheckOptions {
            parse: self.parse_options(),
            max_import_depth: self.import_depth,
            max_items: self.items,
            max_tiers_per_item: self.tiers_per_item,
            max_tests: self.tests,
        }
    }

    /// Case reader options with these limits.
    pub fn case_options(&self) -> CaseOptions {
        CaseOptions {
            max_bytes: self.case_bytes,
            max_depth: self.case_depth,
            max_list_len: self.case_list_len,
        }
    }

    /// The limit named `name` (see [`NAMES`]).
    pub fn get(&self, name: &str) -> Option<usize> {
        Some(match name {
            "source_bytes" => self.source_bytes,
            "nesting" => self.nesting,
            "prefix_run" => self.prefix_run,
            "ifs_per_decl" => self.ifs_per_decl,
            "import_depth" => self.import_depth,
            "items" => self.items,
            "tiers_per_item" => self.tiers_per_item,
            "tests" => self.tests,
            "case_bytes" => self.case_bytes,
            "case_depth" => self.case_depth,
            "case_list_len" => self.case_list_len,
            _ => return None,
        })
    }

    /// Sets the limit named `name`; fails on an unknown name or a zero value.
    pub fn set(&mut self, name: &str, value: usize) -> Result<(), String> {
        if value == 0 {
            return Err(format!("limit `{name}` must be at least 1"));
        }
        let slot = match name {
            "source_bytes" => &mut self.source_bytes,
            "nesting" => &mut self.nesting,
            "prefix_run" => &mut self.prefix_run,
            "ifs_per_decl" => &mut self.ifs_per_decl,
            "import_depth" => &mut self.import_depth,
            "items" => &mut self.items,
            "tiers_per_item" => &mut self.tiers_per_item,
            "tests" => &mut self.tests,
            "case_bytes" => &mut self.case_bytes,
            "case_depth" => &mut self.case_depth,
            "case_list_len" => &mut self.case_list_len,
            _ => {
                let names: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
                return Err(format!(
                    "no limit named `{name}`; the limits are {}",
                    names.join(", ")
                ));
            }
        };
        *slot = value;
        Ok(())
    }

    /// Reads `NAME=VALUE` (as the CLI's `--limit` takes it) and sets that limit.
    pub fn set_from_str(&mut self, spec: &str) -> Result<(), String> {
        let (name, value) = spec
            .split_once('=')
            .ok_or_else(|| format!("`{spec}` is not NAME=VALUE"))?;
        let value: usize = value
            .trim()
            .replace('_', "")
            .parse()
            .map_err(|_| format!("`{value}` is not a whole number"))?;
        self.set(name.trim(), value)
    }
}

#[cfg(test)]
mod tests;
