"""A qcity project on disk: ``targets/<plan>.yaml`` and ``data/<plan>[.csv|/]``."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

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
                      if p.suffix in PLAN_SUFFIXES and regular(p))

    def plan_path(self, name: str) -> Path:
        """A plan by id, or by a path to its file."""
        candidate = Path(name)
        if candidate.suffix in PLAN_SUFFIXES and regular(candidate):
            return candidate
        for suffix in PLAN_SUFFIXES:
            path = self.targets / f"{name}{suffix}"
            if regular(path):
                return path
        known = ", ".join(p.stem for p in self.plan_paths()) or "none"
        raise UsageError(f'no plan "{name}" in {_show(self.targets)} (plans: {known})',
                         Location("qcity"))

    def data_paths(self, plan_id: str) -> list[Path]:
        """data/<id>.csv, then every CSV under data/<id>/, in a stable order."""
        paths = []
        single = self.data / f"{plan_id}.csv"
        if regular(single):
            paths.append(single)
        folder = self.data / plan_id
        if folder.is_dir():
            paths.extend(data_files(folder))
        return paths

    def input_files(self) -> list[Path]:
        """Every plan and data file of the project: what no output may overwrite."""
        return self.plan_paths() + (data_files(self.data) if self.data.is_dir() else [])


def regular(path: Path) -> bool:
    """A regular file (or a link to one): a FIFO, device or socket is never read as an
    input, since opening one could wait forever."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def data_files(folder: Path) -> list[Path]:
    """The data files under a folder, in a stable order."""
    return sorted(p for p in folder.rglob("*.csv") if regular(p))


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


def expand_data(paths: list[str]) -> list[Path]:
    """``--data`` values: files as given, folders for every CSV below them."""
    out: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            out.extend(data_files(path))
        elif path.exists() and not regular(path):
            raise UsageError(f"--data {name}: not a regular file (a FIFO or device is not "
                             "read)", Location("qcity"))
        elif path.exists():
            out.append(path)
        else:
            raise UsageError(f"--data {name}: no such file or folder", Location("qcity"))
    return out


def _show(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover
        return str(path)
