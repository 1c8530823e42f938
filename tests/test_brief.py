"""A scoreboard row from a brief evaluation (``evaluate(brief=True)``: no result models)
is the row of the full report, for every scenario case, the bundled plans at several
dates, and many-city plans read by one process or two."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from qcity.actuals.read import read_actuals
from qcity.check import check_plan
from qcity.evaluation.compare import ScoreRow
from qcity.evaluation.engine import cities_of, evaluate, evaluation_window
from qcity.plan.loading import load_plan
from qcity.project import Project

TESTS = Path(__file__).parent
CASES = sorted(p for p in (TESTS / "cases").iterdir() if p.is_dir())
sys.path.insert(0, str(TESTS.parent / "benchmarks"))
import generate  # noqa: E402


def _rows_both_ways(project: Project, name: str, as_of: date, stage=None):
    plan = load_plan(str(project.plan_path(name)))
    window = evaluation_window(plan, as_of, stage)
    actuals = read_actuals([str(p) for p in project.data_paths(plan.id)], plan, window=window)
    cities = cities_of(plan, actuals) if plan.cities is not None else [None]
    for city in cities:
        full = ScoreRow.of(evaluate(plan, actuals, as_of, stage, False, city))
        brief = ScoreRow.of(evaluate(plan, actuals, as_of, stage, False, city, brief=True))
        yield full, brief


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_scenario_cases(case):
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    as_of = expected["as_of"]
    as_of = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
    try:
        pairs = list(_rows_both_ways(Project(case), "case", as_of, expected.get("stage")))
    except Exception as exc:  # a case about bad input: nothing to compare
        pytest.skip(f"no evaluation: {exc}")
    for full, brief in pairs:
        assert brief == full


@pytest.mark.parametrize("as_of", ["2014-09-01", "2015-06-30", "2017-01-01", "2026-11-22"])
def test_bundled_plans(repo_root, as_of):
    project = Project(repo_root)
    for path in project.plan_paths():
        for full, brief in _rows_both_ways(project, path.stem, date.fromisoformat(as_of)):
            assert brief == full


@pytest.mark.parametrize("as_of", ["2025-03-31", "2025-12-31", "2026-01-01"])
def test_many_cities_through_check(tmp_path, as_of):
    """The table's rows (brief, two processes) equal those of the kept reports."""
    (tmp_path / "targets").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "targets" / "national.yaml").write_text(generate.plan_yaml(), encoding="utf-8")
    generate.write_data(str(tmp_path / "data" / "national.csv"), 14, 70)
    day = date.fromisoformat(as_of)
    kept = check_plan(Project(tmp_path), "national", as_of=day, keep_reports=True)
    rows = check_plan(Project(tmp_path), "national", as_of=day, keep_reports=False)
    assert [r.city for r in rows.scoreboard.rows] == [r.city for r in kept.scoreboard.rows]
    assert rows.scoreboard.rows == kept.scoreboard.rows
    # rows that differ: misses, missing figures and outlooks at risk, not one copied row
    assert len({(r.score, r.fail, r.missing, r.at_risk) for r in rows.scoreboard.rows}) > 5


def test_multicity_standard():
    project = Project(TESTS / "multicity")
    for as_of in ("2023-06-30", "2025-01-01"):
        pairs = list(_rows_both_ways(project, "standard", date.fromisoformat(as_of)))
        assert len(pairs) == 4
        for full, brief in pairs:
            assert brief == full
