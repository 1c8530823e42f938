"""The reader's fast path: blocks of rows it can vouch for, checked column-wise.

A block (256 KiB of text) with no quote, CR or NUL is split here rather than
by the csv module.  When every row's city, metric and period text is already
known to be valid and every value is a plain ASCII decimal, the whole block is
looked up and checked with C-level ``map``/``zip`` and only the per-key
updates run in Python; otherwise rows go one by one, each to the fast update
or to the careful path (``qcity.actuals.rows``), which decides everything the fast
path does not vouch for.  A row becomes a ``Decimal`` only if a summary keeps it.
"""

from __future__ import annotations

import io
import itertools
import operator
import re
from decimal import Decimal

from qcity.diagtext import message
from qcity.errors import WARNING
from qcity.plan.periods import parse_period
from qcity.actuals.series import Observation
from qcity.actuals.spelling import period_text, same_data_unit
from qcity.actuals import limits
from qcity.actuals.encoding import utf8_reading
from qcity.actuals.limits import MAX_FIELD, MAX_LINE, LineTooLong, bounded_lines
from qcity.safetext import is_inert
from qcity.values import MAX_DIGITS, figure, nfkc

BLOCK = 1 << 18  # 256 KiB of text, ~10,000 rows: little to hold at once
_EMPTY: dict = {}
_PERCENT = operator.attrgetter("percent")
REFUSED = object()  # a city text the fast path does not vouch for
# what surrogateescape makes of bytes the encoding cannot decode
UNDECODABLE = re.compile("[\udc80-\udcff]")


def undecodable(encoding: str) -> UnicodeDecodeError:
    """The error that stops a file at its first line with undecodable bytes (the
    reader reports it with the line, from ``qcity.actuals.encoding.bad_byte_line``)."""
    return UnicodeDecodeError(encoding or "utf-8", b"", 0, 1, "undecodable bytes")


