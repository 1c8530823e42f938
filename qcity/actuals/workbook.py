"""Reading a workbook (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``) sheet by sheet.

python-calamine reads all four formats (Excel 2007+, Excel 97–2003 and WPS's
``.xls``, OpenDocument) from one dependency, in compiled code, with the values
formulas last computed to.  It is imported only when a workbook is read.

Every sheet is read whose header (within its first 30 rows, below title rows
of at most two filled cells) qcity recognises, long or wide (``qcity.actuals.headers``); its cells
become the texts a CSV would hold (``qcity.actuals.spelling.cell_text``) and go
through the same rules, so a problem is named by its cell:
``data/x.xlsx:指标!C7: value: "9O" is not a number``.  Key cells merged over
several rows (a city written once for its block of rows) count for each row.
A formula without a saved result, or an error value, is an error naming the
cell.  Before a sheet is loaded its size is checked (``qcity.actuals.sheetguard``),
and a broken, password-protected or disguised file is one clear error.
"""

from __future__ import annotations

import itertools
import os
import zipfile
from datetime import date
from functools import partial

from qcity.actuals.fastpath import observation
from qcity.actuals.headers import heading_kind, recognise, stacked
from qcity.actuals.rows import Reader
from qcity.actuals.cellformats import xls_percent_cells, xlsx_percent_styles
from qcity.actuals.sheetguard import (Refused, SheetFacts, check_parts, ods_facts, xlsx_facts,
                                      xlsx_sheets)
from qcity.actuals.spelling import cell_text, percent_text, period_of_cell
from qcity.diagtext import key_of, message
from qcity.errors import WARNING

HEADER_ROWS = 30  # title rows a header may sit below
INSTRUCTIONS = frozenset({"填报说明", "说明", "instructions", "readme"})  # never data
_BATCH = 2000
_MAX_MERGED = 1_000_000  # cells covered by merges that are filled in
_KEYS = ("metric", "city", "subunit", "unit", "source", "note", "period")


