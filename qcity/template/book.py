"""The fill-in workbook (``qcity template PLAN -o 填报表.xlsx``), written with XlsxWriter.

Sheet one is the form: a title row, the header (frozen, with filters), a row a
figure.  Value cells are the ones to fill (shaded): data validation takes
numbers (a warning, not a refusal, so a "—" for "no figure" can still be typed)
or 是/否 from a list; a % metric's cell shows ``%`` after the number it holds,
so 95.2 is typed and 95.2 is read.  Period cells are text (Excel would turn a
typed ``2016-06`` into a date).  Sheet two, 填报说明/Instructions, says how to
fill the form; qcity never reads it as data.  Printed on A4 landscape, a page
wide, the header on every page.  Every plan text is written as a string, with
Excel's quote prefix when it starts like a formula.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time

from qcity import __version__
from qcity.safetext import formula_safe

_FONT = {"font_name": "等线", "font_size": 10}
_WIDTHS = {"city": 8, "subunit": 8, "metric": 10, "name": 16, "period": 9, "value": 12, "unit": 6,
           "target": 10, "owner": 10, "source": 24, "note": 20}
_TEXT = {
    "zh": {"sheet": "填报表", "help": "填报说明", "title": "《{title}》指标数据填报表",
           "subtitle": "{city}　请在“数值”列填写，期间、单位以表中为准；填写说明见“填报说明”页",
           "number": "请填写数字（不带单位）；暂无数据可留空或填“—”",
           "percent": "填写百分数的数值，如 95.2 表示 95.2%",
           "yes_no": "请从下拉列表选择“是”或“否”", "number_title": "数值",
           "lines": [
               "本表由 qcity 根据《{title}》生成，每行是方案需要的一个数据（基期、阶段目标、"
               "逐期考核和期限）。",
               "1. 只填写“数值”“数据来源”“备注”三列；不要修改指标代码和期间。",
               "{periods}",
               "3. 数值只填数字，不带单位和千分位以外的符号；百分比指标填百分数的数值，"
               "如 95.2 表示 95.2%（已设成百分比格式的单元格照显示的数读取）。",
               "4. 是/否类指标从下拉列表选择“是”或“否”。",
               "5. 暂无数据的，留空或填“—”“暂无”，不要填 0。",
               "6. 数据来源写明出处（如统计公报、部门年报及其日期）。",
               "7. 已报数据需要修订的，另起一行填写修订后的数值，并增加一列“修订”填“是”。",
               "8. 需要补充其他期间的数据，可复制一行后修改期间（如 2016年、2016年第三季度、"
               "2016年6月）。",
               "9. 表格下方可照常写“注：”、填报单位、联系人等，不影响读取。",
               "10. 收回后可直接检查：qcity check {plan} --data 本文件名.xlsx",
           ]},
    "en": {"sheet": "Form", "help": "Instructions", "title": "{title}: figures to report",
           "subtitle": "{city}: fill in the value column; keep the periods and units given; "
                       "see the Instructions sheet",
           "number": "A number, without its unit; leave empty or type — when there is no "
                     "figure yet",
           "percent": "The percentage as a number: 95.2 means 95.2%",
           "yes_no": "Choose yes or no from the list", "number_title": "Value",
           "lines": [
               "Made by qcity from the plan \"{title}\": each row is a figure the plan needs "
               "(baseline, milestones, each period judged, the deadline).",
               "1. Fill in only value, source and note; do not change the metric id or the "
               "period.",
               "{periods}",
               "3. Values are numbers without units; a percentage is its number: 95.2 means "
               "95.2% (a cell formatted as a percentage is read as it shows).",
               "4. Yes/no metrics: choose from the list.",
               "5. No figure yet: leave the cell empty or type —, never 0.",
               "6. Source: where the figure comes from (a bulletin, a report and its date).",
               "7. To revise a figure already sent, add a row with the new value and a column "
               "\"revised\" holding yes.",
               "8. Figures for other periods: copy a row and change its period (2016, 2016-Q3, "
               "2016-06).",
               "9. Notes, the reporting office and a contact may follow below the table.",
               "10. Check it as it comes back: qcity check {plan} --data this-file.xlsx",
           ]},
}


def write_book(plan, lang: str, columns: list[str], headings: list[str], rows,
               periods: str) -> bytes:
    """The workbook; ``periods`` is the instructions' paragraph on the periods asked for."""
    import xlsxwriter

    text = _TEXT[lang]
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_numbers": False, "strings_to_urls": False})
    # a fixed creation date (the plan's approval, when it is a day) keeps the file stable
    when = plan.approved if isinstance(plan.approved, date) else date.today()
    book.set_properties({"title": text["title"].format(title=plan.title), "author": "qcity",
                         "comments": f"qcity {__version__}",
                         "created": datetime.combine(when, time())})
    fmt = _Formats(book)
    sheet = book.add_worksheet(text["sheet"])
    city = plan.city if plan.cities is None else ", ".join(plan.cities) \
        if isinstance(plan.cities, list) else plan.city
    fmt.string(sheet, 0, 0, text["title"].format(title=plan.title), fmt.title)
    fmt.string(sheet, 1, 0, text["subtitle"].format(city=city), fmt.subtitle)
    header_row = 2
    for col, (column, heading) in enumerate(zip(columns, headings)):
        fmt.string(sheet, header_row, col, heading, fmt.head)
        # as wide as the longest text in the column (CJK counts double), within bounds
        width = max([_width(heading)] + [_width(cells[column]) for _, cells in rows])
        sheet.set_column(col, col, min(max(width + 2, _WIDTHS[column]), 48),
                         fmt.period if column == "period" else None)
    for i, (row, cells) in enumerate(rows, header_row + 1):
        for col, column in enumerate(columns):
            if column == "value":
                _value_cell(sheet, fmt, text, i, col, row.metric)
            elif column in ("source", "note"):
                fmt.string(sheet, i, col, cells[column], fmt.input)
            else:
                fmt.string(sheet, i, col, cells[column],
                           fmt.period if column == "period" else fmt.text)
    last = header_row + len(rows)
    sheet.freeze_panes(header_row + 1, columns.index("period") + 1)
    sheet.autofilter(header_row, 0, max(last, header_row), len(columns) - 1)
    sheet.set_row(header_row, 30)
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    sheet.set_footer("&C&P / &N")
    sheet.activate()
    _instructions(book, fmt, text, plan, periods)
    book.close()
    return out.getvalue()


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2e80 else 1 for ch in text)


