"""What a data file may hold at most, the same on every path that reads it.

A hostile file (a line of a gigabyte with no newline, a cell of megabytes, a
header of a million columns) gets one placed error, read in bounded time and
memory; the README's reliability section lists these limits with their codes.
"""

from __future__ import annotations

import csv

from qcity.diagtext import message

MAX_FIELD = 1 << 16  # characters in one cell (Q214): 64 KiB is no actual value
MAX_LINE = 1 << 20  # characters in one line of a text file (Q209); at most this is held
MAX_COLUMNS = 1 << 14  # columns of a header (Q201): as many as a spreadsheet may have


class LineTooLong(csv.Error):
    """A line over MAX_LINE characters: the file is read no further (a csv.Error, so
    every path that stops at malformed CSV stops here the same way)."""

    def __init__(self, line=None):
        super().__init__(message("file.line_too_long", max=MAX_LINE))
        self.line = line


def too_long(line: str) -> bool:
    """Whether a line read with ``readline(MAX_LINE + 2)`` is over the limit (its ending
    not counted; a line cut off by the limit has none and is over it)."""
    size = len(line)
    if line.endswith("\n"):
        size -= 2 if line.endswith("\r\n") else 1
    elif line.endswith("\r"):
        size -= 1
    return size > MAX_LINE


def bounded_lines(text):
    """The lines of a text stream, each read with a limit: LineTooLong at the first line
    over MAX_LINE characters, before more than MAX_LINE + 2 of them are held."""
    while True:
        line = text.readline(MAX_LINE + 2)
        if not line:
            return
        if too_long(line):
            raise LineTooLong()
        yield line
