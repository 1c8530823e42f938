"""Markdown (GitHub pipe tables), for pasting a report into documents.

Text from plans and data is escaped so it stays text: ``<script>`` is shown, not
passed to the page as HTML; ``|`` cannot split a cell; ``*``, ``_``, `````,
``[`` and ``#`` cannot turn a name into emphasis, code, a link or a heading.
"""

from __future__ import annotations

import re

from tabulate import tabulate

from qcity.i18n import label
from qcity.render import cells, standards
from qcity.evaluation.report import Report

_SPECIAL = re.compile(r"([\\`*_\[\]|#~!])")
_ENTITIES = {"&": "&amp;", "<": "&lt;"}  # no tag can open, no entity be forged


def escape(text: str) -> str:
    """Markdown-inert text: ``<`` and ``&`` as entities (so no HTML tag or entity can
    start), Markdown punctuation backslashed, one line."""
    text = "".join(_ENTITIES.get(ch, ch) for ch in text)
    return _SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def _table(header: list[str], rows: list[list[str]]) -> str:
    return tabulate([[escape(str(c)) for c in row] for row in rows],
                    headers=[escape(h) for h in header], tablefmt="pipe",
                    disable_numparse=True)


def render(report: Report, lang: str | None = None, level: int = 2) -> str:
    lang = cells.report_lang(report, lang)
    h = "#" * level
    out = [f"{h} {escape(cells.title(report, lang))}", "", escape(cells.stage_line(report, lang)),
           "", f"**{escape(cells.verdict_line(report, lang))}**", "",
           _table(cells.header(lang, report),
                  [cells.metric_row(m, lang, report) for m in cells.ordered(report)]), "",
           f"{h}# {escape(label('areas', lang))}", "",
           _table(cells.area_header(lang), cells.area_rows(report, lang)), ""]
    if any(m.veto for m in report.metrics):
        out.append(f"\\* {escape(label('veto', lang))}\n")
    cited = standards.lines(cells.ordered(report))
    if cited:
        out += [f"{h}# {escape(label('standards', lang))}", ""] \
            + [f"- {escape(c)}" for c in cited] + [""]
    notes = cells.notes(report, lang)
    if notes:
        out += [f"{h}# {escape(label('note', lang))}", ""] + [f"- {escape(n)}" for n in notes] + [""]
    sources = cells.source_lines(report, lang)
    if sources:
        out += [f"{h}# {escape(label('sources', lang))}", ""] \
            + [f"- {escape(s)}" for s in sources] + [""]
    return "\n".join(out)


def render_many(reports: list[Report], lang: str | None = None) -> str:
    return "\n".join(render(r, lang) for r in reports)


def render_scoreboard(board, lang: str | None = None) -> str:
    """The ranked scoreboard, then each city's report (when kept), best first."""
    lang = lang or board.plan.lang
    title, when = cells.scoreboard_title(board, lang)
    rows = [[str(i)] + row for i, row in zip(board.places(), cells.scoreboard_rows(board, lang))]
    out = [f"## {escape(title)}", "", escape(when), "",
           _table([label("rank", lang)] + cells.scoreboard_header(lang), rows), ""]
    for report in cells.ranked_reports(board):
        out.append(render(report, lang, level=3))
    return "\n".join(out)

