"""Figures as people type them: periods, placeholders, units and spreadsheet cells.

Everything here turns what an analyst wrote into the canonical text the
rules already know, so one set of rules decides every input:

- periods: ``2016年``, ``2016年6月``, ``2016年上半年``, ``2016年第三季度``,
  ``2016Q3``, ``2017-6``, ``2016/12/31``, ``2018年1-7月`` (an interval),
  ``2016.0`` (a year a spreadsheet stored as a number) become ``2016``,
  ``2016-06``, ``2016-H1``, ``2016-Q3``, ``2017-06``, ``2016-12-31``,
  ``2018-01/2018-07`` (the grammar of ``qcity.plan.periods``);
- placeholders: ``—``, ``-``, ``/``, ``暂无``, ``无``, ``N/A``, ``NA``, ``…`` mean "no
  figure" (a warning, never an error);
- units: ``微克/立方米`` and ``ug/m3`` are ``µg/m³``;
- cells: a workbook's numbers, dates and booleans become the text a CSV would hold.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Optional

from qcity.diagtext import message
from qcity.plan.model import same_unit

# -- periods ---------------------------------------------------------------------
_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_DASH = "[-~–—至到]"
_PERIODS = [
    # 2016, 2016年, 2016年度, 2016年末, 2016年全年, 2016.0 (a year stored as a number)
    (re.compile(r"(\d{4})(?:年度?|年[底末]|年?全年|\.0+)?"), lambda m: m[1]),
    (re.compile(r"(\d{4})年?前三季度?"), lambda m: f"{m[1]}-01/{m[1]}-09"),
    (re.compile(r"(\d{4})年?(上|下)半年"), lambda m: f"{m[1]}-H{1 if m[2] == '上' else 2}"),
    (re.compile(r"(\d{4})-?H([12])"), lambda m: f"{m[1]}-H{m[2]}"),
    (re.compile(r"(\d{4})年?第?([一二三四1-4])季度?"), lambda m: f"{m[1]}-Q{_CN[m[2]]}"),
    (re.compile(r"(\d{4})(?:-|年)?Q([1-4])"), lambda m: f"{m[1]}-Q{m[2]}"),
    (re.compile(r"(\d{4})年(\d{1,2})月(?:份|底|末)?"), lambda m: f"{m[1]}-{int(m[2]):02d}"),
    # 2017-6, 2017/6, 2015.6, 2015.06 (2015.0 is the year, above), 201506
    (re.compile(r"(\d{4})[-/.](\d{1,2})|(\d{4})(\d{2})"),
     lambda m: f"{m[1] or m[3]}-{int(m[2] or m[4]):02d}"),
    (re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]?00:00(?::00)?)?|(\d{4})(\d{2})(\d{2})"),
     lambda m: f"{m[1] or m[4]}-{int(m[2] or m[5]):02d}-{int(m[3] or m[6]):02d}"),
    (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
     lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"),
    # 2018年1-7月, 2018年1月-7月: January to July 2018
    (re.compile(rf"(\d{{4}})年(\d{{1,2}})月?{_DASH}(\d{{1,2}})月份?"),
     lambda m: f"{m[1]}-{int(m[2]):02d}/{m[1]}-{int(m[3]):02d}"),
    # 2017年6月-2018年5月
    (re.compile(rf"(\d{{4}})年(\d{{1,2}})月{_DASH}(\d{{4}})年(\d{{1,2}})月"),
     lambda m: f"{m[1]}-{int(m[2]):02d}/{m[3]}-{int(m[4]):02d}"),
    # 2016-2018年, 2016~2018: three whole years
    (re.compile(rf"(\d{{4}})年?{_DASH}(\d{{4}})年?"), lambda m: f"{m[1]}/{m[2]}"),
]
# words around a period that do not change it: 截至2015年6月 (the figure at the end of
# June 2015), 2015年1-6月累计 (the total of January to June)
_AS_OF = re.compile(r"^(?:截至|截止|截止到|截至到)")
_TOTAL = re.compile(r"(?:累计(?:数|值)?)$")
_CN_DIGITS = "〇一二三四五六七八九零"
_CN_YEAR = re.compile(f"^([{_CN_DIGITS}]{{4}})年")
_CN_NUMBER = {w: i for i, w in enumerate(
    "一 二 三 四 五 六 七 八 九 十 十一 十二".split(), 1)}
_CN_MONTH = re.compile("(十[一二]|[一二三四五六七八九十])月")
# a typed interval whose two ends are typed periods: 2015年上半年—2016年第三季度
_ENDS = re.compile(rf"(.+?年.*?)(?:{_DASH})(\d{{4}}.*)")


@lru_cache(maxsize=4096)
def period_text(raw: str) -> str:
    """The canonical spelling of a period as typed (unknown spellings come back
    normalised only, and ``parse_period`` then says what is wrong with them)."""
    text = unicodedata.normalize("NFKC", raw).strip().replace(" ", "").replace("\u3000", "")
    text = _TOTAL.sub("", _AS_OF.sub("", text.upper()))
    if "年" in text:  # 二〇一五年, 2015年六月
        text = _CN_YEAR.sub(lambda m: "".join(str(_CN_DIGITS.index(c) % 10) for c in m[1])
                            + "年", text)
        if "月" in text:
            text = _CN_MONTH.sub(lambda m: f"{_CN_NUMBER[m[1]]}月", text)
    for pattern, canonical in _PERIODS:
        match = pattern.fullmatch(text)
        if match:
            return canonical(match)
    ends = None
    if "/" in text and text.count("/") == 1:  # an interval of typed spellings
        ends = text.partition("/")[::2]
    elif _ENDS.fullmatch(text):
        ends = _ENDS.fullmatch(text).groups()
    if ends is not None:
        a, b = period_text(ends[0]), period_text(ends[1])
        if "/" not in a and "/" not in b:
            return f"{a}/{b}"
    return text


# A number 2015.1 in a period cell: January, or October typed 2015.10 (a spreadsheet
# keeps the number and drops the 0).  Such a cell reads as its text and this mark.
AMBIGUOUS = "(number)"
_AMBIGUOUS = re.compile(r"\d{4}\.1")


def period_of_cell(value) -> str:
    """A period cell as text: a date cell is its day, or its month when it falls on
    the 1st (Excel turns a typed ``2016-06`` into 1 June 2016); a number is a year
    (``2016``), or a month (``2015.6``); ``2015.1`` is marked ambiguous."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value:%Y-%m}" if value.day == 1 else value.isoformat()
    text = cell_text(value)
    if isinstance(value, float) and _AMBIGUOUS.fullmatch(text):
        return text + AMBIGUOUS
    return text


