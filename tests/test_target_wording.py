"""Targets said as plans write them: a comparison by the other metric's name and the
figure it gave (高于全省平均), a change each period as 比上年/同比/逐年 (year on year, on
the previous year), a range with its unit (2~3个)."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from qcity.cli import cli

CASES = Path(__file__).parent / "cases"


def run(case, *args):
    result = CliRunner().invoke(cli, [*args, "--root", str(CASES / case)],
                                catch_exceptions=False)
    return result.stdout


REFERENCE_ZH = "≥全省产品质量监督抽查合格率（90%）+2个百分点"
REFERENCE_EN = "≥ 全省产品质量监督抽查合格率 (90%) + 2 pp"


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "latex", "csv"])
def test_a_comparison_names_the_other_metric_and_its_figure(fmt):
    out = run("reference", "check", "case", "--as-of", "2017-01-01", "--format", fmt)
    out = out.replace("\\%", "%")  # LaTeX
    assert "province-pass-rate +" not in out and "＞ province" not in out  # not the raw id
    assert "全省产品质量监督抽查合格率（90%）+2个百分点" in out
    # no figure to compare with: the name alone
    assert "＞全省产品质量监督抽查合格率" in out


def test_a_comparison_in_english_and_in_office_files(tmp_path):
    out = run("reference", "check", "case", "--as-of", "2017-01-01", "--lang", "en")
    assert REFERENCE_EN in out
    import docx
    import openpyxl

    run("reference", "check", "case", "--as-of", "2017-01-01", "-o", str(tmp_path / "r.docx"))
    cells = [c.text for t in docx.Document(tmp_path / "r.docx").tables
             for row in t.rows for c in row.cells]
    assert any(REFERENCE_ZH in c.replace("\n", "") for c in cells)
    run("reference", "check", "case", "--as-of", "2017-01-01", "-o", str(tmp_path / "r.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["指标"]
    assert REFERENCE_ZH in [c.value for row in sheet.iter_rows() for c in row]


def test_show_and_trend_name_the_compared_metric():
    assert "≥全省产品质量监督抽查合格率+2个百分点" in run("reference", "show", "case")
    trend = run("reference", "trend", "case", "two-points-above", "--as-of", "2017-01-01")
    assert f"目标：{REFERENCE_ZH}" in trend


@pytest.mark.parametrize("lang,texts", [
    ("zh", ["逐年增加", "同比提高≥5%", "比上年下降≥3%"]),
    ("en", ["up every year", "up ≥ 5% year on year", "down ≥ 3% on the previous year"]),
])
def test_a_change_each_period_is_worded_as_the_plan_says_it(lang, texts):
    report = run("against", "check", "case", "--as-of", "2017-01-01", "--lang", lang)
    show = run("against", "show", "case", "--lang", lang)
    for text in texts:
        assert text in report and text in show
    assert "较基期" not in report and "from baseline" not in report
    trend = run("against", "trend", "case", "down-3", "--as-of", "2017-01-01", "--lang", lang)
    assert texts[2] in trend.splitlines()[1]


@pytest.mark.parametrize("lang,text", [("zh", "30~35个"), ("en", "30–35")])
def test_a_range_shows_its_aim(lang, text):
    assert text in run("range", "check", "case", "--as-of", "2017-01-01", "--lang", lang)
    assert text in run("range", "show", "case", "--lang", lang)
