//! `mete eval`, `mete explain` and `mete schema`: loading rulebooks from disk and deciding cases.
//!
//! Output contract: the product (a decision, a stream of decisions, a schema, an explanation)
//! goes to stdout; problems go to stderr as readable text, and for `eval` also to stdout as one
//! JSON error object, so a program reading stdout always gets JSON.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use mete_core::api::EvaluateAnswer;
use mete_core::case::CaseOptions;
use mete_core::case::json::json_lines;
use mete_core::compile::Rulebook;
use mete_core::decision::{DecisionDto, decision_schema};
use mete_core::eval::{EvalOptions, EvaluateError, RulebookSet};
use mete_core::explain::explain;

use crate::loader::{DiskLoader, ReadError, describe_io, display_name, read_limited};
use crate::render::{self, Style};
use crate::{Context, Exit, Output};

/// One or several versions of one rulebook, loaded from disk.
enum Books {
    One(Rulebook),
    Set(RulebookSet),
}

impl Books {
    fn evaluate(
        &self,
        json: &[u8],
        case_options: &CaseOptions,
    ) -> Result<DecisionDto, EvaluateError> {
        let options = EvalOptions::default();
        match self {
            Books::One(b) => b.evaluate_json(json, &options, case_options),
            Books::Set(s) => s.evaluate_json(json, &options, case_options),
        }
    }
}

/// Why a command stopped before deciding anything.
enum Stop {
    /// A rulebook has errors (already printed): exit 1.
    Rulebook,
    /// A path could not be read, or the rulebooks do not form a set (already printed): exit 2.
    Trouble,
}

impl From<Stop> for Exit {
    fn from(s: Stop) -> Exit {
        match s {
            Stop::Rulebook => Exit::Failed,
            Stop::Trouble => Exit::Trouble,
        }
    }
}

fn name_of(path: &Path, ctx: &Context) -> (PathBuf, String) {
    let full = ctx.cwd.join(path);
    match full.canonicalize() {
        Ok(c) => {
            let name = display_name(&c, &ctx.cwd);
            (c, name)
        }
        Err(_) => (full, path.to_string_lossy().into_owned()),
    }
}

/// Reads, checks and compiles each rulebook; prints every error (and nothing else) to stderr.
fn load_books(
    paths: &[PathBuf],
    ctx: &Context,
    out: &mut Output<'_>,
) -> std::io::Result<Result<Books, Stop>> {
    let options = ctx.limits.check_options();
    let max_bytes = options.parse.max_source_bytes;
    let style = Style { color: false };
    let mut books = Vec::new();
    let mut stop = None;
    for path in paths {
        let (full, name) = name_of(path, ctx);
        let bytes = match read_limited(&full, max_bytes) {
            Ok(b) => b,
            Err(e) => {
                writeln!(out.stderr, "{}", read_problem(&name, e))?;
                stop = Some(Stop::Trouble);
                continue;
            }
        };
        let loader = DiskLoader::for_rulebook(&ctx.cwd, max_bytes, &ctx.import_root, &full);
        match Rulebook::from_source(&name, &bytes, &loader, &options) {
            Ok((book, _warnings)) => books.push(book),
            Err(e) => {
                let errors = e
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == mete_core::Severity::Error)
                    .count();
                for d in &e.diagnostics {
                    writeln!(out.stderr, "{}", render::human(d, &e.sources, style))?;
                }
                writeln!(
                    out.stderr,
                    "mete: `{name}` has {}; run `mete check {name}` after fixing them",
                    render::plural(errors, "error", "errors")
                )?;
                stop = stop.or(Some(Stop::Rulebook));
            }
        }
    }
    if let Some(s) = stop {
        return Ok(Err(s));
    }
    if books.len() == 1 {
        if let Some(b) = books.pop() {
            return Ok(Ok(Books::One(b)));
        }
    }
    Ok(match RulebookSet::new(books) {
        Ok(set) => Ok(Books::Set(set)),
        Err(e) => {
            writeln!(out.stderr, "error[{}]: {}", e.code, e.message)?;
            writeln!(
                out.stderr,
                "  help: give several rulebook files only when they are versions of one rulebook"
            )?;
            Err(Stop::Trouble)
        }
    })
}

/// Reads, checks and compiles one rulebook (not a set of versions) for `diff` and `audit`;
/// problems are printed to stderr and give the exit status to stop with.
pub(crate) fn load_one(
    path: &Path,
    ctx: &Context,
    out: &mut Output<'_>,
) -> std::io::Result<Result<Rulebook, Exit>> {
    Ok(
        match load_books(std::slice::from_ref(&path.to_path_buf()), ctx, out)? {
            Ok(Books::One(b)) => Ok(b),
            Ok(Books::Set(_)) => Err(Exit::Trouble),
            Err(s) => Err(s.into()),
        },
    )
}

