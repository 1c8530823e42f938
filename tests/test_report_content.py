"""What every report says, after the newcomer's QA run (QA-1 findings 4, 8, 9, 13, 15,
20, 21): sources in every format, a vetoed city ranked and graded as failed, figures
not counted drawn apart, the two dates said for what they are, Excel numbers as
numbers, margins in percentage points, extreme figures shown sensibly."""

import io
import json
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcity.cli import cli
from qcity.evaluation.compare import Scoreboard, ScoreRow
from qcity.evaluation.report import PlanInfo

HERE = Path(__file__).parent


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# -- 4: sources in every format an office prints or pastes -----------------------------

@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "latex", "csv"])
def test_every_format_names_the_plan_and_each_figure_source(repo_root, fmt):
    out = run("check", "zhengzhou", "--as-of", "2026-11-21", "--format", fmt).stdout
    assert "(seed 004)" in out  # the plan's own source
    for figure in ("空气中细颗粒物(PM2.5)浓度2013年108微克/立方米",  # each figure's source
                   "城市集中式饮用水源地水质达标率达到98"):
        assert figure in out


def test_sources_come_once_a_source_naming_its_metrics(repo_root):
    out = run("check", "zhengzhou", "--as-of", "2026-11-21").stdout
    section = out.split("\n数据来源：\n")[1].split("\n\n")[0].splitlines()
    assert section[0].startswith("  - 方案：郑州日报")
    assert "  - 城市污水处理率、城市垃圾无害化处理率：郑州日报 seed 004: 城市污水处理率、垃圾无害化处理率" \
           "分别达到85%、93%" in section
    assert out.rstrip().splitlines()[-1].startswith("结论：")  # the verdict stays last


def test_csv_metric_rows_carry_their_source(repo_root):
    import csv

    out = run("check", "zhengzhou", "--as-of", "2026-11-21", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][-1] == "来源"
    pm25 = next(r for r in rows if len(r) > 2 and r[2] == "pm25")
    assert pm25[-1] == "郑州日报 seed 004: 空气中细颗粒物(PM2.5)浓度2013年108微克/立方米"
    assert ["zhengzhou", "郑州市", "方案来源"] == next(r for r in rows if "方案来源" in r)[:3]


# -- 8: a city failed by a veto ranks below every passing city -------------------------

@pytest.fixture
def five_cities(tmp_path, monkeypatch):
    """tests/multicity with 戊市: every metric passes but a major accident (veto), score 80."""
    shutil.copytree(HERE / "multicity", tmp_path / "mc")
    with open(tmp_path / "mc" / "data" / "standard.csv", "a", encoding="utf-8") as fh:
        fh.write("戊市,pass-rate,2024,96,synthetic\n戊市,satisfaction,2024,85,synthetic\n"
                 "戊市,pm25,2024,30,synthetic\n戊市,accidents,2024,1,synthetic\n")
    monkeypatch.chdir(tmp_path / "mc")


def test_vetoed_city_ranks_below_every_passing_city_and_is_graded_failed(five_cities):
    out = run("check", "standard", "--as-of", "2025-01-01").stdout
    rows = [line.split() for line in out.splitlines()[5:]]
    assert [r[0] for r in rows] == ["甲市", "乙市", "戊市", "丙市", "丁市"]
    assert rows[1][1:4] == ["通过", "60", "C"]
    assert rows[2][1:4] == ["未通过", "80", "D（一票否决）"]  # score kept, grade failed
    en = run("check", "standard", "--as-of", "2025-01-01", "--lang", "en").stdout
    assert "D (veto)" in en


def test_vetoed_city_order_and_grade_in_json_html_and_xlsx(five_cities):
    import openpyxl

    data = json.loads(run("check", "standard", "--as-of", "2025-01-01",
                          "--format", "json").stdout)
    wu = next(r for r in data["reports"] if r["plan"]["city"] == "戊市")
    assert (wu["verdict"], wu["score"], wu["grade"], wu["vetoed_by"]) == \
        ("fail", 80, "D", ["accidents"])
    html = run("check", "standard", "--as-of", "2025-01-01", "--format", "html").stdout
    board = html.split('<table class="board">')[1].split("</table>")[0]
    assert [board.index(c) for c in ("甲市", "乙市", "戊市", "丙市", "丁市")] == \
        sorted(board.index(c) for c in ("甲市", "乙市", "戊市", "丙市", "丁市"))
    run("check", "standard", "--as-of", "2025-01-01", "-o", "b.xlsx")
    sheet = openpyxl.load_workbook("b.xlsx").worksheets[0]
    assert [sheet.cell(r, 2).value for r in range(5, 10)] == ["甲市", "乙市", "戊市", "丙市", "丁市"]
    assert sheet.cell(7, 5).value == "D（一票否决）"


