//! `mete diff OLD NEW --cases FILE.jsonl`: what two versions of a rulebook decide differently.
//!
//! Human output: one line per changed or failed case, then a summary table. JSON output is
//! JSON Lines: one object per case (changed or not), then `{"summary": {...}}`. A bad line is
//! reported and counted; it never stops the stream.

use std::io::Write;
use std::path::Path;

use mete_core::diff::{ChangeKind, DiffSummary, diff_case, human_line};

use crate::decide::{load_one, with_lines};
use crate::render::plural;
use crate::{Context, Exit, Output, ReportFormat};

/// Runs `mete diff`. Exit 0 when the cases were read (whatever changed), 1 when a rulebook has
/// errors, 2 when a file cannot be read.
pub fn run_diff(
    old: &Path,
    new: &Path,
    cases: &Path,
    format: ReportFormat,
    ctx: &Context,
    out: &mut Output<'_>,
) -> std::io::Result<Exit> {
    let old_book = match load_one(old, ctx, out)? {
        Ok(b) => b,
        Err(e) => return Ok(e),
    };
    let new_book = match load_one(new, ctx, out)? {
        Ok(b) => b,
        Err(e) => return Ok(e),
    };
    let mut summary = DiffSummary::new();
    let mut each = |line: mete_core::case::json::JsonLine, stdout: &mut dyn Write| {
        let d = diff_case(&old_book, &new_book, line.number, &line.bytes);
        summary.add(&d);
        match format {
            ReportFormat::Human => {
                if let Some(text) = human_line(&d) {
                    writeln!(stdout, "{text}")?;
                }
            }
            ReportFormat::Json => {
                let text = serde_json::to_string(&d).map_err(std::io::Error::other)?;
                writeln!(stdout, "{text}")?;
            }
        }
        Ok(())
    };
    if let Err(exit) = with_lines(cases, ctx, out, &mut each)? {
        return Ok(exit);
    }
    match format {
        ReportFormat::Human => write!(
            out.stdout,
            "{}",
            summary_table(&summary, old_book.version(), new_book.version())
        )?,
        ReportFormat::Json => {
            #[derive(serde::Serialize)]
            struct Last<'a> {
                summary: &'a DiffSummary,
            }
            let text = serde_json::to_string(&Last { summary: &summary })
                .map_err(std::io::Error::other)?;
            writeln!(out.stdout, "{text}")?;
        }
    }
    Ok(Exit::Clean)
}

/// The summary as a small table.
pub fn summary_table(s: &DiffSummary, old: &str, new: &str) -> String {
    let mut t = format!(
        "\n{} compared (version {old} → {new}): {} changed, {} unchanged, {}\n",
        plural(s.cases, "case", "cases"),
        s.changed,
        s.unchanged,
        plural(s.errors, "error", "errors")
    );
    t.push_str("change      cases\n");
    for k in ChangeKind::ALL {
        let n = s.by_kind.get(&k).copied().unwrap_or(0);
        t.push_str(&format!("{:<10} {:>6}\n", k.id(), n));
    }
    t
}