def _value_cell(sheet, fmt, text, row: int, col: int, metric) -> None:
    if metric.is_bool:
        sheet.write_blank(row, col, None, fmt.input)
        sheet.data_validation(row, col, row, col, {
            "validate": "list", "source": ["是", "否"] if text is _TEXT["zh"] else ["yes", "no"],
            "input_title": text["number_title"], "input_message": text["yes_no"]})
        return
    sheet.write_blank(row, col, None, fmt.percent if metric.is_percent else fmt.input)
    sheet.data_validation(row, col, row, col, {
        "validate": "decimal", "criteria": "between", "minimum": -1e15, "maximum": 1e15,
        "error_type": "warning", "error_title": text["number_title"],
        "error_message": text["number"], "input_title": text["number_title"],
        "input_message": text["percent"] if metric.is_percent else text["number"]})


def _instructions(book, fmt, text, plan, periods: str) -> None:
    sheet = book.add_worksheet(text["help"])
    sheet.set_column(0, 0, 64)
    fmt.string(sheet, 0, 0, text["title"].format(title=plan.title), fmt.title)
    for i, line in enumerate(text["lines"], 2):
        line = line.format(title=plan.title, plan=plan.id, periods=periods)
        sheet.set_row(i, 15 * (_width(line) // 58 + 1))  # wrapped lines need the height
        fmt.string(sheet, i, 0, line, fmt.wrap)
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)


class _Formats:
    def __init__(self, book):
        def add(**props):
            return book.add_format({**_FONT, **props})

        self.text = add(valign="top")
        self.quoted = add(valign="top", quote_prefix=True)
        self.wrap = add(text_wrap=True)
        self.head = add(bold=True, bg_color="#D9E1F2", border=1, text_wrap=True,
                        valign="vcenter", align="center")
        self.title = add(bold=True, font_size=14)
        self.subtitle = add(font_color="#595959")
        self.period = add(num_format="@", valign="top")
        self.input = add(bg_color="#FFF2CC", border=1, border_color="#BFBFBF", valign="top")
        self.percent = add(bg_color="#FFF2CC", border=1, border_color="#BFBFBF",
                           num_format='General"%"', valign="top")

    def string(self, sheet, row: int, col: int, value: str, fmt) -> None:
        if formula_safe(value) != value:  # stays text when edited or saved as CSV
            fmt = self.quoted
        if value:
            sheet.write_string(row, col, value, fmt)
        else:
            sheet.write_blank(row, col, None, fmt)
