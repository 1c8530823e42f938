"""Which files are data files, and which reader reads each.

Text files (``.csv``, ``.tsv``, ``.txt``) go to ``qcity.actuals.rows.Reader``;
workbooks (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``) to
``qcity.actuals.workbook.WorkbookReader``.  Office lock files (``~$x.xlsx``,
``.~lock.x.ods#``) and other hidden files in a data folder are not data.

Imports nothing heavy: the project layout asks it without loading a reader.
"""

from __future__ import annotations

from pathlib import Path

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
DATA_SUFFIXES = TEXT_SUFFIXES + WORKBOOK_SUFFIXES


def is_workbook(path) -> bool:
    return Path(path).suffix.lower() in WORKBOOK_SUFFIXES


def is_data_file(path: Path) -> bool:
    name = path.name
    return path.suffix.lower() in DATA_SUFFIXES and not name.startswith(("~$", ".")) \
        and path.is_file()


def data_files(folder: Path) -> list[Path]:
    """Every data file under a folder, in a stable order."""
    return sorted(p for p in folder.rglob("*") if is_data_file(p))


def reader_for(path: str, collector, encoding, progress=None):
    """The reader of one data file (``.read()`` puts its rows into the collector)."""
    if is_workbook(path):
        from qcity.actuals.workbook import WorkbookReader

        return WorkbookReader(path, collector, encoding, progress)
    from qcity.actuals.rows import Reader

    return Reader(path, collector, encoding, progress)
