"""Rendered output: golden files for every format, and the safety of what is written.

Regenerate the golden files after an intended change with
``QCITY_UPDATE_GOLDEN=1 python -m pytest tests/test_render.py`` and review the diff.
"""

import os
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcity.cli import cli
from qcity.output import write_atomic
from qcity.render import BINARY, FORMATS, render
from qcity.render.csv_ import safe_cell
from qcity.evaluation.report import MetricResult, PlanInfo, Report, StageInfo

from demo import DEMO_PLAN

GOLDEN = Path(__file__).parent / "golden"
EXT = {"table": "txt", "markdown": "md", "csv": "csv", "json": "json", "html": "html",
       "latex": "tex", "junit": "xml", "github": "txt"}
TEXT_FORMATS = sorted(f for f in FORMATS if f not in BINARY)
MULTICITY = Path(__file__).parent / "multicity"


def _golden(name: str, text: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("QCITY_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8", newline="")
    assert text == golden.read_text(encoding="utf-8"), f"golden file {name} differs"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_golden(fmt, lang, repo_root):
    result = CliRunner().invoke(cli, ["check", "zhengzhou", "--as-of", "2026-11-21",
                                      "--format", fmt, "--lang", lang], catch_exceptions=False)
    assert result.exit_code == 1
    _golden(f"zhengzhou.{lang}.{fmt}.{EXT[fmt]}", result.stdout)


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_golden_many_cities(fmt, monkeypatch):
    """A scoreboard in every format: ranked, each city named (and its report where the
    format has room for it)."""
    monkeypatch.chdir(MULTICITY)
    result = CliRunner().invoke(cli, ["check", "standard", "--as-of", "2025-01-01",
                                      "--format", fmt], catch_exceptions=False)
    assert result.exit_code == 1
    _golden(f"standard.zh.{fmt}.{EXT[fmt]}", result.stdout)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["table", "html"])
def test_golden_compare_to(fmt, lang, monkeypatch):
    monkeypatch.chdir(MULTICITY)
    result = CliRunner().invoke(cli, ["check", "standard", "--city", "乙市", "--as-of",
                                      "2025-01-01", "--compare-to", "2024-01-01",
                                      "--format", fmt, "--lang", lang], catch_exceptions=False)
    _golden(f"standard-compare.{lang}.{fmt}.{EXT[fmt]}", result.stdout)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_golden_change_targets(lang, monkeypatch):
    """Change targets say the change achieved, labelled; margins carry their unit."""
    monkeypatch.chdir(Path(__file__).parent / "cases" / "change")
    result = CliRunner().invoke(cli, ["check", "case", "--as-of", "2021-01-01", "--lang", lang],
                                catch_exceptions=False)
    _golden(f"change.{lang}.table.txt", result.stdout)


def _report(name="合格率", note_value="95", source=None) -> Report:
    return Report(plan=PlanInfo(id="p", city="测试市", title="T <b>&"), as_of=date(2016, 1, 1),
                  evaluated_at=date(2015, 12, 31),
                  stage=StageInfo(id="s", name="S", start=date(2015, 1, 1), end=date(2015, 12, 31)),
                  metrics=[MetricResult(id="m", name=name, unit="%", target=">= 90",
                                        threshold=Decimal(90), due=date(2015, 12, 31),
                                        status="pass", standing="pass",
                                        actual=Decimal(note_value), period="2015",
                                        margin=Decimal(5), source=source)])


@pytest.mark.parametrize("cell,safe", [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(1,1)", "'@SUM(1,1)"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("-10", "-10"), ("+5", "+5"), ("-0.5", "-0.5"), ("97.9%", "97.9%"), ("合格率", "合格率"),
])
def test_csv_cells_cannot_be_formulas(cell, safe):
    assert safe_cell(cell) == safe


