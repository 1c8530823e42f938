"""A self-contained HTML report: verdict, a bar per area, the metric table with
coloured statuses and, for metrics with several observations, an inline SVG
chart with the threshold line.  No scripts, no fonts, no network fetches;
everything from the plan and the data is escaped.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Optional

from qcity import __version__
from qcity.i18n import label
from qcity.render import cells
from qcity.evaluation.report import MetricResult, Report
from qcity.plan.targets import ChangeTarget, parse_target
from qcity.values import format_decimal

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",
"Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:72rem;color:#1f2328;padding:0 1rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin-top:2rem}
.verdict{border-radius:8px;padding:1rem 1.25rem;margin-bottom:1.25rem}
.verdict.pass{background:#dafbe1;border:1px solid #2da44e}
.verdict.fail{background:#ffebe9;border:1px solid #cf222e}
.verdict.none{background:#f6f8fa;border:1px solid #8c959f}
.verdict .big{font-size:1.35rem;font-weight:700;margin:.4rem 0 0}
.meta{color:#57606a;font-size:.9rem;margin:.2rem 0}
.areas{display:grid;grid-template-columns:max-content 1fr max-content;gap:.35rem .8rem;
align-items:center;max-width:40rem}
.bar{background:#eaeef2;border-radius:4px;height:.8rem;overflow:hidden}
.bar span{display:block;height:100%;background:#2da44e}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin-top:.5rem}
th,td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:middle}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
.st{border-radius:1rem;padding:.1rem .55rem;font-size:.8rem;white-space:nowrap}
.st-pass{background:#dafbe1;color:#116329}.st-fail{background:#ffebe9;color:#a40e26}
.st-missing{background:#fff8c5;color:#7d4e00}.st-not_due{background:#eaeef2;color:#57606a}
.notes{color:#57606a;font-size:.85rem}footer{color:#8c959f;font-size:.8rem;margin-top:2rem}
"""
_W, _H, _PAD = 160, 42, 4


def _threshold(m: MetricResult) -> Optional[Decimal]:
    if m.target is None or m.target == "achieved":
        return None
    target = parse_target(m.target.split(" @")[0])
    if isinstance(target, ChangeTarget):
        if m.baseline is None or m.baseline.value is None:
            return None
        return target.level_threshold(Decimal(m.baseline.value))
    return target.threshold


def chart(m: MetricResult, lang: str) -> str:
    """An inline SVG line chart of the observations, with a dashed threshold line."""
    points = m.history or []
    if len(points) < 2:
        return ""
    values = [Decimal(p.value) for p in points]
    threshold = _threshold(m)
    low = min(values + ([threshold] if threshold is not None else []))
    high = max(values + ([threshold] if threshold is not None else []))
    span = (high - low) or Decimal(1)
    first, last = points[0].end.toordinal(), points[-1].end.toordinal()
    days = (last - first) or 1

    def xy(day: int, value: Decimal) -> tuple[float, float]:
        x = _PAD + (_W - 2 * _PAD) * (day - first) / days
        y = _H - _PAD - float((_H - 2 * _PAD) * (value - low) / span)
        return round(x, 1), round(y, 1)

    coords = [xy(p.end.toordinal(), v) for p, v in zip(points, values)]
    title = escape(", ".join(f"{p.period}: {format_decimal(v)}" for p, v in zip(points, values)))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" '
             f'viewBox="0 0 {_W} {_H}" role="img" aria-label="{escape(label("history", lang))}">',
             f"<title>{title}</title>"]
    if threshold is not None:
        _, ty = xy(first, threshold)
        parts.append(f'<line x1="{_PAD}" y1="{ty}" x2="{_W - _PAD}" y2="{ty}" stroke="#cf222e" '
                     f'stroke-dasharray="4 3" stroke-width="1"><title>'
                     f'{escape(label("threshold", lang))} {format_decimal(threshold)}</title></line>')
    path = " ".join(f"{x},{y}" for x, y in coords)
    parts.append(f'<polyline points="{path}" fill="none" stroke="#0969da" stroke-width="1.5"/>')
    parts += [f'<circle cx="{x}" cy="{y}" r="2" fill="#0969da"/>' for x, y in coords]
    parts.append("</svg>")
    return "".join(parts)


def _section(report: Report, lang: str) -> str:
    e = escape
    out = [f'<section class="report" id="{e(report.plan.id)}">',
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
    head = "".join(f"<th>{e(h)}</th>" for h in cells.header(lang, report))
    out += [f"<h2>{e(label('metric', lang))}</h2>", '<table class="metrics">',
            f"<thead><tr>{head}<th>{e(label('history', lang))}</th></tr></thead>", "<tbody>"]
    for m in cells.ordered(report):
        row = cells.metric_row(m, lang, report)
        tds = [f"<td>{e(c)}</td>" for c in row[:3]]
        tds += [f'<td class="num">{e(row[3])}</td>', f"<td>{e(row[4])}</td>",
                f'<td><span class="st st-{e(m.status)}">{e(row[5])}</span></td>',
                f'<td class="num">{e(row[6])}</td>', f"<td>{e(row[7])}</td>"]
        tds += [f"<td>{e(c)}</td>" for c in row[8:]]  # the earlier status (--compare-to)
        tds.append(f"<td>{chart(m, lang)}</td>")
        out.append(f'<tr id="{e(report.plan.id)}-{e(m.id)}">' + "".join(tds) + "</tr>")
    out += ["</tbody>", "</table>"]
    notes = cells.notes(report, lang)
    if notes:
        out += [f'<h2>{e(label("note", lang))}</h2>', '<ul class="notes">']
        out += [f"<li>{e(n)}</li>" for n in notes]
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)


def render_many(reports: list[Report], lang: str | None = None) -> str:
    first = cells.report_lang(reports[0], lang) if reports else (lang or "zh")
    title = cells.title(reports[0], first) if len(reports) == 1 else label("report", first)
    body = "\n".join(_section(r, cells.report_lang(r, lang)) for r in reports)
    html_lang = "zh-CN" if first == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n"
            f"<footer>{escape(label('generated', first, v=__version__))}</footer>\n"
            "</body>\n</html>\n")
