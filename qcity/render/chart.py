"""What a metric's chart shows, worked out once for the HTML (SVG) and Excel (native
line chart) reports: the points with their period labels, values and whether each
meets the target, the threshold and its label, and the value axis.

The axis always includes the threshold and is chosen the way a reader expects:
from zero when the figures are not far from zero (counts growing from a small
base), otherwise around the figures but never narrower than a tenth of their size
(so 89.5 → 92.0 is a gentle rise, not a cliff), with round tick steps (1, 2, 2.5,
5 × 10ⁿ), and never past 100 for a percentage that stays within it.  Series are
bounded: a report keeps each metric's latest ``CHART_POINTS`` observations (see
``qcity.render.CHART_POINTS``) and the chart says how many there were in all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Optional

from qcity.i18n import label
from qcity.evaluation.report import MetricResult, Report
from qcity.render import cells, wording

_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


@dataclass
class Chart:
    title: str
    labels: list[str]  # a period a point, as written
    values: list[Decimal]
    texts: list[str]  # each value as the table shows it (97.9%)
    meets: list[Optional[bool]]  # each point against the target (None: not judged)
    counted: list[bool]  # whether the judgement counted the point (the engine's Point.counted)
    threshold: Optional[Decimal]
    threshold_text: str  # "目标 ≥90%"
    threshold_short: str  # "≥90%": beside the line's end
    low: Decimal
    high: Decimal
    step: Decimal
    percent: bool
    total: int  # observations in all; len(values) of them are drawn
    ticks: list[Decimal] = field(default_factory=list)
    # a comparison: the bar of each point's period (the compared figure + offset), None
    # where unknown; empty when the bar is one level
    bars: list[Optional[Decimal]] = field(default_factory=list)
    legend: dict = field(default_factory=dict)  # the legend's words (see legend_words)

    def caption(self, lang: str) -> str:
        if self.total > len(self.values):
            return label("chart_recent", lang, n=len(self.values), total=self.total)
        return ""

    def tick_text(self, value: Decimal) -> str:
        text = wording.number(value.normalize(), worked_out=True)
        return text + "%" if self.percent else text


def legend_words(lang: str) -> dict:
    """The legend's entries in ``lang``: a point that meets the target (True), misses it
    (False), is not judged (None), was not counted ("uncounted"); the threshold."""
    return {True: label("chart.meets", lang), False: label("chart.misses", lang),
            None: label("chart.not_judged", lang), "uncounted": label("chart.uncounted", lang),
            "threshold": label("threshold", lang)}


def level_threshold(m: MetricResult) -> Optional[Decimal]:
    """The level the metric's figures must reach, the bar pass/fail uses: a range's
    lower end, a tolerance's relaxed bar, a comparison's bar for the period shown (the
    compared figure plus the offset), a change target's level worked out from its
    baseline; None for yes/no targets and indicators."""
    target = _target(m)
    if target is None:
        return None
    kind = getattr(target, "kind", None)
    if kind == "change":
        if m.baseline is None or m.baseline.value is None or m.against is not None:
            return None
        return target.level_threshold(Decimal(m.baseline.value))
    if kind in ("level", "range", "about"):
        return target.pass_line
    if kind == "reference" and m.threshold is not None:
        return Decimal(m.threshold)
    return None


def _target(m: MetricResult):
    return _parsed(m.target)


@lru_cache(maxsize=1024)
def _parsed(text: Optional[str]):
    if text is None or text == "achieved":
        return None
    from qcity.plan.targets import parse_target

    try:
        return parse_target(text)
    except ValueError:
        return None


def nice_step(span: Decimal) -> Decimal:
    """The round step (1, 2, 2.5, 5 × 10ⁿ) that cuts ``span`` into about four parts."""
    rough = span / 4
    power = Decimal(1).scaleb(rough.adjusted())
    for step in _STEPS:
        if step * power >= rough:
            return step * power
    return 10 * power  # pragma: no cover - _STEPS ends at 10


def axis(values: list[Decimal], threshold: Optional[Decimal],
         percent: bool) -> tuple[Decimal, Decimal, Decimal]:
    """(low, high, step) of the value axis: see the module doc."""
    points = values + ([threshold] if threshold is not None else [])
    low, high = min(points), max(points)
    if low >= 0 and low <= high / 2:
        low = Decimal(0)  # figures not far from zero: the axis starts there
    least = max(abs(high), abs(low)) / 10
    if high - low < least:  # a small move must not look like a cliff
        middle = (high + low) / 2
        low, high = middle - least / 2, middle + least / 2
    if high == low:  # everything zero
        high = low + 1
    pad = (high - low) / 10
    floor_zero = min(points) >= 0
    low, high = low - (pad if low != 0 else 0), high + pad
    if floor_zero and low < 0:
        low = Decimal(0)
    if percent and max(points) <= 100 and high > 100:
        high = Decimal(100)
    step = nice_step(high - low)
    low = (low / step).to_integral_value(ROUND_FLOOR) * step
    high = (high / step).to_integral_value(ROUND_CEILING) * step
    return low, high, step


def chart_of(m: MetricResult, lang: str, report: Optional[Report] = None) -> Optional[Chart]:
    """The chart of one metric, or None when it has no numeric observation."""
    points = [p for p in m.history or [] if not isinstance(p.value, bool)]
    if not points:
        return None
    values = [Decimal(p.value) for p in points]
    threshold = level_threshold(m)
    bars = [None if p.bar is None else Decimal(p.bar) for p in points]
    if not any(b is not None for b in bars):
        bars = []
    else:  # labelled at its end: the latest period's bar
        threshold = next(b for b in reversed(bars) if b is not None)
    percent = m.unit == "%"
    low, high, step = axis(values + [b for b in bars if b is not None], threshold, percent)
    ticks, tick = [], low
    while tick <= high:
        ticks.append(tick)
        tick += step
    threshold_text = short = ""
    if threshold is not None:
        kind = getattr(_target(m), "kind", None)
        level = kind == "level"
        # a level as the plan writes it; a change target's level, a tolerance's relaxed
        # bar and a comparison's bar are worked out
        short = (wording.number(threshold) if level
                 else wording.number(threshold.normalize(), worked_out=True)) \
            + ("%" if percent else "")
        if kind != "change":
            op = wording.op_symbol(_target(m).op, lang)
            short = f"{op}{short}"
            threshold_text = f"{label('target', lang)} {cells.target_text(m, lang, report)}"
        else:  # a change target: the level it comes to
            threshold_text = f"{label('threshold', lang)} {short}"
    counted = [p.counted for p in points]  # the engine says which figures it counted
    return Chart(title=m.label(lang), labels=[p.period for p in points], values=values,
                 texts=[cells.value_text(m, v, lang) for v in values],
                 meets=[p.meets if c else None for p, c in zip(points, counted)],
                 counted=counted, threshold=threshold,
                 threshold_text=threshold_text, threshold_short=short, low=low, high=high, step=step,
                 percent=percent, total=max(m.observations, len(points)), ticks=ticks,
                 bars=bars, legend=legend_words(lang))
