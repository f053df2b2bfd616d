//! Runs a rulebook's own `test` blocks against the evaluator (the work is in
//! [`crate::testing`], which also measures coverage).

use super::EvalOptions;
use crate::compile::Rulebook;

pub use crate::testing::TestReport;

impl Rulebook {
    /// Runs every `test` block of the rulebook, in order.
    pub fn run_tests(&self, options: &EvalOptions) -> Vec<TestReport> {
        self.test_run(options).reports
    }
}
