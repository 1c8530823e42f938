"""The cells and sentences every format shows, worded once for all of them.

Texts from plans and data arrive here already inert (``qcity.render.render``
runs every report through :func:`qcity.safetext.inert` first); the words come
from :mod:`qcity.render.wording` and :mod:`qcity.i18n`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from qcity.i18n import label
from qcity.i18n import label as _label
from qcity.evaluation.report import FAIL, MISSING, NOT_DUE, MetricResult, Report
from qcity.render import standards, wording
from qcity.render.targets import stage_name, target_text  # noqa: F401  (cells every format shows)
from qcity.values import format_decimal

COLUMNS = ("area", "metric", "target", "actual", "period", "status", "margin", "outlook")
OUTLOOKS = ("met", "on_track", "at_risk", "off_track", "deteriorating", "unknown")
WORSE = ("at_risk", "off_track", "deteriorating", "missed")


def report_lang(report: Report, lang: str | None) -> str:
    return lang or report.plan.lang


def value_text(m: MetricResult, value, lang: str) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return label("yes" if value else "no", lang)
    text = wording.number(value)
    return f"{text}%" if m.unit == "%" else text


def change_text(m: MetricResult, lang: str) -> str:
    """The change a change target achieved, labelled (``较2015年下降16.1%``), or ''."""
    change = m.change_from_baseline
    if change is None:
        return ""
    relative = "%" in (m.target or "")
    return wording.movement(change, relative, m.unit, m.unit_en,
                            m.baseline.period if m.baseline else None, lang)


def actual_text(m: MetricResult, lang: str) -> str:
    """The actual value, and for a change target the change achieved beside it."""
    text = value_text(m, m.actual, lang)
    change = change_text(m, lang)
    return f"{text}{wording.paren(change, lang)}" if change else text


def margin_unit(m: MetricResult, lang: str) -> str:
    """The unit a margin is counted in: percentage points for a rate and for a relative
    change (level or change target alike), else the metric's unit."""
    unit = wording.unit_word(m.unit, m.unit_en, lang)
    relative = (m.target or "").startswith(("increase", "decrease")) and "%" in m.target
    return wording.points(lang) if relative or unit == "%" else unit


def margin_text(m: MetricResult, lang: str = "en") -> str:
    """The signed margin with its unit: ``+1.5个百分点``, ``-0.1``, ``+4 µg/m³``."""
    if m.margin is None:
        return ""
    text = wording.number(_tidy(m.margin, m.actual), worked_out=True)
    text = text if m.margin <= 0 else f"+{text}"
    return wording.quantity(text, margin_unit(m, lang), lang)


def _tidy(margin: Decimal, actual) -> Decimal:
    """A margin worked out against a worked-out bar (``93.1 + 2``, ``35 × 1.05``) carries
    the arithmetic's zeros (``0.00``, ``0.150``): zero reads ``0``, and trailing zeros finer
    than the figure as written are dropped (``+3.0`` for 93.0 against 90 stays)."""
    if not isinstance(margin, Decimal) or not margin.is_finite():
        return margin
    if margin == 0:
        return Decimal(0)
    places = min(actual.as_tuple().exponent, 0) if isinstance(actual, Decimal) and \
        actual.is_finite() else 0
    exponent = margin.as_tuple().exponent
    if exponent >= places:
        return margin
    return margin.quantize(Decimal(1).scaleb(max(places, margin.normalize().as_tuple().exponent,
                                                 exponent)))


def status_text(m: MetricResult, lang: str) -> str:
    if m.target is None:
        return "-"
    text = label(m.status, lang)
    if m.status == NOT_DUE and m.standing:
        text += wording.paren(label(m.standing, lang), lang)
    if m.veto:
        text += " *"
    return text


def area_text(m: MetricResult, lang: str) -> str:
    name = m.area_name_en if lang == "en" and m.area_name_en else m.area_name
    return name or label("no_area", lang)


def period_text(m: MetricResult, lang: str) -> str:
    return wording.period_text(m.period, lang)


def ordered(report: Report) -> list[MetricResult]:
    """Metrics grouped by area (areas in order of first appearance), plan order within."""
    first: dict = {}
    for m in report.metrics:
        first.setdefault(m.area, len(first))
    return sorted(report.metrics, key=lambda m: first[m.area])