def test_csv_report_neutralises_plan_text():
    text = render([_report(name="=cmd|' /C calc'!A0")], "csv")
    assert "'=cmd|' /C calc'!A0" in text
    assert ",=cmd" not in text


def test_html_escapes_plan_and_data_text():
    text = render([_report(name="<script>alert(1)</script>")], "html")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "T &lt;b&gt;&amp;" in text


def test_html_is_self_contained(repo_root):
    result = CliRunner().invoke(cli, ["check", "zhengzhou", "--as-of", "2026-11-21",
                                      "--format", "html"])
    for needle in ("<script", "<link", "src=", "@import", "url("):
        assert needle not in result.stdout


def test_html_chart_for_every_metric_with_figures(monkeypatch):
    monkeypatch.chdir(Path(__file__).parent / "cases" / "sustained")
    result = CliRunner().invoke(cli, ["check", "case", "--as-of", "2015-06-30", "--format",
                                      "html"])
    # seven metrics, each with figures (one with a single observation: a point)
    assert result.stdout.count("<svg") == 7
    assert result.stdout.count('class="threshold"') == 7  # each with its threshold


def _chart_svg(values, threshold=">= 90", unit="%", periods=None):
    from qcity.render.chart import chart_of
    from qcity.render.svg import svg
    from qcity.evaluation.report import Point
    from qcity.plan.targets import parse_target

    periods = periods or [str(2015 + i) for i in range(len(values))]
    m = MetricResult(id="m", name="合格率", unit=unit, target=threshold, due=date(2030, 1, 1),
                     status="pass", observations=len(values),
                     history=[Point(period=p, end=date(int(p[:4]), 12, 31), value=Decimal(v),
                                    meets=parse_target(threshold).passes(Decimal(v)))
                              for p, v in zip(periods, values)])  # meets: as the engine says
    return chart_of(m, "zh"), svg(chart_of(m, "zh"))


def test_charts_people_can_read():
    chart, text = _chart_svg(["89.5", "92.0"])
    assert chart.low <= 85 and chart.high >= 95  # a 2.5-point rise is not drawn as a cliff
    assert [l for l in ("2015", "2016") if f">{l}</text>" in text] == ["2015", "2016"]  # periods
    assert ">89.5%</text>" in text and ">92.0%</text>" in text  # values at the points
    assert ">≥90%</text>" in text  # the threshold labelled
    assert 'fill="#cf222e"/>' in text and 'fill="#1a7f37"/>' in text  # under / over the line
    assert ">85%</text>" in text  # ticks with units


def test_chart_scale_includes_the_threshold_and_flat_series():
    chart, _ = _chart_svg(["93", "93", "93"], threshold=">= 90")
    assert chart.low < 90 < 93 < chart.high
    chart, _ = _chart_svg(["30", "45"], threshold=">= 90", unit="家")
    assert chart.low == 0 and chart.high >= 90  # counts from a small base: from zero
    chart, _ = _chart_svg(["99.94", "99.98"], threshold=">= 99")
    assert chart.high == 100  # a rate stays within 100


def test_single_observation_is_a_point_against_its_threshold():
    chart, text = _chart_svg(["97.2"], threshold=">= 95")
    assert text.count("<circle cx") == 1 and "<polyline" not in text
    assert 'class="threshold"' in text and ">97.2%</text>" in text


def test_chart_series_are_bounded_and_say_so(tmp_path, monkeypatch):
    (tmp_path / "targets").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "targets" / "p.yaml").write_text(
        "qcity: 1\nid: p\ncity: 市\ntitle: T\n"
        "stages: [{id: s, name: S, start: 2019-01-01, end: 2023-12-31}]\n"
        "metrics:\n  - {id: many, name: 月度, unit: '%', target: '>= 80'}\n", encoding="utf-8")
    rows = ["metric,period,value"] + [f"many,{y}-{m:02d},{80 + m}" for y in range(2019, 2024)
                                      for m in range(1, 13)]
    (tmp_path / "data" / "p.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(cli, ["check", "p", "--as-of", "2024-01-10", "--format",
                                   "html"]).stdout
    assert out.count("<circle cx") == 12 and "图中为最近12期（共60期）" in out
    assert ">2023-12</text>" in out and ">2022-12</text>" not in out


