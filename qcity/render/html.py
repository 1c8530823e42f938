"""A self-contained HTML report: verdict, a bar per area, the metric table with
coloured statuses and a chart of each metric with figures (axes, periods, values,
the threshold).  No scripts, no fonts, no network fetches; everything from the
plan and the data is escaped.  Printed (or saved as PDF) it is an A4 document:
columns keep their words whole, charts stay whole, each city starts a page.
Many cities: the ranked scoreboard comes first, linking to each city's section.
"""

from __future__ import annotations

from html import escape

from qcity import __version__
from qcity.i18n import label
from qcity.render import cells, chart as charts, standards, wording
from qcity.render.svg import svg
from qcity.evaluation.report import MetricResult, Report

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",
"Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:76rem;color:#1f2328;padding:0 1rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin-top:2rem}
.verdict{border-radius:8px;padding:1rem 1.25rem;margin-bottom:1.25rem}
.verdict.pass{background:#dafbe1;border:1px solid #2da44e}
.verdict.fail{background:#ffebe9;border:1px solid #cf222e}
.verdict.none{background:#f6f8fa;border:1px solid #8c959f}
.verdict .big{font-size:1.2rem;font-weight:700;margin:.4rem 0 0}
.meta{color:#57606a;font-size:.9rem;margin:.2rem 0}
.areas{display:grid;grid-template-columns:max-content minmax(8rem,1fr) max-content;
gap:.35rem .8rem;align-items:center;max-width:40rem}
.bar{background:#eaeef2;border-radius:4px;height:.8rem;overflow:hidden}
.bar span{display:block;height:100%;background:#2da44e}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin-top:.5rem}
th,td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa;white-space:nowrap}th.num,td.num{text-align:right;font-variant-numeric:tabular-nums}
td.keep{white-space:nowrap}td small{color:#57606a}
td.area{min-width:5em;max-width:9em}td.name{min-width:12em}td.target{min-width:5em;max-width:11em}
.st{border-radius:1rem;padding:.1rem .55rem;font-size:.8rem;white-space:nowrap}
.st-pass{background:#dafbe1;color:#116329}.st-fail{background:#ffebe9;color:#a40e26}
.st-missing{background:#fff8c5;color:#7d4e00}.st-not_due{background:#eaeef2;color:#57606a}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:1rem}
figure.chart{margin:0;border:1px solid #d0d7de;border-radius:6px;padding:.5rem}
figure.chart figcaption{font-size:.85rem;margin-bottom:.25rem}
figure.chart figcaption small{color:#57606a;display:block}
.notes{color:#57606a;font-size:.85rem}footer{color:#8c959f;font-size:.8rem;margin-top:2rem}
a{color:#0969da}
@page{size:A4;margin:14mm 12mm}
@media print{
body{margin:0;max-width:none;padding:0;font-size:9.5pt}
h1{font-size:15pt}h2{font-size:11.5pt;margin-top:1.2em;break-after:avoid}
section.report+section.report,section.scoreboard+section.report{break-before:page}
table{font-size:8.5pt}th,td{padding:2px 4px}thead{display:table-header-group}
tr,figure.chart,.verdict,.areas{break-inside:avoid}
.charts{grid-template-columns:repeat(2,1fr);gap:8px}
figure.chart svg{width:100%;height:auto}
a{color:inherit;text-decoration:none}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def _metric_cells(m: MetricResult, lang: str, report: Report, anchor: str) -> list[str]:
    """The table row's cells: words never broken in the short columns, the metric name
    (the one column that wraps) linking to its chart."""
    e = escape
    row = cells.metric_row(m, lang, report)
    name = e(row[1])
    if anchor:
        name = f'<a href="#{anchor}">{name}</a>'
    actual = e(cells.value_text(m, m.actual, lang))
    change = cells.change_text(m, lang)
    if change:
        actual += f"<br><small>{e(change)}</small>"
    # the area and the target wrap between words (English areas and targets are long),
    # never narrower than a short word; the metric's name gets the room
    tds = [f'<td class="area">{e(row[0])}</td>', f'<td class="name">{name}</td>',
           f'<td class="target{" keep" if len(row[2]) <= 14 else ""}">{e(row[2])}</td>',
           f'<td class="num keep">{actual}</td>',
           f'<td class="keep">{e(row[4])}</td>',
           f'<td><span class="st st-{e(m.status)}">{e(row[5])}</span></td>',
           f'<td class="num keep">{e(row[6])}</td>', f'<td class="keep">{e(row[7])}</td>']
    tds += [f"<td>{e(c)}</td>" for c in row[8:]]  # the earlier status (--compare-to)
    return tds


def _section(report: Report, lang: str, key: str) -> str:
    e = escape
    out = [f'<section class="report" id="{e(key)}">',
           f'<div class="verdict {e(report.verdict)}">',
           f"<h1>{e(cells.title(report, lang))}</h1>",
           f'<p class="meta">{e(cells.stage_line(report, lang))}</p>',
           f'<p class="big">{e(cells.verdict_line(report, lang))}</p></div>',
           f"<h2>{e(label('areas', lang))}</h2>", '<div class="areas">']
    for area in report.areas:
        share = 100 * area.pass_ / area.due if area.due else 0
        out.append(f"<span>{e(area.label(lang) if area.id else label('no_area', lang))}</span>"
                   f'<div class="bar" title="{area.pass_}/{area.due}">'
                   f'<span style="width:{share:.0f}%"></span></div>'
                   f"<span>{area.pass_}/{area.due}</span>")
    out.append("</div>")
    figures = []
    anchors = {}
    for m in cells.ordered(report):
        c = charts.chart_of(m, lang, report)
        if c is not None:
            anchors[m.id] = f"{key}-{len(figures) + 1}"
            figures.append((m, c))
    head = "".join(f"<th>{e(h)}</th>" for h in cells.header(lang, report))
    out += [f"<h2>{e(label('metrics_sheet', lang))}</h2>", '<table class="metrics">',
            f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for m in cells.ordered(report):
        out.append("<tr>" + "".join(_metric_cells(m, lang, report, anchors.get(m.id, "")))
                   + "</tr>")
    out += ["</tbody>", "</table>"]
    if any(m.veto for m in report.metrics):
        out.append(f'<p class="notes">* {e(label("veto", lang))}</p>')
    cited = standards.notes(cells.ordered(report))
    if cited:
        out.append(f'<p class="notes standards">{e(label("standards", lang))}'
                   f'{e(wording.colon(lang))}' + "　".join(
                       f"<sup>{e(mark)}</sup>{e(standard)}" for mark, standard in cited)
                   + "</p>")
    if figures:
        out += [f"<h2>{e(label('charts', lang))}</h2>", '<div class="charts">']
        for m, c in figures:
            note = c.caption(lang)
            caption = (f"<b>{e(c.title)}</b>" + (f" · {e(c.threshold_text)}" if c.threshold_text
                                                 else "")
                       + (f"<small>{e(note)}</small>" if note else ""))
            out.append(f'<figure class="chart" id="{anchors[m.id]}"><figcaption>{caption}'
                       f"</figcaption>{svg(c)}</figure>")
        out.append("</div>")
    notes = cells.notes(report, lang)
    if notes:
        out += [f'<h2>{e(label("note", lang))}</h2>', '<ul class="notes">']
        out += [f"<li>{e(n)}</li>" for n in notes]
        out.append("</ul>")
    sources = cells.sources(report, lang)
    if sources:
        out += [f'<h2>{e(label("sources", lang))}</h2>', '<ul class="notes sources">']
        out += [f"<li><b>{e(who)}</b>{e(wording.colon(lang))}{e(source)}</li>"
                for who, source in sources]
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)


def _page(title: str, lang: str, body: str) -> str:
    return _page_head(title, lang) + body + _page_tail(lang)


def _page_head(title: str, lang: str) -> str:
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n")


def _page_tail(lang: str) -> str:
    return (f"\n<footer>{escape(label('generated', lang, v=__version__))}</footer>\n"
            "</body>\n</html>\n")


def render_many(reports: list[Report], lang: str | None = None) -> str:
    first = cells.report_lang(reports[0], lang) if reports else (lang or "zh")
    title = cells.title(reports[0], first) if len(reports) == 1 else label("report", first)
    body = "\n".join(_section(r, cells.report_lang(r, lang), f"report-{i}")
                     for i, r in enumerate(reports, 1))
    return _page(title, first, body)


def render_scoreboard(board, lang: str | None = None) -> str:
    """The ranked scoreboard, each city linking to its section; then the sections."""
    reports = board.reports or []
    writer = ScoreboardWriter(lang or board.plan.lang)
    order = {id(r): i for i, r in enumerate(reports)}  # a section's anchor: its city's place
    return writer.head(board, bool(reports)) + "".join(
        writer.section(order[id(r)], r) for r in cells.ranked_reports(board)) \
        + writer.tail(board)


class ScoreboardWriter:
    """:func:`render_scoreboard` a city at a time: the sections are made as the cities
    are evaluated (:meth:`section` is pure: a second process may make half of them)
    and written after :meth:`head` in the scoreboard's order.  A section's anchor is
    its city's place in the plan's order (``city-1`` …), known before the ranking is."""

    ranked = True

    def __init__(self, lang: str):
        self.lang = lang

    def head(self, board, sections: bool = True) -> str:
        lang, e = self.lang, escape
        title, when = cells.scoreboard_title(board, lang)
        keys = {row.city: f"city-{i}" for i, row in enumerate(board.rows, 1)} if sections \
            else {}
        titles = [label("rank", lang)] + cells.scoreboard_header(lang)
        head = "".join(f'<th{"" if k in (1, 2) else " class=num"}>{e(h)}</th>'
                       for k, h in enumerate(titles))
        rows = []
        for i, row, values in zip(board.places(), board.ranking(),
                                  cells.scoreboard_rows(board, lang)):
            city = e(values[0])
            if row.city in keys:
                city = f'<a href="#{keys[row.city]}">{city}</a>'
            verdict = f'<span class="st st-{e(row.verdict)}">{e(values[1])}</span>'
            rest = "".join(f'<td class="num">{e(v)}</td>' for v in values[2:])
            rows.append(f'<tr><td class="num">{i}</td><td class="keep">{city}</td>'
                        f"<td>{verdict}</td>{rest}</tr>")
        return _page_head(title, lang) + "\n".join([
            '<section class="scoreboard">', f"<h1>{e(title)}</h1>",
            f'<p class="meta">{e(when)}</p>', f"<h2>{e(label('scoreboard', lang))}</h2>",
            '<table class="board">', f"<thead><tr>{head}</tr></thead>", "<tbody>", *rows,
            "</tbody>", "</table>", "</section>"])

    def section(self, index: int, report: Report) -> str:
        return "\n" + _section(report, self.lang, f"city-{index + 1}")

    def tail(self, board) -> str:
        return _page_tail(self.lang)
