//! Deciding a case: [`crate::compile::Rulebook`] + [`crate::case::Case`] → [`Decision`].

pub(crate) mod date;
pub(crate) mod money;
