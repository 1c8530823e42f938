"""The evaluation engine: ``evaluate(plan, actuals, as_of, stage) -> Report``.

Pure functions of their inputs, no printing, no I/O.  The rules are those of
DESIGN.md "Evaluation"; each branch below names the rule it implements.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from qcity.actuals import Actuals, Observation
from qcity.errors import Location, UsageError
from qcity.model import Metric, Plan, Stage
from qcity.outlook import OFF_TRACK, Outlook, assess, default_limit
from qcity.periods import Period
from qcity.report import (FAIL, MISSING, NOT_DUE, PASS, AcceptanceInfo, BaselineInfo,
                          MetricResult, PlanInfo, Point, Remark, Report, StageInfo)
from qcity.targets import AchievedTarget, ChangeTarget, Target

_CENT = Decimal("0.01")


def evaluate(plan: Plan, actuals: Actuals, as_of: Optional[date] = None,
             stage: Optional[str] = None, history: bool = False) -> Report:
    """Evaluate a plan; ``history=True`` keeps every counted observation (for charts)."""
    as_of = as_of or date.today()
    current = select_stage(plan, stage)
    when = min(as_of, current.end)
    acceptance = None
    if plan.acceptance is not None:
        acceptance = AcceptanceInfo(**plan.acceptance.model_dump())
    return Report(
        plan=PlanInfo(id=plan.id, path=plan.path, city=plan.city, city_en=plan.city_en, title=plan.title,
                      title_en=plan.title_en, lang=plan.lang, source=plan.source),
        as_of=as_of,
        evaluated_at=when,
        stage=StageInfo(**current.model_dump()),
        acceptance=acceptance,
        metrics=[evaluate_metric(plan, m, actuals.series(m.id), current, when, history)
                 for m in plan.metrics],
    )


def select_stage(plan: Plan, stage: Optional[str]) -> Stage:
    if stage is None:
        return plan.stages[-1]
    try:
        return plan.stage(stage)
    except KeyError:
        ids = ", ".join(s.id for s in plan.stages)
        raise UsageError(f'plan "{plan.id}" has no stage "{stage}" (stages: {ids})',
                         Location("qcity")) from None


def _remark(code: str, **args) -> Remark:
    return Remark(code=code, args={k: str(v) for k, v in args.items()})


class _Judgement:
    """The standing of one metric against one target at one date."""

    def __init__(self, standing: str, actual=None, period: Optional[Period] = None,
                 margin: Optional[Decimal] = None, note: Optional[Remark] = None,
                 obs: Optional[Observation] = None):
        self.standing, self.actual, self.period = standing, actual, period
        self.margin, self.note, self.obs = margin, note, obs


def evaluate_metric(plan: Plan, metric: Metric, series: list[Observation], stage: Stage,
                    when: date, history: bool = False) -> MetricResult:
    counted = [o for o in series if o.period.end <= when]
    deadline = plan.deadline(metric)
    target: Optional[Target] = metric.target
    milestone = None
    # Rule: due when the deadline falls by the stage's end, or a milestone names the stage.
    if target is None:
        due = False
    elif deadline <= stage.end:
        due = True
    elif stage.id in metric.milestones:
        due, target, milestone = True, metric.milestones[stage.id], stage.id
    else:
        due = False

    baseline, baseline_info, notes = _baseline(metric, counted)
    if target is None:
        j = _latest_only(counted)
        j.standing = None
    else:
        j = _judge(plan, metric, target, counted, baseline, when)
    final = j if milestone is None else _judge(plan, metric, metric.target, counted, baseline,
                                               when)
    if final.note is not None and final.note.code == "sustained_fail":
        # a miss inside the window stays in it until the deadline: no pace can undo it
        outlook = Outlook(status=OFF_TRACK, deadline=deadline,
                          reason=f"sustained target already missed in {final.period}")
    else:
        outlook = assess(metric.target, final.standing == PASS,
                         _base_point(metric, counted, baseline),
                         _point(_latest(_numeric(counted))), deadline, baseline,
                         default_limit(metric.unit, metric.target, metric.limit))
    if j.note:
        notes.append(j.note)
    later = len(series) - len(counted)
    if later:
        notes.append(_remark("later_not_counted", n=later, date=when))

    area = plan.area(metric.area)
    threshold = None
    if target is not None and target.threshold is not None:
        threshold = target.threshold
    points = None
    if history:
        points = [Point(period=o.period.text, end=o.period.end, value=o.value)
                  for o in sorted(counted, key=lambda o: o.period.sort_key)
                  if not isinstance(o.value, bool)]
    return MetricResult(
        id=metric.id, line=plan.line_of(metric.id), area=metric.area, area_name=area.name if area else None,
        area_name_en=area.name_en if area else None, name=metric.name,
        name_en=metric.name_en, unit=metric.unit,
        target=str(target) if target is not None else None, threshold=threshold,
        mode=metric.mode, due=deadline, milestone=milestone,
        status=j.standing if due else NOT_DUE, standing=j.standing,
        actual=j.actual, period=j.period.text if j.period else None,
        margin=j.margin, baseline=baseline_info, weight=metric.weight, veto=metric.veto,
        observations=len(counted), source=j.obs.source if j.obs else None,
        remarks=notes, outlook=outlook, history=points,
    )


def _numeric(observations: list[Observation]) -> list[Observation]:
    return [o for o in observations if not isinstance(o.value, bool)]


def _point(obs: Optional[Observation]):
    return (obs.period.text, obs.period.end, obs.value) if obs is not None else None


def _base_point(metric: Metric, counted: list[Observation], baseline: Optional[Decimal]):
    """The outlook's base: the baseline when its value is known, else the earliest point."""
    if metric.baseline is not None and baseline is not None:
        span = metric.baseline.span
        return (span.text, span.end, baseline)
    numeric = _numeric(counted)
    if not numeric:
        return None
    return _point(min(numeric, key=lambda o: (o.period.end, o.period.start)))


