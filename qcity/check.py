"""The one core call behind ``qcity check``: plan + data + date -> reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional, Protocol, Sequence

from qcity.actuals.read import read_actuals
from qcity.actuals.store import Progress
from qcity.evaluation.engine import cities_of, evaluate, evaluation_window
from qcity.actuals.gcpause import paused_gc
from qcity.errors import Diagnostic, Location, QcityError, UsageError
from qcity.evaluation.fanout import map_halves, stream_halves
from qcity.plan.loading import load_plan
from qcity.plan.model import Plan
from qcity.project import Project, expand_data
from qcity.evaluation.compare import Scoreboard, ScoreRow, compare
from qcity.evaluation.report import Report, StageInfo
from qcity.evaluation.trend import Trend


class Sink(Protocol):
    """Where a plan over many cities writes its reports as they are made (a JSON,
    CSV or HTML file), so no process holds more than one city's report."""

    ranked: bool  # the cities go out in ranked order: end() gets each section's size

    def begin(self, plan: Plan) -> None:
        """The plan has loaded and every data file read cleanly: the output starts."""

    def section(self, index: int, report: Report) -> str:
        """The text of the ``index``-th city's report (pure: a second process may make
        half of them)."""

    def write(self, text: str) -> None: ...

    def write_bytes(self, data: bytes) -> None: ...

    def end(self, board: Scoreboard, sizes: Optional[list[int]]) -> None:
        """Every city is done; with ``ranked`` the UTF-8 size of each section text, in
        city order (a sink that writes the cities in ranked order finds them so)."""


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

    @property
    def failed(self) -> bool:
        if self.scoreboard is not None:
            return self.scoreboard.failed
        return any(r.verdict == "fail" for r in self.reports)

    @property
    def at_risk(self) -> int:
        if self.scoreboard is not None:
            return self.scoreboard.at_risk
        return sum(r.at_risk for r in self.reports)


def check_plan(project: Project, name: str, data: Sequence[str] = (),
               as_of: Optional[date] = None, stage: Optional[str] = None,
               encoding: Optional[str] = None, history: bool = False,
               progress: Optional[Progress] = None, city: Optional[str] = None,
               compare_to: Optional[date] = None, keep_reports: bool = True,
               sink: Optional[Sink] = None) -> Outcome:
    """Evaluate one plan; bad input becomes ``Outcome.errors``, never an exception.

    For a plan over several cities the reports are made a city at a time, on two
    cores: each is written to ``sink`` as it is made and kept only with
    ``keep_reports`` (a national run keeps just the scoreboard rows).
    """
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
        if compare_to is not None and compare_to >= as_of:
            raise UsageError(f"--compare-to {compare_to} must be before the as-of date "
                             f"{as_of}", Location("qcity"))
        if plan.cities is not None and city is None:
            # a scoreboard's city sections draw no charts: a national file would need
            # 15,000 of them and the history disables the fast read (--city draws them)
            history = False
        window = evaluation_window(plan, as_of, stage, history)
        actuals = read_actuals(paths, plan, encoding=encoding, progress=progress, window=window,
                               fold_no_figures=True)
        outcome.warnings = actuals.warnings
        before = None
        if compare_to is not None:
            before = read_actuals(paths, plan, encoding=encoding,
                                  window=evaluation_window(plan, compare_to, stage))
        cities = _cities(plan, actuals, city)
        if sink is not None:
            sink.begin(plan)

        def report_of(each):
            report = evaluate(plan, actuals, as_of, stage, history, each)
            if before is not None:
                report = compare(report, evaluate(plan, before, compare_to, stage, False, each))
            return report

        def row_of(each):  # a row a city, nothing else kept: no result models needed
            return ScoreRow.of(evaluate(plan, actuals, as_of, stage, False, each, brief=True))

        rows, sizes = [], None
        with paused_gc():  # thousands of result models, no cycles among them
            if plan.cities is not None and city is None and not keep_reports:
                if sink is None:
                    # only a row a city is wanted: small enough to send from a second core
                    rows = map_halves(row_of, cities)
                else:
                    ranked = sink.ranked

                    def row_and_text(item):
                        report = report_of(item[1])
                        text = sink.section(item[0], report)
                        row = ScoreRow.of(report)
                        return ((row, len(text.encode("utf-8"))) if ranked else row), text

                    rows = stream_halves(row_and_text, list(enumerate(cities)), sink.write,
                                         sink.write_bytes)
                    if ranked:
                        sizes = [size for _, size in rows]
                        rows = [row for row, _ in rows]
            else:
                for each in cities:
                    report = report_of(each)
                    rows.append(ScoreRow.of(report))
                    outcome.reports.append(report)
        if plan.cities is not None and city is None:
            outcome.scoreboard = Scoreboard(
                plan=Scoreboard.plan_info(plan), rows=rows,
                reports=outcome.reports if keep_reports else None,
                stage=window.stage.id, evaluated_at=window.when, as_of=as_of,
                stage_info=StageInfo(**window.stage.model_dump()))
            if sink is not None and not keep_reports:
                sink.end(outcome.scoreboard, sizes)
    except QcityError as exc:
        outcome.errors = exc.diagnostics
    return outcome


def _cities(plan: Plan, actuals, city: Optional[str]) -> list[Optional[str]]:
    if plan.cities is None:
        return [None]
    known = cities_of(plan, actuals)
    if city is None:
        return known
    if city not in known:
        from qcity.diagtext import message
        from qcity.values import Hints

        shown = ", ".join(known[:10]) + (" …" if len(known) > 10 else "")
        raise UsageError(message("city.not_found", city=city, plan=plan.id, cities=shown,
                                 suggestion=Hints(known).match(city)), Location("qcity"))
    return [city]


def check_plans(project: Project, names: Sequence[str] = (), **options) -> list[Outcome]:
    """Every named plan, or every plan of the project when none is named."""
    names = list(names) or [p.stem for p in project.plan_paths()]
    return [check_plan(project, name, **options) for name in names]


def metric_trend(project: Project, name: str, metric: str, **options) -> tuple[Trend, str]:
    """One metric of one plan (of one city) over time, and the plan's language.  The
    metric is named by its id, its name or an alias, as a data file may name it."""
    from qcity.actuals.names import MetricNames

    metric_id, problem = MetricNames(load_plan(str(project.plan_path(name)))).resolve(metric)
    if metric_id is None:  # before any data is read
        raise UsageError(problem, Location("qcity"))
    outcome = check_plan(project, name, history=True, **options)
    if outcome.errors:
        raise QcityError(outcome.errors)
    if len(outcome.reports) != 1:
        raise UsageError(f'plan "{name}" covers several cities: pass --city', Location("qcity"))
    report = outcome.reports[0]
    result = next(m for m in report.metrics if m.id == metric_id)
    return Trend.of(report, result), report.plan.lang
