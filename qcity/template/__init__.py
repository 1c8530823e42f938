"""The fill-in template: a row for every figure a plan needs, as CSV or a workbook.

A quality office sends the workbook to the departments responsible (责任单位)
and reads it back as it comes: one row a figure the plan's rules will look at,

- the baseline period of a change target whose baseline value is in the data;
- each milestone's stage end or period;
- for a sustained target (稳定在…以上), every year from the first stage to the deadline;
- for a metric judged every period (``every:``), every such period from ``from:``;
- the deadline (indicators without a target: the last stage's end),

each in the length of period the target is about (``period:``).  Without one, a
figure is asked for as a department can report it and as the rules count it by
its date: a deadline at a year's end asks for that year; one within a year
(30 June 2015) for the year so far (2015-H1) and the last whole year (2014, while
fresh), never the month 2015-06 (annual rates have none) nor all of 2015 (known
only after the deadline, so never counted).  With the indicator's name, unit, the
target that figure is held to in the words reports use (``≥96%``,
``qcity.render.wording``), the department, and empty value, source and note cells.  The workbook adds data
validation on the value cells (numbers; a 是/否 list for yes/no metrics),
number formats (a ``%`` shown after the number a % metric's cell holds), an
instructions sheet, print setup on A4, and a city column for plans over several
cities.  Texts from the plan never become formulas (``qcity.safetext``).
Read back unchanged, the template gives no error: unfilled values are warnings.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from qcity.plan.due import max_age as plan_age
from qcity.plan.due import milestone_dates, period_kind, window_start
from qcity.plan.model import Metric, Plan
from qcity.plan.periods import add_age, periods_between, previous_period, year_before
from qcity.plan.targets import ChangeTarget
from qcity.i18n import date_text, period_text
from qcity.render.wording import paren, target_phrase
from qcity.safetext import formula_safe

COLUMNS = ("city", "subunit", "metric", "name", "period", "value", "unit", "target", "owner", "source",
           "note")
HEADINGS = {"zh": {"city": "城市", "subunit": "县区", "metric": "指标代码", "name": "指标名称", "period": "期间",
                   "value": "数值", "unit": "单位", "target": "目标", "owner": "责任单位",
                   "source": "数据来源", "note": "备注"},
            "en": {c: c for c in COLUMNS}}
_EVERY = {"year": 12, "half": 6, "quarter": 3, "month": 1}  # period lengths (plan.periods)


@dataclass(frozen=True)
class Row:
    """One figure to collect."""

    city: Optional[str]
    metric: Metric
    period: str  # canonical (plan.periods)
    target: str  # the target this figure is held to, as reports word it
    subunit: Optional[str] = None  # a sub-unit's figure (an aggregate metric: 各县区)


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))


def to_date(day: date) -> str:
    """The period a department reports for a deadline: the year so far (``2015-H1`` for
    30 June 2015, ``2015-01/2015-05`` for 31 May, the year itself for 31 December) —
    the figures that exist by then and end by the deadline, so they count; a day that
    ends no month is that day."""
    if day != _month_end(day.year, day.month):
        return day.isoformat()
    month = day.month
    named = {12: str(day.year), 6: f"{day.year}-H1", 3: f"{day.year}-Q1", 1: f"{day.year}-01"}
    return named.get(month, f"{day.year}-01/{day.year}-{month:02d}")


def _periods_every(months: int, start: date, end: date) -> list[tuple[date, str]]:
    """Periods of ``months`` months (calendar-aligned) ending within [start, end]."""
    out = []
    year, month = start.year, 0
    while True:
        month += months
        if month > 12:
            year, month = year + 1, months
        last = _month_end(year, month)
        if last > end:
            return out
        if last >= start:
            if months == 12:
                text = str(year)
            elif months == 6:
                text = f"{year}-H{month // 6}"
            elif months == 3:
                text = f"{year}-Q{month // 3}"
            else:
                text = f"{year}-{month:02d}"
            out.append((last, text))


def _last_ending(months: Optional[int], day: date) -> tuple[date, str]:
    """The period (of ``months`` months, else the year so far) ending last by ``day``."""
    if months is None:
        return day, to_date(day)
    return _periods_every(months, date(day.year - 1, 1, 1), day)[-1]


_EACH = {"zh": {12: "每年", 6: "每半年", 3: "每季度", 1: "每月"},
         "en": {12: "each year", 6: "each half-year", 3: "each quarter", 1: "each month"}}


def _figures(plan: Plan, metric: Metric, lang: str) -> list[tuple[date, str, str]]:
    """(period end, period, target in words) of every figure the plan's rules use, in the
    length of period the target is about (``period:``/``every:``, else the year so far)."""
    def phrase(target, stage: Optional[str] = None) -> str:
        return target_phrase(target, metric.unit, metric.unit_en, lang, stage,
                             against=metric.against, kind=period_kind(plan, metric),
                             name_of=lambda ref: next((m.label(lang) for m in plan.metrics
                                                       if m.id == ref), None))

    deadline = plan.deadline(metric)
    months = _EVERY.get(period_kind(plan, metric) or "")
    out: dict[str, tuple[date, str, str, str]] = {}  # period -> (end, period, words, kind)
    baseline = metric.baseline
    if baseline is not None and baseline.value is None:
        span = baseline.span
        out[span.text] = (span.end, span.text, "基期" if lang == "zh" else "baseline", "base")
    stages = {s.id: s for s in plan.stages}
    for when, key, period in milestone_dates(plan, metric):
        end, text = (period.end, period.text) if period is not None else _last_ending(months,
                                                                                      when)
        stage = stages.get(key)
        name = key if stage is None else stage.name if lang == "zh" or not stage.name_en \
            else stage.name_en
        out.setdefault(text, (end, text, phrase(metric.milestones[key], name), "milestone"))
    every = _EVERY.get(metric.every or "")
    if metric.mode == "sustained" and every is None:
        every = months or 12
    start = window_start(plan, metric)
    kind = metric.every or period_kind(plan, metric)
    if metric.against is not None and kind in _EVERY and metric.target is not None:
        # a change each period (比上年下降≥3%, 逐年增加): the rules judge every period of
        # the window against the one before it (or a year earlier), so both are needed
        words = phrase(metric.target)
        for period in periods_between(kind, start, deadline):
            before = previous_period(period, kind) if metric.against == "previous" \
                else year_before(period)
            if before is not None:
                out.setdefault(before.text, (before.end, before.text,
                                             "基期" if lang == "zh" else "baseline", "base"))
            if out.get(period.text, ("", "", "", "base"))[3] == "base":  # milestones stay
                out[period.text] = (period.end, period.text, words, "each")
        every = None
    elif isinstance(metric.target, ChangeTarget) and baseline is not None:
        start = max(start, baseline.span.end + timedelta(days=1))
    if every is not None and metric.target is not None:
        words = phrase(metric.target) + paren(_EACH[lang][every], lang)
        for end, period in _periods_every(every, start, deadline):
            out.setdefault(period, (end, period, words, "each"))
    end, period = _last_ending(months, deadline)
    final = phrase(metric.target)
    previous = out.get(period)
    if previous is not None and previous[3] == "each":  # 每年 to the last year too
        final = previous[2]
    if previous is not None and previous[3] == "milestone":  # a milestone's figure is final too
        final = f"{previous[2]}{'；' if lang == 'zh' else '; '}{final}"
    if metric.target is not None or not out:
        out[period] = (end, period, final, "final")
        if months is None and period != str(deadline.year):
            # the deadline falls within a year: the last whole year counts too (while it is
            # fresh), for a department without a figure for the year so far
            year = date(deadline.year - 1, 12, 31)
            age = plan_age(plan, metric)
            after = baseline.span.end if isinstance(metric.target, ChangeTarget) and \
                baseline is not None else date.min
            if year > after and (age is None or add_age(year, age) >= deadline):
                out.setdefault(str(year.year), (year, str(year.year), phrase(metric.target),
                                                "year"))
    return sorted((item[:3] for item in out.values()), key=lambda item: (item[0], item[1]))


def template_rows(plan: Plan) -> list[Row]:
    lang = "zh" if plan.lang == "zh" else "en"
    cities = plan.cities if isinstance(plan.cities, list) else [None]
    rows = []
    for city in cities:
        for metric in plan.metrics:
            # an aggregate metric's figure is made from each sub-unit's: a row for each
            units = plan.subunits if metric.aggregate is not None and plan.subunits else [None]
            condition = metric.aggregate.condition if units != [None] else None
            for _, period, target in _figures(plan, metric, lang):
                if condition is not None:  # a county's figure meets the condition, or not
                    target = target_phrase(condition, metric.unit, metric.unit_en, lang)
                rows.extend(Row(city, metric, period, target, unit) for unit in units)
    return rows


def _columns(plan: Plan) -> list[str]:
    return [c for c in COLUMNS if (c != "city" or plan.cities is not None)
            and (c != "subunit" or _has_subunits(plan))]


def _has_subunits(plan: Plan) -> bool:
    return bool(plan.subunits) and any(m.aggregate is not None for m in plan.metrics)


def _cells(plan: Plan, row: Row) -> dict[str, str]:
    m = row.metric
    name = m.name_en if plan.lang == "en" and m.name_en else m.name
    return {"city": row.city or "", "subunit": row.subunit or "", "metric": m.id, "name": name, "period": row.period,
            "value": "", "unit": "" if m.unit in (None, "bool") else m.unit,
            "target": row.target + (paren("是/否", "zh") if m.is_bool and plan.lang == "zh"
                                    else paren("yes/no", "en") if m.is_bool else ""),
            "owner": getattr(m, "owner", None) or "", "source": "", "note": ""}


def template_csv(plan: Plan) -> str:
    """The template as CSV (canonical English column names; formula-safe cells)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = _columns(plan)
    writer.writerow(columns)
    for row in template_rows(plan):
        cells = _cells(plan, row)
        writer.writerow([formula_safe(cells[c]) for c in columns])
    return out.getvalue()


