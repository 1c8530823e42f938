"""``qcity validate``: every problem in every plan and data file, as diagnostics.

Unlike ``check``, nothing stops at the first bad file: each plan is read, each
data file is matched to its plan (``data/<id>.csv`` or ``data/<id>/…``) and
read in full, and all diagnostics are returned in file order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

from qcity.actuals.read import read_actuals
from qcity.actuals.sources import data_files
from qcity.actuals.store import MAX_ERRORS
from qcity.evaluation.engine import evaluation_window
from qcity.diagtext import message
from qcity.errors import ERROR, WARNING, Diagnostic, Location, UsageError
from qcity.plan.loading import plan_stem, read_plan
from qcity.project import PLAN_SUFFIXES, Project, expand_data, find_project


@dataclass
class Validation:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    # problems met past the ones kept (MAX_ERRORS of each severity for a plan's data)
    unlisted_errors: int = 0
    unlisted_warnings: int = 0

    @property
    def errors(self) -> int:
        return sum(d.severity == ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == WARNING for d in self.diagnostics)


def validate(project: Project, paths: Sequence[str] = (), plan: Optional[str] = None,
             encoding: Optional[str] = None) -> Validation:
    """Validate the named files and folders, or the whole project.

    A plan is checked with all its data files (a renamed metric breaks data);
    a data file named alone is checked against its plan.  With ``plan`` (an id or
    a plan file), ``paths`` are data files checked against that plan wherever
    they are.
    """
    # plan id -> (plan file, its data files, whether the whole plan is being checked)
    jobs: dict[str, tuple[Path, set[Path], bool]] = {}
    if plan is not None:
        plan_path = project.plan_path(plan)
        files = set(expand_data(list(paths), option=""))
        jobs[plan_stem(str(plan_path))] = (plan_path, files, False)
        return _run(jobs, [], project, encoding)
    plans, csvs = _select(project, paths)
    for plan_path in plans:
        plan_id = plan_stem(str(plan_path))
        jobs[plan_id] = (plan_path, set(project.data_paths(plan_id)), True)
    orphans: list[tuple[Path, Optional[str]]] = []
    for csv_path in csvs:
        plan_id = _plan_id_of(project, csv_path)
        if plan_id in jobs:
            jobs[plan_id][1].add(csv_path)
        elif plan_id and _plan_file(project, plan_id):
            jobs[plan_id] = (_plan_file(project, plan_id), {csv_path}, False)
        else:
            orphans.append((csv_path, plan_id))
    return _run(jobs, orphans, project, encoding)


def _run(jobs, orphans, project: Project, encoding: Optional[str]) -> Validation:
    result = Validation()
    for plan_id, (plan_path, data, whole) in sorted(jobs.items()):
        data_files = sorted(data)
        result.files += 1 + len(data_files)
        plan, diagnostics = read_plan(str(plan_path))
        result.diagnostics += diagnostics
        if plan is None:
            result.diagnostics += [Diagnostic(Location(str(p), 1, 1),
                                              message("project.not_checked", plan=plan_id),
                                              "Q218", WARNING)
                                   for p in data_files]
            continue
        # read into summaries (for some evaluation date): memory stays per key, not per row
        window = evaluation_window(plan)
        actuals = read_actuals([str(p) for p in data_files], plan, encoding=encoding,
                               strict=False, window=window)
        result.diagnostics += actuals.diagnostics
        result.unlisted_errors += max(0, actuals.diagnostics.errors - MAX_ERRORS)
        result.unlisted_warnings += max(0, actuals.diagnostics.warnings - MAX_ERRORS)
        result.diagnostics += _baseline_conflicts(plan_path, plan, actuals, window)
        # "no data" is only worth saying when the data that is there reads cleanly
        if whole and not actuals.diagnostics.errors:
            result.diagnostics += _metrics_without_data(plan_path, plan, actuals)
    for csv_path, plan_id in orphans:
        result.files += 1
        where = f"{project.targets / plan_id}.yaml" if plan_id else "targets/<plan-id>.yaml " \
            "for data/<plan-id>.csv"
        result.diagnostics.append(Diagnostic(Location(str(csv_path), 1, 1),
                                             message("project.no_plan", where=where), "Q216"))
    result.diagnostics.sort(key=lambda d: d.location.order)
    return result


def _plan_file(project: Project, plan_id: str) -> Optional[Path]:
    for suffix in PLAN_SUFFIXES:
        path = project.targets / f"{plan_id}{suffix}"
        if path.is_file():
            return path
    return None


def _select(project: Project, paths: Sequence[str]) -> tuple[list[Path], list[Path]]:
    if not paths:
        data = data_files(project.data) if project.data.is_dir() else []
        return project.plan_paths(), data
    plans: list[Path] = []
    data: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():  # regular files only: a FIFO under targets/ would hang the read
            plans += sorted(p for p in path.rglob("*") if p.suffix in PLAN_SUFFIXES
                            and p.is_file())
            data += data_files(path)
        elif path.is_file():
            (plans if path.suffix in PLAN_SUFFIXES else data).append(path)
        elif path.exists():
            raise UsageError(f"{name}: not a regular file (a FIFO or device is not read)",
                             Location("qcity"))
        else:
            raise UsageError(f"{name}: no such file or folder", Location("qcity"))
    return plans, data


def _plan_id_of(project: Project, csv_path: Path) -> Optional[str]:
    """data/<id>.csv or data/<id>/…/*.csv -> <id>; None outside data/."""
    try:
        rel = csv_path.absolute().relative_to(project.data.absolute())
    except ValueError:
        return None
    parts = rel.parts
    return Path(parts[0]).stem if len(parts) == 1 else parts[0]


def _metrics_without_data(plan_path: Path, plan, actuals) -> list[Diagnostic]:
    out = []
    for i, metric in enumerate(plan.metrics):
        if metric.target is not None and not actuals.has_data(metric.id):
            line, col = plan.places.get(metric.id, (None, None))
            out.append(Diagnostic(Location(str(plan_path), line, col, f"metrics[{i}]"),
                                  message("project.no_data", metric=metric.id),
                                  "Q217", WARNING))
    return out


def _baseline_conflicts(plan_path: Path, plan, actuals, window) -> list[Diagnostic]:
    """A plan's baseline value the data contradicts for the same period (the plan's is used)."""
    from qcity.actuals.places import location

    out = []
    cities = [None] if plan.cities is None else sorted(actuals.cities())
    for i, metric in enumerate(plan.metrics):
        base = metric.baseline
        if base is None or base.value is None:
            continue
        for city in cities:
            obs = actuals.summary(city, metric.id, window).baseline
            if obs is None or isinstance(obs.value, bool) or obs.value == base.value:
                continue
            line, col = plan.places.get(metric.id, (None, None))
            where = f"{plan_path}:{line}" if line else str(plan_path)
            label = f"{city} " if city else ""
            out.append(Diagnostic(location(obs),
                                  message("obs.baseline_differs", label=label,
                                          metric=metric.id, period=str(base.period),
                                          value=str(obs.value), baseline=str(base.value),
                                          where=where), "Q231", WARNING))
    return out


def find_for(paths: Sequence[str], root: Optional[str]) -> Project:
    """The project: --root, else upward from the first path, else from here."""
    if root is not None or not paths:
        return find_project(root)
    first = Path(paths[0])
    start = first if first.is_dir() else first.parent
    try:
        return find_project(None, start=str(start))
    except UsageError:
        return find_project(None)
