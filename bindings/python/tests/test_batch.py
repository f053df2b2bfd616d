"""Batches: evaluate_many / audit_many over dicts, pandas and Arrow, bad rows, threads."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List

import pandas as pd
import pyarrow as pa
import pytest

import mete

from conftest import AUDIT

COLUMNS = [
    "violation", "outcome", "tier", "tier_label", "statutory_min", "statutory_max", "band_min",
    "band_max", "band_point", "reduced", "triggers", "sanctions", "reviews", "error_code", "error",
]


@pytest.fixture(scope="module")
def cases(records: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [r["case"] for r in records if isinstance(r.get("case"), dict)][:3000]


def comparable(df: pd.DataFrame) -> List[Any]:
    return df[COLUMNS].astype(str).values.tolist()  # type: ignore[no-any-return]


def test_rows_match_single_evaluation(ecology: mete.Rulebook, cases: List[Dict[str, Any]]) -> None:
    df = ecology.evaluate_many(cases[:300])
    assert list(df.columns) == COLUMNS
    assert len(df) == 300
    for (_, row), case in zip(df.iterrows(), cases[:300]):
        try:
            d = ecology.evaluate(case)
        except mete.MeteError as e:
            assert row["error"] == e.message
            assert pd.isna(row["outcome"])
            continue
        assert pd.isna(row["error"])
        assert row["outcome"] == d.outcome
        assert (row["tier"] if not pd.isna(row["tier"]) else None) == (d.tier.id if d.tier else None)
        fine = d.fine
        assert row["band_min"] == (fine.min if fine else None)
        assert row["band_max"] == (fine.max if fine else None)
        if fine:
            assert isinstance(row["band_min"], Decimal)
        assert row["triggers"] == d.triggers
        assert row["reviews"] == [r.kind for r in d.reviews]


def test_dataframe_and_arrow_match_dicts(ecology: mete.Rulebook, cases: List[Dict[str, Any]]) -> None:
    from_rows = ecology.evaluate_many(cases)
    frame = pd.DataFrame(cases)
    from_frame = ecology.evaluate_many(frame)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    from_table = ecology.evaluate_many(table)
    from_batch = ecology.evaluate_many(table.to_batches()[0])
    assert comparable(from_rows) == comparable(from_frame) == comparable(from_table)
    assert comparable(from_batch) == comparable(from_table)[: len(from_batch)]
    assert from_rows["outcome"].notna().sum() > len(cases) * 0.9


def test_threads_give_the_same_rows(ecology: mete.Rulebook, cases: List[Dict[str, Any]]) -> None:
    serial = ecology.evaluate_many(cases)
    assert comparable(ecology.evaluate_many(cases, parallel=True)) == comparable(serial)
    assert comparable(ecology.evaluate_many(cases, threads=3)) == comparable(serial)
    with pytest.raises(ValueError):
        ecology.evaluate_many(cases, threads=0)


def test_bad_rows_do_not_stop_the_batch(ecology: mete.Rulebook, cases: List[Dict[str, Any]]) -> None:
    rows: List[Any] = [
        cases[0],
        {"violation": "不存在"},
        "{not json",
        {"violation": cases[0]["violation"], "act_date": object()},
        42,
        cases[1],
    ]
    df = ecology.evaluate_many(rows)
    assert len(df) == 6
    assert df["error"].isna().tolist() == [True, False, False, False, False, True]
    assert df.loc[1, "error_code"] == "mete::case::unknown_violation"
    assert df.loc[2, "error_code"] == "mete::case::syntax"
    assert df.loc[3, "error_code"] == "mete::python::unsupported_value"
    assert df.loc[3, "error"].startswith("$.act_date:")
    assert df.loc[4, "error_code"] == "mete::case::not_object"
    assert df.loc[5, "outcome"] == ecology.evaluate(cases[1]).outcome


def test_dataframe_types_and_index(ecology: mete.Rulebook) -> None:
    frame = pd.DataFrame(
        {
            "violation": ["大气-劣质煤", "大气-劣质煤", "大气-劣质煤"],
            "act_date": pd.to_datetime(["2020-10-22", "2021-01-05", None]),
            "不合格指标项数": [4, None, 1],  # float64 with NaN: 4.0 reads as 4
            "货值金额": [Decimal("120000"), Decimal("5000.5"), Decimal("1")],
        },
        index=["a", "b", "c"],
    )
    df = ecology.evaluate_many(frame, with_json=True)
    assert list(df.index) == ["a", "b", "c"]
    one = ecology.evaluate(
        {"violation": "大气-劣质煤", "act_date": datetime.date(2020, 10, 22), "不合格指标项数": 4, "货值金额": "120000"},
        trace=False,
    )
    assert df.loc["a", "decision"] == one.to_json(pretty=False)
    assert df.loc["a", "band_min"] == one.fine.min if one.fine else False


def test_jsonl_path(ecology: mete.Rulebook, tmp_path: Path, cases: List[Dict[str, Any]]) -> None:
    p = tmp_path / "cases.jsonl"
    p.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in cases[:50]) + "\n", encoding="utf-8")
    assert comparable(ecology.evaluate_many(p)) == comparable(ecology.evaluate_many(cases[:50]))
    with pytest.raises(TypeError):
        ecology.evaluate_many(str(p))


def test_audit_many_forms_agree(ecology: mete.Rulebook, records: List[Dict[str, Any]]) -> None:
    report = ecology.audit(records)
    df = ecology.audit_many(records, parallel=True)
    assert len(df) == len(records)
    assert df.attrs["summary"] == report.to_dict()["summary"]
    assert df["findings"].sum() == sum(len(r.findings) for r in report.records)
    assert df.loc[0, "codes"] == [f.code for f in report.records[0].findings]
    # bad records carry an error column; the others do not
    bad = df[df["error"].notna()]
    assert set(c for codes in bad["codes"] for c in codes) & {"mete::audit::bad_record", "mete::audit::bad_case"}
    # as a table: case and recorded columns of JSON text (the Parquet layout), or of dicts
    texts = [json.loads(line) if line.strip().startswith("{") else None for line in
             (AUDIT / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    pairs = pd.DataFrame(
        {
            "case": [json.dumps(r.get("case"), ensure_ascii=False) if isinstance(r, dict) else "?" for r in texts],
            "recorded": [json.dumps(r.get("recorded"), ensure_ascii=False) if isinstance(r, dict) else "?" for r in texts],
        }
    )
    good = [isinstance(r, dict) and "case" in r and "recorded" in r for r in texts]
    from_pairs = ecology.audit_many(pairs[good].reset_index(drop=True))
    from_rows = ecology.audit_many([r for r, g in zip(texts, good) if g])
    assert from_pairs["codes"].tolist() == from_rows["codes"].tolist()
    table = pa.Table.from_pandas(pairs[good].reset_index(drop=True))
    assert ecology.audit_many(table, threads=2)["codes"].tolist() == from_rows["codes"].tolist()
    with pytest.raises(ValueError):
        ecology.audit_many(pd.DataFrame({"x": [1]}))
