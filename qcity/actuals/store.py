"""What a read keeps: observations or summaries by (city, metric), and its problems.

:class:`Actuals` is what the engine reads; :class:`Collector` is what a reader
(``qcity.actuals.rows``, the fast paths, the two-process read) hands each row to.
Problems are collected, not raised at the first, so a user sees every bad row
of every file in one run.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Iterable, Optional

from typing import TYPE_CHECKING

from qcity.actuals.series import Observation, Summary, period_keys
from qcity.diagtext import extended, message
from qcity.errors import ERROR, WARNING, Diagnostic
from qcity.plan.model import Plan
from qcity.plan.periods import Period, kind_of

if TYPE_CHECKING:  # the reader hands itself to Collector.take
    from qcity.actuals.rows import Reader

MAX_ERRORS = 200
NO_FIGURE = "Q208"  # an empty value or a placeholder (—, 暂无): no observation

Progress = Callable[[str, int, int], None]  # (path, bytes read, file size)


class Diagnostics(list):
    """Problems met while reading; stores at most MAX_ERRORS of each severity."""

    def __init__(self):
        super().__init__()
        self.errors = 0
        self.warnings = 0
        self.folded: Optional[dict] = None  # path -> [first, count] of "no figure" warnings

    def fold_no_figures(self) -> None:
        """Keep one "no figure" warning (Q208) a file, with a count, instead of each
        (``check`` and ``import``; ``validate`` lists every cell)."""
        self.folded = {}

    def append(self, diagnostic: Diagnostic) -> None:
        if self.folded is not None and diagnostic.code == NO_FIGURE:
            entry = self.folded.get(diagnostic.location.path)
            if entry is None:
                self.folded[diagnostic.location.path] = [diagnostic, 1]
            else:
                entry[1] += 1
                if diagnostic.location.order < entry[0].location.order:
                    entry[0] = diagnostic
            return
        if diagnostic.severity == ERROR:
            self.errors += 1
            if self.errors <= MAX_ERRORS:
                super().append(diagnostic)
        else:
            self.warnings += 1
            if self.warnings <= MAX_ERRORS:
                super().append(diagnostic)

    def unfold(self) -> None:
        """Add the folded "no figure" warnings: the first of a file, and how many more."""
        folded, self.folded = self.folded or {}, None
        for first, count in folded.values():
            if count > 1:
                first = replace(first, message=extended(first.message, more=count - 1),
                                args={**(first.args or {}), "more": count - 1})
            self.append(first)

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
        self.binding = None  # the compiled scanner reading now (qcity.actuals.scanning), if any
        self.pending = None  # slots of a finished scan not yet summaries (qcity.actuals.scanning)
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

    def _held(self, city: Optional[str], metric_id: str, keep: bool = True):
        """What is kept of a key, made from a pending slot if it waits in one (and kept
        only with ``keep``)."""
        item = self._data.get((city, metric_id))
        if item is None and self.pending is not None:
            item = self.pending.take(city, metric_id, keep)
        return item

    def summary(self, city: Optional[str], metric_id: str, window):
        """A key's summary for evaluation (made from its slot afresh, not kept)."""
        item = self._held(city, metric_id, keep=False)
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

    def every_observation(self) -> list[Observation]:
        """Every observation kept (only when read without a window), in no set order."""
        if self.window is not None:
            raise TypeError("actuals read for a window keep summaries, not every observation")
        return [obs for series in self._data.values() for obs in series]

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


def repeat_key(obs) -> tuple:
    """What makes two rows the same figure: the period, and the sub-unit when there is one
    (a county's figure is not the city's, nor another county's)."""
    if obs.subunit is None:
        return (obs.period.start, obs.period.end)
    return (obs.period.start, obs.period.end, obs.subunit)


class Collector:
    """Everything one read keeps: summaries (or lists), duplicate bits, fast-path tables."""

    def __init__(self, plan: Plan, actuals: "Actuals"):
        self.plan = plan
        self.actuals = actuals
        self.sink = actuals.diagnostics
        self.window = actuals.window
        self.period_ids: dict[tuple, int] = {}
        self.bits: dict[tuple, int] = {}  # list mode only; summaries carry their own bits
        self.repeats: list[tuple[tuple, Observation]] = []
        self.revisions: list[Observation] = []  # settled after the read (actuals.revisions)
        # raw unit text -> {(raw city, raw metric): summary}; raw period text -> period info
        self.fast_keys: dict[str, dict] = {}
        self.fast_periods: dict[str, tuple] = {}
        self.binding = None  # the compiled scanner reading now (qcity.actuals.scanning), if any
        self.warned: set = set()  # names warned of once a read (qcity.actuals.rows)
        # (path, metric) -> [first observation of another period length, how many]
        self.off_period: dict[tuple, list] = {}

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

    def take(self, obs: Observation, reader: Optional["Reader"] = None, row=None) -> None:
        """An observation from the careful path: repeats and revisions are set aside,
        the rest kept."""
        if obs.revised is not None:
            self.revisions.append(obs)
            return
        where = repeat_key(obs)
        pid = self.span_id(where)
        key = (obs.city, obs.metric)
        if self.window is not None:
            summary = self.actuals.summary_slot(obs.city, obs.metric, create=True)
            if summary.cslot is not None:  # its bits live in the scanner for now
                repeat = self.binding.seen(summary, pid)
            else:
                repeat = summary.bits >> pid & 1
                summary.bits |= 1 << pid
            if repeat:
                self.repeats.append(((key, where), obs))
                return
        else:
            bits = self.bits.get(key, 0)
            if bits >> pid & 1:
                self.repeats.append(((key, where), obs))
                return
            self.bits[key] = bits | (1 << pid)
        self.actuals.add(obs)
        if self.window is not None:
            kind = self.window.specs[obs.metric].kind
            if kind is not None and kind_of(obs.period) != kind:
                seen = self.off_period.setdefault((obs.path, obs.metric), [obs, 0, None])
                seen[1] += 1
        if reader is not None and self.window is not None:
            reader.vouch(row, obs)

    def off_period_warnings(self) -> list[Diagnostic]:
        """One warning a file and metric for figures of another length than the target's."""
        out = []
        from dataclasses import replace

        from qcity.actuals.places import location

        for (path, metric), (obs, count, _) in self.off_period.items():
            kind = self.window.specs[metric].kind
            out.append(Diagnostic(replace(location(obs), key="period"), message(
                "obs.off_period", metric=metric, period=obs.period.text, kind=kind,
                like_it=count - 1), "Q230", WARNING))
        return out
