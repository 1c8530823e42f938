"""Data as analysts keep it: wide tables, Chinese headers and names, placeholders,
periods and values as typed, tabs and UTF-16, revised figures, sub-unit columns.

Where a form can reach the fast paths (a long comma-separated file), every path
(plain, Python fast, compiled, two-process) must read it alike: ``_try_data``.
"""

import json
from datetime import date
from decimal import Decimal

import pytest
from click.testing import CliRunner
from test_fuzz import _try_data

from qcity.actuals import read_actuals
from qcity.actuals.spelling import period_text
from qcity.cli import cli
from qcity.errors import DataError, PlanError
from qcity.plan.loading import load_plan

PLAN = """\
qcity: 1
id: demo
city: 示例市
city_en: Example
title: 示例
stages: [{id: s, name: 实施阶段, start: 2015-01-01, end: 2018-12-31}]
metrics:
  - {id: pm25, name: 细颗粒物(PM2.5)年均浓度, unit: µg/m³, target: "<= 95",
     aliases: [PM2.5, PM2.5 浓度]}
  - {id: spot-check, name: 产品质量国家监督抽查合格率, unit: "%", target: ">= 90"}
  - {id: gdp-growth, name: 地区生产总值增速, unit: "%", target: ">= -1"}
  - {id: firms, name: 高新技术企业数, unit: 家, target: ">= 90"}
  - {id: credit, name: 诚信体系基本建成, target: achieved}
"""


@pytest.fixture
def plan(project_dir):
    (project_dir / "targets" / "demo.yaml").write_text(PLAN, encoding="utf-8")
    return load_plan(str(project_dir / "targets" / "demo.yaml"))


def _write(project_dir, text, name="demo.csv", encoding="utf-8"):
    path = project_dir / "data" / name
    path.write_bytes(text.encode(encoding))
    return path


def _values(actuals, metric, city=None):
    return [(o.period.text, o.value) for o in actuals.series(metric, city)]


@pytest.mark.parametrize("typed,canonical", [
    ("2016", "2016"), ("2016年", "2016"), ("2016年度", "2016"), ("2016.0", "2016"),
    ("２０１６年", "2016"), ("2016年6月", "2016-06"), ("2016年06月份", "2016-06"),
    ("2016年上半年", "2016-H1"), ("2016年下半年", "2016-H2"), ("2016H2", "2016-H2"),
    ("2016年第三季度", "2016-Q3"), ("2016年三季度", "2016-Q3"), ("2016年第4季度", "2016-Q4"),
    ("2016Q3", "2016-Q3"), ("2016 q3", "2016-Q3"), ("2017-6", "2017-06"),
    ("2017/6", "2017-06"), ("2016/12/31", "2016-12-31"), ("2016-1-5", "2016-01-05"),
    ("2016年12月31日", "2016-12-31"), ("2016-12-31 00:00:00", "2016-12-31"),
    ("2018年1-7月", "2018-01/2018-07"), ("2018年1月-7月", "2018-01/2018-07"),
    ("2018年1—7月", "2018-01/2018-07"), ("2018年1至7月", "2018-01/2018-07"),
    ("2017年6月-2018年5月", "2017-06/2018-05"), ("2016-2018年", "2016/2018"),
    ("2016/2018", "2016/2018"), ("2018-01/2018-07", "2018-01/2018-07"),
    ("2016年末", "2016"), ("2016年底", "2016"), ("2016年12月末", "2016-12"),
    ("2016年前三季度", "2016-01/2016-09"), ("2016年1-6月份", "2016-01/2016-06"),
])
def test_periods_as_people_type_them(typed, canonical):
    assert period_text(typed) == canonical


