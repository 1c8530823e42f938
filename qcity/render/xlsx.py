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

import io
from datetime import datetime, time
from decimal import Decimal
from typing import Optional

from qcity import __version__
from qcity.i18n import label
from qcity.render import cells, chart as charts, wording
from qcity.evaluation.report import MetricResult, Report
from qcity.safetext import formula_safe

# Excel's own "Good", "Bad" and "Neutral" cell styles, and grey for not due
STATUS_COLOURS = {"pass": ("#C6EFCE", "#006100"), "fail": ("#FFC7CE", "#9C0006"),
                  "missing": ("#FFEB9C", "#9C5700"), "not_due": ("#EDEDED", "#595959")}
_FONT = {"font_name": "等线", "font_size": 10}


def _decimals(values) -> int:
    places = [max(0, -Decimal(v).as_tuple().exponent) for v in values
              if isinstance(v, Decimal) and Decimal(v).is_finite()]
    return min(max(places, default=0), 10)


def _number_format(places: int, percent: bool, signed: bool = False) -> str:
    body = "0" + ("." + "0" * places if places else "")
    suffix = '"%"' if percent else ""
    if signed:
        return f"+{body}{suffix};-{body}{suffix};{body}{suffix}"
    return body + suffix


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2e80 else 1 for ch in text)


