"""Reading one data file: the header, then every row, fast where it can be.

Two paths share one set of rules (the fast one lives in ``qcity.actuals.fastpath``):

- the careful path checks a row field by field (NFKC, ``%``, yes/no words,
  thousands separators, placeholders, units, cities, metric names) and reports
  each problem with its place; it handles every row the fast path does not
  vouch for, and every row of a wide table, a table with a sub-unit or
  revision column, a tab-separated file or a workbook sheet;
- the fast path reads 1 MiB blocks, splits lines itself when a block has no
  quote, CR or NUL, and takes a row only when its city, metric and period
  strings were already seen and accepted by the careful path and its value is
  a plain ASCII decimal.  It updates the summaries directly and makes no
  Decimal unless a summary keeps the row.  Any doubt sends the row to the
  careful path, so both paths give the same results and the same diagnostics.

The header (``qcity.actuals.headers``) says which column holds what; text files
are opened here (``qcity.actuals.textfile``), workbooks in ``qcity.actuals.workbook``.
"""

from __future__ import annotations

import re
from typing import Optional

from qcity.actuals.encoding import utf8_reading
from qcity.actuals.fastpath import FastPath
from qcity.actuals.headers import Layout, recognise, two_rows
from qcity.actuals.limits import MAX_COLUMNS, MAX_FIELD
from qcity.actuals.names import MetricNames
from qcity.actuals.series import Observation
from qcity.actuals.spelling import (is_placeholder, period_problem, period_text,
                                    same_data_unit, unit_after, unquoted)
from qcity.actuals.textfile import TextFile
from qcity.diagtext import extended, key_of, message
from qcity.errors import ERROR, WARNING, Diagnostic, Location
from qcity.plan.periods import normalise, parse_period
from qcity.plan.targets import AchievedTarget, ChangeTarget
from qcity.values import Hints, figure, hidden, nfkc, parse_bool, parse_decimal, shorten

# the first words of the lines under a Chinese 报表 (and notes), never data
FOOTER = re.compile(r"\s*(?:注|附注|备注|说明|填报说明|填报单位|填表单位|报送单位|单位负责人|"
                    r"统计负责人|负责人|填报人|填表人|制表人|审核人|审核|联系人|联系电话|电话|"
                    r"手机|填报日期|填表日期|报送日期|日期|制表日期|盖章)\s*(?:[:：(（\d①-⑩]|$)")
_FALSE = frozenset({"", "false", "no", "n", "0", "否", "未修订"})


def uses_subunits(plan) -> bool:
    """Whether the plan reads figures of sub-units (counties, categories).  The plan
    side of sub-units (issue #13) sets ``subunits`` on the plan or ``aggregate`` on
    a metric; until then sub-unit rows are left out with a warning."""
    return bool(getattr(plan, "subunits", None)) or any(
        getattr(m, "aggregate", None) for m in plan.metrics)


def fraction_suspects(plan) -> frozenset:
    """% metrics whose figures are far above 1 (a threshold or baseline of 1 or more):
    a value below 1 there is likely a fraction typed for a percentage."""
    out = set()
    for metric in plan.metrics:
        if not metric.is_percent:
            continue
        targets = [metric.target, *metric.milestones.values()]
        levels = [getattr(t, "threshold", None) for t in targets
                  if t is not None and not isinstance(t, (ChangeTarget, AchievedTarget))]
        if metric.baseline is not None and metric.baseline.value is not None:
            levels.append(metric.baseline.value)
        if any(level is not None and level >= 1 for level in levels):
            out.add(metric.id)
    return frozenset(out)


def _plan_facts(plan) -> tuple:
    """What every reader of a plan asks (worked out once a plan)."""
    facts = plan.cache.get("reader")
    if facts is None:
        facts = plan.cache["reader"] = (MetricNames(plan), uses_subunits(plan),
                                        fraction_suspects(plan))
    return facts


