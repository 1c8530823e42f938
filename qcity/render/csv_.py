"""CSV for spreadsheets: the metric table, then the per-area table and summary.

Cells that a spreadsheet would run as a formula (starting ``= + - @``, tab
or CR, unless they are plain numbers) get a leading apostrophe, so a plan or
data file cannot smuggle ``=HYPERLINK(...)`` into a leader's Excel.
"""

from __future__ import annotations

import csv
import io
import re

from qcity.i18n import label
from qcity.render import cells
from qcity.evaluation.report import Report

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?%?$")


def safe_cell(text: str) -> str:
    if text == "-":  # the tables' "no value" mark: an empty cell in a spreadsheet
        return ""
    if text.startswith(_TRIGGERS) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def _rows(report: Report, lang: str) -> list[list[str]]:
    rows = [[label("plan", lang), "id"] + cells.header(lang, report)]
    for m in cells.ordered(report):
        rows.append([report.plan.id, m.id] + cells.metric_row(m, lang, report))
    rows.append([])
    # passed and due in separate columns: Excel would read "3/5" as a date
    rows.append([label("plan", lang), label("area", lang), label("pass", lang), label("due", lang),
                 label("fail", lang), label("missing", lang), label("not_due", lang)])
    for a in report.areas:
        rows.append([report.plan.id, a.label(lang) if a.id else label("no_area", lang),
                     a.pass_, a.due, a.fail, a.missing, a.not_due])
    rows.append([])
    rows += [[report.plan.id, key, value] for key, value in cells.summary(report, lang)]
    return rows


def render_many(reports: list[Report], lang: str | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for i, report in enumerate(reports):
        if i:
            writer.writerow([])
        for row in _rows(report, cells.report_lang(report, lang)):
            writer.writerow([safe_cell(str(c)) for c in row])
    return out.getvalue()


def render_scoreboard(board, lang: str | None = None) -> str:
    lang = lang or board.plan.lang
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in cells.scoreboard_header(lang)])
    for row in cells.scoreboard_rows(board, lang):
        writer.writerow([safe_cell("" if c == "-" else c) for c in row])
    return out.getvalue()
