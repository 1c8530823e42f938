"""The report: what the engine returns and every renderer reads.

Totals, the score, the grade and the verdict are *derived* from the metric
results (computed fields), never stored, so they cannot disagree with the
rows above them.  ``Report.model_dump_json()`` is the JSON format.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Literal, NamedTuple, Optional, Union

from pydantic import (BaseModel, ConfigDict, Field, PlainSerializer, SerializationInfo,
                      computed_field, field_serializer, model_serializer)

from qcity import __version__
from qcity.evaluation.construct import construct
from qcity.evaluation.outlook import AT_RISK_OR_WORSE, Outlook
from qcity.values import cents

PASS, FAIL, MISSING, NOT_DUE, INDICATOR = "pass", "fail", "missing", "not_due", "indicator"
STATUSES = (PASS, FAIL, MISSING, NOT_DUE, INDICATOR)
Status = Literal["pass", "fail", "missing", "not_due", "indicator"]
NO_VERDICT = "none"  # nothing is due: nothing to judge at this stage
Verdict = Literal["pass", "fail", "none"]
# How the stage of a report was chosen: the stage the as-of date falls in (current),
# before the first stage, between two stages, after the last one, or by --stage (chosen).
Basis = Literal["current", "before", "between", "after", "chosen"]


def _number(value: Decimal) -> Union[int, float]:
    # JSON has one number type; write integers as integers and the rest from the
    # decimal's shortest repr, which round-trips for the digits plans use.
    if value == value.to_integral_value():
        return int(value)
    return float(value)


Num = Annotated[Decimal, PlainSerializer(_number, when_used="json")]
Actual = Union[bool, Num]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlanInfo(_Model):
    id: str
    path: Optional[str] = None
    city: str
    city_en: Optional[str] = None
    title: str
    title_en: Optional[str] = None
    lang: str = "zh"
    source: Optional[str] = None


class StageInfo(_Model):
    id: str
    name: str
    name_en: Optional[str] = None
    start: date
    end: date


class BaselineInfo(_Model):
    period: str
    value: Optional[Num] = None
    origin: Literal["plan", "data"] = "plan"


class AcceptanceInfo(_Model):
    pass_score: Optional[Num] = None
    grades: Optional[dict[str, Num]] = None
    grade_below: str = "D"


class Remark(_Model):
    """An engine remark on a result; rendered in the report's language."""

    code: str
    args: dict[str, str] = Field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        from qcity.i18n import label, localise

        return label("remark." + self.code, lang,
                     **{k: localise(k, v, lang) for k, v in self.args.items()})


class Point(_Model):
    """One observation, for charts and trends: its period, the day it ends, its value
    (yes/no for a yes/no metric), and whether the judgement counted it (a figure after
    the deadline, stale, of another length, at or before a change's baseline … is not)."""

    period: str
    end: date
    value: Actual
    counted: bool = True
    # whether it meets the target its period is judged by (a period milestone's own, a
    # comparison with that period's figure); None: not judged (no target, no figure to
    # compare with)
    meets: Optional[bool] = None
    bar: Optional[Num] = None  # a comparison: the bar of this period (compared figure + offset)


class Previous(_Model):
    """The metric at an earlier evaluation (``--compare-to``)."""

    evaluated_at: date
    status: Status
    actual: Optional[Actual] = None
    period: Optional[str] = None


Change = Literal["newly_passing", "newly_failing", "changed"]


class SubunitFigure(_Model):
    """One sub-unit's figure behind a metric's figure for a period (aggregate:)."""

    name: str
    value: Optional[Actual] = None  # None: no figure for this period
    passes: Optional[bool] = None  # share/count: meets the condition; every: meets the target


