"""The ways plans say what counts, beyond a target expression.

- ``against: previous`` or ``year-ago``: a change judged each period against the
  one before (逐年提高, 比上年下降3%) or the same period a year earlier (同比增长5%以上);
- ``tolerance: 5%`` or ``3``: "about" (左右), relaxing the threshold by a stated amount;
- ``aggregate:``: a figure made from sub-units' figures (counties, districts,
  product categories): ``mean`` (平均达到), ``min``, ``max``, ``every`` (每个县区都…),
  ``{share: achieved}`` (40%的县(市、区)通过…), ``{count: ">= 90"}`` (6个县(市、区)达到…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from qcity.diagtext import message
from qcity.plan.grammar import NUMBER_PATTERN, TOLERANCE_PATTERN
from qcity.plan.targets import AchievedTarget, Target, parse_target
from qcity.values import nfkc, parse_decimal, shorten

_AGAINST = {"previous": "previous", "上期": "previous", "上年": "previous", "比上年": "previous",
            "环比": "previous", "year-ago": "year-ago", "同比": "year-ago",
            "上年同期": "year-ago"}
AGAINST_WORDS = tuple(_AGAINST)


def against_word(value) -> str:
    word = _AGAINST.get(str(value))
    if word is None:
        raise ValueError(message("form.against", value=shorten(str(value))))
    return word


def tolerance_text(value) -> str:
    """``5%`` (of the threshold) or ``3`` (in the metric's unit), as canonical text."""
    if isinstance(value, bool):
        raise ValueError(message("form.tolerance_bool"))
    text = str(value)
    if not re.match(TOLERANCE_PATTERN, text):
        raise ValueError(message("form.tolerance_amount", value=shorten(text)))
    amount, relative = parse_tolerance(text)
    if amount < 0:
        raise ValueError(message("form.tolerance_negative"))
    return f"{amount}{'%' if relative else ''}"


def parse_tolerance(text: str) -> tuple[Decimal, bool]:
    text = nfkc(text)
    relative = text.endswith("%")
    return parse_decimal(text.rstrip("%").strip()), relative


AGGREGATES = ("mean", "min", "max", "every")
COUNTS = ("share", "count")
_AGG_WORDS = {"mean": "mean", "average": "mean", "平均": "mean", "min": "min", "最低": "min",
              "max": "max", "最高": "max", "every": "every", "each": "every", "每个": "every",
              "share": "share", "比例": "share", "count": "count", "个数": "count"}
AGGREGATE_WORDS = tuple(w for w, k in _AGG_WORDS.items() if k in AGGREGATES)
COUNT_WORDS = tuple(w for w, k in _AGG_WORDS.items() if k in COUNTS)


@dataclass(frozen=True)
class Aggregate:
    """How a metric's figure is made from its sub-units' figures for one period."""

    how: str  # mean | min | max | every | share | count
    condition: Optional[Target] = None  # share and count: what a sub-unit's figure must meet

    def __str__(self) -> str:
        return self.how if self.condition is None else f"{self.how} of {self.condition}"


def aggregate_of(value) -> Aggregate:
    """``mean`` … or ``{share: achieved}`` / ``{count: ">= 90"}`` -> Aggregate."""
    if isinstance(value, Aggregate):
        return value
    if isinstance(value, str):
        how = _AGG_WORDS.get(value)
        if how in AGGREGATES:
            return Aggregate(how)
        if how in COUNTS:
            raise ValueError(message("form.count_needs", how=how))
        raise ValueError(message("form.aggregate_word", value=shorten(value)))
    if isinstance(value, dict) and len(value) == 1:
        (key, condition), = value.items()
        how = _AGG_WORDS.get(str(key))
        if how in COUNTS:
            return Aggregate(how, parse_target(condition))
    raise ValueError(message("form.aggregate"))


def condition_kind(aggregate: Aggregate) -> Optional[str]:
    return None if aggregate.condition is None else aggregate.condition.kind


__all__ = ["Aggregate", "aggregate_of", "against_word", "tolerance_text", "parse_tolerance",
           "AchievedTarget", "NUMBER_PATTERN"]
