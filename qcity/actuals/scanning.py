"""The compiled fast path (``qcity.actuals._scan``), when it was built.

The reader's rules stay in Python.  The compiled scanner only repeats, for
rows the Python side has already vouched for, the bookkeeping that
``qcity.actuals.fastpath`` does: it learns the vouched-for city/metric/unit and period
texts, updates per-summary slots (duplicate bits, counts, latest, earliest,
baseline and, for sustained targets, misses and extremes judged with exact
decimal comparison), and stops at any row it cannot vouch for, which Python
then reads the careful way.  At a quote, NUL, lone CR or undecodable byte it
hands the rest of the file back to the Python reader.  When a file is done the
slots become summaries as they are asked for (:class:`Pending`), so the engine
never knows which path read a row; the fuzz tests read every input both ways
and compare.

Without a C compiler at install time qcity runs the same, slower;
``QCITY_PURE=1`` turns the compiled path off (the tests compare the two).
"""

from __future__ import annotations

import codecs
import io
import os
import re
import struct

from qcity.actuals.fastpath import REFUSED
from qcity.actuals.limits import MAX_LINE
from qcity.actuals.series import fast_spec
from qcity.actuals.slots import Pending
from qcity.plan.targets import LevelTarget

try:
    from qcity.actuals import _scan
except ImportError:  # pragma: no cover - built without a C compiler
    _scan = None

ENABLED = _scan is not None and not os.environ.get("QCITY_PURE")
BLOCK = 1 << 18
_PLAIN_THRESHOLD = re.compile(r"-?[0-9]+(\.[0-9]+)?")
PLAIN, JUDGED, PYTHON = 0, 1, 2


