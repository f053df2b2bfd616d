"""Rulebooks and version sets: loading, deciding one case, deciding and auditing many."""

from __future__ import annotations

import contextlib
import datetime
import gc
import json
import os
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from . import _native
from ._decision import Decision, Item
from ._reports import AuditReport, DiffReport
from .errors import Diagnostic, MeteError, RulebookError

__all__ = ["Rulebook", "RulebookSet", "load", "diff"]

PathLike = Union[str, "os.PathLike[str]"]
Source = Union[str, bytes]


def _threads(parallel: bool, threads: Optional[int]) -> int:
    """The native thread argument: 1 serial, 0 every core, N threads."""
    if threads is not None:
        if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
            raise ValueError(f"threads must be a positive int, not {threads!r}")
        return threads
    return 0 if parallel else 1


def _is_dataframe(x: Any) -> bool:
    t = type(x)
    return t.__name__ == "DataFrame" and t.__module__.startswith("pandas")


def _is_arrow(x: Any) -> bool:
    t = type(x)
    return t.__name__ in ("Table", "RecordBatch") and t.__module__.startswith("pyarrow")


def _columns(data: Any) -> Tuple[List[str], List[List[Any]], Any]:
    """Column names, column values as lists, and the index to give the result."""
    if _is_dataframe(data):
        names = [str(c) for c in data.columns]
        if len(set(names)) != len(names):
            raise ValueError("the DataFrame has duplicate column names")
        cols = [data.iloc[:, i].tolist() for i in range(data.shape[1])]
        return names, cols, data.index
    names = [str(n) for n in data.schema.names]
    cols = [data.column(i).to_pylist() for i in range(data.num_columns)]
    return names, cols, None


def _rows(data: Any) -> List[Any]:
    """A list of rows (dicts, or JSON texts) from an iterable or a JSON Lines file."""
    if isinstance(data, Path):
        with open(data, "rb") as f:
            return [line for line in f.read().split(b"\n") if line.strip()]
    if isinstance(data, (str, bytes)):
        raise TypeError(
            "pass an iterable of cases (dicts or JSON texts), a DataFrame, an Arrow table or a "
            "pathlib.Path of a JSON Lines file; for one case use evaluate()"
        )
    if isinstance(data, Mapping):
        raise TypeError("pass an iterable of cases; for one case use evaluate()")
    return list(data)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pauses the cyclic garbage collector while a batch makes its many result objects (none of
    them can form a cycle): collections triggered by allocation counts would otherwise cost a
    noticeable share of a batch."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


_COUNTS = ("line", "findings", "errors", "warnings")


def _frame(columns: Any, index: Any = None) -> Any:
    """A DataFrame of the native columns: counts as int64, everything else as Python objects
    (``str`` or ``None``, ``Decimal``, lists), the same under every pandas version and without
    the cost of inferring string columns."""
    import pandas as pd

    data = {k: (pd.Series(v, dtype="int64") if k in _COUNTS else pd.Series(v, dtype=object)) for k, v in columns.items()}
    frame = pd.DataFrame(data)
    if index is not None:
        frame.index = index
    return frame


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise RulebookError(f"{path}: {e.strerror or e}") from None


