"""Checks that need the whole plan: unique ids, stage order, references between keys.

Field validation lives on the models (``qcity.plan.model``); these checks run
after it and report every problem at once, each with its key path, so the loader
can place it at its line and column.
"""

from __future__ import annotations

from qcity.plan.model import Metric, Plan, same_unit
from qcity.plan.periods import kind_of, parse_period, plan_date, plan_period
from qcity.plan.targets import AchievedTarget, ChangeTarget, ReferenceTarget
from qcity.values import Hints, nfkc


def cross_check(plan: Plan) -> list[tuple[tuple, str, str]]:
    """Whole-plan checks; returns (path, message, code) for every problem."""
    problems: list[tuple[tuple, str, str]] = []
    for section in ("stages", "areas", "metrics"):
        seen: dict[str, int] = {}
        for i, item in enumerate(getattr(plan, section)):
            if item.id in seen:
                problems.append(((section, i, "id"), f'duplicate id "{item.id}" '
                                 f"(also {section}[{seen[item.id]}])", "Q110"))
            seen.setdefault(item.id, i)
    for i in range(1, len(plan.stages)):
        before, stage = plan.stages[i - 1], plan.stages[i]
        if stage.start <= before.end:
            problems.append((("stages", i, "start"),
                             f'stage "{stage.id}" starts {stage.start}, on or before '
                             f'"{before.id}" ends ({before.end}); stages must be in order '
                             "and must not overlap", "Q111"))
    if isinstance(plan.cities, list):
        seen_cities: set[str] = set()
        for i, city in enumerate(plan.cities):
            if city in seen_cities:
                problems.append((("cities", i), f'city "{city}" is listed twice', "Q110"))
            seen_cities.add(city)
    problems += _name_clashes(plan)
    stage_ids = Hints(s.id for s in plan.stages)  # did-you-means bounded in number
    area_ids = Hints(a.id for a in plan.areas)
    for i, m in enumerate(plan.metrics):
        at = ("metrics", i)
        if m.area is not None and m.area not in area_ids:
            problems.append((at + ("area",), f'unknown area "{m.area}"'
                             + _did_you_mean(m.area, area_ids), "Q114"))
        elif m.area is None and plan.areas:
            problems.append((at, "metric has no area (the plan defines areas)", "Q114"))
        if m.due is not None and m.due not in stage_ids:
            try:
                parse_period(m.due)
            except ValueError:
                problems.append((at + ("due",), f'due "{m.due}" is neither a stage id nor a date'
                                 + _did_you_mean(m.due, stage_ids), "Q113"))
        for key, milestone in m.milestones.items():
            if key not in stage_ids and not _is_period(key):
                problems.append((at + ("milestones", key), f'"{key}" is neither a stage id nor '
                                 'a period such as "2014" or "2014-Q2"'
                                 + _did_you_mean(key, stage_ids), "Q113"))
            elif m.target is not None and _family(milestone) != _family(m.target):
                problems.append((at + ("milestones", key),
                                 f"milestone is a {milestone.kind} target but the metric's "
                                 f"target is a {m.target.kind} target", "Q117"))
        if m.milestones and m.target is None:
            problems.append((at + ("milestones",), "milestones need a target", "Q117"))
        if isinstance(m.target, ChangeTarget) and m.baseline is None and m.against is None:
            problems.append((at + ("target",), f'change target "{m.target}" needs a baseline '
                             '(baseline: {period: "2015"})', "Q116"))
        if isinstance(m.target, ChangeTarget) and m.target.relative and m.baseline \
                and m.baseline.value == 0:
            problems.append((at + ("baseline", "value"),
                             "a relative change from a zero baseline is undefined", "Q116"))
        counted = m.aggregate is not None and m.aggregate.condition is not None
        if m.is_bool and m.target is not None and not isinstance(m.target, AchievedTarget) \
                and not counted:
            problems.append((at + ("target",), 'a yes/no metric (unit: bool) takes the target '
                             '"achieved"', "Q117"))
        if isinstance(m.target, AchievedTarget) and not m.is_bool:
            problems.append((at + ("unit",), f'target "achieved" needs unit "bool", '
                             f'not "{m.unit}"', "Q117"))
        if m.mode == "sustained" and m.target is None:
            problems.append((at + ("mode",), "sustained mode needs a target", "Q117"))
        problems += _period_rules(plan, m, at, stage_ids)
        problems += _form_rules(plan, m, at)
    if plan.subunits:
        seen_units: set[str] = set()
        for i, name in enumerate(plan.subunits):
            if name in seen_units:
                problems.append((("subunits", i), f'sub-unit "{name}" is listed twice', "Q110"))
            seen_units.add(name)
    return problems


