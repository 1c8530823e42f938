"""The fill-in template (CSV and workbook), ``qcity import`` and ``validate --plan``."""

import csv
import io
import json
import re
import zipfile

import pytest
from click.testing import CliRunner

from qcity.cli import cli
from qcity.plan.loading import load_plan
from qcity.template import template_rows

PLAN = """\
qcity: 1
id: demo
city: 示例市
title: 示例市质量提升方案
approved: "2015-02"
stages:
  - {id: prepare, name: 筹备阶段, start: 2015-03-01, end: 2015-12-31}
  - {id: accept, name: 验收阶段, start: 2016-01-01, end: 2017-06-30}
metrics:
  - {id: spot-check, name: 产品质量国家监督抽查合格率, unit: "%", target: ">= 90",
     mode: sustained, owner: 市市场监管局}
  - {id: firms, name: 高新技术企业数, unit: 家, target: ">= 90",
     milestones: {prepare: ">= 70"}, owner: 市科技局}
  - {id: water, name: 单位GDP用水量, unit: 立方米/万元, baseline: {period: "2014"},
     target: "decrease >= 5%", due: 2016-12-31}
  - {id: credit, name: 诚信体系基本建成, target: achieved}
  - {id: tourism, name: 旅游收入, unit: 亿元}
"""


@pytest.fixture
def plan(project_dir):
    (project_dir / "targets" / "demo.yaml").write_text(PLAN, encoding="utf-8")
    return load_plan(str(project_dir / "targets" / "demo.yaml"))


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_a_row_for_every_figure_the_plan_needs(plan):
    rows = [(r.metric.id, r.period, r.target) for r in template_rows(plan)]
    # the deadline 2017-06-30 falls within a year: the year so far (2017-H1) and the last
    # whole year (2016), never the month 2017-06; targets worded as reports word them
    assert rows == [
        ("spot-check", "2015", "≥90%（每年）"), ("spot-check", "2016", "≥90%（每年）"),
        ("spot-check", "2017-H1", "≥90%"),
        ("firms", "2015", "≥70家（筹备阶段目标）"), ("firms", "2016", "≥90家"),
        ("firms", "2017-H1", "≥90家"),
        ("water", "2014", "基期"), ("water", "2016", "较基期下降≥5%"),
        ("credit", "2016", "达成"), ("credit", "2017-H1", "达成"),
        ("tourism", "2016", "监测指标"), ("tourism", "2017-H1", "监测指标")]


def test_rows_follow_every_period_length_from_and_period_milestones(project_dir):
    (project_dir / "targets" / "p.yaml").write_text(PLAN.replace("id: demo", "id: p") + """\
  - {id: quarterly, name: 季度合格率, unit: "%", target: ">= 90", every: quarter,
     from: 2016-07-01}
  - {id: annual, name: 年度数, unit: 个, target: ">= 5", period: year,
     milestones: {"2015": ">= 3"}}
""", encoding="utf-8")
    plan = load_plan(str(project_dir / "targets" / "p.yaml"))
    rows = [(r.metric.id, r.period, r.target) for r in template_rows(plan)
            if r.metric.id in ("quarterly", "annual")]
    assert rows == [
        ("quarterly", "2016-Q3", "≥90%（每季度）"), ("quarterly", "2016-Q4", "≥90%（每季度）"),
        ("quarterly", "2017-Q1", "≥90%（每季度）"), ("quarterly", "2017-Q2", "≥90%（每季度）"),
        ("annual", "2015", "≥3个（2015目标）"), ("annual", "2016", "≥5个")]


def test_csv_template_has_the_same_rows_and_columns_and_reads_back(plan, project_dir):
    result = run("template", "demo")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["metric", "name", "period", "value", "unit", "target", "owner",
                             "source", "note"]
    assert [(r["metric"], r["period"]) for r in rows] == \
        [(r.metric.id, r.period) for r in template_rows(plan)]
    assert rows[0]["owner"] == "市市场监管局" and rows[8]["target"] == "达成（是/否）"
    (project_dir / "data" / "demo.csv").write_text(result.stdout, encoding="utf-8")
    check = run("validate")
    assert check.exit_code == 0 and check.stdout.endswith("0 errors, 16 warnings in 2 files\n")


