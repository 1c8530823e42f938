"""Reading a large data file with two processes: each half into its own summaries.

A national file is read at the speed of one Python loop; a second core halves
the wall time.  The file is split at a line boundary, a forked child reads the
second half with the same rules into its own summaries, and the parent merges
them: counts add, the latest is the later of the two, the earliest the earlier,
sustained tallies combine.  Only when that is exact:

- the encoding is UTF-8 or GB18030 (a newline byte never sits inside a
  character), the file has no quote and no NUL byte (no field spans lines);
- no history is wanted (charts keep every row);
- no (city, metric, period) appears in both halves: a repeat across the split
  makes the whole file be read again the ordinary way, which reports it.

Anything unexpected in the child (a crash, an error) falls back to the
ordinary read, so the result never depends on whether the split happened.
"""

from __future__ import annotations

import csv
import io
import os
import pickle
import signal
from typing import Optional

from qcity.actuals import scanning
from qcity.actuals.encoding import SNIFF, detect_encoding
from qcity.actuals.headers import recognise
from qcity.actuals.rows import Reader
from qcity.actuals.textfile import delimiter_of
from qcity.actuals.store import Actuals, Collector

MIN_BYTES = 8 << 20  # below this, starting a process costs more than it saves
_CHUNK = 1000  # summaries a pickle from the child
_SAFE = {"utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312"}


class _Range(io.RawIOBase):
    """The bytes of a file from where it stands up to ``end``."""

    def __init__(self, fh, end: int):
        self.fh, self.end = fh, end

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        left = self.end - self.fh.tell()
        if left <= 0:
            return 0
        view = memoryview(buffer)[: min(len(buffer), left)]
        return self.fh.readinto(view)


