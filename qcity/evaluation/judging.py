"""Judging one metric's figures against one target: the rules of what counts.

The engine (``qcity.evaluation.engine``) decides which target a metric is held
to and when; this module judges the latest figure (unless it is too old for
``max_age``: then the metric is missing and the stale figure is shown) and,
``mode: sustained``, every figure in the window.  Series metrics (every period,
period milestones, period lengths, comparisons, sub-units) are judged by
``qcity.evaluation.series``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Optional

from qcity.actuals.series import Summary
from qcity.evaluation.construct import construct
from qcity.evaluation.report import FAIL, MISSING, PASS, Remark
from qcity.plan.due import max_age
from qcity.plan.model import Metric, Plan
from qcity.plan.periods import Period, add_age
from qcity.plan.targets import ChangeTarget, Target
from qcity.values import cents, figure
KIND_ZH = {"year": "年度", "half": "半年度", "quarter": "季度", "month": "月度", "day": "日",
           None: "不定期"}


def remark(code: str, **args) -> Remark:
    # figures as reports write them (1×10⁻⁴⁰, never 1E-40): a remark's args are its words
    return construct(Remark, code=code, args={
        k: figure(v) if isinstance(v, Decimal) else str(v) for k, v in args.items()})


class Judgement:
    """The standing of one metric against one target at one date."""

    __slots__ = ("standing", "actual", "period", "margin", "note", "obs", "missed", "threshold",
                 "base", "newest")

    def __init__(self, standing: Optional[str], actual=None, period: Optional[Period] = None,
                 margin: Optional[Decimal] = None, note: Optional[Remark] = None, obs=None,
                 missed: Optional[Period] = None):
        self.standing, self.actual, self.period = standing, actual, period
        self.margin, self.note, self.obs = margin, note, obs
        self.missed = missed  # a period already missed for good (sustained, every)
        self.threshold = None  # the bar it was held to, when it moves (a comparison)
        self.base = None  # the observation a period-over-period change was measured from
        self.newest = None  # a passing window showing its closest figure: the newest one

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
        if target.relative and baseline == 0:  # the data's baseline figure: no % change of 0
            return Judgement.of(MISSING, latest, note=remark(
                "baseline_zero", period=metric.baseline.span.text))
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
    # shown: the figure that decides a sustained target, the one closest to it, with its
    # own margin (the newest, when no figure has a margin: yes/no targets)
    newest = summary.latest_in_window
    shown = tally.closest if tally.closest is not None else newest
    out = Judgement.of(PASS, shown, display(tally.min_margin, target),
                       remark("sustained_pass", n=summary.in_window, start=start))
    out.newest = newest
    return out


def closest_note(j: "Judgement", unit: Optional[str]) -> Optional[Remark]:
    """When a passing window shows its closest figure, not its newest: say so, and give
    the newest (an inspector looks for both)."""
    newest = j.newest
    if j.obs is None or newest is None or newest is j.obs or newest.period == j.obs.period:
        return None
    return remark("closest_shown", period=j.period.text, latest=newest.period.text,
                  value=newest.value, unit=unit or "")
