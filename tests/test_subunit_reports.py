"""What a reader of a report sees of a target's standard (``standard:``) and of the
sub-units (县区) behind an aggregate metric's figure, in each format.

The project is ``tests/reports/counties``: two metrics citing GB 3095-2012 二级, one
citing GB 3838-2002, and four metrics made from five counties' figures.  Golden files
are regenerated with ``QCITY_UPDATE_GOLDEN=1 python -m pytest tests/test_subunit_reports.py``.
"""

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from wcwidth import wcswidth

from qcity.cli import cli

from test_office import docx_text
from test_render import _golden

PROJECT = Path(__file__).parent / "reports" / "counties"


def _check(monkeypatch, *args) -> str:
    monkeypatch.chdir(PROJECT)
    result = CliRunner().invoke(cli, ["check", "counties", "--as-of", "2016-06-30", *args],
                                catch_exceptions=False)
    assert result.exit_code == 1, result.output
    return result.stdout


def _check_bytes(monkeypatch, tmp_path, ext: str, *args) -> bytes:
    out = tmp_path / f"report.{ext}"
    _check(monkeypatch, "--output", str(out), *args)
    return out.read_bytes()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt,ext", [("table", "txt"), ("markdown", "md"), ("html", "html"),
                                     ("latex", "tex")])
def test_golden(fmt, ext, lang, monkeypatch):
    _golden(f"counties.{lang}.{fmt}.{ext}", _check(monkeypatch, "--format", fmt, "--lang", lang))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_golden_word(lang, monkeypatch, tmp_path):
    _golden(f"counties.{lang}.docx.txt",
            docx_text(_check_bytes(monkeypatch, tmp_path, "docx", "--lang", lang)))


# -- standards -----------------------------------------------------------------------

def _table_lines(text: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("---"))
    end = lines.index("", start)
    return lines[start - 1:end]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_marks_the_targets_and_lists_the_standards_under_the_table(lang, monkeypatch):
    text = _check(monkeypatch, "--lang", lang)
    rows = _table_lines(text)
    pm25 = next(r for r in rows if r.startswith(("生态环境  PM2.5", "Environment  PM2.5")))
    water = next(r for r in rows if "Ⅲ" in r or "III" in r)
    # the two metrics citing one standard share its mark; the third has the next
    assert re.search(r"≤ ?35 ?(微克/立方米|µg/m³) ?¹ ", pm25)
    assert re.search(r"≥ ?80%² ", water)
    head = "标准：" if lang == "zh" else "Standards:"
    assert f"{head}\n  ¹ GB 3095-2012 二级\n  ² GB 3838-2002\n" in text
    # aligned with CJK and the marks: every row as wide as the rule under the header
    widths = {wcswidth(r.rstrip()) for r in rows[2:]}
    assert max(widths) <= wcswidth(rows[1])
    starts = {wcswidth(r[:r.index("2015")]) for r in rows if "2015" in r}
    assert len(starts) == 1, rows


def test_a_standard_does_not_widen_the_target_column_beyond_its_mark(monkeypatch):
    rows = _table_lines(_check(monkeypatch))
    target_width = len(rows[1].split()[2])
    assert target_width == wcswidth("≤35微克/立方米¹")  # the widest target, mark included


def test_a_unit_ending_in_a_power_keeps_its_mark_apart(monkeypatch):
    assert "≤ 35 µg/m³ ¹" in _check(monkeypatch, "--lang", "en")


def test_markdown_and_html_list_the_standards(monkeypatch):
    md = _check(monkeypatch, "--format", "markdown")
    assert "### 标准\n\n- ¹ GB 3095-2012 二级\n- ² GB 3838-2002\n" in md
    assert "| ≤35微克/立方米¹ " in md
    html = _check(monkeypatch, "--format", "html", "--lang", "en")
    assert ('<p class="notes standards">Standards: <sup>¹</sup>GB 3095-2012 二级'
            "　<sup>²</sup>GB 3838-2002</p>") in html
    assert ">≤ 35 µg/m³ ¹</td>" in html


def test_latex_lists_the_standards_and_sets_marks_its_font_lacks_as_superscripts(monkeypatch):
    from qcity.render.latex import escape

    tex = _check(monkeypatch, "--format", "latex")
    assert r"35微克/立方米¹ & 38" in tex
    assert r"{\small 标准：¹ GB 3095-2012 二级\quad ² GB 3838-2002}" in tex
    assert escape("≥80%⁴") == r"\ensuremath{\geq}80\%\textsuperscript{4}"


def test_word_marks_targets_and_explains_them_in_the_notes(monkeypatch, tmp_path):
    text = docx_text(_check_bytes(monkeypatch, tmp_path, "docx"))
    assert " | ≤35微克/立方米¹ | 38 | " in text
    assert "标准：¹ GB 3095-2012 二级；² GB 3838-2002。" in text.splitlines()
    english = docx_text(_check_bytes(monkeypatch, tmp_path, "docx", "--lang", "en"))
    assert "Standards: ¹ GB 3095-2012 二级; ² GB 3838-2002." in english.splitlines()


def test_excel_writes_the_standard_beside_the_target(monkeypatch, tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(_check_bytes(monkeypatch, tmp_path, "xlsx")))
    sheet = book["指标"]
    targets = {row[1]: row[3] for row in sheet.iter_rows(values_only=True) if row[1]}
    assert targets["pm25"] == "≤35微克/立方米（GB 3095-2012 二级）"
    assert targets["water"] == "≥80%（GB 3838-2002）"
    assert targets["every-county"] == "≥95%"


def test_csv_keeps_the_target_without_a_mark(monkeypatch):
    csv = _check(monkeypatch, "--format", "csv")
    assert "≤35微克/立方米," in csv and "¹" not in csv
