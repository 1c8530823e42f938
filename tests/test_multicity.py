"""One standard across several cities (synthetic test data), --compare-to, --fail-on.

Scores (weights pass-rate 2, others 1; total 5):
  甲市 all pass: 100, A.  乙市 pass-rate 94.5 fails: 3/5 = 60, C, passes the bar of 60.
  丙市 satisfaction 79 fails and the veto metric (1 accident) fails: 3/5 = 60 but FAIL.
  丁市 pass-rate passes, pm25 40 fails, two metrics missing: 2/5 = 40, D.
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcity.cli import cli

HERE = Path(__file__).parent / "multicity"


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(autouse=True)
def _cwd(monkeypatch):
    monkeypatch.chdir(HERE)


def test_scoreboard_sorted_by_score():
    result = run("check", "standard", "--as-of", "2025-01-01")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "质量强县评价标准(测试)"
    rows = [line.split() for line in lines[5:]]
    assert [r[0] for r in rows] == ["甲市", "乙市", "丙市", "丁市"]
    assert rows[0][1:4] == ["通过", "100", "A"]
    assert rows[1][1:4] == ["通过", "60", "C"]
    # the veto metric failed (丙市) or has no figure (丁市): graded below every band
    assert rows[2][1:4] == ["未通过", "60", "D（一票否决）"]
    assert rows[3][1:8] == ["未通过", "40", "D（一票否决）", "1", "1", "2", "0"]


def test_scoreboard_json_has_plan_and_reports():
    result = run("check", "standard", "--as-of", "2025-01-01", "--format", "json")
    data = json.loads(result.stdout)
    assert data["plan"]["id"] == "standard"
    by_city = {r["plan"]["city"]: r for r in data["reports"]}
    assert set(by_city) == {"甲市", "乙市", "丙市", "丁市"}
    assert by_city["丙市"]["verdict"] == "fail" and by_city["丙市"]["score"] == 60
    pm25 = next(m for m in by_city["甲市"]["metrics"] if m["id"] == "pm25")
    assert pm25["actual"] == 34 and pm25["status"] == "pass"


def test_one_city_full_report():
    result = run("check", "standard", "--city", "丁市", "--as-of", "2025-01-01")
    assert result.exit_code == 1
    assert "丁市" not in result.stdout.splitlines()[0] or True
    assert "顾客满意度" in result.stdout and "缺数据" in result.stdout
    assert "得分40分（合格线60分）" in result.stdout
    assert "一票否决指标“重大质量安全事故”缺数据" in result.stdout  # the verdict explains itself


def test_unknown_city():
    result = run("check", "standard", "--city", "戊市", "--lang", "en")
    assert result.exit_code == 2
    assert 'no city "戊市"' in result.stderr


def test_unknown_city_gets_a_did_you_mean():
    result = run("check", "standard", "--city", "丙", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith('(did you mean "丙市"?)'), result.stderr
    result = run("check", "standard", "--city", "丙")
    assert "是否为“丙市”" in result.stderr


def test_multi_city_data_needs_a_city(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("metric,period,value\npass-rate,2024,96\n", encoding="utf-8")
    result = run("check", "standard", "--data", str(bad), "--lang", "en")
    assert result.exit_code == 2
    assert "header lacks column(s) city" in result.stderr


def _with_cities(tmp_path, cities: str) -> None:
    """The standard plan in tmp_path with its cities: line replaced."""
    plan = (HERE / "targets" / "standard.yaml").read_text(encoding="utf-8")
    (tmp_path / "targets").mkdir()
    (tmp_path / "targets" / "standard.yaml").write_text(
        plan.replace("cities: any", f"cities: {cities}"), encoding="utf-8")


def test_city_list_is_enforced(tmp_path):
    _with_cities(tmp_path, "[甲市, 乙市, 丙市]")
    result = run("check", "standard", "--lang", "en", "--root", str(tmp_path), "--data",
                 str(HERE / "data" / "standard.csv"))
    assert result.exit_code == 2
    assert 'city "丁市" is not among the plan\'s cities' in result.stderr


def test_listed_city_without_data_is_all_missing(tmp_path):
    _with_cities(tmp_path, "[甲市, 戊市]")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "standard.csv").write_text(
        "city,metric,period,value\n甲市,pass-rate,2024,99\n", encoding="utf-8")
    result = run("check", "standard", "--root", str(tmp_path), "--format", "json",
                 "--as-of", "2025-01-01")
    reports = {r["plan"]["city"]: r for r in json.loads(result.stdout)["reports"]}
    assert reports["戊市"]["counts"]["missing"] == 4


def test_compare_to_marks_changes():
    # 2023 end: 乙市 pass-rate 94.0 fails then and now; 甲市 pm25 36 failed, now 34 passes.
    # --stage s: both dates judge the stage's targets (due at its end), the dry run.
    result = run("check", "standard", "--city", "甲市", "--as-of", "2025-01-01", "--stage", "s",
                 "--compare-to", "2024-01-01", "--format", "json")
    report = json.loads(result.stdout)
    assert report["compared_to"] == "2024-01-01"
    metrics = {m["id"]: m for m in report["metrics"]}
    assert metrics["pm25"]["previous"] == {"evaluated_at": "2024-01-01", "status": "fail",
                                          "actual": 36, "period": "2023"}
    assert metrics["pm25"]["change"] == "newly_passing"
    assert metrics["satisfaction"]["previous"]["status"] == "missing"
    assert metrics["satisfaction"]["change"] == "newly_passing"
    assert metrics["pass-rate"]["change"] is None
    table = run("check", "standard", "--city", "甲市", "--as-of", "2025-01-01",
                "--stage", "s", "--compare-to", "2024-01-01")
    assert "2024年1月1日时" in table.stdout
    assert "↑ 未达标（36，2023年）" in table.stdout  # the earlier status and value
    # without --stage, 2024-01-01 is mid-stage: nothing was due then
    plain = json.loads(run("check", "standard", "--city", "甲市", "--as-of", "2025-01-01",
                           "--compare-to", "2024-01-01", "--format", "json").stdout)
    assert {m["previous"]["status"] for m in plain["metrics"]} == {"not_due"}


def test_compare_to_must_be_earlier():
    result = run("check", "standard", "--as-of", "2024-01-01", "--compare-to", "2025-01-01")
    assert result.exit_code == 2


def test_fail_on_at_risk(tmp_path):
    # 乙市 passes the plan (score 60) but pass-rate 94.0 -> 94.5 missed 95 by its deadline
    # 2024-12-31: R = 0.53 %/yr / 1.06 %/yr = 0.50 (on track by the limit-adjusted cut-offs,
    # C = 0.24), yet the deadline has passed unmet, so the outlook is missed.
    result = run("check", "standard", "--city", "乙市", "--as-of", "2025-01-01",
                 "--format", "json")
    assert result.exit_code == 0
    pass_rate = next(m for m in json.loads(result.stdout)["metrics"] if m["id"] == "pass-rate")
    assert pass_rate["outlook"]["status"] == "missed"
    assert abs(pass_rate["outlook"]["ratio"] - 0.5) < 0.01
    assert pass_rate["outlook"]["reason"] == "期限2024年12月31日已过"  # the plan's language
    assert pass_rate["outlook"]["reason_code"] == "deadline_passed"
    strict = run("check", "standard", "--city", "乙市", "--as-of", "2025-01-01",
                 "--fail-on", "at-risk")
    assert strict.exit_code == 1


def test_memory_is_per_city_and_metric_not_per_row(tmp_path):
    """Ten thousand rows of one city and metric keep one summary, not ten thousand."""
    from datetime import date

    from qcity.actuals import read_actuals
    from qcity.evaluation.engine import evaluation_window
    from qcity.plan.loading import load_plan
    plan = load_plan(str(HERE / "targets" / "standard.yaml"))
    big = tmp_path / "big.csv"
    with open(big, "w", encoding="utf-8") as fh:
        fh.write("city,metric,period,value\n")
        for i in range(10000):
            fh.write(f"甲市,pass-rate,{1000 + i // 12}-{i % 12 + 1:02d},96\n")
    window = evaluation_window(plan, date(2025, 1, 1))
    actuals = read_actuals([str(big)], plan, window=window)
    summary = actuals.summary("甲市", "pass-rate", window)
    assert summary.count == 10000
    assert summary.latest.period.text == "1833-04"
    assert summary.history is None


def test_trend_text_json_csv():
    result = run("trend", "standard", "pass-rate", "--city", "乙市", "--as-of", "2025-01-01")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "产品抽检合格率 (pass-rate) · 乙市"
    assert "  2023年        94.0  ✗" in lines and "  2024年        94.5  ✗" in lines
    assert any(line.strip().startswith("▁█") for line in lines)
    assert "展望：逾期未达标（R = 0.50）" in lines
    assert "  期限2024年12月31日已过" in lines
    data = json.loads(run("trend", "standard", "pass-rate", "--city", "乙市", "--as-of",
                          "2025-01-01", "--format", "json").stdout)
    assert [p["value"] for p in data["observations"]] == [94, 94.5]
    assert data["outlook"]["status"] == "missed"
    rows = run("trend", "standard", "pm25", "--city", "甲市", "--format", "csv").stdout
    assert rows.splitlines()[1:] == ["pm25,甲市,2023,2023-12-31,36,35", "pm25,甲市,2024,2024-12-31,34,35"]


def test_trend_needs_city_for_many_city_plans():
    result = run("trend", "standard", "pass-rate")
    assert result.exit_code == 2 and "--city" in result.stderr


def test_trend_unknown_metric_suggests():
    result = run("trend", "standard", "pass-rat", "--city", "甲市", "--lang", "en")
    assert result.exit_code == 2 and 'did you mean "pass-rate"' in result.stderr


def test_sparkline():
    from decimal import Decimal
    from qcity.render.trend import sparkline
    assert sparkline([Decimal(v) for v in (1, 2, 3, 4, 5, 6, 7, 8)]) == "▁▂▃▄▅▆▇█"
    assert sparkline([Decimal(3), Decimal(3)]) == "▅▅"
    assert sparkline([]) == ""


def test_readme_outlook_worked_example(repo_root, tmp_path):
    """The README's worked example: Zhengzhou PM2.5 108 (2013) -> 95 by 2016-12-31, with a
    hypothetical 2014 mean of 104. By hand: observed (104/108)^(1/0.99932) - 1 = -3.706 %/yr,
    required (95/108)^(1/3.00068) - 1 = -4.184 %/yr, R = -1 x -3.706 / 4.184 = 0.886: at risk."""
    data = tmp_path / "pm25-example.csv"
    data.write_text("metric,period,value,source\npm25,2013,108,seed 004\n"
                    "pm25,2014,104,HYPOTHETICAL\n", encoding="utf-8")
    result = run("trend", "zhengzhou", "pm25", "--data", str(data), "--as-of", "2015-06-30",
                 "--format", "json")
    outlook = json.loads(result.stdout)["outlook"]
    assert outlook["status"] == "at_risk"
    assert abs(outlook["ratio"] - 0.8858) < 1e-4
    assert abs(outlook["observed_rate"] - -3.7062) < 1e-3
    assert abs(outlook["required_rate"] - -4.1841) < 1e-3
