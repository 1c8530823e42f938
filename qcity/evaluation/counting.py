"""Which figures of a metric's history its judgement counted (the charts grey the rest).

The engine knows every figure it set aside, and says so here rather than leaving a
renderer to read it back out of the remarks: a figure ending after the day the target
was judged by, one of another length than the target is about, one too old to stand
(stale), the baseline and anything before it for a change target, anything before a
sustained or every-period window, and any period but a period milestone's own.  An
indicator, or a target not yet due, judges nothing: its figures are all "counted"
(drawn as they stand against the target).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Optional

from qcity.evaluation.judging import Judgement
from qcity.evaluation.report import FAIL, PASS, Point
from qcity.plan.due import Held, milestone_dates, window_start
from qcity.plan.model import Metric, Plan
from qcity.plan.periods import kind_of
from qcity.plan.targets import AchievedTarget, ChangeTarget, ReferenceTarget

_WINDOWS = ("sustained_pass", "sustained_fail", "every_pass", "every_fail", "every_missing",
            "every_fail_missing")


def history_points(plan: Plan, metric: Metric, held: Held, j: Judgement, cutoff: date,
                   kind: Optional[str], observations, meets=None) -> list[Point]:
    """The chart's points, each saying whether the judgement counted it and (``meets``,
    see :func:`point_judge`) whether it meets the target its period is judged by."""
    rule = _Rule(plan, metric, held, j, cutoff, kind)
    out = []
    for o in observations:
        ok, bar = meets(o) if meets else (None, None)
        out.append(Point(period=o.period.text, end=o.period.end, value=o.value,
                         counted=rule.counts(o.period), meets=ok, bar=bar))
    return out


def point_judge(plan: Plan, metric: Metric, held: Held, series, baseline):
    """``meets(observation)``: (whether one figure meets the target its period is judged
    by, the bar of its period for a comparison), as the engine judges it: a period milestone's own target for that period's
    figure (2013年40%: the 2013 figure is not held to 2015's 100%), else the target
    held; a comparison against the compared figure of the same period, a tolerance at
    its relaxed bar, a range at its lower end.  None where it cannot be said."""
    own = {(p.start, p.end): metric.milestones[key]
           for _, key, p in milestone_dates(plan, metric) if p is not None}

    def meets(obs) -> tuple[Optional[bool], Optional[Decimal]]:
        target = own.get((obs.period.start, obs.period.end), held.target)
        if target is None or (isinstance(obs.value, bool)
                              and not isinstance(target, AchievedTarget)):
            return None, None
        if series is not None:
            j = series.check(target, obs, baseline)
            bar = j.threshold if isinstance(target, ReferenceTarget) else None
            return {PASS: True, FAIL: False}.get(j.standing), bar
        if isinstance(target, ReferenceTarget):
            return None, None
        if isinstance(target, ChangeTarget):
            if baseline is None or (target.relative and baseline == 0):
                return None, None
            return target.passes(baseline, obs.value), None
        return target.passes(obs.value), None

    return meets


class _Rule:
    def __init__(self, plan, metric, held, j, cutoff, kind):
        self.all = held.target is None or not held.due
        self.cutoff, self.kind = cutoff, kind
        code = j.note.code if j.note is not None else None
        self.stale = j.period if code == "stale" else None
        self.start = window_start(plan, metric) if code in _WINDOWS else None
        self.base_end = None
        if isinstance(held.target, ChangeTarget) and metric.against is None \
                and metric.baseline is not None:
            self.base_end = metric.baseline.span.end
        self.only = held.period

    def counts(self, period) -> bool:
        if self.all:
            return True
        if period.end > self.cutoff:
            return False
        if self.kind is not None and kind_of(period) != self.kind:
            return False
        if self.stale is not None and period[:2] == self.stale[:2]:
            return False
        if self.base_end is not None and period.end <= self.base_end:
            return False
        if self.start is not None and period.end < self.start:
            return False
        return self.only is None or period[:2] == self.only[:2]