class Aggregation(_Model):
    """How a metric's figure is made from its sub-units' figures (``aggregate:``), for
    the reports to word it (``≥3个县区``, ``✓ = ≥90分``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)  # hashable: a shared field

    how: Literal["share", "count", "mean", "min", "max", "every"]
    condition: Optional[str] = None  # share/count: what a sub-unit's figure must meet
    unit: Optional[str] = None  # the sub-units' figures' unit (a count's figure has none)


class MetricResult(_Model):
    id: str
    line: Optional[int] = None
    area: Optional[str] = None
    area_name: Optional[str] = None
    area_name_en: Optional[str] = None
    name: str
    name_en: Optional[str] = None
    unit: Optional[str] = None
    unit_en: Optional[str] = None
    target: Optional[str] = None
    threshold: Optional[Num] = None
    aim: Optional[Num] = None  # a range's upper end (2~3: passing at 2, aiming at 3)
    standard: Optional[str] = None  # who sets the threshold (GB 3095-2012 二级)
    against: Optional[str] = None  # a change each period: against "previous" or "year-ago"
    aggregate: Optional[Aggregation] = None  # a figure made from sub-units' figures
    mode: str = "level"
    due: date
    milestone: Optional[str] = None
    status: Status
    standing: Optional[Literal["pass", "fail", "missing"]] = None
    actual: Optional[Actual] = None
    period: Optional[str] = None
    margin: Optional[Num] = None
    baseline: Optional[BaselineInfo] = None
    weight: Num = Decimal(1)
    veto: bool = False
    observations: int = 0
    source: Optional[str] = None
    remarks: list[Remark] = Field(default_factory=list)
    outlook: Optional[Outlook] = None
    previous: Optional[Previous] = None
    change: Optional[Change] = None
    history: Optional[list[Point]] = None  # only when asked for (charts)
    subunits: Optional[list[SubunitFigure]] = None  # the sub-units behind the figure shown

    @computed_field
    @property
    def note(self) -> Optional[str]:
        return "; ".join(r.text("en") for r in self.remarks) or None

    @computed_field
    @property
    def change_from_baseline(self) -> Optional[Num]:
        """For a change target: the actual minus the baseline, in % of |baseline| when
        the target is relative (rounded to 0.01, as margins are), else in the unit."""
        target = _change_target(self.target)
        base = self.baseline.value if self.baseline is not None else None
        if target is None or base is None or not isinstance(self.actual, Decimal):
            return None
        delta = self.actual - base
        if not target.relative:
            return delta
        if base == 0:
            return None
        return cents(delta * 100 / abs(base))

    @field_serializer("note")
    def _note_in(self, value: Optional[str], info: SerializationInfo) -> Optional[str]:
        # the JSON's note is in the report's language (model_dump_json(context={"lang"}));
        # the remarks beside it keep their codes and arguments for programs
        lang = (info.context or {}).get("lang")
        return self.note_text(lang) if lang and lang != "en" else value

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name

    def note_text(self, lang: str) -> Optional[str]:
        sep = "；" if lang == "zh" else "; "
        return sep.join(r.text(lang) for r in self.remarks) or None


@lru_cache(maxsize=1024)
def _change_target(text: Optional[str]):
    if not text or not text.startswith(("increase", "decrease")):
        return None
    from qcity.plan.targets import parse_target

    try:
        target = parse_target(text)
    except ValueError:
        return None
    return target if getattr(target, "kind", None) == "change" else None


class AreaSummary(_Model):
    id: Optional[str]
    name: Optional[str]
    name_en: Optional[str] = None
    pass_: int = 0
    fail: int = 0
    missing: int = 0
    not_due: int = 0
    indicator: int = 0

    @property
    def due(self) -> int:
        return self.pass_ + self.fail + self.missing

    @model_serializer(mode="plain")
    def _dump(self) -> dict:
        return {"id": self.id, "name": self.name, "name_en": self.name_en,
                "pass": self.pass_, "due": self.due, "fail": self.fail,
                "missing": self.missing, "not_due": self.not_due,
                "indicator": self.indicator}

    def label(self, lang: str) -> str:
        return (self.name_en if lang == "en" and self.name_en else self.name) or "-"


_ORDER = ("qcity", "plan", "as_of", "evaluated_at", "due_by", "compared_to", "stage",
          "stage_basis", "verdict", "score", "grade", "vetoed_by", "counts", "areas", "acceptance",
          "metrics")


class Standing(NamedTuple):
    """One pass over a report's metrics (:meth:`Report.standing`)."""

    counts: dict[str, int]
    passed: Decimal  # the weight of the due metrics that pass
    total: Decimal  # the weight of every due metric
    vetoed_by: list[str]  # due veto metrics that do not pass
    due: int
    at_risk: int


# a status -> its place in an area's tally (pass, fail, missing, indicator, not due)
_AREA_SLOT = {PASS: 2, FAIL: 3, MISSING: 4, INDICATOR: 5}


# the last report asked for its standing, its metrics, their number and the standing
_last_standing: tuple = (None, None, 0, None)


