"""A safe YAML reader that remembers where every value came from.

PyYAML's parser (the C one when present) turns the text into a stream of
events; we build plain Python values from those events ourselves, with an
explicit stack and no recursion, so that
- every value's ``line:col`` is kept, keyed by its path (``metrics[3].target``);
- duplicate keys are errors, not silent overwrites;
- only the standard tags are accepted: ``!!python/...`` and friends never run;
- floats become exact ``Decimal`` (``93.1`` stays 93.1), dates stay text;
- nesting deeper than MAX_DEPTH stops at the event that goes too deep: nothing
  recursive ever sees it (PyYAML's C composer crashes the interpreter on tens
  of thousands of levels, and its parser slows down with the square of the depth,
  so the events are read one at a time and the read stops there);
- aliases are expanded under a budget of values and of characters, so an alias
  bomb (or one long anchor repeated) fails fast, and an alias inside its own
  anchor (``&x [*x]``) is refused rather than followed forever.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import yaml

from qcity.diagtext import key_of, message
from qcity.errors import Diagnostic, Location, PlanError
from qcity.values import MAX_DIGITS, shorten, within_range

MAX_BYTES = 1 << 20  # a plan is a few KB; a megabyte is already suspicious
MAX_NODES = 100_000  # values, aliases expanded
MAX_CHARS = 4 << 20  # characters of text, aliases expanded
MAX_DEPTH = 50  # levels of nesting; a plan uses five

try:  # the C parser is several times faster; fall back when libyaml is absent
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_Y = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE = _Y + "str", _Y + "map", _Y + "seq", _Y + "merge"
_SCALAR_TAGS = {_STR, _Y + "int", _Y + "float", _Y + "bool", _Y + "null", _Y + "timestamp"}
_BOOL = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
_resolve = yaml.resolver.Resolver().resolve  # plain scalars: int, float, bool … as YAML 1.1

Path = tuple  # of str keys and int indexes


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class Positions(dict):
    """Maps a path tuple to the (line, col) of its value, 1-based; ``keys`` to its key's."""

    def __init__(self):
        super().__init__()
        self.keys: dict[Path, tuple[int, int]] = {}

    def find(self, path: Path) -> tuple[int, int] | None:
        # A missing key has no position of its own: point at its nearest parent.
        path = tuple(path)
        while path:
            if path in self:
                return self[path]
            path = path[:-1]
        return self.get(())


def load_yaml(path: str, text: str | None = None) -> tuple[object, Positions]:
    """Read one YAML document; return its data and the position of every value."""
    if text is None:
        text = _read_text(path)
    builder = _Builder(path)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or exc.context or "invalid YAML"
        raise PlanError(message("yaml.invalid", problem=problem), Location(path, line, col),
                        "Q001") from None
    except yaml.YAMLError as exc:
        raise PlanError(message("yaml.invalid", problem=shorten(str(exc))), Location(path, 1, 1),
                        "Q001") from None
    if not builder.documents:
        raise PlanError(message("yaml.empty"), Location(path, 1, 1), "Q002")
    return builder.root, builder.positions