class _Decides:
    """What a rulebook and a version set both do."""

    _engine: _native.Engine

    def evaluate(self, case: Union[Mapping[str, Any], str, bytes], *, trace: bool = True) -> Decision:
        """Decides one case: a dict (values str, int, ``Decimal``, bool, None,
        ``datetime.date``, lists and dicts), or the case's JSON text.

        Raises ``CaseError`` (every problem, with its JSON path) or ``EvaluationError``."""
        return Decision(self._engine.evaluate(case, trace))

    def explain(self, case: Union[Mapping[str, Any], str, bytes], lang: str = "zh") -> str:
        """Decides one case and explains the decision in ``zh`` or ``en``."""
        return self._engine.explain(case, lang)

    def case_schema(self) -> Dict[str, Any]:
        """The JSON Schema (draft 2020-12) of this rulebook's case input."""
        return json.loads(self._engine.case_schema())  # type: ignore[no-any-return]

    def evaluate_many(
        self,
        cases: Any,
        *,
        parallel: bool = False,
        threads: Optional[int] = None,
        trace: bool = False,
        with_json: bool = False,
    ) -> Any:
        """Decides many cases and returns a pandas DataFrame, one row per case, in order.

        ``cases``: an iterable of dicts or JSON texts, a pandas DataFrame or a pyarrow Table /
        RecordBatch (one column per case field: ``violation``, ``act_date``, facts; a missing
        value is "not given"), or a ``pathlib.Path`` of a JSON Lines file.

        Columns: ``violation``, ``outcome``, ``tier``, ``tier_label``, ``statutory_min``,
        ``statutory_max``, ``band_min``, ``band_max``, ``band_point`` (``Decimal``),
        ``reduced``, ``triggers`` (circumstances applied and adjustments fired), ``sanctions``,
        ``reviews``, ``error_code`` and ``error`` (set for a row that could not be decided: the
        batch never stops at a bad row), and with ``with_json=True`` ``decision`` (the core's
        compact decision JSON). A DataFrame keeps its index.

        The GIL is released while deciding; ``parallel=True`` uses every core, ``threads=N``
        N threads."""
        n = _threads(parallel, threads)
        if _is_dataframe(cases) or _is_arrow(cases):
            with _gc_paused():
                names, cols, index = _columns(cases)
                out = self._engine.evaluate_columns(names, cols, n, trace, with_json)
                return _frame(out, index)
        rows = _rows(cases)
        with _gc_paused():
            return _frame(self._engine.evaluate_rows(rows, n, trace, with_json))

    @property
    def warnings(self) -> List[Diagnostic]:
        """Warnings of the check."""
        return [Diagnostic._from_dict(d) for d in json.loads(self._engine.warnings_json)]


class Rulebook(_Decides):
    """A compiled rulebook. Cheap to share between threads; picklable (it is rebuilt from the
    files it was compiled from, so Dask can ship it to workers)."""

    def __init__(self, engine: _native.Engine) -> None:
        if engine.is_set:
            raise TypeError("a version set: use RulebookSet")
        self._engine = engine
        self._info: Dict[str, Any] = json.loads(engine.info_json())[0]

    # --- loading --------------------------------------------------------------------------

    @classmethod
    def from_path(cls, path: PathLike, *, root: Optional[PathLike] = None) -> "Rulebook":
        """Loads the rulebook file ``path`` and its imports.

        Files are named relative to ``root`` (default: the file's directory); names enter the
        content hash and every trace position, and imports resolve against them."""
        p = Path(path)
        base = Path(root) if root is not None else p.parent
        try:
            name = p.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            name = Path(os.path.relpath(p.resolve(), base.resolve())).as_posix()
        return cls(_native.Engine.compile(name, _read(p), {}, str(base)))

    @classmethod
    def from_source(
        cls,
        source: Source,
        *,
        name: str = "rulebook.mete",
        imports: Optional[Mapping[str, Source]] = None,
        base: Optional[PathLike] = None,
    ) -> "Rulebook":
        """Compiles rulebook text. Imports come from ``imports`` (file name → text, names as
        the importer's path joined with the import's) and then from the directory ``base``."""
        text = source.encode() if isinstance(source, str) else bytes(source)
        files = {k: (v.encode() if isinstance(v, str) else bytes(v)) for k, v in (imports or {}).items()}
        return cls(_native.Engine.compile(name, text, files, None if base is None else str(base)))

    @classmethod
    def _from_files(cls, root: str, files: List[Tuple[str, bytes]]) -> "Rulebook":
        table = dict(files)
        return cls(_native.Engine.compile(root, table[root], table, None))

    def __reduce__(self) -> Tuple[Any, Tuple[str, List[Tuple[str, bytes]]]]:
        root, files = self._engine.files[0]
        return (Rulebook._from_files, (root, files))

    # --- what it is -------------------------------------------------------------------------

    @property
    def id(self) -> str:
        return str(self._info["id"])

    @property
    def version(self) -> str:
        return str(self._info["version"])

    @property
    def title(self) -> Optional[str]:
        t = self._info["title"]
        return None if t is None else str(t)

    @property
    def authority(self) -> Optional[str]:
        a = self._info["authority"]
        return None if a is None else str(a)

    @property
    def effective_from(self) -> datetime.date:
        return datetime.date.fromisoformat(self._info["effective_from"])

    @property
    def effective_until(self) -> Optional[datetime.date]:
        u = self._info["effective_until"]
        return None if u is None else datetime.date.fromisoformat(u)

    @property
    def content_hash(self) -> str:
        """SHA-256 (hex) over the normalised sources of every file loaded."""
        return str(self._info["content_hash"])

    @property
    def items(self) -> List[Item]:
        """The violation items, in declared order."""
        return [
            Item(id=i["id"], title=i["title"], violates=tuple(i["violates"]), cite=tuple(i["cite"]))
            for i in self._info["items"]
        ]

    @property
    def files(self) -> List[str]:
        """Names of the files loaded, root first."""
        return [name for name, _ in self._engine.files[0][1]]

    def __repr__(self) -> str:
        return f"<Rulebook {self.id!r} version {self.version!r}>"

    # --- audits and diffs -------------------------------------------------------------------

    def audit(self, records: Any, *, parallel: bool = False, threads: Optional[int] = None) -> AuditReport:
        """Audits recorded decisions (``{"case": …, "recorded": …}`` dicts or JSON texts, or a
        ``pathlib.Path`` of a JSON Lines file): every record's findings and the summary. A
        record that cannot be read becomes a ``bad_record`` / ``bad_case`` finding."""
        return AuditReport(self._engine.audit_json(_rows(records), _threads(parallel, threads)))

    def audit_many(self, records: Any, *, parallel: bool = False, threads: Optional[int] = None) -> Any:
        """Audits many records and returns a pandas DataFrame, one row per record: ``line``,
        ``violation``, ``outcome``, ``band``, ``findings``, ``errors``, ``warnings`` (counts),
        ``codes`` (finding codes), ``error`` (why a record could not be read or decided).
        ``df.attrs["summary"]`` holds the summary (counts per code).

        ``records``: like :meth:`audit`, or a DataFrame / Arrow table with the columns ``case``
        and ``recorded`` (dicts or JSON texts) or one column ``record``."""
        n = _threads(parallel, threads)
        with _gc_paused():
            return self._audit_many(records, n)

    def _audit_many(self, records: Any, n: int) -> Any:
        if _is_dataframe(records) or _is_arrow(records):
            names, cols, index = _columns(records)
            if "case" in names and "recorded" in names:
                out, summary = self._engine.audit_pairs_columns(
                    cols[names.index("case")], cols[names.index("recorded")], n
                )
            elif "record" in names:
                out, summary = self._engine.audit_rows_columns(cols[names.index("record")], n)
            else:
                raise ValueError(
                    f"an audit table needs the columns `case` and `recorded` (or `record`), not {names}"
                )
        else:
            index = None
            out, summary = self._engine.audit_rows_columns(_rows(records), n)
        frame = _frame(out, index)
        frame.attrs["summary"] = json.loads(summary)
        return frame

    def diff(self, new: "Rulebook", cases: Any, *, parallel: bool = False, threads: Optional[int] = None) -> DiffReport:
        """Decides every case under this rulebook and ``new`` and lists what changed."""
        return diff(self, new, cases, parallel=parallel, threads=threads)


