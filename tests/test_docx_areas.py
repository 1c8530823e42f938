"""Word: an area holding only indicators says so, not "0 of 0 due passed"."""

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from qcity.cli import cli

PLAN = """\
qcity: 1
id: p
city: 测试市
title: 测试方案
areas: [{id: a, name: 质量水平, name_en: Quality}, {id: b, name: 监测, name_en: Watched}]
stages: [{id: s, name: S, start: 2014-01-01, end: 2015-12-31}]
metrics:
  - {id: rate, name: 合格率, area: a, unit: "%", target: ">= 90"}
  - {id: watch, name: 监测值, area: b, unit: "%"}
"""


@pytest.mark.parametrize("lang,said,not_said", [
    ("en", "Indicators only (no targets).", "0 of 0 due passed"),
    ("zh", "均为监测指标。", "应达标0项")])
def test_an_area_of_indicators_only(tmp_path, lang, said, not_said):
    (tmp_path / "targets").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "targets" / "p.yaml").write_text(PLAN, encoding="utf-8")
    (tmp_path / "data" / "p.csv").write_text("metric,period,value\nrate,2015,91\nwatch,2015,5\n",
                                             encoding="utf-8")
    out = Path(tmp_path / "r.docx")
    CliRunner().invoke(cli, ["check", "p", "--root", str(tmp_path), "--as-of", "2016-01-01",
                             "--lang", lang, "-o", str(out)], catch_exceptions=False)
    text = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert said in text and not_said not in text
