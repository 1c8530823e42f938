"""Parsing of observed values and target numbers: exact decimals, yes/no words;
and how a figure is written for people (:func:`figure`), one way for the data
reader's messages and the reports alike.

Everything goes through NFKC first, so the full-width ``９７．９％`` that
Chinese input methods produce reads as ``97.9%``.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from qcity.diagtext import message
from qcity.safetext import escape_unseen, is_inert

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "是", "已完成", "达成", "完成"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "否", "未完成", "未达成"})


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def parse_decimal(text: str, allow_percent: bool = False) -> Decimal:
    """Parse a decimal exactly as written; raise ValueError saying what is wrong."""
    raw = shorten(text)
    if not text.isascii() and any(c.isdigit() and not c.isdecimal() for c in text):
        # NFKC reads superscript "10²" as 102 and circled "①⓪" as 10: not what was meant
        raise ValueError(message("value.odd_digits", value=raw))
    text = nfkc(text).replace("\u2212", "-")  # a typeset minus sign is a minus
    if allow_percent and text.endswith("%"):
        text = text[:-1].rstrip()
    elif text.endswith("%"):
        raise ValueError(message("value.percent_sign", value=raw))
    if "," in text:
        if not _GROUPED.match(text):
            raise ValueError(message("value.thousands", value=raw))
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        raise ValueError(message("value.not_a_number", value=raw))
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid input
        raise ValueError(message("value.not_a_number", value=raw)) from None
    return within_range(value, raw)


MAX_DIGITS = 40
MAX_SHOWN = 60  # characters of a value a message repeats


def within_range(value: Decimal, raw: str) -> Decimal:
    """Refuse absurd magnitudes: writing 1e999999999 out would take gigabytes.

    Within range: at most MAX_DIGITS digits before the decimal point and MAX_DIGITS
    after it, so every value written out plainly reads back as itself, and sums,
    products and margins of such numbers stay small."""
    if not value.is_finite() or value.adjusted() >= MAX_DIGITS \
            or value.as_tuple().exponent < -MAX_DIGITS:
        raise ValueError(message("value.out_of_range", value=shorten(raw), digits=MAX_DIGITS))
    return value


def bounded(value: Decimal) -> Decimal:
    """A plan's number (weight, score, baseline, limit) within range: a validator for the
    plan model, so 1e999999999 is one placed error, never hours of arithmetic."""
    return within_range(value, str(value))


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """A value as a message repeats it: cut when long (a 1 MB cell is not echoed)."""
    text = str(text)
    if len(text) <= limit:
        return text
    return f"{text[:limit - 20]}… ({len(text)} characters)"


def cents(value: Decimal) -> Decimal:
    """Rounded to two decimals, half up, exactly however large (within range) it is."""
    context = Context(prec=max(28, value.adjusted() + 4), Emax=MAX_EXPONENT,
                      Emin=-MAX_EXPONENT)
    return value.quantize(_CENT, ROUND_HALF_UP, context).normalize(context)


_CENT = Decimal("0.01")


MAX_HINTS = 50  # did-you-mean suggestions worked out for one set of names
HINT_WORK = 50_000  # comparisons of a word with a name they may cost, all together


class Hints:
    """Names a word may have meant to say: ``hint(word)`` is ' (did you mean "x"?)' or "".

    Each suggestion compares the word with every name (difflib), so at most MAX_HINTS
    are worked out, fewer for a large set of names (HINT_WORK comparisons in all, but
    never fewer than 5), and a word met again is answered from memory: a file of
    thousands of bad names against a plan of thousands of metrics took minutes,
    comparing each with each, for messages past the error cap nobody sees.  Holds the
    names as a set would (``in``, ``len``, iteration)."""

    def __init__(self, names=(), cutoff: float = 0.6, limit: int = MAX_HINTS):
        self.names = set(names)
        self.cutoff = cutoff
        self.left = min(limit, max(5, HINT_WORK // max(1, len(self.names))))
        self.known: dict[tuple, str | None] = {}
        self._sorted = None

    def __contains__(self, name) -> bool:
        return name in self.names

    def __iter__(self):
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def match(self, word: str, exclude: str | None = None) -> str | None:
        """The name closest to ``word`` (other than ``exclude``), or None."""
        if (word, exclude) in self.known:
            return self.known[(word, exclude)]
        if self.left <= 0:
            return None
        self.left -= 1
        import difflib

        if self._sorted is None:
            self._sorted = sorted(self.names)
        close = [c for c in difflib.get_close_matches(word[:2 * MAX_SHOWN], self._sorted, n=2,
                                                      cutoff=self.cutoff) if c != exclude]
        found = self.known[(word, exclude)] = close[0] if close else None
        return found

    def hint(self, word: str, exclude: str | None = None) -> str:
        found = self.match(word, exclude)
        return f' (did you mean "{found}"?)' if found is not None else ""


def hidden(text: str) -> str:
    """The control, bidi and invisible characters of a text, tab and line breaks aside,
    as escapes ("\\u200b, \\x1b"); "" when it has none.  Two texts that differ only in
    these look the same: a city with a zero-width space is a second city."""
    if is_inert(text):
        return ""
    found = sorted({c for c in text if not is_inert(c)} - {"\t", "\n", "\r"})
    return ", ".join(escape_unseen(c) for c in found)


def has_unseen(text: str) -> bool:
    """Whether a text holds a control, bidi or invisible character (see visible)."""
    return not is_inert(text)


def visible(text: str) -> str:
    """A text made inert for a terminal: each control, bidi or invisible character
    becomes its escape (``\\x1b``, ``\\u202e``), so one line stays one line and an
    escape sequence from a data file shows as text instead of acting.  The characters
    are those of :mod:`qcity.safetext`, the one place that decides them."""
    return escape_unseen(text)


MAX_EXPONENT = 999_999


def parse_bool(text: str) -> bool:
    word = nfkc(text).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(message("value.not_yes_no", value=text))


def format_decimal(value: Decimal | None) -> str:
    """Plain notation, no exponent, no trailing zeros beyond what was written."""
    if value is None:
        return ""
    text = format(value, "f")  # 1E+2 is "100": plain notation at any size
    return "0" if text in ("-0", "+0") else text


_SIGNIFICANT = 15  # digits a worked-out figure (a margin, a change) is shown with at most
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_ROUND = Context(prec=_SIGNIFICANT, Emax=999999, Emin=-999999)
_EXACT = Context(prec=400, Emax=999999, Emin=-999999)  # values hold at most 80 digits


def figure(value: Decimal | None, worked_out: bool = False) -> str:
    """A figure as people read it (reports, and the reader's "did you mean …?").

    A figure as written stays exact (``93.0`` stays ``93.0``; a rounded actual could
    contradict its status); a worked-out one (a margin, a change, a figure ×100) is shown
    with at most 15 significant digits (``1e-40 - 90`` is ``-90``).  Either way
    ``1×10⁻⁴⁰`` rather than forty zeros: a figure smaller than a millionth, or past
    10¹⁶ with zeros to pad, is written as a power of ten, exactly."""
    if value is None:
        return ""
    if not value.is_finite():
        return str(value)
    if worked_out and len(value.as_tuple().digits) > _SIGNIFICANT:
        value = _ROUND.plus(value).normalize(_ROUND)
    padded = value and (value.adjusted() < -6 or (value.adjusted() >= 16 and
                                                  value.normalize(_EXACT).as_tuple().exponent > 0))
    if padded:
        mantissa = value.scaleb(-value.adjusted(), _EXACT).normalize(_EXACT)
        return f"{format_decimal(mantissa)}×10{str(value.adjusted()).translate(_SUPERSCRIPT)}"
    return format_decimal(value)


def float_figure(value: float, places: int | None = None, sign: bool = False) -> str:
    """A float qcity worked out (an outlook's rate, base or threshold) as people read it:
    ``+3.25`` with ``places`` fixed decimals while that reads well, else as :func:`figure`
    (``1×10⁻⁴⁰``, ``9.6156421381525×10⁴³``; no ``1e-40``, no 44-digit rates)."""
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    plus = "+" if sign and value >= 0 else ""
    if places is not None and (value == 0 or 1e-6 <= abs(value) < 1e15):
        return f"{value:{'+' if sign else ''}.{places}f}"
    return plus + figure(Decimal(repr(value)).normalize(_EXACT), worked_out=True)
