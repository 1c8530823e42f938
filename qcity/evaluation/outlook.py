"""Outlook: will a target be met by its deadline at the pace observed so far?

The progress ratio of Statistics Canada's SDG progress assessment as open-sdg
(sdg-build, ``ProgressMeasure.py``) implements it, adapted to plan targets as
DESIGN.md "Outlook" says:

- ``CAGR(a→b) = (y_b / y_a) ** (1 / (t_b − t_a)) − 1``, times in fractional
  years between the ends of the periods;
- ``R = s · d · CAGR_observed / |CAGR_required|``, observed from the base
  (baseline, else earliest observation) to the latest observation, required
  from the base to the threshold at the deadline; ``d`` is +1 when higher is
  better, −1 when lower is better; ``s`` is −1 when the base is negative;
- ``met`` when the target passes now; else ``on_track`` R ≥ 0.95·C,
  ``at_risk`` 0.6·C ≤ R < 0.95·C, ``off_track`` 0 ≤ R < 0.6·C,
  ``deteriorating`` R < 0, where C is the limit coefficient (1 without a limit);
- ``unknown`` with fewer than two points in time, a sign change between base
  and latest, a zero base, or a yes/no metric;
- ``missed`` once the deadline has passed without the target being met (or a
  sustained or every-period target has missed a period for good after it):
  no pace can meet it any more.  ``off_track`` still has time.

Like sdg-build, a zero threshold is taken as 0.001 (a CAGR cannot reach 0) and
a latest value of 0 is a value, not a sign change.  Unlike sdg-build, which
applies the limit coefficient only when no target is given and replaces a zero
base by 0.001, qcity applies the coefficient to the ratio (a rate near 100 % is
not judged off track for small moves) and calls a zero base unknown rather
than guess.  Outlook is a projection, so it uses floats; pass/fail stays exact
decimal arithmetic.
"""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache
from decimal import Decimal
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, SerializationInfo, field_serializer

from qcity.evaluation.construct import construct_from
from qcity.plan.targets import AchievedTarget, ChangeTarget, LevelTarget, Target

MET, ON_TRACK, AT_RISK, OFF_TRACK, DETERIORATING, UNKNOWN, MISSED = (
    "met", "on_track", "at_risk", "off_track", "deteriorating", "unknown", "missed")
OutlookStatus = Literal["met", "on_track", "at_risk", "off_track", "deteriorating", "unknown",
                        "missed"]
AT_RISK_OR_WORSE = {AT_RISK, OFF_TRACK, DETERIORATING, MISSED}
ZERO_TARGET = 0.001  # sdg-build's stand-in for a zero target
HIGH, MEDIUM = 0.95, 0.6
LIMIT_EXPONENT = 4.44
DAYS_A_YEAR = 365.25


REASONS = {
    "yes_no": "a yes/no target has no rate",
    "baseline_unknown": "the baseline value is unknown",
    "no_observation": "no observation",
    "one_point": "fewer than two points in time",
    "zero_base": "the base value is zero",
    "sign_change": "the sign changes between base and latest",
    "deadline_before_base": "the deadline is not after the base",
    "threshold_sign": "the threshold has the other sign than the base",
    "base_at_threshold": "the base already sits at the threshold",
    "too_steep": "growth too steep to project",
    "deadline_passed": "the deadline {deadline} has passed",
    "sustained_missed": "sustained target already missed in {period}",
    "each_period": "a change each period against the one before has no single level to project",
    "no_reference": "no figure of the compared metric to project against",
}


def why(code: str, **args) -> dict:
    """Outlook fields for a reason: English text plus code and arguments to translate."""
    text, texts = _reason(code, tuple(args.items()))
    return {"reason": text, "reason_code": code, "reason_args": dict(texts)}


@lru_cache(maxsize=4096)
def _reason(code: str, args: tuple) -> tuple[str, tuple]:
    # thousands of outlooks a national run share a few reasons (a deadline, a period)
    texts = {k: str(v) for k, v in args}
    return REASONS[code].format(**texts), tuple(texts.items())


