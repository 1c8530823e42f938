"""How a metric's target is said in a report: the plan's words for it, a comparison by
the other metric's name and the figure compared with, the change each period as the
plan says it (比上年, 同比, 逐年)."""

from __future__ import annotations

from typing import Optional

from qcity.evaluation.report import MetricResult, Report
from qcity.render import subunits, wording


def target_text(m: MetricResult, lang: str, report: Optional[Report] = None) -> str:
    milestone = None
    if m.milestone:
        milestone = m.milestone
        if report is not None and report.stage.id == m.milestone:
            milestone = stage_name(report, lang)
    return phrase(m.target, m.unit, m.unit_en, lang, milestone,
                  how=m.aggregate.how if m.aggregate is not None else None, against=m.against,
                  kind=wording.period_kind(m.period), name_of=_names(report, lang),
                  compared=m.threshold)


def phrase(target: Optional[str], unit, unit_en, lang: str, milestone: Optional[str] = None,
           how: Optional[str] = None, **words) -> str:
    """A target in words (:func:`target_text` for a report's metric; ``qcity trend`` too)."""
    if how in ("share", "count") and target is not None:  # ≥3个县区: the count word after the figure
        return subunits.counted(wording.target_phrase(target, unit, unit_en, lang), how, lang,
                                milestone)
    return wording.target_phrase(target, unit, unit_en, lang, milestone, **words)


def _names(report: Optional[Report], lang: str):
    """The name of another metric of the report (a comparison names it), by id."""
    if report is None:
        return None

    def name_of(ref: str) -> Optional[str]:
        other = next((x for x in report.metrics if x.id == ref), None)
        return other.label(lang) if other is not None else None
    return name_of


def stage_name(report: Report, lang: str) -> str:
    st = report.stage
    return st.name_en if lang == "en" and st.name_en else st.name
