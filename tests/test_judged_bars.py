"""Charts, Excel and ``qcity trend`` draw the bar pass/fail actually uses (QA-2 findings 5, 9):
a tolerance's relaxed bar, a range's lower end, a comparison with the compared figure of
each period, and each figure against the target its own period is judged by (a period
milestone), never red against a target it was not held to."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcity.check import check_plan
from qcity.cli import cli
from qcity.project import Project
from qcity.render.chart import chart_of

CASE = Path(__file__).parent / "cases" / "judged-bars"
AS_OF = date(2015, 3, 1)


@pytest.fixture(scope="module")
def report():
    outcome = check_plan(Project(CASE), "case", as_of=AS_OF, history=True)
    assert not outcome.errors
    return outcome.report


# metric: (the bar drawn, whether each figure meets the target it is judged by)
EXPECTED = {
    "pm25": (Decimal("78.75"), [False, False, True]),  # 90, 85, 78 against ≤75 ±5%
    "brands": (Decimal(2), [False, True]),  # 1, 2 against 2~3
    "spot-check": (Decimal(95), [True, False]),  # 92.5 vs 90+2, 94 vs 93+2
    "accepted": (Decimal(30), [True]),  # 2013: 1 of 3 counties against 2013年30%
}


@pytest.mark.parametrize("metric", sorted(EXPECTED))
def test_the_chart_draws_the_bar_pass_fail_uses_and_colours_each_point_by_it(report, metric):
    bar, meets = EXPECTED[metric]
    chart = chart_of(next(m for m in report.metrics if m.id == metric), "zh", report)
    assert chart.threshold == bar
    assert chart.meets == meets
    assert chart.threshold_text.startswith("目标")


def test_trend_marks_each_figure_as_the_engine_judged_it():
    marks = {}
    for metric in EXPECTED:
        run = CliRunner().invoke(cli, ["trend", "case", metric, "--root", str(CASE), "--as-of",
                                       AS_OF.isoformat()])
        assert run.exit_code == 0, run.output
        marks[metric] = [line[-1] == "✓" for line in run.output.splitlines()
                         if line.rstrip().endswith(("✓", "✗"))]
    assert marks == {metric: meets for metric, (_, meets) in EXPECTED.items()}


def test_excel_fills_the_target_value_and_the_chart_threshold(tmp_path):
    from python_calamine import CalamineWorkbook

    out = tmp_path / "r.xlsx"
    run = CliRunner().invoke(cli, ["check", "case", "--root", str(CASE), "--as-of",
                                   "2014-06-30", "-o", str(out)])
    assert run.exit_code in (0, 1), run.output
    book = CalamineWorkbook.from_path(str(out))
    rows = book.get_sheet_by_name("指标").to_python()
    column = rows[0].index("目标值")
    values = {row[1]: row[column] for row in rows[1:]}
    assert values["pm25"] == 78.75 and values["brands"] == 2 and values["spot-check"] == 95
    data = book.get_sheet_by_name("图表数据").to_python()
    lines = [row[2] for row in data if row and row[2] not in ("", None)]
    # the tolerance's relaxed bar; the comparison's bar of each period (90+2, 93+2)
    assert 78.75 in lines and 92 in lines and 95 in lines
