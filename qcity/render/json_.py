"""JSON: the report model's own serialisation; several plans make an array."""

from __future__ import annotations

import json

from qcity.report import Report


def render(report: Report, lang: str | None = None) -> str:
    return report.model_dump_json(indent=2) + "\n"


def render_many(reports: list[Report], lang: str | None = None) -> str:
    if len(reports) == 1:
        return render(reports[0])
    items = [json.loads(r.model_dump_json()) for r in reports]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def render_scoreboard(board, lang: str | None = None) -> str:
    return board.model_dump_json(indent=2) + "\n"
