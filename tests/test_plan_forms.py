"""Targets as real plans write them (issue #13): each form's mistakes are placed errors,
and the forms read as written."""

from decimal import Decimal

import pytest

from qcity.errors import PlanError
from qcity.plan.loading import load_plan
from qcity.plan.targets import AboutTarget, RangeTarget, ReferenceTarget, parse_target

HEAD = """\
qcity: 1
id: p
city: 测试市
title: T
stages:
  - {id: a, name: A, start: 2014-01-01, end: 2015-12-31}
metrics:
  - {id: province, name: 全省平均, unit: "%"}
"""

BAD = [
    # units in targets must agree
    ('  - {id: m, name: M, unit: 个, target: ">= 95%"}\n',
     'p.yaml:9:39: metrics[1].target: target ">= 95" has a "%" but the metric\'s unit is '
     '"个" (write unit: "%" or drop the "%")', "Q117"),
    ('  - {id: m, name: M, target: "2%~3%"}\n',
     'p.yaml:9:30: metrics[1].target: target "2%~3%" has a "%" but the metric\'s unit is not '
     'set (write unit: "%" or drop the "%")', "Q117"),
    # compared with another figure
    ('  - {id: m, name: M, unit: "%", target: "> provinse"}\n',
     'p.yaml:9:41: metrics[1].target: "provinse" in "> provinse" is neither a number nor a '
     'metric of this plan (did you mean "province"?)', "Q119"),
    ('  - {id: m, name: M, unit: "%", target: "> m"}\n',
     'p.yaml:9:41: metrics[1].target: "> m" compares the metric with itself', "Q119"),
    ('  - {id: m, name: M, unit: 分, target: ">= province + 2"}\n',
     'p.yaml:9:39: metrics[1].target: ">= province + 2" compares 分 with "province" in %: '
     "the units must agree", "Q117"),
    # ranges
    ('  - {id: m, name: M, unit: 个, target: "3~2"}\n',
     'p.yaml:9:39: metrics[1].target: range "3~2" runs backwards: write the lower bound first',
     "Q118"),
    # about
    ('  - {id: m, name: M, target: "decrease >= 5%", baseline: {period: "2013", value: 1}, '
     'tolerance: 5%}\n',
     'p.yaml:9:97: metrics[1].tolerance: tolerance ("about", 左右) goes with a level target '
     'such as "<= 75" or "== 75", given once (the key or "±")', "Q118"),
    ('  - {id: m, name: M, target: "<= 75 ±5%", tolerance: 3}\n',
     'p.yaml:9:54: metrics[1].tolerance: tolerance ("about", 左右) goes with a level target '
     'such as "<= 75" or "== 75", given once (the key or "±")', "Q118"),
    ('  - {id: m, name: M, target: "<= 75", tolerance: -3}\n',
     'p.yaml:9:50: metrics[1].tolerance: tolerance "-3" is not an amount (write e.g. 3 or 5%)',
     "Q100"),
    # changes each period
    ('  - {id: m, name: M, target: ">= 5", against: previous, period: year}\n',
     'p.yaml:9:47: metrics[1].against: against: previous judges a change (target '
     '"increase >= 5%" or "decrease > 0")', "Q118"),
    ('  - {id: m, name: M, target: "increase > 0", against: previous}\n',
     'p.yaml:9:55: metrics[1].against: against: previous needs the length of its periods '
     "(period: year, quarter or month)", "Q118"),
    ('  - {id: m, name: M, target: "increase > 0", against: last year, period: year}\n',
     'p.yaml:9:55: metrics[1].against: "last year" is not a comparison: use previous (上期, '
     "上年: each period against the one before) or year-ago (同比: against the same period a "
     "year earlier)", "Q100"),
    # sub-units
    ('  - {id: m, name: M, unit: "%", target: ">= 40", aggregate: {share: achieved}}\n',
     'p.yaml:9:61: metrics[1].aggregate: share of "achieved" counts sub-units with yes/no '
     'figures (unit: bool), but the metric\'s unit is "%"', "Q117"),
    ('  - {id: m, name: M, unit: bool, target: achieved, aggregate: mean}\n',
     'p.yaml:9:63: metrics[1].aggregate: the mean of yes/no figures is undefined (use every, '
     "{share: achieved} or {count: achieved})", "Q117"),
    ('  - {id: m, name: M, unit: "%", target: ">= 90", aggregate: median}\n',
     'p.yaml:9:61: metrics[1].aggregate: "median" is not a way to aggregate sub-units (use '
     "mean, min, max, every, {share: …} or {count: …})", "Q100"),
    ('  - {id: m, name: M, unit: "%", target: ">= 90", aggregate: share}\n',
     'p.yaml:9:61: metrics[1].aggregate: share needs what each sub-unit must meet: {share: '
     'achieved} or {share: ">= 90"}', "Q100"),
]


@pytest.mark.parametrize("metrics,expected,code", BAD)
def test_each_form_has_placed_errors(tmp_path, monkeypatch, metrics, expected, code):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text(HEAD + metrics, encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan("p.yaml")
    first = info.value.diagnostics[0]
    assert (str(first), first.code) == (expected, code)


@pytest.mark.parametrize("text,target,shown", [
    ("2~3", RangeTarget(">=", Decimal(2), aim=Decimal(3)), "2~3"),
    ("30～35", RangeTarget(">=", Decimal(30), aim=Decimal(35)), "30~35"),
    ("5—10", RangeTarget(">=", Decimal(5), aim=Decimal(10)), "5~10"),
    ("2至3", RangeTarget(">=", Decimal(2), aim=Decimal(3)), "2~3"),
    ("<= 75 ±5%", AboutTarget("<=", Decimal(75), Decimal(5), True), "<= 75 ±5%"),
    ("== 75 +/- 3", AboutTarget("==", Decimal(75), Decimal(3), False), "== 75 ±3"),
    ("> province", ReferenceTarget(">", "province"), "> province"),
    (">= province + 2", ReferenceTarget(">=", "province", Decimal(2)), ">= province + 2"),
    ("≥ gdp-growth - 1", ReferenceTarget(">=", "gdp-growth", Decimal(-1)), ">= gdp-growth - 1"),
])
def test_forms_read_as_written(text, target, shown):
    parsed = parse_target(text)
    assert parsed == target and str(parsed) == shown
    assert parse_target(str(parsed)) == parsed  # the text a report shows reads back the same


def test_a_metric_can_cite_its_standard(tmp_path):
    (tmp_path / "p.yaml").write_text(HEAD + '  - {id: pm25, name: PM2.5, unit: µg/m³, '
                                     'target: "<= 35", standard: GB 3095-2012 二级}\n',
                                     encoding="utf-8")
    plan = load_plan(str(tmp_path / "p.yaml"))
    assert plan.metrics[1].standard == "GB 3095-2012 二级"