def _because(fields: dict, code: str, **args) -> dict:
    fields.update(why(code, **args))
    return fields


class Outlook(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: OutlookStatus
    ratio: Optional[float] = None
    required_rate: Optional[float] = None  # % a year needed from the base to the threshold
    observed_rate: Optional[float] = None  # % a year achieved from the base to the latest
    reason: Optional[str] = None  # in English; reason_code + reason_args for other languages
    reason_code: Optional[str] = None
    reason_args: dict[str, str] = Field(default_factory=dict)
    base_period: Optional[str] = None
    base_value: Optional[float] = None
    threshold: Optional[float] = None
    deadline: Optional[date] = None
    coefficient: Optional[float] = None  # the limit coefficient C, when a limit applies
    limit: Optional[float] = None
    aim: Optional[float] = None  # a range's upper end (2~3: 3)
    aim_rate: Optional[float] = None  # % a year needed from the base to the aim

    @field_serializer("reason")
    def _reason_in(self, value: Optional[str], info: SerializationInfo) -> Optional[str]:
        # in the report's language when the JSON is written with context={"lang": …}
        lang = (info.context or {}).get("lang")
        if not lang or lang == "en" or self.reason_code is None:
            return value
        from qcity.i18n import reason

        return reason(self, lang)


def cagr(y_a: float, y_b: float, years: float) -> float:
    try:
        return (y_b / y_a) ** (1 / years) - 1
    except OverflowError:  # a huge jump over a few days: as steep as a float can say
        return math.inf if y_b / y_a > 1 else -1.0


def limit_coefficient(base: float, limit: float) -> float:
    base, limit = abs(base), abs(limit)
    if base >= 2 * limit:
        return 1.0
    if base <= limit:
        return 1 - (base / limit) ** LIMIT_EXPONENT
    return 1 - ((2 * limit - base) / limit) ** LIMIT_EXPONENT


def classify(ratio: float, coefficient: float = 1.0) -> str:
    if ratio >= HIGH * coefficient:
        return ON_TRACK
    if ratio >= MEDIUM * coefficient:
        return AT_RISK
    if ratio >= 0:
        return OFF_TRACK
    return DETERIORATING


def _years(a: date, b: date) -> float:
    return (b - a).days / DAYS_A_YEAR


def assess(target: Optional[Target], met: bool, base: Optional[tuple[str, date, Decimal]],
           latest: Optional[tuple[str, date, Decimal]], deadline: date,
           baseline_value: Optional[Decimal], limit: Optional[Decimal],
           when: Optional[date] = None, missed: Optional[str] = None,
           failed: bool = False) -> Optional[Outlook]:
    """The outlook of one metric; ``base``/``latest`` are (period, end day, value).

    ``when`` is the evaluation date: once the deadline has passed without the
    target being met, no pace can still meet it: the outlook is ``missed``.
    ``missed`` names a period a sustained or every-period target has already
    missed for good: off track before the deadline, missed after it.  ``failed``:
    the target was judged and failed, so after its deadline it is missed even when
    no pace can be worked out.
    """
    if missed is not None and target is not None:
        fields = {"status": OFF_TRACK, "deadline": deadline}
        if when is not None and when >= deadline:
            fields["status"] = MISSED
        _because(fields, "sustained_missed", period=missed)
        return construct_from(Outlook, fields)
    fields = _assess(target, met, base, latest, deadline, baseline_value, limit)
    if fields is None:
        return None
    status = fields["status"]
    if when is not None and when >= deadline and status != MET and (status != UNKNOWN
                                                                     or failed):
        fields["status"] = MISSED
        _because(fields, "deadline_passed", deadline=deadline)
    # the engine's own values need no validation (15,000 outlooks a national run)
    return construct_from(Outlook, fields)


def _assess(target, met, base, latest, deadline, baseline_value, limit) -> Optional[dict]:
    """The outlook's fields, before the deadline has its say (15,000 calls a national
    run: one dict filled in place)."""
    if target is None:
        return None
    if met:
        return {"status": MET, "deadline": deadline}
    if isinstance(target, str):  # "each_period" or "no_reference": nothing to project
        return _because({"status": UNKNOWN, "deadline": deadline}, target)
    if isinstance(target, AchievedTarget):
        return _because({"status": UNKNOWN, "deadline": deadline}, "yes_no")
    if isinstance(target, ChangeTarget):
        if baseline_value is None:
            return _because({"status": UNKNOWN, "deadline": deadline}, "baseline_unknown")
        threshold = target.level_threshold(baseline_value)
        higher = target.direction == "increase"
    else:
        threshold = target.pass_line  # the bar pass/fail uses (a tolerance's relaxed one)
        higher = target.op in (">=", ">") or (target.op == "==" and base is not None
                                              and threshold >= base[2])
    if base is None or latest is None:
        return _because({"status": UNKNOWN, "deadline": deadline,
                         "threshold": float(threshold)}, "no_observation")
    b_period, b_day, b_value = base
    _, l_day, l_value = latest
    b_float = float(b_value)
    fields = {"status": UNKNOWN, "deadline": deadline, "threshold": float(threshold),
              "base_period": b_period, "base_value": b_float}
    if l_day <= b_day:
        return _because(fields, "one_point")
    if b_value == 0:
        return _because(fields, "zero_base")
    if (b_value > 0 and l_value < 0) or (b_value < 0 and l_value > 0):
        return _because(fields, "sign_change")
    if deadline <= b_day:
        return _because(fields, "deadline_before_base")
    if threshold == 0:  # as sdg-build: a CAGR never reaches zero, so aim at 0.001
        aim = ZERO_TARGET if b_value > 0 else -ZERO_TARGET
        required = cagr(b_float, aim, _years(b_day, deadline))
    elif (threshold > 0) != (b_value > 0):
        return _because(fields, "threshold_sign")
    else:
        required = cagr(b_float, fields["threshold"], _years(b_day, deadline))
    observed = cagr(b_float, float(l_value), _years(b_day, l_day))
    sign = -1 if b_value < 0 else 1
    direction = 1 if higher else -1
    coefficient = None
    if limit is not None:
        coefficient = limit_coefficient(b_float, float(limit))
    if not (math.isfinite(observed) and math.isfinite(required)):
        return _because(fields, "too_steep")
    if required == 0:
        # the base sits on the threshold: only the direction of travel says anything
        fields["status"] = ON_TRACK if sign * direction * observed >= 0 else DETERIORATING
        fields["coefficient"] = coefficient
        fields["required_rate"] = round(100 * required, 4)
        fields["observed_rate"] = round(100 * observed, 4)
        return _because(fields, "base_at_threshold")
    ratio = sign * direction * observed / abs(required)
    if not math.isfinite(ratio):
        return _because(fields, "too_steep")
    fields["status"] = classify(ratio, coefficient if coefficient is not None else 1.0)
    fields["ratio"] = round(ratio, 4)
    fields["coefficient"] = None if coefficient is None else round(coefficient, 4)
    fields["limit"] = None if limit is None else float(limit)
    fields["required_rate"] = round(100 * required, 4)
    fields["observed_rate"] = round(100 * observed, 4)
    aim = getattr(target, "aim", None)
    if aim is not None and aim > 0 and b_value > 0:  # a range: the pace to its upper end too
        fields["aim"] = float(aim)
        aim_rate = cagr(b_float, float(aim), _years(b_day, deadline))
        if math.isfinite(aim_rate):
            fields["aim_rate"] = round(100 * aim_rate, 4)
    return fields


def default_limit(unit: Optional[str], target: Optional[Target],
                  limit: Optional[Decimal]) -> Optional[Decimal]:
    """``limit:`` from the plan, else 100 for a % metric with a >= or > target."""
    if limit is not None:
        return limit
    from qcity.plan.model import same_unit

    if unit and same_unit(unit, "%") and isinstance(target, LevelTarget) \
            and target.op in (">=", ">"):
        return Decimal(100)
    return None

