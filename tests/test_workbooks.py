"""Workbooks (.xlsx, .xls, .ods) read wherever a CSV is, with cells named in diagnostics.

Every fixture is written by the test (tests/workbooks.py) with a writer library.
"""

from datetime import date
from decimal import Decimal

import pytest
from click.testing import CliRunner

from qcity.actuals import read_actuals
from qcity.cli import cli
from qcity.errors import DataError
from qcity.evaluation.engine import evaluate, evaluation_window
from qcity.plan.loading import load_plan
from workbooks import (Error, Formula, soffice, write_encrypted, write_far_cells,
                             write_ods, write_truncated, write_xls, write_xlsx)

PLAN = """\
qcity: 1
id: demo
city: 示例市
title: 示例市质量提升方案
stages: [{id: s, name: 实施阶段, start: 2015-01-01, end: 2017-12-31}]
metrics:
  - {id: pm25, name: 细颗粒物(PM2.5)年均浓度, unit: µg/m³, target: "<= 95",
     aliases: [PM2.5, PM2.5浓度]}
  - {id: spot-check, name: 产品质量国家监督抽查合格率, unit: "%", target: ">= 90"}
  - {id: firms, name: 高新技术企业数, unit: 家, target: ">= 90", owner: 市科技局}
  - {id: credit, name: 诚信体系基本建成, target: achieved}
"""
WIDE = [["示例市质量指标完成情况表"], [],
        ["序号", "指标名称", "单位", 2015, "2016年", "2017年上半年", "备注"],
        [1, "细颗粒物(PM2.5)年均浓度", "微克/立方米", 108, 99.5, "—", "环境公报"],
        [2, "产品质量国家监督抽查合格率", "%", 91.5, "暂无", None, None],
        [None, None, None, None, None, None, None],
        [3, "高新技术企业数", "家", 70, Formula("=D7+15", 85), None, None]]


@pytest.fixture
def plan(project_dir):
    (project_dir / "targets" / "demo.yaml").write_text(PLAN, encoding="utf-8")
    return load_plan(str(project_dir / "targets" / "demo.yaml"))


def _values(actuals, metric):
    return [(o.period.text, o.value) for o in actuals.series(metric)]


def test_wide_workbook_with_title_rows_chinese_headers_and_placeholders(plan, project_dir):
    path = write_xlsx(project_dir / "data" / "demo.xlsx", {"指标": WIDE})
    actuals = read_actuals([str(path)], plan, strict=False)
    assert _values(actuals, "pm25") == [("2015", Decimal("108")), ("2016", Decimal("99.5"))]
    assert _values(actuals, "spot-check") == [("2015", Decimal("91.5"))]
    assert _values(actuals, "firms") == [("2015", Decimal("70")), ("2016", Decimal("85"))]
    shown = [str(d) for d in actuals.diagnostics]
    assert shown == [
        f"{path}:指标!F4: warning: value: \"—\" (no figure) for pm25 2017-H1: no observation",
        f"{path}:指标!E5: warning: value: \"暂无\" (no figure) for spot-check 2016: "
        "no observation"]
    obs = actuals.series("pm25")[0]
    assert (obs.line, obs.place, obs.note) == (4, ("指标", 1, 4), "环境公报")


def test_check_reads_data_xlsx_and_names_the_cell(plan, project_dir):
    rows = [["指标", "期间", "数值"], ["pm25", "2016", 90], ["spot-check", "2016", "9O"]]
    write_xlsx(project_dir / "data" / "demo.xlsx", {"指标": rows})
    run = CliRunner().invoke(cli, ["check", "demo", "--as-of", "2017-12-31"])
    assert run.exit_code == 2
    assert run.stderr.strip() == "data/demo.xlsx:指标!C3: error Q203: value: 数值“9O”无法识别为数字"
    run = CliRunner().invoke(cli, ["validate", "--format", "github"])
    assert "::error file=data/demo.xlsx,title=Q203 bad-value::指标!C3: value: " \
           '"9O" is not a number' in run.stdout
    run = CliRunner().invoke(cli, ["validate", "--format", "json"])
    assert '"cell": "指标!C3"' in run.stdout and '"line": 3' in run.stdout


