"""A Word report (``.docx``) in the style of a 公文 (GB/T 9704): A4, a title and an
issuing line, the verdict paragraph, a table per area, notes and sources.

Fonts are named, never embedded, so Word and WPS use the machine's own: the title
in 宋体 (bold, 22 pt, 二号), headings in 黑体 and 楷体, text in 仿宋 (16 pt, 三号) on a
fixed 28 pt line, tables in 宋体 9 pt (小五, so eight columns fit the
156 mm type area without squeezing a word into a column of single characters); Latin text in Times New Roman.
python-docx writes the document (a well-kept library for the OOXML that Word and
WPS both read); it is imported only when a Word report is asked for.
"""

from __future__ import annotations

import io

from qcity import __version__
from qcity.i18n import label
from qcity.render import cells, standards, wording
from qcity.evaluation.report import Report

TITLE_FONT, HEADING_FONT, SUBHEADING_FONT, BODY_FONT, TABLE_FONT = "宋体", "黑体", "楷体", "仿宋", "宋体"
LATIN = "Times New Roman"
_ZH_NUMBERS = "一二三四五六七八九十"


def _font(run_or_style, east_asia: str, size: float | None = None, bold: bool | None = None):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = LATIN
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold


def _ordinal(n: int, level: int, lang: str) -> str:
    """一、 （一） 1. for the three heading levels (1. 1.1 in English)."""
    if lang != "zh":
        return f"{n}. " if level == 1 else ""
    zh = _ZH_NUMBERS[n - 1] if n <= 10 else str(n)
    return {1: f"{zh}、", 2: f"（{zh}）", 3: f"{n}. "}.get(level, "")


class _Writer:
    """One document being written: the styles set up once, then paragraphs and tables."""

    def __init__(self, lang: str):
        from docx import Document
        from docx.shared import Mm, Pt

        self.lang = lang
        self.doc = doc = Document()
        section = doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        # GB/T 9704: top 37 mm, left 28 mm, type area 156 x 225 mm
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        normal = doc.styles["Normal"]
        _font(normal, BODY_FONT if lang == "zh" else TITLE_FONT, 16 if lang == "zh" else 12)
        normal.paragraph_format.line_spacing = Pt(28 if lang == "zh" else 18)
        normal.paragraph_format.space_after = Pt(0)
        # table text: its own style, so an empty cell's line is as high as a full one's
        # (the paragraph mark would take Normal's 16 pt), with air above and below
        from docx.enum.style import WD_STYLE_TYPE

        cell = doc.styles.add_style("qcity-table", WD_STYLE_TYPE.PARAGRAPH)
        cell.base_style = normal
        _font(cell, TABLE_FONT, 9)
        cell.paragraph_format.line_spacing = 1.1
        cell.paragraph_format.first_line_indent = Pt(0)
        cell.paragraph_format.space_before = cell.paragraph_format.space_after = Pt(2)
        self._page_numbers(section)

    def _page_numbers(self, section) -> None:
        """A centred page number in the footer, ``— 1 —`` as a 公文 has it."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("— ")
        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                field = OxmlElement("w:fldChar")
                field.set(qn("w:fldCharType"), kind)
            else:
                field = OxmlElement("w:instrText")
                field.set(qn("xml:space"), "preserve")
                field.text = text
            run._r.append(field)
        paragraph.add_run(" —")
        for r in paragraph.runs:
            _font(r, TITLE_FONT, 14)

    def title(self, text: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        from docx.shared import Pt

        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.line_spacing = Pt(30)
        p.paragraph_format.keep_with_next = True
        _font(p.add_run(text), TITLE_FONT, 22, True)

    def centred(self, text: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(text), BODY_FONT, 12 if self.lang == "zh" else 11)

    def heading(self, text: str, level: int) -> None:
        from docx.shared import Pt

        p = self.doc.add_paragraph()
        if level == 1:
            p.paragraph_format.space_before = Pt(12)
        font = HEADING_FONT if level == 1 else SUBHEADING_FONT if level == 2 else BODY_FONT
        _font(p.add_run(text), font, None, level == 3 or self.lang != "zh")
        p.paragraph_format.keep_with_next = True

    def text(self, text: str, bold_lead: str = "", keep_with_next: bool = False) -> None:
        from docx.shared import Pt

        p = self.doc.add_paragraph()
        p.paragraph_format.keep_with_next = keep_with_next
        if self.lang == "zh":
            p.paragraph_format.first_line_indent = Pt(32)  # two characters
        if bold_lead:
            _font(p.add_run(bold_lead), BODY_FONT, None, True)
        _font(p.add_run(text), BODY_FONT)

    def table(self, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
        """A bordered table, header row shaded and repeated on every page."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        margins = OxmlElement("w:tblCellMar")  # 1 mm each side (Word's 1.9 mm wastes a word)
        for side in ("left", "right"):
            margin = OxmlElement(f"w:{side}")
            margin.set(qn("w:w"), str(_CELL_MARGIN_TWIPS))
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        table._tbl.tblPr.append(margins)
        for i, row in enumerate([header] + rows):
            cells_ = table.rows[0].cells if i == 0 else table.add_row().cells
            for j, value in enumerate(row):
                cell = cells_[j]
                cell.width = Mm(widths[j])
                paragraph = cell.paragraphs[0]
                paragraph.style = self.doc.styles["qcity-table"]
                # a short table stays on one page with the heading above it
                paragraph.paragraph_format.keep_with_next = i < len(rows) and len(rows) < 12
                paragraph.paragraph_format.first_line_indent = Pt(0)
                _font(paragraph.add_run(str(value)), HEADING_FONT if i == 0 else TABLE_FONT,
                      9, i == 0 and self.lang != "zh")
                if i == 0:
                    shade = OxmlElement("w:shd")
                    shade.set(qn("w:val"), "clear")
                    shade.set(qn("w:fill"), "E7E6E6")
                    cell._tc.get_or_add_tcPr().append(shade)
        for column, width in zip(table.columns, widths):  # the grid Word and LibreOffice read
            column.width = Mm(width)
        for k, row in enumerate(table.rows):
            properties = row._tr.get_or_add_trPr()
            keep = OxmlElement("w:cantSplit")  # a row stays on one page
            keep.set(qn("w:val"), "true")
            properties.append(keep)
            if k == 0:  # the header row repeats on every page
                repeat = OxmlElement("w:tblHeader")
                repeat.set(qn("w:val"), "true")
                properties.append(repeat)
        self.doc.add_paragraph()

    def page_break(self) -> None:
        from docx.enum.text import WD_BREAK

        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def bytes(self, title: str) -> bytes:
        props = self.doc.core_properties
        props.title, props.author = title, "qcity"
        props.comments = label("generated", self.lang, v=__version__)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


