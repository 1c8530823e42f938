"""Workbook fixtures written by the tests themselves, never checked in as binaries.

- ``.xlsx`` with XlsxWriter; a cell given as ``Formula(text, cached)`` is a formula
  (``cached=None``: no saved result, as scripts that never open Excel write them);
- ``.ods`` with odfpy (the writer pandas uses), formulas with or without a saved result;
- ``Percent(0.968)``: a number formatted ``0.0%`` (an .ods percentage cell);
- ``.xls`` by LibreOffice converting the ``.xlsx`` (no maintained Python writer of
  ``.xls`` exists): tests that need it skip without ``soffice``;
- broken files: truncated, password-protected (msoffcrypto-tool), text or HTML
  under a workbook's name, a sheet whose two cells span the whole grid.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple, Optional

import pytest


class Formula(NamedTuple):
    text: str
    cached: object = None


class Error(NamedTuple):
    """An error cell (``#DIV/0!``): a formula whose saved result is an error."""

    text: str = "#DIV/0!"


class Percent(NamedTuple):
    """A number cell with a percent format: stored 0.968, shown 96.8% (Excel's way of
    keeping a typed ``96.8%``)."""

    value: float
    format: str = "0.0%"


Sheets = dict  # sheet name -> list of rows (lists of cells), or (rows, {"merge": [...]})


def write_xlsx(path: Path, sheets: Sheets, hidden=(), chart: bool = False) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    uncached = []
    for name, content in sheets.items():
        rows, extra = content if isinstance(content, tuple) else (content, {})
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if isinstance(cell, Formula):
                    sheet.write_formula(r, c, cell.text, None,
                                        cell.cached if cell.cached is not None else 0)
                    if cell.cached is None:
                        uncached.append((name, f"{_letters(c)}{r + 1}"))
                elif isinstance(cell, Error):
                    sheet.write_formula(r, c, "=1/0", None, cell.text)
                elif isinstance(cell, Percent):
                    sheet.write_number(r, c, cell.value,
                                       book.add_format({"num_format": cell.format}))
                elif isinstance(cell, (date, datetime)):
                    sheet.write_datetime(r, c, cell if isinstance(cell, datetime)
                                         else datetime(cell.year, cell.month, cell.day), dates)
                elif isinstance(cell, str):
                    sheet.write_string(r, c, cell)
                elif cell is not None:
                    sheet.write(r, c, cell)
        for first_row, first_col, last_row, last_col, value in extra.get("merge", ()):
            sheet.merge_range(first_row, first_col, last_row, last_col, value)
        if name in hidden:
            sheet.hide()
    if chart:
        chartsheet = book.add_chartsheet("图表")
        graph = book.add_chart({"type": "line"})
        first = next(iter(sheets))
        graph.add_series({"values": f"='{first}'!$B$2:$B$3"})
        chartsheet.set_chart(graph)
    book.close()
    if uncached:
        _drop_cached(path, uncached)
    return path


def _letters(col: int) -> str:
    out = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


def _drop_cached(path: Path, cells) -> None:
    """Remove the saved results of some formula cells (XlsxWriter always writes one)."""
    original = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(original)) as src:
        names = {n: src.read(n) for n in src.namelist()}
    for sheet_xml in [n for n in names if n.startswith("xl/worksheets/sheet")]:
        text = names[sheet_xml]
        for _, ref in cells:
            text = re.sub(rb'(<c r="' + ref.encode() + rb'"[^>]*>)(<f>[^<]*</f>)<v>[^<]*</v>',
                          rb"\1\2", text)
        names[sheet_xml] = text
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in names.items():
            out.writestr(name, data)


