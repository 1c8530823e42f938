"""A large file read by two processes gives exactly what one process gives.

The split is how the pure-Python reader uses a second core; the compiled
scanner (``qcity.actuals.scanning``) reads alone, so these tests turn it off unless
they compare against it."""

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from qcity.actuals import parallel, scanning
from qcity.cli import cli

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import generate  # noqa: E402

pytestmark = pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork")


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "targets").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "targets" / "national.yaml").write_text(generate.plan_yaml(), encoding="utf-8")
    generate.write_data(str(tmp_path / "data" / "national.csv"), 8, 12)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(scanning, "ENABLED", False)
    return tmp_path


def _check(monkeypatch, split: bool, *extra, compiled: bool = False):
    monkeypatch.setattr(parallel, "MIN_BYTES", 1 if split else 1 << 40)
    monkeypatch.setattr(scanning, "ENABLED", compiled)
    result = CliRunner().invoke(cli, ["check", "national", "--as-of", "2026-01-01",
                                      "--format", "json", "--lang", "en", *extra])
    return result


def test_split_read_equals_single_read(project, monkeypatch):
    split, single = _check(monkeypatch, True), _check(monkeypatch, False)
    assert split.exit_code == single.exit_code == 1
    assert json.loads(split.stdout) == json.loads(single.stdout)


@pytest.mark.skipif(scanning._scan is None, reason="built without the compiled scanner")
def test_compiled_read_equals_pure_read(project, monkeypatch):
    pure, compiled = _check(monkeypatch, False), _check(monkeypatch, False, compiled=True)
    assert compiled.exit_code == pure.exit_code == 1
    assert compiled.stdout == pure.stdout


def test_split_is_really_used(project, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_BYTES", 1)
    from datetime import date

    from qcity.evaluation.engine import evaluation_window
    from qcity.plan.loading import load_plan
    plan = load_plan("targets/national.yaml")
    info = parallel.eligible("data/national.csv", evaluation_window(plan, date(2026, 1, 1)),
                             None)
    assert info is not None and info[0] == "utf-8"
    lines = Path("data/national.csv").read_bytes()[: info[2]].count(b"\n")
    assert info[3] == lines  # lines before the split, for the child's line numbers


def test_errors_in_the_second_half_keep_their_lines(project, monkeypatch):
    path = project / "data" / "national.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    rows[-3] = rows[-3].rsplit(",", 1)[0] + ",abc"
    rows[-2] = rows[-2].replace("2025-12", "2025-13")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    split, single = _check(monkeypatch, True), _check(monkeypatch, False)
    assert split.exit_code == single.exit_code == 2
    assert split.stderr == single.stderr
    assert f"data/national.csv:{len(rows) - 2}:4: error Q203: value:" in split.stderr


def test_repeat_across_the_split_falls_back_and_is_reported(project, monkeypatch):
    path = project / "data" / "national.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    rows.append(rows[1].rsplit(",", 1)[0] + ",12.5")  # the first data row again, new value
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    split, single = _check(monkeypatch, True), _check(monkeypatch, False)
    assert split.exit_code == single.exit_code == 2
    assert split.stderr == single.stderr
    assert "conflicts with" in split.stderr


def test_quoted_files_are_not_split(project, monkeypatch):
    path = project / "data" / "national.csv"
    text = path.read_text(encoding="utf-8").replace("城市003,", '"城市003",')
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(parallel, "MIN_BYTES", 1)
    from datetime import date

    from qcity.evaluation.engine import evaluation_window
    from qcity.plan.loading import load_plan
    plan = load_plan("targets/national.yaml")
    assert parallel.eligible(str(path), evaluation_window(plan, date(2026, 1, 1)), None) is None
    split, single = _check(monkeypatch, True), _check(monkeypatch, False)
    assert json.loads(split.stdout) == json.loads(single.stdout)


def test_failed_split_of_a_second_file_rereads_the_first(project, monkeypatch):
    path = project / "data" / "national.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    half = len(rows) // 2
    first = [rows[0]] + rows[1:half]
    second = [rows[0]] + rows[half:] + [rows[-1]]  # a repeated last row: the split fails
    (project / "data" / "national").mkdir()
    path.unlink()
    (project / "data" / "national" / "a.csv").write_text("\n".join(first) + "\n", encoding="utf-8")
    (project / "data" / "national" / "b.csv").write_text("\n".join(second) + "\n",
                                                         encoding="utf-8")
    split, single = _check(monkeypatch, True), _check(monkeypatch, False)
    assert split.stderr == single.stderr
    assert "repeats" in split.stderr
    assert json.loads(split.stdout) == json.loads(single.stdout)


def test_header_warnings_are_reported_once(project, monkeypatch):
    """17: an unknown column was warned about by both processes of a split read."""
    path = project / "data" / "national.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    rows = [rows[0] + ",remark"] + [row + ",x" for row in rows[1:]]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    split, single = _check(monkeypatch, True), _check(monkeypatch, False)
    assert split.stderr == single.stderr
    assert split.stderr.count('unknown column "remark"') == 1


class _Ids:
    """A collector's period numbering, all it takes to translate bitsets."""

    def __init__(self):
        self.ids = {}

    def span_id(self, span):
        return self.ids.setdefault(span, len(self.ids))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 1999), max_size=60), st.integers(0, 2 ** 32), st.booleans())
