"""The cells every tabular format shows, formatted once for all of them."""

from __future__ import annotations

from decimal import Decimal

from qcity.i18n import label
from qcity.evaluation.report import NOT_DUE, MetricResult, Report
from qcity.values import format_decimal

COLUMNS = ("area", "metric", "target", "actual", "period", "status", "margin", "outlook")


def report_lang(report: Report, lang: str | None) -> str:
    return lang or report.plan.lang


def value_text(m: MetricResult, value, lang: str) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return label("yes" if value else "no", lang)
    text = format_decimal(value)
    return f"{text}%" if m.unit == "%" else text


def target_text(m: MetricResult, lang: str) -> str:
    if m.target is None:
        return label("indicator", lang)
    if m.target == "achieved":
        return "达成" if lang == "zh" else "achieved"
    text = m.target
    if m.unit and m.unit not in ("%", "bool") and not m.target.endswith("%"):
        text = f"{text} {m.unit}"
    elif m.unit == "%" and not text.endswith("%"):
        text += "%"
    if m.milestone:
        text += f" @{m.milestone}"
    return text


def margin_text(m: MetricResult) -> str:
    if m.margin is None:
        return ""
    text = format_decimal(m.margin)
    return text if m.margin <= 0 else f"+{text}"


def status_text(m: MetricResult, lang: str) -> str:
    if m.target is None:
        return "-"
    text = label(m.status, lang)
    if m.status == NOT_DUE and m.standing:
        text += f" ({label(m.standing, lang)})"
    if m.veto:
        text += " *"
    return text


def area_text(m: MetricResult, lang: str) -> str:
    name = m.area_name_en if lang == "en" and m.area_name_en else m.area_name
    return name or label("no_area", lang)


def ordered(report: Report) -> list[MetricResult]:
    """Metrics grouped by area (areas in order of first appearance), plan order within."""
    first: dict = {}
    for m in report.metrics:
        first.setdefault(m.area, len(first))
    return sorted(report.metrics, key=lambda m: first[m.area])


def notes(report: Report, lang: str) -> list[str]:
    return [f"{m.label(lang)}: {m.note_text(lang)}" for m in ordered(report) if m.remarks]


def header(lang: str, report: Report | None = None) -> list[str]:
    columns = [label(c, lang) for c in COLUMNS]
    if report is not None and report.compared_to is not None:
        columns.append(f"{label('previous', lang)} {report.compared_to}")
    return columns


_CHANGE_MARK = {"newly_passing": "↑", "newly_failing": "↓", "changed": "•"}


def previous_text(m: MetricResult, lang: str) -> str:
    if m.previous is None:
        return ""
    text = label(m.previous.status, lang)
    if m.change:
        text = f"{_CHANGE_MARK[m.change]} {text}"
    return text


def outlook_text(m: MetricResult, lang: str) -> str:
    if m.outlook is None:
        return ""
    return label("outlook." + m.outlook.status, lang)


def metric_row(m: MetricResult, lang: str, report: Report | None = None) -> list[str]:
    row = [area_text(m, lang), m.label(lang), target_text(m, lang), value_text(m, m.actual, lang),
           m.period or "-", status_text(m, lang), margin_text(m), outlook_text(m, lang)]
    if report is not None and report.compared_to is not None:
        row.append(previous_text(m, lang))
    return row


def scoreboard_header(lang: str) -> list[str]:
    return [label(k, lang) for k in ("city", "verdict", "score", "grade", "pass", "fail",
                                     "missing", "not_due", "at_risk")]


def scoreboard_rows(board, lang: str) -> list[list[str]]:
    return [[row.city, label("verdict." + row.verdict, lang),
             format_decimal(Decimal(row.score)) if row.score is not None else "-",
             row.grade or "-", str(row.pass_), str(row.fail), str(row.missing),
             str(row.not_due), str(row.at_risk)] for row in board.ranking()]


