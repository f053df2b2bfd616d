"""Replays the whole conformance corpus (tests/conformance) through the Python API and compares
``to_json()`` with the expected files byte for byte (README of the corpus: names relative to the
corpus directory, case bytes unchanged, default options)."""

from __future__ import annotations

import json
from typing import Any, Dict, List

import pytest

import mete

from conftest import CONFORMANCE

MANIFEST: List[Dict[str, Any]] = json.loads((CONFORMANCE / "manifest.json").read_text(encoding="utf-8"))
_books: Dict[str, mete.Rulebook] = {}


def book(name: str) -> mete.Rulebook:
    if name not in _books:
        _books[name] = mete.Rulebook.from_path(CONFORMANCE / name, root=CONFORMANCE)
    return _books[name]


def test_corpus_is_all_there() -> None:
    assert len(MANIFEST) >= 90
    assert {e["kind"] for e in MANIFEST} == {"decision", "error"}


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["name"] for e in MANIFEST])
def test_entry(entry: Dict[str, Any]) -> None:
    case = (CONFORMANCE / entry["case"]).read_bytes()
    expected = (CONFORMANCE / entry["expected"]).read_bytes()
    names = entry["rulebooks"]
    decider: Any = book(names[0]) if len(names) == 1 else mete.RulebookSet([book(n) for n in names])
    try:
        answer = decider.evaluate(case).to_json()
        kind = "decision"
    except (mete.CaseError, mete.EvaluationError) as e:
        answer = e.to_json()
        kind = "error"
    assert kind == entry["kind"]
    assert answer.encode("utf-8") == expected


def test_dict_input_gives_the_same_bytes() -> None:
    """A case given as a dict (numbers kept exact with Decimal) decides like its JSON text."""
    from decimal import Decimal

    checked = 0
    for entry in MANIFEST:
        if entry["kind"] != "decision" or len(entry["rulebooks"]) != 1:
            continue
        text = (CONFORMANCE / entry["case"]).read_text(encoding="utf-8")
        as_dict = json.loads(text, parse_float=Decimal)
        got = book(entry["rulebooks"][0]).evaluate(as_dict).to_json()
        assert got == (CONFORMANCE / entry["expected"]).read_text(encoding="utf-8"), entry["name"]
        checked += 1
    assert checked > 50
