"""Actual values: CSV files read row by row into per-metric observation series.

Rows are parsed and checked one at a time; only the parsed observation is
kept, never the file.  Problems are collected (not raised at the first) so a
user sees every bad row of a file in one run.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import os
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, Iterator, Optional, Union

from qcity.errors import ERROR, WARNING, DataError, Diagnostic, Location
from qcity.model import Plan, same_unit
from qcity.periods import Period, parse_period
from qcity.values import nfkc, parse_bool, parse_decimal

REQUIRED = ("metric", "period", "value")
OPTIONAL = ("city", "unit", "source", "note")
MAX_FIELD = 1 << 16  # 64 KiB in one cell is no actual value
MAX_ERRORS = 200
_SNIFF = 1 << 16

PROGRESS_EVERY = 50_000  # rows between progress reports

Value = Union[Decimal, bool]
Progress = Callable[[str, int, int], None]  # (path, bytes read, file size)


@dataclass(frozen=True, slots=True)
class Observation:
    metric: str
    period: Period
    value: Value
    path: str
    line: int
    city: Optional[str] = None
    source: Optional[str] = None
    note: Optional[str] = None


class Diagnostics(list):
    """Problems met while reading; stores at most MAX_ERRORS of each severity."""

    def __init__(self):
        super().__init__()
        self.errors = 0
        self.warnings = 0

    def append(self, diagnostic: Diagnostic) -> None:
        if diagnostic.severity == ERROR:
            self.errors += 1
            if self.errors <= MAX_ERRORS:
                super().append(diagnostic)
        else:
            self.warnings += 1
            if self.warnings <= MAX_ERRORS:
                super().append(diagnostic)

    @property
    def full(self) -> bool:
        return self.errors >= MAX_ERRORS


class Actuals:
    """Observations by (city, metric): full lists, or, when read for a known
    evaluation window, per-key summaries whose size does not grow with rows."""

    def __init__(self, observations: Iterable[Observation] = (), window=None):
        self.window = window
        self._data: dict[tuple, object] = {}
        self._cities: set[str] = set()
        self.diagnostics = Diagnostics()
        self.files: list[str] = []
        for obs in observations:
            self.add(obs)

    def add(self, obs: Observation) -> None:
        key = (obs.city, obs.metric)
        item = self._data.get(key)
        if self.window is None:
            if item is None:
                item = self._data[key] = []
            item.append(obs)
        else:
            if item is None:
                from qcity.series import Summary

                item = self._data[key] = Summary(self.window.specs[obs.metric], self.window)
            item.add(obs)
        if obs.city is not None:
            self._cities.add(obs.city)

    def series(self, metric_id: str, city: Optional[str] = None) -> list[Observation]:
        """Every observation of a metric (only when read without a window)."""
        if self.window is not None:
            raise TypeError("actuals read for a window keep summaries, not every observation")
        return self._data.get((city, metric_id), [])

    def summary(self, city: Optional[str], metric_id: str, window):
        from qcity.series import Summary

        item = self._data.get((city, metric_id))
        if self.window is not None:
            return item if item is not None else Summary(window.specs[metric_id], window)
        return Summary.of(item or [], window.specs[metric_id], window)

    def has_data(self, metric_id: str) -> bool:
        return any(metric == metric_id for _, metric in self._data)

    def cities(self) -> set[str]:
        return set(self._cities)

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == WARNING]


def detect_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM) when the bytes allow it, else GB18030.

    GB18030 is a superset of GBK and GB2312, which is what Excel in China
    writes; any byte string that is not UTF-8 is tried as GB18030.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


class _Reader:
    """One pass over one CSV file, yielding observations and noting problems."""

    def __init__(self, path: str, plan: Plan, sink: Diagnostics, encoding: str | None,
                 progress: Optional[Progress] = None):
        self.path = path
        self.progress = progress
        self.plan = plan
        self.sink = sink
        self.encoding = encoding
        self.metrics = {m.id: m for m in plan.metrics}
        # single-city plans accept their own name (or none); multi-city plans need a city
        self.multi = plan.cities is not None
        self.own_names = {c for c in (plan.city, plan.city_en) if c}
        self.listed = set(plan.cities) if isinstance(plan.cities, list) else None

    def problem(self, line: int, col: int | None, column: str | None, message: str,
                code: str, severity: str = ERROR) -> None:
        self.sink.append(Diagnostic(Location(self.path, line, col, column), message, code,
                                    severity))

    def rows(self) -> Iterator[Observation]:
        try:
            fh = open(self.path, "rb")
        except OSError as exc:
            self.problem(None, None, None, f"cannot read: {exc.strerror}", "Q200")
            return
        with fh:
            head = fh.read(_SNIFF)
            if b"\x00" in head:
                self.problem(1, 1, None, "file holds NUL bytes; is it a binary file?", "Q213")
                return
            fh.seek(0)
            encoding = self.encoding or detect_encoding(head)
            text = io.TextIOWrapper(fh, encoding=encoding, newline="", errors="strict")
            reader = csv.reader(text, strict=True)
            rows = self._parse(reader)
            if self.progress is not None:
                rows = self._reporting(rows, fh, os.fstat(fh.fileno()).st_size)
            try:
                yield from rows
            except UnicodeDecodeError:
                self.problem(_bad_byte_line(self.path, encoding), 1, None,
                             f"bytes that are not valid {encoding} (the file mixes encodings? "
                             "save it as UTF-8, or pass --encoding)", "Q210")
            except LookupError:
                self.problem(1, 1, None, f'unknown encoding "{encoding}"', "Q210")
            except csv.Error as exc:
                self.problem(reader.line_num, 1, None, f"malformed CSV: {exc}", "Q209")

    def _reporting(self, rows: Iterator[Observation], fh, total: int) -> Iterator[Observation]:
        for i, obs in enumerate(rows, 1):
            if i % PROGRESS_EVERY == 0:
                self.progress(self.path, fh.tell(), total)
            yield obs
        self.progress(self.path, total, total)

    def _parse(self, reader) -> Iterator[Observation]:
        header = None
        for row in reader:
            if any(cell.strip() for cell in row):
                header = row
                break
        if header is None:
            self.problem(1, 1, None, "the file is empty (expected a header "
                         "metric,period,value)", "Q201")
            return
        names = [nfkc(h).lower().lstrip("\ufeff") for h in header]
        index: dict[str, int] = {}
        for i, name in enumerate(names):
            if name in index:
                self.problem(reader.line_num, i + 1, name, f'column "{name}" appears twice', "Q201")
                return
            index[name] = i
            if name not in REQUIRED + OPTIONAL:
                self.problem(reader.line_num, i + 1, name,
                             f'unknown column "{header[i]}" is ignored (known: '
                             f"{', '.join(REQUIRED + OPTIONAL)})", "Q211", WARNING)
        absent = [c for c in REQUIRED if c not in index]
        if self.multi and "city" not in index:
            absent.append("city (the plan applies to several cities)")
        if absent:
            self.problem(reader.line_num, 1, None, f"header lacks column(s) {', '.join(absent)} "
                         f"(found: {','.join(header)[:200]})", "Q201")
            return
        i_metric, i_period, i_value = (index[c] for c in REQUIRED)
        i_city, i_unit, i_source, i_note = (index.get(c) for c in OPTIONAL)
        width = len(header)
        for row in reader:
            line = reader.line_num
            if len(row) != width:
                if not any(cell.strip() for cell in row):
                    continue
                self.problem(line, 1, None, f"row has {len(row)} fields, the header has "
                             f"{width}", "Q209")
                continue
            for cell in row:
                if len(cell) > MAX_FIELD or "\x00" in cell:
                    break
            else:
                cell = None
            if cell is not None:
                if "\x00" in cell:
                    self.problem(line, 1, None, "row holds a NUL byte; is this a binary file?",
                                 "Q213")
                else:
                    self.problem(line, 1, None, f"a field is longer than {MAX_FIELD} "
                                 "characters", "Q214")
                continue
            obs = self._observation(row, line, i_metric, i_period, i_value, i_city, i_unit,
                                    i_source, i_note)
            if obs is not None:
                yield obs

    def _observation(self, row, line, i_metric, i_period, i_value, i_city, i_unit, i_source,
                     i_note) -> Optional[Observation]:
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
                value: Value = parse_bool(raw)
            else:
                value = parse_decimal(raw, allow_percent=metric.is_percent)
        except ValueError as exc:
            self.problem(line, i_value + 1, "value", str(exc), "Q203")
            return None
        if metric.is_percent and not metric.is_bool and not 0 <= value <= 100:
            self.problem(line, i_value + 1, "value", f"{metric_id} {period}: {raw} is outside "
                         "0-100 %", "Q215", WARNING)
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
                           _cell(row, i_source), _cell(row, i_note))


def _bad_byte_line(path: str, encoding: str) -> int:
    """The line of the first byte that does not decode (the text layer reads ahead)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return line + chunk[: exc.start].count(b"\n")
            line += chunk.count(b"\n")
    return line


