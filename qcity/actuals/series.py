"""What the engine needs of a metric's observations, kept while reading.

A :class:`Summary` holds, for one (city, metric) and one evaluation date ``E``,
only what the report can use: the latest and earliest counted observation,
the baseline period's observation, counts, the history when charts want it,
and, for sustained metrics, per target the number of misses in the window,
the worst miss and the smallest margin.  Memory therefore grows with cities ×
metrics, never with rows.  A :class:`Window` says, before the first row is
read, which date and targets the summaries serve.

Periods are compared through two integers computed once per distinct period
(:func:`period_keys`), and the rows a summary keeps may stay raw (the CSV
fields) until the report asks for them: most rows are never turned into
decimals at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Callable, NamedTuple, Optional, Union

from qcity.plan.due import Held, held_to, period_kind
from qcity.plan.model import Metric, Plan, Stage
from qcity.plan.periods import Period
from qcity.plan.targets import AchievedTarget, ChangeTarget, ReferenceTarget, Target

Value = Union[Decimal, bool]


class Observation(NamedTuple):
    """One data row, read and checked."""

    metric: str
    period: Period
    value: Value
    path: str
    line: int
    city: Optional[str] = None
    source: Optional[str] = None
    note: Optional[str] = None
    subunit: Optional[str] = None  # a county, district or category within the city
    revised: Optional[str] = None  # a revision: the figure it superseded ("" if none)
    place: Optional[tuple] = None  # (sheet or None, sheet number, column) beyond path:line


# (passes, margin) of one observation against one target
Judge = Callable[[object], tuple[bool, Optional[Decimal]]]
_SHIFT = 1 << 22  # above any date ordinal and any period length in days


@lru_cache(maxsize=65536)
def period_keys(period: Period) -> tuple[int, int]:
    """(latest key, earliest key): larger latest key = counts as later (a tie in the
    end goes to the longer period); smaller earliest key = ends first, then starts first."""
    end, start = period.end.toordinal(), period.start.toordinal()
    return end * _SHIFT + (end - start), end * _SHIFT + start


def judge_for(target: Target, baseline: Optional[Decimal]) -> Optional[Judge]:
    """A function judging one observation; None when it needs a baseline not yet known."""
    if isinstance(target, AchievedTarget):
        return lambda obs: (target.passes(obs.value), None)
    if isinstance(target, ChangeTarget):
        if baseline is None:
            return None
        return lambda obs: (target.passes(baseline, obs.value), target.margin(baseline, obs.value))
    return lambda obs: (target.passes(obs.value), target.margin(obs.value))


@dataclass
class MetricSpec:
    """What one metric's summaries must track for the window."""

    targets: list[Target]  # sustained metrics: the stage's target, then the final one
    judges: list[Optional[Judge]]
    baseline_span: Optional[tuple[date, date]]
    sustained: bool
    after: Optional[date] = None  # change targets judge only what ends after the baseline
    numeric: bool = True
    percent: bool = False
    fast: Optional[bool] = None  # fast_spec(), worked out once: a spec serves one window
    held: Optional[Held] = None  # the target the metric is held to in this window
    # Metrics whose rules look at more than the latest figure (a period length, every
    # period, a period milestone, a deadline before E …) keep each counted observation,
    # by period; the engine judges them from that series.  They read the careful way.
    series: bool = False
    kind: Optional[str] = None  # the period length the target is about
    preset: Optional[object] = None  # the engine's fixed fields of its results (one a window)


@dataclass
class Window:
    """An evaluation date and what each metric's summary must keep for it.

    ``when`` is the evaluation date E: observations ending after it do not count.
    ``judged`` is the date targets are due by: E itself for the stage ``as_of`` falls
    in, the stage's end for a stage chosen with ``--stage`` (the dry run).
    """

    when: date
    start: date  # the first stage's start: sustained targets hold from here
    stage: Stage
    # keep observations for charts: False none, True all, a number N the latest N
    # (a chart of a national file must not hold every row: memory stays bounded)
    history: Union[bool, int] = False
    specs: dict[str, MetricSpec] = field(default_factory=dict)
    judged: Optional[date] = None
    basis: str = "chosen"  # current | before | between | after | chosen
    # what the engine works out once a window, not once a city (qcity.evaluation.engine)
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def for_plan(cls, plan: Plan, stage: Stage, when: date, history: Union[bool, int] = False,
                 judged: Optional[date] = None, basis: str = "chosen") -> "Window":
        window = cls(when=when, start=plan.stages[0].start, stage=stage, history=history,
                     judged=judged or stage.end, basis=basis)
        referenced = references(plan)
        for metric in plan.metrics:
            window.specs[metric.id] = _spec(plan, metric, window, metric.id in referenced)
        return window