def test_wide_csv_with_chinese_headers_and_names(plan, project_dir):
    path = _write(project_dir, "指标名称,单位,2015,2016年,2017-Q1,2018年上半年,备注\n"
                  "细颗粒物(PM2.5)年均浓度,微克/立方米,108,99,,—,公报\n"
                  "PM2.5 浓度,,,,97,,\n"
                  "一、产品质量,,,,,,\n"
                  "产品质量国家监督抽查合格率,%,91.5%,暂无,N/A,93,\n")
    actuals = read_actuals([str(path)], plan, strict=False)
    assert _values(actuals, "pm25") == [("2015", Decimal("108")), ("2016", Decimal("99")),
                                        ("2017-Q1", Decimal("97"))]
    assert _values(actuals, "spot-check") == [("2015", Decimal("91.5")),
                                              ("2018-H1", Decimal("93"))]
    assert [str(d) for d in actuals.diagnostics] == [
        f'{path}:2:6: warning: value: "—" (no figure) for pm25 2018-H1: no observation',
        f'{path}:5:4: warning: value: "暂无" (no figure) for spot-check 2016: no observation',
        f'{path}:5:5: warning: value: "N/A" (no figure) for spot-check 2017-Q1: no observation']
    assert actuals.series("pm25")[0].note == "公报"


