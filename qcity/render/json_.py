"""JSON: the report model's own serialisation; several plans make an array.

The text is written by :mod:`qcity.render.json_text`, which gives exactly what
``model_dump_json(indent=2)`` gives, faster and at any indentation, so a plan
over thousands of cities streams a report at a time (:class:`ScoreboardWriter`).
"""

from __future__ import annotations

import json

from qcity.evaluation.report import Report
from qcity.render.json_text import report_text, value_text


def render(report: Report, lang: str | None = None) -> str:
    return report_text(report) + "\n"


def render_many(reports: list[Report], lang: str | None = None) -> str:
    if len(reports) == 1:
        return render(reports[0])
    items = [json.loads(r.model_dump_json()) for r in reports]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def render_scoreboard(board, lang: str | None = None) -> str:
    return board.model_dump_json(indent=2) + "\n"


class ScoreboardWriter:
    """``{"plan": …, "reports": […]}`` a report at a time, so a national run never holds
    every city's report in memory.  :meth:`section` is pure (a forked process may make
    the sections of half the cities); the caller writes the texts in city order with
    :meth:`separator` between them."""

    separator = ","

    def __init__(self, plan_info):
        self.plan_info = plan_info

    def head(self) -> str:
        return '{\n  "plan": ' + value_text(self.plan_info, "  ") + ',\n  "reports": ['

    @staticmethod
    def section(report: Report) -> str:
        return "\n    " + report_text(report, "    ")

    @staticmethod
    def tail(count: int) -> str:
        return ("\n  " if count else "") + "]\n}\n"
