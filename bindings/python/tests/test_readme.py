"""The README's Python example runs as written, from the repository root, and prints what its
comments say."""

from __future__ import annotations

import contextlib
import io
import os
import re

from conftest import REPO


def test_readme_example() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert blocks, "the README has a Python example"
    out = io.StringIO()
    cwd = os.getcwd()
    try:
        os.chdir(REPO)
        with contextlib.redirect_stdout(out):
            exec(compile(blocks[0], "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    printed = out.getvalue()
    for line in blocks[0].splitlines():
        if line.startswith("print(") and "# " in line:
            claim = line.split("# ", 1)[1].strip()
            if claim.startswith("the core's JSON: "):
                claim = claim[len("the core's JSON: "):]
            assert claim in printed, claim
    assert "$.货值金额" in printed
    assert "records with findings" in printed
