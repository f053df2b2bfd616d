"""Writes the Python package's answer for every conformance entry into OUT/<name>.json.

Usage: python python_rt.py OUT   (with the `mete` wheel installed in this interpreter)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Dict

import mete

CORPUS = Path(__file__).resolve().parents[1] / "conformance"


def main() -> int:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    books: Dict[str, mete.Rulebook] = {}

    def book(name: str) -> mete.Rulebook:
        if name not in books:
            books[name] = mete.Rulebook.from_path(CORPUS / name, root=CORPUS)
        return books[name]

    for entry in manifest:
        names = entry["rulebooks"]
        decider: Any = book(names[0]) if len(names) == 1 else mete.RulebookSet([book(n) for n in names])
        case = (CORPUS / entry["case"]).read_bytes()
        try:
            answer = decider.evaluate(case).to_json()
        except (mete.CaseError, mete.EvaluationError) as e:
            answer = e.to_json()
        (out / f"{entry['name']}.json").write_bytes(answer.encode("utf-8"))
    print(f"python: {len(manifest)} answers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
