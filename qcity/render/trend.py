"""``qcity trend`` as text (observations, sparkline, outlook) or CSV."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from qcity.evaluation.trend import Trend
from qcity.i18n import label, reason
from qcity.plan.targets import parse_target
from qcity.values import format_decimal

BARS = "▁▂▃▄▅▆▇█"


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
