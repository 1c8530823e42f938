"""The header row: which column holds what, in English or Chinese, long or wide.

A **long** table has a column of periods and a column of values (one
observation a row, the canonical form).  A **wide** table has no period or
value column; its other columns are periods (``2015``, ``2016年``, ``2017-Q1``,
``2018年上半年`` …), one observation a non-empty cell.  Column names are matched
after NFKC, case folding and without spaces; a trailing ``(…)`` is dropped when
the name is not known with it (``数值(%)`` is ``数值``).

``地区`` is the city column, unless the header also has a city column
(``城市``/``city``): then it is the sub-unit column.  An indicator's id column
(``metric``, ``指标代码``) and its name column (``指标``, ``指标名称``) may both be
there: the id is read and the name is only for people.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from qcity.actuals.spelling import AMBIGUOUS, period_problem, period_text
from qcity.diagtext import message
from qcity.errors import ERROR, WARNING
from qcity.plan.periods import Period, parse_period, reason

REQUIRED = ("metric", "period", "value")
OPTIONAL = ("city", "subunit", "unit", "source", "note", "revised")
_NAMES = {
    "metric": ("metric", "metric_id", "指标代码", "指标编号", "指标id", "指标编码"),
    "name": ("name", "metric_name", "指标", "指标名称", "指标名", "指标项"),
    "period": ("period", "期间", "年份", "年度", "时间", "统计期", "统计期间", "统计时间",
               "报告期", "日期", "date", "year"),
    "value": ("value", "数值", "实际值", "完成值", "实际完成值", "指标值", "值"),
    "city": ("city", "城市", "城市名称", "地市", "市"),
    "region": ("地区",),
    "subunit": ("subunit", "sub-unit", "县区", "区县", "县(市、区)", "县(市,区)", "县(市区)",
                "县市区", "区(县)", "县(区)"),
    "unit": ("unit", "单位", "计量单位"),
    "source": ("source", "来源", "数据来源", "出处"),
    "note": ("note", "notes", "备注", "说明"),
    "revised": ("revised", "修订", "是否修订", "修订标记"),
}
# columns people keep beside the figures (the fill-in template writes some): read
# by no rule, and not worth a warning
INFORMATIONAL = frozenset({"target", "目标", "目标值", "owner", "责任单位", "牵头单位",
                           "责任部门", "area", "领域", "序号", "no", "no.", "#", "类别",
                           "联系人", "contact"})
_KIND = {_name: kind for kind, names in _NAMES.items() for _name in names}
_TRAILING = re.compile(r"\s*\(.*\)$")


def column_name(text: str) -> str:
    """A header cell as compared: NFKC, case-folded, without spaces or a final colon."""
    name = unicodedata.normalize("NFKC", text).lstrip("\ufeff").strip().casefold()
    return name.replace(" ", "").replace("\u3000", "").rstrip(":")


def kind_of(name: str) -> Optional[str]:
    kind = _KIND.get(name)
    if kind is None and name.endswith(")"):
        kind = _KIND.get(_TRAILING.sub("", name))
    return kind


def period_heading(text: str) -> Optional[Period]:
    """The period a column heading names, or None."""
    if not text.strip():
        return None
    try:
        return parse_period(period_text(text))
    except ValueError:
        return None


# A heading that starts with a year is about a period.  With a word for the actual
# figure after it (2014年完成值, 2015年(初步)) it is that period's column; with a word
# for a planned figure (2015年目标, 2015年(预计)) it holds no figure; made only of the
# characters periods are typed with (2015-13, 2015年13月, 201513) it is a period typed
# wrong: an error at the heading, never a column silently dropped.  Other headings
# that start with a year (2015年比上年增长, 2015年排名) are columns of their own.
_YEAR_FIRST = re.compile(r"^(?:1[89]|2[01])\d\d")
_PERIOD_CHARS = re.compile(r"^[0-9年月日季度半上下前后第一二三四QH末底全累计数值截止至到份"
                           r"\-/.~–—()?]+$")
_ACTUAL_WORDS = ("实际完成值", "实际完成", "实际值", "实际数", "实际", "完成值", "完成数",
                 "完成", "实绩", "数值", "初步数", "初步", "快报数", "快报", "统计值")
_PLANNED_WORDS = ("考核目标", "目标值", "目标", "计划值", "计划", "预期值", "预期", "预计值",
                  "预计数", "预计", "任务")
_SUFFIX = re.compile(r"^(.+?)\(?(" + "|".join(_ACTUAL_WORDS + _PLANNED_WORDS) + r")\)?$")


def heading_kind(text: str) -> tuple[Optional[str], Optional[Period], Optional[str]]:
    """What a heading that is no known column says about periods:
    ("period", the period, None), ("planned", the period, None) for a planned figure,
    ("bad", None, why) for a period typed wrong, (None, None, None) for anything else."""
    period = period_heading(text)
    if period is not None:
        return "period", period, None
    name = unicodedata.normalize("NFKC", text).strip().replace(" ", "").replace("\u3000", "")
    if name.endswith(AMBIGUOUS):  # a number 2015.1 heading a column
        return "bad", None, period_problem(name, "")
    if not _YEAR_FIRST.match(name):
        return None, None, None
    suffix = _SUFFIX.match(name)
    if suffix is not None:
        period = period_heading(suffix.group(1))
        if period is not None:
            kind = "period" if suffix.group(2) in _ACTUAL_WORDS else "planned"
            return kind, period, None
    if _PERIOD_CHARS.match(name.upper()):
        try:
            parse_period(period_text(text))
        except ValueError as exc:
            return "bad", None, period_problem(text, reason(exc))
    return None, None, None


@dataclass
class Layout:
    """What a header says about the rows below it."""

    index: dict[str, int] = field(default_factory=dict)  # column -> position (0-based)
    periods: list[tuple[int, Period]] = field(default_factory=list)  # wide: period columns
    width: int = 0  # up to the last named column
    broken: bool = False  # every period heading typed wrong: nothing to read
    # (position or None, column key or None, message, code, severity)
    problems: list[tuple] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the row is the header (a period heading typed wrong is an error at its
        cell, and the other columns are still read)."""
        return not self.broken and not any(p[4] == ERROR and p[3] != "Q202"
                                           for p in self.problems)

    @property
    def wide(self) -> bool:
        return bool(self.periods)

    @property
    def plain(self) -> bool:
        """Long, with only the columns the fast paths know (no sub-unit, no revision)."""
        return not self.periods and "subunit" not in self.index and "revised" not in self.index


