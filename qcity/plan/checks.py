"""Checks that need the whole plan: unique ids, stage order, references between keys.

Field validation lives on the models (``qcity.plan.model``); these checks run
after it and report every problem at once, each with its key path, so the loader
can place it at its line and column.
"""

from __future__ import annotations

from qcity.diagtext import message
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
                problems.append(((section, i, "id"), message(
                    "check.duplicate_id", id=item.id, section=section, other=seen[item.id]),
                    "Q110"))
            seen.setdefault(item.id, i)
    for i in range(1, len(plan.stages)):
        before, stage = plan.stages[i - 1], plan.stages[i]
        if stage.start <= before.end:
            problems.append((("stages", i, "start"), message(
                "check.stage_order", stage=stage.id, start=str(stage.start), before=before.id,
                end=str(before.end)), "Q111"))
    if isinstance(plan.cities, list):
        seen_cities: set[str] = set()
        for i, city in enumerate(plan.cities):
            if city in seen_cities:
                problems.append((("cities", i), message("check.city_twice", city=city), "Q110"))
            seen_cities.add(city)
    problems += _name_clashes(plan)
    stage_ids = Hints(s.id for s in plan.stages)  # did-you-means bounded in number
    area_ids = Hints(a.id for a in plan.areas)
    for i, m in enumerate(plan.metrics):
        at = ("metrics", i)
        if m.area is not None and m.area not in area_ids:
            problems.append((at + ("area",), message("check.unknown_area", area=m.area,
                                                     suggestion=area_ids.match(m.area)),
                             "Q114"))
        elif m.area is None and plan.areas:
            problems.append((at, message("check.no_area"), "Q114"))
        if m.due is not None and m.due not in stage_ids:
            try:
                parse_period(m.due)
            except ValueError:
                problems.append((at + ("due",), message("check.due", due=m.due,
                                                        suggestion=stage_ids.match(m.due)),
                                 "Q113"))
        for key, milestone in m.milestones.items():
            if key not in stage_ids and not _is_period(key):
                problems.append((at + ("milestones", key), message(
                    "check.milestone_key", key=key, suggestion=stage_ids.match(key)), "Q113"))
            elif m.target is not None and _family(milestone) != _family(m.target):
                problems.append((at + ("milestones", key), message(
                    "check.milestone_kind", kind=milestone.kind, target_kind=m.target.kind),
                    "Q117"))
        if m.milestones and m.target is None:
            problems.append((at + ("milestones",), message("check.milestones_need_target"),
                             "Q117"))
        if isinstance(m.target, ChangeTarget) and m.baseline is None and m.against is None:
            problems.append((at + ("target",), message("check.change_baseline",
                                                       target=str(m.target)), "Q116"))
        if isinstance(m.target, ChangeTarget) and m.target.relative and m.baseline \
                and m.baseline.value == 0:
            problems.append((at + ("baseline", "value"), message("check.zero_baseline"),
                             "Q116"))
        counted = m.aggregate is not None and m.aggregate.condition is not None
        if m.is_bool and m.target is not None and not isinstance(m.target, AchievedTarget) \
                and not counted:
            problems.append((at + ("target",), message("check.bool_target"), "Q117"))
        if isinstance(m.target, AchievedTarget) and not m.is_bool:
            problems.append((at + ("unit",), message("check.achieved_unit", unit=str(m.unit)),
                             "Q117"))
        if m.mode == "sustained" and m.target is None:
            problems.append((at + ("mode",), message("check.sustained_target"), "Q117"))
        problems += _period_rules(plan, m, at, stage_ids)
        problems += _form_rules(plan, m, at)
    if plan.subunits:
        seen_units: set[str] = set()
        for i, name in enumerate(plan.subunits):
            if name in seen_units:
                problems.append((("subunits", i), message("check.subunit_twice", name=name),
                                 "Q110"))
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
                problems.append((at + where, message("check.self_reference", target=str(target)),
                                 "Q119"))
            elif ref is None:
                problems.append((at + where, message(
                    "check.unknown_reference", ref=target.ref, target=str(target),
                    suggestion=_metric_hints(plan).match(target.ref, exclude=m.id)), "Q119"))
            elif ref.is_bool or (ref.unit and m.unit and not same_unit(ref.unit, m.unit)):
                problems.append((at + where, message(
                    "check.reference_unit", target=str(target), unit=m.unit or message("check.a_number"),
                    ref=ref.id, ref_unit=ref.unit or message("check.another_unit")), "Q117"))
        if target.kind == "range" and target.aim < target.value:
            problems.append((at + where, message("check.range_backwards", target=str(target)),
                             "Q118"))
        if getattr(target, "percent", False) and not m.is_percent and not share:
            problems.append((at + where, message("check.percent_unit", target=str(target),
                                                 unit=_unit(m)), "Q117"))
    if m.tolerance is not None and not m._relaxed:
        problems.append((at + ("tolerance",), message("check.tolerance"), "Q118"))
    if m.against is not None:
        if not isinstance(m.target, ChangeTarget):
            problems.append((at + ("against",), message("check.against_change",
                                                        against=m.against), "Q118"))
        elif m.baseline is not None:
            problems.append((at + ("against",), message(
                "check.against_baseline_previous" if m.against == "previous" else
                "check.against_baseline_year", against=m.against), "Q118"))
        if (m.period or m.every or plan.period) is None:
            problems.append((at + ("against",), message("check.against_period",
                                                        against=m.against), "Q118"))
    if m.aggregate is not None:
        problems += _aggregate_rules(m, at)
    return problems


def _aggregate_rules(m: Metric, at: tuple) -> list:
    agg = m.aggregate
    where = at + ("aggregate",)
    if agg.condition is not None:
        wants_bool = isinstance(agg.condition, AchievedTarget)
        if wants_bool != m.is_bool:
            return [(where, message("check.count_bool" if wants_bool else "check.count_numbers",
                                    how=agg.how, condition=str(agg.condition), unit=_unit(m)),
                     "Q117")]
        if m.target is not None and _family(m.target) != "level":
            return [(at + ("target",), message("check.aggregate_level", how=agg.how), "Q117")]
    elif agg.how in ("mean", "min", "max") and m.is_bool:
        return [(where, message("check.aggregate_bool", how=agg.how), "Q117")]
    return []


def _unit(m: Metric):
    return message("check.unit_is", unit=m.unit) if m.unit else message("check.unit_unset")


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
            problems.append((at + ("every",), message("check.every_target"), "Q118"))
        elif isinstance(m.target, ChangeTarget) and m.against is None:
            problems.append((at + ("every",), message("check.every_change", every=m.every,
                                                      target=str(m.target)), "Q118"))
        if m.period is not None and m.period != m.every:
            problems.append((at + ("period",), message("check.period_every", period=m.period,
                                                       every=m.every), "Q118"))
    if m.from_ is not None:
        if m.from_ not in stage_ids and not _is_date(m.from_):
            problems.append((at + ("from",), message(
                "check.from", start=m.from_, suggestion=stage_ids.match(m.from_)), "Q113"))
        elif m.every is None and m.mode != "sustained" and m.against is None:
            problems.append((at + ("from",), message("check.from_window"), "Q118"))
    kind = m.period or m.every or plan.period
    if kind is not None:
        for key in m.milestones:
            if key not in stage_ids and _is_period(key) and kind_of(parse_period(key)) != kind:
                problems.append((at + ("milestones", key), message(
                    "check.milestone_period", key=key, kind=kind), "Q118"))
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
                problems.append((("metrics", i, "aliases", j), message(
                    "check.alias_clash", alias=alias, owner=owner), "Q110"))
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