class _Book:
    """The workbook and its formats, made once."""

    def __init__(self, report_date, title: str):
        import xlsxwriter

        self.out = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.out, {
            "in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False})
        created = datetime.combine(report_date, time()) if report_date else None
        self.wb.set_properties({"title": title, "author": "qcity",
                                "comments": f"qcity {__version__}",
                                **({"created": created} if created else {})})
        self.formats: dict = {}
        self.props: dict = {}  # a format's properties, by the format's id
        self.text = self.fmt()
        self.head = self.fmt(bold=True, bg_color="#D9E1F2", border=1, text_wrap=True,
                             valign="vcenter")
        self.title = self.fmt(bold=True, font_size=14)

    def fmt(self, **props):
        key = tuple(sorted(props.items()))
        if key not in self.formats:
            self.formats[key] = self.wb.add_format({**_FONT, **props})
            self.props[id(self.formats[key])] = props
        return self.formats[key]

    def string(self, ws, row: int, col: int, text, fmt=None) -> None:
        """A text cell; one that starts like a formula gets Excel's quote prefix, in
        whatever format it is written."""
        text = "" if text is None else str(text)
        fmt = fmt or self.text
        if formula_safe(text) != text:
            fmt = self.fmt(**{**self.props.get(id(fmt), {}), "quote_prefix": True})
        ws.write_string(row, col, text, fmt)

    def paragraph(self, ws, row: int, text: str, width: int = 84, **props) -> None:
        """A long text over the first seven columns, wrapped, its row as tall as it needs
        (a merged cell does not grow by itself)."""
        lines = max(1, -(-_width(text) // width))
        ws.merge_range(row, 0, row, 6, "", self.fmt(text_wrap=True, valign="top", **props))
        self.string(ws, row, 0, text, self.fmt(text_wrap=True, valign="top", **props))
        ws.set_row(row, 15 * lines * (props.get("font_size", 10) / 10))

    def number(self, ws, row: int, col: int, value, num_format: str, **props) -> None:
        if value is None or isinstance(value, bool):
            self.string(ws, row, col, "" if value is None else str(value), self.fmt(**props))
            return
        ws.write_number(row, col, float(value), self.fmt(num_format=num_format, **props))

    def status(self, ws, row: int, col: int, status: str, text: str) -> None:
        fill, font = STATUS_COLOURS.get(status, ("#FFFFFF", "#000000"))
        self.string(ws, row, col, text, self.fmt(bg_color=fill, font_color=font))

    def a4(self, ws, landscape: bool = False, repeat: Optional[int] = None) -> None:
        """Printed on A4, a page wide, the header row on every page."""
        ws.set_paper(9)
        if landscape:
            ws.set_landscape()
        ws.fit_to_pages(1, 0)
        if repeat is not None:
            ws.repeat_rows(repeat)

    def header(self, ws, row: int, titles: list[str], widths: list[int]) -> None:
        for col, (title, width) in enumerate(zip(titles, widths)):
            ws.write_string(row, col, title, self.head)
            ws.set_column(col, col, width)

    def bytes(self) -> bytes:
        self.wb.close()
        return self.out.getvalue()


def _metric_columns(lang: str, report: Report, city: bool) -> tuple[list[str], list[int]]:
    titles = [label(k, lang) for k in ("area",)] + ["id"] + [
        label(k, lang) for k in ("metric", "target", "threshold_value", "unit", "actual", "period",
                                 "status", "margin", "change", "outlook")]
    widths = [12, 12, 30, 14, 9, 7, 11, 12, 12, 9, 18, 11]
    if report.compared_to is not None:
        titles.append(cells.compared_header(report, lang))
        widths.append(22)
    titles += [label("note", lang), label("source", lang)]
    widths += [24, 24]
    if city:
        titles.insert(0, label("city", lang))
        widths.insert(0, 10)
    return titles, widths


def _metric_row(book: _Book, ws, row: int, report: Report, m: MetricResult, lang: str,
                city: bool) -> None:
    values = [m.actual, m.threshold, m.margin, m.change_from_baseline]
    places = _decimals(values + [m.baseline.value if m.baseline else None])
    percent = m.unit == "%"
    col = 0

    def put(kind: str, value, **extra) -> None:
        nonlocal col
        if kind == "text":
            book.string(ws, row, col, value)
        elif kind == "wrap":  # long texts wrap; the row grows when the file is opened
            book.string(ws, row, col, value, book.fmt(text_wrap=True, valign="top"))
        elif kind == "status":
            book.status(ws, row, col, m.status, value)
        else:
            book.number(ws, row, col, value, kind, **extra)
        col += 1

    if city:
        put("text", cells.city_name(report, lang))
    put("text", cells.area_text(m, lang))
    put("text", m.id)
    put("text", m.label(lang))
    put("text", cells.target_text(m, lang, report))
    threshold = charts.level_threshold(m)
    put(_number_format(_decimals([threshold]), percent), threshold)
    put("text", wording.unit_word(m.unit, m.unit_en, lang))
    if isinstance(m.actual, bool):
        put("text", cells.value_text(m, m.actual, lang))
    else:
        put(_number_format(places, percent), m.actual)
    put("text", cells.period_text(m, lang) if m.period else "")
    put("status", cells.status_text(m, lang) if m.target is not None else
        label("not_judged", lang))
    put(_number_format(places, False, signed=True), m.margin)
    put("text", cells.change_text(m, lang))
    put("text", cells.outlook_text(m, lang))
    if report.compared_to is not None:
        put("text", cells.previous_text(m, lang))
    put("wrap", m.note_text(lang) or "")
    put("wrap", m.source or "")


def _metrics_sheet(book: _Book, reports: list[Report], lang: str, city: bool) -> None:
    ws = book.wb.add_worksheet(label("metrics_sheet", lang))
    titles, widths = _metric_columns(lang, reports[0], city)
    book.header(ws, 0, titles, widths)
    row = 1
    for report in reports:
        for m in cells.ordered(report):
            _metric_row(book, ws, row, report, m, lang, city)
            row += 1
    ws.freeze_panes(1, 3 if city else 2)
    ws.autofilter(0, 0, max(row - 1, 1), len(titles) - 1)
    book.a4(ws, landscape=True, repeat=0)


def _summary_sheet(book: _Book, report: Report, lang: str) -> None:
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
    for key, value in cells.summary(report, lang):
        book.string(ws, row, 0, key, book.fmt(bold=True))
        if key == label("verdict", lang):
            book.status(ws, row, 1, report.verdict, value)
        else:
            book.string(ws, row, 1, value)
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


def _chart_sheets(book: _Book, report: Report, lang: str) -> None:
    """A native line chart a metric, two to a row, with its data on a sheet beside."""
    found = [(m, charts.chart_of(m, lang, report)) for m in cells.ordered(report)]
    found = [(m, c) for m, c in found if c is not None]
    if not found:
        return
    view = book.wb.add_worksheet(label("charts", lang))
    book.a4(view)
    data = book.wb.add_worksheet(label("chart_data", lang))
    data.set_column(0, 0, 16)
    data.set_column(1, 2, 12)
    row = 0
    for k, (m, c) in enumerate(found):
        book.string(data, row, 0, c.title, book.fmt(bold=True))
        book.string(data, row + 1, 0, label("period", lang), book.head)
        book.string(data, row + 1, 1, label("value", lang), book.head)
        book.string(data, row + 1, 2, label("threshold", lang), book.head)
        first = row + 2
        labels, values = c.labels, list(c.values)
        if len(values) == 1:  # one point: blank categories either side carry the line
            labels, values = ["", labels[0], ""], [None, values[0], None]
        places = _decimals(c.values + [c.threshold])
        for i, (period, value) in enumerate(zip(labels, values)):
            book.string(data, first + i, 0, period)
            if value is not None:
                book.number(data, first + i, 1, value, _number_format(places, c.percent))
            if c.threshold is not None:
                book.number(data, first + i, 2, c.threshold, _number_format(places, c.percent))
        last = first + len(values) - 1
        _line_chart(book, view, data, c, first, last, places, k, lang)
        row = last + 2


def _line_chart(book: _Book, view, data, c, first: int, last: int, places: int, k: int,
                lang: str) -> None:
    sheet = data.get_name()
    line = book.wb.add_chart({"type": "line"})
    line.add_series({
        "name": label("value", lang),
        "categories": [sheet, first, 0, last, 0], "values": [sheet, first, 1, last, 1],
        "line": {"color": "#0969DA", "width": 2},
        "marker": {"type": "circle", "size": 7, "fill": {"color": "#0969DA"},
                   "border": {"color": "#0969DA"}},
        "data_labels": {"value": True, "position": "above",
                        "num_format": _number_format(places, c.percent)}})
    if c.threshold is not None:
        line.add_series({
            "name": c.threshold_text, "categories": [sheet, first, 0, last, 0],
            "values": [sheet, first, 2, last, 2], "marker": {"type": "none"},
            "line": {"color": "#CF222E", "dash_type": "dash", "width": 1.5}})
    line.set_title({"name": c.title, "name_font": {"size": 11, "bold": True}})
    line.set_y_axis({"min": float(c.low), "max": float(c.high), "major_unit": float(c.step),
                     "num_format": _number_format(_decimals([c.step, c.low]), c.percent),
                     "major_gridlines": {"visible": True, "line": {"color": "#E1E4E8"}}})
    line.set_x_axis({"name": label("period", lang)})
    line.set_legend({"position": "bottom"})
    line.set_size({"width": 480, "height": 300})
    row, col = (k // 2) * 17, (k % 2) * 8
    caption = c.caption(lang)
    if caption:
        book.string(view, row, col, caption, book.fmt(italic=True, font_color="#57606A"))
    view.insert_chart(row + 1, col, line)


def render_many(reports: list[Report], lang: Optional[str] = None) -> bytes:
    """One plan: summary, metrics and charts; several plans: each plan's summary, one
    metrics sheet, no charts."""
    first = cells.report_lang(reports[0], lang) if reports else (lang or "zh")
    book = _Book(reports[0].evaluated_at if reports else None,
                 cells.title(reports[0], first) if reports else "qcity")
    if len(reports) == 1:
        _summary_sheet(book, reports[0], first)
        _metrics_sheet(book, reports, first, city=False)
        _chart_sheets(book, reports[0], first)
    elif reports:
        for report in reports:
            _summary_sheet_named(book, report, first)
        _metrics_sheet(book, reports, first, city=True)
    return book.bytes()


def _summary_sheet_named(book: _Book, report: Report, lang: str) -> None:
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
    book = _Book(board.evaluated_at, title)
    ws = book.wb.add_worksheet(label("scoreboard", lang))
    book.string(ws, 0, 0, title, book.title)
    book.string(ws, 1, 0, when)
    heads = [label("rank", lang)] + cells.scoreboard_header(lang)
    book.header(ws, 3, heads, [6, 14, 9, 8, 7, 7, 8, 8, 8, 10])
    for i, row in enumerate(board.ranking(), 1):
        r = 3 + i
        book.number(ws, r, 0, i, "0")
        book.string(ws, r, 1, row.city)
        book.status(ws, r, 2, row.verdict, label("verdict." + row.verdict, lang))
        book.number(ws, r, 3, row.score, _number_format(_decimals([row.score]), False))
        book.string(ws, r, 4, row.grade or "")
        for col, n in enumerate((row.pass_, row.fail, row.missing, row.not_due, row.at_risk), 5):
            book.number(ws, r, col, n, "0")
    ws.freeze_panes(4, 2)
    ws.autofilter(3, 0, 3 + max(len(board.rows), 1), len(heads) - 1)
    book.a4(ws, repeat=3)
    reports = cells.ranked_reports(board)
    if reports:
        _metrics_sheet(book, reports, lang, city=True)
    return book.bytes()