def template_xlsx(plan: Plan) -> bytes:
    """The template as a workbook to send out and read back (``qcity.template.book``)."""
    from qcity.template.book import write_book

    columns = _columns(plan)
    lang = "zh" if plan.lang == "zh" else "en"
    rows = []
    for row in template_rows(plan):
        cells = _cells(plan, row)
        cells["period"] = period_text(row.period, lang)  # 2015年上半年, as offices write it
        rows.append((row, cells))
    return write_book(plan, lang, columns, [HEADINGS[lang][c] for c in columns], rows,
                      periods_note(plan, lang))


def periods_note(plan: Plan, lang: str) -> str:
    """The instructions' paragraph on the periods asked for, with the plan's own dates:
    why a deadline within a year asks for the year so far and the last whole year, and
    why the whole year of the deadline is not asked for."""
    zh = lang == "zh"
    text = ("2. 期间是评价时看的数据期间：年度指标填全年数据（如“{year}”），"
            "标“每年”的行每年都要达到目标，各年都要填。" if zh else
            "2. The period is the one the evaluation looks at: an annual indicator takes the "
            "whole year's figure (e.g. {year}); rows marked \"each year\" must meet the "
            "target every year, so fill in every year.")
    mid = sorted({plan.deadline(m) for m in plan.metrics if m.target is not None
                  and period_kind(plan, m) is None
                  and to_date(plan.deadline(m)) != str(plan.deadline(m).year)})
    year = str(plan.deadline(plan.metrics[0]).year - 1) if plan.metrics else "2015"
    if not mid:
        return text.format(year=period_text(year, lang))
    day = mid[-1]
    last, so_far, whole = (period_text(p, lang) for p in (str(day.year - 1), to_date(day),
                                                          str(day.year)))
    text = text.format(year=last)
    if zh:
        return text + (f"评价期限为{date_text(day, lang)}的指标列两行：{last}（最近一个完整年度）"
                       f"和{so_far}（截至期限的本年累计）；有本年累计数的请填上，评价以最近一期"
                       f"为准，没有则按{last}的数据评价。{whole}全年数据要在期限之后才有，"
                       "不计入这次评价。")
    return text + (f" An indicator due on {date_text(day, lang)} has two rows: {last} (the "
                   f"last whole year) and {so_far} (the year so far at the deadline); give "
                   f"the year so far when you have it: the latest figure is judged, else "
                   f"{last}'s. The whole of {whole} is known only after the deadline and "
                   "does not count.")


def make_template(project, name: str, fmt: Optional[str], output: Optional[str],
                  excel: bool = False) -> tuple:
    """(CSV text or workbook bytes, number of rows) of plan ``name``'s template (the
    format from ``fmt``, else ``output``'s extension, else CSV); refuses to write over
    the plan or one of its data files, and a workbook to a terminal."""
    from pathlib import Path

    from qcity.errors import Location, UsageError
    from qcity.plan.loading import load_plan

    plan_path = project.plan_path(name)
    plan = load_plan(str(plan_path))
    if fmt is None:
        fmt = "xlsx" if output and Path(output).suffix.lower() in (".xlsx", ".xlsm") else "csv"
    if fmt == "xlsx":
        if output is None:
            raise UsageError("a workbook is not text: give a file, e.g. -o 填报表.xlsx",
                             Location("qcity"))
        if excel:
            raise UsageError("--excel is for CSV (a workbook needs no byte-order mark)",
                             Location("qcity"))
        return template_xlsx(plan), len(template_rows(plan))
    text = template_csv(plan)
    return ("\ufeff" + text if excel else text), len(template_rows(plan))
