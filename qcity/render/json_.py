"""JSON: the report model's own serialisation; several plans make an array.

The text is written by :mod:`qcity.render.json_text`, which gives exactly what
``model_dump_json(indent=2)`` gives, faster and at any indentation, so a plan
over thousands of cities streams a report at a time (:class:`ScoreboardWriter`).
"""

from __future__ import annotations

import json

from qcity.evaluation.report import Report
from qcity.render.json_text import report_text, value_text


def _lang(model, lang: str | None) -> str:
    plan = getattr(model, "plan", None)
    return lang or getattr(plan, "lang", None) or "zh"


def dump(model, lang: str | None, indent: int | None = 2) -> str:
    """A report (or scoreboard) as JSON, its texts for people (``note``, an outlook's
    ``reason``) in ``lang``, else in the plan's language; codes and data as they are."""
    return model.model_dump_json(indent=indent, context={"lang": _lang(model, lang)})


def render(report: Report, lang: str | None = None) -> str:
    return report_text(report, "", _lang(report, lang)) + "\n"


def render_many(reports: list[Report], lang: str | None = None) -> str:
    if len(reports) == 1:
        return render(reports[0], lang)
    items = [json.loads(dump(r, lang, None)) for r in reports]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def render_scoreboard(board, lang: str | None = None) -> str:
    return dump(board, lang) + "\n"


class ScoreboardWriter:
    """``{"plan": …, "reports": […]}`` a report at a time, so a national run never holds
    every city's report in memory.  :meth:`section` is pure (a forked process may make
    the sections of half the cities); the caller writes the texts in city order, with a
    comma before every one but the first."""

    def __init__(self, plan_info, lang: str | None = None):
        self.plan_info = plan_info
        self.lang = lang or plan_info.lang

    def head(self) -> str:
        return '{\n  "plan": ' + value_text(self.plan_info, "  ") + ',\n  "reports": ['

    def section(self, report: Report) -> str:
        return "\n    " + report_text(report, "    ", self.lang)

    @staticmethod
    def tail(count: int) -> str:
        return ("\n  " if count else "") + "]\n}\n"
