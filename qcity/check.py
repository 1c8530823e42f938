"""The one core call behind ``qcity check``: plan + data + date -> reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional, Sequence

from qcity.actuals import Progress, read_actuals
from qcity.engine import cities_of, evaluate, evaluation_window
from qcity.errors import Diagnostic, Location, QcityError, UsageError
from qcity.loading import load_plan
from qcity.model import Plan
from qcity.project import Project, expand_data
from qcity.report import Report, Scoreboard, compare


@dataclass
class Outcome:
    """One plan's result: its reports (one a city), or the errors that stopped it."""

    name: str
    plan: Optional[Plan] = None
    reports: list[Report] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    scoreboard: Optional[Scoreboard] = None  # a plan for several cities, no --city

    @property
    def report(self) -> Optional[Report]:
        return self.reports[0] if len(self.reports) == 1 and self.scoreboard is None else None


def check_plan(project: Project, name: str, data: Sequence[str] = (),
               as_of: Optional[date] = None, stage: Optional[str] = None,
               encoding: Optional[str] = None, history: bool = False,
               progress: Optional[Progress] = None, city: Optional[str] = None,
               compare_to: Optional[date] = None) -> Outcome:
    """Evaluate one plan; bad input becomes ``Outcome.errors``, never an exception."""
    outcome = Outcome(name)
    as_of = as_of or date.today()
    try:
        plan = outcome.plan = load_plan(str(project.plan_path(name)))
        if city is not None and plan.cities is None:
            raise UsageError(f'plan "{plan.id}" is for one city ({plan.city}); --city is for '
                             "plans with cities:", Location("qcity"))
        paths = [str(p) for p in (expand_data(list(data)) if data
                                  else project.data_paths(plan.id))]
        # The evaluation date is known before the first row: read into summaries.
        window = evaluation_window(plan, as_of, stage, history)
        actuals = read_actuals(paths, plan, encoding=encoding, progress=progress, window=window)
        outcome.warnings = actuals.warnings
        outcome.reports = _reports(plan, actuals, as_of, stage, history, city)
        if compare_to is not None:
            if compare_to >= as_of:
                raise UsageError(f"--compare-to {compare_to} must be before the as-of date "
                                 f"{as_of}", Location("qcity"))
            before = read_actuals(paths, plan, encoding=encoding,
                                  window=evaluation_window(plan, compare_to, stage))
            earlier = _reports(plan, before, compare_to, stage, False, city)
            by_city = {r.plan.city: r for r in earlier}
            outcome.reports = [compare(r, by_city.get(r.plan.city)) for r in outcome.reports]
        if plan.cities is not None and city is None:
            outcome.scoreboard = Scoreboard.of(plan, outcome.reports)
    except QcityError as exc:
        outcome.errors = exc.diagnostics
    return outcome


def _reports(plan: Plan, actuals, as_of, stage, history, city) -> list[Report]:
    if plan.cities is None:
        return [evaluate(plan, actuals, as_of, stage, history)]
    if city is not None:
        known = cities_of(plan, actuals)
        if city not in known:
            raise UsageError(f'no city "{city}" in plan "{plan.id}" or its data (cities: '
                             f"{', '.join(known[:10])}{' …' if len(known) > 10 else ''})",
                             Location("qcity"))
        return [evaluate(plan, actuals, as_of, stage, history, city)]
    return [evaluate(plan, actuals, as_of, stage, history, c) for c in cities_of(plan, actuals)]


def check_plans(project: Project, names: Sequence[str] = (), **options) -> list[Outcome]:
    """Every named plan, or every plan of the project when none is named."""
    names = list(names) or [p.stem for p in project.plan_paths()]
    return [check_plan(project, name, **options) for name in names]
