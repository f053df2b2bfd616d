"""The package's types: mypy --strict over the installed package and a user's sample script,
and stubtest comparing the native module's stubs with the module itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = str(HERE.parents[2] / "target" / "mypy-cache")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=HERE)


def test_mypy_strict() -> None:
    for target in (["-p", "mete"], [str(HERE / "typing_sample.py")]):
        r = run("mypy", "--strict", "--cache-dir", CACHE, *target)
        assert r.returncode == 0, r.stdout + r.stderr
        assert "Success" in r.stdout


def test_mypy_rejects_a_wrong_use(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import mete\n"
        "def f(b: mete.Rulebook) -> int:\n"
        "    return b.evaluate({}).fine.min\n",
        encoding="utf-8",
    )
    r = run("mypy", "--strict", "--cache-dir", CACHE, str(bad))
    assert r.returncode == 1
    assert "union-attr" in r.stdout and "return-value" in r.stdout


def test_stubtest() -> None:
    r = run(
        "mypy.stubtest",
        "mete",
        "--allowlist",
        str(HERE / "stubtest-allowlist.txt"),
        "--ignore-unused-allowlist",
    )
    assert r.returncode == 0, r.stdout + r.stderr