class FastPath:
    """Mixed into ``qcity.actuals.rows.Reader``, whose header and careful path it relies on."""

    # -- the fast path ----------------------------------------------------------
    def _fast(self, text, lineno: int) -> None:
        progress, fh = self.progress, self.fh
        while True:
            block = text.read(BLOCK)
            if not block:
                return
            too_long = False
            if block[-1] != "\n":  # the rest of the last line, up to what a line may hold
                block += text.readline(MAX_LINE + 2)
                start = block.rfind("\n") + 1
                if limits.too_long(block[start:]):  # the rows before it are read first
                    block, too_long = block[:start], True
                    if not block:
                        raise LineTooLong(lineno + 1)
            bad = UNDECODABLE.search(block)
            original = block
            if "\r" in block:
                block = block.replace("\r\n", "\n")
            if bad and not ('"' in block or "\x00" in block or "\r" in block):
                # the lines before the first bad byte are read, then the file stops
                bad = UNDECODABLE.search(block)
                block = block[:block.rfind("\n", 0, bad.start()) + 1]
                if not block:
                    raise undecodable(self.text_encoding)
            if '"' in block or "\x00" in block or "\r" in block:
                # quoting (or old Mac line ends): the csv module reads the rest, from the
                # text as it was, split into lines as the file would be (newline="")
                rest = _too_long() if too_long else bounded_lines(text)
                self._careful_rest(itertools.chain(io.StringIO(original, newline=""), rest),
                                   lineno)
                return
            lines = block.split("\n")
            if lines[-1] == "":
                lines.pop()
            if max(map(len, lines), default=0) > MAX_FIELD:
                self._long(lines, lineno)  # a cell may be too long: those rows go careful
            elif not self._batch(block, lines, lineno):
                self._rows(list(map(str.split, lines, itertools.repeat(","))), lineno)
            lineno += len(lines)
            if bad:
                raise undecodable(self.text_encoding)
            if too_long:
                raise LineTooLong(lineno + 1)
            if progress is not None:
                progress(self.path, fh.tell(), self.size)

    def _long(self, lines: list[str], lineno: int) -> None:
        """Rows of a block with a long line: a line that could hold a cell over MAX_FIELD
        goes the careful way, which says Q214 if one does."""
        for line in lines:
            if len(line) > MAX_FIELD:
                lineno += 1
                self.careful(line.split(","), lineno)
            else:
                self._rows([line.split(",")], lineno)
                lineno += 1

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
        count = len(metrics)

        def cities_units():  # fresh each call: a repeat() is used up by one pass
            return (column(self.i_city) if self.i_city is not None else repeat("", count),
                    column(self.i_unit) if self.i_unit is not None else repeat("", count))

        keys = collector.fast_keys

        def lookup():
            cities, units = cities_units()
            return list(map(dict.get, map(keys.get, units, repeat(_EMPTY)),
                            zip(cities, metrics)))

        summaries = lookup()
        if None in summaries:
            cities, units = cities_units()
            for city, metric, unit in set(zip(cities, metrics, units)):
                if keys.get(unit, _EMPTY).get((city, metric)) is None:
                    self.register_key(city, metric, unit)
            summaries = lookup()
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
        repeated = set()
        for i, value, line, summary, info in zip(range(len(values)), values, lines, summaries,
                                                 infos):
            bits = summary.bits
            if bits >> info[0] & 1:
                self.careful(row_at(i), line)  # a repeat: the careful path records it
                repeated.add(i)  # (and warns of it, if it must)
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
        # percentages over 100 (or fractions below 1) are rare: one C-level pass finds
        # whether to look at all (a float rounds 100.000…01 down to 100 and 0.999…9 up
        # to 1, so >= and <= find them; Decimal decides)
        flags = list(map(_PERCENT, summaries))
        if any(flags):
            floats = list(map(float, itertools.compress(values, flags)))
            if max(floats) >= 100.0 or (self.fraction and min(floats) <= 1.0):
                for i, value, summary, info in zip(range(len(values)), values, summaries,
                                                   infos):
                    if summary.percent and i not in repeated:
                        self.percent_warning(value, summary.metric, info[4].text, lines[i])

    def percent_warning(self, value: str, metric: str, period: str, line: int) -> None:
        """What the careful path says of a plain decimal for a % metric: over 100, or
        a fraction where the metric's figures are far above 1."""
        number = Decimal(value)
        if number > 100:
            self.problem(line, self.i_value + 1, "value", message(
                "value.percent_range", metric=metric, period=period, value=value), "Q215",
                WARNING)
        elif 0 < number < 1 and metric in self.fraction:
            meant = figure((number * 100).normalize(), True)
            self.problem(line, self.i_value + 1, "value", message(
                "value.fraction", metric=metric, period=period, value=value, percent=meant),
                "Q219", WARNING)

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
            unit = fields[i_unit] if i_unit is not None else ""
            city = fields[i_city] if i_city is not None else ""
            summary = keys.get(unit, _EMPTY).get((city, fields[i_metric]))
            if summary is None:  # a text not met yet: vouch for it if the rules allow
                self.register_key(city, fields[i_metric], unit)
                summary = keys.get(unit, _EMPTY).get((city, fields[i_metric]))
            info = periods_get(fields[i_period])
            if info is None:
                self.register_period(fields[i_period])
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

    # What the careful path would accept as it is, text by text (the compiled scanner,
    # qcity.actuals.scanning, asks the same questions).
    def fast_metric(self, raw_metric: str):
        """The numeric metric this text names in its normal form, else None."""
        metric = self.metrics.get(raw_metric)
        if metric is None or metric.is_bool or nfkc(raw_metric) != raw_metric:
            return None
        return metric

    @staticmethod
    def fast_unit(metric, raw_unit: str) -> bool:
        return not raw_unit or metric.unit is None or same_data_unit(raw_unit, metric.unit)

    def fast_city(self, raw_city: str):
        """The city this text names (None for a single-city plan), else REFUSED."""
        if self.multi:
            if not raw_city or nfkc(raw_city) != raw_city or not is_inert(raw_city) or (
                    self.listed is not None and raw_city not in self.listed) \
                    or utf8_reading(raw_city, self.text_encoding) is not None:
                return REFUSED  # (hidden characters, or mojibake: the careful path says so)
            return raw_city
        if raw_city and (raw_city not in self.own_names or nfkc(raw_city) != raw_city):
            return REFUSED
        return None

    def register_key(self, raw_city: str, raw_metric: str, raw_unit: str) -> None:
        """Vouch for a (city, metric, unit) text the careful path would accept as it is."""
        metric = self.fast_metric(raw_metric)
        if metric is None or not self.fast_unit(metric, raw_unit):
            return
        city = self.fast_city(raw_city)
        if city is REFUSED:
            return
        summary = self.collector.actuals.summary_slot(city, raw_metric, create=True)
        if summary.fast:
            self.collector.add_fast_key(raw_unit, raw_city, raw_metric, summary)

    def register_period(self, raw: str) -> None:
        """Vouch for a period text the careful path reads (``2016年`` as well as ``2016``)."""
        try:
            period = parse_period(period_text(raw))
        except ValueError:
            return
        self.collector.add_fast_period(raw, self.collector.period_info(period))

    def make(self, value: str, line: int, info, extras, summary):
        """An Observation from a row the fast path vouched for."""
        return observation(self.path, value, line, info, extras, summary)


def _too_long():
    """Where the line over MAX_LINE stands: the careful path stops there (LineTooLong)."""
    raise LineTooLong()
    yield  # noqa: unreachable - a generator, so it raises when the csv module gets to it


def observation(path: str, value: str, line: int, info, extras, summary) -> Observation:
    """An Observation from a vouched-for row of ``path``: its value text, line, period
    info, (source, note) texts or None, and the summary it belongs to."""
    source = note = None
    if extras:
        source, note = (extras[0].strip() or None), (extras[1].strip() or None)
    return Observation(summary.metric, info[4], Decimal(value), path, line, summary.city,
                       source, note)