_FAMILY = {"level": "level", "range": "level", "about": "level", "reference": "level"}


def _family(target) -> str:
    return _FAMILY.get(target.kind, target.kind)


def _form_rules(plan: Plan, m: Metric, at: tuple) -> list:
    """References, units in targets, tolerance, against and aggregate."""
    problems = []
    metrics = _by_id(plan)
    share = m.aggregate is not None and m.aggregate.how == "share"
    targets = [(("target",), m.target)] + [(("milestones", k), t)
                                           for k, t in m.milestones.items()]
    for where, target in targets:
        if target is None:
            continue
        if isinstance(target, ReferenceTarget):
            ref = metrics.get(target.ref)
            if ref is m:
                problems.append((at + where, f'"{target}" compares the metric with itself',
                                 "Q119"))
            elif ref is None:
                problems.append((at + where, f'"{target.ref}" in "{target}" is neither a '
                                 "number nor a metric of this plan"
                                 + _metric_hints(plan).hint(target.ref, exclude=m.id), "Q119"))
            elif ref.is_bool or (ref.unit and m.unit and not same_unit(ref.unit, m.unit)):
                problems.append((at + where, f'"{target}" compares {m.unit or "a number"} with '
                                 f'"{ref.id}" in {ref.unit or "another unit"}: the units must '
                                 "agree", "Q117"))
        if target.kind == "range" and target.aim < target.value:
            problems.append((at + where, f'range "{target}" runs backwards: write the lower '
                             "bound first", "Q118"))
        if getattr(target, "percent", False) and not m.is_percent and not share:
            problems.append((at + where, f'target "{target}" has a "%" but the metric\'s '
                             f'unit is {_unit(m)} (write unit: "%" or drop the "%")', "Q117"))
    if m.tolerance is not None and not m._relaxed:
        problems.append((at + ("tolerance",), 'tolerance ("about", 左右) goes with a level '
                         'target such as "<= 75" or "== 75", given once (the key or "±")',
                         "Q118"))
    if m.against is not None:
        if not isinstance(m.target, ChangeTarget):
            problems.append((at + ("against",), f"against: {m.against} judges a change "
                             '(target "increase >= 5%" or "decrease > 0")', "Q118"))
        elif m.baseline is not None:
            problems.append((at + ("against",), f"against: {m.against} and a baseline "
                             "contradict each other: each period is compared with "
                             + ("the one before" if m.against == "previous" else
                                "a year earlier"), "Q118"))
        if (m.period or m.every or plan.period) is None:
            problems.append((at + ("against",), f"against: {m.against} needs the length of "
                             "its periods (period: year, quarter or month)", "Q118"))
    if m.aggregate is not None:
        problems += _aggregate_rules(m, at)
    return problems