def test_long_workbook_types_dates_booleans_and_fast_path_agree(plan, project_dir):
    rows = [["城市", "指标代码", "指标名称", "期间", "实际值", "单位", "数据来源"],
            ["示例市", "pm25", "细颗粒物", date(2016, 12, 31), 91.0, "μg/m³", "公报"],
            ["示例市", "pm25", "细颗粒物", date(2017, 6, 1), 0.1 + 0.2 + 89.7, "ug/m3", ""],
            ["", "credit", "诚信", "2017", True, "", ""],
            ["", "spot-check", "", 2016.0, 93, "%", ""],
            ["", "spot-check", "", "2017年第一季度", "94%", "%", ""]]
    path = write_xlsx(project_dir / "data" / "demo.xlsx", {"Sheet1": rows})
    plain = read_actuals([str(path)], plan)
    assert _values(plain, "pm25") == [("2016-12-31", Decimal("91")), ("2017-06", Decimal("90"))]
    assert _values(plain, "credit") == [("2017", True)]
    assert _values(plain, "spot-check") == [("2016", Decimal("93")), ("2017-Q1", Decimal("94"))]
    assert plain.series("pm25")[0].source == "公报"
    windowed = read_actuals([str(path)], plan, window=evaluation_window(plan, date(2017, 12, 31)))
    assert evaluate(plan, plain, as_of=date(2017, 12, 31)).model_dump_json() == \
        evaluate(plan, windowed, as_of=date(2017, 12, 31)).model_dump_json()


def test_formula_without_saved_result_and_error_cells_name_the_cell(plan, project_dir):
    rows = [["指标", "期间", "数值"], ["pm25", "2015", Formula("=100+8", 108)],
            ["pm25", "2016", Formula("=B2*2")], ["firms", "2016", Error()]]
    path = write_xlsx(project_dir / "data" / "demo.xlsx", {"数据": rows})
    with pytest.raises(DataError) as info:
        read_actuals([str(path)], plan)
    shown = [str(d) for d in info.value.diagnostics]
    assert shown[0].startswith(f"{path}:数据!C3: a formula without a saved result")
    assert shown[1] == f"{path}:数据!C4: the cell holds the error #DIV/0!"
    assert len(shown) == 2  # the cached 108 is read, the two bad rows are not


def test_every_sheet_with_a_header_is_read_others_are_told(plan, project_dir):
    sheets = {"2015": [["指标", "期间", "数值"], ["pm25", "2015", 108]],
              "填报说明": [["请在数值列填写"], ["单位以方案为准"]],
              "草稿": [["随手记", "x"], ["1", "2"]],
              "隐藏": [["a", "b"]],
              "2016": [[None, "指标", "2016"], [None, "PM2.5浓度", 99]]}
    path = write_xlsx(project_dir / "data" / "demo.xlsx", sheets, hidden=("隐藏",), chart=True)
    actuals = read_actuals([str(path)], plan, strict=False)
    assert _values(actuals, "pm25") == [("2015", Decimal("108")), ("2016", Decimal("99"))]
    assert [str(d) for d in actuals.diagnostics] == [
        f"{path}:草稿: warning: the sheet has no header qcity recognises (columns metric/指标, "
        "period/期间 and value/数值, or periods as columns); not read"]
    assert actuals.series("pm25")[1].place == ("2016", 5, 3)


def test_merged_city_cells_count_for_each_row(project_dir):
    (project_dir / "targets" / "many.yaml").write_text(
        "qcity: 1\nid: many\ncity: 全省\ncities: [杭州市, 宁波市]\ntitle: T\n"
        "stages: [{id: s, name: S, start: 2015-01-01, end: 2016-12-31}]\n"
        "metrics:\n  - {id: rate, name: 合格率, unit: '%', target: '>= 90'}\n",
        encoding="utf-8")
    plan = load_plan(str(project_dir / "targets" / "many.yaml"))
    rows = [["城市", "指标", "期间", "数值"], [None, "合格率", "2015", 91],
            [None, "合格率", "2016", 92], ["宁波市", "合格率", "2015", 89]]
    path = write_xlsx(project_dir / "data" / "many.xlsx",
                      {"S": (rows, {"merge": [(1, 0, 2, 0, "杭州市")]})})
    actuals = read_actuals([str(path)], plan)
    assert [(o.period.text, o.value) for o in actuals.series("rate", "杭州市")] == \
        [("2015", Decimal("91")), ("2016", Decimal("92"))]
    assert [(o.period.text, o.value) for o in actuals.series("rate", "宁波市")] == \
        [("2015", Decimal("89"))]
    rows = [["城市", "指标", "2015年"], [None, "合格率", 91], [None, "合格率", 93]]
    path = write_xlsx(project_dir / "data" / "many.xlsx",
                      {"S": (rows, {"merge": [(1, 0, 2, 0, "杭州市")]})})
    with pytest.raises(DataError) as info:  # the merge repeats the city: the same figure twice
        read_actuals([str(path)], plan)
    assert str(info.value.diagnostics[0]) == \
        f"{path}:S!C3: 杭州市 rate 2015 = 93 conflicts with 91 at data/many.xlsx:S!C2"


