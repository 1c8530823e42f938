"""Opening a text data file: encoding, delimiter, the header line, then the rows.

UTF-8 (with or without BOM), GB18030 and UTF-16 with a BOM (what Excel's
"Unicode 文本" writes) are recognised; ``--encoding`` overrides.  Commas or tabs
separate the fields: a ``.tsv`` file, or a header line with more tabs than
commas, is tab-separated.  The NUL check that spots binary files runs on the
decoded text for UTF-16, where every other byte of plain text is a NUL.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os

from qcity.actuals import scanning
from qcity.actuals.scanning import encoding_name
from qcity.actuals.encoding import SNIFF, bad_byte_line, detect_encoding, wide_encoding
from qcity.actuals.fastpath import UNDECODABLE, undecodable
from qcity.actuals.headers import recognise, stacked
from qcity.actuals.limits import MAX_LINE, LineTooLong, bounded_lines, too_long
from qcity.diagtext import key_of, message

HEADER_ROWS = 30  # title rows a header may sit below (as in a workbook)


def delimiter_of(path: str, header_line: str) -> str:
    if path.lower().endswith(".tsv") or header_line.count("\t") > header_line.count(","):
        return "\t"
    return ","


class TextFile:
    """Mixed into ``qcity.actuals.rows.Reader``: the file around its rows."""

    def read(self) -> None:
        try:
            self._read_file()
        except OSError as exc:  # EIO from /proc/self/mem, a disk gone mid-way
            self.aborted = True
            self.problem(None, None, None, message("file.cannot_read", why=exc.strerror or str(exc)),
                         "Q200")
        except UnicodeError as exc:  # --encoding utf-16 on a file without its BOM
            self.aborted = True
            self.problem(1, 1, None, message("file.not_encoding", encoding=self.text_encoding,
                                             why=str(exc)), "Q210")

    def _read_file(self) -> None:
        try:
            fh = open(self.path, "rb")
        except OSError as exc:
            self.problem(None, None, None, message("file.cannot_read", why=exc.strerror),
                         "Q200")
            return
        with fh:
            head = fh.read(SNIFF)
            encoding = self.encoding or detect_encoding(head)
            if encoding_name(encoding) == "utf-16" and not head.startswith(
                    (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                encoding = "utf-16-le"  # --encoding utf-16 without a BOM: what Windows writes
            if b"\x00" in head and not wide_encoding(encoding):
                self.problem(1, 1, None, message("file.nul"), "Q213")
                return
            fh.seek(0)
            self.fh = fh
            self.size = os.fstat(fh.fileno()).st_size
            try:
                # undecodable bytes become lone surrogates, found line by line
                # (qcity.actuals.fastpath.undecodable), so every path stops at the same row
                text = io.TextIOWrapper(fh, encoding=encoding, newline="",
                                        errors="surrogateescape")
            except LookupError:
                self.problem(1, 1, None, message("file.unknown_encoding", encoding=encoding),
                             "Q210")
                return
            self.text_encoding = encoding
            self.bom = head.startswith(codecs.BOM_UTF8)
            try:
                self._read(text)
            except UnicodeError:  # a decoding error, or a UTF-16 stream cut mid-character
                self.aborted = True
                self.problem(bad_byte_line(self.path, encoding), 1, None,
                             message("file.mixed_encoding", encoding=encoding), "Q210")
            except LineTooLong as exc:
                self.aborted = True
                self.problem(exc.line, 1, None, key_of(exc), "Q209")
            except csv.Error as exc:
                self.aborted = True
                self.problem(self.error_line, 1, None, message("file.malformed_csv",
                                                               why=str(exc)), "Q209")
            self.finish_file()
            if self.progress is not None:
                self.progress(self.path, self.size, self.size)

    def _read(self, text) -> None:
        self.error_line = 1
        first = _line(text, 1)
        consumed = [first]
        lineno = 1
        while first and not first.strip(" ,\r\n\t"):
            lineno += 1
            first = _line(text, lineno)
            consumed.append(first)
        if any(map(UNDECODABLE.search, consumed)):
            raise undecodable(self.text_encoding)
        if not first:
            self.problem(1, 1, None, message("file.empty_csv"), "Q201")
            return
        self.delimiter = delimiter_of(self.path, first)
        header = next(csv.reader([first], delimiter=self.delimiter))
        found = self._below_titles(text, header, lineno, consumed)
        if found is not None:
            header, lineno = found
        layout = recognise(header, self.multi)
        if not layout.ok and "metric" in layout.index:  # over two rows (完成情况 | 2014年 …)?
            _, cells = self._next_cells(text, lineno + 1)
            combined = stacked(header, cells)
            if combined is not None and recognise(combined, self.multi).ok:
                header, lineno = combined, lineno + 1
        if not self._header(header, lineno):
            return
        pending: list[str] = []  # a line read ahead that is a row after all
        if self.layout.periods:  # a wide table: its header may take a second row
            below, cells = self._next_cells(text, lineno + 1)
            if below and self.second_header(cells):
                lineno += 1
            elif below:
                pending = [below]
        if not self.fast_ok:  # (a wide table never is)
            self._careful_rest(itertools.chain(pending, bounded_lines(text)), lineno)
        elif scanning.usable(self):
            offset = sum(len(line.encode("utf-8")) for line in consumed)
            if self.bom and scanning.encoding_name(self.text_encoding) == "utf-8-sig":
                offset += len(codecs.BOM_UTF8)  # the decoder dropped it from the text
            scanning.read_rest(self, offset, lineno)
        else:
            self._fast(text, lineno)

    def _next_cells(self, text, lineno: int) -> tuple[str, list[str]]:
        """The next line, read ahead, and its cells ([] when it is no row)."""
        line = _line(text, lineno)
        if UNDECODABLE.search(line):
            raise undecodable(self.text_encoding)
        try:
            return line, next(csv.reader([line], delimiter=self.delimiter), [])
        except csv.Error:
            return line, []

    def _below_titles(self, text, header, lineno, consumed):
        """(header, line) when ``header`` is a title (two cells at most, as a sheet saved
        as CSV keeps its 标题 and 填报单位 rows) above a header within the next lines (a
        row with a metric column: a header, or one over two rows, or one lacking a
        column, said at its line); None otherwise, and the first line is taken as the
        header (and judged)."""
        if recognise(header, self.multi).ok or not _title(header):
            return None
        for _ in range(HEADER_ROWS):
            lineno += 1
            line = _line(text, lineno)
            consumed.append(line)
            if not line or UNDECODABLE.search(line):
                return None
            if not line.strip(" ,\r\n\t"):
                continue
            try:
                cells = next(csv.reader([line], delimiter=delimiter_of(self.path, line)))
            except csv.Error:
                return None
            layout = recognise(cells, self.multi)
            if layout.ok or "metric" in layout.index:  # the header, or meant as one
                self.delimiter = delimiter_of(self.path, line)
                return cells, lineno
            if not _title(cells):
                return None
        return None

    def spanning(self, row: list[str], first: int) -> None:
        """A record over several lines (line breaks inside quotes), which starts at line
        ``first``: a problem with a field is placed at the line where that field starts,
        one with the whole row at the record's first line."""
        self.fields_at = [first]
        for cell in row[:-1]:
            self.fields_at.append(self.fields_at[-1] + _breaks(cell))
        try:
            self.careful(row, first)
        finally:
            self.fields_at = None

    def _careful_rest(self, lines, offset: int) -> None:
        reader = csv.reader(_decodable(lines, self.text_encoding), strict=True,
                            delimiter=self.delimiter)
        last = offset  # the last line read
        try:
            for row in reader:
                first, last = last + 1, offset + reader.line_num
                if first == last:
                    self.careful(row, last)
                else:  # quoted line breaks: each problem at its own field's line
                    self.spanning(row, first)
        except LineTooLong as exc:  # the line after the last one read
            exc.line = offset + reader.line_num + 1
            raise
        except csv.Error as exc:
            self.aborted = True  # the rest of the file cannot be read as rows
            self.problem(offset + max(reader.line_num, 1), 1, None,
                         message("file.malformed_csv", why=str(exc)), "Q209")


def _title(cells: list[str]) -> bool:
    return sum(1 for cell in cells if cell.strip()) <= 2


def _breaks(cell: str) -> int:
    return cell.count("\n") + cell.count("\r") - cell.count("\r\n")


def _line(text, lineno: int) -> str:
    """One line of the header's part of the file, read with the limit of every line."""
    line = text.readline(MAX_LINE + 2)
    if too_long(line):
        raise LineTooLong(lineno)
    return line


def _decodable(lines, encoding):
    """Lines up to the first one holding undecodable bytes, which raises."""
    for line in lines:
        if UNDECODABLE.search(line):
            raise undecodable(encoding)
        yield line