def period_problem(raw: str, grammar: str) -> str:
    """Why a typed period cannot be read, in words that help (``grammar`` is the
    period grammar's own message)."""
    if raw.endswith(AMBIGUOUS):
        number = raw[:-len(AMBIGUOUS)]
        return message("period.ambiguous", number=number, year=number[:4])
    return grammar


# -- placeholders ----------------------------------------------------------------
# compared after NFKC and casefold (so ``…`` is ``...``, full-width ``－`` is ``-``)
PLACEHOLDERS = frozenset({"-", "--", "—", "——", "–", "/", "暂无", "暂无数据", "无", "n/a", "na",
                          "...", "......", "未统计", "不详"})


def is_placeholder(text: str) -> bool:
    """A mark meaning "no figure" (``—``, ``暂无``, ``N/A`` …), not a value."""
    return unicodedata.normalize("NFKC", text).strip().casefold() in PLACEHOLDERS


# -- units -----------------------------------------------------------------------
_UNITS = {
    "μg/m3": ("ug/m3", "微克/立方米", "微克每立方米", "mcg/m3"),
    "mg/m3": ("毫克/立方米", "毫克每立方米"),
    "%": ("百分比", "百分点", "pct", "percent"),
    "m3": ("立方米",),
    "μg": ("ug", "微克", "mcg"),
    "mg": ("毫克",),
    "km2": ("平方公里", "平方千米"),
    "km": ("公里", "千米"),
    "t": ("吨",),
    "kwh": ("千瓦时",),
    "d": ("天",),
}
_UNIT_KEY = {alias: canon for canon, aliases in _UNITS.items() for alias in aliases + (canon,)}


def _unit_key(text: str) -> str:
    key = unicodedata.normalize("NFKC", text).strip().casefold().replace(" ", "")
    whole = _UNIT_KEY.get(key)
    if whole is not None:
        return whole
    # a compound unit part by part: m3/万元 is 立方米/万元
    return "/".join(_UNIT_KEY.get(part, part) for part in key.split("/"))


_NUMBER_AND_UNIT = re.compile(r"^\s*([-+]?[\d.,]+)\s*(\S.*?)\s*$")


def unit_after(text: str, unit: Optional[str]) -> Optional[str]:
    """The number of ``62家`` when the unit typed after it is the metric's (as ``93.1%``
    is accepted for a % metric), else None."""
    if not unit:
        return None
    found = _NUMBER_AND_UNIT.match(unicodedata.normalize("NFKC", text))
    if found is None or not same_data_unit(found.group(2), unit):
        return None
    return found.group(1)


def same_data_unit(written: str, planned: str) -> bool:
    """A unit in the data matches the plan's: the same after NFKC, or a known alias."""
    return same_unit(written, planned) or _unit_key(written) == _unit_key(planned)


# -- cells -----------------------------------------------------------------------
def cell_text(value) -> str:
    """A workbook cell as the text a CSV would hold.

    Numbers show the 15 significant digits a spreadsheet shows (``0.1+0.2`` is
    ``0.3``, ``2016.0`` is ``2016``); booleans are ``true``/``false``; dates ISO."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = format(value, ".15g")
        if "e" in text:
            from decimal import Decimal

            text = format(Decimal(text), "f")
        return text
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return "" if value is None else str(value)


def percent_text(value) -> str:
    """A number cell formatted as a percentage, as it shows: 0.968 is ``96.8%``."""
    from decimal import Decimal

    shown = Decimal(cell_text(value)) * 100
    return f"{shown.normalize():f}%"


_QUOTED = re.compile(r"'[=+\-@\t\r]")


def unquoted(text: str) -> str:
    """Text a formula-safe writer prefixed with ``'`` (``'=x`` is ``=x``), as written."""
    return text[1:] if _QUOTED.match(text) else text
