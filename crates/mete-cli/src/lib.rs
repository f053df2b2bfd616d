//! # mete-cli
//!
//! The `mete` command: `check`, `fmt`, `eval`, `explain`, `schema`, `test`, `diff` and `audit`. This crate owns everything the core refuses
//! to do: reading files, walking directories, looking at the terminal, and drawing diagnostics.
//! `main.rs` only parses the command line, gathers the [`Context`] and calls [`run`].

pub mod audit;
pub mod decide;
pub mod diff;
pub mod loader;
pub mod render;
pub mod testcmd;

use std::io::{BufRead, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use mete_core::ast::Lang;
use mete_core::check::check;
use mete_core::diagnostic::{Diagnostic, DiagnosticDto, Severity};
use mete_core::fmt::{FormatOptions, format};
use mete_core::parser::{ParseOptions, parse_bytes};
use mete_core::span::{FileId, SourceMap};

use crate::loader::{DiskLoader, ImportRoot, IoProblem, ReadError, collect_inputs, read_limited};
use crate::render::{JsonReport, Style};
use mete_core::limits::Limits;

const MAIN_EXAMPLES: &str = "\
Examples:
  mete eval rulebooks/ecology/ecology.mete rulebooks/ecology/cases/sample.json
  mete explain --lang en rulebooks/ecology/ecology.mete rulebooks/ecology/cases/sample.json
  mete check rulebooks/                 check every rulebook under a directory
  mete test rulebooks/ --coverage       run every test block and list what no test exercises
  mete fmt --check rulebooks/           list files that are not formatted";

const EVAL_EXAMPLES: &str = "\
Examples:
  mete eval rulebooks/ecology/ecology.mete rulebooks/ecology/cases/sample.json
  mete eval book-2020.mete book-2024.mete case.json     versions of one rulebook (art. 37)
  cat case.json | mete eval book.mete -                 the case from stdin
  mete eval book.mete --jsonl cases.jsonl               one JSON object per line out
  mete eval book.mete --jsonl < cases.jsonl             the same, from stdin

Output: the decision as pretty JSON. On a bad case, a JSON error object
{\"status\": \"error\", \"kind\": \"case\", \"problems\": [...]} on stdout and a readable
list on stderr. With --jsonl, each line gets a decision or
{\"line\": N, \"status\": \"error\", \"error\": {...}}; the stream never stops on a bad line
and stderr ends with `N decided, M errors`.

Exit status: 0 decided (with --jsonl: the stream was read, whatever the lines held),
1 the case or a rulebook has errors, 2 a path could not be read or the command line is wrong.";

const EXPLAIN_EXAMPLES: &str = "\
Examples:
  mete explain rulebooks/ecology/ecology.mete rulebooks/ecology/cases/sample.json
  mete explain --lang en rulebooks/ecology/ecology.mete rulebooks/ecology/cases/sample.json

Exit status: 0 explained, 1 the case or a rulebook has errors, 2 a path could not be read.";

const SCHEMA_EXAMPLES: &str = "\
Examples:
  mete schema case rulebooks/ecology/ecology.mete   the case input this rulebook accepts
  mete schema decision                              the decision every rulebook answers

Both are JSON Schema (draft 2020-12 for cases), printed with a trailing newline.";

const COMPILE_EXAMPLES: &str = "\
Examples:
  mete compile rulebooks/ecology/ecology.mete -o ecology.metec

The output loads with the WASM runtime package's `load` (or `Rulebook::load`) of this same mete
version and decides exactly as the source. It is checked first: a rulebook with errors is not
written.";

const DIFF_EXAMPLES: &str = "\
Examples:
  mete diff book-2020.mete book-2024.mete --cases cases.jsonl
  mete diff old.mete new.mete --cases cases.jsonl --format json

Output: one line per case whose decision changed (outcome, tier, statutory range, band,
sanctions, options, reviews) or that a rulebook could not decide, then a table of counts.
With --format json: one JSON object per case, then {\"summary\": {...}}.

Exit status: 0 the cases were compared, 1 a rulebook has errors, 2 a path could not be read.";

const AUDIT_EXAMPLES: &str = "\
Examples:
  mete audit rulebooks/ecology/ecology.mete examples/audit/records.jsonl
  mete audit book.mete records.jsonl --format json
  mete schema audit-record          the JSON Schema of one record

Each line: {\"case\": {...the case...}, \"recorded\": {\"outcome\": \"penalize\", \"fine\": \"45000\", ...}}.
Output: the findings of each record with findings (code, severity, JSON path, message,
citation), then a table of counts per code. With --format json: one report per record, then
{\"summary\": {...}}.

Exit status: 0 no error findings (warnings allowed), 1 error findings or a rulebook error,
2 a path could not be read.";

const CHECK_EXAMPLES: &str = "\
Examples:
  mete check rulebooks/ecology/ecology.mete
  mete check rulebooks/ --format json --deny warnings

Exit status: 0 clean (warnings allowed unless --deny warnings), 1 errors found,
2 a path could not be read or the command line is wrong.";

const FMT_EXAMPLES: &str = "\
Examples:
  mete fmt rulebooks/ecology/ecology.mete                 print the canonical form
  mete fmt --keywords zh rulebooks/ecology/ecology.mete   print it with Chinese keywords
  mete fmt --write rulebooks/                         rewrite files in place
  mete fmt --check rulebooks/                         exit 1 if a file is not formatted

Exit status: 0 done (or all formatted), 1 a file has syntax errors or is not formatted,
2 a path could not be read or the command line is wrong.";

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "mete",
    version,
    about = "Check, format, evaluate and test mete rulebooks (administrative-penalty discretion benchmarks)",
    after_help = MAIN_EXAMPLES
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Change a resource limit, e.g. `--limit case_bytes=20000000` (repeatable; the names are
    /// listed in docs/limits.md).
    #[arg(long, global = true, value_name = "NAME=VALUE")]
    pub limit: Vec<String>,
    /// Imports must stay inside DIR (default: the current directory, or the rulebook's own
    /// directory when the rulebook lies outside the current one).
    #[arg(long, global = true, value_name = "DIR")]
    pub import_root: Option<PathBuf>,
    /// Let imports read any file, even outside the import root.
    #[arg(long, global = true, conflicts_with = "import_root")]
    pub allow_imports_outside_root: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse and check rulebooks: names, types, cycles, literals; report every problem found.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Print rulebooks in canonical form, optionally switching keyword language.
    #[command(after_help = FMT_EXAMPLES)]
    Fmt(FmtArgs),
    /// Decide a case (or a stream of cases) and print the decision as JSON.
    #[command(after_help = EVAL_EXAMPLES)]
    Eval(EvalArgs),
    /// Decide a case and explain the decision in Chinese or English.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
    /// Print the JSON Schema of a rulebook's case input or of the decision.
    #[command(after_help = SCHEMA_EXAMPLES)]
    Schema(SchemaArgs),
    /// Check a rulebook and save its compiled form, for the WASM runtime package.
    #[command(after_help = COMPILE_EXAMPLES)]
    Compile(CompileArgs),
    /// Run the `test` blocks of rulebooks: a diff for each failure, and coverage on request.
    #[command(after_help = testcmd::TEST_EXAMPLES)]
    Test(testcmd::TestArgs),
    /// Decide the same cases under two rulebooks and report what changed.
    #[command(after_help = DIFF_EXAMPLES)]
    Diff(DiffArgs),
    /// Check recorded decisions against a rulebook and report findings.
    #[command(after_help = AUDIT_EXAMPLES)]
    Audit(AuditArgs),
}

/// Arguments of `mete diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old rulebook.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new rulebook.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Cases, one JSON object per line (`-`: stdin).
    #[arg(long, value_name = "FILE")]
    pub cases: PathBuf,
    /// Output form: readable lines and a table, or JSON Lines.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
}

/// Arguments of `mete audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The rulebook the decisions should follow.
    #[arg(value_name = "RULEBOOK")]
    pub rulebook: PathBuf,
    /// Audit records, one JSON object per line (`-`: stdin).
    #[arg(value_name = "RECORDS")]
    pub records: PathBuf,
    /// Output form: readable findings and a table, or JSON Lines.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
}

/// Arguments of `mete eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Rulebook files (several: versions of one rulebook), then the case file (`-` for stdin);
    /// with `--jsonl`, only rulebook files.
    #[arg(required = true, value_name = "FILE")]
    pub paths: Vec<PathBuf>,
    /// Decide every line of a JSON Lines file (`-` or nothing: stdin).
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "-")]
    pub jsonl: Option<PathBuf>,
}

/// Arguments of `mete explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Rulebook files (several: versions of one rulebook), then the case file (`-` for stdin).
    #[arg(required = true, value_name = "FILE")]
    pub paths: Vec<PathBuf>,
    /// Language of the explanation.
    #[arg(long, value_enum, value_name = "LANG", default_value_t = TextLang::Zh)]
    pub lang: TextLang,
}

