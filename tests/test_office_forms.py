"""Office files as they come back (QA-1 findings on data input): percent-formatted
cells, period headings typed wrong, footer rows, two-row and sheet-a-year layouts,
title rows in CSV, mixed encodings, "no figure" warnings on check.

Every fixture is written by the test (tests/workbooks.py).
"""

from decimal import Decimal

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from qcity.actuals import read_actuals
from qcity.actuals.cellformats import is_percent_format
from qcity.actuals.spelling import period_text
from qcity.cli import cli
from qcity.i18n import period_text as chinese_period
from qcity.plan.loading import load_plan
from qcity.plan.periods import parse_period
from workbooks import Formula, Percent, write_ods, write_xls, write_xlsx

PLAN = """\
qcity: 1
id: demo
city: 示例市
title: 示例市质量提升方案
stages: [{id: s, name: 实施阶段, start: 2014-01-01, end: 2016-12-31}]
metrics:
  - {id: sewage, name: 污水处理率(市区), unit: "%", target: ">= 95"}
  - {id: spot-check, name: 产品质量国家监督抽查合格率, unit: "%", target: ">= 90"}
  - {id: satisfaction, name: 顾客满意度, unit: 分, target: ">= 80"}
"""


@pytest.fixture
def plan(project_dir):
    (project_dir / "targets" / "demo.yaml").write_text(PLAN, encoding="utf-8")
    return load_plan(str(project_dir / "targets" / "demo.yaml"))


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _values(actuals, metric):
    return [(o.period.text, o.value) for o in actuals.series(metric)]


# -- finding 1: a cell formatted as a percentage is read as it shows ----------------
PERCENT_SHEET = {"指标": [
    ["示例市质量指标"],
    ["指标名称", "单位", "2014年", "2015年"],
    ["污水处理率(市区)", "%", Percent(0.92), Percent(0.953)],
    ["产品质量国家监督抽查合格率", "%", 91.5, Percent(0.968, "0%")],
]}


@pytest.mark.parametrize("writer", [write_xlsx, write_ods, write_xls],
                         ids=["xlsx", "ods", "xls"])
def test_percent_formatted_cells_are_read_as_they_show(plan, project_dir, writer):
    suffix = {write_xlsx: "xlsx", write_ods: "ods", write_xls: "xls"}[writer]
    path = writer(project_dir / f"in.{suffix}", PERCENT_SHEET)
    actuals = read_actuals([str(path)], plan, strict=False)
    assert _values(actuals, "sewage") == [("2014", Decimal("92")), ("2015", Decimal("95.3"))]
    # the format rounds what is shown (97%), the figure keeps its digits, as any number does
    assert _values(actuals, "spot-check") == [("2014", Decimal("91.5")),
                                              ("2015", Decimal("96.8"))]
    assert list(actuals.diagnostics) == []  # no "did you mean 95.3%?": it was read so
    imported = run("import", str(path), "--plan", "demo")
    assert imported.stdout.splitlines()[1:3] == ["sewage,2014,92,%,,", "sewage,2015,95.3,%,,"]
    checked = run("check", "demo", "--data", str(path), "--as-of", "2016-12-31")
    assert "0.953" not in checked.stdout and "95.3%" in checked.stdout


def test_percent_cells_in_a_long_sheet_read_alike_on_every_path(plan, project_dir):
    from test_fuzz import _try_data

    rows = [["指标名称", "期间", "数值"]] + [
        [name, f"{year}", Percent(value)] for year in (2014, 2015)
        for name, value in (("污水处理率(市区)", 0.92), ("产品质量国家监督抽查合格率", 0.913))]
    path = write_xlsx(project_dir / "long.xlsx", {"S": rows})
    _try_data(path, plan)
    actuals = read_actuals([str(path)], plan)
    assert _values(actuals, "spot-check") == [("2014", Decimal("91.3")),
                                              ("2015", Decimal("91.3"))]


