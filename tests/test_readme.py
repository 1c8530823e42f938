"""The README's transcripts are real: each ``$ command`` in it is run and its output
compared with what the README shows, so the README cannot drift from qcity.

A fenced block holding lines that start with ``$ `` is a transcript: the commands
run in order in a scratch copy of the project (``targets/``, ``data/``, and the test
projects under ``tests/``), standard error after standard output, and every line
below a command must match its output.  A line ``…`` stands for any number of
lines.  An HTML comment right before a block steers it (invisible on GitHub):

    <!-- transcript: cwd=tests/multicity -->        run the block in that folder
    <!-- transcript: run=qcity check … -->           the whole block is this command's output
    <!-- transcript: skip -->                        an illustration, not run

After an intended change, regenerate the outputs from real runs and review the diff:

    QCITY_UPDATE_README=1 python -m pytest tests/test_readme.py
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
COPIED = ["targets", "data", "tests/multicity", "tests/readme", "tests/cases",
          "tests/reports"]
_MARKER = re.compile(r"^<!--\s*transcript:\s*(.*?)\s*-->$")


class Block:
    """A fenced block of the README that is a transcript."""

    def __init__(self, start: int, end: int, options: dict):
        self.start, self.end, self.options = start, end, options  # lines start+1 .. end-1

    def __repr__(self) -> str:
        return f"README.md:{self.start + 1}"


def blocks(lines: list[str]) -> list[Block]:
    found, i = [], 0
    while i < len(lines):
        if not lines[i].startswith("```"):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        options: dict = {}
        k = i - 1
        while k >= 0 and not lines[k].strip():
            k -= 1
        marker = _MARKER.match(lines[k].strip()) if k >= 0 else None
        if marker:
            for part in marker.group(1).split(";"):
                key, _, value = part.strip().partition("=")
                options[key.strip()] = value.strip()
        body = lines[i + 1:j]
        if "skip" not in options and ("run" in options or any(l.startswith("$ ") for l in body)):
            found.append(Block(i, j, options))
        i = j + 1
    return found


def steps(block: Block, lines: list[str]) -> list[tuple[str, list[str]]]:
    """(command, the output lines the README shows for it)."""
    body = lines[block.start + 1:block.end]
    if "run" in block.options:
        return [(block.options["run"], body)]
    out: list[tuple[str, list[str]]] = []
    for line in body:
        if line.startswith("$ "):
            out.append((line[2:], []))
        elif out:
            out[-1][1].append(line)
    return out


def run(command: str, cwd: Path) -> list[str]:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
               LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8")
    env.pop("QCITY_PURE", None)
    done = subprocess.run(["bash", "-c", f"exec 2>&1; {command}"], cwd=cwd, env=env,
                          capture_output=True, timeout=300)
    text = done.stdout.decode("utf-8", errors="replace")
    return text.rstrip("\n").split("\n") if text.strip() else []


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line, ``…`` standing for any number of lines."""
    if not expected:
        return not actual
    if expected[0] == "…":
        rest = expected[1:]
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and expected[0].rstrip() == actual[0].rstrip() and \
        matches(expected[1:], actual[1:])


def reshaped(expected: list[str], actual: list[str]) -> list[str]:
    """The actual output in the README's shape: as many lines before and after a ``…``."""
    if "…" not in expected:
        return actual
    cut = expected.index("…")
    tail = len(expected) - cut - 1
    if cut + tail >= len(actual):
        return actual
    return actual[:cut] + ["…"] + (actual[len(actual) - tail:] if tail else [])


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("readme")
    for part in COPIED:
        if (REPO / part).exists():
            shutil.copytree(REPO / part, root / part)
    from workbooks import write_readme_workbook

    write_readme_workbook(root / "郑州指标.xlsx")  # the wide workbook the README shows
    return root


def _blocks():
    lines = README.read_text(encoding="utf-8").split("\n")
    return blocks(lines)


@pytest.mark.parametrize("index", range(len(_blocks())),
                         ids=[repr(b) for b in _blocks()])
def test_readme_transcript_is_real(index, scratch, tmp_path):
    lines = README.read_text(encoding="utf-8").split("\n")
    block = blocks(lines)[index]  # found again: an update may have moved the lines
    cwd = tmp_path / "project"
    shutil.copytree(scratch, cwd)
    cwd = cwd / block.options.get("cwd", ".")
    new_body, wrong = [], []
    for command, expected in steps(block, lines):
        actual = run(command, cwd)
        if not matches(expected, actual):
            wrong.append((command, expected, actual))
        if "run" not in block.options:
            new_body.append(f"$ {command}")
        new_body += reshaped(expected, actual)
    if wrong and os.environ.get("QCITY_UPDATE_README"):
        text = README.read_text(encoding="utf-8").split("\n")
        text[block.start + 1:block.end] = new_body
        README.write_text("\n".join(text), encoding="utf-8")
        return
    for command, expected, actual in wrong:
        pytest.fail(f"README.md:{block.start + 1}: `{command}` printed\n" + "\n".join(actual)
                    + "\n\nbut the README shows\n" + "\n".join(expected)
                    + "\n\n(regenerate: QCITY_UPDATE_README=1 python -m pytest "
                      "tests/test_readme.py, then review the diff)")


def test_the_harness_sees_the_transcripts():
    found = _blocks()
    assert len(found) >= 8
    lines = README.read_text(encoding="utf-8").split("\n")
    commands = [c for b in found for c, _ in steps(b, lines)]
    assert any(c.startswith("qcity check zhengzhou") for c in commands)
    assert matches(["a", "…", "z"], ["a", "b", "c", "z"])
    assert not matches(["a", "…", "z"], ["a", "b"])
    assert reshaped(["a", "…", "z"], ["1", "2", "3", "4"]) == ["1", "…", "4"]