def _sheet_parts(archive) -> set:
    """The members holding sheets (measured as they are read, against a larger limit)."""
    return {info.filename for info in archive.infolist()
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")}


class _Damaged(Exception):
    """The zip container of an .xlsx or .ods cannot be opened."""


def _reraise(exc: BaseException) -> None:
    if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
        raise exc


class WorkbookReader(Reader):
    """One workbook into a collector; each sheet like a CSV file of its own."""

    def read(self) -> None:
        try:
            size = os.path.getsize(self.path)
            with open(self.path, "rb") as fh:
                head = fh.read(4096)
        except OSError as exc:
            self.problem(None, None, None, message("file.cannot_read", why=exc.strerror),
                         "Q200")
            return
        if size == 0:
            self.problem(None, None, None, message("book.empty"), "Q201")
            return
        try:
            facts = self._facts(head)
        except Refused as exc:
            self.problem(None, None, None, key_of(exc), "Q222")
            return
        except _Damaged as exc:
            self.problem(None, None, None, _unreadable(exc, head, self.path), "Q200")
            return
        try:
            import python_calamine

            book = python_calamine.CalamineWorkbook.from_path(self.path)
        except BaseException as exc:  # noqa: BLE001 - a Rust panic is a BaseException
            _reraise(exc)
            self.problem(None, None, None, _unreadable(exc, head, self.path), "Q200")
            return
        with book:
            self._sheets(book, facts)
        self.sheet, self.sheet_no = None, 0
        self.finish_file()
        if self.progress is not None:
            self.progress(self.path, size, size)

    def _facts(self, head: bytes) -> dict:
        """Sheet name -> what the file says of it before it is loaded: extents, bad
        cells and percent-formatted cells (``qcity.actuals.cellformats``)."""
        if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file: .xls
            return {name: SheetFacts(percent_cells=cells)
                    for name, cells in xls_percent_cells(self.path).items()}
        if not head.startswith(b"PK"):
            return {}
        try:
            with zipfile.ZipFile(self.path) as archive:
                if self.path.lower().endswith(".ods"):
                    return ods_facts(archive)
                check_parts(archive, _sheet_parts(archive))  # before any part is parsed
                styles = xlsx_percent_styles(archive)
                return {name: xlsx_facts(archive, member, styles)
                        for name, member in xlsx_sheets(archive).items()}
        except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile,
                NotImplementedError, RuntimeError, ValueError) as exc:
            raise _Damaged(str(exc)) from None

    def _sheets(self, book, facts: dict) -> None:
        read_any, told, self.unread = False, self.sink.errors, []
        for number, meta in enumerate(book.sheets_metadata, 1):
            if str(meta.typ) != "SheetTypeEnum.WorkSheet":
                continue  # a chart or dialog sheet holds no rows
            self.sheet, self.sheet_no = meta.name, number
            try:
                sheet = book.get_sheet_by_name(meta.name)
                read_any |= self._sheet(sheet, facts.get(meta.name),
                                        hidden=str(meta.visible) != "SheetVisibleEnum.Visible")
            except BaseException as exc:  # noqa: BLE001 - see above
                _reraise(exc)
                self.problem(None, None, None, message("book.sheet_unreadable", why=str(exc)),
                             "Q200")
        if read_any:  # a sheet beside the data that is not data: said, not an error
            for self.sheet, self.sheet_no in self.unread:
                self.problem(None, None, None, message("book.sheet_not_read"), "Q223", WARNING)
        self.sheet, self.sheet_no = None, 0
        if not read_any and self.sink.errors == told:
            names = ", ".join(book.sheet_names)[:200]
            self.problem(None, None, None, message("book.no_sheet", names=names), "Q201")

    def _sheet(self, sheet, facts, hidden: bool) -> bool:
        """Read one sheet; False when it has no header (and was not read)."""
        start = sheet.start
        if start is None:
            return False  # an empty sheet
        pad = [""] * start[1]
        rows = iter(sheet.iter_rows())
        partial_header = None
        index = -1
        while index + 1 < HEADER_ROWS:
            row = next(rows, None)
            if row is None:
                break
            index += 1
            header = pad + [period_of_cell(v) for v in row]
            if not any(header):
                continue
            layout = recognise(header, self.multi)
            if not layout.ok and "metric" in layout.index:
                # a header over two rows (完成情况 over 2014年 | 2015年), or a sheet a period
                header, layout, rows, skipped = self._other_header(header, layout, rows, pad)
                index += skipped
            if layout.ok:
                self._header(header, index + 1)
                # raw rows the fast path keeps become Observations later: bind the sheet now
                self.make = partial(_make, self.path, self.sheet, self.sheet_no)
                line = index + 1
                if self.layout.periods:  # a wide header may take a second row (目标 | 实际)
                    below = next(rows, None)
                    if below is not None:
                        if self.second_header(pad + [cell_text(v) for v in below]):
                            line += 1
                        else:
                            rows = itertools.chain([below], rows)
                self._rows_of(rows, line, pad, facts, sheet.merged_cell_ranges)
                return True
            if partial_header is None and "metric" in layout.index:
                partial_header = (header, index + 1)
            if sum(1 for cell in header if cell.strip()) > 2:
                break  # not a title row to look past: the header is not below it
        if partial_header is not None:  # meant as a header: say what it lacks
            self._header(*partial_header)
            return True
        if not hidden and (self.sheet or "").strip().casefold() not in INSTRUCTIONS:
            self.unread.append((self.sheet, self.sheet_no))
        return False

    def _other_header(self, header, layout, rows, pad):
        """(header, layout, rows, rows used) for a header that is not one on its own: over
        two rows (group headings over periods), or a sheet named for its period (2015年)
        whose header lacks one: each row then takes the sheet's period."""
        below = next(rows, None)
        if below is not None:
            combined = stacked(header, pad + [period_of_cell(v) for v in below])
            if combined is not None:
                wide = recognise(combined, self.multi)
                if wide.ok and wide.periods:
                    return combined, wide, rows, 1
            rows = itertools.chain([below], rows)
        kind, period, _ = heading_kind(self.sheet or "")
        if kind == "period" and "value" in layout.index and "period" not in layout.index \
                and not layout.periods:
            named = recognise(header + ["period"], self.multi)
            if named.ok:
                return header + ["period"], named, (list(r) + [period.text] for r in rows), 0
        return header, layout, rows, 0

    def _rows_of(self, rows, header_line: int, pad: list, facts, merged) -> None:
        bad = facts.bad_cells if facts is not None else {}
        bad_rows = {r for r, _ in bad}
        percent = _percent_cells(facts, self.layout, len(pad))
        fill = _merged_fill(merged, self.layout, header_line)
        i_period = self.i_period if not self.layout.periods else None
        keep = set(self.layout.index.values()) | {c for c, _ in self.layout.periods}
        fast = self.fast_ok and self.collector.window is not None
        batch: list = []
        first = header_line + 1
        anchors: dict = {}
        for line, row in enumerate(rows, header_line + 1):
            texts = pad + [cell_text(v) for v in row]
            if line in percent:  # 0.968 shown as 96.8%: read as shown
                for col in percent[line]:
                    value = row[col - len(pad)] if col - len(pad) < len(row) else None
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        texts[col] = percent_text(value)
            if i_period is not None and isinstance(texts[i_period], str):
                value = row[i_period - len(pad)] if i_period >= len(pad) else ""
                if isinstance(value, (date, float)):
                    texts[i_period] = period_of_cell(value)
            if fill:
                for col in fill.get("anchors", {}).get(line, ()):
                    anchors[(line, col)] = texts[col]
                for col, anchor in fill.get(line, ()):
                    if not texts[col].strip():
                        texts[col] = anchors.get(anchor, "")
            if line in bad_rows and self._bad_cells(texts, line, bad, keep):
                continue
            if fast:
                if not batch:
                    first = line
                batch.append(texts)
                if len(batch) >= _BATCH:
                    self._rows(batch, first - 1)
                    batch = []
            else:
                self.careful(texts, line)
        if batch:
            self._rows(batch, first - 1)

    def _bad_cells(self, texts: list, line: int, bad: dict, keep: set) -> bool:
        """Report a row's formula/error cells; True when the row is not read at all."""
        skip = False
        for (row, col), said in sorted(bad.items()):
            if row != line or col - 1 not in keep:
                continue
            self.problem(line, col, None, said, "Q221")
            if self.layout.periods and col - 1 in {c for c, _ in self.layout.periods}:
                texts[col - 1] = ""  # the other periods of the row still count
            else:
                skip = True
        return skip


