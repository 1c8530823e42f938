"""Judging one metric's figures against one target: the rules of what counts.

The engine (``qcity.evaluation.engine``) decides which target a metric is held
to and when; this module decides how its figures meet it:

- the latest figure, unless it is too old (``max_age``): then the metric is
  missing and the stale figure is shown;
- ``mode: sustained``: every figure in the window;
- ``every: year``: each year of the window needs a passing figure of its own;
- a period milestone (``"2014": ">= 80"``): that period's figure only;
- ``period: year``: figures of another length are shown, never judged.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Optional

from qcity.actuals.series import Summary, Window, plain_spec
from qcity.evaluation.construct import construct
from qcity.evaluation.report import FAIL, MISSING, PASS, Remark
from qcity.plan.due import max_age, window_start
from qcity.plan.model import Metric, Plan
from qcity.plan.periods import Period, add_age, kind_of, periods_between
from qcity.plan.targets import ChangeTarget, Target
from qcity.values import cents
KIND_ZH = {"year": "年度", "half": "半年度", "quarter": "季度", "month": "月度", "day": "日",
           None: "不定期"}


def remark(code: str, **args) -> Remark:
    return construct(Remark, code=code, args={k: str(v) for k, v in args.items()})


class Judgement:
    """The standing of one metric against one target at one date."""

    __slots__ = ("standing", "actual", "period", "margin", "note", "obs", "missed")

    def __init__(self, standing: Optional[str], actual=None, period: Optional[Period] = None,
                 margin: Optional[Decimal] = None, note: Optional[Remark] = None, obs=None,
                 missed: Optional[Period] = None):
        self.standing, self.actual, self.period = standing, actual, period
        self.margin, self.note, self.obs = margin, note, obs
        self.missed = missed  # a period already missed for good (sustained, every)

    @classmethod
    def of(cls, standing: Optional[str], obs, margin=None, note=None) -> "Judgement":
        if obs is None:
            return cls(standing, note=note)
        return cls(standing, obs.value, obs.period, margin, note, obs)


def check(target: Target, obs, baseline: Optional[Decimal]) -> tuple[bool, Optional[Decimal]]:
    if isinstance(target, ChangeTarget):
        margin = target.margin(baseline, obs.value)
        if target.relative:  # a display value: the decision is exact
            margin = cents(margin)
        return target.passes(baseline, obs.value), margin
    if target.kind == "achieved":
        return target.passes(obs.value), None
    return target.passes(obs.value), target.margin(obs.value)


def display(margin: Optional[Decimal], target: Target) -> Optional[Decimal]:
    if margin is not None and isinstance(target, ChangeTarget) and target.relative:
        return cents(margin)
    return margin


def stale(plan: Plan, metric: Metric, obs, until: date) -> Optional[Remark]:
    """A remark when ``obs`` is too old to stand for ``until`` (None: it counts)."""
    age = max_age(plan, metric)
    if age is None or obs is None:
        return None
    fresh = add_age(obs.period.end, age)
    if fresh >= until:
        return None
    return remark("stale", period=obs.period.text, until=fresh, date=until)


def judge(plan: Plan, metric: Metric, target: Target, summary: Summary,
          baseline: Optional[Decimal], tally_index: int, until: date) -> Judgement:
    """The latest figure (or, sustained, every figure in the window) against a target."""
    latest = summary.latest
    if isinstance(target, ChangeTarget):
        # Rule: a change target whose baseline is unknown is missing.
        if baseline is None:
            return Judgement.of(MISSING, latest)
        # Only observations after the baseline period show a change.
        base_end = metric.baseline.span.end
        if latest is None or latest.period.end <= base_end:
            return Judgement(MISSING, note=remark("no_obs_after_baseline",
                                                  period=metric.baseline.span.text))
    if latest is None:
        return Judgement(MISSING)
    if metric.mode != "sustained":
        old = stale(plan, metric, latest, until)
        if old is not None:
            return Judgement.of(MISSING, latest, note=old)
        ok, margin = check(target, latest, baseline)
        return Judgement.of(PASS if ok else FAIL, latest, margin)

    # Rule (sustained): every observation in [window start, E] must pass.
    start = summary.window.start
    if summary.in_window == 0:
        old = stale(plan, metric, latest, until)
        if old is not None:
            return Judgement.of(MISSING, latest, note=old)
        ok, margin = check(target, latest, baseline)
        return Judgement.of(PASS if ok else FAIL, latest, margin,
                            remark("sustained_fallback", start=start))
    tally = summary.tallies[tally_index]
    if tally.misses:
        worst = tally.worst
        return Judgement(FAIL, worst.value, worst.period, display(tally.min_margin, target),
                         remark("sustained_fail", k=tally.misses, n=summary.in_window,
                                start=start, worst=worst.period.text), worst,
                         missed=worst.period)
    newest = summary.latest_in_window
    return Judgement.of(PASS, newest, display(tally.min_margin, target),
                        remark("sustained_pass", n=summary.in_window, start=start))


class Series:
    """A series metric's counted figures, sorted out for the rules that need them.

    ``held`` summarises the figures that judge the target the metric is held to (those
    ending by its due day, ``cutoff``); ``now`` those ending by E, for the final target's
    standing and the outlook.
    """

    def __init__(self, plan: Plan, metric: Metric, summary: Summary, window: Window,
                 target: Optional[Target], baseline: Optional[Decimal], cutoff: date):
        spec = summary.spec
        self.kind = spec.kind
        observations = sorted(summary.kept.values(), key=lambda o: o.period.sort_key)
        if self.kind is not None:
            self.judged = [o for o in observations if kind_of(o.period) == self.kind]
            self.other = [o for o in observations if kind_of(o.period) != self.kind]
        else:
            self.judged, self.other = observations, []
        self.by_span = {(o.period.start, o.period.end): o for o in self.judged
                        if o.period.end <= cutoff}
        self.until = cutoff
        self.start = window_start(plan, metric)
        final = metric.target if target is not metric.target else None
        self.held = self._summary(spec, metric, window, cutoff, target, final, baseline)
        self.held.baseline = summary.baseline
        self.held.later = summary.later + sum(o.period.end > cutoff for o in self.judged)
        self.now = self.held
        if cutoff < window.when and target is not None:
            self.now = self._summary(spec, metric, window, window.when, metric.target, None,
                                     baseline)
            self.now.baseline = summary.baseline

    def _summary(self, spec, metric, window, until, target, final, baseline) -> Summary:
        derived = Window(when=until, start=self.start, stage=window.stage,
                         history=window.history, judged=window.judged, basis=window.basis)
        return Summary.of([o for o in self.judged if o.period.end <= until],
                          plain_spec(spec, metric, target, final, baseline), derived)

    def notes(self) -> list[Remark]:
        """Figures of another length: shown when nothing else is, never judged."""
        if not self.other:
            return []
        latest = self.other[-1]
        return [remark("off_period", n=len(self.other), period=latest.period.text,
                       kind=self.kind, kind_zh=KIND_ZH[self.kind])]

    def shown_instead(self) -> Optional[Judgement]:
        """No figure of the right length: missing, with the latest other figure shown."""
        if self.judged or not self.other:
            return None
        latest = self.other[-1]
        return Judgement.of(MISSING, latest)

    def at(self, period: Period, target: Target, baseline) -> Judgement:
        """A period milestone: judged on the figure for exactly that period."""
        obs = self.by_span.get((period.start, period.end))
        if obs is None:
            return Judgement(MISSING, note=remark("no_figure_for", period=period.text))
        ok, margin = check(target, obs, baseline)
        return Judgement.of(PASS if ok else FAIL, obs, margin)

    def every(self, kind: str, target: Target, baseline) -> Judgement:
        """Each period of ``kind`` from the window's start to its end needs a passing figure."""
        periods = periods_between(kind, self.start, self.until)
        word = dict(kind=kind, kind_zh=KIND_ZH[kind], start=self.start)
        if not periods:
            return Judgement(MISSING, note=remark("every_none_yet", **word))
        failed, absent, margins = [], [], []
        for period in periods:
            obs = self.by_span.get((period.start, period.end))
            if obs is None:
                absent.append(period)
                continue
            ok, margin = check(target, obs, baseline)
            if margin is not None:
                margins.append(margin)
            if not ok:
                failed.append((margin if margin is not None else Decimal(0), obs))
        if failed:
            worst = min(failed, key=lambda item: (item[0], item[1].period.sort_key))[1]
            text = ", ".join(o.period.text for _, o in failed)
            return Judgement(FAIL, worst.value, worst.period, display(min(margins), target),
                             remark("every_fail", k=len(failed), n=len(periods), periods=text,
                                    **word), worst, missed=worst.period)
        newest = self.held.latest
        if absent:
            text = ", ".join(p.text for p in absent)
            j = Judgement.of(MISSING, newest)
            j.margin = None
            j.note = remark("every_missing", k=len(absent), n=len(periods), periods=text,
                            **word)
            return j
        return Judgement.of(PASS, newest, display(min(margins), target) if margins else None,
                            remark("every_pass", n=len(periods), **word))
