"""Reporting periods: '2015', '2015-H1', '2015-Q2', '2015-06', '2015-06-30', 'A/B'.

A period is a closed interval of days.  Observations are ordered by the day
their period ends (a tie goes to the longer period), which is what "the latest
observation" means in the evaluation rules.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import NamedTuple, Optional

from qcity.diagtext import key_of, message

_SIMPLE = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<h>H[12])|(?P<q>Q[1-4])|(?P<m>\d{2})(?:-(?P<d>\d{2}))?))?$"
)


class Period(NamedTuple):
    """A closed interval of days with the text it was written as."""

    start: date
    end: date
    text: str

    def __str__(self) -> str:
        return self.text

    @property
    def sort_key(self) -> tuple[date, date]:
        # Later end first; for the same end the longer period (earlier start) wins,
        # so reversing ``start`` makes "greater" mean "counts as later".
        return (self.end, date.max - (self.start - date.min))


def _parse_simple(text: str) -> tuple[date, date]:
    m = _SIMPLE.match(text)
    if not m:
        raise ValueError(message("period.syntax", period=text))
    year = int(m["y"])
    if year < 1:
        raise ValueError(message("period.year_zero", period=text))
    if m["h"]:
        first = 1 if m["h"] == "H1" else 7
        return date(year, first, 1), _month_end(year, first + 5)
    if m["q"]:
        first = 3 * (int(m["q"][1]) - 1) + 1
        return date(year, first, 1), _month_end(year, first + 2)
    if m["m"]:
        month = int(m["m"])
        if not 1 <= month <= 12:
            raise ValueError(message("period.month", period=text, month=month))
        if m["d"]:
            try:
                day = date(year, month, int(m["d"]))
            except ValueError:
                raise ValueError(message("period.day", period=text)) from None
            return day, day
        return date(year, month, 1), _month_end(year, month)
    return date(year, 1, 1), date(year, 12, 31)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def normalise(text: str) -> str:
    """Canonical spelling: NFKC (full-width digits), no spaces, upper-case H/Q."""
    return unicodedata.normalize("NFKC", text).strip().replace(" ", "").upper()


_BARE = ("period.month", "period.year_zero", "period.day")


def reason(exc: ValueError):
    """Why ``parse_period`` refused a text, without repeating the text where the reason
    says only what is wrong with it (``month 13 is not 01-12``)."""
    said = key_of(exc)
    if getattr(said, "key", None) in _BARE:
        return message(said.key.replace("period.", "period.bare."),
                       **{k: v for k, v in said.args.items() if k != "period"})
    return said


@lru_cache(maxsize=4096)
def parse_period(text: str) -> Period:
    """Parse a period; raises ValueError with a message fit for a user."""
    canon = normalise(str(text))
    if not canon:
        raise ValueError(message("period.empty"))
    if "/" in canon:
        first, _, last = canon.partition("/")
        if "/" in last:
            raise ValueError(message("period.slashes", period=text))
        a_start, a_end = _parse_simple(first)
        b_start, b_end = _parse_simple(last)
        if b_end < a_end or b_start < a_start:
            raise ValueError(message("period.reversed", period=text, last=last, first=first))
        return Period(a_start, b_end, canon)
    start, end = _parse_simple(canon)
    return Period(start, end, canon)



# -- lengths of periods ("period: year", "every: quarter") ----------------------
KINDS = ("year", "half", "quarter", "month")
_KIND_WORDS = {"year": "year", "annual": "year", "yearly": "year", "年": "year", "年度": "year",
               "每年": "year", "half": "half", "half-year": "half", "半年": "half",
               "半年度": "half", "quarter": "quarter", "quarterly": "quarter", "季": "quarter",
               "季度": "quarter", "month": "month", "monthly": "month", "月": "month",
               "月度": "month"}
KIND_WORDS = tuple(_KIND_WORDS)


def kind_word(text) -> str:
    """A period length as plans write it ("year", "年度", "季度" …) -> its canonical name."""
    word = _KIND_WORDS.get(str(text))  # as written: an editor checks the same words
    if word is None:
        raise ValueError(message("period.length", value=text))
    return word


def kind_of(period: Period) -> Optional[str]:
    """The length a period is: year, half, quarter, month, day, or None (any other span)."""
    start, end = period.start, period.end
    if start == end:
        return "day"
    if start.day != 1 or end != _month_end(end.year, end.month) or start.year != end.year:
        return None
    months = end.month - start.month + 1
    if months == 12:
        return "year"
    if months == 6 and start.month in (1, 7):
        return "half"
    if months == 3 and start.month in (1, 4, 7, 10):
        return "quarter"
    if months == 1:
        return "month"
    return None


_KIND_MONTHS = {"year": 12, "half": 6, "quarter": 3, "month": 1}
_KIND_LABEL = {"year": lambda y, m: f"{y}", "half": lambda y, m: f"{y}-H{(m - 1) // 6 + 1}",
               "quarter": lambda y, m: f"{y}-Q{(m - 1) // 3 + 1}",
               "month": lambda y, m: f"{y}-{m:02d}"}


def periods_between(kind: str, first: date, last: date) -> list[Period]:
    """Every period of a length that ends on or after ``first`` and on or before ``last``."""
    step = _KIND_MONTHS[kind]
    year, month = first.year, ((first.month - 1) // step) * step + 1
    out = []
    while True:
        end = _month_end(year + (month + step - 2) // 12, (month + step - 2) % 12 + 1)
        if end > last:
            return out
        out.append(Period(date(year, month, 1), end, _KIND_LABEL[kind](year, month)))
        month += step
        if month > 12:
            year, month = year + 1, month - 12


def previous_period(period: Period, kind: str) -> Period:
    """The period of the same length just before ``period``."""
    step = _KIND_MONTHS[kind]
    year, month = period.start.year, period.start.month - step
    if month < 1:
        year, month = year - 1, month + 12
    end = _month_end(year + (month + step - 2) // 12, (month + step - 2) % 12 + 1)
    return Period(date(year, month, 1), end, _KIND_LABEL[kind](year, month))


def year_before(period: Period) -> Optional[Period]:
    """The same period a year earlier (同比), for periods of a named length."""
    kind = kind_of(period)
    if kind not in _KIND_MONTHS or period.start.year < 2:
        return None
    year, month = period.start.year - 1, period.start.month
    start = date(year, month, 1)
    end = _month_end(year, period.end.month)
    return Period(start, end, _KIND_LABEL[kind](year, month))


# -- dates as plans write them ---------------------------------------------------
_PLAN_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def plan_date(value, last: bool = False) -> date:
    """``2015``, ``2015-11`` or ``2015-11-30``: the first day (``last``: the last day)."""
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not _PLAN_DATE.match(text):
        raise ValueError(message("date.forms", value=str(value)))
    try:
        span = parse_period(text)
    except ValueError as exc:
        why = reason(exc)
        if not getattr(why, "key", "").startswith("period.bare"):
            why = str(why).rpartition(": ")[2]
        raise ValueError(message("date.because", value=str(value), why=why)) from None
    if not _PLAN_DATE_RE.match(str(value)):  # what editors check: the same forms
        raise ValueError(message("date.forms", value=str(value)))
    return span.end if last else span.start


# -- how long a figure stays current ("max_age: 1 year") -------------------------
AGE_PATTERN = ("^[ ]*(?:(?P<n>[1-9][0-9]{0,2})[ ]*(?P<unit>years?|months?|days?|y|m|d|年|个月|月|天|日)"
               "|none|any|不限)[ ]*$")
_AGE = re.compile(AGE_PATTERN)
_AGE_UNITS = {"year": "year", "years": "year", "y": "year", "年": "year", "month": "month",
              "months": "month", "m": "month", "个月": "month", "月": "month", "day": "day",
              "days": "day", "d": "day", "天": "day", "日": "day"}
NO_LIMIT = ("none", "any", "不限")


def parse_age(value) -> Optional[tuple[int, str]]:
    """``"1 year"``, ``"18 months"``, ``"90 days"``, ``"1年"`` -> (n, unit); none -> None."""
    text = str(value)
    m = _AGE.match(text)
    if m and m["n"] is None:  # none, any, 不限
        return None
    if not m:
        raise ValueError(message("period.age", value=str(value)))
    return int(m["n"]), _AGE_UNITS[m["unit"]]


def age_text(age: Optional[tuple[int, str]]) -> str:
    if age is None:
        return "none"
    n, unit = age
    return f"{n} {unit}{'s' if n != 1 else ''}"


@lru_cache(maxsize=4096)  # a national run asks it for the same few period ends
def add_age(day: date, age: tuple[int, str]) -> date:
    """``day`` plus an age; a month end stays a month end (2019-02-28 + 1 year = 2020-02-29)."""
    n, unit = age
    if unit == "day":
        from datetime import timedelta

        return day + timedelta(days=n)
    months = n * 12 if unit == "year" else n
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    at_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return date(year, month, last if at_end else min(day.day, last))


# -- the same, as patterns editors check (ECMA-262 and Python alike) --------------
def _wide(pattern: str) -> str:
    """A pattern written with ASCII digits, '-', '/' and H/Q, widened to their full-width
    forms (NFKC makes ２０１５－Ｑ２ read as 2015-Q2)."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "{":  # a quantifier stays as it is
            j = pattern.index("}", i)
            out.append(pattern[i:j + 1])
            i = j + 1
            continue
        if ch == "[":  # a class of digits such as [12] or [0-8]: the same, full-width too
            j = pattern.index("]", i)
            body = pattern[i + 1:j]
            wide = "".join(c if c == "-" else chr(ord(c) + 0xFEE0) for c in body)
            out.append(f"[{body}{wide}]")
            i = j + 1
            continue
        if ch.isdigit() or ch in "HQhq":
            out.append(f"[{ch}{chr(ord(ch) + 0xFEE0)}]")
        elif ch == "-":
            out.append("[-\\uFF0D]")
        elif ch == "/":
            out.append("[/\\uFF0F]")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


_YEAR = "(?!0000)[0-9]{4}"
_LEAP = "(?:[0-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_MD = ("(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
       "|02-(?:0[1-9]|1[0-9]|2[0-8]))")
_DAY = f"(?:{_YEAR}-{_MD}|(?!0000){_LEAP}-02-29)"
_MONTH = f"{_YEAR}-(?:0[1-9]|1[0-2])"
_SP = "[ \\u3000]*"
_ONE = (f"(?:{_wide(_DAY)}|{_wide(_MONTH)}|{_wide(_YEAR + '-')}"
        f"(?:[HhＨｈ]{_SP}[12１２]|[QqＱｑ]{_SP}[1-4１-４])|{_wide(_YEAR)})")
PLAN_DATE_PATTERN = f"^{_SP}(?:{_wide(_DAY)}|{_wide(_MONTH)}|{_wide(_YEAR)}){_SP}$"
PERIOD_PATTERN = f"^{_SP}{_ONE}(?:{_SP}[/\\uFF0F]{_SP}{_ONE})?{_SP}$"
_PLAN_PERIOD = re.compile(PERIOD_PATTERN)
_PLAN_DATE_RE = re.compile(PLAN_DATE_PATTERN)


def plan_period(text) -> Period:
    """A period as a plan writes it (a baseline, a milestone key): the same forms as the
    data's, checked against :data:`PERIOD_PATTERN` first, as editors check it."""
    text = str(text)
    period = parse_period(text)
    if not _PLAN_PERIOD.match(text):
        raise ValueError(message("period.syntax", period=text))
    return period