/// Arguments of `mete compile`.
#[derive(Debug, Args)]
pub struct CompileArgs {
    /// The rulebook (its imports are read as for `mete check`).
    #[arg(value_name = "RULEBOOK")]
    pub rulebook: PathBuf,
    /// Where to write the compiled rulebook.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Arguments of `mete schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema.
    #[command(subcommand)]
    pub which: SchemaKind,
}

/// The schemas `mete schema` prints.
#[derive(Debug, Subcommand)]
pub enum SchemaKind {
    /// The case input of one rulebook, generated from its fact declarations.
    Case {
        /// The rulebook file.
        #[arg(value_name = "RULEBOOK")]
        rulebook: PathBuf,
    },
    /// The decision (the same for every rulebook).
    Decision,
    /// An audit record of `mete audit` (the same for every rulebook).
    AuditRecord,
}

/// Arguments of `mete check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Rulebook files, or directories to search for `*.mete` files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output form: graphical diagnostics for people, or one JSON object for tools.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Make a kind of diagnostic fail the run (`--deny warnings`).
    #[arg(long, value_enum, value_name = "KIND")]
    pub deny: Vec<DenyKind>,
}

/// Arguments of `mete fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Rulebook files, or directories to search for `*.mete` files.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Keyword language of the output; by default each file keeps its own.
    #[arg(long, value_enum, value_name = "LANG")]
    pub keywords: Option<KeywordLang>,
    /// Change nothing; exit 1 and show the first difference of each file not formatted.
    #[arg(long, conflicts_with = "write")]
    pub check: bool,
    /// Rewrite files in place.
    #[arg(long)]
    pub write: bool,
}

