"""A metric's figure made from its sub-units' figures (counties, districts, categories).

For each period the sub-units' figures become one observation of the metric:
their mean, minimum or maximum; for ``every`` the worst of them (the metric
passes only when every sub-unit does); for ``share`` and ``count`` the share
(in %) or number of sub-units whose figure meets the condition.  A share is out
of the plan's ``subunits:`` when it lists them (a county without a figure does
not meet the condition), else out of the sub-units with a figure that period.
A mean, minimum, maximum or every-sub-unit figure needs every listed sub-unit;
a period where one is missing has no figure.  A row without a sub-unit is the
metric's own published figure: it counts for a period without sub-unit rows (a
share or count has none: the reader refuses such a row).  A sub-unit the plan
does not list is never counted (the reader reports it).
Means and shares are rounded to two decimals, as published figures are.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from qcity.actuals.series import Observation
from qcity.evaluation.report import SubunitFigure
from qcity.plan.model import Metric, Plan
from qcity.plan.targets import AchievedTarget

_CENT = Decimal("0.01")


class Parts:
    """The sub-units behind one period's figure, and those without a figure."""

    def __init__(self, period, figures: list[SubunitFigure], missing: list[str]):
        self.period, self.figures, self.missing = period, figures, missing


def aggregate_series(plan: Plan, metric: Metric, observations: list,
                     target) -> tuple[list, dict, list[str]]:
    """(one observation a period, {span: Parts}, periods where both a published figure and
    sub-units' figures exist)."""
    agg = metric.aggregate
    by_period: dict[tuple, dict] = {}
    own: dict[tuple, Observation] = {}
    listed = plan.subunits
    known = set(listed or ())
    for obs in observations:
        span = (obs.period.start, obs.period.end)
        if obs.subunit is None:
            own[span] = obs
        elif not known or obs.subunit in known:
            # out of the plan's sub-units only: a name it does not list (a typo the
            # reader reports) never adds to a share's denominator nor to a count
            by_period.setdefault(span, {})[obs.subunit] = obs
    out, parts, both = [], {}, []
    for span, units in by_period.items():
        first = next(iter(units.values()))
        if span in own:
            both.append(first.period.text)
        names = list(listed) if listed else sorted(units)
        missing = [n for n in names if n not in units]
        value, figures = _combine(agg, target, units, names)
        parts[span] = Parts(first.period, figures, missing)
        if value is None or (missing and agg.how not in ("share", "count")):
            continue
        out.append(Observation(metric.id, first.period, value, first.path, first.line,
                               first.city))
    for span, obs in own.items():
        if span not in by_period:
            out.append(obs)
    return sorted(out, key=lambda o: o.period.sort_key), parts, both


def _combine(agg, target, units: dict, names: list[str]):
    how = agg.how
    figures = []
    if how in ("share", "count"):
        met = 0
        for name in names:
            obs = units.get(name)
            ok = None if obs is None else _meets(agg.condition, obs.value)
            met += bool(ok)
            figures.append(SubunitFigure(name=name, value=obs.value if obs else None,
                                         passes=ok))
        if how == "count":
            return Decimal(met), figures
        total = len(names)
        return (Decimal(100 * met) / total).quantize(_CENT, ROUND_HALF_UP).normalize(), figures
    values = [(name, units[name].value) for name in names if name in units]
    for name in names:
        obs = units.get(name)
        ok = None
        if obs is not None and how == "every" and target is not None and \
                not hasattr(target, "ref"):
            ok = _meets(target, obs.value)
        figures.append(SubunitFigure(name=name, value=obs.value if obs else None, passes=ok))
    if not values:
        return None, figures
    numbers = [v for _, v in values]
    if how == "mean":
        total = sum(numbers, Decimal(0))
        return (total / len(numbers)).quantize(_CENT, ROUND_HALF_UP).normalize(), figures
    if how == "min":
        return min(numbers), figures
    if how == "max":
        return max(numbers), figures
    return _worst(target, numbers), figures


def _worst(target, numbers):
    """every: the sub-unit figure furthest on the wrong side of the target."""
    if isinstance(target, AchievedTarget) or target is None:
        return min(numbers)
    op = target.op
    if op in ("<=", "<"):
        return max(numbers)
    if op == "==" and hasattr(target, "value"):
        return max(numbers, key=lambda v: abs(v - target.value))
    return min(numbers)


def _meets(condition, value) -> Optional[bool]:
    if isinstance(condition, AchievedTarget):
        return value is True
    if isinstance(value, bool):
        return None
    return condition.passes(value)