def test_ranking_puts_no_verdict_between_passing_and_failing():
    def row(city, verdict, score, vetoed=False):
        return ScoreRow(city=city, verdict=verdict, score=score, pass_=1, fail=0, missing=0,
                        not_due=0, at_risk=0, vetoed=vetoed)

    board = Scoreboard(plan=PlanInfo(id="p", city="省", title="T"), rows=[
        row("a", "fail", Decimal(95), vetoed=True), row("b", "fail", Decimal(50)),
        row("c", "none", None), row("d", "pass", Decimal(60)), row("e", "pass", Decimal(90))])
    assert [r.city for r in board.ranking()] == ["e", "d", "c", "b", "a"]


@pytest.mark.parametrize("fmt", ["csv", "markdown", "html", "xlsx", "docx", "latex"])
def test_tied_cities_share_a_place_in_every_scoreboard_format(fmt):
    """并列: equal score and counts share the place and the next one skips (1, 1, 3)."""
    from qcity.render import render_scoreboard

    def row(city, score, pass_=2):
        return ScoreRow(city=city, verdict="pass", score=Decimal(score), pass_=pass_, fail=0,
                        missing=0, not_due=0, at_risk=0)

    board = Scoreboard(plan=PlanInfo(id="p", city="省", title="T"), rows=[
        row("丙县", 90), row("甲县", 100), row("乙县", 100), row("丁县", 90, pass_=1)])
    assert [r.city for r in board.ranking()] == ["乙县", "甲县", "丙县", "丁县"]
    assert board.places() == [1, 1, 3, 4]
    out = render_scoreboard(board, fmt, "zh")
    places = _places_shown(fmt, out if isinstance(out, bytes) else out.encode("utf-8"))
    assert places == {"甲县": "1", "乙县": "1", "丙县": "3", "丁县": "4"}


def _places_shown(fmt: str, data: bytes) -> dict:
    cities = ("甲县", "乙县", "丙县", "丁县")
    if fmt == "xlsx":
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(_saved(data, ".xlsx"))
        rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
        return {r[1]: str(int(r[0])) for r in rows if len(r) > 1 and r[1] in cities}
    if fmt == "docx":
        import docx

        table = docx.Document(_saved(data, ".docx")).tables[0]
        rows = [[c.text for c in r.cells] for r in table.rows]
        return {r[1]: r[0] for r in rows if r[1] in cities}
    text = data.decode("utf-8-sig")
    found = {}
    for city in cities:
        cell = r"(?:<a [^>]*>)?" + city
        hit = re.search(r"(\d+)\s*(?:</td><td[^>]*>|[,|&]\s*)" + cell, text)
        found[city] = hit.group(1) if hit else None
    return found


def _saved(data: bytes, suffix: str) -> str:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as f:
        f.write(data)
    return f.name


# -- 9: figures that were not counted are drawn apart -----------------------------------

PLAN9 = """\
qcity: 1
id: p
city: 郑州市
title: 测试方案
stages:
  - {id: a, name: 推进落实阶段, start: 2014-01-01, end: 2014-12-31}
  - {id: b, name: 总结验收阶段, start: 2015-01-01, end: 2015-06-30}
metrics:
  - {id: sat, name: 生产性服务业顾客满意度, unit: 分, target: ">= 80", due: 2015-06-30}
  - {id: old, name: 旧数据指标, unit: "%", target: ">= 90", due: 2016-12-31}
  - {id: water, name: 单位生产总值用水量, unit: 立方米/万元, baseline: {period: "2013", value: 20},
     target: "decrease >= 10%", due: 2016-12-31}
  - {id: keep, name: 抽查合格率, unit: "%", target: ">= 90", mode: sustained, due: 2016-12-31}
"""
DATA9 = """\
metric,period,value
sat,2013,77
sat,2014,78.5
sat,2015,81.2
old,2013,91
water,2013,20
water,2014,19
water,2015,17.5
keep,2013,89
keep,2014,91
keep,2016,93
"""


