"""examples/audit/dask_audit.py on a LocalCluster of 2 worker processes over 200,000 records:
the totals equal a single-process run, and 20 times the audit of records.jsonl."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

import mete

from conftest import AUDIT

COPIES = 20


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dask_audit", AUDIT / "dask_audit.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["dask_audit"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script()


def test_dask_totals_equal_one_process(script: ModuleType, ecology: mete.Rulebook, tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    lines = [x for x in (AUDIT / "records.jsonl").read_text(encoding="utf-8").split("\n") if x.strip()]
    n = len(lines) * COPIES
    assert n >= 200_000
    dataset = script.write_dataset(tmp_path / "records.parquet", n, 8)
    assert len(list(dataset.glob("part-*.parquet"))) == 8

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            distributed = script.audit_dataset(dataset, client, ecology)
            workers = client.scheduler_info()["workers"]
            assert len(workers) == 2
            # the rulebook reached both workers through the plugin, once each
            hashes = client.run(lambda dask_worker: dask_worker.mete_rulebook.content_hash)
            assert set(hashes.values()) == {ecology.content_hash}

    local = script.audit_local(dataset, ecology)
    assert distributed == local
    assert distributed["records"] == n

    one = ecology.audit(AUDIT / "records.jsonl").summary
    assert distributed["errors"] == one.errors * COPIES
    assert distributed["warnings"] == one.warnings * COPIES
    assert distributed["clean"] == one.clean * COPIES
    for code, count in one.by_code.items():
        assert distributed[code] == count * COPIES, code
    assert distributed["mete::audit::fine_above_band"] > 0


def test_cli_make_and_local(script: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "small.parquet"
    assert script.main(["make", str(out), "--records", "2500", "--files", "3"]) == 0
    assert script.main(["audit", str(out), "--local"]) == 0
    printed = capsys.readouterr().out
    assert '"records": 2500' in printed
