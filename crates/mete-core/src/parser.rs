//! Text → [`crate::ast::Module`].
pub(crate) mod grammar;
