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
from typing import NamedTuple

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
        raise ValueError(
            f'invalid period "{text}": use YYYY, YYYY-H1, YYYY-Q2, YYYY-MM, '
            "YYYY-MM-DD or A/B"
        )
    year = int(m["y"])
    if year < 1:
        raise ValueError(f'invalid period "{text}": year 0000')
    if m["h"]:
        first = 1 if m["h"] == "H1" else 7
        return date(year, first, 1), _month_end(year, first + 5)
    if m["q"]:
        first = 3 * (int(m["q"][1]) - 1) + 1
        return date(year, first, 1), _month_end(year, first + 2)
    if m["m"]:
        month = int(m["m"])
        if not 1 <= month <= 12:
            raise ValueError(f'invalid period "{text}": month {month} is not 01-12')
        if m["d"]:
            try:
                day = date(year, month, int(m["d"]))
            except ValueError:
                raise ValueError(f'invalid period "{text}": no such day') from None
            return day, day
        return date(year, month, 1), _month_end(year, month)
    return date(year, 1, 1), date(year, 12, 31)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def normalise(text: str) -> str:
    """Canonical spelling: NFKC (full-width digits), no spaces, upper-case H/Q."""
    return unicodedata.normalize("NFKC", text).strip().replace(" ", "").upper()


@lru_cache(maxsize=4096)
def parse_period(text: str) -> Period:
    """Parse a period; raises ValueError with a message fit for a user."""
    canon = normalise(str(text))
    if not canon:
        raise ValueError("empty period")
    if "/" in canon:
        first, _, last = canon.partition("/")
        if "/" in last:
            raise ValueError(f'invalid period "{text}": more than one "/"')
        a_start, a_end = _parse_simple(first)
        b_start, b_end = _parse_simple(last)
        if b_end < a_end or b_start < a_start:
            raise ValueError(f'invalid period "{text}": {last} is before {first}')
        return Period(a_start, b_end, canon)
    start, end = _parse_simple(canon)
    return Period(start, end, canon)