TYPE_WIDTH = 156  # mm: the type area of GB/T 9704
_EM, _PADDING = 3.3, 2.0  # mm: 9 pt (bold headers a little wider), the cell margins
_CELL_MARGIN_TWIPS = 57  # 1 mm


def _widths(header: list[str], rows: list[list[str]], flex: int, lang: str,
            wrap_words=(), first_only=()) -> list[float]:
    """Column widths in mm: short columns as wide as their words (序号, 逾期未达标,
    ``Margin`` and ``2015-H1`` never broken), the ``flex`` column the rest."""
    from qcity.render.widths import column_widths

    return column_widths(header, rows, TYPE_WIDTH, flex, _EM, _PADDING,
                         30 if lang == "zh" else 36, wrap_words, first_only)


def _area_rows(report: Report, metrics, lang: str) -> list[list[str]]:
    rows = []
    for i, m in enumerate(metrics, 1):
        row = cells.metric_row(m, lang, report)
        rows.append([str(i)] + row[1:])
    return rows


def _area_line(report: Report, area_id, lang: str) -> str:
    for a in report.areas:
        if a.id == area_id:
            if not a.due and not a.not_due:  # indicators only: nothing to pass
                return "均为监测指标。" if lang == "zh" else "Indicators only (no targets)."
            if lang == "zh":
                return (f"应达标{a.due}项，达标{a.pass_}项、未达标{a.fail}项、缺数据{a.missing}项"
                        f"{f'，另有{a.not_due}项未到期' if a.not_due else ''}。")
            return (f"{a.pass_} of {a.due} due passed, {a.fail} failed, {a.missing} missing"
                    f"{f', {a.not_due} not yet due' if a.not_due else ''}.")
    return ""


def _verdict_paragraph(w: _Writer, report: Report, lang: str) -> None:
    title = cells.plan_name(report.plan, lang)
    stage = cells.stage_name(report, lang)
    span = wording.date_span(report.stage.start, report.stage.end, lang)
    when = wording.date_text(report.evaluated_at, lang)
    city = cells.city_name(report, lang)
    dates = label("dates_sentence", lang, when=when,
                  known=cells.known_text(report.evaluated_at, report.as_of, lang))
    if lang == "zh":
        lead = f"依据《{title}》，对{city}{stage}（{span}）的各项指标进行评估。{dates}。"
    else:
        lead = f"Under {title}, {city} was evaluated at the stage {stage} ({span}) {dates}."
    w.text(lead)
    line = cells.verdict_line(report, lang)
    word = f"{label('verdict', lang)}{wording.colon(lang)}{cells.verdict_word(report, lang)}"
    if line.startswith(word):
        w.text(line[len(word):], word)
    else:
        w.text(line)