/// Output forms of `mete check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Source excerpts with carets, labels and hints.
    Human,
    /// One JSON object: files, counts of errors and warnings, diagnostics.
    Json,
}

/// Output forms of `mete diff` and `mete audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One line per changed case or per finding, then a table of counts.
    Human,
    /// JSON Lines: one object per input line, then `{"summary": …}`.
    Json,
}

/// Kinds of diagnostic `--deny` can promote to failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DenyKind {
    /// Warnings fail the run.
    Warnings,
}

/// Languages of `mete explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextLang {
    /// Chinese (中文).
    Zh,
    /// English.
    En,
}

impl From<TextLang> for Lang {
    fn from(k: TextLang) -> Lang {
        match k {
            TextLang::En => Lang::En,
            TextLang::Zh => Lang::Zh,
        }
    }
}

/// Keyword languages for `--keywords`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeywordLang {
    /// English keywords (`rulebook`, `when`, …).
    En,
    /// Chinese keywords (`规则集`, `当`, …).
    Zh,
}

impl From<KeywordLang> for Lang {
    fn from(k: KeywordLang) -> Lang {
        match k {
            KeywordLang::En => Lang::En,
            KeywordLang::Zh => Lang::Zh,
        }
    }
}

/// How a run ends. Ordered by gravity: a run reports the worst status any file produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Nothing wrong (warnings allowed unless denied).
    Clean = 0,
    /// Errors in a rulebook, or files not formatted under `fmt --check`.
    Failed = 1,
    /// A path could not be read, or the command line is wrong.
    Trouble = 2,
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit as u8)
    }
}

