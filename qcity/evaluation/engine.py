"""The evaluation engine: ``evaluate(plan, actuals, as_of, stage) -> Report``.

Pure functions of their inputs, no printing, no I/O.  The rules are those of
DESIGN.md "Evaluation"; each branch below names the rule it implements.  The
engine reads per-(city, metric) summaries (``qcity.actuals.series``), so it costs the
same whether the data had ten rows or ten million.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Optional, Union

from qcity.actuals.store import Actuals
from qcity.evaluation.construct import Preset, construct
from qcity.errors import Location, UsageError
from qcity.plan.model import Metric, Plan, Stage
from qcity.evaluation.outlook import OFF_TRACK, Outlook, assess, default_limit, why
from qcity.plan.periods import Period
from qcity.evaluation.report import (FAIL, MISSING, NOT_DUE, PASS, AcceptanceInfo, BaselineInfo,
                          MetricResult, PlanInfo, Point, Remark, Report, StageInfo)
from qcity.actuals.series import Summary, Window, current_target
from qcity.plan.targets import ChangeTarget, Target
from qcity.values import cents


def evaluation_window(plan: Plan, as_of: Optional[date] = None, stage: Optional[str] = None,
                      history: Union[bool, int] = False) -> Window:
    """The window of an evaluation: E = min(as_of, stage end), and what to keep for it."""
    as_of = as_of or date.today()
    current = select_stage(plan, stage)
    return Window.for_plan(plan, current, min(as_of, current.end), history)


def evaluate(plan: Plan, actuals: Actuals, as_of: Optional[date] = None,
             stage: Optional[str] = None, history: Union[bool, int] = False,
             city: Optional[str] = None) -> Report:
    """Evaluate a plan for one city (None: a single-city plan).

    ``history=True`` keeps every counted observation in the report (``trend``), a
    number N the latest N of them (charts).
    """
    as_of = as_of or date.today()
    window = actuals.window or evaluation_window(plan, as_of, stage, history)
    if actuals.window is not None and (window.stage.id != select_stage(plan, stage).id
                                       or window.when != min(as_of, window.stage.end)):
        raise ValueError("actuals were read for another evaluation date or stage")
    acceptance = None
    if plan.acceptance is not None:
        acceptance = AcceptanceInfo(**plan.acceptance.model_dump())
    return Report(
        plan=PlanInfo(id=plan.id, path=plan.path, city=city or plan.city,
                      city_en=None if city else plan.city_en, title=plan.title,
                      title_en=plan.title_en, lang=plan.lang, source=plan.source),
        as_of=as_of,
        evaluated_at=window.when,
        stage=StageInfo(**window.stage.model_dump()),
        acceptance=acceptance,
        metrics=[evaluate_metric(plan, m, actuals.summary(city, m.id, window), window, facts)
                 for m, facts in zip(plan.metrics, _facts(plan))],
    )


def evaluate_cities(plan: Plan, actuals: Actuals, as_of: Optional[date] = None,
                    stage: Optional[str] = None, history: bool = False) -> list[Report]:
    """One report a city: the plan's listed cities, else every city in the data."""
    return [evaluate(plan, actuals, as_of, stage, history, city)
            for city in cities_of(plan, actuals)]


def cities_of(plan: Plan, actuals: Actuals) -> list[str]:
    if isinstance(plan.cities, list):
        return list(plan.cities)
    return sorted(actuals.cities())


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
    return construct(Remark, code=code, args={k: str(v) for k, v in args.items()})


class _Judgement:
    """The standing of one metric against one target at one date."""

    def __init__(self, standing: Optional[str], actual=None, period: Optional[Period] = None,
                 margin: Optional[Decimal] = None, note: Optional[Remark] = None, obs=None):
        self.standing, self.actual, self.period = standing, actual, period
        self.margin, self.note, self.obs = margin, note, obs

    @classmethod
    def of(cls, standing: Optional[str], obs, margin=None, note=None) -> "_Judgement":
        if obs is None:
            return cls(standing, note=note)
        return cls(standing, obs.value, obs.period, margin, note, obs)


