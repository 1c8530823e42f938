"""An Excel workbook (``.xlsx``): a summary sheet, a metrics sheet with coloured
statuses, numbers as numbers (with the decimals they were written with), a frozen
header and filters, and native Excel line charts of each metric with its threshold.
For a plan over several cities: a ranked scoreboard sheet and one long metrics
sheet with a city column (no charts: one sheet of charts a city would not be read).

XlsxWriter writes the file: it is small, pure Python, writes native charts and
never evaluates anything (openpyxl could write too, but its charts are harder to
style and it is slower on large sheets).  Every text goes in as a string, never a
formula; a text that starts like one gets Excel's quote prefix, so it stays text
when someone edits the cell or saves the sheet as CSV.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from qcity.i18n import label
from qcity.render import cells, chart as charts, standards, wording
from qcity.render.xlsx_book import STATUS_COLOURS, Book, decimals, number_format
from qcity.render.xlsx_charts import chart_sheets
from qcity.evaluation.report import MetricResult, Report


def _metric_columns(lang: str, report: Report, city: bool) -> list[str]:
    titles = [label(k, lang) for k in ("area",)] + ["id"] + [
        label(k, lang) for k in ("metric", "target", "threshold_value", "unit", "actual", "period",
                                 "status", "margin", "change", "outlook")]
    if report.compared_to is not None:
        titles.append(cells.compared_header(report, lang))
    titles += [label("note", lang), label("source", lang)]
    if city:
        titles.insert(0, label("city", lang))
    return titles


_WRAPPED = 40  # characters: the widest a wrapping column (name, notes, source) gets
_UNWRAPPED = 44  # and any other column (an id is never cut)


def _chars(text: str) -> float:
    """Excel column-width units a text needs (a CJK character is about two)."""
    from qcity.render.widths import em_width

    return em_width(text) * 2 + 1


def _fit(ws, titles: list[str], shown: list[list[tuple[str, bool]]], first: int) -> None:
    """Columns as wide as what they hold (the id, the status and the outlook are never
    cut), wrapping ones at most _WRAPPED wide, and each row as tall as its longest
    wrapped text (LibreOffice and print do not grow a row by themselves)."""
    wraps = {i for row in shown for i, (_, wrap) in enumerate(row) if wrap}
    widths = []
    for col, title in enumerate(titles):
        need = max([_chars(title)] + [_chars(row[col][0]) for row in shown if col < len(row)])
        widths.append(min(need, _WRAPPED if col in wraps else _UNWRAPPED))
        ws.set_column(col, col, widths[-1])
    for k, row in enumerate(shown):
        lines = max([-(-_chars(text) // widths[i]) for i, (text, wrap) in enumerate(row)
                     if wrap and text] or [1])
        if lines > 1:
            ws.set_row(first + k, 13.5 * lines)


def _metric_row(book: Book, ws, row: int, report: Report, m: MetricResult, lang: str,
                city: bool) -> list[tuple[str, bool]]:
    """Writes the row; returns each cell as shown and whether it wraps (for widths)."""
    percent = m.unit == "%"
    col = 0
    shown: list[tuple[str, bool]] = []

    def put(kind: str, value, **extra) -> None:
        nonlocal col
        # every cell at the top: a row grows with a wrapped name, note or source
        if kind == "text":
            book.string(ws, row, col, value, book.fmt(valign="top"))
        elif kind == "wrap":  # long texts wrap; _fit makes the row as tall as they need
            book.string(ws, row, col, value, book.fmt(text_wrap=True, valign="top"))
        elif kind == "status":
            book.status(ws, row, col, m.status, value, valign="top")
        else:
            book.number(ws, row, col, value, kind, valign="top", **extra)
        shown.append((_shown(kind, value, extra), kind == "wrap"))
        col += 1

    if city:
        put("text", cells.city_name(report, lang))
    put("text", cells.area_text(m, lang))
    put("text", m.id)
    put("wrap", m.label(lang))
    put("text", cells.target_text(m, lang, report) + standards.beside(m, lang))
    threshold = charts.level_threshold(m)
    put(number_format(decimals([threshold]), percent), threshold)
    put("text", wording.unit_word(m.unit, m.unit_en, lang))
    if isinstance(m.actual, bool):
        put("text", cells.value_text(m, m.actual, lang))
    else:
        put(number_format(decimals([m.actual]), percent), m.actual)  # 93%, as written
    put("text", cells.period_text(m, lang) if m.period else "")
    put("status", cells.status_text(m, lang) if m.target is not None else
        label("not_judged", lang))
    put(number_format(decimals([m.margin]), False, signed=True,
                       unit=cells.margin_unit(m, lang)), m.margin)
    put("text", cells.change_text(m, lang))
    put("text", cells.outlook_text(m, lang))
    if report.compared_to is not None:
        put("text", cells.previous_text(m, lang))
    put("wrap", m.note_text(lang) or "")
    put("wrap", m.source or "")
    return shown


def _shown(kind: str, value, extra: dict) -> str:
    """About what a cell shows, for its column's width: a number with its format's
    suffix (``+0.5个百分点``)."""
    if kind in ("text", "wrap", "status") or value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    suffix = kind.split(";")[0].replace('"', "").lstrip("+0.")
    return f"+{wording.number(value)}{suffix}"


def _metrics_sheet(book: Book, reports: list[Report], lang: str, city: bool) -> None:
    ws = book.wb.add_worksheet(label("metrics_sheet", lang))
    titles = _metric_columns(lang, reports[0], city)
    book.header(ws, 0, titles, [10] * len(titles))
    row, shown = 1, []
    for report in reports:
        for m in cells.ordered(report):
            shown.append(_metric_row(book, ws, row, report, m, lang, city))
            row += 1
    _fit(ws, titles, shown, 1)
    ws.freeze_panes(1, 3 if city else 2)
    ws.autofilter(0, 0, max(row - 1, 1), len(titles) - 1)
    book.a4(ws, landscape=True, repeat=0)


def _summary_sheet(book: Book, report: Report, lang: str) -> None:
    """Title, stage, the verdict sentence, the summary as key and value, the per-area
    counts as numbers, notes and the plan's source; long texts run over empty cells."""
    ws = book.wb.add_worksheet(label("summary", lang))
    ws.set_column(0, 0, 18)
    ws.set_column(1, 6, 11)
    book.paragraph(ws, 0, cells.title(report, lang), bold=True, font_size=14)
    book.paragraph(ws, 1, cells.stage_line(report, lang))
    verdict_fill = STATUS_COLOURS["pass" if report.verdict == "pass" else "fail"]
    book.paragraph(ws, 3, cells.verdict_line(report, lang), bold=True,
                   font_color=verdict_fill[1])
    row = 5
    for key, value in cells.summary_values(report, lang):
        book.string(ws, row, 0, key, book.fmt(bold=True))
        if key == label("verdict", lang):
            book.status(ws, row, 1, report.verdict, value)
        elif isinstance(value, (int, Decimal)):  # counts and scores are numbers
            book.number(ws, row, 1, value, number_format(decimals([value]), False),
                        align="left")
        else:
            book.string(ws, row, 1, value or "")
        row += 1
    row += 1
    heads = [label(k, lang) for k in ("area", "pass", "due", "fail", "missing", "not_due")]
    for col, head in enumerate(heads):
        ws.write_string(row, col, head, book.head)
    for a in report.areas:
        row += 1
        book.string(ws, row, 0, a.label(lang) if a.id else label("no_area", lang))
        for col, n in enumerate((a.pass_, a.due, a.fail, a.missing, a.not_due), 1):
            book.number(ws, row, col, n, "0")
    notes = cells.notes(report, lang)
    if notes:
        row += 2
        book.string(ws, row, 0, label("note", lang), book.fmt(bold=True))
        for note in notes:
            row += 1
            book.paragraph(ws, row, note)
    if report.plan.source:
        row += 2
        book.string(ws, row, 0, label("source", lang), book.fmt(bold=True))
        book.paragraph(ws, row + 1, report.plan.source)
    book.a4(ws)


