"""JSON: the report model's own serialisation; several plans make an array."""

from __future__ import annotations

import json
import textwrap

from qcity.evaluation.report import Report


def render(report: Report, lang: str | None = None) -> str:
    return report.model_dump_json(indent=2) + "\n"


def render_many(reports: list[Report], lang: str | None = None) -> str:
    if len(reports) == 1:
        return render(reports[0])
    items = [json.loads(r.model_dump_json()) for r in reports]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def render_scoreboard(board, lang: str | None = None) -> str:
    return board.model_dump_json(indent=2) + "\n"


class ScoreboardWriter:
    """Writes ``{"plan": …, "reports": […]}`` a report at a time, so a national run
    never holds every city's report in memory."""

    def __init__(self, stream, plan_info):
        self.stream = stream
        self.count = 0
        plan = textwrap.indent(plan_info.model_dump_json(indent=2), "  ").lstrip()
        stream.write('{\n  "plan": ' + plan + ',\n  "reports": [')

    def add(self, report: Report) -> None:
        text = textwrap.indent(report.model_dump_json(indent=2), "    ")
        self.stream.write(("," if self.count else "") + "\n" + text)
        self.count += 1

    def close(self) -> None:
        self.stream.write(("\n  " if self.count else "") + "]\n}\n")