/// What the run may know about its surroundings, gathered by `main`.
#[derive(Debug, Clone)]
pub struct Context {
    /// Canonical current directory: file names are shown relative to it.
    pub cwd: PathBuf,
    /// Whether human output may use colours.
    pub color: bool,
    /// Resource limits (`--limit`).
    pub limits: Limits,
    /// Where imports may read from (`--import-root`, `--allow-imports-outside-root`).
    pub import_root: ImportRoot,
}

/// Where input comes from and output goes.
pub struct Output<'a> {
    /// Cases read from `-`.
    pub stdin: &'a mut dyn BufRead,
    /// Reports, formatted text, summaries.
    pub stdout: &'a mut dyn Write,
    /// Problems that are not the command's product (for `fmt`: diagnostics).
    pub stderr: &'a mut dyn Write,
}

/// Runs the command. Write failures (a closed pipe) end the run with [`Exit::Trouble`].
pub fn run(cli: &Cli, ctx: &Context, out: &mut Output<'_>) -> Exit {
    let mut ctx = ctx.clone();
    for spec in &cli.limit {
        if let Err(why) = ctx.limits.set_from_str(spec) {
            let _ = writeln!(out.stderr, "error[mete::cli::limit]: {why}");
            return Exit::Trouble;
        }
    }
    if cli.allow_imports_outside_root {
        ctx.import_root = ImportRoot::Anywhere;
    } else if let Some(dir) = &cli.import_root {
        ctx.import_root = ImportRoot::Dir(dir.clone());
    }
    let ctx = &ctx;
    let result = match &cli.command {
        Command::Check(args) => run_check(args, ctx, out),
        Command::Fmt(args) => run_fmt(args, ctx, out),
        Command::Eval(args) => decide::run_eval(&args.paths, args.jsonl.as_deref(), ctx, out),
        Command::Explain(args) => decide::run_explain(&args.paths, args.lang.into(), ctx, out),
        Command::Schema(args) => match &args.which {
            SchemaKind::Case { rulebook } => decide::run_schema(Some(rulebook), ctx, out),
            SchemaKind::Decision => decide::run_schema(None, ctx, out),
            SchemaKind::AuditRecord => out
                .stdout
                .write_all(mete_core::audit::record_schema().as_bytes())
                .map(|()| Exit::Clean),
        },
        Command::Compile(args) => decide::run_compile(&args.rulebook, &args.output, ctx, out),
        Command::Test(args) => testcmd::run_test(args, ctx, out),
        Command::Diff(args) => {
            diff::run_diff(&args.old, &args.new, &args.cases, args.format, ctx, out)
        }
        Command::Audit(args) => {
            audit::run_audit(&args.rulebook, &args.records, args.format, ctx, out)
        }
    };
    result.unwrap_or(Exit::Trouble)
}

/// A diagnostic about a path rather than a place in a rulebook.
fn io_diagnostic(problem: &IoProblem) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        code: "mete::cli::io",
        message: format!("cannot read `{}`: {}", problem.path, problem.message),
        labels: Vec::new(),
        help: None,
    }
}

fn too_large(limit: usize) -> String {
    format!("larger than the limit of {limit} bytes")
}

/// Collects one run's diagnostics, skipping repeats (a file imported by two checked files).
struct Collected {
    style: Style,
    format: OutputFormat,
    errors: usize,
    warnings: usize,
    seen: std::collections::BTreeSet<(Option<String>, u32, u32, String, String)>,
    dtos: Vec<DiagnosticDto>,
}

impl Collected {
    fn add(
        &mut self,
        diag: &Diagnostic,
        sources: &SourceMap,
        file: Option<&str>,
        sink: &mut dyn Write,
    ) -> std::io::Result<()> {
        let mut dto = diag.to_dto(sources);
        if dto.file.is_none() {
            dto.file = file.map(str::to_string);
        }
        let (start, end) = dto.labels.first().map_or((0, 0), |l| (l.start, l.end));
        let key = (
            dto.file.clone(),
            start,
            end,
            dto.code.clone(),
            dto.message.clone(),
        );
        if !self.seen.insert(key) {
            return Ok(());
        }
        match diag.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
        match self.format {
            OutputFormat::Human => writeln!(sink, "{}", render::human(diag, sources, self.style))?,
            OutputFormat::Json => self.dtos.push(dto),
        }
        Ok(())
    }
}

