"""Looking inside a workbook before the reader loads it: size, and cells to refuse.

The spreadsheet reader (python-calamine) holds a sheet as a dense grid of
every row × column between its first and last cell, and aborts the whole
process when that grid does not fit in memory: a 30 KB file with one cell in
A1 and one in XFD1048576 asks for half a terabyte.  So the extent of each
sheet is read from the file first, cheaply, and a sheet over ``MAX_CELLS`` is
refused with a clear error instead.

- ``.xlsx``/``.xlsm``: each sheet's XML is streamed through a few regular
  expressions (cell references ``r="C7"`` give the extent; a bound from the
  longest references decides most sheets at once).  The same pass finds
  formula cells without a cached value and error cells (``#DIV/0!``), which
  the reader would show as empty.
- ``.ods``: the table XML is streamed and repeated rows and columns counted.
- ``.xls``: the format itself bounds a sheet (65,536 × 256 cells).
"""

from __future__ import annotations

import copy
import re
import zipfile
from dataclasses import dataclass, field
from typing import Optional
from xml.etree import ElementTree

from qcity.diagtext import message

MAX_CELLS = 8_000_000  # rows × columns of one sheet (~256 MB in the reader)
MAX_XML = 1 << 30  # uncompressed bytes of one sheet
MAX_PART = 64 << 20  # uncompressed bytes of any other XML part (shared strings, styles …)
_CHUNK = 1 << 22
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class Refused(Exception):
    """The workbook cannot be read safely; the message says why."""


@dataclass
class SheetFacts:
    """What the file says about one sheet before it is loaded."""

    rows: int = 0
    cols: int = 0
    # (row, col), 1-based -> what is wrong with that cell
    bad_cells: dict[tuple[int, int], str] = field(default_factory=dict)
    # (row, col), 1-based, of number cells formatted as percentages (qcity.actuals.cellformats)
    percent_cells: set[tuple[int, int]] = field(default_factory=set)


def opened(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int):
    """A member's stream read as far as its data really goes, up to ``limit`` + 1 bytes,
    not as far as its header says: a zip bomb states a small size, and the reader that
    loads the workbook would decompress all of it."""
    info = copy.copy(info)
    info.file_size = limit + 1
    return archive.open(info)


def measure(archive: zipfile.ZipFile, member: str, limit: int, what: str) -> int:
    """The uncompressed size of a member, counted; Refused past ``limit``."""
    info = archive.getinfo(member)
    refused = Refused(message("book.zip_bomb", what=what, mib=limit >> 20))
    if info.file_size > limit:
        raise refused
    size = 0
    try:
        with opened(archive, info, limit) as stream:
            for chunk in iter(lambda: stream.read(_CHUNK), b""):
                size += len(chunk)
                if size > limit:
                    raise refused
    except zipfile.BadZipFile:  # the count stopped the stream short of its checksum
        if size + _CHUNK > limit:
            raise refused from None
        raise
    return size


def check_parts(archive: zipfile.ZipFile, sheets=()) -> None:
    """Every XML part the reader loads whole (shared strings, styles, the workbook's own
    XML …) within MAX_PART, counted: a 1 MB file whose shared strings unpack to a
    gigabyte took 3 GB of memory.  Sheets (``sheets``) are measured as they are read."""
    for info in archive.infolist():
        name = info.filename
        if name.lower().endswith((".xml", ".rels")) and name not in sheets \
                and name != "content.xml":
            measure(archive, name, MAX_PART, name)


def _col_number(letters: bytes) -> int:
    n = 0
    for c in letters:
        n = n * 26 + c - 64
    return n