/// Opens a JSON Lines input (`-` is stdin) and hands its lines to `each`; a file that cannot be
/// opened is reported on stderr as `Err(Exit::Trouble)`.
pub(crate) fn with_lines(
    path: &Path,
    ctx: &Context,
    out: &mut Output<'_>,
    each: &mut dyn FnMut(mete_core::case::json::JsonLine, &mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<Result<(), Exit>> {
    let max_bytes = ctx.limits.case_bytes;
    let result = if path.as_os_str() == "-" {
        for_lines(&mut *out.stdin, max_bytes, &mut *out.stdout, each)
    } else {
        let (full, name) = name_of(path, ctx);
        match std::fs::File::open(&full) {
            Ok(f) => for_lines(
                std::io::BufReader::new(f),
                max_bytes,
                &mut *out.stdout,
                each,
            ),
            Err(e) => {
                writeln!(
                    out.stderr,
                    "error[mete::cli::io]: cannot read `{name}`: {}",
                    describe_io(&e)
                )?;
                return Ok(Err(Exit::Trouble));
            }
        }
    };
    match result {
        Ok(()) => Ok(Ok(())),
        Err(e) => {
            writeln!(
                out.stderr,
                "error[mete::cli::io]: reading `{}` failed: {}",
                path.to_string_lossy(),
                describe_io(&e)
            )?;
            Ok(Err(Exit::Trouble))
        }
    }
}

fn for_lines<R: BufRead>(
    reader: R,
    max_bytes: usize,
    stdout: &mut dyn Write,
    each: &mut dyn FnMut(mete_core::case::json::JsonLine, &mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    for line in json_lines(reader, max_bytes) {
        each(line?, stdout)?;
    }
    Ok(())
}

fn read_problem(name: &str, e: ReadError) -> String {
    let message = match e {
        ReadError::Io(m) => m,
        ReadError::TooLarge(limit) => format!("larger than the limit of {limit} bytes"),
    };
    format!("error[mete::cli::io]: cannot read `{name}`: {message}")
}

/// Reads the case file (`-` is stdin), at most the case size limit plus one byte so that the
/// case reader reports an oversized case itself.
fn read_case_input(
    path: &Path,
    ctx: &Context,
    out: &mut Output<'_>,
) -> std::io::Result<Result<Vec<u8>, Stop>> {
    let limit = ctx.limits.case_bytes.saturating_add(1);
    let cap = u64::try_from(limit).unwrap_or(u64::MAX);
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::Read::read_to_end(&mut std::io::Read::take(&mut *out.stdin, cap), &mut bytes)
            .map_err(|e| std::io::Error::other(describe_io(&e)))?;
        return Ok(Ok(bytes));
    }
    let (full, name) = name_of(path, ctx);
    // Only the first `limit` bytes are read, however large the file: the case reader then
    // reports the oversized case (`mete::case::too_large`) like any other case problem.
    let read = std::fs::File::open(&full)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, cap), &mut bytes));
    Ok(match read {
        Ok(_) => Ok(bytes),
        Err(e) => {
            writeln!(
                out.stderr,
                "{}",
                read_problem(&name, ReadError::Io(describe_io(&e)))
            )?;
            Err(Stop::Trouble)
        }
    })
}

/// Splits `RULEBOOK... CASE` (the last path is the case).
fn split_case(paths: &[PathBuf]) -> Option<(&[PathBuf], &PathBuf)> {
    let (case, books) = paths.split_last()?;
    (!books.is_empty()).then_some((books, case))
}

fn missing_case(command: &str, out: &mut Output<'_>) -> std::io::Result<Exit> {
    writeln!(
        out.stderr,
        "mete {command}: give one or more rulebooks, then the case file (`-` reads stdin)"
    )?;
    Ok(Exit::Trouble)
}

/// The readable form of an evaluation error, for stderr.
pub fn error_text(e: &EvaluateError, source: &str) -> String {
    match e {
        EvaluateError::Case(c) => {
            let mut s = format!(
                "error: {} in the case `{source}`\n",
                render::plural(c.problems.len(), "problem", "problems")
            );
            for p in &c.problems {
                s.push_str(&format!("  {}: {} [{}]\n", p.path, p.message, p.code));
                if let Some(h) = &p.hint {
                    s.push_str(&format!("    help: {h}\n"));
                }
            }
            s
        }
        EvaluateError::Eval(e) => {
            let item = e
                .item
                .as_deref()
                .map(|i| format!(" (violation `{i}`)"))
                .unwrap_or_default();
            format!(
                "error: the case `{source}` cannot be decided{item}: {} [{}]\n",
                e.message, e.code
            )
        }
    }
}

fn pretty<T: serde::Serialize>(value: &T) -> std::io::Result<String> {
    let mut text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    text.push('\n');
    Ok(text)
}

fn compact<T: serde::Serialize>(value: &T) -> std::io::Result<String> {
    serde_json::to_string(value).map_err(std::io::Error::other)
}

