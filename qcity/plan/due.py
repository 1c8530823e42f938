"""What a plan holds a metric to at a date: its final target or a milestone, and when.

A plan's targets fall due at dates: the final target at the metric's deadline
(``due``, default the last stage's end), a milestone at the end of its stage
(``implement: ">= 70"``) or of its period (``"2014": ">= 80"``).  At a
judgement date a metric is held to its final target once the deadline has
come, else to its most recent milestone that has come, else it is not yet due.
Also here: the period length a metric's target is about, how long a figure
stays current, and where a sustained or every-period window starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Optional

from qcity.plan.model import Metric, Plan, Stage, resolve_due
from qcity.plan.periods import Period, parse_age, parse_period, plan_date
from qcity.plan.targets import Target

DEFAULT_AGE = (1, "year")  # last year's annual figure counts throughout this year


@dataclass(frozen=True)
class Held:
    """The target a metric is held to at a judgement date."""

    target: Optional[Target]
    due: bool
    when: date  # the day that target falls due (deadline or milestone's end)
    milestone: Optional[str] = None  # the milestone's key (a stage id or a period)
    period: Optional[Period] = None  # a period milestone: judged on that period's figure only


def milestone_dates(plan: Plan, metric: Metric) -> list[tuple[date, str, Optional[Period]]]:
    """(due day, key, period or None) of each milestone, in plan order."""
    out = []
    stages = {s.id: s for s in plan.stages}
    for key in metric.milestones:
        stage = stages.get(key)
        if stage is not None:
            out.append((stage.end, key, None))
        else:
            period = parse_period(key)
            out.append((period.end, key, period))
    return out


def held_to(plan: Plan, metric: Metric, judged: date) -> Held:
    """The final target once its deadline is on or before ``judged``, else the milestone
    due most recently by then (a tie goes to the later one in the plan), else not due."""
    deadline = plan.deadline(metric)
    if metric.target is None:
        return Held(None, False, deadline)
    if deadline <= judged:
        return Held(metric.target, True, deadline)
    best = None
    for when, key, period in milestone_dates(plan, metric):
        if when <= judged and (best is None or when >= best[0]):
            best = (when, key, period)
    if best is None:
        return Held(metric.target, False, deadline)
    when, key, period = best
    return Held(metric.milestones[key], True, when, key, period)


def period_kind(plan: Plan, metric: Metric) -> Optional[str]:
    """The length of period a metric's target is about: its own, its ``every``, the plan's."""
    return metric.period or metric.every or plan.period


def max_age(plan: Plan, metric: Metric) -> Optional[tuple[int, str]]:
    """How long a figure counts after its period ends; None: no limit."""
    text = metric.max_age or plan.max_age
    return DEFAULT_AGE if text is None else _age(text)


@lru_cache(maxsize=256)
def _age(text: str) -> Optional[tuple[int, str]]:
    return parse_age(text)


def window_start(plan: Plan, metric: Metric) -> date:
    """Where a sustained or every-period window starts: ``from`` (a stage or a date),
    else the first stage's start."""
    if metric.from_ is None:
        return plan.stages[0].start
    for stage in plan.stages:
        if stage.id == metric.from_:
            return stage.start
    return plan_date(metric.from_)


def current_stage(plan: Plan, day: date) -> tuple[Stage, str]:
    """The stage a day falls in and how: current, before (the first stage), between
    (the last stage that started), after (the plan has ended: the last stage)."""
    stages = plan.stages
    if day < stages[0].start:
        return stages[0], "before"
    for stage in stages:
        if stage.start <= day <= stage.end:
            return stage, "current"
    if day > stages[-1].end:
        return stages[-1], "after"
    started = [s for s in stages if s.start <= day]
    return started[-1], "between"


def horizon(plan: Plan) -> date:
    """The last day anything in the plan falls due: no figure after it judges the plan."""
    last = plan.stages[-1].end
    for metric in plan.metrics:
        if metric.target is None:
            continue
        last = max(last, plan.deadline(metric))
        for when, _, _ in milestone_dates(plan, metric):
            last = max(last, when)
    return last


__all__ = ["Held", "held_to", "milestone_dates", "period_kind", "max_age", "window_start",
           "current_stage", "horizon", "resolve_due", "DEFAULT_AGE"]
