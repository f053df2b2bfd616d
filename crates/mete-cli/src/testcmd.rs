//! `mete test`: run the `test` blocks of rulebooks, show a diff for each failure, and report
//! which tiers, circumstances, options, adjustments and reviews no test exercises.
//!
//! Every file given (or found under a directory) is checked as a rulebook; one with errors is
//! reported like `mete check` and its tests do not run. A test block runs once per run, in the
//! first rulebook that contains it, where rulebooks that import another given file come before
//! the files they import: so a general part's tests run with (the parameters of) the first
//! sector rulebook that imports it, and not again on their own or in later importers. Coverage
//! is merged over every rulebook: a rule of a shared file counts as exercised when a test of any
//! rulebook exercised it.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use mete_core::check::{CheckResult, check};
use mete_core::compile::Rulebook;
use mete_core::diagnostic::DiagnosticDto;
use mete_core::eval::EvalOptions;
use mete_core::span::SourceMap;
use mete_core::testing::{Coverage, CoverageEntry, KindSummary, TestReport, TestRun};
use serde::Serialize;

use crate::loader::{DiskLoader, Input, IoProblem, ReadError, collect_inputs, read_limited};
use crate::render::{Style, plural};
use crate::{Collected, Context, Exit, Output, OutputFormat, io_diagnostic, too_large};

/// Help shown after `mete test --help`.
pub const TEST_EXAMPLES: &str = "\
Examples:
  mete test rulebooks/                          every *.mete below the directory
  mete test rulebooks/ecology/ecology.mete --coverage
  mete test rulebooks/ --format json --coverage

Output: `✓ name` or `✗ name` per test block, each failure followed by the expected and actual
value of every key that differs, then `N passed, N failed`. With --coverage, the tiers,
circumstances, options, adjustments and reviews no test exercises, with file:line, and a
percentage per kind. A file another given file imports runs its tests with that importer (once).

Exit status: 0 every test passed, 1 a test failed or a rulebook has errors,
2 a path could not be read or the command line is wrong.";

/// Arguments of `mete test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// Rulebook files, or directories to search for `*.mete` files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output form: readable text, or one JSON object for tools.
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    pub format: TestFormat,
    /// Also list what no test exercises, with a percentage per kind.
    #[arg(long)]
    pub coverage: bool,
}

/// Output forms of `mete test`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    /// `✓`/`✗` per test, the differing keys under each failure, a summary line.
    Human,
    /// One JSON object: files, tests with their diffs, diagnostics, coverage.
    Json,
}

impl From<TestFormat> for OutputFormat {
    fn from(f: TestFormat) -> OutputFormat {
        match f {
            TestFormat::Human => OutputFormat::Human,
            TestFormat::Json => OutputFormat::Json,
        }
    }
}

/// One test in the JSON report: the rulebook it ran in, then the report.
#[derive(Debug, Serialize)]
struct JsonTest<'a> {
    rulebook: &'a str,
    #[serde(flatten)]
    report: &'a TestReport,
}

/// The coverage part of the JSON report.
#[derive(Debug, Serialize)]
struct JsonCoverage<'a> {
    kinds: Vec<KindSummary>,
    unexercised: Vec<&'a CoverageEntry>,
}

/// `mete test --format json`. Field order is part of the contract.
#[derive(Debug, Serialize)]
struct JsonTestReport<'a> {
    files: Vec<String>,
    passed: usize,
    failed: usize,
    errors: usize,
    diagnostics: Vec<DiagnosticDto>,
    tests: Vec<JsonTest<'a>>,
    coverage: Option<JsonCoverage<'a>>,
}

/// A rulebook whose tests ran.
struct Ran {
    name: String,
    run: TestRun,
}

