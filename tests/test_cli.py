"""The command line through click's CliRunner: exit codes, output, error lines."""

import json

from click.testing import CliRunner

from qcity import __version__
from qcity.actuals import read_actuals
from qcity.cli import cli
from qcity.evaluation.engine import evaluate
from qcity.plan.loading import load_plan

from demo import DEMO_PLAN

PLAN = DEMO_PLAN


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_lists_check():
    result = run("--help")
    assert result.exit_code == 0
    assert "check" in result.output


def test_check_bundled_zhengzhou_prints_real_report(repo_root):
    result = run("check", "zhengzhou", "--as-of", "2026-11-21")
    assert result.exit_code == 1  # many metrics have no published figure: missing fails
    out = result.stdout
    assert "郑州市创建全国质量强市示范城市工作方案" in out
    assert "总结验收阶段" in out
    # after the plan every target is due; the article's 85 % is city-wide, an indicator,
    # so the plan's 市区 target has no figure at all
    line = next(l for l in out.splitlines() if "污水处理率(市区)" in l)
    assert "缺数据" in line and "85%" not in line
    line = next(l for l in out.splitlines() if "城市污水处理率" in l)
    assert "85%" in line and "监测指标" in line
    # PM2.5 2013 (108) is too old to stand for the 2016 target: missing, shown, explained
    line = next(l for l in out.splitlines() if "细颗粒物(PM2.5)年均浓度" in l and "108" in l)
    assert "缺数据" in line
    assert "2013年的数据只在2014年12月31日前有效" in out
    assert "结论：未通过。" in out


def test_check_all_plans_without_argument(repo_root):
    result = run("check", "--as-of", "2026-11-21", "--format", "json")
    reports = json.loads(result.stdout)
    assert [r["plan"]["id"] for r in reports] == ["yongkang-2016", "yongkang-2020",
                                                  "yongkang-benchmarking", "zhengzhou"]


def test_json_is_the_library_report(repo_root):
    result = run("check", "zhengzhou", "--as-of", "2026-11-21", "--format", "json")
    plan = load_plan("targets/zhengzhou.yaml")
    from datetime import date
    report = evaluate(plan, read_actuals(["data/zhengzhou.csv"], plan), as_of=date(2026, 11, 21))
    assert json.loads(result.stdout) == json.loads(report.model_dump_json(context={"lang": "zh"}))
    pm25 = next(m for m in json.loads(result.stdout)["metrics"] if m["id"] == "pm25")
    assert pm25["status"] == "missing" and pm25["actual"] == 108 and pm25["margin"] is None
    assert [r["code"] for r in pm25["remarks"]] == ["stale"]


def test_english_labels(repo_root):
    result = run("check", "zhengzhou", "--as-of", "2026-11-21", "--lang", "en")
    assert "PM2.5 annual mean concentration" in result.stdout
    assert "Verdict: FAIL" in result.stdout


def test_exit_0_when_every_due_metric_passes(project_dir):
    (project_dir / "targets" / "demo.yaml").write_text(PLAN, encoding="utf-8")
    (project_dir / "data" / "demo.csv").write_text("metric,period,value\nrate,2015,90\n")
    result = run("check", "demo", "--as-of", "2016-01-01")
    assert result.exit_code == 0, result.output
    assert "达标" in result.stdout


def test_exit_1_when_a_metric_fails(project_dir):
    (project_dir / "targets" / "demo.yaml").write_text(PLAN, encoding="utf-8")
    (project_dir / "data" / "demo.csv").write_text("metric,period,value\nrate,2015,89.9\n")
    assert run("check", "demo", "--as-of", "2016-01-01").exit_code == 1


