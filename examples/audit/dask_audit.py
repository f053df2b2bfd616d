"""Audit a Parquet dataset of recorded decisions on a Dask cluster.

The dataset is one or more Parquet files with a column ``record``: one audit record each, as the
JSON text of ``{"case": {...}, "recorded": {...}}`` (cases of different violation items have
different facts, so the record stays one JSON value; mete reads it in Rust). Each worker gets the
rulebook once (a worker plugin, compiled at setup); every partition is turned into an Arrow table
and audited by ``Rulebook.audit_many``; the per-partition counts are summed.

    # a dataset of N records (the 10,000 synthetic records, repeated), in K files
    python examples/audit/dask_audit.py make /tmp/records.parquet --records 1000000 --files 20
    # the audit, on a local cluster of 2 worker processes (or --scheduler tcp://host:8786)
    python examples/audit/dask_audit.py audit /tmp/records.parquet --workers 2
    # the same audit in this one process, to compare
    python examples/audit/dask_audit.py audit /tmp/records.parquet --local

Prints the totals as JSON: records, clean, with findings, errors, warnings and findings per code.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

import mete

_here = Path(__file__).resolve().parent
# `client.upload_file` re-imports this module from a scratch directory: keep the first location.
HERE: Path = _here if (_here / "records.jsonl").exists() else globals().get("HERE", _here)
ROOT = HERE.parents[1]
RULEBOOK = ROOT / "rulebooks" / "ecology" / "ecology.mete"
RECORDS = HERE / "records.jsonl"
PLUGIN = "mete-rulebook"

COUNTS = ["records", "clean", "with_findings", "errors", "warnings"]


def totals_columns() -> List[str]:
    """The columns of a partition's counts: the summary counts, then one per finding code."""
    return COUNTS + [code for code, _severity, _meaning in mete.audit_codes()]


def summary_row(summary: Dict[str, Any]) -> Dict[str, int]:
    row = {k: int(summary[k]) for k in COUNTS}
    row.update({k: int(v) for k, v in summary["by_code"].items()})
    return row


def write_dataset(out: Path, records: int, files: int, source: Path = RECORDS) -> Path:
    """Writes ``records`` records (the lines of ``source``, repeated in order) into ``files``
    Parquet files under ``out``."""
    lines = [line for line in source.read_text(encoding="utf-8").split("\n") if line.strip()]
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("part-*.parquet"):
        old.unlink()
    per_file = -(-records // files)
    for f in range(files):
        start, stop = f * per_file, min(records, (f + 1) * per_file)
        if start >= stop:
            break
        chunk = [lines[i % len(lines)] for i in range(start, stop)]
        table = pa.table({"record_no": pa.array(range(start, stop), pa.int64()), "record": pa.array(chunk, pa.string())})
        pq.write_table(table, out / f"part-{f:05d}.parquet", row_group_size=25_000)
    return out


class RulebookPlugin:
    """Ships the rulebook to each worker once: pickled with the plugin (its source files), then
    compiled in ``setup`` and kept on the worker for every task."""

    name = PLUGIN

    def __init__(self, book: mete.Rulebook) -> None:
        self.book = book

    def setup(self, worker: Any) -> None:
        worker.mete_rulebook = self.book

    def teardown(self, worker: Any) -> None:
        pass

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        pass

    def release_key(self, key: Any, state: str, cause: Optional[str], reason: None, report: bool) -> None:
        pass


def audit_partition(part: pd.DataFrame) -> pd.DataFrame:
    """Audits one partition (as an Arrow table) with the worker's rulebook; one row of counts."""
    from distributed import get_worker

    book: mete.Rulebook = get_worker().mete_rulebook
    table = pa.Table.from_pandas(part[["record"]], preserve_index=False)
    audited = book.audit_many(table)
    return pd.DataFrame([summary_row(audited.attrs["summary"])], columns=totals_columns())


def audit_dataset(path: Path, client: Any, book: mete.Rulebook) -> Dict[str, int]:
    """The audit totals of the dataset at ``path``, computed on ``client``'s cluster."""
    import cloudpickle
    import dask.dataframe as dd
    from distributed.diagnostics.plugin import WorkerPlugin

    if __name__ == "__main__":
        # Run as a script: the functions here travel by value.
        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    else:
        # Imported as a module: send it to every worker, which imports it by name.
        client.upload_file(__file__)
    plugin = type("MeteRulebookPlugin", (RulebookPlugin, WorkerPlugin), {})(book)
    client.register_plugin(plugin, name=PLUGIN)
    frame = dd.read_parquet(str(path), columns=["record"])
    meta = pd.DataFrame({c: pd.Series(dtype="int64") for c in totals_columns()})
    counts = frame.map_partitions(audit_partition, meta=meta).sum().compute()
    return {k: int(v) for k, v in counts.items()}


def audit_local(path: Path, book: mete.Rulebook, parallel: bool = False) -> Dict[str, int]:
    """The same totals in this process, reading the whole dataset with pyarrow."""
    table = pq.read_table(str(path), columns=["record"])
    audited = book.audit_many(table, parallel=parallel)
    return summary_row(audited.attrs["summary"])


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("make", help="write a Parquet dataset from examples/audit/records.jsonl")
    make.add_argument("out", type=Path)
    make.add_argument("--records", type=int, default=200_000)
    make.add_argument("--files", type=int, default=8)
    run = sub.add_parser("audit", help="audit a Parquet dataset")
    run.add_argument("dataset", type=Path)
    run.add_argument("--rulebook", type=Path, default=RULEBOOK)
    run.add_argument("--workers", type=int, default=2, help="local cluster: worker processes")
    run.add_argument("--scheduler", help="address of a running Dask scheduler instead")
    run.add_argument("--local", action="store_true", help="no Dask: audit in this process")
    args = parser.parse_args(argv)

    if args.command == "make":
        write_dataset(args.out, args.records, args.files)
        print(f"wrote {args.records} records into {args.out}")
        return 0

    book = mete.load(args.rulebook)
    start = time.perf_counter()
    if args.local:
        totals = audit_local(args.dataset, book, parallel=True)
    else:
        from distributed import Client, LocalCluster

        if args.scheduler:
            with Client(args.scheduler) as client:
                totals = audit_dataset(args.dataset, client, book)
        else:
            with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True) as cluster:
                with Client(cluster) as client:
                    totals = audit_dataset(args.dataset, client, book)
    seconds = time.perf_counter() - start
    print(json.dumps(totals, ensure_ascii=False, indent=2))
    print(f"{totals['records']} records in {seconds:.1f} s ({totals['records'] / seconds:,.0f} records/s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
