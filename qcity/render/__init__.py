"""Renderers: one module a format, each a pure function of reports to text.

The registry maps a format name to its module; modules are imported only when
used, so a command pays only for the format it prints.  What several formats share
has a module of its own (``cells``, ``wording``, ``chart``, ``widths``, ``xlsx_book``,
``xlsx_charts``).  Besides the report
formats this package holds the text of ``validate``'s diagnostics
(``diagnostics``), of ``trend`` (``trend``) and of ``plans``/``show`` (``plans``).

May import: ``qcity.evaluation`` (the report models), ``qcity.plan`` and the base
modules; never the use cases or the commands.
"""

from __future__ import annotations

import importlib
from typing import Sequence, Union

from qcity.errors import Location, UsageError
from qcity.safetext import inert

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
    "docx": "docx",
    "xlsx": "xlsx",
}
# formats whose renderers return bytes (zip containers), written as they are
BINARY = {"docx", "xlsx"}
EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".txt": "table",
              ".csv": "csv", ".html": "html", ".htm": "html", ".tex": "latex", ".xml": "junit",
              ".docx": "docx", ".xlsx": "xlsx"}
# formats that draw charts: they want the latest CHART_POINTS observations of each metric
WANTS_HISTORY = {"html", "xlsx"}
CHART_POINTS = 12
# formats that show each city's full report under a scoreboard (they need the reports kept)
KEEPS_REPORTS = {"json", "html", "latex", "junit", "github", "markdown", "csv", "docx", "xlsx"}
# formats that are data: their texts are written exactly (JSON escapes what it must)
_RAW = {"json"}


def _module(fmt: str):
    if fmt not in FORMATS:
        raise UsageError(f'unknown format "{fmt}" (formats: {", ".join(FORMATS)})',
                         Location("qcity"))
    return importlib.import_module(f"qcity.render.{FORMATS[fmt]}")


def _options(fmt: str, standalone: bool) -> dict:
    if standalone and fmt != "latex":
        raise UsageError(f"--standalone is for --format latex, not {fmt}", Location("qcity"))
    return {"standalone": True} if standalone else {}


def render(reports: Sequence, fmt: str, lang: str | None = None,
           standalone: bool = False) -> Union[str, bytes]:
    """Render one or more reports; ``lang=None`` means each plan's own language.

    Text formats give ``str``, Word and Excel ``bytes``.  Every text from a plan or
    a data file is made inert first (:func:`qcity.safetext.inert`), whatever the
    format, so no renderer can forget it.
    """
    module = _module(fmt)
    options = _options(fmt, standalone)
    reports = list(reports) if fmt in _RAW else [inert(r) for r in reports]
    return module.render_many(reports, lang, **options)


def render_scoreboard(board, fmt: str, lang: str | None = None,
                      standalone: bool = False) -> Union[str, bytes]:
    """A plan checked across cities: the ranked scoreboard, and each city's report
    where the format has room for them (all but the terminal table)."""
    module = _module(fmt)
    options = _options(fmt, standalone)
    if fmt not in _RAW:
        board = inert(board)
    if hasattr(module, "render_scoreboard"):
        return module.render_scoreboard(board, lang, **options)
    return module.render_many(board.reports or [], lang, **options)


def format_for(path: str, default: str = "table") -> str:
    """The format an output file's extension asks for; an unknown extension is a usage
    error (a ``.pdf`` must not silently get the text table)."""
    import os

    ext = os.path.splitext(path)[1].lower()
    if not ext:
        return default
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    known = ", ".join(f"{e} ({f})" for e, f in EXTENSIONS.items())
    hint = ""
    if ext == ".pdf":
        hint = "; for PDF, write .html or .docx and print it (the HTML has an A4 print style)"
    raise UsageError(f'cannot tell the format of "{path}" from its extension "{ext}" '
                     f"(known: {known}){hint}; or name one with --format", Location("qcity"))
