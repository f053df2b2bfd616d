"""Writes the CLI's answer for every conformance entry into OUT/<name>.json.

Usage: python cli.py METE_BINARY OUT

Decisions are the bytes `mete eval` prints. For a case that cannot be decided the CLI prints the
flat tagged answer ({"status": "error", "kind": ...}); it is rewrapped into the corpus's
envelope ({"status": "error", "error": {...}}) keeping every key in its order.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "conformance"


def envelope(flat: bytes) -> bytes:
    answer = json.loads(flat)
    status = answer.pop("status")
    if status != "error":
        raise ValueError(f"expected an error answer, got status {status!r}")
    wrapped = {"status": "error", "error": answer}
    return (json.dumps(wrapped, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def main() -> int:
    binary, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest:
        # Run from the corpus directory so rulebook names are the manifest's relative paths.
        run = subprocess.run(
            [str(binary), "eval", *entry["rulebooks"], entry["case"]],
            cwd=CORPUS,
            capture_output=True,
            check=False,
        )
        if run.returncode == 0:
            answer = run.stdout
        elif run.returncode == 1 and run.stdout.startswith(b"{"):
            answer = envelope(run.stdout)
        else:
            print(f"{entry['name']}: mete eval exited {run.returncode}: {run.stderr.decode()}", file=sys.stderr)
            return 1
        (out / f"{entry['name']}.json").write_bytes(answer)
    print(f"cli: {len(manifest)} answers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