def test_ods_and_xls_read_like_xlsx(plan, project_dir):
    rows = [["指标", "期间", "数值", "单位"], ["pm25", "2015", 108, "µg/m³"],
            ["spot-check", date(2016, 6, 1), 91.5, "%"], ["credit", "2016", True, ""]]
    expected = {"pm25": [("2015", Decimal("108"))], "spot-check": [("2016-06", Decimal("91.5"))],
                "credit": [("2016", True)]}
    ods = write_ods(project_dir / "data" / "a.ods", {"指标": rows})
    actuals = read_actuals([str(ods)], plan)
    assert {m: _values(actuals, m) for m in expected} == expected
    bad = write_ods(project_dir / "data" / "b.ods", {"指标": rows[:1] + [["pm25", "2015", "x"]]})
    with pytest.raises(DataError) as info:
        read_actuals([str(bad)], plan)
    assert str(info.value.diagnostics[0]) == f'{bad}:指标!C2: value: "x" is not a number'
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: no .xls writer")
    xls = write_xls(project_dir / "data" / "c.xls", {"指标": rows})
    actuals = read_actuals([str(xls)], plan)
    assert {m: _values(actuals, m) for m in expected} == expected


BROKEN = {
    "truncated": (write_truncated, "cannot read the workbook: the file is damaged or incomplete"),
    "encrypted": (write_encrypted, "the workbook is password-protected (encrypted)"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_workbooks_are_one_clear_error(plan, project_dir, kind):
    writer, message = BROKEN[kind]
    path = writer(project_dir / "data" / "demo.xlsx", {"S": [["指标", "期间", "数值"]]})
    run = CliRunner().invoke(cli, ["check", "demo", "--lang", "en"])
    assert run.exit_code == 2
    assert run.stderr.startswith(f"data/demo.xlsx: error Q200: {message}")
    assert len(run.stderr.splitlines()) == 1 and "Traceback" not in run.output
    assert path.exists()


@pytest.mark.parametrize("name,content,message", [
    ("demo.xlsx", b"metric,period,value\npm25,2015,108\n",
     "not a .xlsx workbook: the file holds text (a CSV named .xlsx?); rename it to .csv"),
    ("demo.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>",
     "not a .xls workbook: the file is a web page or XML"),
    ("demo.ods", b"", "the file is empty (expected a workbook)"),
])
def test_files_that_are_not_workbooks(plan, project_dir, name, content, message):
    (project_dir / "data" / name).write_bytes(content)
    run = CliRunner().invoke(cli, ["validate"])
    assert run.exit_code == 1
    assert f"data/{name}: error " in run.stdout and message in run.stdout


def test_a_sheet_spanning_the_whole_grid_is_refused_not_loaded(plan, project_dir):
    write_far_cells(project_dir / "data" / "demo.xlsx")
    run = CliRunner().invoke(cli, ["check", "demo", "--lang", "en"])
    assert run.exit_code == 2
    assert run.stderr.startswith("data/demo.xlsx: error Q222: the sheet spans 1048576 rows × 16384 columns")


def test_data_files_of_every_kind_are_found_lock_files_are_not(plan, project_dir):
    from qcity.project import Project, expand_data

    data = project_dir / "data"
    write_xlsx(data / "demo.xlsx", {"S": [["指标", "期间", "数值"], ["pm25", "2015", 108]]})
    (data / "demo").mkdir()
    (data / "demo" / "2016.tsv").write_text("metric\tperiod\tvalue\npm25\t2016\t99\n")
    write_ods(data / "demo" / "2017.ods", {"S": [["指标", "期间", "数值"], ["pm25", "2017", 95]]})
    (data / "demo" / "~$2017.xlsx").write_bytes(b"\x00owner")
    (data / "demo" / ".~lock.2017.ods#").write_text("lock")
    found = [p.relative_to(project_dir).as_posix() for p in Project(project_dir).data_paths("demo")]
    assert found == ["data/demo.xlsx", "data/demo/2016.tsv", "data/demo/2017.ods"]
    assert [p.name for p in expand_data([str(data / "demo")])] == ["2016.tsv", "2017.ods"]
    run = CliRunner().invoke(cli, ["check", "demo", "--as-of", "2017-12-31", "--format", "json"])
    assert run.exit_code in (0, 1), run.output
    assert '"actual": 95' in run.stdout
    run = CliRunner().invoke(cli, ["validate", "--ignore", "Q217"])
    assert run.stdout == "ok: 4 files checked, no problems\n"