class Reader(TextFile, FastPath):
    """One pass over one data file into a collector (``qcity.actuals.store.Collector``)."""

    def __init__(self, path: str, collector, encoding: Optional[str], progress=None):
        self.path = path
        self.collector = collector
        self.plan = collector.plan
        self.sink = collector.sink
        self.encoding = encoding
        self.progress = progress
        self.metrics = {m.id: m for m in self.plan.metrics}
        self.percent = {m.id for m in self.plan.metrics if m.is_percent}
        self.names, self.subunits, self.fraction = _plan_facts(self.plan)
        # single-city plans accept their own name (or none); multi-city plans need a city
        self.multi = self.plan.cities is not None
        self.own_names = {c for c in (self.plan.city, self.plan.city_en) if c}
        # the plan's cities, and bounded did-you-means for the names that are not
        self.listed = Hints(self.plan.cities) if isinstance(self.plan.cities, list) else None
        # the plan's sub-units: a name not among them is a typo, never one more county
        units = getattr(self.plan, "subunits", None)
        self.units = Hints(units) if units else None
        self.aborted = False  # stopped before the end (undecodable bytes, malformed CSV)
        self.text_encoding, self.bom = encoding or "utf-8", False
        self.delimiter = ","
        self.sheet, self.sheet_no = None, 0  # a workbook's sheet being read
        self.layout = Layout()
        self.fast_ok = False  # the fast paths may read this file's rows
        self.left_out: list = []  # sub-unit rows of a plan without sub-units

    fields_at = None  # a record over several lines: the line where each field starts

    def problem(self, line, col, column, message, code, severity=ERROR) -> None:
        if self.fields_at is not None and line == self.fields_at[0] and col is not None \
                and col <= len(self.fields_at):
            line = self.fields_at[col - 1]
        self.sink.append(Diagnostic(Location(self.path, line, col, column, self.sheet,
                                             self.sheet_no), message, code, severity))

    # -- the header -------------------------------------------------------------
    def _header(self, header: list[str], lineno: int) -> bool:
        if len(header) > MAX_COLUMNS:  # a million columns is no table: one error, no more
            self.problem(lineno, 1, None, message("header.too_wide", n=len(header),
                                                  max=MAX_COLUMNS), "Q201")
            return False
        layout = recognise(header, self.multi)
        for col, key, said, code, severity in layout.problems:
            self.problem(lineno, 1 if col is None else col + 1, key, said, code, severity)
        if not layout.ok:
            return False
        self._use(layout, len(header))
        return True

    def second_header(self, below: list[str]) -> bool:
        """Whether the row below a wide header names each period's columns (目标 | 实际);
        if so the layout takes each period's 实际 column, and the row is no data."""
        layout = two_rows(self.layout, below)
        if layout is None:
            return False
        self._use(layout, max(self.width, len(below)))
        return True

    def _use(self, layout, width: int) -> None:
        self.layout = layout
        # rows as wide as the header go the fast way; empty columns after the last
        # named one are ignored (spreadsheets export them as trailing commas)
        self.width, self.needed = max(width, 1), layout.width
        index = layout.index
        self.i_metric, self.i_period, self.i_value = (index.get(c) for c in
                                                      ("metric", "period", "value"))
        self.i_city, self.i_unit, self.i_source, self.i_note = (
            index.get(c) for c in ("city", "unit", "source", "note"))
        self.i_subunit, self.i_revised = index.get("subunit"), index.get("revised")
        self.fast_ok = layout.plain and self.delimiter == ","

    def finish_file(self) -> None:
        """Say once what a file left out (sub-unit rows of a plan without sub-units)."""
        if self.left_out:
            line, col, sheet, sheet_no = self.left_out[0]
            said = message("subunit.no_aggregate", n=len(self.left_out)) if self.subunits \
                else message("subunit.no_subunits", n=len(self.left_out), plan=self.plan.id)
            self.sink.append(Diagnostic(
                Location(self.path, line, col, "subunit", sheet, sheet_no), said, "Q220",
                WARNING))
            self.left_out = []

    # -- the careful path -------------------------------------------------------
    def careful(self, row: list[str], line: int) -> None:
        if not any(cell.strip() for cell in row):
            return  # a blank row, however wide
        if len(row) != self.width:
            if len(row) > self.width and not any(cell.strip() for cell in row[self.width:]):
                row = row[:self.width]
            elif self.needed <= len(row) < self.width:
                row = row + [""] * (self.width - len(row))
            elif FOOTER.match(next(cell for cell in row if cell.strip())):
                return  # 制表人：张三 on a line of its own
            else:
                self.problem(line, 1, None, message("row.width", n=len(row),
                                                    width=self.width), "Q209")
                return
        for cell in row:
            if len(cell) > MAX_FIELD or "\x00" in cell:
                if "\x00" in cell:
                    self.problem(line, 1, None, message("row.nul"), "Q213")
                else:
                    self.problem(line, 1, None, message("row.huge_field", max=MAX_FIELD),
                                 "Q214")
                return
        if self.layout.periods:
            self._wide(row, line)
            return
        obs = self._observation(row, line)
        if obs is not None:
            self.collector.take(obs, self if self.fast_ok else None, row)

    def _metric(self, row, line):
        metric_id, problem = self.names.resolve(row[self.i_metric])
        if problem is not None:
            if not self._no_data(row):
                self.problem(line, self.i_metric + 1, "metric", problem, "Q204")
            return None
        return self.metrics[metric_id]

    def _no_data(self, row) -> bool:
        """A row naming no metric that is no data either: a footer or note (填报单位（盖章）,
        联系人, 制表人, 注：…), or, in a long table, a row without a figure (a heading)."""
        first = next((cell for cell in row if cell.strip()), "")
        if FOOTER.match(first):
            return True
        if self.i_value is not None and not self.layout.periods:
            value = row[self.i_value].strip()
            return not value or is_placeholder(value)
        return False

    def _value(self, metric, period, raw: str, line: int, col: int, empty_warns=True):
        """The value of a cell, or None (with its problem reported)."""
        text = raw.strip()
        if not text or is_placeholder(text):
            if empty_warns or text:
                said = message("value.placeholder", value=text, metric=metric.id,
                               period=str(period)) if text else \
                    message("value.empty", metric=metric.id, period=str(period))
                self.problem(line, col, "value", said, "Q208", WARNING)
            return None
        try:
            if metric.is_bool:
                return parse_bool(raw)
            value = parse_decimal(raw, allow_percent=metric.id in self.percent)
        except ValueError as exc:
            number = None if metric.is_bool else unit_after(raw, metric.unit)
            value = _number(number) if number is not None else None
            if value is None:  # 62家 for a metric in 家 reads as 62; 62吨 does not
                self.problem(line, col, "value", key_of(exc), "Q203")
                return None
        if metric.id in self.percent:
            if not 0 <= value <= 100:
                self.problem(line, col, "value", message("value.percent_range", metric=metric.id,
                                                         period=str(period), value=raw),
                             "Q215", WARNING)
            elif 0 < value < 1 and metric.id in self.fraction and not nfkc(raw).endswith("%"):
                meant = figure((value * 100).normalize(), True)
                self.problem(line, col, "value", message(
                    "value.fraction", metric=metric.id, period=str(period), value=text,
                    percent=meant), "Q219", WARNING)
        return value

    def _period(self, raw: str, line: int):
        try:
            return parse_period(period_text(raw))
        except ValueError as exc:
            said = period_problem(raw, key_of(exc))
            if getattr(said, "key", None) == "period.syntax":
                said = extended(said, spellings=1)
            if normalise(raw) != period_text(raw):
                said = extended(said, written=raw.strip())
            self.problem(line, self.i_period + 1, "period", said, "Q202")
            return None

    def _observation(self, row, line):
        metric = self._metric(row, line)
        if metric is None:
            return None
        period = self._period(row[self.i_period], line)
        if period is None:
            return None
        value = self._value(metric, period, row[self.i_value], line, self.i_value + 1)
        if value is None:
            return None
        key = self._key(row, line, metric)
        if key is None:
            return None
        city, subunit, revised = key
        return Observation(metric.id, period, value, self.path, line, city,
                           _cell(row, self.i_source), _cell(row, self.i_note), subunit,
                           revised, (self.sheet, self.sheet_no, None) if self.sheet else None)

    def _wide(self, row, line) -> None:
        cells = [(col, period, row[col]) for col, period in self.layout.periods
                 if row[col].strip()]
        if not cells:
            return  # no figure in any period column (a heading row, or nothing yet)
        metric = self._metric(row, line)
        if metric is None:
            return
        values = [(col, period, self._value(metric, period, raw, line, col + 1, False))
                  for col, period, raw in cells]
        if all(value is None for _, _, value in values):
            return
        key = self._key(row, line, metric)
        if key is None:
            return
        city, subunit, revised = key
        source, note = _cell(row, self.i_source), _cell(row, self.i_note)
        for col, period, value in values:
            if value is not None:
                self.collector.take(Observation(
                    metric.id, period, value, self.path, line, city, source, note, subunit,
                    revised, (self.sheet, self.sheet_no, col + 1)))

    def _key(self, row, line, metric):
        """(city, sub-unit, revision mark) of a row, or None (problem reported)."""
        i_unit, i_city = self.i_unit, self.i_city
        if i_unit is not None and row[i_unit].strip() and metric.unit is not None \
                and not same_data_unit(unquoted(row[i_unit]), metric.unit):
            self.problem(line, i_unit + 1, "unit", message(
                "unit.differs", unit=row[i_unit].strip(), plan_unit=metric.unit,
                metric=metric.id), "Q207")
            return None
        city = nfkc(row[i_city]) if i_city is not None and row[i_city].strip() else None
        if self.multi:
            if city is None:
                self.problem(line, i_city + 1, "city", message("city.empty"), "Q212")
                return None
            if self.listed is not None and city not in self.listed:
                self.problem(line, i_city + 1, "city", message(
                    "city.not_listed", city=city, suggestion=self.listed.match(city)), "Q212")
                return None
            if self._mojibake(line, i_city + 1, "city", city):
                return None
            self._hidden(line, i_city + 1, "city", city)
        elif city is not None:
            if city not in self.own_names:
                self.problem(line, i_city + 1, "city", message("city.other", city=city,
                                                               own=self.plan.city), "Q212")
                return None
            city = None
        subunit = None
        if self.i_subunit is not None and row[self.i_subunit].strip():
            subunit = nfkc(row[self.i_subunit])
            self._hidden(line, self.i_subunit + 1, "subunit", subunit)
            if not self.subunits or metric.aggregate is None:  # no metric of it adds them up
                self.left_out.append((line, self.i_subunit + 1, self.sheet, self.sheet_no))
                return None
            if self.units is not None and subunit not in self.units:
                self.problem(line, self.i_subunit + 1, "subunit", message(
                    "subunit.not_listed", subunit=subunit,
                    suggestion=self.units.match(subunit)), "Q224")
                return None
        elif metric.aggregate is not None and metric.aggregate.how in ("share", "count"):
            # a share or count is made of the sub-units' own figures (是/否 a county):
            # a row without a sub-unit has no meaning as the share, so it is no number
            col = (self.i_subunit if self.i_subunit is not None else self.i_metric) + 1
            self.problem(line, col, "subunit", message(
                "subunit.needed", metric=metric.id), "Q225")
            return None
        revised = None
        if self.i_revised is not None and nfkc(row[self.i_revised]).casefold() not in _FALSE:
            revised = ""
        return city, subunit, revised

    def _mojibake(self, line: int, col: int, column: str, text: str) -> bool:
        """A name from a UTF-8 line in a GB18030 file: an error, not a new city."""
        reading = utf8_reading(text, self.text_encoding) if self.sheet is None else None
        if reading is not None:
            self.problem(line, col, column, message(
                "text.mojibake", text=shorten(text), reading=shorten(reading),
                encoding=self.text_encoding), "Q210")
        return reading is not None

    def _hidden(self, line: int, col: int, column: str, text: str) -> None:
        """Warn of a name that holds characters nobody sees (a zero-width space makes a
        second city that looks like the first): once a read, where it first stands."""
        chars = hidden(text)
        warned = getattr(self.collector, "warned", set())  # (a second pass's has none)
        if chars and (column, text) not in warned:
            warned.add((column, text))
            self.problem(line, col, column, message(f"hidden.{column}", text=shorten(text),
                                                    chars=chars), "Q006", WARNING)

    def vouch(self, row: list[str], obs) -> None:
        """Let the fast path take later rows with the same city, metric and period text:
        only when the raw text is already in its normal form and needs no checks."""
        collector = self.collector
        raw_city = row[self.i_city] if self.i_city is not None else ""
        raw_metric = row[self.i_metric]
        raw_unit = row[self.i_unit] if self.i_unit is not None else ""
        city_ok = raw_city == obs.city if self.multi else (
            raw_city == "" or (raw_city in self.own_names and nfkc(raw_city) == raw_city))
        if city_ok and raw_metric == obs.metric:
            summary = collector.summary_of(obs)
            if summary is not None and summary.fast:
                collector.add_fast_key(raw_unit, raw_city, raw_metric, summary)
        raw_period = row[self.i_period]
        if raw_period not in collector.fast_periods and period_text(raw_period) == \
                obs.period.text:
            collector.add_fast_period(raw_period, collector.period_info(obs.period))


def _number(text: str):
    """The number before a matching unit, or None when it is no plain number."""
    try:
        return parse_decimal(text)
    except ValueError:
        return None


def _cell(row, index) -> Optional[str]:
    if index is None:
        return None
    text = row[index].strip()
    return text or None
