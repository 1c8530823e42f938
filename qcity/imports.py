"""``qcity import``: any accepted data file as qcity's canonical long CSV.

For teams that keep plain files in git: workbooks, wide tables, Chinese headers,
typed periods and placeholders are read with the same rules as ``check`` (so an
import fails exactly where a check would), and written one observation a row,
``metric,period,value,unit,source,note`` (with ``city``, ``subunit`` and
``revised`` columns when the data has them), sorted by city, the plan's metric
order and period, values exactly as read, periods canonical, units the plan's.
A revised figure is written instead of the one it supersedes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Optional, Sequence

from qcity.actuals.places import show
from qcity.actuals.read import read_actuals
from qcity.errors import Diagnostic, Location, UsageError
from qcity.plan.loading import load_plan
from qcity.project import Project, expand_data
from qcity.safetext import formula_safe


@dataclass
class Imported:
    text: str
    rows: int
    files: list[str]
    warnings: list[Diagnostic] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)  # what the output must never replace


def import_files(project: Project, plan_name: str, files: Sequence[str],
                 encoding: Optional[str] = None, output: Optional[str] = None,
                 force: bool = False) -> Imported:
    """Read ``files`` (files or folders) for a plan; the canonical CSV of what they hold.

    Raises ``DataError`` with every problem when a file has an error (nothing is
    written then), ``UsageError`` when ``output`` is an input, or exists without
    ``force``."""
    plan_path = project.plan_path(plan_name)
    plan = load_plan(str(plan_path))
    paths = [str(p) for p in expand_data(list(files), option="")]
    if not paths:
        raise UsageError("no data files given (csv, tsv, txt, xlsx, xlsm, xls, ods)",
                         Location("qcity"))
    inputs = [str(plan_path), *paths]
    if output is not None:
        import os

        from qcity.output import check_target

        check_target(output, inputs)  # never over an input, even with --force
        if os.path.exists(output) and not force:
            raise UsageError(f"{output} exists; pass --force to replace it",
                             Location("qcity"))
    actuals = read_actuals(paths, plan, encoding=encoding, fold_no_figures=True)
    order = {m.id: i for i, m in enumerate(plan.metrics)}
    observations = sorted(actuals.every_observation(), key=lambda o: (
        o.city or "", o.subunit or "", order[o.metric], o.period.end, o.period.start))
    metrics = {m.id: m for m in plan.metrics}
    with_city = plan.cities is not None or any(o.city for o in observations)
    with_subunit = any(o.subunit for o in observations)
    with_revised = any(o.revised is not None for o in observations)
    columns = (["city"] if with_city else []) + (["subunit"] if with_subunit else []) + [
        "metric", "period", "value", "unit", "source", "note"] + (
        ["revised"] if with_revised else [])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for obs in observations:
        unit = metrics[obs.metric].unit
        cells = {"city": obs.city or "", "subunit": obs.subunit or "", "metric": obs.metric,
                 "period": obs.period.text, "value": show(obs.value),
                 "unit": "" if unit in (None, "bool") else unit, "source": obs.source or "",
                 "note": obs.note or "", "revised": "yes" if obs.revised is not None else ""}
        writer.writerow([formula_safe(cells[c]) for c in columns])
    return Imported(out.getvalue(), len(observations), paths, actuals.warnings, inputs)