fn run_check(args: &CheckArgs, ctx: &Context, out: &mut Output<'_>) -> std::io::Result<Exit> {
    let options = ctx.limits.check_options();
    let max_bytes = options.parse.max_source_bytes;
    let (inputs, problems) = collect_inputs(&args.paths, &ctx.cwd);
    let mut collected = Collected {
        style: Style { color: ctx.color },
        format: args.format,
        errors: 0,
        warnings: 0,
        seen: Default::default(),
        dtos: Vec::new(),
    };
    let mut trouble = !problems.is_empty();
    let empty = SourceMap::new();
    for problem in &problems {
        collected.add(
            &io_diagnostic(problem),
            &empty,
            Some(&problem.path),
            out.stdout,
        )?;
    }
    for input in &inputs {
        let bytes = match read_limited(&input.path, max_bytes) {
            Ok(b) => b,
            Err(e) => {
                let message = match e {
                    ReadError::Io(m) => m,
                    ReadError::TooLarge(limit) => too_large(limit),
                };
                let problem = IoProblem {
                    path: input.name.clone(),
                    message,
                };
                collected.add(
                    &io_diagnostic(&problem),
                    &empty,
                    Some(&input.name),
                    out.stdout,
                )?;
                trouble = true;
                continue;
            }
        };
        let loader = DiskLoader::for_rulebook(&ctx.cwd, max_bytes, &ctx.import_root, &input.path);
        let result = check(&input.name, &bytes, &loader, &options);
        for diag in &result.diagnostics {
            collected.add(diag, &result.sources, Some(&input.name), out.stdout)?;
        }
    }
    let files: Vec<String> = inputs.iter().map(|i| i.name.clone()).collect();
    match args.format {
        OutputFormat::Human => writeln!(
            out.stdout,
            "{}",
            render::summary(collected.errors, collected.warnings, files.len())
        )?,
        OutputFormat::Json => {
            let report = JsonReport {
                files,
                errors: collected.errors,
                warnings: collected.warnings,
                diagnostics: collected.dtos,
            };
            let text = serde_json::to_string_pretty(&report).map_err(std::io::Error::other)?;
            writeln!(out.stdout, "{text}")?;
        }
    }
    let deny_warnings = args.deny.contains(&DenyKind::Warnings);
    Ok(if trouble {
        Exit::Trouble
    } else if collected.errors > 0 || (deny_warnings && collected.warnings > 0) {
        Exit::Failed
    } else {
        Exit::Clean
    })
}

fn run_fmt(args: &FmtArgs, ctx: &Context, out: &mut Output<'_>) -> std::io::Result<Exit> {
    let (inputs, problems) = collect_inputs(&args.paths, &ctx.cwd);
    let style = Style { color: ctx.color };
    let mut exit = Exit::Clean;
    let empty = SourceMap::new();
    for problem in &problems {
        write!(
            out.stderr,
            "{}",
            render::human(&io_diagnostic(problem), &empty, style)
        )?;
        exit = Exit::Trouble;
    }
    let printing = !args.check && !args.write;
    if printing && inputs.len() > 1 {
        writeln!(
            out.stderr,
            "mete fmt: {} files given; printing takes one file\n  help: use `--write` to rewrite them in place or `--check` to verify them",
            inputs.len()
        )?;
        return Ok(Exit::Trouble);
    }
    let options = ParseOptions::default();
    let format_options = FormatOptions {
        lang: args.keywords.map(Lang::from),
    };
    let mut unformatted = 0usize;
    for input in &inputs {
        let bytes = match read_limited(&input.path, options.max_source_bytes) {
            Ok(b) => b,
            Err(e) => {
                let message = match e {
                    ReadError::Io(m) => m,
                    ReadError::TooLarge(limit) => too_large(limit),
                };
                let problem = IoProblem {
                    path: input.name.clone(),
                    message,
                };
                write!(
                    out.stderr,
                    "{}",
                    render::human(&io_diagnostic(&problem), &empty, style)
                )?;
                exit = exit.max(Exit::Trouble);
                continue;
            }
        };
        let module = match parse_bytes(FileId(0), &bytes, &options) {
            Ok(m) => m,
            Err(diags) => {
                let mut sources = SourceMap::new();
                sources.add(
                    input.name.as_str(),
                    String::from_utf8_lossy(&bytes).as_ref(),
                );
                for diag in &diags.0 {
                    write!(out.stderr, "{}", render::human(diag, &sources, style))?;
                }
                exit = exit.max(Exit::Failed);
                continue;
            }
        };
        let formatted = format(&module, &format_options);
        if printing {
            write!(out.stdout, "{formatted}")?;
        } else if bytes != formatted.as_bytes() {
            if args.check {
                unformatted += 1;
                let before = String::from_utf8_lossy(&bytes);
                writeln!(out.stdout, "not formatted: {}", input.name)?;
                write!(out.stdout, "{}", first_difference(&before, &formatted))?;
                exit = exit.max(Exit::Failed);
            } else if let Err(e) = std::fs::write(&input.path, formatted.as_bytes()) {
                writeln!(
                    out.stderr,
                    "error[mete::cli::io]: cannot write `{}`: {}",
                    input.name,
                    loader::describe_io(&e)
                )?;
                exit = exit.max(Exit::Trouble);
            } else {
                writeln!(out.stdout, "formatted: {}", input.name)?;
            }
        }
    }
    if args.check {
        writeln!(
            out.stdout,
            "{} of {} not formatted",
            render::plural(unformatted, "file", "files"),
            inputs.len()
        )?;
    }
    Ok(exit)
}

