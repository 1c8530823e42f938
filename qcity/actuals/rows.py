"""Reading one data file: the header, then every row, fast where it can be.

Two paths share one set of rules (the fast one lives in ``qcity.actuals.fastpath``):

- the careful path checks a row field by field (NFKC, ``%``, yes/no words,
  thousands separators, units, cities) and reports each problem with its
  place; it handles every row the fast path does not vouch for;
- the fast path reads 1 MiB blocks, splits lines itself when a block has no
  quote, CR or NUL, and takes a row only when its city, metric and period
  strings were already seen and accepted by the careful path and its value is
  a plain ASCII decimal.  It updates the summaries directly and makes no
  Decimal unless a summary keeps the row.  Any doubt sends the row to the
  careful path, so both paths give the same results and the same diagnostics.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import os
from typing import Optional

from qcity.actuals.encoding import SNIFF, bad_byte_line, detect_encoding
from qcity.actuals import scanning
from qcity.actuals.fastpath import UNDECODABLE, FastPath, undecodable
from qcity.actuals.series import Observation
from qcity.errors import ERROR, WARNING, Diagnostic, Location
from qcity.plan.model import same_unit
from qcity.plan.periods import normalise, parse_period
from qcity.values import nfkc, parse_bool, parse_decimal

REQUIRED = ("metric", "period", "value")
OPTIONAL = ("city", "unit", "source", "note")
MAX_FIELD = 1 << 16  # 64 KiB in one cell is no actual value


class Reader(FastPath):
    """One pass over one CSV file into a collector (``qcity.actuals.store.Collector``)."""

    def __init__(self, path: str, collector, encoding: Optional[str], progress=None):
        self.path = path
        self.collector = collector
        self.plan = collector.plan
        self.sink = collector.sink
        self.encoding = encoding
        self.progress = progress
        self.metrics = {m.id: m for m in self.plan.metrics}
        self.percent = {m.id for m in self.plan.metrics if m.is_percent}
        # single-city plans accept their own name (or none); multi-city plans need a city
        self.multi = self.plan.cities is not None
        self.own_names = {c for c in (self.plan.city, self.plan.city_en) if c}
        self.listed = set(self.plan.cities) if isinstance(self.plan.cities, list) else None
        self.aborted = False  # stopped before the end (undecodable bytes, malformed CSV)
        self.text_encoding, self.bom = encoding or "utf-8", False

    def problem(self, line, col, column, message, code, severity=ERROR) -> None:
        self.sink.append(Diagnostic(Location(self.path, line, col, column), message, code,
                                    severity))

    # -- the file ---------------------------------------------------------------
    def read(self) -> None:
        try:
            self._read_file()
        except OSError as exc:  # EIO from /proc/self/mem, a disk gone mid-way
            self.aborted = True
            self.problem(None, None, None, f"cannot read: {exc.strerror or exc}", "Q200")

    def _read_file(self) -> None:
        try:
            fh = open(self.path, "rb")
        except OSError as exc:
            self.problem(None, None, None, f"cannot read: {exc.strerror}", "Q200")
            return
        with fh:
            head = fh.read(SNIFF)
            if b"\x00" in head:
                self.problem(1, 1, None, "file holds NUL bytes; is it a binary file?", "Q213")
                return
            fh.seek(0)
            encoding = self.encoding or detect_encoding(head)
            self.fh = fh
            self.size = os.fstat(fh.fileno()).st_size
            try:
                # undecodable bytes become lone surrogates, found line by line
                # (qcity.actuals.fastpath.undecodable), so every path stops at the same row
                text = io.TextIOWrapper(fh, encoding=encoding, newline="",
                                        errors="surrogateescape")
            except LookupError:
                self.problem(1, 1, None, f'unknown encoding "{encoding}"', "Q210")
                return
            self.text_encoding = encoding
            self.bom = head.startswith(codecs.BOM_UTF8)
            try:
                self._read(text)
            except UnicodeDecodeError:
                self.aborted = True
                self.problem(bad_byte_line(self.path, encoding), 1, None,
                             f"bytes that are not valid {encoding} (the file mixes encodings? "
                             "save it as UTF-8, or pass --encoding)", "Q210")
            except csv.Error as exc:
                self.aborted = True
                self.problem(self.error_line, 1, None, f"malformed CSV: {exc}", "Q209")
            if self.progress is not None:
                self.progress(self.path, self.size, self.size)

    def _read(self, text) -> None:
        self.error_line = 1
        first = text.readline()
        consumed = [first]
        lineno = 1
        while first and not first.strip(" ,\r\n\t"):
            first = text.readline()
            consumed.append(first)
            lineno += 1
        if any(map(UNDECODABLE.search, consumed)):
            raise undecodable(self.text_encoding)
        if not first:
            self.problem(1, 1, None, "the file is empty (expected a header "
                         "metric,period,value)", "Q201")
            return
        header = next(csv.reader([first]))
        if not self._header(header, lineno):
            return
        if scanning.usable(self):
            offset = sum(len(line.encode("utf-8")) for line in consumed)
            if self.bom and scanning.encoding_name(self.text_encoding) == "utf-8-sig":
                offset += len(codecs.BOM_UTF8)  # the decoder dropped it from the text
            scanning.read_rest(self, offset, lineno)
        else:
            self._fast(text, lineno)

    def _header(self, header: list[str], lineno: int) -> bool:
        names = [nfkc(h).lower().lstrip("\ufeff") for h in header]
        index: dict[str, int] = {}
        for i, name in enumerate(names):
            if name in index:
                self.problem(lineno, i + 1, name, f'column "{name}" appears twice', "Q201")
                return False
            index[name] = i
            if name not in REQUIRED + OPTIONAL:
                self.problem(lineno, i + 1, name,
                             f'unknown column "{header[i]}" is ignored (known: '
                             f"{', '.join(REQUIRED + OPTIONAL)})", "Q211", WARNING)
        absent = [c for c in REQUIRED if c not in index]
        if self.multi and "city" not in index:
            absent.append("city (the plan applies to several cities)")
        if absent:
            self.problem(lineno, 1, None, f"header lacks column(s) {', '.join(absent)} "
                         f"(found: {','.join(header)[:200]})", "Q201")
            return False
        self.width = len(header)
        self.i_metric, self.i_period, self.i_value = (index[c] for c in REQUIRED)
        self.i_city, self.i_unit, self.i_source, self.i_note = (index.get(c) for c in OPTIONAL)
        return True

    # -- the careful path -------------------------------------------------------
    def _careful_rest(self, lines, offset: int) -> None:
        reader = csv.reader(_decodable(lines, self.text_encoding), strict=True)
        try:
            for row in reader:
                self.careful(row, offset + reader.line_num)
        except csv.Error as exc:
            self.aborted = True  # the rest of the file cannot be read as rows
            self.problem(offset + max(reader.line_num, 1), 1, None, f"malformed CSV: {exc}",
                         "Q209")

    def careful(self, row: list[str], line: int) -> None:
        if len(row) != self.width:
            if not any(cell.strip() for cell in row):
                return
            self.problem(line, 1, None, f"row has {len(row)} fields, the header has "
                         f"{self.width}", "Q209")
            return
        for cell in row:
            if len(cell) > MAX_FIELD or "\x00" in cell:
                if "\x00" in cell:
                    self.problem(line, 1, None, "row holds a NUL byte; is this a binary file?",
                                 "Q213")
                else:
                    self.problem(line, 1, None, f"a field is longer than {MAX_FIELD} "
                                 "characters", "Q214")
                return
        obs = self._observation(row, line)
        if obs is not None:
            self.collector.take(obs, self, row)

    def _observation(self, row, line):
        i_metric, i_period, i_value = self.i_metric, self.i_period, self.i_value
        metric_id = nfkc(row[i_metric])
        metric = self.metrics.get(metric_id)
        if metric is None:
            close = difflib.get_close_matches(metric_id, list(self.metrics), n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            self.problem(line, i_metric + 1, "metric",
                         f'unknown metric "{metric_id}" in plan "{self.plan.id}"{hint}', "Q204")
            return None
        try:
            period = parse_period(row[i_period])
        except ValueError as exc:
            self.problem(line, i_period + 1, "period", str(exc), "Q202")
            return None
        raw = row[i_value]
        if not raw.strip():
            self.problem(line, i_value + 1, "value", f"empty value for {metric_id} "
                         f"{period}: no observation", "Q208", WARNING)
            return None
        try:
            if metric.is_bool:
                value = parse_bool(raw)
            else:
                value = parse_decimal(raw, allow_percent=metric_id in self.percent)
        except ValueError as exc:
            self.problem(line, i_value + 1, "value", str(exc), "Q203")
            return None
        if metric_id in self.percent and not 0 <= value <= 100:
            self.problem(line, i_value + 1, "value", f"{metric_id} {period}: {raw} is outside "
                         "0-100 %", "Q215", WARNING)
        i_unit, i_city = self.i_unit, self.i_city
        if i_unit is not None and row[i_unit].strip() and metric.unit is not None \
                and not same_unit(row[i_unit], metric.unit):
            self.problem(line, i_unit + 1, "unit", f'unit "{row[i_unit].strip()}" differs '
                         f'from the plan\'s "{metric.unit}" for {metric_id}', "Q207")
            return None
        city = nfkc(row[i_city]) if i_city is not None and row[i_city].strip() else None
        if self.multi:
            if city is None:
                self.problem(line, i_city + 1, "city", "empty city: the plan applies to several "
                             "cities", "Q212")
                return None
            if self.listed is not None and city not in self.listed:
                close = difflib.get_close_matches(city, sorted(self.listed), n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                self.problem(line, i_city + 1, "city", f'city "{city}" is not among the plan\'s '
                             f"cities{hint}", "Q212")
                return None
        elif city is not None:
            if city not in self.own_names:
                self.problem(line, i_city + 1, "city", f'city "{city}" is not this plan\'s city '
                             f'("{self.plan.city}")', "Q212")
                return None
            city = None
        return Observation(metric_id, period, value, self.path, line, city,
                           _cell(row, self.i_source), _cell(row, self.i_note))

    def vouch(self, row: list[str], obs) -> None:
        """Let the fast path take later rows with the same city, metric and period text:
        only when the raw text is already in its normal form and needs no checks."""
        collector = self.collector
        raw_city = row[self.i_city] if self.i_city is not None else ""
        raw_metric = row[self.i_metric]
        raw_unit = row[self.i_unit] if self.i_unit is not None else ""
        city_ok = raw_city == obs.city if self.multi else (
            raw_city == "" or (raw_city in self.own_names and nfkc(raw_city) == raw_city))
        if city_ok and raw_metric == obs.metric:
            summary = collector.summary_of(obs)
            if summary is not None and summary.fast:
                collector.add_fast_key(raw_unit, raw_city, raw_metric, summary)
        raw_period = row[self.i_period]
        if raw_period not in collector.fast_periods and raw_period == obs.period.text \
                and normalise(raw_period) == raw_period:
            collector.add_fast_period(raw_period, collector.period_info(obs.period))


def _decodable(lines, encoding):
    """Lines up to the first one holding undecodable bytes, which raises."""
    for line in lines:
        if UNDECODABLE.search(line):
            raise undecodable(encoding)
        yield line


def _cell(row, index) -> Optional[str]:
    if index is None:
        return None
    text = row[index].strip()
    return text or None
