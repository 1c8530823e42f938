"""What the Excel report's sheets share: the workbook with its formats made once,
text, number and status cells, number formats and A4 printing (XlsxWriter)."""

from __future__ import annotations

import io
from datetime import datetime, time
from decimal import Decimal
from typing import Optional

from qcity import __version__
from qcity.safetext import formula_safe

# Excel's own "Good", "Bad" and "Neutral" cell styles, and grey for not due
STATUS_COLOURS = {"pass": ("#C6EFCE", "#006100"), "fail": ("#FFC7CE", "#9C0006"),
                  "missing": ("#FFEB9C", "#9C5700"), "not_due": ("#EDEDED", "#595959")}
_FONT = {"font_name": "等线", "font_size": 10}


def decimals(values) -> int:
    places = [max(0, -Decimal(v).as_tuple().exponent) for v in values
              if isinstance(v, Decimal) and Decimal(v).is_finite()]
    return min(max(places, default=0), 10)


def number_format(places: int, percent: bool, signed: bool = False, unit: str = "") -> str:
    body = "0" + ("." + "0" * places if places else "")
    suffix = '"%"' if percent else ""
    if unit and not any(ch in unit for ch in '"\\'):  # a margin's unit: "+1.5个百分点"
        suffix = '"' + ("" if unit[0] > "\u2e80" else " ") + unit + '"'

    if signed:
        return f"+{body}{suffix};-{body}{suffix};{body}{suffix}"
    return body + suffix


def text_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2e80 else 1 for ch in text)


class Book:
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
        if not text:  # a blank cell, not an empty text (Excel's blank filters, COUNTBLANK)
            ws.write_blank(row, col, None, fmt)
            return
        if formula_safe(text) != text:
            fmt = self.fmt(**{**self.props.get(id(fmt), {}), "quote_prefix": True})
        ws.write_string(row, col, text, fmt)

    def paragraph(self, ws, row: int, text: str, width: int = 84, **props) -> None:
        """A long text over the first seven columns, wrapped, its row as tall as it needs
        (a merged cell does not grow by itself)."""
        lines = max(1, -(-text_width(text) // width))
        ws.merge_range(row, 0, row, 6, "", self.fmt(text_wrap=True, valign="top", **props))
        self.string(ws, row, 0, text, self.fmt(text_wrap=True, valign="top", **props))
        ws.set_row(row, 15 * lines * (props.get("font_size", 10) / 10))

    def number(self, ws, row: int, col: int, value, num_format: str, **props) -> None:
        if value is None or isinstance(value, bool):
            self.string(ws, row, col, "" if value is None else str(value), self.fmt(**props))
            return
        ws.write_number(row, col, float(value), self.fmt(num_format=num_format, **props))

    def status(self, ws, row: int, col: int, status: str, text: str, **props) -> None:
        fill, font = STATUS_COLOURS.get(status, ("#FFFFFF", "#000000"))
        self.string(ws, row, col, text, self.fmt(bg_color=fill, font_color=font, **props))

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
