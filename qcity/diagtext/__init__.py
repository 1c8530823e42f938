"""Diagnostic messages in English and Chinese, chosen when they are printed.

A raise site makes ``message("value.not_a_number", value="9O")``: a :class:`Message`,
which is the English text (so code that passes messages around as strings, and
every place that prints ``str(diagnostic)``, works as before) and also knows its key
and arguments.  A :class:`qcity.errors.Diagnostic` keeps them beside the English
text; ``qcity.render.diagnostics`` renders the text in the reader's language when it
prints, so JSON keeps code + key + args and CI filters on codes keep working.  A
diagnostic made from a plain string (a raise site not converted yet) prints its
English text in every language.

Quoted values and did-you-mean suggestions stay as written; the place is in
``path:line:col`` already, so no message repeats it.
"""

from __future__ import annotations

import string

from qcity.diagtext.data import TEXTS as _DATA
from qcity.diagtext.plan import TEXTS as _PLAN

TEXTS: dict[str, dict[str, str]] = {**_DATA, **_PLAN}  # key -> {"en": …, "zh": …}


class Message(str):
    """An English message that knows its key and arguments (see :func:`message`)."""

    key: str
    args: dict


def message(key: str, /, **args) -> Message:
    """The message ``key`` with ``args``; the text is English, the rest travels along."""
    made = Message(say(key, args, "en"))
    made.key, made.args = key, args
    return made


def extended(text, **more):
    """``text`` with more arguments (a fragment such as ``written=...``); a plain string
    gets the fragment's English text appended."""
    if isinstance(text, Message):
        return message(text.key, **text.args, **more)
    return text + "".join(FRAGMENTS[k]["en"].format(v) for k, v in more.items() if v)


def key_of(exc: BaseException):
    """The :class:`Message` an exception was raised with, else its text."""
    if exc.args and isinstance(exc.args[0], Message):
        return exc.args[0]
    return str(exc)


def say(key: str, args: dict, lang: str) -> str:
    """The text of ``key`` in ``lang`` (English where ``lang`` has none)."""
    texts = TEXTS[key]
    template = texts.get(lang) or texts["en"]
    for name, value in args.items():
        if name in _SPECIAL or value.__class__ is Message:
            break
    else:  # plain values only (most messages): no fragment, nothing nested
        return template.format_map(args)
    fields, tail = {}, []
    for name, value in args.items():
        if name in FRAGMENTS:
            value = FRAGMENTS[name][lang if lang in FRAGMENTS[name] else "en"].format(value) \
                if value not in (None, "", 0) else ""
            if "{" + name + "}" not in template:
                tail.append(value)
                continue
        elif isinstance(value, Message):
            value = say(value.key, value.args, lang)
        elif lang == "zh" and name == "kind":
            value = KINDS_ZH.get(value, value)
        fields[name] = value
    return template.format(**fields) + "".join(tail)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def as_json(args: dict) -> dict:
    """Arguments as JSON holds them: a nested message as its key and arguments."""
    out = {}
    for name, value in args.items():
        if isinstance(value, Message):
            out[name] = {"message_key": value.key, "args": as_json(value.args)}
        elif isinstance(value, (int, str)) or value is None:
            out[name] = value
        else:
            out[name] = str(value)
    return out


KINDS_ZH = {"year": "年度", "half": "半年度", "quarter": "季度", "month": "月度"}

# Parts a message has only sometimes; placed where the template names them, else at the end.
FRAGMENTS = {
    "suggestion": {"en": ' (did you mean "{}"?)', "zh": "（是否为“{}”？）"},
    "written": {"en": ' (written "{}")', "zh": "（原文为“{}”）"},
    "spellings": {"en": "; also 2016年, 2016年6月, 2016年上半年, 2016年第三季度, 2016Q3, 2017-6, "
                        "2016/12/31, 2018年1-7月",
                  "zh": "；也可写作2016年、2016年6月、2016年上半年、2016年第三季度、2016Q3、2017-6、"
                        "2016/12/31、2018年1-7月"},
    "more": {"en": " (and {} more cell(s) without a figure in this file; `qcity validate` "
                   "lists each)",
             "zh": "（本文件另有{}个单元格无数值，`qcity validate`逐一列出）"},
    "like_it": {"en": " ({} more like it in this file)", "zh": "（本文件另有{}个类似数值）"},
    "allowed": {"en": " (allowed: {})", "zh": "（可用的键：{}）"},
    "got": {"en": ' (got "{}")', "zh": "（实际为“{}”）"},
}

_SPECIAL = frozenset(FRAGMENTS) | {"kind"}  # arguments say() words itself