def test_bad_plan_gives_one_line_and_exit_2(project_dir):
    (project_dir / "targets" / "demo.yaml").write_text(
        PLAN.replace('">= 90"', '"=> 90"'), encoding="utf-8")
    result = run("check", "demo", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == ('targets/demo.yaml:8:46: error Q101: metrics[0].target: unknown operator "=>" '
                             "(use one of >=, >, <=, <, ==)\n")
    assert "Traceback" not in result.output


def test_bad_csv_gives_file_line_col_and_exit_2(project_dir):
    (project_dir / "targets" / "demo.yaml").write_text(PLAN, encoding="utf-8")
    (project_dir / "data" / "demo.csv").write_text(
        "metric,period,value\nrate,2015,9O\nrate,2015-13,90\n")
    result = run("check", "demo", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        'data/demo.csv:2:3: error Q203: value: "9O" is not a number',
        'data/demo.csv:3:2: error Q202: period: invalid period "2015-13": month 13 is not 01-12',
    ]
    result = run("check", "demo")  # the plan's language, Chinese: the places and codes stay
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "data/demo.csv:2:3: error Q203: value: 数值“9O”无法识别为数字",
        "data/demo.csv:3:2: error Q202: period: 期间“2015-13”无法识别：月份13不在01～12之间",
    ]


def test_unknown_plan_is_a_usage_error(repo_root):
    result = run("check", "nowhere")
    assert result.exit_code == 2
    assert 'no plan "nowhere"' in result.stderr


def test_unknown_stage_is_a_usage_error(repo_root):
    result = run("check", "zhengzhou", "--stage", "final")
    assert result.exit_code == 2
    assert 'has no stage "final"' in result.stderr


def test_bad_as_of_date(repo_root):
    result = run("check", "zhengzhou", "--as-of", "2015-02-30")
    assert result.exit_code == 2
    assert "not a date" in result.stderr


def test_no_project_found(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 2
    assert "no targets/ folder" in result.stderr


def test_root_option_and_stage(tmp_path, repo_root):
    result = run("check", "zhengzhou", "--root", str(repo_root), "--stage", "implement",
                 "--as-of", "2014-09-01", "--format", "json")
    report = json.loads(result.stdout)
    assert report["evaluated_at"] == "2014-09-01"
    assert report["stage"]["id"] == "implement"
    assert {m["status"] for m in report["metrics"]} == {"not_due", "indicator"}
    assert report["verdict"] == "none" and report["stage_basis"] == "chosen"
    assert result.exit_code == 0  # nothing due yet at that stage: no verdict, no failure


def test_output_file_is_written_atomically(project_dir):
    (project_dir / "targets" / "demo.yaml").write_text(PLAN, encoding="utf-8")
    (project_dir / "data" / "demo.csv").write_text("metric,period,value\nrate,2015,95\n")
    result = run("check", "demo", "--as-of", "2016-01-01", "--output", "out.json")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads((project_dir / "out.json").read_text())["verdict"] == "pass"
    assert [p.name for p in project_dir.iterdir() if p.name.startswith(".qcity-")] == []


def test_markdown_format(project_dir):
    (project_dir / "targets" / "demo.yaml").write_text(PLAN, encoding="utf-8")
    (project_dir / "data" / "demo.csv").write_text("metric,period,value\nrate,2015,95\n")
    result = run("check", "demo", "--as-of", "2016-01-01", "--format", "markdown")
    assert "| 合格率 " in result.stdout
    assert result.stdout.startswith("## Demo · 测试市")


def test_data_override(project_dir):
    (project_dir / "targets" / "demo.yaml").write_text(PLAN, encoding="utf-8")
    (project_dir / "other.csv").write_text("metric,period,value\nrate,2015,95\n")
    assert run("check", "demo", "--as-of", "2016-01-01").exit_code == 1  # no data: missing
    assert run("check", "demo", "--as-of", "2016-01-01", "--data", "other.csv").exit_code == 0


def test_inputs_are_never_written(repo_root):
    before = {p: p.read_bytes() for p in list((repo_root / "targets").iterdir())
              + list((repo_root / "data").iterdir())}
    run("check", "--as-of", "2026-11-21")
    assert {p: p.read_bytes() for p in before} == before
