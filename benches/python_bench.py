"""Cases per second through the Python package, against the native rate on the same cases.

    target/py-venv/bin/python benches/python_bench.py [--cases 100000]

(after `bindings/python/scripts/test`, which installs a release wheel into target/py-venv).

The cases are those of examples/audit/records.jsonl (ecology benchmark), repeated to --cases.
Measured, one thread unless said: `evaluate` one by one (trace off, as in batches), then
`evaluate_many` from a list of dicts, from a pandas DataFrame (built beforehand), and from the
DataFrame on every core; and the native rate (`cargo run --release -p mete-core --example
batch_rate`: case JSON → decision contract, one thread). Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import pandas as pd

import mete

ROOT = Path(__file__).resolve().parents[1]
RULEBOOK = ROOT / "rulebooks" / "ecology" / "ecology.mete"
RECORDS = ROOT / "examples" / "audit" / "records.jsonl"


def cases_of(n: int) -> List[Dict[str, Any]]:
    base = []
    for line in RECORDS.read_text(encoding="utf-8").splitlines():
        try:
            r = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(r, dict) and isinstance(r.get("case"), dict):
            base.append(r["case"])
    return [base[i % len(base)] for i in range(n)]


def best(f: Callable[[], Any], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def native_rate(cases: List[Dict[str, Any]], rounds: int) -> Dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cases.jsonl"
        path.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in cases) + "\n", encoding="utf-8")
        cmd = [
            "cargo", "run", "--quiet", "--release", "-p", "mete-core", "--example", "batch_rate", "--",
            str(RULEBOOK), str(path), str(rounds),
        ]
        out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    book = mete.load(RULEBOOK)
    cases = cases_of(args.cases)
    frame = pd.DataFrame(cases)
    n = len(cases)

    def one_by_one() -> None:
        for c in cases:
            try:
                book.evaluate(c, trace=False)
            except mete.MeteError:
                pass

    # The machine may be shared: take the native rate before and after the Python figures.
    native_before = native_rate(cases, args.rounds)
    figures = {
        "evaluate one by one": n / best(one_by_one, 1),
        "evaluate_many(list of dicts)": n / best(lambda: book.evaluate_many(cases), args.rounds),
        "evaluate_many(DataFrame)": n / best(lambda: book.evaluate_many(frame), args.rounds),
        "evaluate_many(DataFrame, parallel=True)": n
        / best(lambda: book.evaluate_many(frame, parallel=True), args.rounds),
    }
    native_after = native_rate(cases, args.rounds)
    native = {
        k: (native_before[k] + native_after[k]) / 2 for k in ("trace_off", "trace_on", "decided")
    }
    figures["native evaluate_json, trace off (mean of 2)"] = native["trace_off"]
    figures["native evaluate_json, trace on (mean of 2)"] = native["trace_on"]
    print(f"{n:,} cases of the ecology benchmark ({native['decided']:,.0f} decidable), {frame.shape[1]} DataFrame columns")
    for name, rate in figures.items():
        print(f"  {name:42} {rate:12,.0f} cases/s")
    ratio = figures["evaluate_many(DataFrame)"] / native["trace_off"]
    print(f"  DataFrame path / native single thread: {ratio:.2f} (target ≥ 0.5)")
    print(f"  native trace off before / after: {native_before['trace_off']:,.0f} / {native_after['trace_off']:,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
