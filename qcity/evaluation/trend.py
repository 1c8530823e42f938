"""One metric's observations over time, its threshold and outlook (``qcity trend``)."""

from __future__ import annotations

from datetime import date
from typing import Optional

from pydantic import BaseModel, ConfigDict

from qcity.evaluation.outlook import Outlook
from qcity.evaluation.report import MetricResult, Num, Point, Report
from qcity.plan.periods import parse_period


class Trend(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plan: str
    city: str
    city_en: Optional[str] = None
    metric: str
    name: str
    name_en: Optional[str] = None
    unit: Optional[str] = None
    unit_en: Optional[str] = None
    target: Optional[str] = None
    against: Optional[str] = None  # a change each period: "previous" or "year-ago"
    how: Optional[str] = None  # a figure made from sub-units' (aggregate:): share, count, …
    milestone: Optional[str] = None  # the milestone held to: its period or stage's name
    milestone_en: Optional[str] = None
    reference: Optional[str] = None  # a comparison: the other metric's name
    reference_en: Optional[str] = None
    threshold: Optional[Num] = None
    due: date
    evaluated_at: date
    status: str
    baseline: Optional[Point] = None  # from the plan, when the data does not hold it
    observations: list[Point]
    outlook: Optional[Outlook] = None

    @classmethod
    def of(cls, report: Report, result: MetricResult) -> "Trend":
        stage = report.stage if result.milestone and report.stage.id == result.milestone \
            else None
        return cls(plan=report.plan.id, city=report.plan.city, city_en=report.plan.city_en,
                   metric=result.id, how=result.aggregate.how if result.aggregate else None,
                   milestone=stage.name if stage else result.milestone,
                   milestone_en=(stage.name_en or stage.name) if stage else result.milestone,
                   name=result.name, name_en=result.name_en, unit=result.unit,
                   unit_en=result.unit_en,
                   target=result.target, against=result.against,
                   **_reference(report, result), threshold=result.threshold, due=result.due,
                   evaluated_at=report.evaluated_at, status=result.status,
                   baseline=_baseline_point(result), observations=result.history or [],
                   outlook=result.outlook)


def _reference(report: Report, result: MetricResult) -> dict:
    """The name of the metric a comparison target names (高于全省平均: the province's)."""
    from qcity.plan.targets import ReferenceTarget, parse_target

    try:
        target = parse_target(result.target) if result.target else None
    except ValueError:
        return {}
    if not isinstance(target, ReferenceTarget):
        return {}
    other = next((m for m in report.metrics if m.id == target.ref), None)
    return {} if other is None else {"reference": other.name, "reference_en": other.name_en}


def _baseline_point(result: MetricResult) -> Optional[Point]:
    b = result.baseline
    if b is None or b.value is None or b.origin != "plan":
        return None
    if any(p.period == b.period for p in result.history or []):
        return None  # the data holds the baseline period itself
    return Point(period=b.period, end=parse_period(b.period).end, value=b.value)
