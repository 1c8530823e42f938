"""Actual figures: data files turned into per-(city, metric) observations or summaries.

Owns everything between a data file on disk and what the engine reads:
opening files and guessing encodings (``encoding``), the header and the rules
for each row (``rows``), the fast paths that repeat those rules for rows
already vouched for (``fastpath`` in Python, ``scanning`` over the optional C
extension ``_scan``), the two-process read of large files (``parallel``), the
summaries a window keeps (``series``) and where a read puts them (``store``).
``read.read_actuals`` is the entry point.  New readers (spreadsheets, wide
tables) go here.

May import: ``qcity.plan`` (metric ids, units, targets to judge while reading)
and the base modules (``qcity.errors``, ``qcity.values``); nothing above.
"""

from __future__ import annotations

__all__ = ["Actuals", "read_actuals"]


def __getattr__(name):
    # lazy, so that importing one reader module does not import them all
    if name == "read_actuals":
        from qcity.actuals.read import read_actuals
        return read_actuals
    if name == "Actuals":
        from qcity.actuals.store import Actuals
        return Actuals
    raise AttributeError(f"module 'qcity.actuals' has no attribute {name!r}")
