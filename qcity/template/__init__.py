"""The fill-in template: a row for every figure a plan needs, as CSV or a workbook.

A quality office sends the workbook to the departments responsible (责任单位)
and reads it back as it comes: one row a figure the plan's rules will look at,

- the baseline period of a change target whose baseline value is in the data;
- each milestone's stage end or period;
- for a sustained target (稳定在…以上), every year from the first stage to the deadline;
- for a metric judged every period (``every:``), every such period from ``from:``;
- the deadline (indicators without a target: the last stage's end),

with the indicator's name, unit, the target that figure is held to, the
department, and empty value, source and note cells.  The workbook adds data
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

from qcity.plan.due import milestone_dates, period_kind, window_start
from qcity.plan.model import Metric, Plan
from qcity.plan.targets import ChangeTarget
from qcity.safetext import formula_safe

COLUMNS = ("city", "metric", "name", "period", "value", "unit", "target", "owner", "source",
           "note")
HEADINGS = {"zh": {"city": "城市", "metric": "指标代码", "name": "指标名称", "period": "期间",
                   "value": "数值", "unit": "单位", "target": "目标", "owner": "责任单位",
                   "source": "数据来源", "note": "备注"},
            "en": {c: c for c in COLUMNS}}
_EVERY = {"year": 12, "half": 6, "quarter": 3, "month": 1}  # period lengths (plan.periods)


@dataclass(frozen=True)
class Row:
    """One figure to collect."""

    city: Optional[str]
    metric: Metric
    period: str
    target: str  # the target this figure is held to, in words


def period_ending(day: date) -> str:
    """The plainest period that ends on ``day`` (so a filled row counts by the deadline)."""
    if (day.month, day.day) == (12, 31):
        return str(day.year)
    if (day + timedelta(days=1)).day == 1:
        return f"{day.year}-{day.month:02d}"
    return day.isoformat()


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))


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
    """The period (of ``months`` months, else the plainest) ending last on or before ``day``."""
    if months is None:
        return day, period_ending(day)
    return _periods_every(months, date(day.year - 1, 1, 1), day)[-1]


def _figures(plan: Plan, metric: Metric, zh: bool) -> list[tuple[date, str, str]]:
    """(period end, period, target in words) of every figure the plan's rules use, in the
    length of period the target is about (``period:``/``every:``, else the plainest)."""
    deadline = plan.deadline(metric)
    target = str(metric.target) if metric.target is not None else ""
    months = _EVERY.get(period_kind(plan, metric) or "")
    out: dict[str, tuple[date, str, str]] = {}
    baseline = metric.baseline
    if baseline is not None and baseline.value is None:
        span = baseline.span
        out[span.text] = (span.end, span.text, "基期" if zh else "baseline")
    stages = {s.id: s for s in plan.stages}
    for when, key, period in milestone_dates(plan, metric):
        end, text = (period.end, period.text) if period is not None else _last_ending(months,
                                                                                      when)
        stage = stages.get(key)
        name = key if stage is None else stage.name if zh or not stage.name_en else \
            stage.name_en
        out.setdefault(text, (end, text, f"{metric.milestones[key]} ({name})"))
    every = _EVERY.get(metric.every or "")
    if metric.mode == "sustained" and every is None:
        every = months or 12
    if every is not None and metric.target is not None:
        start = window_start(plan, metric)
        if isinstance(metric.target, ChangeTarget) and baseline is not None:
            start = max(start, baseline.span.end + timedelta(days=1))
        for end, period in _periods_every(every, start, deadline):
            out.setdefault(period, (end, period, f"{target} ({'每期' if zh else 'each'})"))
    end, period = _last_ending(months, deadline)
    if target or not out:
        words = target or ("监测指标" if zh else "indicator")
        if period in out and "(" in out[period][2] and not out[period][2].endswith(
                ("(每期)", "(each)")):
            words = f"{out[period][2]}; {words}"  # a milestone's figure is the final one too
        out[period] = (end, period, words)
    return sorted(out.values(), key=lambda item: (item[0], item[1]))


def template_rows(plan: Plan) -> list[Row]:
    zh = plan.lang == "zh"
    cities = plan.cities if isinstance(plan.cities, list) else [None]
    rows = []
    for city in cities:
        for metric in plan.metrics:
            for _, period, target in _figures(plan, metric, zh):
                rows.append(Row(city, metric, period, target))
    return rows


def _columns(plan: Plan) -> list[str]:
    return [c for c in COLUMNS if c != "city" or plan.cities is not None]


def _cells(plan: Plan, row: Row) -> dict[str, str]:
    m = row.metric
    name = m.name_en if plan.lang == "en" and m.name_en else m.name
    return {"city": row.city or "", "metric": m.id, "name": name, "period": row.period,
            "value": "", "unit": "" if m.unit in (None, "bool") else m.unit,
            "target": row.target + (" (是/否)" if m.is_bool and plan.lang == "zh" else
                                    " (yes/no)" if m.is_bool else ""),
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
    rows = [(row, _cells(plan, row)) for row in template_rows(plan)]
    return write_book(plan, lang, columns, [HEADINGS[lang][c] for c in columns], rows)


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