class RulebookSet(_Decides):
    """Versions of one rulebook; each case is decided under the version art. 37 selects (the
    one in force at the act, or a later, more lenient one)."""

    def __init__(self, versions: Sequence[Rulebook]) -> None:
        books = list(versions)
        self._engine = _native.Engine.versions([b._engine for b in books])
        self._versions = sorted(books, key=lambda b: (b.effective_from, b.version))

    @property
    def versions(self) -> List[Rulebook]:
        """The versions, oldest first."""
        return list(self._versions)

    def __reduce__(self) -> Tuple[Any, Tuple[List[Rulebook]]]:
        return (RulebookSet, (self._versions,))

    def __repr__(self) -> str:
        vs = ", ".join(repr(b.version) for b in self._versions)
        return f"<RulebookSet {self._versions[0].id!r} versions {vs}>" if self._versions else "<RulebookSet>"


def load(path: PathLike, *, root: Optional[PathLike] = None) -> Rulebook:
    """Loads a rulebook file and its imports (see :meth:`Rulebook.from_path`)."""
    return Rulebook.from_path(path, root=root)


def diff(
    old: Rulebook,
    new: Rulebook,
    cases: Iterable[Any],
    *,
    parallel: bool = False,
    threads: Optional[int] = None,
) -> DiffReport:
    """Decides every case under ``old`` and ``new`` and lists what changed (outcome, tier,
    statutory range, band, point, sanctions, options, reviews), with a summary."""
    if not isinstance(old, Rulebook) or not isinstance(new, Rulebook):
        raise MeteError("diff compares two rulebooks (not version sets)")
    return DiffReport(_native.diff_json(old._engine, new._engine, _rows(cases), _threads(parallel, threads)))
