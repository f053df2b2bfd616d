//! `mete audit RULEBOOK RECORDS.jsonl`: findings on recorded decisions.
//!
//! Streams: each record is audited as it is read. Human output lists the findings of each record
//! with findings, then a table of counts per code. JSON output is JSON Lines: one report per
//! record (clean or not), then `{"summary": {...}}`.

use std::io::Write;
use std::path::Path;

use mete_core::audit::{AuditSummary, CODES, RecordReport, audit_record};

use crate::decide::{load_one, with_lines};
use crate::render::plural;
use crate::{Context, Exit, Output, ReportFormat};

/// Runs `mete audit`. Exit 0 when no finding is an error (warnings allowed), 1 when some is or
/// the rulebook has errors, 2 when a file cannot be read.
pub fn run_audit(
    rulebook: &Path,
    records: &Path,
    format: ReportFormat,
    ctx: &Context,
    out: &mut Output<'_>,
) -> std::io::Result<Exit> {
    let book = match load_one(rulebook, ctx, out)? {
        Ok(b) => b,
        Err(e) => return Ok(e),
    };
    let mut summary = AuditSummary::new();
    let mut each = |line: mete_core::case::json::JsonLine, stdout: &mut dyn Write| {
        let r = audit_record(&book, line.number, &line.bytes);
        summary.add(&r);
        match format {
            ReportFormat::Human => {
                if !r.findings.is_empty() {
                    write!(stdout, "{}", human_record(&r))?;
                }
            }
            ReportFormat::Json => {
                let text = serde_json::to_string(&r).map_err(std::io::Error::other)?;
                writeln!(stdout, "{text}")?;
            }
        }
        Ok(())
    };
    if let Err(exit) = with_lines(records, ctx, out, &mut each)? {
        return Ok(exit);
    }
    match format {
        ReportFormat::Human => write!(out.stdout, "{}", summary_table(&summary))?,
        ReportFormat::Json => {
            #[derive(serde::Serialize)]
            struct Last<'a> {
                summary: &'a AuditSummary,
            }
            let text = serde_json::to_string(&Last { summary: &summary })
                .map_err(std::io::Error::other)?;
            writeln!(out.stdout, "{text}")?;
        }
    }
    Ok(if summary.errors > 0 {
        Exit::Failed
    } else {
        Exit::Clean
    })
}

/// One record's findings: a heading line, then one line per finding (and its citation).
pub fn human_record(r: &RecordReport) -> String {
    let mut s = format!("line {}:", r.line);
    if let Some(v) = &r.violation {
        s.push_str(&format!(" {v}"));
    }
    if let Some(o) = &r.outcome {
        s.push_str(&format!(" → {o}"));
    }
    if let Some(b) = &r.band {
        s.push_str(&format!(", band {b}"));
    }
    s.push('\n');
    for f in &r.findings {
        s.push_str(&format!(
            "  {}[{}] {}: {}\n",
            f.severity.id(),
            f.code,
            f.path,
            f.message
        ));
        if let Some(c) = &f.cite {
            s.push_str(&format!("    cite: {c}\n"));
        }
    }
    s
}

/// The summary as a table of counts per code (every code listed).
pub fn summary_table(s: &AuditSummary) -> String {
    let mut t = format!(
        "\n{} audited: {} clean, {} with findings ({}, {})\n",
        plural(s.records, "record", "records"),
        s.clean,
        s.with_findings,
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings")
    );
    t.push_str(&format!(
        "{:<40} {:<8} {:>6}\n",
        "code", "severity", "count"
    ));
    for (code, severity, _) in CODES {
        let n = s.by_code.get(code).copied().unwrap_or(0);
        t.push_str(&format!("{:<40} {:<8} {:>6}\n", code, severity.id(), n));
    }
    t
}