def references(plan: Plan) -> set[str]:
    """Metrics other metrics compare with (高于全省平均): their figures are kept by period."""
    cache = plan.cache
    found = cache.get("references")
    if found is None:
        found = cache["references"] = {t.ref for m in plan.metrics
                                       for t in (m.target, *m.milestones.values())
                                       if isinstance(t, ReferenceTarget)}
    return found


def _spec(plan: Plan, metric: Metric, window: Window, referenced: bool = False) -> MetricSpec:
    held = held_to(plan, metric, window.judged)
    target = held.target
    baseline_span = None
    if metric.baseline is not None:
        span = metric.baseline.span
        baseline_span = (span.start, span.end)
    kind = period_kind(plan, metric)
    if kind is not None or metric.every is not None or metric.from_ is not None \
            or held.period is not None or (held.due and held.when < window.when) \
            or referenced or metric.against is not None or metric.aggregate is not None \
            or isinstance(target, ReferenceTarget) or isinstance(metric.target, ReferenceTarget):
        return MetricSpec(targets=[], judges=[], baseline_span=baseline_span, sustained=False,
                          numeric=not metric.is_bool, percent=metric.is_percent, held=held,
                          series=True, kind=kind)
    targets: list[Target] = []
    if metric.mode == "sustained" and target is not None:
        targets = [target] if held.milestone is None else [target, metric.target]
    baseline = metric.baseline.value if metric.baseline is not None else None
    after = baseline_span[1] if isinstance(target, ChangeTarget) and baseline_span else None
    return MetricSpec(targets=targets, judges=[judge_for(t, baseline) for t in targets],
                      baseline_span=baseline_span, sustained=bool(targets), after=after,
                      numeric=not metric.is_bool, percent=metric.is_percent, held=held)


def plain_spec(spec: MetricSpec, metric: Metric, target: Optional[Target],
               final: Optional[Target], baseline: Optional[Decimal]) -> MetricSpec:
    """The streaming spec for a series judged by the engine (sustained tallies and all)."""
    targets: list[Target] = []
    if metric.mode == "sustained" and target is not None and metric.against is None \
            and not isinstance(target, ReferenceTarget):  # those: judged by the engine
        targets = [target] if final is None or final is target else [target, final]
        targets = [t for t in targets if not isinstance(t, ReferenceTarget)]
    after = None
    if isinstance(target, ChangeTarget) and spec.baseline_span is not None:
        after = spec.baseline_span[1]
    return MetricSpec(targets=targets, judges=[judge_for(t, baseline) for t in targets],
                      baseline_span=spec.baseline_span, sustained=bool(targets), after=after,
                      numeric=spec.numeric, percent=spec.percent, held=spec.held, fast=False)


class Tally:
    """Sustained bookkeeping for one target over the window: the misses, the worst miss,
    and the observation closest to the target (the smallest margin; a tie goes to the
    earlier period, as the compiled scanner keeps the earlier of equal values), which a
    passing sustained target shows: the figure that decides it, with its own margin."""

    __slots__ = ("misses", "worst", "worst_margin", "min_margin", "closest")

    def __init__(self):
        self.misses = 0
        self.worst = None
        self.worst_margin: Optional[Decimal] = None
        self.min_margin: Optional[Decimal] = None
        self.closest = None

    def add(self, obs, ok: bool, margin: Optional[Decimal]) -> None:
        self.bound(margin, obs)
        if ok:
            return
        self.misses += 1
        self.offer(obs, margin)

    def bound(self, margin: Optional[Decimal], obs=None) -> None:
        """An observation's margin, for the smallest in the window (and whose it is)."""
        if margin is None:
            return
        if self.min_margin is None or margin < self.min_margin or (
                margin == self.min_margin and obs is not None and (
                    self.closest is None
                    or obs.period.sort_key < self.closest.period.sort_key)):
            self.min_margin, self.closest = margin, obs

    def offer(self, obs, margin: Optional[Decimal]) -> None:
        """A miss (already counted) that may be the worst."""
        rank = margin if margin is not None else Decimal(0)
        if self.worst is None or rank < self.worst_margin or (
                rank == self.worst_margin and obs.period.sort_key < self.worst.period.sort_key):
            self.worst, self.worst_margin = obs, rank


def fast_spec(spec: MetricSpec, window: Window) -> bool:
    """Whether the reader's fast path may fill a metric's summaries from raw fields
    (sustained ones too, when every target can be judged as the rows come)."""
    return spec.numeric and not window.history and not spec.series and (not spec.sustained or (
        spec.after is None and all(j is not None for j in spec.judges)))


