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
    metric: str
    name: str
    name_en: Optional[str] = None
    unit: Optional[str] = None
    unit_en: Optional[str] = None
    target: Optional[str] = None
    threshold: Optional[Num] = None
    due: date
    evaluated_at: date
    status: str
    baseline: Optional[Point] = None  # from the plan, when the data does not hold it
    observations: list[Point]
    outlook: Optional[Outlook] = None

    @classmethod
    def of(cls, report: Report, result: MetricResult) -> "Trend":
        return cls(plan=report.plan.id, city=report.plan.city, metric=result.id,
                   name=result.name, name_en=result.name_en, unit=result.unit,
                   unit_en=result.unit_en,
                   target=result.target, threshold=result.threshold, due=result.due,
                   evaluated_at=report.evaluated_at, status=result.status,
                   baseline=_baseline_point(result), observations=result.history or [],
                   outlook=result.outlook)


def _baseline_point(result: MetricResult) -> Optional[Point]:
    b = result.baseline
    if b is None or b.value is None or b.origin != "plan":
        return None
    if any(p.period == b.period for p in result.history or []):
        return None  # the data holds the baseline period itself
    return Point(period=b.period, end=parse_period(b.period).end, value=b.value)
