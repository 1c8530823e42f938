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
from typing import Optional

from qcity.evaluation.judging import Judgement
from qcity.evaluation.report import Point
from qcity.plan.due import Held, window_start
from qcity.plan.model import Metric, Plan
from qcity.plan.periods import kind_of
from qcity.plan.targets import ChangeTarget

_WINDOWS = ("sustained_pass", "sustained_fail", "every_pass", "every_fail", "every_missing")


def history_points(plan: Plan, metric: Metric, held: Held, j: Judgement, cutoff: date,
                   kind: Optional[str], observations) -> list[Point]:
    """The chart's points, each saying whether the judgement counted it."""
    rule = _Rule(plan, metric, held, j, cutoff, kind)
    return [Point(period=o.period.text, end=o.period.end, value=o.value,
                  counted=rule.counts(o.period)) for o in observations]


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