def _body(w: _Writer, report: Report, lang: str, level: int) -> None:
    """A report's sections: verdict, areas, notes, sources, at heading ``level``."""
    n = 0

    def heading(text: str) -> None:
        nonlocal n
        n += 1
        w.heading(_ordinal(n, level, lang) + text, level)

    heading(label("verdict", lang) if lang != "zh" else "总体结论")
    _verdict_paragraph(w, report, lang)
    heading(label("areas", lang) if lang != "zh" else "分领域情况")
    header = ["序号" if lang == "zh" else "No."] + cells.header(lang, report)[1:]
    every = [row for _, metrics in cells.area_groups(report, lang)
             for row in _area_rows(report, metrics, lang)]  # one set of widths a report
    # a target and the earlier status may wrap between words, the change beside a figure
    widths = _widths(header, every, 1, lang, (2, 3, 8) if lang != "zh" else (3, 8),
                     first_only=(3,))
    for k, (area, metrics) in enumerate(cells.area_groups(report, lang), 1):
        w.heading(_ordinal(k, level + 1, lang) + area, level + 1)
        w.text(_area_line(report, metrics[0].area, lang), keep_with_next=True)
        w.table(header, _area_rows(report, metrics, lang), widths)
    notes = cells.notes(report, lang)
    explain = []
    if any(m.veto for m in report.metrics):
        explain.append("状态后标“*”者为一票否决指标，未达标即整体不通过。" if lang == "zh" else
                       "A status marked * is a veto metric: when it does not pass, the plan fails.")
    if any(m.target is None for m in report.metrics):
        explain.append("“监测指标”没有目标值，只列示数值，不作评判。" if lang == "zh" else
                       "Indicators have no target: their figures are shown, never judged.")
    if report.counts.get("not_due"):
        explain.append(label("stage_note", lang, n=report.counts["not_due"])
                       + ("。" if lang == "zh" else "."))
    cited = standards.lines(cells.ordered(report))
    if cited:  # the footnote marks in the target column
        explain.append(label("standards", lang) + wording.colon(lang)
                       + ("；" if lang == "zh" else "; ").join(cited)
                       + ("。" if lang == "zh" else "."))
    heading(label("notes", lang) if lang != "zh" else "说明")
    for line in explain + notes:
        w.text(line)
    sources = cells.sources(report, lang)  # one paragraph a source, naming its metrics
    if sources:
        heading(label("sources", lang))
        for who, source in sources:
            w.text(source, who + wording.colon(lang))


def _head(w: _Writer, title: str, lang: str, issuing: list[str]) -> None:
    w.title(title)
    if lang == "zh":
        w.title("评估报告")
    else:
        w.centred("Evaluation report")
    for line in issuing:
        w.centred(line)


def _issuing(report: Report, lang: str) -> list[str]:
    return _issuing_lines(cells.stage_name(report, lang), report.stage, report.evaluated_at,
                          report.as_of, lang)


def _issuing_lines(stage: str, st, evaluated_at, as_of, lang: str, extra: str = "") -> list[str]:
    """The lines under a 公文's title: the stage and its dates, then the evaluation date
    and whose figures (and, for many cities, how many), with a 公文's separators."""
    span = wording.date_span(st.start, st.end, lang)
    dates = label("issuing_dates", lang, when=wording.date_text(evaluated_at, lang),
                  known=cells.known_text(evaluated_at, as_of, lang))
    if lang == "zh":
        return [f"（评估阶段：{stage}，{span}）", f"（{dates}{'　' + extra if extra else ''}）"]
    return [f"(stage: {stage}, {span}; {dates}{'; ' + extra if extra else ''})"]


def _close(w: _Writer, lang: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    w.doc.add_paragraph()
    p = w.doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(p.add_run(label("generated", lang, v=__version__)), BODY_FONT)


def render_many(reports: list[Report], lang: str | None = None) -> bytes:
    first = cells.report_lang(reports[0], lang) if reports else (lang or "zh")
    w = _Writer(first)
    for i, report in enumerate(reports):
        report_lang = cells.report_lang(report, lang)
        if i:
            w.page_break()
        _head(w, cells.title(report, report_lang), report_lang, _issuing(report, report_lang))
        _body(w, report, report_lang, 1)
    _close(w, first)
    return w.bytes(cells.title(reports[0], first) if reports else "qcity")


def render_scoreboard(board, lang: str | None = None) -> bytes:
    """The ranked scoreboard first, then each city's report (best first), a page each."""
    lang = lang or board.plan.lang
    w = _Writer(lang)
    title, when = cells.scoreboard_title(board, lang)
    st = board.stage_info
    cities = label("cities", lang, n=len(board.rows))
    if st is not None:
        name = st.name_en if lang == "en" and st.name_en else st.name
        issuing = _issuing_lines(name, st, board.evaluated_at, board.as_of, lang,
                                 ("共" if lang == "zh" else "") + cities)
    else:
        issuing = [wording.paren(when, lang).strip()]
    _head(w, title, lang, issuing)
    w.heading(_ordinal(1, 1, lang) + label("scoreboard", lang), 1)
    rows = [[str(i)] + row for i, row in zip(board.places(), cells.scoreboard_rows(board, lang))]
    head = [label("rank", lang)] + cells.scoreboard_header(lang)
    w.table(head, rows, _widths(head, rows, 1, lang))
    for k, report in enumerate(cells.ranked_reports(board), 1):
        w.page_break()
        w.heading(_ordinal(k + 1, 1, lang) + cells.city_name(report, lang), 1)
        _body(w, report, lang, 2)
    _close(w, lang)
    return w.bytes(title)