def encoding_name(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return ""


def usable(reader) -> bool:
    """Whether this reader's rows can go through the compiled path (a file of more
    columns than it splits is read by the Python paths)."""
    return (ENABLED and reader.collector.window is not None
            and reader.width <= _scan.MAX_WIDTH
            and encoding_name(reader.text_encoding) in ("utf-8", "utf-8-sig"))


class Binding:
    """One file's scanner, what it was told, and the summaries whose slots it fills.

    The scanner is told the reader's decisions text by text: a city text (to a city,
    or refused), a metric text (to a metric whose summaries the fast path may fill),
    a unit text per metric, a period text.  Slots for (city, metric) pairs it makes
    itself; summaries Python already holds, or makes while the scanner reads (the
    careful path), share their slot, so repeats are found across both paths.
    """

    def __init__(self, reader):
        self.reader = reader
        self.collector = collector = reader.collector
        self.actuals = collector.actuals
        plan, window = reader.plan, collector.window
        self.metric_ids = [m.id for m in plan.metrics]
        self.scanner = _scan.Scanner(len(plan.metrics), *(-1 if i is None else i for i in (
            reader.width, reader.i_city, reader.i_metric, reader.i_period, reader.i_value,
            reader.i_unit, reader.i_source, reader.i_note)))
        self.metric_index: dict[str, int] = {}  # metric texts the scanner takes
        self.city_ids: dict = {}  # city (None for a single-city plan) -> id
        self.city_names: list = []  # id -> city
        self.cities: dict[str, int] = {}  # city texts decided -> id, -1 refused
        self.units: dict[tuple[int, str], bool] = {}
        self.refused_periods: set[str] = set()
        self.summaries: dict[int, object] = {}  # slot -> summary Python holds
        self.infos: dict[int, tuple] = {}  # period id -> period info
        for index, metric in enumerate(plan.metrics):
            spec = window.specs[metric.id]
            if reader.fast_metric(metric.id) is None or not fast_spec(spec, window):
                continue
            mode, targets = _judged(spec.targets) if spec.sustained else (PLAIN, [])
            baseline = collector.span_id(spec.baseline_span) \
                if spec.baseline_span is not None else -1
            # bit 1: a % metric (over 100 is told); bit 2: a fraction below 1 is told too
            checks = int(spec.percent) | (2 if metric.id in reader.fraction else 0)
            self.scanner.add_metric(index, checks, baseline, mode, targets)
            if self.scanner.add_name(1, metric.id.encode("utf-8"), index):
                self.metric_index[metric.id] = index
        self.city("")
        for raw, info in collector.fast_periods.items():
            self.period(raw, info)
        self.actuals.settle()  # an earlier file's slots: summaries, adopted below
        collector.binding = self.actuals.binding = self
        for (city, metric), summary in list(self.actuals._data.items()):
            self.adopt(summary)

    def city(self, raw: str) -> int:
        """Decide a city text as ``FastPath.register_key`` would."""
        city = self.reader.fast_city(raw)
        cid = -1 if city is REFUSED else self._city_id(city)
        if not self.scanner.add_name(0, raw.encode("utf-8"), cid):
            cid = -1
        self.cities[raw] = cid
        return cid

    def _city_id(self, city) -> int:
        cid = self.city_ids.get(city)
        if cid is None:
            cid = self.city_ids[city] = len(self.city_names)
            self.city_names.append(city)
        return cid

    def unit(self, index: int, raw: str) -> bool:
        ok = self.reader.fast_unit(self.reader.plan.metrics[index], raw)
        if not self.scanner.add_name(2, struct.pack("=i", index) + raw.encode("utf-8"), int(ok)):
            ok = False
        self.units[(index, raw)] = ok
        return ok

    def period(self, raw: str, info: tuple) -> None:
        try:
            text = raw.encode("utf-8")
        except UnicodeEncodeError:  # not text a UTF-8 file holds
            return
        self.infos[info[0]] = info
        self.scanner.add_period(text, info[0], info[1], info[2], info[3], info[6])

    def adopt(self, summary) -> None:
        """A summary Python holds shares the slot of its (city, metric)."""
        index = self.metric_index.get(summary.metric)
        if index is None or summary.cslot is not None:
            return
        cid = self._city_id(summary.city)
        slot = self.scanner.slot(cid, index)
        if slot < 0:
            bits = summary.bits.to_bytes((summary.bits.bit_length() + 7) // 8, "little")
            slot = self.scanner.add_slot(cid, index, bits)
        elif summary.bits:  # pragma: no cover - a summary made while bound starts empty
            raise AssertionError("a summary with bits met a slot")
        summary.cslot = slot
        self.summaries[slot] = summary

    def seen(self, summary, pid: int) -> bool:
        """Test and set a period's bit of a summary with a slot (the slot holds its bits)."""
        return self.scanner.mark(summary.cslot, pid)

    def events(self, events) -> None:
        reader, infos = self.reader, self.infos
        for kind, slot, value, line, pid, extras in events:
            summary, info = self.summary(slot), infos[pid]
            if kind == _scan.EV_PERCENT:  # over 100, or below 1: Python decides
                reader.percent_warning(value, summary.metric, info[4].text, line)
            else:
                summary.window_add(reader.make(value, line, info, extras, summary))

    def summary(self, slot: int):
        summary = self.summaries.get(slot)
        if summary is None:
            cid, index = self.scanner.key_of(slot)
            # made now (the careful path may want it too): adopted into its slot
            summary = self.actuals.summary_slot(self.city_names[cid], self.metric_ids[index],
                                                create=True)
        return summary

    def row(self, data: bytes, pos: int, lineno: int) -> tuple[int, int]:
        """The row at ``pos``, which the scanner stopped before: decide its texts, and if
        that lets the scanner take it, it does; else it is read the careful way."""
        reader, collector = self.reader, self.collector
        end = data.find(b"\n", pos)
        end = len(data) if end < 0 else end
        line = data[pos:end]
        if line.endswith(b"\r"):
            line = line[:-1]
        fields = line.decode("utf-8").split(",")  # the scanner checked the bytes
        if len(fields) == reader.width:
            fresh = False
            city = fields[reader.i_city] if reader.i_city is not None else ""
            if city not in self.cities:
                fresh = self.city(city) >= 0
            index = self.metric_index.get(fields[reader.i_metric])
            unit = fields[reader.i_unit] if reader.i_unit is not None else ""
            if index is not None and unit and (index, unit) not in self.units:
                fresh = self.unit(index, unit) or fresh
            period = fields[reader.i_period]
            if period not in collector.fast_periods and period not in self.refused_periods:
                reader.register_period(period)
                if period in collector.fast_periods:
                    fresh = True
                else:
                    self.refused_periods.add(period)
            if fresh:  # now perhaps the scanner takes it
                after, lines, status, events = self.scanner.scan(data, pos, lineno, True)
                if events:
                    self.events(events)
                if after != pos:
                    return after, lines
        reader.careful(fields, lineno + 1)
        return end + 1, lineno + 1

    def detach(self) -> None:
        """Stop reading: summaries Python holds take their slot's rows now; the other
        slots wait in ``actuals.pending`` until a summary is asked for, so each process
        evaluating its share of the cities merges only those (see :class:`Pending`)."""
        if self.collector.binding is not self:
            return
        self.collector.binding = self.actuals.binding = None
        pending = Pending(self)
        for slot, summary in self.summaries.items():
            summary.cslot = None
            pending.merge(summary, self.scanner.state(slot))
        self.actuals.pending = pending


def _judged(targets) -> tuple[int, list]:
    """Sustained targets the scanner can judge itself: levels with plain thresholds."""
    pairs = []
    for target in targets:
        if not isinstance(target, LevelTarget):
            return PYTHON, []
        text = format(target.value, "f")
        if len(text) > 160 or not _PLAIN_THRESHOLD.fullmatch(text):
            return PYTHON, []
        pairs.append((target.op, text))
    return (JUDGED, pairs) if 1 <= len(pairs) <= 2 else (PYTHON, [])


def read_rest(reader, offset: int, lineno: int) -> None:
    """Read a file's rows from byte ``offset`` (after the header, line ``lineno``)."""
    fh, progress = reader.fh, reader.progress
    fh.seek(offset)
    binding = Binding(reader)
    scan = binding.scanner.scan
    position, carry = offset, b""
    try:
        while True:
            chunk = fh.read(BLOCK)
            data = carry + chunk if carry else chunk
            if not data:
                return
            if chunk:
                cut = data.rfind(b"\n") + 1
                if not cut:  # a line longer than a block
                    carry = data
                    if len(carry) > MAX_LINE:
                        # perhaps over the limit of a line: the Python reader decides from
                        # this line on, as it would have (never a gigabyte held and re-joined)
                        binding.detach()
                        fh.seek(position)
                        reader._fast(io.TextIOWrapper(fh, encoding="utf-8", newline="",
                                                      errors="surrogateescape"), lineno)
                        return
                    continue
                data, carry = data[:cut], data[cut:]
            else:
                carry = b""  # the last line, without a newline
            pos = 0
            while True:
                pos, lineno, status, events = scan(data, pos, lineno)
                if events:
                    binding.events(events)
                if status == _scan.DONE:
                    break
                if status == _scan.HANDOFF:
                    # quoting, NUL, lone CR or undecodable bytes: the Python reader
                    # reads the rest, from this line, by its own rules
                    binding.detach()
                    fh.seek(position + pos)
                    reader._fast(io.TextIOWrapper(fh, encoding="utf-8", newline="",
                                                  errors="surrogateescape"), lineno)
                    return
                pos, lineno = binding.row(data, pos, lineno)
            position += len(data)
            if progress is not None:
                progress(reader.path, position, reader.size)
            if not chunk:
                return
    finally:
        binding.detach()
