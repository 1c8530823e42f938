"""The one exception hierarchy of qcity, and the exit codes.

Every problem with a plan or data file is a :class:`Diagnostic` with a place
(``path:line:col``); errors carry one or more of them so a caller can print
every problem at once, one line each, instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qcity.diagtext import Message, say
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
    # In a workbook: the sheet, and line/col are the cell's row and column (1-based);
    # the place reads ``data/x.xlsx:指标!C7``.  ``sheet_no`` orders sheets as in the file.
    sheet: str | None = None
    sheet_no: int = field(default=0, compare=False, repr=False)

    def __post_init__(self):
        if self.key is not None:
            object.__setattr__(self, "key", visible(shorten(self.key, 120)))

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{visible(self.path)}:{visible(self.cell)}"
        parts = [visible(self.path)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    @property
    def cell(self) -> str | None:
        """``指标!C7`` (or ``指标!7`` for a whole row, ``指标`` for a sheet); None outside
        workbooks.  Sheet names that are not one word are quoted as Excel quotes them."""
        if self.sheet is None:
            return None
        sheet = self.sheet
        if not sheet.replace("_", "a").isalnum():
            sheet = "'" + sheet.replace("'", "''") + "'"
        if self.line is None:
            return sheet
        column = column_letters(self.col) if self.col is not None else ""
        return f"{sheet}!{column}{self.line}"

    @property
    def order(self) -> tuple:
        """Sort key: file, sheet (in workbook order), line, column."""
        return (self.path, self.sheet_no, self.line or 0, self.col or 0)


def column_letters(col: int) -> str:
    """1 -> A, 27 -> AA: a spreadsheet column's name."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Diagnostic:
    location: Location
    message: str  # in English; a message made with ``diagtext.message`` brings its key
    code: str = "Q000"
    severity: str = ERROR
    # what the message says, for other languages (``qcity.diagtext``): rendered when printed
    message_key: str | None = field(default=None, compare=False)
    args: dict | None = field(default=None, compare=False)

    def __post_init__(self):
        if isinstance(self.message, Message) and self.message_key is None:
            object.__setattr__(self, "message_key", self.message.key)
            object.__setattr__(self, "args", self.message.args)
        # one line, inert, bounded: a value from a hostile file may hold escape
        # sequences, newlines or a megabyte; every format shows the message as made here
        object.__setattr__(self, "message", visible(shorten(self.message, MAX_MESSAGE)))

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``; English where the message has no key (yet)."""
        if self.message_key is None or lang == "en":
            return self.message
        return visible(shorten(say(self.message_key, self.args or {}, lang), MAX_MESSAGE))

    def __str__(self) -> str:
        return self.plain()

    def plain(self, lang: str = "en") -> str:
        """``path:line:col: [warning: ][key: ]message``, the message in ``lang``."""
        prefix = f"{self.location}: "
        if self.severity == WARNING:
            prefix += "warning: "
        if self.location.key:
            return f"{prefix}{self.location.key}: {self.text(lang)}"
        return f"{prefix}{self.text(lang)}"


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
