"""GitHub Actions annotations: an error for each failing metric, a warning for each
missing one, at the metric's line in the plan file; a notice with the verdict."""

from __future__ import annotations

from qcity.render import cells
from qcity.evaluation.report import FAIL, MISSING, Report


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, lang: str | None = None) -> str:
    lang = cells.report_lang(report, lang)
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
        props.append(f"title={_prop(f'{report.plan.id}: {m.label(lang)} {cells.status_text(m, lang)}')}")
        if m.actual is None:
            message = f"{m.id}: {cells.status_text(m, lang)} ({cells.target_text(m, lang)})"
        else:
            message = (f"{m.id}: {cells.value_text(m, m.actual, lang)} ({m.period}) vs "
                       f"{cells.target_text(m, lang)}")
        note = m.note_text(lang)
        if note:
            message += f"; {note}"
        if m.margin is not None:
            message += f", margin {cells.margin_text(m)}"
        lines.append(f"::{kind} {','.join(props)}::{_data(message)}")
    lines.append(f"::notice title={_prop(report.plan.id)}::{_data(cells.verdict_line(report, lang))}")
    return "\n".join(lines) + "\n"


def render_many(reports: list[Report], lang: str | None = None) -> str:
    return "".join(render(r, lang) for r in reports)
