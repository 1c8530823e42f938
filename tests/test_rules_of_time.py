"""The rules of time (issue #12): placed errors for the new keys, validate's warnings,
which read path a metric takes, and the bundled plans under the rules."""

import json
from datetime import date

import pytest
from click.testing import CliRunner

from qcity.actuals import parallel, read_actuals, scanning
from qcity.cli import cli
from qcity.errors import PlanError
from qcity.evaluation.engine import evaluate, evaluation_window
from qcity.plan.loading import load_plan
from qcity.plan.periods import add_age, kind_of, parse_age, parse_period, periods_between

HEAD = """\
qcity: 1
id: p
city: 测试市
title: T
stages:
  - {id: a, name: A, start: 2014-03-01, end: 2014-12-31}
metrics:
"""

BAD = [
    ('  - {id: m, name: M, target: ">= 1", period: weekly}\n',
     'p.yaml:8:46: metrics[0].period: "weekly" is not a period length (use year, half, '
     'quarter or month)'),
    ('  - {id: m, name: M, target: ">= 1", every: year, period: month}\n',
     'p.yaml:8:59: metrics[0].period: period: month contradicts every: year (every year '
     'judges yearly figures)'),
    ('  - {id: m, name: M, target: "increase >= 5", baseline: {period: "2013"}, every: year}\n',
     "p.yaml:8:82: metrics[0].every: every judges each year's figure against a level; "
     '"increase >= 5" is a change from the baseline'),
    ('  - {id: m, name: M, target: ">= 1", every: year, from: implemnt}\n',
     'p.yaml:8:57: metrics[0].from: from "implemnt" is neither a stage id nor a date '
     '(YYYY, YYYY-MM or YYYY-MM-DD)'),
    ('  - {id: m, name: M, target: ">= 1", from: 2014}\n',
     'p.yaml:8:44: metrics[0].from: from starts the window of a sustained or every-period '
     'target (add every: year or mode: sustained)'),
    ('  - {id: m, name: M, target: ">= 1", max_age: 1 fortnight}\n',
     'p.yaml:8:47: metrics[0].max_age: "1 fortnight" is not an age (write e.g. "1 year", '
     '"18 months", "90 days", or "none" for no limit)'),
    ('  - {id: m, name: M, target: ">= 90", period: year, milestones: {2014-Q2: ">= 50"}}\n',
     'p.yaml:8:66: metrics[0].milestones.2014-Q2: milestone "2014-Q2" is not a year, but the '
     'target is about a year'),
    ('  - {id: m, name: M, target: ">= 90", milestones: {"2014-13": ">= 50"}}\n',
     'p.yaml:8:52: metrics[0].milestones.2014-13: "2014-13" is neither a stage id nor a period '
     'such as "2014" or "2014-Q2"'),
    ('  - {id: m, name: M, target: ">= 1"}\napproved: 2014-13\n',
     'p.yaml:9:11: approved: "2014-13" is not a date (month 13 is not 01-12)'),
]


