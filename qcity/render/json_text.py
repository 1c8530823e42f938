"""JSON text of the report models, written directly, indentation included.

``Report.model_dump_json(indent=2)`` is the JSON format; this module writes the
very same text (``tests/test_json_text.py`` compares the two on generated
reports) without pydantic's per-field callbacks, at any depth of indentation,
so a scoreboard of 280,000 city-metric results is written as it is evaluated
and never re-indented.  What makes it fast: the fields of a result that belong
to its metric (id, names, unit, target, due …) are the same for every city, so
their text is made once and reused; the rest is written field by field.
"""

from __future__ import annotations

import math
from itertools import islice
from datetime import date
from decimal import Decimal
from typing import Optional
from json.encoder import encode_basestring as _string  # the C encoder, non-ASCII kept

from pydantic import BaseModel

from qcity.evaluation.outlook import Outlook
from qcity.i18n import reason as reason_in
from qcity.evaluation.report import _ORDER, MetricResult, Report


_floats: dict[float, str] = {}
_numbers: dict[Decimal, str] = {}


def float_text(value: float) -> str:
    """A float as pydantic writes it: Python's shortest repr, but ``e-7`` (no zero
    padding) and plain digits for ``1e-05`` … ``9.99e-05``; inf and nan are null."""
    text = _floats.get(value)
    if text is None:
        text = _float_text(value)
        if not value:  # 0.0 and -0.0 are equal keys but not the same text
            return text
        if len(_floats) > 1 << 16:  # thresholds, limits, bases repeat; ratios do not
            _floats.clear()
        _floats[value] = text
    return text


def _float_text(value: float) -> str:
    if not math.isfinite(value):
        return "null"
    text = repr(value)
    if "e-" not in text:
        return text
    mantissa, exponent = text.split("e-")
    if exponent != "05":
        return f"{mantissa}e-{int(exponent)}"
    sign = "-" if mantissa.startswith("-") else ""
    return f"{sign}0.0000{mantissa.lstrip('-').replace('.', '')}"


def number_text(value: Decimal) -> str:
    """A report number (``qcity.evaluation.report.Num``): an integer when it is whole,
    else the float nearest to it.  Figures repeat across cities (rates to one decimal),
    so their texts are kept."""
    text = _numbers.get(value)
    if text is None or type(value) is not Decimal:
        if value == value.to_integral_value():
            text = str(int(value))
        else:
            text = _float_text(float(value))
        if len(_numbers) > 1 << 16:
            _numbers.clear()
        _numbers[value] = text
    return text


def _model_text(value: BaseModel, pad: str, lang: Optional[str]) -> str:
    # a model with serialisers of its own: rare and small, so pydantic says what it holds
    data = value.model_dump(mode="json", context={"lang": lang} if lang else None)
    return _dict_text(data, pad, lang)


