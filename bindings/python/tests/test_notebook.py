"""Executes examples/audit/audit.ipynb headless (nbclient) and checks what it shows."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import mete

from conftest import AUDIT


@pytest.fixture()
def kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernel spec for this very interpreter (the one the wheel is installed in)."""
    spec = tmp_path / "kernels" / "mete-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "mete test",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    return "mete-test"


def test_audit_notebook(kernel: str, ecology: mete.Rulebook) -> None:
    nb = nbformat.read(AUDIT / "audit.ipynb", as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name=kernel, resources={"metadata": {"path": str(AUDIT)}}
    )
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3, "the findings bar chart, the fines-against-bands plot, the outcomes"
    tables = [o for o in outputs if "<table" in o.get("data", {}).get("text/html", "")]
    assert len(tables) >= 3
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    expected = ecology.audit(AUDIT / "records.jsonl").summary
    totals = {"records": expected.records, "errors": expected.errors, "warnings": expected.warnings}
    assert f"AUDIT-TOTALS {json.dumps(totals)}" in text
    assert f"records: {expected.records}, clean: {expected.clean}" in text
    # the findings table lists every code with the audit's own count
    by_code = next(o for o in tables if "<th>meaning</th>" in o["data"]["text/html"])
    html = by_code["data"]["text/html"]
    assert f"<td>{expected.by_code['mete::audit::fine_above_band']}</td>" in html
    assert os.path.exists(AUDIT / "records.jsonl")