def render_many(reports: list[Report], lang: Optional[str] = None) -> bytes:
    """One plan: summary, metrics and charts; several plans: each plan's summary, one
    metrics sheet, no charts."""
    first = cells.report_lang(reports[0], lang) if reports else (lang or "zh")
    book = Book(reports[0].evaluated_at if reports else None,
                 cells.title(reports[0], first) if reports else "qcity")
    if len(reports) == 1:
        _summary_sheet(book, reports[0], first)
        _metrics_sheet(book, reports, first, city=False)
        chart_sheets(book, reports[0], first)
    elif reports:
        for report in reports:
            _summary_sheet_named(book, report, first)
        _metrics_sheet(book, reports, first, city=True)
    return book.bytes()


def _summary_sheet_named(book: Book, report: Report, lang: str) -> None:
    # several plans: a summary sheet each, named after its plan (31 characters at most)
    original = label("summary", lang)
    name = f"{original} {report.plan.id}"[:31]
    ws_count = len(book.wb.worksheets())
    _summary_sheet(book, report, lang)
    book.wb.worksheets()[ws_count].name = name


def render_scoreboard(board, lang: Optional[str] = None) -> bytes:
    """A ranked scoreboard sheet and one long metrics sheet with a city column."""
    lang = lang or board.plan.lang
    title, when = cells.scoreboard_title(board, lang)
    book = Book(board.evaluated_at, title)
    ws = book.wb.add_worksheet(label("scoreboard", lang))
    book.string(ws, 0, 0, title, book.title)
    book.string(ws, 1, 0, when)
    heads = [label("rank", lang)] + cells.scoreboard_header(lang)
    book.header(ws, 3, heads, [6, 14, 9, 8, 7, 7, 8, 8, 8, 10])
    for i, (place, row) in enumerate(zip(board.places(), board.ranking()), 1):
        r = 3 + i
        book.number(ws, r, 0, place, "0")
        book.string(ws, r, 1, row.city)
        book.status(ws, r, 2, row.verdict, label("verdict." + row.verdict, lang))
        book.number(ws, r, 3, row.score, number_format(decimals([row.score]), False))
        book.string(ws, r, 4, cells.grade_text(row, lang) if row.grade else "")
        for col, n in enumerate((row.pass_, row.fail, row.missing, row.not_due, row.at_risk), 5):
            book.number(ws, r, col, n, "0")
    ws.freeze_panes(4, 2)
    ws.autofilter(3, 0, 3 + max(len(board.rows), 1), len(heads) - 1)
    book.a4(ws, repeat=3)
    reports = cells.ranked_reports(board)
    if reports:
        _metrics_sheet(book, reports, lang, city=True)
    return book.bytes()