def _aggregate_rules(m: Metric, at: tuple) -> list:
    agg = m.aggregate
    where = at + ("aggregate",)
    if agg.condition is not None:
        wants_bool = isinstance(agg.condition, AchievedTarget)
        if wants_bool != m.is_bool:
            need = 'yes/no figures (unit: bool)' if wants_bool else "numbers"
            return [(where, f'{agg.how} of "{agg.condition}" counts sub-units with {need}, '
                     f"but the metric's unit is {_unit(m)}", "Q117")]
        if m.target is not None and _family(m.target) != "level":
            return [(at + ("target",), f"the {agg.how} of sub-units is a number: its target is "
                     'a level such as ">= 40"', "Q117")]
    elif agg.how in ("mean", "min", "max") and m.is_bool:
        return [(where, f"the {agg.how} of yes/no figures is undefined (use every, "
                 "{share: achieved} or {count: achieved})", "Q117")]
    return []


def _unit(m: Metric) -> str:
    return f'"{m.unit}"' if m.unit else "not set"


def _is_period(text: str) -> bool:
    return _reads(plan_period, text)


def _reads(parse, text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


def _period_rules(plan: Plan, m: Metric, at: tuple, stage_ids: set) -> list:
    """period, every, from and period milestones must agree with each other."""
    problems = []
    if m.every is not None:
        if m.target is None:
            problems.append((at + ("every",), "every needs a target", "Q118"))
        elif isinstance(m.target, ChangeTarget) and m.against is None:
            problems.append((at + ("every",), f'every judges each {m.every}\'s figure against '
                             f'a level; "{m.target}" is a change from the baseline', "Q118"))
        if m.period is not None and m.period != m.every:
            problems.append((at + ("period",), f"period: {m.period} contradicts every: "
                             f"{m.every} (every {m.every} judges {m.every}ly figures)", "Q118"))
    if m.from_ is not None:
        if m.from_ not in stage_ids and not _is_date(m.from_):
            problems.append((at + ("from",), f'from "{m.from_}" is neither a stage id nor a '
                             'date (YYYY, YYYY-MM or YYYY-MM-DD)'
                             + _did_you_mean(m.from_, stage_ids), "Q113"))
        elif m.every is None and m.mode != "sustained" and m.against is None:
            problems.append((at + ("from",), "from starts the window of a sustained or every-"
                             "period target (add every: year or mode: sustained)", "Q118"))
    kind = m.period or m.every or plan.period
    if kind is not None:
        for key in m.milestones:
            if key not in stage_ids and _is_period(key) and kind_of(parse_period(key)) != kind:
                problems.append((at + ("milestones", key), f'milestone "{key}" is not a {kind}, '
                                 f"but the target is about a {kind}", "Q118"))
    return problems


def _is_date(text: str) -> bool:
    return _reads(plan_date, text)


def _name_clashes(plan: Plan) -> list[tuple[tuple, str, str]]:
    """An alias must name one metric only: not another metric's id, name or alias."""
    def key(text: str) -> str:
        return "".join(nfkc(text).casefold().split())

    owners: dict[str, str] = {}
    for m in plan.metrics:
        for text in (m.id, m.name):
            owners.setdefault(key(text), m.id)
    problems = []
    for i, m in enumerate(plan.metrics):
        for j, alias in enumerate(m.aliases):
            owner = owners.setdefault(key(alias), m.id)
            if owner != m.id:
                problems.append((("metrics", i, "aliases", j), f'alias "{alias}" also names '
                                 f'metric "{owner}"', "Q110"))
    return problems


def _by_id(plan: Plan) -> dict:
    """The plan's metrics by id, made once (made for each metric, a plan of 8,000 metrics
    took 6 s: the checks grew with the square of the metrics)."""
    if "metrics_by_id" not in plan.cache:
        plan.cache["metrics_by_id"] = {x.id: x for x in plan.metrics}
    return plan.cache["metrics_by_id"]


def _metric_hints(plan: Plan) -> Hints:
    """The plan's metric ids to suggest from, one bounded set for every metric's check."""
    if "metric_hints" not in plan.cache:
        plan.cache["metric_hints"] = Hints(x.id for x in plan.metrics)
    return plan.cache["metric_hints"]


def _did_you_mean(word: str, choices) -> str:
    return (choices if isinstance(choices, Hints) else Hints(choices)).hint(word)
