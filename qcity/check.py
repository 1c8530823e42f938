"""The one core call behind ``qcity check``: plan + data + date -> Report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional, Sequence

from qcity.actuals import Progress, read_actuals
from qcity.engine import evaluate
from qcity.errors import Diagnostic, QcityError
from qcity.loading import load_plan
from qcity.project import Project, expand_data
from qcity.report import Report


@dataclass
class Outcome:
    """One plan's result: a report, or the errors that stopped it; warnings either way."""

    name: str
    report: Optional[Report] = None
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def check_plan(project: Project, name: str, data: Sequence[str] = (),
               as_of: Optional[date] = None, stage: Optional[str] = None,
               encoding: Optional[str] = None, history: bool = False,
               progress: Optional[Progress] = None) -> Outcome:
    """Evaluate one plan; bad input becomes ``Outcome.errors``, never an exception."""
    outcome = Outcome(name)
    try:
        plan = load_plan(str(project.plan_path(name)))
        paths = expand_data(list(data)) if data else project.data_paths(plan.id)
        actuals = read_actuals([str(p) for p in paths], plan, encoding=encoding,
                               progress=progress)
        outcome.warnings = actuals.warnings
        outcome.report = evaluate(plan, actuals, as_of=as_of, stage=stage, history=history)
    except QcityError as exc:
        outcome.errors = exc.diagnostics
    return outcome


def check_plans(project: Project, names: Sequence[str] = (), **options) -> list[Outcome]:
    """Every named plan, or every plan of the project when none is named."""
    names = list(names) or [p.stem for p in project.plan_paths()]
    return [check_plan(project, name, **options) for name in names]