@pytest.fixture
def uncounted(project_dir):
    (project_dir / "targets" / "p.yaml").write_text(PLAN9, encoding="utf-8")
    (project_dir / "data" / "p.csv").write_text(DATA9, encoding="utf-8")
    return project_dir


def _charts(html: str) -> dict:
    return dict(re.findall(r"<figcaption><b>([^<]+)</b>.*?(<svg.*?</svg>)", html))


def test_html_draws_points_not_counted_hollow_grey_with_a_legend(uncounted):
    out = run("check", "p", "--as-of", "2017-03-01", "--format", "html").stdout
    charts = _charts(out)

    def hollow(name):  # the values drawn hollow grey
        return re.findall(r'class="uncounted".*?fill="#8c959f">([^<]+)</text>', charts[name])

    assert hollow("生产性服务业顾客满意度") == ["81.2"]  # after its deadline 2015-06-30
    assert hollow("旧数据指标") == ["91%"]  # too old to stand for 2016-12-31
    assert hollow("单位生产总值用水量") == ["20"]  # the baseline itself
    assert hollow("抽查合格率") == ["89%"]  # before the sustained window
    sat = charts["生产性服务业顾客满意度"]
    assert '<circle cx' in sat and 'fill="#cf222e"/><text' in sat  # counted: red, missed 80
    assert "未计入评判" in sat and "未达到目标" in sat and "目标线" in sat  # the legend
    assert "未计入评判" not in charts.get("抽查合格率", "").split("</g>")[0]


def test_english_legend(uncounted):
    out = run("check", "p", "--as-of", "2017-03-01", "--format", "html", "--lang", "en").stdout
    assert "not counted" in _charts(out)["生产性服务业顾客满意度"]


def test_xlsx_charts_mark_points_not_counted_in_their_own_series(uncounted):
    import openpyxl

    run("check", "p", "--as-of", "2017-03-01", "-o", "r.xlsx")
    data = openpyxl.load_workbook("r.xlsx")["图表数据"]
    rows = [[c.value for c in row] for row in data.iter_rows(max_col=7)]
    head = next(r for r in rows if r[0] == "期间")
    assert head[3:] == ["达到目标", "未达到目标", "数值", "未计入评判"]
    sat = rows[rows.index(head) + 1: rows.index(head) + 4]
    assert [(r[0], r[1], r[4], r[6]) for r in sat] == [
        ("2013", 77, 77, None), ("2014", 78.5, 78.5, None), ("2015", 81.2, None, 81.2)]
    chart = zipfile.ZipFile("r.xlsx").read("xl/charts/chart1.xml").decode()
    assert "未计入评判" in chart and "C9CED4" in chart  # its series, grey


# -- 13: the two dates, said for what they are ----------------------------------------

@pytest.mark.parametrize("lang,known,old", [("zh", "按2026年11月21日掌握的数据", "截至"),
                                            ("en", "figures as known on 2026-11-21", "As of")])
@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "latex"])
def test_as_of_is_the_day_the_figures_were_known(repo_root, fmt, lang, known, old):
    out = run("check", "zhengzhou", "--as-of", "2026-11-21", "--format", fmt,
              "--lang", lang).stdout
    assert known in out and old not in out


def test_same_day_is_said_once(repo_root):
    line = run("check", "zhengzhou", "--as-of", "2014-09-01").stdout.splitlines()[1]
    assert "评估日 2014年9月1日 · 按当日掌握的数据 · " in line


def test_word_report_says_what_each_date_is(repo_root):
    import docx

    run("check", "zhengzhou", "--as-of", "2026-11-21", "-o", "/tmp/qcity-dates.docx")
    text = "\n".join(p.text for p in docx.Document("/tmp/qcity-dates.docx").paragraphs)
    assert "（评估日：2016年12月31日　按2026年11月21日掌握的数据）" in text
    assert "评估日为2016年12月31日（据此判断目标是否到期、数据是否仍然有效），按2026年11月21日掌握的数据评判。" \
        in text
    assert "数据截至" not in text