/// A short unified-style diff of the first run of differing lines (at most six lines each side).
pub fn first_difference(before: &str, after: &str) -> String {
    const MAX: usize = 6;
    let a: Vec<&str> = before.lines().collect();
    let b: Vec<&str> = after.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let a_rest = a.get(prefix..).unwrap_or_default();
    let b_rest = b.get(prefix..).unwrap_or_default();
    let suffix = a_rest
        .iter()
        .rev()
        .zip(b_rest.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let removed = a_rest.get(..a_rest.len() - suffix).unwrap_or_default();
    let added = b_rest.get(..b_rest.len() - suffix).unwrap_or_default();
    let mut out = format!(
        "@@ -{},{} +{},{} @@\n",
        prefix + 1,
        removed.len(),
        prefix + 1,
        added.len()
    );
    if removed.is_empty() && added.is_empty() {
        // Only line endings or a final newline differ.
        out.push_str("  (whitespace at line ends or the end of the file differs)\n");
    }
    for (lines, sign) in [(removed, '-'), (added, '+')] {
        for line in lines.iter().take(MAX) {
            out.push(sign);
            out.push_str(line);
            out.push('\n');
        }
        if lines.len() > MAX {
            out.push_str(&format!("{sign}… {} more lines\n", lines.len() - MAX));
        }
    }
    out
}

/// Gathers the [`Context`] from the process: the current directory and whether stdout is a
/// terminal that accepts colour (`NO_COLOR` unset). Only the binary calls this.
pub fn context_from_process() -> std::io::Result<Context> {
    use std::io::IsTerminal;
    #[allow(
        clippy::disallowed_methods,
        reason = "the CLI names files relative to where it runs; the core never sees the directory"
    )]
    let cwd = std::env::current_dir()?.canonicalize()?;
    #[allow(
        clippy::disallowed_methods,
        reason = "the CLI, not the core, may consult the environment for NO_COLOR"
    )]
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    Ok(Context {
        cwd,
        color: std::io::stdout().is_terminal() && !no_color,
        limits: Limits::default(),
        import_root: ImportRoot::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_shows_the_first_differing_lines() {
        let d = first_difference("a\nb\nc\nd\n", "a\nB\nc\nd\n");
        assert_eq!(d, "@@ -2,1 +2,1 @@\n-b\n+B\n");
        let d = first_difference("a\n", "a\nb\n");
        assert_eq!(d, "@@ -2,0 +2,1 @@\n+b\n");
        let d = first_difference("a", "a\n");
        assert!(d.contains("whitespace"), "{d}");
    }

    #[test]
    fn exits_are_ordered_by_gravity() {
        assert!(Exit::Trouble > Exit::Failed && Exit::Failed > Exit::Clean);
        assert_eq!(Exit::Failed as u8, 1);
    }
}
