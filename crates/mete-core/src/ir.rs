//! The checked rulebook: names resolved to indices, every expression typed, literals parsed.

/// A rulebook that passed [`crate::check::check`].
#[derive(Debug, Clone)]
pub struct CheckedRulebook {}
