"""Actual values: CSV files read into per-(city, metric) observations or summaries.

Rows are parsed and checked as they are read (``qcity.rows``); only what the
evaluation can use is kept.  Problems are collected, not raised at the first,
so a user sees every bad row of every file in one run.
"""

from __future__ import annotations

import csv
import os
from typing import Callable, Iterable, Optional

from qcity.errors import ERROR, WARNING, DataError, Diagnostic, Location
from qcity.gcpause import paused_gc
from qcity.model import Plan
from qcity.periods import Period
from qcity.rows import MAX_FIELD, Reader
from qcity.series import Observation, Summary, Value, period_keys  # noqa: F401 (re-exported)

MAX_ERRORS = 200

Progress = Callable[[str, int, int], None]  # (path, bytes read, file size)


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

    @property
    def overflowing(self) -> bool:
        """More problems met than kept: which ones are kept depends on reading order."""
        return self.errors > MAX_ERRORS or self.warnings > MAX_ERRORS


class Actuals:
    """Observations by (city, metric): full lists, or, when read for a known
    evaluation window, per-key summaries whose size does not grow with rows."""

    def __init__(self, observations: Iterable[Observation] = (), window=None):
        self.window = window
        self._data: dict[tuple, object] = {}
        self.binding = None  # the compiled scanner reading now (qcity.scanning), if any
        self.pending = None  # slots of a finished scan not yet summaries (qcity.scanning)
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
                item = self.summary_slot(obs.city, obs.metric, create=True)
            item.add(obs)

    def settle(self) -> None:
        """Make every pending slot a summary (before anything walks all summaries)."""
        if self.pending is not None:
            pending, self.pending = self.pending, None
            pending.settle()

    def series(self, metric_id: str, city: Optional[str] = None) -> list[Observation]:
        """Every observation of a metric (only when read without a window)."""
        if self.window is not None:
            raise TypeError("actuals read for a window keep summaries, not every observation")
        return self._data.get((city, metric_id), [])

    def _held(self, city: Optional[str], metric_id: str):
        """What is kept of a key, made from a pending slot if it waits in one."""
        item = self._data.get((city, metric_id))
        if item is None and self.pending is not None:
            item = self.pending.take(city, metric_id)
        return item

    def summary(self, city: Optional[str], metric_id: str, window):
        item = self._held(city, metric_id)
        if self.window is not None:
            return (item if item is not None else Summary(window.specs[metric_id], window)).finish()
        return Summary.of(item or [], window.specs[metric_id], window)

    def summary_slot(self, city: Optional[str], metric_id: str, create: bool = False):
        """The summary being filled for a key (window mode), made on first use."""
        item = self._held(city, metric_id)
        if item is None and create:
            item = self._data[(city, metric_id)] = Summary(self.window.specs[metric_id],
                                                           self.window, metric_id, city)
            if self.binding is not None:
                self.binding.adopt(item)
        return item

    def has_data(self, metric_id: str) -> bool:
        if self.pending is not None and metric_id in self.pending.observed()[1]:
            return True
        for (_, metric), item in self._data.items():
            if metric == metric_id and (not hasattr(item, "count") or item.count or item.later):
                return True
        return False

    def cities(self) -> set[str]:
        """Cities with an observation (a summary made for a row that then failed its
        checks does not make a city: every read finds the same cities)."""
        cities = {city for (city, _), item in self._data.items() if city is not None
                  and (not hasattr(item, "count") or item.count or item.later)}
        if self.pending is not None:
            cities.update(c for c in self.pending.observed()[0] if c is not None)
        return cities

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == WARNING]


