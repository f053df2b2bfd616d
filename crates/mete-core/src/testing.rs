//! Running a rulebook's own `test` blocks: a field-by-field diff of every expectation, and which
//! tiers, circumstances, options, adjustments and review triggers the tests exercise.
//!
//! ```text
//!  Rulebook ──test_run──▶ TestRun { reports: [TestReport { fields: [FieldDiff] }], coverage }
//! ```
//!
//! A test block is decided like a case (its `given` facts over the facts' defaults) and each key
//! of its `expect { … }` is compared with the decision ([`FieldDiff`]). Coverage is read off the
//! decision of every provision the test names (a test naming several provisions exercises each
//! one's tier, circumstances, … as if decided alone). Everything here is serialisable with a
//! fixed field order, for `mete test --format json`.

mod coverage;
mod diff;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::case::Case;
use crate::compile::Rulebook;
use crate::eval::EvalOptions;
use crate::ir::TestDef;

pub use coverage::{Coverage, CoverageEntry, CoverageKind, KindSummary};
pub use diff::FieldDiff;

/// Whether a test passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TestStatus {
    /// Every expected key agrees with the decision.
    Passed,
    /// Some key differs, or the case could not be decided when a decision was expected.
    Failed,
}

/// The result of one `test` block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestReport {
    /// The test's name.
    pub name: String,
    /// File where the test is written.
    pub file: String,
    /// 1-based line of its name (0 when compiled without sources).
    pub line: u32,
    /// 1-based column of its name.
    pub col: u32,
    /// Passed or failed.
    pub status: TestStatus,
    /// One row per expected key, in a fixed order (see [`FieldDiff::field`]); a case the
    /// evaluator refused gives an `error` row.
    pub fields: Vec<FieldDiff>,
    /// The differing rows as one-line messages (`fine: expected 0 to 400, got 0 to 500`);
    /// empty when the test passed.
    #[serde(skip)]
    pub failures: Vec<String>,
}

impl TestReport {
    /// Whether the test passed.
    pub fn passed(&self) -> bool {
        self.status == TestStatus::Passed
    }
}

/// Where a test block is written, for choosing which tests to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestSite {
    /// The test's name.
    pub name: String,
    /// File where it is written.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

/// Reports of the tests run and the coverage they give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestRun {
    /// One report per test run, in declaration order.
    pub reports: Vec<TestReport>,
    /// Every tier, circumstance, option, adjustment and review of the rulebook (its imports
    /// included), with the tests that exercised it.
    pub coverage: Coverage,
}

impl Rulebook {
    /// Where each `test` block is written, in declaration order (imported files' tests included).
    pub fn test_sites(&self) -> Vec<TestSite> {
        self.checked().tests.iter().map(|t| site(self, t)).collect()
    }

    /// Runs every `test` block and reports each with its diff and the coverage.
    ///
    /// ```
    /// use mete_core::check::{CheckOptions, MemoryLoader};
    /// use mete_core::compile::Rulebook;
    ///
    /// let src = r#"rulebook "demo" { version "1" effective from 2024-01-01 }
    /// facts { value: money "货值金额" }
    /// violation V-1 "未经许可经营" {
    ///   cite "某法第十条"
    ///   fine up to 10000
    ///   tier big "较重" when value above 5000: 5000 to 10000
    ///   tier small "较轻" otherwise: lower 50%
    /// }
    /// test "big" {
    ///   given { violation: V-1, act_date: 2024-03-01, value: 8000 }
    ///   expect { tier: big, fine: 5000 to 9000 }
    /// }
    /// "#;
    /// let (book, _) = Rulebook::from_source("demo.mete", src.as_bytes(), &MemoryLoader::default(), &CheckOptions::default())
    ///     .map_err(|e| format!("{:?}", e.diagnostics))?;
    /// let run = book.test_run(&Default::default());
    /// let report = &run.reports[0];
    /// assert!(!report.passed());
    /// assert_eq!(report.failures, ["fine: expected 5000 to 9000, got 5000 to 10000"]);
    /// let small: Vec<&str> = run.coverage.unexercised().map(|e| e.id.as_str()).collect();
    /// assert_eq!(small, ["small"]);
    /// # Ok::<(), String>(())
    /// ```
    pub fn test_run(&self, options: &EvalOptions) -> TestRun {
        self.test_run_where(options, &|_| true)
    }

