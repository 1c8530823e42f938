"""A metric's chart as inline SVG (for the HTML report), drawn from
:class:`qcity.render.chart.Chart`: value axis with round ticks, the period of
each point under it, the value above it, points green when they meet the target
and red when they miss, hollow grey when the judgement did not count them (too
late, too old, another period length), the threshold as a dashed red line with
its label, and a legend saying which is which.  Points are evenly spaced, a
period each, as in the Excel chart of the same data.
"""

from __future__ import annotations

from html import escape

from qcity.render.chart import Chart

W, H = 360, 212
LEFT, RIGHT, TOP, BOTTOM = 46, 54, 24, 50
_COLOURS = {True: "#1a7f37", False: "#cf222e", None: "#0969da"}
_GREY = "#8c959f"


def svg(c: Chart) -> str:
    low, high = float(c.low), float(c.high)
    span = (high - low) or 1.0
    inner_w, inner_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    n = len(c.values)

    def x(i: int) -> float:
        return round(LEFT + inner_w * (i + 0.5) / n, 1)

    def y(value) -> float:
        return round(TOP + inner_h * (1 - (float(value) - low) / span), 1)

    e = escape
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'viewBox="0 0 {W} {H}" role="img" aria-label="{e(c.title)}">',
           f"<title>{e(c.title)}</title>",
           '<g class="axis" font-size="10" fill="#57606a">']
    for tick in c.ticks:
        ty = y(tick)
        out.append(f'<line x1="{LEFT}" y1="{ty}" x2="{W - RIGHT}" y2="{ty}" stroke="#eaeef2"/>'
                   f'<text x="{LEFT - 5}" y="{ty + 3.5}" text-anchor="end">'
                   f"{e(c.tick_text(tick))}</text>")
    every = max(1, -(-n // 7))  # at most seven period labels, so they never overlap;
    for i in range(n - 1, -1, -every):  # counted back from the latest, which always shows
        out.append(f'<text x="{x(i)}" y="{H - BOTTOM + 15}" text-anchor="middle">'
                   f"{e(c.labels[i])}</text>")
    out.append(f'<line x1="{LEFT}" y1="{TOP + inner_h}" x2="{W - RIGHT}" y2="{TOP + inner_h}" '
               'stroke="#8c959f"/></g>')
    if c.bars and n > 1:  # a comparison: the bar moves with the compared figure
        known = [(x(i), y(b)) for i, b in enumerate(c.bars) if b is not None]
        path = " ".join(f"{px},{py}" for px, py in known)
        ty = known[-1][1]
        out.append(f'<polyline class="threshold" points="{path}" fill="none" stroke="#cf222e" '
                   'stroke-width="1.2" stroke-dasharray="5 3"/>'
                   f'<text x="{W - RIGHT + 4}" y="{ty + 3.5}" font-size="10" fill="#cf222e">'
                   f"{e(c.threshold_short)}</text>")
    elif c.threshold is not None:  # the line, and its value at its end beside the plot
        ty = y(c.threshold)
        out.append(f'<line class="threshold" x1="{LEFT}" y1="{ty}" x2="{W - RIGHT}" y2="{ty}" '
                   'stroke="#cf222e" stroke-width="1.2" stroke-dasharray="5 3"/>'
                   f'<text x="{W - RIGHT + 4}" y="{ty + 3.5}" font-size="10" fill="#cf222e">'
                   f"{e(c.threshold_short)}</text>")
    if n > 1:
        path = " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(c.values))
        out.append(f'<polyline points="{path}" fill="none" stroke="#0969da" stroke-width="1.8"/>')
    for i, (value, text, meets, counted) in enumerate(zip(c.values, c.texts, c.meets,
                                                          c.counted)):
        px, py = x(i), y(value)
        if counted:
            out.append(f'<circle cx="{px}" cy="{py}" r="3.5" fill="{_COLOURS[meets]}"/>'
                       f'<text x="{px}" y="{round(py - 7, 1)}" text-anchor="middle" font-size="9.5" '
                       f'fill="#1f2328">{e(text)}</text>')
        else:
            out.append(f'<circle class="uncounted" cx="{px}" cy="{py}" r="3.5" fill="#fff" '
                       f'stroke="{_GREY}" stroke-width="1.5"/>'
                       f'<text x="{px}" y="{round(py - 7, 1)}" text-anchor="middle" font-size="9.5" '
                       f'fill="{_GREY}">{e(text)}</text>')
    out.append(_legend(c))
    out.append("</svg>")
    return "".join(out)


def _legend(c: Chart) -> str:
    """One line under the periods: the kinds of point this chart has, and the threshold."""
    labels, items = c.legend, []
    for meets in (True, False, None):
        if any(m is meets and k for m, k in zip(c.meets, c.counted)):
            items.append((f'<circle r="3.5" fill="{_COLOURS[meets]}"/>', labels[meets]))
    if not all(c.counted):
        items.append((f'<circle r="3.5" fill="#fff" stroke="{_GREY}" stroke-width="1.5"/>',
                      labels["uncounted"]))
    if c.threshold is not None:
        items.append(('<line x1="-6" x2="6" stroke="#cf222e" stroke-width="1.2" '
                      'stroke-dasharray="4 2"/>', labels["threshold"]))
    if len(items) < 2 and all(c.counted):  # plain points, no threshold: nothing to tell
        return ""
    out, at = ['<g class="legend" font-size="9.5" fill="#57606a">'], 8.0
    for mark, text in items:
        out.append(f'<g transform="translate({at + 6},{H - 9})">{mark}</g>'
                   f'<text x="{at + 15}" y="{H - 5.5}">{escape(text)}</text>')
        at += 22 + 5.6 * sum(2 if ord(ch) > 0x2e80 else 1 for ch in text)
    out.append("</g>")
    return "".join(out)
