"""Parsing of observed values and target numbers: exact decimals, yes/no words.

Everything goes through NFKC first, so the full-width ``９７．９％`` that
Chinese input methods produce reads as ``97.9%``.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "是", "已完成", "达成", "完成"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "否", "未完成", "未达成"})


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def parse_decimal(text: str, allow_percent: bool = False) -> Decimal:
    """Parse a decimal exactly as written; raise ValueError saying what is wrong."""
    raw = text
    text = nfkc(text)
    if allow_percent and text.endswith("%"):
        text = text[:-1].rstrip()
    elif text.endswith("%"):
        raise ValueError(f'"{raw}" has a "%" but the metric\'s unit is not "%"')
    if "," in text:
        if not _GROUPED.match(text):
            raise ValueError(f'"{raw}" is not a number (badly placed thousands separator)')
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        raise ValueError(f'"{raw}" is not a number')
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid input
        raise ValueError(f'"{raw}" is not a number') from None
    return within_range(value, raw)


MAX_DIGITS = 40


def within_range(value: Decimal, raw: str) -> Decimal:
    """Refuse absurd magnitudes: writing 1e999999999 out would take gigabytes."""
    _, digits, exponent = value.as_tuple()
    if len(digits) > MAX_DIGITS or abs(exponent) > MAX_DIGITS \
            or abs(value.adjusted()) > MAX_DIGITS:
        raise ValueError(f'"{raw}" is out of range (at most {MAX_DIGITS} digits)')
    return value


def parse_bool(text: str) -> bool:
    word = nfkc(text).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f'"{text}" is not a yes/no value (use yes/no, true/false, 1/0, 是/否)')


def format_decimal(value: Decimal | None) -> str:
    """Plain notation, no exponent, no trailing zeros beyond what was written."""
    if value is None:
        return ""
    if value == value.to_integral_value() and value.as_tuple().exponent > 0:
        value = value.quantize(Decimal(1))
    text = format(value, "f")
    return "0" if text in ("-0", "+0") else text
