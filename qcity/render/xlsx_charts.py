"""The Excel report's charts: a native line chart a metric (its figures with their
values, a marker series a kind of point, the threshold dashed), drawn from a data
sheet beside them, with the numbers :mod:`qcity.render.chart` works out for the
HTML chart too."""

from __future__ import annotations

from typing import Optional

from qcity.i18n import label
from qcity.render import cells, chart as charts
from qcity.render.xlsx_book import Book, decimals, number_format
from qcity.evaluation.report import Report


def chart_sheets(book: Book, report: Report, lang: str) -> None:
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
        for col, kind in enumerate(_MARKS, 3):  # a column a kind of point, for its markers
            book.string(data, row + 1, col, label(_MARKS[kind][0], lang), book.head)
        first = row + 2
        labels, values = c.labels, list(c.values)
        kinds = [_kind(meets, counted) for meets, counted in zip(c.meets, c.counted)]
        if len(values) == 1:  # one point: blank categories either side carry the line
            labels, values, kinds = ["", labels[0], ""], [None, values[0], None], \
                [None, kinds[0], None]
        # the threshold line: one level, or a comparison's bar of each period
        bars = list(c.bars) if c.bars and len(c.values) > 1 else [c.threshold] * len(values)
        places = decimals(c.values + [b for b in bars + [c.threshold] if b is not None])
        for i, (period, value, kind, bar) in enumerate(zip(labels, values, kinds, bars)):
            book.string(data, first + i, 0, period)
            if value is not None:
                book.number(data, first + i, 1, value, number_format(places, c.percent))
                book.number(data, first + i, 3 + list(_MARKS).index(kind), value,
                            number_format(places, c.percent))
            if bar is not None:
                book.number(data, first + i, 2, bar, number_format(places, c.percent))
        last = first + len(values) - 1
        shown = [k for k in _MARKS if k in kinds]
        _line_chart(book, view, data, c, (first, last, places), k, lang, shown)
        row = last + 2


# the kinds of point a chart marks, in legend order: (label, fill, border)
_MARKS = {"meets": ("chart.meets", "#1A7F37", "#1A7F37"),
          "misses": ("chart.misses", "#CF222E", "#CF222E"),
          "value": ("chart.not_judged", "#0969DA", "#0969DA"),
          "uncounted": ("chart.uncounted", "#C9CED4", "#8C959F")}  # LibreOffice: no hollow


def _kind(meets: Optional[bool], counted: bool) -> str:
    if not counted:
        return "uncounted"
    return {True: "meets", False: "misses", None: "value"}[meets]


def _line_chart(book: Book, view, data, c, rows: tuple, k: int, lang: str,
                shown: list) -> None:
    """The figures as a line with their values, a marker series a kind of point (green
    meets, red misses, hollow grey not counted: colours by series, which LibreOffice
    draws too, where per-point colours are dropped), the threshold dashed."""
    first, last, places = rows
    sheet = data.get_name()
    line = book.wb.add_chart({"type": "line"})
    line.add_series({
        "name": label("value", lang),
        "categories": [sheet, first, 0, last, 0], "values": [sheet, first, 1, last, 1],
        "line": {"color": "#0969DA", "width": 2}, "marker": {"type": "none"},
        "data_labels": {"value": True, "position": "above",
                        "num_format": number_format(places, c.percent)}})
    for kind in shown:
        name, fill, border = _MARKS[kind]
        col = 3 + list(_MARKS).index(kind)
        line.add_series({
            "name": label(name, lang), "categories": [sheet, first, 0, last, 0],
            "values": [sheet, first, col, last, col], "line": {"none": True},
            "marker": {"type": "circle", "size": 7, "fill": {"color": fill},
                       "border": {"color": border, "width": 1.5}}})
    if c.threshold is not None:
        line.add_series({
            "name": c.threshold_text, "categories": [sheet, first, 0, last, 0],
            "values": [sheet, first, 2, last, 2], "marker": {"type": "none"},
            "line": {"color": "#CF222E", "dash_type": "dash", "width": 1.5}})
    line.set_title({"name": c.title, "name_font": {"size": 11, "bold": True}})
    line.set_y_axis({"min": float(c.low), "max": float(c.high), "major_unit": float(c.step),
                     "num_format": number_format(decimals([c.step, c.low]), c.percent),
                     "major_gridlines": {"visible": True, "line": {"color": "#E1E4E8"}}})
    line.set_x_axis({"name": label("period", lang)})
    line.set_legend({"position": "bottom"})
    line.set_size({"width": 480, "height": 300})
    row, col = (k // 2) * 17, (k % 2) * 8
    caption = c.caption(lang)
    if caption:
        book.string(view, row, col, caption, book.fmt(italic=True, font_color="#57606A"))
    view.insert_chart(row + 1, col, line)