def test_csv_and_json_summary_name_the_known_date(repo_root):
    out = run("check", "zhengzhou", "--as-of", "2026-11-21", "--format", "csv").stdout
    assert "zhengzhou,郑州市,数据掌握日,2026年11月21日" in out


# -- 15: Excel summary numbers are numbers; percentages as the other formats show them --

def test_xlsx_summary_numbers_are_numbers(monkeypatch):
    import openpyxl

    monkeypatch.chdir(HERE / "multicity")
    run("check", "standard", "--city", "乙市", "--as-of", "2025-01-01", "-o", "/tmp/qc15.xlsx")
    book = openpyxl.load_workbook("/tmp/qc15.xlsx")
    summary = {row[0].value: row[1].value for row in book["概况"].iter_rows(max_col=2)
               if row[0].value}
    assert summary["得分"] == 60 and summary["及格分"] == 60
    assert (summary["达标"], summary["未达标"], summary["缺数据"]) == (3, 1, 0)
    assert all(isinstance(summary[k], int) for k in ("达标", "未达标", "缺数据", "未到期"))
    metrics = book["指标"]
    head = [c.value for c in metrics[1]]
    row = next(r for r in metrics.iter_rows(min_row=2) if r[1].value == "pass-rate")
    actual, margin = row[head.index("实际值")], row[head.index("差距")]
    assert (actual.value, actual.number_format) == (94.5, '0.0"%"')
    assert margin.number_format.startswith('+0.0"个百分点"')
    threshold = row[head.index("目标值")]
    assert (threshold.value, threshold.number_format) == (95, '0"%"')  # 95%, not 95.0%


def test_xlsx_actual_keeps_its_own_decimals(project_dir):
    import openpyxl

    (project_dir / "targets" / "demo.yaml").write_text(
        "qcity: 1\nid: demo\ncity: 市\ntitle: T\n"
        "stages: [{id: s, name: S, start: 2015-01-01, end: 2015-12-31}]\n"
        "metrics: [{id: rate, name: 合格率, unit: '%', target: '>= 91.5'}]\n", encoding="utf-8")
    (project_dir / "data" / "demo.csv").write_text("metric,period,value\nrate,2015,93\n")
    run("check", "demo", "--as-of", "2016-01-01", "-o", "r.xlsx")
    row = list(openpyxl.load_workbook("r.xlsx")["指标"].iter_rows(min_row=2))[0]
    assert row[6].value == 93 and row[6].number_format == '0"%"'  # 93%, as table shows it


# -- 20: margins of rates are percentage points, for level and change targets ----------

def test_margins_in_percentage_points_for_level_and_change_targets(monkeypatch):
    monkeypatch.chdir(HERE / "multicity")
    zh = run("check", "standard", "--city", "乙市", "--as-of", "2025-01-01").stdout
    en = run("check", "standard", "--city", "乙市", "--as-of", "2025-01-01",
             "--lang", "en").stdout
    assert re.search(r"产品抽检合格率 .* -0\.5个百分点 ", zh)
    assert re.search(r"Product|产品抽检合格率 .* -0\.5 pp ", en)
    assert re.search(r"顾客满意度 .* \+5分 ", zh) and re.search(r"PM2\.5年均浓度 .* \+4 µg/m³ ", zh)
    monkeypatch.chdir(HERE / "cases" / "change")
    change = run("check", "case", "--as-of", "2021-01-01").stdout
    assert re.search(r"just short .* -0\.01个百分点 ", change)


# -- 21: extreme figures ----------------------------------------------------------------

def test_a_tiny_rate_is_a_power_of_ten_and_its_margin_has_no_long_zeros(project_dir):
    from demo import DEMO_PLAN

    (project_dir / "targets" / "demo.yaml").write_text(DEMO_PLAN, encoding="utf-8")
    (project_dir / "data" / "demo.csv").write_text("metric,period,value\nrate,2015,1e-40\n")
    for fmt in ("table", "markdown", "html", "csv", "latex"):
        out = run("check", "demo", "--as-of", "2016-01-01", "--format", fmt).stdout
        assert ("1\\ensuremath{\\times 10^{-40}}\\%" if fmt == "latex" else "1×10⁻⁴⁰%") in out
        assert "-90个百分点" in out, fmt
        assert "0000000" not in out, fmt


