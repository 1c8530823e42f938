"""Word and Excel reports: their content pinned as text (golden files of the extracted
paragraphs, table cells and sheet cells, not zip bytes), their layout and styling read
back with python-docx and openpyxl, and their charts found in the workbook.

Regenerate the golden files with ``QCITY_UPDATE_GOLDEN=1 python -m pytest
tests/test_office.py`` and review the diff.
"""

import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcity.cli import cli
from qcity.render import render

from test_output_safety import hostile_report
from test_render import _golden

GOLDEN = Path(__file__).parent / "golden"
MULTICITY = Path(__file__).parent / "multicity"
CASES = Path(__file__).parent / "cases"


def docx_text(data: bytes) -> str:
    """The document as text: each paragraph a line, each table row ``a | b | c``."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.table import Table

    doc = Document(io.BytesIO(data))
    lines = []
    for block in doc.element.body.iterchildren():
        if block.tag == qn("w:p"):
            lines.append("".join(t.text or "" for t in block.iter(qn("w:t"))))
        elif block.tag == qn("w:tbl"):
            for row in Table(block, doc).rows:
                lines.append(" | ".join(c.text for c in row.cells))
    footer = "".join(p.text for p in doc.sections[0].footer.paragraphs)
    return "\n".join(lines) + f"\n[footer] {footer}\n"


def xlsx_text(data: bytes) -> str:
    """Every sheet's cells row by row (numbers as numbers, with their format), and the
    number of charts a sheet holds."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    charts = chart_count_by_sheet(data)
    out = []
    for ws in book.worksheets:
        out.append(f"== {ws.title} (freeze {ws.freeze_panes}, filter {ws.auto_filter.ref}, "
                   f"charts {charts.get(ws.title, 0)})")
        for row in ws.iter_rows():
            cells = []
            for cell in row:
                if cell.value is None:
                    cells.append("")
                elif isinstance(cell.value, (int, float)):
                    cells.append(f"{cell.value!r} [{cell.number_format}]")
                else:
                    cells.append(str(cell.value))
            while cells and cells[-1] == "":
                cells.pop()
            out.append(" | ".join(cells))
    return "\n".join(out) + "\n"


