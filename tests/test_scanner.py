"""The compiled scanner (qcity.actuals._scan) must read exactly what the Python reader reads.

Generated data files for a plan with several cities, units, percentages,
level, sustained (with a milestone, and an == target), change and yes/no
targets, with any column order, optional columns, CRLF, repeats, values the
fast paths must refuse, quotes and undecodable bytes: the plain read (every
row the careful way), the pure-Python fast path and the compiled path must
give the same diagnostics and the same reports for every city.
"""

import os
from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qcity.actuals import scanning
from qcity.actuals import read_actuals
from qcity.evaluation.engine import cities_of, evaluate, evaluation_window
from qcity.errors import QcityError
from qcity.plan.loading import load_plan

pytestmark = pytest.mark.skipif(scanning._scan is None,
                                reason="built without the compiled scanner")

PLAN = """\
qcity: 1
id: multi
city: 测试标准
title: 扫描器测试标准 (synthetic)
source: tests/test_scanner.py (synthetic)
areas:
  - {{id: q, name: 质量}}
cities: {cities}
stages:
  - {{id: s1, name: 第一阶段, start: 2021-01-01, end: 2021-12-31}}
  - {{id: s2, name: 第二阶段, start: 2022-01-01, end: 2022-12-31}}
metrics:
  - {{id: rate, name: 合格率, unit: "%", target: ">= 90", area: q, source: test}}
  - {{id: pm, name: 细颗粒物, unit: µg/m³, target: "<= 70", area: q, source: test}}
  - {{id: keep, name: 稳定率, unit: "%", target: ">= 88", mode: sustained,
      milestones: {{s1: ">= 80"}}, area: q, source: test}}
  - {{id: exact, name: 恰好, target: "== 5", mode: sustained, area: q, source: test}}
  - {{id: cut, name: 用水量, target: "decrease >= 10%", baseline: {{period: "2020"}},
      area: q, source: test}}
  - {{id: done, name: 是否建成, target: achieved, area: q, source: test}}
"""

CITIES = ["甲市", "乙市", "C城", " 甲市", "甲市 ", "", "丙市", "ｃ城"]
METRICS = ["rate", "pm", "keep", "exact", "cut", "done", "unknown", "ｒａｔｅ"]
PERIODS = ["2020", "2021-01", "2021-02", "2021-Q1", "2021-H1", "2021", "2022-06", "2022",
           "2023", "2021-1", "bad"]
VALUES = ["95", "89.5", "90", "90.00", "100", "100.5", "0", "5", "5.0", "4.99", "70", "71",
          "00088", "88.", ".5", "1e3", "95%", "", "1,000", "是", "否", "-3", "９５"]
UNITS = ["", "%", "％", "µg/m³", "kg"]
SETTINGS = settings(max_examples=int(os.environ.get("QCITY_FUZZ_EXAMPLES")
                                     or settings.default.max_examples * 3 // 2),
                    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                          HealthCheck.too_slow])

SOURCES = st.sampled_from(["", "统计公报", "a b"])
any_row = st.tuples(st.sampled_from(CITIES), st.sampled_from(METRICS), st.sampled_from(PERIODS),
                    st.sampled_from(VALUES), st.sampled_from(UNITS), SOURCES)
# mostly rows every path takes, so that files get past their first error
good_row = st.tuples(st.sampled_from(CITIES[:3]), st.sampled_from(METRICS[:5]),
                     st.sampled_from(PERIODS[:9]),
                     st.sampled_from(["95", "89.5", "90", "90.00", "100", "100.5", "0", "5",
                                      "5.0", "4.99", "70", "71", "00088", "88.", ".5", "79",
                                      "81", "87.999"]),
                     st.sampled_from(["", "%", "％"]), SOURCES)
row = st.one_of(good_row, good_row, good_row, any_row)


@st.composite
def data_files(draw):
    columns = ["metric", "period", "value"]
    if draw(st.integers(0, 4)):  # a plan for several cities needs the column
        columns.append("city")
    for optional in ("unit", "source", "note"):
        if draw(st.booleans()):
            columns.append(optional)
    columns = draw(st.permutations(columns))
    rows = draw(st.lists(row, max_size=40))
    # repeats: some rows again, the same or another value
    rows += [r[:3] + (draw(st.sampled_from(VALUES)),) + r[4:]
             for r in draw(st.lists(st.sampled_from(rows), max_size=5))] if rows else []
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines = [",".join(columns)]
    for city, metric, period, value, unit, source in rows:
        fields = dict(city=city, metric=metric, period=period, value=value, unit=unit,
                      source=source, note="")
        lines.append(",".join(fields[c] for c in columns))
    text = newline.join(lines) + draw(st.sampled_from(["", newline]))
    data = text.encode("utf-8")
    trouble = draw(st.sampled_from([None, None, None, b'"', b"\xff", b"\r", b"\x00"]))
    if trouble is not None and rows:
        at = draw(st.integers(min_value=len(lines[0]) + 1, max_value=len(data)))
        at = data.rfind(b"\n", 0, at) + 1 or len(lines[0]) + 1
        data = data[:at] + trouble + data[at:]
    return data


