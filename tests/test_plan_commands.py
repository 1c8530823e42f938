"""qcity plans, show, template and init."""

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from qcity.cli import cli


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_plans_lists_bundled_plans(repo_root):
    result = run("plans")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[2:]] == ["yongkang-2016", "yongkang-2020",
                                                       "yongkang-benchmarking", "zhengzhou"]
    assert "2014-03-01 – 2015-06-30 (4)" in lines[5]
    assert lines[5].split()[-2:] == ["20", "1"]  # 20 targets, 1 data file


def test_plans_reports_a_broken_plan(project_dir):
    (project_dir / "targets" / "bad.yaml").write_text("qcity: 1\n")
    result = run("plans")
    assert result.exit_code == 2
    assert "bad" in result.stdout
    assert result.stderr.startswith("targets/bad.yaml:1:1:")


def test_show_marks_the_current_stage(repo_root):
    result = run("show", "zhengzhou", "--as-of", "2014-07-01")
    assert result.exit_code == 0
    assert "✓ 2014-03-01 – 2014-05-31  规划筹备阶段 (prepare)" in result.stdout
    assert "▶ 2014-06-01 – 2014-12-31  推进落实阶段 (implement)" in result.stdout
    assert "细颗粒物(PM2.5)年均浓度" in result.stdout and "2016-12-31" in result.stdout


def test_show_in_english(repo_root):
    result = run("show", "yongkang-2020", "--lang", "en", "--as-of", "2019-01-01")
    assert "Water use per unit of GDP" in result.stdout
    assert "down ≥ 21% from baseline" in result.stdout
    assert "achieved" in result.stdout


def test_template_has_every_metric_and_empty_values(repo_root):
    result = run("template", "zhengzhou")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["metric"] for r in rows][:3] == ["agri-standardization-rate",
                                                "agri-standardization-rate",
                                                "farm-produce-pass-rate"]
    # 29 metrics; those due on 2015-06-30 ask for the year so far and the last whole year
    assert len(rows) == 52
    assert all(r["value"] == "" for r in rows)
    periods: dict = {}
    for r in rows:
        periods.setdefault(r["metric"], []).append(r["period"])
    assert periods["agri-standardization-rate"] == ["2014", "2015-H1"]  # never 2015-06
    assert periods["sewage-treatment-rate-urban"] == ["2015"]  # due 2015-12-31
    assert periods["pm25"] == ["2016"]


def test_filled_template_is_accepted(repo_root, tmp_path):
    text = run("template", "zhengzhou").stdout.replace(
        "agri-standardization-rate,农业标准化生产普及率,2015-H1,,",
        "agri-standardization-rate,农业标准化生产普及率,2015-H1,31,")
    data = tmp_path / "filled.csv"
    data.write_text(text, encoding="utf-8")
    result = run("check", "zhengzhou", "--lang", "en", "--data", str(data), "--as-of", "2015-06-30",
                 "--format", "json")
    assert result.exit_code == 1  # the rest is still missing
    assert '"status": "pass"' in result.stdout
    assert "empty value" in result.stderr  # unfilled rows are warnings, not errors


def test_init_makes_a_project_check_and_validate_accept(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init", "proj")
    assert result.exit_code == 0
    assert Path("proj/targets/example.yaml").is_file()
    assert Path("proj/qcity-plan.schema.json").is_file()
    monkeypatch.chdir(tmp_path / "proj")
    assert run("validate").exit_code == 0
    checked = run("check", "example", "--as-of", "2026-07-01")
    assert checked.exit_code == 1 and "示例市" in checked.stdout
    assert "得分60分" in checked.stdout


def test_init_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("init", ".")
    Path("targets/example.yaml").write_text("mine")
    result = run("init", ".")
    assert result.exit_code == 2
    assert Path("targets/example.yaml").read_text() == "mine"


def test_show_heads_each_area_with_its_name_also_after_milestones(tmp_path, monkeypatch):
    """A metric with milestones (the init example has one) keeps its area's heading."""
    monkeypatch.chdir(tmp_path)
    assert run("init", "proj").exit_code == 0
    monkeypatch.chdir(tmp_path / "proj")
    shown = run("show", "example").stdout
    headings = [line for line in shown.splitlines() if line.endswith("：")]
    assert headings == ["阶段：", "产品质量：", "环境质量："]
