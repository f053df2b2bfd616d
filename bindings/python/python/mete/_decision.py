"""The decision object: the core's decision contract, with amounts as ``Decimal`` and dates as
``datetime.date``. ``to_json()`` and ``to_dict()`` give the core's own JSON, unchanged."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Dict, List, Optional, Tuple

from . import _native

__all__ = [
    "Decision",
    "RulebookRef",
    "VersionChoice",
    "Item",
    "Tier",
    "Range",
    "Band",
    "Sanction",
    "DurationRange",
    "Option",
    "Consequence",
    "Circumstance",
    "Adjustment",
    "Review",
    "Obligation",
    "Provision",
    "TraceStep",
    "SourceAt",
    "Rationale",
]


def _dec(s: Optional[str]) -> Optional[Decimal]:
    return None if s is None else Decimal(s)


def _date(s: Optional[str]) -> Optional[datetime.date]:
    return None if s is None else datetime.date.fromisoformat(s)


def _named(values: List[Dict[str, str]]) -> Dict[str, str]:
    return {v["name"]: v["value"] for v in values}


@dataclass(frozen=True)
class VersionChoice:
    """Which version decided, under the lenient-new-law rule (art. 37)."""

    reason: str
    in_force_at_act: Optional[str]
    in_force_at_decision: Optional[str]
    explanation: str


@dataclass(frozen=True)
class RulebookRef:
    """The rulebook that decided."""

    id: str
    title: str
    version: str
    content_hash: str
    version_choice: Optional[VersionChoice]


@dataclass(frozen=True)
class Item:
    """A violation item."""

    id: str
    title: str
    violates: Tuple[str, ...]
    cite: Tuple[str, ...]


@dataclass(frozen=True)
class Tier:
    """The discretion tier that applied."""

    id: str
    label: str
    grade: Optional[str]
    cite: Optional[str]


@dataclass(frozen=True)
class Range:
    """The statutory fine range, yuan (``max`` is ``None`` when the law sets no upper bound)."""

    min: Decimal
    max: Optional[Decimal]


@dataclass(frozen=True)
class Band:
    """The fine band the benchmark gives, yuan, with its recommended point when it has one."""

    min: Decimal
    max: Decimal
    point: Optional[Decimal]
    reduced: bool


@dataclass(frozen=True)
class DurationRange:
    """A duration range, as the core writes it (e.g. ``"5d"``)."""

    min: str
    max: str


@dataclass(frozen=True)
class Sanction:
    """A sanction besides the fine."""

    kind: str
    label: str
    amount: Optional[Decimal]
    duration: Optional[DurationRange]


@dataclass(frozen=True)
class Consequence:
    """What choosing an option leads to."""

    outcome: str
    fine: Optional[Band]
    sanction: Optional[Sanction]


@dataclass(frozen=True)
class Option:
    """A choice the law leaves to the agency (``may``)."""

    source: str
    id: str
    label: str
    effect: Optional[str]
    cite: Tuple[str, ...]
    consequence: Consequence


@dataclass(frozen=True)
class Circumstance:
    """A circumstance that held, and whether it was applied."""

    id: str
    label: str
    effect: str
    modality: str
    cite: Tuple[str, ...]
    applied: bool


@dataclass(frozen=True)
class Adjustment:
    """A benchmark adjustment that fired."""

    id: str
    label: str
    action: str
    cite: Optional[str]


@dataclass(frozen=True)
class Review:
    """A procedure the decision requires (legal review, hearing notice, …)."""

    id: str
    kind: str
    label: str
    cite: Optional[str]
    because: Dict[str, str]


@dataclass(frozen=True)
class Obligation:
    """Something the agency must do."""

    text: str
    cite: Optional[str]
    source: str


@dataclass(frozen=True)
class Provision:
    """One provision of a case under several (art. 29)."""

    violation: str
    title: str
    outcome: str
    fine: Optional[Band]
    governing: bool


@dataclass(frozen=True)
class SourceAt:
    """A position in a rulebook file."""

    file: str
    line: int
    col: int


@dataclass(frozen=True)
class TraceStep:
    """One rule considered."""

    step: int
    kind: str
    id: str
    fired: bool
    note: Optional[str]
    cite: Optional[str]
    at: SourceAt
    reads: Dict[str, str]


@dataclass(frozen=True)
class Rationale:
    """The reasons, in Chinese and English."""

    zh: str
    en: str


def _band(d: Optional[Dict[str, Any]]) -> Optional[Band]:
    if d is None:
        return None
    return Band(
        min=Decimal(d["min"]),
        max=Decimal(d["max"]),
        point=_dec(d["point"]),
        reduced=bool(d["reduced"]),
    )


def _sanction(d: Optional[Dict[str, Any]]) -> Optional[Sanction]:
    if d is None:
        return None
    dur = d.get("duration")
    return Sanction(
        kind=d["kind"],
        label=d["label"],
        amount=_dec(d.get("amount")),
        duration=None if dur is None else DurationRange(min=dur["min"], max=dur["max"]),
    )


class Decision:
    """What mete decided for one case.

    Attributes mirror the decision contract (``mete.decision_schema()``); amounts are
    ``Decimal``, dates ``datetime.date``. ``to_json()`` is the core's JSON byte for byte.
    """

    __slots__ = ("_native", "_dict")

    def __init__(self, native: _native.NativeDecision) -> None:
        self._native = native
        self._dict: Dict[str, Any] = json.loads(native.to_json(False))

    # --- the contract, as Python values -------------------------------------------------

    @property
    def outcome(self) -> str:
        """``penalize``, ``not_punishable``, ``time_barred``, ``exempt`` or
        ``needs_collective_decision``."""
        return str(self._dict["outcome"])

    @property
    def rulebook(self) -> RulebookRef:
        r = self._dict["rulebook"]
        vc = r.get("version_choice")
        return RulebookRef(
            id=r["id"],
            title=r["title"],
            version=r["version"],
            content_hash=r["content_hash"],
            version_choice=None if vc is None else VersionChoice(**vc),
        )

    @property
    def act_date(self) -> Optional[datetime.date]:
        return _date(self._dict["case"]["act_date"])

    @property
    def decision_date(self) -> Optional[datetime.date]:
        return _date(self._dict["case"]["decision_date"])

    @property
    def violation(self) -> Item:
        v = self._dict["violation"]
        return Item(id=v["id"], title=v["title"], violates=tuple(v["violates"]), cite=tuple(v["cite"]))

    @property
    def tier(self) -> Optional[Tier]:
        t = self._dict["tier"]
        return None if t is None else Tier(id=t["id"], label=t["label"], grade=t["grade"], cite=t["cite"])

    @property
    def statutory(self) -> Optional[Range]:
        r = self._dict["statutory"]
        return None if r is None else Range(min=Decimal(r["min"]), max=_dec(r["max"]))

    @property
    def fine(self) -> Optional[Band]:
        """The fine band (``None`` when no fine is imposed)."""
        return _band(self._dict["fine"])

    @property
    def sanctions(self) -> List[Sanction]:
        return [s for s in (_sanction(x) for x in self._dict["sanctions"]) if s is not None]

    @property
    def options(self) -> List[Option]:
        out = []
        for o in self._dict["options"]:
            c = o["consequence"]
            out.append(
                Option(
                    source=o["source"],
                    id=o["id"],
                    label=o["label"],
                    effect=o["effect"],
                    cite=tuple(o["cite"]),
                    consequence=Consequence(
                        outcome=c["outcome"], fine=_band(c["fine"]), sanction=_sanction(c["sanction"])
                    ),
                )
            )
        return out

    @property
    def circumstances(self) -> List[Circumstance]:
        return [
            Circumstance(
                id=c["id"],
                label=c["label"],
                effect=c["effect"],
                modality=c["modality"],
                cite=tuple(c["cite"]),
                applied=c["applied"],
            )
            for c in self._dict["circumstances"]
        ]

    @property
    def adjustments(self) -> List[Adjustment]:
        return [Adjustment(**a) for a in self._dict["adjustments"]]

    @property
    def triggers(self) -> List[str]:
        """Ids of the circumstances applied and the adjustments that fired (the batch column)."""
        return [c["id"] for c in self._dict["circumstances"] if c["applied"]] + [
            a["id"] for a in self._dict["adjustments"]
        ]

    @property
    def reviews(self) -> List[Review]:
        return [
            Review(id=r["id"], kind=r["kind"], label=r["label"], cite=r["cite"], because=_named(r["because"]))
            for r in self._dict["reviews"]
        ]

    @property
    def obligations(self) -> List[Obligation]:
        return [Obligation(text=o["text"], cite=o["cite"], source=o["from"]) for o in self._dict["obligations"]]

    @property
    def provisions(self) -> List[Provision]:
        return [
            Provision(
                violation=p["violation"],
                title=p["title"],
                outcome=p["outcome"],
                fine=_band(p["fine"]),
                governing=p["governing"],
            )
            for p in self._dict["provisions"]
        ]

    @property
    def trace(self) -> List[TraceStep]:
        return [
            TraceStep(
                step=t["step"],
                kind=t["kind"],
                id=t["id"],
                fired=t["fired"],
                note=t["note"],
                cite=t["cite"],
                at=SourceAt(**t["at"]),
                reads=_named(t["reads"]),
            )
            for t in self._dict["trace"]
        ]

    @property
    def rationale(self) -> Rationale:
        return Rationale(**self._dict["rationale"])

    # --- the core's JSON ----------------------------------------------------------------

    def to_dict(self) -> Dict[str, Any]:
        """The core's decision JSON as a dict (amounts and dates stay strings, as in the JSON)."""
        return json.loads(self._native.to_json(False))  # type: ignore[no-any-return]

    def to_json(self, pretty: bool = True) -> str:
        """The core's decision JSON: pretty (two-space indent, trailing newline, as the CLI and
        the conformance corpus write it) or compact."""
        return self._native.to_json(pretty)

    def explain(self, lang: str = "zh") -> str:
        """The decision in words, ``zh`` or ``en``."""
        return self._native.explain(lang)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Decision) and self._dict == other._dict

    def __hash__(self) -> int:
        return hash(self._native.to_json(False))

    def __repr__(self) -> str:
        fine = self.fine
        band = "" if fine is None else f", fine={fine.min}–{fine.max}"
        tier = self.tier
        t = "" if tier is None else f", tier={tier.id!r}"
        return f"<Decision {self.violation.id!r}: {self.outcome}{t}{band}>"