class _Facts:
    """What evaluating a metric needs that does not depend on the data (once per plan)."""

    __slots__ = ("deadline", "line", "area", "limit", "texts", "stages")

    def __init__(self, plan: Plan, metric: Metric, lines: dict):
        self.deadline = plan.deadline(metric)
        self.line = lines.get(metric.id)
        self.area = plan.area(metric.area)
        self.limit = default_limit(metric.unit, metric.target, metric.limit)
        self.texts: dict[int, str] = {}
        self.stages: dict[str, tuple] = {}

    def at(self, plan: Plan, metric: Metric, stage: Stage) -> tuple:
        """(target, milestone, due?, the result's fields that are the metric's) at a stage."""
        known = self.stages.get(stage.id)
        if known is None:
            target, milestone, due = current_target(plan, metric, stage)
            area = self.area
            preset = Preset(
                MetricResult, id=metric.id, line=self.line, area=metric.area,
                area_name=area.name if area else None,
                area_name_en=area.name_en if area else None, name=metric.name,
                name_en=metric.name_en, unit=metric.unit, unit_en=metric.unit_en,
                target=self.text(target) if target is not None else None,
                threshold=target.threshold if target is not None else None,
                mode=metric.mode, due=self.deadline, milestone=milestone,
                weight=metric.weight, veto=metric.veto)
            known = self.stages[stage.id] = (target, milestone, due, preset)
        return known

    def text(self, target: Target) -> str:
        key = id(target)
        text = self.texts.get(key)
        if text is None:
            text = self.texts[key] = str(target)
        return text


def _facts(plan: Plan) -> list[_Facts]:
    cache = plan.cache
    facts = cache.get("facts")
    if facts is None:
        lines = plan.lines
        facts = cache["facts"] = [_Facts(plan, m, lines) for m in plan.metrics]
    return facts


def evaluate_metric(plan: Plan, metric: Metric, summary: Summary, window: Window,
                    facts: Optional[_Facts] = None) -> MetricResult:
    facts = facts or _Facts(plan, metric, plan.lines)
    stage, when = window.stage, window.when
    deadline = facts.deadline
    # Rule: due when the deadline falls by the stage's end, or a milestone names the stage.
    target, milestone, due, preset = facts.at(plan, metric, stage)

    baseline, baseline_info, notes = _baseline(metric, summary)
    summary.settle(baseline)
    if target is None:
        j = _Judgement.of(None, summary.latest)
    else:
        j = _judge(plan, metric, target, summary, baseline, 0)
    final = j
    if milestone is not None:
        final = _judge(plan, metric, metric.target, summary, baseline, 1)
    if j.note:
        notes.append(j.note)
    if j.obs is not None and j.obs.revised is not None:  # a revised figure: say what it was
        notes.append(_remark("revised", period=j.obs.period, was=j.obs.revised or "-"))
    if summary.later:
        notes.append(_remark("later_not_counted", n=summary.later, date=when))

    if final.note is not None and final.note.code == "sustained_fail":
        # a miss inside the window stays in it until the deadline: no pace can undo it
        outlook = construct(Outlook, status=OFF_TRACK, deadline=deadline,
                                          **why("sustained_missed", period=final.period))
    else:
        outlook = assess(metric.target, final.standing == PASS, _base_point(metric, summary,
                                                                           baseline),
                         _point(summary.latest), deadline, baseline, facts.limit, when)
    points = None
    if summary.history is not None:
        kept = sorted(summary.history, key=lambda o: o.period.sort_key)
        if window.history is not True:  # charts: the latest N (a bounded series)
            kept = kept[-window.history:]
        points = [Point(period=o.period.text, end=o.period.end, value=o.value) for o in kept]
    # built from the engine's own checked values: construct without validating again
    return preset(
        status=j.standing if due else NOT_DUE, standing=j.standing,
        actual=j.actual, period=j.period.text if j.period else None,
        margin=j.margin, baseline=baseline_info, observations=summary.count,
        source=j.obs.source if j.obs else None,
        remarks=notes, outlook=outlook, previous=None, change=None, history=points,
    )