/// Runs `mete test`.
pub fn run_test(args: &TestArgs, ctx: &Context, out: &mut Output<'_>) -> std::io::Result<Exit> {
    let options = ctx.limits.check_options();
    let max_bytes = options.parse.max_source_bytes;
    let style = Style { color: ctx.color };
    let (inputs, problems) = collect_inputs(&args.paths, &ctx.cwd);
    let mut collected = Collected {
        style,
        format: args.format.into(),
        errors: 0,
        warnings: 0,
        seen: Default::default(),
        dtos: Vec::new(),
    };
    let mut trouble = !problems.is_empty();
    let empty = SourceMap::new();
    let mut checked: Vec<(&Input, CheckResult)> = Vec::new();
    let mut bad: Vec<IoProblem> = problems;
    for input in &inputs {
        match read_limited(&input.path, max_bytes) {
            Ok(bytes) => {
                let loader =
                    DiskLoader::for_rulebook(&ctx.cwd, max_bytes, &ctx.import_root, &input.path);
                checked.push((input, check(&input.name, &bytes, &loader, &options)));
            }
            Err(e) => {
                let message = match e {
                    ReadError::Io(m) => m,
                    ReadError::TooLarge(limit) => too_large(limit),
                };
                bad.push(IoProblem {
                    path: input.name.clone(),
                    message,
                });
                trouble = true;
            }
        }
    }
    for problem in &bad {
        collected.add(
            &io_diagnostic(problem),
            &empty,
            Some(&problem.path),
            out.stdout,
        )?;
    }
    // Errors only: warnings are `mete check`'s business.
    for (input, result) in &checked {
        for diag in result.errors() {
            collected.add(diag, &result.sources, Some(&input.name), out.stdout)?;
        }
    }

    // Importers first, so a shared file's tests run with the first rulebook that imports it.
    let imported: BTreeSet<String> = checked
        .iter()
        .flat_map(|(_, r)| r.sources.files().skip(1).map(|(_, f)| f.name.clone()))
        .collect();
    let mut order: Vec<&(&Input, CheckResult)> = checked
        .iter()
        .filter(|(i, _)| !imported.contains(&i.name))
        .collect();
    order.extend(checked.iter().filter(|(i, _)| imported.contains(&i.name)));

    let eval = EvalOptions { trace: false };
    let mut done: BTreeSet<(String, u32, u32)> = BTreeSet::new();
    let mut ran: Vec<Ran> = Vec::new();
    for (input, result) in order {
        let Some(rulebook) = &result.rulebook else {
            continue;
        };
        let book = Rulebook::compile_with_sources(rulebook.clone(), result.sources.clone());
        let mine: BTreeSet<(String, u32, u32)> = book
            .test_sites()
            .into_iter()
            .map(|s| (s.file, s.line, s.col))
            .filter(|k| !done.contains(k))
            .collect();
        done.extend(mine.iter().cloned());
        let run = book.test_run_where(&eval, &|s| mine.contains(&(s.file.clone(), s.line, s.col)));
        ran.push(Ran {
            name: input.name.clone(),
            run,
        });
    }
    // Back to the order files were given in, for output.
    ran.sort_by_key(|r| inputs.iter().position(|i| i.name == r.name));

    let reports = ran.iter().flat_map(|r| r.run.reports.iter());
    let failed = reports.clone().filter(|t| !t.passed()).count();
    let passed = reports.count() - failed;
    let mut coverage = Coverage::default();
    if args.coverage {
        for r in &ran {
            coverage.merge(r.run.coverage.clone());
        }
    }
    let not_run = checked.iter().filter(|(_, r)| r.rulebook.is_none()).count();

    match args.format {
        TestFormat::Human => {
            for r in &ran {
                write_rulebook(out.stdout, r, style)?;
            }
            if !ran.is_empty() {
                writeln!(out.stdout)?;
            }
            writeln!(out.stdout, "{passed} passed, {failed} failed")?;
            let skipped = not_run + bad.len();
            if skipped > 0 {
                let what = plural(skipped, "rulebook", "rulebooks");
                writeln!(out.stdout, "{what} not run: see the errors above")?;
            }
            if args.coverage {
                write_coverage(out.stdout, &coverage, style)?;
            }
        }
        TestFormat::Json => {
            let report = JsonTestReport {
                files: inputs.iter().map(|i| i.name.clone()).collect(),
                passed,
                failed,
                errors: collected.errors,
                diagnostics: std::mem::take(&mut collected.dtos),
                tests: ran
                    .iter()
                    .flat_map(|r| {
                        r.run.reports.iter().map(|t| JsonTest {
                            rulebook: &r.name,
                            report: t,
                        })
                    })
                    .collect(),
                coverage: args.coverage.then(|| JsonCoverage {
                    kinds: coverage.summary(),
                    unexercised: coverage.unexercised().collect(),
                }),
            };
            let text = serde_json::to_string_pretty(&report).map_err(std::io::Error::other)?;
            writeln!(out.stdout, "{text}")?;
        }
    }
    Ok(if trouble {
        Exit::Trouble
    } else if failed > 0 || collected.errors > 0 {
        Exit::Failed
    } else {
        Exit::Clean
    })
}