def test_junit_counts_fail_and_missing_as_failures(repo_root):
    import xml.etree.ElementTree as ET
    result = CliRunner().invoke(cli, ["check", "yongkang-2020", "--as-of", "2026-11-21",
                                      "--format", "junit"])
    suite = ET.fromstring(result.stdout).find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 49 == int(suite.get("tests"))  # due metrics only, not the indicators
    assert int(suite.get("failures")) == 49
    kinds = {c.find("failure").get("type") for c in cases}
    assert kinds == {"missing"}  # the 2018 figures are too old to judge the 2020 targets


def test_output_format_from_extension(project_with_report):
    for name, marker in (("r.md", "## "), ("r.html", "<!DOCTYPE html>"), ("r.csv", "id,"),
                         ("r.json", '"verdict"'), ("r.xml", "<testsuites")):
        result = CliRunner().invoke(cli, ["check", "demo", "--as-of", "2016-01-01", "-o", name])
        assert result.exit_code == 0
        assert marker in Path(name).read_text(encoding="utf-8")


def test_excel_csv_has_a_bom(project_with_report):
    CliRunner().invoke(cli, ["check", "demo", "--as-of", "2016-01-01", "--format", "csv",
                             "--excel", "-o", "r.csv"])
    raw = Path("r.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "合格率".encode("utf-8") in raw


def test_atomic_write_keeps_the_old_file_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("old report")

    class Boom(Exception):
        pass

    def failing_fsync(fd):
        raise Boom()

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(Boom):
        write_atomic(str(target), "new report")
    assert target.read_text() == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary left


@pytest.fixture
def project_with_report(project_dir):
    (project_dir / "targets" / "demo.yaml").write_text(DEMO_PLAN, encoding="utf-8")
    (project_dir / "data" / "demo.csv").write_text("metric,period,value\nrate,2015,95\n")
    return project_dir


def _browser():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _chromium(tmp_path, *args):
    subprocess.run([_browser(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", *args],
                   check=True, timeout=120, capture_output=True)


@pytest.mark.skipif(_browser() is None, reason="no Chromium installed")
def test_html_screenshot_in_headless_chromium(tmp_path, monkeypatch):
    """Render the HTML report in a real browser and check a picture comes out.

    Set QCITY_SCREENSHOT=/some/file.png to keep the picture and look at it.
    """
    monkeypatch.chdir(Path(__file__).parent / "cases" / "sustained")
    page = tmp_path / "report.html"
    CliRunner().invoke(cli, ["check", "case", "--as-of", "2015-06-30", "-o", str(page)])
    shot = Path(os.environ.get("QCITY_SCREENSHOT", tmp_path / "report.png"))
    _chromium(tmp_path, "--hide-scrollbars", "--window-size=1280,900", f"--screenshot={shot}",
              page.as_uri())
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 900)
    assert len(data) > 20_000  # a blank page compresses to a few KB; a report does not


@pytest.mark.skipif(_browser() is None, reason="no Chromium installed")
def test_html_prints_to_a4_pdf_a_page_a_city(tmp_path, monkeypatch):
    """Print the many-city HTML to PDF in headless Chromium: A4 pages, the scoreboard and
    then each city on pages of its own, words in the short columns kept whole.

    Set QCITY_PDF=/some/file.pdf to keep the PDF and look at it (pdftoppm makes PNGs).
    """
    monkeypatch.chdir(MULTICITY)
    page = tmp_path / "report.html"
    CliRunner().invoke(cli, ["check", "standard", "--as-of", "2025-01-01", "-o", str(page)])
    pdf = Path(os.environ.get("QCITY_PDF", tmp_path / "report.pdf"))
    _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert boxes and all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1
                         for w, h in boxes)  # A4 in points
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
    assert pages == 5  # the scoreboard, then four cities each from a new page
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        for words in ("已达成", "逾期未达标", "产品抽检合格率", "未通过"):
            assert words in text  # whole: not squeezed to one character a line



@pytest.mark.skipif(_browser() is None, reason="no Chromium installed")
def test_html_prints_its_charts(tmp_path, monkeypatch):
    """One city's report printed: its charts are on the page with axes and threshold."""
    monkeypatch.chdir(MULTICITY)
    page = tmp_path / "report.html"
    CliRunner().invoke(cli, ["check", "standard", "--city", "乙市", "--as-of", "2025-01-01",
                             "-o", str(page)])
    pdf = tmp_path / "report.pdf"
    _chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        lines = set(text.splitlines())
        assert {"2023", "2024", "≥95%", "94.5%"} <= lines  # periods, threshold, values


def test_output_file_gets_ordinary_permissions(project_with_report):
    os.umask(0o022)
    CliRunner().invoke(cli, ["check", "demo", "--as-of", "2016-01-01", "-o", "r.json"])
    assert Path("r.json").stat().st_mode & 0o777 == 0o644
    os.chmod("r.json", 0o640)
    CliRunner().invoke(cli, ["check", "demo", "--as-of", "2016-01-01", "-o", "r.json"])
    assert Path("r.json").stat().st_mode & 0o777 == 0o640  # an existing file keeps its mode


def test_json_output_is_not_written_on_bad_input(project_with_report):
    Path("r.json").write_text("previous")
    Path("data/demo.csv").write_text("metric,period,value\nrate,2015-13,95\n")
    result = CliRunner().invoke(cli, ["check", "demo", "--format", "json", "-o", "r.json"])
    assert result.exit_code == 2
    assert Path("r.json").read_text() == "previous"
    assert not [p for p in Path(".").iterdir() if p.name.startswith(".qcity-")]


# --- output handling: formats, extensions, options --------------------------------

@pytest.mark.parametrize("name", ["r.pdf", "r.doc", "r.xls", "r.odt"])
def test_unknown_output_extension_is_a_usage_error(project_with_report, name):
    result = CliRunner().invoke(cli, ["check", "demo", "--as-of", "2016-01-01", "-o", name])
    assert result.exit_code == 2
    assert ".docx (docx)" in result.stderr and ".xlsx (xlsx)" in result.stderr
    assert not Path(name).exists()


def test_pdf_extension_says_how_to_get_a_pdf(project_with_report):
    result = CliRunner().invoke(cli, ["check", "demo", "-o", "r.pdf"])
    assert result.exit_code == 2 and "print" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "html", "xlsx"])
