"""A margin worked out against a worked-out bar (``93.1 + 2``, ``35 × 1.05``, ``35 + 2``)
reads as the plain targets' do: a figure exactly on the bar is ``0`` with its unit, never
``0.0个百分点`` or ``0.00微克/立方米``, in every format and language (QA-3 finding 2)."""

import csv
import io
import re

import pytest
from click.testing import CliRunner

from qcity.cli import cli

PLAN = """\
qcity: 1
id: zero
city: 示例市
city_en: Example
title: 示例市质量提升方案
stages:
  - {id: build, name: 创建阶段, start: 2015-01-01, end: 2015-12-31}
metrics:
  - {id: prov, name: 全省抽查合格率, name_en: Province pass rate, unit: "%"}
  - {id: spot, name: 抽查合格率, name_en: Pass rate, unit: "%", target: ">= prov + 2"}
  - {id: pm25, name: PM2.5年均浓度, name_en: PM2.5, unit: 微克/立方米, unit_en: µg/m³, target: "<= 35",
     tolerance: 5%}
  - {id: pm10, name: PM10年均浓度, name_en: PM10, unit: 微克/立方米, unit_en: µg/m³, target: "<= 40",
     tolerance: 2}
  - {id: near, name: 达标率, name_en: Rate, unit: "%", target: ">= 90", tolerance: 1%}
  - {id: plain, name: 合格率, name_en: Plain rate, unit: "%", target: ">= 90"}
"""
DATA = """\
metric,period,value
prov,2015,93.1
spot,2015,95.1
pm25,2015,36.75
pm10,2015,42
near,2015,89.25
plain,2015,93.0
"""


@pytest.fixture
def project(project_dir):
    (project_dir / "targets" / "zero.yaml").write_text(PLAN, encoding="utf-8")
    (project_dir / "data" / "zero.csv").write_text(DATA, encoding="utf-8")
    return project_dir


def margins(lang: str, fmt: str) -> dict:
    run = CliRunner().invoke(cli, ["check", "zero", "--as-of", "2016-03-01", "--lang", lang,
                                   "--format", fmt])
    assert run.exit_code == 0, run.output
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(run.stdout.lstrip("\ufeff"))))
        at = rows[0].index("差距")
        name = rows[0].index("id")
        return {row[name]: row[at].lstrip("'") for row in rows[1:] if len(row) > at}
    return run.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_a_figure_on_a_worked_out_bar_has_a_zero_margin(project, lang, fmt):
    out = margins(lang, fmt)
    for bad in ("0.0个百分点", "0.00微克", "0.0 pp", "0.00 µg", "+0.150", "0.00 pp"):
        assert bad not in out
    zero = (lambda unit: len(re.findall(rf"(?<![\d.+-])0{re.escape(unit)}", out)))
    if lang == "zh":
        assert zero("个百分点") == 1 and zero("微克/立方米") == 2
        assert "+0.15个百分点" in out and "+3.0个百分点" in out  # 89.25 vs 89.1; as written
    else:
        assert zero(" pp") == 1 and zero(" µg/m³") == 2
        assert "+0.15 pp" in out and "+3.0 pp" in out

def test_csv_margins_read_as_reports_do(project):
    assert margins("zh", "csv") == {"prov": "", "spot": "0个百分点", "pm25": "0微克/立方米",
                                    "pm10": "0微克/立方米", "near": "+0.15个百分点",
                                    "plain": "+3.0个百分点"}
