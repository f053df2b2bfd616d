"""The Python API: loading, deciding, typed decisions, schemas, errors, audit, diff, pickling."""

from __future__ import annotations

import datetime
import json
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List

import pytest

import mete

from conftest import AUDIT, CONFORMANCE, ECOLOGY

DEMO = """rulebook "demo" { version "1" effective from 2024-01-01 }
facts { value: money "货值金额", corrected: bool "及时改正" default false }
circumstance minor "轻微并及时改正" { when corrected and value below 100 shall exempt }
violation V-1 "未经许可经营" {
  fine up to 10000
  tier big "较重" when value above 5000: 5000 to 10000
  tier small "较轻" otherwise: lower 50%
}
"""


@pytest.fixture(scope="module")
def demo() -> mete.Rulebook:
    return mete.Rulebook.from_source(DEMO, name="demo.mete")


def test_decision_is_typed(demo: mete.Rulebook) -> None:
    d = demo.evaluate({"violation": "V-1", "act_date": datetime.date(2024, 3, 1), "value": Decimal("8000.50")})
    assert d.outcome == "penalize"
    assert d.tier is not None and d.tier.id == "big" and d.tier.label == "较重"
    assert d.fine == mete.Band(min=Decimal("5000"), max=Decimal("10000"), point=None, reduced=False)
    assert isinstance(d.fine.min, Decimal)
    assert d.statutory is not None and d.statutory.max == Decimal("10000")
    assert d.act_date == datetime.date(2024, 3, 1)
    assert d.decision_date is None
    assert d.violation.id == "V-1"
    assert d.rulebook.id == "demo" and d.rulebook.version == "1"
    assert d.trace and all(isinstance(t.at.line, int) for t in d.trace)
    assert d.trace[0].at.file == "demo.mete"
    assert "罚款" in d.rationale.zh or d.rationale.zh
    assert repr(d) == "<Decision 'V-1': penalize, tier='big', fine=5000–10000>"


def test_to_json_is_the_core_json(demo: mete.Rulebook) -> None:
    d = demo.evaluate('{"violation": "V-1", "act_date": "2024-03-01", "value": "8000"}')
    text = d.to_json()
    assert text.endswith("}\n") and text.startswith('{\n  "schema_version": 1,')
    assert json.loads(text) == d.to_dict()
    assert d.to_json(pretty=False) == json.dumps(d.to_dict(), ensure_ascii=False, separators=(",", ":"))
    assert d.to_dict()["fine"] == {"min": "5000", "max": "10000", "point": None, "reduced": False}
    # the same case as a dict with ints and a str date gives the same bytes
    same = demo.evaluate({"violation": "V-1", "act_date": "2024-03-01", "value": 8000})
    assert same.to_json() == text and same == d


def test_exempt_and_triggers(demo: mete.Rulebook) -> None:
    d = demo.evaluate({"violation": "V-1", "act_date": "2024-03-01", "value": 50, "corrected": True})
    assert d.outcome == "exempt"
    assert d.fine is None
    assert d.triggers == ["minor"]
    assert [c.id for c in d.circumstances if c.applied] == ["minor"]


def test_explain(demo: mete.Rulebook) -> None:
    case = {"violation": "V-1", "act_date": "2024-03-01", "value": 8000}
    en = demo.explain(case, "en")
    zh = demo.explain(case)
    assert "5000" in en and "10000" in en and en.endswith("\n")
    assert zh != en
    assert demo.evaluate(case).explain("en") == en
    with pytest.raises(ValueError):
        demo.explain(case, "fr")


def test_schemas(demo: mete.Rulebook) -> None:
    case = demo.case_schema()
    assert "value" in case["properties"] and "violation" in case["properties"]
    decision = mete.decision_schema()
    assert "outcome" in decision["properties"]
    record = mete.audit_record_schema()
    assert set(record["properties"]) == {"case", "recorded"}
    codes = mete.audit_codes()
    assert ("mete::audit::fine_above_band", "error") in [(c, s) for c, s, _ in codes]


def test_case_error_lists_every_problem_with_its_path(demo: mete.Rulebook) -> None:
    with pytest.raises(mete.CaseError) as info:
        demo.evaluate({"violation": "V-1", "valeu": 1})
    e = info.value
    assert isinstance(e, mete.MeteError)
    assert [p.path for p in e.problems] == ["$.valeu", "$.value"]
    assert e.code == e.problems[0].code and e.code.startswith("mete::case::")
    assert e.problems[0].hint  # a suggestion for the typo
    assert e.to_dict()["status"] == "error" and e.to_dict()["error"]["kind"] == "case"


def test_bad_python_values_are_case_errors(demo: mete.Rulebook) -> None:
    with pytest.raises(mete.CaseError) as info:
        demo.evaluate({"violation": "V-1", "value": object()})
    assert info.value.problems[0].path == "$.value"
    assert info.value.code == "mete::python::unsupported_value"
    with pytest.raises(mete.CaseError) as nan:
        demo.evaluate({"violation": "V-1", "value": Decimal("NaN")})
    assert nan.value.problems[0].path == "$.value"
    with pytest.raises(mete.CaseError) as stamp:
        demo.evaluate({"violation": "V-1", "act_date": datetime.datetime(2024, 3, 1, 12, 30), "value": 1})
    assert stamp.value.problems[0].path == "$.act_date"
    # midnight datetimes (pandas Timestamps) are dates
    d = demo.evaluate({"violation": "V-1", "act_date": datetime.datetime(2024, 3, 1), "value": 1})
    assert d.act_date == datetime.date(2024, 3, 1)
    with pytest.raises(mete.CaseError) as syntax:
        demo.evaluate('{"violation": ')
    assert syntax.value.code == "mete::case::syntax"