class Report(_Model):
    qcity: str = __version__
    plan: PlanInfo
    as_of: date
    evaluated_at: date
    due_by: Optional[date] = None  # targets due by this day are judged (None: evaluated_at)
    stage: StageInfo
    stage_basis: Basis = "chosen"
    acceptance: Optional[AcceptanceInfo] = None
    compared_to: Optional[date] = None
    metrics: list[MetricResult]

    def standing(self) -> "Standing":
        """Everything the verdict, score, grade and counts are derived from, in one pass
        over the metrics (a scoreboard asks for all of them, for every city)."""
        global _last_standing
        last = _last_standing  # a renderer asks the same report a dozen times in a row
        metrics = self.metrics
        if last[0] is self and last[1] is metrics and last[2] == len(metrics):
            return last[3]
        standing = self._tally()
        _last_standing = (self, metrics, len(metrics), standing)
        return standing

    def _tally(self) -> "Standing":
        counts = dict.fromkeys(STATUSES, 0)
        passed = total = Decimal(0)
        vetoed: list[str] = []
        due = at_risk = 0
        for m in self.metrics:
            data = m.__dict__
            status = data["status"]
            counts[status] += 1
            if status != NOT_DUE and status != INDICATOR:
                due += 1
                weight = data["weight"]
                total += weight
                if status == PASS:
                    passed += weight
                elif data["veto"]:
                    vetoed.append(data["id"])
            outlook = data["outlook"]
            if outlook is not None and outlook.status in AT_RISK_OR_WORSE:
                at_risk += 1
        return Standing(counts, passed, total, vetoed, due, at_risk)

    def _reaches(self, bar: Decimal, standing: Optional["Standing"] = None) -> bool:
        # score >= bar, decided without the rounding the shown score has
        standing = standing or self.standing()
        return standing.total == 0 or standing.passed * 100 >= bar * standing.total

    def score_of(self, standing: "Standing") -> Optional[Decimal]:
        acc = self.acceptance
        if acc is None or (acc.pass_score is None and not acc.grades):
            return None
        if standing.total == 0:
            return None
        return (standing.passed * 100 / standing.total).quantize(
            Decimal("0.01"), ROUND_HALF_UP).normalize()

    def grade_of(self, standing: "Standing") -> Optional[str]:
        acc = self.acceptance
        if acc is None or not acc.grades:
            return None
        if standing.total == 0:  # no score
            return None
        if standing.vetoed_by:  # 一票否决: failed whatever the score, graded below every band
            return acc.grade_below
        for name, bar in sorted(acc.grades.items(), key=lambda kv: kv[1], reverse=True):
            if self._reaches(bar, standing):
                return name
        return acc.grade_below

    def verdict_of(self, standing: "Standing") -> str:
        if not standing.due:
            return NO_VERDICT
        if standing.vetoed_by:
            return FAIL
        acc = self.acceptance
        if acc is not None and acc.pass_score is not None:
            return PASS if self._reaches(acc.pass_score, standing) else FAIL
        return PASS if standing.counts[PASS] == standing.due else FAIL

    @computed_field
    @property
    def score(self) -> Optional[Num]:
        return self.score_of(self.standing())

    @computed_field
    @property
    def grade(self) -> Optional[str]:
        return self.grade_of(self.standing())

    @computed_field
    @property
    def verdict(self) -> Verdict:
        return self.verdict_of(self.standing())

    @computed_field
    @property
    def vetoed_by(self) -> list[str]:
        """The due veto metrics that do not pass: each alone fails the plan (一票否决)."""
        return self.standing().vetoed_by

    @computed_field
    @property
    def counts(self) -> dict[str, int]:
        return self.standing().counts

    @computed_field
    @property
    def areas(self) -> list[AreaSummary]:
        by_id: dict[Optional[str], list] = {}
        for m in self.metrics:
            data = m.__dict__
            area = data["area"]
            tally = by_id.get(area)
            if tally is None:
                tally = by_id[area] = [data["area_name"], data["area_name_en"], 0, 0, 0, 0, 0]
            tally[_AREA_SLOT.get(data["status"], 6)] += 1
        return [construct(AreaSummary, id=area, name=name, name_en=name_en, pass_=p, fail=f,
                          missing=m, indicator=i, not_due=n)
                for area, (name, name_en, p, f, m, i, n) in by_id.items()]

    @property
    def at_risk(self) -> int:
        """Metrics whose outlook is at risk, off track or deteriorating."""
        return self.standing().at_risk

    @property
    def days_left(self) -> int:
        """Days from the as-of date to the stage's end (negative once it has ended)."""
        return (self.stage.end - self.as_of).days

    @model_serializer(mode="wrap")
    def _ordered(self, handler) -> dict:
        data = handler(self)
        return {key: data[key] for key in _ORDER if key in data}
