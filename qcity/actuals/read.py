"""Reading data files for a plan: ``read_actuals(paths, plan) -> Actuals``.

Rows are parsed and checked as they are read (``qcity.actuals.rows``); with an
evaluation window only what the evaluation can use is kept.  A large file may
be read by two processes (``qcity.actuals.parallel``); repeated rows are
compared with their first occurrence in a second pass, only when there are any.
"""

from __future__ import annotations

import csv
from typing import Iterable, Optional

from qcity.actuals import parallel
from qcity.actuals.gcpause import paused_gc
from qcity.actuals.limits import MAX_FIELD
from qcity.actuals.places import location, place, show
from qcity.actuals.series import Observation
from qcity.actuals.sources import reader_for
from qcity.actuals.store import Actuals, Collector, Diagnostics, Progress, repeat_key
from qcity.diagtext import message
from qcity.errors import WARNING, DataError, Diagnostic
from qcity.plan.model import Plan


def read_actuals(paths: Iterable[str], plan: Plan, encoding: str | None = None,
                 strict: bool = True, progress: Optional[Progress] = None,
                 window=None, fold_no_figures: bool = False) -> Actuals:
    """Read every data file for a plan; raise DataError listing every bad row.

    With ``strict=False`` errors are left in ``Actuals.diagnostics`` instead
    (``qcity validate`` wants them all, as diagnostics, not as an exception).
    ``progress`` is called as blocks are read with the bytes read so far.
    With a ``window`` (``qcity.actuals.series.Window``) only per-key summaries are kept,
    and rows are read by the fast path wherever it can vouch for them.
    With ``fold_no_figures`` the "no figure" warnings (``—``, ``暂无``, an empty value)
    come one a file, with a count (``check``, ``import``; ``validate`` lists each).
    """
    csv.field_size_limit(MAX_FIELD * 4)
    paths = list(paths)
    actuals = Actuals(window=window)
    if fold_no_figures:
        actuals.diagnostics.fold_no_figures()
    collector = Collector(plan, actuals)

    with paused_gc():
        for path in paths:
            actuals.files.append(path)
            split = parallel.eligible(path, window, encoding)
            if split is None or not parallel.read_split(path, collector, encoding, progress,
                                                        split):
                if split is not None:  # the split could not stand: start this file afresh
                    actuals, collector = _restart(plan, window, actuals, path, encoding)
                reader_for(path, collector, encoding, progress).read()
            if actuals.diagnostics.full:
                break
    revised = set()
    if collector.revisions:
        from qcity.actuals.revisions import settle_revisions

        revised = settle_revisions(paths, plan, encoding, collector)
    repeats = [r for r in collector.repeats if r[0] not in revised]
    if repeats:
        _report_repeats(paths, plan, encoding, repeats, actuals.diagnostics)
    for diagnostic in collector.off_period_warnings():
        actuals.diagnostics.append(diagnostic)
    sink = actuals.diagnostics
    sink.unfold()
    sink.sort(key=lambda d: d.location.order)
    _once(sink, "Q006")  # both halves of a split read may have warned of one name
    if strict and sink.errors:
        # warnings travel with the errors so the user sees every problem in one run
        raise DataError(list(sink))
    return actuals


def _once(sink, code: str) -> None:
    """Keep the first of the warnings with ``code`` that say the same thing."""
    seen, kept = set(), []
    for diagnostic in sink:
        if diagnostic.code == code:
            if diagnostic.message in seen:
                sink.warnings -= 1
                continue
            seen.add(diagnostic.message)
        kept.append(diagnostic)
    sink[:] = kept


def _restart(plan, window, actuals, path, encoding):
    """Forget what a failed split read left of ``path`` (only files before it remain).

    Summaries cannot subtract a file, so the files read before are read again."""
    earlier = actuals.files[:-1]
    fresh = Actuals(window=window)
    if actuals.diagnostics.folded is not None:
        fresh.diagnostics.fold_no_figures()
    collector = Collector(plan, fresh)
    for previous in earlier:
        fresh.files.append(previous)
        reader_for(previous, collector, encoding).read()
    fresh.files.append(path)
    return fresh, collector


def _report_repeats(paths, plan, encoding, repeats, sink) -> None:
    """Second pass, only when rows repeat: find each first occurrence and compare."""
    wanted = {where for where, _ in repeats}
    first: dict[tuple, Observation] = {}

    class _Finder:
        """A collector that only looks for the first occurrences (list mode, no window)."""

        def __init__(self):
            self.plan, self.sink, self.window = plan, Diagnostics(), None

        def take(self, obs, reader=None, row=None):
            where = ((obs.city, obs.metric), repeat_key(obs))
            if where in wanted and where not in first:
                first[where] = obs

    finder = _Finder()
    finder.fast_keys, finder.fast_periods = {}, {}
    for path in paths:
        reader_for(path, finder, encoding).read()
    for where, obs in repeats:
        original = first[where]
        at = place(original)
        label = (f"{obs.city + ' ' if obs.city else ''}{obs.metric} {obs.period}"
                 + (f" ({obs.subunit})" if obs.subunit else ""))
        if original.value == obs.value:
            sink.append(Diagnostic(location(obs), message("obs.repeats", label=label, at=at),
                                   "Q206", WARNING))
        else:
            sink.append(Diagnostic(location(obs), message(
                "obs.conflicts", label=label, value=show(obs.value),
                original=show(original.value), at=at), "Q205"))