@pytest.mark.parametrize("metrics,expected", BAD)
def test_new_keys_have_placed_errors(tmp_path, monkeypatch, metrics, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text(HEAD + metrics, encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan("p.yaml")
    assert str(info.value.diagnostics[0]) == expected


def test_stage_dates_as_plans_write_them(tmp_path):
    (tmp_path / "p.yaml").write_text(HEAD.replace("start: 2014-03-01, end: 2014-12-31",
                                                  "start: 2014-03, end: 2014")
                                     + '  - {id: m, name: M, target: ">= 1", due: 2015}\n'
                                     + "approved: 2013-11\n", encoding="utf-8")
    plan = load_plan(str(tmp_path / "p.yaml"))
    assert (plan.stages[0].start, plan.stages[0].end) == (date(2014, 3, 1), date(2014, 12, 31))
    assert plan.approved == "2013-11" and plan.deadline(plan.metrics[0]) == date(2015, 12, 31)


def test_periods_and_ages():
    assert kind_of(parse_period("2015")) == "year" == kind_of(parse_period("2015-01/2015-12"))
    assert kind_of(parse_period("2015-H2")) == "half"
    assert kind_of(parse_period("2018-01/2018-07")) is None  # 1-7月: no named length
    assert [p.text for p in periods_between("quarter", date(2014, 3, 1), date(2014, 9, 30))] \
        == ["2014-Q1", "2014-Q2", "2014-Q3"]
    assert add_age(date(2019, 12, 31), parse_age("1 year")) == date(2020, 12, 31)
    assert add_age(date(2019, 2, 28), parse_age("1年")) == date(2020, 2, 29)  # a month end
    assert add_age(date(2020, 1, 31), parse_age("1 month")) == date(2020, 2, 29)
    assert parse_age("none") is None


def _validate(project):
    return CliRunner().invoke(cli, ["validate", "--root", str(project), "--format", "json"])


def test_validate_warns_of_period_lengths_and_baseline_conflicts(repo_root):
    from tests.conftest import CASES

    found = {}
    for case in ("period-length", "baseline-conflict"):
        result = _validate(CASES / case)
        assert result.exit_code == 0, result.output  # warnings only
        found[case] = json.loads(result.stdout)
    lengths = found["period-length"]
    assert [(d["code"], d["line"], d["col"]) for d in lengths] == \
        [("Q230", 3, 1), ("Q230", 5, 1), ("Q230", 7, 1)]
    assert "1 more like it in this file" in lengths[0]["message"]
    conflict = found["baseline-conflict"]
    assert [(d["code"], d["line"]) for d in conflict] == [("Q231", 2)]
    assert "the plan's value is used" in conflict[0]["message"]


def test_plain_metrics_keep_the_fast_path(repo_root):
    """Metrics without the new keys read the fast way, mid-plan and after it, as long as
    their deadline is the evaluation date; the new rules send a metric the careful way."""
    plan = load_plan("tests/multicity/targets/standard.yaml")
    for as_of in (date(2024, 6, 30), date(2025, 1, 1), date(2030, 1, 1)):
        window = evaluation_window(plan, as_of)
        assert all(not spec.series for spec in window.specs.values()), as_of
    zhengzhou = load_plan("targets/zhengzhou.yaml")
    mid = evaluation_window(zhengzhou, date(2015, 3, 1))
    # only PM2.5 (period: year, an annual mean) keeps its figures by period
    assert [m for m, spec in mid.specs.items() if spec.series] == ["pm25"]
    after = evaluation_window(zhengzhou, date(2017, 1, 1))
    # due 2015-06-30 or 2015-12-31, judged at E = 2016-12-31: each on its own deadline
    assert after.specs["agri-standardization-rate"].series
    assert after.specs["pm25"].held.when == after.when  # due 2016-12-31 = E


PLAN = HEAD.replace("start: 2014-03-01, end: 2014-12-31", "start: 2014-01-01, end: 2016-12-31") \
    + """\
  - {id: yearly, name: Y, target: ">= 10", period: year}
  - {id: every, name: E, target: ">= 10", every: year, mode: sustained}
  - {id: mile, name: M, target: ">= 10", milestones: {"2015": ">= 5"}}
  - {id: early, name: D, target: ">= 10", due: 2015}
  - {id: plain, name: P, target: ">= 10"}
"""


@pytest.mark.parametrize("as_of", [date(2015, 6, 30), date(2016, 3, 1), date(2018, 1, 1)])
def test_every_read_path_agrees_on_series_metrics(tmp_path, as_of):
    (tmp_path / "p.yaml").write_text(PLAN, encoding="utf-8")
    plan = load_plan(str(tmp_path / "p.yaml"))
    rows = ["metric,period,value"]
    for metric in ("yearly", "every", "mile", "early", "plain"):
        for year in (2014, 2015, 2016):
            rows.append(f"{metric},{year},{year - 2005}")
            rows += [f"{metric},{year}-{m:02d},{m}" for m in (3, 6, 9)]
    data = tmp_path / "d.csv"
    data.write_text("\n".join(rows * 1) + "\n", encoding="utf-8")
    reports = []
    saved = parallel.MIN_BYTES, scanning.ENABLED
    try:
        for compiled, split in ((True, False), (False, False), (False, True)):
            scanning.ENABLED = compiled and saved[1]
            parallel.MIN_BYTES = 1 if split else saved[0]
            actuals = read_actuals([str(data)], plan, window=evaluation_window(plan, as_of))
            reports.append(evaluate(plan, actuals, as_of).model_dump_json())
    finally:
        parallel.MIN_BYTES, scanning.ENABLED = saved
    plain = evaluate(plan, read_actuals([str(data)], plan), as_of).model_dump_json()
    assert reports == [plain] * 3


def test_check_zhengzhou_after_the_plan_judges_the_environment(repo_root):
    result = CliRunner().invoke(cli, ["check", "zhengzhou", "--as-of", "2017-01-01",
                                      "--format", "json"])
    report = json.loads(result.stdout)
    assert report["stage_basis"] == "after" and report["evaluated_at"] == "2016-12-31"
    env = {m["id"]: m["status"] for m in report["metrics"] if m["area"] == "environment"}
    assert env["sewage-treatment-rate-urban"] == "missing"  # due, judged: no 市区 figure
    assert env["pm25"] == "missing"  # due: the 2013 figure is too old to stand for 2016
    assert "not_due" not in env.values()


def test_check_yongkang_fails_no_metric_on_a_2018_figure(repo_root):
    result = CliRunner().invoke(cli, ["check", "yongkang-2020", "--format", "json"])
    report = json.loads(result.stdout)
    judged_on_2018 = [m for m in report["metrics"] if m["status"] == "fail"
                      and (m["period"] or "").startswith("2018")]
    assert judged_on_2018 == []
    certs = next(m for m in report["metrics"] if m["id"] == "zhejiang-made-certifications")
    assert certs["status"] == "missing" and certs["actual"] == 15
    assert [r["code"] for r in certs["remarks"]] == ["stale"]


def test_header_says_how_the_stage_was_chosen(repo_root):
    current = CliRunner().invoke(cli, ["check", "zhengzhou", "--as-of", "2014-09-01"])
    assert "（当前阶段）" in current.stdout and "结论：无可评判" in current.stdout
    assert current.exit_code == 0
    chosen = CliRunner().invoke(cli, ["check", "zhengzhou", "--as-of", "2014-09-01", "--stage",
                                      "acceptance", "--lang", "en"])
    assert "(dry run of the chosen stage: targets due by its end)" in chosen.stdout
    assert "due by 2015-06-30" in chosen.stdout
