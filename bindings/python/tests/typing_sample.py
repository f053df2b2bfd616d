"""A user's script, type-checked with mypy --strict against the package's stubs (not run)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import List, Optional

import mete


def band_width(book: mete.Rulebook) -> Optional[Decimal]:
    d: mete.Decision = book.evaluate({"violation": "V-1", "act_date": datetime.date(2024, 3, 1), "value": 8000})
    fine: Optional[mete.Band] = d.fine
    if fine is None:
        return None
    return fine.max - fine.min


def problems(book: mete.Rulebook) -> List[str]:
    try:
        book.evaluate({"violation": "V-1"})
    except mete.CaseError as e:
        return [f"{p.path} {p.code}" for p in e.problems]
    except mete.EvaluationError as e:
        return [e.code]
    return []


def locations(source: str) -> List[Optional[str]]:
    try:
        mete.Rulebook.from_source(source, name="x.mete")
    except mete.RulebookError as e:
        return [d.location for d in e.diagnostics]
    return []


def summary(book: mete.Rulebook, records: List[dict[str, object]]) -> int:
    report: mete.AuditReport = book.audit(records, parallel=True)
    act: Optional[datetime.date] = book.evaluate('{"violation": "V-1"}').act_date
    del act
    return report.summary.errors + sum(report.summary.by_code.values())
