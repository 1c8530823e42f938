"""Revised figures: a row marked as a revision supersedes the figure it revises.

A table may carry a ``revised``/``修订`` column; a row whose mark is not empty
or a no-word (否, no, 0) is a revision.  Revisions are set aside while reading
(summaries cannot take a figure back), and settled here once every file is
read: for each (city, metric) that has one, its observations are gathered
again, each revised period keeps the revision, and the summary is made anew.
The observation remembers the figure it superseded, and the report says so.
Two revisions of one period that disagree are an error with both places; an
unmarked figure that disagrees with another unmarked one stays an error too.
"""

from __future__ import annotations

from qcity.actuals.places import location, place, show
from qcity.actuals.series import Summary
from qcity.actuals.sources import reader_for
from qcity.actuals.store import Diagnostics, repeat_key
from qcity.diagtext import message
from qcity.errors import WARNING, Diagnostic


class _Gatherer:
    """A collector that keeps every observation of some (city, metric) keys, in order."""

    def __init__(self, plan, keys):
        self.plan, self.sink, self.window = plan, Diagnostics(), None
        self.fast_keys, self.fast_periods = {}, {}
        self.found = {key: [] for key in keys}

    def take(self, obs, reader=None, row=None):
        kept = self.found.get((obs.city, obs.metric))
        if kept is not None:
            kept.append(obs)


def settle_revisions(paths, plan, encoding, collector) -> set:
    """Apply the revisions a read set aside; return the (key, span) pairs revised
    (repeats of those are not conflicts: the revision decides)."""
    actuals = collector.actuals
    gatherer = _Gatherer(plan, {(o.city, o.metric) for o in collector.revisions})
    for path in paths:
        reader_for(path, gatherer, encoding).read()
    actuals.settle()  # summaries from the compiled reader's slots, replaced below
    revised: set = set()
    for key, observations in gatherer.found.items():
        spans: dict[tuple, list] = {}
        for obs in observations:
            spans.setdefault(repeat_key(obs), []).append(obs)  # a county's own
        kept = []
        for span, group in spans.items():
            revisions = [o for o in group if o.revised is not None]
            if not revisions:
                kept.append(group[0])  # repeats of unmarked figures are told elsewhere
                continue
            revised.add((key, span))
            first = revisions[0]
            label = (f"{first.city + ' ' if first.city else ''}{first.metric} {first.period}"
                     + (f" ({first.subunit})" if first.subunit else ""))
            for other in revisions[1:]:
                if other.value == first.value:
                    collector.sink.append(Diagnostic(
                        location(other), message("revision.repeats", label=label,
                                                 at=place(first)), "Q206", WARNING))
                else:
                    collector.sink.append(Diagnostic(
                        location(other), message(
                            "revision.conflicts", label=label, value=show(other.value),
                            original=show(first.value), at=place(first)), "Q205"))
            originals = [o for o in group if o.revised is None]
            kept.append(first._replace(revised=show(originals[0].value) if originals else ""))
        _replace(actuals, key, kept)
    return revised


def _replace(actuals, key, observations) -> None:
    if actuals.window is None:
        actuals._data[key] = observations
        return
    city, metric = key
    summary = Summary(actuals.window.specs[metric], actuals.window, metric, city)
    for obs in observations:
        summary.add(obs)
    actuals._data[key] = summary