def write_ods(path: Path, sheets: Sheets) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            tr = TableRow()
            for cell in row:
                if cell is None or cell == "":
                    tc = TableCell()
                elif isinstance(cell, Percent):
                    tc = TableCell(valuetype="percentage", value=cell.value)
                    tc.addElement(P(text=f"{cell.value * 100:g}%"))
                elif isinstance(cell, Formula):  # cached None: no saved result
                    formula = "of:=" + cell.text.lstrip("=")
                    tc = TableCell(formula=formula) if cell.cached is None else TableCell(
                        formula=formula, valuetype="float", value=cell.cached)
                elif isinstance(cell, bool):
                    tc = TableCell(valuetype="boolean", booleanvalue=str(cell).lower())
                    tc.addElement(P(text=str(cell).upper()))
                elif isinstance(cell, (int, float)):
                    tc = TableCell(valuetype="float", value=cell)
                    tc.addElement(P(text=str(cell)))
                elif isinstance(cell, date):
                    tc = TableCell(valuetype="date", datevalue=cell.isoformat())
                    tc.addElement(P(text=cell.isoformat()))
                else:
                    tc = TableCell(valuetype="string")
                    tc.addElement(P(text=str(cell)))
                tr.addElement(tc)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def soffice() -> Optional[str]:
    return shutil.which("soffice") or shutil.which("libreoffice")


def write_xls(path: Path, sheets: Sheets) -> Path:
    """An Excel 97-2003 workbook, converted from an .xlsx by LibreOffice (skips without)."""
    office = soffice()
    if office is None:
        pytest.skip("LibreOffice (soffice) is not installed: no .xls writer")
    source = write_xlsx(path.with_name(path.stem + "-source.xlsx"), sheets)
    outdir = path.parent / "converted"
    outdir.mkdir(exist_ok=True)
    profile = path.parent / "lo-profile"
    run = subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless",
                          "--convert-to", "xls", "--outdir", str(outdir), str(source)],
                         capture_output=True, timeout=180)
    made = outdir / (source.stem + ".xls")
    if run.returncode != 0 or not made.exists():
        pytest.skip(f"LibreOffice could not convert: {run.stderr[-200:]!r}")
    made.replace(path)
    source.unlink()
    return path


def write_encrypted(path: Path, sheets: Sheets, password: str = "secret") -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_xlsx(path.with_name(path.stem + "-plain.xlsx"), sheets)
    with open(plain, "rb") as source, open(path, "wb") as out:
        OOXMLFile(source).encrypt(password, out)
    plain.unlink()
    return path


def write_truncated(path: Path, sheets: Sheets) -> Path:
    whole = write_xlsx(path.with_name(path.stem + "-whole.xlsx"), sheets).read_bytes()
    path.with_name(path.stem + "-whole.xlsx").unlink()
    path.write_bytes(whole[: len(whole) // 2])
    return path


def write_far_cells(path: Path) -> Path:
    """Two cells, A1 and XFD1048576: a dense grid of 17 billion cells."""
    return write_xlsx(path, {"S": [["metric"]]}) and _far_cell(path)


def _far_cell(path: Path) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("S")
    sheet.write(0, 0, "metric")
    sheet.write(1048575, 16383, 1)
    book.close()
    return path


# The wide workbook README.md's "Actuals" section checks: the bundled Zhengzhou plan's
# 2013 figures as data/zhengzhou.csv has them (seed 004), 2014 unpublished.
README_SOURCE = "郑州日报 2014 (seed 004)"
README_WORKBOOK = {"指标": [
    ["郑州市质量强市主要指标完成情况"],
    ["指标", "单位", "2013年", "2014年", "数据来源"],
    ["重要工业产品抽检合格率", "%", 93.1, "—", README_SOURCE],
    ["污水处理率(市区)", "%", 85, "暂无", README_SOURCE],
    ["细颗粒物(PM2.5)年均浓度", "微克/立方米", 108, "—", README_SOURCE],
    ["城市集中式饮用水源地水质达标率", "%", 98, None, README_SOURCE]]}


def write_readme_workbook(path: Path) -> Path:
    return write_xlsx(path, README_WORKBOOK)
