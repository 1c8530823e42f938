"""The plans of a project and what is known of each (``qcity plans``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from qcity.plan.loading import plan_stem, read_plan
from qcity.plan.model import Plan
from qcity.project import Project


@dataclass
class PlanSummary:
    id: str
    path: str
    plan: Optional[Plan]
    data_files: int
    problem: Optional[str] = None


def list_plans(project: Project) -> list[PlanSummary]:
    out = []
    for path in project.plan_paths():
        plan, diagnostics = read_plan(str(path))
        problem = str(diagnostics[0]) if plan is None and diagnostics else None
        out.append(PlanSummary(plan_stem(str(path)), str(path), plan,
                               len(project.data_paths(plan_stem(str(path)))), problem))
    return out
