"""The one exception hierarchy of qcity, and the exit codes.

Every problem with a plan or data file is a :class:`Diagnostic` with a place
(``path:line:col``); errors carry one or more of them so a caller can print
every problem at once, one line each, instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

from qcity.values import shorten, visible

EXIT_PASS = 0
EXIT_FAIL = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports a process killed by SIGINT

MAX_MESSAGE = 600  # characters of a message; values in it are cut shorter where they are put

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Location:
    path: str
    line: int | None = None
    col: int | None = None
    key: str | None = None  # key path in a plan (metrics[3].target) or CSV column

    def __post_init__(self):
        if self.key is not None:
            object.__setattr__(self, "key", visible(shorten(self.key, 120)))

    def __str__(self) -> str:
        parts = [visible(self.path)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)


@dataclass(frozen=True)
class Diagnostic:
    location: Location
    message: str
    code: str = "Q000"
    severity: str = ERROR

    def __post_init__(self):
        # one line, inert, bounded: a value from a hostile file may hold escape
        # sequences, newlines or a megabyte; every format shows the message as made here
        object.__setattr__(self, "message", visible(shorten(self.message, MAX_MESSAGE)))

    def __str__(self) -> str:
        prefix = f"{self.location}: "
        if self.severity == WARNING:
            prefix += "warning: "
        if self.location.key:
            return f"{prefix}{self.location.key}: {self.message}"
        return f"{prefix}{self.message}"


class QcityError(Exception):
    """Base of every error qcity raises on purpose; carries its diagnostics."""

    def __init__(self, message_or_diagnostics, location: Location | None = None,
                 code: str = "Q000"):
        if isinstance(message_or_diagnostics, str):
            loc = location or Location("qcity")
            self.diagnostics = [Diagnostic(loc, message_or_diagnostics, code)]
        else:
            self.diagnostics = list(message_or_diagnostics)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diagnostics)


class PlanError(QcityError):
    """A plan file cannot be read or does not follow the schema."""


class DataError(QcityError):
    """An actuals CSV file cannot be read or holds a bad value."""


class UsageError(QcityError):
    """The command was asked for something that does not exist (plan, stage)."""
