//! Deciding a case: [`crate::compile::Rulebook`] + [`crate::case::Case`] → [`Decision`].
