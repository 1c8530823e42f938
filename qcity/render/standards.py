"""The standards behind targets (a metric's ``standard:``, GB 3095-2012 二级) as reports
show them: a footnote mark in the target cell (``≤35 µg/m³¹``) and a list of the marks
under the table, so a table is not widened for the few metrics that cite one.  Metrics
citing the same standard share its mark; marks run in the table's order."""

from __future__ import annotations

from typing import Sequence

from qcity.evaluation.report import MetricResult
from qcity.render import wording

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _numbers(metrics: Sequence[MetricResult]) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for m in metrics:
        if m.standard:
            numbers.setdefault(m.standard, len(numbers) + 1)
    return numbers


def _mark(number: int) -> str:
    return str(number).translate(_SUPERSCRIPT)


def mark(m: MetricResult, metrics: Sequence[MetricResult]) -> str:
    """The target's footnote mark (``¹``) among ``metrics`` in the table's order
    (:func:`qcity.render.cells.ordered`), '' for a metric citing no standard."""
    if not m.standard:
        return ""
    return _mark(_numbers(metrics)[m.standard])


def marked(text: str, mark: str) -> str:
    """A target with its mark; after a unit ending in a power (µg/m³) a space keeps
    ``m³¹`` from reading as one exponent."""
    if mark and text and text[-1] in "⁰¹²³⁴⁵⁶⁷⁸⁹":
        return f"{text} {mark}"
    return text + mark


def notes(metrics: Sequence[MetricResult]) -> list[tuple[str, str]]:
    """``[(¹, GB 3095-2012 二级), …]``: each standard the metrics cite, by its mark."""
    return [(_mark(n), standard) for standard, n in _numbers(metrics).items()]


def lines(metrics: Sequence[MetricResult]) -> list[str]:
    """:func:`notes` as lines: ``¹ GB 3095-2012 二级``."""
    return [f"{mark} {standard}" for mark, standard in notes(metrics)]


def beside(m: MetricResult, lang: str) -> str:
    """The standard written beside a target where there is no room for a note list (a
    spreadsheet's cell): ``（GB 3095-2012 二级）``, '' for none."""
    return wording.paren(m.standard, lang) if m.standard else ""