def test_written_figures_stay_exact(project_dir):
    from demo import DEMO_PLAN

    (project_dir / "targets" / "demo.yaml").write_text(
        DEMO_PLAN.replace('">= 90"', '">= 93.1"'), encoding="utf-8")
    value = "93.0999999999999999"  # fails 93.1: it must never be shown as 93.1
    (project_dir / "data" / "demo.csv").write_text(f"metric,period,value\nrate,2015,{value}\n")
    out = run("check", "demo", "--as-of", "2016-01-01").stdout
    assert f"{value}%" in out and "未达标" in out
    assert "-1×10⁻¹⁶个百分点" in out


def test_the_readers_suggestion_uses_the_reports_figures_on_every_path(project_dir):
    """Q219's "did you mean …%?" is written as the reports write figures (one formatter,
    qcity.values.figure): 1e-40 suggests 1×10⁻³⁸%, never 0.000…01%; 0.895 still 89.5%."""
    from datetime import date

    from demo import DEMO_PLAN

    from qcity.actuals import parallel, read_actuals, scanning
    from qcity.evaluation.engine import evaluation_window
    from qcity.plan.loading import load_plan

    (project_dir / "targets" / "demo.yaml").write_text(DEMO_PLAN, encoding="utf-8")
    data = project_dir / "data" / "demo.csv"
    data.write_text("metric,period,value\nrate,2014,1e-40\nrate,2015,0.895\n")
    plan = load_plan(str(project_dir / "targets" / "demo.yaml"))
    messages = []
    saved = parallel.MIN_BYTES, scanning.ENABLED
    try:
        for window, compiled, split in ((False, False, False), (True, True, False),
                                        (True, False, False), (True, False, True)):
            scanning.ENABLED = compiled and saved[1]
            parallel.MIN_BYTES = 1 if split else saved[0]
            actuals = read_actuals([str(data)], plan, window=evaluation_window(
                plan, date(2016, 1, 1)) if window else None)
            messages.append([d.message for d in actuals.diagnostics if d.code == "Q219"])
    finally:
        parallel.MIN_BYTES, scanning.ENABLED = saved
    assert messages[0] == [
        "rate 2014: 1e-40 looks like a fraction (did you mean 1×10⁻³⁸%?); read as 1e-40%",
        "rate 2015: 0.895 looks like a fraction (did you mean 89.5%?); read as 0.895%"]
    assert messages == [messages[0]] * 4


@pytest.mark.parametrize("lang,rate", [("zh", "需年均 +9.6156421381525×10⁴³%"),
                                       ("en", "needs +9.6156421381525×10⁴³ %/yr")])
def test_trend_writes_tiny_and_huge_figures_as_the_reports_do(project_dir, lang, rate):
    from demo import DEMO_PLAN

    (project_dir / "targets" / "demo.yaml").write_text(DEMO_PLAN, encoding="utf-8")
    (project_dir / "data" / "demo.csv").write_text(
        "metric,period,value\nrate,2014,1e-40\nrate,2015,0.0000000000000000000000000000000000"
        "000001\n")
    out = run("trend", "demo", "rate", "--as-of", "2016-01-01", "--lang", lang).stdout
    assert "1×10⁻⁴⁰ → 1×10⁻⁴⁰" in out and rate in out
    assert "00000" not in out and "e-40" not in out and "e+" not in out


def test_english_scoreboard_heads_are_capitalised_alike(five_cities):
    """QA-2 finding 11: 'Rank, City, … pass, fail' mixed the case of column heads."""
    out = run("check", "standard", "--as-of", "2025-01-01", "--lang", "en",
              "--format", "csv").stdout
    assert out.splitlines()[0] == ("Rank,City,Verdict,Score,Grade,Pass,Fail,Missing,Not due,"
                                   "At risk or worse")


def test_xlsx_empty_cells_are_blank_not_empty_texts(five_cities):
    """QA-2 finding 11: an indicator's empty target was an empty string, which Excel's
    blank filters and COUNTBLANK take for text."""
    import openpyxl

    run("check", "standard", "--as-of", "2025-01-01", "--city", "丁市", "-o", "d.xlsx")
    with zipfile.ZipFile("d.xlsx") as book:
        strings = book.read("xl/sharedStrings.xml").decode("utf-8")
    assert "<t></t>" not in strings and "<t/>" not in strings
    sheet = openpyxl.load_workbook("d.xlsx")["指标"]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "" not in values
