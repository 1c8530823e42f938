"""A plan over many cities is written a city at a time (qcity.streaming) and the file is
the same as the one rendered from every report kept: the scoreboard first, in rank
order, then each city's section in that order, whether one process or two made them."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcity.check import check_plan
from qcity.cli import cli
from qcity.project import Project
from qcity.render import render_scoreboard

TESTS = Path(__file__).parent
sys.path.insert(0, str(TESTS.parent / "benchmarks"))
import generate  # noqa: E402


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """70 cities: enough for the second process to make half the sections."""
    root = tmp_path_factory.mktemp("national")
    (root / "targets").mkdir()
    (root / "data").mkdir()
    (root / "targets" / "national.yaml").write_text(generate.plan_yaml(), encoding="utf-8")
    generate.write_data(str(root / "data" / "national.csv"), 14, 70)
    return root, "national", "2025-03-31"


@pytest.fixture(scope="module")
def multicity():
    return TESTS / "multicity", "standard", "2025-01-01"


def _kept(root, plan, as_of, fmt, lang=None, **options):
    outcome = check_plan(Project(root), plan, as_of=date.fromisoformat(as_of), **options)
    return render_scoreboard(outcome.scoreboard, fmt, lang)


@pytest.mark.parametrize("project", ["generated", "multicity"])
@pytest.mark.parametrize("fmt", ["csv", "html"])
@pytest.mark.parametrize("lang", [None, "en"])
def test_streamed_file_is_the_kept_reports_file(project, fmt, lang, request):
    root, plan, as_of = request.getfixturevalue(project)
    args = ["check", plan, "--root", str(root), "--as-of", as_of, "--format", fmt]
    result = CliRunner().invoke(cli, args + (["--lang", lang] if lang else []))
    assert result.exit_code in (0, 1), result.output
    expected = _kept(root, plan, as_of, fmt, lang)
    assert result.stdout_bytes.decode("utf-8") == expected  # CSV lines end in CRLF
    outcome = check_plan(Project(root), plan, as_of=date.fromisoformat(as_of))
    ranked = [row.city for row in outcome.scoreboard.ranking()]
    # the sections follow the ranking, not the plan's order of cities
    marks = [f",{city}," if fmt == "csv" else f"<h1>{city}" for city in ranked]
    places = [result.stdout.rindex(mark) if fmt == "csv" else result.stdout.find(mark)
              for mark in marks]
    assert places == sorted(places)


def test_a_comparison_and_excel_mark_and_file_output(generated, tmp_path):
    root, plan, as_of = generated
    out = tmp_path / "board.csv"
    result = CliRunner().invoke(cli, ["check", plan, "--root", str(root), "--as-of", as_of,
                                      "--compare-to", "2024-06-30", "--excel", "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    text = out.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    expected = _kept(root, plan, as_of, "csv", compare_to=date(2024, 6, 30))
    assert text[1:] == expected
    assert "2024年6月30日时" in text  # the comparison's column, known before any report


@pytest.mark.parametrize("fmt", ["csv", "html", "json"])
def test_bad_data_writes_nothing(generated, tmp_path, fmt):
    root, plan, as_of = generated
    bad = tmp_path / "bad.csv"
    bad.write_text("city,metric,period,value\n城市001,nope,2024,1\n", encoding="utf-8")
    out = tmp_path / f"board.{fmt}"
    out.write_text("before", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", plan, "--root", str(root), "--as-of", as_of,
                                      "--data", str(bad), "-o", str(out)])
    assert result.exit_code == 2
    assert "bad.csv:2:" in result.output
    assert out.read_text(encoding="utf-8") == "before"


def test_one_city_of_many_and_a_one_city_plan(generated, repo_root):
    root, plan, as_of = generated
    result = CliRunner().invoke(cli, ["check", plan, "--root", str(root), "--as-of", as_of,
                                      "--city", "城市003", "--format", "csv"])
    assert result.exit_code in (0, 1), result.output
    outcome = check_plan(Project(root), plan, as_of=date.fromisoformat(as_of), city="城市003")
    from qcity.render import render

    assert result.stdout_bytes.decode("utf-8") == render(outcome.reports, "csv")
    result = CliRunner().invoke(cli, ["check", "zhengzhou", "--root", str(repo_root),
                                      "--format", "html"])
    assert result.exit_code in (0, 1)
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.count("<html") == 1
