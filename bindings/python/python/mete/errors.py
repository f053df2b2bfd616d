"""The exceptions of mete, each carrying the core's structured diagnostics.

``MeteError`` is the base of every error mete raises (a Rust panic included: it never reaches
Python as anything else). ``RulebookError`` lists the diagnostics of a rulebook that does not
check (code, message, file:line:col); ``CaseError`` lists the problems of a case (JSON path, code,
message, hint); ``EvaluationError`` says why a well-formed case cannot be decided.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple

__all__ = [
    "MeteError",
    "RulebookError",
    "CaseError",
    "EvaluationError",
    "Diagnostic",
    "Label",
    "CaseProblem",
]


@dataclass(frozen=True)
class Label:
    """A place in a rulebook file that a diagnostic points at."""

    file: str
    line: int
    col: int
    end_line: int
    end_col: int
    message: str


@dataclass(frozen=True)
class Diagnostic:
    """One error or warning about a rulebook."""

    severity: str
    code: str
    message: str
    file: Optional[str] = None
    line: Optional[int] = None
    col: Optional[int] = None
    help: Optional[str] = None
    labels: Tuple[Label, ...] = field(default=())

    @property
    def location(self) -> Optional[str]:
        """``file:line:col`` of the primary label, when there is one."""
        if self.file is None or self.line is None or self.col is None:
            return None
        return f"{self.file}:{self.line}:{self.col}"

    def __str__(self) -> str:
        where = self.location
        text = f"{self.severity}[{self.code}]: {self.message}"
        return f"{where}: {text}" if where else text

    @classmethod
    def _from_dict(cls, d: Any) -> "Diagnostic":
        labels = tuple(
            Label(
                file=lb["file"],
                line=lb["line"],
                col=lb["col"],
                end_line=lb["end_line"],
                end_col=lb["end_col"],
                message=lb["message"],
            )
            for lb in d.get("labels", [])
        )
        return cls(
            severity=d["severity"],
            code=d["code"],
            message=d["message"],
            file=d.get("file"),
            line=d.get("line"),
            col=d.get("col"),
            help=d.get("help"),
            labels=labels,
        )


@dataclass(frozen=True)
class CaseProblem:
    """One problem in a case, at a JSON path such as ``$.priors[2].date``."""

    path: str
    code: str
    message: str
    hint: Optional[str] = None

    def __str__(self) -> str:
        return f"{self.path}: {self.message} [{self.code}]"


class MeteError(Exception):
    """Base class of every error raised by mete."""

    message: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RulebookError(MeteError):
    """A rulebook that does not check (or cannot be loaded), with every diagnostic."""

    diagnostics: List[Diagnostic]

    def __init__(self, message: str, diagnostics_json: str = "[]") -> None:
        super().__init__(message)
        self.diagnostics = [Diagnostic._from_dict(d) for d in json.loads(diagnostics_json)]

    @property
    def errors(self) -> List[Diagnostic]:
        """The diagnostics of severity ``error``."""
        return [d for d in self.diagnostics if d.severity == "error"]

    def __str__(self) -> str:
        if not self.diagnostics:
            return self.message
        return "\n".join(str(d) for d in self.diagnostics)


class _AnswerError(MeteError):
    """An error answer of the core: ``{"status": "error", "error": {...}}``."""

    def __init__(self, message: str, envelope_json: str) -> None:
        super().__init__(message)
        self._json = envelope_json
        self.error: Any = json.loads(envelope_json)["error"]

    @property
    def code(self) -> str:
        """The stable code (of the first problem, for a case error)."""
        raise NotImplementedError

    def to_json(self) -> str:
        """The core's error answer, exactly: pretty-printed, with a trailing newline."""
        return self._json

    def to_dict(self) -> Any:
        """The core's error answer as a dict."""
        return json.loads(self._json)


class CaseError(_AnswerError):
    """A case the rulebook cannot read: every problem, each with its JSON path."""

    problems: List[CaseProblem]

    def __init__(self, message: str, envelope_json: str) -> None:
        super().__init__(message, envelope_json)
        self.problems = [
            CaseProblem(path=p["path"], code=p["code"], message=p["message"], hint=p.get("hint"))
            for p in self.error["problems"]
        ]

    @property
    def code(self) -> str:
        return self.problems[0].code if self.problems else "mete::case"

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems) or self.message


class EvaluationError(_AnswerError):
    """A well-formed case that cannot be decided (no version in force, overflow, …)."""

    item: Optional[str]

    def __init__(self, message: str, envelope_json: str) -> None:
        super().__init__(message, envelope_json)
        self.item = self.error.get("item")

    @property
    def code(self) -> str:
        return str(self.error["code"])
