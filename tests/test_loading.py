"""Plans and CSV files: what loads, and the exact place of what does not."""

from decimal import Decimal

import pytest

from qcity.actuals import read_actuals
from qcity.errors import DataError, PlanError
from qcity.plan.loading import load_plan
from qcity.plan.targets import AchievedTarget, ChangeTarget, LevelTarget

HEAD = """\
qcity: 1
id: p
city: 测试市
title: T
stages:
  - {id: a, name: A, start: 2014-03-01, end: 2014-12-31}
metrics:
"""

BAD_PLANS = [
    # (metrics section or whole file, expected first diagnostic line)
    ('  - {id: m, name: M, target: "=> 90"}\n',
     'p.yaml:8:30: metrics[0].target: unknown operator "=>" (use one of >=, >, <=, <, ==)'),
    ('  - {id: m, name: M, target: ">= abc"}\n',
     'p.yaml:8:30: metrics[0].target: "abc" in ">= abc" is neither a number nor a metric '
     'of this plan'),
    ('  - {id: m, name: M, target: ">= 1", wieght: 2}\n',
     'p.yaml:8:38: metrics[0].wieght: unknown key "wieght" (did you mean "weight"?)'),
    ('  - {id: m, target: ">= 1"}\n',
     'p.yaml:8:5: metrics[0].name: missing required key "name"'),
    ('  - {id: m, name: M, target: ">= 1", due: nostage}\n',
     'p.yaml:8:43: metrics[0].due: due "nostage" is neither a stage id nor a date'),
    ('  - {id: m, name: M, target: "decrease >= 21%"}\n',
     'p.yaml:8:30: metrics[0].target: change target "decrease >= 21%" needs a baseline '
     '(baseline: {period: "2015"})'),
    ('  - {id: m, name: M, target: ">= 1"}\n  - {id: m, name: N, target: ">= 1"}\n',
     'p.yaml:9:10: metrics[1].id: duplicate id "m" (also metrics[0])'),
    ('  - {id: m, name: M, target: ">= 1", baseline: {period: "2015-13"}}\n',
     'p.yaml:8:57: metrics[0].baseline.period: invalid period "2015-13": month 13 is not 01-12'),
    ('  - {id: m, name: M, target: ">= 1", weight: -1}\n',
     'p.yaml:8:46: metrics[0].weight: Input should be greater than 0 (got "-1")'),
    ('  - {id: m, name: M, target: ">= 1", milestones: {b: ">= 1"}}\n',
     'p.yaml:8:51: metrics[0].milestones.b: "b" is neither a stage id nor a period such as "2014" or "2014-Q2"'),
    ('  - {id: m, name: M, target: ">= 1"}\n  - {id: m, name: M, target: ">= 1"}\n'
     .replace("name: M, target", "name: M, name: X, target", 1),
     'p.yaml:8:22: metrics[0].name: duplicate key "name"'),
]


