"""Shared fixtures: paths into the repository and the rulebooks the tests use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import mete

REPO = Path(__file__).resolve().parents[3]
CONFORMANCE = REPO / "tests" / "conformance"
AUDIT = REPO / "examples" / "audit"
ECOLOGY = REPO / "rulebooks" / "ecology" / "ecology.mete"


@pytest.fixture(scope="session")
def ecology() -> mete.Rulebook:
    return mete.load(ECOLOGY)


@pytest.fixture(scope="session")
def records() -> List[Dict[str, Any]]:
    with open(AUDIT / "records.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def seeded() -> Dict[str, Any]:
    with open(AUDIT / "seeded.json", encoding="utf-8") as f:
        return json.load(f)  # type: ignore[no-any-return]
