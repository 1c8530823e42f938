"""How targets, quantities, changes, periods and dates are said in each language.

Chinese output is written the way a 公文 writes it: ``≥90%``, ``较基期下降≥21%``,
``2015年第二季度``, ``2015年6月30日``; English output uses ``≥ 90%``,
``down ≥ 21% from baseline`` and units in English (the metric's ``unit_en``,
else :func:`qcity.i18n.unit_en`).  Every format takes its words from here, so
the terminal, Word, Excel and HTML say a target the same way.
"""

from __future__ import annotations

from functools import lru_cache
from datetime import date
from decimal import Decimal
from typing import Optional

from qcity.i18n import date_text, label, period_text, unit_en
from qcity.values import figure

_OPS = {"zh": {">=": "≥", ">": "＞", "<=": "≤", "<": "＜", "==": "＝"},
        "en": {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}}


def number(value: Optional[Decimal], worked_out: bool = False) -> str:
    """A figure as a report shows it: :func:`qcity.values.figure` (exact as written, a
    worked-out one to 15 significant digits, ``1×10⁻⁴⁰`` rather than forty zeros)."""
    return figure(value, worked_out)


def _cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def op_symbol(op: str, lang: str) -> str:
    return _OPS["zh" if lang == "zh" else "en"].get(op, op)


def unit_word(unit: Optional[str], unit_english: Optional[str], lang: str) -> str:
    """The unit as the report's language writes it ('' for none and for yes/no)."""
    if unit in (None, "", "bool"):
        return ""
    if lang == "en":
        return unit_english if unit_english is not None else unit_en(unit)
    return unit


def quantity(number: str, unit: str, lang: str) -> str:
    """A number with its unit: ``90%``, ``340家``, ``95 µg/m³``; ``340`` without a unit."""
    if not unit:
        return number
    if unit == "%":
        return number + "%"
    if lang == "zh" and _cjk(unit[0]):
        return number + unit
    return f"{number} {unit}"


def points(lang: str) -> str:
    """Percentage points: what a rate's margin and change are counted in."""
    return "个百分点" if lang == "zh" else "pp"


def change_unit(relative: bool, unit: str, lang: str) -> str:
    """The unit a change is counted in: % of the baseline, percentage points of a rate,
    or the metric's own unit."""
    if relative:
        return "%"
    if unit == "%":
        return points(lang)
    return unit


def _direction(direction: str, unit: str, relative: bool, lang: str) -> str:
    # rates and relative changes rise and fall; counts grow and shrink
    if lang != "zh":
        return "up" if direction == "increase" else "down"
    if relative or unit == "%":
        return "提高" if direction == "increase" else "下降"
    return "增加" if direction == "increase" else "减少"


def target_phrase(target, unit: Optional[str], unit_english: Optional[str], lang: str,
                  milestone: Optional[str] = None, *, against: Optional[str] = None,
                  kind: Optional[str] = None, name_of=None,
                  compared: Optional[Decimal] = None) -> str:
    """A target as a reader writes it: ``≥90%``, ``较基期下降≥21%``, ``2~3个``, ``达成``;
    a change each period as the plan says it (``比上年下降≥3%``, ``同比提高≥5%``,
    ``逐年提高``; ``against`` and the period ``kind``); a comparison by the other
    metric's name (``name_of(id)``) and, when known, its figure from the bar it gave
    (``compared``, the threshold): ``＞全省产品质量监督抽查合格率（90%）``.

    ``target`` is a parsed target or its text; ``milestone`` the name of the stage
    whose interim threshold it is.  A target of a kind this module does not know
    is shown as written, with its operators as symbols.
    """
    if target is None:
        return label("indicator", lang)
    if isinstance(target, str):
        parsed = _parsed(target)
        if parsed is None:
            return _symbols(target, lang)
        if against is None and parsed.kind != "reference":  # the same for every city
            return _phrase_of_text(target, unit, unit_english, lang, milestone)
        target = parsed
    return _phrase(target, unit, unit_english, lang, milestone, against, kind, name_of,
                   compared)


@lru_cache(maxsize=4096)
def _parsed(target: str):
    from qcity.plan.targets import parse_target

    try:
        return parse_target(target)
    except ValueError:
        return None


@lru_cache(maxsize=4096)  # a scoreboard words each metric's target once a city
def _phrase_of_text(target: str, unit, unit_english, lang: str, milestone) -> str:
    return _phrase(_parsed(target), unit, unit_english, lang, milestone)