def _make(path: str, sheet: str, sheet_no: int, value, line, info, extras, summary):
    """An Observation from a sheet row the fast path vouched for (made when needed)."""
    return observation(path, value, line, info, extras, summary)._replace(
        place=(sheet, sheet_no, None))


def _percent_cells(facts, layout, pad: int) -> dict:
    """line -> 0-based columns of value cells formatted as percentages."""
    if facts is None or not facts.percent_cells:
        return {}
    values = {c for c, _ in layout.periods} | (
        {layout.index["value"]} if "value" in layout.index else set())
    out: dict = {}
    for line, col in facts.percent_cells:
        if col - 1 in values and col - 1 >= pad:
            out.setdefault(line, []).append(col - 1)
    return out


def _merged_fill(merged, layout, header_line: int) -> dict:
    """line -> [(column, anchor cell)] for key cells covered by a merge below the header,
    and "anchors": line -> columns whose text the covered cells take."""
    if not merged:
        return {}
    keys = {layout.index[k] for k in _KEYS if k in layout.index}
    fill: dict = {"anchors": {}}
    budget = _MAX_MERGED
    for (r0, c0), (r1, c1) in merged:
        if r0 + 1 <= header_line:
            continue
        for col in range(c0, c1 + 1):
            if col not in keys:
                continue
            covered = r1 - r0
            budget -= covered
            if budget < 0:
                return fill
            fill["anchors"].setdefault(r0 + 1, []).append(col)
            for r in range(r0 + 1, r1 + 1):
                fill.setdefault(r + 1, []).append((col, (r0 + 1, col)))
    return fill


def _unreadable(exc: BaseException, head: bytes, path: str) -> str:
    """Why a workbook cannot be read, in words a user can act on."""
    name = type(exc).__name__
    suffix = os.path.splitext(path)[1].lower()
    if name == "PasswordError" or (head.startswith(b"\xd0\xcf\x11\xe0") and suffix != ".xls"
                                   and b"E\x00n\x00c\x00r\x00y\x00p\x00t" in _sniff(path)):
        return message("book.password")
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()[:200].lower()
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")):
        return message("book.web_page", suffix=suffix)
    if head.startswith(b"\xd0\xcf\x11\xe0") and suffix != ".xls":
        return message("book.old_excel", suffix=suffix)
    if head.startswith(b"PK") and suffix == ".xls":
        return message("book.new_excel")
    try:
        head.decode("utf-8")
        looks_text = b"\x00" not in head
    except UnicodeDecodeError:
        looks_text = False
    if looks_text:
        return message("book.text", suffix=suffix)
    return message("book.damaged", why=str(exc))


def _sniff(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(1 << 16)
    except OSError:
        return b""