def area_groups(report: Report, lang: str) -> list[tuple[str, list[MetricResult]]]:
    groups: dict = {}
    for m in ordered(report):
        groups.setdefault(m.area, []).append(m)
    return [(area_text(ms[0], lang), ms) for ms in groups.values()]


def notes(report: Report, lang: str) -> list[str]:
    return [f"{m.label(lang)}{wording.colon(lang)}{m.note_text(lang)}"
            for m in ordered(report) if m.remarks]


def sources(report: Report, lang: str) -> list[tuple[str, str]]:
    """Where the plan and each figure shown come from, compactly: ``(方案, the plan's
    source)``, then a line a source naming the metrics whose figure it gave."""
    by_source: dict[str, list[str]] = {}
    for m in ordered(report):
        if m.source:
            by_source.setdefault(m.source, []).append(m.label(lang))
    lines = [(label("plan", lang), report.plan.source)] if report.plan.source else []
    sep = "、" if lang == "zh" else "; "
    return lines + [(sep.join(names), source) for source, names in by_source.items()]


def source_lines(report: Report, lang: str) -> list[str]:
    """:func:`sources` as lines of text: ``方案：郑州日报…``."""
    return [f"{who}{wording.colon(lang)}{source}" for who, source in sources(report, lang)]


def compared_header(report: Report, lang: str, when=None) -> str:
    when = wording.date_text(when or report.compared_to, lang)
    return f"{when}时" if lang == "zh" else f"{label('previous', lang)} {when}"


def header(lang: str, report: Report | None = None, compared_to=None) -> list[str]:
    """The metric table's column titles; a comparison (--compare-to) adds one, known
    from a report or, before any report is made, from its date."""
    columns = [label(c, lang) for c in COLUMNS]
    if compared_to is None and report is not None:
        compared_to = report.compared_to
    if compared_to is not None:
        columns.append(compared_header(report, lang, compared_to))
    return columns


_CHANGE_MARK = {"newly_passing": "↑", "newly_failing": "↓", "changed": "•"}


def previous_text(m: MetricResult, lang: str) -> str:
    """The earlier status and value: ``↑ 未达标（30，2023年）``."""
    if m.previous is None:
        return ""
    text = label(m.previous.status, lang)
    if m.previous.actual is not None:
        sep = "，" if lang == "zh" else ", "
        value = value_text(m, m.previous.actual, lang)
        if m.previous.period:
            value += sep + wording.period_text(m.previous.period, lang)
        text += wording.paren(value, lang)
    if m.change:
        text = f"{_CHANGE_MARK[m.change]} {text}"
    return text


def outlook_text(m: MetricResult, lang: str) -> str:
    if m.outlook is None:
        return ""
    return label("outlook." + m.outlook.status, lang)


def metric_row(m: MetricResult, lang: str, report: Report | None = None,
               marked: bool = True) -> list[str]:
    """A metric's table row; a target citing a standard carries its footnote mark
    (``marked``; the list of marks is :func:`qcity.render.standards.lines`)."""
    target = target_text(m, lang, report)
    if marked and m.standard and report is not None:
        target = standards.marked(target, standards.mark(m, ordered(report)))
    row = [area_text(m, lang), m.label(lang), target, actual_text(m, lang),
           period_text(m, lang), status_text(m, lang), margin_text(m, lang),
           outlook_text(m, lang)]
    if report is not None and report.compared_to is not None:
        row.append(previous_text(m, lang))
    return row


def metric_detail(m: MetricResult, lang: str, report: Optional[Report] = None) -> str:
    """``未达标：实际值 79（2020年），目标 ≥80，差距 -1``."""
    sep = "，" if lang == "zh" else ", "

    def label(key: str, lang: str) -> str:  # mid-sentence: lower case in English
        text = _label(key, lang)
        return text if lang == "zh" else text.lower()

    parts = [f"{label('target', lang)} {target_text(m, lang, report)}"]
    if m.actual is not None:
        parts.insert(0, f"{label('actual', lang)} {actual_text(m, lang)}"
                        f"{wording.paren(period_text(m, lang), lang)}")
    if m.margin is not None:
        parts.append(f"{label('margin', lang)} {margin_text(m, lang)}")
    return f"{status_text(m, lang)}{wording.colon(lang)}{sep.join(parts)}"