/// `mete eval RULEBOOK... CASE` and `mete eval RULEBOOK... --jsonl [FILE]`.
pub fn run_eval(
    paths: &[PathBuf],
    jsonl: Option<&Path>,
    ctx: &Context,
    out: &mut Output<'_>,
) -> std::io::Result<Exit> {
    if let Some(stream) = jsonl {
        return run_jsonl(paths, stream, ctx, out);
    }
    let Some((book_paths, case_path)) = split_case(paths) else {
        return missing_case("eval", out);
    };
    let books = match load_books(book_paths, ctx, out)? {
        Ok(b) => b,
        Err(s) => return Ok(s.into()),
    };
    let bytes = match read_case_input(case_path, ctx, out)? {
        Ok(b) => b,
        Err(s) => return Ok(s.into()),
    };
    let source = case_path.to_string_lossy();
    match books.evaluate(&bytes, &ctx.limits.case_options()) {
        Ok(d) => {
            write!(out.stdout, "{}", pretty(&d)?)?;
            Ok(Exit::Clean)
        }
        Err(e) => {
            write!(out.stderr, "{}", error_text(&e, &source))?;
            write!(out.stdout, "{}", pretty(&EvaluateAnswer::Error(e))?)?;
            Ok(Exit::Failed)
        }
    }
}

/// One line of `--jsonl` output that is not a decision.
#[derive(serde::Serialize)]
struct LineError<'a> {
    line: usize,
    status: &'static str,
    error: &'a EvaluateError,
}

fn run_jsonl(
    paths: &[PathBuf],
    stream: &Path,
    ctx: &Context,
    out: &mut Output<'_>,
) -> std::io::Result<Exit> {
    let books = match load_books(paths, ctx, out)? {
        Ok(b) => b,
        Err(s) => return Ok(s.into()),
    };
    let case_options = ctx.limits.case_options();
    let (mut decided, mut errors) = (0usize, 0usize);
    // Only I/O failures stop the stream; a bad line gets an error record and the next is read.
    let read = with_lines(stream, ctx, out, &mut |line, stdout| match books
        .evaluate(&line.bytes, &case_options)
    {
        Ok(d) => {
            decided += 1;
            writeln!(stdout, "{}", compact(&d)?)
        }
        Err(e) => {
            errors += 1;
            let record = LineError {
                line: line.number,
                status: "error",
                error: &e,
            };
            writeln!(stdout, "{}", compact(&record)?)
        }
    })?;
    if let Err(exit) = read {
        return Ok(exit);
    }
    writeln!(
        out.stderr,
        "{} decided, {}",
        decided,
        render::plural(errors, "error", "errors")
    )?;
    Ok(Exit::Clean)
}

/// `mete explain RULEBOOK... CASE [--lang zh|en]`.
pub fn run_explain(
    paths: &[PathBuf],
    lang: mete_core::ast::Lang,
    ctx: &Context,
    out: &mut Output<'_>,
) -> std::io::Result<Exit> {
    let Some((book_paths, case_path)) = split_case(paths) else {
        return missing_case("explain", out);
    };
    let books = match load_books(book_paths, ctx, out)? {
        Ok(b) => b,
        Err(s) => return Ok(s.into()),
    };
    let bytes = match read_case_input(case_path, ctx, out)? {
        Ok(b) => b,
        Err(s) => return Ok(s.into()),
    };
    match books.evaluate(&bytes, &ctx.limits.case_options()) {
        Ok(d) => {
            write!(out.stdout, "{}", explain(&d, lang))?;
            Ok(Exit::Clean)
        }
        Err(e) => {
            write!(
                out.stderr,
                "{}",
                error_text(&e, &case_path.to_string_lossy())
            )?;
            Ok(Exit::Failed)
        }
    }
}

/// `mete compile`: checks `rulebook` (diagnostics as for `eval`) and writes its saved form.
pub fn run_compile(
    rulebook: &Path,
    output: &Path,
    ctx: &Context,
    out: &mut Output<'_>,
) -> std::io::Result<Exit> {
    let book = match load_one(rulebook, ctx, out)? {
        Ok(b) => b,
        Err(exit) => return Ok(exit),
    };
    match std::fs::write(output, book.save()) {
        Ok(()) => Ok(Exit::Clean),
        Err(e) => {
            writeln!(out.stderr, "error: cannot write {}: {e}", output.display())?;
            Ok(Exit::Trouble)
        }
    }
}

/// `mete schema case RULEBOOK` (`rulebook: Some`) or `mete schema decision`.
pub fn run_schema(
    rulebook: Option<&Path>,
    ctx: &Context,
    out: &mut Output<'_>,
) -> std::io::Result<Exit> {
    let Some(path) = rulebook else {
        write!(out.stdout, "{}", decision_schema())?;
        return Ok(Exit::Clean);
    };
    match load_books(std::slice::from_ref(&path.to_path_buf()), ctx, out)? {
        Ok(Books::One(b)) => {
            write!(out.stdout, "{}", b.case_schema())?;
            Ok(Exit::Clean)
        }
        Ok(Books::Set(_)) => Ok(Exit::Trouble),
        Err(s) => Ok(s.into()),
    }
}