def recognise(cells: list[str], multi: bool) -> Layout:
    """Read a header row; ``Layout.ok`` is False when it cannot be the header."""
    layout = Layout()
    names = [column_name(c) for c in cells]
    found: dict[str, int] = {}
    candidates: list[tuple[int, Period]] = []
    unknown: list[int] = []
    malformed: list[tuple[int, str]] = []
    for i, name in enumerate(names):
        if not name:
            continue
        layout.width = i + 1
        kind = kind_of(name)
        if kind is not None:
            if kind in found:
                layout.problems.append((i, name, message("header.twice", column=cells[i].strip(),
                                                         other=found[kind] + 1), "Q201", ERROR))
                return layout
            found[kind] = i
            continue
        if name in INFORMATIONAL:
            continue
        kind, period, why = heading_kind(cells[i])
        if kind == "period":
            candidates.append((i, period))
        elif kind == "bad":
            malformed.append((i, why))
        elif kind is None:
            unknown.append(i)
    if "metric" in found:
        layout.index["metric"] = found["metric"]  # a name column beside it is for people
    elif "name" in found:
        layout.index["metric"] = found["name"]
    if "region" in found:
        found.setdefault("subunit" if "city" in found else "city", found["region"])
    for column in ("period", "value") + OPTIONAL:
        if column in found:
            layout.index[column] = found[column]
    long = "period" in found or "value" in found
    if long or not (candidates or malformed):
        unknown = sorted(unknown + [i for i, _ in candidates + malformed])
    else:
        layout.periods = candidates
        for i, why in malformed:
            layout.problems.append((i, "period", message("header.bad_period",
                                                         column=cells[i].strip(), why=why),
                                    "Q202", ERROR))
    for i in unknown:
        layout.problems.append((i, names[i], message("header.unknown", column=cells[i].strip(),
                                                     known=", ".join(REQUIRED + OPTIONAL)),
                                "Q211", WARNING))
    absent = [c for c in ("metric",) if c not in layout.index]
    layout.broken = bool(malformed) and not candidates and not long  # no period to read
    if not layout.periods and (long or not malformed):
        absent += [c for c in ("period", "value") if c not in layout.index]
    no_city = multi and "city" not in layout.index
    if no_city:
        absent.append("city")
    if absent:
        shown = ",".join(c.strip() for c in cells)[:200]
        layout.problems.append((None, None, message("header.lacks_city" if no_city else
                                                    "header.lacks", absent=", ".join(absent),
                                                    found=shown), "Q201", ERROR))
    return layout


