//! [`crate::ir::CheckedRulebook`] → [`Rulebook`]: the immutable, compact form that evaluates cases.
//!
//! Facts become slots, names become indices and expressions a flat arena, so evaluation does no
//! string lookups and no hashing. A `Rulebook` is `Send + Sync` and cheap to clone (an `Arc`), so
//! a server or a binding compiles once and decides many cases.

use std::sync::Arc;

use crate::check::{CheckOptions, Loader};
use crate::diagnostic::Diagnostic;
use crate::ir::CheckedRulebook;
use crate::span::SourceMap;

/// A compiled rulebook. Cheap to clone; safe to share between threads.
#[derive(Debug, Clone)]
pub struct Rulebook {
    inner: Arc<Compiled>,
}

/// The compiled program behind a [`Rulebook`].
#[derive(Debug)]
pub(crate) struct Compiled {
    pub(crate) checked: CheckedRulebook,
}

/// Why compiling from sources failed: every diagnostic, with the sources to render them.
#[derive(Debug, Clone)]
pub struct CompileError {
    /// Every file loaded.
    pub sources: SourceMap,
    /// Errors and warnings, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

impl Rulebook {
    /// Compiles a checked rulebook.
    pub fn compile(checked: CheckedRulebook) -> Rulebook {
        Rulebook {
            inner: Arc::new(Compiled { checked }),
        }
    }

    /// Parses, checks and compiles `root` (named `root_name`), loading imports through `loader`.
    /// On success returns the rulebook and its warnings.
    pub fn from_source(
        root_name: &str,
        root: &[u8],
        loader: &dyn Loader,
        options: &CheckOptions,
    ) -> Result<(Rulebook, Vec<Diagnostic>), CompileError> {
        let result = crate::check::check(root_name, root, loader, options);
        match result.rulebook {
            Some(checked) => Ok((Rulebook::compile(checked), result.diagnostics)),
            None => Err(CompileError {
                sources: result.sources,
                diagnostics: result.diagnostics,
            }),
        }
    }

    /// The checked rulebook this was compiled from (names, labels, citations, spans).
    pub fn checked(&self) -> &CheckedRulebook {
        &self.inner.checked
    }
}
