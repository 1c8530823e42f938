"""Text from plans and data made inert before any format shows it.

Plan names, cities, units, periods and notes are written by whoever wrote the
plan or the data file.  A name carrying ``ESC [2J`` would clear an analyst's
terminal, a ``U+202E`` would turn a line round, a ``\\x01`` makes JUnit XML
unparseable, and ``=HYPERLINK(…)`` runs in a spreadsheet.  This module is the
one place those characters are dealt with; each format only adds its own
escaping (HTML entities, LaTeX specials, Markdown pipes) on top.

- :func:`visible` writes control characters (C0, DEL, C1), bidirectional
  controls and non-characters as visible escapes (``\\x1b``, ``\\u202e``);
  tab and line breaks become one space, so a cell stays one line.
- :func:`inert` does that to every text of a report model (or any pydantic
  model, list or dict), copying only what changes.
- :func:`formula_safe` keeps a spreadsheet cell from running as a formula.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

# Tab, line feed, carriage return and the Unicode line/paragraph separators: in a
# report cell, one space (a title written over two lines is still one title).
_SPACE = "\t\n\r\u2028\u2029"
# What never reaches output as itself: C0 and DEL and C1 controls (escape sequences,
# bells, line breaks), the bidirectional controls (ALM, LRM, RLM, LRE … RLO, LRI … PDI),
# the invisible characters that make two texts look alike (zero-width space and
# joiners, word joiner, BOM, interlinear annotation), the non-characters U+FFFE and
# U+FFFF (not allowed in XML) and lone surrogates (not encodable).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e"
                     "\u2060-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]")
_BREAKS = re.compile("\r\n|[" + _SPACE + "]")
# values that hold no text: inert() passes them by without a call
_ATOMS = frozenset({type(None), bool, int, float, Decimal, date, datetime})
_FIELDS: dict[type, tuple[str, ...]] = {}  # a model class's field names


def _escape(match: re.Match) -> str:
    ch = match.group()
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with no character that acts instead of showing, for a report cell:
    line breaks and tabs become a space, the rest of :data:`_UNSAFE` visible escapes."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_escape, _BREAKS.sub(" ", text))


def escape_unseen(text: str) -> str:
    """Every character of :data:`_UNSAFE`, line breaks too, as a visible escape: for a
    one-line diagnostic that must show exactly what the file holds."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_escape, text)


def visible_lines(text: str) -> str:
    """Like :func:`visible` but keeps line feeds: for a whole rendered text."""
    return "\n".join(visible(line) for line in text.split("\n"))


def is_inert(text: str) -> bool:
    return not _UNSAFE.search(text)


def _plain(value) -> bool:
    """Certainly nothing to change: a number, a date, a clean text."""
    kind = type(value)
    return kind in _ATOMS or (kind is str and not _UNSAFE.search(value))


def inert(value):
    """``value`` with every text inside made :func:`visible`.

    Walks pydantic models (their declared fields), lists, tuples and dicts;
    returns the very same object when nothing needed changing, so a clean
    report costs one scan of its texts.
    """
    kind = type(value)
    if kind in _ATOMS:
        return value
    if isinstance(value, str):
        return visible(value)
    if kind is list or kind is tuple or isinstance(value, (list, tuple)):
        if not value or all(_plain(v) for v in value):
            return value
        items = [inert(v) for v in value]
        if all(a is b for a, b in zip(items, value)):
            return value
        return items if isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        if all(_plain(k) and _plain(v) for k, v in value.items()):
            return value
        changed = {}
        for key, item in value.items():
            new_key, new_item = inert(key), inert(item)
            if new_key is not key or new_item is not item:
                changed[key] = (new_key, new_item)
        if not changed:
            return value
        return dict(changed.get(k, (k, v)) for k, v in value.items())
    fields = _FIELDS.get(kind)
    if fields is None:
        fields = _FIELDS[kind] = tuple(getattr(kind, "model_fields", None) or ())
    if not fields:
        return value
    update = {}
    data = getattr(value, "__dict__", {})
    search = _UNSAFE.search
    for name in fields:
        item = data[name] if name in data else getattr(value, name, None)
        kind = type(item)
        if kind in _ATOMS or (kind is str and not search(item)):
            continue  # most of a report: numbers, dates, clean texts
        new = inert(item)
        if new is not item:
            update[name] = new
    return value.model_copy(update=update) if update else value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?%?$")


def formula_safe(text: str) -> str:
    """A spreadsheet cell that shows ``text`` and never runs it.

    Cells starting with ``= + - @`` (or their full-width forms, which Excel and
    WPS also accept), a tab or a line break get a leading apostrophe, unless
    they are plain numbers such as ``-10`` or ``+2.5%``.
    """
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text
