"""``qcity check`` and ``trend`` as a newcomer uses them (QA-1 findings 3, 11, 16, 18):
plans resolved before anything is written, diagnostics with their codes, texts for
people in the report's language, metrics named as data files name them, a second plan
added to a project."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcity.cli import cli

from demo import DEMO_PLAN


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def demo(project_dir):
    (project_dir / "targets" / "demo.yaml").write_text(DEMO_PLAN, encoding="utf-8")
    (project_dir / "data" / "demo.csv").write_text("metric,period,value\nrate,2015,95\n")
    inbox = project_dir / "inbox"
    inbox.mkdir()
    (inbox / "a.csv").write_text("metric,period,value\nrate,2015,95\n")
    (inbox / "b.csv").write_text("metric,period,value\nrate,2014,80\n")
    return project_dir


@pytest.mark.parametrize("out", ["r.docx", "r.xlsx", "r.html", "r.json", "r.md", None])
def test_second_data_file_taken_for_a_plan_stops_before_anything_is_written(demo, out):
    args = ["check", "demo", "--data", "inbox/a.csv", "inbox/b.csv", "--as-of", "2016-01-01"]
    result = run(*args, *(["-o", out] if out else []))
    assert result.exit_code == 2
    assert result.stdout == ""  # no report from the first file alone
    assert result.stderr == ('qcity: no plan "inbox/b.csv" (a data file? repeat --data for '
                             "each file: --data a.csv --data b.csv)\n")
    assert sorted(p.name for p in demo.iterdir()) == ["data", "inbox", "targets"]


def test_every_unknown_plan_is_named_before_any_is_evaluated(demo):
    result = run("check", "demo", "nosuch", "other", "--as-of", "2016-01-01", "-o", "r.docx")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines == ['qcity: no plan "nosuch" in targets (plans: demo)',
                     'qcity: no plan "other" in targets (plans: demo)']
    assert not Path("r.docx").exists()


def test_repeated_data_option_reads_every_file(demo):
    result = run("check", "demo", "--data", "inbox/a.csv", "--data", "inbox/b.csv",
                 "--as-of", "2016-01-01", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["metrics"][0]["observations"] == 2


def test_no_output_file_when_a_plan_has_an_error(demo):
    (demo / "targets" / "two.yaml").write_text(DEMO_PLAN.replace("id: demo", "id: two"),
                                                encoding="utf-8")
    (demo / "data" / "two.csv").write_text("metric,period,value\nrate,2015,abc\n")
    result = run("check", "demo", "two", "--as-of", "2016-01-01", "-o", "r.md")
    assert result.exit_code == 2
    assert not Path("r.md").exists()  # a file silently lacking plan "two" is worse than none


def test_check_diagnostics_carry_their_code_as_validate_writes_them(demo):
    (demo / "data" / "demo.csv").write_text("metric,period,value\nrate,2015,abc\n")
    check = run("check", "demo", "--as-of", "2016-01-01")  # Chinese, as the report is
    validate = run("validate", "--lang", "zh")
    assert check.exit_code == 2
    line = check.stderr.strip()
    assert line == 'data/demo.csv:2:3: error Q203: value: 数值“abc”无法识别为数字'
    assert line in validate.stdout.splitlines()
    english = run("check", "demo", "--as-of", "2016-01-01", "--lang", "en").stderr.strip()
    assert english == 'data/demo.csv:2:3: error Q203: value: "abc" is not a number'
    assert english in run("validate").stdout.splitlines()  # validate: English by default


def test_check_warnings_carry_their_code(demo):
    (demo / "data" / "demo.csv").write_text("metric,period,value\nrate,2015,95\nrate,2014,—\n")
    result = run("check", "demo", "--as-of", "2016-01-01")
    assert result.exit_code == 0
    assert "warning Q208: " in result.stderr


def test_bad_plan_line_has_its_code(project_dir):
    (project_dir / "targets" / "demo.yaml").write_text(
        DEMO_PLAN.replace('">= 90"', '"=> 90"'), encoding="utf-8")
    result = run("check", "demo")
    assert result.exit_code == 2
    assert result.stderr.startswith("targets/demo.yaml:8:46:")
    assert " error Q101: metrics[0].target: 未知的比较符“=>”" in result.stderr  # as the report


def test_json_note_and_reason_follow_the_report_language(repo_root):
    def pm25(*lang):
        result = run("check", "zhengzhou", "--as-of", "2026-11-21", "--format", "json", *lang)
        return next(m for m in json.loads(result.stdout)["metrics"] if m["id"] == "pm25")

    zh, en = pm25(), pm25("--lang", "en")
    assert zh["note"] == "2013年的数据只在2014年12月31日前有效，不能代表2016年12月31日的情况"
    assert en["note"].startswith("the 2013 figure counts until 2014-12-31")
    assert zh["remarks"] == en["remarks"]  # codes and arguments for programs, unchanged
    assert zh["remarks"][0]["code"] == "stale"
    farm = run("check", "zhengzhou", "--as-of", "2026-11-21", "--format", "json")
    reasons = {m["outlook"]["reason"] for m in json.loads(farm.stdout)["metrics"]
               if m["outlook"] and m["outlook"]["reason"]}
    assert "没有观测值" in reasons and "no observation" not in reasons


def test_json_scoreboard_notes_follow_the_language(monkeypatch):
    monkeypatch.chdir(Path(__file__).parent / "multicity")
    zh = run("check", "standard", "--as-of", "2025-01-01", "--format", "json").stdout
    en = run("check", "standard", "--as-of", "2025-01-01", "--format", "json",
             "--lang", "en").stdout
    assert json.loads(zh)["reports"][0]["plan"] == json.loads(en)["reports"][0]["plan"]
    notes_zh = [m["note"] for r in json.loads(zh)["reports"] for m in r["metrics"] if m["note"]]
    notes_en = [m["note"] for r in json.loads(en)["reports"] for m in r["metrics"] if m["note"]]
    assert len(notes_zh) == len(notes_en)
    assert all(not any(ch.isascii() and ch.isalpha() for ch in n) for n in notes_zh)


@pytest.mark.parametrize("name", ["pm25", "细颗粒物(PM2.5)年均浓度", "细颗粒物（PM2.5）年均浓度",
                                  "PM2.5 annual mean concentration", "ＰＭ雾霾"])
def test_trend_takes_the_metric_id_name_or_alias(repo_root, tmp_path, name):
    plan = (repo_root / "targets" / "zhengzhou.yaml").read_text(encoding="utf-8")
    plan = plan.replace("    name_en: PM2.5 annual mean concentration\n",
                        "    name_en: PM2.5 annual mean concentration\n    aliases: [PM雾霾]\n")
    (tmp_path / "targets").mkdir()
    (tmp_path / "targets" / "zhengzhou.yaml").write_text(plan, encoding="utf-8")
    result = run("trend", "zhengzhou", name, "--data", "data/zhengzhou.csv",
                 "--root", str(tmp_path), "--as-of", "2016-01-01")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("细颗粒物(PM2.5)年均浓度 (pm25) · 郑州市\n")


def test_trend_unknown_metric_suggests_one(repo_root):
    result = run("trend", "zhengzhou", "pm2", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == 'qcity: unknown metric "pm2" in plan "zhengzhou" (did you mean ' \
                            '"pm25"?)\n'
    result = run("trend", "zhengzhou", "pm2")  # the report's language: the plan's, Chinese
    assert result.stderr == "qcity: 未知指标“pm2”（是否为“pm25”？）（方案“zhengzhou”）\n"


def test_stage_help_says_the_default_the_readme_says(repo_root):
    help_text = " ".join(run("check", "--help").stdout.split())
    assert "default: the stage --as-of falls in" in help_text
    assert "the last stage" not in help_text
    readme = " ".join((repo_root / "README.md").read_text(encoding="utf-8").split())
    assert "`--as-of` (default today) picks the stage it falls in" in readme


def test_init_adds_a_second_plan_to_a_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("init", "zz", "--plan", "zz2015", "--city", "郑州市").exit_code == 0
    plan = Path("zz/targets/zz2015.yaml")
    plan.write_text(plan.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    result = run("init", "zz", "--plan", "郑州", "--city", "郑州市")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "created zz/targets/郑州.yaml", "created zz/data/郑州.csv",
        "exists  zz/qcity-plan.schema.json (the same schema)", "next: cd zz && qcity check 郑州"]
    assert plan.read_text(encoding="utf-8").endswith("# mine\n")  # untouched
    monkeypatch.chdir(tmp_path / "zz")
    assert run("validate").exit_code == 0
    assert run("check", "郑州", "--as-of", "2026-01-01").exit_code == 0


def test_init_keeps_a_schema_that_differs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("targets").mkdir()
    Path("qcity-plan.schema.json").write_text("{}")
    result = run("init", ".", "--plan", "p")
    assert result.exit_code == 0
    assert "exists  qcity-plan.schema.json (kept as it is" in result.stdout
    assert Path("qcity-plan.schema.json").read_text() == "{}"


def test_init_never_overwrites_the_plan_or_its_data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("init", ".", "--plan", "p")
    Path("data/p.csv").write_text("mine")
    Path("targets/p.yaml").unlink()
    result = run("init", ".", "--plan", "p")
    assert result.exit_code == 2
    assert "data/p.csv already exist(s)" in result.stderr
    assert Path("data/p.csv").read_text() == "mine"
    assert not Path("targets/p.yaml").exists()  # nothing half-made