def test_excel_with_another_format_is_a_usage_error(project_with_report, fmt):
    result = CliRunner().invoke(cli, ["check", "demo", "--as-of", "2016-01-01", "--format",
                                      fmt, "--excel", "-o", "out"])
    assert result.exit_code == 2 and "--excel" in result.stderr
    assert not Path("out").exists()


def test_standalone_is_for_latex_only(project_with_report):
    result = CliRunner().invoke(cli, ["check", "demo", "--format", "html", "--standalone"])
    assert result.exit_code == 2 and "--standalone" in result.stderr


def test_output_without_extension_is_the_table(project_with_report):
    result = CliRunner().invoke(cli, ["check", "demo", "--as-of", "2016-01-01", "-o", "out"])
    assert result.exit_code == 0
    assert "结论：通过" in Path("out").read_text(encoding="utf-8")


def test_html_rows_have_as_many_cells_as_the_header_with_compare_to(monkeypatch):
    import re
    monkeypatch.chdir(MULTICITY)
    result = CliRunner().invoke(cli, ["check", "standard", "--city", "乙市", "--as-of",
                                      "2025-01-01", "--compare-to", "2024-01-01", "--format",
                                      "html"])
    table = result.stdout.split('<table class="metrics">', 1)[1].split("</table>", 1)[0]
    head = len(re.findall(r"<th[ >]", table.split("</thead>")[0]))
    rows = re.findall(r"<tr[ >].*?</tr>", table.split("<tbody>")[1], re.S)
    assert rows and all(len(re.findall(r"<td[ >]", row)) == head for row in rows)
    assert "94.0%" in table and "2023" in table  # the earlier value, not only the status


