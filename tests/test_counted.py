"""The engine says which figures of a metric's history its judgement counted
(``Point.counted``); the charts grey the rest and the JSON carries the flag."""

import json
from datetime import date

import pytest
from click.testing import CliRunner

from qcity import evaluate, load_plan, read_actuals
from qcity.cli import cli
from test_report_content import DATA9, PLAN9

PLAN = PLAN9 + ('  - {id: each, name: 每年合格率, unit: "%", target: ">= 90", every: year,'
                ' from: 2014-01-01, due: 2016-12-31}\n'
                '  - {id: mid, name: 年中合格率, unit: "%", target: ">= 95", due: 2016-12-31,\n'
                '     milestones: {"2015": ">= 90"}}\n')
DATA = DATA9 + ("each,2013,80\neach,2014,91\neach,2015,92\neach,2016,93\n"
                "mid,2014,91\nmid,2015,92\n")


@pytest.fixture
def project(project_dir):
    (project_dir / "targets" / "p.yaml").write_text(PLAN, encoding="utf-8")
    (project_dir / "data" / "p.csv").write_text(DATA, encoding="utf-8")
    return project_dir


def _counted(report):
    return {m.id: [(p.period, p.counted) for p in m.history] for m in report.metrics}


def test_the_engine_marks_each_figure_it_left_out(project):
    plan = load_plan("targets/p.yaml")
    report = evaluate(plan, read_actuals(["data/p.csv"], plan), as_of=date(2017, 3, 1),
                      history=True)
    got = _counted(report)
    assert got["sat"] == [("2013", True), ("2014", True), ("2015", False)]  # after its deadline
    assert got["old"] == [("2013", False)]  # too old to stand for 2016-12-31
    assert got["water"] == [("2013", False), ("2014", True), ("2015", True)]  # the baseline
    assert got["keep"] == [("2013", False), ("2014", True), ("2016", True)]  # before the window
    assert got["each"] == [("2013", False), ("2014", True), ("2015", True), ("2016", True)]
    # the final target is judged; by the 2015 milestone only 2015 counted
    early = evaluate(plan, read_actuals(["data/p.csv"], plan), as_of=date(2016, 1, 15),
                     history=True)
    assert _counted(early)["mid"] == [("2014", False), ("2015", True)]


def test_json_carries_the_flag(project):
    plan = load_plan("targets/p.yaml")
    report = evaluate(plan, read_actuals(["data/p.csv"], plan), as_of=date(2017, 3, 1),
                      history=True)
    sat = next(m for m in json.loads(report.model_dump_json())["metrics"] if m["id"] == "sat")
    assert [(p["period"], p["counted"]) for p in sat["history"]] == [
        ("2013", True), ("2014", True), ("2015", False)]


def test_the_chart_greys_what_the_engine_did_not_count(project):
    out = CliRunner().invoke(cli, ["check", "p", "--as-of", "2017-03-01", "--format", "html"],
                             catch_exceptions=False).stdout
    every = out.split("每年合格率</b>")[1].split("</svg>")[0]
    assert every.count('class="uncounted"') == 1 and "未计入评判" in every
