"""``qcity trend`` as text (observations, sparkline, outlook) or CSV."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from wcwidth import wcswidth

from qcity.evaluation.trend import Trend
from qcity.render import targets, wording
from qcity.safetext import formula_safe, inert
from qcity.i18n import label, reason
from qcity.values import figure, float_figure, format_decimal

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
    trend = inert(trend)
    zh = lang == "zh"
    name = trend.name_en if not zh and trend.name_en else trend.name
    kind = wording.period_kind(trend.observations[-1].period) if trend.observations else None
    reference = (trend.reference_en if not zh and trend.reference_en else trend.reference)
    target = targets.phrase(trend.target, trend.unit, trend.unit_en, lang,
                            trend.milestone if zh else trend.milestone_en, how=trend.how,
                            against=trend.against, kind=kind,
                            name_of=lambda ref: reference, compared=trend.threshold)
    sep = wording.colon(lang)
    city = trend.city_en if not zh and trend.city_en else trend.city
    lines = [f"{name} ({trend.metric}) · {city}",
             f"{label('target', lang)}{sep}{target} · {'期限' if zh else 'due'} "
             f"{wording.date_text(trend.due, lang)} · "
             f"{label('evaluated_at', lang)} {wording.date_text(trend.evaluated_at, lang)} · "
             f"{label('status', lang)}{sep}{label(trend.status, lang)}", ""]
    points = ([trend.baseline] if trend.baseline else []) + trend.observations
    if not points:
        lines.append("没有观测值" if zh else "no observations")
    else:
        periods = [wording.period_text(p.period, lang) for p in points]
        width = max(wcswidth(p) for p in periods)
        for point, period in zip(points, periods):
            pad = " " * (width - wcswidth(period))
            shown = _value(point.value, lang)
            shown = " " * max(0, 10 - wcswidth(shown)) + shown
            if point is trend.baseline:
                lines.append(f"  {period}{pad}  {shown}  ({label('baseline', lang)})")
                continue
            # as the engine judged it: the period's own milestone, a comparison with that
            # period's figure, a tolerance's relaxed bar, a range's lower end
            mark = "" if point.meets is None else "  ✓" if point.meets else "  ✗"
            lines.append(f"  {period}{pad}  {shown}{mark}")
        values = [Decimal(p.value) for p in points if not isinstance(p.value, bool)]
        if values:
            lines += ["", f"  {sparkline(values)}  {figure(values[0])} → {figure(values[-1])}"]
    if trend.outlook is not None:
        o = trend.outlook
        line = f"{label('outlook', lang)}{sep}{label('outlook.' + o.status, lang)}"
        if o.ratio is not None:
            line += wording.paren(f"R = {o.ratio:.2f}", lang)
        lines += ["", line]
        if o.required_rate is not None:
            if zh:
                lines.append(f"  需年均 {_rate(o.required_rate)}%，实际年均 {_rate(o.observed_rate)}%"
                             f"（自{wording.period_text(o.base_period, lang)}的 "
                             f"{float_figure(o.base_value)}，于{wording.date_text(o.deadline, lang)}"
                             f"前达到 {float_figure(o.threshold)}）")
            else:
                lines.append(f"  needs {_rate(o.required_rate)} %/yr, achieved "
                             f"{_rate(o.observed_rate)} %/yr since {o.base_period} "
                             f"({float_figure(o.base_value)}) → {float_figure(o.threshold)} by "
                             f"{o.deadline}")
        if o.coefficient is not None:
            lines.append(f"  {label('limit_note', lang, limit=float_figure(o.limit), c=f'{o.coefficient:.2f}')}")
        if o.reason:
            lines.append(f"  {reason(o, lang)}")
    return "\n".join(lines) + "\n"


def _value(value, lang: str) -> str:
    if isinstance(value, bool):
        return label("yes" if value else "no", lang)
    return figure(Decimal(value))


def _rate(rate: float) -> str:
    return float_figure(rate, places=2, sign=True)


def csv_text(trend: Trend) -> str:
    """The observations as CSV; every text cell is made inert and formula-safe, so a city
    or metric named ``=HYPERLINK(…)`` stays text in Excel."""
    trend = inert(trend)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["metric", "city", "period", "end", "value", "threshold"])
    threshold = format_decimal(Decimal(trend.threshold)) if trend.threshold is not None else ""
    for p in trend.observations:
        value = ("yes" if p.value else "no") if isinstance(p.value, bool) else \
            format_decimal(Decimal(p.value))
        writer.writerow([formula_safe(trend.metric), formula_safe(trend.city),
                         formula_safe(p.period), p.end.isoformat(), value, threshold])
    return out.getvalue()