def texts(data, path: Path = ()):
    """Every text of a loaded document with its path, keys included (no recursion: the
    document's depth is bounded, but a walk need not rely on that)."""
    stack = [(path, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            yield where, value
        elif isinstance(value, dict):
            for key, item in value.items():
                yield where + (key,), key
                stack.append((where + (key,), item))
        elif isinstance(value, list):
            stack.extend((where + (i,), item) for i, item in enumerate(value))


def _read_text(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise PlanError(message("file.cannot_read", why=exc.strerror), Location(path),
                        "Q003") from None
    if len(raw) > MAX_BYTES:
        raise PlanError(message("yaml.too_large", kib=MAX_BYTES // 1024), Location(path, 1, 1),
                        "Q004")
    if b"\x00" in raw:
        raise PlanError(message("file.nul"), Location(path, 1, 1), "Q005")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PlanError(message("yaml.not_utf8"), Location(path, line, 1), "Q005") from None


def _short(tag: str) -> str:
    return "!!" + tag[len(_Y):] if tag.startswith(_Y) else tag


_NO_KEY = object()  # a mapping waiting for its next key


class _Frame:
    """A mapping or sequence being built: where it sits and what it holds so far."""

    __slots__ = ("value", "path", "key", "anchor", "level", "deepest", "log_start", "nodes",
                 "chars", "mark")

    def __init__(self, value, path, anchor, level, log_start, nodes, chars, mark):
        self.value, self.path, self.key, self.anchor = value, path, _NO_KEY, anchor
        self.level = self.deepest = level
        self.log_start, self.nodes, self.chars, self.mark = log_start, nodes, chars, mark


class _Anchor:
    """What an alias repeats: a scalar's tag and text, or a built collection with the
    positions inside it (relative paths), its size in values, characters and levels."""

    __slots__ = ("scalar", "value", "entries", "nodes", "chars", "depth")

    def __init__(self, scalar=None, value=None, entries=(), nodes=1, chars=0, depth=0):
        self.scalar, self.value, self.entries = scalar, value, entries
        self.nodes, self.chars, self.depth = nodes, chars, depth


class _Builder:
    def __init__(self, path: str):
        self.path = path
        self.positions = Positions()
        self.stack: list[_Frame] = []
        self.anchors: dict[str, _Anchor] = {}
        self.open_anchors = 0
        self.log: list[tuple] = []  # (path, mark, is key) met inside open anchors
        self.nodes = 0
        self.chars = 0
        self.documents = 0
        self.root = None

    def fail(self, mark, message: str, code: str = "Q001", at: Path = ()):
        raise PlanError([Diagnostic(
            Location(self.path, mark.line + 1, mark.column + 1, format_path(at) or None),
            message, code)])

    # -- events ---------------------------------------------------------------------
    def feed(self, event) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            self.scalar_event(event)
        elif kind is yaml.MappingStartEvent:
            self.open(event, {}, _MAP)
        elif kind is yaml.SequenceStartEvent:
            self.open(event, [], _SEQ)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self.close()
        elif kind is yaml.AliasEvent:
            self.alias(event)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                self.fail(event.start_mark, "invalid YAML: expected a single document in the "
                          "stream, but found another document")

    def slot(self) -> tuple[Path, bool]:
        """(path of the next node, whether it is a mapping key)."""
        if not self.stack:
            return (), False
        frame = self.stack[-1]
        if isinstance(frame.value, dict):
            if frame.key is _NO_KEY:
                return frame.path, True
            return frame.path + (frame.key,), False
        return frame.path + (len(frame.value),), False

    def scalar_event(self, event) -> None:
        tag = event.tag
        if tag is None or tag == "!":
            tag = _resolve(yaml.ScalarNode, event.value, event.implicit)
        mark = event.start_mark
        if event.anchor is not None:
            self.define(event.anchor, _Anchor(scalar=(tag, event.value), chars=len(event.value)),
                        mark)
        self.put_scalar(tag, event.value, mark)

    def put_scalar(self, tag: str, text: str, mark) -> None:
        path, is_key = self.slot()
        self.spend(1 - is_key, len(text), mark)
        if is_key:
            self.key(tag, text, mark, path)
            return
        self.note(path, mark, False)
        self.place(self.scalar(tag, text, mark, path))

    def open(self, event, value, expected: str) -> None:
        path, is_key = self.slot()
        mark = event.start_mark
        if is_key:
            self.fail(mark, message("yaml.key_text"), at=path)
        tag = event.tag
        if tag is not None and tag != "!" and tag != expected:
            self.fail(mark, message("yaml.tag", tag=_short(tag)), "Q005", path)
        level = len(self.stack) + 1
        if level > MAX_DEPTH:
            self.too_deep(mark, path)
        self.spend(1, 0, mark)
        self.note(path, mark, False)
        frame = _Frame(value, path, event.anchor, level, len(self.log), self.nodes, self.chars,
                       mark)
        if event.anchor is not None:
            if event.anchor in self.anchors:
                self.fail(mark, message("yaml.duplicate_anchor", anchor=event.anchor))
            self.open_anchors += 1
        self.stack.append(frame)

    def close(self) -> None:
        frame = self.stack.pop()
        if self.stack:
            parent = self.stack[-1]
            parent.deepest = max(parent.deepest, frame.deepest)
        if frame.anchor is not None:
            cut = len(frame.path)
            entries = [(where[cut:], mark, is_key) for where, mark, is_key
                       in self.log[frame.log_start:]]
            self.define(frame.anchor, _Anchor(
                value=frame.value, entries=entries, nodes=self.nodes - frame.nodes,
                chars=self.chars - frame.chars, depth=frame.deepest - frame.level + 1),
                frame.mark)
            self.open_anchors -= 1
            if not self.open_anchors:
                self.log = []
        self.place(frame.value)

    def alias(self, event) -> None:
        mark = event.start_mark
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            if any(frame.anchor == event.anchor for frame in self.stack):
                self.fail(mark, message("yaml.recursive_alias", anchor=event.anchor), "Q004",
                          self.slot()[0])
            self.fail(mark, message("yaml.undefined_alias", anchor=shorten(event.anchor)))
        if anchor.scalar is not None:  # placed where the alias stands, as values are
            self.put_scalar(*anchor.scalar, mark)
            return
        path, is_key = self.slot()
        if is_key:
            self.fail(mark, message("yaml.key_text"), at=path)
        if len(self.stack) + anchor.depth > MAX_DEPTH:
            self.too_deep(mark, path)
        if self.stack:
            self.stack[-1].deepest = max(self.stack[-1].deepest, len(self.stack) + anchor.depth)
        self.spend(anchor.nodes, anchor.chars, mark)
        self.note(path, mark, False)  # the value itself where the alias stands, inside it
        for where, at, is_key in anchor.entries:  # where the anchor's parts were written
            self.note(path + where, at, is_key)
        self.place(anchor.value)  # shared, never changed: pydantic only reads it

    def define(self, name: str, anchor: _Anchor, mark) -> None:
        if name in self.anchors and anchor.scalar is not None:
            self.fail(mark, message("yaml.duplicate_anchor", anchor=shorten(name)))
        self.anchors[name] = anchor

    # -- bookkeeping ------------------------------------------------------------------
    def too_deep(self, mark, path: Path) -> None:
        # the key path would be fifty "[0]"s: the top-level key says where
        self.fail(mark, message("yaml.too_deep", depth=MAX_DEPTH), "Q004",
                  path[:1])

    def spend(self, nodes: int, chars: int, mark) -> None:
        """Count values and characters as if aliases were copied out in full."""
        self.nodes += nodes
        self.chars += chars
        if self.nodes > MAX_NODES:
            self.fail(mark, message("yaml.too_many_values", n=MAX_NODES), "Q004",
                      self.slot()[0])
        if self.chars > MAX_CHARS:
            self.fail(mark, message("yaml.too_many_chars", mi=MAX_CHARS >> 20), "Q004",
                      self.slot()[0])

    def note(self, path: Path, mark, is_key: bool) -> None:
        if is_key:
            self.positions.keys.setdefault(path, (mark.line + 1, mark.column + 1))
        else:
            self.positions.setdefault(path, (mark.line + 1, mark.column + 1))
        if self.open_anchors:
            self.log.append((path, mark, is_key))

    def place(self, value) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        if isinstance(frame.value, dict):
            frame.value[frame.key] = value
            frame.key = _NO_KEY
        else:
            frame.value.append(value)

    def key(self, tag: str, text: str, mark, path: Path) -> None:
        if tag == _MERGE:
            self.fail(mark, message("yaml.merge_key"), at=path)
        frame = self.stack[-1]
        self.note(path + (text,), mark, True)
        if text in frame.value:
            self.fail(mark, message("yaml.duplicate_key", key=shorten(text)), "Q102",
                      path + (text,))
        frame.key = text

    def scalar(self, tag: str, value: str, mark, path: Path):
        if tag not in _SCALAR_TAGS:
            self.fail(mark, message("yaml.tag", tag=shorten(_short(tag))), "Q005", path)
        if tag == _STR or tag == _Y + "timestamp":
            return value  # dates stay text: pydantic and the period parser read them
        if tag == _Y + "null":
            return None
        if tag == _Y + "bool":
            return _BOOL[value.lower()]
        try:
            if tag == _Y + "int":
                text = value.replace("_", "")
                if len(text) > 4 * MAX_DIGITS:  # 0x…: never convert a huge number at all
                    within_range(Decimal("1e999"), value)
                try:
                    number = int(text, 0) if text.lower().lstrip("+-").startswith(
                        ("0x", "0o", "0b")) else int(text)
                except ValueError:
                    return value  # YAML 1.1 oddities (sexagesimal): let the schema complain
                within_range(Decimal(number), value)
                return number
            try:
                number = Decimal(value.replace("_", ""))
            except InvalidOperation:
                number = Decimal("NaN")
            if not number.is_finite():
                self.fail(mark, message("yaml.not_finite", value=shorten(value)), "Q100", path)
            return within_range(number, value)
        except ValueError as exc:
            self.fail(mark, key_of(exc), "Q100", path)