def test_percent_cell_of_a_metric_that_is_no_rate_is_an_error(plan, project_dir):
    path = write_xlsx(project_dir / "in.xlsx", {"S": [
        ["指标名称", "2015年"], ["顾客满意度", Percent(0.82)]]})
    result = run("validate", "--plan", "demo", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(f'{path}:S!B2: error Q203: value: "82%" has a "%" but '
                                    "the metric's unit is not \"%\"")


def test_a_percent_cell_that_is_text_or_the_templates_format_is_read_as_written(plan,
                                                                                project_dir):
    path = write_xlsx(project_dir / "in.xlsx", {"S": [
        ["指标名称", "2014年", "2015年"],
        ["污水处理率(市区)", "93.5%", Percent(95.2, 'General"%"')],
        ["产品质量国家监督抽查合格率", Formula("=0.9", 0.9), None]]})
    actuals = read_actuals([str(path)], plan, strict=False)
    assert _values(actuals, "sewage") == [("2014", Decimal("93.5")), ("2015", Decimal("95.2"))]
    # an unformatted fraction is still only suspected, as before
    assert [d.code for d in actuals.diagnostics] == ["Q219"]


@pytest.mark.parametrize("code,percent", [
    ("0%", True), ("0.0%", True), ("0.00%;[Red]-0.00%", True), ("#,##0.0%", True),
    ('General"%"', False), ('0.0"%"', False), ("0.0\\%", False), ("0.00", False),
    ('[$-804]0.0"百分比"', False), ("yyyy-mm-dd", False)])
def test_which_number_formats_are_percentages(code, percent):
    assert is_percent_format(code) is percent


# -- finding 2: a heading that looks like a period but is none ------------------------
@pytest.mark.parametrize("heading", ["2015-13", "2015年13月", "201513", "2015年第5季度"])
def test_a_period_heading_typed_wrong_is_an_error_at_its_cell(plan, project_dir, heading):
    path = write_xlsx(project_dir / "in.xlsx", {"指标": [
        ["指标名称", "单位", "2014年", heading, "备注", "数据来源", "责任单位"],
        ["污水处理率(市区)", "%", 92, 95.3, "快报", "统计局", "住建局"]]})
    result = run("validate", "--plan", "demo", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(f'{path}:指标!D1: error Q202: period: column "{heading}" '
                                    "looks like a period but is not one: ")
    assert "Q211" not in result.stdout  # 备注, 数据来源, 责任单位 are fine
    checked = run("check", "demo", "--data", str(path))
    assert checked.exit_code == 2
    # the other columns are still read, so every problem shows in one run
    actuals = read_actuals([str(path)], plan, strict=False)
    assert _values(actuals, "sewage") == [("2014", Decimal("92"))]


def test_period_headings_with_a_word_for_the_actual_or_planned_figure(plan, project_dir):
    path = project_dir / "in.csv"
    path.write_text("指标名称,2014年完成值,2015年(初步),2015年目标,2016年(预计),"
                    "2015年比上年增长\n污水处理率(市区),92,95.3,95,96,3.3\n", encoding="utf-8")
    actuals = read_actuals([str(path)], plan, strict=False)
    assert _values(actuals, "sewage") == [("2014", Decimal("92")), ("2015", Decimal("95.3"))]
    # targets and estimates hold no figures; a column of its own is said, not an error
    assert [(d.code, d.location.col) for d in actuals.diagnostics] == [("Q211", 6)]


def test_a_number_that_may_be_january_or_october_is_asked_about(plan, project_dir):
    path = write_xlsx(project_dir / "in.xlsx", {"S": [
        ["指标名称", "期间", "数值"], ["污水处理率(市区)", 2015.1, 92],
        ["污水处理率(市区)", 2015.6, 93]]})
    result = run("validate", "--plan", "demo", str(path))
    assert result.stdout.splitlines()[0] == (
        f"{path}:S!B2: error Q202: period: the number 2015.1 is January, or October typed as "
        "2015.10 (a spreadsheet drops the last 0 of a number); write the period as text: "
        "2015-01 or 2015-10")
    assert len(result.stdout.splitlines()) == 2  # 2015.6 is June


# -- finding 5: footer and note rows ---------------------------------------------------
FOOTERS = [["注：2015年数据为快报数，以统计年鉴为准。"],
           ["填报单位（盖章）：市质量强市办", None, "填报日期：2016年1月15日"],
           ["联系人：王五", "电话：0371-12345678"],
           ["制表人：张三", None, "审核人：李四"]]


def test_footer_and_note_rows_are_not_data(plan, project_dir):
    wide = write_xlsx(project_dir / "wide.xlsx", {"指标": [
        ["示例市质量指标完成情况"], ["指标名称", "单位", "2014年", "2015年"],
        ["一、环境质量"], ["污水处理率(市区)", "%", 92, 95.3], *FOOTERS]})
    long = project_dir / "long.csv"
    long.write_text("指标名称,期间,数值\n一、环境质量,,\n污水处理率(市区),2015,95.3\n"
                    + "\n".join(",".join(c or "" for c in row) for row in FOOTERS) + "\n",
                    encoding="utf-8")
    for path in (wide, long):
        result = run("validate", "--plan", "demo", str(path))
        assert result.stdout == "ok: 2 files checked, no problems\n", result.stdout


def test_an_unknown_metric_is_quoted_as_the_cell_holds_it(plan, project_dir):
    path = project_dir / "in.csv"
    path.write_text("指标名称,期间,数值\n污水处理率（县）,2015,95.3\n", encoding="utf-8")
    result = run("validate", "--plan", "demo", str(path))
    assert 'unknown metric "污水处理率（县）"' in result.stdout  # full-width, as written


# -- finding 14: office layouts --------------------------------------------------------
def test_two_row_header_with_a_group_heading_over_the_periods(plan, project_dir):
    rows = [["指标名称", "单位", "完成情况", None, "目标值"],
            [None, None, "2014年", "2015年", None],
            ["污水处理率(市区)", "%", 92, 95.3, "≥95%"]]
    book = write_xlsx(project_dir / "two.xlsx", {"指标": (rows, {"merge": [
        (0, 2, 0, 3, "完成情况"), (0, 0, 1, 0, "指标名称"), (0, 4, 1, 4, "目标值")]})})
    text = project_dir / "two.csv"  # saved as CSV, with the sheet's title above
    text.write_text("示例市指标完成情况,,,,\n" + "\n".join(
        ",".join("" if c is None else str(c) for c in row) for row in rows) + "\n",
        encoding="utf-8")
    for path in (book, text):
        actuals = read_actuals([str(path)], plan, strict=False)
        assert _values(actuals, "sewage") == [("2014", Decimal("92")),
                                              ("2015", Decimal("95.3"))], path
        assert list(actuals.diagnostics) == []
    planned = project_dir / "planned.csv"  # periods under a target heading are no figures
    planned.write_text("指标名称,完成值,,目标值,\n,2014年,2015年,2014年,2015年\n"
                       "污水处理率(市区),92,95.3,90,95\n", encoding="utf-8")
    actuals = read_actuals([str(planned)], plan, strict=False)
    assert _values(actuals, "sewage") == [("2014", Decimal("92")), ("2015", Decimal("95.3"))]


def test_one_sheet_a_year_takes_the_period_from_the_sheet_name(plan, project_dir):
    path = write_xlsx(project_dir / "years.xlsx", {
        "2014年": [["指标名称", "单位", "完成值"], ["污水处理率(市区)", "%", 92]],
        "2015年上半年": [["指标名称", "单位", "完成值"], ["污水处理率(市区)", "%", "9O"]],
        "说明": [["本表由市统计局汇总"]]})
    actuals = read_actuals([str(path)], plan, strict=False)
    assert _values(actuals, "sewage") == [("2014", Decimal("92"))]
    assert [str(d) for d in actuals.diagnostics] == [
        f'{path}:2015年上半年!C2: value: "9O" is not a number']


def test_csv_with_title_rows_reads_like_the_same_sheet_in_a_workbook(plan, project_dir):
    # Excel's "另存为 CSV" of a sheet with a title: GBK, CRLF, trailing commas
    text = ("示例市质量强市指标,,,,\r\n,,,单位：%,\r\n指标名称,单位,2014年,2015年,\r\n"
            "污水处理率(市区),%,92,95.3,\r\n,,,,\r\n")
    path = project_dir / "excel.csv"
    path.write_bytes(text.encode("gbk"))
    rows = [line.split(",") for line in text.replace("\r\n", "\n").splitlines()]
    book = write_xlsx(project_dir / "same.xlsx", {"S": [[c or None for c in r] for r in rows]})
    read = [_values(read_actuals([str(p)], plan, strict=False), "sewage") for p in (path, book)]
    assert read[0] == read[1] == [("2014", Decimal("92")), ("2015", Decimal("95.3"))]


# -- finding 14: periods as typed in offices -----------------------------------------
@pytest.mark.parametrize("typed,canonical", [
    ("2015.6", "2015-06"), ("2015.06", "2015-06"), ("201506", "2015-06"),
    ("2015年前三季度", "2015-01/2015-09"), ("2015年1-6月累计", "2015-01/2015-06"),
    ("2015年全年", "2015"), ("2015年末", "2015"), ("截至2015年6月", "2015-06"),
    ("2015年6月底", "2015-06"), ("截止2015年底", "2015"), ("二〇一五年", "2015"),
    ("2015年十月", "2015-10"), ("2015年Q3", "2015-Q3"), ("20150630", "2015-06-30"),
    ("2015年上半年—2016年第三季度", "2015-H1/2016-Q3")])
def test_office_spellings_of_periods(typed, canonical):
    assert period_text(typed) == canonical


@st.composite
def periods(draw):
    """A canonical period and a spelling an office would type for it."""
    year = draw(st.integers(1990, 2099))
    kind = draw(st.sampled_from(["year", "half", "quarter", "month", "day", "to-date"]))
    if kind == "year":
        return str(year), draw(st.sampled_from(
            [f"{year}年", f"{year}年度", f"{year}年全年", f"{year}年末", f"截至{year}年底",
             f"{year}.0", f"{year}"]))
    if kind == "half":
        h = draw(st.integers(1, 2))
        return f"{year}-H{h}", draw(st.sampled_from(
            [f"{year}年{'上下'[h - 1]}半年", f"{year}H{h}", f"{year}年{'上下'[h - 1]}半年累计"]))
    if kind == "quarter":
        q = draw(st.integers(1, 4))
        return f"{year}-Q{q}", draw(st.sampled_from(
            [f"{year}年第{'一二三四'[q - 1]}季度", f"{year}年{'一二三四'[q - 1]}季度",
             f"{year}Q{q}", f"{year}年Q{q}", f"{year}年第{q}季度"]))
    month = draw(st.integers(1, 12))
    if kind == "month":
        return f"{year}-{month:02d}", draw(st.sampled_from(
            [f"{year}年{month}月", f"{year}年{month}月底", f"截至{year}年{month}月",
             f"{year}.{month}", f"{year}.{month:02d}", f"{year}{month:02d}", f"{year}-{month}",
             f"{year}/{month}", f"{year}年{month:02d}月份"]))
    if kind == "day":
        day = draw(st.integers(1, 28))
        return f"{year}-{month:02d}-{day:02d}", draw(st.sampled_from(
            [f"{year}年{month}月{day}日", f"{year}/{month}/{day}", f"{year}.{month}.{day}",
             f"{year}{month:02d}{day:02d}"]))
    last = draw(st.integers(2, 12))
    return f"{year}-01/{year}-{last:02d}", draw(st.sampled_from(
        [f"{year}年1-{last}月", f"{year}年1-{last}月累计", f"{year}年1月至{last}月",
         f"{year}年1—{last}月"]))


@given(periods(), st.sampled_from(["", " ", "\u3000"]), st.booleans())
def test_typed_periods_round_trip_to_their_canonical_form(case, pad, wide):
    canonical, typed = case
    if wide:  # full-width digits, as some input methods type them
        typed = typed.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    assert period_text(pad + typed + pad) == canonical
    period = parse_period(canonical)
    # and what qcity writes in Chinese reads back as the same period
    assert parse_period(period_text(chinese_period(canonical, "zh"))) == period


# -- finding 22: "no figure" warnings on check ---------------------------------------
def test_check_says_no_figure_once_a_file_validate_lists_each(plan, project_dir):
    write_xlsx(project_dir / "data" / "demo.xlsx", {"S": [
        ["指标名称", "2014年", "2015年", "2016年"],
        ["污水处理率(市区)", "—", "暂无", 96], ["产品质量国家监督抽查合格率", 91, "—", "/"]]})
    checked = run("check", "demo", "--as-of", "2016-12-31", "--lang", "en")
    assert checked.stderr == (
        'data/demo.xlsx:S!B2: warning Q208: value: "—" (no figure) for sewage 2014: no observation '
        "(and 3 more cell(s) without a figure in this file; `qcity validate` lists each)\n")
    listed = run("validate", "--plan", "demo", "data/demo.xlsx")
    assert listed.stdout.count("Q208") == 4


# -- finding 12 and 16: where a file is wrong, and how it was named ------------------
def test_a_utf8_file_with_one_gbk_line_is_stopped_at_that_line(plan, project_dir):
    path = project_dir / "mixed.csv"
    path.write_bytes("指标名称,期间,数值\n污水处理率(市区),2014,92\n".encode("utf-8")
                     + "产品质量国家监督抽查合格率,2014,91\n".encode("gbk")
                     + "污水处理率(市区),2015,95\n".encode("utf-8"))
    result = run("validate", "--plan", "demo", str(path))
    assert result.stdout.startswith(f"{path}:3:1: error Q210: bytes that are not valid utf-8")
    gbk = project_dir / "gbk.csv"  # a GBK file is still GBK
    gbk.write_bytes("指标名称,期间,数值\n污水处理率(市区),2014,92\n".encode("gbk"))
    assert run("validate", "--plan", "demo", str(gbk)).exit_code == 0


def test_missing_files_are_named_as_they_were_given(plan, project_dir):
    for args in (["validate", "--plan", "demo", "nope.xlsx"],
                 ["import", "nope.xlsx", "--plan", "demo"]):
        assert run(*args).stderr == "qcity: nope.xlsx: no such file or folder\n"
    result = run("check", "demo", "--data", "nope.xlsx")
    assert result.stderr == "qcity: --data nope.xlsx: no such file or folder\n"


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
@pytest.mark.parametrize("last", [b"", b"\n"])
def test_every_path_stops_at_a_utf8_files_gbk_line(plan, project_dir, newline, last):
    from test_fuzz import _try_data

    rows = [b"sewage,2014,92", b"spot-check,2014,91", b"sewage,2015,95"] * 6
    rows[-1] = "产品质量国家监督抽查合格率".encode("gbk") + b",2015,93"
    path = project_dir / "mixed.csv"
    path.write_bytes(newline.join([b"metric,period,value,source"]
                                  + [r + ",统计公报".encode() for r in rows]) + last)
    _try_data(path, plan)
    result = run("validate", "--plan", "demo", str(path))
    assert f"{path}:19:1: error Q210" in result.stdout
    assert "Q204" not in result.stdout  # the line is not read as a row first
