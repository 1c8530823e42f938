"""GitHub Actions annotations: an error for each failing metric, a warning for each
missing one, at the metric's line in the plan file; a notice with the verdict."""

from __future__ import annotations

from qcity.render import cells
from qcity.evaluation.report import FAIL, MISSING, Report


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, lang: str | None = None, city: str | None = None) -> str:
    """Annotations of one report; ``city`` (a plan over several cities) goes into every
    title, so the pull request says which city a failure is in."""
    lang = cells.report_lang(report, lang)
    who = report.plan.id if city is None else f"{report.plan.id} · {city}"
    lines = []
    for m in cells.ordered(report):
        if m.status not in (FAIL, MISSING):
            continue
        kind = "error" if m.status == FAIL else "warning"
        props = []
        if report.plan.path:
            props.append(f"file={_prop(report.plan.path)}")
            if m.line:
                props.append(f"line={m.line}")
        props.append(f"title={_prop(f'{who}: {m.label(lang)} {cells.status_text(m, lang)}')}")
        message = f"{m.id}: {cells.metric_detail(m, lang, report)}"
        note = m.note_text(lang)
        if note:
            message += ("；" if lang == "zh" else "; ") + note
        lines.append(f"::{kind} {','.join(props)}::{_data(message)}")
    lines.append(f"::notice title={_prop(who)}::{_data(cells.verdict_line(report, lang))}")
    return "\n".join(lines) + "\n"


def render_many(reports: list[Report], lang: str | None = None) -> str:
    return "".join(render(r, lang) for r in reports)


def render_scoreboard(board, lang: str | None = None) -> str:
    lang = lang or board.plan.lang
    return "".join(render(r, lang, cells.city_name(r, lang)) for r in cells.ranked_reports(board))