    /// Like [`Rulebook::test_run`], running only the tests `select` accepts (the coverage lists
    /// every entry, exercised by the tests run).
    pub fn test_run_where(
        &self,
        options: &EvalOptions,
        select: &dyn Fn(&TestSite) -> bool,
    ) -> TestRun {
        let book = &self.inner;
        let mut entries = coverage::entries(book);
        let at: BTreeMap<coverage::Key, usize> = entries
            .iter()
            .enumerate()
            .map(|(i, (k, _))| (*k, i))
            .collect();
        let mut reports = Vec::new();
        for t in &self.checked().tests {
            let s = site(self, t);
            if !select(&s) {
                continue;
            }
            let (report, keys) = run_one(self, t, s, options);
            for k in keys {
                if let Some((_, e)) = at.get(&k).and_then(|i| entries.get_mut(*i)) {
                    if !e.exercised_by.contains(&report.name) {
                        e.exercised_by.push(report.name.clone());
                    }
                }
            }
            reports.push(report);
        }
        TestRun {
            reports,
            coverage: Coverage {
                entries: entries.into_iter().map(|(_, e)| e).collect(),
            },
        }
    }
}

fn site(book: &Rulebook, t: &TestDef) -> TestSite {
    let (file, line, col) = coverage::locate(&book.inner, t.span);
    TestSite {
        name: t.name.clone(),
        file,
        line,
        col,
    }
}

/// The case a test block describes: its facts over the defaults.
fn case_of(book: &Rulebook, t: &TestDef) -> Case {
    let c = book.checked();
    let mut items = t.violations.clone();
    if let Some(v) = t.violation {
        items.insert(0, v);
    }
    let mut facts: Vec<_> = c.facts.iter().map(|f| f.default.clone()).collect();
    for (f, v) in &t.facts {
        if let Some(slot) = facts.get_mut(f.index()) {
            *slot = Some(v.clone());
        }
    }
    Case {
        items,
        act_date: t.act_date,
        decision_date: t.decision_date,
        facts,
    }
}

/// Runs one test: its report and what it exercised.
fn run_one(
    book: &Rulebook,
    t: &TestDef,
    site: TestSite,
    options: &EvalOptions,
) -> (TestReport, Vec<coverage::Key>) {
    let case = case_of(book, t);
    let mut keys = Vec::new();
    let fields = match book.evaluate(&case, options) {
        Ok(d) => {
            if case.items.len() > 1 {
                // Each provision alone, as the evaluator decides it inside the combined case.
                for item in &case.items {
                    let alone = Case {
                        items: vec![*item],
                        ..case.clone()
                    };
                    let quiet = EvalOptions { trace: false };
                    if let Ok(one) = book.evaluate(&alone, &quiet) {
                        coverage::exercised(&one, &mut keys);
                    }
                }
            } else {
                coverage::exercised(&d, &mut keys);
            }
            diff::compare(book, &d.to_dto(), &t.expect)
        }
        Err(e) => vec![diff::refused(&t.expect, &e)],
    };
    let failures: Vec<String> = fields
        .iter()
        .filter(|f| !f.equal)
        .map(FieldDiff::line)
        .collect();
    let report = TestReport {
        name: site.name,
        file: site.file,
        line: site.line,
        col: site.col,
        status: if failures.is_empty() {
            TestStatus::Passed
        } else {
            TestStatus::Failed
        },
        fields,
        failures,
    };
    (report, keys)
}
