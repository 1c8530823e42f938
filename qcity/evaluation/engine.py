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
from qcity.evaluation.counting import history_points, point_judge
from qcity.evaluation.judging import Judgement, closest_note, judge, remark
from qcity.evaluation.series import Series
from qcity.errors import Location, UsageError
from qcity.plan.due import Held, current_stage, horizon
from qcity.plan.model import Metric, Plan, Stage
from qcity.evaluation.outlook import UNKNOWN, assess, default_limit
from qcity.evaluation.report import (FAIL, INDICATOR, NOT_DUE, PASS, AcceptanceInfo,
                                     Aggregation, BaselineInfo, MetricResult, PlanInfo, Remark, Report,
                                     StageInfo)
from qcity.actuals.series import Summary, Window
from qcity.plan.targets import ChangeTarget, ReferenceTarget, Target


def evaluation_window(plan: Plan, as_of: Optional[date] = None, stage: Optional[str] = None,
                      history: Union[bool, int] = False) -> Window:
    """The window of an evaluation, and what to keep for it.

    Without ``stage``: the stage ``as_of`` falls in; targets due by E are judged, with
    E = ``as_of`` (no later than the plan's last deadline: after the plan, every target is
    due and its own deadline's figures judge it).  With ``stage``: that stage as a dry
    run, E = min(as_of, stage end), and targets due by the stage's end are judged.
    """
    current, when, judged, basis = _when(plan, as_of or date.today(), stage)
    return Window.for_plan(plan, current, when, history, judged=judged, basis=basis)


def _when(plan: Plan, as_of: date, stage: Optional[str]) -> tuple[Stage, date, date, str]:
    """(stage, evaluation date E, date targets are due by, how the stage was chosen)"""
    if stage is None:
        current, basis = current_stage(plan, as_of)
        when = min(as_of, _horizon(plan))
        return current, when, when, basis
    current = select_stage(plan, stage)
    return current, min(as_of, current.end), current.end, "chosen"


def _horizon(plan: Plan) -> date:
    cache = plan.cache
    last = cache.get("horizon")
    if last is None:
        last = cache["horizon"] = horizon(plan)
    return last


def evaluate(plan: Plan, actuals: Actuals, as_of: Optional[date] = None,
             stage: Optional[str] = None, history: Union[bool, int] = False,
             city: Optional[str] = None, brief: bool = False) -> Report:
    """Evaluate a plan for one city (None: a single-city plan).

    ``history=True`` keeps every counted observation in the report (``trend``), a
    number N the latest N of them (charts).  ``brief``: a scoreboard row's worth, no
    more: each metric is a :class:`Brief` holding what the verdict, score, grade and
    counts are derived from (a national table judges 280,000 city-metric pairs and
    shows one row a city); such a report is for ``standing()``, not for rendering.
    """
    as_of = as_of or date.today()
    window = actuals.window or evaluation_window(plan, as_of, stage, history)
    current, when, judged, _ = _when(plan, as_of, stage)
    if (window.stage.id, window.when, window.judged) != (current.id, when, judged):
        raise ValueError("actuals were read for another evaluation date or stage")
    shared = _shared(plan, window)
    summary = actuals.summary

    def lookup(ref: str):  # another metric of the same city (a comparison: 高于全省平均)
        return summary(city, ref, window)

    # built from checked values: construct, without validating again (a city at a time)
    return construct(
        Report,
        plan=construct(PlanInfo, id=plan.id, path=plan.path, city=city or plan.city,
                       city_en=None if city else plan.city_en, title=plan.title,
                       title_en=plan.title_en, lang=plan.lang, source=plan.source),
        as_of=as_of,
        evaluated_at=window.when,
        due_by=window.judged,
        stage_basis=window.basis,
        stage=shared[0],
        acceptance=shared[1],
        metrics=[evaluate_metric(plan, m, summary(city, m.id, window), window, facts, lookup,
                                 brief)
                 for m, facts in zip(plan.metrics, _facts(plan))],
    )


def _shared(plan: Plan, window: Window) -> tuple:
    """(stage, acceptance) of every city's report of one window: made once."""
    known = window.cache.get("report")
    if known is None:
        acceptance = None
        if plan.acceptance is not None:
            acceptance = AcceptanceInfo(**plan.acceptance.model_dump())
        known = window.cache["report"] = (StageInfo(**window.stage.model_dump()), acceptance)
    return known


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