def _cell(row, index) -> Optional[str]:
    if index is None:
        return None
    text = row[index].strip()
    return text or None


def read_actuals(paths: Iterable[str], plan: Plan, encoding: str | None = None,
                 strict: bool = True, progress: Optional[Progress] = None,
                 window=None) -> Actuals:
    """Read every CSV file for a plan; raise DataError listing every bad row.

    With ``strict=False`` errors are left in ``Actuals.diagnostics`` instead
    (``qcity validate`` wants them all, as diagnostics, not as an exception).
    ``progress`` is called every PROGRESS_EVERY rows with the bytes read so far.
    With a ``window`` (``qcity.series.Window``) only per-key summaries are kept.
    """
    csv.field_size_limit(MAX_FIELD * 4)
    paths = list(paths)
    actuals = Actuals(window=window)
    sink = actuals.diagnostics
    # A (city, metric) seen with a period before: one bit a period, so memory grows
    # with keys × distinct periods, not with rows; values are looked up again later.
    seen: dict[tuple, int] = {}
    period_ids: dict[tuple, int] = {}
    repeats: list[tuple[tuple, Observation]] = []
    for path in paths:
        actuals.files.append(path)
        for obs in _Reader(path, plan, sink, encoding, progress).rows():
            key = (obs.city, obs.metric)
            span = (obs.period.start, obs.period.end)
            pid = period_ids.get(span)
            if pid is None:
                pid = period_ids[span] = len(period_ids)
            bits = seen.get(key, 0)
            if bits >> pid & 1:
                repeats.append(((key, span), obs))
                continue
            seen[key] = bits | (1 << pid)
            actuals.add(obs)
            if sink.full:
                break
    if repeats:
        _report_repeats(paths, plan, encoding, repeats, sink)
    sink.sort(key=lambda d: (d.location.path, d.location.line or 0, d.location.col or 0))
    if strict and sink.errors:
        # warnings travel with the errors so the user sees every problem in one run
        raise DataError(list(sink))
    return actuals


def _report_repeats(paths, plan, encoding, repeats, sink) -> None:
    """Second pass, only when rows repeat: find each first occurrence and compare."""
    wanted = {where for where, _ in repeats}
    first: dict[tuple, Observation] = {}
    for path in paths:
        for obs in _Reader(path, plan, Diagnostics(), encoding).rows():
            where = ((obs.city, obs.metric), (obs.period.start, obs.period.end))
            if where in wanted and where not in first:
                first[where] = obs
    for where, obs in repeats:
        original = first[where]
        at = f"{_rel(original.path)}:{original.line}"
        label = f"{obs.city + ' ' if obs.city else ''}{obs.metric} {obs.period}"
        if original.value == obs.value:
            sink.append(Diagnostic(Location(obs.path, obs.line, 1, None),
                                   f"{label} repeats {at} with the same value", "Q206", WARNING))
        else:
            sink.append(Diagnostic(Location(obs.path, obs.line, 1, None),
                                   f"{label} = {_show(obs.value)} conflicts with "
                                   f"{_show(original.value)} at {at}", "Q205"))


def _show(value: Value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return format(value, "f")


def _rel(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return path