def chart_count_by_sheet(data: bytes) -> dict:
    """Charts per sheet, from the workbook's parts (openpyxl does not read charts back)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    workbook = z.read("xl/workbook.xml").decode()
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    targets = dict(re.findall(r'Id="(rId\d+)" [^>]*?Target="([^"]+)"', rels)) or \
        {i: t for t, i in re.findall(r'Target="([^"]+)"[^>]*?Id="(rId\d+)"', rels)}
    counts = {}
    for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', workbook):
        sheet = "xl/" + targets[rid]
        rel = sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"
        if rel not in z.namelist():
            continue
        drawings = re.findall(r'Target="../drawings/([^"]+)"', z.read(rel).decode())
        total = 0
        for drawing in drawings:
            total += z.read(f"xl/drawings/_rels/{drawing}.rels").decode().count(
                'Target="../charts/')
        counts[name] = total
    return counts


def _check(args, cwd=None, monkeypatch=None) -> bytes:
    if cwd is not None:
        monkeypatch.chdir(cwd)
    result = CliRunner().invoke(cli, ["check"] + args, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.stdout_bytes


# --- Word -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_golden(lang, repo_root):
    data = _check(["zhengzhou", "--as-of", "2026-11-21", "--format", "docx", "--lang", lang])
    assert data.startswith(b"PK")
    _golden(f"zhengzhou.{lang}.docx.txt", docx_text(data))


def test_docx_golden_many_cities(monkeypatch):
    data = _check(["standard", "--as-of", "2025-01-01", "--format", "docx"], MULTICITY,
                  monkeypatch)
    _golden("standard.zh.docx.txt", docx_text(data))


def test_docx_golden_compare_to(monkeypatch):
    data = _check(["standard", "--city", "乙市", "--as-of", "2025-01-01", "--compare-to",
                   "2024-01-01", "--format", "docx"], MULTICITY, monkeypatch)
    _golden("standard-compare.zh.docx.txt", docx_text(data))


def test_docx_is_an_a4_document_in_official_style(repo_root):
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document(io.BytesIO(_check(["zhengzhou", "--as-of", "2026-11-21", "--format",
                                      "docx"])))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    normal = doc.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    assert normal.font.size == Pt(16)  # 三号
    title = doc.paragraphs[0].runs[0]
    assert title.bold and title.font.size == Pt(22)
    assert title.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    heading = next(p for p in doc.paragraphs if p.text == "一、总体结论")
    assert heading.runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    table = doc.tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on each page
    assert table.cell(0, 1).text == "指标"
    footer = doc.sections[0].footer._element.xml
    assert "PAGE" in footer  # a page number field
    fonts = {f.get(qn("w:ascii")) for f in doc.element.iter(qn("w:rFonts"))}
    assert "Times New Roman" in fonts  # Latin text has a Latin font; nothing is embedded
    names = zipfile.ZipFile(io.BytesIO(_check(["zhengzhou", "--format", "docx"]))).namelist()
    assert not [n for n in names if n.startswith("word/fonts/")]


def test_docx_verdict_paragraph_explains_a_veto(monkeypatch):
    text = docx_text(_check(["case", "--as-of", "2016-01-01", "--format", "docx"],
                            CASES / "veto", monkeypatch))
    assert "结论：未通过。一票否决指标“重大质量安全事故”未达标；得分90分（合格线50分）" in text
    assert "状态后标“*”者为一票否决指标" in text


def test_docx_hostile_text_does_not_break_the_document():
    for text in ("\x00\x01\x1b[2J", "\ufffe\u202e", "=HYPERLINK(\"x\")"):
        data = render([hostile_report(text)], "docx", "zh")
        assert "\\x1b[2J" in docx_text(data) or "\\ufffe" in docx_text(data) or \
            "=HYPERLINK" in docx_text(data)


# --- Excel ----------------------------------------------------------------------------

def test_xlsx_golden(repo_root):
    data = _check(["zhengzhou", "--as-of", "2026-11-21", "--format", "xlsx"])
    _golden("zhengzhou.zh.xlsx.txt", xlsx_text(data))


def test_xlsx_golden_many_cities(monkeypatch):
    data = _check(["standard", "--as-of", "2025-01-01", "--format", "xlsx"], MULTICITY,
                  monkeypatch)
    _golden("standard.zh.xlsx.txt", xlsx_text(data))


def test_xlsx_statuses_colours_numbers_and_charts(monkeypatch):
    import openpyxl

    data = _check(["standard", "--city", "乙市", "--as-of", "2025-01-01", "--format", "xlsx",
                   "--lang", "en"], MULTICITY, monkeypatch)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Summary", "Metrics", "Metric charts", "Chart data"]
    ws = book["Metrics"]
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref is not None
    head = [c.value for c in ws[1]]
    rows = {r[1].value: dict(zip(head, r)) for r in ws.iter_rows(min_row=2)}
    rate = rows["pass-rate"]
    assert rate["Status"].value == "fail"
    assert rate["Status"].fill.fgColor.rgb.endswith("FFC7CE")  # Excel's "Bad" red
    assert rows["pm25"]["Status"].fill.fgColor.rgb.endswith("C6EFCE")  # "Good" green
    assert rate["Actual"].value == 94.5 and rate["Actual"].number_format == '0.0"%"'
    assert rate["Margin"].value == -0.5 and rate["Margin"].number_format.startswith("+0.0")
    assert rate["Threshold"].value == 95
    charts = chart_count_by_sheet(data)
    assert charts == {"Metric charts": 4}  # every metric with a figure has its chart
    chart = zipfile.ZipFile(io.BytesIO(data)).read("xl/charts/chart1.xml").decode()
    assert chart.count("<c:ser>") == 3  # the figures, their markers (one kind here), the threshold
    assert 'prstDash val="dash"' in chart  # the threshold is dashed
    assert "<c:min val=" in chart and "<c:max val=" in chart  # the axis includes the threshold


def test_xlsx_scoreboard_is_ranked_with_a_city_column(monkeypatch):
    import openpyxl

    data = _check(["standard", "--as-of", "2025-01-01", "--format", "xlsx"], MULTICITY,
                  monkeypatch)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["各城市排名", "指标"]
    board = book["各城市排名"]
    assert [board.cell(r, 2).value for r in range(5, 9)] == ["甲市", "乙市", "丙市", "丁市"]
    assert board.cell(7, 3).value == "未通过" and board.cell(7, 3).fill.fgColor.rgb.endswith(
        "FFC7CE")
    metrics = book["指标"]
    assert metrics.cell(1, 1).value == "城市"
    assert {metrics.cell(r, 1).value for r in range(2, metrics.max_row + 1)} == \
        {"甲市", "乙市", "丙市", "丁市"}


def test_xlsx_text_never_runs_as_a_formula():
    import openpyxl

    data = render([hostile_report("=HYPERLINK(\"http://x\",\"y\")")], "xlsx", "en")
    book = openpyxl.load_workbook(io.BytesIO(data))
    found = [c for ws in book.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert found and all(c.data_type == "s" for c in found)
    starting = [c for c in found if c.value.startswith("=")]
    assert starting and all(c.quotePrefix for c in starting)
    assert "<f>" not in zipfile.ZipFile(io.BytesIO(data)).read(
        "xl/worksheets/sheet2.xml").decode()


def test_xlsx_single_observation_and_bounded_series(tmp_path, monkeypatch):
    """One observation is still charted (against its threshold); a long series is cut to
    the latest twelve, and the chart says so."""
    (tmp_path / "targets").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "targets" / "p.yaml").write_text(
        "qcity: 1\nid: p\ncity: 市\ntitle: T\n"
        "stages: [{id: s, name: S, start: 2019-01-01, end: 2023-12-31}]\n"
        "metrics:\n  - {id: one, name: 一期, unit: '%', target: '>= 95'}\n"
        "  - {id: many, name: 月度, unit: '%', target: '>= 80'}\n", encoding="utf-8")
    rows = ["metric,period,value", "one,2023,97.2"]
    rows += [f"many,{y}-{m:02d},{80 + m}" for y in range(2019, 2024) for m in range(1, 13)]
    (tmp_path / "data" / "p.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    data = _check(["p", "--as-of", "2024-01-10", "--format", "xlsx"], tmp_path, monkeypatch)
    assert chart_count_by_sheet(data)["指标走势图"] == 2
    text = xlsx_text(data)
    assert "图中为最近12期（共60期）" in text
    assert "2023-01" in text and "2022-12" not in text  # the latest twelve months


def test_binary_formats_go_to_a_file_atomically_or_to_a_pipe(repo_root, tmp_path):
    out = tmp_path / "r.xlsx"
    out.write_text("old")
    result = CliRunner().invoke(cli, ["check", "zhengzhou", "-o", str(out)])
    assert result.exit_code == 1 and out.read_bytes().startswith(b"PK")
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]
    piped = CliRunner().invoke(cli, ["check", "zhengzhou", "--format", "docx"])
    assert piped.stdout_bytes.startswith(b"PK")
