"""Target expressions: ``>= 96``, ``decrease >= 21%``, ``achieved``.

A target is parsed once, when the plan loads, into a small immutable object
that knows how to judge a value exactly (decimal arithmetic, no division in
the decision so ``93.1 >= 93.1`` and relative changes hold at the boundary).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Union

from qcity.values import nfkc, parse_decimal, shorten

OPERATORS = (">=", ">", "<=", "<", "==")
_OP_ALIASES = {"≥": ">=", "≤": "<=", "=": "==", "＝": "=="}
_TOKEN = re.compile(r"^(?P<op>[<>=!≥≤]+)\s*(?P<value>.+)$")
_CHANGE = re.compile(r"^(?P<dir>increase|decrease)\s*(?P<rest>.+)$", re.I)


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


@dataclass(frozen=True)
class LevelTarget:
    op: str
    value: Decimal

    kind = "level"

    def __str__(self) -> str:
        return f"{self.op} {_fmt(self.value)}"

    @property
    def threshold(self) -> Decimal:
        return self.value

    def passes(self, actual: Decimal) -> bool:
        return compare(self.op, actual, self.value)

    def margin(self, actual: Decimal) -> Decimal:
        if self.op in (">=", ">"):
            return actual - self.value
        if self.op in ("<=", "<"):
            return self.value - actual
        return -abs(actual - self.value)


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


Target = Union[LevelTarget, ChangeTarget, AchievedTarget]


def _fmt(value: Decimal) -> str:
    from qcity.values import format_decimal

    return format_decimal(value)


def _operator(raw: str) -> str:
    op = _OP_ALIASES.get(raw, raw)
    if op not in OPERATORS:
        raise ValueError(f'unknown operator "{raw}" (use one of >=, >, <=, <, ==)')
    return op


def _split(text: str, expr: str) -> tuple[str, str]:
    m = _TOKEN.match(text)
    if not m:
        raise ValueError(f'cannot read target "{expr}": expected e.g. ">= 90", '
                         '"decrease >= 21%" or "achieved"')
    return _operator(m["op"]), m["value"].strip()


def parse_target(expr) -> Target:
    """Parse a target from its text or its ``{op, value}`` mapping."""
    if isinstance(expr, dict):
        return _from_mapping(expr)
    if isinstance(expr, bool) or not isinstance(expr, str):
        raise ValueError(f"target must be a text such as \">= 90\", not {expr!r}")
    text = nfkc(expr)
    for alias, op in _OP_ALIASES.items():
        if alias in ("=",):
            continue
        text = text.replace(alias, op)
    if not text:
        raise ValueError("empty target")
    if text.lower() in ("achieved", "yes", "true", "完成", "达成"):
        return AchievedTarget()
    m = _CHANGE.match(text)
    if m:
        op, value = _split(m["rest"].strip(), expr)
        if op not in (">=", ">"):
            raise ValueError(f'change target "{expr}" takes >= or > '
                             f'(write "{m["dir"].lower()} >= X")')
        relative = value.endswith("%")
        return ChangeTarget(m["dir"].lower(), op, _number(value.rstrip("%"), expr), relative)
    op, value = _split(text, expr)
    return LevelTarget(op, _number(value.rstrip("%").strip(), expr))


def _number(text: str, expr) -> Decimal:
    try:
        return parse_decimal(text)
    except ValueError as exc:  # not a number, or out of range: parse_decimal says which
        raise ValueError(f'target "{shorten(str(expr))}": {exc}') from None


def _from_mapping(mapping: dict) -> Target:
    allowed = {"op", "value", "change", "relative"}
    unknown = set(mapping) - allowed
    if unknown:
        raise ValueError(f"unknown key {sorted(unknown)[0]!r} in target "
                         "(allowed: op, value, change, relative)")
    if "op" not in mapping or "value" not in mapping:
        raise ValueError("a target mapping needs op and value")
    op = _operator(nfkc(str(mapping["op"])))
    value = _number(str(mapping["value"]), mapping)
    change = mapping.get("change")
    if change is None:
        return LevelTarget(op, value)
    if change not in ("increase", "decrease"):
        raise ValueError('target change must be "increase" or "decrease"')
    if op not in (">=", ">"):
        raise ValueError("a change target takes >= or >")
    return ChangeTarget(change, op, value, bool(mapping.get("relative", False)))