def scoreboard_header(lang: str) -> list[str]:
    heads = [label(k, lang) for k in ("city", "verdict", "score", "grade", "pass", "fail",
                                      "missing", "not_due", "at_risk_or_worse")]
    # the status words are lower case in a sentence; as column heads, like the others
    return heads if lang == "zh" else [h[:1].upper() + h[1:] for h in heads]


def grade_text(row, lang: str) -> str:
    """A scoreboard row's grade; a city failed by a veto metric has the band below every
    grade, marked so: ``D（一票否决）``."""
    grade = row.grade or "-"
    return grade + wording.paren(label("veto", lang), lang) if row.vetoed else grade


def scoreboard_rows(board, lang: str) -> list[list[str]]:
    return [[row.city, label("verdict." + row.verdict, lang),
             format_decimal(Decimal(row.score)) if row.score is not None else "-",
             grade_text(row, lang), str(row.pass_), str(row.fail), str(row.missing),
             str(row.not_due), str(row.at_risk)] for row in board.ranking()]


def ranked_reports(board) -> list[Report]:
    """The kept city reports in scoreboard order (best first)."""
    if not board.reports:
        return []
    order = {row.city: i for i, row in enumerate(board.ranking())}
    return sorted(board.reports, key=lambda r: order.get(r.plan.city, len(order)))


def plan_name(plan, lang: str) -> str:
    return plan.title_en if lang == "en" and plan.title_en else plan.title


def scoreboard_title(board, lang: str) -> tuple[str, str]:
    name = plan_name(board.plan, lang)
    when = ""
    stage = board.stage_info
    if stage is not None:
        known = known_text(board.evaluated_at, board.as_of, lang)
        when = (f"{label('stage', lang)}{wording.colon(lang)}{_stage(stage, lang)} · "
                f"{label('evaluated_at', lang)} {wording.date_text(board.evaluated_at, lang)} · "
                + (f"{known} · " if known else "")
                + f"{label('cities', lang, n=len(board.rows))}")
    elif board.stage is not None:
        when = f"{label('stage', lang)}{wording.colon(lang)}{board.stage}"
    return name, when


def area_rows(report: Report, lang: str) -> list[list[str]]:
    rows = []
    for a in report.areas:
        rows.append([a.label(lang) if a.id else label("no_area", lang), f"{a.pass_}/{a.due}",
                     str(a.fail), str(a.missing), str(a.not_due)])
    return rows


def area_header(lang: str) -> list[str]:
    return [label("area", lang), label("passed_due", lang), label("fail", lang),
            label("missing", lang), label("not_due", lang)]


def city_name(report: Report, lang: str) -> str:
    plan = report.plan
    return plan.city_en if lang == "en" and plan.city_en else plan.city


def title(report: Report, lang: str) -> str:
    """The plan's title, and the city when the title does not name it."""
    plan = report.plan
    name = plan_name(plan, lang)
    city = city_name(report, lang)
    where = "" if city in name or plan.city in name else f" · {city}"
    return f"{name}{where}"


def _stage(st, lang: str) -> str:
    name = st.name_en if lang == "en" and st.name_en else st.name
    return f"{name}{wording.paren(wording.date_span(st.start, st.end, lang), lang)}"


def known_text(evaluated_at, as_of, lang: str) -> str:
    """Whose figures: ``按2026年11月21日掌握的数据`` (the as-of date is the day the
    figures were known, not a period they run to); ``按当日掌握的数据`` when that is
    the evaluation date itself."""
    if as_of is None:
        return ""
    if as_of == evaluated_at:
        return label("known_that_day", lang)
    return label("known_on", lang, date=wording.date_text(as_of, lang))


def stage_line(report: Report, lang: str) -> str:
    left = report.days_left
    if left > 0:
        when = label("days_left", lang, n=left)
    elif left == 0:
        when = label("ends_today", lang)
    else:
        when = label("days_over", lang, n=-left)
    basis = wording.paren(label("basis." + report.stage_basis, lang), lang)
    due_by = ""
    if report.due_by is not None and report.due_by != report.evaluated_at:
        due_by = f" · {label('due_by', lang)} {wording.date_text(report.due_by, lang)}"
    return (f"{label('stage', lang)}{wording.colon(lang)}{_stage(report.stage, lang)}{basis} · "
            f"{label('evaluated_at', lang)} {wording.date_text(report.evaluated_at, lang)}"
            f"{due_by} · {known_text(report.evaluated_at, report.as_of, lang)} · {when}")