def xlsx_sheets(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the member holding its XML."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError) as exc:
        raise ValueError(f"no readable workbook.xml: {exc}") from None
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet") and sheet.get("name") is not None:
            target = targets.get(sheet.get(_REL), "")
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            out[sheet.get("name")] = target.replace("/./", "/")
    return out


# a cell with content (a self-closing one holds no formula and no error)
_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*[^/>])>(.*?)</(?:\w+:)?c>", re.S)
_ATTR_R = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_ATTR_T = re.compile(rb'\bt="(\w+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


# A literal start (' r="') lets the regular expression engine skip ahead fast: a few
# scans of a 2 MB sheet take milliseconds.  Only cells and rows carry an r attribute.
def _digits(n: int) -> re.Pattern:
    return re.compile(rb' r="[A-Z]{0,3}[0-9]{%d}"' % n)


def _letters(n: int) -> re.Pattern:
    return re.compile(rb' r="[A-Z]{%d}[0-9]' % n)


_DIGITS = {n: _digits(n) for n in range(1, 8)}
_LETTERS = {n: _letters(n) for n in (2, 3)}


def xlsx_facts(archive: zipfile.ZipFile, member: str,
               percent_styles: frozenset = frozenset()) -> SheetFacts:
    """The extent of a sheet, its formula/error cells and its cells whose style is one
    of ``percent_styles``, from its XML."""
    try:
        info = archive.getinfo(member)
    except KeyError:
        return SheetFacts()
    if info.file_size > MAX_XML:
        raise Refused(message("book.sheet_xml", size=info.file_size >> 20, mib=MAX_XML >> 20))
    digits, letters = 1, 1
    facts = SheetFacts()
    carry = b""
    styled = _styled(percent_styles)
    size = 0
    with opened(archive, info, MAX_XML) as stream:  # counted, not as the header says
        for chunk in iter(lambda: _read_counted(stream, size), b""):
            size += len(chunk)
            if size > MAX_XML:
                raise Refused(message("book.sheet_xml_over", mib=MAX_XML >> 20))
            data = carry + chunk
            cut = data.rfind(b"</row>")
            cut = cut + 6 if cut >= 0 else max(len(data) - 4096, 0)
            data, carry = data[:cut], data[cut:]
            digits, letters = _bounds(data, digits, letters)
            if b"<f" in data or b":f>" in data or b't="e"' in data:
                _special_cells(data, facts)
            if styled is not None:
                _styled_cells(data, styled, facts.percent_cells)
        digits, letters = _bounds(carry, digits, letters)
        _special_cells(carry, facts)
        if styled is not None:
            _styled_cells(carry, styled, facts.percent_cells)
    rows, cols = 10 ** digits - 1, 26 if letters == 1 else 26 ** letters + 26
    if rows * cols > MAX_CELLS:  # the bound is not enough: find the exact extent
        rows, cols = _exact(archive, member, digits, letters)
    if rows * cols > MAX_CELLS:
        raise Refused(message("book.too_many_cells", rows=rows, cols=cols,
                              cells=f"{MAX_CELLS:,}"))
    facts.rows, facts.cols = rows, cols
    return facts


def _read_counted(stream, size: int) -> bytes:
    """A chunk of a stream opened with :func:`opened`: its checksum fails where the count
    stopped it, past the limit (the caller refuses that)."""
    try:
        return stream.read(_CHUNK)
    except zipfile.BadZipFile:
        if size + _CHUNK > MAX_XML:
            return b"x" * (_CHUNK + 1)  # over the limit: refused by the caller
        raise


def _bounds(data: bytes, digits: int, letters: int) -> tuple[int, int]:
    for n in range(7, digits, -1):
        if _DIGITS[n].search(data):
            digits = n
            break
    for n in (3, 2):
        if n > letters and _LETTERS[n].search(data):
            letters = n
            break
    return digits, letters


def _exact(archive, member, digits: int, letters: int) -> tuple[int, int]:
    rows_re = re.compile(rb' r="[A-Z]{0,3}([0-9]{%d})"' % digits)
    cols_re = re.compile(rb' r="([A-Z]{%d})[0-9]' % letters)
    rows, cols, carry = 0, 26 if letters == 1 else 0, b""
    with archive.open(member) as stream:
        for chunk in iter(lambda: stream.read(_CHUNK), b""):
            data = carry + chunk
            cut = max(data.rfind(b">") + 1, 0)
            data, carry = data[:cut], data[cut:]
            found = rows_re.findall(data)
            if found:
                rows = max(rows, max(map(int, found)))
            if letters > 1:
                found = cols_re.findall(data)
                if found:
                    cols = max(cols, max(map(_col_number, set(found))))
    return rows, cols


def _special_cells(data: bytes, facts: SheetFacts) -> None:
    for match in _CELL.finditer(data):
        attrs, body = match.group(1), match.group(2)
        ref = _ATTR_R.search(attrs)
        if ref is None:
            continue
        where = (int(ref.group(2)), _col_number(ref.group(1)))
        kind = _ATTR_T.search(attrs)
        value = _VALUE.search(body)
        if kind is not None and kind.group(1) == b"e":
            shown = value.group(1).decode("utf-8", "replace") if value else "an error"
            facts.bad_cells[where] = message("cell.error", value=shown)
        elif (b"<f" in body or b":f>" in body or b":f " in body) and (
                value is None or not value.group(1)):
            facts.bad_cells[where] = message("cell.formula")


def _styled(styles: frozenset):
    """A pattern finding the style attributes ``s="N"`` of the given styles (a literal
    start, so the scan skips ahead fast), or None."""
    if not styles:
        return None
    return re.compile(rb'\ss="(?:%s)"' % b"|".join(str(n).encode() for n in sorted(styles)))


_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s")
_NOT_NUMBER = frozenset({b"s", b"str", b"inlineStr", b"b", b"e", b"d"})


def _styled_cells(data: bytes, styled: re.Pattern, out: set) -> None:
    """Add the (row, col) of each number cell carrying one of the styles."""
    for match in styled.finditer(data):
        start = data.rfind(b"<", 0, match.start())
        end = data.find(b">", match.end())
        tag = data[start:end]
        if start < 0 or not _CELL_TAG.match(tag):
            continue  # a row's style, not a cell's
        ref, kind = _ATTR_R.search(tag), _ATTR_T.search(tag)
        if ref is not None and (kind is None or kind.group(1) not in _NOT_NUMBER):
            out.add((int(ref.group(2)), _col_number(ref.group(1))))


# -- OpenDocument ----------------------------------------------------------------
_ODS_TAG = re.compile(
    rb"<table:table\s[^>]*?table:name=\"([^\"]*)\"|<table:table-row(\s[^>]*)?>|"
    rb"</table:table-row>|<table:table-cell(\s[^>]*?)?(/?)>|<table:covered-table-cell(\s[^>]*?)?/?>")
_REPEAT_ROWS = re.compile(rb'table:number-rows-repeated="([0-9]+)"')
_REPEAT_COLS = re.compile(rb'table:number-columns-repeated="([0-9]+)"')


def ods_facts(archive: zipfile.ZipFile) -> dict[str, SheetFacts]:
    """Each table's extent (rows and columns up to the last cell with content)."""
    try:
        info = archive.getinfo("content.xml")
    except KeyError:
        raise ValueError("no content.xml") from None
    if info.file_size > MAX_XML:
        raise Refused(message("book.content_xml", size=info.file_size >> 20,
                              mib=MAX_XML >> 20))
    measure(archive, "content.xml", MAX_XML, "content.xml")  # counted, not as declared
    check_parts(archive)
    tables: dict[str, SheetFacts] = {}
    current: Optional[SheetFacts] = None
    row, repeat, col, row_cols = 0, 1, 0, 0
    carry = b""
    with archive.open("content.xml") as stream:
        for chunk in iter(lambda: stream.read(_CHUNK), b""):
            data = carry + chunk
            cut = data.rfind(b">") + 1
            data, carry = data[:cut], data[cut:]
            for m in _ODS_TAG.finditer(data):
                if m.group(1) is not None:
                    current = tables[m.group(1).decode("utf-8", "replace")] = SheetFacts()
                    row = 0
                elif m.group(0).startswith(b"<table:table-row"):
                    found = _REPEAT_ROWS.search(m.group(2) or b"")
                    repeat, col, row_cols = int(found.group(1)) if found else 1, 0, 0
                elif m.group(0) == b"</table:table-row>":
                    if current is not None and row_cols:
                        current.rows = row + repeat
                        current.cols = max(current.cols, row_cols)
                        if current.rows * current.cols > MAX_CELLS:
                            raise Refused(message("book.table_cells", rows=current.rows,
                                                  cols=current.cols, cells=f"{MAX_CELLS:,}"))
                    row += repeat
                else:
                    attrs = m.group(3) if m.group(3) is not None else (m.group(5) or b"")
                    found = _REPEAT_COLS.search(attrs)
                    span = int(found.group(1)) if found else 1
                    if current is not None and (b"percentage" in attrs or b"formula" in attrs
                                                or b'"error"' in attrs):
                        _ods_cell(attrs, current, row, repeat, col, span)
                    col += span
                    empty = m.group(4) == b"/" and b"value-type" not in attrs
                    if not empty:
                        row_cols = col
    return tables


_MAX_MARKED = 2_000_000  # cells of one table marked as percentages or bad


def _ods_cell(attrs: bytes, facts: SheetFacts, row: int, repeat: int, col: int,
              span: int) -> None:
    """Note a cell (repeated ``repeat`` rows × ``span`` columns from 0-based row, col)
    that is a percentage, a formula without a saved result, or an error."""
    if b'office:value-type="percentage"' in attrs:
        marked, what = facts.percent_cells, None
    elif b'calcext:value-type="error"' in attrs:
        marked, what = facts.bad_cells, message("cell.error_value")
    elif b"table:formula=" in attrs and b"office:value-type=" not in attrs:
        marked, what = facts.bad_cells, message("cell.formula_ods")
    else:
        return
    if len(marked) + repeat * span > _MAX_MARKED:
        raise Refused(message("book.repeated_cells", cells=f"{repeat * span:,}"))
    for r in range(row + 1, row + repeat + 1):
        for c in range(col + 1, col + span + 1):
            if what is None:
                marked.add((r, c))
            else:
                marked[(r, c)] = what