_ACTUAL = frozenset({"实际", "实际值", "完成", "完成值", "完成数", "实绩", "数值", "actual", "value"})
_PLANNED = frozenset({"目标", "目标值", "计划", "计划值", "预期", "target", "plan"})


def two_rows(layout: Layout, below: list[str]) -> Optional[Layout]:
    """A wide header whose periods each head two columns or more, named in the row
    below (``2016年`` merged over ``目标 | 实际``): the period's figure is the column
    named 实际/完成值/actual, the others are not figures.  None when ``below`` is not
    such a row (every non-empty cell a sub-heading, at least one of them 实际-like)."""
    if not layout.periods:
        return None
    names = [column_name(c) for c in below] + [""] * max(0, layout.width - len(below))
    words = [n for n in names if n]
    if not words or not all(n in _ACTUAL or n in _PLANNED for n in words) \
            or not any(n in _ACTUAL for n in words):
        return None
    starts = [col for col, _ in layout.periods]
    periods = []
    for k, (col, period) in enumerate(layout.periods):
        end = starts[k + 1] if k + 1 < len(starts) else len(names)
        actual = next((c for c in range(col, end) if names[c] in _ACTUAL), None)
        if actual is not None:
            periods.append((actual, period))
    if not periods:
        return None
    width = max(layout.width, max(c for c, _ in periods) + 1)
    return Layout(index=dict(layout.index), periods=periods, width=width,
                  problems=list(layout.problems))


_KEYS = frozenset({"metric", "name", "city", "region", "subunit", "unit", "source", "note",
                   "revised", "period"})


def stacked(top: list[str], below: list[str]) -> Optional[list[str]]:
    """The one-row header a header over two rows stands for: group headings over periods
    (``完成情况`` merged over ``2014年 | 2015年``), key columns merged down over both rows.
    Periods under a planned figure's heading (``目标值``) hold no figures (their columns
    become unnamed).  None when ``below`` is not such a row of periods."""
    width = max(len(top), len(below))
    top = list(top) + [""] * (width - len(top))
    below = list(below) + [""] * (width - len(below))
    out, group, periods = [], None, 0
    for upper, lower in zip(top, below):
        if upper.strip():
            group = column_name(upper)
        if not lower.strip():
            out.append(upper)
            continue
        if group is None or kind_of(group) in _KEYS or period_heading(lower) is None:
            return None  # a sub-heading that is no period, or a period under a key column
        planned = group in _PLANNED or group in _PLANNED_WORDS
        out.append("" if planned else lower)
        periods += not planned
    return out if periods else None