class _Facts:
    """What evaluating a metric needs that does not depend on the data (once per plan)."""

    __slots__ = ("deadline", "line", "area", "limit", "texts", "presets", "met")

    def __init__(self, plan: Plan, metric: Metric, lines: dict):
        self.deadline = plan.deadline(metric)
        self.met = assess(metric.target, True, None, None, self.deadline, None, None)
        self.line = lines.get(metric.id)
        self.area = plan.area(metric.area)
        self.limit = default_limit(metric.unit, metric.target, metric.limit)
        self.texts: dict[int, str] = {}
        self.presets: dict[tuple, Preset] = {}

    def preset(self, metric: Metric, held: Held) -> Preset:
        """The result's fields that are the metric's, for the target it is held to."""
        key = (held.milestone, held.due)
        known = self.presets.get(key)
        if known is None:
            target = held.target
            area = self.area
            known = self.presets[key] = Preset(
                MetricResult, id=metric.id, line=self.line, area=metric.area,
                area_name=area.name if area else None,
                area_name_en=area.name_en if area else None, name=metric.name,
                name_en=metric.name_en, unit=_unit(metric), unit_en=metric.unit_en,
                target=self.text(target) if target is not None else None,
                threshold=getattr(target, "pass_line", target.threshold)
                if target is not None else None,  # the bar pass/fail uses (左右: relaxed)
                aim=getattr(target, "aim", None), standard=metric.standard,
                against=metric.against, aggregate=_aggregation(metric),
                mode=metric.mode, due=self.deadline, milestone=held.milestone,
                weight=metric.weight, veto=metric.veto)
        return known

    def text(self, target: Target) -> str:
        key = id(target)
        text = self.texts.get(key)
        if text is None:
            text = self.texts[key] = str(target)
        return text


def _aggregation(metric: Metric) -> Optional[Aggregation]:
    agg = metric.aggregate
    if agg is None:
        return None
    return Aggregation(how=agg.how, condition=str(agg.condition) if agg.condition else None,
                       unit=metric.unit)


def _unit(metric: Metric) -> Optional[str]:
    """The unit of the figures judged: a share of sub-units is in %, a count has none."""
    if metric.aggregate is not None and metric.aggregate.condition is not None:
        return "%" if metric.aggregate.how == "share" else None
    return metric.unit


def _facts(plan: Plan) -> list[_Facts]:
    cache = plan.cache
    facts = cache.get("facts")
    if facts is None:
        lines = plan.lines
        facts = cache["facts"] = [_Facts(plan, m, lines) for m in plan.metrics]
    return facts


class Brief:
    """A metric's result as a scoreboard row needs it (``evaluate(brief=True)``): the
    fields of :class:`MetricResult` that ``Report.standing`` reads."""

    def __init__(self, base: dict, status: str, outlook):
        self.id, self.weight, self.veto = base["id"], base["weight"], base["veto"]
        self.status, self.outlook = status, outlook