def eligible(path: str, window, encoding: Optional[str]) -> Optional[tuple]:
    """(encoding, header end, split point, lines before the split), or None."""
    if window is None or window.history or (os.cpu_count() or 1) < 2 \
            or not hasattr(os, "fork"):
        return None
    try:
        size = os.path.getsize(path)
        if size < MIN_BYTES:
            return None
        with open(path, "rb") as fh:
            head = fh.read(SNIFF)
            enc = (encoding or detect_encoding(head)).lower().replace("_", "-")
            if enc not in _SAFE:
                return None
            if scanning.ENABLED and enc.startswith("utf-8"):
                return None  # the compiled path reads faster alone than two halves

            header_end = _header_end(head)
            if header_end is None or not _plain_header(path, head[:header_end], enc):
                return None
            lines_before, split = 0, None
            fh.seek(0)
            position = 0
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                if b'"' in chunk or b"\x00" in chunk or \
                        chunk.count(b"\r") != chunk.count(b"\r\n"):
                    return None  # quoting, binary, or lone CRs: rows need the csv module
                if split is None:
                    at = -1
                    if position + len(chunk) > size // 2:
                        at = chunk.find(b"\n", max(0, size // 2 - position))
                    if at >= 0:
                        split = position + at + 1
                        lines_before += chunk.count(b"\n", 0, at + 1)
                    else:
                        lines_before += chunk.count(b"\n")
                position += len(chunk)
    except OSError:
        return None
    if split is None or split <= header_end or split >= size:
        return None
    return enc, header_end, split, lines_before


def _plain_header(path: str, raw: bytes, enc: str) -> bool:
    """A comma-separated long header the fast paths read (wide tables, sub-unit and
    revision columns, tabs: the ordinary read, row by row)."""
    try:
        text = raw.decode("utf-8-sig" if enc.startswith("utf-8") else enc)
    except UnicodeDecodeError:
        return False  # the ordinary read reports where
    line = text.rstrip("\r\n").rsplit("\n", 1)[-1]
    if delimiter_of(path, line) != ",":
        return False
    try:
        return recognise(next(csv.reader([line])), False).plain
    except csv.Error:
        return False


def _header_end(head: bytes) -> Optional[int]:
    """Where the header line (the first line with content) ends, in bytes."""
    start = 0
    while True:
        end = head.find(b"\n", start)
        if end < 0:
            return None
        if head[start:end].strip(b" ,\r\t\xef\xbb\xbf"):
            return end + 1
        start = end + 1


def read_split(path: str, collector, plan_encoding: Optional[str], progress, split_info) -> bool:
    """Read ``path`` in two halves; False when the ordinary read must be used instead."""
    enc, header_end, split, lines_before = split_info
    header_reader = Reader(path, collector, plan_encoding, progress)
    with open(path, "rb") as fh:
        first = fh.read(header_end)
    try:
        text = first.decode("utf-8-sig" if enc.startswith("utf-8") else enc)
    except UnicodeDecodeError:
        return False  # the ordinary read reports where (found by a long fuzz run)
    lines = text.split("\n")
    header_line = len(lines) - 1  # the header is the last complete line
    header = next(csv.reader([lines[header_line - 1].rstrip("\r")]))
    if not header_reader._header(header, header_line) or not header_reader.fast_ok:
        return False
    body_encoding = "utf-8" if enc.startswith("utf-8") else enc
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: the second half, sent back as plain data in chunks
        os.close(read_fd)
        status = 0
        try:
            states, diagnostics, repeats, period_ids, aborted, off = _read_half(
                path, collector, header, header_line, split, None, lines_before, body_encoding,
                parent)
            with os.fdopen(write_fd, "wb") as out:
                dump = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump
                dump((diagnostics, repeats, period_ids, aborted, off))
                for start in range(0, len(states), _CHUNK):
                    dump(states[start:start + _CHUNK])
                dump(None)
        except BaseException:  # noqa: BLE001 - any failure: the parent reads it all again
            status = 1
        os._exit(status)
    os.close(write_fd)
    try:
        return _read_first_half(path, collector, header_reader, header_end, split, header_line,
                                body_encoding, read_fd, pid)
    except BaseException:  # Ctrl-C, SIGTERM, an error: the child must not read on alone
        _stop(pid)
        raise


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass  # already gone and waited for


def _read_first_half(path, collector, header_reader, header_end, split, header_line,
                     body_encoding, read_fd, pid) -> bool:
    try:
        _read_range(header_reader, path, header_end, split, header_line, body_encoding)
    except (UnicodeDecodeError, csv.Error):
        header_reader.aborted = True
    merged = False
    try:
        with os.fdopen(read_fd, "rb") as incoming:
            load = pickle.Unpickler(incoming).load
            head = load()
            # a half that stopped early, or more problems than are kept: the serial read
            # decides what is reported, so fall back to it
            if not header_reader.aborted and not head[3] and not collector.sink.overflowing:
                # merge a chunk at a time: the child's summaries never sit in memory at once
                merged = _merge(collector, header_reader, head[:3] + head[4:],
                                iter(load, None))
                merged = merged and not collector.sink.overflowing
    except (EOFError, pickle.UnpicklingError, OSError):
        merged = False
    _, status = os.waitpid(pid, 0)
    return merged and os.waitstatus_to_exitcode(status) == 0


def _read_range(reader: Reader, path: str, start: int, end: int, lines_before: int,
                encoding: str) -> None:
    raw = open(path, "rb", buffering=0)
    with raw:
        raw.seek(start)
        text = io.TextIOWrapper(io.BufferedReader(_Range(raw, end), 1 << 18),
                                encoding=encoding, newline="")
        reader.fh = raw
        reader.size = end
        reader.error_line = lines_before + 1
        reader._fast(text, lines_before)


def _read_half(path, parent_collector, header, header_line, start, end, lines_before,
               encoding, parent=None):
    """In the child: a fresh collector, the given range, and its state as plain data."""
    actuals = Actuals(window=parent_collector.window)
    collector = Collector(parent_collector.plan, actuals)
    reader = Reader(path, collector, encoding, _orphaned(parent))
    sink, reader.sink = reader.sink, []  # the parent already reported the header's problems
    reader._header(header, header_line)
    reader.sink = sink
    end = end if end is not None else os.path.getsize(path)
    try:
        _read_range(reader, path, start, end, lines_before, encoding)
    except (UnicodeDecodeError, csv.Error):
        reader.aborted = True
    actuals.settle()
    states = []
    for (city, metric), summary in actuals._data.items():
        states.append((city, metric, summary.bits, summary.count, summary.later,
                       summary.latest_key, _compact(summary.latest), summary.earliest_key,
                       _compact(summary.earliest), _compact(summary.baseline),
                       summary.in_window, summary.latest_in_window,
                       [(t.misses, t.worst, t.worst_margin, t.min_margin, t.closest)
                        for t in summary.tallies], summary.pending, summary.kept))
    return (states, list(actuals.diagnostics), collector.repeats, collector.period_ids,
            reader.aborted or actuals.diagnostics.overflowing, collector.off_period)


def _orphaned(parent: Optional[int]):
    """A progress callback for the child that ends it once its parent is gone (killed):
    nobody would read what it sends, so it stops at the next block, not at the end."""
    if parent is None:
        return None

    def check(path: str, done: int, total: int) -> None:
        if os.getppid() != parent:
            os._exit(1)
    return check


def _compact(item):
    """A raw row as plain data (value text, line, Period, source/note): far smaller
    than an Observation, and the parent keeps it raw until a report needs it."""
    if isinstance(item, tuple) and len(item) == 6 and callable(item[0]):
        _, value, line, info, extras, _ = item
        return (value, line, info[4], extras, None)
    return item


def _adopt(item, reader: Reader, summary):
    """The child's row in the parent: a compact raw becomes the parent's raw again."""
    if isinstance(item, tuple) and len(item) == 5:
        value, line, period, extras, _ = item
        return (reader.make, value, line, reader.collector.period_info(period), extras, summary)
    return item


class _BitMap:
    """Translates a period bitset from the child's period ids to the parent's (each
    process numbers periods in the order it meets them).

    With few periods, a table a byte at a time (fast); with many (a file of daily
    figures over decades), set bit by set bit: tables for every byte of a bitset hold
    a bitset each, so they grow with the square of the number of periods (520,000
    days would take terabytes), while the bits set are only the rows of the key."""

    TABLE_PERIODS = 1024  # tables: at most 128 bytes x 256 entries of 128-byte ints

    def __init__(self, collector, child_ids: dict):
        self.mapping = [0] * (max(child_ids.values(), default=-1) + 1)
        for span, child in child_ids.items():
            self.mapping[child] = collector.span_id(span)
        self.size = (len(self.mapping) // 8) + 1
        self.out_size = (max(self.mapping, default=0) // 8) + 1
        self.tables = None
        if len(self.mapping) <= self.TABLE_PERIODS:
            self.tables = [self._table(byte) for byte in range(self.size)]

    def _table(self, byte: int) -> list:
        table = [0] * 256
        for value in range(1, 256):
            bits = 0
            for i in range(8):
                if value >> i & 1 and byte * 8 + i < len(self.mapping):
                    bits |= 1 << self.mapping[byte * 8 + i]
            table[value] = bits
        return table

    def __call__(self, bits: int) -> int:
        data = bits.to_bytes(self.size, "little")
        if self.tables is not None:
            out = 0
            for table, value in zip(self.tables, data):
                if value:
                    out |= table[value]
            return out
        out = bytearray(self.out_size)
        mapping = self.mapping
        for index in filter(data.__getitem__, range(len(data))):  # the bytes not zero
            value, base = data[index], index * 8
            while value:
                low = value & -value
                value ^= low
                target = mapping[base + low.bit_length() - 1]
                out[target >> 3] |= 1 << (target & 7)
        return int.from_bytes(out, "little")


def _merge(collector, reader: Reader, head, chunks) -> bool:
    diagnostics, repeats, child_ids, off_period = head
    remap = _BitMap(collector, child_ids)
    actuals = collector.actuals
    for (city, metric, bits, count, later, latest_key, latest, earliest_key, earliest,
         baseline, in_window, latest_in_window, tallies, pending, kept) in (
            state for chunk in chunks for state in chunk):
        summary = actuals.summary_slot(city, metric, create=True)
        bits = remap(bits)
        if summary.bits & bits:
            return False  # a repeat across the split: read the ordinary way to report it
        summary.bits |= bits
        summary.count += count
        summary.later += later
        if latest_key > summary.latest_key:
            summary.latest_key, summary.latest = latest_key, _adopt(latest, reader, summary)
        if earliest_key < summary.earliest_key:
            summary.earliest_key = earliest_key
            summary.earliest = _adopt(earliest, reader, summary)
        if baseline is not None:
            summary.baseline = _adopt(baseline, reader, summary)
        summary.in_window += in_window
        if latest_in_window is not None and (
                summary.latest_in_window is None or latest_in_window.period.sort_key >
                summary.latest_in_window.period.sort_key):
            summary.latest_in_window = latest_in_window
        for tally, (misses, worst, worst_margin, min_margin, closest) in zip(summary.tallies,
                                                                            tallies):
            tally.misses += misses
            tally.bound(min_margin, closest)
            if worst is not None and (tally.worst is None or worst_margin < tally.worst_margin
                                      or (worst_margin == tally.worst_margin and
                                          worst.period.sort_key < tally.worst.period.sort_key)):
                tally.worst, tally.worst_margin = worst, worst_margin
        if pending:
            summary.pending = (summary.pending or []) + pending
        if kept:  # a series metric's observations (no period is in both halves)
            summary.kept.update(kept)
    for diagnostic in diagnostics:
        collector.sink.append(diagnostic)
    collector.repeats.extend(repeats)
    for key, (obs, count, col) in off_period.items():  # the first half's first stays first
        collector.off_period.setdefault(key, [obs, 0, col])[1] += count
    return True