class _Collector:
    """Everything one read keeps: summaries (or lists), duplicate bits, fast-path tables."""

    def __init__(self, plan: Plan, actuals: "Actuals"):
        self.plan = plan
        self.actuals = actuals
        self.sink = actuals.diagnostics
        self.window = actuals.window
        self.period_ids: dict[tuple, int] = {}
        self.bits: dict[tuple, int] = {}  # list mode only; summaries carry their own bits
        self.repeats: list[tuple[tuple, Observation]] = []
        # raw unit text -> {(raw city, raw metric): summary}; raw period text -> period info
        self.fast_keys: dict[str, dict] = {}
        self.fast_periods: dict[str, tuple] = {}
        self.binding = None  # the compiled scanner reading now (qcity.scanning), if any

    def add_fast_key(self, raw_unit: str, raw_city: str, raw_metric: str, summary) -> None:
        # (a compiled scanner, if one reads, decides such texts by the same rules itself)
        self.fast_keys.setdefault(raw_unit, {}).setdefault((raw_city, raw_metric), summary)

    def add_fast_period(self, raw: str, info: tuple) -> None:
        if raw not in self.fast_periods:
            self.fast_periods[raw] = info
            if self.binding is not None:
                self.binding.period(raw, info)

    def period_id(self, period: Period) -> int:
        return self.span_id((period.start, period.end))

    def span_id(self, span: tuple) -> int:
        pid = self.period_ids.get(span)
        if pid is None:
            pid = self.period_ids[span] = len(self.period_ids)
        return pid

    def period_info(self, period: Period) -> tuple:
        """What the fast path needs of a period: id, order keys, counted?, Period, span,
        inside the sustained window?, some metric's baseline period?"""
        latest_key, earliest_key = period_keys(period)
        counted = period.end <= self.window.when
        span = (period.start, period.end)
        baseline_somewhere = any(spec.baseline_span == span for spec in self.window.specs.values())
        return (self.period_id(period), latest_key, earliest_key, counted, period, span,
                counted and period.end >= self.window.start, baseline_somewhere)

    def summary_of(self, obs: Observation):
        return self.actuals.summary_slot(obs.city, obs.metric)

    def take(self, obs: Observation, reader: Optional[Reader] = None, row=None) -> None:
        """An observation from the careful path: repeats are set aside, the rest kept."""
        pid = self.period_id(obs.period)
        key = (obs.city, obs.metric)
        if self.window is not None:
            summary = self.actuals.summary_slot(obs.city, obs.metric, create=True)
            if summary.cslot is not None:  # its bits live in the scanner for now
                repeat = self.binding.seen(summary, pid)
            else:
                repeat = summary.bits >> pid & 1
                summary.bits |= 1 << pid
            if repeat:
                self.repeats.append(((key, (obs.period.start, obs.period.end)), obs))
                return
        else:
            bits = self.bits.get(key, 0)
            if bits >> pid & 1:
                self.repeats.append(((key, (obs.period.start, obs.period.end)), obs))
                return
            self.bits[key] = bits | (1 << pid)
        self.actuals.add(obs)
        if reader is not None and self.window is not None:
            reader.vouch(row, obs)


def read_actuals(paths: Iterable[str], plan: Plan, encoding: str | None = None,
                 strict: bool = True, progress: Optional[Progress] = None,
                 window=None) -> Actuals:
    """Read every CSV file for a plan; raise DataError listing every bad row.

    With ``strict=False`` errors are left in ``Actuals.diagnostics`` instead
    (``qcity validate`` wants them all, as diagnostics, not as an exception).
    ``progress`` is called as blocks are read with the bytes read so far.
    With a ``window`` (``qcity.series.Window``) only per-key summaries are kept,
    and rows are read by the fast path wherever it can vouch for them.
    """
    csv.field_size_limit(MAX_FIELD * 4)
    paths = list(paths)
    actuals = Actuals(window=window)
    collector = _Collector(plan, actuals)
    from qcity import parallel

    with paused_gc():
        for path in paths:
            actuals.files.append(path)
            split = parallel.eligible(path, window, encoding)
            if split is None or not parallel.read_split(path, collector, encoding, progress,
                                                        split):
                if split is not None:  # the split could not stand: start this file afresh
                    actuals, collector = _restart(plan, window, actuals, path, encoding)
                Reader(path, collector, encoding, progress).read()
            if actuals.diagnostics.full:
                break
    if collector.repeats:
        _report_repeats(paths, plan, encoding, collector.repeats, actuals.diagnostics)
    sink = actuals.diagnostics
    sink.sort(key=lambda d: (d.location.path, d.location.line or 0, d.location.col or 0))
    if strict and sink.errors:
        # warnings travel with the errors so the user sees every problem in one run
        raise DataError(list(sink))
    return actuals


def _restart(plan, window, actuals, path, encoding):
    """Forget what a failed split read left of ``path`` (only files before it remain).

    Summaries cannot subtract a file, so the files read before are read again."""
    earlier = actuals.files[:-1]
    fresh = Actuals(window=window)
    collector = _Collector(plan, fresh)
    for previous in earlier:
        fresh.files.append(previous)
        Reader(previous, collector, encoding).read()
    fresh.files.append(path)
    return fresh, collector


def _report_repeats(paths, plan, encoding, repeats, sink) -> None:
    """Second pass, only when rows repeat: find each first occurrence and compare."""
    wanted = {where for where, _ in repeats}
    first: dict[tuple, Observation] = {}

    class _Finder:
        """A collector that only looks for the first occurrences (list mode, no window)."""

        def __init__(self):
            self.plan, self.sink, self.window = plan, Diagnostics(), None

        def take(self, obs, reader=None, row=None):
            where = ((obs.city, obs.metric), (obs.period.start, obs.period.end))
            if where in wanted and where not in first:
                first[where] = obs

    finder = _Finder()
    finder.fast_keys, finder.fast_periods = {}, {}
    for path in paths:
        Reader(path, finder, encoding).read()
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