def evaluate_metric(plan: Plan, metric: Metric, summary: Summary, window: Window,
                    facts: Optional[_Facts] = None, lookup=None,
                    brief: bool = False) -> MetricResult:
    """One metric's result; ``lookup(metric id)`` gives another metric's summary for the
    same city (a comparison with it: 高于全省平均)."""
    facts = facts or _Facts(plan, metric, plan.lines)
    spec = summary.spec
    held = spec.held
    deadline = facts.deadline
    preset = spec.preset  # worked out once a window (a national run: once, not per city)
    if preset is None:
        preset = spec.preset = facts.preset(metric, held)
    target = held.target
    # Rule: a target is judged on figures ending by the day it falls due (by E before).
    cutoff = min(window.when, held.when) if held.due else window.when

    baseline, baseline_info, notes = _baseline(metric, summary)
    summary.settle(baseline)
    series = None
    if spec.series:
        series = Series(plan, metric, summary, window, target, baseline, cutoff, lookup)
        notes += series.notes()
        data, now = series.held, series.now
    else:
        data = now = summary
    if target is None:
        shown = data.latest or (series.other[-1] if series is not None and series.other
                                else None)
        j = final = Judgement.of(None, shown)
    else:
        j = _judge_held(plan, metric, held, data, series, baseline, cutoff)
        final = j
        if held.milestone is not None:
            final = _judge_final(plan, metric, now, series, baseline, window.when)
    if j.note:
        notes.append(j.note)
    closest = closest_note(j, _unit(metric))  # a passing window shows its closest figure
    if closest is not None:
        notes.append(closest)
    if j.obs is not None and j.obs.revised is not None:  # a revised figure: say what it was
        notes.append(remark("revised", period=j.obs.period, was=j.obs.revised or "-"))
    if data.later:
        notes.append(remark("later_not_counted", n=data.later, date=cutoff))
    subunits = None
    if series is not None and metric.aggregate is not None:
        subunits, missing_units = series.subunits_at(j.period)
        if missing_units is not None:
            notes.append(missing_units)
    if j.base is not None:  # against: the figure this period's change was measured from
        baseline_info = BaselineInfo(period=j.base.period.text, value=j.base.value,
                                     origin="data")

    missed = final.missed or j.missed
    if missed is not None and metric.target is not None:
        # a miss inside the window stays in it until the deadline: no pace can undo it
        outlook = assess(metric.target, False, None, None, deadline, baseline, facts.limit,
                         window.when, missed=missed.text)
    elif final.standing == PASS and metric.target is not None:
        outlook = facts.met  # met: the same outlook for every city (made once)
    else:
        outlook = assess(_plain_target(metric, final, j), False,
                         _base_point(metric, now, baseline), _point(now.latest), deadline,
                         baseline, facts.limit, window.when, failed=final.standing == FAIL)
        if held.milestone is not None and j.standing == PASS and outlook is not None \
                and outlook.status == UNKNOWN:
            outlook = facts.met  # the milestone it is held to passes now: no pace to judge
    points = None
    if now.history is not None:
        kept = sorted(now.history, key=lambda o: o.period.sort_key)
        if window.history is not True:  # charts: the latest N (a bounded series)
            kept = kept[-window.history:]
        points = history_points(plan, metric, held, j, cutoff, spec.kind, kept,
                                point_judge(plan, metric, held, series, baseline))
    if target is None:
        status = INDICATOR
    else:
        status = j.standing if held.due else NOT_DUE
    if brief:
        return Brief(preset.base, status, outlook)
    # built from the engine's own checked values: construct without validating again
    result = preset(
        status=status, standing=j.standing,
        actual=j.actual, period=j.period.text if j.period else None,
        margin=j.margin, baseline=baseline_info, observations=data.count,
        source=j.obs.source if j.obs else None,
        remarks=notes, outlook=outlook, previous=None, change=None, history=points,
    )
    if j.threshold is not None or subunits is not None:  # a bar that moves; sub-units
        extra = {"subunits": subunits}
        if j.threshold is not None:
            extra["threshold"] = j.threshold
        result = result.model_copy(update=extra)
    return result


def _plain_target(metric: Metric, final: Judgement, j: Judgement):
    """The final target as the outlook can project it: a comparison becomes the level of
    the latest period compared; a period-over-period change has no level."""
    target = metric.target
    if isinstance(target, ReferenceTarget):
        bar = final.threshold if final.threshold is not None else j.threshold
        return "no_reference" if bar is None else target.level(bar - target.offset)
    if metric.against is not None:
        return "each_period"
    return target


def _judge_held(plan, metric, held: Held, data: Summary, series: Optional[Series],
                baseline, until: date) -> Judgement:
    """The metric against the target it is held to (a milestone or the final one)."""
    if series is not None:
        return series.judge(held.target, data, baseline, until, 0, held.period)
    return judge(plan, metric, held.target, data, baseline, 0, until)


def _judge_final(plan, metric, now: Summary, series: Optional[Series], baseline,
                 until: date) -> Judgement:
    """The final target's standing while a milestone is judged (for the outlook)."""
    # a sustained summary of the milestone's figures tallies it first, then the final target
    index = 1 if series is None or series.now is series.held else 0
    if series is not None:
        return series.judge(metric.target, now, baseline, until, index)
    return judge(plan, metric, metric.target, now, baseline, index, until)


def _baseline(metric: Metric, summary: Summary):
    """The baseline value: from the plan (the agreed one, even when the data's figure for
    that period differs: a remark says so), else the observation of that period."""
    notes: list[Remark] = []
    if metric.baseline is None:
        return None, None, notes
    span = metric.baseline.span
    obs = summary.baseline
    if metric.baseline.value is not None:
        value = metric.baseline.value
        if obs is not None and not isinstance(obs.value, bool) and obs.value != value:
            notes.append(remark("baseline_conflict", period=span.text, plan=value,
                                data=obs.value))
        return value, BaselineInfo(period=span.text, value=value, origin="plan"), notes
    if obs is not None and not isinstance(obs.value, bool):
        return obs.value, BaselineInfo(period=span.text, value=obs.value, origin="data"), notes
    if isinstance(metric.target, ChangeTarget):
        notes.append(remark("baseline_missing", period=span.text))
    return None, BaselineInfo(period=span.text, value=None, origin="data"), notes


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