def test_show_and_check_word_targets_alike(repo_root):
    shown = CliRunner().invoke(cli, ["show", "yongkang-2020"]).stdout
    checked = CliRunner().invoke(cli, ["check", "yongkang-2020", "--as-of", "2021-01-01"]).stdout
    for words in ("达成", "较基期下降≥21%", "≥340家"):
        assert words in shown and words in checked
    assert "achieved" not in shown and ">=" not in shown and ">=" not in checked


def test_english_units_are_translated(repo_root):
    out = CliRunner().invoke(cli, ["check", "yongkang-2020", "--as-of", "2021-01-01",
                                   "--lang", "en"]).stdout
    assert "≥ 100 km" in out and "≥ 83 points" in out
    out = out.split("\nSources:\n")[0]  # the sources quote the Chinese documents
    for word in ("公里", "家", "个", "项"):
        assert f" {word} " not in out and not re.search(rf"\d{word}", out)


def test_milestone_is_named_by_its_stage(monkeypatch):
    monkeypatch.chdir(Path(__file__).parent / "cases" / "milestone")
    out = CliRunner().invoke(cli, ["check", "case", "--stage", "implement", "--as-of",
                                   "2014-12-31"]).stdout
    assert "@" not in out and "（推进落实阶段目标）" in out
    assert "(implement)" not in out  # names, not ids


def test_trend_shows_yes_no_observations(repo_root, tmp_path):
    data = tmp_path / "b.csv"
    data.write_text("metric,period,value\ncredit-system,2019,否\ncredit-system,2020,是\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["trend", "yongkang-2020", "credit-system", "--data",
                                      str(data), "--as-of", "2021-01-01"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(l.strip().startswith("2019年") and l.rstrip().endswith("否  ✗") for l in lines)
    assert any(l.strip().startswith("2020年") and l.rstrip().endswith("是  ✓") for l in lines)
    rows = CliRunner().invoke(cli, ["trend", "yongkang-2020", "credit-system", "--data",
                                    str(data), "--as-of", "2021-01-01", "--format", "csv"])
    assert rows.stdout.splitlines()[1:] == ["credit-system,永康市,2019,2019-12-31,no,",
                                            "credit-system,永康市,2020,2020-12-31,yes,"]


def test_init_with_plan_id_and_city(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "proj", "--plan", "yk-2026", "--city", "永康市"])
    assert result.exit_code == 0, result.output
    assert "qcity check yk-2026" in result.stdout
    assert Path("proj/targets/yk-2026.yaml").is_file() and Path("proj/data/yk-2026.csv").is_file()
    monkeypatch.chdir(tmp_path / "proj")
    assert CliRunner().invoke(cli, ["validate"]).exit_code == 0
    checked = CliRunner().invoke(cli, ["check", "yk-2026", "--as-of", "2026-07-01"])
    assert checked.exit_code == 1 and checked.stdout.startswith("永康市创建")
    assert "示例市" not in checked.stdout


@pytest.mark.parametrize("args", [["--plan", "../x"], ["--plan", "a b"], ["--city", ""],
                                  ["--city", "a\x1bb"]])
def test_init_refuses_bad_ids_and_cities(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "proj"] + args)
    assert result.exit_code == 2
    assert not Path("proj").exists()


