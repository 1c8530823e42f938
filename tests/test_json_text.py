"""The JSON writer (qcity.render.json_text) writes exactly what pydantic writes.

``Report.model_dump_json(indent=2, context={"lang": …})`` is the definition of
the JSON format; the direct writer must give the same text, byte for byte, at
any indentation, for every report the scenario cases, the bundled plans and
generated many-city files make, in both languages, and every float and
decimal pydantic can meet.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from qcity.check import check_plan
from qcity.evaluation.compare import compare
from qcity.evaluation.report import Num
from qcity.project import Project
from qcity.render.json_text import float_text, number_text, report_text

TESTS = Path(__file__).parent
CASES = sorted(p for p in (TESTS / "cases").iterdir() if p.is_dir())
sys.path.insert(0, str(TESTS.parent / "benchmarks"))
import generate  # noqa: E402


def _pydantic(report, pad: str, lang: str) -> str:
    text = report.model_dump_json(indent=2, context={"lang": lang})
    return "\n".join((pad + line) if i else line for i, line in enumerate(text.split("\n")))


def _same(report, lang: str) -> None:
    for pad in ("", "    "):
        assert report_text(report, pad, lang) == _pydantic(report, pad, lang)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_scenario_cases(case, lang):
    import yaml

    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    outcome = check_plan(Project(case), "case", as_of=expected["as_of"],
                         stage=expected.get("stage"), history=True)
    for report in outcome.reports:
        _same(report, lang)


@pytest.mark.parametrize("as_of", ["2014-09-01", "2015-06-30", "2017-01-01", "2026-11-22"])
def test_bundled_plans_with_history_and_comparison(repo_root, as_of):
    project = Project(repo_root)
    for path in project.plan_paths():
        day = date.fromisoformat(as_of)
        outcome = check_plan(project, path.stem, as_of=day, history=True,
                             compare_to=date(day.year - 1, day.month, day.day))
        assert not outcome.errors
        for report in outcome.reports:
            _same(report, "zh")
            _same(report, "en")


def test_many_cities_through_the_command(tmp_path):
    """A generated scoreboard over two processes equals pydantic's text of each report."""
    from click.testing import CliRunner

    from qcity.cli import cli

    (tmp_path / "targets").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "targets" / "national.yaml").write_text(generate.plan_yaml(), encoding="utf-8")
    generate.write_data(str(tmp_path / "data" / "national.csv"), 14, 70)
    for as_of in ("2025-03-31", "2026-01-01"):
        result = CliRunner().invoke(cli, ["check", "national", "--root", str(tmp_path),
                                          "--as-of", as_of, "--format", "json"])
        board = json.loads(result.stdout)
        outcome = check_plan(Project(tmp_path), "national", as_of=date.fromisoformat(as_of))
        assert [r["plan"]["city"] for r in board["reports"]] == \
            [r.plan.city for r in outcome.reports]
        for got, report in zip(board["reports"], outcome.reports):
            assert got == json.loads(report.model_dump_json(context={"lang": "zh"}))
        text = result.stdout
        first = outcome.reports[0]
        assert "\n    " + _pydantic(first, "    ", "zh") + "," in text


class _F(BaseModel):
    f: float


class _N(BaseModel):
    n: Num


@settings(max_examples=500)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_floats_as_pydantic_writes_them(value):
    assert float_text(value) == _F(f=value).model_dump_json()[5:-1]
    assert float_text(value) == float_text(value)  # the cached text is the same text


@settings(max_examples=500)
@given(st.decimals(allow_nan=False, allow_infinity=False, places=None)
       .filter(lambda d: abs(d.adjusted()) < 40))
def test_decimals_as_pydantic_writes_them(value):
    assert number_text(value) == _N(n=value).model_dump_json()[5:-1]


def test_zero_keeps_its_sign():
    assert float_text(-0.0) == "-0.0" and float_text(0.0) == "0.0"
    assert float_text(-0.0) == "-0.0"
    assert number_text(Decimal("-0")) == "0"


def test_a_changed_result_is_not_written_from_an_earlier_one(repo_root):
    """The text of a metric's shared fields is reused only for the same values: a copy
    with another name (inert text, a comparison) is written anew."""
    outcome = check_plan(Project(repo_root), "zhengzhou", as_of=date(2015, 6, 30))
    report = outcome.reports[0]
    _same(report, "zh")
    changed = report.model_copy(update={"metrics": [
        m.model_copy(update={"name": m.name + "（新）", "threshold": None})
        for m in report.metrics]})
    _same(changed, "zh")
    earlier = check_plan(Project(repo_root), "zhengzhou", as_of=date(2014, 9, 1)).reports[0]
    _same(compare(report, earlier), "en")
