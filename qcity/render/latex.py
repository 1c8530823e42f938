"""LaTeX (booktabs tables) for typeset reports; compile with xelatex + xeCJK for Chinese."""

from __future__ import annotations

from qcity.i18n import label
from qcity.render import cells
from qcity.evaluation.report import Report

_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}"}


def escape(text: str) -> str:
    return "".join(_SPECIAL.get(ch, ch) for ch in text)


def _table(header: list[str], rows: list[list[str]]) -> str:
    """A booktabs tabular; every cell escaped."""
    def line(cells_: list[str]) -> str:
        return " & ".join(escape(c) for c in cells_) + r" \\"
    return "\n".join([f"\\begin{{tabular}}{{{'l' * len(header)}}}", r"\toprule", line(header),
                      r"\midrule", *[line(r) for r in rows], r"\bottomrule", r"\end{tabular}"])


def render(report: Report, lang: str | None = None) -> str:
    lang = cells.report_lang(report, lang)
    out = [f"\\section*{{{escape(cells.title(report, lang))}}}", "",
           escape(cells.stage_line(report, lang)) + "\\\\", "",
           f"\\textbf{{{escape(cells.verdict_line(report, lang))}}}", "",
           _table(cells.header(lang, report), [cells.metric_row(m, lang, report) for m in cells.ordered(report)]),
           "", f"\\subsection*{{{escape(label('areas', lang))}}}", "",
           _table(cells.area_header(lang), cells.area_rows(report, lang)), ""]
    notes = cells.notes(report, lang)
    if notes:
        out += ["\\begin{itemize}"] + [f"  \\item {escape(n)}" for n in notes] + ["\\end{itemize}", ""]
    return "\n".join(out)


def render_many(reports: list[Report], lang: str | None = None) -> str:
    return "\n".join(render(r, lang) for r in reports)