class Summary:
    """One (city, metric)'s observations, reduced to what one window needs.

    ``latest``, ``earliest``, ``baseline`` and ``history`` hold Observations
    or raw rows (``(make, fields, line, period info)``) until :meth:`finish`
    turns the raw ones into Observations; the reader's fast path updates the
    fields directly.
    """

    __slots__ = ("spec", "window", "bits", "count", "later", "latest", "latest_key",
                 "earliest", "earliest_key", "baseline", "in_window", "latest_in_window",
                 "tallies", "pending", "history", "fast", "finished", "sustained", "percent",
                 "metric", "city", "cslot", "kept")

    def __init__(self, spec: MetricSpec, window: Window, metric: str = "",
                 city: Optional[str] = None):
        self.spec = spec
        self.window = window
        self.metric, self.city = metric, city
        self.bits = 0  # one bit a period seen (duplicate detection while reading)
        self.count = 0  # observations ending by E
        self.later = 0  # observations ending after E (not counted)
        self.latest = None
        self.latest_key = -1
        self.earliest = None  # earliest numeric observation (the outlook's base)
        self.earliest_key = 1 << 62
        self.baseline = None  # the observation of the baseline period
        self.in_window = 0
        self.latest_in_window = None
        self.tallies = [Tally() for _ in spec.targets] if spec.targets else []
        self.pending: Optional[list] = None  # window observations awaiting a data baseline
        self.history: Optional[list] = [] if window.history else None
        fast = spec.fast
        if fast is None:
            fast = spec.fast = fast_spec(spec, window)
        self.fast = fast
        self.finished = False
        self.cslot = None  # its slot in the compiled scanner while one reads (qcity.actuals.scanning)
        self.sustained = spec.sustained
        self.percent = spec.percent
        # a series metric: every counted observation by period (few: periods, not rows)
        self.kept: Optional[dict] = {} if spec.series else None

    def add(self, obs) -> None:
        period = obs.period
        if period.end > self.window.when:
            self.later += 1
            return
        if self.kept is not None:
            self.kept[(period.start, period.end, getattr(obs, "subunit", None))] = obs
        self.count += 1
        latest_key, earliest_key = period_keys(period)
        if latest_key > self.latest_key:
            self.latest, self.latest_key = obs, latest_key
        if not isinstance(obs.value, bool) and earliest_key < self.earliest_key:
            self.earliest, self.earliest_key = obs, earliest_key
        span = self.spec.baseline_span
        if span is not None and period.start == span[0] and period.end == span[1]:
            self.baseline = obs
        if self.history is not None:
            self.history.append(obs)
            keep = self.window.history
            if keep is not True and len(self.history) >= 2 * keep:
                self.history.sort(key=_period_order)
                del self.history[:-keep]
        if self.spec.sustained and period.end >= self.window.start and (
                self.spec.after is None or period.end > self.spec.after):
            self.window_add(obs)

    def window_add(self, obs) -> None:
        """An observation inside the sustained window: judge it against each target."""
        self.in_window += 1
        if self.latest_in_window is None or \
                obs.period.sort_key > self.latest_in_window.period.sort_key:
            self.latest_in_window = obs
        for judge, tally in zip(self.spec.judges, self.tallies):
            if judge is None:
                if self.pending is None:
                    self.pending = []
                self.pending.append(obs)
                break
            tally.add(obs, *judge(obs))

    def finish(self) -> "Summary":
        """Turn raw rows kept by the fast path into Observations (once)."""
        if not self.finished:
            self.finished = True
            self.latest = _materialise(self.latest)
            self.earliest = _materialise(self.earliest)
            self.baseline = _materialise(self.baseline)
        return self

    def settle(self, baseline: Optional[Decimal]) -> None:
        """Judge observations held back until the data's baseline value was known."""
        if not self.pending:
            return
        pending, self.pending = self.pending, None
        for i, target in enumerate(self.spec.targets):
            if self.spec.judges[i] is not None:
                continue
            judge = judge_for(target, baseline)
            if judge is None:
                continue
            for obs in pending:
                self.tallies[i].add(obs, *judge(obs))

    @classmethod
    def of(cls, observations, spec: MetricSpec, window: Window) -> "Summary":
        summary = cls(spec, window)
        for obs in observations:
            summary.add(obs)
        return summary.finish()


def _period_order(obs):
    return obs.period.sort_key


def _materialise(item):
    """A raw row kept by the fast path -> Observation; an Observation stays as it is."""
    if isinstance(item, tuple) and len(item) == 6 and callable(item[0]):
        make, value, line, info, extras, summary = item
        return make(value, line, info, extras, summary)
    return item