def _sheet_xml(data: bytes, n: int = 1) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(f"xl/worksheets/sheet{n}.xml").decode("utf-8")


def _fill(path, values: dict) -> None:
    """Type values into a workbook's value cells as Excel would save them (the rest of
    the file, validations and formats included, stays as it was)."""
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    xml = files["xl/worksheets/sheet1.xml"].decode("utf-8")
    for ref, value in values.items():
        cell = (f'<v>{value}</v></c>' if isinstance(value, (int, float)) else
                f'<is><t>{value}</t></is></c>')
        kind = "" if isinstance(value, (int, float)) else ' t="inlineStr"'
        xml, n = re.subn(rf'<c r="{ref}"( s="\d+")?/>', rf'<c r="{ref}"\1{kind}>{cell}', xml)
        assert n == 1, ref
    files["xl/worksheets/sheet1.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)


def test_workbook_template_round_trips_through_check(plan, project_dir):
    result = run("template", "demo", "-o", "填报表.xlsx")
    assert result.exit_code == 0, result.output
    data = (project_dir / "填报表.xlsx").read_bytes()
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(project_dir / "填报表.xlsx"))
    assert book.sheet_names == ["填报表", "填报说明"]
    cells = book.get_sheet_by_name("填报表").to_python(skip_empty_area=False)
    assert cells[2] == ["指标代码", "指标名称", "期间", "数值", "单位", "目标", "责任单位",
                        "数据来源", "备注"]
    assert cells[3][:7] == ["spot-check", "产品质量国家监督抽查合格率", "2015年", "", "%",
                            "≥90%（每年）", "市市场监管局"]
    assert [row[2] for row in cells[3:6]] == ["2015年", "2016年", "2017年上半年"]
    sheet = _sheet_xml(data)
    assert sheet.count('<dataValidation type="decimal"') == 10
    assert '<dataValidation type="list"' in sheet and "<formula1>\"是,否\"</formula1>" in sheet
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = z.read("xl/styles.xml").decode("utf-8")
    assert 'formatCode="General&quot;%&quot;"' in styles and 'formatCode="@"' in styles
    # read back untouched: no error, an empty value is a warning
    (project_dir / "填报表.xlsx").replace(project_dir / "data" / "demo.xlsx")
    untouched = run("validate", "--format", "json")
    assert untouched.exit_code == 0
    assert {d["code"] for d in json.loads(untouched.stdout)} == {"Q208", "Q217"}
    # filled in by a department: the report is the plan's verdict on those figures
    _fill(project_dir / "data" / "demo.xlsx", {
        "D4": 91.2, "D5": 92.5, "D6": 93, "D7": 72, "D8": 88, "D9": 95, "D10": 20,
        "D11": 18.8, "D12": "否", "D13": "是", "D14": 110, "D15": 120})
    checked = run("check", "demo", "--as-of", "2017-06-30", "--format", "json")
    assert checked.exit_code == 0, checked.output
    assert checked.stderr == ""
    report = json.loads(checked.stdout)
    assert {m["id"]: (m["status"], m["actual"]) for m in report["metrics"]} == {
        # sustained: the passing window shows its figure closest to the target (91.2)
        "spot-check": ("pass", 91.2), "firms": ("pass", 95), "water": ("pass", 18.8),
        "credit": ("pass", True), "tourism": ("indicator", 120)}