def value_text(value, pad: str, lang: Optional[str] = None) -> str:
    """Any value of a report model at indentation ``pad`` (the line it starts on);
    ``lang``: the language of texts for people (as ``context={"lang": …}`` does)."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is Decimal:
        return number_text(value)
    if kind is int:
        return str(value)
    if kind is float:
        return float_text(value)
    if kind is date:
        return f'"{value.isoformat()}"'
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = pad + "  "
        return "[\n" + ",\n".join(inner + value_text(v, inner, lang) for v in value) + \
            "\n" + pad + "]"
    if kind is dict:
        return _dict_text(value, pad, lang)
    if isinstance(value, BaseModel):
        encode = _ENCODERS.get(kind)
        if encode is None:
            encode = _ENCODERS[kind] = _encoder_for(kind)
        return encode(value, pad, lang)
    raise TypeError(f"no JSON text for {kind.__name__}")


def _dict_text(data: dict, pad: str, lang: Optional[str] = None) -> str:
    if not data:
        return "{}"
    inner = pad + "  "
    return "{\n" + ",\n".join(f"{inner}{_string(str(k))}: {value_text(v, inner, lang)}"
                               for k, v in data.items()) + "\n" + pad + "}"


def _encoder_for(cls: type):
    """The text of a plain model: its fields in order, then its computed fields."""
    decorators = cls.__pydantic_decorators__
    if decorators.model_serializers or decorators.field_serializers:
        return _model_text
    names = list(cls.model_fields) + list(cls.model_computed_fields)
    keys = [_string(n) + ": " for n in names]
    computed = set(cls.model_computed_fields)

    def encode(value, pad: str, lang: Optional[str]) -> str:
        inner = pad + "  "
        data = value.__dict__
        parts = []
        for name, key in zip(names, keys):
            item = getattr(value, name) if name in computed else data.get(name)
            parts.append(f"{inner}{key}{value_text(item, inner, lang)}")
        return "{\n" + ",\n".join(parts) + "\n" + pad + "}"

    return encode


_ENCODERS: dict[type, object] = {}

# MetricResult: the fields a metric's results share across cities (and stages), in
# declaration order, up to the first that depends on the data; their text is cached.
_METRIC_FIELDS = tuple(MetricResult.model_fields) + tuple(MetricResult.model_computed_fields)
_SHARED = _METRIC_FIELDS[:_METRIC_FIELDS.index("status")]
# the fields after them, as this module writes them one by one (a field added to the
# model and not here sends every result the generic way: slower, still exact)
_REST = ("status", "standing", "actual", "period", "margin", "baseline", "weight", "veto",
         "observations", "source", "remarks", "outlook", "previous", "change", "history",
         "subunits", "note", "change_from_baseline")
_OUTLOOK = ("status", "ratio", "required_rate", "observed_rate", "reason", "reason_code",
            "reason_args", "base_period", "base_value", "threshold", "deadline",
            "coefficient", "limit", "aim", "aim_rate")
_KNOWN = _METRIC_FIELDS[len(_SHARED):] == _REST and \
    tuple(Outlook.model_fields) + tuple(Outlook.model_computed_fields) == _OUTLOOK
_NSHARED = len(_SHARED)
_shared_texts: dict[str, dict] = {}
_templates: dict[str, tuple[str, str]] = {}


def _template(pad: str) -> tuple[str, str]:
    """(the result's text after its shared head, with %s for each value; the outlook's)"""
    known = _templates.get(pad)
    if known is None:
        inner = pad + "  "
        body = "".join(f",\n{inner}{_string(name)}: %s" for name in _REST) + f"\n{pad}}}"
        deeper = inner + "  "
        outlook = "{\n" + ",\n".join(f"{deeper}{_string(name)}: %s" for name in _OUTLOOK) + \
            f"\n{inner}}}"
        known = _templates[pad] = (body, outlook)
    return known


def _number_or_null(value) -> str:
    if value is None:
        return "null"
    if type(value) is bool:
        return "true" if value else "false"
    return number_text(value)


def _float_or_null(value) -> str:
    if value is None:
        return "null"
    if type(value) is float:
        return float_text(value)
    return value_text(value, "")


def _outlook_text(o, template: str, inner: str, lang: Optional[str]) -> str:
    d = o.__dict__
    args = d["reason_args"]
    reason = d["reason"]
    if reason is not None and lang and lang != "en" and d["reason_code"] is not None:
        reason = reason_in(o, lang)  # as Outlook's serialiser writes it for this language
    return template % (
        _string(d["status"]), _float_or_null(d["ratio"]), _float_or_null(d["required_rate"]),
        _float_or_null(d["observed_rate"]),
        "null" if reason is None else _string(reason),
        "null" if d["reason_code"] is None else _string(d["reason_code"]),
        "{}" if not args else _dict_text(args, inner + "  "),
        "null" if d["base_period"] is None else _string(d["base_period"]),
        _float_or_null(d["base_value"]), _float_or_null(d["threshold"]),
        "null" if d["deadline"] is None else f'"{d["deadline"].isoformat()}"',
        _float_or_null(d["coefficient"]), _float_or_null(d["limit"]),
        _float_or_null(d["aim"]), _float_or_null(d["aim_rate"]))


def metric_text(result: MetricResult, pad: str, lang: Optional[str] = None) -> str:
    """One metric result, exactly as ``result.model_dump_json(indent=…, context={"lang":
    lang})`` writes it."""
    if not _KNOWN:
        return _generic_metric(result, pad, lang)
    inner = pad + "  "
    data = result.__dict__
    head = _head(data, pad, inner)
    body, outlook_template = _template(pad)
    standing, period, source = data["standing"], data["period"], data["source"]
    remarks, outlook = data["remarks"], data["outlook"]
    baseline = data["baseline"]
    return head + body % (
        _string(data["status"]), "null" if standing is None else _string(standing),
        _number_or_null(data["actual"]), "null" if period is None else _string(period),
        _number_or_null(data["margin"]),
        "null" if baseline is None else value_text(baseline, inner),
        _weight_text(data["weight"]), "true" if data["veto"] else "false",
        str(data["observations"]), "null" if source is None else _string(source),
        "[]" if not remarks else value_text(remarks, inner),
        "null" if outlook is None else _outlook_cached(outlook, outlook_template, inner, lang),
        _or_null(data["previous"], inner), _or_null(data["change"], inner),
        _or_null(data["history"], inner), _or_null(data["subunits"], inner),
        "null" if not remarks else value_text(_note(result, lang), inner),
        "null" if baseline is None else _number_or_null(result.change_from_baseline))


def _head(data: dict, pad: str, inner: str) -> str:
    """The text of the fields a metric's results share (a result's first fields: its
    ``__dict__`` keeps the model's field order), made once a metric and indentation."""
    texts = _shared_texts.get(pad)
    if texts is None:
        texts = _shared_texts[pad] = {}
    key = tuple(islice(data.values(), _NSHARED))
    text = texts.get(key)
    if text is None:
        text = "{\n" + ",\n".join(f"{inner}{_string(name)}: {value_text(data[name], inner)}"
                                   for name in _SHARED)
        if len(texts) > 65536:  # a plan has few metrics; keep the cache bounded
            texts.clear()
        texts[key] = text
    return text


