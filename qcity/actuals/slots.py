"""What a finished compiled scan leaves: slots that become summaries when asked for.

Turning every (city, metric) slot into a Python summary at the end of a read
would cost about as much as the scan; :class:`Pending` does it for the keys the
engine asks for, in the process that asks (each of a scoreboard's two processes
pays for its own cities only; ``validate`` never pays), and :class:`SlotSummary`
makes of a slot only what the engine reads.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from qcity.actuals.fastpath import observation
from qcity.actuals.series import Summary


class Pending:
    """The slots of a finished scan that no summary has taken yet.

    Turning 15,000 slots into summaries costs about as much as the scan itself;
    done when a summary is first asked for, each process evaluating its share of
    the cities pays for its own share only, and a read that evaluates nothing
    (``validate``) never pays.  Anything that needs every summary calls
    :meth:`settle` first.  It keeps what it needs of the reading, not the reader:
    no reference cycle holds the summaries alive after the evaluation.
    """

    def __init__(self, binding):  # a qcity.actuals.scanning.Binding that has finished
        self.scanner, self.infos = binding.scanner, binding.infos
        self.city_ids, self.city_names = binding.city_ids, binding.city_names
        self.metric_index, self.metric_ids = binding.metric_index, binding.metric_ids
        self.path, self.window = binding.reader.path, binding.collector.window
        self.data = binding.actuals._data  # the summaries, by (city, metric)
        self.taken = set(binding.summaries)  # slots already merged into summaries
        self._observed: Optional[tuple[set, set]] = None

    def take(self, city, metric: str, keep: bool = True):
        """The summary of (city, metric) made from its slot, or None without one.

        ``keep=False``: a :class:`SlotSummary` for one evaluation, not kept (the slot
        stays, so a second request makes it again): a national run never holds every
        city's summaries, and makes of each only what the engine asks for."""
        cid, index = self.city_ids.get(city), self.metric_index.get(metric)
        if cid is None or index is None:
            return None
        slot = self.scanner.slot(cid, index)
        if slot < 0 or slot in self.taken:
            return None
        if not keep:
            return SlotSummary(self, self.scanner.state(slot), metric, city)
        return self._make(slot, self.scanner.state(slot), keep)

    def _make(self, slot: int, state, keep: bool = True):
        city, metric = self.city_names[state[0]], self.metric_ids[state[1]]
        summary = Summary(self.window.specs[metric], self.window, metric, city)
        if keep:
            self.taken.add(slot)
            self.data[(city, metric)] = summary
        self.merge(summary, state)
        return summary

    def merge(self, summary, state) -> None:
        """Add what a slot gathered to its summary."""
        _, _, bits, count, later, latest, earliest, baseline, window = state
        infos, path = self.infos, self.path
        summary.bits = int.from_bytes(bits, "little")
        summary.count += count
        summary.later += later
        if latest is not None:
            key = infos[latest[2]][1]
            if key > summary.latest_key:
                summary.latest_key = key
                summary.latest = _observation(path, latest, infos, summary)
        if earliest is not None:
            key = infos[earliest[2]][2]
            if key < summary.earliest_key:
                summary.earliest_key = key
                summary.earliest = _observation(path, earliest, infos, summary)
        if baseline is not None:
            summary.baseline = _observation(path, baseline, infos, summary)
        if window is not None:
            _merge_window(summary, window, path, infos)

    def settle(self) -> None:
        """Every slot left becomes a summary."""
        for slot, state in enumerate(self.scanner.states()):
            if slot not in self.taken:
                self._make(slot, state)

    def observed(self) -> tuple[set, set]:
        """(cities, metric ids) with an observation in some slot (slots no longer
        change: worked out once)."""
        if self._observed is None:
            cities, metrics = self.scanner.observed()
            self._observed = ({self.city_names[c] for c in cities},
                              {self.metric_ids[m] for m in metrics})
        return self._observed


_UNSET = object()


class SlotSummary:
    """A slot's :class:`~qcity.actuals.series.Summary` for one evaluation, made lazily:
    the engine reads the latest observation of every key, but the earliest one (the
    outlook's base), the baseline's and the sustained window's only for some, so
    those become Observations only when asked for.  Read-only: nothing is added to it
    (a slot's metric reads the fast way, so nothing waits for a data baseline)."""

    __slots__ = ("spec", "window", "metric", "city", "count", "later", "_state", "_pending",
                 "_latest", "_earliest", "_baseline", "_tallies", "_in_window",
                 "_latest_in_window")
    history = None  # a metric with history reads the careful way
    kept = None  # so does a series metric
    pending = None
    finished = True

    def __init__(self, pending: "Pending", state, metric: str, city):
        self.spec = pending.window.specs[metric]
        self.window, self.metric, self.city = pending.window, metric, city
        self.count, self.later = state[3], state[4]
        self._state, self._pending = state, pending
        self._latest = self._earliest = self._baseline = self._tallies = _UNSET

    def _row(self, index: int):
        row = self._state[index]
        if row is None:
            return None
        return _observation(self._pending.path, row, self._pending.infos, self)

    @property
    def latest(self):
        if self._latest is _UNSET:
            self._latest = self._row(5)
        return self._latest

    @property
    def earliest(self):
        if self._earliest is _UNSET:
            self._earliest = self._row(6)
        return self._earliest

    @property
    def baseline(self):
        if self._baseline is _UNSET:
            self._baseline = self._row(7)
        return self._baseline

    def _window(self) -> None:
        summary = Summary(self.spec, self.window, self.metric, self.city)
        if self._state[8] is not None:
            _merge_window(summary, self._state[8], self._pending.path, self._pending.infos)
        self._tallies, self._in_window = summary.tallies, summary.in_window
        self._latest_in_window = summary.latest_in_window

    @property
    def tallies(self):
        if self._tallies is _UNSET:
            self._window()
        return self._tallies

    @property
    def in_window(self):
        if self._tallies is _UNSET:
            self._window()
        return self._in_window

    @property
    def latest_in_window(self):
        if self._tallies is _UNSET:
            self._window()
        return self._latest_in_window

    def settle(self, baseline) -> None:
        """Nothing waits for a baseline in a slot (see the class)."""

    def finish(self) -> "SlotSummary":
        return self


def _observation(path, row, infos, summary):
    value, line, pid, extras = row
    return observation(path, value, line, infos[pid], extras, summary)


def _merge_window(summary, window, path, infos) -> None:
    in_window, last, lo, hi, tallies = window
    summary.in_window += in_window
    if last is not None:
        obs = _observation(path, last, infos, summary)
        if summary.latest_in_window is None or \
                obs.period.sort_key > summary.latest_in_window.period.sort_key:
            summary.latest_in_window = obs
    for target, tally, (misses, miss_lo, miss_hi) in zip(summary.spec.targets,
                                                          summary.tallies, tallies):
        tally.misses += misses
        for row in (lo, hi):  # the closest to the target is one of the extremes
            if row is not None:
                obs = _observation(path, row, infos, summary)
                tally.bound(target.margin(obs.value), obs)
        for row in (miss_lo, miss_hi):
            if row is not None:
                obs = _observation(path, row, infos, summary)
                tally.offer(obs, target.margin(obs.value))