def test_bitsets_translate_between_the_processes_numberings(bits, seed, many):
    import random

    shuffle = random.Random(seed)
    days = 2000 if many else 900  # set bit by set bit, or a table a byte at a time
    child = list(range(days))
    shuffle.shuffle(child)
    child_ids = {(day, day): index for index, day in enumerate(child)}
    ids = _Ids()
    for day in shuffle.sample(range(days), 50):  # the parent met some periods first
        ids.span_id((day, day))
    bitmap = parallel._BitMap(ids, child_ids)
    assert (bitmap.tables is None) == many
    chosen = {day % days for day in bits}
    bitset = sum(1 << child_ids[(day, day)] for day in chosen)
    assert bitmap(bitset) == sum(1 << ids.ids[(day, day)] for day in chosen)


def test_bitset_translation_does_not_grow_with_the_square_of_periods():
    """17.1: the tables grew with the square of the number of distinct periods: a 15 MB
    file of 520,000 days ran out of memory in the split read (24 GB for 1M days)."""
    import tracemalloc

    child_ids = {(day, day): day for day in range(6000)}
    ids = _Ids()
    tracemalloc.start()
    bitmap = parallel._BitMap(ids, child_ids)
    translated = bitmap((1 << 6000) - 1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert translated == (1 << 6000) - 1
    assert peak < 20 << 20, f"{peak >> 20} MB to translate 6,000 periods"


def test_a_split_file_of_daily_figures_reads_as_one(tmp_path, monkeypatch):
    """Thousands of distinct periods (days) across the split: the same as one read."""
    (tmp_path / "targets").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "targets" / "days.yaml").write_text(
        "qcity: 1\nid: days\ncity: 测试市\ntitle: T\ncities: any\nstages:\n"
        "  - {id: a, name: A, start: 2000-01-01, end: 2029-12-31}\nmetrics:\n"
        '  - {id: m, name: 日, target: ">= 10", mode: sustained}\n', encoding="utf-8")
    from datetime import date, timedelta

    lines = ["city,metric,period,value"]
    for city in ("甲市", "乙市", "丙市"):
        lines += [f"{city},m,{date(2000, 1, 1) + timedelta(days=i)},{10 + i % 7}"
                  for i in range(2500)]
    (tmp_path / "data" / "days.csv").write_bytes(("\n".join(lines) + "\n").encode("gb18030"))
    monkeypatch.chdir(tmp_path)
    results = []
    for split in (True, False):
        monkeypatch.setattr(parallel, "MIN_BYTES", 1 if split else 1 << 40)
        results.append(CliRunner().invoke(cli, ["check", "days", "--as-of", "2030-01-01",
                                                "--format", "json"]))
    assert results[0].exit_code == results[1].exit_code == 0, results[0].output
    assert json.loads(results[0].stdout) == json.loads(results[1].stdout)
