"""Scenario cases stored as data: tests/cases/<name>/{targets,data,expected.yaml}.

Each case is a tiny project with one plan ``case``; ``expected.yaml`` names the
rule it pins, the as-of date and stage, and the statuses (and where it
matters the actual, period, margin, threshold, remarks) the engine must give.
A case whose input is bad lists instead the ``errors`` the user must see (code,
``file:line:col``, words the message says) and gives no verdict.
"""

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from qcity.check import check_plan
from qcity.project import Project

CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if p.is_dir())


def _same(expected, actual):
    if isinstance(expected, bool) or expected is None:
        return expected == actual
    if isinstance(actual, Decimal) and not isinstance(actual, bool):
        return Decimal(str(expected)) == actual
    return str(expected) == str(actual)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case):
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    assert expected.get("rule"), "every case names the rule it pins"
    as_of = expected["as_of"]
    outcome = check_plan(Project(case), "case", as_of=as_of, stage=expected.get("stage"))
    if "errors" in expected:
        _same_errors(case, expected["errors"], outcome.errors)
        assert outcome.report is None, "bad input gives no report (no silent figure)"
        return
    assert not outcome.errors, [str(d) for d in outcome.errors]
    report = outcome.report
    if "stage_id" in expected:
        assert report.stage.id == expected["stage_id"]
    assert report.verdict == expected["verdict"]
    for key in ("score", "grade", "evaluated_at", "due_by", "stage_basis"):
        if key in expected:
            assert _same(expected[key], getattr(report, key)), key
    if "counts" in expected:
        assert report.counts == expected["counts"]
    results = {m.id: m for m in report.metrics}
    for metric_id, fields in expected["metrics"].items():
        result = results[metric_id]
        for key, want in fields.items():
            if key == "outlook":
                got = result.outlook
                assert got is not None, metric_id
                for field, value in want.items():
                    have = getattr(got, field)
                    if field == "reason":
                        assert value in (have or ""), f"{metric_id}: {have!r}"
                    elif isinstance(value, float):
                        assert have is not None and abs(have - value) < 0.001, \
                            f"{metric_id}.outlook.{field}: expected {value}, got {have}"
                    else:
                        assert have == value, f"{metric_id}.outlook.{field}: {have!r}"
            elif key == "remarks":
                assert [r.code for r in result.remarks] == want, metric_id
            elif key == "baseline":
                got = result.baseline.model_dump()
                assert {k: str(v) for k, v in got.items()} == {k: str(v) for k, v in want.items()}
            else:
                got = getattr(result, key)
                assert _same(want, got), f"{metric_id}.{key}: expected {want!r}, got {got!r}"


def _same_errors(case, expected, errors):
    got = [(d.code, f"{Path(d.location.path).name}:{d.location.line}:{d.location.col}", str(d))
           for d in errors]
    assert [(e["code"], e["at"]) for e in expected] == [g[:2] for g in got], got
    for want, (_, _, text) in zip(expected, got):
        for words in want.get("says", []):
            assert words in text, f"{case.name}: {words!r} not in {text!r}"
