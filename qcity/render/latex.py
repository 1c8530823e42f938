"""LaTeX for typeset reports: booktabs tables that break across pages (longtable).

By default a fragment to ``\\input`` into a document that loads ``booktabs``,
``longtable`` and ``array`` (and ``xeCJK`` for Chinese); with ``--standalone`` a
whole A4 document that compiles on its own with ``xelatex``, choosing the first
installed CJK font of Noto/Source Han/Fandol/SimSun.

Text from plans and data is escaped character by character: the ten specials,
``[`` and ``]`` (a ``[`` after a line break would be read as its length), and no
blank line or control character survives (they arrive inert as visible escapes).
"""

from __future__ import annotations

import re

from qcity.i18n import label
from qcity.render import cells, standards, wording
from qcity.evaluation.report import Report

_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}",
            "[": "{[}", "]": "{]}", "\n": " ", "\r": " ", "\t": " ", "|": r"\textbar{}",
            # Latin Modern has no ≥ ≤ (and xeCJK leaves them to it): set them as math
            "≥": r"\ensuremath{\geq}", "≤": r"\ensuremath{\leq}"}
# a standard's footnote mark past ³ (⁴ …): Latin Modern has only ¹²³ of the superscripts
_SPECIAL.update({sup: f"\\textsuperscript{{{digit}}}" for sup, digit in
                 zip("⁰⁴⁵⁶⁷⁸⁹", "0456789")})

# widths of the metric table's columns, as shares of the line (they sum to < 1 with the
# column gaps); the metric name gets the most and wraps, short words stay whole
_WIDTHS = {"zh": {"area": .09, "metric": .21, "target": .12, "actual": .10, "period": .08,
                  "status": .12, "margin": .07, "outlook": .09, "previous": .10},
           "en": {"area": .13, "metric": .22, "target": .12, "actual": .08, "period": .08,
                  "status": .08, "margin": .06, "outlook": .09, "previous": .10}}

PREAMBLE = r"""\documentclass[a4paper,10pt]{article}
\usepackage[a4paper,margin=18mm]{geometry}
\usepackage{fontspec}
\usepackage{xeCJK}
\IfFontExistsTF{Noto Serif CJK SC}{\setCJKmainfont{Noto Serif CJK SC}}{%
 \IfFontExistsTF{Source Han Serif SC}{\setCJKmainfont{Source Han Serif SC}}{%
  \IfFontExistsTF{FandolSong-Regular.otf}{\setCJKmainfont{FandolSong-Regular.otf}}{%
   \IfFontExistsTF{SimSun}{\setCJKmainfont{SimSun}}{}}}}
\usepackage{booktabs,longtable,array}
\setlength{\parindent}{0pt}
\setlength{\parskip}{4pt}
\begin{document}
"""


_POWER = re.compile("×10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_PLAIN = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def escape(text: str) -> str:
    """Every character as LaTeX sets it; ``1×10⁻⁴⁰`` (how reports write a tiny figure)
    as math, which every font has the glyphs for."""
    parts = _POWER.split(text)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(f"\\ensuremath{{\\times 10^{{{part.translate(_PLAIN)}}}}}")
        else:
            out.append("".join(_SPECIAL.get(ch, ch) for ch in part))
    return "".join(out)


def _columns(keys: list[str], lang: str) -> str:
    def col(key: str) -> str:
        width = _WIDTHS["zh" if lang == "zh" else "en"].get(key, .1)
        return f">{{\\raggedright\\arraybackslash}}p{{{width}\\linewidth}}"
    return "@{}" + "".join(col(k) for k in keys) + "@{}"


def _table(header: list[str], rows: list[list[str]], keys: list[str] | None = None,
           lang: str = "zh") -> str:
    """A booktabs longtable (its header repeats on each page); every cell escaped."""
    def line(cells_: list[str]) -> str:
        return " & ".join(escape(str(c)) for c in cells_) + r" \\"
    spec = _columns(keys, lang) if keys else "@{}" + "l" * len(header) + "@{}"
    return "\n".join([r"{\small\setlength{\tabcolsep}{3pt}", f"\\begin{{longtable}}{{{spec}}}",
                      r"\toprule", line(header), r"\midrule", r"\endhead",
                      *[line(r) for r in rows], r"\bottomrule", r"\end{longtable}}"])


def render(report: Report, lang: str | None = None, level: str = "section") -> str:
    lang = cells.report_lang(report, lang)
    keys = list(cells.COLUMNS) + (["previous"] if report.compared_to is not None else [])
    out = [f"\\{level}*{{{escape(cells.title(report, lang))}}}", "",
           escape(cells.stage_line(report, lang)), "",
           f"\\textbf{{{escape(cells.verdict_line(report, lang))}}}", "",
           _table(cells.header(lang, report),
                  [cells.metric_row(m, lang, report) for m in cells.ordered(report)], keys,
                  lang),
           "", f"\\sub{level}*{{{escape(label('areas', lang))}}}", "",
           _table(cells.area_header(lang), cells.area_rows(report, lang)), ""]
    if any(m.veto for m in report.metrics):
        out += [escape(f"* {label('veto', lang)}"), ""]
    cited = standards.lines(cells.ordered(report))
    if cited:  # under the table, small, as a table's notes are set
        out += ["{\\small " + escape(label('standards', lang) + wording.colon(lang)) + r"\quad ".join(
            escape(c) for c in cited) + "}", ""]
    notes = cells.notes(report, lang)
    if notes:
        out += [f"\\sub{level}*{{{escape(label('note', lang))}}}", "", "\\begin{itemize}"]
        out += [f"  \\item {escape(n)}" for n in notes] + ["\\end{itemize}", ""]
    sources = cells.source_lines(report, lang)
    if sources:
        out += [f"\\sub{level}*{{{escape(label('sources', lang))}}}", "", "{\\small",
                "\\begin{itemize}"]
        out += [f"  \\item {escape(s)}" for s in sources] + ["\\end{itemize}}", ""]
    return "\n".join(out)


def _document(body: str, standalone: bool) -> str:
    if not standalone:
        return ("% qcity report: \\input this into a document that loads booktabs, longtable\n"
                "% and array (and xeCJK for Chinese), or write it with --standalone\n" + body)
    return PREAMBLE + body + "\n\\end{document}\n"


def render_many(reports: list[Report], lang: str | None = None,
                standalone: bool = False) -> str:
    body = "\n\\clearpage\n".join(render(r, lang) for r in reports)
    return _document(body, standalone)


def render_scoreboard(board, lang: str | None = None, standalone: bool = False) -> str:
    """The ranked scoreboard, then each city's report on a page of its own."""
    lang = lang or board.plan.lang
    title, when = cells.scoreboard_title(board, lang)
    rows = [[str(i)] + row for i, row in zip(board.places(), cells.scoreboard_rows(board, lang))]
    parts = [f"\\section*{{{escape(title)}}}", "", escape(when), "",
             _table([label("rank", lang)] + cells.scoreboard_header(lang), rows)]
    for report in cells.ranked_reports(board):
        parts += ["", "\\clearpage", render(report, lang, level="subsection")]
    return _document("\n".join(parts), standalone)
