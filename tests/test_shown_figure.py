"""The figure a result shows and its margin belong together (QA-1 finding 7).

A passing sustained (稳定在…以上) or every-period target shows the figure that decides
it, the one closest to the target, with that figure's own margin and period; a remark
gives the newest.  Every read path (careful, pure-Python fast, compiled, split) must
pick the same figure, ties going to the earlier period.
"""

from datetime import date
from decimal import Decimal

import re

import pytest

from qcity.actuals import parallel, read_actuals, scanning
from qcity.evaluation.engine import evaluate, evaluation_window
from qcity.plan.loading import load_plan

PLAN = """\
qcity: 1
id: p
city: 测试市
title: 稳定在…以上
stages:
  - {id: a, name: A, start: 2014-01-01, end: 2014-12-31}
  - {id: b, name: B, start: 2015-01-01, end: 2015-06-30}
metrics:
  - {id: rate, name: 产品质量国家监督抽查合格率, unit: "%", target: ">= 90", mode: sustained}
  - {id: pm, name: 细颗粒物, unit: µg/m³, target: "<= 75", mode: sustained}
  - {id: band, name: 控制在75左右, unit: µg/m³, target: "== 75 ±3", mode: sustained}
"""

ROWS = """\
metric,period,value
rate,2014,91.3
rate,2015-H1,91.8
rate,2014-H1,92
pm,2014,70
pm,2014-H2,74
pm,2015-H1,74.0
band,2014,77
band,2014-H1,73
band,2015-H1,75
"""


def _reports(tmp_path, as_of):
    (tmp_path / "p.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "d.csv").write_text(ROWS, encoding="utf-8")
    plan = load_plan(str(tmp_path / "p.yaml"))
    data = [str(tmp_path / "d.csv")]
    reports = [evaluate(plan, read_actuals(data, plan), as_of)]
    saved = parallel.MIN_BYTES, scanning.ENABLED
    try:
        for compiled, split in ((True, False), (False, False), (False, True)):
            scanning.ENABLED = compiled and saved[1]
            parallel.MIN_BYTES = 1 if split else saved[0]
            actuals = read_actuals(data, plan, window=evaluation_window(plan, as_of))
            reports.append(evaluate(plan, actuals, as_of))
    finally:
        parallel.MIN_BYTES, scanning.ENABLED = saved
    return reports


def test_a_passing_window_shows_its_closest_figure_with_its_own_margin(tmp_path):
    reports = _reports(tmp_path, date(2015, 6, 30))
    texts = {r.model_dump_json() for r in reports}
    assert len(texts) == 1, "every read path shows the same figure"
    by_id = {m.id: m for m in reports[0].metrics}
    rate = by_id["rate"]
    assert (rate.status, rate.actual, rate.period, rate.margin) == \
        ("pass", Decimal("91.3"), "2014", Decimal("1.3"))
    assert rate.actual - 90 == rate.margin  # the arithmetic adds up
    assert [r.code for r in rate.remarks] == ["sustained_pass", "closest_shown"]
    assert rate.remarks[1].args == {"period": "2014", "latest": "2015-H1", "value": "91.8",
                                    "unit": "%"}
    pm = by_id["pm"]  # at most: the highest is closest; 74 and 74.0 tie, the earlier shown
    assert (pm.actual, pm.period, pm.margin) == (Decimal("74"), "2014-H2", Decimal("1"))
    band = by_id["band"]  # a band: 77 and 73 are both 1 inside it; the earlier period
    assert (band.actual, band.period, band.margin) == (Decimal("73"), "2014-H1", Decimal("1"))


@pytest.mark.parametrize("lang,line,note", [
    ("zh", r"产品质量国家监督抽查合格率  ≥90% +91.3% +2014年",
     "所列为最接近目标的2014年数据，最新的2015年上半年为91.8%"),
    ("en", r"2014 +pass +\+1.3 pp",
     "shown: 2014, the figure closest to the target; latest 2015-H1: 91.8%"),
])
def test_the_report_says_which_figure_it_shows(tmp_path, lang, line, note):
    from click.testing import CliRunner

    from qcity.cli import cli

    (tmp_path / "targets").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "targets" / "p.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "data" / "p.csv").write_text(ROWS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "p", "--root", str(tmp_path), "--as-of",
                                       "2015-06-30", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert re.search(line, result.output)  # the figure shown, whatever the column widths
    assert note in result.output