def _baseline(metric: Metric, counted: list[Observation]):
    """The baseline value: from the plan, else the observation of that period."""
    notes: list[Remark] = []
    if metric.baseline is None:
        return None, None, notes
    span = metric.baseline.span
    if metric.baseline.value is not None:
        value = metric.baseline.value
        return value, BaselineInfo(period=span.text, value=value, origin="plan"), notes
    for obs in counted:
        if obs.period.same_span(span) and not isinstance(obs.value, bool):
            return obs.value, BaselineInfo(period=span.text, value=obs.value, origin="data"), notes
    if isinstance(metric.target, ChangeTarget):
        notes.append(_remark("baseline_missing", period=span.text))
    return None, BaselineInfo(period=span.text, value=None, origin="data"), notes


def _latest(observations: list[Observation]) -> Optional[Observation]:
    if not observations:
        return None
    return max(observations, key=lambda o: o.period.sort_key)


def _latest_only(counted: list[Observation]) -> _Judgement:
    obs = _latest(counted)
    if obs is None:
        return _Judgement(MISSING)
    return _Judgement(MISSING, obs.value, obs.period, obs=obs)


def _judge(plan: Plan, metric: Metric, target: Target, counted: list[Observation],
           baseline: Optional[Decimal], when: date) -> _Judgement:
    if isinstance(target, ChangeTarget):
        if baseline is None:
            j = _latest_only(counted)
            j.standing = MISSING
            return j
        # Only observations after the baseline period show a change.
        base_end = metric.baseline.span.end
        counted = [o for o in counted if o.period.end > base_end]
        if not counted:
            return _Judgement(MISSING, note=_remark("no_obs_after_baseline",
                                                    period=metric.baseline.span.text))

    def check(obs: Observation) -> tuple[bool, Optional[Decimal]]:
        if isinstance(target, AchievedTarget):
            return target.passes(obs.value), None
        if isinstance(target, ChangeTarget):
            margin = target.margin(baseline, obs.value)
            if target.relative:  # a display value: the decision above is exact
                margin = margin.quantize(_CENT, ROUND_HALF_UP).normalize()
            return target.passes(baseline, obs.value), margin
        return target.passes(obs.value), target.margin(obs.value)

    latest = _latest(counted)
    if latest is None:
        return _Judgement(MISSING)
    if metric.mode != "sustained":
        ok, margin = check(latest)
        return _Judgement(PASS if ok else FAIL, latest.value, latest.period, margin, obs=latest)

    # Rule (sustained): every observation in [first stage start, E] must pass.
    start = plan.stages[0].start
    window = [o for o in counted if start <= o.period.end <= when]
    if not window:
        ok, margin = check(latest)
        return _Judgement(PASS if ok else FAIL, latest.value, latest.period, margin,
                          note=_remark("sustained_fallback", start=start),
                          obs=latest)
    judged = [(o, *check(o)) for o in window]
    failing = [item for item in judged if not item[1]]
    margins = [m for _, _, m in judged if m is not None]
    worst_margin = min(margins) if margins else None
    if failing:
        worst = min(failing, key=lambda item: (item[2] if item[2] is not None else 0,
                                               item[0].period.sort_key))
        return _Judgement(FAIL, worst[0].value, worst[0].period, worst_margin,
                          note=_remark("sustained_fail", k=len(failing), n=len(window),
                                       start=start, worst=worst[0].period.text),
                          obs=worst[0])
    return _Judgement(PASS, latest.value, latest.period, worst_margin,
                      note=_remark("sustained_pass", n=len(window), start=start),
                      obs=latest)