def _read(paths, plan, window):
    try:
        return read_actuals([str(p) for p in paths], plan, window=window), None
    except QcityError as exc:
        return None, [str(d) for d in exc.diagnostics]


def _reports(plan, actuals, as_of):
    return [evaluate(plan, actuals, as_of, None, False, city).model_dump_json()
            for city in cities_of(plan, actuals)]


def _compare(paths, plan, as_of):
    window = evaluation_window(plan, as_of)
    plain, plain_errors = _read(paths, plan, None)
    saved = scanning.ENABLED
    try:
        scanning.ENABLED = True  # even under QCITY_PURE=1: this compares the two
        compiled, compiled_errors = _read(paths, plan, evaluation_window(plan, as_of))
        scanning.ENABLED = False
        pure, pure_errors = _read(paths, plan, window)
    finally:
        scanning.ENABLED = saved
    assert compiled_errors == pure_errors == plain_errors
    if plain is None:
        return
    assert [str(d) for d in compiled.diagnostics] == [str(d) for d in pure.diagnostics] == \
        [str(d) for d in plain.diagnostics]
    assert cities_of(plan, compiled) == cities_of(plan, pure) == cities_of(plan, plain)
    has_data = [plain.has_data(m.id) for m in plan.metrics]
    assert [pure.has_data(m.id) for m in plan.metrics] == has_data
    assert [compiled.has_data(m.id) for m in plan.metrics] == has_data
    expected = _reports(plan, plain, as_of)
    assert _reports(plan, pure, as_of) == expected
    assert _reports(plan, compiled, as_of) == expected


@pytest.fixture(scope="module", params=["[甲市, 乙市, C城]", "any"])
def plan(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("plan") / "multi.yaml"
    path.write_text(PLAN.format(cities=request.param), encoding="utf-8")
    return load_plan(str(path))


@SETTINGS
@given(data_files(), st.sampled_from([date(2021, 6, 30), date(2022, 12, 31), date(2030, 1, 1)]))
@example(b"city,metric,period,value\n\xe7\x94\xb2\xe5\xb8\x82,keep,2021-01,79\n"
         b"\xe7\x94\xb2\xe5\xb8\x82,keep,2021-02,81\n", date(2021, 6, 30))
# equal misses in a sustained window: the worst is the earlier period (79 == 79.0)
@example("city,metric,period,value\n甲市,keep,2021-02,79.0\n甲市,keep,2021-01,79\n甲市,keep,2021-03,85\n"
         "甲市,exact,2021-01,4\n甲市,exact,2021-02,6\n甲市,exact,2021-03,6.0\n".encode(),
         date(2021, 6, 30))
# a passing window shows its closest figure (89 in 2022-06, not the newest 92): every path
@example("city,metric,period,value\n甲市,keep,2022-01,95\n甲市,keep,2022-06,89\n甲市,keep,2022,92\n"
         "甲市,exact,2022-01,5.0\n甲市,exact,2022-02,5\n".encode(), date(2022, 12, 31))
def test_compiled_equals_python(plan, tmp_path_factory, data, as_of):
    path = tmp_path_factory.mktemp("csv") / "d.csv"
    path.write_bytes(data)
    _compare([path], plan, as_of)


@SETTINGS
@given(data_files(), data_files(), st.sampled_from([date(2021, 6, 30), date(2030, 1, 1)]))
def test_two_files_compiled_equals_python(plan, tmp_path_factory, first, second, as_of):
    """A second file finds the first one's summaries (slots not yet merged included):
    repeats across files, cities and reports are the same on every path."""
    folder = tmp_path_factory.mktemp("csv")
    paths = [folder / "a.csv", folder / "b.csv"]
    paths[0].write_bytes(first)
    paths[1].write_bytes(second)
    _compare(paths, plan, as_of)


def test_compiled_path_is_used(plan, tmp_path, monkeypatch):
    """The scanner really reads (so the comparison above compares two paths)."""
    calls = []
    monkeypatch.setattr(scanning, "ENABLED", True)
    original = scanning.read_rest
    monkeypatch.setattr(scanning, "read_rest",
                        lambda *a: calls.append(a) or original(*a))
    path = tmp_path / "d.csv"
    path.write_text("city,metric,period,value\n甲市,rate,2021,95\n", encoding="utf-8")
    actuals = read_actuals([str(path)], plan, window=evaluation_window(plan, date(2022, 1, 1)))
    assert calls
    # its slots become summaries only when asked for
    assert actuals.pending is not None and not actuals._data
    assert actuals.cities() == {"甲市"} and actuals.has_data("rate")
    assert actuals.summary("甲市", "rate", actuals.window).latest.value == 95
