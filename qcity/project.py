"""A qcity project on disk: ``targets/<plan>.yaml`` and ``data/<plan>[.csv|.xlsx|…|/]``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from qcity.actuals.sources import DATA_SUFFIXES, data_files
from qcity.errors import Location, UsageError

PLAN_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def targets(self) -> Path:
        return self.root / "targets"

    @property
    def data(self) -> Path:
        return self.root / "data"

    def plan_paths(self) -> list[Path]:
        if not self.targets.is_dir():
            return []
        return sorted(p for p in self.targets.iterdir()
                      if p.suffix in PLAN_SUFFIXES and p.is_file())

    def plan_path(self, name: str) -> Path:
        """A plan by id, or by a path to its file."""
        candidate = Path(name)
        if candidate.suffix in PLAN_SUFFIXES and candidate.is_file():
            return candidate
        for suffix in PLAN_SUFFIXES:
            path = self.targets / f"{name}{suffix}"
            if path.is_file():
                return path
        if candidate.suffix.lower() in DATA_SUFFIXES or candidate.is_dir():
            # `--data a.csv b.csv` makes b.csv a plan name: say what to do instead
            raise UsageError(f'no plan "{name}" (a data file? repeat --data for each file: '
                             f"--data a.csv --data b.csv)", Location("qcity"))
        known = ", ".join(p.stem for p in self.plan_paths()) or "none"
        raise UsageError(f'no plan "{name}" in {_show(self.targets)} (plans: {known})',
                         Location("qcity"))

    def resolve(self, names) -> list[Path]:
        """Every named plan's file, or one usage error naming each unknown plan: found
        before anything is read, evaluated or written."""
        from qcity.errors import QcityError

        paths, problems = [], []
        for name in names:
            try:
                paths.append(self.plan_path(name))
            except QcityError as exc:
                problems += exc.diagnostics
        if problems:
            raise UsageError(problems)
        return paths

    def data_paths(self, plan_id: str) -> list[Path]:
        """data/<id>.csv (.tsv, .txt, .xlsx, .xlsm, .xls, .ods), then every data file
        under data/<id>/, in a stable order."""
        paths = [p for p in (self.data / f"{plan_id}{suffix}" for suffix in DATA_SUFFIXES)
                 if p.is_file()]
        folder = self.data / plan_id
        if folder.is_dir():
            paths.extend(data_files(folder))
        return paths

    def input_files(self) -> list[Path]:
        """Every plan and data file of the project: what no output may overwrite."""
        return self.plan_paths() + (data_files(self.data) if self.data.is_dir() else [])


def find_project(root: Optional[str] = None, start: Optional[str] = None) -> Project:
    """The project at ``root``, or the nearest folder upward holding ``targets/``."""
    if root is not None:
        path = Path(root)
        if not (path / "targets").is_dir():
            raise UsageError(f"{_show(path)} has no targets/ folder", Location("qcity"))
        return Project(path)
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "targets").is_dir():
            return Project(Path(_show(folder)))
    raise UsageError("no targets/ folder here or in any parent folder; run qcity inside a "
                     "project, or pass --root", Location("qcity"))


def expand_data(paths: list[str], option: str = "--data ") -> list[Path]:
    """``--data`` values (or data files named otherwise: ``option`` is how a message
    names them): files as given, folders for every data file below them."""
    out: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            out.extend(data_files(path))
        elif path.is_file():
            out.append(path)
        elif path.exists():  # opening a FIFO could wait forever
            raise UsageError(f"{option}{name}: not a regular file (a FIFO or device is not "
                             "read)", Location("qcity"))
        else:
            raise UsageError(f"{option}{name}: no such file or folder", Location("qcity"))
    return out


def _show(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover
        return str(path)
