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


def inert(value):
    """``value`` with every text inside made :func:`visible`.

    Walks pydantic models (their declared fields), lists, tuples and dicts;
    returns the very same object when nothing needed changing, so a clean
    report costs one scan of its texts.
    """
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, list):
        items = [inert(v) for v in value]
        return value if all(a is b for a, b in zip(items, value)) else items
    if isinstance(value, tuple):
        items = tuple(inert(v) for v in value)
        return value if all(a is b for a, b in zip(items, value)) else items
    if isinstance(value, dict):
        changed = {}
        for key, item in value.items():
            new_key, new_item = inert(key), inert(item)
            if new_key is not key or new_item is not item:
                changed[key] = (new_key, new_item)
        if not changed:
            return value
        return dict(changed.get(k, (k, v)) for k, v in value.items())
    fields = getattr(type(value), "model_fields", None)
    if fields is None:
        return value
    update = {}
    for name in fields:
        item = getattr(value, name, None)
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