def test_evaluation_error(demo: mete.Rulebook) -> None:
    with pytest.raises(mete.EvaluationError) as info:
        demo.evaluate({"violation": "V-1", "act_date": "2023-03-01", "value": 1})
    assert info.value.code == "mete::eval::not_in_force"
    assert isinstance(info.value, mete.MeteError)


def test_rulebook_error_carries_diagnostics() -> None:
    bad = DEMO.replace("fine up to 10000", "fine up to 10000\n  tier x \"x\" when nope above 1: 1 to 2")
    with pytest.raises(mete.RulebookError) as info:
        mete.Rulebook.from_source(bad, name="bad.mete")
    e = info.value
    assert isinstance(e, mete.MeteError)
    first = e.errors[0]
    assert first.code.startswith("mete::")
    assert first.file == "bad.mete" and first.line == 6 and first.col is not None
    assert first.location == f"bad.mete:6:{first.col}"
    assert "bad.mete:6:" in str(e)


def test_missing_file_and_import() -> None:
    with pytest.raises(mete.RulebookError):
        mete.load("/nonexistent/x.mete")
    src = (CONFORMANCE / "books" / "food-safety.mete").read_text(encoding="utf-8")
    with pytest.raises(mete.RulebookError) as info:
        mete.Rulebook.from_source(src, name="books/food-safety.mete")
    assert any("general.mete" in d.message for d in info.value.diagnostics)


def test_imports_from_memory_or_disk_agree() -> None:
    books = CONFORMANCE / "books"
    from_path = mete.Rulebook.from_path(books / "food-safety.mete", root=CONFORMANCE)
    src = (books / "food-safety.mete").read_text(encoding="utf-8")
    general = (books / "general.mete").read_text(encoding="utf-8")
    from_memory = mete.Rulebook.from_source(
        src, name="books/food-safety.mete", imports={"books/general.mete": general}
    )
    from_base = mete.Rulebook.from_source(src, name="books/food-safety.mete", base=CONFORMANCE)
    assert from_path.content_hash == from_memory.content_hash == from_base.content_hash
    assert from_path.files == ["books/food-safety.mete", "books/general.mete"]


def test_rulebook_metadata(ecology: mete.Rulebook) -> None:
    assert ecology.id == "ecology-benchmark"
    assert isinstance(ecology.effective_from, datetime.date)
    assert len(ecology.content_hash) == 64
    assert "大气-劣质煤" in [i.id for i in ecology.items]
    assert ecology.warnings == [] or all(w.severity == "warning" for w in ecology.warnings)


def test_pickle_round_trip(ecology: mete.Rulebook, records: List[Dict[str, Any]]) -> None:
    again = pickle.loads(pickle.dumps(ecology))
    assert again.content_hash == ecology.content_hash
    case = records[0]["case"]
    assert again.evaluate(case).to_json() == ecology.evaluate(case).to_json()


def test_version_set() -> None:
    old = mete.Rulebook.from_path(CONFORMANCE / "books/versions-2023.mete", root=CONFORMANCE)
    new = mete.Rulebook.from_path(CONFORMANCE / "books/versions-2024.mete", root=CONFORMANCE)
    s = mete.RulebookSet([new, old])
    assert [b.version for b in s.versions] == [old.version, new.version]
    again = pickle.loads(pickle.dumps(s))
    assert [b.content_hash for b in again.versions] == [old.content_hash, new.content_hash]
    with pytest.raises(mete.RulebookError):
        mete.RulebookSet([old, old])


def test_audit_finds_every_seeded_defect(
    ecology: mete.Rulebook, records: List[Dict[str, Any]], seeded: Dict[str, Any]
) -> None:
    lines = (AUDIT / "records.jsonl").read_bytes().split(b"\n")
    report = ecology.audit(Path(AUDIT / "records.jsonl"))
    assert report.summary.records == len(records) == len([x for x in lines if x.strip()])
    for code, count in seeded["by_code"].items():
        assert report.summary.by_code[code] >= count, code
    # the same audit from dicts, in parallel
    again = ecology.audit(records, parallel=True)
    assert again.summary == report.summary
    assert again.to_dict()["records"][:50] == report.to_dict()["records"][:50]
    frame = report.to_frame()
    assert len(frame) == sum(report.summary.by_code.values())


def test_diff(records: List[Dict[str, Any]]) -> None:
    old = mete.Rulebook.from_path(CONFORMANCE / "books/versions-2023.mete", root=CONFORMANCE)
    new = mete.Rulebook.from_path(CONFORMANCE / "books/versions-2024.mete", root=CONFORMANCE)
    cases = [
        json.loads((CONFORMANCE / e["case"]).read_text(encoding="utf-8"))
        for e in json.loads((CONFORMANCE / "manifest.json").read_text(encoding="utf-8"))
        if e["rulebooks"] == ["books/versions-2023.mete", "books/versions-2024.mete"]
    ]
    assert cases
    report = mete.diff(old, new, cases)
    assert report.summary.cases == len(cases)
    assert report.summary.changed + report.summary.unchanged + report.summary.errors == len(cases)
    assert report.old.startswith(old.id)
    same = old.diff(old, cases)
    assert same.summary.changed == 0
    assert all(c.status in ("unchanged", "error") for c in same.cases)


def test_panics_surface_as_mete_error() -> None:
    if not mete._native.TEST_HOOKS:
        pytest.skip("the wheel was built without the test-hooks feature")
    with pytest.raises(mete.MeteError) as info:
        mete._native._panic_for_tests("deliberate")
    assert "deliberate" in str(info.value)
    assert type(info.value) is mete.MeteError
    with pytest.raises(mete.MeteError) as batch:
        mete._native._panic_in_batch_for_tests()
    assert "panicked on purpose" in str(batch.value)
