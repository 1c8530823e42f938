"""Target expressions as plans write them.

``>= 96``, ``decrease >= 21%``, ``achieved``, a range ``2~3`` (全国知名品牌示范区2~3个:
passing at 2, aiming at 3), "about" ``<= 75 ±5%`` (75微克/立方米左右), and a figure
compared with another metric of the plan ``> province-average + 2``
(高于全省平均2个百分点).

A target is parsed once, when the plan loads, into a small immutable object
that knows how to judge a value exactly (decimal arithmetic, no division in
the decision so ``93.1 >= 93.1`` and relative changes hold at the boundary).

What a target text may be is one grammar (``qcity.plan.grammar``), written for
both Python and ECMA-262 regular expressions: the parser accepts a text only
when it matches, and the JSON Schema of plan files (``qcity schema``) gives
editors the same pattern, so an editor and ``qcity validate`` agree.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional, Union

from qcity.plan.grammar import (ACHIEVED_WORDS, ID_PATTERN, NUMBER_PATTERN, OP_PATTERN,
                                RANGE_MARKS, TARGET_PATTERN)
from qcity.diagtext import key_of, message
from qcity.values import nfkc, parse_decimal, shorten

OPERATORS = (">=", ">", "<=", "<", "==")
_OP_ALIASES = {"≥": ">=", "≤": "<=", "=": "==", "＝": "==", "≧": ">=", "≦": "<="}
_TOKEN = re.compile(r"^(?P<op>[<>=!≥≤≧≦]+)\s*(?P<value>.+)$")
_CHANGE = re.compile(r"^(?P<dir>increase|decrease)\s*(?P<rest>.+)$", re.I)
TOLERANCE_MARKS = ("±", "+/-", "+-")


# The most common targets ('>= 90', 'decrease >= 21%', 'achieved'), a strict subset of the
# grammar: they need not wait for the whole grammar (~15 ms to compile, at every start)
PLAIN_TARGET = re.compile(r"^(?:(?:increase|decrease) ?>=? ?|(?:>=?|<=?|==?) ?)"
                          r"[+-]?[0-9]{1,40}(?:\.[0-9]{1,40})?%?$|^(?:achieved|yes|true|完成|达成)$")


@lru_cache(maxsize=None)
def _grammar() -> re.Pattern:
    return re.compile(TARGET_PATTERN)


def compare(op: str, actual: Decimal, threshold: Decimal) -> bool:
    if op == ">=":
        return actual >= threshold
    if op == ">":
        return actual > threshold
    if op == "<=":
        return actual <= threshold
    if op == "<":
        return actual < threshold
    return actual == threshold


def _margin(op: str, actual: Decimal, bar: Decimal) -> Decimal:
    if op in (">=", ">"):
        return actual - bar
    if op in ("<=", "<"):
        return bar - actual
    return -abs(actual - bar)


@dataclass(frozen=True)
class LevelTarget:
    op: str
    value: Decimal
    percent: bool = field(default=False, compare=False)  # written with "%"

    kind = "level"

    def __str__(self) -> str:
        return f"{self.op} {_fmt(self.value)}"

    @property
    def threshold(self) -> Decimal:
        return self.value

    @property
    def pass_line(self) -> Decimal:
        """The figure pass and fail part at (a range's lower end)."""
        return self.value

    def passes(self, actual: Decimal) -> bool:
        return compare(self.op, actual, self.value)

    def margin(self, actual: Decimal) -> Decimal:
        return _margin(self.op, actual, self.value)


@dataclass(frozen=True)
class RangeTarget(LevelTarget):
    """``2~3``: passing at the lower bound, the upper bound shown as the aim."""

    aim: Decimal = Decimal(0)

    kind = "range"

    def __str__(self) -> str:
        pct = "%" if self.percent else ""
        return f"{_fmt(self.value)}{pct}~{_fmt(self.aim)}{pct}"


@dataclass(frozen=True)
class AboutTarget:
    """``<= 75 ±5%`` (左右): the threshold relaxed by a stated tolerance, an amount or a
    percentage of the threshold; ``== 75 ±3`` passes from 72 to 78."""

    op: str
    value: Decimal
    tolerance: Decimal
    relative: bool  # the tolerance is a % of the threshold
    percent: bool = field(default=False, compare=False)

    kind = "about"

    def __str__(self) -> str:
        return f"{self.op} {_fmt(self.value)} ±{_fmt(self.tolerance)}{'%' if self.relative else ''}"

    @property
    def threshold(self) -> Decimal:
        return self.value

    @property
    def pass_line(self) -> Decimal:
        """The relaxed bar pass and fail part at (75左右 ±5%: 78.75 for ``<=``); the
        written figure for ``==``, which passes on both sides of it."""
        if self.op in (">=", ">"):
            return self.value - self.slack
        if self.op in ("<=", "<"):
            return self.value + self.slack
        return self.value

    @property
    def slack(self) -> Decimal:
        return abs(self.value) * self.tolerance / 100 if self.relative else self.tolerance

    def passes(self, actual: Decimal) -> bool:
        if self.op == "==":
            return abs(actual - self.value) <= self.slack
        return self.margin(actual) >= 0 if self.op in (">=", "<=") else self.margin(actual) > 0

    def margin(self, actual: Decimal) -> Decimal:
        if self.op == "==":
            return self.slack - abs(actual - self.value)
        bar = self.value - self.slack if self.op in (">=", ">") else self.value + self.slack
        return _margin(self.op, actual, bar)


@dataclass(frozen=True)
class ReferenceTarget:
    """``> province-average + 2``: a figure compared with another metric's figure for the
    same period (高于全省平均2个百分点), plus an offset in the metric's unit."""

    op: str
    ref: str
    offset: Decimal = Decimal(0)
    tolerance: Optional[Decimal] = None
    relative: bool = False
    percent: bool = field(default=False, compare=False)

    kind = "reference"

    def __str__(self) -> str:
        text = f"{self.op} {self.ref}"
        if self.offset:
            text += f" {'+' if self.offset > 0 else '-'} {_fmt(abs(self.offset))}"
        if self.tolerance is not None:
            text += f" ±{_fmt(self.tolerance)}{'%' if self.relative else ''}"
        return text

    @property
    def threshold(self) -> None:
        return None  # it moves with the reference: see bar()

    def bar(self, reference: Decimal) -> Decimal:
        return reference + self.offset

    def level(self, reference: Decimal):
        """The plain target this becomes for one period, given the reference's figure."""
        if self.tolerance is None:
            return LevelTarget(self.op, self.bar(reference), self.percent)
        return AboutTarget(self.op, self.bar(reference), self.tolerance, self.relative,
                           self.percent)


@dataclass(frozen=True)
class ChangeTarget:
    direction: str  # increase | decrease
    op: str  # >= or >
    value: Decimal
    relative: bool

    kind = "change"

    def __str__(self) -> str:
        return f"{self.direction} {self.op} {_fmt(self.value)}{'%' if self.relative else ''}"

    @property
    def threshold(self) -> Decimal:
        return self.value

    def change(self, baseline: Decimal, actual: Decimal) -> Decimal:
        """Achieved change in the target's direction (positive = as planned)."""
        delta = actual - baseline if self.direction == "increase" else baseline - actual
        if self.relative:
            return delta * 100 / abs(baseline)
        return delta

    def passes(self, baseline: Decimal, actual: Decimal) -> bool:
        delta = actual - baseline if self.direction == "increase" else baseline - actual
        if self.relative:
            # delta/|b|*100 op X  <=>  delta*100 op X*|b|  (|b| > 0): exact, no division
            return compare(self.op, delta * 100, self.value * abs(baseline))
        return compare(self.op, delta, self.value)

    def margin(self, baseline: Decimal, actual: Decimal) -> Decimal:
        return self.change(baseline, actual) - self.value

    def level_threshold(self, baseline: Decimal) -> Decimal:
        """The level the metric must reach for this change (for charts, outlook)."""
        amount = self.value * abs(baseline) / 100 if self.relative else self.value
        return baseline + amount if self.direction == "increase" else baseline - amount


@dataclass(frozen=True)
class AchievedTarget:
    kind = "achieved"

    def __str__(self) -> str:
        return "achieved"

    @property
    def threshold(self) -> None:
        return None

    def passes(self, actual: bool) -> bool:
        return actual is True


Target = Union[LevelTarget, RangeTarget, AboutTarget, ReferenceTarget, ChangeTarget,
               AchievedTarget]


def _fmt(value: Decimal) -> str:
    from qcity.values import format_decimal

    return format_decimal(value)


def _operator(raw: str) -> str:
    op = _OP_ALIASES.get(raw, raw)
    if op not in OPERATORS:
        raise ValueError(message("target.operator", op=raw))
    return op


def _split(text: str, expr: str) -> tuple[str, str]:
    m = _TOKEN.match(text)
    if not m:
        raise ValueError(message("target.unreadable", target=shorten(str(expr))))
    return _operator(m["op"]), m["value"].strip()


def parse_target(expr) -> Target:
    """Parse a target from its text or its ``{op, value}`` mapping."""
    if isinstance(expr, dict):
        return _from_mapping(expr)
    if isinstance(expr, bool) or not isinstance(expr, str):
        raise ValueError(message("target.not_text", value=shorten(repr(expr))))
    target = _parse_text(expr)
    if not PLAIN_TARGET.match(expr) and not _grammar().match(expr):
        # what the procedural reading let through, the grammar (and so an editor) does not
        raise ValueError(message("target.unreadable_all", target=shorten(expr)))
    return target


def _parse_text(expr: str) -> Target:
    text = nfkc(expr).replace("\u2212", "-")
    for alias, op in _OP_ALIASES.items():
        if alias in ("=",):
            continue
        text = text.replace(alias, op)
    if not text:
        raise ValueError(message("target.empty"))
    if text.lower() in ACHIEVED_WORDS:
        return AchievedTarget()
    m = _CHANGE.match(text)
    if m:
        op, value = _split(m["rest"].strip(), expr)
        if op not in (">=", ">"):
            raise ValueError(message("target.change_op", target=shorten(expr),
                                     dir=m["dir"].lower()))
        relative = value.endswith("%")
        return ChangeTarget(m["dir"].lower(), op, _number(value.rstrip("%"), expr), relative)
    ranged = _range(text, expr)
    if ranged is not None:
        return ranged
    op, rest = _split(text, expr)
    rest, tolerance = _tolerance(rest, expr)
    percent = rest.endswith("%")
    number = rest.rstrip("%").strip()
    if re.fullmatch(r"[+-]?[\d.]+[eE].*", number):
        raise ValueError(message("target.exponent", target=shorten(expr), number=shorten(number)))
    try:
        value = parse_decimal(number)
    except ValueError as exc:
        if not re.fullmatch(ID_PATTERN + r"(\s*[+-].*)?", rest) \
                or re.fullmatch(r"[+-]?[\d.]+%?", rest):  # a number, out of range
            raise ValueError(message("target.because", target=shorten(expr),
                                     why=key_of(exc))) from None
        return _reference(op, rest, tolerance, expr)
    if tolerance is not None:
        return AboutTarget(op, value, tolerance[0], tolerance[1], percent)
    return LevelTarget(op, value, percent)


def _range(text: str, expr) -> Optional[RangeTarget]:
    for mark in RANGE_MARKS:
        low, sep, high = text.partition(mark)
        if sep and low.strip() and not low.strip()[0] in "<>=":
            lo, hi = _number(low.strip().rstrip("%"), expr), _number(high.strip().rstrip("%"),
                                                                      expr)
            percent = low.strip().endswith("%") or high.strip().endswith("%")
            return RangeTarget(">=", lo, percent, aim=hi)
    return None


def _tolerance(rest: str, expr) -> tuple[str, Optional[tuple[Decimal, bool]]]:
    for mark in TOLERANCE_MARKS:
        head, sep, tail = rest.partition(mark)
        if sep:
            tail = tail.strip()
            amount = _number(tail.rstrip("%").strip(), expr)
            if amount < 0:
                raise ValueError(message("target.negative_tolerance", target=shorten(expr)))
            return head.strip(), (amount, tail.endswith("%"))
    return rest, None


def _reference(op: str, rest: str, tolerance, expr) -> ReferenceTarget:
    m = re.fullmatch(f"(?P<ref>{ID_PATTERN})\\s*(?:(?P<sign>[+-])\\s*(?P<offset>.+))?", rest)
    if m is None:
        raise ValueError(message("target.unreadable_plain", target=shorten(expr)))
    offset = Decimal(0)
    percent = False
    if m["offset"] is not None:
        text = m["offset"].strip()
        percent = text.endswith("%")
        offset = _number(text.rstrip("%").strip(), expr)
        if m["sign"] == "-":
            offset = -offset
    tol, relative = tolerance if tolerance is not None else (None, False)
    return ReferenceTarget(op, m["ref"], offset, tol, relative, percent)


def _number(text: str, expr) -> Decimal:
    try:
        return parse_decimal(text)
    except ValueError as exc:  # not a number, or out of range: parse_decimal says which
        raise ValueError(message("target.because", target=shorten(str(expr)),
                                 why=key_of(exc))) from None


def _from_mapping(mapping: dict) -> Target:
    allowed = {"op", "value", "change", "relative"}
    unknown = set(mapping) - allowed
    if unknown:
        raise ValueError(message("target.mapping_key",
                                 key=shorten(repr(sorted(map(str, unknown))[0]))))
    if "op" not in mapping or "value" not in mapping:
        raise ValueError(message("target.mapping_needs"))
    value = mapping["value"]
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)) \
            or (isinstance(value, str) and not re.match(NUMBER_PATTERN, value)):
        raise ValueError(message("target.value_number", value=shorten(repr(value))))
    raw_op = mapping["op"]
    if not isinstance(raw_op, str) or not re.match(OP_PATTERN, raw_op):
        raise ValueError(message("target.operator", op=shorten(str(raw_op))))
    op = _operator(nfkc(raw_op))
    value = _number(str(value), mapping)
    change = mapping.get("change")
    relative = mapping.get("relative", False)
    words = {w: w.lower() in ("yes", "on") for b in ("yes", "no", "on", "off")
             for w in (b, b.capitalize(), b.upper())}
    if isinstance(relative, str) and relative in words:
        relative = words[relative]
    if not isinstance(relative, bool):
        raise ValueError(message("target.relative_bool"))
    if change is None:
        return LevelTarget(op, value)
    if change not in ("increase", "decrease"):
        raise ValueError(message("target.change_word"))
    if op not in (">=", ">"):
        raise ValueError(message("target.change_takes"))
    return ChangeTarget(change, op, value, relative)
