"""One plan's report written as it is evaluated, a city at a time.

A plan over thousands of cities (every county-level unit of a province or of the
country) makes a JSON, CSV or HTML file far larger than any one city's report;
the sinks here write each city's section as it is made, so no process holds
every report.  JSON keeps the cities in the plan's order; CSV and HTML put the
ranked scoreboard first and the sections in its order, which is known only when
every city is done: their sections wait in a temporary file and are copied in
ranked order at the end.  Reports are made only after every input file has been
read without error, and nothing reaches the output when the run fails.
"""

from __future__ import annotations

import contextlib
import tempfile
from itertools import accumulate
from typing import Optional

from qcity.check import Outcome, check_plan
from qcity.project import Project

STREAMED = {"json", "csv", "html"}


class _Abandon(Exception):
    """Raised inside an atomic output stream to drop what was written."""


def _write_bytes(stream, data: bytes) -> None:
    write_bytes = getattr(stream, "write_bytes", None)
    if write_bytes is not None:
        write_bytes(data)
    else:  # a text file: its bytes go in after what its text layer holds
        stream.flush()
        stream.buffer.write(data)


class _JsonSink:
    """``{"plan": …, "reports": […]}`` in the plan's city order, straight to the output."""

    ranked = False

    def __init__(self, stream, lang: Optional[str]):
        self.stream, self.lang, self.writer = stream, lang, None

    def begin(self, plan) -> None:
        from qcity.evaluation.compare import Scoreboard
        from qcity.render.json_ import ScoreboardWriter

        self.writer = ScoreboardWriter(Scoreboard.plan_info(plan), self.lang)
        self.write(self.writer.head())

    def section(self, index: int, report) -> str:
        return ("," if index else "") + self.writer.section(report)

    def write(self, text: str) -> None:
        self.stream.write(text)

    def write_bytes(self, data: bytes) -> None:
        _write_bytes(self.stream, data)

    def end(self, board, sizes) -> None:
        self.write(self.writer.tail(len(board.rows)))


class _RankedSink:
    """The scoreboard first, then each city's section in ranked order (CSV, HTML)."""

    ranked = True

    def __init__(self, stream, fmt: str, lang: Optional[str], compared_to):
        self.stream, self.fmt, self.lang, self.compared_to = stream, fmt, lang, compared_to
        self.writer = self.spool = None

    def begin(self, plan) -> None:
        lang = self.lang or plan.lang
        if self.fmt == "csv":
            from qcity.render.csv_ import ScoreboardWriter

            self.writer = ScoreboardWriter(lang, self.compared_to)
        else:
            from qcity.render.html import ScoreboardWriter

            self.writer = ScoreboardWriter(lang)
        self.spool = tempfile.TemporaryFile()  # the sections in city order, on disk

    def section(self, index: int, report) -> str:
        from qcity.safetext import inert

        return self.writer.section(index, inert(report))

    def write(self, text: str) -> None:
        self.spool.write(text.encode("utf-8"))

    def write_bytes(self, data: bytes) -> None:
        self.spool.write(data)

    def end(self, board, sizes) -> None:
        from qcity.safetext import inert

        board = inert(board)
        self.stream.write(self.writer.head(board))
        place = {id(row): i for i, row in enumerate(board.rows)}
        starts = [0, *accumulate(sizes)]
        spool = self.spool
        for row in board.ranking():
            i = place[id(row)]
            spool.seek(starts[i])
            _write_bytes(self.stream, spool.read(sizes[i]))
        self.stream.write(self.writer.tail(board))

    def close(self) -> None:
        if self.spool is not None:
            self.spool.close()


def stream_plan(project: Project, name: str, fmt: str, lang: Optional[str],
                output: Optional[str], inputs, stdout, prefix: str = "",
                **options) -> Outcome:
    """Check one plan and write its report in ``fmt`` (one of :data:`STREAMED`) to
    ``output`` atomically, or to ``stdout`` (``write``, ``write_bytes``, ``release``:
    it holds the text back until ``release``).  A plan for one city (or ``city=``) is
    rendered whole once it is made.  Bad input becomes the outcome's errors, and then
    nothing is written."""
    from qcity.output import atomic_stream
    from qcity.render import render

    outcome = Outcome(name)
    with contextlib.suppress(_Abandon), contextlib.ExitStack() as stack:
        stream = stack.enter_context(atomic_stream(output, inputs=inputs)) if output \
            else stdout
        sink = _JsonSink(stream, lang) if fmt == "json" else \
            _RankedSink(stream, fmt, lang, options.get("compare_to"))
        if isinstance(sink, _RankedSink):
            stack.callback(sink.close)
        wide = _Wide(sink, prefix, options.get("city"))
        outcome = check_plan(project, name, keep_reports=False, sink=wide, **options)
        if outcome.errors:
            raise _Abandon()
        if not wide.began and outcome.reports:
            stream.write(prefix + render(outcome.reports, fmt, lang))
        if not output:
            stream.release()
    return outcome


class _Wide:
    """A sink only for a plan over several cities (without ``--city``): a plan for one
    city is rendered whole by :func:`stream_plan`."""

    def __init__(self, sink, prefix: str, city: Optional[str]):
        self.sink, self.prefix, self.city, self.began = sink, prefix, city, False
        self.ranked = sink.ranked

    def begin(self, plan) -> None:
        if plan.cities is not None and self.city is None:
            self.began = True
            if self.prefix:
                self.sink.stream.write(self.prefix)
            self.sink.begin(plan)

    def __getattr__(self, name):
        return getattr(self.sink, name)
