"""Compares every runtime's answers with the corpus's expected files, byte for byte.

Usage: python compare.py DIR RUNTIME...   (DIR/RUNTIME/<name>.json written by each driver)
Prints one line per runtime and every difference; exits 1 on any difference or missing answer.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "conformance"


def first_difference(a: bytes, b: bytes) -> str:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            line = a.count(b"\n", 0, i) + 1
            return f"first differs at byte {i} (line {line})"
    return f"lengths differ ({len(a)} vs {len(b)} bytes)"


def main() -> int:
    root, runtimes = Path(sys.argv[1]), sys.argv[2:]
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    failures = 0
    for runtime in runtimes:
        same = 0
        for entry in manifest:
            expected = (CORPUS / entry["expected"]).read_bytes()
            got_path = root / runtime / f"{entry['name']}.json"
            if not got_path.is_file():
                print(f"  {runtime}: {entry['name']}: no answer")
                failures += 1
                continue
            got = got_path.read_bytes()
            if got == expected:
                same += 1
            else:
                print(f"  {runtime}: {entry['name']}: {first_difference(got, expected)}")
                failures += 1
        print(f"{runtime}: {same}/{len(manifest)} identical to the expected bytes")
    if failures:
        print(f"{failures} differences")
        return 1
    print(f"all {len(runtimes)} runtimes give identical bytes for all {len(manifest)} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
