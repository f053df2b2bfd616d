"""Audit and diff reports: the core's report JSON, as dataclasses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

__all__ = [
    "Finding",
    "RecordAudit",
    "AuditSummary",
    "AuditReport",
    "Change",
    "CaseDiff",
    "DiffSummary",
    "DiffReport",
]


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a recorded decision."""

    code: str
    severity: str
    message: str
    cite: Optional[str]
    path: str


@dataclass(frozen=True)
class RecordAudit:
    """The audit of one record (``line`` is its 1-based position in the input)."""

    line: int
    violation: Optional[str]
    outcome: Optional[str]
    band: Optional[str]
    findings: Tuple[Finding, ...]


@dataclass(frozen=True)
class AuditSummary:
    """Counts over all records; ``by_code`` lists every finding code, zero or not."""

    records: int
    clean: int
    with_findings: int
    errors: int
    warnings: int
    by_code: Dict[str, int]


def _summary(d: Dict[str, Any]) -> AuditSummary:
    return AuditSummary(
        records=d["records"],
        clean=d["clean"],
        with_findings=d["with_findings"],
        errors=d["errors"],
        warnings=d["warnings"],
        by_code=dict(d["by_code"]),
    )


class AuditReport:
    """Every record's findings, then the summary (the shape of ``mete audit --format json``)."""

    records: List[RecordAudit]
    summary: AuditSummary

    def __init__(self, report_json: str) -> None:
        self._json = report_json
        d = json.loads(report_json)
        self.records = [
            RecordAudit(
                line=r["line"],
                violation=r["violation"],
                outcome=r["outcome"],
                band=r["band"],
                findings=tuple(Finding(**f) for f in r["findings"]),
            )
            for r in d["records"]
        ]
        self.summary = _summary(d["summary"])

    @property
    def findings(self) -> List[Tuple[int, Finding]]:
        """Every finding with the line of its record."""
        return [(r.line, f) for r in self.records for f in r.findings]

    def to_dict(self) -> Dict[str, Any]:
        """The report as the core writes it."""
        return json.loads(self._json)  # type: ignore[no-any-return]

    def to_json(self) -> str:
        """The report as the core writes it (compact JSON)."""
        return self._json

    def to_frame(self) -> Any:
        """One row per finding (line, violation, code, severity, message, cite, path), as a
        pandas DataFrame."""
        import pandas as pd

        rows = [
            {
                "line": r.line,
                "violation": r.violation,
                "code": f.code,
                "severity": f.severity,
                "message": f.message,
                "cite": f.cite,
                "path": f.path,
            }
            for r in self.records
            for f in r.findings
        ]
        columns = ["line", "violation", "code", "severity", "message", "cite", "path"]
        return pd.DataFrame(rows, columns=columns)

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<AuditReport {s.records} records: {s.clean} clean, {s.with_findings} with findings "
            f"({s.errors} errors, {s.warnings} warnings)>"
        )


@dataclass(frozen=True)
class Change:
    """One thing that changed in a case's decision between two rulebooks."""

    kind: str
    old: str
    new: str
    added: Tuple[str, ...]
    removed: Tuple[str, ...]


@dataclass(frozen=True)
class CaseDiff:
    """How one case fared: ``unchanged``, ``changed`` or ``error``."""

    line: int
    violation: Optional[str]
    status: str
    changes: Tuple[Change, ...]
    old_error: Optional[str]
    new_error: Optional[str]


@dataclass(frozen=True)
class DiffSummary:
    """Counts over all cases; ``by_kind`` lists every kind of change."""

    cases: int
    changed: int
    unchanged: int
    errors: int
    by_kind: Dict[str, int]


class DiffReport:
    """The comparison of two rulebooks over a set of cases (``mete diff --format json``)."""

    old: str
    new: str
    cases: List[CaseDiff]
    summary: DiffSummary

    def __init__(self, report_json: str) -> None:
        self._json = report_json
        d = json.loads(report_json)
        self.old = d["old"]
        self.new = d["new"]
        self.cases = [
            CaseDiff(
                line=c["line"],
                violation=c["violation"],
                status=c["status"],
                changes=tuple(
                    Change(
                        kind=x["kind"],
                        old=x["old"],
                        new=x["new"],
                        added=tuple(x["added"]),
                        removed=tuple(x["removed"]),
                    )
                    for x in c["changes"]
                ),
                old_error=c["old_error"],
                new_error=c["new_error"],
            )
            for c in d["cases"]
        ]
        s = d["summary"]
        self.summary = DiffSummary(
            cases=s["cases"],
            changed=s["changed"],
            unchanged=s["unchanged"],
            errors=s["errors"],
            by_kind=dict(s["by_kind"]),
        )

    @property
    def changed(self) -> List[CaseDiff]:
        """The cases whose decision changed."""
        return [c for c in self.cases if c.status == "changed"]

    def to_dict(self) -> Dict[str, Any]:
        return json.loads(self._json)  # type: ignore[no-any-return]

    def to_json(self) -> str:
        return self._json

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<DiffReport {self.old} → {self.new}: {s.cases} cases, {s.changed} changed, "
            f"{s.errors} errors>"
        )
