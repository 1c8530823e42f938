"""A safe YAML reader that remembers where every value came from.

PyYAML composes the document into nodes (with the C parser when present); we
build plain Python values from those nodes ourselves so that
- every value's ``line:col`` is kept, keyed by its path (``metrics[3].target``);
- duplicate keys are errors, not silent overwrites;
- only the standard tags are accepted: ``!!python/...`` and friends never run;
- floats become exact ``Decimal`` (``93.1`` stays 93.1), dates stay text;
- aliases are expanded under a node budget, so an alias bomb fails fast.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import yaml

from qcity.errors import Diagnostic, Location, PlanError
from qcity.values import within_range

MAX_BYTES = 1 << 20  # a plan is a few KB; a megabyte is already suspicious
MAX_NODES = 100_000

try:  # the C composer is several times faster; fall back when libyaml is absent
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
}
_BOOL = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}

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
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or exc.context or "invalid YAML"
        raise PlanError(f"invalid YAML: {problem}", Location(path, line, col), "Q001") from None
    except yaml.YAMLError as exc:
        raise PlanError(f"invalid YAML: {exc}", Location(path, 1, 1), "Q001") from None
    if node is None:
        raise PlanError("the file is empty", Location(path, 1, 1), "Q002")
    builder = _Builder(path)
    data = builder.build(node, ())
    return data, builder.positions


def _read_text(path: str) -> str:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise PlanError(f"cannot read: {exc.strerror}", Location(path), "Q003") from None
    if len(raw) > MAX_BYTES:
        raise PlanError(f"file is larger than {MAX_BYTES // 1024} KiB; refusing to read a plan "
                        "that large", Location(path, 1, 1), "Q004")
    if b"\x00" in raw:
        raise PlanError("file holds NUL bytes; is it a binary file?", Location(path, 1, 1), "Q005")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PlanError("plan files must be UTF-8 (save it as UTF-8)",
                        Location(path, line, 1), "Q005") from None


def _short(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


class _Builder:
    def __init__(self, path: str):
        self.path = path
        self.positions = Positions()
        self.budget = MAX_NODES

    def fail(self, node, message: str, code: str = "Q001", at: Path = ()):
        mark = node.start_mark
        raise PlanError([Diagnostic(
            Location(self.path, mark.line + 1, mark.column + 1, format_path(at) or None),
            message, code)])

    def build(self, node, path: Path):
        self.budget -= 1
        if self.budget < 0:
            self.fail(node, f"document expands to more than {MAX_NODES} values "
                      "(an alias bomb?); refusing to read it", "Q004")
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            self.check_tag(node, "tag:yaml.org,2002:seq", path)
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        self.check_tag(node, "tag:yaml.org,2002:map", path)
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, "merge keys (<<) are not supported in plans", at=path)
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "mapping keys must be plain text", at=path)
            key = key_node.value
            self.positions.keys.setdefault(path + (key,), (key_node.start_mark.line + 1,
                                                           key_node.start_mark.column + 1))
            if key in result:
                self.fail(key_node, f'duplicate key "{key}"', "Q102", path + (key,))
            result[key] = self.build(value_node, path + (key,))
        return result

    def check_tag(self, node, expected: str, path: Path) -> None:
        if node.tag != expected:
            self.fail(node, f'tag "{_short(node.tag)}" is not allowed in plans', "Q005", path)

    def scalar(self, node, path: Path):
        tag, value = node.tag, node.value
        if tag not in _SCALAR_TAGS:
            self.fail(node, f'tag "{_short(tag)}" is not allowed in plans', "Q005", path)
        if tag == _STR or tag == "tag:yaml.org,2002:timestamp":
            return value  # dates stay text: pydantic and the period parser read them
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return _BOOL[value.lower()]
        if tag == "tag:yaml.org,2002:int":
            text = value.replace("_", "")
            try:
                return int(text, 0) if text.lower().startswith(("0x", "0o", "0b")) else int(text)
            except ValueError:
                return value  # YAML 1.1 oddities (sexagesimal): let the schema complain
        try:
            number = Decimal(value.replace("_", ""))
        except InvalidOperation:
            self.fail(node, f'"{value}" is not a finite number', "Q100", path)
        if not number.is_finite():
            self.fail(node, f'"{value}" is not a finite number', "Q100", path)
        try:
            return within_range(number, value)
        except ValueError as exc:
            self.fail(node, str(exc), "Q100", path)