def test_multi_city_template_has_a_city_column(project_dir):
    (project_dir / "targets" / "prov.yaml").write_text(
        "qcity: 1\nid: prov\ncity: 浙江省\ncities: [杭州市, 宁波市]\ntitle: 质量强县\n"
        "stages: [{id: s, name: S, start: 2016-01-01, end: 2016-12-31}]\n"
        "metrics:\n  - {id: rate, name: 合格率, unit: '%', target: '>= 90'}\n",
        encoding="utf-8")
    result = run("template", "prov", "-o", "data/prov.xlsx")
    assert result.exit_code == 0
    import python_calamine

    sheet = python_calamine.CalamineWorkbook.from_path(str(project_dir / "data" / "prov.xlsx"))
    rows = sheet.get_sheet_by_name("填报表").to_python(skip_empty_area=False)
    assert [r[:4] for r in rows[2:]] == [["城市", "指标代码", "指标名称", "期间"],
                                         ["杭州市", "rate", "合格率", "2016年"],
                                         ["宁波市", "rate", "合格率", "2016年"]]
    assert run("validate").exit_code == 0


def test_template_never_writes_a_formula_from_plan_texts(project_dir):
    (project_dir / "targets" / "evil.yaml").write_text(
        "qcity: 1\nid: evil\ncity: C\ntitle: T\n"
        "stages: [{id: s, name: S, start: 2016-01-01, end: 2016-12-31}]\n"
        "metrics:\n  - {id: m, name: '=HYPERLINK(\"http://x\",\"点击\")', unit: '@x',"
        " target: '>= 1', owner: '+cmd|calc'}\n", encoding="utf-8")
    text = run("template", "evil").stdout
    row = next(csv.reader(io.StringIO(text.splitlines()[1])))
    assert row[1] == "'=HYPERLINK(\"http://x\",\"点击\")" and row[4] == "'@x"
    assert row[6] == "'+cmd|calc"
    assert run("template", "evil", "-o", "evil.xlsx").exit_code == 0
    sheet = _sheet_xml((project_dir / "evil.xlsx").read_bytes())
    assert "<f>" not in sheet  # no formula anywhere; texts carry Excel's quote prefix
    (project_dir / "data" / "evil.csv").write_text(text, encoding="utf-8")
    (project_dir / "evil.xlsx").replace(project_dir / "data" / "evil.xlsx")
    assert run("validate").exit_code == 0  # "'@x" is the unit "@x" quoted, read back alike


def test_template_refuses_to_overwrite_data_and_binary_to_a_terminal(plan, project_dir):
    (project_dir / "data" / "demo.csv").write_text("metric,period,value\n", encoding="utf-8")
    result = run("template", "demo", "-o", "data/demo.csv")
    assert result.exit_code == 2 and "refusing to overwrite it" in result.stderr
    assert (project_dir / "data" / "demo.csv").read_text() == "metric,period,value\n"
    result = run("template", "demo", "--format", "xlsx")
    assert result.exit_code == 2 and "-o 填报表.xlsx" in result.stderr


def test_import_writes_the_canonical_long_csv(plan, project_dir):
    from workbooks import write_xlsx

    write_xlsx(project_dir / "incoming.xlsx", {"指标": [
        ["填报单位：市统计局"],
        ["指标名称", "单位", "2015年", "2016年上半年", "2016年", "数据来源"],
        ["高新技术企业数", "家", 72, "—", 95, "科技局年报"],
        ["产品质量国家监督抽查合格率", "%", 91.5, 92, "暂无", ""],
        ["诚信体系基本建成", "", "否", "", "是", ""]]})
    result = run("import", "incoming.xlsx", "--plan", "demo")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "metric,period,value,unit,source,note\n"
        "spot-check,2015,91.5,%,,\n"
        "spot-check,2016-H1,92,%,,\n"
        "firms,2015,72,家,科技局年报,\n"
        "firms,2016,95,家,科技局年报,\n"
        "credit,2015,no,,,\n"
        "credit,2016,yes,,,\n")
    # the two placeholders: one line for the file, with the count (validate lists each)
    assert result.stderr == ('incoming.xlsx:指标!D3: warning: value: "—" (no figure) for firms '
                             "2016-H1: no observation (and 1 more cell(s) without a figure in "
                             "this file; `qcity validate` lists each)\n")
    written = run("import", "incoming.xlsx", "--plan", "demo", "-o", "data/demo.csv")
    assert written.stderr.endswith("wrote 6 observation(s) from 1 file(s) to data/demo.csv\n")
    again = run("import", "data/demo.csv", "--plan", "demo")
    assert again.stdout == result.stdout and again.stderr == ""
    assert run("import", "incoming.xlsx", "--plan", "demo", "-o", "data/demo.csv").exit_code == 2