def _phrase(target, unit, unit_english, lang: str, milestone, against=None, length=None,
            name_of=None, compared=None) -> str:
    unit_text = unit_word(unit, unit_english, lang)
    kind = getattr(target, "kind", None)
    sep = "" if lang == "zh" else " "
    if kind == "achieved":
        text = label("achieved", lang)
    elif kind == "level":
        text = op_symbol(target.op, lang) + sep + quantity(number(target.value),
                                                           unit_text, lang)
    elif kind == "range":
        span = f"{number(target.value)}~{number(target.aim)}" if lang == "zh" else \
            f"{number(target.value)}–{number(target.aim)}"
        text = quantity(span, unit_text, lang)
    elif kind == "about":
        slack = (number(target.tolerance) + "%" if target.relative
                 else quantity(number(target.tolerance), unit_text, lang))
        text = op_symbol(target.op, lang) + sep + quantity(number(target.value), unit_text,
                                                           lang)
        text += f"（±{slack}）" if lang == "zh" else f" ±{slack}"
    elif kind == "reference":
        text = _reference(target, unit_text, lang, name_of, compared)
    elif kind == "change":
        amount = quantity(number(target.value),
                          change_unit(target.relative, unit_text, lang), lang)
        word = _direction(target.direction, unit_text, target.relative, lang)
        bound = op_symbol(target.op, lang)
        if against is not None:
            text = _each_period(target, against, length, word, bound, amount, lang)
        else:
            text = (f"较基期{word}{bound}{amount}" if lang == "zh"
                    else f"{word} {bound} {amount} from baseline")
    else:
        text = _symbols(str(target), lang)
    if milestone:
        text += label("milestone_of", lang, stage=milestone)
    return text


_PREVIOUS_ZH = {"year": "上年", "half": "上半年", "quarter": "上季度", "month": "上月"}
_EACH_ZH = {"year": "逐年", "quarter": "逐季", "month": "逐月"}


def _each_period(target, against: str, length: Optional[str], word: str, bound: str,
                 amount: str, lang: str) -> str:
    """A change each period, as plans write it: 比上年下降≥3%, 同比提高≥5%, 逐年提高."""
    steady = target.op == ">" and target.value == 0  # 逐年提高: any rise at all
    if lang == "zh":
        if against == "year-ago":
            return f"同比{word}{bound}{amount}" if not steady else f"同比{word}"
        if steady:
            return f"{_EACH_ZH.get(length, '逐期')}{word}"
        return f"比{_PREVIOUS_ZH.get(length, '上期')}{word}{bound}{amount}"
    if against == "year-ago":
        return f"{word} year on year" if steady else f"{word} {bound} {amount} year on year"
    if steady:
        return f"{word} every {length}" if length in ("year", "quarter", "month") \
            else f"{word} every period"
    on = f"the previous {length}" if length in ("year", "quarter", "month") \
        else "the previous period"
    return f"{word} {bound} {amount} on {on}"


def _reference(target, unit_text: str, lang: str, name_of, compared) -> str:
    """``＞全省产品质量监督抽查合格率（90%）+2个百分点``: the other metric by name, its figure."""
    name = (name_of(target.ref) if name_of is not None else None) or target.ref
    sep = "" if lang == "zh" else " "
    text = op_symbol(target.op, lang) + sep + name
    if compared is not None:
        text += paren(quantity(number(Decimal(compared) - target.offset, True), unit_text,
                               lang), lang)
    if target.offset:
        sign = "+" if target.offset > 0 else "-"
        text += sep + sign + sep + quantity(number(abs(target.offset)),
                                            change_unit(False, unit_text, lang), lang)
    if target.tolerance is not None:
        text += sep + "±" + (number(target.tolerance) + "%" if target.relative
                             else quantity(number(target.tolerance), unit_text, lang))
    return text


def period_kind(text: Optional[str]) -> Optional[str]:
    """The length of a period written as text (year, quarter, …), None if it is none."""
    from qcity.plan.periods import kind_of, parse_period

    try:
        return kind_of(parse_period(text)) if text else None
    except ValueError:
        return None


def _symbols(text: str, lang: str) -> str:
    for op in (">=", "<=", "==", ">", "<"):
        text = text.replace(op, op_symbol(op, lang))
    return text


def movement(change: Decimal, relative: bool, unit: Optional[str],
             unit_english: Optional[str], since: Optional[str], lang: str) -> str:
    """An achieved change, labelled: ``较2015年下降16.1%``, ``up 3.2 pp on 2015``."""
    unit_text = unit_word(unit, unit_english, lang)
    when = period_text(since, lang) if since else label("baseline_word", lang)
    if change == 0:
        return f"与{when}持平" if lang == "zh" else f"unchanged on {when}"
    direction = "increase" if change > 0 else "decrease"
    word = _direction(direction, unit_text, relative, lang)
    amount = quantity(number(abs(change), True), change_unit(relative, unit_text, lang),
                      lang)
    return f"较{when}{word}{amount}" if lang == "zh" else f"{word} {amount} on {when}"


def date_span(start: date, end: date, lang: str) -> str:
    if lang == "zh":
        last = f"{end.month}月{end.day}日" if end.year == start.year else date_text(end, lang)
        return f"{date_text(start, lang)}—{last}"
    return f"{start.isoformat()} – {end.isoformat()}"


def colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def paren(text: str, lang: str) -> str:
    return f"（{text}）" if lang == "zh" else f" ({text})"
