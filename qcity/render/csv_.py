"""CSV for spreadsheets: the metric table, then the per-area table and summary.

Every metric row names its plan and city, so several plans or a scoreboard's
cities stack into one sheet that filters by city.  Cells that a spreadsheet
would run as a formula get a leading apostrophe (:func:`qcity.safetext.formula_safe`),
so a plan or data file cannot smuggle ``=HYPERLINK(...)`` into a leader's Excel.
"""

from __future__ import annotations

import csv
import io

from qcity.i18n import label
from qcity.render import cells
from qcity.evaluation.report import Report
from qcity.safetext import formula_safe


def safe_cell(text: str) -> str:
    if text == "-":  # the tables' "no value" mark: an empty cell in a spreadsheet
        return ""
    return formula_safe(text)


def _metric_header(lang: str, report: Report | None = None, compared_to=None) -> list[str]:
    return [label("plan", lang), label("city", lang), "id"] \
        + cells.header(lang, report, compared_to) + [label("source", lang)]


def _metric_rows(report: Report, lang: str) -> list[list[str]]:
    city = cells.city_name(report, lang)
    return [[report.plan.id, city, m.id] + cells.metric_row(m, lang, report, marked=False) + [m.source or ""]
            for m in cells.ordered(report)]


def _rows(report: Report, lang: str) -> list[list]:
    rows: list[list] = [_metric_header(lang, report)] + _metric_rows(report, lang)
    rows.append([])
    city = cells.city_name(report, lang)
    # passed and due in separate columns: Excel would read "3/5" as a date
    rows.append([label("plan", lang), label("city", lang), label("area", lang),
                 label("pass", lang), label("due", lang), label("fail", lang),
                 label("missing", lang), label("not_due", lang)])
    for a in report.areas:
        rows.append([report.plan.id, city, a.label(lang) if a.id else label("no_area", lang),
                     a.pass_, a.due, a.fail, a.missing, a.not_due])
    rows.append([])
    rows += [[report.plan.id, city, key, value] for key, value in cells.summary(report, lang)]
    if report.plan.source:  # each figure's source is in its row
        rows.append([report.plan.id, city, label("plan_source", lang), report.plan.source])
    return rows


def _write(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(str(c)) for c in row])
    return out.getvalue()


def render_many(reports: list[Report], lang: str | None = None) -> str:
    rows: list[list] = []
    for i, report in enumerate(reports):
        if i:
            rows.append([])
        rows += _rows(report, cells.report_lang(report, lang))
    return _write(rows)


def render_scoreboard(board, lang: str | None = None) -> str:
    """The ranked scoreboard, then every city's metrics in one long table (a city column
    to filter by), when the reports were kept."""
    reports = cells.ranked_reports(board)
    writer = ScoreboardWriter(lang or board.plan.lang,
                              reports[0].compared_to if reports else None)
    return writer.head(board, bool(reports)) + "".join(
        writer.section(0, report) for report in reports)


class ScoreboardWriter:
    """:func:`render_scoreboard` a city at a time: the sections are made as the cities
    are evaluated (:meth:`section` is pure: a second process may make half of them)
    and written after :meth:`head` in the scoreboard's order."""

    ranked = True

    def __init__(self, lang: str, compared_to=None):
        self.lang, self.compared_to = lang, compared_to

    def head(self, board, sections: bool = True) -> str:
        lang = self.lang
        rows: list[list] = [[label("rank", lang)] + cells.scoreboard_header(lang)]
        rows += [[i] + row for i, row in zip(board.places(), cells.scoreboard_rows(board, lang))]
        if sections and board.rows:
            rows += [[], _metric_header(lang, compared_to=self.compared_to)]
        return _write(rows)

    def section(self, index: int, report: Report) -> str:
        return _write(_metric_rows(report, self.lang))

    @staticmethod
    def tail(board) -> str:
        return ""
