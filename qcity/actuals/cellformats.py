"""Which workbook cells are formatted as percentages (python-calamine drops formats).

A rate typed ``96.8%`` in Excel is stored as 0.968 with a percent number format,
and a workbook whose rates are formatted ``0.0%`` holds fractions throughout.
The reader gives the stored number only, so the formats are read here and such
a cell is read as the value it shows, ``96.8%`` (``qcity.actuals.workbook``):

- ``.xlsx``/``.xlsm``: ``xl/styles.xml`` maps a cell's style (its ``s``
  attribute, found by ``qcity.actuals.sheetguard`` while it scans the sheet) to a
  number format; a format is a percentage when it holds a ``%`` that is not
  quoted (``General"%"``, the fill-in template's, only shows the sign);
- ``.ods``: the cell says so itself (``office:value-type="percentage"``,
  ``qcity.actuals.sheetguard.ods_facts``);
- ``.xls`` (BIFF8, Excel 97–2003 and WPS): the compound file's ``Workbook``
  stream is read with olefile, its FORMAT and XF records give the percent
  styles and each number cell (NUMBER, RK, MULRK, FORMULA) its style.  An older
  ``.xls`` (Excel 95 and before) is not looked into: its fractions stay as they
  are, with the "did you mean 89.5%?" warning.
"""

from __future__ import annotations

import re
import struct
import zipfile
from xml.etree import ElementTree

BUILTIN_PERCENT = frozenset({9, 10})  # 0%, 0.00%
MAX_STYLES = 64 << 20  # bytes of styles.xml (a real one is kilobytes)
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def is_percent_format(code: str) -> bool:
    """Whether a number format code shows its number ×100 (a ``%`` outside quotes,
    escapes and brackets)."""
    return "%" in _LITERAL.sub("", code)


def xlsx_percent_styles(archive: zipfile.ZipFile) -> frozenset:
    """Indexes of the cell styles (``cellXfs``) whose number format is a percentage."""
    try:
        info = archive.getinfo("xl/styles.xml")
    except KeyError:
        return frozenset()
    if info.file_size > MAX_STYLES:
        raise ValueError(f"xl/styles.xml is {info.file_size >> 20} MiB")
    try:
        root = ElementTree.fromstring(archive.read(info))
    except ElementTree.ParseError as exc:
        raise ValueError(f"xl/styles.xml: {exc}") from None
    percent = set(BUILTIN_PERCENT)
    for fmt in root.iter(f"{_NS}numFmt"):
        if is_percent_format(fmt.get("formatCode", "")):
            percent.add(_int(fmt.get("numFmtId")))
    xfs = root.find(f"{_NS}cellXfs")
    if xfs is None:
        return frozenset()
    return frozenset(i for i, xf in enumerate(xfs.iter(f"{_NS}xf"))
                     if _int(xf.get("numFmtId")) in percent)


def _int(text) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return -1


# -- .xls (BIFF8) ------------------------------------------------------------------
_BOF, _EOF, _FORMAT, _XF, _SHEET, _FILEPASS = 0x0809, 0x000A, 0x041E, 0x00E0, 0x0085, 0x002F
_NUMBER, _RK, _MULRK, _FORMULA = 0x0203, 0x027E, 0x00BD, 0x0006


def xls_percent_cells(path: str) -> dict[str, set]:
    """Sheet name -> (row, column), 1-based, of its number cells formatted as
    percentages; empty when the file is not a readable BIFF8 workbook (the reader
    then says what is wrong with it)."""
    try:
        import olefile

        with olefile.OleFileIO(path) as ole:
            if not ole.exists("Workbook"):
                return {}  # BIFF5 and older ("Book"): not looked into
            data = ole.openstream("Workbook").read()
    except Exception:  # noqa: BLE001 - a damaged file is the reader's to report
        return {}
    try:
        return _biff8(data)
    except (struct.error, IndexError, UnicodeDecodeError, ValueError):
        return {}


def _records(data: bytes, pos: int):
    while pos + 4 <= len(data):
        kind, size = struct.unpack_from("<HH", data, pos)
        yield kind, data[pos + 4:pos + 4 + size]
        pos += 4 + size
        if kind == _EOF:
            return


def _biff8(data: bytes) -> dict[str, set]:
    formats: set[int] = set(BUILTIN_PERCENT)
    xfs: list[int] = []
    sheets: list[tuple[str, int]] = []
    for n, (kind, body) in enumerate(_records(data, 0)):
        if n == 0 and (kind != _BOF or struct.unpack_from("<H", body)[0] != 0x0600):
            return {}  # not BIFF8
        if kind == _FILEPASS:
            return {}  # encrypted: the reader says so
        if kind == _FORMAT:
            ifmt, cch, flags = struct.unpack_from("<HHB", body)
            raw = body[5:5 + (2 * cch if flags & 1 else cch)]
            code = raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
            if is_percent_format(code):
                formats.add(ifmt)
        elif kind == _XF:
            xfs.append(struct.unpack_from("<H", body, 2)[0])
        elif kind == _SHEET:
            pos, _, sheet_type, cch, flags = struct.unpack_from("<IBBBB", body)
            raw = body[8:8 + (2 * cch if flags & 1 else cch)]
            if sheet_type == 0:  # a worksheet (not a chart or macro sheet)
                sheets.append((raw.decode("utf-16-le" if flags & 1 else "latin-1"), pos))
    percent = {i for i, ifmt in enumerate(xfs) if ifmt in formats}
    out: dict[str, set] = {}
    if not percent:
        return out
    for name, pos in sheets:
        cells: set = set()
        for kind, body in _records(data, pos):
            if kind in (_NUMBER, _RK):
                row, col, xf = struct.unpack_from("<HHH", body)
                if xf in percent:
                    cells.add((row + 1, col + 1))
            elif kind == _FORMULA:
                row, col, xf = struct.unpack_from("<HHH", body)
                if xf in percent and body[12:14] != b"\xff\xff":  # a number result
                    cells.add((row + 1, col + 1))
            elif kind == _MULRK:
                row, first = struct.unpack_from("<HH", body)
                for k in range((len(body) - 6) // 6):
                    if struct.unpack_from("<H", body, 4 + 6 * k)[0] in percent:
                        cells.add((row + 1, first + k + 1))
        if cells:
            out[name] = cells
    return out
