"""Reading one data file: the header, then every row, fast where it can be.

Two paths share one set of rules:

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

import csv
import difflib
import io
import itertools
import operator
import os
from decimal import Decimal
from typing import Optional

from qcity.csvsource import SNIFF, bad_byte_line, detect_encoding
from qcity.errors import ERROR, WARNING, Diagnostic, Location
from qcity.model import same_unit
from qcity.periods import normalise, parse_period
from qcity.series import period_keys
from qcity.values import MAX_DIGITS, nfkc, parse_bool, parse_decimal

REQUIRED = ("metric", "period", "value")
OPTIONAL = ("city", "unit", "source", "note")
MAX_FIELD = 1 << 16  # 64 KiB in one cell is no actual value
BLOCK = 1 << 18  # 256 KiB of text, ~10,000 rows: little to hold at once


class Reader:
    """One pass over one CSV file into a collector (``qcity.actuals._Collector``)."""

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

    def problem(self, line, col, column, message, code, severity=ERROR) -> None:
        self.sink.append(Diagnostic(Location(self.path, line, col, column), message, code,
                                    severity))

    # -- the file ---------------------------------------------------------------
    def read(self) -> None:
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
                text = io.TextIOWrapper(fh, encoding=encoding, newline="", errors="strict")
            except LookupError:
                self.problem(1, 1, None, f'unknown encoding "{encoding}"', "Q210")
                return
            try:
                self._read(text)
            except UnicodeDecodeError:
                self.problem(bad_byte_line(self.path, encoding), 1, None,
                             f"bytes that are not valid {encoding} (the file mixes encodings? "
                             "save it as UTF-8, or pass --encoding)", "Q210")
            except csv.Error as exc:
                self.problem(self.error_line, 1, None, f"malformed CSV: {exc}", "Q209")
            if self.progress is not None:
                self.progress(self.path, self.size, self.size)

    def _read(self, text) -> None:
        self.error_line = 1
        first = text.readline()
        lineno = 1
        while first and not first.strip(" ,\r\n\t"):
            first = text.readline()
            lineno += 1
        if not first:
            self.problem(1, 1, None, "the file is empty (expected a header "
                         "metric,period,value)", "Q201")
            return
        header = next(csv.reader([first]))
        if not self._header(header, lineno):
            return
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

    # -- the fast path ----------------------------------------------------------
    def _fast(self, text, lineno: int) -> None:
        progress, fh = self.progress, self.fh
        while True:
            block = text.read(BLOCK)
            if not block:
                return
            if block[-1] != "\n":
                block += text.readline()
            if "\r" in block:
                block = block.replace("\r\n", "\n")
            if '"' in block or "\x00" in block or "\r" in block:
                # quoting (or old Mac line ends): the csv module reads the rest
                self._careful_rest(itertools.chain(io.StringIO(block), text), lineno)
                return
            lines = block.split("\n")
            if lines[-1] == "":
                lines.pop()
            if not self._batch(block, lines, lineno):
                self._rows(list(map(str.split, lines, itertools.repeat(","))), lineno)
            lineno += len(lines)
            if progress is not None:
                progress(self.path, fh.tell(), self.size)

    def _batch(self, block: str, lines: list[str], lineno: int) -> bool:
        """A block whose every row the fast path vouches for, split and looked up
        column-wise (one split of the whole block, slices, C-level map); False sends
        the block row by row."""
        collector = self.collector
        width = self.width
        repeat = itertools.repeat
        if collector.window is None or not lines \
                or set(map(str.count, lines, repeat(","))) != {width - 1}:
            return False
        flat = (block if block[-1] == "\n" else block + "\n").replace("\n", ",").split(",")
        flat.pop()  # after the last line's newline
        column = lambda i: flat[i::width]  # noqa: E731
        metrics = column(self.i_metric)
        cities = column(self.i_city) if self.i_city is not None else repeat("")
        units = column(self.i_unit) if self.i_unit is not None else repeat("")
        keys = collector.fast_keys
        summaries = list(map(dict.get, map(keys.get, units, repeat(_EMPTY)),
                             zip(cities, metrics)))
        if None in summaries:
            for key in set(zip(cities if self.i_city is not None else repeat("", len(metrics)),
                               metrics, units if self.i_unit is not None
                               else repeat("", len(metrics)))):
                if keys.get(key[2], _EMPTY).get(key[:2]) is None:
                    self.register_key(*key)
            summaries = list(map(dict.get, map(keys.get, units if self.i_unit is not None
                                               else repeat(""), repeat(_EMPTY)),
                                 zip(column(self.i_city) if self.i_city is not None
                                     else repeat(""), metrics)))
            if None in summaries:
                return False
        periods = column(self.i_period)
        infos = list(map(collector.fast_periods.get, periods))
        if None in infos:
            for raw in set(periods).difference(collector.fast_periods):
                self.register_period(raw)
            infos = list(map(collector.fast_periods.get, periods))
            if None in infos:
                return False
        values = column(self.i_value)
        if not (all(map(str.isascii, values))
                and all(map(str.isdigit, map(str.replace, values, repeat("."), repeat(""),
                                             repeat(1))))
                and max(map(len, values)) <= MAX_DIGITS):
            return False
        extras = None
        if self.i_source is not None or self.i_note is not None:
            extras = list(zip(column(self.i_source) if self.i_source is not None
                              else repeat(""), column(self.i_note) if self.i_note is not None
                              else repeat("")))
        self._apply(values, range(lineno + 1, lineno + 1 + len(values)), summaries, infos,
                    extras, lambda i: flat[i * width:(i + 1) * width])
        return True

    def _apply(self, values, lines, summaries, infos, extras, row_at) -> None:
        """Update the summaries from rows the fast path vouched for. A kept row is
        raw: (make, value text, line, period info, (source, note) or None)."""
        make = self.make
        for i, value, line, summary, info in zip(range(len(values)), values, lines, summaries,
                                                 infos):
            bits = summary.bits
            if bits >> info[0] & 1:
                self.careful(row_at(i), line)  # a repeat: the careful path records it
                continue
            summary.bits = bits | (1 << info[0])
            if info[3]:  # ends by the evaluation date
                summary.count += 1
                if info[1] > summary.latest_key:
                    summary.latest_key = info[1]
                    summary.latest = (make, value, line, info, extras and extras[i], summary)
                if info[2] < summary.earliest_key:
                    summary.earliest_key = info[2]
                    summary.earliest = (make, value, line, info, extras and extras[i], summary)
                if info[7] and info[5] == summary.spec.baseline_span:
                    summary.baseline = (make, value, line, info, extras and extras[i], summary)
                if info[6] and summary.sustained:
                    summary.window_add(make(value, line, info, extras and extras[i], summary))
            else:
                summary.later += 1
        # percentages over 100 are rare: one C-level pass finds whether to look at all
        flags = list(map(_PERCENT, summaries))
        if any(flags) and max(map(float, itertools.compress(values, flags))) > 100.0:
            for i, value, summary, info in zip(range(len(values)), values, summaries, infos):
                if summary.percent and info[3] and float(value) > 100.0:
                    self.problem(lines[i], self.i_value + 1, "value",
                                 f"{summary.metric} {info[4].text}: {value} is outside "
                                 "0-100 %", "Q215", WARNING)

    def _rows(self, rows: list[list[str]], lineno: int) -> None:
        """Row by row: fast where vouched for, careful where not (file order kept)."""
        collector = self.collector
        keys, periods_get = collector.fast_keys, collector.fast_periods.get
        width, i_metric, i_period, i_value = self.width, self.i_metric, self.i_period, self.i_value
        i_city, i_unit, i_source, i_note = self.i_city, self.i_unit, self.i_source, self.i_note
        with_extras = i_source is not None or i_note is not None
        for fields in rows:
            lineno += 1
            if len(fields) != width or collector.window is None:
                self.careful(fields, lineno)
                continue
            summary = keys.get(fields[i_unit] if i_unit is not None else "", _EMPTY).get(
                (fields[i_city] if i_city is not None else "", fields[i_metric]))
            info = periods_get(fields[i_period])
            value = fields[i_value]
            if summary is None or info is None or not (
                    value.isascii() and value.replace(".", "", 1).isdigit()) \
                    or len(value) > MAX_DIGITS:
                self.careful(fields, lineno)
                continue
            extras = [(fields[i_source] if i_source is not None else "",
                       fields[i_note] if i_note is not None else "")] if with_extras else None
            self._apply([value], [lineno], [summary], [info], extras, lambda i: fields)

    def register_key(self, raw_city: str, raw_metric: str, raw_unit: str) -> None:
        """Vouch for a (city, metric, unit) text the careful path would accept as it is."""
        metric = self.metrics.get(raw_metric)
        if metric is None or metric.is_bool or nfkc(raw_metric) != raw_metric:
            return
        if raw_unit and metric.unit is not None and not same_unit(raw_unit, metric.unit):
            return
        if self.multi:
            if not raw_city or nfkc(raw_city) != raw_city or (
                    self.listed is not None and raw_city not in self.listed):
                return
            city = raw_city
        else:
            if raw_city and (raw_city not in self.own_names or nfkc(raw_city) != raw_city):
                return
            city = None
        summary = self.collector.actuals.summary_slot(city, raw_metric, create=True)
        if summary.fast:
            self.collector.fast_keys.setdefault(raw_unit, {})[(raw_city, raw_metric)] = summary

    def register_period(self, raw: str) -> None:
        """Vouch for a period text that is already in its normal form."""
        try:
            period = parse_period(raw)
        except ValueError:
            return
        if period.text == raw and normalise(raw) == raw:
            self.collector.fast_periods[raw] = self.collector.period_info(period)

    def make(self, value: str, line: int, info, extras, summary):
        """An Observation from a row the fast path vouched for."""
        from qcity.actuals import Observation

        source = note = None
        if extras:
            source, note = (extras[0].strip() or None), (extras[1].strip() or None)
        return Observation(summary.metric, info[4], Decimal(value), self.path, line,
                           summary.city, source, note)

    # -- the careful path -------------------------------------------------------
    def _careful_rest(self, lines, offset: int) -> None:
        reader = csv.reader(lines, strict=True)
        try:
            for row in reader:
                self.careful(row, offset + reader.line_num)
        except csv.Error as exc:
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
        from qcity.actuals import Observation

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
                collector.fast_keys.setdefault(raw_unit, {}).setdefault((raw_city, raw_metric),
                                                                        summary)
        raw_period = row[self.i_period]
        if raw_period not in collector.fast_periods and raw_period == obs.period.text \
                and normalise(raw_period) == raw_period:
            collector.fast_periods[raw_period] = collector.period_info(obs.period)


_EMPTY: dict = {}
_PERCENT = operator.attrgetter("percent")


def _cell(row, index) -> Optional[str]:
    if index is None:
        return None
    text = row[index].strip()
    return text or None