_weights: dict = {}


def _weight_text(weight: Decimal) -> str:
    text = _weights.get(weight)
    if text is None:
        text = _weights[weight] = number_text(weight)
    return text


_outlooks: dict[tuple, tuple] = {}


def _outlook_cached(outlook, template: str, inner: str, lang: Optional[str]) -> str:
    """An outlook's text; a met outlook is one object for every city: written once."""
    key = (id(outlook), inner, lang)
    known = _outlooks.get(key)
    if known is not None and known[0] is outlook:
        return known[1]
    text = _outlook_text(outlook, template, inner, lang)
    if outlook.__dict__["ratio"] is None:  # few distinct ones (met, unknown): worth keeping
        if len(_outlooks) > 4096:
            _outlooks.clear()
        _outlooks[key] = (outlook, text)
    return text


def _note(result: MetricResult, lang: Optional[str]) -> Optional[str]:
    """The note as MetricResult's serialiser writes it for ``lang``."""
    return result.note_text(lang) if lang and lang != "en" else result.note


def _or_null(value, pad: str) -> str:
    return "null" if value is None else value_text(value, pad)


_generic_metric = _encoder_for(MetricResult)
_ENCODERS[MetricResult] = metric_text


def report_text(report: Report, pad: str = "", lang: Optional[str] = None) -> str:
    """A whole report, exactly as ``report.model_dump_json(indent=2, context={"lang":
    lang})`` at ``pad``."""
    inner = pad + "  "
    data = report.__dict__
    standing = report.standing()  # the verdict, score, grade and counts from one pass
    derived = {"verdict": report.verdict_of(standing), "score": report.score_of(standing),
               "grade": report.grade_of(standing), "vetoed_by": standing.vetoed_by,
               "counts": standing.counts}
    parts = []
    for name in _ORDER:
        if name in data:
            item = data[name]
        elif name in derived:
            item = derived[name]
        else:
            item = getattr(report, name)
        if name == "metrics":
            text = "[]" if not item else (
                "[\n" + ",\n".join(inner + "  " + metric_text(m, inner + "  ", lang)
                                     for m in item)
                + "\n" + inner + "]")
        else:
            text = value_text(item, inner, lang)
        parts.append(f"{inner}{_string(name)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n" + pad + "}"
