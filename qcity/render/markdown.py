"""Markdown (GitHub pipe tables), for pasting a report into documents."""

from __future__ import annotations

from tabulate import tabulate

from qcity.i18n import label
from qcity.render import cells
from qcity.evaluation.report import Report


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[str]]) -> str:
    return tabulate([[_escape(c) for c in row] for row in rows],
                    headers=[_escape(h) for h in header], tablefmt="pipe",
                    disable_numparse=True)


def render(report: Report, lang: str | None = None) -> str:
    lang = cells.report_lang(report, lang)
    out = [f"## {_escape(cells.title(report, lang))}", "", cells.stage_line(report, lang), "",
           f"**{cells.verdict_line(report, lang)}**", "",
           _table(cells.header(lang, report), [cells.metric_row(m, lang, report) for m in cells.ordered(report)]), "",
           f"### {label('areas', lang)}", "",
           _table(cells.area_header(lang), cells.area_rows(report, lang)), ""]
    if any(m.veto for m in report.metrics):
        out.append(f"\\* {label('veto', lang)}\n")
    notes = cells.notes(report, lang)
    if notes:
        out += [f"### {label('note', lang)}", ""] + [f"- {_escape(n)}" for n in notes] + [""]
    return "\n".join(out)


def render_many(reports: list[Report], lang: str | None = None) -> str:
    return "\n".join(render(r, lang) for r in reports)


def render_scoreboard(board, lang: str | None = None) -> str:
    lang = lang or board.plan.lang
    title, when = cells.scoreboard_title(board, lang)
    return (f"## {_escape(title)}\n\n{when}\n\n"
            + _table(cells.scoreboard_header(lang), cells.scoreboard_rows(board, lang)) + "\n")