def _baseline(metric: Metric, summary: Summary):
    """The baseline value: from the plan, else the observation of that period."""
    notes: list[Remark] = []
    if metric.baseline is None:
        return None, None, notes
    span = metric.baseline.span
    if metric.baseline.value is not None:
        value = metric.baseline.value
        return value, BaselineInfo(period=span.text, value=value, origin="plan"), notes
    obs = summary.baseline
    if obs is not None and not isinstance(obs.value, bool):
        return obs.value, BaselineInfo(period=span.text, value=obs.value, origin="data"), notes
    if isinstance(metric.target, ChangeTarget):
        notes.append(_remark("baseline_missing", period=span.text))
    return None, BaselineInfo(period=span.text, value=None, origin="data"), notes


def _check(target: Target, obs, baseline: Optional[Decimal]) -> tuple[bool, Optional[Decimal]]:
    if isinstance(target, ChangeTarget):
        margin = target.margin(baseline, obs.value)
        if target.relative:  # a display value: the decision is exact
            margin = cents(margin)
        return target.passes(baseline, obs.value), margin
    if target.kind == "achieved":
        return target.passes(obs.value), None
    return target.passes(obs.value), target.margin(obs.value)


def _judge(plan: Plan, metric: Metric, target: Target, summary: Summary,
           baseline: Optional[Decimal], tally_index: int) -> _Judgement:
    latest = summary.latest
    if isinstance(target, ChangeTarget):
        # Rule: a change target whose baseline is unknown is missing.
        if baseline is None:
            return _Judgement.of(MISSING, latest)
        # Only observations after the baseline period show a change.
        base_end = metric.baseline.span.end
        if latest is None or latest.period.end <= base_end:
            return _Judgement(MISSING, note=_remark("no_obs_after_baseline",
                                                   period=metric.baseline.span.text))
    if latest is None:
        return _Judgement(MISSING)
    if metric.mode != "sustained":
        ok, margin = _check(target, latest, baseline)
        return _Judgement.of(PASS if ok else FAIL, latest, margin)

    # Rule (sustained): every observation in [first stage start, E] must pass.
    start = plan.stages[0].start
    if summary.in_window == 0:
        ok, margin = _check(target, latest, baseline)
        return _Judgement.of(PASS if ok else FAIL, latest, margin,
                             _remark("sustained_fallback", start=start))
    tally = summary.tallies[tally_index]
    if tally.misses:
        worst = tally.worst
        _, worst_margin = _check(target, worst, baseline)
        return _Judgement(FAIL, worst.value, worst.period, _display(tally.min_margin, target),
                          _remark("sustained_fail", k=tally.misses, n=summary.in_window,
                                  start=start, worst=worst.period.text), worst)
    newest = summary.latest_in_window
    return _Judgement.of(PASS, newest, _display(tally.min_margin, target),
                         _remark("sustained_pass", n=summary.in_window, start=start))


def _display(margin: Optional[Decimal], target: Target) -> Optional[Decimal]:
    if margin is not None and isinstance(target, ChangeTarget) and target.relative:
        return cents(margin)
    return margin


def _point(obs):
    if obs is None or isinstance(obs.value, bool):
        return None
    return (obs.period.text, obs.period.end, obs.value)


def _base_point(metric: Metric, summary: Summary, baseline: Optional[Decimal]):
    """The outlook's base: the baseline when its value is known, else the earliest point."""
    if metric.baseline is not None and baseline is not None:
        span = metric.baseline.span
        return (span.text, span.end, baseline)
    return _point(summary.earliest)
