"""Renderers: one module a format, each a pure function of reports to text.

The registry maps a format name to its module; modules are imported only when
used, so a command pays only for the format it prints.  Besides the report
formats this package holds the text of ``validate``'s diagnostics
(``diagnostics``), of ``trend`` (``trend``) and of ``plans``/``show`` (``plans``).

May import: ``qcity.evaluation`` (the report models), ``qcity.plan`` and the base
modules; never the use cases or the commands.
"""

from __future__ import annotations

import importlib
from typing import Sequence

from qcity.errors import Location, UsageError

# format name -> module under qcity.render
FORMATS = {
    "table": "table",
    "markdown": "markdown",
    "csv": "csv_",
    "json": "json_",
    "html": "html",
    "latex": "latex",
    "junit": "junit",
    "github": "github",
}
EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".txt": "table",
              ".csv": "csv", ".html": "html", ".htm": "html", ".tex": "latex", ".xml": "junit"}
# formats that want every observation in the report (charts)
WANTS_HISTORY = {"html"}


def render(reports: Sequence, fmt: str, lang: str | None = None) -> str:
    """Render one or more reports; ``lang=None`` means each plan's own language."""
    if fmt not in FORMATS:
        raise UsageError(f'unknown format "{fmt}" (formats: {", ".join(FORMATS)})',
                         Location("qcity"))
    module = importlib.import_module(f"qcity.render.{FORMATS[fmt]}")
    return module.render_many(list(reports), lang)


def render_scoreboard(board, fmt: str, lang: str | None = None) -> str:
    """A plan checked across cities: formats with a scoreboard of their own show it
    (table, markdown, csv, json); the others show every city's report."""
    if fmt not in FORMATS:
        raise UsageError(f'unknown format "{fmt}" (formats: {", ".join(FORMATS)})',
                         Location("qcity"))
    module = importlib.import_module(f"qcity.render.{FORMATS[fmt]}")
    if hasattr(module, "render_scoreboard"):
        return module.render_scoreboard(board, lang)
    return module.render_many(board.reports, lang)


def format_for(path: str, default: str = "table") -> str:
    import os

    return EXTENSIONS.get(os.path.splitext(path)[1].lower(), default)
