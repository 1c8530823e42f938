"""``qcity trend``: one metric's observations over time, its threshold and outlook."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Optional

from pydantic import BaseModel, ConfigDict

from qcity.i18n import label, reason
from qcity.outlook import Outlook
from qcity.report import MetricResult, Num, Point, Report
from qcity.values import format_decimal

BARS = "▁▂▃▄▅▆▇█"


class Trend(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plan: str
    city: str
    metric: str
    name: str
    name_en: Optional[str] = None
    unit: Optional[str] = None
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
    from qcity.periods import parse_period

    return Point(period=b.period, end=parse_period(b.period).end, value=b.value)


def sparkline(values: list[Decimal]) -> str:
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return BARS[len(BARS) // 2] * len(values)
    scale = (len(BARS) - 1) / (high - low)
    return "".join(BARS[int((v - low) * scale + Decimal("0.5"))] for v in values)


def text(trend: Trend, lang: str) -> str:
    zh = lang == "zh"
    name = trend.name_en if not zh and trend.name_en else trend.name
    unit = f" {trend.unit}" if trend.unit and trend.unit not in ("%", "bool") else (
        "%" if trend.unit == "%" else "")
    target = f"{trend.target}{unit}" if trend.target else label("indicator", lang)
    lines = [f"{name} ({trend.metric}) · {trend.city}",
             f"{label('target', lang)}: {target} · {'期限' if zh else 'due'} {trend.due} · "
             f"{label('evaluated_at', lang)} {trend.evaluated_at} · "
             f"{label('status', lang)}: {label(trend.status, lang)}", ""]
    points = ([trend.baseline] if trend.baseline else []) + trend.observations
    values = [Decimal(p.value) for p in points]
    if not values:
        lines.append("没有观测值" if zh else "no observations")
    else:
        width = max(len(p.period) for p in points)
        for point, value in zip(points, values):
            if point is trend.baseline:
                lines.append(f"  {point.period:<{width}}  {format_decimal(value):>10}  "
                             f"({label('baseline', lang)})")
                continue
            mark = ""
            if trend.threshold is not None and trend.target and not trend.target.startswith(
                    ("increase", "decrease")):
                from qcity.targets import parse_target

                ok = parse_target(trend.target.split(" @")[0]).passes(value)
                mark = "  ✓" if ok else "  ✗"
            lines.append(f"  {point.period:<{width}}  {format_decimal(value):>10}{mark}")
        lines += ["", f"  {sparkline(values)}  {format_decimal(values[0])} → "
                      f"{format_decimal(values[-1])}"]
    if trend.outlook is not None:
        o = trend.outlook
        line = f"{label('outlook', lang)}: {label('outlook.' + o.status, lang)}"
        if o.ratio is not None:
            line += f" (R = {o.ratio:.2f})"
        lines += ["", line]
        if o.required_rate is not None:
            need = "需要" if zh else "needs"
            got = "实际" if zh else "achieved"
            per = "%/年" if zh else " %/yr"
            lines.append(f"  {need} {o.required_rate:+.2f}{per}, {got} {o.observed_rate:+.2f}{per} "
                         f"{'自' if zh else 'since'} {o.base_period} ({o.base_value:g}) "
                         f"→ {o.threshold:g} {'于' if zh else 'by'} {o.deadline}")
        if o.coefficient is not None:
            lines.append(f"  {label('limit_note', lang, limit=f'{o.limit:g}', c=f'{o.coefficient:.2f}')}")
        if o.reason:
            lines.append(f"  {reason(o, lang)}")
    return "\n".join(lines) + "\n"


def csv_text(trend: Trend) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["metric", "city", "period", "end", "value", "threshold"])
    for p in trend.observations:
        writer.writerow([trend.metric, trend.city, p.period, p.end.isoformat(),
                         format_decimal(Decimal(p.value)),
                         format_decimal(Decimal(trend.threshold)) if trend.threshold is not None
                         else ""])
    return out.getvalue()
