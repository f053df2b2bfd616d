"""mete: administrative-penalty discretion benchmarks (行政裁量权基准) as rules.

Load a rulebook, decide cases, audit recorded decisions, compare versions::

    import mete
    book = mete.load("rulebooks/ecology/ecology.mete")
    d = book.evaluate({"violation": "大气-劣质煤", "act_date": "2024-03-01", ...})
    d.outcome, d.fine.min, d.fine.max          # 'penalize', Decimal(...), Decimal(...)
    d.to_json()                                # the core's JSON, byte for byte
    book.evaluate_many(df, parallel=True)      # a DataFrame in, a DataFrame out
    book.audit_many(records)                   # findings per record

Every error is a ``mete.MeteError``: ``RulebookError`` (diagnostics with file:line:col),
``CaseError`` (problems with JSON paths), ``EvaluationError``.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Tuple

from . import _native
from ._decision import (
    Adjustment,
    Band,
    Circumstance,
    Consequence,
    Decision,
    DurationRange,
    Item,
    Obligation,
    Option,
    Provision,
    Range,
    Rationale,
    Review,
    RulebookRef,
    Sanction,
    SourceAt,
    Tier,
    TraceStep,
    VersionChoice,
)
from ._reports import AuditReport, AuditSummary, CaseDiff, Change, DiffReport, DiffSummary, Finding, RecordAudit
from ._rulebook import Rulebook, RulebookSet, diff, load
from .errors import CaseError, CaseProblem, Diagnostic, EvaluationError, Label, MeteError, RulebookError

__version__: str = _native.__version__

__all__ = [
    "Adjustment",
    "AuditReport",
    "AuditSummary",
    "Band",
    "CaseDiff",
    "CaseError",
    "CaseProblem",
    "Change",
    "Circumstance",
    "Consequence",
    "Decision",
    "Diagnostic",
    "DiffReport",
    "DiffSummary",
    "DurationRange",
    "EvaluationError",
    "Finding",
    "Item",
    "Label",
    "MeteError",
    "Obligation",
    "Option",
    "Provision",
    "Range",
    "Rationale",
    "RecordAudit",
    "Review",
    "Rulebook",
    "RulebookError",
    "RulebookRef",
    "RulebookSet",
    "Sanction",
    "SourceAt",
    "Tier",
    "TraceStep",
    "VersionChoice",
    "audit_codes",
    "audit_record_schema",
    "decision_schema",
    "diff",
    "load",
]


def decision_schema() -> Dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a decision."""
    return json.loads(_native.decision_schema())  # type: ignore[no-any-return]


def audit_record_schema() -> Dict[str, Any]:
    """The JSON Schema of an audit record (``{"case": …, "recorded": …}``)."""
    return json.loads(_native.audit_record_schema())  # type: ignore[no-any-return]


def audit_codes() -> List[Tuple[str, str, str]]:
    """Every audit finding code: ``(code, severity, meaning)``, in report order."""
    return _native.audit_codes()