def test_import_stops_at_any_error_and_writes_nothing(plan, project_dir):
    (project_dir / "in.csv").write_text("指标,期间,数值,修订\nfirms,2016,80,\nfirms,2016,85,是\n"
                                        "firms,2017,9O,\n", encoding="utf-8")
    result = run("import", "in.csv", "--plan", "demo", "-o", "out.csv")
    assert result.exit_code == 2
    assert result.stderr == 'in.csv:4:3: error Q203: value: "9O" is not a number\n'
    assert not (project_dir / "out.csv").exists()
    (project_dir / "in.csv").write_text("指标,期间,数值,修订\nfirms,2016,80,\nfirms,2016,85,是\n",
                                        encoding="utf-8")
    result = run("import", "in.csv", "--plan", "demo")
    assert result.stdout == "metric,period,value,unit,source,note,revised\nfirms,2016,85,家,,,yes\n"


def test_validate_plan_checks_files_outside_data(plan, project_dir):
    incoming = project_dir / "收件箱"
    incoming.mkdir()
    (incoming / "a.csv").write_text("指标,期间,数值\nfirms,2016,8O\n", encoding="utf-8")
    (incoming / "b.tsv").write_text("指标\t期间\t数值\nfirms\t2017\t91\n", encoding="utf-8")
    result = run("validate", "--plan", "demo", "收件箱")
    assert result.exit_code == 1
    assert result.stdout == ('收件箱/a.csv:2:3: error Q203: value: "8O" is not a number\n'
                             "1 error, 0 warnings in 3 files\n")
    result = run("validate", "--plan", "demo", "收件箱/b.tsv")
    assert result.stdout == "ok: 2 files checked, no problems\n"
    assert run("validate", "--plan", "demo").exit_code == 2
    assert run("validate", "--plan", "nope", "收件箱").exit_code == 2


MIDYEAR = """\
qcity: 1
id: mid
city: 郑州市
title: 创建方案
stages: [{id: s, name: 总结验收阶段, start: 2014-03-01, end: 2015-06-30}]
metrics:
  - {id: agri, name: 农业标准化生产普及率, unit: "%", target: "> 30"}
  - {id: pm25, name: PM2.5年均浓度, unit: µg/m³, target: "<= 95", period: year}
"""


@pytest.mark.parametrize("filled,judged", [
    ({"2014": "31.5"}, ("pass", "2014")),
    ({"2015-H1": "32"}, ("pass", "2015-H1")),
    ({"2014": "29", "2015-H1": "32"}, ("pass", "2015-H1")),  # the latest figure is judged
])
def test_a_deadline_within_a_year_asks_for_the_year_so_far_and_the_last_whole_year(
        project_dir, filled, judged):
    (project_dir / "targets" / "mid.yaml").write_text(MIDYEAR, encoding="utf-8")
    plan = load_plan(str(project_dir / "targets" / "mid.yaml"))
    assert [(r.metric.id, r.period, r.target) for r in template_rows(plan)] == [
        ("agri", "2014", "＞30%"), ("agri", "2015-H1", "＞30%"),
        ("pm25", "2014", "≤95 µg/m³")]  # an annual figure only: the last whole year
    rows = list(csv.DictReader(io.StringIO(run("template", "mid").stdout)))
    for row in rows:
        row["value"] = filled.get(row["period"], "") if row["metric"] == "agri" else "90"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (project_dir / "data" / "mid.csv").write_text(out.getvalue(), encoding="utf-8")
    report = json.loads(run("check", "mid", "--as-of", "2015-06-30", "--format", "json").stdout)
    agri = next(m for m in report["metrics"] if m["id"] == "agri")
    assert (agri["status"], agri["period"]) == judged