def test_verdict_names_the_veto_metric_and_the_score(monkeypatch):
    monkeypatch.chdir(Path(__file__).parent / "cases" / "veto")
    zh = CliRunner().invoke(cli, ["check", "case", "--as-of", "2016-01-01"]).stdout
    en = CliRunner().invoke(cli, ["check", "case", "--as-of", "2016-01-01", "--lang", "en"]).stdout
    assert "结论：未通过。一票否决指标“重大质量安全事故”未达标；得分90分（合格线50分）" in zh
    assert "Verdict: FAIL. Veto metric 重大质量安全事故 did not pass; score 90 (pass score 50)" in en
    data = CliRunner().invoke(cli, ["check", "case", "--as-of", "2016-01-01", "--format",
                                    "json"]).stdout
    import json
    assert json.loads(data)["vetoed_by"] == ["safety"]


def test_change_achieved_in_json(monkeypatch):
    import json
    monkeypatch.chdir(Path(__file__).parent / "cases" / "change")
    data = json.loads(CliRunner().invoke(cli, ["check", "case", "--as-of", "2021-01-01",
                                               "--format", "json"]).stdout)
    by_id = {m["id"]: m for m in data["metrics"]}
    assert by_id["rel-boundary"]["change_from_baseline"] == -21
    assert by_id["abs-increase"]["change_from_baseline"] == 4.9


# --- LaTeX ----------------------------------------------------------------------------

def test_latex_fragment_and_standalone_document(monkeypatch):
    monkeypatch.chdir(MULTICITY)
    fragment = CliRunner().invoke(cli, ["check", "standard", "--as-of", "2025-01-01",
                                        "--format", "latex"]).stdout
    assert "\\documentclass" not in fragment and "\\begin{longtable}" in fragment
    whole = CliRunner().invoke(cli, ["check", "standard", "--as-of", "2025-01-01", "--format",
                                     "latex", "--standalone"]).stdout
    assert whole.startswith("\\documentclass[a4paper")
    assert "\\usepackage{xeCJK}" in whole and whole.rstrip().endswith("\\end{document}")
    assert whole.count("\\clearpage") == 4  # a page each city, after the scoreboard


@pytest.mark.skipif(shutil.which("xelatex") is None, reason="no xelatex installed")
@pytest.mark.parametrize("source", ["many-cities", "hostile"])
def test_standalone_latex_compiles_with_xelatex(source, tmp_path, monkeypatch):
    from test_output_safety import hostile_report

    if source == "hostile":
        text = render([hostile_report("line\n\n[2pt] \\\\[3pt] & % $ # _ { } ~ ^ \x1b[2J "
                                      "<b> | ≥ ≤")], "latex", "zh", standalone=True)
    else:
        monkeypatch.chdir(MULTICITY)
        text = CliRunner().invoke(cli, ["check", "standard", "--as-of", "2025-01-01",
                                        "--compare-to", "2024-01-01", "--format", "latex",
                                        "--standalone"]).stdout
    (tmp_path / "r.tex").write_text(text, encoding="utf-8")
    run = subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", "r.tex"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    log = (tmp_path / "r.log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log


def test_html_scoreboard_opens_ranked_and_links_each_city(monkeypatch):
    monkeypatch.chdir(MULTICITY)
    out = CliRunner().invoke(cli, ["check", "standard", "--as-of", "2025-01-01", "--format",
                                   "html"]).stdout
    board = out.split('<section class="scoreboard">')[1].split("</section>")[0]
    links = re.findall(r'<a href="#(city-\d)">([^<]+)</a>', board)
    assert [city for _, city in links] == ["甲市", "乙市", "丙市", "丁市"]  # best first
    sections = re.findall(r'<section class="report" id="(city-\d)">\s*<div[^>]*>\s*<h1>([^<]+)',
                          out)
    assert [(key, title.split(" · ")[1]) for key, title in sections] == links
    assert "<svg" not in out  # a scoreboard's cities are tables; --city draws the charts