@pytest.mark.parametrize("metrics,expected", BAD_PLANS)
def test_bad_plan_points_at_the_line(tmp_path, monkeypatch, metrics, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text(HEAD + metrics, encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan("p.yaml")
    assert str(info.value.diagnostics[0]) == expected


def test_targets_parse_to_structures(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(HEAD + """\
  - {id: a, name: A, target: "≥ 96"}
  - {id: b, name: B, target: "decrease >= 21%", baseline: {period: 2015}}
  - {id: c, name: C, target: achieved}
  - {id: d, name: D, target: {op: "<=", value: 95}}
  - {id: e, name: E, target: "＞＝ ９３．１"}
""", encoding="utf-8")
    plan = load_plan(str(path))
    a, b, c, d, e = (m.target for m in plan.metrics)
    assert a == LevelTarget(">=", Decimal("96"))
    assert b == ChangeTarget("decrease", ">=", Decimal("21"), True)
    assert isinstance(c, AchievedTarget) and plan.metrics[2].unit == "bool"
    assert d == LevelTarget("<=", Decimal("95"))
    assert e == LevelTarget(">=", Decimal("93.1"))
    assert plan.metrics[1].baseline.period == "2015"


def test_yaml_floats_stay_exact(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(HEAD + "  - {id: a, name: A, target: '>= 1', baseline: {period: '2013', "
                    "value: 0.1}, weight: 0.3}\n", encoding="utf-8")
    metric = load_plan(str(path)).metrics[0]
    assert metric.baseline.value == Decimal("0.1") and metric.weight == Decimal("0.3")


def test_python_tags_never_run(tmp_path):
    marker = tmp_path / "ran"
    path = tmp_path / "p.yaml"
    path.write_text(f'x: !!python/object/apply:os.system ["touch {marker}"]\n')
    with pytest.raises(PlanError) as info:
        load_plan(str(path))
    assert "is not allowed" in str(info.value)
    assert not marker.exists()


def test_alias_bomb_refused(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ",".join(["*" + prev] * 9) + "]")
    path = tmp_path / "p.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(PlanError) as info:
        load_plan(str(path))
    assert "alias bomb" in str(info.value)


def _plan(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(HEAD + """\
  - {id: rate, name: R, unit: "%", target: ">= 90"}
  - {id: count, name: C, unit: 个, target: ">= 1"}
  - {id: done, name: D, target: achieved}
""", encoding="utf-8")
    return load_plan(str(path))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(tmp_path, encoding):
    plan = _plan(tmp_path)
    csv_path = tmp_path / "d.csv"
    csv_path.write_bytes("metric,period,value,note\r\nrate,2014,９７．９％,中文备注\r\n"
                         "done,2014,是,\r\ncount,2014,\"1,024\",\r\n".encode(encoding))
    actuals = read_actuals([str(csv_path)], plan)
    assert actuals.series("rate")[0].value == Decimal("97.9")
    assert actuals.series("rate")[0].note == "中文备注"
    assert actuals.series("done")[0].value is True
    assert actuals.series("count")[0].value == Decimal("1024")


BAD_ROWS = [
    ("rate,2014,abc", 'd.csv:2:3: value: "abc" is not a number'),
    ("rate,2014-Q5,90", 'd.csv:2:2: period: invalid period "2014-Q5": use YYYY, YYYY-H1, '
                        "YYYY-Q2, YYYY-MM, YYYY-MM-DD or A/B; also 2016年, 2016年6月, "
                        "2016年上半年, 2016年第三季度, 2016Q3, 2017-6, 2016/12/31, 2018年1-7月"),
    ("rat,2014,90", 'd.csv:2:1: metric: unknown metric "rat" in plan "p" (did you mean "rate"?)'),
    ("count,2014,5%", 'd.csv:2:3: value: "5%" has a "%" but the metric\'s unit is not "%"'),
    ("done,2014,maybe", 'd.csv:2:3: value: "maybe" is not a yes/no value (use yes/no, '
                        "true/false, 1/0, 是/否)"),
    ("rate,2014", "d.csv:2:1: row has 2 fields, the header has 3"),
    ("count,2014,\"1,00\"", 'd.csv:2:3: value: "1,00" is not a number (badly placed thousands '
                            "separator)"),
    ("rate,2014,90\nrate,2014,91", "d.csv:3:1: rate 2014 = 91 conflicts with 90 at d.csv:2"),
    ("rate,2015/2014,90", 'd.csv:2:2: period: invalid period "2015/2014": 2014 is before 2015'),
]


@pytest.mark.parametrize("rows,expected", BAD_ROWS)
def test_bad_csv_rows(tmp_path, monkeypatch, rows, expected):
    monkeypatch.chdir(tmp_path)
    plan = _plan(tmp_path)
    (tmp_path / "d.csv").write_text("metric,period,value\n" + rows + "\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_actuals(["d.csv"], plan)
    assert str(info.value.diagnostics[0]) == expected


def test_repeated_identical_row_is_a_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = _plan(tmp_path)
    (tmp_path / "d.csv").write_text("metric,period,value\nrate,2014,90\nrate,2014,90.0\n")
    actuals = read_actuals(["d.csv"], plan)
    assert len(actuals.series("rate")) == 1
    assert [str(w) for w in actuals.warnings] == [
        "d.csv:3:1: warning: rate 2014 repeats d.csv:2 with the same value"]


def test_mixed_encoding_is_reported_not_crashed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = _plan(tmp_path)
    body = b"metric,period,value,note\n" + b"".join(
        f"rate,{1000 + i // 12}-{i % 12 + 1:02d},90,ok\n".encode() for i in range(5000))
    body += "rate,2015,91,中文\n".encode("gb18030")
    (tmp_path / "d.csv").write_bytes(body)
    with pytest.raises(DataError) as info:
        read_actuals(["d.csv"], plan)
    assert "not valid utf-8" in str(info.value)
    assert str(info.value).startswith("d.csv:5002:1:")


def test_progress_is_reported_while_reading(tmp_path, monkeypatch):
    import qcity.actuals.fastpath as fastpath_module
    monkeypatch.setattr(fastpath_module, "BLOCK", 2000)  # progress is reported a block at a time
    plan = _plan(tmp_path)
    path = tmp_path / "big.csv"
    path.write_text("metric,period,value\n" + "".join(
        f"rate,{1000 + i // 12}-{i % 12 + 1:02d},95\n" for i in range(1000)))
    calls = []
    read_actuals([str(path)], plan, progress=lambda p, done, total: calls.append((done, total)))
    size = path.stat().st_size
    assert len(calls) >= 8  # 16 kB in 2 kB blocks, then the end
    assert all(total == size for _, total in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert calls[-1] == (size, size)


def test_no_progress_in_piped_output(repo_root):
    from click.testing import CliRunner
    from qcity.cli import cli
    result = CliRunner().invoke(cli, ["check", "zhengzhou", "--as-of", "2026-11-21"])
    assert "reading" not in result.stderr


def test_percent_warning_is_the_same_on_both_paths(tmp_path, monkeypatch):
    """Rows after the evaluation date are still checked: the fast path (a window)
    and the plain read (no window) give the same warning."""
    from datetime import date

    from qcity.evaluation.engine import evaluation_window
    monkeypatch.chdir(tmp_path)
    plan = _plan(tmp_path)
    (tmp_path / "d.csv").write_text("metric,period,value\nrate,2014,95\nrate,2030,120\n")
    plain = read_actuals(["d.csv"], plan)
    windowed = read_actuals(["d.csv"], plan, window=evaluation_window(plan, date(2015, 1, 1)))
    assert [str(d) for d in plain.warnings] == [str(d) for d in windowed.warnings] == [
        "d.csv:3:3: warning: value: rate 2030: 120 is outside 0-100 %"]


def test_validate_reports_every_independent_plan_problem_in_one_run(tmp_path):
    """A bad stage date and unreadable targets no longer hide the whole-plan checks
    (a wrong due:, a reversed range) until the next round; a problem that only follows
    from one already said (a reference to the failed metric, a milestone of the failed
    stage) is not invented."""
    from qcity.plan.loading import read_plan

    path = tmp_path / "p.yaml"
    path.write_text(
        "qcity: 1\nid: p\ncity: 测试市\ntitle: T\n"
        "stages:\n  - {id: s, name: S, start: 2013年, end: 2015-12}\n"
        "metrics:\n"
        '  - {id: a, name: A, unit: "%", target: "高于全省平均"}\n'
        '  - {id: d, name: D, unit: "%", target: ">= 90", due: 到2015年}\n'
        '  - {id: f, name: F, unit: 个, target: "3~2"}\n'
        '  - {id: r, name: R, unit: "%", target: ">= a + 2", milestones: {s: ">= a"}}\n'
        '  - {id: i, name: I, unit: "%", target: ""}\n', encoding="utf-8")
    plan, diagnostics = read_plan(str(path))
    assert plan is None
    assert [(d.code, d.location.line, d.location.key) for d in diagnostics] == [
        ("Q100", 6, "stages[0].start"), ("Q101", 8, "metrics[0].target"),
        ("Q113", 9, "metrics[1].due"), ("Q118", 10, "metrics[2].target"),
        ("Q101", 12, "metrics[4].target")]
