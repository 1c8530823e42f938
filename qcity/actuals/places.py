"""Where an observation was read, said the way diagnostics say it."""

from __future__ import annotations

import os

from qcity.actuals.series import Observation, Value
from qcity.errors import Location


def location(obs: Observation) -> Location:
    """Its row (a CSV) or its cell (a sheet, a wide table's period column)."""
    if obs.place is None:
        return Location(obs.path, obs.line, 1, None)
    sheet, sheet_no, col = obs.place
    return Location(obs.path, obs.line, col or 1, None, sheet, sheet_no)


def place(obs: Observation) -> str:
    """``data/x.csv:3`` or ``data/x.xlsx:指标!C7``, relative to here."""
    if obs.place is None or obs.place[0] is None:
        return f"{_rel(obs.path)}:{obs.line}"
    return f"{_rel(obs.path)}:{location(obs).cell}"


def show(value: Value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return format(value, "f")


def _rel(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return path
