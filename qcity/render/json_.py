"""JSON: the report model's own serialisation; several plans make an array."""

from __future__ import annotations

import json
import textwrap

from qcity.evaluation.report import Report


def dump(model, lang: str | None, indent: int | None = 2) -> str:
    """A report (or scoreboard) as JSON, its texts for people (``note``, an outlook's
    ``reason``) in ``lang``, else in the plan's language; codes and data as they are."""
    plan = getattr(model, "plan", None)
    lang = lang or getattr(plan, "lang", None) or "zh"
    return model.model_dump_json(indent=indent, context={"lang": lang})


def render(report: Report, lang: str | None = None) -> str:
    return dump(report, lang) + "\n"


def render_many(reports: list[Report], lang: str | None = None) -> str:
    if len(reports) == 1:
        return render(reports[0], lang)
    items = [json.loads(dump(r, lang, None)) for r in reports]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def render_scoreboard(board, lang: str | None = None) -> str:
    return dump(board, lang) + "\n"


class ScoreboardWriter:
    """Writes ``{"plan": …, "reports": […]}`` a report at a time, so a national run
    never holds every city's report in memory."""

    def __init__(self, stream, plan_info, lang: str | None = None):
        self.stream = stream
        self.lang = lang or plan_info.lang
        self.count = 0
        plan = textwrap.indent(plan_info.model_dump_json(indent=2), "  ").lstrip()
        stream.write('{\n  "plan": ' + plan + ',\n  "reports": [')

    def add(self, report: Report) -> None:
        text = textwrap.indent(dump(report, self.lang), "    ")
        self.stream.write(("," if self.count else "") + "\n" + text)
        self.count += 1

    def close(self) -> None:
        self.stream.write(("\n  " if self.count else "") + "]\n}\n")