def test_the_instructions_say_which_periods_and_why(project_dir):
    (project_dir / "targets" / "mid.yaml").write_text(MIDYEAR, encoding="utf-8")
    assert run("template", "mid", "-o", "mid.xlsx").exit_code == 0
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(project_dir / "mid.xlsx"))
    form = book.get_sheet_by_name("填报表").to_python()
    assert [row[2] for row in form[3:]] == ["2014年", "2015年上半年", "2014年"]
    help_text = "\n".join(r[0] for r in book.get_sheet_by_name("填报说明").to_python() if r[0])
    assert ("评价期限为2015年6月30日的指标列两行：2014年（最近一个完整年度）和2015年上半年"
            "（截至期限的本年累计）") in help_text
    assert "2015年全年数据要在期限之后才有，不计入这次评价" in help_text
    # and a whole 2015 figure sent instead is indeed not counted by that deadline
    (project_dir / "data" / "mid.csv").write_text("metric,period,value\nagri,2015,33\n",
                                                  encoding="utf-8")
    report = json.loads(run("check", "mid", "--as-of", "2016-06-30", "--format", "json").stdout)
    assert next(m for m in report["metrics"] if m["id"] == "agri")["status"] == "missing"



CHANGES = """\
qcity: 1
id: change
city: 示例市
title: 示例市质量提升方案
approved: "2013-01"
stages:
  - {id: build, name: 创建阶段, start: 2013-01-01, end: 2015-12-31}
metrics:
  - {id: energy, name: 单位GDP能耗, unit: 吨标准煤/万元, target: "decrease >= 3%",
     against: previous, period: year}
  - {id: rd, name: 研发经费支出, unit: 亿元, target: "increase > 0", against: previous,
     period: year}
  - {id: exports, name: 季度出口额, unit: 亿元, target: "increase >= 5%", against: year-ago,
     period: quarter, from: 2015-01-01}
  - {id: firms, name: 每年认定名牌企业, unit: 家, target: ">= 60", every: year}
"""


def test_a_change_each_period_asks_for_every_period_it_is_judged_on(project_dir):
    (project_dir / "targets" / "change.yaml").write_text(CHANGES, encoding="utf-8")
    result = run("template", "change")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    asked = [(r["metric"], r["period"], r["target"]) for r in rows]
    # each year of the window and the year it is measured from (2012, the 基期)
    assert asked[:8] == [
        ("energy", "2012", "基期"), ("energy", "2013", "比上年下降≥3%"),
        ("energy", "2014", "比上年下降≥3%"), ("energy", "2015", "比上年下降≥3%"),
        ("rd", "2012", "基期"), ("rd", "2013", "逐年增加"), ("rd", "2014", "逐年增加"),
        ("rd", "2015", "逐年增加")]
    # 同比: each quarter of 2015 and the same quarter a year earlier
    assert sorted(p for m, p, _ in asked if m == "exports") == [
        "2014-Q1", "2014-Q2", "2014-Q3", "2014-Q4", "2015-Q1", "2015-Q2", "2015-Q3", "2015-Q4"]
    # an every-year metric's last year is held to the same yearly target, and says so
    assert [t for m, _, t in asked if m == "firms"] == ["≥60家（每年）"] * 3
    # filled in exactly as sent, the plan is judged on those figures: nothing is missing
    falling = iter(["1.000", "0.960", "0.930", "0.900"])
    rising = iter(["10", "11", "12", "13"])
    quarters = iter(["100", "100", "100", "100", "106", "106", "106", "106"])
    for row in rows:
        row["value"] = {"energy": falling, "rd": rising, "exports": quarters}.get(
            row["metric"], iter(["60"] * 3)).__next__()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    (project_dir / "data" / "change.csv").write_text(out.getvalue(), encoding="utf-8")
    checked = run("check", "change", "--as-of", "2016-03-01", "--format", "json")
    assert checked.exit_code == 0, checked.output
    statuses = {m["id"]: m["status"] for m in json.loads(checked.stdout)["metrics"]}
    assert statuses == {"energy": "pass", "rd": "pass", "exports": "pass", "firms": "pass"}
