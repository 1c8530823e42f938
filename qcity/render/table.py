"""The terminal table: columns aligned by display width, so Chinese lines up."""

from __future__ import annotations

from tabulate import tabulate

from qcity.i18n import label
from qcity.render import cells, standards, wording
from qcity.evaluation.report import Report

# tabulate measures width with wcwidth when it is installed: CJK counts double.
_STYLE = "simple"


def render(report: Report, lang: str | None = None) -> str:
    lang = cells.report_lang(report, lang)
    rows = [cells.metric_row(m, lang, report) for m in cells.ordered(report)]
    metric_table = tabulate(rows, headers=cells.header(lang, report), tablefmt=_STYLE,
                            disable_numparse=True)
    area_table = tabulate(cells.area_rows(report, lang), headers=cells.area_header(lang),
                          tablefmt=_STYLE, disable_numparse=True)
    lines = [cells.title(report, lang), cells.stage_line(report, lang), "", metric_table, "",
             area_table, ""]
    if any(m.veto for m in report.metrics):
        lines += [f"* {label('veto', lang)}", ""]
    cited = standards.lines(cells.ordered(report))
    if cited:
        lines += [f"{label('standards', lang)}{wording.colon(lang).rstrip()}"] \
            + [f"  {c}" for c in cited] + [""]
    notes = cells.notes(report, lang)
    if notes:
        lines += [f"{label('note', lang)}{wording.colon(lang).rstrip()}"] + [f"  - {n}" for n in notes] + [""]
    sources = cells.source_lines(report, lang)
    if sources:
        lines += [f"{label('sources', lang)}{wording.colon(lang).rstrip()}"] \
            + [f"  - {s}" for s in sources] + [""]
    lines.append(cells.verdict_line(report, lang))
    return "\n".join(lines) + "\n"


def render_many(reports: list[Report], lang: str | None = None) -> str:
    return "\n".join(render(r, lang) for r in reports)


def render_scoreboard(board, lang: str | None = None) -> str:
    """The ranked scoreboard only: in a terminal, a city's report is ``--city NAME``."""
    lang = lang or board.plan.lang
    title, when = cells.scoreboard_title(board, lang)
    table = tabulate(cells.scoreboard_rows(board, lang), headers=cells.scoreboard_header(lang),
                     tablefmt=_STYLE, disable_numparse=True)
    return f"{title}\n{when}\n\n{table}\n"