def test_metric_names_aliases_ambiguity_and_did_you_mean(plan, project_dir, tmp_path):
    path = _write(project_dir, "指标,期间,数值\n"
                  " ｐｍ２．５ ,2016,98\n"
                  "高新技术 企业数,2016,80\n"
                  "产品质量国家监督抽查合格率（%）,2016,91\n"
                  "高新技术企业数(家),2017,85\n"
                  "高新技术企业,2016,80\n"
                  "高新技术企业数(个),2018,85\n")
    with pytest.raises(DataError) as info:
        read_actuals([str(path)], plan)
    assert [str(d) for d in info.value.diagnostics] == [
        f'{path}:6:1: metric: unknown metric "高新技术企业" in plan "demo" '
        '(did you mean "高新技术企业数"?)',
        f'{path}:7:1: metric: unknown metric "高新技术企业数(个)" in plan "demo" '
        '(did you mean "高新技术企业数"?)']
    clash = PLAN.replace("aliases: [PM2.5, PM2.5 浓度]", "aliases: [PM2.5, 高新技术企业数]")
    (tmp_path / "demo.yaml").write_text(clash, encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(str(tmp_path / "demo.yaml"))
    assert 'alias "高新技术企业数" also names metric "firms"' in str(info.value)


def test_a_name_two_metrics_share_needs_the_id(project_dir):
    (project_dir / "targets" / "two.yaml").write_text(
        "qcity: 1\nid: two\ncity: C\ntitle: T\n"
        "stages: [{id: s, name: S, start: 2015-01-01, end: 2015-12-31}]\n"
        "metrics:\n  - {id: rate-city, name: 污水处理率, unit: '%'}\n"
        "  - {id: rate-county, name: 污水处理率, unit: '%'}\n", encoding="utf-8")
    plan = load_plan(str(project_dir / "targets" / "two.yaml"))
    path = _write(project_dir, "指标,期间,数值\n污水处理率,2015,90\nrate-county,2015,80\n",
                  "two.csv")
    with pytest.raises(DataError) as info:
        read_actuals([str(path)], plan)
    assert str(info.value) == (f'{path}:2:1: metric: metric name "污水处理率" is ambiguous in '
                               'plan "two": it names rate-city, rate-county; write the id')


CSV_FORMS = ("metric,period,value,unit,,\n"
             "pm25,2015,108,µg/m³,,\n"
             ",,,,,\n"
             "\n"
             "pm25,2016,—,µg/m³,,\n"
             "pm25,2016年,99,微克/立方米,,\n"
             "pm25,2017,98,ug/m3,,\n"
             "spot-check,2015,0.895,%,,\n"
             "spot-check,2016,0.9%,%,,\n"
             "spot-check,2017,91,%,,\n"
             "spot-check,2018,100.5,%,,\n"
             "gdp-growth,2016,−0.5,%,,\n"
             "gdp-growth,2017,0.5,%,,\n"
             "firms,2016,/,家,,\n"
             "firms,2017,85,家\n")


def test_placeholders_blank_rows_fractions_units_agree_on_every_path(plan, project_dir):
    path = _write(project_dir, CSV_FORMS)
    actuals = _try_data(path, plan)
    assert _values(actuals, "pm25") == [("2015", Decimal("108")), ("2016", Decimal("99")),
                                        ("2017", Decimal("98"))]
    assert _values(actuals, "gdp-growth") == [("2016", Decimal("-0.5")), ("2017", Decimal("0.5"))]
    shown = [str(d).replace(f"{path}:", "") for d in actuals.diagnostics]
    assert shown == [
        '5:3: warning: value: "—" (no figure) for pm25 2016: no observation',
        "8:3: warning: value: spot-check 2015: 0.895 looks like a fraction (did you mean "
        "89.5%?); read as 0.895%",
        "11:3: warning: value: spot-check 2018: 100.5 is outside 0-100 %",
        "12:3: warning: value: gdp-growth 2016: −0.5 is outside 0-100 %",
        '14:3: warning: value: "/" (no figure) for firms 2016: no observation']


def test_fraction_warning_on_the_compiled_and_split_paths_of_a_large_file(plan, project_dir):
    rows = "".join(f"spot-check,{1000 + i},{91 + i % 5}\n" for i in range(3000))
    path = _write(project_dir, "metric,period,value\n" + rows + "spot-check,4000,0.91\n")
    actuals = _try_data(path, plan)
    assert [d.code for d in actuals.diagnostics] == ["Q219"]


def test_tab_separated_and_utf16_files(plan, project_dir):
    text = "指标\t期间\t数值\t单位\npm25\t2016年\t99\t微克/立方米\nfirms\t2016\t1,024\t家\n"
    tsv = _write(project_dir, text, "a.tsv")
    excel_unicode = _write(project_dir, "\ufeff" + text, "b.txt", "utf-16-le")
    for path in (tsv, excel_unicode):
        actuals = read_actuals([str(path)], plan)
        assert _values(actuals, "pm25") == [("2016", Decimal("99"))]
        assert _values(actuals, "firms") == [("2016", Decimal("1024"))]
    bare = _write(project_dir, text.replace("\t", ",").replace("1,024", "1024"), "c.csv",
                  "utf-16-le")
    run = CliRunner().invoke(cli, ["check", "demo", "--lang", "en", "--data", str(bare), "--as-of",
                                   "2016-12-31"])
    assert run.exit_code == 2 and "NUL bytes" in run.stderr
    run = CliRunner().invoke(cli, ["check", "demo", "--lang", "en", "--data", str(bare), "--as-of",
                                   "2016-12-31", "--encoding", "utf-16", "--format", "json"])
    assert run.exit_code in (0, 1), run.output
    assert {m["id"]: m["actual"] for m in json.loads(run.stdout)["metrics"]}["firms"] == 1024


def test_revised_figures_supersede_and_the_report_says_so(plan, project_dir):
    path = _write(project_dir, "指标,期间,数值,修订,备注\n"
                  "firms,2017,92,是,统计局修订\n"
                  "firms,2016,80,,\n"
                  "firms,2017,88,,初报\n"
                  "pm25,2016,97,,\n"
                  "pm25,2016,99,,\n")
    run = CliRunner().invoke(cli, ["check", "demo", "--lang", "en", "--data", "data/demo.csv", "--as-of",
                                   "2018-12-31", "--format", "json"])
    assert run.exit_code == 2  # the unmarked pm25 figures still conflict
    assert run.stderr.strip() == ("data/demo.csv:6:1: error Q205: pm25 2016 = 99 conflicts with 97 at "
                                  "data/demo.csv:5")
    path.write_text(path.read_text(encoding="utf-8").replace("pm25,2016,99,,\n", ""),
                    encoding="utf-8")
    run = CliRunner().invoke(cli, ["check", "demo", "--lang", "en", "--data", "data/demo.csv", "--as-of",
                                   "2018-12-31", "--format", "json"])
    firms = next(m for m in json.loads(run.stdout)["metrics"] if m["id"] == "firms")
    assert (firms["actual"], firms["period"], firms["status"]) == (92, "2017", "pass")
    assert {"code": "revised", "args": {"period": "2017", "was": "88"}} in firms["remarks"]
    run = CliRunner().invoke(cli, ["check", "demo", "--lang", "en", "--data", "data/demo.csv", "--as-of",
                                   "2018-12-31", "--lang", "en"])
    assert "2017 is a revised figure (was 88)" in run.stdout
    actuals = read_actuals([str(path)], plan)
    assert _values(actuals, "firms") == [("2017", Decimal("92")), ("2016", Decimal("80"))]
    assert actuals.series("firms")[0].note == "统计局修订"
    path.write_text("metric,period,value,revised\nfirms,2017,92,yes\nfirms,2017,93,yes\n",
                    encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_actuals([str(path)], plan)
    assert str(info.value) == (f"{path}:3:1: firms 2017: revision 93 conflicts with revision "
                               "92 at data/demo.csv:2")


def test_subunit_rows_are_left_out_of_a_plan_without_subunits(plan, project_dir):
    path = _write(project_dir, "城市,县区,指标,期间,数值\n"
                  "示例市,,firms,2016,80\n"
                  "示例市,东区,firms,2016,30\n"
                  "Example,西区,firms,2016,50\n")
    actuals = read_actuals([str(path)], plan)
    assert _values(actuals, "firms") == [("2016", Decimal("80"))]
    assert [str(d) for d in actuals.diagnostics] == [
        f'{path}:3:2: warning: subunit: 2 row(s) give a sub-unit\'s figure; plan "demo" has '
        "no sub-units, so they are left out (the city's own figures are the rows without a "
        "sub-unit)"]


def test_region_column_is_the_city_or_with_a_city_column_the_subunit(plan, project_dir):
    path = _write(project_dir, "地区,指标,期间,数值\n示例市,firms,2016,80\n")
    assert _values(read_actuals([str(path)], plan), "firms") == [("2016", Decimal("80"))]
    path = _write(project_dir, "城市,地区,指标,期间,数值\n示例市,东区,firms,2016,30\n")
    assert [d.code for d in read_actuals([str(path)], plan).diagnostics] == ["Q220"]


def test_trailing_empty_columns_are_ignored_on_every_path(plan, project_dir):
    path = _write(project_dir, "metric,period,value,,\npm25,2016,99,,\npm25,2017,98\n"
                  "firms,2016,80,,,,\n")
    actuals = _try_data(path, plan)
    assert list(actuals.diagnostics) == []
    assert _values(actuals, "firms") == [("2016", Decimal("80"))]


def test_wide_workbook_is_checked_directly(plan, project_dir):
    from workbooks import write_xlsx

    write_xlsx(project_dir / "data" / "demo.xlsx", {"指标": [
        ["指标", "单位", "2016年", "2017年"],
        ["细颗粒物(PM2.5)年均浓度", "微克/立方米", 99, 94],
        ["产品质量国家监督抽查合格率", "%", 91.5, "—"],
        ["高新技术企业数", "家", 80, 92],
        ["诚信体系基本建成", "", "否", "是"]]})
    run = CliRunner().invoke(cli, ["check", "demo", "--lang", "en", "--as-of", "2018-12-31", "--format",
                                   "json"])
    report = json.loads(run.stdout)
    statuses = {m["id"]: (m["actual"], m["status"]) for m in report["metrics"]}
    # spot-check's 2016 figure counts until 2017-12-31 (max_age): too old for 2018 (#12)
    assert statuses == {"pm25": (94, "pass"), "spot-check": (91.5, "missing"),
                        "gdp-growth": (None, "missing"), "firms": (92, "pass"),
                        "credit": (True, "pass")}
    assert run.stderr.strip() == ('data/demo.xlsx:指标!D3: warning Q208: value: "—" (no figure) '
                                  "for spot-check 2017: no observation")
    assert date.fromisoformat(report["evaluated_at"]) == date(2018, 12, 31)


def test_a_wide_header_over_two_rows_takes_each_periods_actual_column(plan, project_dir):
    """2016年 merged over 目标 | 实际: the 实际 column is the figure, the target is not."""
    from workbooks import write_xlsx

    rows = [["指标", "单位", "2016年", None, "2017年", None],
            [None, None, "目标", "实际", "计划", "完成值"],
            ["细颗粒物(PM2.5)年均浓度", "微克/立方米", 100, 99, 97, 94],
            ["高新技术企业数", "家", 80, 82, 90, "暂无"]]
    merges = [(0, 0, 1, 0, "指标"), (0, 1, 1, 1, "单位"), (0, 2, 0, 3, "2016年"),
              (0, 4, 0, 5, "2017年")]
    path = write_xlsx(project_dir / "data" / "demo.xlsx", {"完成情况": (rows, {"merge": merges})})
    actuals = read_actuals([str(path)], plan, strict=False)
    assert _values(actuals, "pm25") == [("2016", Decimal("99")), ("2017", Decimal("94"))]
    assert _values(actuals, "firms") == [("2016", Decimal("82"))]
    assert [str(d) for d in actuals.diagnostics] == [
        f'{path}:完成情况!F4: warning: value: "暂无" (no figure) for firms 2017: no observation']
    csv_path = _write(project_dir, "指标,2016年,,2017年,\n,目标,实际,目标,实际\n"
                      "pm25,100,99,97,94\n")
    assert _values(read_actuals([str(csv_path)], plan), "pm25") == \
        [("2016", Decimal("99")), ("2017", Decimal("94"))]


def test_title_rows_above_the_header_are_skipped_in_csv_too(plan, project_dir):
    path = _write(project_dir, "示例市主要指标完成情况,,,\n填报单位：市统计局,,,填报日期：2017-01-05\n"
                  "\n指标,单位,2016年,2017年\n高新技术企业数,家,80,—\n", encoding="gb18030")
    actuals = _try_data(path, plan)
    assert _values(actuals, "firms") == [("2016", Decimal("80"))]
    assert [d.location.line for d in actuals.diagnostics] == [5]
    # a row that is neither a title nor a header is not looked past: it is the header
    path = _write(project_dir, "标题\npm25,2016,99,x\n指标,期间,数值\npm25,2016,99\n")
    with pytest.raises(DataError) as info:
        read_actuals([str(path)], plan)
    assert "1:1: header lacks column(s) metric, period, value" in str(info.value)


def test_a_share_is_out_of_the_plans_subunits_only_whatever_the_rows_say():
    """Library use past the reader (or a name that slipped by it): a sub-unit the plan
    does not list never changes a share's denominator nor a count."""
    from pathlib import Path

    from qcity.actuals.series import Observation
    from qcity.evaluation.subunits import aggregate_series
    from qcity.plan.loading import load_plan
    from qcity.plan.periods import parse_period

    plan = load_plan(str(Path(__file__).parent / "cases" / "subunit-unknown" / "targets"
                         / "case.yaml"))
    metric = plan.metrics[0]
    year = parse_period("2015")
    rows = [Observation(metric.id, year, value, "x.csv", n, subunit=name)
            for n, (name, value) in enumerate([("甲县", True), ("乙县", False),
                                                ("不存在县", True), ("兰溪", True)], 2)]
    series, parts, _ = aggregate_series(plan, metric, rows, metric.target)
    assert [o.value for o in series] == [Decimal("33.33")]  # 1 of 3, not 3 of 5
    (part,) = parts.values()
    assert [f.name for f in part.figures] == ["甲县", "乙县", "兰溪市"]
    assert part.missing == ["兰溪市"]


def test_a_value_with_the_metrics_unit_typed_after_it_reads_as_its_number(plan, project_dir):
    """62家 for a metric in 家 (as 93.1% for a % metric); another unit stays an error."""
    path = _write(project_dir, "metric,period,value\nfirms,2016,62家\nfirms,2017, ９２ 家 \n"
                               "pm25,2016,88微克/立方米\n")
    actuals = read_actuals([str(path)], plan)
    assert _values(actuals, "firms") == [("2016", Decimal(62)), ("2017", Decimal(92))]
    assert _values(actuals, "pm25") == [("2016", Decimal(88))]
    assert list(actuals.diagnostics) == []
    path = _write(project_dir, "metric,period,value\nfirms,2018,62吨\n")
    with pytest.raises(DataError) as caught:
        read_actuals([str(path)], plan)
    assert [(d.code, d.location.line) for d in caught.value.diagnostics] == [("Q203", 2)]


@pytest.mark.parametrize("written,planned", [
    ("m3/万元", "立方米/万元"), ("m³/万元", "立方米/万元"), ("ug/m3", "微克/立方米"),
    ("mg/m3", "毫克/立方米"), ("吨/万元", "t/万元")])
def test_compound_units_match_part_by_part(written, planned):
    from qcity.actuals.spelling import same_data_unit

    assert same_data_unit(written, planned)
    assert not same_data_unit("m3/元", planned) or planned.endswith("/元")
