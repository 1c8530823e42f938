"""The plan model: Plan, Stage, Area, Metric, Baseline, Acceptance (pydantic v2).

Field validation lives on the models; checks that need the whole plan
(unique ids, stage order, references) live in ``qcity.plan.checks`` so they
can all be reported at once with the place of each problem.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer,
                      PrivateAttr, WithJsonSchema, model_validator)
from pydantic_core import PydanticCustomError

from qcity.diagtext import Message, key_of, message
from qcity.plan.periods import (AGE_PATTERN, KIND_WORDS, PERIOD_PATTERN, PLAN_DATE_PATTERN, Period,
                                age_text, kind_word, parse_age, parse_period, plan_date,
                                plan_period)
from qcity.plan.forms import (AGAINST_WORDS, AGGREGATE_WORDS, COUNT_WORDS, Aggregate,
                              aggregate_of, against_word, parse_tolerance, tolerance_text)
from qcity.plan.grammar import (ID_PATTERN, NUMBER_PATTERN, OP_PATTERN, TARGET_PATTERN,
                                TOLERANCE_PATTERN)
from qcity.plan.targets import (AboutTarget, AchievedTarget, LevelTarget, ReferenceTarget,
                                Target, parse_target)
from qcity.values import bounded, nfkc, shorten

# the same characters in Python, in pydantic's regex engine and in editors' ECMA-262 ones
Id = Annotated[str, Field(pattern=f"^{ID_PATTERN}$", max_length=100,
                          description="letters, digits, Chinese characters, '-', '_' or '.'")]
Text = Annotated[str, Field(min_length=1, max_length=2000, pattern=r"\S")]


def _custom(kind: str, exc: ValueError) -> PydanticCustomError:
    said = key_of(exc)  # qcity's message travels along: the loader words it in any language
    return PydanticCustomError(kind, str(said), {"qcity_message": said}
                               if isinstance(said, Message) else None)


def _error(kind: str, key: str, **args) -> PydanticCustomError:
    return _custom(kind, ValueError(message(key, **args)))


def _bounded(value: Decimal) -> Decimal:
    try:
        return bounded(value)
    except ValueError as exc:
        raise _custom("number", exc) from None


# 1e3 is a number to YAML 1.2 (and so to editors), text to PyYAML: read it as a number
_PLAIN_EXPONENT = re.compile(r"^[-+]?[0-9]+[eE][-+]?[0-9]+$")


def _numeric(value: Any) -> Any:
    """A number as YAML gives it; quoted text such as "2" is not one (an editor agrees)."""
    if isinstance(value, bool):
        raise _error("number", "model.number_bool")
    if isinstance(value, str):
        if _PLAIN_EXPONENT.match(value.strip()):
            return Decimal(value.strip())
        raise _error("number", "model.number_text", value=shorten(value))
    return value


def _number_schema(**bounds) -> dict:
    # within range: under 10^40 either way (qcity.values.within_range)
    return {"type": "number", "exclusiveMinimum": -1e40, "exclusiveMaximum": 1e40, **bounds}


InRange = AfterValidator(_bounded)  # 1e999999999 is one placed error, never hours of arithmetic
Number = Annotated[Decimal, BeforeValidator(_numeric), InRange,
                   WithJsonSchema(_number_schema())]
Weight = Annotated[Decimal, BeforeValidator(_numeric), Field(gt=0), InRange,
                   WithJsonSchema(_number_schema(exclusiveMinimum=0))]
Score = Annotated[Decimal, BeforeValidator(_numeric), Field(ge=0, le=100), InRange,
                  WithJsonSchema(_number_schema(minimum=0, maximum=100))]
# YAML 1.1 (PyYAML, qcity) reads yes/no/on/off as booleans, YAML 1.2 (editors) as text
YAML11_BOOLS = {w: w.lower() in ("yes", "on") for base in ("yes", "no", "on", "off")
                for w in (base, base.capitalize(), base.upper())}


def _yes_no(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value in YAML11_BOOLS:
        return YAML11_BOOLS[value]
    raise _error("plan_value", "model.yes_no", value=shorten(repr(value)))


YesNo = Annotated[bool, BeforeValidator(_yes_no),
                  WithJsonSchema({"anyOf": [{"type": "boolean"}, {"enum": list(YAML11_BOOLS)}]})]


def _target(value: Any) -> Target:
    if not isinstance(value, (str, dict)) and hasattr(value, "kind"):
        return value
    try:
        return parse_target(value)
    except ValueError as exc:
        raise _custom("target", exc) from None


_NUMBER_SCHEMA = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": NUMBER_PATTERN}]}
_TARGET_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": TARGET_PATTERN,
         "description": '">= 90", "2~3", "<= 75 ±5%", "decrease >= 21%", '
                        '"> province-average + 2", "achieved"',
         "examples": [">= 90", "<= 95", "2~3", "decrease >= 21%", "> province-average",
                      "achieved"]},
        {"type": "object", "additionalProperties": False, "required": ["op", "value"],
         "properties": {"op": {"type": "string", "pattern": OP_PATTERN},
                        "value": _NUMBER_SCHEMA,
                        "change": {"enum": ["increase", "decrease"]},
                        "relative": {"anyOf": [{"type": "boolean"},
                                               {"enum": ["yes", "Yes", "YES", "no", "No", "NO",
                                                         "on", "On", "ON", "off", "Off",
                                                         "OFF"]}]}}},
    ]
}
TargetField = Annotated[Any, BeforeValidator(_target), PlainSerializer(str, return_type=str),
                        WithJsonSchema(_TARGET_SCHEMA)]


def _period_text(value: Any) -> str:
    text = str(value)
    try:
        return plan_period(text).text
    except ValueError as exc:
        raise _custom("period", exc) from None


_YEAR_NUMBER = {"type": "integer", "minimum": 1, "maximum": 9999}
PeriodText = Annotated[str, BeforeValidator(_period_text),
                       WithJsonSchema({"anyOf": [{"type": "string", "pattern": PERIOD_PATTERN},
                                                 _YEAR_NUMBER],
                                       "examples": ["2013", "2015-H1", "2015-Q2", "2015-06"]})]


def _plain(function, kind: str = "plan_value"):
    """A validator from a function raising ValueError with a message fit for a user."""
    def validate(value: Any):
        try:
            return function(value)
        except ValueError as exc:
            raise _custom(kind, exc) from None
    return validate


_DATE_SCHEMA = {"anyOf": [{"type": "string", "pattern": PLAN_DATE_PATTERN}, _YEAR_NUMBER],
                "description": "YYYY, YYYY-MM or YYYY-MM-DD"}
# Plans give dates as a year, a month or a day: a start means its first day, an end its last.
StartDate = Annotated[date, BeforeValidator(_plain(plan_date)), WithJsonSchema(_DATE_SCHEMA)]
EndDate = Annotated[date, BeforeValidator(_plain(lambda v: plan_date(v, last=True))),
                    WithJsonSchema(_DATE_SCHEMA)]
DateText = Annotated[str, BeforeValidator(_plain(lambda v: (plan_date(v), str(v).strip())[1])),
                     WithJsonSchema(_DATE_SCHEMA)]
Kind = Annotated[str, BeforeValidator(_plain(kind_word)),
                 WithJsonSchema({"enum": list(KIND_WORDS),
                                 "description": "year, half, quarter or month"})]
Age = Annotated[str, BeforeValidator(_plain(lambda v: age_text(parse_age(v)))),
                WithJsonSchema({"type": "string", "pattern": AGE_PATTERN.replace("?P<n>", "")
                                .replace("?P<unit>", ""),
                                "examples": ["1 year", "18 months", "none"]})]


def _stage_or_date(value: Any) -> str:
    # a stage id or a date: text, or a year YAML reads as a number (due: 2016)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _error("plan_value", "model.stage_or_date", value=type(value).__name__)
    return str(value)


_STAGE_OR_DATE = {"anyOf": [{"type": "string", "minLength": 1}, _YEAR_NUMBER]}


def _text_keys(value: Any) -> Any:
    # YAML reads "2013:" as a number in some loaders: a milestone key is text either way
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              arbitrary_types_allowed=True, populate_by_name=True)


class Stage(_Model):
    id: Id
    name: Text
    name_en: Optional[Text] = None
    start: StartDate
    end: EndDate

    @model_validator(mode="after")
    def _ordered(self) -> "Stage":
        if self.end < self.start:
            raise _error("stage", "model.stage_order", end=str(self.end), start=str(self.start))
        return self


class Area(_Model):
    id: Id
    name: Text
    name_en: Optional[Text] = None


class Baseline(_Model):
    period: PeriodText
    value: Optional[Number] = None
    source: Optional[Text] = None

    @property
    def span(self) -> Period:
        return parse_period(self.period)


class Acceptance(_Model):
    pass_score: Optional[Score] = None
    grades: Optional[dict[str, Score]] = None
    grade_below: Text = "D"


class Metric(_Model):
    id: Id
    area: Optional[Id] = None
    name: Text
    name_en: Optional[Text] = None
    unit: Optional[Annotated[str, Field(max_length=40)]] = None
    unit_en: Optional[Annotated[str, Field(max_length=40)]] = Field(
        default=None, description="the unit in English reports (default: a built-in "
                                  "table of common units, e.g. 公里 -> km)")
    target: Optional[TargetField] = Field(
        default=None, description="without a target the metric is a tracked indicator")
    mode: Literal["level", "sustained"] = "level"
    baseline: Optional[Baseline] = None
    against: Optional[Annotated[str, BeforeValidator(_plain(against_word)),
                                WithJsonSchema({"enum": list(AGAINST_WORDS)})]] = Field(
        default=None, description="a change judged each period against the previous one "
                                  "(逐年提高) or the same period a year earlier (同比)")
    tolerance: Optional[Annotated[str, BeforeValidator(_plain(tolerance_text)),
                                  WithJsonSchema({"anyOf": [
                                      {"type": "number", "minimum": 0},
                                      {"type": "string", "pattern": TOLERANCE_PATTERN}]})]] = \
        Field(default=None, description='"about" (左右): 3 in the unit, or 5% of the threshold')
    aggregate: Optional[Annotated[Aggregate, BeforeValidator(_plain(aggregate_of)),
                                  PlainSerializer(str, return_type=str),
                                  WithJsonSchema({"anyOf": [
                                      {"enum": list(AGGREGATE_WORDS)},
                                      {"type": "object", "minProperties": 1,
                                       "maxProperties": 1, "additionalProperties": False,
                                       "patternProperties": {
                                           "^(" + "|".join(COUNT_WORDS) + ")$":
                                               {"type": "string", "pattern": TARGET_PATTERN}}}]})
                                  ]] = Field(
        default=None, description="a figure made from the sub-units' figures (counties, "
                                  "categories): mean, min, max, every, {share: …}, {count: …}")
    standard: Optional[Text] = Field(
        default=None, description="the standard or authority that sets the threshold "
                                  "(GB 3095-2012 二级)")
    due: Optional[Annotated[str, BeforeValidator(_stage_or_date), WithJsonSchema(_STAGE_OR_DATE)]] = \
        Field(default=None, description="a stage id, a date or a period; default: the last "
                                        "stage")
    milestones: Annotated[dict[str, TargetField], BeforeValidator(_text_keys)] = Field(
        default_factory=dict, description='interim targets by stage id or by period '
                                          '("2014": ">= 80"), each due when it ends')
    period: Optional[Kind] = Field(
        default=None, description="the length of period the target is about (year: an annual "
                                  "figure); figures of another length are shown, not judged")
    every: Optional[Kind] = Field(
        default=None, description="each period of this length from the first stage's start "
                                  "(or from) needs a passing figure")
    from_: Optional[Annotated[str, BeforeValidator(_stage_or_date),
                              WithJsonSchema(_STAGE_OR_DATE)]] = Field(
        default=None, alias="from", description="where a sustained or every-period window "
                                                "starts: a stage id or a date")
    max_age: Optional[Age] = Field(
        default=None, description="how long a figure counts after its period ends (default "
                                  "the plan's, else 1 year)")
    weight: Weight = Decimal(1)
    veto: YesNo = False
    limit: Optional[Number] = None
    source: Optional[Text] = None
    note: Optional[Text] = None
    aliases: list[Text] = Field(
        default_factory=list, description="other names data files use for the metric "
        "(matched like name: NFKC, case and spaces ignored)")
    owner: Optional[Text] = Field(default=None, description="责任单位: the department "
                                  "responsible; shown in the fill-in template")
    _relaxed: bool = PrivateAttr(default=False)  # tolerance: made the target "about"

    @model_validator(mode="after")
    def _bool_unit(self) -> "Metric":
        if isinstance(self.target, AchievedTarget) and self.unit is None \
                and self.aggregate is None:
            self.unit = "bool"
        if self.tolerance is not None:  # "about": the threshold relaxed (cross_check: where not)
            amount, relative = parse_tolerance(self.tolerance)
            relaxed = _about(self.target, amount, relative)
            self._relaxed = relaxed is not self.target
            self.target = relaxed
            self.milestones = {k: _about(t, amount, relative) for k, t in self.milestones.items()}
        return self

    @property
    def is_bool(self) -> bool:
        return self.unit == "bool"

    @property
    def is_percent(self) -> bool:
        return self.unit is not None and same_unit(self.unit, "%")

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


def _about(target, amount, relative):
    if type(target) is LevelTarget:
        return AboutTarget(target.op, target.value, amount, relative, target.percent)
    if isinstance(target, ReferenceTarget) and target.tolerance is None:
        return ReferenceTarget(target.op, target.ref, target.offset, amount, relative,
                               target.percent)
    return target


class Plan(_Model):
    qcity: Literal[1] = Field(description="schema version")
    id: Id
    city: Text
    city_en: Optional[Text] = None
    lang: Literal["zh", "en"] = "zh"
    title: Text
    title_en: Optional[Text] = None
    approved: Optional[DateText] = None
    source: Optional[Text] = None
    note: Optional[Text] = None
    period: Optional[Kind] = Field(default=None, description="the length of period every "
                                   "target is about, unless a metric says otherwise")
    max_age: Optional[Age] = Field(default=None, description='how long a figure counts after '
                                   'its period ends (default "1 year")')
    subunits: Optional[Annotated[list[Text], Field(min_length=1)]] = Field(
        default=None, description="the plan's sub-units (counties, districts): a share or "
                                  "count of them is out of all of them, even those without a "
                                  "figure")
    cities: Optional[Union[Literal["any"], Annotated[list[Text], Field(min_length=1)]]] = Field(
        default=None, description="a standard applied to several cities: their names, or "
                                  '"any"; the data then needs a city column')
    acceptance: Optional[Acceptance] = None
    stages: list[Stage] = Field(min_length=1)
    areas: list[Area] = Field(default_factory=list)
    metrics: list[Metric] = Field(min_length=1)

    # Where the plan was read from, and each metric's line: set by the loader so
    # reports can point back into the file (GitHub annotations, for one).
    _path: Optional[str] = PrivateAttr(default=None)
    _places: dict[str, tuple] = PrivateAttr(default_factory=dict)  # metric id: (line, col)
    _cache: dict[str, object] = PrivateAttr(default_factory=dict)  # derived facts (engine)

    @property
    def path(self) -> Optional[str]:
        return self._path

    @property
    def places(self) -> dict[str, tuple]:
        """Where each metric's id stands in the plan file: (line, col)."""
        return self._places

    @property
    def lines(self) -> dict[str, int]:
        return {metric: place[0] for metric, place in self._places.items()}

    @property
    def cache(self) -> dict[str, object]:
        return self._cache

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(stage_id)

    def area(self, area_id: Optional[str]) -> Optional[Area]:
        for area in self.areas:
            if area.id == area_id:
                return area
        return None

    def deadline(self, metric: Metric) -> date:
        """The day a metric's final target falls due."""
        return resolve_due(self, metric.due) if metric.due else self.stages[-1].end


def same_unit(a: str, b: str) -> bool:
    """Units written differently but meaning the same (％ and %, µ and μ) match."""
    return nfkc(a).casefold() == nfkc(b).casefold()


def resolve_due(plan: Plan, due: str) -> date:
    """A stage id means that stage's end; otherwise a date or period's last day."""
    for stage in plan.stages:
        if stage.id == due:
            return stage.end
    return parse_period(due).end
