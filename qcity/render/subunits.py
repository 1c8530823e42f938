"""The sub-units (县区) behind a metric made from their figures (``aggregate:``), as
reports show them: a count's or share's target with its count word (``≥3个县区``,
``≥40%的县区``), and a 县区明细 block under the table giving each sub-unit's figure,
whether it meets the condition (✓/✗) and which have no figure."""

from __future__ import annotations

from typing import Optional, Sequence

from qcity.evaluation.report import MetricResult
from qcity.i18n import label
from qcity.render import wording

YES, NO, NONE = "✓", "✗", "—"


def counted(phrase: str, how: Optional[str], lang: str, milestone: Optional[str] = None) -> str:
    """A share's or count's target with what it counts (``≥3个县区``, ``≥40%的县区``;
    ``≥ 3 sub-units``, ``≥ 40% of sub-units``), its milestone after; other targets as
    they are."""
    if how not in ("share", "count"):
        return phrase + (label("milestone_of", lang, stage=milestone) if milestone else "")
    phrase += label("subunits." + how, lang)
    return phrase + (label("milestone_of", lang, stage=milestone) if milestone else "")


def shown(metrics: Sequence[MetricResult]) -> list[MetricResult]:
    """Those of ``metrics`` (in the table's order, :func:`qcity.render.cells.ordered`)
    whose sub-units a report lists."""
    return [m for m in metrics if m.subunits]


def condition_text(m: MetricResult, lang: str) -> str:
    """What ✓ means for the metric (``≥90分``, ``达成``, each sub-unit's target for
    ``every``); '' where the sub-units are not judged one by one (mean, min, max)."""
    agg = m.aggregate
    if agg is None:
        return ""
    if agg.condition is not None:
        return wording.target_phrase(agg.condition, agg.unit, m.unit_en, lang)
    if agg.how == "every" and m.target is not None:
        return wording.target_phrase(m.target, agg.unit, m.unit_en, lang)
    return ""


def figure_text(m: MetricResult, value, lang: str) -> str:
    """A sub-unit's figure: ``91``, ``94.9%``, ``是``; ``—`` for none."""
    if value is None:
        return NONE
    if isinstance(value, bool):
        return label("yes" if value else "no", lang)
    unit = m.aggregate.unit if m.aggregate is not None else m.unit
    text = wording.number(value)
    return f"{text}%" if unit == "%" else text


def cell(m: MetricResult, name: str, lang: str) -> str:
    """A sub-unit's figure and mark: ``91 ✓``, ``89.9 ✗``, ``96``, ``—``."""
    part = next((s for s in m.subunits or () if s.name == name), None)
    if part is None or part.value is None:
        return NONE
    mark = "" if part.passes is None else " " + (YES if part.passes else NO)
    return figure_text(m, part.value, lang) + mark


def heading(m: MetricResult, lang: str) -> str:
    """``各县区产品抽检合格率（2015年；✓ = ≥95%）``."""
    parts = [wording.period_text(m.period, lang)] if m.period else []
    condition = condition_text(m, lang)
    if condition:
        parts.append(f"{YES} = {condition}")
    sep = "；" if lang == "zh" else "; "
    return m.label(lang) + (wording.paren(sep.join(parts), lang) if parts else "")


def line(m: MetricResult, lang: str) -> str:
    """One metric's sub-units on a line: ``…：甲县 91 ✓、乙县 90 ✓；没有数据：戊区``."""
    sep = "、" if lang == "zh" else ", "
    figures = [f"{s.name} {cell(m, s.name, lang)}" for s in m.subunits if s.value is not None]
    missing = [s.name for s in m.subunits if s.value is None]
    text = sep.join(figures)
    if missing:
        text += ("；" if lang == "zh" else "; ") if figures else ""
        text += label("subunits.none", lang) + wording.colon(lang) + sep.join(missing)
    return heading(m, lang) + wording.colon(lang) + text


def lines(metrics: Sequence[MetricResult], lang: str) -> list[str]:
    return [line(m, lang) for m in shown(metrics)]


def names(metrics: Sequence[MetricResult]) -> list[str]:
    """Every sub-unit of the metrics, in the plan's order (first seen)."""
    seen: dict[str, None] = {}
    for m in metrics:
        for s in m.subunits or ():
            seen.setdefault(s.name)
    return list(seen)


def matrix(metrics: Sequence[MetricResult], lang: str) -> tuple[list[str], list[list[str]]]:
    """A table of sub-units (rows) by metric (columns): header and rows; ([], []) when
    none of ``metrics`` has sub-units to list."""
    metrics = shown(metrics)
    if not metrics:
        return [], []
    header = [label("subunit", lang)] + [heading(m, lang) for m in metrics]
    rows = [[name] + [cell(m, name, lang) for m in metrics] for name in names(metrics)]
    return header, rows


def legend(lang: str) -> str:
    """``✓ 达到条件　✗ 未达到　— 没有数据``."""
    sep = "　" if lang == "zh" else "  "
    return sep.join(f"{mark} {label(key, lang)}" for mark, key in
                    ((YES, "subunits.meets"), (NO, "subunits.misses"),
                     (NONE, "subunits.none")))