def _quoted(names: list[str], lang: str) -> str:
    if lang == "zh":
        return "、".join(f"“{n}”" for n in names)
    return ", ".join(names)


def verdict_word(report: Report, lang: str) -> str:
    return label("verdict." + report.verdict, lang)


def verdict_reasons(report: Report, lang: str) -> list[str]:
    """Why the verdict is what it is, a clause each: the veto metric(s) that decided it,
    the score against the pass score and the grade, the counts."""
    clauses = []
    by_id = {m.id: m for m in report.metrics}
    vetoed = [by_id[i] for i in report.vetoed_by]
    if vetoed:
        for status in (FAIL, MISSING):
            names = [m.label(lang) for m in vetoed if m.status == status]
            if names:
                clauses.append(label("veto_sentence", lang, names=_quoted(names, lang),
                                     status=label("veto_status." + status, lang)))
    if report.score is not None:
        score = label("score_sentence", lang, score=format_decimal(Decimal(report.score)))
        acc = report.acceptance
        if acc is not None and acc.pass_score is not None:
            score += label("pass_score_sentence", lang, bar=format_decimal(acc.pass_score))
        clauses.append(score)
    if report.grade is not None:
        clauses.append(label("grade_sentence", lang, grade=report.grade))
    c = report.counts
    if report.verdict == "none":
        clauses.append(label("no_verdict", lang))
    clauses.append(label("counts_sentence", lang, **{s: c[s] for s in
                                                     ("pass", "fail", "missing", "not_due")}))
    if c.get("indicator"):
        clauses.append(label("indicator_sentence", lang, n=c["indicator"]))
    return clauses


def outlook_sentence(report: Report, lang: str) -> str:
    """Metrics behind pace, in the outlook terms the table uses; '' when none."""
    counts = dict.fromkeys(WORSE, 0)
    for m in report.metrics:
        if m.outlook is not None and m.outlook.status in counts:
            counts[m.outlook.status] += 1
    parts = [f"{label('outlook.' + s, lang)}{c}{'项' if lang == 'zh' else ''}" if lang == "zh"
             else f"{label('outlook.' + s, lang)} {c}" for s, c in counts.items() if c]
    if not parts:
        return ""
    return f"{label('outlook', lang)}{wording.colon(lang)}" + ("、" if lang == "zh" else ", ") \
        .join(parts)


def verdict_line(report: Report, lang: str) -> str:
    """The verdict and why, in one sentence (two with the outlook)."""
    if lang == "zh":
        text = (f"{label('verdict', lang)}：{verdict_word(report, lang)}。"
                + "；".join(verdict_reasons(report, lang)) + "。")
    else:
        reasons = "; ".join(verdict_reasons(report, lang))
        text = (f"{label('verdict', lang)}: {verdict_word(report, lang)}. "
                f"{reasons[:1].upper()}{reasons[1:]}.")
    outlook = outlook_sentence(report, lang)
    if outlook:
        text += outlook + "。" if lang == "zh" else f" {outlook}."
    return text


def summary_values(report: Report, lang: str) -> list[tuple[str, object]]:
    """Key-value lines of the summary, numbers as numbers (a Decimal score, int counts;
    None for none), for the Excel summary sheet."""
    acc = report.acceptance
    by_id = {m.id: m for m in report.metrics}
    rows = [(label("verdict", lang), verdict_word(report, lang)),
            (label("vetoed_by", lang), ("、" if lang == "zh" else ", ").join(
                by_id[i].label(lang) for i in report.vetoed_by)),
            (label("score", lang), Decimal(report.score) if report.score is not None else None),
            (label("pass_score", lang), acc.pass_score
             if acc is not None and acc.pass_score is not None else None),
            (label("grade", lang), report.grade or ""),
            (label("stage", lang), _stage(report.stage, lang)),
            (label("evaluated_at", lang), wording.date_text(report.evaluated_at, lang)),
            (label("as_of", lang), wording.date_text(report.as_of, lang))]
    rows += [(label(s, lang), report.counts[s])
             for s in ("pass", "fail", "missing", "not_due", "indicator")]
    return rows


def summary(report: Report, lang: str) -> list[tuple[str, str]]:
    """Key-value lines of the summary as text, for formats without free text (CSV, JUnit)."""
    return [(key, "" if value is None else format_decimal(value)
             if isinstance(value, Decimal) else str(value))
            for key, value in summary_values(report, lang)]
