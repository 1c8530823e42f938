"""The grammar of target texts, as regular expressions Python and editors read alike.

The parser (``qcity.plan.targets``) accepts a target only when it matches
:data:`TARGET_PATTERN`, and ``qcity schema`` gives editors the same pattern (JSON
Schema patterns are ECMA-262: no flags, ``\\w`` is ASCII, so every class is spelt
out, full-width forms included, as NFKC reads them).  ``tests/test_properties.py``
checks that whatever matches also parses.
"""

from __future__ import annotations

ACHIEVED_WORDS = ("achieved", "yes", "true", "完成", "达成")
RANGE_MARKS = "~～〜—–至到"


def _fw(ch: str) -> str:
    """A character and its full-width form (what Chinese input methods type)."""
    if "!" <= ch <= "~":
        return ch + chr(ord(ch) + 0xFEE0)
    return ch


def _cls(chars: str) -> str:
    out = ""
    for ch in chars:
        for c in _fw(ch):
            out += "\\" + c if c in "\\]^-[" else c
    return f"[{out}]"


def _word(word: str) -> str:
    """A keyword in any case, half- or full-width: [iIｉＩ][nNｎＮ]…"""
    return "".join(_cls(ch.lower() + ch.upper()) if ch.isascii() and ch.isalpha() else
                   _cls(ch) for ch in word)


_S = "[ \\t\\u3000]*"
_DIGIT = "[0-9\\uFF10-\\uFF19]"
_NUM = f"(?:{_cls('+-')}|\\u2212)?{_DIGIT}{{1,40}}(?:{_cls('.')}{_DIGIT}{{1,40}})?"
_UNUM = f"{_DIGIT}{{1,40}}(?:{_cls('.')}{_DIGIT}{{1,40}})?"  # a tolerance is never negative
_PCT = _cls("%")
_OP = (f"(?:{_cls('>')}{_cls('=')}?|{_cls('<')}{_cls('=')}?|{_cls('=')}{{1,2}}|[≥≤≧≦])")
# an id of the plan (the same characters as Id in qcity.plan.model, full-width too)
ID_CHARS = "A-Za-z0-9_\\u3400-\\u9FFF\\uF900-\\uFAFF\\uFF10-\\uFF19\\uFF21-\\uFF3A\\uFF41-\\uFF5A"
ID_PATTERN = f"[{ID_CHARS}][{ID_CHARS}.\\-]*"
_TOL = f"(?:±|{_cls('+')}{_cls('-/')}?{_cls('-')}){_S}{_UNUM}{_S}{_PCT}?"
_LEVEL = f"{_OP}{_S}{_NUM}{_S}{_PCT}?(?:{_S}{_TOL})?"
# an id is not a number: 1e3 or a 41-digit figure is a number (out of the targets' range)
_NUMBERLIKE = f"(?:{_cls('+-')}|\\u2212)?[0-9\\uFF10-\\uFF19.\\uFF0E]+(?:[eEｅＥ][^ ]*)?"
_REF = (f"{_OP}{_S}(?!{_NUMBERLIKE}(?:[ \\t\\u3000+\\-＋－%％±]|$)){ID_PATTERN}"
        f"(?:{_S}{_cls('+-')}{_S}{_NUM}{_S}{_PCT}?)?(?:{_S}{_TOL})?")
_RANGE = f"{_NUM}{_S}{_PCT}?{_S}[{RANGE_MARKS}\\uFF5E]{_S}{_NUM}{_S}{_PCT}?"
_CHANGE_G = (f"(?:{_word('increase')}|{_word('decrease')}){_S}(?:{_cls('>')}{_cls('=')}?|[≥≧])"
             f"{_S}{_NUM}{_S}{_PCT}?")
_ACHIEVED = "|".join(_word(w) for w in ACHIEVED_WORDS)
TARGET_PATTERN = (f"^{_S}(?:{_ACHIEVED}|{_CHANGE_G}|{_LEVEL}|{_REF}|{_RANGE}){_S}$")
NUMBER_PATTERN = f"^{_S}{_NUM}{_S}$"
OP_PATTERN = f"^{_S}{_OP}{_S}$"
TOLERANCE_PATTERN = f"^{_S}{_UNUM}{_S}{_PCT}?{_S}$"