const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

fn paint(text: &str, colour: &str, style: Style) -> String {
    if style.color {
        format!("{colour}{text}{RESET}")
    } else {
        text.to_string()
    }
}

fn write_rulebook(w: &mut dyn Write, r: &Ran, style: Style) -> std::io::Result<()> {
    let n = r.run.reports.len();
    if n == 0 {
        return writeln!(w, "{} (no tests)", r.name);
    }
    writeln!(w, "{}", r.name)?;
    for t in &r.run.reports {
        let from = if t.file == r.name {
            String::new()
        } else {
            paint(&format!("  (from {})", t.file), DIM, style)
        };
        if t.passed() {
            writeln!(w, "  {} {}{from}", paint("✓", GREEN, style), t.name)?;
            continue;
        }
        writeln!(w, "  {} {}{from}", paint("✗", RED, style), t.name)?;
        writeln!(w, "      at {}:{}:{}", t.file, t.line, t.col)?;
        let width = t
            .fields
            .iter()
            .filter(|f| !f.equal)
            .map(|f| f.field.chars().count())
            .max()
            .unwrap_or(0);
        for f in t.fields.iter().filter(|f| !f.equal) {
            let pad = " ".repeat(width - f.field.chars().count());
            let blank = " ".repeat(width);
            writeln!(
                w,
                "      {}{pad}  expected {}",
                f.field,
                paint(&f.expected, GREEN, style)
            )?;
            writeln!(
                w,
                "      {blank}  actual   {}",
                paint(&f.actual, RED, style)
            )?;
            if !f.missing.is_empty() {
                writeln!(w, "      {blank}  missing  {}", f.missing.join(", "))?;
            }
            if !f.extra.is_empty() {
                writeln!(w, "      {blank}  extra    {}", f.extra.join(", "))?;
            }
        }
    }
    Ok(())
}

fn write_coverage(w: &mut dyn Write, coverage: &Coverage, style: Style) -> std::io::Result<()> {
    writeln!(w)?;
    writeln!(w, "coverage:")?;
    for s in coverage.summary() {
        let line = format!(
            "  {:<14}{:>4} of {:<4} exercised  {:>3}%",
            s.kind.plural(),
            s.exercised,
            s.total,
            s.percent
        );
        let colour = if s.exercised == s.total { GREEN } else { RED };
        writeln!(w, "{}", paint(&line, colour, style))?;
    }
    let missed: Vec<&CoverageEntry> = coverage.unexercised().collect();
    if coverage.entries.is_empty() {
        return writeln!(w, "nothing to cover");
    }
    if missed.is_empty() {
        return writeln!(
            w,
            "every tier, circumstance, option, adjustment and review is exercised"
        );
    }
    writeln!(w, "not exercised by any test:")?;
    for e in missed {
        let item = e
            .item
            .as_ref()
            .map_or_else(String::new, |i| format!(" of `{i}`"));
        writeln!(
            w,
            "  {}:{}:{}: {} `{}`{item} “{}”",
            e.file,
            e.line,
            e.col,
            e.kind.id(),
            e.id,
            e.label
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paint_only_in_colour() {
        assert_eq!(paint("x", RED, Style { color: false }), "x");
        assert_eq!(paint("x", RED, Style { color: true }), "\x1b[31mx\x1b[0m");
    }
}
