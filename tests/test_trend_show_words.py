"""``qcity trend`` words a target as the reports do and names the city in the report's
language (QA-3 findings 4 and 5): a count says what it counts (``≥2个县区``, not ``≥2``, which
reads as a bar on the counties' scores), a share is of the sub-units, a milestone keeps its
label, and ``--lang en`` names the city by ``city_en``. ``qcity show`` heads its columns
as the other tables do and writes Chinese colons full-width (finding 10)."""

import pytest
from click.testing import CliRunner

from qcity.cli import cli

PLAN = """\
qcity: 1
id: demo
city: 示例市
city_en: Example City
title: 示例市质量强市方案
subunits: [甲县, 乙县, 丙县]
stages: [{id: s, name: 创建阶段, name_en: Building, start: 2013-01-01, end: 2015-12-31}]
metrics:
  - {id: scoring, name: 考核达标县区个数, name_en: Counties at standard, unit: 分,
     aggregate: {count: ">= 90"}, target: ">= 2"}
  - {id: accepted, name: 通过验收的县比例, name_en: Counties accepted, unit: bool,
     aggregate: {share: achieved}, target: ">= 100", milestones: {"2013": ">= 30"}}
"""
DATA = """\
metric,period,subunit,value
scoring,2013,甲县,92
scoring,2013,乙县,91
scoring,2013,丙县,80
accepted,2013,甲县,是
accepted,2013,乙县,否
accepted,2013,丙县,否
"""


@pytest.fixture
def project(project_dir):
    (project_dir / "targets" / "demo.yaml").write_text(PLAN, encoding="utf-8")
    (project_dir / "data" / "demo.csv").write_text(DATA, encoding="utf-8")


def run(*args) -> str:
    result = CliRunner().invoke(cli, [*args, "--as-of", "2014-03-01"])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.mark.parametrize("lang, metric, words", [
    ("zh", "scoring", "目标：≥2个县区 ·"),
    ("zh", "accepted", "目标：≥30%的县区（2013目标） ·"),
    ("en", "scoring", "Target: ≥ 2 sub-units ·"),
    ("en", "accepted", "Target: ≥ 30% of sub-units (2013 milestone) ·"),
])
def test_trend_words_a_sub_unit_target_as_the_report_does(project, lang, metric, words):
    head = run("trend", "demo", metric, "--lang", lang).splitlines()
    assert head[1].startswith(words)
    target = words.split("：" if lang == "zh" else ": ", 1)[1].removesuffix(" ·")
    assert target in run("check", "demo", "--lang", lang)  # the same words in the report


def test_trend_in_english_names_the_city_in_english(project):
    assert run("trend", "demo", "scoring", "--lang", "en").splitlines()[0] == \
        "Counties at standard (scoring) · Example City"
    assert run("trend", "demo", "scoring").splitlines()[0] == "考核达标县区个数 (scoring) · 示例市"


def test_show_heads_are_capitalised_and_chinese_show_uses_full_width_colons(project_dir):
    (project_dir / "targets" / "demo.yaml").write_text(
        PLAN.replace("stages:", "source: 示例市人民政府办公室\nstages:"), encoding="utf-8")
    zh = CliRunner().invoke(cli, ["show", "demo"]).stdout.splitlines()
    assert "来源：示例市人民政府办公室" in zh and "阶段：" in zh and "(未分领域)：" in zh
    assert not [line for line in zh if line.endswith(":") or "来源:" in line]
    en = CliRunner().invoke(cli, ["show", "demo", "--lang", "en"]).stdout.splitlines()
    head = next(line for line in en if line.startswith("Metric"))
    assert head.split() == ["Metric", "id", "Target", "Due", "Weight", "Veto"]
    assert "Source: 示例市人民政府办公室" in en and "Stage:" in en