def scoreboard_title(board, lang: str) -> str:
    plan = board.plan
    name = plan.title_en if lang == "en" and plan.title_en else plan.title
    when = ""
    if board.stage is not None:
        when = (f"{label('stage', lang)}: {board.stage} · {label('evaluated_at', lang)} "
                f"{board.evaluated_at} · {label('cities', lang, n=len(board.rows))}")
    return f"{name} ({plan.id})", when


def area_rows(report: Report, lang: str) -> list[list[str]]:
    rows = []
    for a in report.areas:
        rows.append([a.label(lang) if a.id else label("no_area", lang), f"{a.pass_}/{a.due}",
                     str(a.fail), str(a.missing), str(a.not_due)])
    return rows


def area_header(lang: str) -> list[str]:
    return [label("area", lang), label("passed_due", lang), label("fail", lang),
            label("missing", lang), label("not_due", lang)]


def title(report: Report, lang: str) -> str:
    plan = report.plan
    name = plan.title_en if lang == "en" and plan.title_en else plan.title
    city = plan.city_en if lang == "en" and plan.city_en else plan.city
    where = "" if city in name or plan.city in name else f" · {city}"
    return f"{name} ({plan.id}){where}"


def stage_line(report: Report, lang: str) -> str:
    st = report.stage
    name = st.name_en if lang == "en" and st.name_en else st.name
    left = report.days_left
    if left > 0:
        when = label("days_left", lang, n=left)
    elif left == 0:
        when = label("ends_today", lang)
    else:
        when = label("days_over", lang, n=-left)
    basis = label("basis." + report.stage_basis, lang)
    due_by = ""
    if report.due_by is not None and report.due_by != report.evaluated_at:
        due_by = f" · {label('due_by', lang)} {report.due_by}"
    return (f"{label('stage', lang)}: {name} ({st.id}) {st.start} – {st.end} ({basis}) · "
            f"{label('evaluated_at', lang)} {report.evaluated_at}{due_by} · "
            f"{label('as_of', lang)} {report.as_of} · {when}")


def verdict_line(report: Report, lang: str) -> str:
    c = report.counts
    parts = [f"{label('verdict', lang)}: {label('verdict.' + report.verdict, lang)}"]
    if report.score is not None:
        score = f"{label('score', lang)} {format_decimal(Decimal(report.score))}"
        if report.acceptance and report.acceptance.pass_score is not None:
            score += f" / {label('pass_score', lang)} {format_decimal(report.acceptance.pass_score)}"
        parts.append(score)
    if report.grade is not None:
        parts.append(f"{label('grade', lang)} {report.grade}")
    shown = ("pass", "fail", "missing", "not_due") + (("indicator",) if c.get("indicator") else ())
    counts = ", ".join(f"{label(s, lang)} {c[s]}" for s in shown)
    if report.verdict == "none":
        counts = f"{label('no_verdict', lang)}; {counts}"
    if report.at_risk:
        counts += f"; {label('outlook', lang)} {label('at_risk', lang)} {report.at_risk}"
    return " · ".join(parts) + f" ({counts})"


def summary(report: Report, lang: str) -> list[tuple[str, str]]:
    """Key-value lines of the summary, for formats without free text (CSV, JUnit)."""
    st = report.stage
    rows = [(label("verdict", lang), label("verdict." + report.verdict, lang)),
            (label("score", lang), format_decimal(Decimal(report.score))
             if report.score is not None else ""),
            (label("grade", lang), report.grade or ""),
            (label("stage", lang), f"{st.name_en if lang == 'en' and st.name_en else st.name} "
                                   f"({st.id}) {st.start} – {st.end}"),
            (label("evaluated_at", lang), str(report.evaluated_at)),
            (label("as_of", lang), str(report.as_of))]
    rows += [(label(s, lang), str(report.counts[s]))
             for s in ("pass", "fail", "missing", "not_due", "indicator")]
    return rows
