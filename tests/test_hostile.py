"""The attack catalogue of issue #17, the parts that are not one broken input file.

(Broken plans and data files live in ``tests/corpus``, the large ones made by
``tests/corpus/generated.py``.)  Here: numbers at the edge of the range in every
report format, output files and devices, signals, options, FIFOs.  Each test
names the finding it reproduces.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from qcity.cli import cli

EXTREME_PLAN = """\
qcity: 1
id: extreme
city: 测试市
title: T
stages:
  - {id: a, name: A, start: 2014-01-01, end: 2015-12-31}
metrics:
  - {id: huge, name: H, target: ">= 1"}
  - {id: rel, name: R, target: "increase >= 10%", baseline: {period: "2013", value: 1e-40}}
  - {id: fall, name: F, target: "decrease >= 10%", baseline: {period: "2014-12-30"}}
"""
EXTREME_DATA = """\
metric,period,value
huge,2014,9999999999999999999999999999999999999999
rel,2014,1e39
fall,2014-12-30,0.0000000000000000000000000000000000000001
fall,2014-12-31,1e39
"""
FORMATS = ("table", "markdown", "csv", "json", "html", "latex", "junit", "github")


@pytest.mark.parametrize("fmt", FORMATS)
def test_extreme_values_render_in_every_format(project_dir, fmt):
    """17.6: 1e28 and above passed validate, then crashed check in decimal formatting;
    a relative change from 1e-40 to 1e39 crashed the engine; 17.4: ">= 1e40" (now
    out of range: 40 digits before the point and 40 after are the most)."""
    (project_dir / "targets" / "extreme.yaml").write_text(EXTREME_PLAN, encoding="utf-8")
    (project_dir / "data" / "extreme.csv").write_text(EXTREME_DATA, encoding="utf-8")
    run = CliRunner().invoke(cli, ["check", "extreme", "--as-of", "2016-01-01", "--format", fmt],
                             catch_exceptions=False)
    assert run.exit_code == 1, run.output  # fall fails: a report, not a crash
    assert run.stderr == ""
    if fmt == "table":
        assert "9999999999999999999999999999999999999999" in run.stdout


@pytest.mark.parametrize("metric", ["huge", "rel", "fall"])
def test_extreme_values_in_trend(project_dir, metric):
    (project_dir / "targets" / "extreme.yaml").write_text(EXTREME_PLAN, encoding="utf-8")
    (project_dir / "data" / "extreme.csv").write_text(EXTREME_DATA, encoding="utf-8")
    for fmt in ("text", "json", "csv"):
        run = CliRunner().invoke(cli, ["trend", "extreme", metric, "--as-of", "2016-01-01",
                                       "--format", fmt], catch_exceptions=False)
        assert run.exit_code == 0, run.output


def test_the_range_of_values_is_exact_at_its_edges(project_dir):
    """Forty digits before the point and forty after: compared and shown exactly."""
    nines = "9" * 40
    (project_dir / "targets" / "edge.yaml").write_text(EXTREME_PLAN.replace(
        "id: extreme", "id: edge").replace('target: ">= 1"', f'target: ">= {nines}"'),
        encoding="utf-8")
    (project_dir / "data" / "edge.csv").write_text(
        f"metric,period,value\nhuge,2014,{'9' * 39}8.{'9' * 40}\n", encoding="utf-8")
    run = CliRunner().invoke(cli, ["check", "edge", "--as-of", "2016-01-01"],
                             catch_exceptions=False)
    assert run.exit_code == 1
    assert f"≥{nines}" in run.stdout  # the target as the report words it
    assert "-1×10⁻⁴⁰" in run.stdout  # the margin, exactly (a power of ten, not 39 zeros)
    (project_dir / "data" / "edge.csv").write_text(
        "metric,period,value\nhuge,2014,1e40\nhuge,2015,0." + "0" * 40 + "1\n",
        encoding="utf-8")
    run = CliRunner().invoke(cli, ["check", "edge", "--lang", "en", "--as-of", "2016-01-01"])
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        'data/edge.csv:2:3: error Q203: value: "1e40" is out of range (at most 40 digits before and 40 '
        "after the decimal point)",
        f'data/edge.csv:3:3: error Q203: value: "0.{"0" * 40}1" is out of range (at most 40 digits '
        "before and 40 after the decimal point)"]


# -- output files (17.2, 17.12, 17.19, 17.20) ---------------------------------------------

CORPUS = Path(__file__).parent / "corpus"


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    """A copy of the corpus project (plan ``corpus``, one clean data file)."""
    (tmp_path / "targets").mkdir()
    shutil.copy(CORPUS / "targets" / "corpus.yaml", tmp_path / "targets")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "corpus.csv").write_text(
        "metric,period,value\nrate,2014,95\ncount,2014,3\ndone,2014,yes\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _one_line(run, start):
    lines = run.stderr.splitlines()
    assert lines and lines[0].startswith(start), run.stderr
    assert "Traceback" not in run.output
    return lines[0]


def test_output_to_a_fifo_is_written_into_it(corpus):
    """17.2: the temporary file was renamed over a FIFO or device (as root, -o /dev/null
    replaced the device with a plain file, and nothing reached the reader)."""
    fifo = corpus / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")),
                              daemon=True)
    reader.start()
    run = _run("check", "corpus", "--as-of", "2016-01-01", "--format", "csv", "-o", str(fifo))
    reader.join(10)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert got and "rate" in got[0]
    assert run.exit_code == 0  # the plan passes; the report went through the pipe


def test_output_to_a_character_device_stays_a_device(corpus):
    try:
        os.mknod(corpus / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("making a device needs root")
    run = _run("check", "corpus", "--as-of", "2016-01-01", "-o", "null")
    assert run.exit_code == 0, run.output
    assert stat.S_ISCHR(os.stat(corpus / "null").st_mode)


def test_output_through_a_link_to_standard_output(corpus):
    """17.2: -o /dev/stdout (a link to the process's own output) reaches the pipe."""
    os.symlink("/proc/self/fd/1", corpus / "out")
    run = subprocess.run([sys.executable, "-m", "qcity", "check", "corpus", "--as-of",
                          "2016-01-01", "-o", "out"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "合格率" in run.stdout
    assert os.path.islink(corpus / "out")


def _readonly_folder(corpus):
    """A folder this process cannot write in (root writes anywhere but /proc)."""
    if os.geteuid() == 0:
        return "/proc"
    folder = corpus / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    return str(folder)


@pytest.mark.parametrize("args,place", [
    (["check", "corpus", "-o", "missing/x.md"], "missing/x.md: cannot write the output: "),
    (["check", "corpus", "-o", "n" * 300 + ".md"], "n" * 300 + ".md: cannot write the output: "),
    (["trend", "corpus", "rate", "-o", "missing/x.csv"], "missing/x.csv: cannot write"),
    (["template", "corpus", "-o", "missing/x.csv"], "missing/x.csv: cannot write"),
    (["check", "corpus", "--data", "/proc/self/mem"], "/proc/self/mem: error Q200: 无法读取："),
])
def test_output_and_input_errors_are_placed_usage_errors(corpus, args, place):
    """17.12: these were tracebacks with exit 1, the code of a failing plan."""
    run = _run(*args)
    assert run.exit_code == 2
    _one_line(run, place)


def test_a_readonly_folder_is_a_usage_error(corpus):
    folder = _readonly_folder(corpus)
    run = _run("check", "corpus", "-o", f"{folder}/x.md")
    assert run.exit_code == 2
    _one_line(run, f"{folder}/x.md: cannot write the output: ")
    run = _run("init", f"{folder}/new")
    assert run.exit_code == 2
    _one_line(run, f"{folder}/new/")


def test_init_over_a_dangling_link_is_refused(corpus):
    (corpus / "new" / "targets").mkdir(parents=True)
    os.symlink("/nonexistent/qcity", corpus / "new" / "targets" / "example.yaml")
    run = _run("init", "new")
    assert run.exit_code == 2
    _one_line(run, "qcity: new/targets/example.yaml already exist(s)")


@pytest.mark.parametrize("encoding", ["undefined", "idna", "rot13", "base64", "punycode",
                                      "no-such-codec"])
def test_unusable_encodings_are_usage_errors(corpus, encoding):
    run = _run("check", "corpus", "--encoding", encoding)
    assert run.exit_code == 2
    assert f'"{encoding}" is not an encoding qcity can read CSV in' in run.stderr
    assert "Traceback" not in run.output


def test_a_wrong_wide_encoding_is_one_placed_error(corpus):
    run = _run("check", "corpus", "--encoding", "utf-16")  # a UTF-8 file, no BOM
    assert run.exit_code == 2
    _one_line(run, "data/corpus.csv:1:1: ")


def test_usable_encodings_are_accepted(corpus):
    (corpus / "data" / "corpus.csv").write_bytes("metric,period,value\nrate,2014,95\n"
                                                 "count,2014,3\ndone,2014,是\n".encode("gbk"))
    assert _run("check", "corpus", "--encoding", "gbk", "--as-of", "2016-01-01").exit_code == 0


@pytest.mark.parametrize("args,victim", [
    (["template", "corpus", "-o", "data/corpus.csv"], "data/corpus.csv"),
    (["check", "corpus", "-o", "targets/corpus.yaml", "--format", "table"], "targets/corpus.yaml"),
    (["check", "corpus", "--format", "json", "-o", "data/corpus.csv"], "data/corpus.csv"),
    (["trend", "corpus", "rate", "-o", "data/corpus.csv"], "data/corpus.csv"),
    (["check", "corpus", "--data", "elsewhere.csv", "-o", "elsewhere.csv", "--format", "csv"],
     "elsewhere.csv"),
    (["check", "corpus", "-o", "alias.csv", "--format", "csv"], "alias.csv"),
])
def test_output_never_overwrites_an_input(corpus, args, victim):
    """17.19: template -o data/PLAN.csv wiped the data; check -o targets/PLAN.yaml
    replaced the plan with its report.  Also by another name (a hard link)."""
    shutil.copy(corpus / "data" / "corpus.csv", corpus / "elsewhere.csv")
    os.link(corpus / "data" / "corpus.csv", corpus / "alias.csv")
    before = (corpus / victim).read_bytes()
    run = _run(*args)
    assert run.exit_code == 2
    _one_line(run, f"{victim}: cannot write the output: ")
    assert "is an input of this run" in run.stderr
    assert (corpus / victim).read_bytes() == before


def test_replacing_a_report_keeps_its_link_and_mode(corpus):
    """17.20: the atomic replace turned a link into a file and reset permissions."""
    (corpus / "reports").mkdir()
    (corpus / "reports" / "r.md").write_text("old\n")
    (corpus / "reports" / "r.md").chmod(0o640)
    os.symlink("reports/r.md", corpus / "latest.md")
    assert _run("check", "corpus", "--as-of", "2016-01-01", "-o", "latest.md").exit_code == 0
    assert os.path.islink(corpus / "latest.md")
    assert "合格率" in (corpus / "reports" / "r.md").read_text(encoding="utf-8")
    assert stat.S_IMODE(os.stat(corpus / "reports" / "r.md").st_mode) == 0o640
    assert not list(corpus.rglob(".qcity-*"))


def test_replacing_a_report_keeps_its_hard_links(corpus):
    (corpus / "a.md").write_text("old\n")
    os.link(corpus / "a.md", corpus / "b.md")
    assert _run("check", "corpus", "--as-of", "2016-01-01", "-o", "a.md").exit_code == 0
    assert os.stat(corpus / "a.md").st_ino == os.stat(corpus / "b.md").st_ino
    assert "合格率" in (corpus / "b.md").read_text(encoding="utf-8")


def test_replacing_a_report_keeps_its_owner(corpus):
    if os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")
    (corpus / "r.md").write_text("old\n")
    os.chown(corpus / "r.md", 4321, 4321)
    assert _run("check", "corpus", "--as-of", "2016-01-01", "-o", "r.md").exit_code == 0
    info = os.stat(corpus / "r.md")
    assert (info.st_uid, info.st_gid) == (4321, 4321)


def test_a_readonly_report_is_not_overwritten(corpus):
    (corpus / "r.md").write_text("keep\n")
    (corpus / "r.md").chmod(0o444)
    run = _run("check", "corpus", "--as-of", "2016-01-01", "-o", "r.md")
    assert run.exit_code == 2
    _one_line(run, "r.md: cannot write the output: the file is read-only")
    assert (corpus / "r.md").read_text() == "keep\n"


# -- FIFOs among the inputs (17.13) --------------------------------------------------------

def test_validate_passes_over_fifos(corpus):
    """17.13: validate opened a FIFO under data/PLAN/ or targets/ and waited forever."""
    (corpus / "data" / "corpus").mkdir()
    os.mkfifo(corpus / "data" / "corpus" / "more.csv")
    os.mkfifo(corpus / "targets" / "pipe.yaml")
    for args in (["validate"], ["validate", "data"], ["validate", "targets"], ["check"],
                 ["plans"]):
        run = subprocess.run([sys.executable, "-m", "qcity", *args], capture_output=True,
                             text=True, timeout=60)
        assert "Traceback" not in run.stderr, args
    run = subprocess.run([sys.executable, "-m", "qcity", "validate", "data/corpus/more.csv"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "data/corpus/more.csv: not a regular file" in run.stderr
    run = _run("check", "corpus", "--data", "data/corpus/more.csv")
    assert run.exit_code == 2
    _one_line(run, "qcity: --data data/corpus/more.csv: not a regular file")


# -- signals and interrupted runs (17.21) -------------------------------------------------

# Runs qcity in a child whose data read pauses (after reading) until it is signalled.
_PAUSED = """\
import sys, time
import qcity.check as check
read = check.read_actuals
def paused(*args, **kwargs):
    actuals = read(*args, **kwargs)
    print("paused", file=sys.stderr, flush=True)
    time.sleep(60)
    return actuals
check.read_actuals = paused
from qcity.cli import main
sys.argv = ["qcity"] + sys.argv[1:]
main()
"""


def _paused(corpus, *args):
    child = subprocess.Popen([sys.executable, "-c", _PAUSED, *args], cwd=corpus,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stderr.readline() == "paused\n"
    return child


@pytest.mark.parametrize("signum,status,message", [
    (signal.SIGTERM, 128 + signal.SIGTERM, ""),
    (signal.SIGINT, 130, "qcity: interrupted\n"),
])
def test_a_signalled_run_leaves_no_temporary_file(corpus, signum, status, message):
    """17.21: SIGTERM left a .qcity-*.tmp each time; Ctrl-C exited 1 (a failing plan's
    code) instead of 130."""
    child = _paused(corpus, "check", "corpus", "--format", "json", "-o", "out.json")
    assert list(corpus.glob(".qcity-*.tmp"))  # the JSON streams into it while evaluating
    child.send_signal(signum)
    out, err = child.communicate(timeout=30)
    assert child.returncode == status
    assert err == message
    assert not list(corpus.glob(".qcity-*")) and not (corpus / "out.json").exists()


def test_interrupted_json_on_standard_output_is_not_half_written(corpus):
    """17.21: a run stopped half-way through streaming JSON to stdout left truncated JSON."""
    (corpus / "targets" / "standard.yaml").write_text(
        (Path(__file__).parent / "multicity" / "targets" / "standard.yaml").read_text(
            encoding="utf-8"), encoding="utf-8")
    shutil.copy(Path(__file__).parent / "multicity" / "data" / "standard.csv", corpus / "data")
    from qcity import check

    real, calls = check.evaluate, []

    def second_city_fails(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(check, "evaluate", second_city_fails)
        run = CliRunner().invoke(cli, ["check", "standard", "--as-of", "2025-01-01",
                                       "--format", "json"])
    assert run.exit_code == 130
    assert run.stdout == ""
    assert len(calls) == 2


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan is reaped by whoever adopted it, maybe late)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the process table
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


_SLOW_CHILD = """\
import os, sys, time
from qcity.actuals import fastpath
parent = os.getpid()
batch = fastpath.FastPath._batch
def slow(self, *args):
    if os.getpid() != parent:
        open("child.pid", "w").write(str(os.getpid()))
        time.sleep(0.5)
    return batch(self, *args)
fastpath.FastPath._batch = slow
from qcity.cli import main
sys.argv = ["qcity", "validate"]
main()
"""


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                    reason="the split read needs fork and two cores")
def test_the_split_reads_child_ends_with_its_parent(tmp_path):
    """17.21: the forked child of a split read outlived a killed parent by ~15 s."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import generate

    (tmp_path / "targets").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "targets" / "national.yaml").write_text(generate.plan_yaml(), encoding="utf-8")
    generate.write_data(str(tmp_path / "data" / "national.csv"), 300, 24)  # 9.7 MB: split
    parent = subprocess.Popen([sys.executable, "-c", _SLOW_CHILD], cwd=tmp_path,
                              env={**os.environ, "QCITY_PURE": "1"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pid_file = tmp_path / "child.pid"
    for _ in range(600):
        if pid_file.exists() and pid_file.read_text():
            break
        time.sleep(0.05)
    child = int(pid_file.read_text())
    parent.kill()
    parent.wait()
    for _ in range(100):  # the child notices at its next block (0.5 s here)
        if not _running(child):
            return
        time.sleep(0.05)
    os.kill(child, signal.SIGKILL)
    pytest.fail("the child read on after its parent was killed")


# -- the reader on hostile data files (17.5, 17.7, 17.8, 17.11; What to build 3) ----------

@pytest.mark.parametrize("compiled", [False, True], ids=["python", "compiled"])
@pytest.mark.parametrize("where", ["header", "row"])
def test_a_huge_line_is_refused_in_bounded_memory(corpus, monkeypatch, compiled, where):
    """17.7: a line of a gigabyte was held whole (twice over for the header) and, on the
    compiled path, re-joined block by block (64 MB: 5 s; 1 GB: over 300 s)."""
    import tracemalloc

    from qcity.actuals import scanning
    from qcity.project import Project
    from qcity.validate import validate

    if compiled and scanning._scan is None:
        pytest.skip("built without the compiled reader")
    monkeypatch.setattr(scanning, "ENABLED", compiled)
    huge = "9" * (32 << 20)
    with open(corpus / "data" / "corpus.csv", "w", encoding="utf-8") as fh:
        if where == "header":
            fh.write(f"metric,period,value,{huge}\ncount,2014,3\n")
        else:
            fh.write(f"metric,period,value\ncount,2014,3\ncount,2015,{huge}\n")
    del huge
    tracemalloc.start()
    result = validate(Project(Path(".")), ["data/corpus.csv"])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    line = 1 if where == "header" else 3
    assert [(d.code, d.location.line) for d in result.diagnostics if d.severity == "error"] == \
        [("Q209", line)]
    assert peak < 8 << 20, f"{peak >> 20} MiB held for a 32 MiB line"  # MAX_LINE is 1 MiB


def test_more_columns_than_the_compiled_reader_splits(corpus):
    """17.5: more than 64 columns crashed the compiled path (ValueError: width out of
    range) where the Python reader read the file fine."""
    head = "metric,period,value," + ",".join(f"x{i}" for i in range(70))
    rows = [f"{m},{y},{v}," + ",".join("1" for _ in range(70))
            for m, v in (("rate", "95"), ("count", "3"), ("done", "yes")) for y in (2014, 2015)]
    (corpus / "data" / "corpus.csv").write_text("\n".join([head] + rows) + "\n",
                                                encoding="utf-8")
    run = _run("check", "corpus", "--as-of", "2016-01-01")
    assert run.exit_code == 0, run.output
    assert run.stderr.count("warning") == 70  # each unknown column, once
    assert _run("validate").exit_code == 0


def test_the_compiled_tables_hash_with_a_key():
    """17.8: 131,072 city names colliding in the compiled table's unkeyed FNV-1a hash made
    validate take 22 s instead of 0.9 s.  Names colliding under FNV-1a (in the low 20
    bits a table of a million entries uses) spread out under the keyed hash."""
    from qcity.actuals import scanning

    if scanning._scan is None:
        pytest.skip("built without the compiled reader")
    names = _fnv_collisions(12)
    assert len({_fnv(name) & 0xFFFFF for name in names}) == 1
    assert len({scanning._scan.hash(name) & 0xFFFFF for name in names}) > 4000


def _fnv(data: bytes) -> int:
    return _step(1469598103934665603, data)  # FNV-1a, 64 bits


def _fnv_collisions(blocks: int) -> list[bytes]:
    """2**blocks names with one FNV-1a hash in the low 20 bits: the low bits of FNV-1a
    depend only on the low bits before, so blocks that collide chain into a multicollision."""
    import random

    choose, names, state = random.Random(17), [b"c"], _fnv(b"c")
    for _ in range(blocks):
        seen = {}
        while True:
            block = bytes(choose.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(6))
            low = _step(state, block) & 0xFFFFF
            if seen.get(low, block) != block:
                break
            seen[low] = block
        names = [n + seen[low] for n in names] + [n + block for n in names]
        state = _step(state, block)
    return names


def _step(h: int, data: bytes) -> int:
    for byte in data:
        h = ((h ^ byte) * 1099511628211) & (2 ** 64 - 1)
    return h


def _peak_of(argv, cwd) -> tuple[int, int]:
    """(exit status, peak RSS in KiB) of a command, started from a small process: a child
    forked from this test process would start its peak at this process's size."""
    probe = ("import os, subprocess, sys\n"
             "child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, "
             "stderr=subprocess.DEVNULL)\n"
             "_, status, usage = os.wait4(child.pid, 0)\n"
             "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", probe, *argv], cwd=cwd, capture_output=True,
                         text=True, check=True)
    status, peak = out.stdout.split()
    return int(status), int(peak)


def test_many_cities_of_many_metrics_keep_memory_small(tmp_path):
    """17.11: a 5,000-metric plan over 50,000 one-row cities (a 1 MB file) took 1.36 GB on
    the compiled path: its table had a slot number for every city × metric."""
    (tmp_path / "targets").mkdir()
    (tmp_path / "data").mkdir()
    metrics = "".join(f'  - {{id: m{i}, name: M, target: ">= 1"}}\n' for i in range(5000))
    (tmp_path / "targets" / "dense.yaml").write_text(
        "qcity: 1\nid: dense\ncity: 测试市\ntitle: T\ncities: any\nstages:\n"
        "  - {id: a, name: A, start: 2014-01-01, end: 2015-12-31}\nmetrics:\n" + metrics,
        encoding="utf-8")
    (tmp_path / "data" / "dense.csv").write_text(
        "city,metric,period,value\n" + "".join(f"c{i},m{i % 5000},2015,5\n"
                                               for i in range(50_000)), encoding="utf-8")
    status, peak = _peak_of([sys.executable, "-m", "qcity", "validate"], tmp_path)
    assert status == 0
    assert peak < 400 << 10, f"{peak >> 10} MB"  # KiB on Linux


# -- names, hints and caps (17.9, 17.16, 17.22) -------------------------------------------

def test_did_you_mean_is_bounded_for_thousands_of_bad_rows(tmp_path, monkeypatch):
    """17.9: 2,000 unknown-metric rows against a 5,000-metric plan took 109 s: a
    did-you-mean over every metric for every row, past the error cap."""
    import difflib

    (tmp_path / "targets").mkdir()
    (tmp_path / "data").mkdir()
    metrics = "".join(f'  - {{id: metric-{i}, name: M{i}, target: ">= 1"}}\n'
                      for i in range(5000))
    (tmp_path / "targets" / "big.yaml").write_text(
        "qcity: 1\nid: big\ncity: 测试市\ntitle: T\nstages:\n"
        "  - {id: a, name: A, start: 2014-01-01, end: 2015-12-31}\nmetrics:\n" + metrics,
        encoding="utf-8")
    (tmp_path / "data" / "big.csv").write_text(
        "metric,period,value\n" + "".join(f"metrik-{i},2015,5\n" for i in range(2000)),
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    run = _run("validate")
    assert run.exit_code == 1
    assert 'unknown metric "metrik-0" in plan "big" (did you mean "metric-0"?)' in run.stdout
    # the first 200 are listed, every one is counted
    assert len(run.stdout.splitlines()) == 201
    assert run.stdout.splitlines()[-1].startswith("2000 errors, 0 warnings in 2 files (1800 not "
                                                  "listed: a plan's data lists its first 200")
    assert len(calls) <= 50


def test_plan_problems_are_capped(tmp_path, monkeypatch):
    """17.9: 8,000 bad area references took validate over 4 minutes and printed 8,000
    lines, each with a did-you-mean over every area."""
    import difflib

    (tmp_path / "targets").mkdir()
    areas = "".join(f"  - {{id: area-{i}, name: A}}\n" for i in range(3000))
    metrics = "".join(f'  - {{id: m{i}, area: arae-{i}, name: M, target: ">= 1"}}\n'
                      for i in range(8000))
    (tmp_path / "targets" / "big.yaml").write_text(
        "qcity: 1\nid: big\ncity: 测试市\ntitle: T\nstages:\n"
        "  - {id: a, name: A, start: 2014-01-01, end: 2015-12-31}\nareas:\n" + areas
        + "metrics:\n" + metrics, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    run = _run("check", "big", "--lang", "en")
    assert run.exit_code == 2
    lines = run.stderr.splitlines()
    assert len(lines) == 201
    assert lines[-1].endswith("7800 more problems not shown (the first 200 are above)")
    assert 'unknown area "arae-0" (did you mean "area-0"?)' in lines[0]
    assert len(calls) <= 50


def test_hidden_characters_in_a_plan_are_warned_of(project_dir):
    """17.16 and What to build 4: a name carrying terminal escapes; validate says where."""
    (project_dir / "targets" / "esc.yaml").write_text(
        'qcity: 1\nid: esc\ncity: 测试市\ntitle: "T\\u202e"\nstages:\n'
        "  - {id: a, name: A, start: 2014-01-01, end: 2015-12-31}\nmetrics:\n"
        '  - {id: m, name: M, name_en: "\\e[2J\\e]0;pwned\\a", unit: "个\\u200b", '
        'target: ">= 1"}\n', encoding="utf-8")
    run = _run("validate", "--ignore", "Q217")
    assert run.exit_code == 0
    assert run.stdout.splitlines() == [
        'targets/esc.yaml:4:8: warning Q006: title: "T\\u202e" holds characters that do not '
        "show (\\u202e)",
        'targets/esc.yaml:8:31: warning Q006: metrics[0].name_en: "\\x1b[2J\\x1b]0;pwned\\x07" '
        "holds characters that do not show (\\x07, \\x1b)",
        'targets/esc.yaml:8:58: warning Q006: metrics[0].unit: "个\\u200b" holds characters '
        "that do not show (\\u200b)",
        "0 errors, 3 warnings in 1 file"]
    assert _run("validate", "--strict", "--ignore", "Q217").exit_code == 1
    for args in (["check", "esc", "--lang", "en"], ["show", "esc", "--lang", "en"]):
        run = CliRunner().invoke(cli, args, color=True)  # escapes pass, as on a terminal
        assert "\x1b" not in run.output and "\x07" not in run.output and "\u202e" not in run.output


def test_a_relative_change_from_a_zero_baseline_in_the_data(project_dir):
    """Found by the whole-command fuzz: the plan refuses a zero baseline for a % change,
    but a baseline read from the data could be 0, and the margin divided by it."""
    (project_dir / "targets" / "p.yaml").write_text(
        "qcity: 1\nid: p\ncity: 测试市\ntitle: T\nstages:\n"
        "  - {id: a, name: A, start: 2014-01-01, end: 2015-12-31}\nmetrics:\n"
        '  - {id: m1, name: M, target: "increase >= 10%", baseline: {period: "2013"}}\n',
        encoding="utf-8")
    (project_dir / "data" / "p.csv").write_text("metric,period,value\nm1,2013,0\nm1,2014,3\n",
                                                encoding="utf-8")
    for fmt in ("table", "json", "html", "csv"):
        run = _run("check", "p", "--as-of", "2016-01-01", "--format", fmt, "--lang", "en")
        assert run.exit_code == 1
    assert "baseline 2013 is zero: a relative change from it is undefined" in \
        _run("check", "p", "--as-of", "2016-01-01", "--lang", "en").stdout
    assert _run("trend", "p", "m1", "--as-of", "2016-01-01").exit_code == 0


# -- workbooks (the data reader's other input) ----------------------------------------------

def _workbook_with_shared_strings(path, megabytes: int, lie: bool = False) -> None:
    """A valid .xlsx whose shared strings hold one string of ``megabytes`` MiB (a 1 MB
    file: the reader unpacked all of it, 3 GB of memory for a gigabyte)."""
    import zipfile

    import xlsxwriter

    base = path.with_suffix(".base.xlsx")
    book = xlsxwriter.Workbook(str(base))
    sheet = book.add_worksheet("数据")
    for r, row in enumerate([["metric", "period", "value"], ["rate", "2014", "95"]]):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            if name != "xl/sharedStrings.xml":
                out.writestr(name, src.read(name))
                continue
            with out.open(name, "w", force_zip64=True) as member:
                member.write(src.read(name).replace(b"</sst>", b"<si><t>"))
                for _ in range(megabytes):
                    member.write(b"x" * (1 << 20))
                member.write(b"</t></si></sst>")
    base.unlink()


def test_a_workbook_whose_strings_unpack_to_a_flood_is_refused(corpus):
    _workbook_with_shared_strings(corpus / "data" / "corpus.xlsx", 80)
    (corpus / "data" / "corpus.csv").unlink()
    run = _run("validate", "data/corpus.xlsx")
    assert run.exit_code == 1
    assert run.stdout.splitlines()[0] == (
        "data/corpus.xlsx: error Q222: xl/sharedStrings.xml is over 64 MiB uncompressed (a "
        "zip bomb?); qcity does not read it (save the data as CSV)")
