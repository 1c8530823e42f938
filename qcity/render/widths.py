"""How wide a table's columns must be for their words to stay whole, worked out from
what the cells hold (Word tables, Excel columns).

A short column (a number, a period, a status, an outlook) should never break a word:
``序号`` split as ``序/号`` or ``Margin`` as ``Marg/in`` looks broken in print.  So each
such column is as wide as its widest unbreakable piece, and one column (the metric's
name) takes what is left and wraps.  Widths are estimated from character classes of
a serif/song face (a CJK character is one em; Latin letters about half of one), which
is close enough to keep a margin of a character or two.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Sequence

# a cell may break before a parenthesis (17.9（较2013年下降10.5%）, ≥70家（…阶段目标）) and
# before a comparison (较基期下降 / ≥21%)
_BREAKS = re.compile(r"(?=（)|(?<=）)|(?= \()|(?=[≥≤＞＜])")


def em_width(text: str) -> float:
    """The width of ``text`` in ems of its font size (estimated)."""
    width = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            width += 1.0
        elif ch in "il.,;:'|!’`" or ch == " ":
            width += 0.28
        elif ch.isupper() or ch in "mwMW%@—–":
            width += 0.72
        else:
            width += 0.52
    return width


def pieces(text: str, words: bool = False) -> list[str]:
    """What a cell may not break inside: the text between allowed breaks (before a
    parenthesis; with ``words``, at spaces too)."""
    parts = [p.strip() for p in _BREAKS.split(text) if p.strip()]
    if words:
        parts = [w for p in parts for w in p.split()]
    return parts or [""]


def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]], total: float,
                  flex: int, em: float, padding: float, min_flex: float,
                  wrap_words: Sequence[int] = (), first_only: Sequence[int] = ()
                  ) -> list[float]:
    """Widths (in the unit of ``total``) that keep every column's pieces whole, the
    ``flex`` column taking what is left (at least ``min_flex``).  ``em`` is the font's
    size in that unit, ``padding`` a cell's inner margins; columns in ``wrap_words``
    may also break at spaces, in ``first_only`` only a cell's first piece is kept
    whole (a figure, and the change beside it wraps).  When the whole does not fit,
    the other columns give way in proportion (some words then wrap) rather than the
    flex column vanishing."""
    widths, wants = [], []
    for col in range(len(header)):
        if col == flex:
            widths.append(0.0)
            wants.append(0.0)
            continue
        texts = [header[col]] + [str(r[col]) for r in rows if col < len(r)]
        if col in first_only:
            need = max(em_width(pieces(t, col in wrap_words)[0]) for t in texts)
        else:
            need = max(em_width(p) for t in texts for p in pieces(t, col in wrap_words))
        widths.append(round(need * em + padding + 0.5, 1))
        # a column that may wrap would rather not: its whole text, up to a quarter line
        whole = max(em_width(t) for t in texts) * em + padding + 0.5
        wants.append(min(whole, total / 4) if col in wrap_words or col in first_only else 0)
    room = total - sum(widths)
    if room < min_flex:
        scale = (total - min_flex) / sum(widths)
        widths = [round(w * scale, 1) for w in widths]
        room = total - sum(widths)
    else:  # room to spare beyond a comfortable flex column: wrapping columns wrap less
        spare = room - max(min_flex, total * 0.3)
        extra = [max(0.0, want - width) for want, width in zip(wants, widths)]
        if spare > 0 and sum(extra):
            share = min(1.0, spare / sum(extra))
            widths = [round(w + e * share, 1) for w, e in zip(widths, extra)]
            room = total - sum(widths)
    widths[flex] = round(room, 1)
    return widths
